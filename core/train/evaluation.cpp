#include "core/train/evaluation.h"

#include "core/train/encodeddata.h"

#include <algorithm>

namespace hone {

torch::Tensor forwardPass(Task &task, const TaskBatch &batch, const ExecutionContext &ctx)
{
    const TaskBatch *input = &batch;
    TaskBatch moved;
    if (ctx.device() != batch.ids.device()) {
        moved = batch;
        for (torch::Tensor *t : {&moved.ids, &moved.mask, &moved.types, &moved.targets})
            if (t->defined())
                *t = t->to(ctx.device());
        input = &moved;
    }
    ExecutionContext::AutocastScope autocast(ctx.bf16Autocast());
    return task.forward(*input).to(torch::kFloat32);
}

Result<Evaluation> evaluateSplit(Task &task, SplitRole split, int batchSize, const ExecutionContext &ctx,
                                 const TrainingFeedback &feedback)
{
    torch::NoGradGuard noGrad;
    torch::nn::Module &model = task.module();
    model.eval();
    auto accumulator = task.startEvaluation(split);
    const std::vector<std::vector<std::size_t>> batches = lengthSortedBatches(task.lengths(split), batchSize);
    // With several ranks each runs every world-th batch; the task's totals are summed after.
    const std::size_t world = static_cast<std::size_t>(ctx.worldSize());
    for (std::size_t b = static_cast<std::size_t>(ctx.rank()); b < batches.size(); b += world) {
        if (!ctx.distributed() && feedback.isCanceled()) {
            model.train();
            return makeError(ErrorCode::Canceled, "evaluation canceled");
        }
        const TaskBatch batch = task.batch(split, batches[b]);
        accumulator->add(batch, forwardPass(task, batch, ctx).cpu());
    }
    model.train();
    if (ctx.distributed())
        accumulator->setTotals(ctx.sumOverRanks(accumulator->totals()));
    Evaluation evaluation = accumulator->finish();
    evaluation.metrics.split = splitRoleName(split);
    return evaluation;
}

} // namespace hone

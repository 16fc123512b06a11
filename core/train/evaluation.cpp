#include "core/train/evaluation.h"

#include "core/train/encodeddata.h"

#include <ATen/autocast_mode.h>

#include <algorithm>

namespace hone {

torch::Tensor forwardPass(Task &task, const TaskBatch &batch, bool bf16)
{
    if (!bf16)
        return task.forward(batch);
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    torch::Tensor output = task.forward(batch).to(torch::kFloat32);
    at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
    return output;
}

Result<Evaluation> evaluateSplit(Task &task, SplitRole split, int batchSize, bool bf16, const TrainingFeedback &feedback)
{
    torch::NoGradGuard noGrad;
    torch::nn::Module &model = task.module();
    model.eval();
    auto accumulator = task.startEvaluation(split);
    const std::vector<std::size_t> &lengths = task.lengths(split);
    std::vector<std::size_t> order = iota(task.size(split));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
    const std::size_t step = static_cast<std::size_t>(std::max(1, batchSize));
    for (std::size_t start = 0; start < order.size(); start += step) {
        if (feedback.isCanceled()) {
            model.train();
            return makeError(ErrorCode::Canceled, "evaluation canceled");
        }
        const std::vector<std::size_t> positions(order.begin() + static_cast<std::ptrdiff_t>(start),
                                                 order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + step)));
        const TaskBatch batch = task.batch(split, positions);
        accumulator->add(batch, forwardPass(task, batch, bf16));
    }
    model.train();
    Evaluation evaluation = accumulator->finish();
    evaluation.metrics.split = splitRoleName(split);
    return evaluation;
}

} // namespace hone

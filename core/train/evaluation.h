#pragma once
// The task-independent parts of running a model: one forward pass on the execution context's
// device (under bfloat16 autocast when its policy says so) and a whole-split evaluation in
// length-sorted batches that the task accumulates, sharded over the ranks of a data-parallel run.
#include "core/dist/executioncontext.h"
#include "core/tasks/task.h"

namespace hone {

// task.forward(batch) on ctx.device(), in float32 (bf16: CPU autocast runs the matmuls in
// bfloat16; weights and gradients stay float32).
torch::Tensor forwardPass(Task &task, const TaskBatch &batch, const ExecutionContext &ctx);

// Evaluates one split with gradients off and the model in eval mode (train mode again after).
// Batches are sorted by length, so each pads little; the accumulator puts rows back in order.
// With several ranks each runs every world-th batch and the accumulators' totals (the task's
// sums: loss, per-row predictions, token counts) are summed over ranks, so every rank finishes
// on the whole split and reaches the same metrics.
// A cancel returns ErrorCode::Canceled (in one process; several ranks agree on a cancel at the
// next training step, since one rank leaving alone would leave the others waiting).
Result<Evaluation> evaluateSplit(Task &task, SplitRole split, int batchSize, const ExecutionContext &ctx,
                                 const TrainingFeedback &feedback);

} // namespace hone

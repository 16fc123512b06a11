#pragma once
// The task-independent parts of running a model: one forward pass (under bfloat16 autocast when
// asked) and a whole-split evaluation in length-sorted batches that the task accumulates.
#include "core/tasks/task.h"

namespace hone {

// task.forward(batch), in float32 (bf16: CPU autocast runs the matmuls in bfloat16; weights and
// gradients stay float32).
torch::Tensor forwardPass(Task &task, const TaskBatch &batch, bool bf16);

// Evaluates one split with gradients off and the model in eval mode (train mode again after).
// Batches are sorted by length, so each pads little; the accumulator puts rows back in order.
// A cancel returns ErrorCode::Canceled.
Result<Evaluation> evaluateSplit(Task &task, SplitRole split, int batchSize, bool bf16, const TrainingFeedback &feedback);

} // namespace hone

#pragma once
// Which parameters train and how they decay: everything, or the task's head plus LoRA adapters
// (lora.enabled), minus frozen embeddings and the first freeze_layers layers; no weight decay on
// biases and LayerNorm weights (Hugging Face's rule).
#include "core/tasks/task.h"
#include "core/train/optimizers.h"

#include <vector>

namespace hone {

// Applies the policy to the task's model (requires_grad, LoRA adapters) and returns the
// optimizer's parameters; an error when nothing is left to train.
Result<std::vector<OptimizedParameter>> applyParameterPolicy(Task &task, const TrainingConfig &config);

} // namespace hone

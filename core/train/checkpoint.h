#pragma once
// A training checkpoint, checkpoints/step-N/:
//   model.safetensors      every parameter under its HF name (LoRA adapters included, unmerged);
//                          when the run freezes some (LoRA, frozen layers) only the trained ones, as
//                          PEFT's adapter checkpoints: the rest are the base model's (metadata
//                          hone_parameters = "trained")
//   optimizer.safetensors  the optimizer's state tensors and the CPU RNG state ("rng/cpu"; with
//                          several ranks also each other rank's, "rng/rank<k>")
//   trainer_state.json     step, sampler position, best metric, early-stopping count, throughput
// Written into a staging folder and renamed into place, so a kill or a full disk leaves the
// previous checkpoint intact. Never pickle.
#include "core/train/trainerstate.h"
#include "core/util/result.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hone {

struct Checkpoint {
    TrainerState state;
    std::map<std::string, torch::Tensor> optimizer;
    torch::Tensor rng;
};

// model's parameters go in whole, or only those with requires_grad when any is frozen.
Result<void> saveCheckpoint(const std::filesystem::path &dir, const TrainerState &state, const torch::nn::Module &model,
                            const std::map<std::string, torch::Tensor> &optimizer, const torch::Tensor &rng);
// The state, optimizer and RNG; the weights go straight into a model with loadCheckpointWeights.
Result<Checkpoint> loadCheckpoint(const std::filesystem::path &dir);
// Copies the checkpoint's weights into model (built from the run's base model, with the run's
// LoRA adapters). A tensor the model lacks or of another shape is an error naming the file and
// key, and so is a parameter the checkpoint lacks unless it holds only the trained ones.
Result<void> loadCheckpointWeights(torch::nn::Module &model, const std::filesystem::path &dir);

} // namespace hone

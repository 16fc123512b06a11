#pragma once
// A training checkpoint, checkpoints/step-N/:
//   model.safetensors      every parameter under its HF name (LoRA adapters included, unmerged)
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
    std::map<std::string, torch::Tensor> model;
    std::map<std::string, torch::Tensor> optimizer;
    torch::Tensor rng;
};

Result<void> saveCheckpoint(const std::filesystem::path &dir, const TrainerState &state,
                            const std::vector<std::pair<std::string, torch::Tensor>> &model,
                            const std::map<std::string, torch::Tensor> &optimizer, const torch::Tensor &rng);
Result<Checkpoint> loadCheckpoint(const std::filesystem::path &dir);

} // namespace hone

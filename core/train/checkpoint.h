#pragma once
// A training checkpoint, checkpoints/step-N/:
//   model.safetensors      every parameter under its HF name (LoRA adapters included, unmerged)
//   optimizer.safetensors  the optimizer's state tensors and the CPU RNG state ("rng/cpu"; with
//                          several ranks also each other rank's, "rng/rank<k>")
//   trainer_state.json     step, sampler position, best metric, early-stopping count, throughput
// Written into a staging folder and renamed into place, so a kill or a full disk leaves the
// previous checkpoint intact. Never pickle.
#include "core/data/batchsampler.h"
#include "core/util/result.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hone {

struct TrainerState {
    std::int64_t step = 0;            // optimizer steps done
    SamplerPosition position;         // the next training batch
    double epoch = 0;                 // fractional epoch at `step`
    std::optional<double> bestMetric;
    std::int64_t bestStep = 0;
    int evalsWithoutImprovement = 0;
    double elapsedSeconds = 0;        // training time so far (excluding evaluation)
    std::int64_t samplesSeen = 0;
    std::int64_t tokensSeen = 0;
    std::int64_t optimizerSteps = 0;  // the optimizer's own count (bias correction)
    bool pendingEvaluation = false;   // stopped during an evaluation: resume runs it first
    int worldSize = 1;                // data-parallel ranks: batches and order hold for this many
};

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
Result<TrainerState> readTrainerState(const std::filesystem::path &dir);

} // namespace hone

#pragma once
// trainer_state.json of a checkpoint (checkpoints/step-N/): where training stands, so that resume
// continues the same run. Read from files a user may have edited or a crash cut short: every
// field is checked (type and range) and a bad one is an error naming it.
#include "core/data/batchsampler.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace hone {

struct TrainerState {
    std::int64_t step = 0;            // optimizer steps done
    SamplerPosition position;         // the next training batch
    double epoch = 0;                 // fractional epoch at `step`
    std::optional<double> bestMetric;
    std::int64_t bestStep = 0;
    int evalsWithoutImprovement = 0;
    double elapsedSeconds = 0;        // training time so far (excluding evaluation)
    double evaluationSeconds = 0;     // validation passes' time so far
    std::int64_t samplesSeen = 0;
    std::int64_t tokensSeen = 0;
    std::int64_t optimizerSteps = 0;  // the optimizer's own count (bias correction)
    bool pendingEvaluation = false;   // stopped during an evaluation: resume runs it first
    int worldSize = 1;                // data-parallel ranks: batches and order hold for this many
};

nlohmann::json trainerStateJson(const TrainerState &state);
// dir/trainer_state.json.
Result<TrainerState> readTrainerState(const std::filesystem::path &dir);

} // namespace hone

#pragma once
// Fine-tunes a pretrained model on a task (core/tasks/task.h): the engine behind both the GUI's
// training job and `hone-cli train`. No LibTorch types in this header (the UI includes it).
#include "core/runs/rundirectory.h"
#include "core/train/trainingconfig.h"
#include "core/train/trainingfeedback.h"
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hone {

class Task;

class Trainer {
public:
    // Starts a new run in runDir (created; must not exist or be empty) and trains to the end,
    // or until feedback.cancel(); returns the summary (canceled = true when stopped).
    static Result<RunSummary> train(const TrainingConfig &config, const std::filesystem::path &runDir,
                                    TrainingFeedback &feedback);
    // Continues a canceled or killed run from its last checkpoint; ends with the same metrics as an
    // uninterrupted run with the same seed (within float tolerance).
    static Result<RunSummary> resume(const std::filesystem::path &runDir, TrainingFeedback &feedback);

    // The same with a given task instead of the one the config names (tests; tasks the config
    // cannot name yet). resume's task must be built from the run's config.json.
    static Result<RunSummary> train(const TrainingConfig &config, std::unique_ptr<Task> task,
                                    const std::filesystem::path &runDir, TrainingFeedback &feedback);
    static Result<RunSummary> resume(const std::filesystem::path &runDir, std::unique_ptr<Task> task,
                                     TrainingFeedback &feedback);
};

} // namespace hone

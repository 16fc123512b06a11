#pragma once
// Fine-tunes a pretrained model on a task (core/tasks/task.h): the engine behind both the GUI's
// training job and `hone-cli train`. No LibTorch types in this header (the UI includes it).
#include "core/dist/worldinfo.h"
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

// `world`: this process's rank in a data-parallel run (worldFromEnvironment() in a worker the
// launcher started; one process by default). Every rank runs the same call: each trains on its
// shard of every global batch (per_device_train_batch_size x ranks), gradients are summed over
// ranks, and rank 0 alone writes the run folder. A resume needs the run folder (shared or
// copied) on every machine and the same number of ranks.
class Trainer {
public:
    // Starts a new run in runDir (created; must not exist or be empty) and trains to the end,
    // or until feedback.cancel(); returns the summary (canceled = true when stopped).
    static Result<RunSummary> train(const TrainingConfig &config, const std::filesystem::path &runDir,
                                    TrainingFeedback &feedback, const WorldInfo &world = {});
    // Continues a canceled or killed run from its last checkpoint; ends with the same metrics as an
    // uninterrupted run with the same seed (within float tolerance).
    static Result<RunSummary> resume(const std::filesystem::path &runDir, TrainingFeedback &feedback,
                                     const WorldInfo &world = {});

    // The same with a given task instead of the one the config names (tests; tasks the config
    // cannot name yet). resume's task must be built from the run's config.json.
    static Result<RunSummary> train(const TrainingConfig &config, std::unique_ptr<Task> task,
                                    const std::filesystem::path &runDir, TrainingFeedback &feedback,
                                    const WorldInfo &world = {});
    static Result<RunSummary> resume(const std::filesystem::path &runDir, std::unique_ptr<Task> task,
                                     TrainingFeedback &feedback, const WorldInfo &world = {});
};

} // namespace hone

#pragma once
// Fine-tunes a pretrained encoder for sequence classification: the engine behind both the GUI's
// training job and `hone-cli train`. No LibTorch types in this header (the UI includes it).
#include "core/eval/metrics.h"
#include "core/train/trainingconfig.h"
#include "core/train/trainingfeedback.h"
#include "core/util/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hone {

struct ThroughputSummary {
    double samplesPerSecond = 0;
    double tokensPerSecond = 0;
    double wallSeconds = 0;
    std::int64_t steps = 0;
    double epochs = 0;
    std::int64_t peakRssBytes = 0;
};

// What summary.json holds (design.md): labels, validation/test metrics, throughput, best checkpoint.
struct RunSummary {
    std::filesystem::path runDir;
    std::vector<std::string> labels;
    std::optional<ClassificationMetrics> validation;
    std::optional<ClassificationMetrics> test;
    double validationLoss = 0;
    double testLoss = 0;
    ThroughputSummary train;
    std::string bestMetricName;
    std::optional<double> bestMetric;
    std::int64_t bestStep = 0;
    bool canceled = false;       // stopped by the user; a checkpoint was written, resume continues
    bool stoppedEarly = false;   // early stopping triggered
};

class Trainer {
public:
    // Starts a new run in runDir (created; must not exist or be empty) and trains to the end,
    // or until feedback.cancel(); returns the summary (canceled = true when stopped).
    static Result<RunSummary> train(const TrainingConfig &config, const std::filesystem::path &runDir,
                                    TrainingFeedback &feedback);
    // Continues a canceled or killed run from its last checkpoint; ends with the same metrics as an
    // uninterrupted run with the same seed (within float tolerance).
    static Result<RunSummary> resume(const std::filesystem::path &runDir, TrainingFeedback &feedback);
};

Result<RunSummary> readRunSummary(const std::filesystem::path &runDir);

} // namespace hone

#pragma once
// The one channel between a running training and whoever watches it (GUI worker, CLI console):
// progress, step and evaluation metrics out; an atomic cancel in. Like QGIS's QgsFeedback, but
// with std::atomic and without Qt. The hooks run on the training thread: keep them cheap.
#include "core/eval/metrics.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace hone {

enum class TrainingPhase { Preparing, LoadingModel, ReadingData, Tokenizing, Training, Evaluating, Testing, Saving, Finished };
const char *trainingPhaseName(TrainingPhase phase);

struct StepMetrics {
    std::int64_t step = 0;        // optimizer steps done
    std::int64_t totalSteps = 0;
    double epoch = 0;             // fractional, like the Trainer's
    double loss = 0;              // mean training loss over the logging window
    double accuracy = 0;          // training accuracy over the same window
    double learningRate = 0;
    double gradNorm = 0;
    double samplesPerSecond = 0;
    double tokensPerSecond = 0;
    double elapsedSeconds = 0;
    double etaSeconds = 0;
};

// One evaluated row: what the GUI lists when a confusion-matrix cell is clicked.
struct Prediction {
    std::int64_t row = 0;         // index into the split's rows
    int truth = 0;
    int predicted = 0;
    std::vector<float> probabilities;
};

struct EvalMetrics {
    std::string split;            // "validation" or "test"
    std::int64_t step = 0;
    double epoch = 0;
    double loss = 0;
    ClassificationMetrics metrics;
    std::vector<Prediction> predictions;
    bool isBest = false;          // best so far by metric_for_best_model
};

enum class LogLevel { Info, Warning, Error };

class TrainingFeedback {
public:
    virtual ~TrainingFeedback() = default;

    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    bool isCanceled() const { return m_canceled.load(std::memory_order_relaxed); }

    virtual void onPhase(TrainingPhase phase, const std::string &detail) {}
    virtual void onStep(const StepMetrics &metrics) {}
    virtual void onEval(const EvalMetrics &metrics) {}
    virtual void onLog(LogLevel level, const std::string &message) {}

private:
    std::atomic<bool> m_canceled{false};
};

} // namespace hone

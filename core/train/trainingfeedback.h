#pragma once
// The one channel between a running training and whoever watches it (GUI worker, CLI console):
// progress, step and evaluation metrics out; an atomic cancel in. Like QGIS's QgsFeedback, but
// with std::atomic and without Qt. The hooks run on the training thread: keep them cheap.
#include "core/runs/runrecords.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace hone {

enum class TrainingPhase { Preparing, LoadingModel, ReadingData, Tokenizing, Training, Evaluating, Testing, Saving, Finished };
const char *trainingPhaseName(TrainingPhase phase);

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

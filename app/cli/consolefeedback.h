#pragma once
// TrainingFeedback for the terminal: a one-line progress bar with ETA, loss and samples/s, eval
// results on their own lines, and Ctrl-C wired to cancel (a second Ctrl-C exits at once).
#include "core/train/trainingfeedback.h"

#include <chrono>

namespace hone::cli {

class ConsoleFeedback : public TrainingFeedback {
public:
    explicit ConsoleFeedback(bool quiet = false);
    ~ConsoleFeedback() override;

    void onPhase(TrainingPhase phase, const std::string &detail) override;
    void onStep(const StepMetrics &metrics) override;
    void onEval(const EvalMetrics &metrics) override;
    void onLog(LogLevel level, const std::string &message) override;

private:
    void endBar();
    bool m_quiet;
    bool m_barOpen = false;
    bool m_tty = false;
};

} // namespace hone::cli

#pragma once
// The object that runs a training on a TrainingJob's thread. It is the TrainingFeedback the
// trainer reports to: each hook turns into a queued signal carrying value types only.
//
// Steps are coalesced: a step that arrives less than kStepIntervalMs after the previous batch
// is held, and the held steps go out together at most every kStepIntervalMs (a timer in the
// GUI thread flushes a held tail, so no step waits longer than that). Evaluations, phases, log
// lines and the end flush held steps first, so every receiver sees events in training order.
#include "core/train/trainer.h"
#include "core/train/trainingfeedback.h"
#include "ui/jobs/trainingevents.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>
#include <mutex>

namespace hone::ui {

class TrainingWorker : public TrainingEvents, public hone::TrainingFeedback {
    Q_OBJECT
public:
    using Body = std::function<hone::Result<hone::RunSummary>(hone::TrainingFeedback &)>;
    static constexpr int kStepIntervalMs = 100;

    // State shared with the GUI thread, which outlives the worker: the held steps and a pointer
    // to the worker that its destructor clears (so cancel and flush never touch a deleted worker).
    struct Link {
        std::mutex mutex;
        TrainingWorker *worker = nullptr;
        QVector<hone::StepMetrics> pending;
        QElapsedTimer sinceEmit;
        bool flushScheduled = false;
        QObject *flushContext = nullptr; // lives in the GUI thread
    };

    // flushContext: an object of the GUI thread on which held steps are flushed (the job).
    TrainingWorker(Body body, QObject *flushContext);
    ~TrainingWorker() override;

    std::shared_ptr<Link> link() const { return m_link; }

    void onPhase(hone::TrainingPhase phase, const std::string &detail) override;
    void onStep(const hone::StepMetrics &metrics) override;
    void onEval(const hone::EvalMetrics &metrics) override;
    void onLog(hone::LogLevel level, const std::string &message) override;

public Q_SLOTS:
    // Runs the body once, emits finished or failed, then quits the thread's event loop.
    void run();

private:
    // Both require link->mutex held.
    static void emitPendingLocked(Link &link);
    static void serviceLocked(const std::shared_ptr<Link> &link);

    Body m_body;
    std::shared_ptr<Link> m_link;
};

} // namespace hone::ui

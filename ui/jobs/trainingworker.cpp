#include "ui/jobs/trainingworker.h"

#include "core/system/allocator.h"

#include <QThread>
#include <QTimer>

#include <exception>
#include <optional>

namespace hone::ui {

TrainingWorker::TrainingWorker(Body body, QObject *flushContext)
    : m_body(std::move(body)), m_link(std::make_shared<Link>())
{
    m_link->worker = this;
    m_link->flushContext = flushContext;
}

TrainingWorker::~TrainingWorker()
{
    std::lock_guard lock(m_link->mutex);
    m_link->worker = nullptr;
}

void TrainingWorker::emitPendingLocked(Link &link)
{
    if (link.pending.isEmpty() || !link.worker)
        return;
    QVector<hone::StepMetrics> batch;
    batch.swap(link.pending);
    link.sinceEmit.start();
    // Receivers are connected with Qt::QueuedConnection: emitting only posts an event, so doing it
    // under the mutex is cheap and keeps batches in order whichever thread flushes.
    Q_EMIT link.worker->stepsReported(batch);
}

void TrainingWorker::serviceLocked(const std::shared_ptr<Link> &link)
{
    if (link->pending.isEmpty())
        return;
    const qint64 elapsed = link->sinceEmit.isValid() ? link->sinceEmit.elapsed() : kStepIntervalMs;
    if (elapsed >= kStepIntervalMs) {
        emitPendingLocked(*link);
        return;
    }
    if (link->flushScheduled || !link->flushContext)
        return;
    link->flushScheduled = true;
    const int delay = int(kStepIntervalMs - elapsed);
    // The worker's own event loop is blocked inside run(): the deferred flush runs in the GUI thread.
    QObject *context = link->flushContext;
    QMetaObject::invokeMethod(
        context,
        [link, delay, context] {
            QTimer::singleShot(delay, context, [link] {
                std::lock_guard lock(link->mutex);
                link->flushScheduled = false;
                serviceLocked(link);
            });
        },
        Qt::QueuedConnection);
}

void TrainingWorker::onStep(const hone::StepMetrics &metrics)
{
    std::lock_guard lock(m_link->mutex);
    m_link->pending.append(metrics);
    serviceLocked(m_link);
}

void TrainingWorker::onEval(const hone::EvalMetrics &metrics)
{
    std::lock_guard lock(m_link->mutex);
    emitPendingLocked(*m_link);
    Q_EMIT evalReported(metrics);
}

void TrainingWorker::onPhase(hone::TrainingPhase phase, const std::string &detail)
{
    std::lock_guard lock(m_link->mutex);
    emitPendingLocked(*m_link);
    Q_EMIT phaseChanged(phase, QString::fromStdString(detail));
}

void TrainingWorker::onLog(hone::LogLevel level, const std::string &message)
{
    std::lock_guard lock(m_link->mutex);
    emitPendingLocked(*m_link);
    Q_EMIT logged(level, QString::fromStdString(message));
}

void TrainingWorker::run()
{
    std::optional<hone::Result<hone::RunSummary>> result;
    try {
        result.emplace(m_body(*this));
    } catch (const std::exception &e) {
        result.emplace(hone::makeError(hone::ErrorCode::Internal, std::string("training stopped by an exception: ") + e.what()));
    } catch (...) {
        result.emplace(hone::makeError(hone::ErrorCode::Internal, "training stopped by an unknown exception"));
    }
    hone::releaseFreeMemory(); // the run's tensors are gone; the window keeps no peak
    {
        std::lock_guard lock(m_link->mutex);
        emitPendingLocked(*m_link);
        if (result->ok()) {
            Q_EMIT finished(result->value());
        } else if (result->error().code == hone::ErrorCode::Canceled) {
            hone::RunSummary summary;
            summary.canceled = true;
            Q_EMIT finished(summary);
        } else {
            Q_EMIT failed(result->error().code, QString::fromStdString(result->error().message));
        }
    }
    thread()->quit();
}

} // namespace hone::ui

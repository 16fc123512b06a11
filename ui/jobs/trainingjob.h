#pragma once
// One training on its own thread, for the GUI. Owns a QThread and a TrainingWorker moved to it;
// re-emits the worker's signals in the GUI thread (connections are explicitly queued).
//
//   auto *job = new TrainingJob(this);
//   connect(job, &TrainingJob::stepsReported, dashboard, ...);
//   job->start(config, runDir);      // or job->resume(runDir)
//   ...
//   job->cancel();                   // an atomic store, returns at once; finished() follows
//
// A run of several processes (data parallelism) trains in hone-cli children instead of the
// thread (launch(), TrainingProcess); the job reports it with the same signals.
//
// A job runs once. finished() (also after a cancel: summary.canceled) or failed() is emitted
// exactly once. Deleting a running job cancels it and waits for its thread.
#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"
#include "ui/jobs/metatypes.h"
#include "ui/jobs/trainingworker.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>

class QThread;

namespace hone::ui {

class TrainingEvents;
class TrainingProcess;

class TrainingJob : public QObject {
    Q_OBJECT
public:
    using Body = TrainingWorker::Body;
    enum class State { Idle, Running, Finished, Failed };

    explicit TrainingJob(QObject *parent = nullptr);
    ~TrainingJob() override;

    // Trains config into runDir (which the trainer creates). False if this job was already started.
    bool start(const hone::TrainingConfig &config, const QString &runDir);
    // Continues a canceled or interrupted run from its last checkpoint.
    bool resume(const QString &runDir);
    // Runs any training body on the job's thread (benchmarks and tests drive the plumbing this way).
    bool run(const QString &runDir, Body body);
    // Trains in hone-cli processes: `program` with `arguments` (train ... --nproc-per-node N, or
    // resume), `processes` ranks writing runDir; resume: the run folder exists already.
    bool launch(const QString &program, const QStringList &arguments, const QString &runDir, int processes, bool resume);

    // Asks the training to stop: a direct atomic store on the worker, safe from any thread.
    void cancel();
    bool isCancelRequested() const { return m_cancelRequested.load(); }

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    bool isResume() const { return m_resume; }
    QString runDir() const { return m_runDir; }
    // The processes training the run: 1 on the job's thread, N in hone-cli children.
    int processes() const { return m_processes; }

    // What to tell the user about a failure: the kind of error in their language, then core's detail.
    static QString errorText(hone::ErrorCode code, const QString &detail);

Q_SIGNALS:
    void stepsReported(const QVector<hone::StepMetrics> &steps); // coalesced, at most every 100 ms
    void evalReported(const hone::EvalMetrics &eval);
    void phaseChanged(hone::TrainingPhase phase, const QString &detail);
    void logged(hone::LogLevel level, const QString &message);
    void finished(const hone::RunSummary &summary);
    void failed(hone::ErrorCode code, const QString &message);

private:
    // Forwards the source's events as this job's (finished and failed through the handlers below).
    void follow(TrainingEvents *source, Qt::ConnectionType type);
    void onWorkerFinished(const hone::RunSummary &summary);
    void onWorkerFailed(hone::ErrorCode code, const QString &message);

    QThread *m_thread = nullptr;
    TrainingProcess *m_process = nullptr;
    int m_processes = 1;
    std::shared_ptr<TrainingWorker::Link> m_link;
    QString m_runDir;
    State m_state = State::Idle;
    std::atomic<bool> m_cancelRequested{false};
    bool m_resume = false;
};

} // namespace hone::ui

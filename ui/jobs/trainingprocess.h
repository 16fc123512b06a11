#pragma once
// A data-parallel training in hone-cli processes, for TrainingJob: `hone-cli train ...
// --nproc-per-node N` (or `resume`) runs as a child, and its launcher starts and supervises the
// ranks. The GUI follows the run folder rank 0 writes, as it follows a run of another hone-cli:
// metrics.jsonl gives the steps and evaluations (polled every kPollIntervalMs, so steps arrive
// coalesced like a TrainingWorker's), rank 0's console lines the phases and warnings, and the
// error lines of the ranks and the launcher say which rank failed and why.
//
// cancel() sends SIGINT to the launcher once; it passes it on to every rank, and all stop at the
// same step with a checkpoint (exit code 130). Deleting a running TrainingProcess stops it the
// same way and waits for the checkpoint, then kills what is left.
#include "core/runs/metricsfollower.h"
#include "ui/jobs/trainingevents.h"

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <atomic>

namespace hone::ui {

class TrainingProcess : public TrainingEvents {
    Q_OBJECT
public:
    static constexpr int kPollIntervalMs = 100;
    static constexpr int kStopWaitMs = 120000; // a checkpoint of a large model takes a while

    // resume: the run folder exists and the child continues it (what it holds now is not news).
    TrainingProcess(const QString &program, const QStringList &arguments, const QString &runDir, bool resume,
                    QObject *parent = nullptr);
    ~TrainingProcess() override;

    void start();
    // Asks every rank to stop (SIGINT to the launcher, once); safe from any thread.
    void cancel();
    bool isCancelRequested() const { return m_cancelRequested.load(); }

    // What the child's error lines say: the last (the launcher's verdict naming the rank) and the
    // first (a rank's own error, often the cause), or the run's state detail when it printed none.
    QString failureText(int exitCode, QProcess::ExitStatus status) const;

private:
    void poll();
    void readConsole(bool all);
    void consoleLine(const QString &line);
    void setPhase(hone::TrainingPhase phase, const QString &detail);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void sendInterrupt();

    QProcess m_process;
    QTimer m_pollTimer;
    QString m_runDir;
    hone::MetricsFollower m_follower;
    QByteArray m_console;          // stderr not yet split into lines
    QStringList m_errors;          // "hone-cli: error: ..." lines, in order
    hone::TrainingPhase m_phase = hone::TrainingPhase::Preparing;
    std::atomic<bool> m_cancelRequested{false};
    std::atomic<bool> m_interruptSent{false};
    std::atomic<qint64> m_pid{0};
    bool m_done = false;
};

} // namespace hone::ui

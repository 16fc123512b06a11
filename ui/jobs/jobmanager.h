#pragma once
// The one owner of the GUI's training jobs. Widgets ask it to start or resume a run, which job
// trains a run, and how many run; they never create or delete a TrainingJob themselves. Runs
// that another process (hone-cli) trains are core's answer (RunDirectory::owner), asked here too.
//
// A config asking for several processes (launch.nprocPerNode > 1) trains in hone-cli, the one
// beside this program: `hone-cli train <the config's flags> --out <runDir>`, whose launcher starts
// and supervises the ranks; the job follows the run folder (TrainingProcess). Its resume starts
// as many processes again (state.json's world_size), as the checkpoint requires.
//
//   JobManager jobs;                         // the main window has one and lends it out
//   TrainingJob *job = jobs.start(config, runDir);
//   jobs.jobFor(runDir);                     // the running job of a run, or nullptr
//
// Deleting the manager cancels every running job and waits for it (TrainingJob's destructor).
#include "core/train/trainingconfig.h"
#include "ui/jobs/trainingjob.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace hone::ui {

class JobManager : public QObject {
    Q_OBJECT
public:
    explicit JobManager(QObject *parent = nullptr);
    ~JobManager() override;

    TrainingJob *start(const hone::TrainingConfig &config, const QString &runDir);
    TrainingJob *resume(const QString &runDir);

    // The hone-cli that multi-process runs start: set, else the one beside this program.
    QString cliProgram() const;
    void setCliProgram(const QString &program) { m_cliProgram = program; }
    // The processes that trained runDir last (state.json), which its resume starts again; 1 when unknown.
    static int processesOf(const QString &runDir);
    // Takes a job made elsewhere (tests and benchmarks drive TrainingJob::run); it becomes ours.
    void adopt(TrainingJob *job);

    // The running job training runDir, or nullptr.
    TrainingJob *jobFor(const QString &runDir) const;
    QList<TrainingJob *> jobs() const;
    int runningCount() const;
    void cancelAll();

    // The pid of another hone-cli process training runDir (core's state.json + liveness check), or 0.
    static qint64 externalTrainer(const QString &runDir);
    // Asks that process to stop (it saves a checkpoint first); an error says why it was not asked.
    static hone::Result<void> stopExternal(const QString &runDir);

Q_SIGNALS:
    void jobAdded(hone::ui::TrainingJob *job);
    // A job failed (before jobEnded); message is core's detail.
    void jobFailed(hone::ui::TrainingJob *job, hone::ErrorCode code, const QString &message);
    // A job finished, was canceled or failed.
    void jobEnded(hone::ui::TrainingJob *job);
    // The set of jobs or their states changed (the running count may differ).
    void jobsChanged();

private:
    QList<QPointer<TrainingJob>> m_jobs;
    QString m_cliProgram;
};

} // namespace hone::ui

#include "ui/jobs/jobmanager.h"

#include "core/runs/rundirectory.h"
#include "core/train/trainingoptions.h"

#include <QCoreApplication>
#include <QDir>

#include <algorithm>

namespace hone::ui {

JobManager::JobManager(QObject *parent) : QObject(parent) {}

JobManager::~JobManager()
{
    // The jobs are our children: their destructors cancel and wait. Nobody may react any more.
    for (const auto &job : m_jobs)
        if (job)
            disconnect(job, nullptr, this, nullptr);
}

TrainingJob *JobManager::start(const hone::TrainingConfig &config, const QString &runDir)
{
    auto *job = new TrainingJob(this);
    adopt(job);
    if (const int processes = config.launch.nprocPerNode; processes > 1) {
        // The options table's command builder: the config exactly, --nproc-per-node included.
        QStringList arguments{QStringLiteral("train")};
        for (const hone::CommandArgument &a : hone::trainCommandArguments(config)) {
            arguments << QString::fromStdString(a.flag);
            if (a.value)
                arguments << QString::fromStdString(*a.value);
        }
        arguments << QStringLiteral("--out") << runDir;
        job->launch(cliProgram(), arguments, runDir, processes, /*resume=*/false);
    } else {
        job->start(config, runDir);
    }
    Q_EMIT jobsChanged();
    return job;
}

TrainingJob *JobManager::resume(const QString &runDir)
{
    auto *job = new TrainingJob(this);
    adopt(job);
    if (const int processes = processesOf(runDir); processes > 1)
        job->launch(cliProgram(),
                    {QStringLiteral("resume"), runDir, QStringLiteral("--nproc-per-node"), QString::number(processes)}, runDir,
                    processes, /*resume=*/true);
    else
        job->resume(runDir);
    Q_EMIT jobsChanged();
    return job;
}

QString JobManager::cliProgram() const
{
    if (!m_cliProgram.isEmpty())
        return m_cliProgram;
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("hone-cli"));
}

int JobManager::processesOf(const QString &runDir)
{
    auto run = hone::RunDirectory::open(runDir.toStdString());
    return run ? std::max(1, run->stateRecord().worldSize) : 1;
}

void JobManager::adopt(TrainingJob *job)
{
    if (!job || m_jobs.contains(job))
        return;
    job->setParent(this);
    m_jobs.append(job);
    connect(job, &TrainingJob::finished, this, [this, job] {
        Q_EMIT jobEnded(job);
        Q_EMIT jobsChanged();
    });
    connect(job, &TrainingJob::failed, this, [this, job](hone::ErrorCode code, const QString &message) {
        Q_EMIT jobFailed(job, code, message);
        Q_EMIT jobEnded(job);
        Q_EMIT jobsChanged();
    });
    connect(job, &QObject::destroyed, this, [this] {
        m_jobs.removeAll(nullptr);
        Q_EMIT jobsChanged();
    });
    Q_EMIT jobAdded(job);
    Q_EMIT jobsChanged();
}

TrainingJob *JobManager::jobFor(const QString &runDir) const
{
    const QString clean = QDir::cleanPath(runDir);
    for (const auto &job : m_jobs)
        if (job && job->isRunning() && QDir::cleanPath(job->runDir()) == clean)
            return job.data();
    return nullptr;
}

QList<TrainingJob *> JobManager::jobs() const
{
    QList<TrainingJob *> out;
    for (const auto &job : m_jobs)
        if (job)
            out << job.data();
    return out;
}

int JobManager::runningCount() const
{
    int running = 0;
    for (const auto &job : m_jobs)
        running += job && job->isRunning();
    return running;
}

void JobManager::cancelAll()
{
    for (const auto &job : m_jobs)
        if (job && job->isRunning())
            job->cancel();
}

qint64 JobManager::externalTrainer(const QString &runDir)
{
    auto run = hone::RunDirectory::open(runDir.toStdString());
    if (!run)
        return 0;
    const auto owner = run->owner();
    return owner && !owner->self && owner->program == "hone-cli" ? owner->pid : 0;
}

hone::Result<void> JobManager::stopExternal(const QString &runDir)
{
    auto run = hone::RunDirectory::open(runDir.toStdString());
    if (!run)
        return run.error();
    const auto owner = run->owner();
    if (!owner)
        return hone::makeError(hone::ErrorCode::InvalidArgument, runDir.toStdString() + ": no process is training this run");
    return hone::requestStop(*owner);
}

} // namespace hone::ui

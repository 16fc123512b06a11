#include "ui/jobs/trainingjob.h"

#include "ui/jobs/trainingprocess.h"

#include <QCoreApplication>
#include <QThread>

#include <filesystem>

namespace hone::ui {

void registerTrainingMetaTypes()
{
    qRegisterMetaType<hone::StepMetrics>();
    qRegisterMetaType<QVector<hone::StepMetrics>>();
    qRegisterMetaType<hone::EvalMetrics>();
    qRegisterMetaType<hone::RunSummary>();
    qRegisterMetaType<hone::TrainingPhase>();
    qRegisterMetaType<hone::LogLevel>();
    qRegisterMetaType<hone::ErrorCode>();
}

TrainingJob::TrainingJob(QObject *parent) : QObject(parent)
{
    registerTrainingMetaTypes();
}

TrainingJob::~TrainingJob()
{
    if (m_process) {
        disconnect(m_process, nullptr, this, nullptr);
        delete m_process; // stops the ranks and waits for their checkpoint
    }
    if (!m_thread)
        return;
    cancel();
    m_thread->quit();
    m_thread->wait();
}

bool TrainingJob::start(const hone::TrainingConfig &config, const QString &runDir)
{
    const std::filesystem::path dir = runDir.toStdString();
    return run(runDir, [config, dir](hone::TrainingFeedback &feedback) { return hone::Trainer::train(config, dir, feedback); });
}

bool TrainingJob::resume(const QString &runDir)
{
    const std::filesystem::path dir = runDir.toStdString();
    if (!run(runDir, [dir](hone::TrainingFeedback &feedback) { return hone::Trainer::resume(dir, feedback); }))
        return false;
    m_resume = true;
    return true;
}

bool TrainingJob::run(const QString &runDir, Body body)
{
    if (m_state != State::Idle)
        return false;
    m_runDir = runDir;
    m_state = State::Running;

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("TrainingJob"));
    auto *worker = new TrainingWorker(std::move(body), this);
    m_link = worker->link();
    if (m_cancelRequested)
        worker->cancel();
    worker->moveToThread(m_thread);

    // The thread boundary: everything the worker emits is copied into the GUI thread's queue.
    connect(m_thread, &QThread::started, worker, &TrainingWorker::run);
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    follow(worker, Qt::QueuedConnection);
    m_thread->start();
    return true;
}

void TrainingJob::follow(TrainingEvents *source, Qt::ConnectionType type)
{
    connect(source, &TrainingEvents::stepsReported, this, &TrainingJob::stepsReported, type);
    connect(source, &TrainingEvents::evalReported, this, &TrainingJob::evalReported, type);
    connect(source, &TrainingEvents::phaseChanged, this, &TrainingJob::phaseChanged, type);
    connect(source, &TrainingEvents::logged, this, &TrainingJob::logged, type);
    connect(source, &TrainingEvents::finished, this, &TrainingJob::onWorkerFinished, type);
    connect(source, &TrainingEvents::failed, this, &TrainingJob::onWorkerFailed, type);
}

bool TrainingJob::launch(const QString &program, const QStringList &arguments, const QString &runDir, int processes, bool resume)
{
    if (m_state != State::Idle)
        return false;
    m_runDir = runDir;
    m_state = State::Running;
    m_resume = resume;
    m_processes = processes;
    m_process = new TrainingProcess(program, arguments, runDir, resume, this);
    // Same thread: direct connections, in the order the run folder and console gave them.
    follow(m_process, Qt::DirectConnection);
    if (m_cancelRequested)
        m_process->cancel();
    m_process->start();
    return true;
}

void TrainingJob::cancel()
{
    m_cancelRequested = true;
    if (m_process) {
        m_process->cancel();
        return;
    }
    if (!m_link)
        return;
    std::lock_guard lock(m_link->mutex);
    if (m_link->worker)
        m_link->worker->cancel(); // TrainingFeedback::cancel: an atomic store the trainer polls
}

QString TrainingJob::errorText(hone::ErrorCode code, const QString &detail)
{
    QString kind;
    switch (code) {
    case hone::ErrorCode::Io: kind = tr("A file or folder could not be read or written"); break;
    case hone::ErrorCode::Format: kind = tr("A file is not in the expected format"); break;
    case hone::ErrorCode::Unsupported: kind = tr("Hone does not support this"); break;
    case hone::ErrorCode::InvalidArgument: kind = tr("A setting is out of range or inconsistent"); break;
    case hone::ErrorCode::NotFound: kind = tr("Something needed was not found"); break;
    case hone::ErrorCode::Canceled: kind = tr("Stopped by the user"); break;
    case hone::ErrorCode::Internal: kind = tr("Internal error"); break;
    }
    return detail.isEmpty() ? kind : kind + QStringLiteral(" — ") + detail;
}

void TrainingJob::onWorkerFinished(const hone::RunSummary &summary)
{
    m_state = State::Finished;
    hone::RunSummary s = summary;
    if (s.runDir.empty())
        s.runDir = m_runDir.toStdString();
    Q_EMIT finished(s);
}

void TrainingJob::onWorkerFailed(hone::ErrorCode code, const QString &message)
{
    m_state = State::Failed;
    Q_EMIT failed(code, message);
}

} // namespace hone::ui

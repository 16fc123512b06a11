#include "ui/jobs/trainingprocess.h"

#include "core/runs/rundirectory.h"
#include "core/train/trainingfeedback.h"

#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <optional>

namespace hone::ui {
namespace {

const QString kErrorPrefix = QStringLiteral("hone-cli: error: ");
const QString kWarningPrefix = QStringLiteral("warning: ");
const QString kLauncherPrefix = QStringLiteral("launcher: ");

// The phase a console line of rank 0 announces ("loading-model: /path"), if it is one.
std::optional<hone::TrainingPhase> phaseOfLine(const QString &line, QString *detail)
{
    using P = hone::TrainingPhase;
    for (P phase : {P::Preparing, P::LoadingModel, P::ReadingData, P::Tokenizing, P::Training, P::Evaluating, P::Testing,
                    P::Saving, P::Finished}) {
        const QString name = QString::fromLatin1(hone::trainingPhaseName(phase));
        if (line == name) {
            detail->clear();
            return phase;
        }
        if (line.startsWith(name + QStringLiteral(": "))) {
            *detail = line.mid(name.size() + 2);
            return phase;
        }
    }
    return std::nullopt;
}

} // namespace

TrainingProcess::TrainingProcess(const QString &program, const QStringList &arguments, const QString &runDir, bool resume,
                                 QObject *parent)
    : TrainingEvents(parent), m_runDir(runDir), m_follower(std::filesystem::path(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")).toStdString()))
{
    registerTrainingMetaTypes();
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    m_process.setStandardOutputFile(QProcess::nullDevice()); // the summary it prints is in summary.json
    if (resume)
        m_follower.poll(); // the curves so far are on the dashboard already
    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &TrainingProcess::poll);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] { readConsole(false); });
    connect(&m_process, &QProcess::started, this, [this] {
        m_pid = m_process.processId();
        if (m_cancelRequested)
            sendInterrupt();
    });
    connect(&m_process, &QProcess::finished, this, &TrainingProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || m_done)
            return;
        m_done = true;
        m_pollTimer.stop();
        Q_EMIT failed(hone::ErrorCode::NotFound,
                      QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(m_process.program()), m_process.errorString()));
    });
}

TrainingProcess::~TrainingProcess()
{
    disconnect(&m_process, nullptr, this, nullptr); // nobody hears of an end during destruction
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_process.waitForStarted(5000))
        m_pid = m_process.processId(); // started() may not have been delivered yet
    cancel();
    if (!m_process.waitForFinished(kStopWaitMs)) {
        m_process.kill(); // the ranks die with their launcher (PR_SET_PDEATHSIG)
        m_process.waitForFinished(5000);
    }
}

void TrainingProcess::start()
{
    setPhase(hone::TrainingPhase::Preparing, m_runDir);
    m_process.start(QIODevice::ReadOnly);
    m_pollTimer.start();
}

void TrainingProcess::cancel()
{
    m_cancelRequested = true;
    if (m_pid.load() > 0)
        sendInterrupt();
}

void TrainingProcess::sendInterrupt()
{
    // Once: a second SIGINT makes hone-cli quit at once, without the checkpoint.
    if (!m_interruptSent.exchange(true))
        ::kill(static_cast<pid_t>(m_pid.load()), SIGINT);
}

void TrainingProcess::setPhase(hone::TrainingPhase phase, const QString &detail)
{
    m_phase = phase;
    Q_EMIT phaseChanged(phase, detail);
}

void TrainingProcess::poll()
{
    bool restarted = false;
    QVector<hone::StepMetrics> steps;
    const auto flush = [&] {
        if (!steps.isEmpty())
            Q_EMIT stepsReported(steps);
        steps.clear();
    };
    // A rewound metrics.jsonl (the resume went back to its checkpoint) is sent again from its
    // start; the dashboard drops what lies beyond each step it is sent (RunData::addStep).
    for (const auto &record : m_follower.poll(&restarted)) {
        auto parsed = hone::parseMetricsRecord(record);
        if (!parsed)
            continue;
        if (parsed->step) {
            if (m_phase != hone::TrainingPhase::Training) // rank 0 does not print this phase
                setPhase(hone::TrainingPhase::Training, {});
            steps.push_back(*parsed->step);
        }
        if (parsed->eval) {
            flush(); // in training order
            Q_EMIT evalReported(*parsed->eval);
        }
    }
    flush();
}

void TrainingProcess::readConsole(bool all)
{
    m_console += m_process.readAllStandardError();
    for (;;) {
        int end = -1;
        for (int i = 0; i < m_console.size(); ++i)
            if (m_console[i] == '\n' || m_console[i] == '\r') {
                end = i;
                break;
            }
        if (end < 0)
            break;
        const QString line = QString::fromUtf8(m_console.left(end)).trimmed();
        m_console.remove(0, end + 1);
        if (!line.isEmpty())
            consoleLine(line);
    }
    if (all && !m_console.trimmed().isEmpty()) {
        consoleLine(QString::fromUtf8(m_console).trimmed());
        m_console.clear();
    }
}

void TrainingProcess::consoleLine(const QString &line)
{
    if (line.startsWith(kErrorPrefix)) {
        m_errors << line.mid(kErrorPrefix.size());
        return;
    }
    if (line.startsWith(kWarningPrefix)) {
        Q_EMIT logged(hone::LogLevel::Warning, line.mid(kWarningPrefix.size()));
        return;
    }
    if (line.startsWith(kLauncherPrefix)) {
        Q_EMIT logged(hone::LogLevel::Info, line.mid(kLauncherPrefix.size()));
        return;
    }
    QString detail;
    if (const auto phase = phaseOfLine(line, &detail))
        setPhase(*phase, detail);
    // Progress bars and evaluation lines repeat what metrics.jsonl holds.
}

QString TrainingProcess::failureText(int exitCode, QProcess::ExitStatus status) const
{
    if (!m_errors.isEmpty())
        return m_errors.size() == 1 ? m_errors.front() : m_errors.back() + QLatin1Char('\n') + m_errors.front();
    if (auto run = hone::RunDirectory::open(m_runDir.toStdString())) {
        const std::string detail = run->stateRecord().detail;
        if (!detail.empty())
            return QString::fromStdString(detail);
    }
    const QString program = QFileInfo(m_process.program()).fileName();
    return status == QProcess::CrashExit ? QStringLiteral("%1 crashed").arg(program)
                                         : QStringLiteral("%1 exited with code %2").arg(program).arg(exitCode);
}

void TrainingProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_done = true;
    m_pollTimer.stop();
    readConsole(true);
    poll(); // what the last rank 0 wrote before it exited
    m_pid = 0;
    // 130: the ranks stopped on SIGINT with a checkpoint. A launcher killed by our SIGINT before
    // it could pass it on also ends a run the user stopped.
    const bool canceled =
        (status == QProcess::NormalExit && exitCode == 130) || (m_interruptSent && status == QProcess::CrashExit);
    if (status == QProcess::NormalExit && exitCode == 0) {
        auto summary = hone::readRunSummary(m_runDir.toStdString());
        if (!summary) {
            Q_EMIT failed(summary.error().code, QString::fromStdString(summary.error().message));
            return;
        }
        hone::RunSummary s = std::move(summary).value();
        s.runDir = m_runDir.toStdString();
        Q_EMIT finished(s);
        return;
    }
    if (canceled) {
        hone::RunSummary s;
        s.runDir = m_runDir.toStdString();
        s.canceled = true;
        Q_EMIT finished(s);
        return;
    }
    // A rank's own error names it ("rank 1: ..."), and so does the launcher's verdict.
    Q_EMIT failed(hone::ErrorCode::Internal, failureText(exitCode, status));
}

} // namespace hone::ui

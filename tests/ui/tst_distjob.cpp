// A run of two processes from the workbench: JobManager has hone-cli launch the ranks of the tiny
// BERT, the dashboard shows one run with its steps arriving live, Stop reaches every rank (a
// checkpoint, state "canceled"), Resume starts two processes again and finishes the run; a rank
// killed mid-run fails the job with an error naming it; deleting the manager stops the ranks.
#include "../core/trainertestsupport.h"

#include "core/runs/rundirectory.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dashboard/rundata.h"
#include "ui/dashboard/trainingprogresswidget.h"
#include "ui/jobs/jobmanager.h"
#include "ui/jobs/trainingjob.h"
#include "ui/widgets/metricplot.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace hone::ui;

namespace {

QString str(const fs::path &p) { return QString::fromStdString(p.string()); }

// The pids of a process's children, from /proc.
std::vector<pid_t> childrenOf(pid_t parent)
{
    std::ifstream in("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
    std::vector<pid_t> kids;
    for (pid_t k; in >> k;)
        kids.push_back(k);
    return kids;
}

// The parent of a process (the launcher of a rank), from /proc/<pid>/stat.
pid_t parentOf(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto close = line.rfind(')'); // the command name may hold spaces
    if (close == std::string::npos)
        return -1;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = -1;
    rest >> state >> ppid;
    return ppid;
}

bool alive(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

} // namespace

class tst_DistJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoProcessesAreOneRunStoppedAndResumed();
    void killedRankFailsTheJobNamingIt();
    void deletingTheManagerStopsEveryRank();

private:
    hone::TrainingConfig config() const;
    // Waits until the run has logged `step` steps; false if the job ended first.
    static bool waitForStep(const TrainingJob *job, const fs::path &dir, std::int64_t step);

    QTemporaryDir m_dir;
    fs::path m_root, m_model, m_data;
};

hone::TrainingConfig tst_DistJob::config() const
{
    hone::TrainingConfig c = hone::test::tinyConfig(m_model, m_data);
    c.launch.nprocPerNode = 2;
    c.perDeviceTrainBatchSize = 8; // 16 texts per step: 10 steps per epoch
    c.numTrainEpochs = 10;
    c.loggingSteps = 1;
    c.evalSteps = 25;
    return c;
}

bool tst_DistJob::waitForStep(const TrainingJob *job, const fs::path &dir, std::int64_t step)
{
    QElapsedTimer clock;
    clock.start();
    while (hone::test::lastStep(dir / "metrics.jsonl") < step) {
        if (!job->isRunning() || clock.elapsed() > 200000)
            return false;
        QTest::qWait(50);
    }
    return true;
}

void tst_DistJob::initTestCase()
{
    QVERIFY2(fs::exists(hone::test::cliProgram().toStdString()), "hone-cli is not built");
    m_root = fs::path(m_dir.path().toStdString());
    m_model = hone::test::writeTinyModel(m_root);
    m_data = hone::test::writeTinyDataset(m_root, 200); // 160 training rows
    fs::create_directories(m_root / "runs");
}

void tst_DistJob::twoProcessesAreOneRunStoppedAndResumed()
{
    JobManager jobs;
    jobs.setCliProgram(hone::test::cliProgram());
    DashboardWidget dashboard;
    dashboard.setJobManager(&jobs);
    QSignalSpy ended(&dashboard, &DashboardWidget::runEnded);
    const fs::path dir = m_root / "runs" / "two";

    TrainingJob *job = jobs.start(config(), str(dir));
    QCOMPARE(job->processes(), 2);
    dashboard.attachJob(job);
    QSignalSpy steps(job, &TrainingJob::stepsReported);
    QSignalSpy finished(job, &TrainingJob::finished);
    QCOMPARE(jobs.jobFor(str(dir)), job);
    QCOMPARE(jobs.runningCount(), 1);
    // Steps arrive live on the dashboard, one curve for the run.
    QTRY_VERIFY_WITH_TIMEOUT(dashboard.data().steps.size() >= 3, 200000);
    QVERIFY(steps.count() >= 1);
    QVERIFY(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss) >= 3);
    for (std::size_t i = 1; i < dashboard.data().steps.size(); ++i)
        QCOMPARE(dashboard.data().steps[i].step, dashboard.data().steps[i - 1].step + 1);
    // One run folder, trained by processes of hone-cli, not by this one.
    QCOMPARE(hone::listRuns(m_root / "runs").size(), std::size_t(1));
    QVERIFY(JobManager::externalTrainer(str(dir)) > 0);
    QCOMPARE(JobManager::processesOf(str(dir)), 2);

    dashboard.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 200000);
    QVERIFY(finished.at(0).at(0).value<hone::RunSummary>().canceled);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(dashboard.data().state, hone::RunState::Canceled);
    auto run = hone::RunDirectory::open(dir);
    QVERIFY(run);
    QCOMPARE(run->state(), hone::RunState::Canceled); // every rank stopped, rank 0 said so
    QVERIFY(!run->checkpoints().empty());
    QVERIFY(!fs::exists(run->summaryFile()));
    QCOMPARE(run->stateRecord().worldSize, 2);
    const std::int64_t stoppedAt = hone::test::lastStep(run->metricsFile());
    QVERIFY(stoppedAt < 100);

    // Resume starts two processes again (one would be refused by the checkpoint) and finishes.
    dashboard.resume();
    TrainingJob *resumed = dashboard.job();
    QVERIFY(resumed && resumed != job);
    QCOMPARE(resumed->processes(), 2);
    QVERIFY(resumed->isResume());
    QSignalSpy resumedFailed(resumed, &TrainingJob::failed);
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 300000);
    QVERIFY2(resumedFailed.isEmpty(), resumedFailed.isEmpty() ? "" : qPrintable(resumedFailed.at(0).at(1).toString()));
    QCOMPARE(dashboard.data().state, hone::RunState::Finished);
    QCOMPARE(run->state(), hone::RunState::Finished);
    QVERIFY(fs::exists(run->summaryFile()));
    QVERIFY(fs::exists(run->modelDir() / "model.safetensors"));
    QCOMPARE(run->stateRecord().worldSize, 2);
    // The curve continues where it stopped and ends at the last step, each step once.
    const auto &curve = dashboard.data().steps;
    QVERIFY(!curve.empty());
    QCOMPARE(curve.back().step, std::int64_t(100));
    for (std::size_t i = 1; i < curve.size(); ++i)
        QCOMPARE(curve[i].step, curve[i - 1].step + 1);
    QCOMPARE(hone::listRuns(m_root / "runs").size(), std::size_t(1));
    QCOMPARE(jobs.runningCount(), 0);
}

void tst_DistJob::killedRankFailsTheJobNamingIt()
{
    JobManager jobs;
    jobs.setCliProgram(hone::test::cliProgram());
    DashboardWidget dashboard;
    dashboard.setJobManager(&jobs);
    const fs::path dir = m_root / "killed";
    TrainingJob *job = jobs.start(config(), str(dir));
    dashboard.attachJob(job);
    QSignalSpy failed(&jobs, &JobManager::jobFailed);
    QVERIFY(waitForStep(job, dir, 3));
    // Rank 0 writes state.json; rank 1 is the launcher's other child.
    const auto owner = hone::RunDirectory::open(dir)->owner();
    QVERIFY(owner && owner->pid > 0);
    const pid_t launcher = parentOf(static_cast<pid_t>(owner->pid));
    pid_t rank1 = -1;
    for (pid_t child : childrenOf(launcher))
        if (child != owner->pid)
            rank1 = child;
    QVERIFY(rank1 > 0);
    ::kill(rank1, SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 200000);
    const QString message = failed.at(0).at(2).toString();
    qInfo("the job says: %s", qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("rank 1")) && message.contains(QLatin1String("SIGKILL")), qPrintable(message));
    QVERIFY2(dashboard.progress()->statusText().contains(QLatin1String("rank 1")), qPrintable(dashboard.progress()->statusText()));
    QCOMPARE(job->state(), TrainingJob::State::Failed);
    QVERIFY(!alive(launcher) && !alive(static_cast<pid_t>(owner->pid)));
}

void tst_DistJob::deletingTheManagerStopsEveryRank()
{
    const fs::path dir = m_root / "closed";
    pid_t rank0 = -1, launcher = -1;
    {
        JobManager jobs;
        jobs.setCliProgram(hone::test::cliProgram());
        TrainingJob *job = jobs.start(config(), str(dir));
        QVERIFY(waitForStep(job, dir, 3));
        const auto owner = hone::RunDirectory::open(dir)->owner();
        QVERIFY(owner);
        rank0 = static_cast<pid_t>(owner->pid);
        launcher = parentOf(rank0);
    } // as the window closing: the jobs stop, with a checkpoint, before the manager is gone
    QVERIFY(!alive(rank0) && !alive(launcher));
    auto run = hone::RunDirectory::open(dir);
    QCOMPARE(run->state(), hone::RunState::Canceled);
    QVERIFY(!run->checkpoints().empty());
}

QTEST_MAIN(tst_DistJob)
#include "tst_distjob.moc"

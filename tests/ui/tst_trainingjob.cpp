// The training job: steps, evaluations and the end cross the thread boundary as queued value
// signals, coalesced at most every 100 ms without losing or reordering anything; cancel is
// immediate; failures and destruction mid-run are clean. realTraining trains the default model
// for a few steps, stops it, and resumes it (label slow, registered as ui.trainingjob.real).
#include "testsupport.h"

#include "core/runs/rundirectory.h"
#include "core/train/trainingconfig.h"
#include "ui/jobs/jobmanager.h"
#include "ui/jobs/trainingjob.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace hone::ui;
using namespace std::chrono_literals;

namespace {

hone::StepMetrics step(std::int64_t n, std::int64_t total)
{
    hone::StepMetrics s;
    s.step = n;
    s.totalSteps = total;
    s.loss = 1.0 / double(n);
    return s;
}

QVector<hone::StepMetrics> allSteps(const QSignalSpy &spy)
{
    QVector<hone::StepMetrics> steps;
    for (const auto &args : spy)
        steps += args.at(0).value<QVector<hone::StepMetrics>>();
    return steps;
}

} // namespace

class tst_TrainingJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepsAreCoalescedNotLost();
    void heldTailArrivesWithoutNewSteps();
    void evaluationsKeepTrainingOrder();
    void cancelIsImmediate();
    void failureIsReported();
    void destroyingRunningJobCancelsAndWaits();
    void runsOnce();
    void jobManagerOwnsAndAnswers();
    void realTraining();
};

void tst_TrainingJob::stepsAreCoalescedNotLost()
{
    constexpr int kSteps = 3000;
    TrainingJob job;
    QSignalSpy steps(&job, &TrainingJob::stepsReported);
    QSignalSpy finished(&job, &TrainingJob::finished);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(job.run(QStringLiteral("/nonexistent/run"), [](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        for (int i = 1; i <= kSteps; ++i) {
            feedback.onStep(step(i, kSteps));
            if (i % 10 == 0)
                std::this_thread::sleep_for(1ms);
        }
        return hone::RunSummary{};
    }));
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY(!job.isRunning());
    const auto received = allSteps(steps);
    QCOMPARE(received.size(), kSteps);
    for (int i = 0; i < received.size(); ++i)
        QCOMPARE(received[i].step, std::int64_t(i + 1));
    // At most one batch per 100 ms (plus the first one and the final flush).
    QVERIFY2(steps.count() <= elapsed / TrainingWorker::kStepIntervalMs + 2,
             qPrintable(QStringLiteral("%1 batches in %2 ms").arg(steps.count()).arg(elapsed)));
    QVERIFY(steps.count() >= 2);
}

void tst_TrainingJob::heldTailArrivesWithoutNewSteps()
{
    // Two quick steps, then a long pause: the held second step must not wait for the end.
    TrainingJob job;
    QSignalSpy steps(&job, &TrainingJob::stepsReported);
    QSignalSpy finished(&job, &TrainingJob::finished);
    std::atomic<bool> release{false};
    QVERIFY(job.run(QString(), [&release](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        feedback.onStep(step(1, 2));
        feedback.onStep(step(2, 2));
        while (!release.load())
            std::this_thread::sleep_for(5ms);
        return hone::RunSummary{};
    }));
    QTRY_COMPARE_WITH_TIMEOUT(allSteps(steps).size(), 2, 1000);
    QCOMPARE(finished.count(), 0);
    release = true;
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
}

void tst_TrainingJob::evaluationsKeepTrainingOrder()
{
    TrainingJob job;
    QStringList events;
    connect(&job, &TrainingJob::stepsReported, this, [&](const QVector<hone::StepMetrics> &s) {
        for (const auto &m : s)
            events << QStringLiteral("s%1").arg(m.step);
    });
    connect(&job, &TrainingJob::evalReported, this, [&](const hone::EvalMetrics &e) {
        events << QStringLiteral("e%1:%2").arg(e.step).arg(e.predictions.size());
    });
    connect(&job, &TrainingJob::phaseChanged, this, [&](hone::TrainingPhase p, const QString &detail) {
        events << QStringLiteral("p%1:%2").arg(QLatin1String(hone::trainingPhaseName(p)), detail);
    });
    connect(&job, &TrainingJob::logged, this, [&](hone::LogLevel, const QString &m) { events << m; });
    QSignalSpy finished(&job, &TrainingJob::finished);
    job.run(QString(), [](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        feedback.onPhase(hone::TrainingPhase::Training, "go");
        for (int i = 1; i <= 6; ++i) {
            feedback.onStep(step(i, 6));
            if (i % 3 == 0) {
                hone::EvalMetrics e;
                e.step = i;
                e.predictions.resize(7);
                feedback.onEval(e);
            }
        }
        feedback.onLog(hone::LogLevel::Warning, "done");
        return hone::RunSummary{};
    });
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(events, (QStringList{QStringLiteral("ptraining:go"), QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3"),
                                  QStringLiteral("e3:7"), QStringLiteral("s4"), QStringLiteral("s5"), QStringLiteral("s6"),
                                  QStringLiteral("e6:7"), QStringLiteral("done")}));
}

void tst_TrainingJob::cancelIsImmediate()
{
    TrainingJob job;
    QSignalSpy steps(&job, &TrainingJob::stepsReported);
    QSignalSpy finished(&job, &TrainingJob::finished);
    QVERIFY(job.run(QString(), [](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        std::int64_t i = 0;
        while (!feedback.isCanceled()) {
            feedback.onStep(step(++i, 1000000));
            std::this_thread::sleep_for(2ms);
        }
        hone::RunSummary s;
        s.canceled = true;
        return s;
    }));
    QTRY_VERIFY_WITH_TIMEOUT(steps.count() > 0, 5000);
    QElapsedTimer clock;
    clock.start();
    job.cancel(); // a store, not a queued call: returns at once
    QVERIFY(clock.elapsed() < 200); // a store (a queued call would never arrive: the body never returns to the event loop)
    QVERIFY(job.isCancelRequested());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QVERIFY(finished.first().at(0).value<hone::RunSummary>().canceled);
    QCOMPARE(job.state(), TrainingJob::State::Finished);
}

void tst_TrainingJob::failureIsReported()
{
    TrainingJob job;
    QSignalSpy failed(&job, &TrainingJob::failed);
    QSignalSpy finished(&job, &TrainingJob::finished);
    job.run(QString(), [](hone::TrainingFeedback &) -> hone::Result<hone::RunSummary> {
        return hone::makeError(hone::ErrorCode::NotFound, "data.csv: no such file");
    });
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.first().at(0).value<hone::ErrorCode>(), hone::ErrorCode::NotFound);
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("data.csv: no such file"));
    QVERIFY(TrainingJob::errorText(hone::ErrorCode::NotFound, QStringLiteral("data.csv: no such file"))
                .endsWith(QStringLiteral("data.csv: no such file")));

    TrainingJob throwing;
    QSignalSpy failedToo(&throwing, &TrainingJob::failed);
    throwing.run(QString(), [](hone::TrainingFeedback &) -> hone::Result<hone::RunSummary> { throw std::runtime_error("boom"); });
    QTRY_COMPARE_WITH_TIMEOUT(failedToo.count(), 1, 5000);
    QVERIFY(failedToo.first().at(1).toString().contains(QStringLiteral("boom")));
}

void tst_TrainingJob::destroyingRunningJobCancelsAndWaits()
{
    std::atomic<bool> sawCancel{false};
    std::atomic<bool> returned{false};
    {
        TrainingJob job;
        job.run(QString(), [&](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
            while (!feedback.isCanceled())
                std::this_thread::sleep_for(1ms);
            sawCancel = true;
            std::this_thread::sleep_for(50ms); // e.g. writing a checkpoint
            returned = true;
            return hone::RunSummary{};
        });
        QTest::qWait(50);
    } // ~TrainingJob: cancel, quit, wait
    QVERIFY(sawCancel);
    QVERIFY(returned);
}

void tst_TrainingJob::runsOnce()
{
    TrainingJob job;
    QSignalSpy finished(&job, &TrainingJob::finished);
    QVERIFY(job.run(QString(), [](hone::TrainingFeedback &) -> hone::Result<hone::RunSummary> { return hone::RunSummary{}; }));
    QVERIFY(!job.run(QString(), [](hone::TrainingFeedback &) -> hone::Result<hone::RunSummary> { return hone::RunSummary{}; }));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
}

void tst_TrainingJob::jobManagerOwnsAndAnswers()
{
    QTemporaryDir tmp;
    const QString runDir = QDir(tmp.path()).filePath(QStringLiteral("run"));
    JobManager jobs;
    QSignalSpy added(&jobs, &JobManager::jobAdded);
    QSignalSpy ended(&jobs, &JobManager::jobEnded);
    auto *job = new TrainingJob;
    std::atomic<bool> release{false};
    QVERIFY(job->run(runDir, [&release](hone::TrainingFeedback &) -> hone::Result<hone::RunSummary> {
        while (!release)
            std::this_thread::sleep_for(1ms);
        return hone::RunSummary{};
    }));
    jobs.adopt(job);
    QCOMPARE(job->parent(), &jobs);
    QCOMPARE(added.count(), 1);
    QCOMPARE(jobs.jobFor(runDir + QStringLiteral("/")), job); // paths compare cleaned
    QCOMPARE(jobs.runningCount(), 1);
    release = true;
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
    QCOMPARE(jobs.runningCount(), 0);
    QVERIFY(jobs.jobFor(runDir) == nullptr);
    QCOMPARE(jobs.jobs().size(), 1);

    // Runs trained by another process: core's state.json + liveness answer; never ourselves.
    QDir().mkpath(runDir);
    QFile state(QDir(runDir).filePath(QStringLiteral("state.json")));
    QVERIFY(state.open(QIODevice::WriteOnly));
    state.write(QStringLiteral(R"({"state": "running", "pid": %1})").arg(QCoreApplication::applicationPid()).toUtf8());
    state.close();
    QCOMPARE(JobManager::externalTrainer(runDir), qint64(0)); // this process is not another hone-cli
    QVERIFY(!JobManager::stopExternal(runDir).ok());
    QVERIFY(!JobManager::stopExternal(QDir(tmp.path()).filePath(QStringLiteral("missing"))).ok());
}

void tst_TrainingJob::realTraining()
{
    if (qEnvironmentVariableIsSet("HONE_TRAININGJOB_PLUMBING_ONLY"))
        QSKIP("trains the default model: runs as ui.trainingjob.real (labels slow, model)");
    const auto model = std::filesystem::path(qEnvironmentVariable("HOME").toStdString()) / ".local/share/hone/models/all-MiniLM-L6-v2";
    QVERIFY2(std::filesystem::exists(model / "config.json"),
             "the default model is missing: run scripts/setup.sh to install all-MiniLM-L6-v2");
    const auto csv = hone::test::sharedDataPath("sms_spam/sms_spam.csv");
    QVERIFY2(std::filesystem::exists(csv), csv.c_str());

    // ~64 rows of the SMS spam set.
    QTemporaryDir tmp;
    const QString data = QDir(tmp.path()).filePath(QStringLiteral("sms64.csv"));
    {
        QFile in(QString::fromStdString(csv.string()));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(data);
        QVERIFY(out.open(QIODevice::WriteOnly));
        int lines = 0;
        while (!in.atEnd() && lines < 81) {
            out.write(in.readLine());
            ++lines;
        }
    }
    hone::TrainingConfig config;
    config.name = "trainingjob-test";
    config.model = model.string();
    config.data.file = data.toStdString();
    config.data.split = {0.8, 0.2, 0.0};
    config.maxLength = 32;
    config.maxSteps = 8;
    config.perDeviceTrainBatchSize = 8;
    config.loggingSteps = 1;
    config.evalStrategy = "steps";
    config.evalSteps = 4;
    config.saveTotalLimit = 2;
    config.seed = 7;
    QVERIFY2(config.validate().ok(), config.validate().ok() ? "" : config.validate().error().message.c_str());
    const QString runDir = QDir(tmp.path()).filePath(QStringLiteral("run"));

    // Start, see steps arrive, cancel after the first evaluation (a checkpoint exists then).
    {
        TrainingJob job;
        QSignalSpy steps(&job, &TrainingJob::stepsReported);
        QSignalSpy evals(&job, &TrainingJob::evalReported);
        QSignalSpy finished(&job, &TrainingJob::finished);
        QSignalSpy failed(&job, &TrainingJob::failed);
        connect(&job, &TrainingJob::evalReported, &job, [&job] { job.cancel(); });
        QVERIFY(job.start(config, runDir));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QVERIFY(!allSteps(steps).isEmpty());
        QVERIFY(evals.count() >= 1);
        const auto summary = finished.first().at(0).value<hone::RunSummary>();
        QVERIFY(summary.canceled);
        QVERIFY(allSteps(steps).back().step < 8);
    }
    auto run = hone::RunDirectory::open(runDir.toStdString());
    QVERIFY(run);
    QCOMPARE(run->state(), hone::RunState::Canceled);
    QVERIFY(!run->checkpoints().empty());

    // The run is resumable: it continues to step 8 and finishes.
    TrainingJob resumed;
    QSignalSpy steps(&resumed, &TrainingJob::stepsReported);
    QSignalSpy finished(&resumed, &TrainingJob::finished);
    QSignalSpy failed(&resumed, &TrainingJob::failed);
    QVERIFY(resumed.resume(runDir));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 300000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(allSteps(steps).back().step, std::int64_t(8));
    QVERIFY(!finished.first().at(0).value<hone::RunSummary>().canceled);
    QCOMPARE(run->state(), hone::RunState::Finished);
}

QTEST_MAIN(tst_TrainingJob)
#include "tst_trainingjob.moc"

// How responsive the dashboard stays while a training reports at a high rate.
//
// A simulated trainer on a TrainingJob's thread (live mode) or a writer thread appending to a
// run's metrics.jsonl as hone-cli does (follow mode) feeds the dashboard far faster than a real
// fine-tuning would: hundreds of steps per second, evaluations with thousands of prediction rows.
// A 1 ms timer on the GUI thread measures the gaps of the event loop; a gap is how long the
// window could not react. Reports p50 / p99 / max gap, the replot rate and what was delivered.
//
//   DISPLAY=:98 build/.../bench/gui_responsiveness [--mode live|follow] [--seconds 10]
//        [--steps-per-second 500] [--eval-every 250] [--eval-rows 2000] [--classes 6] [--screenshot out.png]
//   ... --mode real --model DIR --data FILE.csv [--max-steps 60]: a real fine-tuning on the
//        job's thread (LibTorch competing with the GUI thread for the cores).
#include "core/eval/metrics.h"
#include "core/runs/runrecorder.h"
#include "core/train/trainingconfig.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/jobs/trainingjob.h"
#include "ui/widgets/metricplot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <thread>
#include <unistd.h>

using namespace hone;
using namespace hone::ui;

namespace {

struct Load {
    double seconds = 10;
    int stepsPerSecond = 500;
    int evalEvery = 250;
    int evalRows = 2000;
    int classes = 6;
};

std::vector<std::string> labelNames(int n)
{
    static const char *names[] = {"sadness", "joy", "love", "anger", "fear", "surprise", "neutral", "other"};
    std::vector<std::string> labels;
    for (int i = 0; i < n; ++i)
        labels.push_back(i < 8 ? names[i] : "class-" + std::to_string(i));
    return labels;
}

StepMetrics makeStep(std::int64_t step, std::int64_t total, double elapsed, std::mt19937 &rng)
{
    std::uniform_real_distribution<double> noise(-0.05, 0.05);
    StepMetrics s;
    s.step = step;
    s.totalSteps = total;
    s.epoch = double(step) / double(std::max<std::int64_t>(1, total / 3));
    s.loss = 1.8 * std::exp(-3.0 * double(step) / double(total)) + 0.1 + noise(rng);
    s.values["accuracy"] = std::min(1.0, 0.2 + 0.75 * double(step) / double(total) + noise(rng));
    s.learningRate = 5e-5 * (1.0 - double(step) / double(total));
    s.gradNorm = 1.0;
    s.samplesPerSecond = 40;
    s.tokensPerSecond = 2100;
    s.elapsedSeconds = elapsed;
    s.etaSeconds = elapsed / double(step) * double(total - step);
    return s;
}

EvalMetrics makeEval(std::int64_t step, double epoch, const Load &load, std::mt19937 &rng)
{
    const auto labels = labelNames(load.classes);
    std::uniform_int_distribution<int> label(0, load.classes - 1);
    std::uniform_real_distribution<double> u(0, 1);
    EvalMetrics e;
    e.split = "validation";
    e.step = step;
    e.epoch = epoch;
    e.loss = 0.5;
    std::vector<int> truth, predicted;
    for (int i = 0; i < load.evalRows; ++i) {
        const int t = label(rng);
        const int p = u(rng) < 0.8 ? t : label(rng);
        truth.push_back(t);
        predicted.push_back(p);
        std::vector<float> probs(std::size_t(load.classes), 0.2f / float(load.classes - 1));
        probs[std::size_t(p)] = 0.8f;
        e.predictions.push_back({i, t, p, probs});
    }
    e.metrics = computeMetrics(truth, predicted, labels);
    e.isBest = true;
    return e;
}

// What a simulated trainer does on the job's thread: steps at the given rate, evaluations.
Result<RunSummary> simulate(TrainingFeedback &feedback, const Load &load)
{
    std::mt19937 rng(1);
    const auto total = std::int64_t(load.seconds * load.stepsPerSecond);
    const auto start = std::chrono::steady_clock::now();
    feedback.onPhase(TrainingPhase::Training, {});
    for (std::int64_t step = 1; step <= total && !feedback.isCanceled(); ++step) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(step * 1000000 / load.stepsPerSecond));
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const StepMetrics s = makeStep(step, total, elapsed, rng);
        feedback.onStep(s);
        if (step % load.evalEvery == 0) {
            feedback.onPhase(TrainingPhase::Evaluating, {});
            feedback.onEval(makeEval(step, s.epoch, load, rng));
            feedback.onPhase(TrainingPhase::Training, {});
        }
    }
    RunSummary summary;
    summary.labels = labelNames(load.classes);
    summary.canceled = feedback.isCanceled();
    return summary;
}

// What hone-cli does in follow mode: appends step/eval records to metrics.jsonl.
void writeRun(const std::filesystem::path &dir, const Load &load, std::atomic<bool> &stop)
{
    auto run = RunRecorder::create(dir);
    if (!run)
        return;
    (void)run->writeConfig({{"name", "follow-bench"}, {"num_train_epochs", 3}});
    (void)run->setState(RunState::Running);
    std::mt19937 rng(2);
    const auto total = std::int64_t(load.seconds * load.stepsPerSecond);
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t step = 1; step <= total && !stop; ++step) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(step * 1000000 / load.stepsPerSecond));
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const StepMetrics s = makeStep(step, total, elapsed, rng);
        (void)run->appendStep(s);
        if (step % load.evalEvery == 0) {
            EvalMetrics e = makeEval(step, s.epoch, load, rng);
            e.split = "validation";
            e.isBest = true;
            std::vector<nlohmann::json> rows;
            for (const auto &p : e.predictions)
                rows.push_back(PredictionRecord{p, "row " + std::to_string(p.row), {}});
            (void)run->writePredictions("validation", rows);
            (void)run->appendEval(e, total);
        }
    }
    (void)run->setState(RunState::Finished);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, std::size_t(std::ceil(p / 100.0 * double(v.size()))) - 1);
    return v[i];
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption mode(QStringLiteral("mode"), QStringLiteral("live (a TrainingJob) or follow (a metrics.jsonl being written)"),
                            QStringLiteral("mode"), QStringLiteral("live"));
    QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("length of the simulated training"), QStringLiteral("s"), QStringLiteral("10"));
    QCommandLineOption rate(QStringLiteral("steps-per-second"), QStringLiteral("reported steps per second"), QStringLiteral("n"), QStringLiteral("500"));
    QCommandLineOption evalEvery(QStringLiteral("eval-every"), QStringLiteral("steps between evaluations"), QStringLiteral("n"), QStringLiteral("250"));
    QCommandLineOption evalRows(QStringLiteral("eval-rows"), QStringLiteral("prediction rows per evaluation"), QStringLiteral("n"), QStringLiteral("2000"));
    QCommandLineOption classes(QStringLiteral("classes"), QStringLiteral("number of labels"), QStringLiteral("n"), QStringLiteral("6"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("save the window at the end"), QStringLiteral("png"));
    QCommandLineOption model(QStringLiteral("model"), QStringLiteral("real mode: model folder"), QStringLiteral("dir"));
    QCommandLineOption data(QStringLiteral("data"), QStringLiteral("real mode: labelled CSV"), QStringLiteral("file"));
    QCommandLineOption maxSteps(QStringLiteral("max-steps"), QStringLiteral("real mode: optimizer steps"), QStringLiteral("n"), QStringLiteral("60"));
    parser.addOptions({mode, seconds, rate, evalEvery, evalRows, classes, screenshot, model, data, maxSteps});
    parser.process(app);
    Load load;
    load.seconds = parser.value(seconds).toDouble();
    load.stepsPerSecond = std::max(1, parser.value(rate).toInt());
    load.evalEvery = std::max(1, parser.value(evalEvery).toInt());
    load.evalRows = std::max(1, parser.value(evalRows).toInt());
    load.classes = std::clamp(parser.value(classes).toInt(), 2, 50);
    const bool follow = parser.value(mode) == QStringLiteral("follow");
    const bool real = parser.value(mode) == QStringLiteral("real");

    DashboardWidget dashboard;
    dashboard.resize(1500, 920);
    dashboard.show();
    int replots = 0;
    for (MetricPlot *p : {dashboard.lossPlot(), dashboard.accuracyPlot(), dashboard.learningRatePlot()})
        QObject::connect(p, &MetricPlot::replotted, [&replots] { ++replots; });

    // The probe: a 1 ms timer; each gap between two timeouts is a time the GUI could not react.
    std::vector<double> gaps;
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    qint64 last = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(double(now - last) / 1e6);
        last = now;
    });

    QTemporaryDir tmp;
    const std::filesystem::path runDir = std::filesystem::path(tmp.path().toStdString()) / "run";
    TrainingJob job;
    std::atomic<bool> stopWriter{false};
    std::thread writer;
    std::size_t stepsDelivered = 0, batches = 0;
    QObject::connect(&job, &TrainingJob::stepsReported, [&](const QVector<StepMetrics> &s) {
        stepsDelivered += std::size_t(s.size());
        ++batches;
    });
    bool done = false;
    QObject::connect(&job, &TrainingJob::finished, [&] { done = true; });
    QObject::connect(&dashboard, &DashboardWidget::runEnded, [&] { done = true; });

    double deadlineSeconds = load.seconds + 5;
    clock.start();
    probe.start();
    if (follow) {
        writer = std::thread([&] { writeRun(runDir, load, stopWriter); });
        // Wait for the writer to create the run, then follow it like a run started by hone-cli.
        QTimer::singleShot(200, [&] { dashboard.showRun(QString::fromStdString(runDir.string())); });
    } else if (real) {
        TrainingConfig config;
        config.name = "responsiveness";
        config.model = parser.value(model).toStdString();
        config.data.file = parser.value(data).toStdString();
        config.maxSteps = parser.value(maxSteps).toLongLong();
        config.maxLength = 64;
        config.loggingSteps = 1;
        config.evalStrategy = "steps";
        config.evalSteps = std::max<std::int64_t>(1, config.maxSteps / 3);
        job.start(config, QString::fromStdString(runDir.string()));
        dashboard.attachJob(&job);
        QObject::connect(&job, &TrainingJob::failed, [&](ErrorCode, const QString &m) {
            std::printf("training failed: %s\n", qPrintable(m));
            done = true;
        });
        deadlineSeconds = 3600;
    } else {
        dashboard.attachJob(&job);
        job.run(QString::fromStdString(runDir.string()), [load](TrainingFeedback &f) { return simulate(f, load); });
    }
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, [&] { done = true; });
    deadline.start(int(deadlineSeconds * 1000));
    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double wall = double(clock.elapsed()) / 1000.0;
    probe.stop();
    stopWriter = true;
    if (writer.joinable())
        writer.join();
    QCoreApplication::processEvents();

    if (parser.isSet(screenshot)) {
        QTimer::singleShot(300, [] {}); // let the 10 Hz replot timer draw the last points
        QElapsedTimer wait;
        wait.start();
        while (wait.elapsed() < 300)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        dashboard.grab().save(parser.value(screenshot));
    }

    if (!gaps.empty())
        gaps.erase(gaps.begin()); // the first gap includes the start-up
    if (real)
        std::printf("mode real, %.1f s, %s on %s\n", wall, qPrintable(parser.value(model)), qPrintable(parser.value(data)));
    else
        std::printf("mode %s, %.1f s, %d steps/s reported, evaluation every %d steps with %d rows, %d classes\n",
                    follow ? "follow" : "live", wall, load.stepsPerSecond, load.evalEvery, load.evalRows, load.classes);
    std::printf("event-loop gap (1 ms probe, %zu samples): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", gaps.size(),
                percentile(gaps, 50), percentile(gaps, 99), gaps.empty() ? 0.0 : *std::max_element(gaps.begin(), gaps.end()));
    std::printf("replots: %d in %.1f s over 3 plots (%.1f per plot per second)\n", replots, wall, replots / 3.0 / wall);
    if (!follow)
        std::printf("steps delivered: %zu in %zu batches (%.1f batches/s)\n", stepsDelivered, batches, double(batches) / wall);
    std::printf("points in the loss plot: %d\n", dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss));
    return 0;
}

// The trainer on a tiny model: it learns, stops when asked and resumes to the same result as an
// uninterrupted run, honours its options, and writes the run folder design.md describes.
#include "trainertestsupport.h"

#include "core/export/modelexport.h"
#include "core/io/safetensors.h"
#include "core/runs/rundirectory.h"
#include "core/train/predictor.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cstring>

using namespace hone;
namespace fs = std::filesystem;

namespace {

// Cancels once `step` optimizer steps are done and records what it was told.
class RecordingFeedback : public TrainingFeedback {
public:
    std::int64_t cancelAtStep = -1;
    std::vector<StepMetrics> steps;
    std::vector<EvalMetrics> evals;
    void onStep(const StepMetrics &m) override
    {
        steps.push_back(m);
        if (cancelAtStep > 0 && m.step >= cancelAtStep)
            cancel();
    }
    void onEval(const EvalMetrics &m) override { evals.push_back(m); }
};

std::vector<nlohmann::json> evalRecords(const fs::path &run)
{
    std::vector<nlohmann::json> out;
    const auto records = RunDirectory::open(run)->readMetrics();
    for (const auto &r : *records)
        if (r.value("kind", std::string()) != "step")
            out.push_back(r);
    return out;
}

} // namespace

class tst_Trainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void learnsAndWritesRunFolder();
    void cancelThenResumeMatchesUninterrupted_data();
    void cancelThenResumeMatchesUninterrupted();
    void refusesExistingRunFolder();
    void everyOptimizerAndScheduleTrains_data();
    void everyOptimizerAndScheduleTrains();
    void loraAndEarlyStopping();
    void frozenWeightsStayBitIdentical();
    void everyArchitectureTrainsInBf16_data();
    void everyArchitectureTrainsInBf16();
    void exportReloadsAndPredictsTheSame();
    void divergenceStopsTheRun();
    void badConfigNamesTheKey();

private:
    QTemporaryDir m_dir;
    fs::path m_root, m_model, m_data;
    fs::path m_case; // this test function's own folder for its runs (no test reads another's)
    int m_cases = 0;
};

void tst_Trainer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = fs::path(m_dir.path().toStdString());
    m_model = test::writeTinyModel(m_root);
    m_data = test::writeTinyDataset(m_root);
}

void tst_Trainer::init()
{
    m_case = m_root / (std::to_string(++m_cases) + "-" + QTest::currentTestFunction());
    QVERIFY(fs::create_directories(m_case));
}

void tst_Trainer::learnsAndWritesRunFolder()
{
    RecordingFeedback feedback;
    const fs::path run = m_case / "learns";
    auto summary = Trainer::train(test::tinyConfig(m_model, m_data), run, feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    QVERIFY(!summary->canceled);
    QVERIFY(summary->test.has_value());
    QVERIFY2(summary->test->accuracy >= 0.9, qPrintable(QString::number(summary->test->accuracy)));
    QVERIFY(feedback.steps.size() >= 3);
    QVERIFY2(feedback.steps.back().loss < feedback.steps.front().loss, "training loss must drop");
    QCOMPARE(summary->labels, (std::vector<std::string>{"neg", "pos"})); // sorted (labelset.h)

    for (const char *file : {"config.json", "split.json", "metrics.jsonl", "summary.json", "state.json", "log.txt",
                             "model/config.json", "model/model.safetensors", "model/vocab.txt", "predictions/validation.jsonl",
                             "predictions/test.jsonl"})
        QVERIFY2(fs::exists(run / file), file);
    QCOMPARE(RunDirectory::open(run)->state(), RunState::Finished);
    auto j = RunDirectory::open(run)->readJson(run / "summary.json");
    QVERIFY(j.ok());
    for (const char *key : {"labels", "validation", "test", "train", "best"})
        QVERIFY2(j->contains(key), key);
    QVERIFY((*j)["test"].contains("confusion_matrix"));
    QVERIFY((*j)["test"].contains("per_class"));
    QVERIFY((*j)["train"]["samples_per_second"].get<double>() > 0);
    // A model that learned: judged against the majority baseline, nothing to warn about.
    QVERIFY2((*j)["sanity"]["beats_majority"].get<bool>(), j->dump().c_str());
    QVERIFY(!(*j)["sanity"]["single_class"].get<bool>());
    QVERIFY(!(*j)["sanity"].contains("warning"));
    QVERIFY(summary->sanity && !summary->sanity->suspicious());
    // Progress from the first step on (not only from the first logging step).
    QCOMPARE(feedback.steps.front().step, std::int64_t(1));
    // The test result is plotted at the step whose weights it evaluated (the best model's).
    for (const auto &r : evalRecords(run))
        if (r.value("kind", std::string()) == "test")
            QCOMPARE(r["step"].get<std::int64_t>(), (*j)["best"]["step"].get<std::int64_t>());
    const auto checkpoints = RunDirectory::open(run)->checkpoints();
    QVERIFY(!checkpoints.empty() && checkpoints.size() <= 3); // save_total_limit 2, plus the best
}

void tst_Trainer::cancelThenResumeMatchesUninterrupted_data()
{
    QTest::addColumn<bool>("lora");
    QTest::newRow("full fine-tuning") << false;
    // Its checkpoints hold the adapters and the head only; the resume takes the rest from the base.
    QTest::newRow("LoRA") << true;
}

void tst_Trainer::cancelThenResumeMatchesUninterrupted()
{
    QFETCH(bool, lora);
    TrainingConfig config = test::tinyConfig(m_model, m_data);
    config.lora.enabled = lora;
    config.lora.rank = 4;
    RecordingFeedback straight;
    auto full = Trainer::train(config, m_case / "straight", straight);
    QVERIFY(full.ok());

    RecordingFeedback first;
    first.cancelAtStep = 18; // between two evaluations (every 12 steps)
    const fs::path run = m_case / "interrupted";
    auto stopped = Trainer::train(config, run, first);
    QVERIFY2(stopped.ok(), stopped.ok() ? "" : stopped.error().message.c_str());
    QVERIFY(stopped->canceled);
    QCOMPARE(RunDirectory::open(run)->state(), RunState::Canceled);
    QVERIFY2(first.steps.back().step <= 20, "a cancel stops within a step or two");
    // The step it stopped at is reported (and logged), not the last logging step before it.
    QCOMPARE(first.steps.back().step, stopped->train.steps);

    RecordingFeedback second;
    auto resumed = Trainer::resume(run, second);
    QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().message.c_str());
    QVERIFY(!resumed->canceled);
    QCOMPARE(resumed->train.steps, full->train.steps);
    QVERIFY(qAbs(resumed->test->accuracy - full->test->accuracy) < 1e-9);
    QVERIFY(qAbs(resumed->testLoss - full->testLoss) < 1e-4);
    const auto a = evalRecords(m_case / "straight");
    const auto b = evalRecords(run);
    QCOMPARE(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i]["step"].get<std::int64_t>(), a[i]["step"].get<std::int64_t>());
        QVERIFY2(std::abs(b[i]["loss"].get<double>() - a[i]["loss"].get<double>()) < 1e-4,
                 qPrintable(QString::fromStdString(a[i].dump() + "\n" + b[i].dump())));
    }
    auto again = Trainer::resume(run, second);
    QVERIFY(!again.ok()); // finished runs do not resume
    const auto checkpoint = SafetensorsFile::open(RunDirectory::open(run)->checkpoints().back() / "model.safetensors");
    QVERIFY(checkpoint.ok());
    QCOMPARE(checkpoint->find("bert.embeddings.word_embeddings.weight") == nullptr, lora); // frozen base weights
    QVERIFY(checkpoint->find("classifier.weight"));
}

void tst_Trainer::refusesExistingRunFolder()
{
    const fs::path run = m_case / "taken";
    fs::create_directories(run);
    std::ofstream(run / "something.txt") << "user data";
    RecordingFeedback feedback;
    auto r = Trainer::train(test::tinyConfig(m_model, m_data), run, feedback);
    QVERIFY(!r.ok());
    QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("already exists")));
    QVERIFY(fs::exists(run / "something.txt"));
}

void tst_Trainer::everyOptimizerAndScheduleTrains_data()
{
    QTest::addColumn<QString>("optim");
    QTest::addColumn<QString>("scheduler");
    QTest::addColumn<double>("lr");
    QTest::newRow("adamw-linear") << QStringLiteral("adamw") << QStringLiteral("linear") << 3e-3;
    QTest::newRow("adam-cosine") << QStringLiteral("adam") << QStringLiteral("cosine") << 3e-3;
    QTest::newRow("sgd-constant") << QStringLiteral("sgd") << QStringLiteral("constant") << 0.1;
    QTest::newRow("adagrad") << QStringLiteral("adagrad") << QStringLiteral("linear") << 3e-2;
    QTest::newRow("adadelta") << QStringLiteral("adadelta") << QStringLiteral("constant") << 1.0;
    // RMSprop steps by about lr on every weight from the start (no bias correction): at 1e-3 the
    // tiny model stays at chance.
    QTest::newRow("rmsprop") << QStringLiteral("rmsprop") << QStringLiteral("linear") << 3e-4;
}

void tst_Trainer::everyOptimizerAndScheduleTrains()
{
    QFETCH(QString, optim);
    QFETCH(QString, scheduler);
    QFETCH(double, lr);
    TrainingConfig c = test::tinyConfig(m_model, m_data);
    c.optim = optim.toStdString();
    c.lrSchedulerType = scheduler.toStdString();
    c.learningRate = lr;
    c.warmupRatio = 0.1;
    c.nesterov = optim == QLatin1String("sgd");
    c.weightDecay = 0.01;
    c.evalStrategy = "epoch";
    RecordingFeedback feedback;
    auto summary = Trainer::train(c, m_case / ("opt-" + optim.toStdString() + "-" + scheduler.toStdString()), feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    QString losses;
    for (const auto &s : feedback.steps)
        losses += QString::number(s.loss, 'f', 4) + QLatin1Char(' ');
    // Learnt, not drifted: every row ends below half its first loss (0.69, chance on two classes).
    QVERIFY2(feedback.steps.back().loss < 0.5 * feedback.steps.front().loss, qPrintable(optim + QStringLiteral(": ") + losses));
    // Warmup starts from 0 and the schedule shapes the rate (constant stays at the peak).
    QVERIFY(feedback.steps.front().learningRate <= lr);
    if (scheduler == QLatin1String("constant"))
        QCOMPARE(feedback.steps.back().learningRate, lr);
    else
        QVERIFY(feedback.steps.back().learningRate < lr * 0.5);
}

void tst_Trainer::loraAndEarlyStopping()
{
    TrainingConfig c = test::tinyConfig(m_model, m_data);
    c.lora.enabled = true;
    c.lora.rank = 4;
    c.learningRate = 1e-2;
    c.earlyStoppingPatience = 1;
    c.earlyStoppingThreshold = 0.5; // no evaluation can improve accuracy by half: stops at the second
    c.bf16 = true;
    RecordingFeedback feedback;
    const fs::path run = m_case / "lora";
    auto summary = Trainer::train(c, run, feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    QVERIFY(summary->stoppedEarly);
    QCOMPARE(feedback.evals.size(), std::size_t(3)); // two validations, then test
    // The exported model (LoRA merged) loads without adapters and predicts.
    auto predictor = Predictor::open(run / "model");
    QVERIFY2(predictor.ok(), predictor.ok() ? "" : predictor.error().message.c_str());
    auto p = predictor->predict({"the good movie", "the awful film"});
    QVERIFY(p.ok());
    QCOMPARE(p->size(), std::size_t(2));
}

void tst_Trainer::everyArchitectureTrainsInBf16_data()
{
    QTest::addColumn<QString>("architecture");
    for (const char *name : {"bert", "roberta", "xlm-roberta", "distilbert", "albert"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

// bf16 autocast, the default where the CPU has native bf16 (emulated, and slow, elsewhere): training
// and evaluation run on every encoder (ALBERT's embedding projection once handed layer_norm a bf16
// input it rejected), with losses close to float32's.
void tst_Trainer::everyArchitectureTrainsInBf16()
{
    QFETCH(QString, architecture);
    const std::string name = architecture.toStdString();
    const auto train = [&](bool bf16) {
        TrainingConfig c = test::tinyConfig(test::writeTinyModel(m_case / name, name), m_data);
        c.bf16 = bf16;
        c.maxSteps = 4;
        c.evalSteps = 4;
        RecordingFeedback feedback;
        auto summary = Trainer::train(c, m_case / name / (bf16 ? "bf16" : "float32"), feedback);
        if (!summary)
            qWarning("%s", summary.error().message.c_str());
        return std::make_pair(feedback.steps, feedback.evals);
    };
    const auto [bf16, bf16Evals] = train(true);
    const auto [float32, float32Evals] = train(false);
    QVERIFY(!bf16.empty());
    QCOMPARE(bf16.size(), float32.size());
    QVERIFY(!bf16Evals.empty() && std::isfinite(bf16Evals.front().loss));
    for (std::size_t i = 0; i < bf16.size(); ++i)
        QVERIFY2(std::abs(bf16[i].loss - float32[i].loss) < 0.03 * float32[i].loss,
                 qPrintable(QStringLiteral("step %1: bf16 %2, float32 %3").arg(i + 1).arg(bf16[i].loss).arg(float32[i].loss)));
}

void tst_Trainer::frozenWeightsStayBitIdentical()
{
    TrainingConfig c = test::tinyConfig(m_model, m_data);
    c.freezeEmbeddings = true;
    c.freezeLayers = 1;
    c.maxSteps = 6;
    c.learningRate = 1e-2;
    c.weightDecay = 0.1; // decoupled decay would move a frozen weight that leaked into the optimizer
    RecordingFeedback feedback;
    const fs::path run = m_case / "frozen";
    auto summary = Trainer::train(c, run, feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    auto before = SafetensorsFile::open(m_model / "model.safetensors");
    auto after = SafetensorsFile::open(run / "model" / "model.safetensors");
    QVERIFY(before.ok() && after.ok());
    int frozen = 0, trained = 0;
    for (const TensorInfo &t : before->tensors()) {
        const TensorInfo *u = after->find(t.name);
        if (!u)
            u = after->find("bert." + t.name); // the exported classifier prefixes the encoder
        QVERIFY2(u, t.name.c_str());
        QCOMPARE(u->end - u->begin, t.end - t.begin);
        const bool same = std::memcmp(before->data(t), after->data(*u), t.end - t.begin) == 0;
        if (t.name.rfind("embeddings.", 0) == 0 || t.name.rfind("encoder.layer.0.", 0) == 0) {
            QVERIFY2(same, t.name.c_str());
            ++frozen;
        } else if (t.name.rfind("encoder.layer.1.", 0) == 0 && t.name.find("weight") != std::string::npos) {
            QVERIFY2(!same, t.name.c_str()); // the unfrozen layer did train: the comparison can fail
            ++trained;
        }
    }
    QCOMPARE(frozen, 21);
    QVERIFY(trained >= 6);
}

void tst_Trainer::exportReloadsAndPredictsTheSame()
{
    TrainingConfig c = test::tinyConfig(m_model, m_data);
    c.numTrainEpochs = 2;
    RecordingFeedback feedback;
    const fs::path run = m_case / "run";
    auto summary = Trainer::train(c, run, feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    for (ExportCheckpoint which : {ExportCheckpoint::Best, ExportCheckpoint::Last}) {
        ExportOptions options;
        options.checkpoint = which;
        const fs::path out = m_case / (which == ExportCheckpoint::Best ? "export-best" : "export-last");
        auto report = exportRun(run, out, options);
        QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
        QVERIFY(report->verifiedRows > 0);
        QVERIFY2(report->verified, qPrintable(QString::number(report->maxProbabilityDifference)));
        auto config = RunDirectory::open(run)->readJson(out / "config.json");
        QVERIFY(config.ok());
        QCOMPARE((*config)["architectures"][0].get<std::string>(), std::string("BertForSequenceClassification"));
        QCOMPARE((*config)["id2label"]["0"].get<std::string>(), std::string("neg"));
        QVERIFY(fs::exists(out / "vocab.txt"));
    }
}

void tst_Trainer::divergenceStopsTheRun()
{
    // A learning rate of 1 with AdamW (issue 10): the loss leaves its start far behind.
    TrainingConfig config = test::tinyConfig(m_model, m_data);
    config.learningRate = 1;
    config.maxGradNorm = 0;
    RecordingFeedback feedback;
    const fs::path run = m_root / "diverges";
    auto summary = Trainer::train(config, run, feedback);
    QVERIFY(!summary.ok());
    QVERIFY2(summary.error().message.find("training diverged") == 0, summary.error().message.c_str());
    QCOMPARE(RunDirectory::open(run)->state(), RunState::Failed);
    QVERIFY(!fs::exists(run / "summary.json"));
}

void tst_Trainer::badConfigNamesTheKey()
{
    auto bad = trainingConfigFromJson(nlohmann::json{{"learning_rat", 0.1}});
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.error().message).contains(QStringLiteral("learning_rat")));
    TrainingConfig c = test::tinyConfig(m_model, m_data);
    c.data.split = {0.5, 0.2, 0.2};
    QVERIFY(QString::fromStdString(c.validate().error().message).contains(QStringLiteral("data.split")));
    c = test::tinyConfig(m_model, m_data);
    c.optim = "lion";
    QVERIFY(QString::fromStdString(c.validate().error().message).contains(QStringLiteral("optim")));
}

QTEST_GUILESS_MAIN(tst_Trainer)
#include "tst_trainer.moc"

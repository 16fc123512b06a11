// Run records: to_json/from_json round trips for every kind (step, eval, test, prediction,
// summary, state), the committed run fixtures keep their exact on-disk fields when read and
// written again, malformed records are reported, and the recorder's writes read back.
#include "../testsupport.h"

#include "core/data/datasplit.h"
#include "core/runs/runrecorder.h"
#include "core/tasks/taskinfo.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <unistd.h>

using namespace hone;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json readJsonFile(const fs::path &path)
{
    std::ifstream in(path);
    return json::parse(in);
}

// Every field of `original` is in `written` with the same value, at any depth (fields may be added).
void checkKeeps(const json &original, const json &written, const std::string &where)
{
    for (auto it = original.begin(); it != original.end(); ++it) {
        QVERIFY2(written.contains(it.key()), (where + ": lost " + it.key()).c_str());
        const json &now = written[it.key()];
        if (it.value().is_object() && now.is_object()) {
            checkKeeps(it.value(), now, where + "." + it.key());
            continue;
        }
        QVERIFY2(now == it.value(), (where + ": " + it.key() + " was " + it.value().dump() + ", now " + now.dump()).c_str());
    }
}

ClassificationMetrics someMetrics()
{
    return computeMetrics({0, 1, 1, 2, 2, 2}, {0, 1, 2, 2, 2, 0}, {"a", "b", "c"});
}

} // namespace

class tst_RunRecords : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepRoundTrip();
    void evalRoundTripClassification();
    void evalRoundTripWithoutLabels();
    void predictionRoundTrip();
    void summaryRoundTrip();
    void summaryWithoutLabels();
    void stateRoundTrip();
    void fixturesKeepTheirFormat();
    void malformedRecordsSayWhy();
    void recorderWritesWhatReadersRead();
};

void tst_RunRecords::stepRoundTrip()
{
    StepMetrics s;
    s.step = 12;
    s.totalSteps = 300;
    s.epoch = 0.25;
    s.loss = 0.6931;
    s.learningRate = 2e-5;
    s.gradNorm = 1.5;
    s.samplesPerSecond = 31.5;
    s.tokensPerSecond = 2000.25;
    s.elapsedSeconds = 4.5;
    s.etaSeconds = 100.125;
    s.values = {{"accuracy", 0.75}};
    const json j = s;
    QCOMPARE(j["kind"].get<std::string>(), std::string("step"));
    QCOMPARE(j["accuracy"].get<double>(), 0.75); // the step record's historical key
    const auto back = parseStepRecord(j);
    QVERIFY(back.ok());
    QCOMPARE(back->step, s.step);
    QCOMPARE(back->totalSteps, s.totalSteps);
    QCOMPARE(back->epoch, s.epoch);
    QCOMPARE(back->loss, s.loss);
    QCOMPARE(back->learningRate, s.learningRate);
    QCOMPARE(back->gradNorm, s.gradNorm);
    QCOMPARE(back->samplesPerSecond, s.samplesPerSecond);
    QCOMPARE(back->tokensPerSecond, s.tokensPerSecond);
    QCOMPARE(back->elapsedSeconds, s.elapsedSeconds);
    QCOMPARE(back->etaSeconds, s.etaSeconds);
    QVERIFY(back->values == s.values);
    QVERIFY(json(*back) == j);
}

void tst_RunRecords::evalRoundTripClassification()
{
    EvalMetrics e;
    e.split = "validation";
    e.step = 40;
    e.epoch = 1.5;
    e.loss = 0.42;
    e.metrics = someMetrics();
    e.values = {{"accuracy", e.metrics.accuracy}, {"macro_f1", e.metrics.macroF1}};
    e.isBest = true;
    e.predictions = {{3, 1, 2, {0.1f, 0.2f, 0.7f}}};
    const json j = evalRecordJson(e, 300);
    QCOMPARE(j["kind"].get<std::string>(), std::string("eval"));
    QCOMPARE(j["total_steps"].get<std::int64_t>(), std::int64_t(300));
    QVERIFY(j.contains("confusion_matrix") && j.contains("per_class"));
    QVERIFY2(!j.contains("predictions"), "predictions live in predictions/<split>.jsonl only");
    const auto back = parseEvalRecord(j);
    QVERIFY(back.ok());
    QCOMPARE(back->split, e.split);
    QCOMPARE(back->step, e.step);
    QCOMPARE(back->epoch, e.epoch);
    QCOMPARE(back->loss, e.loss);
    QCOMPARE(back->isBest, true);
    QVERIFY(back->hasClassification());
    QVERIFY(back->metrics.confusion == e.metrics.confusion);
    QCOMPARE(back->metrics.perClass.size(), std::size_t(3));
    QCOMPARE(back->value("macro_f1").value(), e.metrics.macroF1);
    QCOMPARE(back->value("loss").value(), 0.42);
    QVERIFY(!back->value("perplexity"));

    e.split = "test";
    const json t = evalRecordJson(e, 300);
    QCOMPARE(t["kind"].get<std::string>(), std::string("test"));
    QCOMPARE(parseEvalRecord(t)->split, std::string("test"));
}

void tst_RunRecords::evalRoundTripWithoutLabels()
{
    EvalMetrics e;
    e.split = "validation";
    e.step = 8;
    e.loss = 2.25;
    e.values = {{"perplexity", 9.4877}, {"mae", 0.5}};
    const json j = evalRecordJson(e, 16);
    QVERIFY(!j.contains("confusion_matrix"));
    QVERIFY(!j.contains("accuracy"));
    const auto back = parseEvalRecord(j);
    QVERIFY(back.ok());
    QVERIFY(!back->hasClassification());
    QVERIFY(back->values == e.values);
    QVERIFY(json(*back) == json(e));
}

void tst_RunRecords::predictionRoundTrip()
{
    const Prediction p{17, 2, 0, {0.5f, 0.25f, 0.25f}};
    const Prediction back = json(p).get<Prediction>();
    QCOMPARE(back.row, p.row);
    QCOMPARE(back.truth, p.truth);
    QCOMPARE(back.predicted, p.predicted);
    QVERIFY(back.probabilities == p.probabilities);
}

void tst_RunRecords::summaryRoundTrip()
{
    RunSummary s;
    s.task = kDefaultTask;
    s.labels = {"a", "b", "c"};
    s.validation = someMetrics();
    s.validationLoss = 0.5;
    s.validationValues = {{"accuracy", s.validation->accuracy}};
    s.test = someMetrics();
    s.testLoss = 0.75;
    s.train = {40.5, 2100.25, 120.0, 14.25, 300, 3.0, 123456789};
    s.bestMetricName = "accuracy";
    s.bestMetric = 0.875;
    s.bestStep = 200;
    s.stoppedEarly = true;
    const json j = s;
    for (const char *key : {"labels", "validation", "test", "train", "best", "stopped_early"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["validation"]["loss"].get<double>(), 0.5);
    QVERIFY(j["test"].contains("confusion_matrix"));
    QVERIFY2(!j.contains("canceled"), "a canceled run has no summary.json; state.json says it");
    const auto back = parseSummary(j);
    QVERIFY(back.ok());
    QCOMPARE(back->task, s.task);
    QVERIFY(back->labels == s.labels);
    QVERIFY(back->validation->confusion == s.validation->confusion);
    QCOMPARE(back->validationLoss, s.validationLoss);
    QCOMPARE(back->test->accuracy, s.test->accuracy);
    QCOMPARE(back->testLoss, s.testLoss);
    QCOMPARE(back->train.samplesPerSecond, s.train.samplesPerSecond);
    QCOMPARE(back->train.tokensPerSecond, s.train.tokensPerSecond);
    QCOMPARE(back->train.wallSeconds, s.train.wallSeconds);
    QCOMPARE(back->train.evaluationSeconds, s.train.evaluationSeconds);
    QCOMPARE(back->train.steps, s.train.steps);
    QCOMPARE(back->train.epochs, s.train.epochs);
    QCOMPARE(back->train.peakRssBytes, s.train.peakRssBytes);
    QCOMPARE(back->bestMetricName, s.bestMetricName);
    QCOMPARE(back->bestMetric.value(), 0.875);
    QCOMPARE(back->bestStep, s.bestStep);
    QCOMPARE(back->stoppedEarly, true);
    QVERIFY(json(*back) == j);
}

void tst_RunRecords::summaryWithoutLabels()
{
    RunSummary s;
    s.task = "causal_lm";
    s.validationLoss = 2.0;
    s.validationValues = {{"perplexity", 7.389}};
    s.bestMetricName = "loss";
    const json j = s;
    QVERIFY(j["validation"].is_object());
    QVERIFY(j["test"].is_null());
    const auto back = parseSummary(j);
    QVERIFY(back.ok());
    QVERIFY(!back->validation);
    QVERIFY(back->hasValidation());
    QVERIFY(!back->hasTest());
    QCOMPARE(back->validationValues.at("perplexity"), 7.389);
    QVERIFY(!back->bestMetric);
    QVERIFY(json(*back) == j);
}

void tst_RunRecords::stateRoundTrip()
{
    RunStateRecord s{RunState::Failed, "2026-01-02T03:04:05", "2026-01-02T03:05:00", "out of memory", 0};
    const json j = s;
    QCOMPARE(j["state"].get<std::string>(), std::string("failed"));
    const auto back = j.get<RunStateRecord>();
    QCOMPARE(back.state, s.state);
    QCOMPARE(back.created, s.created);
    QCOMPARE(back.updated, s.updated);
    QCOMPARE(back.detail, s.detail);
    QCOMPARE(back.pid, s.pid);
    for (RunState state : {RunState::Created, RunState::Running, RunState::Finished, RunState::Canceled, RunState::Failed,
                           RunState::Interrupted})
        QCOMPARE(runStateFromName(runStateName(state)), state);
}

void tst_RunRecords::fixturesKeepTheirFormat()
{
    for (const char *name : {"runs/sms-lr5e-5", "runs/sms-lr1e-4", "runs/intent-canceled"}) {
        const fs::path dir = test::dataPath(QString::fromLatin1(name)).toStdString();
        std::ifstream in(dir / "metrics.jsonl");
        std::string line;
        int records = 0;
        while (std::getline(in, line)) {
            const json original = json::parse(line);
            const std::string kind = original["kind"].get<std::string>();
            json written;
            if (kind == "step")
                written = parseStepRecord(original).value();
            else
                written = evalRecordJson(parseEvalRecord(original).value(), original.value("total_steps", std::int64_t(0)));
            if (!original.contains("total_steps"))
                written.erase("total_steps");
            checkKeeps(original, written, std::string(name) + " record " + std::to_string(records + 1));
            ++records;
        }
        QVERIFY(records > 0);
        if (fs::exists(dir / "summary.json")) {
            const json original = readJsonFile(dir / "summary.json");
            checkKeeps(original, json(parseSummary(original).value()), std::string(name) + "/summary.json");
        }
        const json state = readJsonFile(dir / "state.json");
        checkKeeps(state, json(state.get<RunStateRecord>()), std::string(name) + "/state.json");
    }
}

void tst_RunRecords::malformedRecordsSayWhy()
{
    QVERIFY(!parseStepRecord(json{{"kind", "step"}}).ok());
    QVERIFY(!parseStepRecord(json{{"kind", "step"}, {"step", "ten"}}).ok());
    auto eval = parseEvalRecord(json{{"kind", "eval"}, {"step", 3}});
    QVERIFY(!eval.ok());
    QVERIFY2(QString::fromStdString(eval.error().message).contains(QStringLiteral("loss")), eval.error().message.c_str());
    QVERIFY(!parseEvalRecord(json{{"kind", "eval"}, {"step", 3}, {"loss", 1.0}, {"confusion_matrix", "x"}}).ok());
    QVERIFY(!parseSummary(json::array()).ok());
    QVERIFY(!parseSummary(json{{"validation", {{"confusion_matrix", 5}}}}).ok());

    QTemporaryDir tmp;
    auto run = RunRecorder::create(fs::path(tmp.path().toStdString()) / "r");
    QVERIFY(run.ok());
    QVERIFY(run->appendStep(StepMetrics{}).ok());
    std::ofstream(run->directory().metricsFile(), std::ios::app) << R"({"kind":"eval","step":3})" << "\n"
                                                                 << R"({"kind":"step","step":4})" << "\n";
    auto records = run->directory().readRecords();
    QVERIFY(!records.ok());
    QVERIFY2(QString::fromStdString(records.error().message).contains(QStringLiteral("metrics.jsonl: record 2")),
             records.error().message.c_str());
}

void tst_RunRecords::recorderWritesWhatReadersRead()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "run";
    auto run = RunRecorder::create(dir);
    QVERIFY(run.ok());
    QVERIFY(!RunRecorder::create(dir).ok()); // a run is never overwritten
    QCOMPARE(run->directory().state(), RunState::Created);
    QVERIFY(!run->directory().stateRecord().created.empty());

    QVERIFY(run->writeConfig({{"name", "r"}}).ok());
    QVERIFY(run->setState(RunState::Running).ok());
    const auto owner = run->directory().owner();
    QVERIFY(owner && owner->self);
    QCOMPARE(owner->pid, static_cast<long>(::getpid()));
    QCOMPARE(owner->program, std::string("tst_core_runrecords"));
    QVERIFY(!requestStop(*owner).ok()); // never ourselves
    for (int step = 1; step <= 4; ++step) {
        StepMetrics s;
        s.step = step;
        s.totalSteps = 4;
        s.values = {{"accuracy", step / 4.0}};
        QVERIFY(run->appendStep(s).ok());
        if (step % 2 == 0) {
            EvalMetrics e;
            e.split = "validation";
            e.step = step;
            e.loss = 1.0 / step;
            e.values = {{"mae", 0.1 * step}};
            QVERIFY(run->appendEval(e, 4).ok());
        }
    }
    QVERIFY(run->writePredictions("validation", {{{"row", 0}, {"text", "caf\xc3"}}}).ok()); // invalid UTF-8 is replaced
    QVERIFY(fs::exists(dir / "predictions" / "validation.jsonl"));
    auto records = run->directory().readRecords();
    QVERIFY(records.ok());
    QCOMPARE(records->steps.size(), std::size_t(4));
    QCOMPARE(records->evals.size(), std::size_t(2));
    QCOMPARE(records->evals[1].value("mae").value(), 0.4);
    QVERIFY(run->rewindTo(2).ok());
    records = run->directory().readRecords();
    QCOMPARE(records->steps.size(), std::size_t(2));
    QCOMPARE(records->evals.size(), std::size_t(1));

    RunSummary summary;
    summary.validationLoss = 0.5;
    summary.validationValues = {{"mae", 0.2}};
    summary.bestMetricName = "loss";
    summary.bestMetric = 0.5;
    summary.bestStep = 2;
    QVERIFY(run->writeSummary(summary).ok());
    QVERIFY(run->setState(RunState::Canceled, "stopped at step 2").ok());
    QVERIFY(!run->directory().owner());
    auto read = readRunSummary(dir);
    QVERIFY(read.ok());
    QVERIFY(read->runDir == fs::absolute(dir));
    QVERIFY(read->canceled); // from state.json
    QCOMPARE(read->validationValues.at("mae"), 0.2);
    QCOMPARE(run->directory().stateRecord().detail, std::string("stopped at step 2"));

    fs::create_directories(run->checkpointDir(1));
    for (int step : {2, 3, 4})
        fs::create_directories(run->checkpointDir(step));
    run->rotateCheckpoints(2, 1);
    const auto kept = run->directory().checkpoints();
    QCOMPARE(kept.size(), std::size_t(3));
    QCOMPARE(kept.front().filename().string(), std::string("step-1")); // the best one stays
    QCOMPARE(kept.back().filename().string(), std::string("step-4"));
}

QTEST_GUILESS_MAIN(tst_RunRecords)
#include "tst_runrecords.moc"

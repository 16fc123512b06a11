// The task seam: the trainer runs a task that has no labels at all (a tiny regression on token
// sequences) through the whole loop - logging, evaluation with the task's own metric and
// loss, best-model selection, early stopping, checkpoints, cancel and resume, prediction
// records, summary and the saved model - with nothing of classification in its records.
#include "trainertestsupport.h"

#include "core/io/tensorfile.h"
#include "core/runs/runrecorder.h"
#include "core/tasks/task.h"
#include "core/train/encodeddata.h"
#include "core/train/optimizers.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace hone;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const TaskInfo &regressionInfo()
{
    static const TaskInfo info = [] {
        TaskInfo t;
        t.name = "test_regression";
        t.evalMetrics = {{"loss", false}, {"mae", false}};
        t.plottedMetrics = {"mae"};
        return t;
    }();
    return info;
}

struct RegressorImpl : torch::nn::Module {
    RegressorImpl()
    {
        embeddings = register_module("embeddings", torch::nn::Embedding(10, 8));
        hidden = register_module("hidden", torch::nn::Linear(8, 8));
        head = register_module("head", torch::nn::Linear(8, 1));
    }
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &mask)
    {
        const torch::Tensor m = mask.unsqueeze(2).to(torch::kFloat32);
        const torch::Tensor pooled = (embeddings->forward(ids) * m).sum(1) / m.sum(1);
        return head->forward(torch::tanh(hidden->forward(pooled))).squeeze(1);
    }
    torch::nn::Embedding embeddings{nullptr};
    torch::nn::Linear hidden{nullptr}, head{nullptr};
};
TORCH_MODULE(Regressor);

// Predicts the mean of a sequence of digits. No labels, no tokenizer, no classes.
class RegressionTask : public Task {
public:
    explicit RegressionTask(std::uint64_t seed, int *prepared = nullptr) : m_prepared(prepared)
    {
        torch::manual_seed(seed);
        m_model = Regressor();
        for (int split = 0; split < 3; ++split) {
            const int rows = split == 0 ? 96 : 24;
            for (int i = 0; i < rows; ++i) {
                std::vector<int> ids;
                const int length = 2 + (i * 7 + split) % 5;
                for (int t = 0; t < length; ++t)
                    ids.push_back((i * 3 + t * 5 + split) % 10);
                double mean = 0;
                for (int id : ids)
                    mean += id;
                m_targets[split].push_back(static_cast<float>(mean / length / 10.0));
                m_lengths[split].push_back(ids.size());
                m_ids[split].push_back(std::move(ids));
            }
        }
    }

    const TaskInfo &info() const override { return regressionInfo(); }
    Result<void> prepare(TaskHost &host, RunStart start) override
    {
        host.phase(TrainingPhase::ReadingData, "generated");
        host.log(std::string("regression data, ") + (start == RunStart::New ? "new run" : "resumed"));
        if (m_prepared)
            ++*m_prepared;
        return {};
    }
    torch::nn::Module &module() override { return *m_model; }
    ModelParts modelParts() override
    {
        return {m_model->embeddings->parameters(), {m_model->hidden->parameters()}, m_model->head->parameters()};
    }
    int enableLoRA(const LoraOptions &, const std::vector<std::string> &) override { return 0; }
    std::size_t size(SplitRole split) const override { return m_ids[index(split)].size(); }
    const std::vector<std::size_t> &lengths(SplitRole split) const override { return m_lengths[index(split)]; }
    TaskBatch batch(SplitRole split, const std::vector<std::size_t> &positions) const override
    {
        const int s = index(split);
        std::size_t longest = 1;
        for (std::size_t p : positions)
            longest = std::max(longest, m_ids[s][p].size());
        TaskBatch b;
        const auto n = static_cast<std::int64_t>(positions.size());
        b.ids = torch::zeros({n, static_cast<std::int64_t>(longest)}, torch::kInt64);
        b.mask = torch::zeros_like(b.ids);
        b.types = torch::zeros_like(b.ids);
        b.targets = torch::empty({n}, torch::kFloat32);
        for (std::int64_t i = 0; i < n; ++i) {
            const auto &row = m_ids[s][positions[static_cast<std::size_t>(i)]];
            for (std::size_t t = 0; t < row.size(); ++t) {
                b.ids[i][static_cast<std::int64_t>(t)] = row[t];
                b.mask[i][static_cast<std::int64_t>(t)] = 1;
            }
            b.targets[i] = m_targets[s][positions[static_cast<std::size_t>(i)]];
            b.tokens += static_cast<std::int64_t>(row.size());
        }
        b.positions = positions;
        b.size = n;
        return b;
    }
    torch::Tensor forward(const TaskBatch &batch) override { return m_model->forward(batch.ids, batch.mask); }
    torch::Tensor trainingLoss(const TaskBatch &batch, const torch::Tensor &output) override
    {
        return torch::mse_loss(output, batch.targets);
    }
    std::map<std::string, double> takeTrainingMetrics() override { return {}; }

    class Accumulator : public EvalAccumulator {
    public:
        explicit Accumulator(std::size_t rows) : m_predicted(rows) {}
        void add(const TaskBatch &batch, const torch::Tensor &output) override
        {
            m_squared += torch::mse_loss(output, batch.targets, at::Reduction::Sum).item<double>();
            m_absolute += (output - batch.targets).abs().sum().item<double>();
            for (std::size_t i = 0; i < batch.positions.size(); ++i)
                m_predicted[batch.positions[i]] = output[static_cast<std::int64_t>(i)].item<double>();
        }
        std::vector<double> totals() const override
        {
            std::vector<double> all{m_squared, m_absolute};
            all.insert(all.end(), m_predicted.begin(), m_predicted.end());
            return all;
        }
        void setTotals(const std::vector<double> &totals) override
        {
            m_squared = totals[0];
            m_absolute = totals[1];
            m_predicted.assign(totals.begin() + 2, totals.end());
        }
        Evaluation finish() override
        {
            Evaluation e;
            const double n = static_cast<double>(m_predicted.size());
            e.metrics.loss = m_squared / n;
            e.metrics.values = {{"mae", m_absolute / n}};
            for (std::size_t i = 0; i < m_predicted.size(); ++i)
                e.predictionRecords.push_back({{"row", i}, {"predicted", m_predicted[i]}});
            return e;
        }

    private:
        std::vector<double> m_predicted;
        double m_squared = 0, m_absolute = 0;
    };
    std::unique_ptr<EvalAccumulator> startEvaluation(SplitRole split) const override
    {
        return std::make_unique<Accumulator>(size(split));
    }
    Result<void> saveModel(const fs::path &dir) override
    {
        fs::create_directories(dir);
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto &item : m_model->named_parameters())
            tensors.emplace_back(item.key(), item.value());
        return saveTensors(dir / "model.safetensors", tensors);
    }
    void describe(RunSummary &summary) const override { summary.task = info().name; }

private:
    static int index(SplitRole split) { return split == SplitRole::Train ? 0 : split == SplitRole::Validation ? 1 : 2; }
    int *m_prepared = nullptr; // the trainer owns (and deletes) the task: the count lives with the test
    Regressor m_model{nullptr};
    std::vector<std::vector<int>> m_ids[3];
    std::vector<std::size_t> m_lengths[3];
    std::vector<float> m_targets[3];
};

struct Recording : TrainingFeedback {
    std::vector<StepMetrics> steps;
    std::vector<EvalMetrics> evals;
    std::int64_t cancelAtStep = -1;
    void onStep(const StepMetrics &s) override
    {
        steps.push_back(s);
        if (cancelAtStep > 0 && s.step >= cancelAtStep)
            cancel();
    }
    void onEval(const EvalMetrics &e) override { evals.push_back(e); }
};

} // namespace

class tst_TaskSeam : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainsATaskWithoutLabels();
    void cancelThenResumeMatchesUninterrupted();
    void earlyStoppingWithoutLabels();
    void unknownBestMetricIsAnError();
    void everyOptimizerNameBuildsAndNoOtherDoes();

private:
    TrainingConfig config() const;
    QTemporaryDir m_tmp;
    fs::path m_root, m_model;
};

void tst_TaskSeam::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_root = m_tmp.path().toStdString();
    m_model = test::writeTinyModel(m_root); // only named in config.json; the task loads no model
}

TrainingConfig tst_TaskSeam::config() const
{
    TrainingConfig c;
    c.name = "regression";
    c.model = m_model.string();
    c.data.file = "generated";
    c.numTrainEpochs = 6;
    c.learningRate = 1e-2;
    c.perDeviceTrainBatchSize = 8;
    c.evalStrategy = "steps";
    c.evalSteps = 12;
    c.loggingSteps = 4;
    c.metricForBestModel = "loss";
    c.greaterIsBetter = false;
    c.seed = 11;
    return c;
}

void tst_TaskSeam::trainsATaskWithoutLabels()
{
    int prepared = 0;
    auto task = std::make_unique<RegressionTask>(11, &prepared);
    Recording feedback;
    const fs::path run = m_root / "regression";
    auto summary = Trainer::train(config(), std::move(task), run, feedback);
    QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    QCOMPARE(prepared, 1);
    QCOMPARE(summary->task, std::string("test_regression"));
    QVERIFY(summary->labels.empty());
    QVERIFY(!summary->validation && !summary->test); // no classification metrics
    QVERIFY(summary->validationValues.count("mae") && summary->testValues.count("mae"));
    QCOMPARE(summary->train.steps, std::int64_t(72));
    QVERIFY(summary->train.evaluationSeconds > 0); // the validation passes, timed apart from the steps
    QVERIFY2(feedback.steps.back().loss < feedback.steps.front().loss * 0.5, "training loss must drop");
    QVERIFY(feedback.evals.front().values.at("mae") > feedback.evals.back().values.at("mae"));

    // The best model is the lowest validation loss, and the summary reports its evaluation.
    double best = 1e9;
    std::int64_t bestStep = 0;
    double bestMae = 0;
    for (const auto &e : feedback.evals)
        if (e.split == "validation" && e.loss < best) {
            best = e.loss;
            bestStep = e.step;
            bestMae = e.values.at("mae");
        }
    QCOMPARE(summary->bestStep, bestStep);
    QCOMPARE(summary->bestMetric.value(), best);
    QCOMPARE(summary->validationLoss, best);
    QCOMPARE(summary->validationValues.at("mae"), bestMae);

    const auto records = RunDirectory::open(run)->readRecords();
    QVERIFY(records.ok());
    for (const auto &s : records->steps)
        QVERIFY2(s.values.empty(), "a task without training metrics writes none (no accuracy)");
    for (const auto &e : records->evals)
        QVERIFY(!e.hasClassification() && e.values.count("mae"));
    QCOMPARE(records->evals.back().split, std::string("test"));
    const auto written = RunDirectory::open(run)->readJson(run / "summary.json");
    QVERIFY(written.ok());
    QVERIFY(!(*written)["validation"].contains("accuracy"));
    QCOMPARE((*written)["task"].get<std::string>(), std::string("test_regression"));
    for (const char *file : {"predictions/validation.jsonl", "predictions/test.jsonl", "model/model.safetensors"})
        QVERIFY2(fs::exists(run / file), file);
    QVERIFY(!fs::exists(run / "split.json")); // the task keeps its own data; nothing of a dataset is assumed
    QCOMPARE(RunDirectory::open(run)->state(), RunState::Finished);
}

void tst_TaskSeam::cancelThenResumeMatchesUninterrupted()
{
    Recording straight;
    auto full = Trainer::train(config(), std::make_unique<RegressionTask>(11), m_root / "straight", straight);
    QVERIFY(full.ok());

    Recording first;
    first.cancelAtStep = 30;
    const fs::path run = m_root / "interrupted";
    auto stopped = Trainer::train(config(), std::make_unique<RegressionTask>(11), run, first);
    QVERIFY(stopped.ok());
    QVERIFY(stopped->canceled);
    Recording second;
    auto resumed = Trainer::resume(run, std::make_unique<RegressionTask>(11), second);
    QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().message.c_str());
    QCOMPARE(resumed->train.steps, full->train.steps);
    QCOMPARE(resumed->bestStep, full->bestStep);
    QVERIFY(std::abs(resumed->testLoss - full->testLoss) < 1e-6);
    QVERIFY(std::abs(resumed->testValues.at("mae") - full->testValues.at("mae")) < 1e-6);
}

void tst_TaskSeam::earlyStoppingWithoutLabels()
{
    TrainingConfig c = config();
    c.earlyStoppingPatience = 1;
    c.earlyStoppingThreshold = 10.0; // no loss can fall by 10: stops at the second evaluation
    Recording feedback;
    auto summary = Trainer::train(c, std::make_unique<RegressionTask>(11), m_root / "early", feedback);
    QVERIFY(summary.ok());
    QVERIFY(summary->stoppedEarly);
    QCOMPARE(summary->train.steps, std::int64_t(24));
    QCOMPARE(summary->bestStep, std::int64_t(12));
}

void tst_TaskSeam::unknownBestMetricIsAnError()
{
    TrainingConfig c = config();
    c.metricForBestModel = "accuracy"; // valid for classification, not reported by this task
    Recording feedback;
    auto summary = Trainer::train(c, std::make_unique<RegressionTask>(11), m_root / "unknown-metric", feedback);
    QVERIFY(!summary.ok());
    QVERIFY2(QString::fromStdString(summary.error().message).contains(QStringLiteral("metric_for_best_model")),
             summary.error().message.c_str());
    QCOMPARE(RunDirectory::open(m_root / "unknown-metric")->state(), RunState::Failed);
}

void tst_TaskSeam::everyOptimizerNameBuildsAndNoOtherDoes()
{
    TrainingConfig c = config();
    const torch::Tensor w = torch::zeros({2}, torch::requires_grad());
    for (const auto &name : optimizerNames()) {
        c.optim = name;
        QVERIFY2(makeOptimizer(c, {{"w", w, 0.0}}) != nullptr, name.c_str());
    }
    c.optim = "adamw_8bit"; // not one of ours: no silent AdamW
    QVERIFY(makeOptimizer(c, {{"w", w, 0.0}}) == nullptr);
}

QTEST_GUILESS_MAIN(tst_TaskSeam)
#include "tst_taskseam.moc"

// Step-by-step parity with Hugging Face's Trainer: with dropout off, the same initial weights (head
// included) and the same batches, Hone's training loss at each of 50 steps equals the Trainer's
// within 1e-4, for every optimizer and schedule (goldens: tools/make_training_parity.py).
#include "../testsupport.h"

#include "core/data/batchsampler.h"
#include "core/runs/rundirectory.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace hone;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path parityDir()
{
    return fs::path(test::dataPath(QStringLiteral("parity")).toStdString());
}

const json &goldens()
{
    static const json j = [] {
        std::ifstream in(parityDir() / "goldens.json");
        return json::parse(in);
    }();
    return j;
}

} // namespace

class tst_TrainingParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchOrderIsTheTrainers();
    void lossPerStepMatchesTrainer_data();
    void lossPerStepMatchesTrainer();
};

// The Trainer was given Hone's shuffle as its sampler; this pins that the trainer's sampler (plain
// shuffled batches of the training rows in file order) still produces it.
void tst_TrainingParity::batchOrderIsTheTrainers()
{
    const json &g = goldens();
    const auto seed = g.at("seed").get<std::uint64_t>();
    const auto batch = g.at("batch_size").get<std::size_t>();
    for (const json &c : g.at("cases")) {
        const auto &orders = c.at("epoch_orders");
        std::vector<std::size_t> all(orders.at(0).size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        const BatchSampler sampler = BatchSampler::shuffled(all, batch, seed);
        for (std::size_t e = 0; e < orders.size(); ++e)
            QCOMPARE(sampler.epochOrder(static_cast<int>(e)), orders.at(e).get<std::vector<std::size_t>>());
    }
}

void tst_TrainingParity::lossPerStepMatchesTrainer_data()
{
    QTest::addColumn<int>("index");
    int i = 0;
    for (const json &c : goldens().at("cases")) {
        QTest::newRow(c.at("name").get<std::string>().c_str()) << i;
        ++i;
    }
}

void tst_TrainingParity::lossPerStepMatchesTrainer()
{
    QFETCH(int, index);
    const json &g = goldens();
    const json &golden = g.at("cases").at(static_cast<std::size_t>(index));
    const json &s = golden.at("settings");

    TrainingConfig c;
    c.name = golden.at("name").get<std::string>();
    c.model = (parityDir() / "model").string();
    c.data.train = (parityDir() / "train.csv").string();
    c.data.validation = (parityDir() / "validation.csv").string();
    c.maxLength = g.at("max_length").get<int>();
    c.maxSteps = g.at("steps").get<std::int64_t>();
    c.perDeviceTrainBatchSize = g.at("batch_size").get<int>();
    c.seed = g.at("seed").get<std::uint64_t>();
    c.groupByLength = false;
    c.bf16 = false; // the Trainer's reference is float32
    c.evalStrategy = "no";
    c.loggingSteps = 1;
    c.saveTotalLimit = 1;
    c.optim = s.at("optim").get<std::string>();
    c.lrSchedulerType = s.at("lr_scheduler_type").get<std::string>();
    c.learningRate = s.at("learning_rate").get<double>();
    c.weightDecay = s.at("weight_decay").get<double>();
    c.warmupSteps = s.at("warmup_steps").get<std::int64_t>();
    c.maxGradNorm = s.at("max_grad_norm").get<double>();
    c.momentum = s.value("momentum", 0.0);
    c.nesterov = s.value("nesterov", false);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path runDir = fs::path(dir.path().toStdString()) / "run";
    TrainingFeedback feedback;
    auto summary = Trainer::train(c, runDir, feedback);
    QVERIFY2(summary, summary ? "" : summary.error().message.c_str());

    auto run = RunDirectory::open(runDir);
    QVERIFY(run.ok());
    const auto records = run->readMetrics();
    QVERIFY(records.ok());
    std::vector<double> losses;
    for (const json &r : records.value())
        if (r.value("kind", std::string()) == "step")
            losses.push_back(r.at("loss").get<double>());
    const auto expected = golden.at("losses").get<std::vector<double>>();
    QCOMPARE(losses.size(), expected.size());
    double worst = 0;
    std::size_t worstStep = 0;
    for (std::size_t i = 0; i < losses.size(); ++i)
        if (std::abs(losses[i] - expected[i]) > worst) {
            worst = std::abs(losses[i] - expected[i]);
            worstStep = i + 1;
        }
    qInfo("%s: largest difference %.3g at step %zu (loss %.6f -> %.6f)", c.name.c_str(), worst, worstStep,
          expected.front(), expected.back());
    QVERIFY2(worst <= 1e-4, qPrintable(QStringLiteral("step %1: Hone %2, Trainer %3")
                                           .arg(worstStep)
                                           .arg(losses[worstStep - 1], 0, 'f', 7)
                                           .arg(expected[worstStep - 1], 0, 'f', 7)));
}

QTEST_GUILESS_MAIN(tst_TrainingParity)
#include "tst_trainingparity.moc"

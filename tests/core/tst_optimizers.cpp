// Optimizers and schedules against the references tools/make_optimizer_goldens.py wrote from
// torch.optim and transformers: every optimizer, in float64 and float32, stays within 1e-6 of
// torch's parameters after each of 20 steps (decoupled and L2 weight decay, momentum, Nesterov,
// ε); every schedule gives transformers' multiplier at every step.
#include "core/train/optimizers.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(nlohmann::json)

namespace {

constexpr double kTolerance = 1e-6;

nlohmann::json readGolden(const char *name)
{
    const fs::path file = fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" /
                          "optimizers" / name;
    std::ifstream in(file);
    if (!in)
        qFatal("cannot read %s", file.string().c_str());
    return nlohmann::json::parse(in);
}

torch::Tensor tensorFrom(const std::vector<double> &values, const std::vector<std::int64_t> &shape,
                         torch::ScalarType dtype)
{
    return torch::tensor(values, torch::kFloat64).reshape(shape).to(dtype);
}

} // namespace

class tst_Optimizers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesTorchOptim_data();
    void matchesTorchOptim();
    void schedulesMatchTransformers_data();
    void schedulesMatchTransformers();

private:
    nlohmann::json m_optimizers;
};

void tst_Optimizers::initTestCase()
{
    m_optimizers = readGolden("optimizers.json");
    QCOMPARE(m_optimizers["cases"].size(), std::size_t(24));
}

void tst_Optimizers::matchesTorchOptim_data()
{
    QTest::addColumn<nlohmann::json>("golden");
    const auto golden = readGolden("optimizers.json");
    for (const auto &c : golden["cases"]) {
        const std::string row = c["name"].get<std::string>() + "-" + c["dtype"].get<std::string>();
        QTest::newRow(row.c_str()) << c;
    }
}

void tst_Optimizers::matchesTorchOptim()
{
    QFETCH(nlohmann::json, golden);
    const auto dtype = golden["dtype"] == "float64" ? torch::kFloat64 : torch::kFloat32;
    const auto &config = golden["config"];
    TrainingConfig c;
    c.optim = golden["optim"].get<std::string>();
    c.adamBeta1 = config.value("adam_beta1", c.adamBeta1);
    c.adamBeta2 = config.value("adam_beta2", c.adamBeta2);
    c.adamEpsilon = config.value("adam_epsilon", c.adamEpsilon);
    c.momentum = config.value("momentum", c.momentum);
    c.nesterov = config.value("nesterov", c.nesterov);

    std::vector<OptimizedParameter> params;
    std::vector<std::vector<std::int64_t>> shapes;
    for (const auto &p : m_optimizers["parameters"]) {
        shapes.push_back(p["shape"].get<std::vector<std::int64_t>>());
        torch::Tensor t = tensorFrom(p["init"].get<std::vector<double>>(), shapes.back(), dtype).requires_grad_(true);
        params.push_back({p["name"].get<std::string>(), t, p["weight_decay"].get<bool>() ? golden["weight_decay"].get<double>() : 0.0});
    }
    auto optimizer = makeOptimizer(c, params);
    const double lr = golden["lr"].get<double>();
    const auto &grads = m_optimizers["grads"];
    const auto &expected = golden["params_after_step"];
    for (std::size_t step = 0; step < grads.size(); ++step) {
        for (std::size_t i = 0; i < params.size(); ++i)
            params[i].tensor.mutable_grad() = tensorFrom(grads[step][i].get<std::vector<double>>(), shapes[i], dtype);
        optimizer->step(lr * (1.0 - 0.03 * static_cast<double>(step)));
        optimizer->zeroGrad();
        for (std::size_t i = 0; i < params.size(); ++i) {
            const torch::Tensor want = tensorFrom(expected[step][i].get<std::vector<double>>(), shapes[i], torch::kFloat64);
            const double diff = (params[i].tensor.detach().to(torch::kFloat64) - want).abs().max().item<double>();
            if (diff > kTolerance)
                QFAIL(qPrintable(QStringLiteral("%1 after step %2: max |Hone - torch| = %3 (tolerance %4)")
                                     .arg(QString::fromStdString(params[i].name))
                                     .arg(step + 1)
                                     .arg(diff)
                                     .arg(kTolerance)));
        }
    }
}

void tst_Optimizers::schedulesMatchTransformers_data()
{
    QTest::addColumn<nlohmann::json>("golden");
    const auto golden = readGolden("schedules.json");
    for (const auto &s : golden["schedules"]) {
        const std::string row = s["type"].get<std::string>() + "-warmup" + std::to_string(s["warmup_steps"].get<int>()) +
                                "-total" + std::to_string(s["total_steps"].get<int>());
        QTest::newRow(row.c_str()) << s;
    }
}

void tst_Optimizers::schedulesMatchTransformers()
{
    QFETCH(nlohmann::json, golden);
    const auto factors = golden["factors"].get<std::vector<double>>();
    QVERIFY(!factors.empty());
    for (std::size_t step = 0; step < factors.size(); ++step) {
        const double got = scheduleFactor(golden["type"].get<std::string>(), static_cast<std::int64_t>(step),
                                          golden["warmup_steps"].get<std::int64_t>(), golden["total_steps"].get<std::int64_t>());
        if (std::abs(got - factors[step]) > 1e-12)
            QFAIL(qPrintable(QStringLiteral("step %1: %2, transformers %3").arg(step).arg(got, 0, 'g', 17).arg(factors[step], 0, 'g', 17)));
    }
}

QTEST_GUILESS_MAIN(tst_Optimizers)
#include "tst_optimizers.moc"

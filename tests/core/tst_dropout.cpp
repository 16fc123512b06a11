// hone::dropout: the kept share is 1 - p (and pairs drawn from one 64-bit value are independent),
// kept values scaled by 1 / (1 - p) exactly, the gradient is the scaled mask, a seed gives the same
// mask on 1 or 2 threads and successive calls differ, and outside training or at p = 0 the input
// itself comes back.
#include "core/models/layers/dropout.h"

#include <ATen/Parallel.h>

#include <QTest>

using namespace hone;

class tst_Dropout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keptShareAndScale();
    void gradientIsTheScaledMask();
    void reproducibleOnAnyThreadCount();
    void identityOutsideTraining();
};

void tst_Dropout::keptShareAndScale()
{
    const std::int64_t n = 1 << 22;
    const torch::Tensor x = torch::rand({n}) + 0.5;
    for (const double p : {0.05, 0.1, 0.5}) {
        torch::manual_seed(3);
        const torch::Tensor y = applyDropout(x, p, true);
        const torch::Tensor kept = y.ne(0);
        // Binomial spread: sqrt(p (1 - p) / n) <= 2.5e-4; 5 standard deviations.
        const double share = kept.to(torch::kDouble).mean().item<double>();
        QVERIFY2(std::abs(share - (1 - p)) < 1.25e-3, qPrintable(QStringLiteral("p %1: kept %2").arg(p).arg(share)));
        QVERIFY(torch::equal(y.index({kept}), x.index({kept}) * static_cast<float>(1.0 / (1.0 - p))));
        // Neighbours share a 64-bit draw: both dropped as often as p^2.
        const torch::Tensor dropped = kept.logical_not().view({n / 2, 2});
        const double both = dropped.all(1).to(torch::kDouble).mean().item<double>();
        QVERIFY2(std::abs(both - p * p) < 5 * std::sqrt(p * p / (n / 2.0)) + 1e-4,
                 qPrintable(QStringLiteral("p %1: both of a pair dropped %2").arg(p).arg(both)));
    }
}

void tst_Dropout::gradientIsTheScaledMask()
{
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({64, 384}).requires_grad_(true);
    const torch::Tensor y = applyDropout(x, 0.1, true);
    (y * 2).sum().backward();
    const torch::Tensor mask = y.ne(0).to(torch::kFloat);
    QVERIFY(torch::allclose(x.grad(), mask * (2 / 0.9f), 0, 1e-6));
}

void tst_Dropout::reproducibleOnAnyThreadCount()
{
    const int threads = at::get_num_threads();
    const torch::Tensor x = torch::ones({1000, 333});
    auto draw = [&](int n) {
        at::set_num_threads(n);
        torch::manual_seed(11);
        const torch::Tensor a = applyDropout(x, 0.1, true), b = applyDropout(x, 0.1, true);
        return std::make_pair(a, b);
    };
    const auto [a1, b1] = draw(1);
    const auto [a2, b2] = draw(2);
    at::set_num_threads(threads);
    QVERIFY(torch::equal(a1, a2));
    QVERIFY(torch::equal(b1, b2));
    QVERIFY(!torch::equal(a1, b1)); // each call draws a new seed
    // The mask alone is a function of its seed.
    QVERIFY(torch::equal(dropoutKeepMask({7, 9}, 0.3, 42), dropoutKeepMask({7, 9}, 0.3, 42)));
    QVERIFY(!torch::equal(dropoutKeepMask({7, 9}, 0.3, 42), dropoutKeepMask({7, 9}, 0.3, 43)));
}

void tst_Dropout::identityOutsideTraining()
{
    const torch::Tensor x = torch::randn({4, 5});
    QVERIFY(applyDropout(x, 0.1, false).is_same(x));
    QVERIFY(applyDropout(x, 0.0, true).is_same(x));
    QVERIFY(dropoutKeepMask({3}, 0.0, 1).all().item<bool>());
    QVERIFY_EXCEPTION_THROWN(dropoutKeepMask({3}, 1.5, 1), c10::Error);
}

QTEST_GUILESS_MAIN(tst_Dropout)
#include "tst_dropout.moc"

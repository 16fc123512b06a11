// The kernels under attention and dropout. batchedMatmul: torch::matmul's products and gradients
// for row- and column-major matrices in strided places (attention's head views and transposes),
// sizes of 1 and 0, and batches large enough to spread over threads.
// applyDropout: the kept share is 1 - p (and pairs drawn from one 64-bit value are independent),
// kept values scaled by 1 / (1 - p) exactly, the gradient is the scaled mask, a seed gives the same
// mask on 1 or 2 threads and successive calls differ, and outside training or at p = 0 the input
// itself comes back.
#include "core/models/layers/batchedmatmul.h"
#include "core/models/layers/dropout.h"

#include <ATen/Parallel.h>

#include <QTest>

#include <array>

using namespace hone;

class tst_LayerKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchedMatmulMatchesMatmul();
    void batchedMatmulEdgeSizes();
    void keptShareAndScale();
    void gradientIsTheScaledMask();
    void reproducibleOnAnyThreadCount();
    void identityOutsideTraining();
};

void tst_LayerKernels::batchedMatmulMatchesMatmul()
{
    torch::manual_seed(1);
    const std::int64_t batch = 3, heads = 4, length = 7, dim = 5;
    // q, k, v as attention sees them: [B, heads, T, D] views of [B, T, heads * D] rows.
    const auto heads4 = [&](const torch::Tensor &rows) { return rows.view({batch, length, heads, dim}).transpose(1, 2); };
    const torch::Tensor q = torch::randn({batch, length, heads * dim}, torch::requires_grad());
    const torch::Tensor k = torch::randn({batch, length, heads * dim}, torch::requires_grad());
    const torch::Tensor v = torch::randn({batch, length, heads * dim}, torch::requires_grad());
    const torch::Tensor upstream = torch::randn({batch, heads, length, dim});
    auto run = [&](bool ours) {
        for (const auto &t : {q, k, v})
            if (t.grad().defined())
                t.grad().zero_();
        const auto mm = [&](const torch::Tensor &a, const torch::Tensor &b) { return ours ? batchedMatmul(a, b) : torch::matmul(a, b); };
        const torch::Tensor scores = mm(heads4(q), heads4(k).transpose(-1, -2)); // row-major @ column-major
        const torch::Tensor out = mm(torch::softmax(scores, -1), heads4(v));      // contiguous @ strided
        (out * upstream).sum().backward();
        return std::vector<torch::Tensor>{scores.detach(), out.detach(), q.grad().clone(), k.grad().clone(), v.grad().clone()};
    };
    const auto expected = run(false), got = run(true);
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(torch::allclose(got[i], expected[i], 1e-5, 1e-6), qPrintable(QStringLiteral("tensor %1").arg(i)));
    // Enough matrices to spread over threads, one of them a copy that is neither row- nor column-major.
    const torch::Tensor a = torch::randn({64, 9, 6}), b = torch::randn({64, 8, 6 * 2}).slice(2, 0, 12, 2);
    QVERIFY(torch::allclose(batchedMatmul(a, b.transpose(-1, -2).contiguous()), torch::matmul(a, b.transpose(-1, -2)), 1e-5, 1e-6));
    QVERIFY(torch::allclose(batchedMatmul(a, b.transpose(-1, -2)), torch::matmul(a, b.transpose(-1, -2)), 1e-5, 1e-6));
    // Other dtypes go to torch::matmul.
    QVERIFY(torch::equal(batchedMatmul(a.to(torch::kDouble), a.transpose(-1, -2).to(torch::kDouble)),
                         torch::matmul(a.to(torch::kDouble), a.transpose(-1, -2).to(torch::kDouble))));
    QVERIFY_EXCEPTION_THROWN(batchedMatmul(a, a), c10::Error);
}

void tst_LayerKernels::batchedMatmulEdgeSizes()
{
    torch::manual_seed(2);
    // A single query row (a classifier's last layer), a single key, an empty inner dimension, no matrices.
    for (const auto &[m, k, n] : std::vector<std::array<std::int64_t, 3>>{{1, 4, 6}, {3, 4, 1}, {1, 1, 1}, {2, 0, 3}}) {
        const torch::Tensor a = torch::randn({2, 3, m, k}), b = torch::randn({2, 3, n, k}).transpose(-1, -2);
        QVERIFY2(torch::allclose(batchedMatmul(a, b), torch::matmul(a, b), 1e-5, 1e-6),
                 qPrintable(QStringLiteral("%1 x %2 x %3").arg(m).arg(k).arg(n)));
    }
    QCOMPARE(batchedMatmul(torch::randn({0, 2, 3}), torch::randn({0, 3, 4})).sizes().vec(), (std::vector<std::int64_t>{0, 2, 4}));
}

void tst_LayerKernels::keptShareAndScale()
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

void tst_LayerKernels::gradientIsTheScaledMask()
{
    torch::manual_seed(5);
    const torch::Tensor x = torch::randn({64, 384}).requires_grad_(true);
    const torch::Tensor y = applyDropout(x, 0.1, true);
    (y * 2).sum().backward();
    const torch::Tensor mask = y.ne(0).to(torch::kFloat);
    QVERIFY(torch::allclose(x.grad(), mask * (2 / 0.9f), 0, 1e-6));
}

void tst_LayerKernels::reproducibleOnAnyThreadCount()
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

void tst_LayerKernels::identityOutsideTraining()
{
    const torch::Tensor x = torch::randn({4, 5});
    QVERIFY(applyDropout(x, 0.1, false).is_same(x));
    QVERIFY(applyDropout(x, 0.0, true).is_same(x));
    QVERIFY(dropoutKeepMask({3}, 0.0, 1).all().item<bool>());
    QVERIFY_EXCEPTION_THROWN(dropoutKeepMask({3}, 1.5, 1), c10::Error);
}

QTEST_GUILESS_MAIN(tst_LayerKernels)
#include "tst_layerkernels.moc"

// The tensor cache (core/system/allocator.h) as LibTorch's CPU allocator: tensors of every size
// keep their values, a freed large block serves the next tensor of about its size, LibTorch's raw
// interface and frees from other threads work, and training arithmetic is unchanged.
#include "core/system/allocator.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <QTest>

#include <cstdint>
#include <thread>
#include <vector>

using namespace hone;

class tst_TensorCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tensorsOfEverySizeKeepTheirValues();
    void freedBlockServesATensorOfAboutItsSize();
    void tooLargeABlockIsNotTaken();
    void rawInterfaceAndOtherThreads();
    void gradientsEqualWithoutTheCache();
};

namespace {

// A gradient computed by ops that allocate large and small tensors.
torch::Tensor someGradient()
{
    torch::manual_seed(7);
    auto w = torch::randn({512, 768}, torch::requires_grad());
    auto x = torch::randn({333, 768});
    torch::gelu(torch::linear(x, w)).pow(2).sum().backward();
    return w.grad().clone();
}

torch::Tensor gradientWithoutCache;

} // namespace

void tst_TensorCache::initTestCase()
{
    gradientWithoutCache = someGradient();
    installTensorCache();
}

void tst_TensorCache::tensorsOfEverySizeKeepTheirValues()
{
    std::vector<torch::Tensor> kept;
    for (std::int64_t n : {0LL, 1LL, 1000LL, 262143LL, 262144LL, 300000LL, 5000000LL}) {
        auto t = torch::arange(n, torch::kFloat32);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(t.data_ptr()) % 64, std::uintptr_t(0));
        kept.push_back(t);
    }
    for (const auto &t : kept)
        QVERIFY(torch::equal(t, torch::arange(t.numel(), torch::kFloat32)));
}

void tst_TensorCache::freedBlockServesATensorOfAboutItsSize()
{
    void *first = nullptr;
    {
        auto t = torch::empty({1000, 1000}); // 4 MB
        first = t.data_ptr();
    }
    auto again = torch::full({990, 1000}, 2.0f); // 1% smaller: the same block
    QCOMPARE(again.data_ptr(), first);
    QCOMPARE(again.sum().item<double>(), 2.0 * 990 * 1000);
}

void tst_TensorCache::tooLargeABlockIsNotTaken()
{
    void *big = nullptr;
    {
        auto t = torch::empty({4000, 1000}); // 16 MB
        big = t.data_ptr();
    }
    auto small = torch::empty({1000, 1000}); // 4 MB: would waste three quarters of it
    QVERIFY(small.data_ptr() != big);
}

void tst_TensorCache::rawInterfaceAndOtherThreads()
{
    c10::Allocator *allocator = c10::GetCPUAllocator();
    QVERIFY(allocator->raw_deleter() != nullptr);
    void *raw = allocator->raw_allocate(3 << 20);
    static_cast<float *>(raw)[0] = 1.0f;
    allocator->raw_deallocate(raw);

    std::vector<torch::Tensor> made;
    for (int i = 0; i < 8; ++i)
        made.push_back(torch::ones({1 << 18}) * i);
    std::thread freer([moved = std::move(made)]() mutable { moved.clear(); });
    std::vector<torch::Tensor> meanwhile;
    for (int i = 0; i < 8; ++i)
        meanwhile.push_back(torch::ones({1 << 18}) * i);
    freer.join();
    for (int i = 0; i < 8; ++i)
        QCOMPARE(meanwhile[i].sum().item<double>(), double(i) * (1 << 18));
}

void tst_TensorCache::gradientsEqualWithoutTheCache()
{
    QVERIFY(torch::equal(someGradient(), gradientWithoutCache));
}

QTEST_APPLESS_MAIN(tst_TensorCache)
#include "tst_tensorcache.moc"

// Batch samplers: HF group_by_length semantics (golden from transformers' own function), the
// seeded PRNG against its Python port, and exact resume from a position.
#include "core/data/batchsampler.h"
#include "core/data/seededrandom.h"

#include "testsupport.h"

#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>

using namespace hone;

namespace {

nlohmann::json golden()
{
    std::ifstream in(hone::test::dataPath(QStringLiteral("datasets/sampler_golden.json")).toStdString());
    return nlohmann::json::parse(in);
}

std::vector<std::size_t> iota(std::size_t n, std::size_t from = 0)
{
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), from);
    return v;
}

} // namespace

class tst_BatchSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void prngMatchesPythonPort();
    void lengthGroupedMatchesHuggingFace();
    void lengthGroupedBatchesAreHomogeneous();
    void shuffledCoversEveryIndexOncePerEpoch();
    void resumesExactly();
    void dropLastAndSequential();
    void shardsPartitionTheGlobalBatch();
};

void tst_BatchSampler::prngMatchesPythonPort()
{
    const auto g = golden();
    SeededRandom r(0);
    QCOMPARE(r.next(), g["splitmix"]["first"][0].get<std::uint64_t>());
    QCOMPARE(mixSeed(42, 3), g["mix_seed"]["value"].get<std::uint64_t>());
    for (const auto &c : g["shuffled"]) {
        const auto sampler = BatchSampler::shuffled(iota(c["n"].get<std::size_t>()), 4, c["seed"].get<std::uint64_t>());
        QCOMPARE(sampler.epochOrder(c["epoch"].get<int>()), c["order"].get<std::vector<std::size_t>>());
    }
}

void tst_BatchSampler::lengthGroupedMatchesHuggingFace()
{
    const auto g = golden();
    QCOMPARE(g["length_grouped"].size(), std::size_t(4));
    for (const auto &c : g["length_grouped"]) {
        const auto lengths = c["lengths"].get<std::vector<std::size_t>>();
        const auto order = lengthGroupedOrder(lengths, c["batch_size"].get<std::size_t>(), c["seed"].get<std::uint64_t>(),
                                              c["mega_batch_mult"].get<std::size_t>());
        QCOMPARE(order, c["order"].get<std::vector<std::size_t>>());
        // The longest element comes first (HF puts it there so an out-of-memory happens at once).
        QCOMPARE(lengths[order[0]], *std::max_element(lengths.begin(), lengths.end()));
    }
}

void tst_BatchSampler::lengthGroupedBatchesAreHomogeneous()
{
    // Lengths 1..1000 shuffled: in length-grouped batches the spread inside a batch is far below
    // the spread of random batches.
    std::vector<std::size_t> lengths = iota(1000, 1);
    SeededRandom(9).shuffle(lengths);
    const auto grouped = BatchSampler::lengthGrouped(iota(1000, 5000), lengths, 16, 1);
    const auto random = BatchSampler::shuffled(iota(1000, 5000), 16, 1);
    auto spread = [&](const BatchSampler &s) {
        double total = 0;
        for (const auto &b : s.epochBatches(0)) {
            std::size_t lo = SIZE_MAX, hi = 0;
            for (std::size_t i : b) {
                lo = std::min(lo, lengths[i - 5000]);
                hi = std::max(hi, lengths[i - 5000]);
            }
            total += static_cast<double>(hi - lo);
        }
        return total;
    };
    QVERIFY2(spread(grouped) * 10 < spread(random), "length grouping must put similar lengths together");
    // It hands out the caller's indices, each once.
    auto order = grouped.epochOrder(0);
    std::sort(order.begin(), order.end());
    QCOMPARE(order, iota(1000, 5000));
}

void tst_BatchSampler::shuffledCoversEveryIndexOncePerEpoch()
{
    const auto s = BatchSampler::shuffled(iota(103), 10, 5);
    QCOMPARE(s.batchesPerEpoch(), std::size_t(11));
    const auto e0 = s.epochBatches(0), e1 = s.epochBatches(1);
    QCOMPARE(e0.size(), std::size_t(11));
    QCOMPARE(e0.back().size(), std::size_t(3));
    std::vector<std::size_t> flat;
    for (const auto &b : e0)
        flat.insert(flat.end(), b.begin(), b.end());
    std::sort(flat.begin(), flat.end());
    QCOMPARE(flat, iota(103));
    QVERIFY(e0 != e1); // a new order every epoch
    QCOMPARE(BatchSampler::shuffled(iota(103), 10, 5).epochBatches(1), e1); // deterministic
}

void tst_BatchSampler::resumesExactly()
{
    std::vector<std::size_t> lengths(250);
    for (std::size_t i = 0; i < lengths.size(); ++i)
        lengths[i] = 5 + (i * 37) % 120;
    for (const bool grouped : {false, true}) {
        auto make = [&] {
            return grouped ? BatchSampler::lengthGrouped(iota(250), lengths, 8, 77) : BatchSampler::shuffled(iota(250), 8, 77);
        };
        // Uninterrupted: three epochs.
        BatchSampler full = make();
        std::vector<std::vector<std::size_t>> expected;
        std::vector<std::size_t> batch;
        for (int epoch = 0; epoch < 3; ++epoch) {
            while (full.next(batch))
                expected.push_back(batch);
            QCOMPARE(full.position(), (SamplerPosition{epoch + 1, 0}));
        }
        QCOMPARE(expected.size(), std::size_t(3 * 32));
        // Interrupted after 45 batches (epoch 1, batch 13), resumed in a new sampler.
        BatchSampler first = make();
        std::vector<std::vector<std::size_t>> got;
        while (got.size() < 45) {
            if (first.next(batch))
                got.push_back(batch);
        }
        const SamplerPosition saved = first.position();
        QCOMPARE(saved, (SamplerPosition{1, 13}));
        BatchSampler resumed = make();
        resumed.seek(saved);
        while (resumed.position().epoch < 3) {
            if (resumed.next(batch))
                got.push_back(batch);
        }
        QCOMPARE(got, expected);
    }
}

void tst_BatchSampler::dropLastAndSequential()
{
    const auto d = BatchSampler::shuffled(iota(103), 10, 5, true);
    QCOMPARE(d.batchesPerEpoch(), std::size_t(10));
    for (const auto &b : d.epochBatches(0))
        QCOMPARE(b.size(), std::size_t(10));
    auto s = BatchSampler::sequential({9, 3, 4, 1, 0}, 2);
    QCOMPARE(s.epochBatches(0), (std::vector<std::vector<std::size_t>>{{9, 3}, {4, 1}, {0}}));
    QCOMPARE(s.epochBatches(4), s.epochBatches(0));
    std::vector<std::size_t> batch;
    QVERIFY(s.next(batch));
    QCOMPARE(batch, (std::vector<std::size_t>{9, 3}));
    auto empty = BatchSampler::shuffled({}, 4, 1);
    QCOMPARE(empty.batchesPerEpoch(), std::size_t(0));
    QVERIFY(!empty.next(batch));
    QVERIFY(batch.empty());
    QCOMPARE(empty.position(), (SamplerPosition{1, 0}));
}

void tst_BatchSampler::shardsPartitionTheGlobalBatch()
{
    // Two ranks with batch 8 take the halves of the batch one process with batch 16 sees.
    const std::vector<std::size_t> global = iota(16, 100);
    QCOMPARE(shardOf(global, 0, 2), iota(8, 100));
    QCOMPARE(shardOf(global, 1, 2), iota(8, 108));
    QCOMPARE(shardOf(global, 0, 1), global);
    // Uneven: 5 over 4 ranks is 2, 2, 1, 0; the concatenation is the batch in order.
    const std::vector<std::size_t> five = iota(5);
    std::vector<std::size_t> joined;
    std::vector<std::size_t> sizes;
    for (int r = 0; r < 4; ++r) {
        const auto s = shardOf(five, r, 4);
        sizes.push_back(s.size());
        joined.insert(joined.end(), s.begin(), s.end());
    }
    QCOMPARE(sizes, (std::vector<std::size_t>{2, 2, 1, 0}));
    QCOMPARE(joined, five);
}

QTEST_GUILESS_MAIN(tst_BatchSampler)
#include "tst_batchsampler.moc"

#include "core/data/batchsampler.h"

#include "core/data/seededrandom.h"

#include <algorithm>
#include <numeric>

namespace hone {

std::vector<std::size_t> lengthGroupedOrder(const std::vector<std::size_t> &lengths, std::size_t batchSize,
                                            std::uint64_t seed, std::size_t megaBatchMult)
{
    const std::size_t n = lengths.size();
    if (n == 0)
        return {};
    batchSize = std::max<std::size_t>(batchSize, 1);
    if (megaBatchMult == 0)
        megaBatchMult = std::max<std::size_t>(std::min<std::size_t>(n / (batchSize * 4), 50), 1);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    SeededRandom rng(seed);
    rng.shuffle(order);
    const std::size_t mega = megaBatchMult * batchSize;
    std::size_t bestStart = 0;
    for (std::size_t start = 0; start < n; start += mega) {
        const auto first = order.begin() + static_cast<std::ptrdiff_t>(start);
        const auto last = order.begin() + static_cast<std::ptrdiff_t>(std::min(start + mega, n));
        std::stable_sort(first, last, [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
        if (lengths[*first] > lengths[order[bestStart]]) // the first maximum, as torch.argmax
            bestStart = start;
    }
    std::swap(order[0], order[bestStart]);
    return order;
}

std::vector<std::size_t> shardOf(const std::vector<std::size_t> &batch, int rank, int worldSize)
{
    if (worldSize <= 1)
        return batch;
    const std::size_t n = batch.size(), world = static_cast<std::size_t>(worldSize);
    const std::size_t per = (n + world - 1) / world;
    const std::size_t from = std::min(n, per * static_cast<std::size_t>(rank)), to = std::min(n, from + per);
    return {batch.begin() + static_cast<std::ptrdiff_t>(from), batch.begin() + static_cast<std::ptrdiff_t>(to)};
}

BatchSampler BatchSampler::sequential(std::vector<std::size_t> indices, std::size_t batchSize)
{
    BatchSampler s;
    s.m_kind = Kind::Sequential;
    s.m_indices = std::move(indices);
    s.m_batchSize = std::max<std::size_t>(batchSize, 1);
    return s;
}

BatchSampler BatchSampler::shuffled(std::vector<std::size_t> indices, std::size_t batchSize, std::uint64_t seed,
                                    bool dropLast)
{
    BatchSampler s;
    s.m_kind = Kind::Shuffled;
    s.m_indices = std::move(indices);
    s.m_batchSize = std::max<std::size_t>(batchSize, 1);
    s.m_seed = seed;
    s.m_dropLast = dropLast;
    return s;
}

BatchSampler BatchSampler::lengthGrouped(std::vector<std::size_t> indices, std::vector<std::size_t> lengths,
                                         std::size_t batchSize, std::uint64_t seed, bool dropLast,
                                         std::size_t groupBatchSize, std::size_t megaBatchMult)
{
    BatchSampler s;
    s.m_kind = Kind::LengthGrouped;
    s.m_indices = std::move(indices);
    s.m_lengths = std::move(lengths);
    s.m_lengths.resize(s.m_indices.size(), 0); // a caller bug must not read out of bounds
    s.m_batchSize = std::max<std::size_t>(batchSize, 1);
    s.m_groupBatchSize = groupBatchSize ? groupBatchSize : s.m_batchSize;
    s.m_megaBatchMult = megaBatchMult;
    s.m_seed = seed;
    s.m_dropLast = dropLast;
    return s;
}

std::size_t BatchSampler::batchesPerEpoch() const
{
    const std::size_t n = m_indices.size();
    return m_dropLast ? n / m_batchSize : (n + m_batchSize - 1) / m_batchSize;
}

std::vector<std::size_t> BatchSampler::epochOrder(int epoch) const
{
    const std::uint64_t epochSeed = mixSeed(m_seed, static_cast<std::uint64_t>(epoch));
    switch (m_kind) {
    case Kind::Sequential:
        return m_indices;
    case Kind::Shuffled: {
        std::vector<std::size_t> order = m_indices;
        SeededRandom rng(epochSeed);
        rng.shuffle(order);
        return order;
    }
    case Kind::LengthGrouped: {
        const std::vector<std::size_t> positions = lengthGroupedOrder(m_lengths, m_groupBatchSize, epochSeed, m_megaBatchMult);
        std::vector<std::size_t> order;
        order.reserve(positions.size());
        for (const std::size_t p : positions)
            order.push_back(m_indices[p]);
        return order;
    }
    }
    return m_indices;
}

std::vector<std::vector<std::size_t>> BatchSampler::epochBatches(int epoch) const
{
    const std::vector<std::size_t> order = epochOrder(epoch);
    std::vector<std::vector<std::size_t>> batches;
    const std::size_t count = batchesPerEpoch();
    batches.reserve(count);
    for (std::size_t b = 0; b < count; ++b) {
        const std::size_t start = b * m_batchSize;
        const std::size_t end = std::min(start + m_batchSize, order.size());
        batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                             order.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return batches;
}

const std::vector<std::vector<std::size_t>> &BatchSampler::cachedEpoch(int epoch)
{
    if (m_cachedEpoch != epoch) {
        m_cache = epochBatches(epoch);
        m_cachedEpoch = epoch;
    }
    return m_cache;
}

bool BatchSampler::next(std::vector<std::size_t> &batch)
{
    const auto &batches = cachedEpoch(m_position.epoch);
    if (m_position.batch >= batches.size()) {
        batch.clear();
        m_position = {m_position.epoch + 1, 0};
        return false;
    }
    batch = batches[m_position.batch];
    ++m_position.batch;
    return true;
}

} // namespace hone

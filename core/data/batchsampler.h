#pragma once
// Index batches for training and evaluation, torch-free and seeded.
//
//   BatchSampler s = BatchSampler::lengthGrouped(splits.train, lengths, 16, seed);
//   s.seek(checkpoint.position);                 // {0, 0} for a fresh run
//   std::vector<std::size_t> batch;
//   while (s.next(batch)) { ... train on dataset.rows[i] for i in batch ...;
//                           save s.position() with the checkpoint; }
//   // next() returned false: the epoch ended and position() is {epoch + 1, 0}.
//
// An epoch's batches are a pure function of (kind, indices, lengths, batch size, seed, epoch):
// epochBatches(e) recomputes them, so resuming from a position gives exactly the batches an
// uninterrupted run would have seen. Each epoch uses its own stream, mixSeed(seed, epoch).
//
// Kinds:
//   Sequential     the indices in the given order (evaluation).
//   Shuffled       a seeded permutation per epoch, cut into batches (HF RandomSampler).
//   LengthGrouped  Hugging Face's group_by_length (trainer_pt_utils.get_length_grouped_indices):
//                  permute; cut into mega-batches of mult x batchSize, where mult defaults to
//                  min(n / (4 x batchSize), 50), at least 1; sort each mega-batch by length,
//                  longest first (stable, so ties keep the permuted order); swap the single
//                  longest element into position 0 (with the first element of mega-batch 0, as
//                  HF does); concatenate and cut into batches. Same semantics as HF; the
//                  permutation itself differs (splitmix64 here, torch.randperm there), so the
//                  orders are not identical to Python's for the same seed. HF groups by
//                  train_batch_size x gradient_accumulation_steps: pass that as groupBatchSize.
// dropLast drops a final short batch (HF dataloader_drop_last).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hone {

struct SamplerPosition {
    int epoch = 0;
    std::size_t batch = 0; // the next batch to hand out within the epoch
    bool operator==(const SamplerPosition &o) const { return epoch == o.epoch && batch == o.batch; }
};

class BatchSampler {
public:
    enum class Kind { Sequential, Shuffled, LengthGrouped };

    static BatchSampler sequential(std::vector<std::size_t> indices, std::size_t batchSize);
    static BatchSampler shuffled(std::vector<std::size_t> indices, std::size_t batchSize, std::uint64_t seed,
                                 bool dropLast = false);
    // lengths[i] is the length (in tokens) of indices[i]; the two vectors have the same size.
    // groupBatchSize: the size used for grouping (0 = batchSize); megaBatchMult 0 = HF's default.
    static BatchSampler lengthGrouped(std::vector<std::size_t> indices, std::vector<std::size_t> lengths,
                                      std::size_t batchSize, std::uint64_t seed, bool dropLast = false,
                                      std::size_t groupBatchSize = 0, std::size_t megaBatchMult = 0);

    Kind kind() const { return m_kind; }
    std::size_t batchSize() const { return m_batchSize; }
    std::size_t size() const { return m_indices.size(); }
    std::size_t batchesPerEpoch() const;

    // The order of the indices in an epoch (before cutting into batches).
    std::vector<std::size_t> epochOrder(int epoch) const;
    std::vector<std::vector<std::size_t>> epochBatches(int epoch) const;

    // Hands out the batch at position() and advances; false at the end of the epoch (then the
    // position moves to the start of the next epoch and `batch` is left empty).
    bool next(std::vector<std::size_t> &batch);
    SamplerPosition position() const { return m_position; }
    void seek(SamplerPosition position) { m_position = position; }

private:
    BatchSampler() = default;
    const std::vector<std::vector<std::size_t>> &cachedEpoch(int epoch);

    Kind m_kind = Kind::Sequential;
    std::vector<std::size_t> m_indices;
    std::vector<std::size_t> m_lengths;
    std::size_t m_batchSize = 1;
    std::size_t m_groupBatchSize = 1;
    std::size_t m_megaBatchMult = 0;
    std::uint64_t m_seed = 0;
    bool m_dropLast = false;
    SamplerPosition m_position;
    int m_cachedEpoch = -1;
    std::vector<std::vector<std::size_t>> m_cache;
};

// Data parallelism: rank `rank` of `worldSize` trains on a contiguous slice of each global batch
// (the batch one process would train on, drawn with batch size per-rank x worldSize), ceil(n /
// worldSize) long; the last ranks get fewer, possibly none, when n does not divide evenly.
// Contiguous slices of length-grouped batches keep each rank's padding as small as one process's.
std::vector<std::size_t> shardOf(const std::vector<std::size_t> &batch, int rank, int worldSize);

// Hugging Face's get_length_grouped_indices on positions 0..lengths.size()-1 with our
// permutation source; exposed for tests and for samplers built elsewhere.
std::vector<std::size_t> lengthGroupedOrder(const std::vector<std::size_t> &lengths, std::size_t batchSize,
                                            std::uint64_t seed, std::size_t megaBatchMult = 0);

} // namespace hone

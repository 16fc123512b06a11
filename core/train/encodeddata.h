#pragma once
// A split tokenized once up front, and the padded tensors of one batch built from it
// (dynamic padding: each batch is as long as its longest text).
#include "core/data/dataset.h"
#include "core/text/tokenizer.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace hone {

struct EncodedSplit {
    std::vector<std::size_t> rows;          // indices into Dataset::rows
    std::vector<std::vector<int>> ids;
    std::vector<std::vector<int>> typeIds;
    std::vector<int> labels;
    std::vector<std::size_t> lengths;       // ids[i].size()
    std::size_t truncated = 0;              // texts cut at maxLength
    std::size_t size() const { return rows.size(); }
};

EncodedSplit encodeSplit(const Dataset &dataset, const std::vector<std::size_t> &rows, const Tokenizer &tokenizer,
                         int maxLength);

struct Batch {
    torch::Tensor ids, mask, types, labels; // [B, T] int64 (labels [B])
    std::int64_t tokens = 0;                // non-padding tokens
    std::int64_t size = 0;
};

// positions index into the split (not the dataset).
Batch makeBatch(const EncodedSplit &split, const std::vector<std::size_t> &positions, int padId);

std::vector<std::size_t> iota(std::size_t n);

// Positions 0..lengths.size()-1 in batches of batchSize, longest first, so each batch pads little
// (inference passes: the caller puts results back in order).
std::vector<std::vector<std::size_t>> lengthSortedBatches(const std::vector<std::size_t> &lengths, int batchSize);

} // namespace hone

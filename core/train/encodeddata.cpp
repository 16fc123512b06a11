#include "core/train/encodeddata.h"

#include <algorithm>
#include <numeric>

namespace hone {

std::vector<std::size_t> iota(std::size_t n)
{
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t(0));
    return v;
}

std::vector<std::vector<std::size_t>> lengthSortedBatches(const std::vector<std::size_t> &lengths, int batchSize)
{
    std::vector<std::size_t> order = iota(lengths.size());
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
    const std::size_t step = static_cast<std::size_t>(std::max(1, batchSize));
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t start = 0; start < order.size(); start += step)
        batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                             order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + step)));
    return batches;
}

EncodedSplit encodeSplit(const Dataset &dataset, const std::vector<std::size_t> &rows, const Tokenizer &tokenizer,
                         int maxLength)
{
    EncodedSplit split;
    split.rows = rows;
    split.ids.reserve(rows.size());
    split.typeIds.reserve(rows.size());
    EncodeOptions options;
    options.maxLength = maxLength;
    for (std::size_t r : rows) {
        const DataRow &row = dataset.rows[r];
        Encoding e = row.text2.empty() ? tokenizer.encode(row.text, options) : tokenizer.encodePair(row.text, row.text2, options);
        split.truncated += e.truncated ? 1 : 0;
        split.lengths.push_back(e.ids.size());
        split.ids.push_back(std::move(e.ids));
        split.typeIds.push_back(std::move(e.typeIds));
        split.labels.push_back(row.label);
    }
    return split;
}

Batch makeBatch(const EncodedSplit &split, const std::vector<std::size_t> &positions, int padId)
{
    std::size_t longest = 1;
    for (std::size_t p : positions)
        longest = std::max(longest, split.ids[p].size());
    const auto n = static_cast<std::int64_t>(positions.size());
    const auto t = static_cast<std::int64_t>(longest);
    Batch batch;
    batch.ids = torch::full({n, t}, padId, torch::kInt64);
    batch.mask = torch::zeros({n, t}, torch::kInt64);
    batch.types = torch::zeros({n, t}, torch::kInt64);
    batch.labels = torch::empty({n}, torch::kInt64);
    auto ids = batch.ids.accessor<std::int64_t, 2>();
    auto mask = batch.mask.accessor<std::int64_t, 2>();
    auto types = batch.types.accessor<std::int64_t, 2>();
    auto labels = batch.labels.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < n; ++i) {
        const std::size_t p = positions[static_cast<std::size_t>(i)];
        const auto &row = split.ids[p];
        const auto &rowTypes = split.typeIds[p];
        for (std::size_t j = 0; j < row.size(); ++j) {
            ids[i][static_cast<std::int64_t>(j)] = row[j];
            mask[i][static_cast<std::int64_t>(j)] = 1;
            types[i][static_cast<std::int64_t>(j)] = j < rowTypes.size() ? rowTypes[j] : 0;
        }
        labels[i] = split.labels[p];
        batch.tokens += static_cast<std::int64_t>(row.size());
    }
    batch.size = n;
    return batch;
}

} // namespace hone

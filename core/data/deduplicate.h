#pragma once
// The fixes the wizard offers for duplicates and leakage: copies of the data with every text kept
// once, or without the texts another split already has. A text is the row's text and second text
// (exactly, as the dataset report compares them); the first occurrence stays, whatever its label.
// Written as UTF-8 CSV with the text, second text and label columns under their original names.
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <filesystem>
#include <vector>

namespace hone {

// Of `rows` (indices into dataset.rows), the first row of each distinct text, in order.
std::vector<std::size_t> distinctRows(const Dataset &dataset, const std::vector<std::size_t> &rows);
// Of `rows`, those whose text is in none of `reference` (leaked rows dropped), in order.
std::vector<std::size_t> rowsWithoutTextsOf(const Dataset &dataset, const std::vector<std::size_t> &rows,
                                            const std::vector<std::size_t> &reference);
// Writes `rows` atomically.
Result<void> writeRowsCsv(const Dataset &dataset, const std::vector<std::size_t> &rows, const std::filesystem::path &out);

struct DeduplicateResult {
    std::size_t rowsKept = 0;
    std::size_t rowsDropped = 0;
};
// Every row of the dataset, each text once.
Result<DeduplicateResult> writeDeduplicatedCsv(const Dataset &dataset, const std::filesystem::path &out);

} // namespace hone

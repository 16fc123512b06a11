#pragma once
// Train/validation/test splits: by ratios (stratified by label, seeded), or by the files given
// per split, with validation carved from the training file when there is no validation file.
// A split manifest (JSON) records the row indices per split and a content hash of the rows, so
// a run is reproducible and a changed data file is detected.
//
// For the trainer, one call does it all:
//   DataSpec spec;  spec.file = "reviews.csv";  spec.split.seed = 42;
//   auto data = prepareData(spec);                      // read + check + split + manifest
//   for (std::size_t i : data->splits.train) use(data->dataset.rows[i]);
//   saveSplitManifest(data->manifest, runDir / "split.json");
// and on resume: loadSplitManifest(...) then applySplitManifest(manifest, dataset) (or
// prepareData with spec.manifest set), which fails when the rows are not the ones split before.
//
// Stratified splitting (per class, classes in label order):
//   - each class's rows are shuffled with their own seeded stream (mixSeed(seed, label)), so a
//     class's assignment does not depend on the other classes;
//   - the counts per (class, split) are the proportional shares rounded so that every class
//     total is exact and the split totals equal the largest-remainder rounding of N x ratio;
//   - every class gets at least one row in every split whose ratio is > 0 (taken from its largest
//     split, with a swap in another class to keep the split sizes); so a class needs at least as
//     many rows as there are non-empty splits, otherwise the split fails naming the class and its
//     count (no silent fallback to an unstratified split).
// Unstratified splitting shuffles all rows once and cuts at the rounded sizes.
// Indices in a split are ascending (the samplers do the shuffling).
#include "core/data/dataset.h"
#include "core/util/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hone {

enum class Split { Train = 0, Validation = 1, Test = 2 };
const char *splitName(Split split); // "train", "validation", "test"

struct SplitRatios {
    double train = 0.8;
    double validation = 0.1;
    double test = 0.1;
    double operator[](Split s) const { return s == Split::Train ? train : s == Split::Validation ? validation : test; }
};
// Each >= 0, train > 0, sum 1 within 1e-6; the error says what is wrong in words.
Result<void> checkSplitRatios(const SplitRatios &ratios);
// "0.8,0.1,0.1" (train, validation, test) or "0.9,0.1" (no test); checked.
Result<SplitRatios> parseSplitRatios(std::string_view text);

struct SplitIndices {
    std::vector<std::size_t> train, validation, test; // indices into Dataset::rows, ascending
    const std::vector<std::size_t> &operator[](Split s) const
    {
        return s == Split::Train ? train : s == Split::Validation ? validation : test;
    }
    std::vector<std::size_t> &operator[](Split s) { return s == Split::Train ? train : s == Split::Validation ? validation : test; }
};

struct SplitOptions {
    SplitRatios ratios;               // for rows from a single "data" file
    double validationFraction = 0.1;  // share of the training file carved out for validation when
                                      // no validation file is given; 0 = no validation split
    std::uint64_t seed = 42;
    bool stratify = true;             // ignored (treated as false) when the data has no labels
};

// Rows from a "data" source are split by ratios; rows from "train"/"validation"/"test" sources
// go to that split (validation carved from train as above). Mixing "data" with per-split files
// is an error.
Result<SplitIndices> splitDataset(const Dataset &dataset, const SplitOptions &options);

// Splits `rows` (indices into dataset.rows) into three parts by ratios; the building block of
// splitDataset, usable on any subset.
Result<SplitIndices> splitRows(const Dataset &dataset, const std::vector<std::size_t> &rows,
                               const SplitRatios &ratios, std::uint64_t seed, bool stratify);

// 64-bit FNV-1a over the normalised rows in order: for each row its source role, text, second
// text and label name, separated by control characters. Independent of the file's encoding,
// line endings outside fields, quoting and column order; changes when any kept row changes.
std::uint64_t datasetContentHash(const Dataset &dataset);
std::string formatHash(std::uint64_t hash); // "fnv1a64:0123456789abcdef"

struct ManifestSource {
    std::string path;  // as given
    std::string role;
    std::size_t rows = 0;     // kept rows
    std::size_t dropped = 0;
};

struct SplitManifest {
    int version = 1;
    std::string method;            // "ratios", "files", "files+validation-from-train"
    SplitRatios ratios;
    double validationFraction = 0;
    std::uint64_t seed = 0;
    bool stratified = false;
    std::vector<ManifestSource> sources;
    std::vector<std::string> labels;
    std::size_t rows = 0;
    std::string contentHash;       // formatHash(datasetContentHash(...))
    SplitIndices splits;
};

SplitManifest makeSplitManifest(const Dataset &dataset, const SplitIndices &splits, const SplitOptions &options);
Result<void> saveSplitManifest(const SplitManifest &manifest, const std::filesystem::path &path); // atomic
Result<SplitManifest> loadSplitManifest(const std::filesystem::path &path);
// The manifest's splits after checking that `dataset` holds the same rows (count, content hash)
// and labels; the error says what changed.
Result<SplitIndices> applySplitManifest(const SplitManifest &manifest, const Dataset &dataset);

// Everything the trainer needs from its data settings.
struct DataSpec {
    std::filesystem::path file;                    // one file split by ratios, or
    std::filesystem::path train, validation, test; // files per split (validation/test optional)
    ReadOptions read;
    SplitOptions split;
    std::optional<SplitManifest> manifest;         // reuse these splits (resume), after checking
};

struct PreparedData {
    Dataset dataset;
    SplitIndices splits;
    SplitManifest manifest;
};

// Reads the file(s), checks the data can train a classifier (checkClassificationDataset),
// splits (or applies spec.manifest) and makes the manifest.
Result<PreparedData> prepareData(const DataSpec &spec);

} // namespace hone

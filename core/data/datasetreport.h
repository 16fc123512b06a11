#pragma once
// What a user should know about a dataset before training on it: rows read and dropped (with
// reasons), class balance, exact duplicates (and those with conflicting labels), texts shared
// between splits (leakage), and the token-length distribution with the share of texts that
// max_length would cut, measured with the model's own tokenizer. `warnings` says the important
// findings in plain words for the GUI ("403 duplicate texts", "imbalanced: spam is 13% of rows").
//
//   DatasetReportOptions o;  o.tokenizer = tokenizer.get();  o.maxLength = 128;  o.splits = &splits;
//   DatasetReport r = makeDatasetReport(dataset, o);
//   std::cout << formatDatasetReport(r);
#include "core/data/datasplit.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hone {

class Tokenizer;

struct DatasetReportOptions {
    const Tokenizer *tokenizer = nullptr; // null: lengths in characters (Unicode code points)
    int maxLength = 128;                  // for the truncated share; 0: not computed
    const SplitIndices *splits = nullptr; // null: no per-split counts, no leakage check
    std::size_t maxExamples = 5;          // examples kept per finding
    std::size_t maxDroppedListed = 20;    // dropped rows listed (all are counted)
};

struct LengthStats {
    std::string unit;               // "tokens" (with special tokens, no truncation) or "characters"
    std::size_t count = 0;
    std::size_t min = 0, median = 0, p90 = 0, p95 = 0, p99 = 0, max = 0; // nearest-rank percentiles
    double mean = 0;
    int maxLength = 0;
    std::size_t truncated = 0;      // texts longer than maxLength
    double truncatedShare = 0;      // truncated / count
};

struct ClassCount {
    std::string label;
    std::size_t rows = 0;
    double share = 0;                              // of all kept rows
    std::size_t train = 0, validation = 0, test = 0; // with splits
};

struct TextExample {
    std::string text;                    // shortened to ~80 characters
    std::vector<std::string> locations;  // "train.csv:17"
    std::vector<std::string> labels;     // distinct labels seen with this text
};

struct SplitOverlap {
    Split a = Split::Train, b = Split::Validation;
    std::size_t texts = 0;               // distinct texts found in both
};

// Largest class / smallest class at which accuracy misleads and macro F1 is the metric to watch.
constexpr double kImbalancedRatio = 3.0;

struct DatasetReport {
    std::vector<std::string> files;
    std::size_t rowsRead = 0;
    std::size_t rowsKept = 0;
    std::size_t rowsDropped = 0;
    std::vector<std::pair<std::string, std::size_t>> dropReasons; // reason -> rows, most frequent first
    std::vector<std::string> droppedListed;                       // "data.csv:12: blank text"
    bool pairs = false;

    std::vector<ClassCount> classes;     // label order
    double imbalanceRatio = 0;           // largest class / smallest class (present classes)

    std::size_t duplicateRows = 0;       // rows repeating the text of an earlier row
    std::vector<TextExample> duplicateExamples;
    std::size_t conflictingTexts = 0;    // distinct texts seen with more than one label
    std::size_t conflictingRows = 0;     // rows carrying those texts
    std::vector<TextExample> conflictingExamples;

    bool hasSplits = false;
    std::size_t splitRows[3] = {0, 0, 0};
    std::vector<SplitOverlap> leakage;   // train/validation, train/test, validation/test
    std::vector<TextExample> leakageExamples;

    std::optional<LengthStats> lengths;
    std::vector<std::string> warnings;
};

DatasetReport makeDatasetReport(const Dataset &dataset, const DatasetReportOptions &options = {});
// A short plain-text rendering for the terminal (hone-cli data).
std::string formatDatasetReport(const DatasetReport &report);

} // namespace hone

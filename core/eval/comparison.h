#pragma once
// Two runs compared on the same test rows, with statistics rather than bare differences:
// McNemar's exact test on the rows where exactly one run is right, seeded bootstrap 95% intervals
// for the differences in accuracy and macro-F1, and each run's expected calibration error.
// Torch-free; reads a run folder's split.json and predictions/<split>.jsonl.
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hone {

struct SplitManifest;

// One row of predictions/<split>.jsonl with probabilities kept in double (the statistics need it).
struct ScoredPrediction {
    std::size_t row = 0; // dataset row index (split.json's numbering)
    int truth = -1;
    int predicted = -1;
    std::vector<double> probabilities; // per label; may be empty
};

// predictions/<split>.jsonl read by runrecords' readPredictionFile, the probabilities widened to double.
Result<std::vector<ScoredPrediction>> readPredictions(const std::filesystem::path &file);

struct Interval {
    double low = 0, high = 0;
};

struct PairedComparison {
    std::size_t rows = 0;
    std::int64_t onlyARight = 0, onlyBRight = 0; // McNemar's discordant pairs
    double mcnemarP = 1;                         // exact two-sided (binomial, p = 1/2)
    double accuracyA = 0, accuracyB = 0;
    double macroF1A = 0, macroF1B = 0;
    Interval accuracyDiff, macroF1Diff;          // B - A, bootstrap percentile 95% intervals
    int bootstrapSamples = 0;
    std::uint64_t seed = 0;
};

// Exact two-sided McNemar p-value for b and c discordant pairs: min(1, 2 P[X <= min(b,c)]),
// X ~ Binomial(b + c, 1/2) (statsmodels' mcnemar(exact=True)).
double mcnemarExactP(std::int64_t b, std::int64_t c);

// One bin of a reliability diagram: the rows whose top probability lies in (low, high] (0 joins
// the first bin).
struct CalibrationBin {
    double low = 0, high = 0;
    std::int64_t rows = 0;
    double confidence = 0; // mean top probability of its rows
    double accuracy = 0;   // share of its rows predicted right
};

// `bins` equal-width bins on the top probability, empty ones included; rows without
// probabilities are left out.
std::vector<CalibrationBin> reliabilityBins(const std::vector<ScoredPrediction> &predictions, int bins = 10);

// Expected calibration error with `bins` equal-width bins on the top probability:
// sum over bins of |accuracy - mean confidence| * rows in bin / rows. 0 without probabilities.
double expectedCalibrationError(const std::vector<ScoredPrediction> &predictions, int bins = 10);

// a and b must hold the same rows with the same truth (any order); labels is the label count.
Result<PairedComparison> comparePredictions(const std::vector<ScoredPrediction> &a, const std::vector<ScoredPrediction> &b,
                                            int labels, int bootstrapSamples = 2000, std::uint64_t seed = 42);

// Why two runs' `split` rows are not the same rows, as data: the CLI and the GUI word it each in
// their own language. None when the rows are the same.
struct SplitMismatch {
    enum class Kind {
        DifferentData,   // other rows or content (row count, content hash)
        DifferentSplit,  // the same data split into other rows (the seed or ratios differ)
        DifferentLabels, // the same rows under another label set
    };
    Kind kind = Kind::DifferentData;
    std::size_t rowsA = 0, rowsB = 0;
    std::string hashA, hashB;
    std::uint64_t seedA = 0, seedB = 0;
};
std::optional<SplitMismatch> splitMismatch(const SplitManifest &a, const SplitManifest &b, const std::string &split);

struct RunComparison {
    PairedComparison paired;
    double calibrationA = 0, calibrationB = 0; // expected calibration error
    std::string split;                         // "test" (or "validation")
};

// Checks that both runs split the same data (split.json content hash and row count) into the same
// `split` rows, then compares their predictions; the error says why runs are not comparable.
Result<RunComparison> compareRuns(const std::filesystem::path &runA, const std::filesystem::path &runB,
                                  const std::string &split = "test", int bootstrapSamples = 2000, std::uint64_t seed = 42);

// "B is better than A: +1.8 points of accuracy, 95% CI [0.4, 3.1], McNemar p = 0.01", or
// "no significant difference" wording when the interval holds 0.
std::string describeComparison(const PairedComparison &c, const std::string &nameA, const std::string &nameB);

} // namespace hone

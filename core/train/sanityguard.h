#pragma once
// Sanity checks of a training as it runs and of what it learned (issue 10, item 3):
//   - divergence: a non-finite training loss, or a logged loss far above where the run started,
//     stops the run with the reason (a learning rate of 1 ends near loss 100 otherwise);
//   - a model that predicts one class only, or does no better than always answering the most
//     frequent class (the majority baseline), is flagged in summary.json and on the dashboard.
// Torch-free: the trainer feeds it numbers, the GUI judges any evaluation's confusion matrix.
#include "core/eval/metrics.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hone {

class DivergenceGuard {
public:
    // A logged (window-mean) loss this many times the first step's loss, and at least
    // kMinimumRise above it, counts as diverged: ordinary noise stays far below both.
    static constexpr double kFactor = 4.0;
    static constexpr double kMinimumRise = 2.0;

    // Every optimizer step's mean loss. Returns why the run diverged, or nothing.
    std::optional<std::string> onStepLoss(std::int64_t step, double loss);
    // A logged window's mean loss (compared with the start).
    std::optional<std::string> onLoggedLoss(std::int64_t step, double loss);
    std::optional<double> startLoss() const { return m_start; }

private:
    std::optional<double> m_start;
};

// What an evaluation says about the model, from its confusion matrix alone.
struct PredictionSanity {
    double majorityBaseline = 0;   // accuracy of always predicting the most frequent true class
    std::string majorityLabel;
    bool singleClass = false;      // every row got the same prediction (with more than one true class)
    std::string predictedLabel;    // the one class it predicts, when singleClass
    bool beatsMajority = true;     // accuracy above the majority baseline
    bool suspicious() const { return singleClass || !beatsMajority; }
};

// Nothing for an empty evaluation.
std::optional<PredictionSanity> assessPredictions(const ClassificationMetrics &metrics);

// summary.json's "sanity" object: {"majority_baseline", "majority_label", "single_class",
// "predicted_label", "beats_majority", "warning"} ("warning" in plain English, absent when fine).
nlohmann::json sanityJson(const PredictionSanity &sanity);
// sanityJson's fields back (missing or mistyped fields keep their defaults).
PredictionSanity sanityFromJson(const nlohmann::json &j);
// The English sentence the CLI prints and summary.json keeps; empty when nothing is wrong.
std::string sanityWarning(const PredictionSanity &sanity);

} // namespace hone

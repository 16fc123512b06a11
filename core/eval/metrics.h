#pragma once
// Classification metrics as the Hugging Face / scikit-learn world reports them: accuracy,
// precision/recall/F1 (macro, micro, weighted, per class) and the confusion matrix
// (rows = true label, columns = predicted). Torch-free.
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hone {

struct ClassMetrics {
    std::string label;
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    std::int64_t support = 0; // true rows of this class
};

struct ClassificationMetrics {
    std::int64_t total = 0;
    double accuracy = 0;
    double macroPrecision = 0, macroRecall = 0, macroF1 = 0;
    double microPrecision = 0, microRecall = 0, microF1 = 0;
    double weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;
    std::vector<ClassMetrics> perClass;
    std::vector<std::vector<std::int64_t>> confusion; // [true][predicted]

    // "accuracy", "macro_f1", "micro_f1", "weighted_f1", "macro_precision", "macro_recall".
    double value(const std::string &name) const;
};

// Zero-division counts as 0, as scikit-learn's zero_division=0.
ClassificationMetrics metricsFromConfusion(const std::vector<std::vector<std::int64_t>> &confusion,
                                           const std::vector<std::string> &labels);
ClassificationMetrics computeMetrics(const std::vector<int> &truth, const std::vector<int> &predicted,
                                     const std::vector<std::string> &labels);

void to_json(nlohmann::json &j, const ClassificationMetrics &m);
void from_json(const nlohmann::json &j, ClassificationMetrics &m);

// Names accepted by metric_for_best_model (plus "loss").
const std::vector<std::string> &metricNames();

} // namespace hone

#include "core/train/sanityguard.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace hone {

namespace {

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", value);
    return buffer;
}

} // namespace

std::optional<std::string> DivergenceGuard::onStepLoss(std::int64_t step, double loss)
{
    if (!std::isfinite(loss))
        return "training diverged: the loss is " + std::string(std::isnan(loss) ? "NaN" : "infinite") + " at step " +
               std::to_string(step) + " (lower the learning rate)";
    if (!m_start)
        m_start = loss;
    return std::nullopt;
}

std::optional<std::string> DivergenceGuard::onLoggedLoss(std::int64_t step, double loss)
{
    if (auto r = onStepLoss(step, loss))
        return r;
    if (loss > *m_start * kFactor && loss > *m_start + kMinimumRise)
        return "training diverged: the loss rose from " + number(*m_start) + " to " + number(loss) + " by step " +
               std::to_string(step) + " (lower the learning rate)";
    return std::nullopt;
}

std::optional<PredictionSanity> assessPredictions(const ClassificationMetrics &m)
{
    const std::size_t classes = m.confusion.size();
    std::int64_t total = 0, bestRow = -1;
    std::size_t majority = 0, trueClasses = 0, predictedClasses = 0, predicted = 0;
    for (std::size_t t = 0; t < classes; ++t) {
        std::int64_t row = 0;
        for (std::int64_t c : m.confusion[t])
            row += c;
        total += row;
        trueClasses += row > 0;
        if (row > bestRow) {
            bestRow = row;
            majority = t;
        }
    }
    if (total == 0)
        return std::nullopt;
    for (std::size_t p = 0; p < classes; ++p) {
        std::int64_t column = 0;
        for (std::size_t t = 0; t < classes; ++t)
            column += p < m.confusion[t].size() ? m.confusion[t][p] : 0;
        if (column > 0) {
            ++predictedClasses;
            predicted = p;
        }
    }
    auto label = [&](std::size_t i) { return i < m.perClass.size() ? m.perClass[i].label : std::to_string(i); };
    PredictionSanity s;
    s.majorityBaseline = static_cast<double>(bestRow) / static_cast<double>(total);
    s.majorityLabel = label(majority);
    s.singleClass = predictedClasses == 1 && trueClasses > 1;
    if (s.singleClass)
        s.predictedLabel = label(predicted);
    // Equal to the baseline within rounding is no better than it; a single true class has no baseline to beat.
    s.beatsMajority = trueClasses <= 1 || m.accuracy > s.majorityBaseline + 1e-9;
    return s;
}

std::string sanityWarning(const PredictionSanity &s)
{
    const std::string baseline = number(100 * s.majorityBaseline) + "%";
    if (s.singleClass)
        return "the model predicts only '" + s.predictedLabel + "' for every row (always answering '" + s.majorityLabel +
               "' would score " + baseline + ")";
    if (!s.beatsMajority)
        return "the model does no better than always answering '" + s.majorityLabel + "' (majority baseline " + baseline + ")";
    return {};
}

nlohmann::json sanityJson(const PredictionSanity &s)
{
    nlohmann::json j = {{"majority_baseline", s.majorityBaseline},
                        {"majority_label", s.majorityLabel},
                        {"single_class", s.singleClass},
                        {"beats_majority", s.beatsMajority}};
    if (s.singleClass)
        j["predicted_label"] = s.predictedLabel;
    if (const std::string w = sanityWarning(s); !w.empty())
        j["warning"] = w;
    return j;
}

PredictionSanity sanityFromJson(const nlohmann::json &j)
{
    PredictionSanity s;
    auto text = [&](const char *key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    auto flag = [&](const char *key, bool fallback) {
        const auto it = j.find(key);
        return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
    };
    if (const auto it = j.find("majority_baseline"); it != j.end() && it->is_number())
        s.majorityBaseline = it->get<double>();
    s.majorityLabel = text("majority_label");
    s.singleClass = flag("single_class", false);
    s.predictedLabel = text("predicted_label");
    s.beatsMajority = flag("beats_majority", true);
    return s;
}

} // namespace hone

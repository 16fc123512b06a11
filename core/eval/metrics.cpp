#include "core/eval/metrics.h"

#include "core/io/jsoninteger.h"

#include <nlohmann/json.hpp>

namespace hone {

namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }
double harmonic(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

} // namespace

const std::vector<std::string> &metricNames()
{
    static const std::vector<std::string> names = {"accuracy",        "macro_f1",     "micro_f1",
                                                   "weighted_f1",     "macro_precision", "macro_recall"};
    return names;
}

double ClassificationMetrics::value(const std::string &name) const
{
    if (name == "accuracy") return accuracy;
    if (name == "macro_f1" || name == "f1") return macroF1;
    if (name == "micro_f1") return microF1;
    if (name == "weighted_f1") return weightedF1;
    if (name == "macro_precision") return macroPrecision;
    if (name == "macro_recall") return macroRecall;
    return 0;
}

ClassificationMetrics metricsFromConfusion(const std::vector<std::vector<std::int64_t>> &confusion,
                                           const std::vector<std::string> &labels)
{
    ClassificationMetrics m;
    const std::size_t n = labels.size();
    m.confusion = confusion;
    m.confusion.resize(n);
    for (auto &row : m.confusion)
        row.resize(n, 0);
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            m.total += m.confusion[i][j];
            if (i == j)
                correct += m.confusion[i][j];
        }
    m.accuracy = ratio(static_cast<double>(correct), static_cast<double>(m.total));
    double tpSum = 0, fpSum = 0, fnSum = 0;
    for (std::size_t c = 0; c < n; ++c) {
        std::int64_t tp = m.confusion[c][c], predicted = 0, actual = 0;
        for (std::size_t k = 0; k < n; ++k) {
            predicted += m.confusion[k][c];
            actual += m.confusion[c][k];
        }
        ClassMetrics cm;
        cm.label = labels[c];
        cm.support = actual;
        cm.precision = ratio(static_cast<double>(tp), static_cast<double>(predicted));
        cm.recall = ratio(static_cast<double>(tp), static_cast<double>(actual));
        cm.f1 = harmonic(cm.precision, cm.recall);
        m.perClass.push_back(cm);
        tpSum += static_cast<double>(tp);
        fpSum += static_cast<double>(predicted - tp);
        fnSum += static_cast<double>(actual - tp);
        m.macroPrecision += cm.precision / static_cast<double>(n);
        m.macroRecall += cm.recall / static_cast<double>(n);
        m.macroF1 += cm.f1 / static_cast<double>(n);
        const double w = ratio(static_cast<double>(actual), static_cast<double>(m.total));
        m.weightedPrecision += w * cm.precision;
        m.weightedRecall += w * cm.recall;
        m.weightedF1 += w * cm.f1;
    }
    m.microPrecision = ratio(tpSum, tpSum + fpSum);
    m.microRecall = ratio(tpSum, tpSum + fnSum);
    m.microF1 = harmonic(m.microPrecision, m.microRecall);
    return m;
}

ClassificationMetrics computeMetrics(const std::vector<int> &truth, const std::vector<int> &predicted,
                                     const std::vector<std::string> &labels)
{
    const std::size_t n = labels.size();
    std::vector<std::vector<std::int64_t>> confusion(n, std::vector<std::int64_t>(n, 0));
    for (std::size_t i = 0; i < truth.size() && i < predicted.size(); ++i)
        if (truth[i] >= 0 && static_cast<std::size_t>(truth[i]) < n && predicted[i] >= 0 &&
            static_cast<std::size_t>(predicted[i]) < n)
            ++confusion[static_cast<std::size_t>(truth[i])][static_cast<std::size_t>(predicted[i])];
    return metricsFromConfusion(confusion, labels);
}

void to_json(nlohmann::json &j, const ClassificationMetrics &m)
{
    nlohmann::json perClass = nlohmann::json::array();
    for (const auto &c : m.perClass)
        perClass.push_back({{"label", c.label}, {"precision", c.precision}, {"recall", c.recall}, {"f1", c.f1},
                            {"support", c.support}});
    j = {{"total", m.total},
         {"accuracy", m.accuracy},
         {"macro_precision", m.macroPrecision},
         {"macro_recall", m.macroRecall},
         {"macro_f1", m.macroF1},
         {"micro_precision", m.microPrecision},
         {"micro_recall", m.microRecall},
         {"micro_f1", m.microF1},
         {"weighted_precision", m.weightedPrecision},
         {"weighted_recall", m.weightedRecall},
         {"weighted_f1", m.weightedF1},
         {"per_class", perClass},
         {"confusion_matrix", m.confusion}};
}

namespace {

// A count is a whole number an int64 holds; anything else (2.5, 1e40, -1) makes the record malformed.
std::int64_t countOf(const nlohmann::json &v)
{
    const auto count = exactSignedInteger(v);
    if (!count || *count < 0)
        throw nlohmann::json::type_error::create(302, "a count must be a non-negative integer, not " + v.dump(), nullptr);
    return *count;
}

const nlohmann::json &arrayOf(const nlohmann::json &v)
{
    if (!v.is_array())
        throw nlohmann::json::type_error::create(302, "a confusion matrix must be an array of arrays, not " + v.dump(), nullptr);
    return v;
}

} // namespace

void from_json(const nlohmann::json &j, ClassificationMetrics &m)
{
    m.total = j.contains("total") ? countOf(j["total"]) : 0;
    m.accuracy = j.value("accuracy", 0.0);
    m.macroPrecision = j.value("macro_precision", 0.0);
    m.macroRecall = j.value("macro_recall", 0.0);
    m.macroF1 = j.value("macro_f1", 0.0);
    m.microPrecision = j.value("micro_precision", 0.0);
    m.microRecall = j.value("micro_recall", 0.0);
    m.microF1 = j.value("micro_f1", 0.0);
    m.weightedPrecision = j.value("weighted_precision", 0.0);
    m.weightedRecall = j.value("weighted_recall", 0.0);
    m.weightedF1 = j.value("weighted_f1", 0.0);
    m.perClass.clear();
    if (j.contains("per_class"))
        for (const auto &c : j["per_class"])
            m.perClass.push_back({c.value("label", std::string()), c.value("precision", 0.0), c.value("recall", 0.0),
                                  c.value("f1", 0.0), c.contains("support") ? countOf(c["support"]) : 0});
    m.confusion.clear();
    if (j.contains("confusion_matrix"))
        for (const auto &row : arrayOf(j["confusion_matrix"])) {
            m.confusion.emplace_back();
            for (const auto &v : arrayOf(row))
                m.confusion.back().push_back(countOf(v));
        }
}

} // namespace hone

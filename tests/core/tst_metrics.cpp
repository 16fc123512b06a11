// computeMetrics against scikit-learn (tools/make_metrics_goldens.py): accuracy, P/R/F1 macro,
// micro, weighted and per class, and the confusion matrix, including labels absent from the
// predictions, from the truth and from both (an undefined ratio scores 0, sklearn's default).
#include "core/eval/metrics.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(nlohmann::json)

class tst_Metrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesScikitLearn_data();
    void matchesScikitLearn();
    void survivesJson();
};

void tst_Metrics::matchesScikitLearn_data()
{
    const fs::path file =
        fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "metrics" / "metrics.json";
    std::ifstream in(file);
    QVERIFY2(in, file.string().c_str());
    const auto golden = nlohmann::json::parse(in);
    QTest::addColumn<nlohmann::json>("golden");
    QVERIFY(golden["cases"].size() >= 8);
    for (const auto &c : golden["cases"])
        QTest::newRow(c["name"].get<std::string>().c_str()) << c;
}

void tst_Metrics::matchesScikitLearn()
{
    QFETCH(nlohmann::json, golden);
    const auto labels = golden["labels"].get<std::vector<std::string>>();
    const auto m = computeMetrics(golden["truth"].get<std::vector<int>>(), golden["predicted"].get<std::vector<int>>(), labels);
    const auto &want = golden["expected"];
    for (const char *key : {"accuracy", "macro_precision", "macro_recall", "macro_f1", "micro_precision", "micro_recall",
                            "micro_f1", "weighted_precision", "weighted_recall", "weighted_f1"}) {
        const double got = nlohmann::json(m)[key].get<double>();
        if (std::abs(got - want[key].get<double>()) > 1e-12)
            QFAIL(qPrintable(QStringLiteral("%1: Hone %2, scikit-learn %3").arg(QLatin1String(key)).arg(got).arg(want[key].get<double>())));
    }
    QCOMPARE(m.perClass.size(), labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto &c = want["per_class"][i];
        QVERIFY(m.perClass[i].label == labels[i]);
        QCOMPARE(m.perClass[i].support, c["support"].get<std::int64_t>());
        QVERIFY2(std::abs(m.perClass[i].precision - c["precision"].get<double>()) < 1e-12, labels[i].c_str());
        QVERIFY2(std::abs(m.perClass[i].recall - c["recall"].get<double>()) < 1e-12, labels[i].c_str());
        QVERIFY2(std::abs(m.perClass[i].f1 - c["f1"].get<double>()) < 1e-12, labels[i].c_str());
    }
    QVERIFY(m.confusion == want["confusion_matrix"].get<std::vector<std::vector<std::int64_t>>>());
    QCOMPARE(m.total, static_cast<std::int64_t>(golden["truth"].size()));
    // The same numbers from the confusion matrix alone (what summary.json keeps).
    const auto again = metricsFromConfusion(m.confusion, labels);
    QCOMPARE(again.macroF1, m.macroF1);
    QCOMPARE(again.weightedRecall, m.weightedRecall);
}

void tst_Metrics::survivesJson()
{
    const auto m = computeMetrics({0, 1, 2, 2, 1}, {0, 2, 2, 1, 1}, {"x", "y", "z"});
    const auto back = nlohmann::json(m).get<ClassificationMetrics>();
    QVERIFY(nlohmann::json(back) == nlohmann::json(m));
    QCOMPARE(back.value("macro_f1"), m.macroF1);
}

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"

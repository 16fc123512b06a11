// Run comparison statistics against tools/make_comparison_goldens.py (scipy, scikit-learn):
// McNemar's exact p, bootstrap 95% intervals for the accuracy and macro-F1 differences (same
// seeded resamples), expected calibration error; and runs on different test rows are refused.
#include "core/data/datasplit.h"
#include "core/eval/comparison.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(nlohmann::json)

namespace {

nlohmann::json golden()
{
    std::ifstream in(fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "metrics" /
                     "comparison.json");
    return nlohmann::json::parse(in);
}

std::vector<ScoredPrediction> records(const nlohmann::json &c, const char *which, const char *probabilities = nullptr)
{
    std::vector<ScoredPrediction> out;
    for (std::size_t i = 0; i < c["truth"].size(); ++i) {
        ScoredPrediction r;
        r.row = c["rows"][i].get<std::size_t>();
        r.truth = c["truth"][i].get<int>();
        r.predicted = c[which][i].get<int>();
        if (probabilities)
            r.probabilities = c[probabilities][i].get<std::vector<double>>();
        out.push_back(r);
    }
    return out;
}

void writeRun(const fs::path &dir, const SplitManifest &manifest, const std::vector<ScoredPrediction> &predictions)
{
    fs::create_directories(dir / "predictions");
    QVERIFY(saveSplitManifest(manifest, dir / "split.json").ok());
    std::ofstream out(dir / "predictions" / "test.jsonl");
    for (const auto &p : predictions)
        out << nlohmann::json{{"row", p.row}, {"text", "t"}, {"truth", p.truth}, {"predicted", p.predicted},
                              {"probabilities", p.probabilities}}
                   .dump()
            << "\n";
}

} // namespace

class tst_Comparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mcnemarMatchesScipy();
    void matchesReferences_data();
    void matchesReferences();
    void refusesDifferentTestRows();
};

void tst_Comparison::mcnemarMatchesScipy()
{
    const auto g = golden();
    QVERIFY(g["mcnemar"].size() >= 8);
    for (const auto &m : g["mcnemar"]) {
        const double p = mcnemarExactP(m["b"].get<std::int64_t>(), m["c"].get<std::int64_t>());
        QVERIFY2(std::abs(p - m["p"].get<double>()) < 1e-10 * std::max(1.0, m["p"].get<double>()) + 1e-14,
                 qPrintable(QStringLiteral("b=%1 c=%2: %3 vs scipy %4").arg(m["b"].get<int>()).arg(m["c"].get<int>()).arg(p).arg(m["p"].get<double>())));
    }
}

void tst_Comparison::matchesReferences_data()
{
    QTest::addColumn<nlohmann::json>("c");
    const auto g = golden();
    for (const auto &c : g["cases"])
        QTest::newRow(c["name"].get<std::string>().c_str()) << c;
}

void tst_Comparison::matchesReferences()
{
    QFETCH(nlohmann::json, c);
    const auto &want = c["expected"];
    auto r = comparePredictions(records(c, "a"), records(c, "b"), c["labels"].get<int>(), c["samples"].get<int>(),
                                c["seed"].get<std::uint64_t>());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->onlyARight, want["only_a_right"].get<std::int64_t>());
    QCOMPARE(r->onlyBRight, want["only_b_right"].get<std::int64_t>());
    QVERIFY(std::abs(r->mcnemarP - want["mcnemar_p"].get<double>()) < 1e-10);
    QVERIFY(std::abs(r->accuracyA - want["accuracy_a"].get<double>()) < 1e-12);
    QVERIFY(std::abs(r->accuracyB - want["accuracy_b"].get<double>()) < 1e-12);
    QVERIFY(std::abs(r->accuracyDiff.low - want["accuracy_diff_ci"][0].get<double>()) < 1e-12);
    QVERIFY(std::abs(r->accuracyDiff.high - want["accuracy_diff_ci"][1].get<double>()) < 1e-12);
    QVERIFY(std::abs(r->macroF1Diff.low - want["macro_f1_diff_ci"][0].get<double>()) < 1e-12);
    QVERIFY(std::abs(r->macroF1Diff.high - want["macro_f1_diff_ci"][1].get<double>()) < 1e-12);
    const double ece = expectedCalibrationError(records(c, "a", "probabilities_a"));
    QVERIFY2(std::abs(ece - want["ece_a"].get<double>()) < 1e-12, qPrintable(QString::number(ece)));
    const std::string words = describeComparison(*r, "A", "B");
    QVERIFY2(words.find("95% CI") != std::string::npos && words.find("McNemar p") != std::string::npos, words.c_str());
    if (r->accuracyDiff.low > 0)
        QVERIFY(words.rfind("B is better than A", 0) == 0);
    else if (r->accuracyDiff.high < 0)
        QVERIFY(words.rfind("A is better than B", 0) == 0);
    else
        QVERIFY(words.rfind("No clear difference", 0) == 0);
}

void tst_Comparison::refusesDifferentTestRows()
{
    QTemporaryDir tmp;
    const fs::path root(tmp.path().toStdString());
    SplitManifest m;
    m.method = "ratios";
    m.labels = {"neg", "pos"};
    m.rows = 6;
    m.contentHash = "00000000000000aa";
    m.splits.train = {0, 1, 2, 3};
    m.splits.test = {4, 5};
    const std::vector<ScoredPrediction> p = {{4, 0, 0, {0.9, 0.1}}, {5, 1, 0, {0.6, 0.4}}};
    const std::vector<ScoredPrediction> q = {{4, 0, 0, {0.8, 0.2}}, {5, 1, 1, {0.3, 0.7}}};
    writeRun(root / "a", m, p);
    writeRun(root / "b", m, q);
    auto same = compareRuns(root / "a", root / "b");
    QVERIFY2(same.ok(), same.ok() ? "" : same.error().message.c_str());
    QCOMPARE(same->paired.onlyBRight, std::int64_t(1));
    QVERIFY(same->calibrationA > 0);

    SplitManifest other = m;
    other.contentHash = "00000000000000bb";
    writeRun(root / "c", other, q);
    auto data = compareRuns(root / "a", root / "c");
    QVERIFY(!data.ok());
    QVERIFY2(data.error().message.find("different data") != std::string::npos, data.error().message.c_str());

    other = m;
    other.seed = 7;
    other.splits.train = {0, 1, 2, 5};
    other.splits.test = {3, 4};
    writeRun(root / "d", other, {{3, 1, 1, {0.2, 0.8}}, {4, 0, 0, {0.9, 0.1}}});
    auto rows = compareRuns(root / "a", root / "d");
    QVERIFY(!rows.ok());
    QVERIFY2(rows.error().message.find("not the same rows") != std::string::npos, rows.error().message.c_str());
}

QTEST_GUILESS_MAIN(tst_Comparison)
#include "tst_comparison.moc"

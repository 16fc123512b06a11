// Comparing runs: curves per run, metric differences against the first run, only the settings
// that differ, confusion matrices side by side, statistics on the same test rows in plain words.
#include "testsupport.h"

#include "core/data/datasplit.h"
#include "core/eval/comparison.h"
#include "core/runs/runrecorder.h"

#include "ui/runs/comparewidget.h"
#include "ui/widgets/confusionheatmap.h"
#include "ui/widgets/metricplot.h"

#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSet>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace hone::ui;
using hone::test::dataPath;

namespace {

nlohmann::json readJson(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return nlohmann::json::parse(f.readAll().toStdString());
}

QStringList rowHeaders(const QTableWidget *t)
{
    QStringList names;
    for (int r = 0; r < t->rowCount(); ++r)
        names << t->verticalHeaderItem(r)->text();
    return names;
}

int rowOf(const QTableWidget *t, const QString &name)
{
    return int(rowHeaders(t).indexOf(name));
}

// A run folder with a split and test predictions: rows 20..59 are the test rows; the run is
// right on the first `right` of them, with confidence `confidence`.
void writeScoredRun(const QString &dir, const QString &name, const hone::SplitManifest &manifest, int right, double confidence)
{
    auto run = hone::RunRecorder::create(dir.toStdString());
    QVERIFY(run.ok());
    QVERIFY(run->writeConfig({{"name", name.toStdString()}}).ok());
    QVERIFY(run->writeSplit(manifest).ok());
    std::vector<nlohmann::json> records;
    for (std::size_t row : manifest.splits.test) {
        const int truth = int(row % 2);
        const int predicted = int(row) - 20 < right ? truth : 1 - truth;
        std::vector<double> p(2, 1.0 - confidence);
        p[std::size_t(predicted)] = confidence;
        records.push_back({{"row", row}, {"text", "t"}, {"truth", truth}, {"predicted", predicted}, {"probabilities", p}});
    }
    QVERIFY(run->writePredictions("test", records).ok());
}

} // namespace

class tst_CompareWidget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void configDifferencesOnly();
    void metricDifferencesAgainstBaseline();
    void curvesOnePerRun();
    void confusionMatricesSideBySide();
    void identicalConfigurations();
    void pickerListsRunsUnderRoot();
    void flattenConfig();
    void statisticsAgainstTheBaseline();
};

void tst_CompareWidget::configDifferencesOnly()
{
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), dataPath(QStringLiteral("runs/sms-lr1e-4"))});
    QCOMPARE(compare.runs().size(), 2);
    // The fixtures differ in name, learning rate and seed, and in nothing else.
    QSet<QString> keys;
    for (const QString &k : rowHeaders(compare.configTable()))
        keys.insert(k);
    QCOMPARE(keys, (QSet<QString>{QStringLiteral("name"), QStringLiteral("learning_rate"), QStringLiteral("seed")}));
    const int lr = rowOf(compare.configTable(), QStringLiteral("learning_rate"));
    QCOMPARE(compare.configTable()->item(lr, 0)->text().toDouble(), 5e-5);
    QCOMPARE(compare.configTable()->item(lr, 1)->text().toDouble(), 1e-4);
}

void tst_CompareWidget::metricDifferencesAgainstBaseline()
{
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), dataPath(QStringLiteral("runs/sms-lr1e-4"))});
    QTableWidget *t = compare.metricsTable();
    QCOMPARE(t->columnCount(), 2);
    QVERIFY(t->horizontalHeaderItem(0)->text().contains(QStringLiteral("baseline")));
    const double a = readJson(dataPath(QStringLiteral("runs/sms-lr5e-5/summary.json")))["validation"]["accuracy"].get<double>();
    const double b = readJson(dataPath(QStringLiteral("runs/sms-lr1e-4/summary.json")))["validation"]["accuracy"].get<double>();
    const int row = rowOf(t, QStringLiteral("Validation accuracy"));
    QVERIFY(row >= 0);
    QCOMPARE(t->item(row, 0)->text(), QString::number(a, 'f', 4)); // the baseline has no difference
    const QString sign = b > a ? QStringLiteral("+") : b < a ? QStringLiteral("−") : QStringLiteral("±");
    const QString expected = QString::number(b, 'f', 4) + QStringLiteral("  (") +
                             (b == a ? QStringLiteral("same") : sign + QString::number(std::abs(b - a), 'f', 4)) + QLatin1Char(')');
    QCOMPARE(t->item(row, 1)->text(), expected);
    // Training time: lower is better, so colour follows the direction.
    QVERIFY(rowOf(t, QStringLiteral("Training time")) >= 0);
}

void tst_CompareWidget::curvesOnePerRun()
{
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), dataPath(QStringLiteral("runs/sms-lr1e-4")),
                     dataPath(QStringLiteral("runs/intent-canceled"))});
    MetricPlot *plot = compare.curvePlot();
    QCOMPARE(plot->seriesCount(), 3);
    QCOMPARE(plot->pointCount(0), 3); // validation accuracy at steps 100, 200, 300
    QCOMPARE(plot->pointCount(2), 2); // the canceled run evaluated twice
    compare.setCurve(CompareWidget::Curve::TrainingLoss);
    QCOMPARE(plot->seriesCount(), 3);
    QCOMPARE(plot->pointCount(0), 30);
    QCOMPARE(plot->pointCount(2), 13);
}

void tst_CompareWidget::confusionMatricesSideBySide()
{
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), dataPath(QStringLiteral("runs/intent-canceled"))});
    const auto maps = compare.heatmaps();
    QCOMPARE(maps.size(), 2);
    QCOMPARE(maps[0]->labels(), (QStringList{QStringLiteral("ham"), QStringLiteral("spam")}));
    QCOMPARE(maps[1]->labels().size(), 3);
    const auto summary = readJson(dataPath(QStringLiteral("runs/sms-lr5e-5/summary.json")));
    QCOMPARE(maps[0]->count(1, 0), summary["validation"]["confusion_matrix"][1][0].get<qint64>());
    QVERIFY(maps[0]->isNormalized());
}

void tst_CompareWidget::identicalConfigurations()
{
    QTemporaryDir tmp;
    const QString copy = QDir(tmp.path()).filePath(QStringLiteral("copy"));
    QDir().mkpath(copy);
    for (const char *f : {"config.json", "state.json", "summary.json", "metrics.jsonl"})
        QVERIFY(QFile::copy(dataPath(QStringLiteral("runs/sms-lr5e-5/") + QLatin1String(f)), QDir(copy).filePath(QLatin1String(f))));
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), copy});
    QCOMPARE(compare.configTable()->rowCount(), 0);
    bool noted = false;
    for (QLabel *l : compare.findChildren<QLabel *>())
        noted = noted || l->text() == QStringLiteral("The configurations are identical.");
    QVERIFY(noted);
    const int row = rowOf(compare.metricsTable(), QStringLiteral("Validation accuracy"));
    QVERIFY(compare.metricsTable()->item(row, 1)->text().endsWith(QStringLiteral("(same)")));
}

void tst_CompareWidget::pickerListsRunsUnderRoot()
{
    CompareWidget compare;
    compare.setRunsRoot(dataPath(QStringLiteral("runs")));
    auto *list = compare.findChild<QListWidget *>(QStringLiteral("compareRunList"));
    QVERIFY(list);
    QCOMPARE(list->count(), 3);
    QSignalSpy changed(&compare, &CompareWidget::runsChanged);
    list->item(0)->setCheckState(Qt::Checked);
    list->item(2)->setCheckState(Qt::Checked);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(compare.runs().size(), 2);
    QCOMPARE(compare.runs().first(), list->item(0)->data(Qt::UserRole).toString()); // first ticked = baseline
    QCOMPARE(compare.curvePlot()->seriesCount(), 2);
}

void tst_CompareWidget::flattenConfig()
{
    const auto flat = CompareWidget::flattenConfig(nlohmann::json::parse(R"({"a":1,"data":{"file":"x.csv","split":[0.8,0.2]},"lora":{"r":8}})"));
    QCOMPARE(flat.value(QStringLiteral("a")), QStringLiteral("1"));
    QCOMPARE(flat.value(QStringLiteral("data.file")), QStringLiteral("x.csv"));
    QCOMPARE(flat.value(QStringLiteral("data.split")), QStringLiteral("[0.8,0.2]"));
    QCOMPARE(flat.value(QStringLiteral("lora.r")), QStringLiteral("8"));
    QCOMPARE(flat.size(), 4);
}

void tst_CompareWidget::statisticsAgainstTheBaseline()
{
    QTemporaryDir tmp;
    hone::SplitManifest m;
    m.method = "ratios";
    m.labels = {"neg", "pos"};
    m.rows = 60;
    m.contentHash = "00000000000000aa";
    for (std::size_t i = 0; i < 60; ++i)
        (i < 20 ? m.splits.train : m.splits.test).push_back(i);
    const QString a = QDir(tmp.path()).filePath(QStringLiteral("a")), b = QDir(tmp.path()).filePath(QStringLiteral("b")),
                  c = QDir(tmp.path()).filePath(QStringLiteral("c"));
    writeScoredRun(a, QStringLiteral("run A"), m, 20, 0.9);
    writeScoredRun(b, QStringLiteral("run B"), m, 38, 0.8);
    hone::SplitManifest other = m;
    other.contentHash = "00000000000000bb";
    writeScoredRun(c, QStringLiteral("run C"), other, 30, 0.7);

    CompareWidget compare;
    compare.setRuns({a, b, c});
    const QString text = compare.statisticsText();
    // The figures are core's (checked against scipy/statsmodels in core.comparison), in plain words.
    auto core = hone::compareRuns(a.toStdString(), b.toStdString());
    QVERIFY(core.ok());
    const QLocale locale;
    const QString interval = QStringLiteral("95% CI [%1, %2]")
                                 .arg(locale.toString(core->paired.accuracyDiff.low * 100, 'f', 1),
                                      locale.toString(core->paired.accuracyDiff.high * 100, 'f', 1));
    QVERIFY2(text.contains(QStringLiteral("run B is better than run A: +45.0 points of accuracy, ") + interval +
                           QStringLiteral(", p < 0.001.")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Rows only one run got right: run A 0, run B 18")), qPrintable(text));
    // Another data set: refused, with the reason.
    QVERIFY2(text.contains(QStringLiteral("run C is not compared with run A: they were trained on different data")), qPrintable(text));

    // Reliability: the diagonal and one curve per run with probabilities, the ECE in its name.
    MetricPlot *plot = compare.reliabilityPlot();
    QCOMPARE(plot->seriesCount(), 4);
    QCOMPARE(plot->pointCount(0), 2);
    QCOMPARE(plot->pointCount(1), 1); // every row of run A at confidence 0.9: one bin
    QCOMPARE(plot->lastValue(1), 0.5);
    QCOMPARE(plot->pointCount(2), 1);
    QCOMPARE(plot->lastValue(2), 38.0 / 40.0);

    compare.setRuns({a});
    QVERIFY(compare.statisticsText().startsWith(QStringLiteral("Tick two or more runs")));
}

QTEST_MAIN(tst_CompareWidget)
#include "tst_comparewidget.moc"

// Comparing runs: curves per run, metric differences against the first run, only the settings
// that differ, confusion matrices side by side, statistics on the same test rows in plain words.
// Language-model runs (two tiny Llama instruction runs): loss and perplexity, their answers to the
// same prompts side by side; a selection mixing them with classification runs is refused.
#include "lmrun.h"
#include "testsupport.h"

#include "core/data/datasplit.h"
#include "core/eval/comparison.h"
#include "core/runs/runrecorder.h"

#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/runs/comparewidget.h"
#include "ui/widgets/confusionheatmap.h"
#include "ui/widgets/metricplot.h"

#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSet>
#include <QComboBox>
#include <QSignalSpy>
#include <QTabWidget>
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
    void languageModelRunsSideBySide();
    void mixedSelectionIsRefused();

private:
    // Two tiny instruction runs at different learning rates, trained on first use.
    QStringList lmRuns();
    QTemporaryDir m_tmp;
    QStringList m_lmRuns;
};

QStringList tst_CompareWidget::lmRuns()
{
    if (m_lmRuns.isEmpty())
        for (const double lr : {1e-2, 3e-3}) {
            const QString dir = QDir(m_tmp.path()).filePath(QStringLiteral("lm-%1").arg(lr));
            auto config = hone::test::tinySftConfig(8, 4, lr);
            config.name = "tiny-sft-lr" + QString::number(lr).toStdString();
            const QString error = hone::test::trainTinySft(dir, config);
            if (!error.isEmpty()) {
                qWarning("%s", qPrintable(error));
                return {};
            }
            m_lmRuns << dir;
        }
    return m_lmRuns;
}

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

void tst_CompareWidget::languageModelRunsSideBySide()
{
    const QStringList runs = lmRuns();
    QCOMPARE(runs.size(), 2);
    CompareWidget compare;
    compare.resize(1200, 800);
    compare.show();
    compare.setRuns(runs);
    QVERIFY(compare.comparesLanguageModels());
    QVERIFY(compare.refusal().isEmpty());

    // Curves a language model has: no accuracy or F1, perplexity instead.
    auto *curve = compare.findChild<QComboBox *>(QStringLiteral("curveCombo"));
    QVERIFY(curve);
    QVERIFY(curve->findData(int(CompareWidget::Curve::ValidationAccuracy)) < 0);
    QVERIFY(curve->findData(int(CompareWidget::Curve::ValidationPerplexity)) >= 0);
    compare.setCurve(CompareWidget::Curve::ValidationPerplexity);
    QCOMPARE(compare.curvePlot()->seriesCount(), 2);
    QCOMPARE(compare.curvePlot()->pointCount(0), 2);
    QCOMPARE(compare.curvePlot()->pointCount(1), 2);
    QVERIFY(compare.curvePlot()->lastValue(0) > 1.0);

    // Metrics: the task's (TaskInfo), lower better, against the first run.
    QTableWidget *t = compare.metricsTable();
    const int perplexity = rowOf(t, QStringLiteral("Validation perplexity"));
    QVERIFY(perplexity >= 0);
    QVERIFY(rowOf(t, QStringLiteral("Validation loss")) >= 0);
    QVERIFY(rowOf(t, QStringLiteral("Validation accuracy")) < 0);
    const double a = readJson(QDir(runs[0]).filePath(QStringLiteral("summary.json")))["validation"]["perplexity"].get<double>();
    const double b = readJson(QDir(runs[1]).filePath(QStringLiteral("summary.json")))["validation"]["perplexity"].get<double>();
    QCOMPARE(t->item(perplexity, 0)->text(), QString::number(a, 'f', 4));
    QVERIFY(t->item(perplexity, 1)->text().startsWith(QString::number(b, 'f', 4)));
    if (b != a)
        QCOMPARE(t->item(perplexity, 1)->foreground().color(), b < a ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));

    // The tabs of classification runs are hidden, Answers shown.
    auto *tabs = compare.findChild<QTabWidget *>();
    QVERIFY(tabs);
    QVERIFY(!tabs->isTabVisible(2));
    QVERIFY(!tabs->isTabVisible(3));
    QVERIFY(tabs->isTabVisible(4));

    // Answers: the two validation prompts, the reference, each run's answer at its best evaluation.
    QTableWidget *answers = compare.answersTable();
    QCOMPARE(answers->rowCount(), 2);
    QCOMPARE(answers->columnCount(), 4);
    QCOMPARE(answers->horizontalHeaderItem(0)->text(), QStringLiteral("Prompt"));
    QCOMPARE(answers->horizontalHeaderItem(1)->text(), QStringLiteral("Reference"));
    for (int c = 0; c < 2; ++c) {
        const auto summary = readJson(QDir(runs[c]).filePath(QStringLiteral("summary.json")));
        const std::int64_t best = summary["best"]["step"].get<std::int64_t>();
        QVERIFY(answers->horizontalHeaderItem(2 + c)->text().endsWith(QStringLiteral("step %1").arg(best)));
        // metrics.jsonl's samples record at the best step.
        QFile metrics(QDir(runs[c]).filePath(QStringLiteral("metrics.jsonl")));
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        nlohmann::json atBest;
        while (!metrics.atEnd()) {
            const auto r = nlohmann::json::parse(metrics.readLine().toStdString());
            if (r.at("kind") == "samples" && r.at("step").get<std::int64_t>() == best)
                atBest = r;
        }
        QVERIFY(!atBest.is_null());
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(answers->item(row, 0)->text(), QString::fromStdString(atBest["answers"][row]["prompt"].get<std::string>()));
            QCOMPARE(answers->item(row, 1)->text(), QString::fromStdString(atBest["answers"][row]["reference"].get<std::string>()));
            QCOMPARE(answers->item(row, 2 + c)->text(), shownAnswer(QString::fromStdString(atBest["answers"][row]["answer"].get<std::string>())));
        }
    }
}

void tst_CompareWidget::mixedSelectionIsRefused()
{
    const QStringList runs = lmRuns();
    QCOMPARE(runs.size(), 2);
    CompareWidget compare;
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), runs[0]});
    QVERIFY(!compare.comparesLanguageModels());
    const QString refusal = compare.refusal();
    QVERIFY(refusal.contains(QStringLiteral("cannot be compared")));
    QVERIFY2(refusal.contains(QStringLiteral("tiny-sft-lr0.01")), qPrintable(refusal));
    QVERIFY2(refusal.contains(QStringLiteral("classifier")), qPrintable(refusal));
    QCOMPARE(compare.metricsTable()->rowCount(), 0);
    QCOMPARE(compare.configTable()->rowCount(), 0);
    QCOMPARE(compare.answersTable()->rowCount(), 0);
    QCOMPARE(compare.curvePlot()->seriesCount(), 0);
    QVERIFY(compare.heatmaps().isEmpty());
    bool shown = false;
    for (QLabel *l : compare.findChildren<QLabel *>())
        shown = shown || l->text() == refusal;
    QVERIFY(shown);
    // Ticking off the language model: classification as before.
    compare.setRuns({dataPath(QStringLiteral("runs/sms-lr5e-5")), dataPath(QStringLiteral("runs/sms-lr1e-4"))});
    QVERIFY(compare.refusal().isEmpty());
    QVERIFY(rowOf(compare.metricsTable(), QStringLiteral("Validation accuracy")) >= 0);
    QCOMPARE(compare.heatmaps().size(), 2);
}

QTEST_MAIN(tst_CompareWidget)
#include "tst_comparewidget.moc"

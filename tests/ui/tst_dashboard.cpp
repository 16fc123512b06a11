// The dashboard shows run folders (finished, canceled, still being written) and live jobs:
// the right number of points per curve, a filled confusion matrix, the rows of a clicked cell.
// Language-model runs (the tiny Llama instruction-tuned by core's trainer): loss and perplexity,
// no confusion matrix, and each evaluation's sample answers with what changed, live too.
#include "lmrun.h"
#include "testsupport.h"

#include "ui/dashboard/classmetricstable.h"
#include "ui/dashboard/confusionmatrixwidget.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dashboard/rundata.h"
#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/dashboard/trainingprogresswidget.h"
#include "ui/jobs/trainingjob.h"
#include "ui/widgets/confusionheatmap.h"
#include "ui/widgets/customplot.h"
#include "ui/widgets/metricplot.h"

#include "core/eval/metrics.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <unistd.h>

using namespace hone::ui;
using hone::test::dataPath;

namespace {

QStringList readLines(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (!line.isEmpty())
            lines << line;
    }
    return lines;
}

void writeFile(const QString &file, const QByteArray &bytes, QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile f(file);
    QVERIFY2(f.open(mode), qPrintable(file));
    f.write(bytes);
}

bool copyDir(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    const QDir src(from);
    for (const QFileInfo &fi : src.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = QDir(to).filePath(fi.fileName());
        if (fi.isDir() ? !copyDir(fi.filePath(), target) : !QFile::copy(fi.filePath(), target))
            return false;
    }
    return true;
}

} // namespace

class tst_Dashboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsFinishedRun();
    void confusionMatchesSavedRows();
    void clickingCellListsItsRows();
    void normalisedToggle();
    void canceledRunOffersResume();
    void malformedRunSaysWhy();
    void followsRunWrittenByAnotherProcess();
    void liveJobFillsCurvesAndMatrix();
    void emptyPlotUsesItsWidth();
    void flagsAModelAtTheMajorityBaseline();
    void stepAxisHasWholeNumbersAndLegendWraps();
    void legendFitsTwoColumnsAtMinimumWidth();
    void showsLanguageModelRun();
    void followsLanguageModelRunWrittenByAnotherProcess();
    void liveLanguageModelJobShowsAnswers();
    void answerDiffMarksWords();

private:
    QString lmRun(); // trained on first use
    QTemporaryDir m_tmp;
};

QString tst_Dashboard::lmRun()
{
    return hone::test::tinySftRunOnce(m_tmp.path());
}

void tst_Dashboard::showsFinishedRun()
{
    DashboardWidget dashboard;
    dashboard.resize(1400, 900);
    dashboard.show();
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    // 300 steps logged every 10, evaluated every 100, one test evaluation at the end.
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 30);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLossSmoothed), 30);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 3);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TestLoss), 1);
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::TrainAccuracy), 30);
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::ValidationAccuracy), 3);
    QCOMPARE(dashboard.learningRatePlot()->pointCount(0), 30);
    QVERIFY(!dashboard.isFollowing());

    ConfusionHeatmap *heatmap = dashboard.confusionMatrix()->heatmap();
    QCOMPARE(heatmap->labels(), (QStringList{QStringLiteral("ham"), QStringLiteral("spam")}));
    qint64 total = 0;
    for (int t = 0; t < 2; ++t)
        for (int p = 0; p < 2; ++p)
            total += heatmap->count(t, p);
    QCOMPARE(total, qint64(readLines(dataPath(QStringLiteral("runs/sms-lr5e-5/predictions/validation.jsonl"))).size()));
    QVERIFY(heatmap->count(0, 0) > 0);
    // Two classes, then macro average, weighted average and accuracy.
    QCOMPARE(dashboard.classMetrics()->rowCount(), 5);
    QCOMPARE(dashboard.classMetrics()->item(0, 0)->text(), QStringLiteral("ham"));
    QVERIFY(dashboard.progress()->statusText().startsWith(QStringLiteral("Finished")));
    QVERIFY(dashboard.progress()->statsText().contains(QStringLiteral("300")));
    QTest::qWait(250); // one replot tick, nothing may crash while painting
}

void tst_Dashboard::confusionMatchesSavedRows()
{
    // The shown matrix is the one the saved prediction rows belong to, cell by cell.
    DashboardWidget dashboard;
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr1e-4"))));
    qint64 expected[2][2] = {{0, 0}, {0, 0}};
    for (const QString &line : readLines(dataPath(QStringLiteral("runs/sms-lr1e-4/predictions/validation.jsonl")))) {
        const auto j = nlohmann::json::parse(line.toStdString());
        ++expected[j["truth"].get<int>()][j["predicted"].get<int>()];
    }
    ConfusionHeatmap *heatmap = dashboard.confusionMatrix()->heatmap();
    for (int t = 0; t < 2; ++t)
        for (int p = 0; p < 2; ++p)
            QCOMPARE(heatmap->count(t, p), expected[t][p]);
}

void tst_Dashboard::clickingCellListsItsRows()
{
    DashboardWidget dashboard;
    dashboard.resize(1400, 900);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    ConfusionHeatmap *heatmap = dashboard.confusionMatrix()->heatmap();
    QTableWidget *rows = dashboard.confusionMatrix()->rowsTable();

    const QStringList lines = readLines(dataPath(QStringLiteral("runs/sms-lr5e-5/predictions/validation.jsonl")));
    for (int truth = 0; truth < 2; ++truth) {
        for (int predicted = 0; predicted < 2; ++predicted) {
            QSignalSpy clicked(heatmap, &ConfusionHeatmap::cellClicked);
            QTest::mouseClick(heatmap, Qt::LeftButton, Qt::NoModifier, heatmap->cellRect(truth, predicted).center());
            QCOMPARE(clicked.count(), 1);
            QCOMPARE(clicked.first().at(0).toInt(), truth);
            QCOMPARE(clicked.first().at(1).toInt(), predicted);
            QSet<QString> expected;
            for (const QString &line : lines) {
                const auto j = nlohmann::json::parse(line.toStdString());
                if (j["truth"] == truth && j["predicted"] == predicted)
                    expected.insert(QString::fromStdString(j["text"].get<std::string>()));
            }
            QCOMPARE(qint64(rows->rowCount()), heatmap->count(truth, predicted));
            QSet<QString> listed;
            for (int r = 0; r < rows->rowCount(); ++r)
                listed.insert(rows->item(r, 1)->text());
            QCOMPARE(listed, expected);
            // Off-diagonal cells show both the predicted and the true label's probability.
            QCOMPARE(rows->columnCount(), truth == predicted ? 3 : 4);
        }
    }
    // Most confident first.
    QTest::mouseClick(heatmap, Qt::LeftButton, Qt::NoModifier, heatmap->cellRect(0, 0).center());
    for (int r = 1; r < rows->rowCount(); ++r)
        QVERIFY(rows->item(r - 1, 2)->data(Qt::UserRole).toDouble() >= rows->item(r, 2)->data(Qt::UserRole).toDouble());
}

void tst_Dashboard::normalisedToggle()
{
    DashboardWidget dashboard;
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    auto *check = dashboard.confusionMatrix()->findChild<QCheckBox *>(QStringLiteral("normalizedCheck"));
    QVERIFY(check);
    QVERIFY(!dashboard.confusionMatrix()->heatmap()->isNormalized());
    check->setChecked(true);
    QVERIFY(dashboard.confusionMatrix()->heatmap()->isNormalized());
}

void tst_Dashboard::canceledRunOffersResume()
{
    DashboardWidget dashboard;
    dashboard.show();
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/intent-canceled"))));
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 13);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 2);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TestLoss), 0);
    QCOMPARE(dashboard.confusionMatrix()->heatmap()->labels().size(), 3);
    auto *resume = dashboard.findChild<QPushButton *>(QStringLiteral("resumeButton"));
    auto *stop = dashboard.findChild<QPushButton *>(QStringLiteral("stopButton"));
    QVERIFY(resume && stop);
    QVERIFY(resume->isVisible() && resume->isEnabled());
    QVERIFY(!stop->isEnabled());
    QVERIFY(dashboard.progress()->statusText().contains(QStringLiteral("resumed")));
}

void tst_Dashboard::malformedRunSaysWhy()
{
    QTemporaryDir tmp;
    QVERIFY(copyDir(dataPath(QStringLiteral("runs/sms-lr5e-5")), tmp.path()));
    writeFile(QDir(tmp.path()).filePath(QStringLiteral("metrics.jsonl")), "{\"kind\":\"eval\",\"step\":3}\n");
    DashboardWidget dashboard;
    QString error;
    QVERIFY(dashboard.showRun(QDir(tmp.path()).filePath(QStringLiteral("missing")), &error) == false);
    QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
    // A record without metrics is not plotted (and does not break the rest of the run).
    QVERIFY(dashboard.showRun(tmp.path(), &error));
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 0);
    auto loaded = RunData::load(tmp.path());
    QVERIFY(!loaded);
    QVERIFY2(QString::fromStdString(loaded.error().message).contains(QStringLiteral("metrics.jsonl: record 1")),
             loaded.error().message.c_str());
}

void tst_Dashboard::followsRunWrittenByAnotherProcess()
{
    QTemporaryDir tmp;
    QVERIFY(copyDir(dataPath(QStringLiteral("runs/sms-lr5e-5")), tmp.path()));
    const QDir dir(tmp.path());
    const QStringList lines = readLines(dir.filePath(QStringLiteral("metrics.jsonl")));
    QCOMPARE(lines.size(), 34);
    // "Running" with a live pid (ours) is a run another process is still writing.
    QFile::remove(dir.filePath(QStringLiteral("summary.json")));
    writeFile(dir.filePath(QStringLiteral("state.json")),
              QStringLiteral("{\"state\":\"running\",\"pid\":%1}").arg(::getpid()).toUtf8());
    writeFile(dir.filePath(QStringLiteral("metrics.jsonl")), lines.mid(0, 10).join(QLatin1Char('\n')).toUtf8() + "\n");

    DashboardWidget dashboard;
    dashboard.show();
    QVERIFY(dashboard.showRun(tmp.path()));
    QVERIFY(dashboard.isFollowing());
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 10);
    QVERIFY(dashboard.progress()->statusText().contains(QStringLiteral("hone-cli")));

    // Half a line first: nothing is read until it is complete.
    const QByteArray next = lines[10].toUtf8();
    writeFile(dir.filePath(QStringLiteral("metrics.jsonl")), next.left(20), QIODevice::Append);
    QTest::qWait(DashboardWidget::kFollowIntervalMs + 200);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 10);
    QByteArray rest = next.mid(20) + "\n";
    for (int i = 11; i < lines.size(); ++i)
        rest += lines[i].toUtf8() + "\n";
    writeFile(dir.filePath(QStringLiteral("metrics.jsonl")), rest, QIODevice::Append);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 30, 5000);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 3);

    QSignalSpy ended(&dashboard, &DashboardWidget::runEnded);
    writeFile(dir.filePath(QStringLiteral("state.json")), "{\"state\":\"finished\",\"pid\":0}");
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 5000);
    QVERIFY(!dashboard.isFollowing());
    QVERIFY(dashboard.progress()->statusText().startsWith(QStringLiteral("Finished")));
}

void tst_Dashboard::liveJobFillsCurvesAndMatrix()
{
    QTemporaryDir tmp;
    const QString runDir = QDir(tmp.path()).filePath(QStringLiteral("live"));
    TrainingJob job;
    DashboardWidget dashboard;
    dashboard.show();
    dashboard.attachJob(&job);
    QSignalSpy finished(&job, &TrainingJob::finished);
    job.run(runDir, [](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        feedback.onPhase(hone::TrainingPhase::Training, {});
        for (int step = 1; step <= 200; ++step) {
            hone::StepMetrics s;
            s.step = step;
            s.totalSteps = 200;
            s.epoch = step / 100.0;
            s.loss = 1.0 / step;
            s.values["accuracy"] = 0.5 + step / 400.0;
            s.learningRate = 5e-5 * (200 - step) / 200.0;
            feedback.onStep(s);
            if (step % 100 == 0) {
                hone::EvalMetrics e;
                e.split = "validation";
                e.step = step;
                e.loss = 0.3;
                std::vector<int> truth = {0, 0, 1, 1, 1}, predicted = {0, 1, 1, 1, 0};
                e.metrics = hone::computeMetrics(truth, predicted, {"neg", "pos"});
                for (int i = 0; i < 5; ++i)
                    e.predictions.push_back({i, truth[i], predicted[i], {predicted[i] ? 0.2f : 0.8f, predicted[i] ? 0.8f : 0.2f}});
                e.isBest = true;
                feedback.onEval(e);
            }
        }
        hone::RunSummary summary;
        summary.labels = {"neg", "pos"};
        return summary;
    });
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 200);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 2);
    ConfusionHeatmap *heatmap = dashboard.confusionMatrix()->heatmap();
    QCOMPARE(heatmap->labels(), (QStringList{QStringLiteral("neg"), QStringLiteral("pos")}));
    QCOMPARE(heatmap->count(1, 1), qint64(2));
    QCOMPARE(heatmap->count(1, 0), qint64(1));
    dashboard.confusionMatrix()->selectCell(1, 0);
    QCOMPARE(dashboard.confusionMatrix()->rowsTable()->rowCount(), 1);
    QCOMPARE(dashboard.confusionMatrix()->rowsTable()->item(0, 0)->text(), QStringLiteral("4"));
    QVERIFY(dashboard.progress()->statusText().startsWith(QStringLiteral("Finished")));
}

void tst_Dashboard::emptyPlotUsesItsWidth()
{
    // Before the first point (and with nothing in its legend) the axes still span the plot.
    DashboardWidget dashboard;
    dashboard.resize(1400, 900);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    MetricPlot *plot = dashboard.lossPlot();
    QTRY_VERIFY_WITH_TIMEOUT(plot->dataRect().width() > plot->width() * 3 / 4, 2000);
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    dashboard.clear();
    QTest::qWait(300);
    QVERIFY2(plot->dataRect().width() > plot->width() * 3 / 4,
             qPrintable(QStringLiteral("%1 of %2").arg(plot->dataRect().width()).arg(plot->width())));
}

void tst_Dashboard::flagsAModelAtTheMajorityBaseline()
{
    DashboardWidget dashboard;
    dashboard.resize(1400, 900);
    dashboard.show();
    // A useful model: the baseline is drawn, nothing is flagged.
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    const auto baseline = dashboard.accuracyPlot()->referenceLine();
    QVERIFY(baseline);
    QVERIFY2(*baseline > 0.5 && *baseline < 0.89, qPrintable(QString::number(*baseline)));
    QVERIFY(dashboard.sanityText().isEmpty());

    // The same run, but its best model answers "ham" for every validation row.
    QTemporaryDir tmp;
    const QString run = tmp.filePath(QStringLiteral("single"));
    QVERIFY(copyDir(dataPath(QStringLiteral("runs/sms-lr5e-5")), run));
    QDir(run + QStringLiteral("/predictions")).removeRecursively();
    QFile in(run + QStringLiteral("/summary.json"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    nlohmann::json summary = nlohmann::json::parse(in.readAll().toStdString());
    in.close();
    nlohmann::json validation = hone::metricsFromConfusion({{32, 0}, {16, 0}}, {"ham", "spam"});
    validation["loss"] = 0.6;
    summary["validation"] = validation;
    writeFile(run + QStringLiteral("/summary.json"), QByteArray::fromStdString(summary.dump()));
    QVERIFY(dashboard.showRun(run));
    QVERIFY2(dashboard.sanityText().contains(QStringLiteral("“ham” for every validation row")), qPrintable(dashboard.sanityText()));
    QVERIFY2(dashboard.sanityText().contains(QStringLiteral("66.7%")), qPrintable(dashboard.sanityText()));
    QCOMPARE(*dashboard.accuracyPlot()->referenceLine(), 32.0 / 48.0);
    QVERIFY(dashboard.findChild<QLabel *>(QStringLiteral("sanityLabel"))->isVisible());
    dashboard.clear();
    QVERIFY(!dashboard.accuracyPlot()->referenceLine());
    QVERIFY(dashboard.sanityText().isEmpty());
}

void tst_Dashboard::stepAxisHasWholeNumbersAndLegendWraps()
{
    MetricPlot plot;
    plot.resize(700, 300);
    plot.addSeries(QStringLiteral("validation_loss of run_a"), Qt::blue, MetricPlot::Style::Line);
    plot.addSeries(QStringLiteral("validation_loss of run_b"), Qt::red, MetricPlot::Style::Line);
    plot.addSeries(QStringLiteral("validation_loss of run_c"), Qt::green, MetricPlot::Style::Line);
    for (int s = 0; s < 3; ++s)
        plot.setPoints(s, {1, 2, 3, 4}, {0.5, 0.4, 0.3, 0.2 + s});
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.refresh();
    QTRY_VERIFY(!plot.keyTicks().isEmpty());
    // Four steps: ticks on whole steps only, never "2.5".
    for (double t : plot.keyTicks())
        QVERIFY2(t == std::floor(t), qPrintable(QString::number(t)));
    const int wide = plot.legendColumns();
    QVERIFY2(wide >= 2, qPrintable(QString::number(wide)));
    // Narrow: the legend wraps onto more rows instead of cutting entries off.
    plot.resize(260, 300);
    QTRY_VERIFY(plot.legendColumns() < wide);
}

void tst_Dashboard::legendFitsTwoColumnsAtMinimumWidth()
{
    MetricPlot plot;
    plot.addSeries(QString(), Qt::blue, MetricPlot::Style::FaintLine); // raw values: no entry
    plot.addSeries(QStringLiteral("Training (smoothed)"), Qt::blue, MetricPlot::Style::Line);
    plot.addSeries(QStringLiteral("Validation"), Qt::red, MetricPlot::Style::LineAndMarkers);
    plot.addSeries(QStringLiteral("Test"), Qt::green, MetricPlot::Style::Markers);
    for (int s = 0; s < 4; ++s)
        plot.setPoints(s, {1, 2, 3}, {0.5, 0.6, 0.7});
    plot.setReferenceLine(0.667, QStringLiteral("majority baseline 66.7%"));
    plot.resize(plot.minimumSizeHint().width(), 220);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.refresh();
    QTRY_VERIFY(plot.legendColumns() >= 2); // four entries in at most two rows
    QCPLegend *legend = plot.customPlot()->legend;
    QStringList names; // a wrapped legend's grid has empty cells: entries in reading order
    for (int i = 0; i < legend->itemCount(); ++i) {
        auto *item = qobject_cast<QCPPlottableLegendItem *>(legend->item(i));
        if (!item)
            continue;
        names << item->plottable()->name();
        const QRect r = item->outerRect();
        QVERIFY2(r.left() >= 0 && r.right() < plot.width(), qPrintable(QStringLiteral("entry %1 at %2..%3 of %4").arg(i).arg(r.left()).arg(r.right()).arg(plot.width())));
    }
    QCOMPARE(names, QStringList({QStringLiteral("Training (smoothed)"), QStringLiteral("Validation"), QStringLiteral("Test"),
                                 QStringLiteral("majority baseline 66.7%")})); // the baseline read last
    // No caption drawn over the data: the only text items are the placeholder and the marker's.
    for (int i = 0; i < plot.customPlot()->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(plot.customPlot()->item(i)))
            QVERIFY(!text->visible() || !text->text().contains(QStringLiteral("baseline")));
}

void tst_Dashboard::showsLanguageModelRun()
{
    const QString run = lmRun();
    QVERIFY(!run.isEmpty());
    DashboardWidget dashboard;
    dashboard.resize(1400, 900);
    dashboard.show();
    QVERIFY(dashboard.showRun(run));
    QVERIFY(dashboard.data().isLanguageModel());
    // 8 steps logged every step, evaluated at steps 4 and 8.
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 8);
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::ValidationLoss), 2);
    QCOMPARE(dashboard.plottedMetric(), QStringLiteral("perplexity")); // the task's, from TaskInfo
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::ValidationAccuracy), 2);
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::TrainAccuracy), 0);
    QVERIFY(dashboard.accuracyPlot()->lastValue(DashboardWidget::ValidationAccuracy) > 1.0);
    const double loss = dashboard.lossPlot()->lastValue(DashboardWidget::ValidationLoss);
    QVERIFY(std::abs(dashboard.accuracyPlot()->lastValue(DashboardWidget::ValidationAccuracy) - std::exp(loss)) < 1e-3 * std::exp(loss));
    // No classes: no confusion matrix, no per-class table, no majority-baseline warning.
    QVERIFY(dashboard.showsSampleAnswers());
    QVERIFY(!dashboard.confusionMatrix()->isVisible());
    QVERIFY(!dashboard.classMetrics()->isVisible());
    QVERIFY(dashboard.sanityText().isEmpty());
    QVERIFY(dashboard.progress()->statusText().startsWith(QStringLiteral("Finished")));

    SampleAnswersWidget *samples = dashboard.sampleAnswers();
    QVERIFY(samples->isVisible());
    QCOMPARE(samples->evaluationCount(), 2);
    QCOMPARE(samples->currentEvaluation(), 1); // the newest
    QCOMPARE(samples->evaluationCombo()->currentText(), QStringLiteral("Step 8"));
    QList<SampleAnswersWidget::Entry> entries = samples->entries();
    QCOMPARE(entries.size(), 2);
    const QString text = samples->plainText();
    for (const auto &e : entries) {
        QVERIFY(!e.prompt.isEmpty());
        QVERIFY(!e.reference.isEmpty()); // Alpaca outputs
        QVERIFY(e.hasPrevious);
        QCOMPARE(e.previousStep, std::int64_t(4));
        QVERIFY(text.contains(e.prompt));
        QVERIFY(text.contains(e.reference));
        QVERIFY(text.contains(e.changed() ? QStringLiteral("changed since step 4") : QStringLiteral("unchanged since step 4")));
    }
    // The data's own records, as metrics.jsonl holds them.
    hone::SampleAnswers last = dashboard.data().samples.back();
    QCOMPARE(entries[0].answer, QString::fromStdString(last.answers[0].answer));
    QCOMPARE(entries[1].prompt, QString::fromStdString(last.answers[1].prompt));

    samples->setCurrentEvaluation(0);
    entries = samples->entries();
    QCOMPARE(entries.size(), 2);
    QVERIFY(!entries[0].hasPrevious);
    QVERIFY(samples->plainText().contains(QStringLiteral("first evaluation")));
    QCOMPARE(entries[0].answer, QString::fromStdString(dashboard.data().samples.front().answers[0].answer));
    QTest::qWait(250);

    // Back to a classification run: the matrix again.
    QVERIFY(dashboard.showRun(dataPath(QStringLiteral("runs/sms-lr5e-5"))));
    QVERIFY(!dashboard.showsSampleAnswers());
    QCOMPARE(dashboard.plottedMetric(), QStringLiteral("accuracy"));
    QVERIFY(dashboard.confusionMatrix()->isVisible());
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::TrainAccuracy), 30);
}

void tst_Dashboard::followsLanguageModelRunWrittenByAnotherProcess()
{
    const QString run = lmRun();
    QVERIFY(!run.isEmpty());
    QTemporaryDir tmp;
    QVERIFY(copyDir(run, tmp.path()));
    const QDir dir(tmp.path());
    const QStringList lines = readLines(dir.filePath(QStringLiteral("metrics.jsonl")));
    // Up to the first "samples" record, then the rest while it is followed.
    int firstSamples = -1;
    for (int i = 0; i < lines.size() && firstSamples < 0; ++i)
        if (nlohmann::json::parse(lines[i].toStdString()).at("kind") == "samples")
            firstSamples = i;
    QVERIFY(firstSamples > 0 && firstSamples + 1 < lines.size());
    QFile::remove(dir.filePath(QStringLiteral("summary.json")));
    writeFile(dir.filePath(QStringLiteral("state.json")), QStringLiteral("{\"state\":\"running\",\"pid\":%1}").arg(::getpid()).toUtf8());
    writeFile(dir.filePath(QStringLiteral("metrics.jsonl")), lines.mid(0, firstSamples + 1).join(QLatin1Char('\n')).toUtf8() + "\n");

    DashboardWidget dashboard;
    dashboard.show();
    QVERIFY(dashboard.showRun(tmp.path()));
    QVERIFY(dashboard.isFollowing());
    QVERIFY(dashboard.showsSampleAnswers());
    QCOMPARE(dashboard.sampleAnswers()->evaluationCount(), 1);
    QCOMPARE(dashboard.sampleAnswers()->evaluationCombo()->currentText(), QStringLiteral("Step 4"));

    writeFile(dir.filePath(QStringLiteral("metrics.jsonl")), lines.mid(firstSamples + 1).join(QLatin1Char('\n')).toUtf8() + "\n",
              QIODevice::Append);
    QTRY_COMPARE_WITH_TIMEOUT(dashboard.sampleAnswers()->evaluationCount(), 2, 5000);
    QCOMPARE(dashboard.sampleAnswers()->currentEvaluation(), 1); // followed the newest
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::ValidationAccuracy), 2);
    QVERIFY(dashboard.sampleAnswers()->entries().first().hasPrevious);
}

void tst_Dashboard::liveLanguageModelJobShowsAnswers()
{
    QTemporaryDir tmp;
    const QString runDir = QDir(tmp.path()).filePath(QStringLiteral("live-lm"));
    TrainingJob job;
    DashboardWidget dashboard;
    dashboard.resize(1200, 800);
    dashboard.show();
    dashboard.attachJob(&job);
    // At each evaluation (after the dashboard's own handler), the answers of that evaluation are shown.
    QList<int> shownAtEval;
    QList<bool> panelAtEval;
    connect(&job, &TrainingJob::evalReported, this, [&] {
        shownAtEval << dashboard.sampleAnswers()->evaluationCount();
        panelAtEval << dashboard.showsSampleAnswers();
    });
    QSignalSpy finished(&job, &TrainingJob::finished);
    QSignalSpy failed(&job, &TrainingJob::failed);
    QVERIFY(job.start(hone::test::tinySftConfig(), runDir));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(shownAtEval, (QList<int>{1, 2}));
    QCOMPARE(panelAtEval, (QList<bool>{true, true}));
    QCOMPARE(dashboard.plottedMetric(), QStringLiteral("perplexity"));
    QCOMPARE(dashboard.lossPlot()->pointCount(DashboardWidget::TrainLoss), 8);
    QCOMPARE(dashboard.accuracyPlot()->pointCount(DashboardWidget::ValidationAccuracy), 2);
    QCOMPARE(dashboard.sampleAnswers()->entries().size(), 2);
    QVERIFY(dashboard.progress()->statusText().startsWith(QStringLiteral("Finished")));
}

void tst_Dashboard::answerDiffMarksWords()
{
    const QString html = answerDiffHtml(QStringLiteral("The capital of Peru is Lima."), QStringLiteral("The capital of Peru is Oslo."));
    QVERIFY(html.startsWith(QStringLiteral("The capital of Peru is ")));
    QVERIFY(html.contains(QStringLiteral("line-through;\">Lima</span>")));
    QVERIFY(html.contains(QStringLiteral("color:#1b5e20;\">Oslo</span>")));
    QVERIFY(html.endsWith(QStringLiteral("</span>.")));
    // Each CJK character is a word; markup in an answer is text.
    const QString zh = answerDiffHtml(QStringLiteral("首都是利马"), QStringLiteral("首都是<b>奥斯陆"));
    QVERIFY(zh.startsWith(QStringLiteral("首都是")));
    QVERIFY(zh.contains(QStringLiteral(">利马</span>")));
    QVERIFY(zh.contains(QStringLiteral("&lt;b&gt;奥斯陆")));
    QCOMPARE(answerDiffHtml(QStringLiteral("same"), QStringLiteral("same")), QStringLiteral("same"));
    // A young model's whitespace answers are named, not shown as blank space; origins without folders.
    QCOMPARE(shownAnswer(QStringLiteral("\n\n ")), QStringLiteral("(only spaces and line breaks)"));
    QCOMPARE(shownAnswer(QString()), QStringLiteral("(empty answer)"));
    QCOMPARE(shownAnswer(QStringLiteral(" Lima")), QStringLiteral(" Lima"));
    QCOMPARE(shownOrigin(QStringLiteral("/data/sft/train.json: record 3")), QStringLiteral("train.json: record 3"));
}

QTEST_MAIN(tst_Dashboard)
#include "tst_dashboard.moc"

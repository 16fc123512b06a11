// The playground on a real (tiny) run: the model loads off the GUI thread, a typed text gets a
// label and one probability bar per class, a CSV file becomes a predictions CSV (atomically).
#include "tinyrun.h"

#include "core/data/csvreader.h"
#include "ui/playground/playgroundwidget.h"
#include "ui/playground/probabilitybarswidget.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hone::ui;

class tst_Playground : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void predictsTypedText();
    void predictsFile();
    void reportsBadModelFolder();
    void fileColumns();

private:
    QTemporaryDir m_tmp;
    QString m_run;
};

void tst_Playground::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QString error;
    m_run = hone::test::trainTinyRun(m_tmp.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
}

void tst_Playground::predictsTypedText()
{
    PlaygroundWidget playground;
    playground.show();
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_run);
    QVERIFY(playground.isBusy()); // loading runs on a pool thread
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(playground.labels(), (QStringList{QStringLiteral("ham"), QStringLiteral("spam")}));

    QSignalSpy predicted(&playground, &PlaygroundWidget::textPredicted);
    playground.setText(QStringLiteral("Are we still meeting for lunch tomorrow?"));
    playground.predictText();
    QTRY_COMPARE_WITH_TIMEOUT(predicted.count(), 1, 30000);
    const QString label = predicted.first().at(0).toString();
    const double p = predicted.first().at(1).toDouble();
    QVERIFY(playground.labels().contains(label));
    QVERIFY(p >= 0.5 && p <= 1.0);
    auto *bars = playground.findChild<ProbabilityBarsWidget *>(QStringLiteral("probabilityBars"));
    QVERIFY(bars);
    QCOMPARE(bars->sortedLabels().size(), 2);
    QCOMPARE(bars->sortedLabels().first(), label); // most probable first
    auto *shown = playground.findChild<QLabel *>(QStringLiteral("predictionLabel"));
    QVERIFY(shown->text().startsWith(label));
}

void tst_Playground::predictsFile()
{
    PlaygroundWidget playground;
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_run);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);

    const QString input = QDir(m_tmp.path()).filePath(QStringLiteral("in.csv"));
    QVERIFY(hone::test::writeSmsSample(input, 20));
    const QString output = QDir(m_tmp.path()).filePath(QStringLiteral("out/predictions.csv"));
    QDir().mkpath(QFileInfo(output).path());
    QSignalSpy done(&playground, &PlaygroundWidget::filePredicted);
    playground.predictFile(input, output, QStringLiteral("text"));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));

    QFile f(output);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    auto table = hone::parseCsv(bytes.toStdString(), {}, "predictions.csv");
    QVERIFY(table);
    QCOMPARE(table->header, (std::vector<std::string>{"text", "label", "p_ham", "p_spam"}));
    QCOMPARE(table->records.size(), std::size_t(20));
    for (const auto &r : table->records) {
        QVERIFY(r.fields[1] == "ham" || r.fields[1] == "spam");
        QVERIFY(std::abs(std::stod(r.fields[2]) + std::stod(r.fields[3]) - 1.0) < 1e-4);
    }
    // No temporary left behind next to the output.
    QCOMPARE(QDir(QFileInfo(output).path()).entryList(QDir::Files), QStringList{QStringLiteral("predictions.csv")});

    // A missing column is an error that names it; the output stays as it was.
    QSignalSpy again(&playground, &PlaygroundWidget::filePredicted);
    playground.predictFile(input, output, QStringLiteral("sms"));
    QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, 30000);
    QVERIFY(!again.first().at(0).toBool());
    QVERIFY2(again.first().at(1).toString().contains(QStringLiteral("'sms'")), qPrintable(again.first().at(1).toString()));
    QVERIFY(f.seek(0));
    QCOMPARE(f.readAll(), bytes);
}

void tst_Playground::reportsBadModelFolder()
{
    PlaygroundWidget playground;
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_tmp.path()); // a folder without a model
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QVERIFY(!loaded.first().at(0).toBool());
    QVERIFY(!loaded.first().at(1).toString().isEmpty());
    QVERIFY(playground.labels().isEmpty());
}

void tst_Playground::fileColumns()
{
    const QString csv = QDir(m_tmp.path()).filePath(QStringLiteral("cols.tsv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("id\tsentence\n1\thello\n");
    f.close();
    QString error;
    QCOMPARE(PlaygroundWidget::fileColumns(csv, &error), (QStringList{QStringLiteral("id"), QStringLiteral("sentence")}));
    QVERIFY(PlaygroundWidget::fileColumns(QStringLiteral("notes.txt"), &error).isEmpty());
}

QTEST_MAIN(tst_Playground)
#include "tst_playground.moc"

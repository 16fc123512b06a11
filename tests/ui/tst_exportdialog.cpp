// The export dialog on a real (tiny) run: best checkpoint by default, the export runs off the
// GUI thread with progress, and the verification is said in words.
#include "tinyrun.h"

#include "ui/dialogs/evaluatedialog.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/languagemanager.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "ui/widgets/confusionheatmap.h"

using namespace hone::ui;

class tst_ExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsAndVerifies();
    void runWithoutCheckpointCannotExport();
    void verificationSentences();
    void evaluatesOnANewFile();

private:
    LanguageManager m_languages; // English plural forms ("64 rows")
    QTemporaryDir m_tmp;
    QString m_run;
};

void tst_ExportDialog::initTestCase()
{
    QCOMPARE(m_languages.apply(QStringLiteral("en")), QStringLiteral("en"));
    QString error;
    m_run = hone::test::trainTinyRun(m_tmp.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
}

void tst_ExportDialog::exportsAndVerifies()
{
    ExportDialog dialog;
    dialog.setRun(m_run);
    QVERIFY(dialog.findChild<QRadioButton *>(QStringLiteral("bestRadio"))->isChecked());
    const QString out = QDir(m_tmp.path()).filePath(QStringLiteral("export"));
    dialog.setDestination(out);
    auto *exportButton = dialog.findChild<QPushButton *>(QStringLiteral("exportButton"));
    QVERIFY(exportButton->isEnabled());
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QVERIFY(dialog.isRunning());
    QVERIFY(!exportButton->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(exported.count() + failed.count() == 1, 120000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("config.json"))));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("model.safetensors"))));
    // The model card: data, split, settings, metrics with the confusion matrix, how to load it.
    QFile card(QDir(out).filePath(QStringLiteral("README.md")));
    QVERIFY(card.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(card.readAll());
    for (const char *part : {"pipeline_tag: text-classification", "## Data", "## Split", "## Settings", "## Metrics",
                             "Confusion matrix", "AutoModelForSequenceClassification.from_pretrained", "hone-cli predict",
                             "Export check: reloaded from this folder by Hone's own loader"})
        QVERIFY2(md.contains(QLatin1String(part)), part);
    const QString text = dialog.resultText();
    QVERIFY2(text.contains(QStringLiteral("Reloaded the export and compared predictions on")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("identical")) || text.contains(QStringLiteral("rounding")), qPrintable(text));
    QVERIFY(exportButton->isEnabled());
}

void tst_ExportDialog::runWithoutCheckpointCannotExport()
{
    ExportDialog dialog;
    dialog.setRun(hone::test::dataPath(QStringLiteral("runs/sms-lr5e-5"))); // a fixture: metrics, no weights
    dialog.setDestination(QDir(m_tmp.path()).filePath(QStringLiteral("never")));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("exportButton"))->isEnabled());
    bool explained = false;
    for (QLabel *l : dialog.findChildren<QLabel *>())
        explained = explained || l->text().contains(QStringLiteral("no checkpoint"));
    QVERIFY(explained);
}

void tst_ExportDialog::verificationSentences()
{
    hone::ExportReport r;
    r.verified = true;
    r.verifiedRows = 64;
    r.maxProbabilityDifference = 3e-7;
    QCOMPARE(ExportDialog::verdictText(r),
             QStringLiteral("Reloaded the export and compared predictions on 64 validation rows: max difference 3e-07 — identical."));
    // Which loader read it back.
    QVERIFY(ExportDialog::verificationText(r).contains(QStringLiteral("Hone's own loader")));
    r.maxProbabilityDifference = 0.2;
    QVERIFY(ExportDialog::verificationText(r).contains(QStringLiteral("NOT")));
    r.verified = false;
    r.verifiedRows = 0;
    QVERIFY(ExportDialog::verificationText(r).contains(QStringLiteral("not verified")));
}

void tst_ExportDialog::evaluatesOnANewFile()
{
    // The twin of hone-cli eval: the run's model on another labelled file.
    const QString file = QDir(m_tmp.path()).filePath(QStringLiteral("sms30.csv"));
    QVERIFY(hone::test::writeSmsSample(file, 30));
    EvaluateDialog dialog(m_run);
    QSignalSpy done(&dialog, &EvaluateDialog::finished);
    dialog.evaluate(file);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
    QVERIFY2(dialog.metrics().has_value(), qPrintable(dialog.resultText()));
    QCOMPARE(dialog.metrics()->total, std::int64_t(30));
    QVERIFY2(dialog.resultText().startsWith(QStringLiteral("30 rows: accuracy")), qPrintable(dialog.resultText()));
    QCOMPARE(dialog.heatmap()->labels(), (QStringList{QStringLiteral("ham"), QStringLiteral("spam")}));
    // A label the model does not know is refused with the file and the label named.
    const QString other = QDir(m_tmp.path()).filePath(QStringLiteral("other.csv"));
    QFile f(other);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("text,label\nhello,ham\nbuy now,promo\n");
    f.close();
    dialog.evaluate(other);
    QTRY_VERIFY_WITH_TIMEOUT(done.count() == 2, 60000);
    QVERIFY(!dialog.metrics());
    QVERIFY2(dialog.resultText().contains(QStringLiteral("promo")), qPrintable(dialog.resultText()));
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"

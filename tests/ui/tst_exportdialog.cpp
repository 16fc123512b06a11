// The export dialog on a real (tiny) run: best checkpoint by default, the export runs off the
// GUI thread with progress, and the verification is said in words.
#include "lmrun.h"
#include "tinyrun.h"

#include "ui/dialogs/evaluatedialog.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/languagemanager.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
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
    void onnxExport();
    void languageModelFormats();
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

namespace {

// Clicks Export and waits; the error of a failed export otherwise.
QString runExport(ExportDialog &dialog)
{
    QSignalSpy exported(&dialog, &ExportDialog::exported);
    QSignalSpy failed(&dialog, &ExportDialog::exportFailed);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("exportButton")), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return exported.count() + failed.count() == 1; }, 120000))
        return QStringLiteral("the export did not end within 120 s");
    return failed.isEmpty() ? QString() : failed.first().at(0).toString();
}

QString fileText(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

void tst_ExportDialog::onnxExport()
{
    ExportDialog dialog;
    dialog.setRun(m_run);
    QCOMPARE(ExportDialog::formatKeys(false, false), (QStringList{QStringLiteral("hf"), QStringLiteral("onnx")}));
    QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("formatCombo"))->count(), 2);
    dialog.setFormat(QStringLiteral("onnx"));
    QVERIFY2(dialog.destination().endsWith(QStringLiteral("-best-onnx")), qPrintable(dialog.destination()));
    const QString out = QDir(m_tmp.path()).filePath(QStringLiteral("onnx"));
    dialog.setDestination(out);
    const QString error = runExport(dialog);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QFile::exists(QDir(out).filePath(QStringLiteral("model.onnx"))));
    QVERIFY2(dialog.resultText().contains(QStringLiteral("ONNX checker")), qPrintable(dialog.resultText()));
    QVERIFY(fileText(QDir(out).filePath(QStringLiteral("README.md"))).contains(QStringLiteral("library_name: onnx")));
}

void tst_ExportDialog::languageModelFormats()
{
    const QString sftRun = hone::test::tinySftRunOnce(m_tmp.path());
    QVERIFY(!sftRun.isEmpty());
    QString error;
    ExportDialog dialog;
    dialog.setRun(sftRun);
    auto *formats = dialog.findChild<QComboBox *>(QStringLiteral("formatCombo"));
    QStringList keys;
    for (int i = 0; i < formats->count(); ++i)
        keys << formats->itemData(i).toString();
    QCOMPARE(keys, (QStringList{QStringLiteral("hf"), QStringLiteral("peft"), QStringLiteral("gguf-f16"), QStringLiteral("gguf-q8_0"),
                                QStringLiteral("gguf-bf16")}));
    QVERIFY(!ExportDialog::formatKeys(true, false).contains(QStringLiteral("peft"))); // a full fine-tune has no adapter

    // GGUF: one file, whose name the dialog proposes; every weight reads back as written.
    dialog.setFormat(QStringLiteral("gguf-q8_0"));
    QVERIFY2(dialog.destination().endsWith(QStringLiteral("-best-q8_0.gguf")), qPrintable(dialog.destination()));
    dialog.setDestination(QDir(m_tmp.path()).filePath(QStringLiteral("model.gguf")));
    error = runExport(dialog);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(QFileInfo(QDir(m_tmp.path()).filePath(QStringLiteral("model.gguf"))).isFile());
    QVERIFY2(dialog.resultText().contains(QStringLiteral("compared its logits on 4 validation prompts")), qPrintable(dialog.resultText()));
    QVERIFY2(dialog.resultText().contains(QStringLiteral("Every weight reads back exactly as written")), qPrintable(dialog.resultText()));
    QVERIFY2(dialog.resultText().contains(QStringLiteral("tokenizer gives the run's token ids")), qPrintable(dialog.resultText()));

    // The merged Hugging Face folder, with its model card.
    dialog.setFormat(QStringLiteral("hf"));
    const QString hf = QDir(m_tmp.path()).filePath(QStringLiteral("sft-hf"));
    dialog.setDestination(hf);
    error = runExport(dialog);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(dialog.resultText().contains(QStringLiteral("the same model")), qPrintable(dialog.resultText()));
    QVERIFY(fileText(QDir(hf).filePath(QStringLiteral("README.md"))).contains(QStringLiteral("pipeline_tag: text-generation")));

    // A destination without .gguf is refused before anything is written.
    dialog.setFormat(QStringLiteral("gguf-f16"));
    dialog.setDestination(QDir(m_tmp.path()).filePath(QStringLiteral("model.bin")));
    dialog.startExport();
    QVERIFY(!dialog.isRunning());
    QVERIFY(!QFile::exists(QDir(m_tmp.path()).filePath(QStringLiteral("model.bin"))));
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

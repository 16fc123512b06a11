// The export dialog on a real (tiny) run: best checkpoint by default, the export runs off the
// GUI thread with progress, and the verification is said in words.
#include "tinyrun.h"

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

using namespace hone::ui;

class tst_ExportDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsAndVerifies();
    void runWithoutCheckpointCannotExport();
    void verificationSentences();

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
    QCOMPARE(ExportDialog::verificationText(r),
             QStringLiteral("Reloaded the export and compared predictions on 64 validation rows: max difference 3e-07 — identical."));
    r.maxProbabilityDifference = 0.2;
    QVERIFY(ExportDialog::verificationText(r).contains(QStringLiteral("NOT")));
    r.verified = false;
    r.verifiedRows = 0;
    QVERIFY(ExportDialog::verificationText(r).contains(QStringLiteral("not verified")));
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"

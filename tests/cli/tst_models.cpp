// `hone-cli models` lists the default model that the set-up installs (label: model).
#include "../testsupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class tst_Models : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsDefaultModel();
};

void tst_Models::listsDefaultModel()
{
    QProcess p;
    p.start(QString::fromStdString(hone::test::binaryPath("hone-cli").string()), {QStringLiteral("models")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto line = QRegularExpression(QStringLiteral("^all-MiniLM-L6-v2\\s+bert\\s+([0-9.]+)M\\s"),
                                         QRegularExpression::MultilineOption)
                          .match(out);
    QVERIFY2(line.hasMatch(), qPrintable(QStringLiteral("default model not listed; run scripts/setup.sh to install it.\n") + out));
    const double millions = line.captured(1).toDouble();
    QVERIFY2(millions >= 22 && millions <= 23, qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"

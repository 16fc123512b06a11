// `hone-cli data`: the dataset report from the shell, and its errors, run as a user would.
#include "../testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_DataCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsSmsSpam();
    void splitsAndSavesTheManifest();
    void errorsNameTheLine();

private:
    static QString run(const QStringList &args, int *exitCode = nullptr)
    {
        QProcess p;
        p.setProgram(QString::fromStdString(hone::test::binaryPath("hone-cli").string()));
        p.setArguments(QStringList{QStringLiteral("data")} + args);
        p.start();
        if (!p.waitForFinished(90000))
            qFatal("hone-cli did not finish");
        if (exitCode)
            *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }
    static QString shared(const char *relative) { return QString::fromStdString(hone::test::sharedDataPath(relative).string()); }
};

void tst_DataCli::reportsSmsSpam()
{
    int code = -1;
    const QString out = run({QStringLiteral("--data"), shared("sms_spam/sms_spam.csv")}, &code);
    QCOMPARE(code, 0);
    for (const char *needle : {"rows: 5,574 read, 5,574 kept, 0 dropped", "spam       747   13.4%",
                               "splits: train 4,459, validation 558, test 557", "- 403 duplicate texts",
                               "- imbalanced: spam is 13% of rows", "length (characters)"})
        QVERIFY2(out.contains(QLatin1String(needle)), qPrintable(out));
}

void tst_DataCli::splitsAndSavesTheManifest()
{
    QTemporaryDir dir;
    const QString manifest = dir.filePath(QStringLiteral("split.json"));
    int code = -1;
    const QString out = run({QStringLiteral("--data"), hone::test::dataPath(QStringLiteral("datasets/folder")),
                             QStringLiteral("--split"), QStringLiteral("0.5,0.5"), QStringLiteral("--save-split"), manifest},
                            &code);
    QCOMPARE(code, 0);
    QVERIFY2(out.contains(QLatin1String("dropped neg/002.txt: blank text")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("split manifest written to")), qPrintable(out));
    QFile f(manifest);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray json = f.readAll();
    QVERIFY(json.contains("\"format\": \"hone-split-manifest\""));
    QVERIFY(json.contains("\"content_hash\": \"fnv1a64:"));
}

void tst_DataCli::errorsNameTheLine()
{
    int code = -1;
    QString out = run({QStringLiteral("--data"), hone::test::dataPath(QStringLiteral("datasets/unterminated.csv"))}, &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("unterminated.csv: line 3, field 1: the quote opened here is never closed")), qPrintable(out));
    out = run({QStringLiteral("--data"), shared("sms_spam/sms_spam.csv"), QStringLiteral("--label-column"), QStringLiteral("Label")},
              &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("no label column named 'Label'; the columns are: 'text', 'label'; did you mean 'label'?")),
             qPrintable(out));
    out = run({QStringLiteral("--data"), shared("sms_spam/sms_spam.csv"), QStringLiteral("--split"), QStringLiteral("0.8,0.3,0.1")},
              &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("sum to 1.2; they must sum to 1")), qPrintable(out));
    out = run({QStringLiteral("--data"), hone::test::dataPath(QStringLiteral("datasets/gbk.csv"))}, &code);
    QCOMPARE(code, 1); // readable, reported, but 2 rows per class cannot be split three ways
    QVERIFY2(out.contains(QLatin1String("encoding gb18030")), qPrintable(out));
    QVERIFY2(out.contains(QString::fromUtf8("cannot split: class '正面' has only 2 rows")), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_DataCli)
#include "tst_datacli.moc"

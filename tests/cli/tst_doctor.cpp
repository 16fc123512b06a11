// `hone-cli doctor`, `--version` and `--help`, run as a user would run them.
#include "../testsupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

class tst_Doctor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsEveryField();
    void versionAndHelp();
    void unknownCommandFails();

private:
    static QString run(const QStringList &args, int *exitCode = nullptr)
    {
        QProcess p;
        p.setProgram(QString::fromStdString(hone::test::binaryPath("hone-cli").string()));
        p.setArguments(args);
        p.start();
        if (!p.waitForFinished(90000))
            qFatal("hone-cli did not finish");
        if (exitCode)
            *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }
};

void tst_Doctor::reportsEveryField()
{
    int code = -1;
    const QString out = run({QStringLiteral("doctor")}, &code);
    QCOMPARE(code, 0);
    for (const char *field : {"hone:", "core:", "libtorch:", "sentencepiece:", "blas:", "gemm:", "threads:", "cuda:", "models:"})
        QVERIFY2(out.contains(QLatin1String(field)), qPrintable(out));
    // The LibTorch the build links: Debian's 1.13, or a 2.x tree (-DHONE_LIBTORCH).
    QVERIFY2(QRegularExpression(QStringLiteral("libtorch:\\s+[12]\\.[0-9]+")).match(out).hasMatch(), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("searched:")), qPrintable(out));
    const auto gemm = QRegularExpression(QStringLiteral("gemm:\\s+([0-9.]+) GFLOP/s")).match(out);
    QVERIFY2(gemm.hasMatch(), qPrintable(out));
    QVERIFY(gemm.captured(1).toDouble() > 0);
    // The set-up installs OpenBLAS (a wheel's LibTorch carries MKL); the reference-BLAS trap must be
    // loud when it springs.
    const bool reference = out.contains(QStringLiteral("reference BLAS"));
    QCOMPARE(out.contains(QStringLiteral("WARNING: LibTorch is using the slow reference BLAS")), reference);
    QVERIFY2(out.contains(QStringLiteral("blas:           OpenBLAS")) || out.contains(QStringLiteral("blas:           MKL")),
             qPrintable(out));
}

void tst_Doctor::versionAndHelp()
{
    int code = -1;
    QVERIFY(run({QStringLiteral("--version")}, &code).contains(QStringLiteral("hone-cli 0.")));
    QCOMPARE(code, 0);
    const QString help = run({QStringLiteral("--help")}, &code);
    QCOMPARE(code, 0);
    QVERIFY(help.contains(QStringLiteral("doctor")));
    QVERIFY(help.contains(QStringLiteral("models")));
}

void tst_Doctor::unknownCommandFails()
{
    int code = 0;
    run({QStringLiteral("frobnicate")}, &code);
    QVERIFY(code != 0);
}

QTEST_GUILESS_MAIN(tst_Doctor)
#include "tst_doctor.moc"

// `hone-cli eval --predictions`: generated answers scored from the shell (one JSONL, or
// predictions + references files), equal to the reference packages' goldens, and its errors.
#include "../testsupport.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

namespace fs = std::filesystem;

class tst_EvalCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresChineseLikeTheReferences();
    void readsTwoFiles();
    void errorsNameTheFileAndLine();

private:
    static QString run(const QStringList &args, int *exitCode)
    {
        QProcess p;
        p.setProgram(QString::fromStdString(hone::test::binaryPath("hone-cli").string()));
        p.setArguments(QStringList{QStringLiteral("eval")} + args);
        p.start();
        if (!p.waitForFinished(90000))
            qFatal("hone-cli did not finish");
        *exitCode = p.exitCode();
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }
    static void write(const QString &path, const std::string &bytes) { std::ofstream(path.toStdString(), std::ios::binary) << bytes; }
};

void tst_EvalCli::scoresChineseLikeTheReferences()
{
    const fs::path file = fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "metrics"
                          / "textmetrics.json";
    std::ifstream in(file);
    QVERIFY2(in, file.string().c_str());
    const auto golden = nlohmann::json::parse(in);
    nlohmann::json chinese;
    for (const auto &c : golden["cases"])
        if (c["name"] == "chinese")
            chinese = c;
    QVERIFY(!chinese.is_null());
    QTemporaryDir dir;
    const QString answers = dir.filePath(QStringLiteral("answers.jsonl"));
    std::string lines;
    for (std::size_t i = 0; i < chinese["predictions"].size(); ++i)
        lines += nlohmann::json{{"prediction", chinese["predictions"][i]}, {"references", chinese["references"][i]}}.dump() + "\n";
    write(answers, lines);
    int code = -1;
    const QString out = run({QStringLiteral("--predictions"), answers, QStringLiteral("--bleu-tokenizer"), QStringLiteral("zh"),
                             QStringLiteral("--rouge-tokenizer"), QStringLiteral("cjk"), QStringLiteral("--json")},
                            &code);
    QCOMPARE(code, 0);
    const auto got = nlohmann::json::parse(out.toStdString());
    const auto &want = chinese["corpus"];
    QCOMPARE(got["count"].get<int>(), 4);
    for (const auto &[key, ref] : {std::pair<const char *, const char *>{"exact_match", "exact_match"}, {"f1", "f1"},
                                   {"rouge1", "rouge1_cjk"}, {"rouge2", "rouge2_cjk"}, {"rougeL", "rougeL_cjk"}})
        QVERIFY2(std::abs(got[key].get<double>() - want[ref].get<double>()) < 1e-9, key);
    QVERIFY(std::abs(got["bleu"]["score"].get<double>() - want["bleu_zh"]["score"].get<double>()) < 1e-9);
    QVERIFY(want["bleu_zh"]["score"].get<double>() > 50); // zh tokenisation scores Chinese; 13a gives 0 here
}

void tst_EvalCli::readsTwoFiles()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("p.txt")), "The cat sat on the mat.\npolice killed the gunman\n");
    write(dir.filePath(QStringLiteral("r.jsonl")),
          "\"The cat was sitting on the mat.\"\n[\"police kill the gunman\", \"the gunman was shot down by police\"]\n");
    int code = -1;
    const QString out = run({QStringLiteral("--predictions"), dir.filePath(QStringLiteral("p.txt")), QStringLiteral("--references"),
                             dir.filePath(QStringLiteral("r.jsonl"))},
                            &code);
    QCOMPARE(code, 0);
    // sacreBLEU 2.6: BLEU = 36.66 81.8/55.6/28.6/20.0 (BP = 0.913 ratio = 0.917 hyp_len = 11 ref_len = 12)
    for (const char *needle : {"answers 2", "exact match    0.0000", "F1            66.6667", "ROUGE-1        0.7596",
                               "BLEU          36.6567", "81.8/55.6/28.6/20.0 BP 0.913 ratio 0.917 hyp_len 11 ref_len 12"})
        QVERIFY2(out.contains(QLatin1String(needle)), qPrintable(out));
}

void tst_EvalCli::errorsNameTheFileAndLine()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.jsonl"));
    write(bad, "{\"prediction\": \"a\", \"reference\": \"a\"}\n{\"prediction\": \"b\", \"references\": [1]}\n");
    int code = -1;
    QString out = run({QStringLiteral("--predictions"), bad}, &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("bad.jsonl:2: references must be a string or a non-empty array of strings")), qPrintable(out));
    out = run({}, &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("eval needs --run and --data (a classifier), or --predictions")), qPrintable(out));
    out = run({QStringLiteral("--predictions"), bad, QStringLiteral("--bleu-tokenizer"), QStringLiteral("intl")}, &code);
    QCOMPARE(code, 1);
    QVERIFY2(out.contains(QLatin1String("unknown BLEU tokenizer \"intl\" (13a, zh)")), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_EvalCli)
#include "tst_evalcli.moc"

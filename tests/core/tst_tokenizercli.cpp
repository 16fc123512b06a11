// `hone-cli tokenize`: one JSON array of ids per input line, equal to the Hugging Face goldens;
// --max-length, --no-special-tokens, a byte-order mark and CRLF line ends; errors name the path.
#include "core/text/tokenizer.h"

#include "testsupport.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string idsText(const std::vector<int> &ids)
{
    std::string s = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "]";
}

std::vector<int> intList(const json &j) { return j.is_array() ? j.get<std::vector<int>>() : std::vector<int>(); }

fs::path goldenDir() { return fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "tokenizers"; }

void writeFile(const fs::path &path, const std::string &text)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

} // namespace

class tst_TokenizeCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void printsGoldenIds_data();
    void printsGoldenIds();
    void options();
    void reportsErrors();

private:
    static QByteArray run(const QStringList &args, int &exitCode, QByteArray *err = nullptr);
};

QByteArray tst_TokenizeCommand::run(const QStringList &args, int &exitCode, QByteArray *err)
{
    QProcess p;
    p.start(QString::fromStdString(hone::test::binaryPath("hone-cli").string()), QStringList{QStringLiteral("tokenize")} + args);
    if (!p.waitForFinished(60000))
        return {};
    exitCode = p.exitCode();
    if (err)
        *err = p.readAllStandardError();
    return p.readAllStandardOutput();
}

void tst_TokenizeCommand::printsGoldenIds_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *f : {"wordpiece-cased-zh", "bpe-roberta", "albert-unigram", "xlmr-bpe"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void tst_TokenizeCommand::printsGoldenIds()
{
    QFETCH(QString, fixture);
#ifdef HONE_SANITIZE
    if (fixture.startsWith(QLatin1String("albert")) || fixture.startsWith(QLatin1String("xlmr")))
        QSKIP("hone-cli loads LibTorch, and ASan refuses the RTLD_DEEPBIND that keeps SentencePiece's protobuf apart "
              "from it; tst_core_tokenizer checks these fixtures under ASan without LibTorch");
#endif
    std::ifstream in(goldenDir() / (fixture.toStdString() + ".jsonl"));
    std::string line, input, expected;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const json c = json::parse(line);
        const std::string text = c["text"];
        if (c.contains("text_pair") || text.find_first_of("\n\r") != std::string::npos)
            continue;
        input += text + "\n";
        expected += idsText(intList(c["ids"])) + "\n";
    }
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "input.txt";
    writeFile(file, input);
    int code = -1;
    const QByteArray out = run({QStringLiteral("--model"), hone::test::dataPath(QStringLiteral("tokenizers/") + fixture),
                                QStringLiteral("--input"), QString::fromStdString(file.string())}, code);
    QCOMPARE(code, 0);
    QVERIFY(out.toStdString() == expected);
}

void tst_TokenizeCommand::options()
{
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "input.txt";
    writeFile(file, "\xEF\xBB\xBFHello world, this sentence has quite a few words in it.\r\n\nzwei\n");
    const QString model = hone::test::dataPath(QStringLiteral("tokenizers/wordpiece-cased-zh"));
    auto tok = loadTokenizer(model.toStdString());
    QVERIFY(tok.ok());
    EncodeOptions o;
    o.maxLength = 8;
    const std::string first = idsText((*tok)->encode("Hello world, this sentence has quite a few words in it.", o).ids);
    int code = -1;
    QByteArray out = run({QStringLiteral("--model"), model, QStringLiteral("--input"), QString::fromStdString(file.string()),
                          QStringLiteral("--max-length"), QStringLiteral("8")}, code);
    QCOMPARE(code, 0);
    const std::string expected = first + "\n" + idsText((*tok)->encode("", o).ids) + "\n" + idsText((*tok)->encode("zwei", o).ids) + "\n";
    QCOMPARE(out.toStdString(), expected);
    EncodeOptions plain;
    plain.addSpecialTokens = false;
    out = run({QStringLiteral("--model"), model, QStringLiteral("--input"), QString::fromStdString(file.string()),
               QStringLiteral("--no-special-tokens")}, code);
    QCOMPARE(code, 0);
    QVERIFY(out.startsWith(QByteArray::fromStdString(idsText((*tok)->encode("Hello world", plain).ids).substr(0, 8))));
    QVERIFY(out.contains("\n[]\n"));
}

void tst_TokenizeCommand::reportsErrors()
{
    int code = -1;
    QByteArray err;
    run({QStringLiteral("--model"), QStringLiteral("/nonexistent/model/folder"), QStringLiteral("--input"), QStringLiteral("x.txt")}, code, &err);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains("/nonexistent/model/folder"), err.constData());
    run({QStringLiteral("--model"), hone::test::dataPath(QStringLiteral("tokenizers/bpe-roberta")), QStringLiteral("--input"),
         QStringLiteral("/nonexistent/input.txt")}, code, &err);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains("/nonexistent/input.txt"), err.constData());
}

QTEST_GUILESS_MAIN(tst_TokenizeCommand)
#include "tst_tokenizercli.moc"

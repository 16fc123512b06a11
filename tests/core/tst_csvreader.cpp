// CSV/TSV parsing per RFC 4180: quoting, embedded newlines, delimiters, line numbers in errors.
#include "core/data/csvreader.h"
#include "core/data/seededrandom.h"
#include "core/data/textdecoder.h"

#include "testsupport.h"

#include <QTest>

using namespace hone;

Q_DECLARE_METATYPE(std::string)

namespace {

std::filesystem::path fixture(const char *name)
{
    return hone::test::dataPath(QStringLiteral("datasets/") + QString::fromUtf8(name)).toStdString();
}

CsvTable parseOk(const std::string &text, CsvOptions options = {})
{
    auto t = parseCsv(text, options, "t.csv");
    if (!t.ok())
        qFatal("unexpected error: %s", t.error().message.c_str());
    return std::move(*t);
}

} // namespace

class tst_CsvReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quotedFieldsAndEmbeddedNewlines();
    void lineNumbersCountEmbeddedNewlines();
    void detectsDelimiter_data();
    void detectsDelimiter();
    void tsvAndExplicitDelimiter();
    void skipsEmptyLinesKeepsEmptyFields();
    void loneCrEndsRecords();
    void errors_data();
    void errors();
    void quotingOff();
    void largeSingleField();
    void randomInputNeverCrashes();
    void emotionTrain();
};

void tst_CsvReader::quotedFieldsAndEmbeddedNewlines()
{
    auto text = readTextFile(fixture("quoted.csv"));
    QVERIFY(text.ok());
    auto t = parseCsv(text->text, {}, "quoted.csv");
    QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
    QCOMPARE(t->header, (std::vector<std::string>{"text", "label"}));
    QCOMPARE(t->delimiter, ',');
    QCOMPARE(t->records.size(), std::size_t(5));
    QCOMPARE(t->records[0].fields[0], std::string("Hello, world"));
    QCOMPARE(t->records[1].fields[0], std::string("She said \"hi\" to me"));
    QCOMPARE(t->records[2].fields[0], std::string("line one\r\nline two")); // data inside quotes is kept as is
    QCOMPARE(t->records[2].fields[1], std::string("multi"));
    QCOMPARE(t->records[3].fields[0], std::string("plain text"));
    QCOMPARE(t->records[4].fields[0], std::string("third\nline"));
}

void tst_CsvReader::lineNumbersCountEmbeddedNewlines()
{
    auto text = readTextFile(fixture("quoted.csv"));
    QVERIFY(text.ok());
    auto t = parseCsv(text->text, {}, "quoted.csv");
    QVERIFY(t.ok());
    std::vector<std::size_t> lines;
    for (const auto &r : t->records)
        lines.push_back(r.line);
    QCOMPARE(lines, (std::vector<std::size_t>{2, 3, 4, 6, 7}));
}

void tst_CsvReader::detectsDelimiter_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<char>("delimiter");
    QTest::newRow("comma") << std::string("text,label\n") << ',';
    QTest::newRow("tab") << std::string("text\tlabel\na,b\tc\n") << '\t';
    QTest::newRow("semicolon") << std::string("text;label\n") << ';';
    QTest::newRow("pipe") << std::string("a|b|c\n") << '|';
    QTest::newRow("quoted commas do not count") << std::string("\"a,b,c\";label\n") << ';';
    QTest::newRow("only the header line counts") << std::string("text;label\na,b,c,d,e\n") << ';';
    QTest::newRow("tie prefers comma") << std::string("a,b;c\n") << ',';
    QTest::newRow("single column") << std::string("text\nhello\n") << ',';
    QTest::newRow("after empty lines") << std::string("\n\r\ntext;label\n") << ';';
}

void tst_CsvReader::detectsDelimiter()
{
    QFETCH(std::string, text);
    QFETCH(char, delimiter);
    QCOMPARE(detectDelimiter(text), delimiter);
}

void tst_CsvReader::tsvAndExplicitDelimiter()
{
    auto text = readTextFile(fixture("tabs.tsv"));
    QVERIFY(text.ok());
    CsvOptions o;
    o.delimiter = '\t';
    auto t = parseCsv(text->text, o, "tabs.tsv");
    QVERIFY(t.ok());
    QCOMPARE(t->records.size(), std::size_t(3));
    QCOMPARE(t->records[1].fields[0], std::string("quoted\ttab"));

    auto semi = readTextFile(fixture("semicolon.csv"));
    QVERIFY(semi.ok());
    auto s = parseCsv(semi->text, {}, "semicolon.csv");
    QVERIFY(s.ok());
    QCOMPARE(s->delimiter, ';');
    QCOMPARE(s->records[0].fields[0], std::string("a; b"));
    QCOMPARE(s->records[1].fields[0], std::string("c, d"));
}

void tst_CsvReader::skipsEmptyLinesKeepsEmptyFields()
{
    const CsvTable t = parseOk("a,b\n\n1,\n\r\n,2\n,\n");
    QCOMPARE(t.records.size(), std::size_t(3));
    QCOMPARE(t.records[0].fields, (std::vector<std::string>{"1", ""}));
    QCOMPARE(t.records[0].line, std::size_t(3));
    QCOMPARE(t.records[1].fields, (std::vector<std::string>{"", "2"}));
    QCOMPARE(t.records[1].line, std::size_t(5));
    QCOMPARE(t.records[2].fields, (std::vector<std::string>{"", ""}));
    // No final newline; quoted empty field; spaces after a closing quote.
    const CsvTable u = parseOk("a,b\n\"\",\"x\"  ");
    QCOMPARE(u.records.size(), std::size_t(1));
    QCOMPARE(u.records[0].fields, (std::vector<std::string>{"", "x"}));
}

void tst_CsvReader::loneCrEndsRecords()
{
    const CsvTable t = parseOk("a,b\r1,2\r3,4");
    QCOMPARE(t.records.size(), std::size_t(2));
    QCOMPARE(t.records[1].fields[1], std::string("4"));
    QCOMPARE(t.records[1].line, std::size_t(3));
}

void tst_CsvReader::errors_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("empty") << std::string("") << std::string("t.csv: the file is empty");
    QTest::newRow("only blank lines") << std::string("\n\r\n\n") << std::string("t.csv: the file is empty");
    QTest::newRow("unterminated quote") << std::string("text,label\nok,a\n\"open,b\nx,y\nz,w\n")
                                        << std::string("t.csv: line 3, field 1: the quote opened here is never closed");
    QTest::newRow("unterminated in 2nd field") << std::string("a,b\n1,\"x\n\n\n")
                                               << std::string("t.csv: line 2, field 2: the quote opened here");
    QTest::newRow("undoubled quote") << std::string("text,label\n\"He said \"hi\" ok\",pos\n")
                                     << std::string("t.csv: line 2, field 1: unexpected 'h' after the closing quote");
    QTest::newRow("too many fields") << std::string("text,label\na,b\nc,d,e\n")
                                     << std::string("t.csv: line 3: 3 fields, but the header has 2 (is there an unquoted ','");
    QTest::newRow("too few fields") << std::string("text,label\na,b\n\"multi\nline\",x\nc\n")
                                    << std::string("t.csv: line 5: 1 field, but the header has 2");
}

void tst_CsvReader::errors()
{
    QFETCH(std::string, text);
    QFETCH(std::string, expected);
    auto t = parseCsv(text, {}, "t.csv");
    QVERIFY(!t.ok());
    QCOMPARE(t.error().code, ErrorCode::Format);
    QVERIFY2(t.error().message.rfind(expected, 0) == 0, t.error().message.c_str());
}

void tst_CsvReader::quotingOff()
{
    CsvOptions o;
    o.delimiter = '\t';
    o.quoting = false;
    const CsvTable t = parseOk("text\tlabel\n\"Hi\" she said\tx\n", o);
    QCOMPARE(t.records[0].fields[0], std::string("\"Hi\" she said"));
}

void tst_CsvReader::largeSingleField()
{
    std::string big(1 << 20, 'a');
    for (std::size_t i = 0; i < big.size(); i += 1000)
        big[i] = (i / 1000) % 3 == 0 ? '\n' : (i / 1000) % 3 == 1 ? ',' : '"';
    std::string quoted;
    for (char c : big)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    const CsvTable t = parseOk("text,label\n\"" + quoted + "\",x\nnext,y\n");
    QCOMPARE(t.records.size(), std::size_t(2));
    QCOMPARE(t.records[0].fields[0], big);
    const std::size_t newlines = static_cast<std::size_t>(std::count(big.begin(), big.end(), '\n'));
    QCOMPARE(t.records[1].line, 3 + newlines);
}

void tst_CsvReader::randomInputNeverCrashes()
{
    // Random bytes from an alphabet rich in quotes, delimiters, line ends and non-UTF-8 bytes: each
    // input either parses into rectangular records or fails with a message naming a line.
    const char alphabet[] = {'"', '"', ',', ';', '\t', '\n', '\r', 'a', 'b', ' ', '\xE4', '\xB8', '\xAD', '\xF0', '\0'};
    SeededRandom rng(2024);
    std::size_t parsed = 0, failed = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string bytes(rng.below(60), ' ');
        for (char &c : bytes)
            c = alphabet[rng.below(sizeof alphabet)];
        auto decoded = decodeText(bytes, TextEncoding::Auto, "r.csv");
        if (!decoded) {
            QVERIFY(decoded.error().message.rfind("r.csv", 0) == 0);
            ++failed;
            continue;
        }
        auto t = parseCsv(decoded->text, {}, "r.csv");
        if (!t) {
            QVERIFY2(t.error().message.rfind("r.csv: ", 0) == 0, t.error().message.c_str());
            ++failed;
            continue;
        }
        ++parsed;
        for (const CsvRecord &r : t->records) {
            QCOMPARE(r.fields.size(), t->header.size());
            QVERIFY(r.line >= 2);
        }
    }
    QVERIFY(parsed > 100);
    QVERIFY(failed > 100);
}

// Its speed is measured by bench/data_read_bench, not here.
void tst_CsvReader::emotionTrain()
{
    const auto path = hone::test::sharedDataPath("emotion/train.csv");
    auto text = readTextFile(path);
    QVERIFY2(text.ok(), text.ok() ? "" : text.error().message.c_str());
    auto t = parseCsv(text->text, {}, path.string());
    QVERIFY(t.ok());
    QCOMPARE(t->records.size(), std::size_t(16000));
}

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"

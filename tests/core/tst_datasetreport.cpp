// Dataset report: drops, classes, duplicates, conflicts, leakage, token lengths (through the
// Tokenizer interface, with a whitespace fake), warnings in words.
#include "core/data/datasetreport.h"
#include "core/text/tokenizer.h"

#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

#define VERIFY_OK(r) QVERIFY2((r).ok(), (r).ok() ? "" : (r).error().message.c_str())

namespace {

// Whitespace tokenizer: one id per word, [CLS] words [SEP] (words [SEP]).
class WhitespaceTokenizer : public Tokenizer {
public:
    WhitespaceTokenizer() { m_special.cls = 1; m_special.sep = 2; m_special.pad = 0; }
    void tokenize(std::string_view text, std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const override
    {
        ids.clear();
        offsets.clear();
        std::size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && text[i] == ' ')
                ++i;
            const std::size_t start = i;
            while (i < text.size() && text[i] != ' ')
                ++i;
            if (i > start) {
                ids.push_back(10 + static_cast<int>(i - start));
                offsets.emplace_back(static_cast<int>(start), static_cast<int>(i));
            }
        }
    }
    std::string decode(const std::vector<int> &, bool) const override { return {}; }
    int vocabSize() const override { return 100; }
    std::string idToToken(int id) const override { return std::to_string(id); }
    int tokenToId(const std::string &) const override { return -1; }
    const SpecialTokens &specialTokens() const override { return m_special; }
    std::string kind() const override { return "whitespace"; }
    Encoding encode(std::string_view text, const EncodeOptions &o) const override
    {
        Encoding e;
        std::vector<std::pair<int, int>> offsets;
        tokenize(text, e.ids, offsets);
        if (o.addSpecialTokens) {
            e.ids.insert(e.ids.begin(), m_special.cls);
            e.ids.push_back(m_special.sep);
        }
        return e;
    }
    Encoding encodePair(std::string_view a, std::string_view b, const EncodeOptions &o) const override
    {
        Encoding e = encode(a, o);
        std::vector<int> second;
        std::vector<std::pair<int, int>> offsets;
        tokenize(b, second, offsets);
        e.ids.insert(e.ids.end(), second.begin(), second.end());
        e.ids.push_back(m_special.sep);
        return e;
    }

private:
    SpecialTokens m_special;
};

bool hasWarning(const DatasetReport &r, const std::string &needle)
{
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const std::string &w) { return w.find(needle) != std::string::npos; });
}

std::string allWarnings(const DatasetReport &r)
{
    std::string s;
    for (const auto &w : r.warnings)
        s += w + " | ";
    return s;
}

} // namespace

class tst_DatasetReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void countsDropsDuplicatesAndConflicts();
    void lengthsWithTheModelTokenizer();
    void leakageBetweenSplits();
    void characterLengthsWithoutTokenizer();
    void formatsForTheTerminal();

private:
    QTemporaryDir m_dir;
    Dataset m_data;
};

void tst_DatasetReport::initTestCase()
{
    const fs::path p = fs::path(m_dir.path().toStdString()) / "r.csv";
    {
        std::ofstream out(p);
        out << "text,label\n"
            << "buy now cheap,spam\n"      // 2
            << "hello how are you,ham\n"   // 3
            << "see you later,ham\n"       // 4
            << "   ,ham\n"                 // 5 dropped: blank text
            << "hello how are you,ham\n"   // 6 duplicate
            << "see you later,spam\n"      // 7 duplicate with a conflicting label
            << "ok,\n"                     // 8 dropped: missing label
            << "a b c d e f g h i j,ham\n" // 9 long: 12 tokens
            << "hello how are you,ham\n"   // 10 duplicate
            << "fine thanks,ham\n"         // 11
            << "call me,ham\n"             // 12
            << "yes,ham\n";                // 13
    }
    auto d = readDataset(p);
    VERIFY_OK(d);
    m_data = std::move(*d);
}

void tst_DatasetReport::countsDropsDuplicatesAndConflicts()
{
    const DatasetReport r = makeDatasetReport(m_data);
    QCOMPARE(r.rowsRead, std::size_t(12));
    QCOMPARE(r.rowsKept, std::size_t(10));
    QCOMPARE(r.rowsDropped, std::size_t(2));
    QCOMPARE(r.droppedListed, (std::vector<std::string>{"r.csv:5: blank text", "r.csv:8: missing label"}));
    QCOMPARE(r.classes.size(), std::size_t(2));
    QCOMPARE(r.classes[0].label, std::string("ham"));
    QCOMPARE(r.classes[0].rows, std::size_t(8));
    QCOMPARE(r.classes[1].rows, std::size_t(2));
    QCOMPARE(r.imbalanceRatio, 4.0);
    QCOMPARE(r.duplicateRows, std::size_t(3));
    QCOMPARE(r.duplicateExamples.size(), std::size_t(2));
    QCOMPARE(r.duplicateExamples[0].text, std::string("hello how are you"));
    QCOMPARE(r.duplicateExamples[0].locations, (std::vector<std::string>{"r.csv:3", "r.csv:6", "r.csv:10"}));
    QCOMPARE(r.conflictingTexts, std::size_t(1));
    QCOMPARE(r.conflictingRows, std::size_t(2));
    QCOMPARE(r.conflictingExamples[0].labels, (std::vector<std::string>{"ham", "spam"}));
    QVERIFY2(hasWarning(r, "2 rows dropped (blank text: 1, missing label: 1)"), allWarnings(r).c_str());
    QVERIFY2(hasWarning(r, "3 duplicate texts"), allWarnings(r).c_str());
    QVERIFY2(hasWarning(r, "1 text appears with different labels"), allWarnings(r).c_str());
    QVERIFY2(hasWarning(r, "imbalanced: spam is 20% of rows"), allWarnings(r).c_str());
    QVERIFY2(hasWarning(r, "class spam has only 2 rows"), allWarnings(r).c_str());
    QVERIFY(!r.hasSplits);
    QVERIFY(r.leakage.empty());
}

void tst_DatasetReport::lengthsWithTheModelTokenizer()
{
    WhitespaceTokenizer tok;
    DatasetReportOptions o;
    o.tokenizer = &tok;
    o.maxLength = 6;
    const DatasetReport r = makeDatasetReport(m_data, o);
    QVERIFY(r.lengths.has_value());
    const LengthStats &l = *r.lengths;
    QCOMPARE(l.unit, std::string("tokens"));
    // Words + 2: 5, 6, 5, 6, 5, 12, 6, 4, 4, 3 -> sorted 3 4 4 5 5 5 6 6 6 12
    QCOMPARE(l.count, std::size_t(10));
    QCOMPARE(l.min, std::size_t(3));
    QCOMPARE(l.median, std::size_t(5));
    QCOMPARE(l.p90, std::size_t(6));
    QCOMPARE(l.p95, std::size_t(12));
    QCOMPARE(l.max, std::size_t(12));
    QCOMPARE(l.mean, 5.6);
    QCOMPARE(l.truncated, std::size_t(1));
    QCOMPARE(l.truncatedShare, 0.1);
    QVERIFY2(hasWarning(r, "10.0% of texts are longer than 6 tokens and will be cut"), allWarnings(r).c_str());
}

void tst_DatasetReport::leakageBetweenSplits()
{
    // Rows: 0 buy, 1 hello, 2 see, 3 hello, 4 see(spam), 5 a..j, 6 hello, 7 fine, 8 call, 9 yes
    SplitIndices s;
    s.train = {0, 1, 2, 5, 7};
    s.validation = {3, 8};
    s.test = {4, 6, 9};
    DatasetReportOptions o;
    o.splits = &s;
    const DatasetReport r = makeDatasetReport(m_data, o);
    QVERIFY(r.hasSplits);
    QCOMPARE(r.splitRows[0], std::size_t(5));
    QCOMPARE(r.leakage.size(), std::size_t(3));
    QCOMPARE(r.leakage[0].texts, std::size_t(1)); // train/validation: hello
    QCOMPARE(r.leakage[1].texts, std::size_t(2)); // train/test: hello, see you later
    QCOMPARE(r.leakage[2].texts, std::size_t(1)); // validation/test: hello
    QCOMPARE(r.classes[0].train, std::size_t(4));
    QCOMPARE(r.classes[1].test, std::size_t(1));
    QVERIFY2(hasWarning(r, "texts shared between splits (train/validation: 1, train/test: 2, validation/test: 1)"),
             allWarnings(r).c_str());
}

void tst_DatasetReport::characterLengthsWithoutTokenizer()
{
    Dataset d;
    d.labels = LabelSet::fromNames({"a", "b"});
    d.sources.resize(1);
    d.rows.push_back({"中文字", "", 0, 0, 2});
    d.rows.push_back({"abcd", "", 1, 0, 3});
    DatasetReportOptions o;
    o.maxLength = 3;
    const DatasetReport r = makeDatasetReport(d, o);
    QCOMPARE(r.lengths->unit, std::string("characters"));
    QCOMPARE(r.lengths->min, std::size_t(3));
    QCOMPARE(r.lengths->max, std::size_t(4));
    QCOMPARE(r.lengths->truncated, std::size_t(1));
    QCOMPARE(r.duplicateRows, std::size_t(0));
    QVERIFY(!hasWarning(r, "imbalanced"));
}

void tst_DatasetReport::formatsForTheTerminal()
{
    WhitespaceTokenizer tok;
    SplitIndices s;
    s.train = {0, 1, 2, 5, 7};
    s.validation = {3, 8};
    s.test = {4, 6, 9};
    DatasetReportOptions o;
    o.tokenizer = &tok;
    o.splits = &s;
    o.maxLength = 128;
    const std::string text = formatDatasetReport(makeDatasetReport(m_data, o));
    for (const char *needle : {"rows: 12 read, 10 kept, 2 dropped", "dropped r.csv:5: blank text", "ham ",
                               "imbalance (largest / smallest class): 4.0", "splits: train 5, validation 2, test 3",
                               "duplicates: 3 rows repeat an earlier text; 1 texts have conflicting labels",
                               "length (tokens): min 3, median 5", "warnings:", "  - 3 duplicate texts"})
        QVERIFY2(text.find(needle) != std::string::npos, (std::string(needle) + " not in:\n" + text).c_str());
}

QTEST_GUILESS_MAIN(tst_DatasetReport)
#include "tst_datasetreport.moc"

// Dataset readers: CSV/TSV/JSONL/folder-per-class, column mapping, labels, dropped rows, bad input.
#include "core/data/dataset.h"

#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

fs::path fixture(const char *name)
{
    return hone::test::dataPath(QStringLiteral("datasets/") + QString::fromUtf8(name)).toStdString();
}

std::vector<std::string> texts(const Dataset &d)
{
    std::vector<std::string> v;
    for (const auto &r : d.rows)
        v.push_back(r.text);
    return v;
}

std::vector<std::string> labelsOf(const Dataset &d)
{
    std::vector<std::string> v;
    for (const auto &r : d.rows)
        v.push_back(d.labels.name(r.label));
    return v;
}

#define VERIFY_OK(r) QVERIFY2((r).ok(), (r).ok() ? "" : (r).error().message.c_str())

} // namespace

class tst_Dataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsCsvFixtures_data();
    void readsCsvFixtures();
    void chineseInEveryEncoding_data();
    void chineseInEveryEncoding();
    void readsPairs();
    void readsJsonlWithDroppedRows();
    void integerLabelsSortNumerically();
    void labelOrder();
    void readsFolderPerClass();
    void columnsByName();
    void badInput_data();
    void badInput();
    void blankTextsAreDroppedWithLines();
    void oneClassIsRejected();
    void oneMegabyteText();
    void fixedLabelsAndFilesPerSplit();
    void unlabelledForPrediction();

private:
    QTemporaryDir m_dir;
    fs::path write(const std::string &name, const std::string &bytes);
};

void tst_Dataset::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

fs::path tst_Dataset::write(const std::string &name, const std::string &bytes)
{
    const fs::path p = fs::path(m_dir.path().toStdString()) / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

void tst_Dataset::readsCsvFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<std::string>("textColumn");
    QTest::addColumn<std::string>("labelColumn");
    QTest::addColumn<int>("rows");
    QTest::addColumn<std::string>("firstText");
    QTest::newRow("quoted, CRLF") << "quoted.csv" << std::string("text") << std::string("label") << 5
                                  << std::string("Hello, world");
    QTest::newRow("BOM") << "bom.csv" << std::string("text") << std::string("label") << 3 << std::string("café au lait");
    QTest::newRow("semicolon, sentence/sentiment") << "semicolon.csv" << std::string("sentence") << std::string("sentiment")
                                                   << 3 << std::string("a; b");
    QTest::newRow("pipe, review") << "pipe.csv" << std::string("review") << std::string("label") << 3
                                  << std::string("good, really");
    QTest::newRow("tsv") << "tabs.tsv" << std::string("text") << std::string("label") << 3 << std::string("first one");
}

void tst_Dataset::readsCsvFixtures()
{
    QFETCH(QString, file);
    QFETCH(std::string, textColumn);
    QFETCH(std::string, labelColumn);
    QFETCH(int, rows);
    QFETCH(std::string, firstText);
    auto d = readDataset(fixture(file.toUtf8().constData()));
    VERIFY_OK(d);
    QCOMPARE(d->sources.size(), std::size_t(1));
    QCOMPARE(d->sources[0].textColumn, textColumn);
    QCOMPARE(d->sources[0].labelColumn, labelColumn);
    QCOMPARE(static_cast<int>(d->rows.size()), rows);
    QCOMPARE(d->rows[0].text, firstText);
    QCOMPARE(d->droppedCount(), std::size_t(0));
    QVERIFY(!d->hasPairs());
}

void tst_Dataset::chineseInEveryEncoding_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<std::string>("encoding");
    QTest::newRow("utf-8") << "zh_utf8.csv" << std::string("utf-8");
    QTest::newRow("utf-16le") << "utf16le.csv" << std::string("utf-16le");
    QTest::newRow("utf-16be") << "utf16be.csv" << std::string("utf-16be");
    QTest::newRow("gbk") << "gbk.csv" << std::string("gb18030");
}

void tst_Dataset::chineseInEveryEncoding()
{
    QFETCH(QString, file);
    QFETCH(std::string, encoding);
    auto d = readDataset(fixture(file.toUtf8().constData()));
    VERIFY_OK(d);
    QCOMPARE(std::string(textEncodingName(d->sources[0].encoding)), encoding);
    QCOMPARE(texts(*d), (std::vector<std::string>{"这家酒店很好，服务周到", "房间太小了，而且很吵", "早餐不错，位置方便", "再也不来了"}));
    // String labels sorted by their UTF-8 bytes: 正 (E6 AD A3) before 负 (E8 B4 9F).
    QCOMPARE(d->labels.names(), (std::vector<std::string>{"正面", "负面"}));
    QCOMPARE(d->rows[1].label, 1);
}

void tst_Dataset::readsPairs()
{
    auto d = readDataset(fixture("pairs.csv"));
    VERIFY_OK(d);
    QVERIFY(d->hasPairs());
    QCOMPARE(d->sources[0].textColumn, std::string("sentence1"));
    QCOMPARE(d->sources[0].text2Column, std::string("sentence2"));
    QCOMPARE(d->rows[1].text2, std::string("A cat sleeps."));
    QCOMPARE(d->labels.names(), (std::vector<std::string>{"contradiction", "entailment", "neutral"}));
}

void tst_Dataset::readsJsonlWithDroppedRows()
{
    auto d = readDataset(fixture("reviews.jsonl"));
    VERIFY_OK(d);
    QCOMPARE(d->sources[0].format, DataFormat::Jsonl);
    QCOMPARE(d->sources[0].rowsRead, std::size_t(5));
    QCOMPARE(texts(*d), (std::vector<std::string>{"great film", "awful", "fine"}));
    QCOMPARE(labelsOf(*d), (std::vector<std::string>{"pos", "neg", "pos"}));
    QCOMPARE(d->rows[2].line, std::size_t(5));
    QCOMPARE(d->rowLocation(d->rows[2]), std::string("reviews.jsonl:5"));
    const auto &dropped = d->sources[0].dropped;
    QCOMPARE(dropped.size(), std::size_t(2));
    QCOMPARE(dropped[0].line, std::size_t(3));
    QCOMPARE(dropped[0].reason, std::string("blank text"));
    QCOMPARE(dropped[1].line, std::size_t(4));
    QCOMPARE(dropped[1].reason, std::string("missing label"));
}

void tst_Dataset::integerLabelsSortNumerically()
{
    auto d = readDataset(fixture("intlabels.jsonl"));
    VERIFY_OK(d);
    QCOMPARE(d->sources[0].textColumn, std::string("sentence"));
    QCOMPARE(d->labels.names(), (std::vector<std::string>{"0", "5", "10"}));
    QVERIFY(d->labels.integerLabels());
    QCOMPARE(d->rows[2].label, 2); // label 10
    QCOMPARE(d->classCounts(), (std::vector<std::size_t>{3, 3, 3}));
}

void tst_Dataset::labelOrder()
{
    QCOMPARE(LabelSet::sorted({"10", "9", "-1", "0", "9"}).names(), (std::vector<std::string>{"-1", "0", "9", "10"}));
    QCOMPARE(LabelSet::sorted({"b", "B", "a", "10", "9"}).names(), (std::vector<std::string>{"10", "9", "B", "a", "b"}));
    QCOMPARE(LabelSet::sorted({"01", "1"}).names(), (std::vector<std::string>{"01", "1"})); // not canonical: strings
    QCOMPARE(LabelSet::fromNames({"pos", "neg", "pos"}).names(), (std::vector<std::string>{"pos", "neg"}));
    QCOMPARE(LabelSet::fromNames({"pos", "neg"}).indexOf("neg"), 1);
    QCOMPARE(LabelSet::fromNames({"pos", "neg"}).indexOf("x"), -1);
    QVERIFY(isCanonicalInteger("-12"));
    QVERIFY(!isCanonicalInteger("-0"));
    QVERIFY(!isCanonicalInteger("+1"));
    QVERIFY(!isCanonicalInteger("1.0"));
}

void tst_Dataset::readsFolderPerClass()
{
    auto d = readDataset(fixture("folder"));
    VERIFY_OK(d);
    QCOMPARE(d->sources[0].format, DataFormat::Folder);
    QCOMPARE(d->labels.names(), (std::vector<std::string>{"neg", "pos"}));
    QCOMPARE(texts(*d), (std::vector<std::string>{"Boring.", "Terrible plot.", "I loved it.", "Great!"}));
    QCOMPARE(labelsOf(*d), (std::vector<std::string>{"neg", "neg", "pos", "pos"}));
    QCOMPARE(d->sources[0].rowsRead, std::size_t(5));
    QCOMPARE(d->sources[0].dropped.size(), std::size_t(1));
    QCOMPARE(d->sources[0].dropped[0].reason, std::string("blank text"));
    QCOMPARE(d->sources[0].files[d->sources[0].dropped[0].line - 1], fs::path("neg/002.txt"));
    QCOMPARE(d->rowLocation(d->rows[3]), std::string("pos/001.txt"));
}

void tst_Dataset::columnsByName()
{
    const fs::path p = write("cols.csv", "id,Body,Topic,note\n1,hello,a,x\n2,world,b,y\n");
    ReadOptions o;
    o.columns.text = "Body";
    o.columns.label = "Topic";
    auto d = readDataset(p, o);
    VERIFY_OK(d);
    QCOMPARE(texts(*d), (std::vector<std::string>{"hello", "world"}));
    // Case-sensitive, with a hint.
    o.columns.text = "body";
    auto e = readDataset(p, o);
    QVERIFY(!e.ok());
    QCOMPARE(e.error().code, ErrorCode::NotFound);
    QVERIFY2(e.error().message.find("no text column named 'body'; the columns are: 'id', 'Body', 'Topic', 'note'; did you mean 'Body'?")
                 != std::string::npos,
             e.error().message.c_str());
    // A second text by name.
    o.columns.text = "Body";
    o.columns.text2 = "note";
    auto pairs = readDataset(p, o);
    VERIFY_OK(pairs);
    QVERIFY(pairs->hasPairs());
    QCOMPARE(pairs->rows[0].text2, std::string("x"));
    // Detection ignores case and spaces around header names.
    auto spaced = readDataset(write("spaced.csv", "Text , LABEL\nhello,a\nworld,b\n"));
    VERIFY_OK(spaced);
    QCOMPARE(spaced->sources[0].textColumn, std::string("Text "));
    QCOMPARE(spaced->sources[0].labelColumn, std::string(" LABEL"));
    // The same column twice.
    o.columns.text2.clear();
    o.columns.label = "Body";
    auto same = readDataset(p, o);
    QVERIFY(!same.ok());
    QVERIFY(same.error().message.find("cannot be both") != std::string::npos);
}

void tst_Dataset::badInput_data()
{
    QTest::addColumn<std::string>("name");
    QTest::addColumn<std::string>("bytes");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("empty file") << std::string("empty.csv") << std::string() << std::string("empty.csv: the file is empty");
    QTest::newRow("header only") << std::string("header.csv") << std::string("text,label\n")
                                 << std::string("header.csv: the file has a header ('text', 'label') but no data rows");
    QTest::newRow("no text column") << std::string("notext.csv") << std::string("body,label\na,b\n")
                                    << std::string("notext.csv: cannot tell which column holds the text; the columns are: 'body', 'label'");
    QTest::newRow("no label column") << std::string("nolabel.csv") << std::string("text,score\na,1\n")
                                     << std::string("nolabel.csv: cannot tell which column holds the label; the columns are: 'text', 'score'");
    QTest::newRow("unterminated quote") << std::string("open.csv") << std::string("text,label\na,b\n\"c,d\ne,f\n")
                                        << std::string("open.csv: line 3, field 1: the quote opened here is never closed");
    QTest::newRow("ragged row") << std::string("ragged.csv") << std::string("text,label\na,b,c\n")
                                << std::string("ragged.csv: line 2: 3 fields, but the header has 2");
    QTest::newRow("invalid utf-8 in utf-8 file")
        << std::string("mixedline.csv") << std::string("text,label\n这是,a\n那是,b\nsister\xF0" "city,c\n")
        << std::string("mixedline.csv: line 4, byte 7: not valid UTF-8 (byte 0xF0), while 2 other lines are UTF-8: the file mixes encodings");
    QTest::newRow("jsonl not json") << std::string("bad.jsonl") << std::string("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\": oops}\n")
                                    << std::string("bad.jsonl: line 2: not valid JSON (column 10");
    QTest::newRow("jsonl number overflow") << std::string("big.jsonl") << std::string("{\"text\":\"a\",\"label\":1E400}\n")
                                           << std::string("big.jsonl: line 1: not valid JSON (number overflow parsing '1E400')");
    QTest::newRow("jsonl array") << std::string("arr.jsonl") << std::string("[{\"text\":\"a\",\"label\":\"x\"},\n")
                                 << std::string("arr.jsonl: line 1: not valid JSON");
    QTest::newRow("jsonl not object") << std::string("num.jsonl") << std::string("{\"text\":\"a\",\"label\":\"x\"}\n42\n")
                                      << std::string("num.jsonl: line 2: expected a JSON object");
    QTest::newRow("jsonl float label") << std::string("fl.jsonl") << std::string("{\"text\":\"a\",\"label\":1.5}\n")
                                       << std::string("fl.jsonl: line 1: label field 'label' is a number (1.5); labels must be strings or integers");
    QTest::newRow("jsonl list label") << std::string("ml.jsonl") << std::string("{\"text\":\"a\",\"label\":[1,2]}\n")
                                      << std::string("ml.jsonl: line 1: label field 'label' is a JSON array; labels must be strings or integers (multi-label");
    QTest::newRow("jsonl text not string") << std::string("tn.jsonl") << std::string("{\"text\":\"a\",\"label\":1}\n{\"text\":5,\"label\":1}\n")
                                           << std::string("tn.jsonl: line 2: field 'text' is a number, not a string");
    QTest::newRow("jsonl empty") << std::string("e.jsonl") << std::string("\n\n") << std::string("e.jsonl: the file is empty");
    QTest::newRow("unknown extension") << std::string("data.parquet") << std::string("x")
                                       << std::string("data.parquet: unknown data file type '.parquet'");
    QTest::newRow("spreadsheet") << std::string("data.xlsx") << std::string("x")
                                 << std::string("data.xlsx: spreadsheets are not read directly; save the sheet as CSV");
}

void tst_Dataset::badInput()
{
    QFETCH(std::string, name);
    QFETCH(std::string, bytes);
    QFETCH(std::string, expected);
    const fs::path p = write(name, bytes);
    auto d = readDataset(p);
    QVERIFY(!d.ok());
    const std::string &m = d.error().message;
    const std::string full = p.parent_path().string() + "/" + expected;
    QVERIFY2(m.rfind(full, 0) == 0, m.c_str());
}

void tst_Dataset::blankTextsAreDroppedWithLines()
{
    const fs::path p = write("blanks.csv", "text,label\nfine,a\n   ,b\n\"\",a\n\xE3\x80\x80,b\nok,\ngood,b\n");
    auto d = readDataset(p);
    VERIFY_OK(d);
    QCOMPARE(texts(*d), (std::vector<std::string>{"fine", "good"}));
    const auto &dropped = d->sources[0].dropped;
    QCOMPARE(dropped.size(), std::size_t(4));
    QCOMPARE(dropped[0].line, std::size_t(3));
    QCOMPARE(dropped[0].reason, std::string("blank text"));
    QCOMPARE(dropped[2].line, std::size_t(5)); // U+3000 ideographic space only
    QCOMPARE(dropped[3].line, std::size_t(6));
    QCOMPARE(dropped[3].reason, std::string("missing label"));
    QCOMPARE(d->sources[0].rowsRead, std::size_t(6));

    const fs::path allBlank = write("allblank.csv", "text,label\n ,a\n,b\n");
    auto none = readDataset(allBlank);
    VERIFY_OK(none);
    auto check = checkClassificationDataset(*none);
    QVERIFY(!check.ok());
    QVERIFY2(check.error().message.find("no usable rows (2 dropped") != std::string::npos, check.error().message.c_str());
}

void tst_Dataset::oneClassIsRejected()
{
    const fs::path p = write("oneclass.csv", "text,label\na,pos\nb,pos\nc,pos\n");
    auto d = readDataset(p);
    VERIFY_OK(d); // readable (the report shows it) ...
    auto check = checkClassificationDataset(*d); // ... but it cannot train a classifier
    QVERIFY(!check.ok());
    QVERIFY2(check.error().message.find("the label column 'label' has only one class, 'pos' (3 rows)") != std::string::npos,
             check.error().message.c_str());
}

void tst_Dataset::oneMegabyteText()
{
    std::string big;
    while (big.size() < (1u << 20))
        big += "一段很长的文本, with \"quotes\" and commas; ";
    std::string quoted;
    for (char c : big)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    const fs::path p = write("big.csv", "text,label\n\"" + quoted + "\",long\nshort,small\n");
    auto d = readDataset(p);
    VERIFY_OK(d);
    QCOMPARE(d->rows.size(), std::size_t(2));
    QCOMPARE(d->rows[0].text, big);
    QCOMPARE(d->rows[1].line, std::size_t(3));
}

void tst_Dataset::fixedLabelsAndFilesPerSplit()
{
    const fs::path train = write("split/train.csv", "text,label\na,x\nb,y\nc,x\n");
    const fs::path test = write("split/test.csv", "text,label\nd,y\ne,z\n");
    auto d = readDatasets({{"train", train}, {"test", test}});
    QVERIFY(!d.ok());
    QVERIFY2(d.error().message.find("test.csv: line 3: label 'z' is not one of the labels of the training data ('x', 'y')")
                 != std::string::npos,
             d.error().message.c_str());

    const fs::path test2 = write("split/test2.csv", "text,label\nd,y\ne,x\n");
    auto ok = readDatasets({{"train", train}, {"test", test2}});
    VERIFY_OK(ok);
    QCOMPARE(ok->sources.size(), std::size_t(2));
    QCOMPARE(ok->sources[1].role, std::string("test"));
    QCOMPARE(ok->rows[3].source, 1);
    QCOMPARE(ok->rowLocation(ok->rows[4]), std::string("test2.csv:3"));

    ReadOptions fixed;
    fixed.labelNames = {"y", "x", "unused"};
    auto f = readDataset(train, fixed);
    VERIFY_OK(f);
    QCOMPARE(f->labels.names(), (std::vector<std::string>{"y", "x", "unused"}));
    QCOMPARE(f->rows[0].label, 1);
    fixed.labelNames = {"y"};
    auto bad = readDataset(train, fixed);
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("label 'x' is not one of the model's labels ('y')") != std::string::npos);
}

void tst_Dataset::unlabelledForPrediction()
{
    const fs::path p = write("predict.csv", "text\nhello\nworld\n");
    ReadOptions o;
    o.requireLabels = false;
    auto d = readDataset(p, o);
    VERIFY_OK(d);
    QVERIFY(!d->hasLabels());
    QCOMPARE(d->rows[1].label, -1);
    auto strict = readDataset(p);
    QVERIFY(!strict.ok());
    QVERIFY(strict.error().message.find("the columns are: 'text'") != std::string::npos);
}

QTEST_GUILESS_MAIN(tst_Dataset)
#include "tst_dataset.moc"

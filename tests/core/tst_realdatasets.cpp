// The four real datasets in ../shared/data: counts against their PROVENANCE.md, known quirks
// (sms_spam duplicates, emotion conflicts, trec's Latin-1 byte, chnsenticorp's blank review),
// stratified split proportions, and reading speed.
#include "core/data/datasetreport.h"

#include "testsupport.h"

#include <QTest>

#include <cmath>
#include <map>

using namespace hone;

#define VERIFY_OK(r) QVERIFY2((r).ok(), (r).ok() ? "" : (r).error().message.c_str())

namespace {

std::map<std::string, std::size_t> counts(const Dataset &d)
{
    std::map<std::string, std::size_t> m;
    const auto c = d.classCounts();
    for (int i = 0; i < d.labels.size(); ++i)
        m[d.labels.name(i)] = c[static_cast<std::size_t>(i)];
    return m;
}

bool hasWarning(const DatasetReport &r, const std::string &w)
{
    return std::find(r.warnings.begin(), r.warnings.end(), w) != r.warnings.end();
}

} // namespace

class tst_RealDatasets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smsSpam();
    void smsSpamStratifiedSplit();
    void emotionFilesPerSplit();
    void emotionTrainReads();
    void trec();
    void trecOriginalLatin1Byte();
    void chnSentiCorp();
    void chnSentiCorpOriginalDropsBlankReview();
    void smsOriginalHasNoHeader();
};

void tst_RealDatasets::smsSpam()
{
    auto d = readDataset(hone::test::sharedDataPath("sms_spam/sms_spam.csv"));
    VERIFY_OK(d);
    QCOMPARE(d->rows.size(), std::size_t(5574));
    QCOMPARE(counts(*d), (std::map<std::string, std::size_t>{{"ham", 4827}, {"spam", 747}}));
    const DatasetReport r = makeDatasetReport(*d);
    QCOMPARE(r.duplicateRows, std::size_t(403));
    QCOMPARE(r.conflictingTexts, std::size_t(0));
    QVERIFY(hasWarning(r, "403 duplicate texts"));
    QVERIFY(hasWarning(r, "imbalanced: spam is 13% of rows"));
}

void tst_RealDatasets::smsSpamStratifiedSplit()
{
    DataSpec spec;
    spec.file = hone::test::sharedDataPath("sms_spam/sms_spam.csv");
    spec.split.seed = 42;
    auto p = prepareData(spec);
    VERIFY_OK(p);
    const Dataset &d = p->dataset;
    QCOMPARE(p->splits.train.size(), std::size_t(4459)); // 5574 x 0.8 = 4459.2
    QCOMPARE(p->splits.validation.size(), std::size_t(558));
    QCOMPARE(p->splits.test.size(), std::size_t(557));
    const int spam = d.labels.indexOf("spam");
    const std::vector<std::size_t> *parts[] = {&p->splits.train, &p->splits.validation, &p->splits.test};
    const double ratios[] = {0.8, 0.1, 0.1};
    for (int s = 0; s < 3; ++s) {
        std::size_t n = 0;
        for (std::size_t i : *parts[s])
            n += d.rows[i].label == spam;
        QVERIFY2(std::fabs(static_cast<double>(n) - 747 * ratios[s]) <= 1.0,
                 qPrintable(QStringLiteral("split %1 has %2 spam rows").arg(s).arg(n)));
    }
    // With splits the report counts texts shared between them (the 403 duplicates leak).
    DatasetReportOptions o;
    o.splits = &p->splits;
    const DatasetReport r = makeDatasetReport(d, o);
    std::size_t leaked = 0;
    for (const auto &l : r.leakage)
        leaked += l.texts;
    QVERIFY(leaked > 0);
    QCOMPARE(r.classes[static_cast<std::size_t>(spam)].validation + r.classes[static_cast<std::size_t>(spam)].test
                 + r.classes[static_cast<std::size_t>(spam)].train,
             std::size_t(747));
}

void tst_RealDatasets::emotionFilesPerSplit()
{
    DataSpec spec;
    spec.train = hone::test::sharedDataPath("emotion/train.csv");
    spec.validation = hone::test::sharedDataPath("emotion/validation.csv");
    spec.test = hone::test::sharedDataPath("emotion/test.csv");
    auto p = prepareData(spec);
    VERIFY_OK(p);
    QCOMPARE(p->splits.train.size(), std::size_t(16000));
    QCOMPARE(p->splits.validation.size(), std::size_t(2000));
    QCOMPARE(p->splits.test.size(), std::size_t(2000));
    QCOMPARE(p->manifest.method, std::string("files"));
    QCOMPARE(p->dataset.labels.names(), (std::vector<std::string>{"anger", "fear", "joy", "love", "sadness", "surprise"}));
    DatasetReportOptions o;
    o.splits = &p->splits;
    const DatasetReport r = makeDatasetReport(p->dataset, o);
    const std::map<std::string, std::size_t> train = {{"sadness", 4666}, {"joy", 5362}, {"love", 1304},
                                                      {"anger", 2159}, {"fear", 1937}, {"surprise", 572}};
    const std::map<std::string, std::size_t> validation = {{"sadness", 550}, {"joy", 704}, {"love", 178},
                                                           {"anger", 275}, {"fear", 212}, {"surprise", 81}};
    for (const ClassCount &c : r.classes) {
        QCOMPARE(c.train, train.at(c.label));
        QCOMPARE(c.validation, validation.at(c.label));
    }
    QVERIFY(hasWarning(r, "imbalanced: surprise is 4% of rows"));

    auto trainOnly = readDataset(spec.train);
    VERIFY_OK(trainOnly);
    const DatasetReport t = makeDatasetReport(*trainOnly);
    QCOMPARE(t.duplicateRows, std::size_t(31));   // PROVENANCE: 31 repeated texts,
    QCOMPARE(t.conflictingTexts, std::size_t(30)); // 30 of them with conflicting labels
}

// Its speed is measured by bench/data_read_bench, not here.
void tst_RealDatasets::emotionTrainReads()
{
    auto d = readDataset(hone::test::sharedDataPath("emotion/train.csv"));
    VERIFY_OK(d);
    QCOMPARE(d->rows.size(), std::size_t(16000));
}

void tst_RealDatasets::trec()
{
    auto train = readDataset(hone::test::sharedDataPath("trec/train.csv"));
    VERIFY_OK(train);
    QCOMPARE(counts(*train), (std::map<std::string, std::size_t>{{"ABBR", 86}, {"DESC", 1162}, {"ENTY", 1250},
                                                                  {"HUM", 1223}, {"LOC", 835}, {"NUM", 896}}));
    auto test = readDataset(hone::test::sharedDataPath("trec/test.csv"));
    VERIFY_OK(test);
    QCOMPARE(counts(*test), (std::map<std::string, std::size_t>{{"ABBR", 9}, {"DESC", 138}, {"ENTY", 94},
                                                                 {"HUM", 65}, {"LOC", 81}, {"NUM", 113}}));
    const DatasetReport r = makeDatasetReport(*train);
    QCOMPARE(r.duplicateRows, std::size_t(71));
    QCOMPARE(r.conflictingTexts, std::size_t(0));
}

void tst_RealDatasets::trecOriginalLatin1Byte()
{
    const auto path = hone::test::sharedDataPath("trec/original/train_5500.label");
    for (const TextEncoding e : {TextEncoding::Utf8, TextEncoding::Auto}) {
        auto utf8 = readTextFile(path, e);
        QVERIFY(!utf8.ok());
        QVERIFY2(utf8.error().message.find("train_5500.label: line 66, byte 60: not valid UTF-8 (bytes 0xF0 0x63)")
                     != std::string::npos,
                 utf8.error().message.c_str());
    }
    auto latin1 = readTextFile(path, TextEncoding::Latin1);
    VERIFY_OK(latin1);
    std::size_t lines = 0;
    std::size_t pos = 0;
    std::string line66;
    for (std::size_t start = 0; start < latin1->text.size(); start = pos + 1) {
        pos = latin1->text.find('\n', start);
        if (pos == std::string::npos)
            pos = latin1->text.size();
        if (++lines == 66)
            line66 = latin1->text.substr(start, pos - start);
    }
    QCOMPARE(lines, std::size_t(5452));
    QVERIFY2(line66.find("sister\xC3\xB0" "city") != std::string::npos, line66.c_str());
}

void tst_RealDatasets::chnSentiCorp()
{
    auto d = readDataset(hone::test::sharedDataPath("chnsenticorp_htl/chnsenticorp_htl.csv"));
    VERIFY_OK(d);
    QCOMPARE(d->rows.size(), std::size_t(7765));
    QCOMPARE(d->labels.names(), (std::vector<std::string>{"0", "1"}));
    QCOMPARE(counts(*d), (std::map<std::string, std::size_t>{{"0", 2443}, {"1", 5322}}));
    QCOMPARE(makeDatasetReport(*d).duplicateRows, std::size_t(0));
}

void tst_RealDatasets::chnSentiCorpOriginalDropsBlankReview()
{
    // Header "label,review": the text column is detected as 'review'; the one empty review is dropped
    // with its line, not lost silently.
    auto d = readDataset(hone::test::sharedDataPath("chnsenticorp_htl/original/ChnSentiCorp_htl_all.csv"));
    VERIFY_OK(d);
    QCOMPARE(d->sources[0].textColumn, std::string("review"));
    QCOMPARE(d->sources[0].rowsRead, std::size_t(7766));
    QCOMPARE(d->rows.size(), std::size_t(7765));
    QCOMPARE(d->sources[0].dropped.size(), std::size_t(1));
    QCOMPARE(d->sources[0].dropped[0].line, std::size_t(6376));
    QCOMPARE(d->sources[0].dropped[0].reason, std::string("blank text"));
}

void tst_RealDatasets::smsOriginalHasNoHeader()
{
    // The original SMSSpamCollection is "label<TAB>text" with no header: a clear error listing what
    // was taken for the header, not a silent misread.
    ReadOptions o;
    o.format = DataFormat::Tsv;
    auto d = readDataset(hone::test::sharedDataPath("sms_spam/original/SMSSpamCollection"), o);
    QVERIFY(!d.ok());
    QVERIFY2(d.error().message.find("cannot tell which column holds the text; the columns are: 'ham', 'Go until jurong point")
                 != std::string::npos,
             d.error().message.c_str());
}

QTEST_GUILESS_MAIN(tst_RealDatasets)
#include "tst_realdatasets.moc"

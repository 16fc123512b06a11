// Metrics of generated answers against their references (tools/make_textmetrics_goldens.py):
// SQuAD v1.1 exact match and F1, rouge-score's ROUGE-1/2/L (default and CJK tokenizers) and
// sacreBLEU's corpus BLEU (13a and zh) on English, Chinese, emoji, empty, multi-reference,
// punctuation-only and long cases, every value to 1e-9 and every tokenisation exactly; the
// answer-file reader and its errors.
#include "core/eval/answerfile.h"
#include "core/eval/textmetrics.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(nlohmann::json)

namespace {

constexpr double kTolerance = 1e-9;

std::string joined(const std::vector<std::string> &tokens)
{
    std::string out;
    for (const auto &t : tokens)
        out += (out.empty() ? "" : "|") + t;
    return out;
}

bool near(double got, const nlohmann::json &want) { return std::abs(got - want.get<double>()) <= kTolerance; }

std::string describe(const char *what, double got, const nlohmann::json &want)
{
    return std::string(what) + ": Hone " + std::to_string(got) + ", reference " + want.dump();
}

void writeFile(const fs::path &path, const std::string &bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

class tst_TextMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReferences_data();
    void matchesReferences();
    void bleuTokenizersAreNamed();
    void refusesMismatchedInput();
    void readsAnswerFiles();
    void answerFileErrorsNameTheLine();
};

void tst_TextMetrics::matchesReferences_data()
{
    const fs::path file = fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "metrics"
                          / "textmetrics.json";
    std::ifstream in(file);
    QVERIFY2(in, file.string().c_str());
    const auto golden = nlohmann::json::parse(in);
    QTest::addColumn<nlohmann::json>("golden");
    QVERIFY(golden["cases"].size() >= 12);
    for (const auto &c : golden["cases"])
        QTest::newRow(c["name"].get<std::string>().c_str()) << c;
}

void tst_TextMetrics::matchesReferences()
{
    QFETCH(nlohmann::json, golden);
    const auto predictions = golden["predictions"].get<std::vector<std::string>>();
    const auto references = golden["references"].get<std::vector<std::vector<std::string>>>();
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const auto &want = golden["answers"][i];
        const std::string &p = predictions[i];
        QCOMPARE(QString::fromStdString(normalizeSquadAnswer(p)), QString::fromStdString(want["normalized"].get<std::string>()));
        bool em = false;
        double f1 = 0;
        for (const auto &r : references[i]) {
            em = em || squadExactMatch(p, r);
            f1 = std::max(f1, squadF1(p, r));
        }
        QCOMPARE(em, want["exact_match"].get<bool>());
        QVERIFY2(near(f1, want["f1"]), describe("F1", f1, want["f1"]).c_str());
        QCOMPARE(QString::fromStdString(bleuTokenize(p, BleuTokenizer::Mteval13a)),
                 QString::fromStdString(want["bleu_tokens"]["13a"].get<std::string>()));
        QCOMPARE(QString::fromStdString(bleuTokenize(p, BleuTokenizer::Zh)),
                 QString::fromStdString(want["bleu_tokens"]["zh"].get<std::string>()));
        for (RougeTokenizer tokenizer : {RougeTokenizer::Default, RougeTokenizer::Cjk}) {
            const std::string name = rougeTokenizerName(tokenizer);
            QCOMPARE(QString::fromStdString(joined(rougeTokens(p, tokenizer))),
                     QString::fromStdString(joined(want["rouge_tokens_" + name].get<std::vector<std::string>>())));
            const RougeScores got = rougeScores(p, references[i], tokenizer);
            const auto &ref = want["rouge_" + name];
            for (const auto &[kind, score] : {std::pair<const char *, RougeScore>{"rouge1", got.rouge1}, {"rouge2", got.rouge2},
                                              {"rougeL", got.rougeL}}) {
                const std::string what = name + " " + kind;
                QVERIFY2(near(score.precision, ref[kind]["precision"]), describe((what + " P").c_str(), score.precision, ref[kind]["precision"]).c_str());
                QVERIFY2(near(score.recall, ref[kind]["recall"]), describe((what + " R").c_str(), score.recall, ref[kind]["recall"]).c_str());
                QVERIFY2(near(score.fmeasure, ref[kind]["fmeasure"]), describe((what + " F").c_str(), score.fmeasure, ref[kind]["fmeasure"]).c_str());
            }
        }
    }
    const auto &corpus = golden["corpus"];
    for (const auto &[rouge, bleu] : {std::pair{RougeTokenizer::Default, BleuTokenizer::Mteval13a}, {RougeTokenizer::Cjk, BleuTokenizer::Zh}}) {
        auto m = computeTextMetrics(predictions, references, {rouge, bleu});
        QVERIFY2(m, m ? "" : m.error().message.c_str());
        QCOMPARE(m->count, static_cast<std::int64_t>(predictions.size()));
        QVERIFY2(near(m->exactMatch, corpus["exact_match"]), describe("EM", m->exactMatch, corpus["exact_match"]).c_str());
        QVERIFY2(near(m->f1, corpus["f1"]), describe("F1", m->f1, corpus["f1"]).c_str());
        const std::string r = rougeTokenizerName(rouge);
        QVERIFY2(near(m->rouge1, corpus["rouge1_" + r]), describe("ROUGE-1", m->rouge1, corpus["rouge1_" + r]).c_str());
        QVERIFY2(near(m->rouge2, corpus["rouge2_" + r]), describe("ROUGE-2", m->rouge2, corpus["rouge2_" + r]).c_str());
        QVERIFY2(near(m->rougeL, corpus["rougeL_" + r]), describe("ROUGE-L", m->rougeL, corpus["rougeL_" + r]).c_str());
        const auto &b = corpus[std::string("bleu_") + bleuTokenizerName(bleu)];
        QVERIFY2(near(m->bleu.score, b["score"]), describe("BLEU", m->bleu.score, b["score"]).c_str());
        QVERIFY2(near(m->bleu.brevityPenalty, b["bp"]), describe("BP", m->bleu.brevityPenalty, b["bp"]).c_str());
        QCOMPARE(m->bleu.hypothesisLength, b["sys_len"].get<std::int64_t>());
        QCOMPARE(m->bleu.referenceLength, b["ref_len"].get<std::int64_t>());
        for (std::size_t n = 0; n < 4; ++n) {
            QVERIFY2(near(m->bleu.precisions[n], b["precisions"][n]), describe("precision", m->bleu.precisions[n], b["precisions"][n]).c_str());
            QCOMPARE(m->bleu.correct[n], b["counts"][n].get<std::int64_t>());
            QCOMPARE(m->bleu.total[n], b["totals"][n].get<std::int64_t>());
        }
        const nlohmann::json j = *m;
        QCOMPARE(j["bleu"]["tokenizer"].get<std::string>(), std::string(bleuTokenizerName(bleu)));
    }
}

void tst_TextMetrics::bleuTokenizersAreNamed()
{
    QVERIFY(parseBleuTokenizer("zh") && *parseBleuTokenizer("zh") == BleuTokenizer::Zh);
    QVERIFY(parseRougeTokenizer("cjk") && *parseRougeTokenizer("cjk") == RougeTokenizer::Cjk);
    const auto bad = parseBleuTokenizer("intl");
    QVERIFY(!bad);
    QVERIFY(bad.error().message.find("13a, zh") != std::string::npos);
    QVERIFY(!parseRougeTokenizer("chars"));
}

void tst_TextMetrics::refusesMismatchedInput()
{
    QVERIFY(!computeTextMetrics({}, {}));
    const auto sizes = computeTextMetrics({"a", "b"}, {{"a"}});
    QVERIFY(!sizes);
    QVERIFY2(sizes.error().message.find("2 answers but 1") != std::string::npos, sizes.error().message.c_str());
    const auto none = corpusBleu({"a", "b"}, {{"a"}, {}});
    QVERIFY(!none);
    QVERIFY2(none.error().message.find("answer 2 has no reference") != std::string::npos, none.error().message.c_str());
}

void tst_TextMetrics::readsAnswerFiles()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeFile(root / "both.jsonl", "{\"prediction\": \"Paris\", \"reference\": \"paris\"}\r\n\n"
                                   "{\"prediction\": \"\\u5317\\u4eac\", \"references\": [\"x\", \"\\u5317\\u4eac\"]}\n");
    auto both = readAnswerSet(root / "both.jsonl");
    QVERIFY2(both, both ? "" : both.error().message.c_str());
    QCOMPARE(both->predictions.size(), std::size_t(2));
    QCOMPARE(both->predictions[1], std::string("\xe5\x8c\x97\xe4\xba\xac"));
    QCOMPARE(both->references[1].size(), std::size_t(2));

    writeFile(root / "p.txt", "the cat\n\nsat\n");
    writeFile(root / "r.jsonl", "\"a cat\"\n[\"\", \"x\"]\n{\"references\": [\"sat\"]}\n");
    auto two = readAnswerSet(root / "p.txt", root / "r.jsonl");
    QVERIFY2(two, two ? "" : two.error().message.c_str());
    QCOMPARE(two->predictions, (std::vector<std::string>{"the cat", "", "sat"}));
    QCOMPARE(two->references[1], (std::vector<std::string>{"", "x"}));
    const auto m = computeTextMetrics(two->predictions, two->references);
    QVERIFY(m);
    QCOMPARE(m->exactMatch, 100.0); // "the cat" = "a cat", "" = "", "sat" = "sat" after SQuAD normalisation
}

void tst_TextMetrics::answerFileErrorsNameTheLine()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const auto expectError = [&](const fs::path &p, const fs::path &r, const std::string &needle) {
        const auto result = readAnswerSet(p, r);
        QVERIFY2(!result, needle.c_str());
        QVERIFY2(result.error().message.find(needle) != std::string::npos, result.error().message.c_str());
    };
    writeFile(root / "bad.jsonl", "{\"prediction\": \"a\", \"reference\": \"a\"}\n{\"prediction\": 3, \"reference\": \"a\"}\n");
    expectError(root / "bad.jsonl", {}, "bad.jsonl:2: \"prediction\" must be a string");
    writeFile(root / "broken.jsonl", "{\"prediction\": \"a\", \"reference\": \"a\"}\n\n{\"prediction\n");
    expectError(root / "broken.jsonl", {}, "broken.jsonl:3: not valid JSON");
    writeFile(root / "noref.jsonl", "{\"prediction\": \"a\"}\n");
    expectError(root / "noref.jsonl", {}, "noref.jsonl:1: no \"reference\" or \"references\" field");
    writeFile(root / "p.txt", "a\nb\n");
    writeFile(root / "r.txt", "a\n");
    expectError(root / "p.txt", root / "r.txt", "has 2 answers but");
    writeFile(root / "r.jsonl", "\"a\"\n[]\n");
    expectError(root / "p.txt", root / "r.jsonl", "r.jsonl:2: references must be a string or a non-empty array");
    expectError(root / "p.txt", {}, "a text file holds predictions only");
    writeFile(root / "empty.jsonl", "\n \n");
    expectError(root / "empty.jsonl", {}, "empty.jsonl: no answers in the file");
    expectError(root / "missing.jsonl", {}, "missing.jsonl");
}

QTEST_GUILESS_MAIN(tst_TextMetrics)
#include "tst_textmetrics.moc"

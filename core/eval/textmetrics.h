#pragma once
// Metrics of generated answers against references, each equal to the reference Python package
// on goldens (tools/make_textmetrics_goldens.py):
//   exact match and token F1   SQuAD v1.1's evaluation script (what `evaluate`'s "squad" runs):
//                              lower-case, strip ASCII punctuation, drop a/an/the, split on
//                              whitespace; the best over several references; 0-100.
//   ROUGE-1/2/L                Google's rouge-score (use_stemmer=False, `evaluate`'s default);
//                              per-answer precision/recall/F of the best reference by F, corpus
//                              figure = mean F (evaluate's use_aggregator=False, averaged); 0-1.
//   BLEU                       sacreBLEU's corpus BLEU (4-grams, exp smoothing, brevity penalty,
//                              closest reference length) with its 13a or zh tokenizer; 0-100.
// Chinese: rouge-score's default tokenizer keeps only [a-z0-9] runs, so Chinese text has no
// tokens and scores 0. RougeTokenizer::Cjk also makes every CJK ideograph (BERT's ranges) a
// token, which is rouge-score with a custom tokenizer; use it with BleuTokenizer::Zh for Chinese.
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

// SQuAD v1.1 normalize_answer.
std::string normalizeSquadAnswer(std::string_view text);
bool squadExactMatch(std::string_view prediction, std::string_view reference);
double squadF1(std::string_view prediction, std::string_view reference);

enum class RougeTokenizer { Default, Cjk };
const char *rougeTokenizerName(RougeTokenizer tokenizer); // "default", "cjk"
Result<RougeTokenizer> parseRougeTokenizer(const std::string &name);
std::vector<std::string> rougeTokens(std::string_view text, RougeTokenizer tokenizer);

struct RougeScore {
    double precision = 0, recall = 0, fmeasure = 0;
};
struct RougeScores {
    RougeScore rouge1, rouge2, rougeL;
};
// rouge-score's score_multi: for each type, the scores against the reference with the highest F
// (the first on ties). No references gives zeros.
RougeScores rougeScores(std::string_view prediction, const std::vector<std::string> &references,
                        RougeTokenizer tokenizer = RougeTokenizer::Default);

enum class BleuTokenizer { Mteval13a, Zh };
const char *bleuTokenizerName(BleuTokenizer tokenizer); // "13a", "zh"
Result<BleuTokenizer> parseBleuTokenizer(const std::string &name);
// The segment as sacreBLEU preprocesses it (rstrip, then the tokenizer): tokens joined by spaces.
std::string bleuTokenize(std::string_view text, BleuTokenizer tokenizer);

struct BleuScore {
    double score = 0;                    // 0-100
    std::array<double, 4> precisions{};  // n-gram precisions, 0-100 (smoothed where no match)
    double brevityPenalty = 0;
    std::int64_t hypothesisLength = 0, referenceLength = 0;
    std::array<std::int64_t, 4> correct{}, total{};
};
// references[i] are the references of predictions[i] (at least one each; sizes must agree).
Result<BleuScore> corpusBleu(const std::vector<std::string> &predictions,
                             const std::vector<std::vector<std::string>> &references,
                             BleuTokenizer tokenizer = BleuTokenizer::Mteval13a);

struct TextMetricsOptions {
    RougeTokenizer rouge = RougeTokenizer::Default;
    BleuTokenizer bleu = BleuTokenizer::Mteval13a;
};

struct TextMetrics {
    std::int64_t count = 0;
    double exactMatch = 0, f1 = 0;        // 0-100, means over answers
    double rouge1 = 0, rouge2 = 0, rougeL = 0; // 0-1, mean F-measures
    BleuScore bleu;
    TextMetricsOptions options;
};

// Every metric over a set of answers; an error when sizes differ or an answer has no reference.
Result<TextMetrics> computeTextMetrics(const std::vector<std::string> &predictions,
                                       const std::vector<std::vector<std::string>> &references,
                                       const TextMetricsOptions &options = {});

void to_json(nlohmann::json &j, const TextMetrics &m);

} // namespace hone

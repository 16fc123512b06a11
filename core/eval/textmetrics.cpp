#include "core/eval/textmetrics.h"

#include "core/text/unicodeutil.h"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace hone {
namespace {

using unicode::appendUtf8;
using unicode::decodeUtf8;

std::u32string toCodePoints(std::string_view text)
{
    std::u32string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size())
        out.push_back(decodeUtf8(text, pos));
    return out;
}

std::string toUtf8(const std::u32string &text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text)
        appendUtf8(out, c);
    return out;
}

// Python's str.isspace(): the White_Space property plus the separators U+001C..U+001F.
bool isPythonSpace(char32_t c) { return unicode::isWhitespace(c) || (c >= 0x1C && c <= 0x1F); }

// Python's str.split() with no argument.
std::vector<std::u32string> splitPython(const std::u32string &text)
{
    std::vector<std::u32string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isPythonSpace(text[i]))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !isPythonSpace(text[i]))
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

int category(char32_t c) { return utf8proc_category(static_cast<utf8proc_int32_t>(c)); }

// Unicode Cased and Case_Ignorable, approximated by general category (what Final_Sigma looks at).
bool isCased(char32_t c)
{
    const int cat = category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT;
}

bool isCaseIgnorable(char32_t c)
{
    switch (c) {
    case 0x27: case 0x2E: case 0x3A: case 0xB7: case 0x387: case 0x5F4: case 0x2018: case 0x2019: case 0x2024:
    case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF07: case 0xFF0E: case 0xFF1A:
        return true;
    default:
        break;
    }
    const int cat = category(c);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME || cat == UTF8PROC_CATEGORY_CF
           || cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_SK;
}

// Python's str.lower(): full lower-casing, with the Final_Sigma rule for U+03A3.
std::u32string lowerPython(const std::u32string &text)
{
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c == 0x3A3) {
            std::size_t j = i;
            while (j > 0 && isCaseIgnorable(text[j - 1]))
                --j;
            bool finalSigma = j > 0 && isCased(text[j - 1]);
            std::size_t k = i + 1;
            while (k < text.size() && isCaseIgnorable(text[k]))
                ++k;
            finalSigma = finalSigma && (k == text.size() || !isCased(text[k]));
            out.push_back(finalSigma ? 0x3C2 : 0x3C3);
        } else if (c == 0x130) {
            out.push_back('i');
            out.push_back(0x307);
        } else {
            out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
        }
    }
    return out;
}

bool isAsciiPunctuation(char32_t c) { return c < 0x80 && std::ispunct(static_cast<int>(c)); }

// Python re's \w for str patterns (letters, numbers, '_'); '_' is gone with the punctuation by then.
bool isWordChar(char32_t c) { return unicode::isLetter(c) || unicode::isNumber(c); }

// re.sub(r'\b(a|an|the)\b', ' ', text).
std::u32string removeArticles(const std::u32string &text)
{
    static const std::u32string articles[] = {U"a", U"an", U"the"};
    std::u32string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool matched = false;
        if (i == 0 || !isWordChar(text[i - 1])) {
            for (const auto &article : articles) {
                const std::size_t end = i + article.size();
                if (text.compare(i, article.size(), article) == 0 && (end == text.size() || !isWordChar(text[end]))) {
                    out.push_back(' ');
                    i = end;
                    matched = true;
                    break;
                }
            }
        }
        if (!matched)
            out.push_back(text[i++]);
    }
    return out;
}

std::vector<std::string> squadTokens(std::string_view text)
{
    std::u32string s = lowerPython(toCodePoints(text));
    s.erase(std::remove_if(s.begin(), s.end(), isAsciiPunctuation), s.end());
    std::vector<std::string> out;
    for (const auto &token : splitPython(removeArticles(s)))
        out.push_back(toUtf8(token));
    return out;
}

double fmeasure(double precision, double recall)
{
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

// n-gram counts keyed by the tokens joined with spaces (tokens never hold a space).
std::map<std::string, std::int64_t> ngramCounts(const std::vector<std::string> &tokens, std::size_t n)
{
    std::map<std::string, std::int64_t> counts;
    for (std::size_t i = 0; i + n <= tokens.size(); ++i) {
        std::string key = tokens[i];
        for (std::size_t k = 1; k < n; ++k)
            key.append(" ").append(tokens[i + k]);
        ++counts[key];
    }
    return counts;
}

std::int64_t totalCount(const std::map<std::string, std::int64_t> &counts)
{
    std::int64_t total = 0;
    for (const auto &entry : counts)
        total += entry.second;
    return total;
}

RougeScore rougeN(const std::vector<std::string> &target, const std::vector<std::string> &prediction, std::size_t n)
{
    const auto t = ngramCounts(target, n), p = ngramCounts(prediction, n);
    std::int64_t overlap = 0;
    for (const auto &[ngram, count] : t)
        if (auto it = p.find(ngram); it != p.end())
            overlap += std::min(count, it->second);
    RougeScore s;
    s.precision = static_cast<double>(overlap) / static_cast<double>(std::max<std::int64_t>(totalCount(p), 1));
    s.recall = static_cast<double>(overlap) / static_cast<double>(std::max<std::int64_t>(totalCount(t), 1));
    s.fmeasure = fmeasure(s.precision, s.recall);
    return s;
}

RougeScore rougeL(const std::vector<std::string> &target, const std::vector<std::string> &prediction)
{
    if (target.empty() || prediction.empty())
        return {};
    // Longest common subsequence with two rows of the table.
    std::vector<std::int64_t> previous(prediction.size() + 1, 0), current(prediction.size() + 1, 0);
    for (const auto &t : target) {
        for (std::size_t j = 1; j <= prediction.size(); ++j)
            current[j] = t == prediction[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
        std::swap(previous, current);
    }
    const auto lcs = static_cast<double>(previous.back());
    RougeScore s;
    s.precision = lcs / static_cast<double>(prediction.size());
    s.recall = lcs / static_cast<double>(target.size());
    s.fmeasure = fmeasure(s.precision, s.recall);
    return s;
}

// sacreBLEU's zh tokenizer ranges as Python compares them: its supplementary-plane entries are
// written '\u20000' (U+2000 then '0'), so they act as U+2001..U+2A6D and U+2F81..U+2FA1.
bool isSacrebleuChineseChar(char32_t c)
{
    static constexpr std::pair<char32_t, char32_t> ranges[] = {
        {0x3400, 0x4DB5}, {0x4E00, 0x9FA5}, {0x9FA6, 0x9FBB}, {0xF900, 0xFA2D}, {0xFA30, 0xFA6A}, {0xFA70, 0xFAD9},
        {0x2001, 0x2A6D}, {0x2F81, 0x2FA1}, {0xFF00, 0xFFEF}, {0x2E80, 0x2EFF}, {0x3000, 0x303F}, {0x31C0, 0x31EF},
        {0x2F00, 0x2FDF}, {0x2FF0, 0x2FFF}, {0x3100, 0x312F}, {0x31A0, 0x31BF}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE4F},
        {0x2600, 0x26FF}, {0x2700, 0x27BF}, {0x3200, 0x32FF}, {0x3300, 0x33FF}};
    for (const auto &[first, last] : ranges)
        if (c >= first && c <= last)
            return true;
    return false;
}

void replaceAll(std::u32string &text, const std::u32string &from, const std::u32string &to)
{
    std::u32string out;
    std::size_t start = 0, at;
    while ((at = text.find(from, start)) != std::u32string::npos) {
        out.append(text, start, at - start).append(to);
        start = at + from.size();
    }
    out.append(text, start, std::u32string::npos);
    text = std::move(out);
}

bool isAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

// sacreBLEU's TokenizerRegexp: four re.sub passes, then whitespace normalisation.
std::u32string regexpTokenize(const std::u32string &line)
{
    std::u32string a;
    for (char32_t c : line) {
        // [\{-\~\[-\` -\&\(-\+\:-\@\/]
        const bool symbol = (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26)
                            || (c >= 0x28 && c <= 0x2B) || (c >= 0x3A && c <= 0x40) || c == '/';
        if (symbol)
            a.append({U' ', c, U' '});
        else
            a.push_back(c);
    }
    const auto isPeriodComma = [](char32_t c) { return c == '.' || c == ','; };
    std::u32string b; // ([^0-9])([\.,]) -> \1 \2
    for (std::size_t i = 0; i < a.size();) {
        if (i + 1 < a.size() && !isAsciiDigit(a[i]) && isPeriodComma(a[i + 1])) {
            b.append({a[i], U' ', a[i + 1], U' '});
            i += 2;
        } else {
            b.push_back(a[i++]);
        }
    }
    std::u32string c; // ([\.,])([^0-9]) -> " \1 \2"
    for (std::size_t i = 0; i < b.size();) {
        if (i + 1 < b.size() && isPeriodComma(b[i]) && !isAsciiDigit(b[i + 1])) {
            c.append({U' ', b[i], U' ', b[i + 1]});
            i += 2;
        } else {
            c.push_back(b[i++]);
        }
    }
    std::u32string d; // ([0-9])(-) -> \1 \2
    for (std::size_t i = 0; i < c.size();) {
        if (i + 1 < c.size() && isAsciiDigit(c[i]) && c[i + 1] == '-') {
            d.append({c[i], U' ', U'-', U' '});
            i += 2;
        } else {
            d.push_back(c[i++]);
        }
    }
    std::u32string out;
    for (const auto &token : splitPython(d)) {
        if (!out.empty())
            out.push_back(' ');
        out += token;
    }
    return out;
}

std::u32string stripPython(const std::u32string &text, bool left)
{
    std::size_t begin = 0, end = text.size();
    while (end > begin && isPythonSpace(text[end - 1]))
        --end;
    while (left && begin < end && isPythonSpace(text[begin]))
        ++begin;
    return text.substr(begin, end - begin);
}

std::vector<std::string> bleuTokens(std::string_view text, BleuTokenizer tokenizer)
{
    std::vector<std::string> out;
    for (const auto &token : splitPython(toCodePoints(bleuTokenize(text, tokenizer))))
        out.push_back(toUtf8(token));
    return out;
}

// BLEU's segment statistics: lengths and clipped n-gram matches against the references' maxima.
void addSegmentStatistics(const std::string &prediction, const std::vector<std::string> &references, BleuTokenizer tokenizer,
                          BleuScore &sums)
{
    std::map<std::string, std::int64_t> referenceCounts;
    std::vector<std::int64_t> referenceLengths;
    for (const auto &reference : references) {
        const auto tokens = bleuTokens(reference, tokenizer);
        referenceLengths.push_back(static_cast<std::int64_t>(tokens.size()));
        for (std::size_t n = 1; n <= 4; ++n)
            for (const auto &[ngram, count] : ngramCounts(tokens, n))
                referenceCounts[ngram] = std::max(referenceCounts[ngram], count);
    }
    const auto tokens = bleuTokens(prediction, tokenizer);
    const auto length = static_cast<std::int64_t>(tokens.size());
    // The closest reference length; the shorter one on ties.
    std::int64_t closest = -1, closestDiff = -1;
    for (std::int64_t r : referenceLengths) {
        const std::int64_t diff = std::llabs(length - r);
        if (closestDiff == -1 || diff < closestDiff || (diff == closestDiff && r < closest)) {
            closestDiff = diff;
            closest = r;
        }
    }
    sums.hypothesisLength += length;
    sums.referenceLength += closest;
    for (std::size_t n = 1; n <= 4; ++n) {
        for (const auto &[ngram, count] : ngramCounts(tokens, n)) {
            sums.total[n - 1] += count;
            if (auto it = referenceCounts.find(ngram); it != referenceCounts.end())
                sums.correct[n - 1] += std::min(count, it->second);
        }
    }
}

// sacreBLEU's compute_bleu with smooth_method='exp', in its order of operations.
void finishBleu(BleuScore &s)
{
    s.brevityPenalty = 1.0;
    if (s.hypothesisLength < s.referenceLength)
        s.brevityPenalty = s.hypothesisLength > 0 ? std::exp(1 - static_cast<double>(s.referenceLength)
                                                                     / static_cast<double>(s.hypothesisLength))
                                                  : 0.0;
    s.precisions.fill(0.0);
    s.score = 0;
    if (std::all_of(s.correct.begin(), s.correct.end(), [](std::int64_t c) { return c == 0; }))
        return;
    double smooth = 1.0;
    for (std::size_t n = 0; n < 4; ++n) {
        if (s.total[n] == 0)
            break;
        if (s.correct[n] == 0) {
            smooth *= 2;
            s.precisions[n] = 100. / (smooth * static_cast<double>(s.total[n]));
        } else {
            s.precisions[n] = 100. * static_cast<double>(s.correct[n]) / static_cast<double>(s.total[n]);
        }
    }
    double logSum = 0;
    for (double p : s.precisions)
        logSum += p == 0.0 ? -9999999999.0 : std::log(p); // sacreBLEU's my_log floor
    s.score = s.brevityPenalty * std::exp(logSum / 4);
}

Result<void> checkSizes(const std::vector<std::string> &predictions, const std::vector<std::vector<std::string>> &references)
{
    if (predictions.empty())
        return makeError(ErrorCode::InvalidArgument, "no answers to score");
    if (predictions.size() != references.size())
        return makeError(ErrorCode::InvalidArgument, std::to_string(predictions.size()) + " answers but "
                                                         + std::to_string(references.size()) + " reference sets");
    for (std::size_t i = 0; i < references.size(); ++i)
        if (references[i].empty())
            return makeError(ErrorCode::InvalidArgument, "answer " + std::to_string(i + 1) + " has no reference");
    return {};
}

} // namespace

std::string normalizeSquadAnswer(std::string_view text)
{
    std::string out;
    for (const auto &token : squadTokens(text)) {
        if (!out.empty())
            out.push_back(' ');
        out += token;
    }
    return out;
}

bool squadExactMatch(std::string_view prediction, std::string_view reference)
{
    return normalizeSquadAnswer(prediction) == normalizeSquadAnswer(reference);
}

double squadF1(std::string_view prediction, std::string_view reference)
{
    const auto p = squadTokens(prediction), r = squadTokens(reference);
    std::map<std::string, std::int64_t> referenceCounts;
    for (const auto &t : r)
        ++referenceCounts[t];
    std::int64_t same = 0;
    for (const auto &t : p)
        if (auto it = referenceCounts.find(t); it != referenceCounts.end() && it->second > 0) {
            --it->second;
            ++same;
        }
    if (same == 0)
        return 0;
    const double precision = 1.0 * static_cast<double>(same) / static_cast<double>(p.size());
    const double recall = 1.0 * static_cast<double>(same) / static_cast<double>(r.size());
    return (2 * precision * recall) / (precision + recall);
}

const char *rougeTokenizerName(RougeTokenizer tokenizer) { return tokenizer == RougeTokenizer::Cjk ? "cjk" : "default"; }

Result<RougeTokenizer> parseRougeTokenizer(const std::string &name)
{
    if (name == "default")
        return RougeTokenizer::Default;
    if (name == "cjk")
        return RougeTokenizer::Cjk;
    return makeError(ErrorCode::InvalidArgument, "unknown ROUGE tokenizer \"" + name + "\" (default, cjk)");
}

std::vector<std::string> rougeTokens(std::string_view text, RougeTokenizer tokenizer)
{
    std::vector<std::string> out;
    std::string word;
    for (char32_t c : lowerPython(toCodePoints(text))) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            word.push_back(static_cast<char>(c));
            continue;
        }
        if (!word.empty())
            out.push_back(std::move(word));
        word.clear();
        if (tokenizer == RougeTokenizer::Cjk && unicode::isChineseChar(c)) {
            out.emplace_back();
            appendUtf8(out.back(), c);
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

RougeScores rougeScores(std::string_view prediction, const std::vector<std::string> &references, RougeTokenizer tokenizer)
{
    const auto p = rougeTokens(prediction, tokenizer);
    RougeScores best;
    bool first = true;
    for (const auto &reference : references) {
        const auto t = rougeTokens(reference, tokenizer);
        const RougeScores s{rougeN(t, p, 1), rougeN(t, p, 2), rougeL(t, p)};
        // np.argmax: the first reference with the highest F, per type.
        if (first || s.rouge1.fmeasure > best.rouge1.fmeasure)
            best.rouge1 = s.rouge1;
        if (first || s.rouge2.fmeasure > best.rouge2.fmeasure)
            best.rouge2 = s.rouge2;
        if (first || s.rougeL.fmeasure > best.rougeL.fmeasure)
            best.rougeL = s.rougeL;
        first = false;
    }
    return best;
}

const char *bleuTokenizerName(BleuTokenizer tokenizer) { return tokenizer == BleuTokenizer::Zh ? "zh" : "13a"; }

Result<BleuTokenizer> parseBleuTokenizer(const std::string &name)
{
    if (name == "13a")
        return BleuTokenizer::Mteval13a;
    if (name == "zh")
        return BleuTokenizer::Zh;
    return makeError(ErrorCode::InvalidArgument, "unknown BLEU tokenizer \"" + name + "\" (13a, zh)");
}

std::string bleuTokenize(std::string_view text, BleuTokenizer tokenizer)
{
    std::u32string line = stripPython(toCodePoints(text), false);
    if (tokenizer == BleuTokenizer::Zh) {
        std::u32string spaced;
        for (char32_t c : stripPython(line, true)) {
            if (isSacrebleuChineseChar(c))
                spaced.append({U' ', c, U' '});
            else
                spaced.push_back(c);
        }
        return toUtf8(regexpTokenize(spaced));
    }
    replaceAll(line, U"<skipped>", U"");
    replaceAll(line, U"-\n", U"");
    replaceAll(line, U"\n", U" ");
    if (line.find(U'&') != std::u32string::npos) {
        replaceAll(line, U"&quot;", U"\"");
        replaceAll(line, U"&amp;", U"&");
        replaceAll(line, U"&lt;", U"<");
        replaceAll(line, U"&gt;", U">");
    }
    return toUtf8(regexpTokenize(U" " + line + U" "));
}

Result<BleuScore> corpusBleu(const std::vector<std::string> &predictions, const std::vector<std::vector<std::string>> &references,
                             BleuTokenizer tokenizer)
{
    if (auto ok = checkSizes(predictions, references); !ok)
        return ok.error();
    BleuScore s;
    for (std::size_t i = 0; i < predictions.size(); ++i)
        addSegmentStatistics(predictions[i], references[i], tokenizer, s);
    finishBleu(s);
    return s;
}

Result<TextMetrics> computeTextMetrics(const std::vector<std::string> &predictions,
                                       const std::vector<std::vector<std::string>> &references, const TextMetricsOptions &options)
{
    auto bleu = corpusBleu(predictions, references, options.bleu);
    if (!bleu)
        return bleu.error();
    TextMetrics m;
    m.count = static_cast<std::int64_t>(predictions.size());
    m.options = options;
    m.bleu = *bleu;
    double exact = 0, f1 = 0, r1 = 0, r2 = 0, rl = 0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        bool em = false;
        double bestF1 = 0;
        for (std::size_t k = 0; k < references[i].size(); ++k) {
            em = em || squadExactMatch(predictions[i], references[i][k]);
            bestF1 = k == 0 ? squadF1(predictions[i], references[i][k]) : std::max(bestF1, squadF1(predictions[i], references[i][k]));
        }
        exact += em ? 1 : 0;
        f1 += bestF1;
        const RougeScores r = rougeScores(predictions[i], references[i], options.rouge);
        r1 += r.rouge1.fmeasure;
        r2 += r.rouge2.fmeasure;
        rl += r.rougeL.fmeasure;
    }
    const auto n = static_cast<double>(predictions.size());
    m.exactMatch = 100.0 * exact / n;
    m.f1 = 100.0 * f1 / n;
    m.rouge1 = r1 / n;
    m.rouge2 = r2 / n;
    m.rougeL = rl / n;
    return m;
}

void to_json(nlohmann::json &j, const TextMetrics &m)
{
    j = nlohmann::json{{"count", m.count},
                       {"exact_match", m.exactMatch},
                       {"f1", m.f1},
                       {"rouge1", m.rouge1},
                       {"rouge2", m.rouge2},
                       {"rougeL", m.rougeL},
                       {"rouge_tokenizer", rougeTokenizerName(m.options.rouge)},
                       {"bleu", {{"score", m.bleu.score},
                                 {"precisions", m.bleu.precisions},
                                 {"bp", m.bleu.brevityPenalty},
                                 {"sys_len", m.bleu.hypothesisLength},
                                 {"ref_len", m.bleu.referenceLength},
                                 {"counts", m.bleu.correct},
                                 {"totals", m.bleu.total},
                                 {"tokenizer", bleuTokenizerName(m.options.bleu)}}}};
}

} // namespace hone

#include "core/text/bpetokenizer.h"

#include "core/io/jsoninteger.h"
#include "core/text/unicodeutil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace hone {

namespace u = unicode;

namespace {

// GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to 256 + n.
struct ByteMap {
    std::array<char32_t, 256> toChar{};
    std::array<std::string, 256> toUtf8;
    std::unordered_map<char32_t, unsigned char> toByte;

    ByteMap()
    {
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            toChar[static_cast<std::size_t>(b)] = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + n++);
            u::appendUtf8(toUtf8[static_cast<std::size_t>(b)], toChar[static_cast<std::size_t>(b)]);
            toByte.emplace(toChar[static_cast<std::size_t>(b)], static_cast<unsigned char>(b));
        }
    }
};

const ByteMap &byteMap()
{
    static const ByteMap map;
    return map;
}

inline std::uint64_t pairKey(int a, int b) { return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b); }

std::string readWhole(const std::filesystem::path &file, bool &ok)
{
    std::ifstream in(file, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

BpeTokenizer::BpeTokenizer(Vocabulary vocab, BpeOptions options) : m_vocab(std::move(vocab)), m_options(std::move(options)) {}

Result<std::shared_ptr<BpeTokenizer>> BpeTokenizer::create(Vocabulary vocab, const std::vector<Merge> &merges,
                                                           BpeOptions options, const std::string &source)
{
    std::shared_ptr<BpeTokenizer> tok(new BpeTokenizer(std::move(vocab), std::move(options)));
    const ByteMap &map = byteMap();
    for (int b = 0; b < 256; ++b)
        tok->m_byteIds[b] = tok->m_vocab.find(map.toUtf8[static_cast<std::size_t>(b)]);
    tok->m_unkId = tok->m_options.unkToken.empty() ? -1 : tok->m_vocab.find(tok->m_options.unkToken);
    tok->m_merges.reserve(merges.size() * 2);
    std::string joined;
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const auto &[a, b] = merges[rank];
        const int left = tok->m_vocab.find(a);
        const int right = tok->m_vocab.find(b);
        joined = a + b;
        const int merged = tok->m_vocab.find(joined);
        if (left < 0 || right < 0 || merged < 0)
            return makeError(ErrorCode::Format, source + ": merge " + std::to_string(rank + 1) + " (\"" + a + " " + b
                                                    + "\") uses a token that is not in the vocabulary");
        tok->m_merges.try_emplace(pairKey(left, right), static_cast<int>(rank), merged);
    }
    return tok;
}

std::vector<BpeTokenizer::Merge> BpeTokenizer::merges() const
{
    std::vector<std::pair<int, std::uint64_t>> ranked; // rank, pair key
    ranked.reserve(m_merges.size());
    for (const auto &[key, value] : m_merges)
        ranked.emplace_back(value.first, key);
    std::sort(ranked.begin(), ranked.end());
    std::vector<Merge> out;
    out.reserve(ranked.size());
    for (const auto &[rank, key] : ranked)
        out.emplace_back(m_vocab.token(static_cast<int>(key >> 32)), m_vocab.token(static_cast<int>(key & 0xffffffffu)));
    return out;
}

Result<Vocabulary> BpeTokenizer::readVocabJson(const std::filesystem::path &file)
{
    bool ok = false;
    const std::string text = readWhole(file, ok);
    if (!ok)
        return makeError(ErrorCode::Io, file.string() + ": cannot be read");
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return makeError(ErrorCode::Format, file.string() + ": not a JSON object of token -> id");
    Vocabulary vocab;
    vocab.reserve(json.size());
    for (auto it = json.begin(); it != json.end(); ++it) {
        const auto id = readInteger<int>(it.value(), file.string(), it.key(), 0, kMaxTokenId);
        if (!id)
            return id.error();
        if (!vocab.insert(it.key(), *id))
            return makeError(ErrorCode::Format, file.string() + ": id " + std::to_string(*id) + " of \"" + it.key()
                                                    + "\" is used twice");
    }
    if (vocab.size() == 0)
        return makeError(ErrorCode::Format, file.string() + ": the vocabulary is empty");
    return vocab;
}

Result<std::vector<BpeTokenizer::Merge>> BpeTokenizer::readMergesFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, file.string() + ": cannot be read");
    std::vector<Merge> merges;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.rfind("#version", 0) == 0)
            continue;
        const std::size_t space = line.find(' ');
        if (line.empty() || space == std::string::npos || space == 0 || space + 1 == line.size()
            || line.find(' ', space + 1) != std::string::npos)
            return makeError(ErrorCode::Format, file.string() + ":" + std::to_string(lineNo)
                                                    + ": expected two tokens separated by one space, got \"" + line + "\"");
        merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    return merges;
}

namespace {

// 's|'t|'re|'ve|'m|'ll|'d at apostrophe (an ASCII ' at text[apostrophe]): appended to pieces and
// pos moved past it when one matches.
bool contraction(std::string_view text, std::size_t apostrophe, bool ignoreCase,
                 std::vector<std::pair<std::size_t, std::size_t>> &pieces, std::size_t &pos)
{
    auto at = [&](std::size_t i) {
        const char c = i < text.size() ? text[i] : '\0';
        return ignoreCase && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    };
    const char c1 = at(apostrophe + 1), c2 = at(apostrophe + 2);
    std::size_t len = 0;
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd')
        len = 2;
    else if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l'))
        len = 3;
    if (!len)
        return false;
    pieces.emplace_back(apostrophe, apostrophe + len);
    pos = apostrophe + len;
    return true;
}

} // namespace

void BpeTokenizer::splitGpt2(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &pieces)
{
    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    enum Class { Space, Letter, Number, Other };
    auto classOf = [](char32_t c) {
        if (u::isWhitespace(c))
            return Space;
        if (u::isLetter(c))
            return Letter;
        if (u::isNumber(c))
            return Number;
        return Other;
    };
    auto at = [&](std::size_t pos, std::size_t &next) {
        next = pos;
        return u::decodeUtf8(text, next);
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        std::size_t next = 0;
        const char32_t c = at(pos, next);
        // Contractions (case-sensitive, ASCII apostrophe only).
        if (c == '\'' && contraction(text, start, /*ignoreCase=*/false, pieces, pos))
            continue;
        // ` ?X+` for X in letters, numbers, others.
        char32_t first = c;
        std::size_t afterFirst = next;
        if (c == ' ' && next < text.size()) {
            std::size_t n2 = 0;
            const char32_t c2 = at(next, n2);
            if (classOf(c2) != Space) {
                first = c2;
                afterFirst = n2;
            }
        }
        const Class cls = classOf(first);
        if (cls != Space) {
            std::size_t end = afterFirst;
            while (end < text.size()) {
                std::size_t n3 = 0;
                if (classOf(at(end, n3)) != cls)
                    break;
                end = n3;
            }
            pieces.emplace_back(start, end);
            pos = end;
            continue;
        }
        // Whitespace run: \s+(?!\S) leaves the last space for the next word, else \s+.
        std::size_t end = next;
        std::size_t lastStart = pos;
        while (end < text.size()) {
            std::size_t n4 = 0;
            if (classOf(at(end, n4)) != Space)
                break;
            lastStart = end;
            end = n4;
        }
        if (end < text.size() && lastStart > pos)
            end = lastStart; // followed by a non-space: give back the last whitespace char
        pieces.emplace_back(start, end);
        pos = end;
    }
}

namespace {

// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// (Llama 3 with maxDigits 3, Qwen2 with 1), as leftmost-first alternation at each position.
void splitLlama3Style(std::string_view text, std::size_t maxDigits, std::vector<std::pair<std::size_t, std::size_t>> &pieces)
{
    auto at = [&](std::size_t pos, std::size_t &next) {
        next = pos;
        return u::decodeUtf8(text, next);
    };
    auto isNl = [](char32_t c) { return c == '\r' || c == '\n'; };
    auto isPunct = [](char32_t c) { return !u::isWhitespace(c) && !u::isLetter(c) && !u::isNumber(c); };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        std::size_t next = 0;
        const char32_t c = at(pos, next);
        if (c == '\'' && contraction(text, start, /*ignoreCase=*/true, pieces, pos))
            continue;
        auto letters = [&](std::size_t from) {
            std::size_t end = from, n = 0;
            while (end < text.size() && u::isLetter(at(end, n)))
                end = n;
            return end;
        };
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (u::isLetter(c)) {
            pos = letters(next);
            pieces.emplace_back(start, pos);
            continue;
        }
        if (!isNl(c) && !u::isNumber(c) && next < text.size()) {
            std::size_t n2 = 0;
            if (u::isLetter(at(next, n2))) {
                pos = letters(n2);
                pieces.emplace_back(start, pos);
                continue;
            }
        }
        // \p{N}{1,maxDigits}
        if (u::isNumber(c)) {
            std::size_t end = next, count = 1, n = 0;
            while (count < maxDigits && end < text.size() && u::isNumber(at(end, n))) {
                end = n;
                ++count;
            }
            pieces.emplace_back(start, end);
            pos = end;
            continue;
        }
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        std::size_t punctStart = isPunct(c) ? start : std::string::npos;
        if (c == ' ' && next < text.size()) {
            std::size_t n2 = 0;
            if (isPunct(at(next, n2)))
                punctStart = next;
        }
        if (punctStart != std::string::npos) {
            std::size_t end = punctStart, n = 0;
            while (end < text.size() && isPunct(at(end, n)))
                end = n;
            while (end < text.size() && isNl(at(end, n)))
                end = n;
            pieces.emplace_back(start, end);
            pos = end;
            continue;
        }
        // Whitespace from here on: the run [start, runEnd).
        std::size_t runEnd = start, lastNl = std::string::npos, lastStart = start, n = 0;
        while (runEnd < text.size()) {
            const char32_t w = at(runEnd, n);
            if (!u::isWhitespace(w))
                break;
            if (isNl(w))
                lastNl = n;
            lastStart = runEnd;
            runEnd = n;
        }
        if (runEnd == start) { // not reachable for valid code points; keep the loop moving
            pieces.emplace_back(start, next);
            pos = next;
            continue;
        }
        std::size_t end = runEnd;
        if (lastNl != std::string::npos)
            end = lastNl;                 // \s*[\r\n]+ up to the last newline of the run
        else if (runEnd < text.size() && lastStart > start)
            end = lastStart;              // \s+(?!\S): leave the last space for the next word
        pieces.emplace_back(start, end);
        pos = end;
    }
}

void splitDigits(std::string_view text, bool individual, std::vector<std::pair<std::size_t, std::size_t>> &pieces)
{
    std::size_t pos = 0, runStart = 0;
    bool inDigits = false;
    while (pos < text.size()) {
        std::size_t next = pos;
        const bool digit = u::isNumber(u::decodeUtf8(text, next));
        if (pos > runStart && (digit != inDigits || (digit && individual))) {
            pieces.emplace_back(runStart, pos);
            runStart = pos;
        }
        inDigits = digit;
        pos = next;
    }
    if (pos > runStart)
        pieces.emplace_back(runStart, pos);
}

} // namespace

const char *bpeSplitName(BpeSplit split)
{
    switch (split) {
    case BpeSplit::Gpt2: return "gpt2";
    case BpeSplit::Llama3: return "llama3";
    case BpeSplit::Qwen2: return "qwen2";
    case BpeSplit::DigitsIndividual: return "digits-individual";
    case BpeSplit::Digits: return "digits";
    }
    return "?";
}

const char *bpeSplitRegex(BpeSplit split)
{
    switch (split) {
    case BpeSplit::Gpt2: return "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    case BpeSplit::Llama3:
        return "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    case BpeSplit::Qwen2:
        return "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    case BpeSplit::DigitsIndividual:
    case BpeSplit::Digits: return "";
    }
    return "";
}

void BpeTokenizer::split(BpeSplit kind, std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &pieces)
{
    switch (kind) {
    case BpeSplit::Gpt2: splitGpt2(text, pieces); break;
    case BpeSplit::Llama3: splitLlama3Style(text, 3, pieces); break;
    case BpeSplit::Qwen2: splitLlama3Style(text, 1, pieces); break;
    case BpeSplit::DigitsIndividual: splitDigits(text, true, pieces); break;
    case BpeSplit::Digits: splitDigits(text, false, pieces); break;
    }
}

void BpeTokenizer::bpeWord(std::string_view raw, std::vector<Symbol> &out) const
{
    {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        auto it = m_cache.find(std::string(raw));
        if (it != m_cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<Symbol> word;
    word.reserve(raw.size());
    if (m_options.ignoreMerges) {
        std::string mapped;
        for (unsigned char b : raw)
            mapped += byteMap().toUtf8[b];
        if (const int id = m_vocab.find(mapped); id >= 0) {
            out.push_back({id, static_cast<int>(raw.size())});
            return;
        }
    }
    for (unsigned char b : raw) {
        const int id = m_byteIds[b];
        if (id >= 0) {
            word.push_back({id, 1});
        } else if (m_unkId >= 0) {
            word.push_back({m_unkId, 1});
        }
    }
    // Repeatedly merge the leftmost pair of lowest rank (what tokenizers' heap does).
    while (word.size() > 1) {
        int bestRank = -1, bestId = -1;
        std::size_t bestPos = 0;
        for (std::size_t i = 0; i + 1 < word.size(); ++i) {
            auto it = m_merges.find(pairKey(word[i].id, word[i + 1].id));
            if (it != m_merges.end() && (bestRank < 0 || it->second.first < bestRank)) {
                bestRank = it->second.first;
                bestId = it->second.second;
                bestPos = i;
            }
        }
        if (bestRank < 0)
            break;
        word[bestPos] = {bestId, word[bestPos].bytes + word[bestPos + 1].bytes};
        word.erase(word.begin() + static_cast<std::ptrdiff_t>(bestPos) + 1);
    }
    out.insert(out.end(), word.begin(), word.end());
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    if (m_cache.size() < kCacheCapacity)
        m_cache.emplace(std::string(raw), std::move(word));
}

void BpeTokenizer::tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                                   std::vector<std::pair<int, int>> &offsets) const
{
    // NFC (Qwen2) first; offsets then refer to the normalized text, which equals the input for
    // text already in NFC (nearly all text).
    std::string normalized;
    if (m_options.nfc) {
        normalized = u::nfc(text);
        if (normalized != text)
            text = normalized;
    }
    // Byte-level works on bytes; invalid UTF-8 is replaced first so the regex sees code points.
    std::string sanitized;
    std::vector<int> originOf; // sanitized byte -> original byte, only for invalid input
    if (!u::isValidUtf8(text)) {
        std::size_t p = 0;
        while (p < text.size()) {
            const std::size_t start = p;
            const std::size_t before = sanitized.size();
            u::appendUtf8(sanitized, u::decodeUtf8(text, p));
            for (std::size_t k = before; k < sanitized.size(); ++k)
                originOf.push_back(static_cast<int>(k - before < p - start ? start + (k - before) : start));
        }
        originOf.push_back(static_cast<int>(text.size()));
        text = sanitized;
    }
    auto original = [&](int at) { return originOf.empty() ? at : originOf[static_cast<std::size_t>(at)]; };
    std::string prefixed;
    int shift = 0; // bytes added in front that the original text does not have
    if (m_options.addPrefixSpace && !text.empty() && text[0] != ' ') {
        prefixed.reserve(text.size() + 1);
        prefixed.push_back(' ');
        prefixed.append(text);
        text = prefixed;
        shift = 1;
    }
    std::vector<std::pair<std::size_t, std::size_t>> pieces, refined;
    if (!text.empty())
        pieces.emplace_back(0, text.size());
    for (BpeSplit step : m_options.splits) {
        refined.clear();
        for (const auto &[b, e] : pieces) {
            const std::size_t mark = refined.size();
            split(step, text.substr(b, e - b), refined);
            for (std::size_t k = mark; k < refined.size(); ++k) {
                refined[k].first += b;
                refined[k].second += b;
            }
        }
        pieces.swap(refined);
    }
    std::vector<Symbol> symbols;
    for (const auto &[begin, end] : pieces) {
        symbols.clear();
        bpeWord(text.substr(begin, end - begin), symbols);
        std::size_t pos = begin;
        for (const Symbol &s : symbols) {
            std::size_t b = pos, e = pos + static_cast<std::size_t>(s.bytes);
            pos = e;
            // A token holding part of a character covers the whole character (HF offsets are in chars).
            while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80)
                --b;
            while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80)
                ++e;
            if (m_options.trimOffsets) {
                while (b < e && text[b] == ' ')
                    ++b;
                while (e > b && text[e - 1] == ' ')
                    --e;
            }
            const int ob = original(std::max(0, static_cast<int>(b) - shift));
            const int oe = std::max(ob, original(std::max(0, static_cast<int>(e) - shift)));
            ids.push_back(s.id);
            offsets.emplace_back(base + ob, base + oe);
        }
    }
}

std::string BpeTokenizer::decodeTokens(const std::vector<std::string_view> &tokens) const
{
    const ByteMap &map = byteMap();
    std::string bytes;
    for (std::string_view token : tokens) {
        const std::size_t mark = bytes.size();
        std::size_t pos = 0;
        bool allMapped = true;
        while (pos < token.size()) {
            auto it = map.toByte.find(u::decodeUtf8(token, pos));
            if (it == map.toByte.end()) {
                allMapped = false;
                break;
            }
            bytes.push_back(static_cast<char>(it->second));
        }
        if (!allMapped) {
            bytes.resize(mark);
            bytes.append(token);
        }
    }
    // String::from_utf8_lossy: each maximal invalid subsequence becomes one U+FFFD.
    std::string out;
    out.reserve(bytes.size());
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t start = pos;
        const char32_t c = u::decodeUtf8(bytes, pos);
        if (c != u::kReplacementChar || pos - start == 3) {
            out.append(bytes, start, pos - start);
            continue;
        }
        // Skip the continuation bytes that a valid sequence could have had after this lead byte.
        const auto b0 = static_cast<unsigned char>(bytes[start]);
        std::size_t expect = b0 >= 0xF0 && b0 <= 0xF4 ? 3 : b0 >= 0xE0 && b0 <= 0xEF ? 2 : b0 >= 0xC2 && b0 <= 0xDF ? 1 : 0;
        std::size_t p = start + 1;
        while (expect > 0 && p < bytes.size()) {
            const auto b = static_cast<unsigned char>(bytes[p]);
            unsigned char lo = 0x80, hi = 0xBF;
            if (p == start + 1) {
                if (b0 == 0xE0) lo = 0xA0;
                if (b0 == 0xED) hi = 0x9F;
                if (b0 == 0xF0) lo = 0x90;
                if (b0 == 0xF4) hi = 0x8F;
            }
            if (b < lo || b > hi)
                break;
            ++p;
            --expect;
        }
        pos = p;
        u::appendUtf8(out, u::kReplacementChar);
    }
    return out;
}

} // namespace hone

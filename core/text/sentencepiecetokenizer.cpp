#include "core/text/sentencepiecetokenizer.h"

#include "core/text/unicodeutil.h"

#include <utf8proc.h>

#include <algorithm>
#include <limits>
#include <map>

namespace hone {

namespace u = unicode;

namespace {
constexpr std::string_view kMeta = "\xE2\x96\x81"; // U+2581, SentencePiece's visible space
constexpr double kUnkPenalty = 10.0;
} // namespace

Result<std::shared_ptr<SentencePieceTokenizer>> SentencePieceTokenizer::create(
    const std::vector<std::pair<std::string, double>> &pieces, SentencePieceOptions options, const std::string &source)
{
    if (pieces.empty())
        return makeError(ErrorCode::Format, source + ": the vocabulary is empty");
    if (options.unkId < 0 || options.unkId >= static_cast<int>(pieces.size()))
        return makeError(ErrorCode::Format, source + ": unk id " + std::to_string(options.unkId) + " is outside the vocabulary of "
                                                + std::to_string(pieces.size()));
    std::shared_ptr<SentencePieceTokenizer> tok(new SentencePieceTokenizer);
    auto charsmap = PrecompiledCharsmap::parse(options.precompiledCharsmap, source);
    if (!charsmap)
        return charsmap.error();
    tok->m_charsmap = std::move(*charsmap);
    tok->m_options = std::move(options);
    tok->m_vocab.reserve(pieces.size());
    tok->m_scores.reserve(pieces.size());
    double minScore = std::numeric_limits<double>::max();
    // Build a byte trie with std::map children, then flatten it.
    std::vector<std::map<unsigned char, std::uint32_t>> children(1);
    std::vector<int> tokenAt(1, -1);
    for (std::size_t id = 0; id < pieces.size(); ++id) {
        const auto &[piece, score] = pieces[id];
        tok->m_scores.push_back(score);
        minScore = std::min(minScore, score);
        if (!tok->m_vocab.insert(piece, static_cast<int>(id)))
            continue; // a duplicate piece keeps its first id, like tokenizers' token_to_ids
        std::uint32_t node = 0;
        for (unsigned char c : piece) {
            auto it = children[node].find(c);
            if (it == children[node].end()) {
                children.emplace_back();
                tokenAt.push_back(-1);
                it = children[node].emplace(c, static_cast<std::uint32_t>(children.size() - 1)).first;
            }
            node = it->second;
        }
        if (!piece.empty() && tokenAt[node] < 0)
            tokenAt[node] = static_cast<int>(id);
    }
    tok->m_unkScore = minScore - kUnkPenalty;
    tok->m_nodes.resize(children.size());
    for (std::size_t n = 0; n < children.size(); ++n) {
        tok->m_nodes[n].firstEdge = static_cast<std::uint32_t>(tok->m_edges.size());
        tok->m_nodes[n].edgeCount = static_cast<std::uint32_t>(children[n].size());
        tok->m_nodes[n].tokenId = tokenAt[n];
        for (const auto &[c, child] : children[n])
            tok->m_edges.emplace_back(c, child);
    }
    return tok;
}

void SentencePieceTokenizer::normalize(std::string_view text, std::string &out, std::vector<std::pair<int, int>> &origins) const
{
    const SentencePieceOptions &o = m_options;
    // Stage 1, per char: quotes, NFKD, accent stripping, lower-casing.
    std::string stage;
    std::vector<std::pair<int, int>> stageOrigins;
    stage.reserve(text.size() + 8);
    stageOrigins.reserve(text.size() + 8);
    auto put = [&](std::string &dst, std::vector<std::pair<int, int>> &dstOrigins, char32_t c, std::pair<int, int> origin) {
        const std::size_t before = dst.size();
        u::appendUtf8(dst, c);
        dstOrigins.insert(dstOrigins.end(), dst.size() - before, origin);
    };
    std::string lowered;
    char32_t decomposed[32];
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        const char32_t c = u::decodeUtf8(text, pos);
        if (o.replaceQuotes && (c == '`' || c == '\'') && pos < text.size() && text[pos] == static_cast<char>(c)) {
            ++pos;
            put(stage, stageOrigins, '"', {static_cast<int>(start), static_cast<int>(pos)});
            continue;
        }
        const std::pair<int, int> origin{static_cast<int>(start), static_cast<int>(pos)};
        int n = 1;
        decomposed[0] = c;
        if (o.nfkd && c >= 0x80)
            n = u::decompose(c, true, decomposed, 32);
        for (int i = 0; i < n; ++i) {
            const char32_t d = decomposed[i];
            if (o.stripAccents && u::isMark(d))
                continue;
            if (o.lowercase) {
                lowered.clear();
                u::appendLowercase(lowered, d);
                stage += lowered;
                stageOrigins.insert(stageOrigins.end(), lowered.size(), origin);
            } else {
                put(stage, stageOrigins, d, origin);
            }
        }
    }
    if (m_charsmap.empty()) {
        out.swap(stage);
        origins.swap(stageOrigins);
        return;
    }
    // Stage 2: the precompiled charsmap, per extended grapheme cluster (per char when it is long).
    out.clear();
    origins.clear();
    out.reserve(stage.size() + 8);
    origins.reserve(stage.size() + 8);
    auto emitChunk = [&](std::size_t b, std::size_t e) {
        std::string_view replacement;
        const std::string_view chunk(stage.data() + b, e - b);
        if (m_charsmap.transform(chunk, replacement)) {
            const std::pair<int, int> origin{stageOrigins[b].first, stageOrigins[e - 1].second};
            out.append(replacement);
            origins.insert(origins.end(), replacement.size(), origin);
            return true;
        }
        return false;
    };
    pos = 0;
    while (pos < stage.size()) {
        const std::size_t gStart = pos;
        std::size_t next = pos;
        char32_t prev = u::decodeUtf8(stage, next);
        utf8proc_int32_t state = 0;
        std::size_t gEnd = next;
        while (gEnd < stage.size()) {
            std::size_t after = gEnd;
            const char32_t c = u::decodeUtf8(stage, after);
            if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(prev), static_cast<utf8proc_int32_t>(c), &state))
                break;
            prev = c;
            gEnd = after;
        }
        pos = gEnd;
        if (gEnd - gStart < 6 && emitChunk(gStart, gEnd))
            continue;
        std::size_t p = gStart;
        while (p < gEnd) {
            const std::size_t cStart = p;
            u::decodeUtf8(stage, p);
            if (!emitChunk(cStart, p)) {
                out.append(stage, cStart, p - cStart);
                origins.insert(origins.end(), stageOrigins.begin() + static_cast<std::ptrdiff_t>(cStart),
                               stageOrigins.begin() + static_cast<std::ptrdiff_t>(p));
            }
        }
    }
}

void SentencePieceTokenizer::tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                                             std::vector<std::pair<int, int>> &offsets) const
{
    std::string norm;
    std::vector<std::pair<int, int>> origins;
    normalize(text, norm, origins);

    std::string word;
    std::vector<std::pair<int, int>> wordOrigins;
    auto processWord = [&](std::size_t b, std::size_t e) {
        word.clear();
        wordOrigins.clear();
        const bool startsWithMeta = std::string_view(norm).substr(b, kMeta.size()) == kMeta;
        const bool atTextStart = base + origins[b].first == 0;
        const bool prepend = !startsWithMeta
                             && (m_options.prependScheme == PrependScheme::Always
                                 || (m_options.prependScheme == PrependScheme::First && atTextStart));
        if (prepend) {
            word.append(kMeta);
            // HF aligns the prepended symbol with the word's first character.
            std::size_t firstEnd = b + 1;
            while (firstEnd < e && (static_cast<unsigned char>(norm[firstEnd]) & 0xC0) == 0x80)
                ++firstEnd;
            wordOrigins.insert(wordOrigins.end(), kMeta.size(), {origins[b].first, origins[firstEnd - 1].second});
        }
        for (std::size_t i = b; i < e; ++i) {
            if (norm[i] == ' ') {
                word.append(kMeta);
                wordOrigins.insert(wordOrigins.end(), kMeta.size(), origins[i]);
            } else {
                word.push_back(norm[i]);
                wordOrigins.push_back(origins[i]);
            }
        }
        if (!m_options.metaspaceSplit) {
            unigram(word, wordOrigins.data(), base, ids, offsets);
            return;
        }
        // Split so that every U+2581 starts a new piece.
        std::size_t pieceStart = 0;
        std::size_t at = word.find(kMeta, kMeta.size() <= word.size() && word.compare(0, kMeta.size(), kMeta) == 0 ? kMeta.size() : 0);
        while (at != std::string::npos) {
            if (at > pieceStart)
                unigram(std::string_view(word).substr(pieceStart, at - pieceStart), wordOrigins.data() + pieceStart, base, ids, offsets);
            pieceStart = at;
            at = word.find(kMeta, at + kMeta.size());
        }
        if (pieceStart < word.size())
            unigram(std::string_view(word).substr(pieceStart), wordOrigins.data() + pieceStart, base, ids, offsets);
    };
    if (!m_options.whitespaceSplit) {
        if (!norm.empty())
            processWord(0, norm.size());
        return;
    }
    std::size_t pos = 0;
    std::size_t wordStart = std::string::npos;
    while (pos < norm.size()) {
        const std::size_t start = pos;
        const char32_t c = u::decodeUtf8(norm, pos);
        if (u::isWhitespace(c)) {
            if (wordStart != std::string::npos) {
                processWord(wordStart, start);
                wordStart = std::string::npos;
            }
        } else if (wordStart == std::string::npos) {
            wordStart = start;
        }
    }
    if (wordStart != std::string::npos)
        processWord(wordStart, norm.size());
}

void SentencePieceTokenizer::unigram(std::string_view piece, const std::pair<int, int> *origins, int base,
                                     std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const
{
    const std::size_t n = piece.size();
    struct Best {
        double score = 0.0;
        int start = -1; // -1: not reached yet
        int id = -1;
    };
    std::vector<Best> best(n + 1);
    best[0].start = 0;
    const int unkId = m_options.unkId;
    std::size_t startsAt = 0;
    while (startsAt < n) {
        const double here = best[startsAt].score;
        std::size_t next = startsAt;
        u::decodeUtf8(piece, next);
        const std::size_t charLen = next - startsAt;
        bool hasSingle = false;
        std::uint32_t node = 0;
        for (std::size_t k = startsAt; k < n; ++k) {
            const TrieNode &tn = m_nodes[node];
            const auto first = m_edges.begin() + tn.firstEdge;
            const auto last = first + tn.edgeCount;
            const auto c = static_cast<unsigned char>(piece[k]);
            auto it = std::lower_bound(first, last, c, [](const auto &edge, unsigned char v) { return edge.first < v; });
            if (it == last || it->first != c)
                break;
            node = it->second;
            const int id = m_nodes[node].tokenId;
            if (id < 0)
                continue;
            const std::size_t endsAt = k + 1;
            const double candidate = m_scores[static_cast<std::size_t>(id)] + here;
            Best &target = best[endsAt];
            if (target.start < 0 || candidate > target.score) {
                target.score = candidate;
                target.start = static_cast<int>(startsAt);
                target.id = id;
            }
            if (endsAt - startsAt == charLen)
                hasSingle = true;
        }
        if (!hasSingle) {
            Best &target = best[startsAt + charLen];
            const double candidate = m_unkScore + here;
            if (target.start < 0 || candidate > target.score) {
                target.score = candidate;
                target.start = static_cast<int>(startsAt);
                target.id = unkId;
            }
        }
        startsAt = next;
    }
    // Walk back; consecutive unknown pieces fuse into one.
    const std::size_t mark = ids.size();
    std::size_t endsAt = n;
    while (endsAt > 0) {
        const Best &node = best[endsAt];
        std::size_t start = static_cast<std::size_t>(node.start);
        if (node.id == unkId) {
            while (start > 0 && best[start].id == unkId)
                start = static_cast<std::size_t>(best[start].start);
        }
        ids.push_back(node.id);
        offsets.emplace_back(base + origins[start].first, base + origins[endsAt - 1].second);
        endsAt = start;
    }
    std::reverse(ids.begin() + static_cast<std::ptrdiff_t>(mark), ids.end());
    std::reverse(offsets.begin() + static_cast<std::ptrdiff_t>(mark), offsets.end());
}

std::string SentencePieceTokenizer::decodeTokens(const std::vector<std::string_view> &tokens) const
{
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::string_view t = tokens[i];
        std::size_t pos = 0;
        while (pos < t.size()) {
            const std::size_t at = t.find(kMeta, pos);
            if (at == std::string_view::npos) {
                out.append(t.substr(pos));
                break;
            }
            out.append(t.substr(pos, at - pos));
            if (i != 0 || m_options.prependScheme == PrependScheme::Never)
                out.push_back(' ');
            pos = at + kMeta.size();
        }
    }
    return out;
}

} // namespace hone

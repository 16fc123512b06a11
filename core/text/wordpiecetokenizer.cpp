#include "core/text/wordpiecetokenizer.h"

#include "core/text/unicodeutil.h"

#include <fstream>

namespace hone {

namespace u = unicode;

struct WordPieceTokenizer::Word {
    std::string text;                          // normalised UTF-8
    std::vector<std::uint32_t> charStarts;     // byte index in text of each char (plus text.size() at the end)
    std::vector<std::pair<int, int>> origins;  // per char: byte span in the segment it came from

    void clear()
    {
        text.clear();
        charStarts.clear();
        origins.clear();
    }
    bool empty() const { return text.empty(); }
    void push(char32_t c, int begin, int end)
    {
        charStarts.push_back(static_cast<std::uint32_t>(text.size()));
        u::appendUtf8(text, c);
        origins.emplace_back(begin, end);
    }
};

WordPieceTokenizer::WordPieceTokenizer(Vocabulary vocab, WordPieceOptions options)
    : m_vocab(std::move(vocab)), m_options(std::move(options))
{
    m_stripAccents = m_options.stripAccents.value_or(m_options.lowercase);
    m_unkId = m_vocab.find(m_options.unkToken);
    const std::string &prefix = m_options.continuingSubwordPrefix;
    m_continuation.reserve(m_vocab.size());
    for (int id = 0; id <= m_vocab.maxId(); ++id) {
        if (!m_vocab.contains(id))
            continue;
        const std::string &token = m_vocab.token(id);
        m_maxTokenBytes = std::max(m_maxTokenBytes, token.size());
        if (!prefix.empty() && token.size() > prefix.size() && token.compare(0, prefix.size(), prefix) == 0)
            m_continuation.insert(std::string_view(token).substr(prefix.size()), id);
    }
}

Result<Vocabulary> WordPieceTokenizer::readVocabFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, file.string() + ": cannot be read");
    Vocabulary vocab;
    vocab.reserve(32000);
    std::string line;
    int id = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!u::isValidUtf8(line))
            return makeError(ErrorCode::Format, file.string() + ":" + std::to_string(id + 1) + ": not valid UTF-8");
        // HF keeps the first id of a duplicated token; the later line still takes an id.
        vocab.insert(line, id);
        ++id;
    }
    if (vocab.size() == 0)
        return makeError(ErrorCode::Format, file.string() + ": the vocabulary is empty");
    return vocab;
}

void WordPieceTokenizer::tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                                         std::vector<std::pair<int, int>> &offsets) const
{
    Word word;
    word.text.reserve(64);
    auto flush = [&] {
        if (!word.empty()) {
            word.charStarts.push_back(static_cast<std::uint32_t>(word.text.size()));
            wordPiece(word, base, ids, offsets);
            word.clear();
        }
    };
    // One normalised char: the pre-tokenizer splits on whitespace and isolates punctuation.
    auto emit = [&](char32_t c, int begin, int end) {
        if (u::isWhitespace(c)) {
            flush();
        } else if ((c < 0x80 && (c > ' ' && c < 0x7F) && !u::isLetter(c) && !u::isNumber(c)) || (c >= 0x80 && u::isPunctuation(c))) {
            flush();
            word.push(c, begin, end);
            flush();
        } else {
            word.push(c, begin, end);
        }
    };
    std::string lowered;
    char32_t decomposed[32];
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        char32_t c = u::decodeUtf8(text, pos);
        const int begin = static_cast<int>(start), end = static_cast<int>(pos);
        if (c < 0x80) { // ASCII fast path: controls, no CJK, no accents, simple lower-casing
            if (m_options.cleanText) {
                if (c == '\t' || c == '\n' || c == '\r')
                    c = ' ';
                else if (c < 0x20 || c == 0x7F)
                    continue;
            }
            if (m_options.lowercase && c >= 'A' && c <= 'Z')
                c += 32;
            emit(c, begin, end);
            continue;
        }
        if (m_options.cleanText) {
            if (c == u::kReplacementChar || u::isOther(c))
                continue;
            if (u::isZs(c))
                c = ' ';
        }
        if (m_options.handleChineseChars && u::isChineseChar(c)) {
            flush();
            word.push(c, begin, end);
            flush();
            continue;
        }
        int n = 1;
        decomposed[0] = c;
        if (m_stripAccents)
            n = u::decompose(c, false, decomposed, 32);
        for (int i = 0; i < n; ++i) {
            const char32_t d = decomposed[i];
            if (m_stripAccents && u::isNonspacingMark(d))
                continue;
            if (m_options.lowercase) {
                lowered.clear();
                u::appendLowercase(lowered, d);
                std::size_t lp = 0;
                while (lp < lowered.size())
                    emit(u::decodeUtf8(lowered, lp), begin, end);
            } else {
                emit(d, begin, end);
            }
        }
    }
    flush();
}

void WordPieceTokenizer::wordPiece(const Word &word, int base, std::vector<int> &ids,
                                   std::vector<std::pair<int, int>> &offsets) const
{
    const std::size_t chars = word.origins.size();
    auto span = [&](std::size_t firstChar, std::size_t lastChar) {
        return std::make_pair(base + word.origins[firstChar].first, base + word.origins[lastChar].second);
    };
    if (chars > static_cast<std::size_t>(m_options.maxInputCharsPerWord)) {
        ids.push_back(m_unkId);
        offsets.push_back(span(0, chars - 1));
        return;
    }
    const std::size_t mark = ids.size();
    const std::string_view text(word.text);
    std::size_t startChar = 0;
    while (startChar < chars) {
        const std::uint32_t startByte = word.charStarts[startChar];
        std::size_t endChar = chars;
        // Nothing longer than the longest vocabulary entry can match.
        while (endChar > startChar && word.charStarts[endChar] - startByte > m_maxTokenBytes)
            --endChar;
        int found = -1;
        for (; endChar > startChar; --endChar) {
            const std::string_view piece = text.substr(startByte, word.charStarts[endChar] - startByte);
            found = startChar == 0 ? m_vocab.find(piece) : m_continuation.find(piece);
            if (found >= 0)
                break;
        }
        if (found < 0) {
            ids.resize(mark);
            offsets.resize(mark);
            ids.push_back(m_unkId);
            offsets.push_back(span(0, chars - 1));
            return;
        }
        ids.push_back(found);
        offsets.push_back(span(startChar, endChar - 1));
        startChar = endChar;
    }
}

std::string WordPieceTokenizer::decodeTokens(const std::vector<std::string_view> &tokens) const
{
    static const std::pair<std::string_view, std::string_view> kCleanup[] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"}, {" 'm", "'m"},
        {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    const std::string &prefix = m_options.continuingSubwordPrefix;
    std::string out;
    std::string token;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        token.clear();
        std::string_view t = tokens[i];
        if (i != 0) {
            if (!prefix.empty() && t.substr(0, prefix.size()) == prefix)
                t.remove_prefix(prefix.size());
            else
                token.push_back(' ');
        }
        token.append(t);
        if (m_options.decoderCleanup) {
            for (const auto &[from, to] : kCleanup) {
                std::size_t at = 0;
                while ((at = token.find(from, at)) != std::string::npos) {
                    token.replace(at, from.size(), to);
                    at += to.size();
                }
            }
        }
        out += token;
    }
    return out;
}

} // namespace hone

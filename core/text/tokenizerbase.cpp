#include "core/text/tokenizerbase.h"

#include "core/text/unicodeutil.h"

#include <algorithm>

namespace hone {

void TokenizerBase::addAddedToken(const AddedToken &token)
{
    if (token.content.empty() || token.id < 0)
        return;
    for (AddedToken &existing : m_added) {
        if (existing.content == token.content) {
            existing = token; // later definitions (tokenizer_config's added_tokens_decoder) win
            if (static_cast<std::size_t>(token.id) >= m_specialIds.size())
                m_specialIds.resize(static_cast<std::size_t>(token.id) + 1, 0);
            m_specialIds[static_cast<std::size_t>(token.id)] = token.special;
            return;
        }
    }
    if (m_addedVocab.find(token.content) >= 0 || m_addedVocab.contains(token.id))
        return;
    m_addedVocab.insert(token.content, token.id);
    m_added.push_back(token);
    if (static_cast<std::size_t>(token.id) >= m_specialIds.size())
        m_specialIds.resize(static_cast<std::size_t>(token.id) + 1, 0);
    m_specialIds[static_cast<std::size_t>(token.id)] = token.special;
    auto &bucket = m_addedByFirstByte[static_cast<unsigned char>(token.content[0])];
    bucket.push_back(static_cast<int>(m_added.size()) - 1);
    std::stable_sort(bucket.begin(), bucket.end(), [this](int a, int b) {
        return m_added[static_cast<std::size_t>(a)].content.size() > m_added[static_cast<std::size_t>(b)].content.size();
    });
}

void TokenizerBase::setSpecialTokens(const SpecialTokenNames &names)
{
    auto resolve = [this](const std::string &name) { return name.empty() ? -1 : tokenToId(name); };
    m_special.pad = resolve(names.pad);
    m_special.unk = resolve(names.unk);
    m_special.cls = resolve(names.cls);
    m_special.sep = resolve(names.sep);
    m_special.mask = resolve(names.mask);
    m_special.bos = resolve(names.bos);
    m_special.eos = resolve(names.eos);
}

int TokenizerBase::vocabSize() const
{
    int size = modelVocabulary().maxId() + 1;
    for (const AddedToken &t : m_added)
        size = std::max(size, t.id + 1);
    return size;
}

std::string TokenizerBase::idToToken(int id) const
{
    if (m_addedVocab.contains(id))
        return m_addedVocab.token(id);
    const Vocabulary &vocab = modelVocabulary();
    return vocab.contains(id) ? vocab.token(id) : std::string();
}

int TokenizerBase::tokenToId(const std::string &token) const
{
    const int added = m_addedVocab.find(token);
    return added >= 0 ? added : modelVocabulary().find(token);
}

bool TokenizerBase::isSpecialId(int id) const
{
    return id >= 0 && static_cast<std::size_t>(id) < m_specialIds.size() && m_specialIds[static_cast<std::size_t>(id)];
}

const AddedToken *TokenizerBase::matchAt(std::string_view text, std::size_t pos) const
{
    for (int index : m_addedByFirstByte[static_cast<unsigned char>(text[pos])]) {
        const AddedToken &t = m_added[static_cast<std::size_t>(index)];
        if (text.compare(pos, t.content.size(), t.content) != 0)
            continue;
        if (t.singleWord) {
            // Only when not glued to a word character on either side.
            auto wordChar = [](char32_t c) { return unicode::isLetter(c) || unicode::isNumber(c) || c == '_'; };
            if (pos > 0) {
                std::size_t p = pos - 1;
                while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80)
                    --p;
                std::size_t q = p;
                if (wordChar(unicode::decodeUtf8(text, q)))
                    continue;
            }
            const std::size_t end = pos + t.content.size();
            if (end < text.size()) {
                std::size_t q = end;
                if (wordChar(unicode::decodeUtf8(text, q)))
                    continue;
            }
        }
        return &t;
    }
    return nullptr;
}

void TokenizerBase::tokenize(std::string_view text, std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const
{
    ids.clear();
    offsets.clear();
    std::size_t segmentStart = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (m_addedByFirstByte[static_cast<unsigned char>(text[pos])].empty()) {
            ++pos;
            continue;
        }
        const AddedToken *match = matchAt(text, pos);
        if (!match) {
            ++pos;
            continue;
        }
        std::size_t matchStart = pos;
        std::size_t matchEnd = pos + match->content.size();
        if (match->lstrip) {
            // Swallow the whitespace before the token (within the current segment).
            while (matchStart > segmentStart) {
                std::size_t p = matchStart - 1;
                while (p > segmentStart && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80)
                    --p;
                std::size_t q = p;
                if (!unicode::isWhitespace(unicode::decodeUtf8(text, q)))
                    break;
                matchStart = p;
            }
        }
        if (match->rstrip) {
            while (matchEnd < text.size()) {
                std::size_t q = matchEnd;
                if (!unicode::isWhitespace(unicode::decodeUtf8(text, q)))
                    break;
                matchEnd = q;
            }
        }
        if (matchStart > segmentStart)
            tokenizeSegment(text.substr(segmentStart, matchStart - segmentStart), static_cast<int>(segmentStart), ids, offsets);
        ids.push_back(match->id);
        offsets.emplace_back(static_cast<int>(pos), static_cast<int>(pos + match->content.size()));
        pos = segmentStart = matchEnd;
    }
    if (segmentStart < text.size())
        tokenizeSegment(text.substr(segmentStart), static_cast<int>(segmentStart), ids, offsets);
}

std::string TokenizerBase::decode(const std::vector<int> &ids, bool skipSpecialTokens) const
{
    std::vector<std::string_view> tokens;
    tokens.reserve(ids.size());
    const Vocabulary &vocab = modelVocabulary();
    for (int id : ids) {
        if (skipSpecialTokens && isSpecialId(id))
            continue;
        if (m_addedVocab.contains(id))
            tokens.emplace_back(m_addedVocab.token(id));
        else if (vocab.contains(id))
            tokens.emplace_back(vocab.token(id));
    }
    return decodeTokens(tokens);
}

} // namespace hone

#include "core/text/tokenizer.h"

#include <algorithm>

namespace hone {

namespace {

struct Piece {
    std::vector<int> ids;
    std::vector<std::pair<int, int>> offsets;
};

void truncateTo(Piece &piece, std::size_t length)
{
    if (piece.ids.size() > length) {
        piece.ids.resize(length);
        piece.offsets.resize(length);
    }
}

// tokenizers' TruncationStrategy::LongestFirst for a pair: the shorter sequence keeps what it can,
// and if both are too long each gets half (the first of two equal ones the smaller half).
void truncateLongestFirst(Piece &first, Piece *second, std::size_t budget)
{
    if (!second) {
        truncateTo(first, budget);
        return;
    }
    const std::size_t len1 = first.ids.size();
    const std::size_t len2 = second->ids.size();
    if (len1 + len2 <= budget)
        return;
    std::size_t n1 = len1, n2 = len2;
    const bool swap = n1 > n2;
    if (swap)
        std::swap(n1, n2);
    n2 = n1 > budget ? n1 : std::max(n1, budget - n1);
    if (n1 + n2 > budget) {
        n1 = budget / 2;
        n2 = n1 + budget % 2;
    }
    if (swap)
        std::swap(n1, n2);
    truncateTo(first, n1);
    truncateTo(*second, n2);
}

Encoding assemble(const Tokenizer &tok, Piece first, Piece *second, const EncodeOptions &options)
{
    const SpecialTokens &sp = tok.specialTokens();
    const SequenceTemplate tmpl = options.addSpecialTokens ? tok.sequenceTemplate() : SequenceTemplate::None;
    const std::size_t specials = options.addSpecialTokens ? static_cast<std::size_t>(tok.numSpecialTokens(second != nullptr)) : 0;
    Encoding enc;
    const std::size_t before = first.ids.size() + (second ? second->ids.size() : 0);
    if (options.maxLength > 0) {
        const std::size_t maxLength = static_cast<std::size_t>(options.maxLength);
        truncateLongestFirst(first, second, maxLength > specials ? maxLength - specials : 0);
        enc.truncated = first.ids.size() + (second ? second->ids.size() : 0) < before;
    }
    const std::size_t total = first.ids.size() + (second ? second->ids.size() : 0) + specials;
    enc.ids.reserve(total);
    enc.typeIds.reserve(total);
    enc.offsets.reserve(total);
    auto special = [&](int id, int type) {
        if (id < 0)
            return;
        enc.ids.push_back(id);
        enc.typeIds.push_back(type);
        enc.offsets.emplace_back(0, 0);
    };
    auto sequence = [&](const Piece &p, int type) {
        enc.ids.insert(enc.ids.end(), p.ids.begin(), p.ids.end());
        enc.typeIds.insert(enc.typeIds.end(), p.ids.size(), type);
        enc.offsets.insert(enc.offsets.end(), p.offsets.begin(), p.offsets.end());
    };
    switch (tmpl) {
    case SequenceTemplate::ClsSep:
        special(sp.cls, 0);
        sequence(first, 0);
        special(sp.sep, 0);
        if (second) {
            sequence(*second, 1);
            special(sp.sep, 1);
        }
        break;
    case SequenceTemplate::RobertaPair:
        special(sp.cls, 0);
        sequence(first, 0);
        special(sp.sep, 0);
        if (second) {
            special(sp.sep, 0);
            sequence(*second, 0);
            special(sp.sep, 0);
        }
        break;
    case SequenceTemplate::Bos:
        special(sp.cls, 0);
        sequence(first, 0);
        if (second) {
            special(sp.cls, 1);
            sequence(*second, 1);
        }
        break;
    case SequenceTemplate::None:
        sequence(first, 0);
        if (second)
            sequence(*second, 1);
        break;
    }
    enc.attentionMask.assign(enc.ids.size(), 1);
    if (options.padToMaxLength && options.maxLength > 0 && enc.ids.size() < static_cast<std::size_t>(options.maxLength)) {
        const std::size_t n = static_cast<std::size_t>(options.maxLength) - enc.ids.size();
        enc.ids.insert(enc.ids.end(), n, sp.pad >= 0 ? sp.pad : 0);
        enc.typeIds.insert(enc.typeIds.end(), n, 0);
        enc.attentionMask.insert(enc.attentionMask.end(), n, 0);
        enc.offsets.insert(enc.offsets.end(), n, {0, 0});
    }
    return enc;
}

} // namespace

bool Tokenizer::isSpecialId(int id) const
{
    const SpecialTokens &sp = specialTokens();
    return id >= 0 && (id == sp.pad || id == sp.unk || id == sp.cls || id == sp.sep || id == sp.mask || id == sp.bos || id == sp.eos);
}

int Tokenizer::numSpecialTokens(bool pair) const
{
    const SpecialTokens &sp = specialTokens();
    const int cls = sp.cls >= 0 ? 1 : 0;
    const int sep = sp.sep >= 0 ? 1 : 0;
    switch (sequenceTemplate()) {
    case SequenceTemplate::ClsSep:
        return cls + sep + (pair ? sep : 0);
    case SequenceTemplate::RobertaPair:
        return cls + sep + (pair ? 2 * sep : 0);
    case SequenceTemplate::Bos:
        return cls + (pair ? cls : 0);
    case SequenceTemplate::None:
        break;
    }
    return 0;
}

Encoding Tokenizer::encode(std::string_view text, const EncodeOptions &options) const
{
    Piece first;
    tokenize(text, first.ids, first.offsets);
    return assemble(*this, std::move(first), nullptr, options);
}

Encoding Tokenizer::encodePair(std::string_view firstText, std::string_view secondText, const EncodeOptions &options) const
{
    // transformers treats an empty text_pair as no pair at all (`if text_pair:`); do the same.
    if (secondText.empty())
        return encode(firstText, options);
    Piece first, second;
    tokenize(firstText, first.ids, first.offsets);
    tokenize(secondText, second.ids, second.offsets);
    return assemble(*this, std::move(first), &second, options);
}

std::vector<Encoding> encodeBatch(const Tokenizer &tokenizer, const std::vector<std::string> &texts, const EncodeOptions &options)
{
    std::vector<Encoding> out;
    out.reserve(texts.size());
    for (const std::string &text : texts)
        out.push_back(tokenizer.encode(text, options));
    return out;
}

} // namespace hone

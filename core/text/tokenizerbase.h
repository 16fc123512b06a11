#pragma once
// What the WordPiece, byte-level BPE and SentencePiece tokenizers share: the added-token
// vocabulary (special tokens found in the raw text before normalisation, as `tokenizers`
// does), special ids, the sequence template and decode's special-token filtering.
#include "core/text/tokenizer.h"
#include "core/text/vocabulary.h"

#include <array>
#include <string>
#include <vector>

namespace hone {

struct AddedToken {
    std::string content;
    int id = -1;
    bool special = true;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
    bool normalized = false;
};

// Which tokens play which role, by content (resolved to ids once the vocabulary is known).
struct SpecialTokenNames {
    std::string pad, unk, cls, sep, mask, bos, eos;
};

class TokenizerBase : public Tokenizer {
public:
    void tokenize(std::string_view text, std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const final;
    std::string decode(const std::vector<int> &ids, bool skipSpecialTokens = true) const final;
    int vocabSize() const override;
    std::string idToToken(int id) const final;
    int tokenToId(const std::string &token) const final;
    const SpecialTokens &specialTokens() const final { return m_special; }
    SequenceTemplate sequenceTemplate() const final { return m_template; }
    int modelMaxLength() const final { return m_modelMaxLength; }
    bool isSpecialId(int id) const final;

    // Set-up, used by the loaders. addAddedToken ignores an exact duplicate of an existing entry.
    void addAddedToken(const AddedToken &token);
    // Resolves role names to ids (added tokens first, then the model vocabulary); an empty name
    // or an absent token leaves the role at -1.
    void setSpecialTokens(const SpecialTokenNames &names);
    void setSequenceTemplate(SequenceTemplate value) { m_template = value; }
    void setModelMaxLength(int value) { m_modelMaxLength = value; }
    const std::vector<AddedToken> &addedTokens() const { return m_added; }
    // The model's own token table (without added tokens that live outside it).
    virtual const Vocabulary &modelVocabulary() const = 0;

protected:
    // Tokenizes text that holds no added token; offsets are relative to text, shifted by base.
    virtual void tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                                 std::vector<std::pair<int, int>> &offsets) const = 0;
    // Joins the (already filtered) tokens back into text, the way the model's HF decoder does.
    virtual std::string decodeTokens(const std::vector<std::string_view> &tokens) const = 0;

private:
    const AddedToken *matchAt(std::string_view text, std::size_t pos) const;

    std::vector<AddedToken> m_added;
    std::array<std::vector<int>, 256> m_addedByFirstByte; // indexes into m_added, longest first
    Vocabulary m_addedVocab;                               // content -> id
    std::vector<char> m_specialIds;                        // by id
    SpecialTokens m_special;
    SequenceTemplate m_template = SequenceTemplate::ClsSep;
    int m_modelMaxLength = 0;
};

} // namespace hone

#pragma once
// SentencePiece models the way Hugging Face runs them (ALBERT, XLM-R): the pieces and scores of
// the .model file (read through libhone_spm) in a Unigram lattice, behind `tokenizers`' normalizers
// (quote replacement, NFKD, accent stripping, lower-casing, the model's precompiled charsmap) and
// the WhitespaceSplit + Metaspace pre-tokenizer. Also serves Unigram models from tokenizer.json.
#include "core/text/precompiledcharsmap.h"
#include "core/text/tokenizerbase.h"
#include "core/util/result.h"

#include <memory>

namespace hone {

enum class PrependScheme { Always, First, Never };

struct SentencePieceOptions {
    // Normalizers, applied in this order.
    bool replaceQuotes = false; // `` and '' become " (ALBERT)
    bool nfkd = false;
    bool stripAccents = false;  // drops combining marks (Mn, Mc, Me)
    bool lowercase = false;
    std::string precompiledCharsmap; // the raw blob; empty: none
    // Pre-tokenizer.
    bool whitespaceSplit = true;
    PrependScheme prependScheme = PrependScheme::Always;
    bool metaspaceSplit = true;
    // Unigram model.
    int unkId = 0;
};

class SentencePieceTokenizer final : public TokenizerBase {
public:
    // pieces: (token, score) by id. source names the file in errors.
    static Result<std::shared_ptr<SentencePieceTokenizer>> create(const std::vector<std::pair<std::string, double>> &pieces,
                                                                  SentencePieceOptions options, const std::string &source);

    std::string kind() const override { return "sentencepiece"; }
    const Vocabulary &modelVocabulary() const override { return m_vocab; }
    const SentencePieceOptions &options() const { return m_options; }

protected:
    void tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                         std::vector<std::pair<int, int>> &offsets) const override;
    std::string decodeTokens(const std::vector<std::string_view> &tokens) const override;

private:
    SentencePieceTokenizer() = default;
    // Normalises text; origins holds, per output byte, the byte span of the input it came from.
    void normalize(std::string_view text, std::string &out, std::vector<std::pair<int, int>> &origins) const;
    void unigram(std::string_view piece, const std::pair<int, int> *origins, int base, std::vector<int> &ids,
                 std::vector<std::pair<int, int>> &offsets) const;

    struct TrieNode {
        std::uint32_t firstEdge = 0;
        std::uint32_t edgeCount = 0;
        int tokenId = -1;
    };
    std::vector<TrieNode> m_nodes;
    std::vector<std::pair<unsigned char, std::uint32_t>> m_edges; // sorted by byte within a node

    Vocabulary m_vocab;
    std::vector<double> m_scores;
    double m_unkScore = 0.0;
    SentencePieceOptions m_options;
    PrecompiledCharsmap m_charsmap;
};

} // namespace hone

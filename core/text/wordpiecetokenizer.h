#pragma once
// BERT's WordPiece: the BertNormalizer (clean text, CJK spacing, accent stripping, lower-casing),
// the BertPreTokenizer (whitespace and punctuation splits) and greedy longest-match-first
// WordPiece, matching Hugging Face `tokenizers` id for id.
#include "core/text/tokenizerbase.h"
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace hone {

struct WordPieceOptions {
    bool cleanText = true;
    bool handleChineseChars = true;
    bool lowercase = true;
    std::optional<bool> stripAccents; // unset: follows lowercase (BERT's rule)
    std::string continuingSubwordPrefix = "##";
    int maxInputCharsPerWord = 100;
    std::string unkToken = "[UNK]";
    bool decoderCleanup = true; // the WordPiece decoder's " ." -> "." clean-up
};

class WordPieceTokenizer final : public TokenizerBase {
public:
    WordPieceTokenizer(Vocabulary vocab, WordPieceOptions options);

    // vocab.txt: one token per line, the id is the line number. Errors name the file and line.
    static Result<Vocabulary> readVocabFile(const std::filesystem::path &file);

    std::string kind() const override { return "wordpiece"; }
    const Vocabulary &modelVocabulary() const override { return m_vocab; }
    const WordPieceOptions &options() const { return m_options; }

protected:
    void tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                         std::vector<std::pair<int, int>> &offsets) const override;
    std::string decodeTokens(const std::vector<std::string_view> &tokens) const override;

private:
    struct Word;
    void wordPiece(const Word &word, int base, std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const;

    Vocabulary m_vocab;
    Vocabulary m_continuation; // pieces that start with the prefix, stored without it
    WordPieceOptions m_options;
    bool m_stripAccents = true;
    int m_unkId = -1;
    std::size_t m_maxTokenBytes = 0;
};

} // namespace hone

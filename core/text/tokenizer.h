#pragma once
// One interface for every tokenizer (WordPiece, SentencePiece, byte-level BPE), with exact
// Hugging Face parity: the same ids, special tokens, truncation and padding as `tokenizers`.
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

struct SpecialTokens {
    int pad = -1;
    int unk = -1;
    int cls = -1;  // BERT [CLS]; RoBERTa/XLM-R <s>; ALBERT [CLS]
    int sep = -1;  // BERT [SEP]; RoBERTa/XLM-R </s>; ALBERT [SEP]
    int mask = -1;
    int bos = -1;  // decoders: beginning / end of sequence (SmolLM2 <|im_start|>... see the model's config)
    int eos = -1;
};

// Where special tokens go: [CLS] a [SEP] b [SEP] (BERT, ALBERT; token types 0/1), or
// <s> a </s></s> b </s> (RoBERTa, XLM-R; all token types 0), <bos> a <bos> b (Llama 3; the
// cls role holds the bos token), or none at all.
enum class SequenceTemplate { ClsSep, RobertaPair, Bos, None };

struct EncodeOptions {
    bool addSpecialTokens = true;
    int maxLength = 0;          // 0: no truncation; else truncate (longest_first for pairs) to this many ids
    bool padToMaxLength = false; // pad with SpecialTokens::pad up to maxLength (attention mask 0)
};

struct Encoding {
    std::vector<int> ids;
    std::vector<int> typeIds;        // token_type_ids: 0 for the first text, 1 for the second (BERT)
    std::vector<int> attentionMask;  // 1 for real tokens, 0 for padding
    std::vector<std::pair<int, int>> offsets; // byte spans in the input text; (0,0) for specials/padding
    bool truncated = false;          // true when ids were dropped to fit maxLength
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Text to ids with no special tokens, truncation or padding (plus byte offsets).
    virtual void tokenize(std::string_view text, std::vector<int> &ids, std::vector<std::pair<int, int>> &offsets) const = 0;
    virtual std::string decode(const std::vector<int> &ids, bool skipSpecialTokens = true) const = 0;
    virtual int vocabSize() const = 0;
    virtual std::string idToToken(int id) const = 0;
    virtual int tokenToId(const std::string &token) const = 0; // -1 if absent
    virtual const SpecialTokens &specialTokens() const = 0;
    virtual std::string kind() const = 0; // "wordpiece", "sentencepiece", "bpe"
    // The token strings of the bos/eos roles ("" when the tokenizer has none).
    std::string bosToken() const { return specialTokens().bos >= 0 ? idToToken(specialTokens().bos) : std::string(); }
    std::string eosToken() const { return specialTokens().eos >= 0 ? idToToken(specialTokens().eos) : std::string(); }

    virtual SequenceTemplate sequenceTemplate() const { return SequenceTemplate::ClsSep; }
    // tokenizer_config.json's model_max_length (0 when unknown or absurdly large).
    virtual int modelMaxLength() const { return 0; }
    // True for ids of special tokens (the ones decode(..., skipSpecialTokens) drops).
    virtual bool isSpecialId(int id) const;
    // How many ids encode()/encodePair() add around the text(s).
    int numSpecialTokens(bool pair) const;

    // Adds specials the way the model's HF tokenizer does ([CLS] a [SEP] b [SEP], <s> a </s></s> b </s>),
    // truncates (longest_first) and pads.
    virtual Encoding encode(std::string_view text, const EncodeOptions &options = {}) const;
    virtual Encoding encodePair(std::string_view first, std::string_view second, const EncodeOptions &options = {}) const;
};

// Batch helper: encodes each text with the same options.
std::vector<Encoding> encodeBatch(const Tokenizer &tokenizer, const std::vector<std::string> &texts,
                                  const EncodeOptions &options = {});

// Picks and loads the tokenizer from the files in a model folder (tokenizer.json, vocab.txt,
// spiece.model / sentencepiece.bpe.model, vocab.json + merges.txt) and tokenizer_config.json,
// or from the metadata of a .gguf file. Errors name the file and the problem.
Result<std::shared_ptr<const Tokenizer>> loadTokenizer(const std::filesystem::path &modelDir);

} // namespace hone

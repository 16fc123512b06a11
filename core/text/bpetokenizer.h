#pragma once
// Byte-level BPE (GPT-2, RoBERTa, SmolLM2, Qwen2, Llama 3): bytes mapped to printable code points,
// the pre-tokenizer split patterns (written by hand over code points), merges applied by rank
// with a cache.
#include "core/text/tokenizerbase.h"
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace hone {

// One pre-tokenizer split step; steps apply in order, each to the pieces of the one before.
enum class BpeSplit {
    Gpt2,            // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ (ByteLevel use_regex)
    Llama3,          // (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    Qwen2,           // the same with \p{N} one digit at a time
    DigitsIndividual, // Digits(individual_digits=true): every \p{N} its own piece
    Digits,          // Digits(individual_digits=false): runs of \p{N}
};
const char *bpeSplitName(BpeSplit split);
// The regex of tokenizer.json's Split pre-tokenizer (or ByteLevel's) for a step; "" for the Digits steps.
const char *bpeSplitRegex(BpeSplit split);

struct BpeOptions {
    bool addPrefixSpace = false; // ByteLevel pre-tokenizer: prepend a space when a segment has none
    std::vector<BpeSplit> splits = {BpeSplit::Gpt2};
    bool nfc = false;            // NFC normalizer (Qwen2) before splitting
    bool trimOffsets = true;     // leave surrounding whitespace out of token offsets
    std::string unkToken;        // byte-level vocabularies normally need none
    bool ignoreMerges = false;   // a pre-token that is itself in the vocabulary is taken whole
};

class BpeTokenizer final : public TokenizerBase {
public:
    using Merge = std::pair<std::string, std::string>;

    // Fails (naming `source`) when a merge uses a token, or makes one, the vocabulary lacks.
    static Result<std::shared_ptr<BpeTokenizer>> create(Vocabulary vocab, const std::vector<Merge> &merges,
                                                        BpeOptions options, const std::string &source);
    // vocab.json ({"token": id}) and merges.txt ("a b" per line, optional "#version" header).
    static Result<Vocabulary> readVocabJson(const std::filesystem::path &file);
    static Result<std::vector<Merge>> readMergesFile(const std::filesystem::path &file);

    std::string kind() const override { return "bpe"; }
    const Vocabulary &modelVocabulary() const override { return m_vocab; }
    const BpeOptions &options() const { return m_options; }
    // The merges in rank order (the first of any repeated pair), as tokenizer.json / GGUF list them.
    std::vector<Merge> merges() const;

    // The GPT-2 pre-tokenizer split of text: byte ranges [begin, end).
    static void splitGpt2(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &pieces);
    // Any split step; appends byte ranges [begin, end) of text.
    static void split(BpeSplit kind, std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> &pieces);

protected:
    void tokenizeSegment(std::string_view text, int base, std::vector<int> &ids,
                         std::vector<std::pair<int, int>> &offsets) const override;
    std::string decodeTokens(const std::vector<std::string_view> &tokens) const override;

private:
    BpeTokenizer(Vocabulary vocab, BpeOptions options);
    struct Symbol {
        int id;
        int bytes; // original bytes this symbol covers
    };
    // Applies the merges to one pre-token (raw bytes); appends (id, byte length) per token.
    void bpeWord(std::string_view raw, std::vector<Symbol> &out) const;

    Vocabulary m_vocab;
    BpeOptions m_options;
    int m_unkId = -1;
    int m_byteIds[256];                                            // id of each byte's one-char token, or -1
    std::unordered_map<std::uint64_t, std::pair<int, int>> m_merges; // (left, right) -> (rank, merged id)

    static constexpr std::size_t kCacheCapacity = 10000;
    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<Symbol>> m_cache;
};

} // namespace hone

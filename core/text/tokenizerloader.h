#pragma once
// Building tokenizers from a model folder's files. loadTokenizer() (tokenizer.h) is the entry
// point; these pieces are exposed for tests and tools.
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

namespace hone {

// Settings from tokenizer_config.json (and config.json) that the loaders honour.
struct TokenizerConfig {
    nlohmann::json tokenizerConfig = nlohmann::json::object(); // tokenizer_config.json, or {}
    std::string modelType;                                      // config.json's model_type
    long long configVocabSize = 0;                              // config.json's vocab_size (0: absent)
};

// The folder that holds the tokenizer files: modelDir itself, or the transformer sub-folder a
// sentence-transformers modules.json names.
std::filesystem::path tokenizerDirectory(const std::filesystem::path &modelDir);

// A byte-level BPE tokenizer from GGUF metadata (tokenizer.ggml.model "gpt2": tokens, merges,
// token_type, bos/eos/unknown/padding ids, add_bos_token, and tokenizer.ggml.pre for the
// pre-tokenizer: smollm/starcoder, gpt-2, llama-bpe, qwen2). Control tokens become special
// added tokens, user-defined ones plain added tokens (both matched before pre-tokenization).
struct GgufHeader;
Result<std::shared_ptr<const Tokenizer>> loadGgufTokenizer(const GgufHeader &header, const std::string &source);

Result<std::shared_ptr<const Tokenizer>> loadTokenizerJson(const std::filesystem::path &file, const TokenizerConfig &config);

} // namespace hone

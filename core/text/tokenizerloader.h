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

Result<std::shared_ptr<const Tokenizer>> loadTokenizerJson(const std::filesystem::path &file, const TokenizerConfig &config);

} // namespace hone

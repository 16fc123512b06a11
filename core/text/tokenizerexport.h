#pragma once
// Writing a byte-level BPE tokenizer (loaded from tokenizer.json or from GGUF metadata) back out:
// as tokenizer.json + tokenizer_config.json for transformers and Hone, or as the tokenizer.ggml.*
// metadata llama.cpp reads. The pre-tokenizer is one of those Hone implements (GPT-2, SmolLM2 /
// StarCoder digits, Llama 3, Qwen2); anything else is refused with a message.
#include "core/io/gguf.h"
#include "core/text/tokenizer.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hone {

// tokenizer.ggml.model "gpt2", .pre, .tokens, .token_type (1 normal, 3 control = special added,
// 4 user-defined = other added, 5 unused = an id with no token), .merges, bos/eos/unknown/padding
// ids and add_bos_token; tokenizer.chat_template when chatTemplate is not empty.
Result<std::vector<std::pair<std::string, GgufValue>>> ggufTokenizerMetadata(const Tokenizer &tokenizer,
                                                                               const std::string &chatTemplate);

// dir/tokenizer.json and dir/tokenizer_config.json (special tokens, model_max_length and, when not
// empty, chat_template), each atomically.
Result<void> writeTokenizerFiles(const Tokenizer &tokenizer, const std::string &chatTemplate, const std::filesystem::path &dir);

} // namespace hone

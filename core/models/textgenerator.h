#pragma once
// TextGenerator: a decoder with its tokenizer, ready to continue text. Opens a Hugging Face folder
// (config.json, safetensors, tokenizer files) or a .gguf file (weights, tokenizer and eos id from
// its metadata). A folder's end-of-text tokens are config.json's, generation_config.json's and
// tokenizer_config.json's eos ids together.
#include "core/models/causallmloader.h"
#include "core/models/generation.h"
#include "core/text/tokenizer.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hone {

class TextGenerator {
public:
    // modelPath: a Hugging Face folder or a .gguf file.
    static Result<TextGenerator> open(const std::filesystem::path &modelPath);

    // Continues text (tokenized without special tokens); options.eosTokenIds empty = the model's.
    Result<GenerationResult> generate(const std::string &text, GenerationOptions options,
                                      const TextCallback &onText = {}) const;
    Result<GenerationResult> generateIds(const std::vector<int> &prompt, GenerationOptions options,
                                         const TextCallback &onText = {}) const;

    CausalLM &model() const { return *m_loaded->model; }
    const LoadedCausalLM &loaded() const { return *m_loaded; }
    const Tokenizer &tokenizer() const { return *m_tokenizer; }
    const std::vector<int> &eosTokenIds() const { return m_eos; }

private:
    std::shared_ptr<LoadedCausalLM> m_loaded;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::vector<int> m_eos;
};

} // namespace hone

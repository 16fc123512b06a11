#pragma once
// Text generation with a causal LM: greedy or sampled (temperature, top-k, top-p, repetition
// penalty, seeded), with a key/value cache, streamed token by token. The logits processors follow
// transformers' order (repetition penalty, then temperature, top-k, top-p), so a greedy run gives
// model.generate's tokens.
#include "core/models/causallm.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hone {

struct GenerationOptions {
    int maxNewTokens = 256;
    bool sample = false;             // false: greedy (the most likely token each step)
    double temperature = 1.0;        // sampling only; > 0
    int topK = 0;                    // sampling only; 0 = off
    double topP = 1.0;               // sampling only; (0, 1], 1 = off
    double repetitionPenalty = 1.0;  // >= 1 discourages tokens already in the prompt or the answer
    std::uint64_t seed = 0;          // sampling: the same seed gives the same text
    std::vector<int> eosTokenIds;    // generation stops after one of these (it is not in the text)
    std::vector<std::string> stopStrings; // generation stops at the first of these (cut from the text)
};

// Checks ranges; errors name the option.
Result<void> validateGenerationOptions(const GenerationOptions &options);

struct GenerationResult {
    std::vector<int> tokens;         // the new tokens (with the EOS token when one ended it)
    std::string text;                // the decoded answer, cut before a stop string
    std::string stopReason;          // "eos", "stop_string", "max_new_tokens", "context_full", "stopped"
    double prefillSeconds = 0;       // the prompt's forward pass
    double decodeSeconds = 0;        // the new tokens after the first
};

// ids -> text (the tokenizer's decode, special tokens skipped).
using Detokenizer = std::function<std::string(const std::vector<int> &)>;
// Called with each piece of new text as soon as it is certain (not the start of a stop string nor
// half of a UTF-8 character); return false to stop.
using TextCallback = std::function<bool(const std::string &piece)>;

// Generates after prompt (token ids). The model is put in eval mode; gradients are off.
Result<GenerationResult> generate(CausalLM &model, const std::vector<int> &prompt, const GenerationOptions &options,
                                  const Detokenizer &decode, const TextCallback &onText = {});

// The next-token choice alone, for tests: logits [vocab] of the last position, the ids seen so far.
int chooseNextToken(torch::Tensor logits, const std::vector<int> &seen, const GenerationOptions &options,
                    at::Generator &generator);

} // namespace hone

#pragma once
// Text generation with a causal LM: greedy or sampled (temperature, top-k, top-p, repetition
// penalty, seeded), with a key/value cache, streamed token by token. The logits processors follow
// transformers' order (repetition penalty, then temperature, top-k, top-p), so a greedy run gives
// model.generate's tokens.
#include "core/models/causallm.h"
#include "core/models/generationoptions.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hone {

// ids -> text (the tokenizer's decode, special tokens skipped).
using Detokenizer = std::function<std::string(const std::vector<int> &)>;

// Generates after prompt (token ids). The model is put in eval mode; gradients are off.
Result<GenerationResult> generate(CausalLM &model, const std::vector<int> &prompt, const GenerationOptions &options,
                                  const Detokenizer &decode, const TextCallback &onText = {});

// The next-token choice alone, for tests: logits [vocab] of the last position, the ids seen so far.
int chooseNextToken(torch::Tensor logits, const std::vector<int> &seen, const GenerationOptions &options,
                    at::Generator &generator);

} // namespace hone

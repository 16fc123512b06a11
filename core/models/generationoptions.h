#pragma once
// What a generation run is asked for and what it gives back, free of LibTorch types so that
// hone-cli and the GUI can set options and read results without torch headers (generation.h runs it).
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hone {

// How the weights are read while decoding (one token at a time): F32 as loaded (exact), or a
// packed copy in bf16 or Q8_0 that moves half or about a quarter of the bytes per token. Inputs
// of more than 8 tokens (a longer prompt's forward pass) and training always use float32.
enum class WeightFormat { F32, BF16, Q8_0 };
const char *weightFormatName(WeightFormat format); // "f32", "bf16", "q8_0"
Result<WeightFormat> weightFormatFromName(const std::string &name);

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
    WeightFormat weights = WeightFormat::F32; // decoding steps' weights (CausalLM::prepareForDecoding)
};

// Checks ranges; errors name the option.
Result<void> validateGenerationOptions(const GenerationOptions &options);

struct GenerationResult {
    std::vector<int> tokens;         // the new tokens (with the EOS token when one ended it)
    std::string text;                // the decoded answer, cut before a stop string
    std::string stopReason;          // "eos", "stop_string", "max_new_tokens", "context_full", "stopped"
    std::size_t promptTokens = 0;    // the prompt's length in tokens
    double prefillSeconds = 0;       // the prompt's forward pass
    double decodeSeconds = 0;        // the new tokens after the first
};

// Called with each piece of new text as soon as it is certain (not the start of a stop string nor
// half of a UTF-8 character); return false to stop.
using TextCallback = std::function<bool(const std::string &piece)>;

} // namespace hone

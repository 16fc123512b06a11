#include "core/models/generation.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <limits>

namespace hone {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Bytes at the end of text that may be the start of a stop string, or of an unfinished UTF-8
// character (a decoder shows those as U+FFFD until the rest arrives): held back from the stream.
std::size_t uncertainTail(const std::string &text, const std::vector<std::string> &stopStrings)
{
    std::size_t hold = 0;
    static const std::string replacement = "\xEF\xBF\xBD";
    if (text.size() >= 3 && text.compare(text.size() - 3, 3, replacement) == 0)
        hold = 3;
    for (const auto &stop : stopStrings)
        for (std::size_t n = std::min(stop.size() - 1, text.size()); n > hold; --n)
            if (text.compare(text.size() - n, n, stop, 0, n) == 0) {
                hold = n;
                break;
            }
    return hold;
}

} // namespace

int chooseNextToken(torch::Tensor logits, const std::vector<int> &seen, const GenerationOptions &o,
                    at::Generator &generator)
{
    logits = logits.to(torch::kFloat).clone();
    if (o.repetitionPenalty != 1.0 && !seen.empty()) {
        // RepetitionPenaltyLogitsProcessor: negative scores multiplied, positive ones divided.
        const torch::Tensor ids = torch::tensor(std::vector<std::int64_t>(seen.begin(), seen.end()), torch::kLong);
        const torch::Tensor s = logits.index_select(0, ids);
        logits.index_put_({ids}, torch::where(s < 0, s * o.repetitionPenalty, s / o.repetitionPenalty));
    }
    if (!o.sample)
        return static_cast<int>(logits.argmax().item<std::int64_t>());
    if (o.temperature != 1.0)
        logits.div_(o.temperature);
    const float lowest = -std::numeric_limits<float>::infinity();
    if (o.topK > 0 && o.topK < logits.size(0)) {
        const torch::Tensor kth = std::get<0>(logits.topk(o.topK)).select(0, o.topK - 1);
        logits.masked_fill_(logits < kth, lowest);
    }
    if (o.topP < 1.0) {
        // TopPLogitsWarper: drop the least likely tokens whose total probability is <= 1 - top_p.
        auto [sorted, order] = logits.sort(/*dim=*/0, /*descending=*/false);
        const torch::Tensor cumulative = sorted.softmax(0).cumsum(0);
        torch::Tensor remove = cumulative <= (1.0 - o.topP);
        remove.index_put_({-1}, false); // keep at least one token
        logits.index_put_({order.masked_select(remove)}, lowest);
    }
    const torch::Tensor probs = logits.softmax(0);
    return static_cast<int>(torch::multinomial(probs, 1, false, generator).item<std::int64_t>());
}

Result<GenerationResult> generate(CausalLM &model, const std::vector<int> &prompt, const GenerationOptions &o,
                                  const Detokenizer &decode, const TextCallback &onText)
{
    if (auto r = validateGenerationOptions(o); !r)
        return r.error();
    if (prompt.empty())
        return makeError(ErrorCode::InvalidArgument, "the prompt is empty (no tokens)");
    for (int id : prompt)
        if (id < 0 || id >= model.vocabSize())
            return makeError(ErrorCode::InvalidArgument, "prompt token id " + std::to_string(id) +
                                                             " is outside the vocabulary (" +
                                                             std::to_string(model.vocabSize()) + ")");
    if (static_cast<std::int64_t>(prompt.size()) >= model.maxPositions())
        return makeError(ErrorCode::InvalidArgument, "the prompt has " + std::to_string(prompt.size()) +
                                                         " tokens; the model's context is " +
                                                         std::to_string(model.maxPositions()) + " positions");
    GenerationResult result;
    result.promptTokens = prompt.size();
    try {
        torch::NoGradGuard noGrad;
        model.eval();
        model.prepareForDecoding(o.weights);
        auto generator = at::make_generator<at::CPUGeneratorImpl>(o.seed);
        std::vector<int> seen = prompt;
        KvCache cache;
        const auto start = Clock::now();
        torch::Tensor input =
            torch::tensor(std::vector<std::int64_t>(prompt.begin(), prompt.end()), torch::kLong).unsqueeze(0);
        std::size_t streamed = 0; // bytes of result.text already passed to onText
        std::string text;
        Clock::time_point decodeStart;
        result.stopReason = "max_new_tokens";
        for (int step = 0; step < o.maxNewTokens; ++step) {
            if (cache.length >= model.maxPositions()) {
                result.stopReason = "context_full";
                break;
            }
            const torch::Tensor hidden = model.hiddenStates(input, {}, &cache);
            const torch::Tensor logits = model.lmLogits(hidden.select(1, hidden.size(1) - 1))[0];
            if (step == 0) {
                result.prefillSeconds = secondsSince(start);
                decodeStart = Clock::now();
            }
            const int next = chooseNextToken(logits, seen, o, generator);
            result.tokens.push_back(next);
            seen.push_back(next);
            if (std::find(o.eosTokenIds.begin(), o.eosTokenIds.end(), next) != o.eosTokenIds.end()) {
                result.stopReason = "eos";
                break;
            }
            text = decode ? decode(std::vector<int>(seen.begin() + static_cast<std::ptrdiff_t>(prompt.size()), seen.end()))
                          : std::string();
            std::size_t cut = std::string::npos;
            for (const auto &stop : o.stopStrings)
                cut = std::min(cut, text.find(stop, streamed > stop.size() ? streamed - stop.size() : 0));
            if (cut != std::string::npos) {
                text.resize(cut);
                result.stopReason = "stop_string";
                break;
            }
            const std::size_t certain = text.size() - uncertainTail(text, o.stopStrings);
            if (onText && certain > streamed) {
                const bool more = onText(text.substr(streamed, certain - streamed));
                streamed = certain;
                if (!more) {
                    result.stopReason = "stopped";
                    break;
                }
            }
            input = torch::full({1, 1}, static_cast<std::int64_t>(next), torch::kLong);
        }
        if (result.tokens.size() > 1)
            result.decodeSeconds = secondsSince(decodeStart);
        if (decode && result.stopReason == "eos")
            text = decode(std::vector<int>(result.tokens.begin(), result.tokens.end() - 1));
        if (onText && text.size() > streamed)
            onText(text.substr(streamed));
        result.text = text;
    } catch (const std::exception &e) {
        std::string message = e.what();
        if (auto nl = message.find("\nException raised from"); nl != std::string::npos)
            message.resize(nl);
        return makeError(ErrorCode::Internal, "generation failed: " + message);
    }
    return result;
}

} // namespace hone

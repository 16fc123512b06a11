#include "core/models/generationoptions.h"

namespace hone {

const char *weightFormatName(WeightFormat format)
{
    switch (format) {
    case WeightFormat::BF16:
        return "bf16";
    case WeightFormat::Q8_0:
        return "q8_0";
    case WeightFormat::F32:
        break;
    }
    return "f32";
}

Result<WeightFormat> weightFormatFromName(const std::string &name)
{
    for (WeightFormat f : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::Q8_0})
        if (name == weightFormatName(f))
            return f;
    return makeError(ErrorCode::InvalidArgument, "weights must be f32, bf16 or q8_0, got \"" + name + "\"");
}

Result<void> validateGenerationOptions(const GenerationOptions &o)
{
    auto bad = [](const std::string &what) { return makeError(ErrorCode::InvalidArgument, what); };
    if (o.maxNewTokens < 1)
        return bad("max new tokens must be at least 1, got " + std::to_string(o.maxNewTokens));
    if (!(o.temperature > 0))
        return bad("temperature must be greater than 0, got " + std::to_string(o.temperature));
    if (o.topK < 0)
        return bad("top-k must be 0 (off) or more, got " + std::to_string(o.topK));
    if (!(o.topP > 0 && o.topP <= 1))
        return bad("top-p must be in (0, 1], got " + std::to_string(o.topP));
    if (!(o.repetitionPenalty > 0))
        return bad("repetition penalty must be greater than 0, got " + std::to_string(o.repetitionPenalty));
    for (const auto &s : o.stopStrings)
        if (s.empty())
            return bad("a stop string is empty");
    return {};
}

} // namespace hone

// The one list of architectures Hone supports. Adding one: models/arch/<arch>.{h,cpp}, a line
// here, a row in tests/core/tst_architectures.cpp.
#include "core/models/architecture.h"

#include "core/models/arch/albert.h"
#include "core/models/arch/bert.h"
#include "core/models/arch/distilbert.h"
#include "core/models/arch/gpt2.h"
#include "core/models/arch/llama.h"
#include "core/models/arch/qwen2.h"
#include "core/models/arch/roberta.h"

#include <algorithm>

namespace hone {

const std::vector<ArchitectureInfo> &architectures()
{
    static const std::vector<ArchitectureInfo> list = {
        bert::info(),
        roberta::info(),
        roberta::xlmRobertaInfo(),
        distilbert::info(),
        albert::info(),
        llama::info(),
        qwen2::info(),
        gpt2::info(),
    };
    return list;
}

std::string supportedModelTypes()
{
    std::vector<std::string> types;
    for (const auto &a : architectures())
        types.insert(types.end(), a.modelTypes.begin(), a.modelTypes.end());
    std::sort(types.begin(), types.end());
    std::string list;
    for (const auto &t : types)
        list += (list.empty() ? "" : ", ") + t;
    return list;
}

Result<const ArchitectureInfo *> findArchitecture(const std::string &modelType, const std::string &source)
{
    for (const auto &a : architectures())
        if (std::find(a.modelTypes.begin(), a.modelTypes.end(), modelType) != a.modelTypes.end())
            return &a;
    return makeError(ErrorCode::Unsupported, (source.empty() ? std::string() : source + ": ") + "model_type \"" +
                                                 modelType + "\" is not supported; supported model types: " +
                                                 supportedModelTypes());
}

Result<ModelConfig> parseModelConfig(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        return makeError(ErrorCode::Format, source + ": not a JSON object");
    if (!json.contains("model_type"))
        return makeError(ErrorCode::Format, source + ": field \"model_type\" is missing");
    if (!json["model_type"].is_string())
        return makeError(ErrorCode::Format, source + ": field \"model_type\" must be a string, not " +
                                                json["model_type"].dump());
    auto arch = findArchitecture(json["model_type"].get<std::string>(), source);
    if (!arch)
        return arch.error();
    return (*arch)->parseConfig(json, source);
}

Result<ModelConfig> readModelConfig(const std::filesystem::path &configJson)
{
    auto json = readJsonFile(configJson);
    if (!json)
        return json.error();
    return parseModelConfig(*json, configJson.string());
}

} // namespace hone

#include "core/models/arch/qwen2.h"

#include "core/models/arch/llama.h"

namespace hone::qwen2 {

Result<ModelConfig> parseConfig(const nlohmann::json &json, const std::string &source)
{
    ModelConfig c;
    c.raw = json;
    c.source = source;
    c.modelType = json.value("model_type", "qwen2");
    const ConfigReader reader(c.raw, source);
    llama::Defaults defaults;
    defaults.maxPositions = 32768;
    if (auto r = llama::parseLlamaFields(reader, c, defaults); !r)
        return r.error();
    const auto sliding = reader.boolean("use_sliding_window", false);
    if (!sliding)
        return sliding.error();
    if (*sliding)
        return reader.error("use_sliding_window", "is true; Hone does not support sliding-window attention");
    c.qkvBias = true;
    c.attentionBias = false;
    if (auto r = parseCommonConfig(reader, c); !r)
        return r.error();
    if (auto r = validateConfig(c); !r)
        return r.error();
    return c;
}

ArchitectureInfo info()
{
    ArchitectureInfo a;
    a.name = "qwen2";
    a.modelTypes = {"qwen2"};
    a.basePrefix = "model";
    a.baseClass = "Qwen2Model";
    a.causalLmClass = "Qwen2ForCausalLM";
    a.parseConfig = &parseConfig;
    a.createCausalLM = &llama::createCausalLM;
    a.loraTargets = llama::loraTargets();
    a.usesTokenTypeIds = false;
    return a;
}

} // namespace hone::qwen2

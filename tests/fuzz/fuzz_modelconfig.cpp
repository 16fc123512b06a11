// config.json: the fields every architecture shares (ConfigReader, parseCommonConfig,
// validateConfig) and model discovery's reading of a folder holding this config.json.
#include "core/models/modelconfig.h"
#include "core/models/modeldiscovery.h"
#include "fuzzsupport.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const auto json = nlohmann::json::parse(input, nullptr, false);
    if (!json.is_discarded()) {
        const hone::ConfigReader reader(json, "config.json");
        hone::ModelConfig config;
        config.raw = json;
        if (hone::parseCommonConfig(reader, config)) {
            (void)reader.integer("hidden_size", 0, 1);
            (void)reader.number("layer_norm_eps", 1e-12, 0, 1);
            (void)reader.optionalNumber("classifier_dropout", 0, 1);
            (void)reader.string("hidden_act", std::string("gelu"));
            (void)reader.boolean("tie_word_embeddings", true);
            (void)hone::validateConfig(config);
            (void)config.classifierJson("BertForSequenceClassification", config.labels);
        }
    }
    hone::fuzz::writeScratch("model/config.json", input);
    (void)hone::inspectModel(hone::fuzz::scratchDir() / "model");
    return 0;
}

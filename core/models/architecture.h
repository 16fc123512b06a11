#pragma once
// The registry of architectures: one explicit list (architectures.cpp) maps config.json's
// model_type to the config parser, the factory, the base-model prefix and the Hugging Face class
// names. Adding an architecture: models/arch/<arch>.{h,cpp}, one line in architectures.cpp, one
// row in tests/core/tst_architectures.cpp (encoders) or tst_decoders.cpp (decoders). No static
// self-registration. Encoders set create (classification); decoders set createCausalLM.
#include "core/models/causallm.h"
#include "core/models/encoderclassifier.h"
#include "core/models/modelconfig.h"
#include "core/util/result.h"

#include <memory>
#include <string>
#include <vector>

namespace hone {

struct ArchitectureInfo {
    std::string name;                       // "bert", "xlm-roberta"
    std::vector<std::string> modelTypes;    // model_type values this entry accepts
    std::string basePrefix;                 // HF base_model_prefix: "bert", "roberta", "distilbert", "albert"
    std::string baseClass;                  // "BertModel"
    std::string classifierClass;            // "BertForSequenceClassification": config.json's architectures
    std::string causalLmClass;              // decoders: "LlamaForCausalLM"
    // Fills a ModelConfig from config.json (source names the file in errors); validates it.
    Result<ModelConfig> (*parseConfig)(const nlohmann::json &json, const std::string &source) = nullptr;
    // Builds the model (may throw c10::Error; the loader catches). numLabels > 0 with a head.
    std::shared_ptr<EncoderClassifier> (*create)(const ModelConfig &config, ModelHead head, int numLabels) = nullptr;
    // Decoders: builds the causal LM (may throw c10::Error; the loader catches).
    std::shared_ptr<CausalLM> (*createCausalLM)(const ModelConfig &config) = nullptr;
    // Capabilities.
    std::vector<std::string> loraTargets;   // module names LoRA adapts by default ("query", "key", "value")
    bool usesTokenTypeIds = true;           // false: token_type_ids are ignored (DistilBERT)
    bool sharesLayerWeights = false;        // ALBERT: layers share the parameters of their group

    bool isDecoder() const { return createCausalLM != nullptr; }
};

// Every architecture Hone supports, in a fixed order.
const std::vector<ArchitectureInfo> &architectures();
// "albert, bert, distilbert, gpt2, llama, qwen2, roberta, xlm-roberta"
std::string supportedModelTypes();
// By model_type; unknown types fail with the list of supported ones (source names config.json).
Result<const ArchitectureInfo *> findArchitecture(const std::string &modelType, const std::string &source = {});

// Reads config.json and parses it with its architecture's parser.
Result<ModelConfig> parseModelConfig(const nlohmann::json &json, const std::string &source);
Result<ModelConfig> readModelConfig(const std::filesystem::path &configJson);

} // namespace hone

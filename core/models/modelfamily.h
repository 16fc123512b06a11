#pragma once
// The LibTorch-free half of each architecture Hone supports: how config.json of a model_type is
// read (each family's field names and defaults, as the Hugging Face config class has them), the
// model's class names, what it can do, and how long an input may be. The GUI and the CLI use it
// without building a model; architecture.h adds the LibTorch factories for hone_core.
#include "core/models/modelconfig.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

// A causal LM's training loss meets the vocabulary-wide logits a slice of rows at a time
// (layers/lmheadloss.h), about this many bytes of float32 logits per slice; the cost model counts it.
inline constexpr std::int64_t kLmHeadSliceBytes = std::int64_t(16) << 20;

// One projection of a transformer layer: its module name within the layer ("self_attn.q_proj",
// "mlp.c_proj") and its weight's shape, as the LibTorch model builds it.
struct LayerProjection {
    std::string name;
    std::int64_t in = 0, out = 0;
};

struct ModelFamily {
    std::string name;                       // "bert", "xlm-roberta"
    std::vector<std::string> modelTypes;    // model_type values this entry accepts
    std::string basePrefix;                 // HF base_model_prefix: "bert", "roberta", "distilbert", "albert"
    std::string baseClass;                  // "BertModel"
    std::string classifierClass;            // "BertForSequenceClassification": config.json's architectures
    std::string causalLmClass;              // decoders: "LlamaForCausalLM"
    // Reads the family's own fields of config.json; parseModelConfig adds the common ones and validates.
    Result<void> (*parseFields)(const ConfigReader &reader, ModelConfig &config) = nullptr;
    // Capabilities.
    std::vector<std::string> loraTargets;   // module names LoRA adapts ("query", "key", "value")
    bool usesTokenTypeIds = true;           // false: token_type_ids are ignored (DistilBERT)
    bool sharesLayerWeights = false;        // ALBERT: layers share the parameters of their group
    bool positionsAfterPadding = false;     // RoBERTa, XLM-R: position ids start at padding_idx + 1
    // Decoders: the projections of one layer, for the cost model's weights, FLOPs and LoRA
    // adapters without building the model (tst_costmodel checks them against the built one).
    std::vector<LayerProjection> (*layerProjections)(const ModelConfig &config) = nullptr;

    // Generative (causal LM) rather than an encoder for classification.
    bool isDecoder() const { return !causalLmClass.empty(); }
};

// Every family, in a fixed order (the one list; architectures.cpp pairs each with its factory).
const std::vector<ModelFamily> &modelFamilies();
// By family name ("bert"); the name must be one of modelFamilies().
const ModelFamily &modelFamily(const std::string &name);
// "albert, bert, distilbert, gpt2, llama, qwen2, roberta, xlm-roberta"
std::string supportedModelTypes();
// By model_type; unknown types fail with the list of supported ones (source names config.json).
Result<const ModelFamily *> findModelFamily(const std::string &modelType, const std::string &source = {});

// PEFT's target_modules rule: the module name equals a target or ends with "." + target (every
// module matches an empty list).
bool matchesLoraTarget(const std::string &moduleName, const std::vector<std::string> &targets);

// Reads config.json and parses it with its family's parser.
Result<ModelConfig> parseModelConfig(const nlohmann::json &json, const std::string &source);
Result<ModelConfig> readModelConfig(const std::filesystem::path &configJson);

// The longest input (in tokens, special tokens included) the model accepts: max_position_embeddings,
// less padding_idx + 1 where position ids start after the padding index (RoBERTa's 514 -> 512).
int usableMaxPositions(const ModelConfig &config);

} // namespace hone

#include "core/models/modelfamily.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace hone {

namespace {

// One rule a field of config.json: its key, its default (nullopt: the field is required), its
// range, and the ModelConfig member it fills. Each family lists its rules; readFields applies them.
struct IntegerField {
    const char *key;
    std::optional<int> fallback;
    int min;
    int ModelConfig::*member;
};
struct NumberField {
    const char *key;
    std::optional<double> fallback;
    double min, max;
    double ModelConfig::*member;
};
struct TextField {
    const char *key;
    std::string fallback;
    std::string ModelConfig::*member;
};
struct FlagField {
    const char *key;
    bool fallback;
    bool ModelConfig::*member;
};

struct FieldRules {
    std::vector<IntegerField> integers;
    std::vector<NumberField> numbers;
    std::vector<TextField> texts;
    std::vector<FlagField> flags;
};

// Reads each rule's field with read and stores it in the rule's member; the first bad field is the error.
template <typename Rule, typename Read>
Result<void> apply(const std::vector<Rule> &rules, ModelConfig &c, Read read)
{
    for (const Rule &f : rules) {
        const auto v = read(f);
        if (!v)
            return v.error();
        c.*f.member = *v;
    }
    return {};
}

Result<void> readFields(const ConfigReader &r, ModelConfig &c, const FieldRules &rules)
{
    if (auto res = apply(rules.integers, c, [&](const IntegerField &f) { return r.integer(f.key, f.fallback, f.min); }); !res)
        return res;
    if (auto res = apply(rules.texts, c, [&](const TextField &f) { return r.string(f.key, f.fallback); }); !res)
        return res;
    if (auto res = apply(rules.numbers, c, [&](const NumberField &f) { return r.number(f.key, f.fallback, f.min, f.max); }); !res)
        return res;
    return apply(rules.flags, c, [&](const FlagField &f) { return r.boolean(f.key, f.fallback); });
}

// Rules several families share word for word.
IntegerField vocabSize(std::optional<int> fallback = std::nullopt)
{
    return {"vocab_size", fallback, 1, &ModelConfig::vocabSize};
}

// The sizes BERT-style encoders and Llama-style decoders require, under the family's key names
// (kHfSizeKeys for most; DistilBERT has its own), then the family's further integer rules.
struct SizeKeys {
    const char *hidden, *layers, *heads, *intermediate;
};
const SizeKeys kHfSizeKeys{"hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size"};

std::vector<IntegerField> requiredSizes(const SizeKeys &keys, std::initializer_list<IntegerField> more)
{
    std::vector<IntegerField> rules{{keys.hidden, std::nullopt, 1, &ModelConfig::hiddenSize},
                                    {keys.layers, std::nullopt, 1, &ModelConfig::numLayers},
                                    {keys.heads, std::nullopt, 1, &ModelConfig::numHeads},
                                    {keys.intermediate, std::nullopt, 1, &ModelConfig::intermediateSize},
                                    vocabSize()};
    rules.insert(rules.end(), more);
    return rules;
}
NumberField dropout(const char *key, double fallback, double ModelConfig::*member)
{
    return {key, fallback, 0.0, 1.0, member};
}
const NumberField kInitializerRange{"initializer_range", 0.02, 0.0, 10.0, &ModelConfig::initializerRange};

} // namespace

namespace bert {
namespace {

// The fields BERT, RoBERTa, XLM-R and ALBERT share (hidden_size, num_hidden_layers, ...), with the
// architecture's defaults where HF's config class has one.
struct Defaults {
    int padTokenId = 0;
    std::string hiddenAct = "gelu";
    double dropout = 0.1;
    int typeVocabSize = 2;
};

Result<void> parseBertFields(const ConfigReader &r, ModelConfig &c, const Defaults &d)
{
    const FieldRules rules{
        requiredSizes(kHfSizeKeys, {{"type_vocab_size", d.typeVocabSize, 0, &ModelConfig::typeVocabSize},
                                    {"max_position_embeddings", std::nullopt, 1, &ModelConfig::maxPositions},
                                    {"pad_token_id", d.padTokenId, 0, &ModelConfig::padTokenId}}),
        {{"layer_norm_eps", 1e-12, 0.0, 1.0, &ModelConfig::layerNormEps},
         dropout("hidden_dropout_prob", d.dropout, &ModelConfig::hiddenDropout),
         dropout("attention_probs_dropout_prob", d.dropout, &ModelConfig::attentionDropout), kInitializerRange},
        {{"hidden_act", d.hiddenAct, &ModelConfig::hiddenAct},
         {"position_embedding_type", "absolute", &ModelConfig::positionEmbeddingType}},
        {}};
    if (auto res = readFields(r, c, rules); !res)
        return res;
    c.embeddingSize = c.hiddenSize;
    return {};
}

// BERT's fields and the optional classifier_dropout its classification head reads (BERT, RoBERTa).
Result<void> parseClassifierFields(const ConfigReader &reader, ModelConfig &c, const Defaults &d)
{
    if (auto r = parseBertFields(reader, c, d); !r)
        return r.error();
    auto dropout = reader.optionalNumber("classifier_dropout", 0.0, 1.0);
    if (!dropout)
        return dropout.error();
    c.classifierDropout = *dropout;
    return {};
}

Result<void> parseFields(const ConfigReader &reader, ModelConfig &c)
{
    return parseClassifierFields(reader, c, Defaults{});
}

} // namespace
} // namespace bert

namespace roberta {
namespace {

Result<void> parseFields(const ConfigReader &reader, ModelConfig &c)
{
    bert::Defaults defaults;
    defaults.padTokenId = 1;
    if (auto r = bert::parseClassifierFields(reader, c, defaults); !r)
        return r.error();
    // A pad id outside the vocabulary is validateConfig's message, the more basic one.
    if (c.padTokenId < c.vocabSize && c.maxPositions <= c.padTokenId + 1)
        return reader.error("max_position_embeddings", "(" + std::to_string(c.maxPositions) +
                                                           ") leaves no positions after padding_idx + 1 (" +
                                                           std::to_string(c.padTokenId + 1) + ")");
    return {};
}

} // namespace
} // namespace roberta

namespace distilbert {
namespace {

Result<void> parseFields(const ConfigReader &r, ModelConfig &c)
{
    const FieldRules rules{
        requiredSizes({"dim", "n_layers", "n_heads", "hidden_dim"},
                      {{"max_position_embeddings", std::nullopt, 1, &ModelConfig::maxPositions},
                       {"pad_token_id", 0, 0, &ModelConfig::padTokenId}}),
        {dropout("dropout", 0.1, &ModelConfig::hiddenDropout),
         dropout("attention_dropout", 0.1, &ModelConfig::attentionDropout), kInitializerRange},
        {{"activation", "gelu", &ModelConfig::hiddenAct}},
        {{"sinusoidal_pos_embds", false, &ModelConfig::sinusoidalPositions}}};
    if (auto res = readFields(r, c, rules); !res)
        return res;
    const auto classifierDropout = r.number("seq_classif_dropout", 0.2, 0.0, 1.0);
    if (!classifierDropout)
        return classifierDropout.error();
    c.embeddingSize = c.hiddenSize;
    c.typeVocabSize = 0;
    c.layerNormEps = 1e-12; // hard-coded in modeling_distilbert
    c.classifierDropout = *classifierDropout;
    return {};
}

} // namespace
} // namespace distilbert

namespace albert {
namespace {

Result<void> parseFields(const ConfigReader &reader, ModelConfig &c)
{
    bert::Defaults defaults;
    defaults.hiddenAct = "gelu_new";
    defaults.dropout = 0.0;
    if (auto r = bert::parseBertFields(reader, c, defaults); !r)
        return r.error();
    const FieldRules rules{{{"embedding_size", 128, 1, &ModelConfig::embeddingSize},
                            {"num_hidden_groups", 1, 1, &ModelConfig::numHiddenGroups},
                            {"inner_group_num", 1, 1, &ModelConfig::innerGroupNum}},
                           {},
                           {},
                           {}};
    if (auto r = readFields(reader, c, rules); !r)
        return r;
    const auto dropout = reader.number("classifier_dropout_prob", 0.1, 0.0, 1.0);
    if (!dropout)
        return dropout.error();
    c.classifierDropout = *dropout;
    if (c.numHiddenGroups > c.numLayers)
        return reader.error("num_hidden_groups", "(" + std::to_string(c.numHiddenGroups) +
                                                     ") is larger than num_hidden_layers (" +
                                                     std::to_string(c.numLayers) + ")");
    return {};
}

} // namespace
} // namespace albert

namespace {

// What every decoder shares: its own field rules read, no token types, embeddings as wide as the
// hidden states, and (after the family's own fields) the bos/eos/pad ids checked by parseDecoderTokens.
Result<void> parseDecoderFields(const ConfigReader &r, ModelConfig &c, const FieldRules &rules)
{
    if (auto res = readFields(r, c, rules); !res)
        return res;
    c.causal = true;
    c.typeVocabSize = 0;
    c.embeddingSize = c.hiddenSize;
    return {};
}

} // namespace

namespace llama {
namespace {

// The fields Llama and Qwen2 share (hidden_size, num_key_value_heads, rope_theta, ...), with each
// config class's defaults where HF has one.
struct Defaults {
    int maxPositions = 2048;
    double rmsNormEps = 1e-6;
    bool tieWordEmbeddings = false;
};

Result<RopeScaling> parseRopeScaling(const ConfigReader &r, const nlohmann::json &j, const char *key)
{
    RopeScaling s;
    if (!j.is_object())
        return r.error(key, "must be an object, not " + j.dump());
    const ConfigReader sub(j, r.source() + ": " + key);
    auto type = sub.string("rope_type", std::string());
    if (!type)
        return type.error();
    if (type->empty()) {
        auto legacy = sub.string("type", std::string("default"));
        if (!legacy)
            return legacy.error();
        type = *legacy;
    }
    s.type = *type;
    if (s.type != "default" && s.type != "linear" && s.type != "llama3")
        return r.error(key, "has rope type \"" + s.type + "\"; supported: default, linear, llama3");
    if (s.type == "default")
        return s;
    const auto factor = sub.number("factor", std::nullopt, 1e-6, 1e6);
    if (!factor)
        return factor.error();
    s.factor = *factor;
    if (s.type == "llama3") {
        const auto low = sub.number("low_freq_factor", std::nullopt, 1e-6, 1e6);
        const auto high = sub.number("high_freq_factor", std::nullopt, 1e-6, 1e6);
        const auto original = sub.integer("original_max_position_embeddings", std::nullopt, 1);
        if (!low)
            return low.error();
        if (!high)
            return high.error();
        if (!original)
            return original.error();
        if (*high <= *low)
            return r.error(key, "has high_freq_factor <= low_freq_factor");
        s.lowFreqFactor = *low;
        s.highFreqFactor = *high;
        s.originalMaxPositions = *original;
    }
    return s;
}

Result<void> parseLlamaFields(const ConfigReader &r, ModelConfig &c, const Defaults &d)
{
    const nlohmann::json &j = c.raw;
    const FieldRules rules{
        requiredSizes(kHfSizeKeys, {{"max_position_embeddings", d.maxPositions, 1, &ModelConfig::maxPositions}}),
        {{"rms_norm_eps", d.rmsNormEps, 0.0, 1.0, &ModelConfig::layerNormEps},
         dropout("attention_dropout", 0.0, &ModelConfig::attentionDropout), kInitializerRange},
        {{"hidden_act", "silu", &ModelConfig::hiddenAct}},
        {{"tie_word_embeddings", d.tieWordEmbeddings, &ModelConfig::tieWordEmbeddings},
         {"attention_bias", false, &ModelConfig::attentionBias},
         {"mlp_bias", false, &ModelConfig::mlpBias}}};
    if (auto res = parseDecoderFields(r, c, rules); !res)
        return res;
    const auto kvHeads = r.integer("num_key_value_heads", c.numHeads, 1);
    const auto headDim = r.integer("head_dim", c.hiddenSize / c.numHeads, 1);
    for (const Result<int> *x : {&kvHeads, &headDim})
        if (!x->ok())
            return x->error();
    c.numKeyValueHeads = *kvHeads;
    c.hiddenDropout = 0.0;

    // Rotary settings: rope_theta + rope_scaling, or (newer transformers) rope_parameters.
    if (r.has("rope_parameters")) {
        const nlohmann::json &p = j["rope_parameters"];
        auto scaling = parseRopeScaling(r, p, "rope_parameters");
        if (!scaling)
            return scaling.error();
        c.ropeScaling = *scaling;
        const ConfigReader sub(p, r.source() + ": rope_parameters");
        const auto theta = sub.number("rope_theta", 10000.0, 1e-6, 1e12);
        if (!theta)
            return theta.error();
        c.ropeTheta = *theta;
    } else {
        const auto theta = r.number("rope_theta", 10000.0, 1e-6, 1e12);
        if (!theta)
            return theta.error();
        c.ropeTheta = *theta;
        if (r.has("rope_scaling")) {
            auto scaling = parseRopeScaling(r, j["rope_scaling"], "rope_scaling");
            if (!scaling)
                return scaling.error();
            c.ropeScaling = *scaling;
        }
    }

    if (static_cast<long long>(*headDim) * c.numHeads != c.hiddenSize)
        return r.error("head_dim", "is " + std::to_string(*headDim) + "; Hone supports only head_dim = hidden_size / "
                                                                       "num_attention_heads (" +
                                       std::to_string(c.hiddenSize / c.numHeads) + ")");
    if (*headDim % 2 != 0)
        return r.error("head_dim", "must be even for rotary embeddings");
    return parseDecoderTokens(r, c);
}

Result<void> parseFields(const ConfigReader &reader, ModelConfig &c)
{
    return parseLlamaFields(reader, c, Defaults{});
}

} // namespace
} // namespace llama

namespace qwen2 {
namespace {

Result<void> parseFields(const ConfigReader &reader, ModelConfig &c)
{
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
    return {};
}

} // namespace
} // namespace qwen2

namespace gpt2 {
namespace {

Result<void> parseFields(const ConfigReader &r, ModelConfig &c)
{
    const FieldRules rules{
        {{"n_embd", 768, 1, &ModelConfig::hiddenSize},
         {"n_layer", 12, 1, &ModelConfig::numLayers},
         {"n_head", 12, 1, &ModelConfig::numHeads},
         vocabSize(50257),
         {"n_positions", 1024, 1, &ModelConfig::maxPositions}},
        {{"layer_norm_epsilon", 1e-5, 0.0, 1.0, &ModelConfig::layerNormEps},
         dropout("resid_pdrop", 0.1, &ModelConfig::hiddenDropout),
         dropout("embd_pdrop", 0.1, &ModelConfig::embeddingDropout),
         dropout("attn_pdrop", 0.1, &ModelConfig::attentionDropout), kInitializerRange},
        {{"activation_function", "gelu_new", &ModelConfig::hiddenAct}},
        {{"tie_word_embeddings", true, &ModelConfig::tieWordEmbeddings}}};
    if (auto res = parseDecoderFields(r, c, rules); !res)
        return res;
    // HF's default n_inner is 4 * n_embd; past ConfigReader's 1e9 bound it is no size Hone builds.
    if (!r.has("n_inner") && c.hiddenSize > 250000000)
        return r.error("n_embd", "is " + std::to_string(c.hiddenSize) + "; 4 * n_embd (the default n_inner) is too large");
    const auto inner = r.integer("n_inner", 4 * c.hiddenSize, 1);
    if (!inner)
        return inner.error();
    c.intermediateSize = *inner;
    c.numKeyValueHeads = c.numHeads;
    // Variants of the attention Hone does not implement (all false in GPT-2's released models).
    for (const char *key : {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn"}) {
        const auto on = r.boolean(key, false);
        if (!on)
            return on.error();
        if (*on)
            return r.error(key, "is true; Hone supports only GPT-2's standard attention");
    }
    const auto scale = r.boolean("scale_attn_weights", true);
    if (!scale)
        return scale.error();
    if (!*scale)
        return r.error("scale_attn_weights", "is false; Hone supports only scaled attention");
    return parseDecoderTokens(r, c);
}

} // namespace
} // namespace gpt2

namespace {

// Llama and Qwen2 (core/models/arch/llama.cpp): grouped-query attention and a gated MLP.
std::vector<LayerProjection> llamaProjections(const ModelConfig &c)
{
    const std::int64_t h = c.hiddenSize, q = std::int64_t(c.numHeads) * c.headDim(), kv = std::int64_t(c.kvHeads()) * c.headDim();
    return {{"self_attn.q_proj", h, q},           {"self_attn.k_proj", h, kv},
            {"self_attn.v_proj", h, kv},          {"self_attn.o_proj", q, h},
            {"mlp.gate_proj", h, c.intermediateSize}, {"mlp.up_proj", h, c.intermediateSize},
            {"mlp.down_proj", c.intermediateSize, h}};
}

// GPT-2 (core/models/arch/gpt2.cpp): fused q/k/v, Conv1D projections.
std::vector<LayerProjection> gpt2Projections(const ModelConfig &c)
{
    const std::int64_t h = c.hiddenSize;
    return {{"attn.c_attn", h, 3 * h}, {"attn.c_proj", h, h}, {"mlp.c_fc", h, c.intermediateSize}, {"mlp.c_proj", c.intermediateSize, h}};
}

ModelFamily family(const char *name, const char *prefix, const char *baseClass, const char *classifierClass,
                   Result<void> (*parse)(const ConfigReader &, ModelConfig &))
{
    ModelFamily f;
    f.name = name;
    f.modelTypes = {name};
    f.basePrefix = prefix;
    f.baseClass = baseClass;
    f.classifierClass = classifierClass;
    f.parseFields = parse;
    f.loraTargets = {"query", "key", "value"};
    return f;
}

// Causal LMs: no token types; LoRA on the attention and MLP projections, as PEFT users name them.
ModelFamily decoder(const char *name, const char *prefix, const char *baseClass, const char *causalLmClass,
                    Result<void> (*parse)(const ConfigReader &, ModelConfig &))
{
    ModelFamily f = family(name, prefix, baseClass, "", parse);
    f.causalLmClass = causalLmClass;
    f.loraTargets = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
    f.usesTokenTypeIds = false;
    return f;
}

} // namespace

const std::vector<ModelFamily> &modelFamilies()
{
    static const std::vector<ModelFamily> list = [] {
        ModelFamily bertFamily = family("bert", "bert", "BertModel", "BertForSequenceClassification", &bert::parseFields);
        ModelFamily robertaFamily =
            family("roberta", "roberta", "RobertaModel", "RobertaForSequenceClassification", &roberta::parseFields);
        robertaFamily.positionsAfterPadding = true;
        // model_type "xlm-roberta": the same network, XLM-R's class names.
        ModelFamily xlmr = robertaFamily;
        xlmr.name = "xlm-roberta";
        xlmr.modelTypes = {"xlm-roberta"};
        xlmr.baseClass = "XLMRobertaModel";
        xlmr.classifierClass = "XLMRobertaForSequenceClassification";
        ModelFamily distil = family("distilbert", "distilbert", "DistilBertModel", "DistilBertForSequenceClassification",
                                    &distilbert::parseFields);
        distil.loraTargets = {"q_lin", "k_lin", "v_lin"};
        distil.usesTokenTypeIds = false;
        ModelFamily albertFamily = family("albert", "albert", "AlbertModel", "AlbertForSequenceClassification", &albert::parseFields);
        albertFamily.sharesLayerWeights = true;
        ModelFamily llamaFamily = decoder("llama", "model", "LlamaModel", "LlamaForCausalLM", &llama::parseFields);
        ModelFamily qwen2Family = decoder("qwen2", "model", "Qwen2Model", "Qwen2ForCausalLM", &qwen2::parseFields);
        llamaFamily.layerProjections = qwen2Family.layerProjections = &llamaProjections;
        ModelFamily gpt2Family = decoder("gpt2", "transformer", "GPT2Model", "GPT2LMHeadModel", &gpt2::parseFields);
        gpt2Family.loraTargets = {"c_attn", "c_proj", "c_fc"};
        gpt2Family.layerProjections = &gpt2Projections;
        return std::vector<ModelFamily>{bertFamily, robertaFamily, xlmr,        distil,
                                        albertFamily, llamaFamily, qwen2Family, gpt2Family};
    }();
    return list;
}

const ModelFamily &modelFamily(const std::string &name)
{
    for (const auto &f : modelFamilies())
        if (f.name == name)
            return f;
    throw std::logic_error("no model family named " + name); // a programming error: names are fixed above
}

std::string supportedModelTypes()
{
    std::vector<std::string> types;
    for (const auto &f : modelFamilies())
        types.insert(types.end(), f.modelTypes.begin(), f.modelTypes.end());
    std::sort(types.begin(), types.end());
    std::string list;
    for (const auto &t : types)
        list += (list.empty() ? "" : ", ") + t;
    return list;
}

Result<const ModelFamily *> findModelFamily(const std::string &modelType, const std::string &source)
{
    for (const auto &f : modelFamilies())
        if (std::find(f.modelTypes.begin(), f.modelTypes.end(), modelType) != f.modelTypes.end())
            return &f;
    return makeError(ErrorCode::Unsupported, (source.empty() ? std::string() : source + ": ") + "model_type \"" +
                                                 modelType + "\" is not supported; supported model types: " +
                                                 supportedModelTypes());
}

bool matchesLoraTarget(const std::string &moduleName, const std::vector<std::string> &targets)
{
    if (targets.empty())
        return true;
    for (const auto &target : targets) {
        if (moduleName == target)
            return true;
        if (moduleName.size() > target.size() &&
            moduleName.compare(moduleName.size() - target.size(), target.size(), target) == 0 &&
            moduleName[moduleName.size() - target.size() - 1] == '.')
            return true;
    }
    return false;
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
    auto found = findModelFamily(json["model_type"].get<std::string>(), source);
    if (!found)
        return found.error();
    ModelConfig c;
    c.raw = json;
    c.source = source;
    c.modelType = json["model_type"].get<std::string>();
    const ConfigReader reader(c.raw, source);
    if (auto r = (*found)->parseFields(reader, c); !r)
        return r.error();
    if (auto r = parseCommonConfig(reader, c); !r)
        return r.error();
    if (auto r = validateConfig(c); !r)
        return r.error();
    return c;
}

Result<ModelConfig> readModelConfig(const std::filesystem::path &configJson)
{
    auto json = readJsonFile(configJson);
    if (!json)
        return json.error();
    return parseModelConfig(*json, configJson.string());
}

int usableMaxPositions(const ModelConfig &config)
{
    auto found = findModelFamily(config.modelType);
    const bool afterPadding = found && (*found)->positionsAfterPadding;
    return afterPadding ? config.maxPositions - config.padTokenId - 1 : config.maxPositions;
}

} // namespace hone

#include "core/models/modelfamily.h"

#include <algorithm>
#include <stdexcept>

namespace hone {

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
    const auto hidden = r.integer("hidden_size", std::nullopt, 1);
    const auto layers = r.integer("num_hidden_layers", std::nullopt, 1);
    const auto heads = r.integer("num_attention_heads", std::nullopt, 1);
    const auto intermediate = r.integer("intermediate_size", std::nullopt, 1);
    const auto vocab = r.integer("vocab_size", std::nullopt, 1);
    const auto types = r.integer("type_vocab_size", d.typeVocabSize, 0);
    const auto positions = r.integer("max_position_embeddings", std::nullopt, 1);
    const auto pad = r.integer("pad_token_id", d.padTokenId, 0);
    for (const Result<int> *x : {&hidden, &layers, &heads, &intermediate, &vocab, &types, &positions, &pad})
        if (!x->ok())
            return x->error();
    const auto act = r.string("hidden_act", d.hiddenAct);
    const auto positionType = r.string("position_embedding_type", std::string("absolute"));
    for (const Result<std::string> *x : {&act, &positionType})
        if (!x->ok())
            return x->error();
    const auto eps = r.number("layer_norm_eps", 1e-12, 0.0, 1.0);
    const auto hiddenDropout = r.number("hidden_dropout_prob", d.dropout, 0.0, 1.0);
    const auto attentionDropout = r.number("attention_probs_dropout_prob", d.dropout, 0.0, 1.0);
    const auto range = r.number("initializer_range", 0.02, 0.0, 10.0);
    for (const Result<double> *x : {&eps, &hiddenDropout, &attentionDropout, &range})
        if (!x->ok())
            return x->error();
    c.hiddenSize = *hidden;
    c.numLayers = *layers;
    c.numHeads = *heads;
    c.intermediateSize = *intermediate;
    c.vocabSize = *vocab;
    c.typeVocabSize = *types;
    c.maxPositions = *positions;
    c.padTokenId = *pad;
    c.hiddenAct = *act;
    c.positionEmbeddingType = *positionType;
    c.layerNormEps = *eps;
    c.hiddenDropout = *hiddenDropout;
    c.attentionDropout = *attentionDropout;
    c.initializerRange = *range;
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
    const auto dim = r.integer("dim", std::nullopt, 1);
    const auto layers = r.integer("n_layers", std::nullopt, 1);
    const auto heads = r.integer("n_heads", std::nullopt, 1);
    const auto hidden = r.integer("hidden_dim", std::nullopt, 1);
    const auto vocab = r.integer("vocab_size", std::nullopt, 1);
    const auto positions = r.integer("max_position_embeddings", std::nullopt, 1);
    const auto pad = r.integer("pad_token_id", 0, 0);
    for (const Result<int> *x : {&dim, &layers, &heads, &hidden, &vocab, &positions, &pad})
        if (!x->ok())
            return x->error();
    const auto act = r.string("activation", std::string("gelu"));
    if (!act)
        return act.error();
    const auto dropout = r.number("dropout", 0.1, 0.0, 1.0);
    const auto attentionDropout = r.number("attention_dropout", 0.1, 0.0, 1.0);
    const auto classifierDropout = r.number("seq_classif_dropout", 0.2, 0.0, 1.0);
    const auto range = r.number("initializer_range", 0.02, 0.0, 10.0);
    for (const Result<double> *x : {&dropout, &attentionDropout, &classifierDropout, &range})
        if (!x->ok())
            return x->error();
    const auto sinusoidal = r.boolean("sinusoidal_pos_embds", false);
    if (!sinusoidal)
        return sinusoidal.error();
    c.hiddenSize = c.embeddingSize = *dim;
    c.numLayers = *layers;
    c.numHeads = *heads;
    c.intermediateSize = *hidden;
    c.vocabSize = *vocab;
    c.maxPositions = *positions;
    c.padTokenId = *pad;
    c.typeVocabSize = 0;
    c.hiddenAct = *act;
    c.layerNormEps = 1e-12; // hard-coded in modeling_distilbert
    c.hiddenDropout = *dropout;
    c.attentionDropout = *attentionDropout;
    c.classifierDropout = *classifierDropout;
    c.initializerRange = *range;
    c.sinusoidalPositions = *sinusoidal;
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
    const auto embedding = reader.integer("embedding_size", 128, 1);
    const auto groups = reader.integer("num_hidden_groups", 1, 1);
    const auto inner = reader.integer("inner_group_num", 1, 1);
    for (const Result<int> *x : {&embedding, &groups, &inner})
        if (!x->ok())
            return x->error();
    const auto dropout = reader.number("classifier_dropout_prob", 0.1, 0.0, 1.0);
    if (!dropout)
        return dropout.error();
    c.embeddingSize = *embedding;
    c.numHiddenGroups = *groups;
    c.innerGroupNum = *inner;
    c.classifierDropout = *dropout;
    if (c.numHiddenGroups > c.numLayers)
        return reader.error("num_hidden_groups", "(" + std::to_string(c.numHiddenGroups) +
                                                     ") is larger than num_hidden_layers (" +
                                                     std::to_string(c.numLayers) + ")");
    return {};
}

} // namespace
} // namespace albert

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
    const auto hidden = r.integer("hidden_size", std::nullopt, 1);
    const auto layers = r.integer("num_hidden_layers", std::nullopt, 1);
    const auto heads = r.integer("num_attention_heads", std::nullopt, 1);
    const auto intermediate = r.integer("intermediate_size", std::nullopt, 1);
    const auto vocab = r.integer("vocab_size", std::nullopt, 1);
    const auto positions = r.integer("max_position_embeddings", d.maxPositions, 1);
    for (const Result<int> *x : {&hidden, &layers, &heads, &intermediate, &vocab, &positions})
        if (!x->ok())
            return x->error();
    const auto kvHeads = r.integer("num_key_value_heads", *heads, 1);
    const auto headDim = r.integer("head_dim", *hidden / *heads, 1);
    for (const Result<int> *x : {&kvHeads, &headDim})
        if (!x->ok())
            return x->error();
    const auto act = r.string("hidden_act", std::string("silu"));
    if (!act)
        return act.error();
    const auto eps = r.number("rms_norm_eps", d.rmsNormEps, 0.0, 1.0);
    const auto attentionDropout = r.number("attention_dropout", 0.0, 0.0, 1.0);
    const auto range = r.number("initializer_range", 0.02, 0.0, 10.0);
    for (const Result<double> *x : {&eps, &attentionDropout, &range})
        if (!x->ok())
            return x->error();
    const auto tie = r.boolean("tie_word_embeddings", d.tieWordEmbeddings);
    const auto attentionBias = r.boolean("attention_bias", false);
    const auto mlpBias = r.boolean("mlp_bias", false);
    for (const Result<bool> *x : {&tie, &attentionBias, &mlpBias})
        if (!x->ok())
            return x->error();

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

    c.causal = true;
    c.hiddenSize = *hidden;
    c.numLayers = *layers;
    c.numHeads = *heads;
    c.numKeyValueHeads = *kvHeads;
    c.intermediateSize = *intermediate;
    c.vocabSize = *vocab;
    c.typeVocabSize = 0;
    c.maxPositions = *positions;
    c.hiddenAct = *act;
    c.layerNormEps = *eps;
    c.hiddenDropout = 0.0;
    c.attentionDropout = *attentionDropout;
    c.initializerRange = *range;
    c.tieWordEmbeddings = *tie;
    c.attentionBias = *attentionBias;
    c.mlpBias = *mlpBias;
    c.embeddingSize = c.hiddenSize;
    if (*headDim * *heads != *hidden)
        return r.error("head_dim", "is " + std::to_string(*headDim) + "; Hone supports only head_dim = hidden_size / "
                                                                       "num_attention_heads (" +
                                       std::to_string(*hidden / *heads) + ")");
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
    const auto hidden = r.integer("n_embd", 768, 1);
    const auto layers = r.integer("n_layer", 12, 1);
    const auto heads = r.integer("n_head", 12, 1);
    const auto vocab = r.integer("vocab_size", 50257, 1);
    const auto positions = r.integer("n_positions", 1024, 1);
    for (const Result<int> *x : {&hidden, &layers, &heads, &vocab, &positions})
        if (!x->ok())
            return x->error();
    const auto inner = r.integer("n_inner", 4 * *hidden, 1);
    if (!inner)
        return inner.error();
    const auto act = r.string("activation_function", std::string("gelu_new"));
    if (!act)
        return act.error();
    const auto eps = r.number("layer_norm_epsilon", 1e-5, 0.0, 1.0);
    const auto residual = r.number("resid_pdrop", 0.1, 0.0, 1.0);
    const auto embedding = r.number("embd_pdrop", 0.1, 0.0, 1.0);
    const auto attention = r.number("attn_pdrop", 0.1, 0.0, 1.0);
    const auto range = r.number("initializer_range", 0.02, 0.0, 10.0);
    for (const Result<double> *x : {&eps, &residual, &embedding, &attention, &range})
        if (!x->ok())
            return x->error();
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
    const auto tie = r.boolean("tie_word_embeddings", true);
    if (!tie)
        return tie.error();

    c.causal = true;
    c.hiddenSize = *hidden;
    c.numLayers = *layers;
    c.numHeads = *heads;
    c.numKeyValueHeads = *heads;
    c.intermediateSize = *inner;
    c.vocabSize = *vocab;
    c.typeVocabSize = 0;
    c.maxPositions = *positions;
    c.hiddenAct = *act;
    c.layerNormEps = *eps;
    c.hiddenDropout = *residual;
    c.embeddingDropout = *embedding;
    c.attentionDropout = *attention;
    c.initializerRange = *range;
    c.tieWordEmbeddings = *tie;
    c.embeddingSize = c.hiddenSize;
    if (auto res = parseDecoderTokens(r, c); !res)
        return res.error();
    return {};
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

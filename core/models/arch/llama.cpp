#include "core/models/arch/llama.h"

#include <cmath>

namespace hone {

// --- attention, MLP, layer --------------------------------------------------------------------

LlamaAttentionImpl::LlamaAttentionImpl(const ModelConfig &config)
    : m_heads(config.numHeads), m_kvHeads(config.kvHeads()), m_headDim(config.headDim()),
      m_dropout(config.attentionDropout)
{
    const std::int64_t hidden = config.hiddenSize;
    const bool qkvBias = config.attentionBias || config.qkvBias;
    q_proj = register_module("q_proj", Projection(hidden, m_heads * m_headDim, qkvBias));
    k_proj = register_module("k_proj", Projection(hidden, m_kvHeads * m_headDim, qkvBias));
    v_proj = register_module("v_proj", Projection(hidden, m_kvHeads * m_headDim, qkvBias));
    o_proj = register_module("o_proj", Projection(m_heads * m_headDim, hidden, config.attentionBias));
}

torch::Tensor LlamaAttentionImpl::forward(const torch::Tensor &hidden, const torch::Tensor &cos,
                                          const torch::Tensor &sin, const torch::Tensor &blocked, KvCache *cache,
                                          std::size_t layer)
{
    const std::int64_t batch = hidden.size(0), length = hidden.size(1);
    auto heads = [&](const torch::Tensor &t, std::int64_t n) {
        return t.view({batch, length, n, m_headDim}).transpose(1, 2);
    };
    torch::Tensor q = applyRope(heads(q_proj(hidden), m_heads), cos, sin);
    torch::Tensor k = applyRope(heads(k_proj(hidden), m_kvHeads), cos, sin);
    torch::Tensor v = heads(v_proj(hidden), m_kvHeads);
    if (cache)
        std::tie(k, v) = cache->append(layer, k, v);
    const torch::Tensor attended = causalAttention(q, k, v, blocked, 1.0 / std::sqrt(static_cast<double>(m_headDim)),
                                                   m_dropout, is_training());
    return o_proj(attended);
}

LlamaMLPImpl::LlamaMLPImpl(const ModelConfig &config) : m_activation(activationFromName(config.hiddenAct))
{
    gate_proj = register_module("gate_proj", Projection(config.hiddenSize, config.intermediateSize, config.mlpBias));
    up_proj = register_module("up_proj", Projection(config.hiddenSize, config.intermediateSize, config.mlpBias));
    down_proj = register_module("down_proj", Projection(config.intermediateSize, config.hiddenSize, config.mlpBias));
}

torch::Tensor LlamaMLPImpl::forward(const torch::Tensor &x)
{
    return down_proj(applyActivation(gate_proj(x), m_activation) * up_proj(x));
}

LlamaDecoderLayerImpl::LlamaDecoderLayerImpl(const ModelConfig &config)
{
    self_attn = register_module("self_attn", LlamaAttention(config));
    mlp = register_module("mlp", LlamaMLP(config));
    input_layernorm = register_module("input_layernorm", RMSNorm(config.hiddenSize, config.layerNormEps));
    post_attention_layernorm =
        register_module("post_attention_layernorm", RMSNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor LlamaDecoderLayerImpl::forward(const torch::Tensor &hidden, const torch::Tensor &cos,
                                             const torch::Tensor &sin, const torch::Tensor &blocked, KvCache *cache,
                                             std::size_t layer)
{
    const torch::Tensor h = hidden + self_attn(input_layernorm(hidden), cos, sin, blocked, cache, layer);
    return h + mlp(post_attention_layernorm(h));
}

// --- model ------------------------------------------------------------------------------------

LlamaModelImpl::LlamaModelImpl(const ModelConfig &config)
    : m_inverseFrequencies(ropeInverseFrequencies(config.headDim(), config.ropeTheta, config.ropeScaling)),
      m_maxPositions(config.maxPositions)
{
    embed_tokens = register_module(
        "embed_tokens", torch::nn::Embedding(torch::nn::EmbeddingOptions(config.vocabSize, config.hiddenSize)));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < config.numLayers; ++i)
        layers->push_back(LlamaDecoderLayer(config));
    norm = register_module("norm", RMSNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor LlamaModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                      KvCache *cache, const torch::Tensor &positionIds)
{
    const std::int64_t past = cache ? cache->length : 0;
    checkDecoderInputs(inputIds, attentionMask, past, m_maxPositions);
    const std::int64_t length = inputIds.size(1);
    torch::Tensor hidden = embed_tokens(inputIds);
    const torch::Tensor positions =
        positionIds.defined() ? positionIds : defaultPositions(past, length, inputIds.device());
    const auto [cos, sin] = ropeCosSin(m_inverseFrequencies, positions, hidden.scalar_type());
    // One new token with no padding sees everything cached: no mask needed.
    const torch::Tensor blocked = (length == 1 && !attentionMask.defined())
                                      ? torch::Tensor()
                                      : blockedAttention(length, past, attentionMask, inputIds.device());
    for (std::size_t i = 0; i < layers->size(); ++i)
        hidden = layers->ptr<LlamaDecoderLayerImpl>(i)->forward(hidden, cos, sin, blocked, cache, i);
    if (cache)
        cache->advance(length);
    return norm(hidden);
}

LlamaForCausalLMImpl::LlamaForCausalLMImpl(const ModelConfig &config) : CausalLM("model", config)
{
    model = register_module("model", LlamaModel(config));
    if (!config.tieWordEmbeddings)
        lm_head = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.hiddenSize, config.vocabSize).bias(false)));
}

torch::Tensor LlamaForCausalLMImpl::hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                 KvCache *cache, const torch::Tensor &positionIds)
{
    return model(inputIds, attentionMask, cache, positionIds);
}

torch::Tensor LlamaForCausalLMImpl::lmLogits(const torch::Tensor &hidden)
{
    return lm_head.is_empty() ? torch::linear(hidden, model->embed_tokens->weight) : lm_head(hidden);
}

bool LlamaForCausalLMImpl::isNormParameter(const std::string &name) const
{
    return name.find("layernorm.") != std::string::npos || name.rfind("model.norm.", 0) == 0;
}

// --- config and registry entry ----------------------------------------------------------------

namespace llama {

namespace {

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

} // namespace

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

Result<ModelConfig> parseConfig(const nlohmann::json &json, const std::string &source)
{
    ModelConfig c;
    c.raw = json;
    c.source = source;
    c.modelType = json.value("model_type", "llama");
    const ConfigReader reader(c.raw, source);
    if (auto r = parseLlamaFields(reader, c, Defaults{}); !r)
        return r.error();
    if (auto r = parseCommonConfig(reader, c); !r)
        return r.error();
    if (auto r = validateConfig(c); !r)
        return r.error();
    return c;
}

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config)
{
    return std::make_shared<LlamaForCausalLMImpl>(config);
}

std::vector<std::string> loraTargets()
{
    return {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
}

ArchitectureInfo info()
{
    ArchitectureInfo a;
    a.name = "llama";
    a.modelTypes = {"llama"};
    a.basePrefix = "model";
    a.baseClass = "LlamaModel";
    a.causalLmClass = "LlamaForCausalLM";
    a.parseConfig = &parseConfig;
    a.createCausalLM = &createCausalLM;
    a.loraTargets = loraTargets();
    a.usesTokenTypeIds = false;
    return a;
}

} // namespace llama
} // namespace hone

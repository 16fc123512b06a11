#include "core/models/arch/gpt2.h"

#include <cmath>

namespace hone {

namespace {

torch::nn::LayerNorm makeLayerNorm(std::int64_t size, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(eps));
}

torch::Tensor dropoutIf(const torch::Tensor &x, double p, bool training)
{
    return p > 0 && training ? torch::dropout(x, p, true) : x;
}

} // namespace

GPT2AttentionImpl::GPT2AttentionImpl(const ModelConfig &config)
    : m_heads(config.numHeads), m_headDim(config.headDim()), m_attentionDropout(config.attentionDropout),
      m_residualDropout(config.hiddenDropout)
{
    const std::int64_t hidden = config.hiddenSize;
    c_attn = register_module("c_attn", Projection(hidden, 3 * hidden, true, ProjectionLayout::Conv1D));
    c_proj = register_module("c_proj", Projection(hidden, hidden, true, ProjectionLayout::Conv1D));
}

torch::Tensor GPT2AttentionImpl::forward(const torch::Tensor &hidden, const torch::Tensor &blocked, KvCache *cache,
                                         std::size_t layer)
{
    const std::int64_t batch = hidden.size(0), length = hidden.size(1);
    const auto qkv = c_attn(hidden).split(m_heads * m_headDim, -1);
    auto heads = [&](const torch::Tensor &t) { return t.view({batch, length, m_heads, m_headDim}).transpose(1, 2); };
    torch::Tensor q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
    if (cache)
        std::tie(k, v) = cache->append(layer, k, v);
    const torch::Tensor attended = causalAttention(q, k, v, blocked, 1.0 / std::sqrt(static_cast<double>(m_headDim)),
                                                   m_attentionDropout, is_training());
    return dropoutIf(c_proj(attended), m_residualDropout, is_training());
}

GPT2MLPImpl::GPT2MLPImpl(const ModelConfig &config)
    : m_activation(activationFromName(config.hiddenAct)), m_dropout(config.hiddenDropout)
{
    c_fc = register_module("c_fc", Projection(config.hiddenSize, config.intermediateSize, true, ProjectionLayout::Conv1D));
    c_proj = register_module("c_proj",
                             Projection(config.intermediateSize, config.hiddenSize, true, ProjectionLayout::Conv1D));
}

torch::Tensor GPT2MLPImpl::forward(const torch::Tensor &x)
{
    return dropoutIf(c_proj(applyActivation(c_fc(x), m_activation)), m_dropout, is_training());
}

GPT2BlockImpl::GPT2BlockImpl(const ModelConfig &config)
{
    ln_1 = register_module("ln_1", makeLayerNorm(config.hiddenSize, config.layerNormEps));
    attn = register_module("attn", GPT2Attention(config));
    ln_2 = register_module("ln_2", makeLayerNorm(config.hiddenSize, config.layerNormEps));
    mlp = register_module("mlp", GPT2MLP(config));
}

torch::Tensor GPT2BlockImpl::forward(const torch::Tensor &hidden, const torch::Tensor &blocked, KvCache *cache,
                                     std::size_t layer)
{
    const torch::Tensor h = hidden + attn(ln_1(hidden), blocked, cache, layer);
    return h + mlp(ln_2(h));
}

GPT2ModelImpl::GPT2ModelImpl(const ModelConfig &config)
    : m_maxPositions(config.maxPositions), m_dropout(config.embeddingDropout)
{
    wte = register_module("wte", torch::nn::Embedding(torch::nn::EmbeddingOptions(config.vocabSize, config.hiddenSize)));
    wpe = register_module("wpe",
                          torch::nn::Embedding(torch::nn::EmbeddingOptions(config.maxPositions, config.hiddenSize)));
    h = register_module("h", torch::nn::ModuleList());
    for (int i = 0; i < config.numLayers; ++i)
        h->push_back(GPT2Block(config));
    ln_f = register_module("ln_f", makeLayerNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor GPT2ModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                     KvCache *cache, const torch::Tensor &positionIds)
{
    const std::int64_t past = cache ? cache->length : 0;
    checkDecoderInputs(inputIds, attentionMask, past, m_maxPositions);
    const std::int64_t length = inputIds.size(1);
    const torch::Tensor positions =
        positionIds.defined() ? positionIds : defaultPositions(past, length, inputIds.device());
    torch::Tensor hidden = dropoutIf(wte(inputIds) + wpe(positions), m_dropout, is_training());
    const torch::Tensor blocked = (length == 1 && !attentionMask.defined())
                                      ? torch::Tensor()
                                      : blockedAttention(length, past, attentionMask, inputIds.device());
    for (std::size_t i = 0; i < h->size(); ++i)
        hidden = h->ptr<GPT2BlockImpl>(i)->forward(hidden, blocked, cache, i);
    if (cache)
        cache->advance(length);
    return ln_f(hidden);
}

GPT2LMHeadModelImpl::GPT2LMHeadModelImpl(const ModelConfig &config) : CausalLM("transformer", config)
{
    transformer = register_module("transformer", GPT2Model(config));
    if (!config.tieWordEmbeddings)
        lm_head = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.hiddenSize, config.vocabSize).bias(false)));
}

torch::Tensor GPT2LMHeadModelImpl::hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                KvCache *cache, const torch::Tensor &positionIds)
{
    return transformer(inputIds, attentionMask, cache, positionIds);
}

torch::Tensor GPT2LMHeadModelImpl::lmLogits(const torch::Tensor &hidden)
{
    return lm_head.is_empty() ? torch::linear(hidden, transformer->wte->weight) : lm_head(hidden);
}

bool GPT2LMHeadModelImpl::isNormParameter(const std::string &name) const
{
    return name.find(".ln_") != std::string::npos;
}

namespace gpt2 {

Result<ModelConfig> parseConfig(const nlohmann::json &json, const std::string &source)
{
    ModelConfig c;
    c.raw = json;
    c.source = source;
    c.modelType = json.value("model_type", "gpt2");
    const ConfigReader r(c.raw, source);
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
    if (auto res = parseCommonConfig(r, c); !res)
        return res.error();
    if (auto res = validateConfig(c); !res)
        return res.error();
    return c;
}

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config)
{
    return std::make_shared<GPT2LMHeadModelImpl>(config);
}

ArchitectureInfo info()
{
    ArchitectureInfo a;
    a.name = "gpt2";
    a.modelTypes = {"gpt2"};
    a.basePrefix = "transformer";
    a.baseClass = "GPT2Model";
    a.causalLmClass = "GPT2LMHeadModel";
    a.parseConfig = &parseConfig;
    a.createCausalLM = &createCausalLM;
    a.loraTargets = {"c_attn", "c_proj", "c_fc"};
    a.usesTokenTypeIds = false;
    return a;
}

} // namespace gpt2
} // namespace hone

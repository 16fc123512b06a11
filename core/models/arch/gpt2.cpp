#include "core/models/arch/gpt2.h"

#include "core/models/layers/dropout.h"

#include <cmath>

namespace hone {

namespace {

torch::nn::LayerNorm makeLayerNorm(std::int64_t size, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(eps));
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

torch::Tensor GPT2AttentionImpl::forward(const torch::Tensor &hidden, const DecoderBatch &batch, KvCache *cache,
                                         std::size_t layer)
{
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
    const torch::Tensor qkvOut = c_attn(hidden);
    if (batch.bySequence() && qkvOut.scalar_type() == torch::kFloat && !(m_attentionDropout > 0 && is_training())) {
        // Rows in, rows out (float32, as Llama's): q, k and v are column slices of c_attn's rows, read in place.
        const auto qkv = qkvOut.reshape({-1, qkvOut.size(-1)}).split(m_heads * m_headDim, -1);
        const torch::Tensor attended =
            sequenceCausalAttention(qkv[0], qkv[1], qkv[2], batch.sequences, m_heads, m_heads, scale);
        return applyDropout(c_proj(attended).view(hidden.sizes()), m_residualDropout, is_training());
    }
    const TokenLayout &layout = batch.layout;
    // Projections run on hidden's layout; attention on [B, T].
    const auto qkv = layout.unpack(qkvOut).split(m_heads * m_headDim, -1);
    auto heads = [&](const torch::Tensor &t) {
        return t.view({layout.batch(), layout.length(), m_heads, m_headDim}).transpose(1, 2);
    };
    torch::Tensor q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
    if (cache)
        std::tie(k, v) = cache->append(layer, k, v);
    const torch::Tensor attended = causalAttention(q, k, v, batch.blocked, scale, m_attentionDropout, is_training());
    return applyDropout(c_proj(layout.pack(attended)), m_residualDropout, is_training());
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
    return applyDropout(c_proj(applyActivation(c_fc(x), m_activation)), m_dropout, is_training());
}

GPT2BlockImpl::GPT2BlockImpl(const ModelConfig &config)
{
    ln_1 = register_module("ln_1", makeLayerNorm(config.hiddenSize, config.layerNormEps));
    attn = register_module("attn", GPT2Attention(config));
    ln_2 = register_module("ln_2", makeLayerNorm(config.hiddenSize, config.layerNormEps));
    mlp = register_module("mlp", GPT2MLP(config));
}

torch::Tensor GPT2BlockImpl::forward(const torch::Tensor &hidden, const DecoderBatch &batch, KvCache *cache,
                                     std::size_t layer)
{
    const torch::Tensor h = hidden + attn(ln_1(hidden), batch, cache, layer);
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
                                     KvCache *cache, const torch::Tensor &positionIds, bool skipPadding)
{
    const std::int64_t past = cache ? cache->length : 0;
    checkDecoderInputs(inputIds, attentionMask, past, m_maxPositions);
    const std::int64_t length = inputIds.size(1);
    const torch::Tensor positions =
        positionIds.defined() ? positionIds : defaultPositions(past, length, inputIds.device());
    const DecoderBatch batch = DecoderBatch::of(inputIds, attentionMask, cache, skipPadding);
    torch::Tensor hidden =
        applyDropout(batch.layout.pack(wte(inputIds) + wpe(positions)), m_dropout, is_training());
    for (std::size_t i = 0; i < h->size(); ++i)
        hidden = h->ptr<GPT2BlockImpl>(i)->forward(hidden, batch, cache, i);
    if (cache)
        cache->advance(length);
    return batch.layout.unpack(ln_f(hidden));
}

GPT2LMHeadModelImpl::GPT2LMHeadModelImpl(const ModelConfig &config) : CausalLM("transformer", config)
{
    transformer = register_module("transformer", GPT2Model(config));
    if (!config.tieWordEmbeddings)
        lm_head = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.hiddenSize, config.vocabSize).bias(false)));
}

torch::Tensor GPT2LMHeadModelImpl::decode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                          KvCache *cache, const torch::Tensor &positionIds, bool skipPadding)
{
    return transformer(inputIds, attentionMask, cache, positionIds, skipPadding);
}

torch::Tensor GPT2LMHeadModelImpl::lmHeadWeight()
{
    return lm_head.is_empty() ? transformer->wte->weight : lm_head->weight;
}

bool GPT2LMHeadModelImpl::isNormParameter(const std::string &name) const
{
    return name.find(".ln_") != std::string::npos;
}

namespace gpt2 {

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config)
{
    return std::make_shared<GPT2LMHeadModelImpl>(config);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("gpt2"), &createCausalLM);
}

} // namespace gpt2
} // namespace hone

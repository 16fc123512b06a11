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
    shareWeightStorage({q_proj.get(), k_proj.get(), v_proj.get()});
}

torch::Tensor LlamaAttentionImpl::forward(const torch::Tensor &hidden, const torch::Tensor &cos,
                                          const torch::Tensor &sin, const DecoderBatch &batch, KvCache *cache,
                                          std::size_t layer)
{
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
    const std::vector<torch::Tensor> qkv = forwardTogether(hidden, {q_proj.get(), k_proj.get(), v_proj.get()});
    const torch::Tensor &qOut = qkv[0], &kOut = qkv[1], &vOut = qkv[2];
    // float32 rows: attention sequence by sequence. Under bf16 autocast the padded bf16 products
    // stay: in two quick SFT pairs (not a bench) they beat float32 products on the real tokens.
    if (batch.bySequence() && qOut.scalar_type() == torch::kFloat && !(m_dropout > 0 && is_training())) {
        const torch::Tensor c = batch.rows(cos), s = batch.rows(sin);
        auto rotated = [&](const torch::Tensor &t, std::int64_t n) {
            return applyRope(t.reshape({c.size(0), n, m_headDim}), c, s).view({c.size(0), n * m_headDim});
        };
        const torch::Tensor attended = sequenceCausalAttention(rotated(qOut, m_heads), rotated(kOut, m_kvHeads),
                                                               vOut.reshape({c.size(0), -1}), batch.sequences, m_heads,
                                                               m_kvHeads, scale);
        return o_proj(attended).view(hidden.sizes());
    }
    const TokenLayout &layout = batch.layout;
    // Projections run on hidden's layout; attention (and RoPE, per position) on [B, T].
    auto heads = [&](const torch::Tensor &t, std::int64_t n) {
        return layout.unpack(t).view({layout.batch(), layout.length(), n, m_headDim}).transpose(1, 2);
    };
    torch::Tensor q = applyRope(heads(qOut, m_heads), cos, sin);
    torch::Tensor k = applyRope(heads(kOut, m_kvHeads), cos, sin);
    torch::Tensor v = heads(vOut, m_kvHeads);
    if (cache)
        std::tie(k, v) = cache->append(layer, k, v);
    const torch::Tensor attended = causalAttention(q, k, v, batch.blocked, scale, m_dropout, is_training());
    return o_proj(layout.pack(attended));
}

LlamaMLPImpl::LlamaMLPImpl(const ModelConfig &config) : m_activation(activationFromName(config.hiddenAct))
{
    gate_proj = register_module("gate_proj", Projection(config.hiddenSize, config.intermediateSize, config.mlpBias));
    up_proj = register_module("up_proj", Projection(config.hiddenSize, config.intermediateSize, config.mlpBias));
    down_proj = register_module("down_proj", Projection(config.intermediateSize, config.hiddenSize, config.mlpBias));
    shareWeightStorage({gate_proj.get(), up_proj.get()});
}

torch::Tensor LlamaMLPImpl::forward(const torch::Tensor &x)
{
    const std::vector<torch::Tensor> gateUp = forwardTogether(x, {gate_proj.get(), up_proj.get()});
    return down_proj(applyActivation(gateUp[0], m_activation) * gateUp[1]);
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
                                             const torch::Tensor &sin, const DecoderBatch &batch, KvCache *cache,
                                             std::size_t layer)
{
    const torch::Tensor h = hidden + self_attn(input_layernorm(hidden), cos, sin, batch, cache, layer);
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
                                      KvCache *cache, const torch::Tensor &positionIds, bool skipPadding)
{
    const std::int64_t past = cache ? cache->length : 0;
    checkDecoderInputs(inputIds, attentionMask, past, m_maxPositions);
    const std::int64_t length = inputIds.size(1);
    const DecoderBatch batch = DecoderBatch::of(inputIds, attentionMask, cache, skipPadding);
    torch::Tensor hidden = batch.layout.pack(embed_tokens(inputIds));
    const torch::Tensor positions =
        positionIds.defined() ? positionIds : defaultPositions(past, length, inputIds.device());
    const auto [cos, sin] = ropeCosSin(m_inverseFrequencies, positions, hidden.scalar_type());
    for (std::size_t i = 0; i < layers->size(); ++i)
        hidden = layers->ptr<LlamaDecoderLayerImpl>(i)->forward(hidden, cos, sin, batch, cache, i);
    if (cache)
        cache->advance(length);
    return batch.layout.unpack(norm(hidden));
}

LlamaForCausalLMImpl::LlamaForCausalLMImpl(const ModelConfig &config) : CausalLM("model", config)
{
    model = register_module("model", LlamaModel(config));
    if (!config.tieWordEmbeddings)
        lm_head = register_module(
            "lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.hiddenSize, config.vocabSize).bias(false)));
}

torch::Tensor LlamaForCausalLMImpl::decode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                           KvCache *cache, const torch::Tensor &positionIds, bool skipPadding)
{
    return model(inputIds, attentionMask, cache, positionIds, skipPadding);
}

torch::Tensor LlamaForCausalLMImpl::lmHeadWeight()
{
    return lm_head.is_empty() ? model->embed_tokens->weight : lm_head->weight;
}

bool LlamaForCausalLMImpl::isNormParameter(const std::string &name) const
{
    return name.find("layernorm.") != std::string::npos || name.rfind("model.norm.", 0) == 0;
}

// --- config and registry entry ----------------------------------------------------------------

namespace llama {

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config)
{
    return std::make_shared<LlamaForCausalLMImpl>(config);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("llama"), &createCausalLM);
}

} // namespace llama
} // namespace hone

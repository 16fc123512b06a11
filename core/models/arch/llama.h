#pragma once
// Llama (Touvron et al. 2023) as Hugging Face's modeling_llama implements it: RMSNorm, rotary
// position embeddings (with Llama 3's rope_scaling), SwiGLU MLP, grouped-query attention, tied or
// untied embeddings. SmolLM2, TinyLlama and Llama 2/3 are this architecture; Qwen2 reuses it with
// q/k/v biases. Module names are LlamaForCausalLM's checkpoint keys:
//   model.embed_tokens   model.layers.N.self_attn.{q,k,v,o}_proj   model.layers.N.mlp.{gate,up,down}_proj
//   model.layers.N.{input_layernorm,post_attention_layernorm}   model.norm   lm_head (untied only)
#include "core/models/architecture.h"
#include "core/models/causallm.h"
#include "core/models/layers/transformerops.h"

#include <torch/torch.h>

namespace hone {

class LlamaAttentionImpl : public torch::nn::Module {
public:
    explicit LlamaAttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &cos, const torch::Tensor &sin,
                          const DecoderBatch &batch, KvCache *cache, std::size_t layer);

    Projection q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

private:
    std::int64_t m_heads, m_kvHeads, m_headDim;
    double m_dropout;
};
TORCH_MODULE(LlamaAttention);

class LlamaMLPImpl : public torch::nn::Module {
public:
    explicit LlamaMLPImpl(const ModelConfig &config);
    // down(act(gate(x)) * up(x))
    torch::Tensor forward(const torch::Tensor &x);

    Projection gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};

private:
    Activation m_activation;
};
TORCH_MODULE(LlamaMLP);

class LlamaDecoderLayerImpl : public torch::nn::Module {
public:
    explicit LlamaDecoderLayerImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &cos, const torch::Tensor &sin,
                          const DecoderBatch &batch, KvCache *cache, std::size_t layer);

    LlamaAttention self_attn{nullptr};
    LlamaMLP mlp{nullptr};
    RMSNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
};
TORCH_MODULE(LlamaDecoderLayer);

class LlamaModelImpl : public torch::nn::Module {
public:
    explicit LlamaModelImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                          const torch::Tensor &positionIds, bool skipPadding);

    torch::nn::Embedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RMSNorm norm{nullptr};

private:
    torch::Tensor m_inverseFrequencies; // not a parameter: HF's non-persistent rotary_emb.inv_freq
    std::int64_t m_maxPositions;
};
TORCH_MODULE(LlamaModel);

// LlamaForCausalLM (and Qwen2ForCausalLM).
class LlamaForCausalLMImpl : public CausalLM {
public:
    explicit LlamaForCausalLMImpl(const ModelConfig &config);

    torch::Tensor decode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                         const torch::Tensor &positionIds, bool skipPadding) override;
    std::vector<std::string> embeddingPrefixes() const override { return {"model.embed_tokens."}; }
    std::string layerPrefix(int layer) const override { return "model.layers." + std::to_string(layer) + "."; }
    bool isNormParameter(const std::string &name) const override;

    LlamaModel model{nullptr};
    torch::nn::Linear lm_head{nullptr};

protected:
    torch::Tensor lmHeadWeight() override;
};

namespace llama {

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config);
ArchitectureInfo info();

} // namespace llama
} // namespace hone

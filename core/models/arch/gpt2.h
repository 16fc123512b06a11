#pragma once
// GPT-2 (Radford et al. 2019) as Hugging Face's modeling_gpt2 implements it: learned positions,
// pre-LayerNorm blocks, fused q/k/v, Conv1D projections (weights stored [in, out]), tied LM head.
// Module names are GPT2LMHeadModel's checkpoint keys:
//   transformer.{wte,wpe}   transformer.h.N.{ln_1,ln_2}   transformer.h.N.attn.{c_attn,c_proj}
//   transformer.h.N.mlp.{c_fc,c_proj}   transformer.ln_f   (lm_head = wte)
#include "core/models/architecture.h"
#include "core/models/causallm.h"
#include "core/models/layers/transformerops.h"

#include <torch/torch.h>

namespace hone {

class GPT2AttentionImpl : public torch::nn::Module {
public:
    explicit GPT2AttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const DecoderBatch &batch, KvCache *cache, std::size_t layer);

    Projection c_attn{nullptr}, c_proj{nullptr};

private:
    std::int64_t m_heads, m_headDim;
    double m_attentionDropout, m_residualDropout;
};
TORCH_MODULE(GPT2Attention);

class GPT2MLPImpl : public torch::nn::Module {
public:
    explicit GPT2MLPImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);

    Projection c_fc{nullptr}, c_proj{nullptr};

private:
    Activation m_activation;
    double m_dropout;
};
TORCH_MODULE(GPT2MLP);

class GPT2BlockImpl : public torch::nn::Module {
public:
    explicit GPT2BlockImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const DecoderBatch &batch, KvCache *cache, std::size_t layer);

    torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
    GPT2Attention attn{nullptr};
    GPT2MLP mlp{nullptr};
};
TORCH_MODULE(GPT2Block);

class GPT2ModelImpl : public torch::nn::Module {
public:
    explicit GPT2ModelImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                          const torch::Tensor &positionIds, bool skipPadding);

    torch::nn::Embedding wte{nullptr}, wpe{nullptr};
    torch::nn::ModuleList h{nullptr};
    torch::nn::LayerNorm ln_f{nullptr};

private:
    std::int64_t m_maxPositions;
    double m_dropout;
};
TORCH_MODULE(GPT2Model);

// GPT2LMHeadModel.
class GPT2LMHeadModelImpl : public CausalLM {
public:
    explicit GPT2LMHeadModelImpl(const ModelConfig &config);

    torch::Tensor decode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                         const torch::Tensor &positionIds, bool skipPadding) override;
    std::vector<std::string> embeddingPrefixes() const override { return {"transformer.wte.", "transformer.wpe."}; }
    std::string layerPrefix(int layer) const override { return "transformer.h." + std::to_string(layer) + "."; }
    bool isNormParameter(const std::string &name) const override;

    GPT2Model transformer{nullptr};
    torch::nn::Linear lm_head{nullptr};

protected:
    torch::Tensor lmHeadWeight() override;
};

namespace gpt2 {

std::shared_ptr<CausalLM> createCausalLM(const ModelConfig &config);
ArchitectureInfo info();

} // namespace gpt2
} // namespace hone

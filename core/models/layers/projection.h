#pragma once
// Projection: a linear layer with the parameters of torch::nn::Linear ("weight" [out, in], "bias"
// [out]), so checkpoint names stay Hugging Face's, plus an optional LoRA adapter (Hu et al. 2021,
// as PEFT implements it): "lora_A.weight" [r, in] (Kaiming-uniform), "lora_B.weight" [out, r]
// (zeros), and forward adds dropout(x) A^T B^T * alpha / r. Every attention projection that LoRA
// may target (query/key/value, DistilBERT's q_lin/k_lin/v_lin) is one of these.
#include <torch/torch.h>

#include <cstdint>

namespace hone {

struct LoraOptions {
    int rank = 8;
    double alpha = 16;
    double dropout = 0.0;
    std::uint64_t seed = 0;
};

class ProjectionImpl : public torch::nn::Module {
public:
    ProjectionImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias = true);

    torch::Tensor forward(const torch::Tensor &x);

    // Adds a fresh adapter (B = 0, so the output is unchanged until B is trained). The base
    // weight and bias keep requires_grad as they are; callers freeze them.
    void enableLoRA(const LoraOptions &options);
    void enableLoRA(int rank, double alpha, double dropout, std::uint64_t seed)
    {
        enableLoRA(LoraOptions{rank, alpha, dropout, seed});
    }
    // Folds scaling * B A into weight and removes the adapter.
    void mergeLoRA();
    bool hasLoRA() const { return !m_loraA.is_empty(); }
    // weight + scaling * B A without changing the module (export of a model still training).
    torch::Tensor mergedWeight() const;

    torch::nn::Linear loraA() const { return m_loraA; }
    torch::nn::Linear loraB() const { return m_loraB; }
    double loraScaling() const { return m_scaling; }
    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }

    torch::Tensor weight;
    torch::Tensor bias;

private:
    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    torch::nn::Linear m_loraA{nullptr};
    torch::nn::Linear m_loraB{nullptr};
    double m_scaling = 0;
    double m_dropout = 0;
};
TORCH_MODULE(Projection);

} // namespace hone

#pragma once
// Projection: a linear layer with the parameters of torch::nn::Linear ("weight" [out, in], "bias"
// [out]), so checkpoint names stay Hugging Face's, plus an optional LoRA adapter (Hu et al. 2021,
// as PEFT implements it): "lora_A.weight" [r, in] (Kaiming-uniform), "lora_B.weight" [out, r]
// (zeros), and forward adds dropout(x) A^T B^T * alpha / r. Every projection that LoRA may target
// (query/key/value, DistilBERT's q_lin/k_lin/v_lin, the decoders' q/k/v/o and MLP projections) is
// one of these. GPT-2's Conv1D stores its weight transposed ([in, out]); the Conv1D layout keeps
// that checkpoint shape while LoRA stays [r, in] / [out, r] (PEFT's fan_in_fan_out).
// packForDecoding keeps a bf16 / Q8_0 copy of the weight that decoding steps (eval, no gradients,
// a few rows) read instead; an adapter's product is added to it as to the float32 one.
#include "core/models/layers/packedweight.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace hone {

struct LoraOptions {
    int rank = 8;
    double alpha = 16;
    double dropout = 0.0;
    std::uint64_t seed = 0;
};

enum class ProjectionLayout { Linear, Conv1D };

class ProjectionImpl : public torch::nn::Module {
public:
    ProjectionImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool bias = true,
                   ProjectionLayout layout = ProjectionLayout::Linear);

    torch::Tensor forward(const torch::Tensor &x);
    // The base product for a decoding step through the packed weight, or undefined (packedweight.h).
    torch::Tensor decoded(const torch::Tensor &x);
    // y (the base product for x) plus the adapter's product, if there is one.
    torch::Tensor addAdapter(const torch::Tensor &x, const torch::Tensor &y);

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
    // weight + scaling * B A (in the weight's own layout) without changing the module (export of a
    // model still training).
    torch::Tensor mergedWeight() const;
    ProjectionLayout layout() const { return m_layout; }
    // How decoding steps read the base weight (F32: in place, bf16/q8_0: a copy); see packedweight.h.
    void packForDecoding(WeightFormat format);
    // The packed weight when there is one and it is current (packedweight.h); else nullptr.
    const PackedWeight *packedWeight() const;

    torch::nn::Linear loraA() const { return m_loraA; }
    torch::nn::Linear loraB() const { return m_loraB; }
    double loraScaling() const { return m_scaling; }
    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }

    torch::Tensor weight;
    torch::Tensor bias;

private:
    // x W^T + b with the float32 weight, in the layout's own form.
    torch::Tensor baseForward(const torch::Tensor &x) const;
    // scaling * B A in the weight's layout.
    torch::Tensor loraDelta() const;
    std::vector<std::int64_t> outputShape(const torch::Tensor &x) const;

    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    ProjectionLayout m_layout = ProjectionLayout::Linear;
    torch::nn::Linear m_loraA{nullptr};
    torch::nn::Linear m_loraB{nullptr};
    double m_scaling = 0;
    double m_dropout = 0;
    std::shared_ptr<PackedWeight> m_packed;
};
TORCH_MODULE(Projection);

// Projections of one input (q/k/v, gate/up): their weights, and their biases if all have one,
// become consecutive rows of one tensor. Loading copies into them in place, so they stay so.
void shareWeightStorage(const std::vector<ProjectionImpl *> &projections);
// Each projection's forward(x). While the weights are frozen and still share storage (LoRA
// training, evaluation), one product computes them all: one GEMM with a wider output runs faster
// than three, forward and backward.
std::vector<torch::Tensor> forwardTogether(const torch::Tensor &x, const std::vector<ProjectionImpl *> &projections);

} // namespace hone

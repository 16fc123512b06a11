#include "core/models/layers/projection.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace hone {

ProjectionImpl::ProjectionImpl(std::int64_t inFeatures, std::int64_t outFeatures, bool withBias, ProjectionLayout layout)
    : m_in(inFeatures), m_out(outFeatures), m_layout(layout)
{
    // torch.nn.Linear's initialisation (Kaiming-uniform with a = sqrt(5) reduces to U(-1/sqrt(in), 1/sqrt(in))).
    const double bound = inFeatures > 0 ? 1.0 / std::sqrt(static_cast<double>(inFeatures)) : 0.0;
    const std::vector<std::int64_t> shape = layout == ProjectionLayout::Conv1D
                                                ? std::vector<std::int64_t>{inFeatures, outFeatures}
                                                : std::vector<std::int64_t>{outFeatures, inFeatures};
    weight = register_parameter("weight", torch::empty(shape).uniform_(-bound, bound));
    if (withBias)
        bias = register_parameter("bias", torch::empty({outFeatures}).uniform_(-bound, bound));
}

torch::Tensor ProjectionImpl::forward(const torch::Tensor &x)
{
    torch::Tensor y = decodeLinear(m_packed, x, weight, bias, is_training());
    if (!y.defined())
        y = baseForward(x);
    if (!hasLoRA())
        return y;
    const torch::Tensor input = (m_dropout > 0 && is_training()) ? torch::dropout(x, m_dropout, true) : x;
    // y + B(A x) * scaling as one product accumulating into y: no [N, out] temporaries for the
    // scaling and the sum, forward or backward.
    const torch::Tensor down = m_loraA(input);
    return torch::addmm(y.reshape({-1, m_out}), down.reshape({-1, down.size(-1)}), m_loraB->weight.t(), 1, m_scaling)
        .view(y.sizes());
}

torch::Tensor ProjectionImpl::baseForward(const torch::Tensor &x) const
{
    if (m_layout == ProjectionLayout::Linear)
        return torch::linear(x, weight, bias);
    if (bias.defined())
        return torch::addmm(bias, x.reshape({-1, m_in}), weight).view(outputShape(x));
    return torch::matmul(x, weight);
}

void ProjectionImpl::packForDecoding(WeightFormat format)
{
    updatePackedWeight(m_packed, weight, format, m_layout == ProjectionLayout::Conv1D);
}

const PackedWeight *ProjectionImpl::packedWeight() const
{
    return m_packed && m_packed->isCurrent(weight) ? m_packed.get() : nullptr;
}

void ProjectionImpl::enableLoRA(const LoraOptions &options)
{
    TORCH_CHECK(options.rank > 0, "LoRA rank must be positive, got ", options.rank);
    TORCH_CHECK(options.alpha > 0, "LoRA alpha must be positive, got ", options.alpha);
    TORCH_CHECK(options.dropout >= 0 && options.dropout < 1, "LoRA dropout must be in [0, 1), got ", options.dropout);
    if (hasLoRA()) {
        unregister_module("lora_A");
        unregister_module("lora_B");
    }
    torch::NoGradGuard noGrad;
    m_loraA = register_module("lora_A", torch::nn::Linear(torch::nn::LinearOptions(m_in, options.rank).bias(false)));
    m_loraB = register_module("lora_B", torch::nn::Linear(torch::nn::LinearOptions(options.rank, m_out).bias(false)));
    // PEFT: kaiming_uniform_(A, a=sqrt(5)) = U(-1/sqrt(in), 1/sqrt(in)); B = 0. Seeded per projection.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(m_in));
    m_loraA->weight.uniform_(-bound, bound, generator);
    m_loraB->weight.zero_();
    m_loraA->to(weight.device(), weight.scalar_type());
    m_loraB->to(weight.device(), weight.scalar_type());
    m_scaling = options.alpha / options.rank;
    m_dropout = options.dropout;
}

torch::Tensor ProjectionImpl::mergedWeight() const
{
    if (!hasLoRA())
        return weight;
    torch::NoGradGuard noGrad;
    return weight + loraDelta();
}

torch::Tensor ProjectionImpl::loraDelta() const
{
    const torch::Tensor delta = torch::matmul(m_loraB->weight, m_loraA->weight) * m_scaling; // [out, in]
    return m_layout == ProjectionLayout::Conv1D ? delta.t() : delta;
}

std::vector<std::int64_t> ProjectionImpl::outputShape(const torch::Tensor &x) const
{
    std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = m_out;
    return shape;
}

void ProjectionImpl::mergeLoRA()
{
    if (!hasLoRA())
        return;
    {
        torch::NoGradGuard noGrad;
        weight.add_(loraDelta());
    }
    unregister_module("lora_A");
    unregister_module("lora_B");
    m_loraA = nullptr;
    m_loraB = nullptr;
    m_scaling = 0;
    m_dropout = 0;
}

} // namespace hone

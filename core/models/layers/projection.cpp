#include "core/models/layers/projection.h"

#include "core/models/layers/dropout.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
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
    const torch::Tensor y = decoded(x);
    return addAdapter(x, y.defined() ? y : baseForward(x));
}

torch::Tensor ProjectionImpl::decoded(const torch::Tensor &x)
{
    return decodeLinear(m_packed, x, weight, bias, is_training());
}

torch::Tensor ProjectionImpl::addAdapter(const torch::Tensor &x, const torch::Tensor &y)
{
    if (!hasLoRA())
        return y;
    const torch::Tensor input = applyDropout(x, m_dropout, is_training());
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

namespace {

// Whether the tensors lie one after another in one storage, each contiguous.
bool consecutive(const std::vector<torch::Tensor> &tensors)
{
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const torch::Tensor &t = tensors[i];
        if (!t.defined() || !t.is_contiguous() || t.scalar_type() != tensors[0].scalar_type())
            return false;
        if (i > 0 && (!t.is_alias_of(tensors[0]) ||
                      t.storage_offset() != tensors[i - 1].storage_offset() + tensors[i - 1].numel()))
            return false;
    }
    return true;
}

// The rows of `parts` (consecutive) as one [sum of rows, ...] tensor.
torch::Tensor joined(const std::vector<torch::Tensor> &parts)
{
    std::vector<std::int64_t> sizes = parts[0].sizes().vec();
    sizes[0] = 0;
    for (const torch::Tensor &part : parts)
        sizes[0] += part.size(0);
    return parts[0].as_strided(sizes, c10::contiguous_strides(sizes), parts[0].storage_offset());
}

void moveIntoOne(const std::vector<torch::Tensor> &parts)
{
    const torch::Tensor one = torch::cat(parts);
    std::int64_t offset = 0;
    for (torch::Tensor part : parts) {
        part.set_(one.storage(), offset, part.sizes(), part.strides());
        offset += part.numel();
    }
}

} // namespace

void shareWeightStorage(const std::vector<ProjectionImpl *> &projections)
{
    std::vector<torch::Tensor> weights, biases;
    for (ProjectionImpl *p : projections) {
        TORCH_CHECK(p->layout() == ProjectionLayout::Linear && p->inFeatures() == projections[0]->inFeatures(),
                    "only Linear projections of one input share storage");
        weights.push_back(p->weight);
        if (p->bias.defined())
            biases.push_back(p->bias);
    }
    torch::NoGradGuard noGrad;
    moveIntoOne(weights);
    if (biases.size() == projections.size())
        moveIntoOne(biases);
}

std::vector<torch::Tensor> forwardTogether(const torch::Tensor &x, const std::vector<ProjectionImpl *> &projections)
{
    std::vector<torch::Tensor> weights, biases, outputs;
    // A decoding step reads each packed weight; longer inputs take the one product.
    for (ProjectionImpl *p : projections) {
        const torch::Tensor y = p->decoded(x);
        if (!y.defined())
            break;
        outputs.push_back(p->addAdapter(x, y));
    }
    if (outputs.size() == projections.size())
        return outputs;
    outputs.clear();
    std::vector<std::int64_t> widths;
    for (ProjectionImpl *p : projections) {
        weights.push_back(p->weight);
        biases.push_back(p->bias);
        widths.push_back(p->outFeatures());
    }
    // A trained weight needs its own gradient, which a view of the joined tensor would not give it.
    const bool gradients = torch::GradMode::is_enabled();
    const bool together =
        consecutive(weights) && (!biases[0].defined() || consecutive(biases)) &&
        std::none_of(projections.begin(), projections.end(), [&](const ProjectionImpl *p) {
            return gradients && (p->weight.requires_grad() || (p->bias.defined() && p->bias.requires_grad()));
        });
    if (!together) {
        for (ProjectionImpl *p : projections)
            outputs.push_back(p->forward(x));
        return outputs;
    }
    const torch::Tensor all = torch::linear(x, joined(weights), biases[0].defined() ? joined(biases) : torch::Tensor());
    const std::vector<torch::Tensor> parts = all.split_with_sizes(widths, -1);
    for (std::size_t i = 0; i < projections.size(); ++i)
        outputs.push_back(projections[i]->addAdapter(x, parts[i]));
    return outputs;
}

} // namespace hone

#include "core/models/layers/lmheadloss.h"

#include "core/models/modelfamily.h"

#include <algorithm>

namespace hone {

namespace {

// Rows per slice: about kLmHeadSliceBytes of float32 logits, so a slice's buffers stay in malloc's
// heap and are reused slice after slice.
std::int64_t sliceRows(std::int64_t vocab)
{
    return std::max<std::int64_t>(16, kLmHeadSliceBytes / (vocab * static_cast<std::int64_t>(sizeof(float))));
}

struct SliceResult {
    torch::Tensor total, gradHidden, gradWeight;
};

// The loss over every slice, and the gradients asked for (of the sum, for each input).
SliceResult lossBySlices(const torch::Tensor &hidden, const torch::Tensor &weight, const torch::Tensor &labels,
                         bool wantHidden, bool wantWeight)
{
    const std::int64_t rows = hidden.size(0), step = sliceRows(weight.size(0));
    SliceResult out;
    out.total = torch::zeros({}, hidden.options().dtype(torch::kFloat64));
    if (wantHidden)
        out.gradHidden = torch::empty_like(hidden);
    if (wantWeight)
        out.gradWeight = torch::zeros_like(weight);
    for (std::int64_t begin = 0; begin < rows; begin += step) {
        const std::int64_t end = std::min(rows, begin + step);
        const torch::Tensor h = hidden.slice(0, begin, end);
        const torch::Tensor target = labels.slice(0, begin, end).unsqueeze(1);
        torch::Tensor logits = torch::linear(h, weight).to(torch::kFloat32);
        const torch::Tensor logSumExp = logits.logsumexp(1, /*keepdim=*/true);
        out.total += (logSumExp - logits.gather(1, target)).sum();
        if (!wantHidden && !wantWeight)
            continue;
        // d loss / d logits = softmax - one-hot, made in the logits' own buffer.
        torch::Tensor gradLogits = logits.sub_(logSumExp).exp_();
        gradLogits.scatter_add_(1, target, torch::full_like(target, -1, gradLogits.options()));
        if (wantHidden)
            out.gradHidden.slice(0, begin, end).copy_(torch::mm(gradLogits, weight));
        if (wantWeight)
            out.gradWeight.add_(torch::mm(gradLogits.t(), h));
    }
    return out;
}

// The gradients are computed in the forward, where each slice's logits exist anyway; backward only
// scales them by the incoming gradient (a scalar: the loss is a sum).
class LmHeadLoss : public torch::autograd::Function<LmHeadLoss> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext *ctx, const torch::Tensor &hidden,
                                 const torch::Tensor &weight, const torch::Tensor &labels)
    {
        SliceResult result = lossBySlices(hidden, weight, labels, hidden.requires_grad(), weight.requires_grad());
        ctx->saved_data["hidden"] = result.gradHidden;
        ctx->saved_data["weight"] = result.gradWeight;
        return result.total.to(torch::kFloat32);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const torch::Tensor g = gradOutputs[0];
        const torch::Tensor gradHidden = ctx->saved_data["hidden"].toTensor();
        const torch::Tensor gradWeight = ctx->saved_data["weight"].toTensor();
        return {gradHidden.defined() ? gradHidden * g : torch::Tensor(),
                gradWeight.defined() ? gradWeight * g : torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor lmHeadLossSum(const torch::Tensor &hidden, const torch::Tensor &weight, const torch::Tensor &labels)
{
    if (torch::GradMode::is_enabled() && (hidden.requires_grad() || weight.requires_grad()))
        return LmHeadLoss::apply(hidden, weight, labels);
    return lossBySlices(hidden, weight, labels, false, false).total.to(torch::kFloat32);
}

} // namespace hone

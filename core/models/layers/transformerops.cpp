#include "core/models/layers/transformerops.h"

#include "core/models/layers/batchedmatmul.h"
#include "core/models/layers/dropout.h"

#include <cmath>
#include <limits>

namespace hone {

Activation activationFromName(const std::string &name)
{
    if (name == "gelu")
        return Activation::Gelu;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return Activation::GeluTanh;
    if (name == "quick_gelu")
        return Activation::QuickGelu;
    if (name == "relu")
        return Activation::Relu;
    if (name == "silu" || name == "swish")
        return Activation::Silu;
    if (name == "tanh")
        return Activation::Tanh;
    TORCH_CHECK(false, "unsupported activation \"", name, "\"");
}

torch::Tensor applyActivation(const torch::Tensor &x, Activation activation)
{
    switch (activation) {
    case Activation::Gelu: return torch::gelu(x);
    case Activation::GeluTanh: return torch::gelu(x, "tanh");
    case Activation::QuickGelu: return x * torch::sigmoid(1.702 * x);
    case Activation::Relu: return torch::relu(x);
    case Activation::Silu: return torch::silu(x);
    case Activation::Tanh: return torch::tanh(x);
    }
    return x;
}

torch::Tensor additiveAttentionMask(const torch::Tensor &attentionMask, torch::ScalarType dtype)
{
    if (!attentionMask.defined())
        return {};
    const double lowest = dtype == torch::kBFloat16 ? -3.3895313892515355e38
                          : dtype == torch::kHalf   ? -65504.0
                          : dtype == torch::kDouble ? std::numeric_limits<double>::lowest()
                                                    : static_cast<double>(std::numeric_limits<float>::lowest());
    // (1 - mask) * lowest, shaped to broadcast over heads and query positions.
    torch::Tensor blocked = attentionMask.eq(0).unsqueeze(1).unsqueeze(2);
    return torch::zeros(blocked.sizes(), torch::TensorOptions().dtype(dtype).device(attentionMask.device()))
        .masked_fill_(blocked, lowest);
}

AttentionBatch AttentionBatch::of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding,
                                  torch::ScalarType dtype)
{
    return {TokenLayout::of(inputIds, attentionMask, skipPadding), additiveAttentionMask(attentionMask, dtype)};
}

AttentionBatch AttentionBatch::lastLayer(EncoderOutputs outputs) const
{
    AttentionBatch last = *this;
    last.outputs = outputs;
    last.firstTokenQueries = outputs == EncoderOutputs::FirstToken && layout.firstTokensReal();
    return last;
}

torch::Tensor AttentionBatch::queries(const torch::Tensor &hidden) const
{
    return firstTokenQueries ? layout.firstTokens(hidden) : hidden;
}

torch::Tensor AttentionBatch::output(const torch::Tensor &last) const
{
    if (firstTokenQueries)
        return last;
    const torch::Tensor all = layout.unpack(last);
    return outputs == EncoderOutputs::FirstToken ? all.narrow(1, 0, 1) : all;
}

namespace {

// q [B, Tq, H] (Tq: T, or 1 for first-token queries), k and v [B, T, H]; mask [B, 1, 1, T].
torch::Tensor paddedAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                              std::int64_t numHeads, const torch::Tensor &additiveMask, double dropout, bool training)
{
    const std::int64_t batchSize = q.size(0), hidden = q.size(2);
    const std::int64_t headDim = hidden / numHeads;
    auto split = [&](const torch::Tensor &t) { return t.view({batchSize, t.size(1), numHeads, headDim}).transpose(1, 2); };
    const torch::Tensor qh = split(q), kh = split(k), vh = split(v); // [B, N, T, D]
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    torch::Tensor scores = batchedMatmul(qh, kh.transpose(-1, -2)); // [B, N, Tq, T]
    if (additiveMask.defined())
        scores = torch::add(additiveMask, scores, scale); // mask + scale * scores in one pass
    else
        scores.mul_(scale);
    const torch::Tensor probs = torch::softmax(scores, -1);
    return batchedMatmul(applyDropout(probs, dropout, training), vh).transpose(1, 2).reshape({batchSize, q.size(1), hidden});
}

} // namespace

torch::Tensor multiHeadAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 std::int64_t numHeads, const AttentionBatch &batch, double dropout, bool training)
{
    const TokenLayout &layout = batch.layout;
    if (!layout.packed())
        return paddedAttention(q, k, v, numHeads, batch.additiveMask, dropout, training);
    // First-token queries are [B, 1, H] already, and so is their result.
    const torch::Tensor out = paddedAttention(batch.firstTokenQueries ? q : layout.unpack(q), layout.unpack(k),
                                              layout.unpack(v), numHeads, batch.additiveMask, dropout, training);
    return batch.firstTokenQueries ? out : layout.pack(out);
}

void checkEncoderInputs(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                        const torch::Tensor &tokenTypeIds, std::int64_t maxPositions)
{
    TORCH_CHECK(inputIds.defined() && inputIds.dim() == 2, "input_ids must be [batch, length], got ",
                inputIds.defined() ? inputIds.sizes() : torch::IntArrayRef{});
    TORCH_CHECK(!torch::isFloatingType(inputIds.scalar_type()), "input_ids must be integers");
    TORCH_CHECK(inputIds.size(1) <= maxPositions, "a sequence of ", inputIds.size(1),
                " tokens is longer than the model's ", maxPositions, " positions (max_position_embeddings)");
    TORCH_CHECK(!attentionMask.defined() || attentionMask.sizes() == inputIds.sizes(),
                "attention_mask must have the shape of input_ids ", inputIds.sizes(), ", got ", attentionMask.sizes());
    TORCH_CHECK(!tokenTypeIds.defined() || tokenTypeIds.sizes() == inputIds.sizes(),
                "token_type_ids must have the shape of input_ids ", inputIds.sizes(), ", got ", tokenTypeIds.sizes());
}

} // namespace hone

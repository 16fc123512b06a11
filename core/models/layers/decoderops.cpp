#include "core/models/layers/decoderops.h"

#include "core/models/layers/dropout.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hone {

RMSNormImpl::RMSNormImpl(std::int64_t size, double eps) : m_eps(eps)
{
    weight = register_parameter("weight", torch::ones({size}));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor &x)
{
    const torch::Tensor x32 = x.to(torch::kFloat);
    const torch::Tensor normed = x32 * torch::rsqrt(x32.pow(2).mean(-1, /*keepdim=*/true) + m_eps);
    return weight * normed.to(x.scalar_type());
}

std::pair<torch::Tensor, torch::Tensor> KvCache::append(std::size_t layer, const torch::Tensor &k,
                                                        const torch::Tensor &v)
{
    if (keys.size() <= layer) {
        keys.resize(layer + 1);
        values.resize(layer + 1);
    }
    if (!keys[layer].defined()) {
        keys[layer] = k;
        values[layer] = v;
    } else {
        keys[layer] = torch::cat({keys[layer], k}, 2);
        values[layer] = torch::cat({values[layer], v}, 2);
    }
    return {keys[layer], values[layer]};
}

void KvCache::clear()
{
    keys.clear();
    values.clear();
    length = 0;
}

torch::Tensor ropeInverseFrequencies(std::int64_t rotaryDim, double theta, const RopeScaling &scaling)
{
    // HF: 1 / theta ** (arange(0, dim, 2, int64).float() / dim), in float32.
    torch::Tensor exponents = torch::arange(0, rotaryDim, 2, torch::kLong).to(torch::kFloat) / static_cast<float>(rotaryDim);
    torch::Tensor inv = 1.0 / torch::pow(torch::tensor(static_cast<float>(theta)), exponents);
    if (scaling.type == "linear")
        return inv / scaling.factor;
    if (scaling.type != "llama3")
        return inv;
    // _compute_llama3_parameters: wavelengths longer than original/low_freq_factor are divided by
    // factor, shorter than original/high_freq_factor kept, and the band between interpolated.
    const double lowWavelength = scaling.originalMaxPositions / scaling.lowFreqFactor;
    const double highWavelength = scaling.originalMaxPositions / scaling.highFreqFactor;
    const torch::Tensor wavelength = 2 * M_PI / inv;
    torch::Tensor scaled = torch::where(wavelength > lowWavelength, inv / scaling.factor, inv);
    const torch::Tensor smooth = (scaling.originalMaxPositions / wavelength - scaling.lowFreqFactor) /
                                 (scaling.highFreqFactor - scaling.lowFreqFactor);
    const torch::Tensor smoothed = (1 - smooth) * scaled / scaling.factor + smooth * scaled;
    const torch::Tensor medium = (wavelength >= highWavelength).logical_and(wavelength <= lowWavelength);
    return torch::where(medium, smoothed, scaled);
}

std::pair<torch::Tensor, torch::Tensor> ropeCosSin(const torch::Tensor &inverseFrequencies,
                                                   const torch::Tensor &positions, torch::ScalarType dtype)
{
    // freqs [B, T, D/2] = positions (float) x inverse frequencies, then cat(freqs, freqs).
    const torch::Tensor freqs = positions.to(torch::kFloat).unsqueeze(-1) *
                                inverseFrequencies.to(positions.device()).view({1, 1, -1});
    const torch::Tensor angles = torch::cat({freqs, freqs}, -1);
    return {angles.cos().to(dtype), angles.sin().to(dtype)};
}

torch::Tensor applyRope(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin)
{
    const std::int64_t half = x.size(-1) / 2;
    const torch::Tensor rotated = torch::cat({-x.slice(-1, half), x.slice(-1, 0, half)}, -1);
    const torch::Tensor c = cos.unsqueeze(1), s = sin.unsqueeze(1); // broadcast over heads
    return x * c + rotated * s;
}

torch::Tensor defaultPositions(std::int64_t past, std::int64_t length, const torch::Device &device)
{
    return torch::arange(past, past + length, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(0);
}

torch::Tensor blockedAttention(std::int64_t length, std::int64_t past, const torch::Tensor &paddingMask,
                               const torch::Device &device)
{
    const auto options = torch::TensorOptions().dtype(torch::kLong).device(device);
    const torch::Tensor query = torch::arange(past, past + length, options).unsqueeze(1); // [T, 1]
    const torch::Tensor key = torch::arange(0, past + length, options).unsqueeze(0);      // [1, S]
    torch::Tensor blocked = key.gt(query).unsqueeze(0).unsqueeze(0);                      // [1, 1, T, S]
    if (paddingMask.defined())
        blocked = blocked.logical_or(paddingMask.eq(0).unsqueeze(1).unsqueeze(2));       // [B, 1, T, S]
    return blocked;
}

DecoderBatch DecoderBatch::of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, const KvCache *cache,
                              bool skipPadding)
{
    const std::int64_t past = cache ? cache->length : 0, length = inputIds.size(1);
    DecoderBatch batch{TokenLayout::of(inputIds, attentionMask, skipPadding && !cache), {}, {}};
    if (length > 1 || attentionMask.defined())
        batch.blocked = blockedAttention(length, past, attentionMask, inputIds.device());
    if (cache || !inputIds.device().is_cpu())
        return batch;
    if (batch.layout.packed()) {
        const torch::Tensor real = attentionMask.ne(0).sum(1).to(torch::kCPU);
        batch.sequences.assign(real.data_ptr<std::int64_t>(), real.data_ptr<std::int64_t>() + real.numel());
        batch.sequences.erase(std::remove(batch.sequences.begin(), batch.sequences.end(), 0), batch.sequences.end());
    } else if (!attentionMask.defined() || attentionMask.ne(0).all().item<bool>()) {
        batch.sequences.assign(static_cast<std::size_t>(inputIds.size(0)), length);
    }
    return batch;
}

torch::Tensor DecoderBatch::rows(const torch::Tensor &x) const
{
    std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape[0] = layout.batch();
    const torch::Tensor full = x.expand(shape);
    if (layout.packed())
        return layout.pack(full);
    shape.erase(shape.begin());
    shape[0] = layout.batch() * layout.length();
    return full.reshape(shape);
}

torch::Tensor causalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                              const torch::Tensor &blocked, double scale, double dropout, bool training)
{
    const std::int64_t batch = q.size(0), heads = q.size(1), length = q.size(2), dim = q.size(3);
    const std::int64_t kvHeads = k.size(1), keys = k.size(2);
    const std::int64_t group = heads / kvHeads;
    // The query heads sharing a kv head become rows of one matrix product: no copy of k or v.
    const torch::Tensor qg = q.reshape({batch, kvHeads, group * length, dim});
    torch::Tensor scores = torch::matmul(qg, k.transpose(-1, -2)).mul_(scale); // [B, Hkv, G*T, S]
    if (blocked.defined()) {
        const double lowest = scores.scalar_type() == torch::kBFloat16 ? -3.3895313892515355e38
                              : scores.scalar_type() == torch::kHalf   ? -65504.0
                                                                       : std::numeric_limits<float>::lowest();
        scores = scores.view({batch, kvHeads, group, length, keys})
                     .masked_fill(blocked.unsqueeze(2), lowest)
                     .view({batch, kvHeads, group * length, keys});
    }
    const torch::Tensor probs = torch::softmax(scores, -1, torch::kFloat).to(q.scalar_type());
    const torch::Tensor out = torch::matmul(applyDropout(probs, dropout, training), v); // [B, Hkv, G*T, D]
    return out.view({batch, heads, length, dim}).transpose(1, 2).reshape({batch, length, heads * dim});
}

void checkDecoderInputs(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, std::int64_t past,
                        std::int64_t maxPositions)
{
    TORCH_CHECK(inputIds.defined() && inputIds.dim() == 2, "input_ids must be [batch, length], got ",
                inputIds.defined() ? inputIds.sizes() : torch::IntArrayRef{});
    TORCH_CHECK(!torch::isFloatingType(inputIds.scalar_type()), "input_ids must be integers");
    TORCH_CHECK(past + inputIds.size(1) <= maxPositions, "a sequence of ", past + inputIds.size(1),
                " tokens is longer than the model's ", maxPositions, " positions (max_position_embeddings)");
    TORCH_CHECK(!attentionMask.defined() ||
                    (attentionMask.dim() == 2 && attentionMask.size(0) == inputIds.size(0) &&
                     attentionMask.size(1) == past + inputIds.size(1)),
                "attention_mask must be [batch, cached + new tokens] = [", inputIds.size(0), ", ",
                past + inputIds.size(1), "], got ", attentionMask.sizes());
}

} // namespace hone

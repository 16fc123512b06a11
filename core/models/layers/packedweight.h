#pragma once
// PackedWeight: a linear layer's weight copied once into the compact format decoding steps read
// (bf16 or Q8_0, see matvec.h). The copy remembers which tensor, and which version of it, it was
// made from: once the weight changes (an optimizer step, a LoRA merge, loading) the copy is stale,
// never used again and dropped, so training and anything after it see the float32 weight only.
// "Changes" are in-place operations on the parameter itself (Hone's optimizers, copy_, LoRA merges,
// Module::to): a write through Tensor::data(), which has a version counter of its own (as
// LibTorch's torch::optim does), is not seen; prepareForDecoding(F32) drops copies explicitly.
#include "core/models/generationoptions.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace hone {

class PackedWeight {
public:
    // A decoding step's input rows at most (batch x new tokens); longer inputs use the float32 GEMM.
    static constexpr std::int64_t kMaxRows = 8;

    // weight: [out, in], or [in, out] when transposed (GPT-2's Conv1D); format BF16 or Q8_0.
    PackedWeight(const torch::Tensor &weight, WeightFormat format, bool transposed);

    WeightFormat format() const { return m_format; }
    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }
    const std::vector<std::byte> &bytes() const { return m_bytes; }
    // Whether this is a copy of weight as it is now (same storage, not modified since packing).
    bool isCopyOf(const torch::Tensor &weight) const;
    // Whether x is a decoding step's input: float32 on the CPU, [..., in], at most kMaxRows rows.
    bool accepts(const torch::Tensor &x) const;
    // x [..., in] -> [..., out], plus bias [out] when defined.
    torch::Tensor linear(const torch::Tensor &x, const torch::Tensor &bias) const;

private:
    WeightFormat m_format;
    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    std::vector<std::byte> m_bytes;
    const void *m_source = nullptr;
    std::int64_t m_version = 0;
};

// Keeps packed in step with format: F32 drops it; otherwise weight is packed unless packed is
// already a current copy in that format.
void updatePackedWeight(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &weight, WeightFormat format,
                        bool transposed);
// The product through the packed copy for a decoding step, or an undefined tensor when the float32
// path must run: no copy, a stale one (dropped here), training, gradients wanted, or a long input.
torch::Tensor decodeLinear(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &x, const torch::Tensor &weight,
                           const torch::Tensor &bias, bool training);

} // namespace hone

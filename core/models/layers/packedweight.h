#pragma once
// PackedWeight: how decoding steps read a linear layer's weight through the matrix-vector kernels
// (matvec.h). F32 reads the float32 weight where it is: no copy, nothing to go stale while the
// weight keeps its memory. BF16 and Q8_0 copy it once into that format; the copy remembers which
// tensor, and which version of it, it was made from: once the weight changes (an optimizer step, a
// LoRA merge, loading) the copy is stale, never used again and dropped, so training and anything
// after it see the float32 weight only. "Changes" are in-place operations on the parameter itself
// (Hone's optimizers, copy_, LoRA merges, Module::to): a write through Tensor::data(), which has a
// version counter of its own (as LibTorch's torch::optim does), is not seen; prepareForDecoding(F32)
// replaces copies with the weights read in place.
#include "core/models/generationoptions.h"
#include "core/models/layers/matvec.h"

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

    // weight: [out, in], or [in, out] when transposed (GPT-2's Conv1D); for F32 one that
    // readableInPlace accepts.
    PackedWeight(const torch::Tensor &weight, WeightFormat format, bool transposed);
    // Whether F32 can read weight where it is: float32 [out, in] rows, contiguous, on the CPU.
    static bool readableInPlace(const torch::Tensor &weight, bool transposed);

    WeightFormat format() const { return m_format; }
    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }
    // The copy (empty for F32, which has none).
    const std::vector<std::byte> &bytes() const { return m_bytes; }
    // The rows the kernels read: the weight itself (F32) or the copy.
    const std::byte *rows() const;
    // Whether this reads weight as it is now: F32, the same memory still; a copy, made from the
    // same storage and not modified since.
    bool isCurrent(const torch::Tensor &weight) const;
    // Whether x is a decoding step's input: float32 on the CPU, [..., in], at most kMaxRows rows.
    bool accepts(const torch::Tensor &x) const;
    // x [..., in] -> [..., out], plus bias [out] when defined.
    torch::Tensor linear(const torch::Tensor &x, const torch::Tensor &bias) const;

private:
    WeightFormat m_format;
    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    std::vector<std::byte> m_bytes;
    torch::Tensor m_view; // F32: the weight's own storage, kept alive while this reads it
    const void *m_source = nullptr;
    std::int64_t m_version = 0;
};

// The kernels' name for a weight format.
MatVecFormat matVecFormat(WeightFormat format);

// Keeps packed in step with format: weight is packed unless packed is already current in that
// format; for F32 a weight not readableInPlace gets none (torch's product runs).
void updatePackedWeight(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &weight, WeightFormat format,
                        bool transposed);
// The product through the kernels for a decoding step, or an undefined tensor when torch's product
// must run: nothing packed, a stale copy (dropped here), training, gradients wanted, or a long input.
torch::Tensor decodeLinear(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &x, const torch::Tensor &weight,
                           const torch::Tensor &bias, bool training);

} // namespace hone

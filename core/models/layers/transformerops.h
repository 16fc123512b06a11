#pragma once
// The operations BERT-family encoders share: Hugging Face's activations (ACT2FN), the additive
// attention mask, and multi-head scaled dot-product attention.
#include "core/models/layers/tokenlayout.h"

#include <torch/torch.h>

#include <string>

namespace hone {

enum class Activation { Gelu, GeluTanh, QuickGelu, Relu, Silu, Tanh };

// HF names: "gelu" (exact, erf), "gelu_new"/"gelu_pytorch_tanh"/"gelu_fast" (tanh approximation),
// "quick_gelu", "relu", "silu"/"swish", "tanh". Unknown names throw (configs are validated first).
Activation activationFromName(const std::string &name);
torch::Tensor applyActivation(const torch::Tensor &x, Activation activation);

// attentionMask [B, T] of 1 (attend) / 0 (padding) -> [B, 1, 1, T] of 0 / the dtype's lowest
// value, added to the attention scores as Hugging Face does. Undefined mask -> undefined result.
torch::Tensor additiveAttentionMask(const torch::Tensor &attentionMask, torch::ScalarType dtype);

// What self-attention needs besides q, k and v: the batch's layout and its padding mask.
struct AttentionBatch {
    TokenLayout layout;
    torch::Tensor additiveMask; // [B, 1, 1, T] from additiveAttentionMask, or undefined

    // The layout of ids [B, T] (packed when skipPadding and the mask has padding) and the mask.
    static AttentionBatch of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding,
                             torch::ScalarType dtype);
};

// q, k, v [B, T, H] (packed: [N, H]) -> softmax(q k^T / sqrt(d) + mask) v, heads split and merged,
// in the layout of q.
torch::Tensor multiHeadAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 std::int64_t numHeads, const AttentionBatch &batch, double dropout, bool training);

// Inputs checked once per forward: ids [B, T] integral, mask/type ids undefined or the same shape.
void checkEncoderInputs(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                        const torch::Tensor &tokenTypeIds, std::int64_t maxPositions);

} // namespace hone

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

// Which positions of an encoder's last hidden state its caller reads: all, or each sequence's first
// ([CLS], <s>), which is all a classification head reads. Then the last layer needs the other
// tokens' keys and values only: their queries, output projection and feed-forward (10 of BERT's 12
// h x h products per token) are skipped, with the first token's numbers unchanged.
enum class EncoderOutputs { EveryToken, FirstToken };

// What self-attention needs besides q, k and v: the batch's layout and its padding mask.
struct AttentionBatch {
    TokenLayout layout;
    torch::Tensor additiveMask; // [B, 1, 1, T] from additiveAttentionMask, or undefined
    EncoderOutputs outputs = EncoderOutputs::EveryToken; // what the caller reads of the last layer
    bool firstTokenQueries = false; // queries (and so outputs) at each sequence's first token alone

    // The layout of ids [B, T] (packed when skipPadding and the mask has padding) and the mask.
    static AttentionBatch of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding,
                             torch::ScalarType dtype);
    // The batch the last layer sees: for FirstToken, with first-token queries where each sequence
    // starts with a real token (else every token is computed, and the first picked at the end).
    AttentionBatch lastLayer(EncoderOutputs outputs) const;
    // The rows of hidden (in the layout) a layer computes outputs for: all, or [B, 1, H] first tokens.
    torch::Tensor queries(const torch::Tensor &hidden) const;
    // The last layer's output as the caller reads it: [B, T, H] (zeros at padding), or for
    // FirstToken [B, 1, H].
    torch::Tensor output(const torch::Tensor &last) const;
};

// q, k, v [B, T, H] (packed: [N, H]) -> softmax(q k^T / sqrt(d) + mask) v, heads split and merged,
// in the layout of q; with first-token queries, q and the result are [B, 1, H].
torch::Tensor multiHeadAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                 std::int64_t numHeads, const AttentionBatch &batch, double dropout, bool training);

// Inputs checked once per forward: ids [B, T] integral, mask/type ids undefined or the same shape.
void checkEncoderInputs(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                        const torch::Tensor &tokenTypeIds, std::int64_t maxPositions);

} // namespace hone

#pragma once
// Which tokens of a padded batch [B, T] a transformer computes on. Packed, it computes on the real
// tokens only, as rows [N, ...]: linear layers, norms and activations never touch padding (on
// real data a third to a half of a dynamically padded batch). Attention, which needs the [B, T]
// shape, unpacks its inputs and packs its output. Dense, tensors keep their [B, T, ...] shape.
// The real tokens' results are the padded computation's.
#include <torch/torch.h>

#include <cstdint>

namespace hone {

class TokenLayout {
public:
    // Dense: every position of [batch, length] is computed.
    TokenLayout(std::int64_t batch, std::int64_t length) : m_batch(batch), m_length(length) {}
    // Packed when skipPadding and attentionMask [B, T] (1 real / 0 padding) has padding.
    static TokenLayout of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding);

    bool packed() const { return m_real.defined(); }
    std::int64_t batch() const { return m_batch; }
    std::int64_t length() const { return m_length; }

    // [B, T, ...] -> [N, ...], the real tokens in reading order (dense: x unchanged).
    torch::Tensor pack(const torch::Tensor &x) const;
    // [N, ...] -> [B, T, ...] with zeros at padding (dense: x unchanged).
    torch::Tensor unpack(const torch::Tensor &x) const;
    // Whether every sequence's first position is a real token (always so when dense), so that
    // firstTokens can pick it.
    bool firstTokensReal() const { return !packed() || m_first.defined(); }
    // x in this layout -> [B, 1, ...]: each sequence's first position. Needs firstTokensReal().
    torch::Tensor firstTokens(const torch::Tensor &x) const;

private:
    std::int64_t m_batch = 0;
    std::int64_t m_length = 0;
    torch::Tensor m_real;  // [N] flat positions b * T + t of the real tokens; undefined when dense
    torch::Tensor m_first; // [B] rows of m_real at each sequence's position 0; undefined if one is padding
};

} // namespace hone

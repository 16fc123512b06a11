#pragma once
// The pieces decoders (Llama, Qwen2, GPT-2) share: RMSNorm, rotary position embeddings with
// Hugging Face's rope_scaling rules, the key/value cache, and causal grouped-query attention.
#include "core/models/layers/sequenceattention.h"
#include "core/models/layers/tokenlayout.h"
#include "core/models/modelconfig.h"

#include <torch/torch.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace hone {

// Llama's RMSNorm: weight * x / sqrt(mean(x^2) + eps), the normalisation computed in float32.
class RMSNormImpl : public torch::nn::Module {
public:
    RMSNormImpl(std::int64_t size, double eps);
    torch::Tensor forward(const torch::Tensor &x);

    torch::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(RMSNorm);

// The keys and values of the tokens seen so far, layer by layer ([B, kv heads, length, head dim]),
// so each generated token attends to the past without recomputing it.
struct KvCache {
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    std::int64_t length = 0;  // tokens cached (the position of the next one)

    // Appends this step's k/v for layer and returns the whole history. Layers append in order;
    // `length` advances when the caller calls advance() after the last layer.
    std::pair<torch::Tensor, torch::Tensor> append(std::size_t layer, const torch::Tensor &k, const torch::Tensor &v);
    void advance(std::int64_t tokens) { length += tokens; }
    void clear();
};

// Inverse frequencies [rotaryDim / 2] as Hugging Face's ROPE_INIT_FUNCTIONS compute them for
// rope_type "default", "linear" and "llama3" (float32).
torch::Tensor ropeInverseFrequencies(std::int64_t rotaryDim, double theta, const RopeScaling &scaling);
// cos and sin [B, T, rotaryDim] for positions [B, T] (the frequencies repeated twice, as HF does).
std::pair<torch::Tensor, torch::Tensor> ropeCosSin(const torch::Tensor &inverseFrequencies,
                                                   const torch::Tensor &positions, torch::ScalarType dtype);
// x [B, heads, T, D] rotated: x * cos + rotate_half(x) * sin, cos/sin [B, T, D].
torch::Tensor applyRope(const torch::Tensor &x, const torch::Tensor &cos, const torch::Tensor &sin);

// Positions of the new tokens: past, past + 1, ... as [1, T] (Hugging Face's default cache_position).
torch::Tensor defaultPositions(std::int64_t past, std::int64_t length, const torch::Device &device);

// Where a query may not look: [B or 1, 1, T, past + T] true for a later token or padding.
// paddingMask [B, past + T] of 1 / 0 may be undefined (no padding).
torch::Tensor blockedAttention(std::int64_t length, std::int64_t past, const torch::Tensor &paddingMask,
                               const torch::Device &device);

// What a decoder layer's attention needs besides q, k and v: the batch's layout and where queries
// may not look (blockedAttention; undefined for one new token without padding: it sees the cache).
struct DecoderBatch {
    TokenLayout layout;
    torch::Tensor blocked;
    // Without a cache, float32 attention runs sequence by sequence (sequenceCausalAttention) on rows
    // [N, ...]: the real tokens of each batch row, these many, one row after another. Empty (or
    // bf16 projections, or attention dropout while training): the padded way, with `blocked`.
    std::vector<std::int64_t> sequences;

    bool bySequence() const { return !sequences.empty(); }
    // [B or 1, T, ...] -> [N, ...]: the rows bySequence attention reads, in the order of `sequences`.
    torch::Tensor rows(const torch::Tensor &x) const;

    // Packed when skipPadding, the mask has padding and there is no cache (it keeps [B, T] keys).
    static DecoderBatch of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, const KvCache *cache,
                           bool skipPadding);
};

// Causal grouped-query attention: q [B, Hq, T, D], k and v [B, Hkv, S, D] (Hq a multiple of Hkv;
// query head h uses kv head h / (Hq / Hkv), as HF's repeat_kv), blocked from blockedAttention
// (or undefined). softmax(q k^T * scale, masked) v -> [B, T, Hq * D].
torch::Tensor causalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                              const torch::Tensor &blocked, double scale, double dropout, bool training);

// Checks decoder inputs once per forward: ids [B, T] integers, positions within the model.
void checkDecoderInputs(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, std::int64_t past,
                        std::int64_t maxPositions);

} // namespace hone

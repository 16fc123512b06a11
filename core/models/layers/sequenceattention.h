#pragma once
// Causal attention computed sequence by sequence on packed rows, for training and evaluation
// forwards. The padded computation (causalAttention) multiplies every query of a [B, T] batch with
// every key, then masks padding and the future away: on SFT batches that is two to four times the
// work that counts. Here each sequence's queries, in blocks of 64, meet only the keys they may see,
// straight from the projections' [N, heads * D] rows (no transposes, no mask tensors), with a
// backward of the same shape. The numbers are causalAttention's.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace hone {

// q [N, heads * D], k and v [N, kvHeads * D]: rows of sequences of the given lengths one after
// another (sum = N). Each tensor's last dimension must be contiguous; a longer row stride (c_attn's
// split) is fine. Query head h uses kv head h / (heads / kvHeads), as causalAttention. Returns
// softmax(q k^T * scale over each sequence's earlier tokens) v as [N, heads * D] in q's dtype
// (computed in float32), differentiable in q, k and v.
torch::Tensor sequenceCausalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                      const std::vector<std::int64_t> &lengths, std::int64_t heads,
                                      std::int64_t kvHeads, double scale);

} // namespace hone

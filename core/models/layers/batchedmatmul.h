#pragma once
// a @ b over a batch of small matrices, for attention. LibTorch 1.13's CPU bmm multiplies the
// batch one matrix at a time on one thread, each through select, conj and addmm ops costing more
// than the product itself (a MiniLM step: 384 slices per call, 2.6 million selects per epoch),
// and matmul first copies the heads' strided views into contiguous ones. Here each matrix goes to
// the BLAS from its strided place, the batch spread over LibTorch's threads.
#include <torch/torch.h>

namespace hone {

// a [..., M, K] and b [..., K, N] with the same leading sizes -> [..., M, N], differentiable in both.
// Each matrix may be row- or column-major with any stride between matrices (the head views of
// [B, T, heads * D] rows, and their transposes, need no copy). Float32 on the CPU; other inputs
// go to torch::matmul.
torch::Tensor batchedMatmul(const torch::Tensor &a, const torch::Tensor &b);

} // namespace hone

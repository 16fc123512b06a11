#pragma once
// The LM head and its cross-entropy in slices of rows. Computed whole, a batch's logits [M, vocab]
// (and log-softmax, and their gradient) are hundreds of MB each step for a 49k vocabulary: every
// one mapped and zero-filled anew by the kernel, and streamed through memory several times. Here
// each slice's logits become its loss and, when gradients are wanted, its gradient with respect to
// the hidden rows (and the head) at once, so no tensor larger than one slice's logits exists.
#include <torch/torch.h>

namespace hone {

// Sum over rows i of cross_entropy(hidden[i] weight^T, labels[i]): hidden [M, H], weight [V, H],
// labels [M] int64 in [0, V). Equal to cross_entropy(linear(hidden, weight), labels, sum) and
// differentiable in hidden and weight the same way (under CPU autocast the products run in bf16,
// as linear's would). A scalar in float32.
torch::Tensor lmHeadLossSum(const torch::Tensor &hidden, const torch::Tensor &weight, const torch::Tensor &labels);

} // namespace hone

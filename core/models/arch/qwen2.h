#pragma once
// Qwen2 (Qwen2, Qwen2.5) as Hugging Face's modeling_qwen2 implements it: Llama's layers with biases
// on the q/k/v projections (none on o_proj). Module names are Qwen2ForCausalLM's, the same as
// LlamaForCausalLM's. Sliding-window attention (use_sliding_window) is not supported.
#include "core/models/architecture.h"

namespace hone::qwen2 {

ArchitectureInfo info();

} // namespace hone::qwen2

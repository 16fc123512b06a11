#pragma once
// LoRA over a whole model, for encoders and decoders alike: the Projections a module holds (by
// module name), adapters on those a PEFT-style target list names, folding them in, and the
// tensors an export writes with the adapters merged.
#include "core/models/layers/projection.h"
#include "core/models/modelfamily.h" // matchesLoraTarget

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace hone {

// Every Projection under module, by module name ("model.layers.0.self_attn.q_proj"), in order.
std::vector<std::pair<std::string, Projection>> namedProjections(torch::nn::Module &module);

// Adds an adapter to each projection whose name matches targets (every projection when targets is
// empty). The i-th projection's adapter is seeded from options.seed and i (i counts every
// projection, so a run is reproducible whatever the targets). Returns the number adapted.
int enableLoRA(torch::nn::Module &module, const LoraOptions &options, const std::vector<std::string> &targets = {});
void mergeLoRA(torch::nn::Module &module);
bool hasLoRA(torch::nn::Module &module);
// lora_A and lora_B weights, projection by projection.
std::vector<torch::Tensor> loraParameters(torch::nn::Module &module);

// The model's parameters by name with LoRA folded in and the adapters left out (the module is not
// changed): contiguous float32 CPU tensors.
std::vector<std::pair<std::string, torch::Tensor>> mergedParameters(torch::nn::Module &module);

} // namespace hone

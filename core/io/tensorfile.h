#pragma once
// Named LibTorch tensors to and from safetensors files: checkpoints (model, optimizer state, RNG)
// and exports. Reads validate through SafetensorsFile; writes are atomic.
#include "core/io/safetensors.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hone {

Result<DType> dtypeOf(const torch::Tensor &tensor);
torch::ScalarType scalarTypeOf(DType dtype);

// A tensor over the mapped bytes (no copy) or, with `copy`, an owned contiguous copy. The
// zero-copy view lives only as long as the file does.
torch::Tensor tensorFromFile(const SafetensorsFile &file, const TensorInfo &info, bool copy = true);

// Tensors are written in the given order; CPU-contiguous copies are made where needed.
Result<void> saveTensors(const std::filesystem::path &path, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                         const std::map<std::string, std::string> &metadata = {});
Result<std::map<std::string, torch::Tensor>> loadTensors(const std::filesystem::path &path,
                                                         std::map<std::string, std::string> *metadata = nullptr);

} // namespace hone

#pragma once
// Loading decoders (causal language models) from a Hugging Face folder or a GGUF file, and saving
// them as a folder. A folder: config.json picks the architecture from the registry, the safetensors
// weights (single file or shards, F32/F16/BF16) are copied into the model by name (see
// copyCheckpointTensors); a tied model ignores a stored lm_head.weight as transformers does.
// A .gguf file: the config comes from its metadata (GgufFile::hfConfigJson), every tensor is
// dequantized to fp32 under its Hugging Face name (GgufFile::loadHf). Every parameter must be
// present with the shape the config gives; errors name the file and the key or tensor.
#include "core/models/architecture.h"
#include "core/models/causallm.h"
#include "core/models/modelloader.h"

#include <cstdint>
#include <filesystem>
#include <memory>

namespace hone {

struct LoadedCausalLM {
    ModelConfig config;
    const ArchitectureInfo *architecture = nullptr;
    std::shared_ptr<CausalLM> model;   // in eval mode
    std::filesystem::path path;        // the folder with config.json, or the .gguf file
    LoadReport report;
};

// Builds a decoder of the config's architecture; seed != 0 initialises it as HF does (tests, tools).
Result<std::shared_ptr<CausalLM>> createCausalLM(const ModelConfig &config, std::uint64_t seed = 0);
// modelPath: a Hugging Face folder (sentence-transformers layout resolved) or a .gguf file.
Result<LoadedCausalLM> loadCausalLM(const std::filesystem::path &modelPath);

// Writes outDir/config.json (architectures = the ForCausalLM class, float32) and
// outDir/model.safetensors (HF names, LoRA folded in, float32), each atomically.
Result<void> saveCausalLM(CausalLM &model, const ModelConfig &config, const std::filesystem::path &outDir);

} // namespace hone

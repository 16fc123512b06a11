#pragma once
// Loading and saving decoders (causal language models) in the Hugging Face folder format:
// config.json picks the architecture from the registry, the safetensors weights (single file or
// shards, F32/F16/BF16) are copied into the model by name (see copyCheckpointTensors). Every
// parameter must be present; a tied model ignores a stored lm_head.weight as transformers does.
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
    std::filesystem::path directory;   // the folder with config.json
    LoadReport report;
};

// Builds a decoder of the config's architecture; seed != 0 initialises it as HF does (tests, tools).
Result<std::shared_ptr<CausalLM>> createCausalLM(const ModelConfig &config, std::uint64_t seed = 0);
Result<LoadedCausalLM> loadCausalLM(const std::filesystem::path &modelDir);

// Writes outDir/config.json (architectures = the ForCausalLM class, float32) and
// outDir/model.safetensors (HF names, LoRA folded in, float32), each atomically.
Result<void> saveCausalLM(CausalLM &model, const ModelConfig &config, const std::filesystem::path &outDir);

} // namespace hone

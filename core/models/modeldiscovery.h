#pragma once
// Finds pretrained models on disk: the Hugging Face hub cache (snapshot layout), Hone's data
// folder and HONE_MODEL_PATH. Reads only config.json, safetensors headers and GGUF headers
// (single-file models: *.gguf in those folders), never weights.
#include "core/io/modelfolder.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

enum class ModelSource { HuggingFaceCache, DataDirectory, ModelPath, Explicit };
const char *modelSourceName(ModelSource source);

struct ModelInfo {
    std::string name;                  // "sentence-transformers/all-MiniLM-L6-v2" or the folder name
    std::string architecture;          // config.json's model_type, or GGUF general.architecture
    std::int64_t parameters = 0;       // from the safetensors / GGUF headers
    std::uint64_t bytesOnDisk = 0;
    std::filesystem::path path;        // the folder holding config.json, or the .gguf file
    ModelSource source = ModelSource::Explicit;
};

struct SkippedModel {
    std::filesystem::path path;
    std::string reason;
};

struct SearchLocation {
    std::filesystem::path path;
    ModelSource source;
    bool exists = false;
};

struct ModelCatalog {
    std::vector<ModelInfo> models;
    std::vector<SkippedModel> skipped;
    std::vector<SearchLocation> searched;
};

struct DiscoveryOptions {
    std::filesystem::path huggingFaceCache;            // empty: not searched
    std::filesystem::path dataModels;                  // empty: not searched
    std::vector<std::filesystem::path> modelPath;

    static DiscoveryOptions fromEnvironment();         // the standard places
};

// A model folder or a .gguf file.
Result<ModelInfo> inspectModel(const std::filesystem::path &modelDir, ModelSource source = ModelSource::Explicit,
                               const std::string &name = {});
ModelCatalog discoverModels(const DiscoveryOptions &options = DiscoveryOptions::fromEnvironment());

// A folder path, or the name (or unique suffix of a name, e.g. "all-MiniLM-L6-v2") of a discovered model.
Result<ModelInfo> findModel(const std::string &nameOrPath,
                            const DiscoveryOptions &options = DiscoveryOptions::fromEnvironment());

// The model set-up installs and tests use.
constexpr const char *kDefaultModelName = "all-MiniLM-L6-v2";
// The chat model set-up installs beside it (a GGUF file: its name is the file's stem).
constexpr const char *kDefaultChatModelName = "SmolLM2-135M-Instruct.Q4_1";

} // namespace hone

#pragma once
// Loading and saving encoders in the Hugging Face folder format.
//
// loadClassifier/loadEncoder read config.json, pick the architecture from the registry, build the
// model and copy the safetensors weights (single file or shards; F32/F16/BF16 -> float32) straight
// from the memory map into the parameters. Checkpoints of the base model (keys without the
// "bert." prefix, like all-MiniLM-L6-v2's) and of the classification model (with it) both load,
// as with Hugging Face's base_model_prefix logic. A missing encoder tensor or a shape mismatch is
// an error naming the tensor; a missing head is initialised as HF does and reported.
// saveClassifier writes a folder AutoModelForSequenceClassification loads with no missing or
// unexpected keys.
#include "core/io/modelfolder.h"
#include "core/models/architecture.h"
#include "core/models/encoderclassifier.h"
#include "core/models/modelconfig.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hone {

struct ClassifierOptions {
    int numLabels = 0;                 // 0: labels.size(), else config.json's id2label / num_labels
    std::vector<std::string> labels;   // id2label in id order; empty: config.json's, else LABEL_0, LABEL_1, ...
    std::uint64_t headInitSeed = 42;   // seeds the initialisation of a new head
};

struct LoadReport {
    std::vector<std::string> missing;          // model tensors absent from the checkpoint (on success: head only)
    std::vector<std::string> unexpected;       // checkpoint tensors the model has no place for (checkpoint names)
    std::vector<std::string> newlyInitialised; // head tensors initialised from the seed
    std::vector<std::string> mismatchedHead;   // head tensors of another shape (another label count), re-initialised
    std::vector<std::filesystem::path> files;  // the safetensors files read
    bool checkpointHasPrefix = false;          // keys were "bert.…" (a task model) rather than "embeddings.…"
    double seconds = 0;                        // wall time of building and filling the model
};

struct LoadedModel {
    ModelConfig config;
    const ArchitectureInfo *architecture = nullptr;
    std::shared_ptr<EncoderClassifier> model;  // in eval mode
    std::vector<std::string> labels;           // with a head: id2label in id order
    std::filesystem::path directory;           // the folder with config.json (sentence-transformers resolved)
    LoadReport report;
};

Result<ModelConfig> loadModelConfig(const std::filesystem::path &modelDir);

Result<LoadedModel> loadClassifier(const std::filesystem::path &modelDir, const ClassifierOptions &options = {});
// The base model for embeddings (hidden states only, no head).
Result<LoadedModel> loadEncoder(const std::filesystem::path &modelDir);

// Builds a model of the config's architecture without weights (parameters initialised as HF does
// from seed): tests and tools.
Result<std::shared_ptr<EncoderClassifier>> createModel(const ModelConfig &config, ModelHead head, int numLabels,
                                                       std::uint64_t seed = 0);

// Fills any module's parameters from safetensors files by name: checkpoint keys with or without
// "<basePrefix>.", F32/F16/BF16 converted to float32. Parameters for which isOptional is true may
// be missing (report.missing) or of another shape (report.mismatchedHead); they are left as they
// are for the caller. Any other missing tensor or shape mismatch is an error naming it.
Result<LoadReport> copyCheckpointTensors(torch::nn::Module &model, const std::string &basePrefix,
                                         const std::vector<std::filesystem::path> &files,
                                         const std::function<bool(const std::string &)> &isOptional);
// Fills model's parameters from safetensors files (see the header comment for the rules).
Result<LoadReport> loadWeights(EncoderClassifier &model, const std::vector<std::filesystem::path> &files,
                               double initializerRange, std::uint64_t headInitSeed);

// Writes outDir/config.json (architectures = the ForSequenceClassification class, id2label,
// label2id, num_labels; the rest from config) and outDir/model.safetensors (HF names, LoRA folded
// in, float32), each atomically. The model is not changed.
Result<void> saveClassifier(EncoderClassifier &model, const ModelConfig &config, const std::vector<std::string> &labels,
                            const std::filesystem::path &outDir);

// Writes outDir/model.safetensors (the float32 CPU tensors gather returns, by name) and
// outDir/config.json, each atomically; errors name the folder.
Result<void> writeModelFolder(const std::function<std::vector<std::pair<std::string, torch::Tensor>>()> &gather,
                              const nlohmann::json &config, const std::filesystem::path &outDir);

// The tokenizer files a model folder may hold (vocab.txt, tokenizer.json, ...).
const std::vector<std::string> &tokenizerFileNames();
// Copies those present in modelDir (sentence-transformers resolved) to outDir; returns the copies.
Result<std::vector<std::filesystem::path>> copyTokenizerFiles(const std::filesystem::path &modelDir,
                                                              const std::filesystem::path &outDir);

} // namespace hone

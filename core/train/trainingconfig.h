#pragma once
// Everything a run needs, with Hugging Face TrainingArguments names in JSON where one exists
// (num_train_epochs, learning_rate, per_device_train_batch_size, ...), so a Trainer user reads a
// Hone config at a glance. Each field is one row of the options table (trainingoptions.h), from
// which run.json, hone-cli's flags and the wizard's fields are generated.
#include "core/dist/launchsettings.h"
#include "core/system/cpufeatures.h"
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

struct DataConfig {
    std::string file;                 // one file split by ratios ...
    std::string train, validation, test; // ... or files per split (validation carved from train if empty)
    std::string textColumn;           // empty: auto-detect
    std::string textPairColumn;       // optional second text (sentence pairs)
    std::string labelColumn;          // empty: auto-detect
    std::string encoding = "auto";
    std::array<double, 3> split = {0.8, 0.1, 0.1}; // train, validation, test
    bool stratify = true;
};

struct LoraConfig {
    bool enabled = false;
    int rank = 8;
    double alpha = 16;
    double dropout = 0.1;
    std::string targetModules; // comma-separated module names (PEFT's target_modules); "" = the model's own
};
// lora.target_modules as a list: names trimmed, empty ones dropped ("" gives none: the model's own).
std::vector<std::string> loraTargetList(const std::string &targetModules);
// The modules a run adapts: its lora.target_modules, else usual (the model family's).
std::vector<std::string> loraTargets(const LoraConfig &lora, const std::vector<std::string> &usual);

// What a run trains: "classification" (an encoder with a label head), "sft" (a decoder on
// instruction data) or "pretrain" (a decoder on plain text); see core/tasks/task.h.
const std::vector<std::string> &trainingTaskNames();
// The metric a task selects the best model by when metric_for_best_model is not given.
std::string defaultMetricForTask(const std::string &task);

struct TrainingConfig {
    std::string name;                 // run name (folder suffix)
    std::string task = "classification"; // one of trainingTaskNames()
    std::string model;                // folder or discovered model name
    DataConfig data;
    int maxLength = 128;
    // Language-model tasks (sft, pretrain).
    std::string chatTemplate;         // empty: the model's own; else a built-in name or a .jinja file
    std::string trainOn = "assistant"; // sft: the loss on assistant tokens only, or on "all" tokens
    bool packing = false;             // concatenate short training samples into rows of max_length
    int maxNewTokens = 64;            // sample answers at each evaluation: tokens generated at most
    int samplePrompts = 3;            // sample answers: the first N validation prompts

    // Hugging Face TrainingArguments names in JSON.
    double numTrainEpochs = 3;
    std::int64_t maxSteps = -1;       // > 0 overrides epochs
    double learningRate = 5e-5;
    int perDeviceTrainBatchSize = 16;
    int perDeviceEvalBatchSize = 64;
    double weightDecay = 0.0;
    std::string optim = "adamw";      // one of optimizers()
    double adamBeta1 = 0.9, adamBeta2 = 0.999, adamEpsilon = 1e-8;
    double momentum = 0.9;            // sgd, rmsprop
    bool nesterov = false;            // sgd
    std::string lrSchedulerType = "linear"; // linear, cosine, constant (each with warmup)
    std::int64_t warmupSteps = 0;
    double warmupRatio = 0.0;
    double maxGradNorm = 1.0;         // 0: no clipping
    int gradientAccumulationSteps = 1;
    std::string evalStrategy = "epoch"; // epoch, steps, no
    std::int64_t evalSteps = 500;
    std::int64_t loggingSteps = 10;
    std::string metricForBestModel = "accuracy"; // see metricNames(), or "loss"
    bool greaterIsBetter = true;      // derived from the metric unless given
    bool loadBestModelAtEnd = true;
    int earlyStoppingPatience = 0;    // evaluations without improvement; 0 = off
    double earlyStoppingThreshold = 0.0;
    int saveTotalLimit = 2;           // checkpoints kept (the best is never deleted)
    bool groupByLength = true;
    double labelSmoothingFactor = 0.0;
    std::string classWeights = "none"; // none, balanced
    bool freezeEmbeddings = false;
    int freezeLayers = 0;             // the lowest N encoder layers
    LoraConfig lora;
    bool bf16 = cpuHasNativeBf16();   // CPU autocast to bfloat16: on by default where the CPU has it natively
    int threads = 0;                  // 0: all cores
    std::uint64_t seed = 42;
    LaunchSettings launch;            // not part of the run: see LaunchSettings

    // Out of line: bf16's default reads the CPU, and GCC 12 misreads that call inlined into every caller.
    TrainingConfig();

    // Range and consistency checks; the error names the JSON key.
    Result<void> validate() const;
};

void to_json(nlohmann::json &j, const TrainingConfig &c);
// Unknown keys are an error (a typo must not silently fall back to a default); the message names the key.
Result<TrainingConfig> trainingConfigFromJson(const nlohmann::json &j, const std::string &sourceName = "config");
// A config file (run.json, or a run folder's config.json); errors name the file.
Result<TrainingConfig> readTrainingConfig(const std::filesystem::path &file);
// Applies the keys present in `patch` over `base` (used for CLI flags and GUI presets).
Result<TrainingConfig> mergeTrainingConfig(const TrainingConfig &base, const nlohmann::json &patch,
                                           const std::string &sourceName = "config");

// Quick / Balanced / Thorough starting points of the wizard.
enum class TrainingPreset { Quick, Balanced, Thorough };
// What a preset may adapt to: the training rows (0: unknown) and whether accuracy would mislead.
struct PresetData {
    std::int64_t trainRows = 0;
    bool imbalanced = false;
};
TrainingConfig applyPreset(TrainingConfig config, TrainingPreset preset, const PresetData &data = {});

// The optimizers core/train/optimizers.cpp builds, by TrainingConfig::optim name.
struct OptimizerInfo {
    const char *name;
    bool betas, epsilon, momentum, nesterov; // which optimizer settings it reads
    double usualMinLr, usualMaxLr;           // learning rates fine-tuning usually uses with it
};
const std::vector<OptimizerInfo> &optimizers();
const OptimizerInfo *findOptimizer(const std::string &name); // nullptr when unknown
const std::vector<std::string> &optimizerNames();
const std::vector<std::string> &schedulerNames();

} // namespace hone

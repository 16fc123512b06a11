#pragma once
// The cost model of a training run: peak memory and time (per epoch and in all) for a model, data and
// settings, before anything trains. One function serves `hone-cli train --dry-run` and the wizard's
// Review page. Estimates, not promises: callers say so.
#include "core/data/datasplit.h"
#include "core/models/modelfamily.h"
#include "core/train/trainingconfig.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hone {

// The few config.json numbers the estimate needs, read by the model's family parser
// (modelfamily.h); maxPositions is the usable length (usableMaxPositions).
struct ModelShape {
    int hiddenSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int intermediateSize = 0;
    int maxPositions = 0;
    int vocabSize = 0;
    // Decoders (causal LMs): the LM head is vocab-sized; tied, it is the token embedding matrix.
    bool causal = false;
    bool tiedEmbeddings = false;
    std::vector<LayerProjection> projections; // one layer's (the family's layerProjections; empty: unknown)
    std::vector<std::string> loraTargets;     // the modules LoRA adapts (the family's)
    bool valid() const { return hiddenSize > 0 && numLayers > 0; }
};
ModelShape modelShape(const ModelConfig &config);
ModelShape readModelShape(const std::filesystem::path &modelDir);

struct EstimateInputs {
    std::int64_t parameters = 0;      // the pretrained model's, from the safetensors headers
    ModelShape shape;
    std::int64_t trainRows = 0;
    std::int64_t evalRows = 0;        // validation rows (evaluated once per evaluation)
    double meanTokens = 0;            // mean tokens per text with the model's tokenizer (0: unknown)
    // Tokens per training sample as batched, padding included (0: unknown, guessed from meanTokens).
    double paddedTokens = 0;
    // The longest training row in tokens (0: unknown, max_length): the batch that peaks in memory.
    double maxTokens = 0;
    // Language models: tokens per sample whose next token the loss counts; the LM head runs at
    // those only (0: unknown, every token).
    double targetTokens = 0;
    int numLabels = 2;
    // Samples/s measured by an earlier run of the same model (0: none), and that run's max_length.
    double measuredSamplesPerSecond = 0;
    int measuredMaxLength = 0;
    double gemmGflops = 0;            // measured matrix-multiply rate (0: assume one)
    int threads = 0;                  // cores used (0: all)
};

// The share of the measured GEMM rate a training step reaches (its model FLOP utilisation), on a
// quiet 2-core machine: all-MiniLM-L6-v2 on emotion in float32 83% with plain batches and 61-67%
// grouped by length (bench/results/vs_trainer-emotion-same.md, -defaults-float32.md), so 0.72 is
// within 20% of both. SmolLM2 LoRA SFT (bench/results/sft_vs_peft.md) ran at about 0.9 of it: its
// GEMMs are larger than the benchmark's.
constexpr double kEncoderTrainingEfficiency = 0.72;
constexpr double kDecoderTrainingEfficiency = 0.8;
// Under bf16 autocast, the share of the bf16 rate (2x float32's on a Zen 4): the matrix products
// gain, the rest (element-wise ops, norms, softmax, the casts of every projection's input) does not.
// Measured: MiniLM 42% (bench/results/vs_trainer-emotion-defaults.md), SmolLM2 LoRA SFT about 40%
// (bench/results/sft_vs_peft-bf16.md: its many adapted projections cast more).
constexpr double kEncoderBf16TrainingEfficiency = 0.45;
constexpr double kDecoderBf16TrainingEfficiency = 0.4;

struct RunEstimate {
    double weightsBytes = 0;
    double gradientBytes = 0;
    double optimizerBytes = 0;
    double activationBytes = 0;
    double logitsBytes = 0;           // decoders: the vocab-sized logits and their loss (part of activationBytes)
    double runtimeBytes = 0;          // LibTorch, tokenized data
    // The parts above are each process's; a data-parallel run holds them in every process of the
    // machine (launch.nprocPerNode), and totalBytes is the machine's sum.
    int processes = 1;
    double totalBytes = 0;
    std::int64_t trainableParameters = 0;
    std::int64_t stepsPerEpoch = 0;
    std::int64_t totalSteps = 0;
    double flopsPerSample = 0;        // training work per sample (forward + backward), what a rate is measured against
    double samplesPerSecond = 0;      // of the whole run (all processes), gradient exchange included
    double allReduceSeconds = 0;      // per optimizer step, summing the gradients of the processes
    double secondsPerEpoch = 0;       // training steps + one evaluation when evaluating each epoch
    double seconds = 0;
    enum class Basis { MeasuredRun, MeasuredGemm, Assumed } basis = Basis::Assumed;
};

RunEstimate estimateRun(const TrainingConfig &config, const EstimateInputs &inputs);

// Samples/s of the newest finished run under runsRoot that trained the same model the same way -
// config's task, LoRA on or off (a frozen base trains ~1.5x faster), bf16 or not - (0 if none), with that
// run's max_length.
std::pair<double, int> measuredThroughput(const std::filesystem::path &runsRoot, const std::string &modelPath,
                                          const TrainingConfig &config);

// The data a run with this config reads and how it splits it (what the trainer prepares).
Result<DataSpec> dataSpecFor(const TrainingConfig &config);
// Language-model tasks: the files of the run, "data" (split by ratios) or one per split.
std::vector<RoleFile> roleFilesFor(const DataConfig &data);

// Everything estimateRun needs, from the config's model and data: reads and splits the data and
// tokenizes the training texts (as the run would) to count the tokens of its batches; language
// models' samples are rendered with the chat template, cut at max_length, dropped when no trained
// token is left, and packed when packing is on, as the causal-LM task trains them. gemmGflops
// comes from the caller (measureGemm needs LibTorch).
Result<EstimateInputs> estimateInputsFor(const TrainingConfig &config, double gemmGflops);

} // namespace hone

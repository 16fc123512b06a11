#pragma once
// Rough memory and time estimates for the Review page, and the shape numbers they need from a
// model's config.json. Estimates, not promises: the page says so.
#include "core/train/trainingconfig.h"

#include <QString>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace hone::ui {

// The few config.json numbers the estimate needs (BERT names, DistilBERT's dim/n_layers/...).
struct ModelShape {
    int hiddenSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int intermediateSize = 0;
    int maxPositions = 0;
    int vocabSize = 0;
    bool valid() const { return hiddenSize > 0 && numLayers > 0; }
};
ModelShape readModelShape(const std::filesystem::path &modelDir);

struct EstimateInputs {
    std::int64_t parameters = 0;      // the pretrained model's, from the safetensors headers
    ModelShape shape;
    std::int64_t trainRows = 0;
    std::int64_t evalRows = 0;        // validation rows (evaluated once per evaluation)
    double meanTokens = 0;            // mean tokens per text with the model's tokenizer (0: unknown)
    int numLabels = 2;
    // Samples/s measured by an earlier run of the same model (0: none), and that run's max_length.
    double measuredSamplesPerSecond = 0;
    int measuredMaxLength = 0;
    double gemmGflops = 0;            // measured matrix-multiply rate (0: assume one)
    int threads = 0;                  // cores used (0: all)
};

struct RunEstimate {
    double weightsBytes = 0;
    double gradientBytes = 0;
    double optimizerBytes = 0;
    double activationBytes = 0;
    double runtimeBytes = 0;          // LibTorch, Qt, tokenized data
    double totalBytes = 0;
    std::int64_t trainableParameters = 0;
    std::int64_t stepsPerEpoch = 0;
    std::int64_t totalSteps = 0;
    double samplesPerSecond = 0;
    double seconds = 0;
    enum class Basis { MeasuredRun, MeasuredGemm, Assumed } basis = Basis::Assumed;
};

RunEstimate estimateRun(const TrainingConfig &config, const EstimateInputs &inputs);

// Samples/s of the newest finished run under runsRoot that trained the same model (0 if none),
// with that run's max_length.
std::pair<double, int> measuredThroughput(const std::filesystem::path &runsRoot, const std::string &modelPath);

// "1.4 GB", "3 min", "about 2 h 10 min" in the current locale.
QString formatBytesEstimate(double bytes);
QString formatDurationEstimate(double seconds);

} // namespace hone::ui

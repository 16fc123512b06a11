#pragma once
// Loads a fine-tuned classifier (a run folder or an exported Hugging Face folder) and predicts
// labels with per-class probabilities. No LibTorch types here (the GUI's playground uses it).
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hone {

struct LoadedModel;
class Tokenizer;

struct LabelPrediction {
    int label = 0;
    std::vector<float> probabilities; // one per label, summing to 1
};

class Predictor {
public:
    // A run folder (uses its best model) or a folder with config.json + model.safetensors + tokenizer.
    static Result<Predictor> open(const std::filesystem::path &modelOrRunDir, int maxLength = 0 /*0: the run's*/);
    // A model already in memory (export verification compares it with its reloaded export).
    static Predictor fromModel(LoadedModel model, std::shared_ptr<const Tokenizer> tokenizer, int maxLength);
    ~Predictor();
    Predictor(Predictor &&) noexcept;
    Predictor &operator=(Predictor &&) noexcept;

    const std::vector<std::string> &labels() const;
    // In batches sorted by length (results in input order); secondTexts empty or the same size as
    // texts (sentence pairs).
    Result<std::vector<LabelPrediction>> predict(const std::vector<std::string> &texts,
                                                 const std::vector<std::string> &secondTexts = {},
                                                 int batchSize = 32) const;

private:
    Predictor();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

struct Dataset;
struct ClassificationMetrics;

// `hone-cli eval` and the GUI's Evaluate on a file: the model's metrics on labelled rows (labels
// are indices into predictor.labels(), as readDataset gives them with ReadOptions::labelNames).
Result<ClassificationMetrics> evaluateDataset(const Predictor &predictor, const Dataset &data, int batchSize = 32);

} // namespace hone

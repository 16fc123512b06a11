#pragma once
// Sequence classification (one label per text or text pair), as Hugging Face's
// *ForSequenceClassification trains it: cross-entropy with optional label smoothing and
// "balanced" class weights; evaluation reports accuracy, P/R/F1 and the confusion matrix, and
// predictions/<split>.jsonl holds each row's text, truth, prediction and probabilities.
#include "core/tasks/task.h"
#include "core/train/predictor.h"

#include <memory>

namespace hone {

// softmax over classes, the most probable class, and the probabilities copied out, per row of
// logits [B, C]: the one place predictions are read out of a classifier (trainer and Predictor).
std::vector<LabelPrediction> labelPredictions(const torch::Tensor &logits);

// HF's "balanced" weights, n / (classes * count), 0 for a class absent from the training split.
std::vector<float> balancedClassWeights(const std::vector<int> &labels, std::size_t classes);

class SequenceClassificationTask : public Task {
public:
    explicit SequenceClassificationTask(TrainingConfig config);
    ~SequenceClassificationTask() override;

    const TaskInfo &info() const override;
    Result<void> prepare(TaskHost &host, RunStart start) override;
    torch::nn::Module &module() override;
    ModelParts modelParts() override;
    int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets) override;
    std::size_t size(SplitRole split) const override;
    const std::vector<std::size_t> &lengths(SplitRole split) const override;
    TaskBatch batch(SplitRole split, const std::vector<std::size_t> &positions) const override;
    torch::Tensor forward(const TaskBatch &batch) override;
    torch::Tensor trainingLoss(const TaskBatch &batch, const torch::Tensor &output) override;
    double lossWeight(SplitRole split, const std::vector<std::size_t> &positions) const override;
    std::map<std::string, double> takeTrainingMetrics() override;
    std::unique_ptr<EvalAccumulator> startEvaluation(SplitRole split) const override;
    Result<void> saveModel(const std::filesystem::path &dir) override;
    void describe(RunSummary &summary) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hone

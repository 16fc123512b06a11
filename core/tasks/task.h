#pragma once
// The task seam: everything about training that depends on what is learned. The trainer
// (core/train/trainer.cpp) runs the loop, schedules, optimizer steps, gradient clipping,
// checkpoints, evaluation scheduling, best-model selection, early stopping and resume; it knows
// nothing of labels. A Task reads its data and model, builds batches, computes the loss,
// accumulates evaluations into metrics, writes prediction records and the model, and says
// (TaskInfo) which metrics exist and which way is better.
//
// SequenceClassificationTask is the first implementation. Room is left for more: a causal-LM
// task returns token-level targets from batch() (ignored positions -100), the mean loss over
// counted tokens from trainingLoss(), loss and perplexity from its accumulator, and generated
// answers as its prediction records; token classification and regression change targets and
// the accumulator the same way.
#include "core/data/datasplit.h"
#include "core/models/layers/projection.h"
#include "core/runs/runrecords.h"
#include "core/tasks/taskinfo.h"
#include "core/train/trainingconfig.h"
#include "core/train/trainingfeedback.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hone {

class RunRecorder;

enum class SplitRole { Train, Validation, Test };
enum class RunStart { New, Resume };
// "train", "validation", "test": the split names of records and prediction files.
const char *splitRoleName(SplitRole split);

// One batch as the model sees it, built by the task from its encoded split.
struct TaskBatch {
    torch::Tensor ids, mask, types;       // [B, T] int64
    torch::Tensor targets;                // what the loss compares with ([B] class ids for classification)
    std::vector<std::size_t> positions;   // the examples, as indices into the split
    std::int64_t tokens = 0;              // non-padding tokens
    std::int64_t learnt = 0;              // positions the loss learns from: examples, or next-token targets
    std::int64_t size = 0;                // examples
};

// What the freezing and LoRA policy (core/train/parameterpolicy.h) sees of a model.
struct ModelParts {
    std::vector<torch::Tensor> embeddings;
    std::vector<std::vector<torch::Tensor>> layers; // transformer layers in forward order
    std::vector<torch::Tensor> head;                // the task's new layers: trained under LoRA too
    std::set<std::string> noDecay = {};             // names kept from weight decay besides biases and LayerNorms (RMSNorm weights)
};

// How a task reports while it prepares: progress, log lines, and the run it records into.
class TaskHost {
public:
    virtual ~TaskHost() = default;
    virtual void phase(TrainingPhase phase, const std::string &detail = {}) = 0;
    virtual void log(const std::string &message) = 0;
    virtual const RunRecorder &recorder() const = 0;
};

// One evaluation's result: the record (split, step and epoch are filled in by the trainer) and
// the lines of predictions/<split>.jsonl.
struct Evaluation {
    EvalMetrics metrics;
    std::vector<nlohmann::json> predictionRecords;
    std::vector<SampleAnswer> samples; // language models: answers to fixed prompts, kept per evaluation
};

// Collects model outputs batch by batch (in any order) and turns them into metrics at the end.
class EvalAccumulator {
public:
    virtual ~EvalAccumulator() = default;
    virtual void add(const TaskBatch &batch, const torch::Tensor &output) = 0;
    // What finish() makes the metrics from, as numbers that add up over disjoint sets of examples
    // (the examples not added count as zeros). Data parallelism: each rank adds its share of the
    // split, the ranks' totals are summed and set back, and every rank finishes on the whole split.
    virtual std::vector<double> totals() const = 0;
    virtual void setTotals(const std::vector<double> &totals) = 0;
    virtual Evaluation finish() = 0;
};

class Task {
public:
    virtual ~Task() = default;
    virtual const TaskInfo &info() const = 0;

    // Reads and splits the data (a new run records its split through host.recorder(); a resumed
    // run reuses the split it recorded), loads the tokenizer and the model, and encodes every split.
    virtual Result<void> prepare(TaskHost &host, RunStart start) = 0;

    // The model being trained. Its named_parameters() are what checkpoints store and what a
    // best-model reload copies back.
    virtual torch::nn::Module &module() = 0;
    virtual ModelParts modelParts() = 0;
    // Adapters on the projections targets names (empty: the model's usual ones); returns how many.
    virtual int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets) = 0;

    virtual std::size_t size(SplitRole split) const = 0;
    // Tokens per example (the length-grouped sampler and length-sorted evaluation use them).
    virtual const std::vector<std::size_t> &lengths(SplitRole split) const = 0;
    virtual TaskBatch batch(SplitRole split, const std::vector<std::size_t> &positions) const = 0;
    // The model's output for a batch (classification: logits [B, C]; a causal LM: its loss summed
    // over the batch's next-token targets, as the vocabulary-wide logits are never kept whole).
    virtual torch::Tensor forward(const TaskBatch &batch) = 0;
    // The loss that trains (mean over the batch); also counts into the training-window metrics.
    virtual torch::Tensor trainingLoss(const TaskBatch &batch, const torch::Tensor &output) = 0;
    // What that mean divides by for these examples: data parallelism scales each rank's loss by
    // its share of the global batch, so the summed gradients are one process's on the whole batch.
    // The examples by default; a weighted loss sums the weights, a causal LM counts its tokens.
    virtual double lossWeight(SplitRole split, const std::vector<std::size_t> &positions) const
    {
        return static_cast<double>(positions.size());
    }
    // info().trainMetrics over the batches since the last call; starts a new window.
    virtual std::map<std::string, double> takeTrainingMetrics() = 0;
    virtual std::unique_ptr<EvalAccumulator> startEvaluation(SplitRole split) const = 0;

    // The trained model as a folder the reference library loads (weights, config, tokenizer).
    virtual Result<void> saveModel(const std::filesystem::path &dir) = 0;
    // The task's part of summary.json (task name, labels).
    virtual void describe(RunSummary &summary) const = 0;
};

// The task a config trains, by its "task" option; a new task is one more branch here and one TaskInfo.
Result<std::unique_ptr<Task>> makeTask(const TrainingConfig &config);

// The split a resumed run trained on (its split.json), or none when the run starts anew.
Result<std::optional<SplitManifest>> resumedSplit(const TaskHost &host, RunStart start);

} // namespace hone

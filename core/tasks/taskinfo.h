#pragma once
// What a task is, without LibTorch: its name (config "task"), the metrics its evaluations report
// with their directions, the training-window metrics of its step records, the series the
// dashboard plots, and whether its runs have labels (confusion matrices, per-class tables).
// The GUI and the CLI read runs through this; the trainable side is core/tasks/task.h.
#include "core/util/result.h"

#include <optional>
#include <string>
#include <vector>

namespace hone {

struct MetricInfo {
    std::string name;             // the key in records and metric_for_best_model ("accuracy", "perplexity")
    bool greaterIsBetter = true;
};

struct TaskInfo {
    std::string name;                         // "sequence_classification"
    std::vector<MetricInfo> evalMetrics;      // "loss" first, then the task's metrics
    std::vector<std::string> trainMetrics;    // step-record values besides the loss ("accuracy")
    std::vector<std::string> plottedMetrics;  // evaluation series the dashboard plots besides the loss
    bool hasLabels = false;                   // labels, confusion matrix, per-class metrics, predictions with probabilities

    const MetricInfo *metric(const std::string &name) const;
};

// The name of the task a config without "task" trains (every run before tasks existed).
inline constexpr const char *kDefaultTask = "sequence_classification";

const TaskInfo &sequenceClassificationInfo();
// Causal language modelling: instruction tuning ("sft") and continued pre-training ("pretrain").
// Their evaluations report the loss and its perplexity, lower better.
const TaskInfo &supervisedFineTuningInfo();
const TaskInfo &pretrainingInfo();
// The task a config's "task" option trains ("classification", "sft", "pretrain").
Result<const TaskInfo *> taskInfoForOption(const std::string &option);
// Every task Hone trains, in the order the GUI lists them.
const std::vector<const TaskInfo *> &taskInfos();
// An unknown name is an error listing the known ones.
Result<const TaskInfo *> findTaskInfo(const std::string &name);

} // namespace hone

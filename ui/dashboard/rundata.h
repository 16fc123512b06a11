#pragma once
// What the dashboard and the compare view show about one run, read from its folder through
// core's readers (RunDirectory, runrecords.h) or fed live from a TrainingJob. Plain data, no
// widgets; missing files are tolerated (a run that has just started has none of them yet) and
// malformed ones are reported with the file and line.
#include "core/runs/rundirectory.h"
#include "core/tasks/taskinfo.h"
#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"
#include "core/train/trainingfeedback.h"

#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace hone::ui {

// One line of predictions/<split>.jsonl: a row of the latest evaluation.
struct PredictionRow {
    qint64 row = 0;
    QString text;
    int truth = 0;
    int predicted = 0;
    std::vector<float> probabilities;
};

class RunData {
public:
    // Reads every file of the run folder that exists. Fails only when dir is not a folder or a
    // file that exists does not parse (the message names the file and line).
    // readMetrics false: only the files, not metrics.jsonl (the caller follows it itself).
    static hone::Result<RunData> load(const QString &dir, bool readMetrics = true);

    // One metrics.jsonl record ("kind": "step" | "eval" | "test" | "samples"); unknown kinds are ignored.
    // Returns false (and leaves the data alone) when the record is malformed.
    bool addRecord(const nlohmann::json &record, std::string *error = nullptr);
    // A step at or before the last one rewinds the curves (a resumed run restarts at its
    // checkpoint); returns true when that happened.
    bool addStep(const hone::StepMetrics &step);
    void addEval(const hone::EvalMetrics &eval); // predictions are not kept here
    void addSamples(const hone::SampleAnswers &answers);
    void setSummary(const hone::RunSummary &summary);
    // Re-reads state.json / summary.json / config.json (after the run ended).
    void reloadFiles();

    QString path;
    QString id;                       // folder name
    hone::RunState state = hone::RunState::Created;
    nlohmann::json config;            // config.json as written (the compare view lists differences), or null
    std::optional<TrainingConfig> trainingConfig; // config.json read by core, when it reads
    std::vector<std::string> labels;  // from summary.json, else from the latest evaluation
    std::vector<hone::StepMetrics> steps;
    std::vector<hone::EvalMetrics> evals; // "eval" and "test" records in file order, without predictions
    std::vector<hone::SampleAnswers> samples; // a language model's answers at each evaluation, in file order
    std::optional<hone::RunSummary> summary;

    // The task that trained the run: config.json's "task", else summary.json's, else classification
    // (runs from before tasks existed).
    const hone::TaskInfo &task() const;
    // sft / pretrain: loss and perplexity, sample answers, no labels.
    bool isLanguageModel() const { return !task().hasLabels; }

    QStringList labelNames() const;
    const hone::EvalMetrics *latestEval(const std::string &split) const;
    // validation metrics of the summary, else of the latest validation evaluation.
    std::optional<hone::ClassificationMetrics> finalMetrics(const std::string &split) const;
    std::int64_t totalSteps() const;
    QString displayName() const;      // a rename (annotations.json), config's "name", else the folder's
    QString predictionsFile(const std::string &split) const;
    bool hasCheckpoint() const;
};

// Reads predictions/<split>.jsonl (core's reader) as the confusion matrix lists rows; error names
// the file and line.
hone::Result<std::vector<PredictionRow>> readPredictions(const QString &file);

} // namespace hone::ui

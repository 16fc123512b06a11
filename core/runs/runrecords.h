#pragma once
// The records of a run folder, as plain data with to_json/from_json: one place decides the
// on-disk format of metrics.jsonl ("step", "eval", "test" records), summary.json and state.json.
// The trainer writes them through RunRecorder; the GUI and the CLI read them back with the same
// functions. Torch-free, Qt-free.
//
// Task-specific numbers travel as named values (`values`): classification reports accuracy,
// macro_f1, ...; a language model reports perplexity. A record is self-describing: every number
// at its top level that is not one of the record's own fields is a metric value.
#include "core/eval/metrics.h"
#include "core/train/sanityguard.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hone {

// A metrics.jsonl "step" record: the training window since the previous one.
struct StepMetrics {
    std::int64_t step = 0;        // optimizer steps done
    std::int64_t totalSteps = 0;
    double epoch = 0;             // fractional, like the Trainer's
    double loss = 0;              // mean training loss over the logging window
    double learningRate = 0;
    double gradNorm = 0;
    double samplesPerSecond = 0;
    double tokensPerSecond = 0;
    double elapsedSeconds = 0;
    double etaSeconds = 0;
    std::map<std::string, double> values; // the task's training metrics over the window ("accuracy")

    // A task value, or fallback when the task does not report it.
    double value(const std::string &name, double fallback = 0) const;
};

// One evaluated row of a classification task: what the GUI lists when a confusion-matrix cell is
// clicked (predictions/<split>.jsonl holds the same, with the texts).
struct Prediction {
    std::int64_t row = 0;         // index into the dataset's rows
    int truth = 0;
    int predicted = 0;
    std::vector<float> probabilities;
};

// One line of predictions/<split>.jsonl of a classification run: the prediction and its texts.
struct PredictionRecord {
    Prediction prediction;
    std::string text;
    std::string textPair;
};

// A language model's answer to one fixed prompt at an evaluation (predictions/<split>.jsonl holds
// the latest; metrics.jsonl keeps every evaluation's, so the dashboard can show answers change).
struct SampleAnswer {
    std::string origin;    // "train.json: record 3"
    std::string prompt;    // the last user turn (or the start of a plain text)
    std::string reference; // the answer in the data
    std::string answer;    // what the model generated (greedy)
};

// A metrics.jsonl "samples" record: the sample answers of one evaluation.
struct SampleAnswers {
    std::string split;     // "validation" or "test"
    std::int64_t step = 0;
    double epoch = 0;
    std::vector<SampleAnswer> answers;
};

// A metrics.jsonl "eval" (validation) or "test" record.
struct EvalMetrics {
    std::string split;            // "validation" or "test"
    std::int64_t step = 0;
    double epoch = 0;
    double loss = 0;
    std::map<std::string, double> values;  // every scalar metric of the task, by name
    ClassificationMetrics metrics;          // classification tasks only (empty confusion otherwise)
    std::vector<Prediction> predictions;    // live only (GUI); never in metrics.jsonl
    bool isBest = false;                    // best so far by metric_for_best_model

    bool hasClassification() const { return !metrics.confusion.empty(); }
    // "loss" or a task value; nullopt when the task does not report it.
    std::optional<double> value(const std::string &name) const;
};

struct ThroughputSummary {
    double samplesPerSecond = 0;
    double tokensPerSecond = 0;
    double wallSeconds = 0;        // training steps only
    double evaluationSeconds = 0;  // validation passes
    std::int64_t steps = 0;
    double epochs = 0;
    std::int64_t peakRssBytes = 0;
};

// Every step and evaluation record of metrics.jsonl, in file order.
struct RunRecords {
    std::vector<StepMetrics> steps;
    std::vector<EvalMetrics> evals; // "eval" and "test" records
    std::vector<SampleAnswers> samples; // "samples" records (language models)
};

// summary.json (design.md): labels, validation/test metrics, throughput, best checkpoint.
struct RunSummary {
    std::filesystem::path runDir; // set by readers and the trainer; not stored in the file
    std::string task;             // the task that trained it ("sequence_classification")
    std::vector<std::string> labels;
    std::optional<ClassificationMetrics> validation;
    std::optional<ClassificationMetrics> test;
    double validationLoss = 0;
    double testLoss = 0;
    std::map<std::string, double> validationValues; // every task metric of the reported evaluation
    std::map<std::string, double> testValues;
    ThroughputSummary train;
    std::string bestMetricName;
    std::optional<double> bestMetric;
    std::int64_t bestStep = 0;
    bool canceled = false;       // stopped by the user (from state.json; a canceled run has no summary.json)
    bool stoppedEarly = false;   // early stopping triggered
    // summary.json "sanity": the best model's predictions against the majority baseline, judged on
    // sanitySplit (validation, else test); none for tasks without class predictions.
    std::optional<PredictionSanity> sanity;
    std::string sanitySplit;

    // The summary's view of one evaluation (validation or test).
    void setEvaluation(const EvalMetrics &eval);
    bool hasValidation() const { return validation || !validationValues.empty(); }
    bool hasTest() const { return test || !testValues.empty(); }
};

enum class RunState { Created, Running, Finished, Canceled, Failed, Interrupted };
const char *runStateName(RunState state);
RunState runStateFromName(const std::string &name);

// state.json. `state` is as written: Running with a dead pid is Interrupted only by
// RunDirectory::state() / runOwner(), which check the process.
struct RunStateRecord {
    RunState state = RunState::Created;
    std::string created;          // ISO 8601 local time
    std::string updated;
    std::string detail;           // why it failed / where it stopped
    long pid = 0;                 // the training process while running, else 0
    int worldSize = 1;            // processes training the run (data parallelism); a resume needs as many
};

void to_json(nlohmann::json &j, const StepMetrics &s);
void from_json(const nlohmann::json &j, StepMetrics &s);
void to_json(nlohmann::json &j, const Prediction &p);
void from_json(const nlohmann::json &j, Prediction &p);
void to_json(nlohmann::json &j, const PredictionRecord &p);
void from_json(const nlohmann::json &j, PredictionRecord &p);
// kind is "eval", or "test" for the test split; total_steps comes from the loop.
nlohmann::json evalRecordJson(const EvalMetrics &e, std::int64_t totalSteps);
void to_json(nlohmann::json &j, const EvalMetrics &e);
void from_json(const nlohmann::json &j, EvalMetrics &e);
void to_json(nlohmann::json &j, const RunSummary &s);
void from_json(const nlohmann::json &j, RunSummary &s);
void to_json(nlohmann::json &j, const RunStateRecord &s);
void to_json(nlohmann::json &j, const SampleAnswer &a);
void from_json(const nlohmann::json &j, SampleAnswer &a);
// kind "samples"
void to_json(nlohmann::json &j, const SampleAnswers &s);
void from_json(const nlohmann::json &j, SampleAnswers &s);
void from_json(const nlohmann::json &j, RunStateRecord &s);

// Parsers that report instead of throwing: the message says what is missing or malformed.
Result<StepMetrics> parseStepRecord(const nlohmann::json &j);
Result<EvalMetrics> parseEvalRecord(const nlohmann::json &j);
Result<RunSummary> parseSummary(const nlohmann::json &j);
// The metric values of an evaluation record or result object: every top-level number that is not
// one of the record's own fields (step, epoch, loss, total, ...).
std::map<std::string, double> evalValues(const nlohmann::json &j);

// One metrics.jsonl line: a step, an evaluation or sample answers; none for kinds this version does not know.
struct MetricsRecord {
    std::optional<StepMetrics> step;
    std::optional<EvalMetrics> eval;
    std::optional<SampleAnswers> samples;
};
Result<MetricsRecord> parseMetricsRecord(const nlohmann::json &j);
// A config object as "data.file"-style keys, values as text (strings without quotes): what
// run comparisons list when settings differ.
std::map<std::string, std::string> flattenSettings(const nlohmann::json &config);

// predictions/<split>.jsonl of a classification run; a torn last line (still being written) is
// left out; a malformed line is an error naming the file and line.
Result<std::vector<PredictionRecord>> readPredictionFile(const std::filesystem::path &file);

} // namespace hone

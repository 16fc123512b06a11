#include "core/runs/runrecords.h"

#include "core/io/jsoninteger.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>

namespace hone {
using nlohmann::json;

namespace {

double number(const json &j, const char *key, double fallback = 0)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

// A count or step; a value that is not exactly an int64 (2.5, 1e40, a huge unsigned) is malformed:
// the fallback.
std::int64_t integer(const json &j, const char *key, std::int64_t fallback = 0)
{
    const auto it = j.find(key);
    const auto v = it == j.end() ? std::nullopt : exactSignedInteger(*it);
    return v ? *v : fallback;
}

std::string text(const json &j, const char *key, const std::string &fallback = {})
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool flag(const json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() && it->get<bool>();
}

// Every top-level number that is not one of the record's own fields is a metric value.
std::map<std::string, double> valuesOf(const json &j, std::initializer_list<const char *> ownFields)
{
    std::map<std::string, double> values;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it.value().is_number())
            continue;
        if (std::any_of(ownFields.begin(), ownFields.end(), [&](const char *f) { return it.key() == f; }))
            continue;
        values[it.key()] = it.value().get<double>();
    }
    return values;
}

// The fields of step and eval records that are not metrics.
constexpr std::initializer_list<const char *> kStepFields = {"step", "total_steps", "epoch", "loss", "learning_rate",
                                                              "grad_norm", "samples_per_second", "tokens_per_second",
                                                              "elapsed_seconds", "eta_seconds"};
constexpr std::initializer_list<const char *> kEvalFields = {"step", "total_steps", "epoch", "loss", "total"};
constexpr std::initializer_list<const char *> kResultFields = {"loss", "total"};

// Classification results carry the confusion matrix; older or hand-written ones may have only "accuracy".
bool hasClassificationFields(const json &j)
{
    return j.contains("confusion_matrix") || j.contains("accuracy");
}

// A validation/test object of summary.json: the classification metrics when there are any, every
// task value, and the loss.
json resultJson(const std::optional<ClassificationMetrics> &classification, const std::map<std::string, double> &values,
                double loss)
{
    json j = classification ? json(*classification) : json::object();
    for (const auto &[name, v] : values)
        j[name] = v;
    j["loss"] = loss;
    return j;
}

void readResult(const json &j, std::optional<ClassificationMetrics> &classification, std::map<std::string, double> &values,
                double &loss)
{
    if (!j.is_object())
        return;
    if (hasClassificationFields(j))
        classification = j.get<ClassificationMetrics>();
    values = valuesOf(j, kResultFields);
    loss = number(j, "loss");
}

} // namespace

double StepMetrics::value(const std::string &name, double fallback) const
{
    const auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
}

std::optional<double> EvalMetrics::value(const std::string &name) const
{
    if (name == "loss")
        return loss;
    const auto it = values.find(name);
    if (it != values.end())
        return it->second;
    return std::nullopt;
}

void RunSummary::setEvaluation(const EvalMetrics &eval)
{
    const bool test = eval.split == "test";
    std::optional<ClassificationMetrics> classification =
        eval.hasClassification() ? std::optional(eval.metrics) : std::nullopt;
    (test ? this->test : validation) = std::move(classification);
    (test ? testLoss : validationLoss) = eval.loss;
    (test ? testValues : validationValues) = eval.values;
}

const char *runStateName(RunState state)
{
    switch (state) {
    case RunState::Created: return "created";
    case RunState::Running: return "running";
    case RunState::Finished: return "finished";
    case RunState::Canceled: return "canceled";
    case RunState::Failed: return "failed";
    case RunState::Interrupted: return "interrupted";
    }
    return "created";
}

RunState runStateFromName(const std::string &name)
{
    for (RunState s : {RunState::Created, RunState::Running, RunState::Finished, RunState::Canceled, RunState::Failed,
                       RunState::Interrupted})
        if (name == runStateName(s))
            return s;
    return RunState::Created;
}

void to_json(json &j, const StepMetrics &s)
{
    j = {{"kind", "step"},
         {"step", s.step},
         {"total_steps", s.totalSteps},
         {"epoch", s.epoch},
         {"loss", s.loss}};
    for (const auto &[name, v] : s.values)
        j[name] = v;
    j["learning_rate"] = s.learningRate;
    j["grad_norm"] = s.gradNorm;
    j["samples_per_second"] = s.samplesPerSecond;
    j["tokens_per_second"] = s.tokensPerSecond;
    j["elapsed_seconds"] = s.elapsedSeconds;
    j["eta_seconds"] = s.etaSeconds;
}

void from_json(const json &j, StepMetrics &s)
{
    s.step = integer(j, "step");
    s.totalSteps = integer(j, "total_steps");
    s.epoch = number(j, "epoch");
    s.loss = number(j, "loss");
    s.learningRate = number(j, "learning_rate");
    s.gradNorm = number(j, "grad_norm");
    s.samplesPerSecond = number(j, "samples_per_second");
    s.tokensPerSecond = number(j, "tokens_per_second");
    s.elapsedSeconds = number(j, "elapsed_seconds");
    s.etaSeconds = number(j, "eta_seconds");
    s.values = valuesOf(j, kStepFields);
}

void to_json(json &j, const Prediction &p)
{
    j = {{"row", p.row}, {"truth", p.truth}, {"predicted", p.predicted}, {"probabilities", p.probabilities}};
}

namespace {

// One line of predictions/<split>.jsonl; errors name where (file:line) and the field.
Result<Prediction> predictionFromJson(const json &j, const std::string &where)
{
    if (!j.is_object() || !j.contains("truth") || !j.contains("predicted"))
        return makeError(ErrorCode::Format, where + ": needs \"truth\" and \"predicted\"");
    Prediction p;
    const auto row = readIntegerField<std::int64_t>(j, "row", where, 0, 0);
    // -1: no label (truth of an unlabelled row)
    const auto truth = readInteger<int>(j["truth"], where, "truth", -1);
    const auto predicted = readInteger<int>(j["predicted"], where, "predicted", -1);
    if (!row)
        return row.error();
    for (const Result<int> *x : {&truth, &predicted})
        if (!*x)
            return x->error();
    p.row = *row;
    p.truth = *truth;
    p.predicted = *predicted;
    if (const auto it = j.find("probabilities"); it != j.end() && !it->is_null()) {
        const auto bad = makeError(ErrorCode::Format, where + ": field \"probabilities\" must be an array of numbers "
                                                              "from 0 to 1");
        if (!it->is_array())
            return bad;
        for (const auto &v : *it) {
            // In range before narrowing: a double beyond float's range converts with undefined behaviour.
            if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 1))
                return bad;
            p.probabilities.push_back(static_cast<float>(v.get<double>()));
        }
    }
    return p;
}

Result<PredictionRecord> predictionRecordFromJson(const json &j, const std::string &where)
{
    auto prediction = predictionFromJson(j, where);
    if (!prediction)
        return prediction.error();
    PredictionRecord r;
    r.prediction = std::move(prediction).value();
    r.text = text(j, "text");
    r.textPair = text(j, "text_pair");
    return r;
}

// from_json reports a malformed record by json::exception, as metrics' does.
template <typename T>
T orThrow(Result<T> read)
{
    if (!read)
        throw json::type_error::create(302, read.error().message, nullptr);
    return std::move(read).value();
}

} // namespace

void from_json(const json &j, Prediction &p)
{
    p = orThrow(predictionFromJson(j, "prediction"));
}

void to_json(json &j, const PredictionRecord &p)
{
    j = p.prediction;
    j["text"] = p.text;
    if (!p.textPair.empty())
        j["text_pair"] = p.textPair;
}

void from_json(const json &j, PredictionRecord &p)
{
    p = orThrow(predictionRecordFromJson(j, "prediction"));
}

void to_json(json &j, const SampleAnswer &a)
{
    j = {{"origin", a.origin}, {"prompt", a.prompt}, {"reference", a.reference}, {"answer", a.answer}};
}

void from_json(const json &j, SampleAnswer &a)
{
    a.origin = text(j, "origin");
    a.prompt = text(j, "prompt");
    a.reference = text(j, "reference");
    a.answer = text(j, "answer");
}

void to_json(json &j, const SampleAnswers &s)
{
    j = {{"kind", "samples"}, {"split", s.split}, {"step", s.step}, {"epoch", s.epoch}, {"answers", s.answers}};
}

void from_json(const json &j, SampleAnswers &s)
{
    s.split = text(j, "split");
    s.step = integer(j, "step");
    s.epoch = number(j, "epoch");
    s.answers.clear();
    if (const auto it = j.find("answers"); it != j.end() && it->is_array())
        for (const json &a : *it)
            if (a.is_object())
                s.answers.push_back(a.get<SampleAnswer>());
}

namespace {

void flattenInto(const json &j, const std::string &prefix, std::map<std::string, std::string> &out)
{
    if (j.is_object() && (!j.empty() || prefix.empty())) {
        for (auto it = j.begin(); it != j.end(); ++it)
            flattenInto(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
        return;
    }
    out[prefix] = j.is_string() ? j.get<std::string>() : j.dump();
}

} // namespace

std::map<std::string, std::string> flattenSettings(const json &config)
{
    std::map<std::string, std::string> out;
    if (config.is_object())
        flattenInto(config, std::string(), out);
    return out;
}

Result<std::vector<PredictionRecord>> readPredictionFile(const std::filesystem::path &file)
{
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::NotFound, file.string() + ": cannot open");
    std::vector<PredictionRecord> rows;
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json j;
        try {
            j = json::parse(line);
        } catch (const json::exception &) {
            if (in.peek() == std::char_traits<char>::eof())
                break; // torn last line of a file still being written
            return makeError(ErrorCode::Format, file.string() + ":" + std::to_string(number) + ": not valid JSON");
        }
        const std::string where = file.string() + ":" + std::to_string(number);
        auto record = predictionRecordFromJson(j, where);
        if (!record)
            return record.error();
        PredictionRecord r = std::move(record).value();
        if (!j.contains("row"))
            r.prediction.row = number - 1;
        rows.push_back(std::move(r));
    }
    return rows;
}

json evalRecordJson(const EvalMetrics &e, std::int64_t totalSteps)
{
    json j = e;
    j["total_steps"] = totalSteps;
    return j;
}

void to_json(json &j, const EvalMetrics &e)
{
    j = e.hasClassification() ? json(e.metrics) : json::object();
    for (const auto &[name, v] : e.values)
        j[name] = v;
    j["kind"] = e.split == "test" ? "test" : "eval";
    j["split"] = e.split;
    j["step"] = e.step;
    j["epoch"] = e.epoch;
    j["loss"] = e.loss;
    j["is_best"] = e.isBest;
}

void from_json(const json &j, EvalMetrics &e)
{
    e.split = text(j, "split", text(j, "kind") == "test" ? "test" : "validation");
    e.step = integer(j, "step");
    e.epoch = number(j, "epoch");
    e.loss = number(j, "loss");
    e.values = valuesOf(j, kEvalFields);
    e.metrics = hasClassificationFields(j) ? j.get<ClassificationMetrics>() : ClassificationMetrics{};
    e.predictions.clear();
    e.isBest = flag(j, "is_best");
}

void to_json(json &j, const RunSummary &s)
{
    j = json::object();
    if (!s.task.empty())
        j["task"] = s.task;
    j["labels"] = s.labels;
    j["validation"] = s.hasValidation() ? resultJson(s.validation, s.validationValues, s.validationLoss) : json(nullptr);
    j["test"] = s.hasTest() ? resultJson(s.test, s.testValues, s.testLoss) : json(nullptr);
    j["train"] = {{"samples_per_second", s.train.samplesPerSecond},
                  {"tokens_per_second", s.train.tokensPerSecond},
                  {"wall_seconds", s.train.wallSeconds},
                  {"evaluation_seconds", s.train.evaluationSeconds},
                  {"steps", s.train.steps},
                  {"epochs", s.train.epochs},
                  {"peak_rss_bytes", s.train.peakRssBytes}};
    j["best"] = {{"metric", s.bestMetricName}, {"step", s.bestStep}};
    j["best"]["value"] = s.bestMetric ? json(*s.bestMetric) : json(nullptr);
    j["stopped_early"] = s.stoppedEarly;
    if (s.sanity) {
        j["sanity"] = sanityJson(*s.sanity);
        j["sanity"]["split"] = s.sanitySplit;
    }
}

void from_json(const json &j, RunSummary &s)
{
    s.task = text(j, "task");
    s.labels.clear();
    if (const auto it = j.find("labels"); it != j.end() && it->is_array())
        for (const auto &l : *it)
            s.labels.push_back(l.is_string() ? l.get<std::string>() : l.dump());
    s.validation.reset();
    s.test.reset();
    if (const auto it = j.find("validation"); it != j.end())
        readResult(*it, s.validation, s.validationValues, s.validationLoss);
    if (const auto it = j.find("test"); it != j.end())
        readResult(*it, s.test, s.testValues, s.testLoss);
    if (const auto it = j.find("train"); it != j.end() && it->is_object()) {
        const json &t = *it;
        s.train.samplesPerSecond = number(t, "samples_per_second");
        s.train.tokensPerSecond = number(t, "tokens_per_second");
        s.train.wallSeconds = number(t, "wall_seconds");
        s.train.evaluationSeconds = number(t, "evaluation_seconds");
        s.train.steps = integer(t, "steps");
        s.train.epochs = number(t, "epochs");
        s.train.peakRssBytes = integer(t, "peak_rss_bytes");
    }
    if (const auto it = j.find("best"); it != j.end() && it->is_object()) {
        const json &b = *it;
        s.bestMetricName = text(b, "metric");
        s.bestMetric.reset();
        if (b.contains("value") && b["value"].is_number())
            s.bestMetric = b["value"].get<double>();
        s.bestStep = integer(b, "step");
    }
    s.stoppedEarly = flag(j, "stopped_early");
    s.sanity.reset();
    s.sanitySplit.clear();
    if (const auto it = j.find("sanity"); it != j.end() && it->is_object()) {
        s.sanity = sanityFromJson(*it);
        s.sanitySplit = text(*it, "split");
    }
}

void to_json(json &j, const RunStateRecord &s)
{
    j = {{"state", runStateName(s.state)}};
    if (!s.created.empty())
        j["created"] = s.created;
    if (!s.updated.empty())
        j["updated"] = s.updated;
    j["pid"] = s.pid;
    if (!s.detail.empty())
        j["detail"] = s.detail;
    if (s.worldSize > 1)
        j["world_size"] = s.worldSize;
}

void from_json(const json &j, RunStateRecord &s)
{
    s.state = runStateFromName(text(j, "state"));
    s.created = text(j, "created");
    s.updated = text(j, "updated");
    s.detail = text(j, "detail");
    s.pid = static_cast<long>(integer(j, "pid"));
    const auto worldSize = readIntegerField<int>(j, "world_size", "state.json", 1, 1);
    s.worldSize = worldSize ? *worldSize : 1;
}

namespace {

// Every record names its step: a whole number from 0 (2.5 or 1e40 is no step).
Result<void> checkStep(const json &j, const std::string &record)
{
    if (!j.is_object() || !j.contains("step"))
        return makeError(ErrorCode::Format, record + " needs a numeric \"step\"");
    if (auto step = readInteger<std::int64_t>(j["step"], record, "step", 0); !step)
        return step.error();
    return {};
}

} // namespace

Result<StepMetrics> parseStepRecord(const json &j)
{
    if (auto r = checkStep(j, "a \"step\" record"); !r)
        return r.error();
    return j.get<StepMetrics>();
}

Result<EvalMetrics> parseEvalRecord(const json &j)
{
    const std::string kind = j.is_object() ? text(j, "kind") : std::string();
    if (auto r = checkStep(j, "an \"" + kind + "\" record"); !r)
        return r.error();
    if (!(j.contains("loss") && j["loss"].is_number()) && valuesOf(j, kEvalFields).empty())
        return makeError(ErrorCode::Format, "an \"" + kind + "\" record needs its metrics (\"loss\", \"accuracy\", ...)");
    try {
        return j.get<EvalMetrics>();
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, "an \"" + kind + "\" record has malformed metrics: " + e.what());
    }
}

std::map<std::string, double> evalValues(const json &j)
{
    return valuesOf(j, kEvalFields);
}

Result<MetricsRecord> parseMetricsRecord(const json &j)
{
    const std::string kind = j.is_object() ? text(j, "kind") : std::string();
    MetricsRecord record;
    if (kind == "step") {
        auto step = parseStepRecord(j);
        if (!step)
            return step.error();
        record.step = std::move(step).value();
    } else if (kind == "eval" || kind == "test") {
        auto eval = parseEvalRecord(j);
        if (!eval)
            return eval.error();
        record.eval = std::move(eval).value();
    } else if (kind == "samples") {
        record.samples = j.get<SampleAnswers>();
    }
    return record;
}

Result<RunSummary> parseSummary(const json &j)
{
    if (!j.is_object())
        return makeError(ErrorCode::Format, "not a JSON object");
    try {
        return j.get<RunSummary>();
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, e.what());
    }
}

} // namespace hone

#include "ui/dashboard/rundata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <filesystem>

namespace hone::ui {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

double number(const json &j, const char *key, double fallback = 0)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

std::int64_t integer(const json &j, const char *key, std::int64_t fallback = 0)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

std::string text(const json &j, const char *key, const std::string &fallback = {})
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::optional<ClassificationMetrics> metricsFromJson(const json &j)
{
    if (!j.is_object())
        return std::nullopt;
    try {
        return j.get<ClassificationMetrics>();
    } catch (const json::exception &) {
        return std::nullopt;
    }
}

} // namespace

std::optional<StepMetrics> stepFromJson(const json &j)
{
    if (!j.is_object() || !j.contains("step") || !j["step"].is_number())
        return std::nullopt;
    StepMetrics s;
    s.step = integer(j, "step");
    s.totalSteps = integer(j, "total_steps");
    s.epoch = number(j, "epoch");
    s.loss = number(j, "loss");
    s.accuracy = number(j, "accuracy");
    s.learningRate = number(j, "learning_rate");
    s.gradNorm = number(j, "grad_norm");
    s.samplesPerSecond = number(j, "samples_per_second");
    s.tokensPerSecond = number(j, "tokens_per_second");
    s.elapsedSeconds = number(j, "elapsed_seconds");
    s.etaSeconds = number(j, "eta_seconds");
    return s;
}

std::optional<EvalMetrics> evalFromJson(const json &j)
{
    if (!j.is_object() || !j.contains("step") || !j["step"].is_number() || !j.contains("accuracy") ||
        !j["accuracy"].is_number())
        return std::nullopt;
    auto metrics = metricsFromJson(j);
    if (!metrics)
        return std::nullopt;
    EvalMetrics e;
    e.split = text(j, "split", text(j, "kind") == "test" ? "test" : "validation");
    e.step = integer(j, "step");
    e.epoch = number(j, "epoch");
    e.loss = number(j, "loss");
    e.metrics = std::move(*metrics);
    const auto best = j.find("is_best");
    e.isBest = best != j.end() && best->is_boolean() && best->get<bool>();
    return e;
}

std::optional<RunSummary> summaryFromJson(const json &j)
{
    if (!j.is_object())
        return std::nullopt;
    RunSummary s;
    try {
        if (j.contains("labels") && j["labels"].is_array())
            for (const auto &l : j["labels"])
                s.labels.push_back(l.is_string() ? l.get<std::string>() : l.dump());
        if (j.contains("validation")) {
            s.validation = metricsFromJson(j["validation"]);
            if (s.validation)
                s.validationLoss = number(j["validation"], "loss");
        }
        if (j.contains("test")) {
            s.test = metricsFromJson(j["test"]);
            if (s.test)
                s.testLoss = number(j["test"], "loss");
        }
        if (j.contains("train") && j["train"].is_object()) {
            const json &t = j["train"];
            s.train.samplesPerSecond = number(t, "samples_per_second");
            s.train.tokensPerSecond = number(t, "tokens_per_second");
            s.train.wallSeconds = number(t, "wall_seconds");
            s.train.steps = integer(t, "steps");
            s.train.epochs = number(t, "epochs");
            s.train.peakRssBytes = integer(t, "peak_rss_bytes");
        }
        if (j.contains("best") && j["best"].is_object()) {
            const json &b = j["best"];
            s.bestMetricName = text(b, "metric");
            if (b.contains("value") && b["value"].is_number())
                s.bestMetric = b["value"].get<double>();
            s.bestStep = integer(b, "step");
        }
        const auto canceled = j.find("canceled");
        s.canceled = canceled != j.end() && canceled->is_boolean() && canceled->get<bool>();
        const auto early = j.find("stopped_early");
        s.stoppedEarly = early != j.end() && early->is_boolean() && early->get<bool>();
    } catch (const json::exception &) {
        return std::nullopt;
    }
    return s;
}

Result<std::vector<PredictionRow>> readPredictions(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, file.toStdString() + ": cannot open");
    std::vector<PredictionRow> rows;
    int lineNumber = 0;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine();
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        json j;
        try {
            j = json::parse(line.constData(), line.constData() + line.size());
        } catch (const json::exception &) {
            if (in.atEnd())
                break; // torn last line of a file still being written
            return makeError(ErrorCode::Format, file.toStdString() + ":" + std::to_string(lineNumber) + ": not valid JSON");
        }
        if (!j.is_object() || !j.contains("truth") || !j.contains("predicted"))
            return makeError(ErrorCode::Format,
                             file.toStdString() + ":" + std::to_string(lineNumber) + ": needs \"truth\" and \"predicted\"");
        PredictionRow r;
        r.row = integer(j, "row", lineNumber - 1);
        r.text = QString::fromStdString(text(j, "text"));
        r.truth = int(integer(j, "truth", -1));
        r.predicted = int(integer(j, "predicted", -1));
        if (j.contains("probabilities") && j["probabilities"].is_array())
            for (const auto &p : j["probabilities"])
                r.probabilities.push_back(p.is_number() ? p.get<float>() : 0.0f);
        rows.push_back(std::move(r));
    }
    return rows;
}

Result<RunData> RunData::load(const QString &dir, bool readMetrics)
{
    const QFileInfo info(dir);
    if (!info.isDir())
        return makeError(ErrorCode::NotFound, dir.toStdString() + ": no such run folder");
    RunData data;
    data.path = info.absoluteFilePath();
    data.id = info.fileName();
    data.reloadFiles();

    auto run = RunDirectory::open(data.path.toStdString());
    if (!run)
        return run.error();
    if (!readMetrics)
        return data;
    auto records = run->readMetrics();
    if (!records)
        return records.error();
    int line = 0;
    for (const auto &r : *records) {
        ++line;
        std::string error;
        if (!data.addRecord(r, &error))
            return makeError(ErrorCode::Format, run->metricsFile().string() + ": record " + std::to_string(line) + ": " + error);
    }
    if (data.labels.empty())
        if (const EvalMetrics *e = data.latestEval("validation"))
            for (const auto &c : e->metrics.perClass)
                data.labels.push_back(c.label);
    return data;
}

void RunData::reloadFiles()
{
    auto run = RunDirectory::open(path.toStdString());
    if (!run)
        return;
    state = run->state();
    if (auto c = run->readJson(run->configFile()))
        config = std::move(c).value();
    if (auto s = run->readJson(run->summaryFile()))
        if (auto parsed = summaryFromJson(*s))
            setSummary(*parsed);
}

bool RunData::addRecord(const json &record, std::string *error)
{
    const std::string kind = record.is_object() ? text(record, "kind") : std::string();
    if (kind == "step") {
        auto s = stepFromJson(record);
        if (!s) {
            if (error)
                *error = "a \"step\" record needs a numeric \"step\"";
            return false;
        }
        addStep(*s);
        return true;
    }
    if (kind == "eval" || kind == "test") {
        auto e = evalFromJson(record);
        if (!e) {
            if (error)
                *error = "an \"" + kind + "\" record needs \"step\" and the classification metrics (\"accuracy\", ...)";
            return false;
        }
        addEval(*e);
        return true;
    }
    return true; // other kinds (future additions) are not plotted
}

bool RunData::addStep(const StepMetrics &step)
{
    bool rewound = false;
    if (!steps.empty() && step.step <= steps.back().step) {
        steps.erase(std::lower_bound(steps.begin(), steps.end(), step.step,
                                     [](const StepMetrics &s, std::int64_t v) { return s.step < v; }),
                    steps.end());
        evals.erase(std::remove_if(evals.begin(), evals.end(), [&](const EvalMetrics &e) { return e.step >= step.step; }),
                    evals.end());
        rewound = true;
    }
    steps.push_back(step);
    return rewound;
}

void RunData::addEval(const EvalMetrics &eval)
{
    EvalMetrics e = eval;
    e.predictions.clear();
    if (labels.empty())
        for (const auto &c : e.metrics.perClass)
            labels.push_back(c.label);
    evals.push_back(std::move(e));
}

void RunData::setSummary(const RunSummary &s)
{
    summary = s;
    if (!s.labels.empty())
        labels = s.labels;
}

QStringList RunData::labelNames() const
{
    QStringList names;
    for (const auto &l : labels)
        names << QString::fromStdString(l);
    return names;
}

const EvalMetrics *RunData::latestEval(const std::string &split) const
{
    for (auto it = evals.rbegin(); it != evals.rend(); ++it)
        if (it->split == split)
            return &*it;
    return nullptr;
}

std::optional<ClassificationMetrics> RunData::finalMetrics(const std::string &split) const
{
    if (summary) {
        if (split == "validation" && summary->validation)
            return summary->validation;
        if (split == "test" && summary->test)
            return summary->test;
    }
    if (const EvalMetrics *e = latestEval(split))
        return e->metrics;
    return std::nullopt;
}

std::int64_t RunData::totalSteps() const
{
    return steps.empty() ? 0 : steps.back().totalSteps;
}

QString RunData::displayName() const
{
    if (config.is_object())
        if (auto n = text(config, "name"); !n.empty())
            return QString::fromStdString(n);
    return id;
}

QString RunData::predictionsFile(const std::string &split) const
{
    return QDir(path).filePath(QStringLiteral("predictions/%1.jsonl").arg(QString::fromStdString(split)));
}

bool RunData::hasCheckpoint() const
{
    auto run = RunDirectory::open(path.toStdString());
    return run && !run->checkpoints().empty();
}

} // namespace hone::ui

#include "ui/dashboard/rundata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <filesystem>

namespace hone::ui {
using nlohmann::json;
namespace fs = std::filesystem;

Result<std::vector<PredictionRow>> readPredictions(const QString &file)
{
    auto records = readPredictionFile(file.toStdString());
    if (!records)
        return records.error();
    std::vector<PredictionRow> rows;
    rows.reserve(records->size());
    for (auto &r : *records)
        rows.push_back({r.prediction.row, QString::fromStdString(r.text), r.prediction.truth, r.prediction.predicted,
                        std::move(r.prediction.probabilities)});
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
    if (auto c = readTrainingConfig(run->configFile()))
        trainingConfig = std::move(c).value();
    if (auto parsed = run->readSummary())
        setSummary(*parsed);
}

bool RunData::addRecord(const json &record, std::string *error)
{
    auto parsed = parseMetricsRecord(record);
    if (!parsed) {
        if (error)
            *error = parsed.error().message;
        return false;
    }
    if (parsed->step)
        addStep(*parsed->step);
    if (parsed->eval)
        addEval(*parsed->eval);
    if (parsed->samples)
        addSamples(*parsed->samples);
    return true; // other kinds (future additions) are not shown
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
        samples.erase(std::remove_if(samples.begin(), samples.end(), [&](const SampleAnswers &s) { return s.step >= step.step; }),
                      samples.end());
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

void RunData::addSamples(const SampleAnswers &answers)
{
    samples.push_back(answers);
}

const TaskInfo &RunData::task() const
{
    if (trainingConfig)
        if (auto t = taskInfoForOption(trainingConfig->task))
            return **t;
    if (const auto it = config.find("task"); it != config.end() && it->is_string())
        if (auto t = taskInfoForOption(it->get<std::string>()))
            return **t;
    if (summary && !summary->task.empty())
        if (auto t = findTaskInfo(summary->task))
            return **t;
    return sequenceClassificationInfo();
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
    const RunAnnotations annotations = path.isEmpty() ? RunAnnotations() : readRunAnnotations(path.toStdString());
    return QString::fromStdString(runDisplayName(id.toStdString(), config, annotations));
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

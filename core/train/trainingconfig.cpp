#include "core/train/trainingconfig.h"

#include "core/train/trainingoptions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace hone {

std::vector<std::string> loraTargetList(const std::string &targetModules)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= targetModules.size()) {
        std::size_t end = targetModules.find(',', start);
        if (end == std::string::npos)
            end = targetModules.size();
        std::string name = targetModules.substr(start, end - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty())
            out.push_back(name);
        start = end + 1;
    }
    return out;
}

std::vector<std::string> loraTargets(const LoraConfig &lora, const std::vector<std::string> &usual)
{
    std::vector<std::string> chosen = loraTargetList(lora.targetModules);
    return chosen.empty() ? usual : chosen;
}
using nlohmann::json;

const std::vector<OptimizerInfo> &optimizers()
{
    // name, betas, epsilon, momentum, nesterov, usual learning rates for fine-tuning
    static const std::vector<OptimizerInfo> list = {
        {"adamw", true, true, false, false, 1e-6, 1e-3},   {"adam", true, true, false, false, 1e-6, 1e-3},
        {"sgd", false, false, true, true, 1e-4, 0.1},      {"adagrad", false, true, false, false, 1e-4, 0.1},
        {"adadelta", false, true, false, false, 1e-2, 1.0}, {"rmsprop", false, true, true, false, 1e-6, 1e-3},
    };
    return list;
}

const OptimizerInfo *findOptimizer(const std::string &name)
{
    for (const OptimizerInfo &o : optimizers())
        if (name == o.name)
            return &o;
    return nullptr;
}

const std::vector<std::string> &optimizerNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const OptimizerInfo &o : optimizers())
            v.push_back(o.name);
        return v;
    }();
    return names;
}

const std::vector<std::string> &trainingTaskNames()
{
    static const std::vector<std::string> names = {"classification", "sft", "pretrain"};
    return names;
}

std::string defaultMetricForTask(const std::string &task)
{
    return task == "classification" ? "accuracy" : "loss";
}

const std::vector<std::string> &schedulerNames()
{
    static const std::vector<std::string> names = {"linear", "cosine", "constant"};
    return names;
}

namespace {

Error invalid(const std::string &key, const std::string &what)
{
    return makeError(ErrorCode::InvalidArgument, key + ": " + what);
}

} // namespace

TrainingConfig::TrainingConfig() = default;

Result<void> TrainingConfig::validate() const
{
    if (model.empty())
        return invalid("model", "no pretrained model chosen");
    if (data.file.empty() && data.train.empty())
        return invalid("data", "give a data file to split (data.file) or a training file (data.train)");
    if (!data.file.empty() && !data.train.empty())
        return invalid("data", "give either data.file (split by ratios) or data.train, not both");
    // Each option's type, range and choices, from the options table.
    for (const TrainingOption &o : trainingOptions())
        if (auto r = checkOptionValue(o, o.get(*this)); !r)
            return r;
    // Rules that tie options together.
    const double sum = data.split[0] + data.split[1] + data.split[2];
    if (!data.file.empty() && std::fabs(sum - 1.0) > 1e-6)
        return invalid("data.split", "ratios add up to " + formatNumber(sum) + ", not 1");
    if (!data.file.empty() && data.split[0] <= 0)
        return invalid("data.split", "the training share must be above 0");
    if (maxSteps <= 0 && !(numTrainEpochs > 0))
        return invalid("num_train_epochs", "must be above 0 (or set max_steps)");
    if (earlyStoppingPatience > 0 && evalStrategy == "no")
        return invalid("early_stopping_patience", "needs evaluation (eval_strategy epoch or steps)");
    return {};
}

void to_json(json &j, const TrainingConfig &c)
{
    j = json::object();
    for (const TrainingOption &o : trainingOptions())
        if (!o.launch) // settings of one invocation, not of the run
            setDottedKey(j, o.key, o.get(c));
}

namespace {

// Written by the trainer into a run's config.json for the record; ignored on reading.
const std::set<std::string> &recordKeys()
{
    static const std::set<std::string> keys = {"hone_version", "libtorch_version", "model_path", "data.sha256"};
    return keys;
}

// True when some option's key lies under `prefix` ("data" for "data.file").
bool isOptionPrefix(const std::string &prefix)
{
    for (const TrainingOption &o : trainingOptions())
        if (o.key.size() > prefix.size() && o.key.compare(0, prefix.size(), prefix) == 0 && o.key[prefix.size()] == '.')
            return true;
    return false;
}

Result<void> mergeObject(TrainingConfig &c, const json &j, const std::string &prefix)
{
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string key = prefix + it.key();
        if (isOptionPrefix(key)) {
            if (!it->is_object())
                return invalid(key, "must be an object");
            if (auto r = mergeObject(c, *it, key + "."); !r)
                return r;
            continue;
        }
        const TrainingOption *o = findTrainingOption(key);
        if (!o) {
            if (recordKeys().count(key))
                continue;
            return invalid(key, "unknown setting (misspelt?)");
        }
        if (it->is_null())
            continue;
        json value = *it;
        if (auto r = checkOptionValue(*o, value); !r)
            return r;
        if (o->kind == OptionKind::Ratios && value.size() == 2)
            value.push_back(0.0); // [train, validation]: no test split
        o->set(c, value);
    }
    return {};
}

} // namespace

Result<TrainingConfig> mergeTrainingConfig(const TrainingConfig &base, const json &j, const std::string &source)
{
    if (!j.is_object())
        return makeError(ErrorCode::Format, source + ": the configuration must be a JSON object");
    TrainingConfig c = base;
    if (auto r = mergeObject(c, j, ""); !r)
        return makeError(r.error().code, source + ": " + r.error().message);
    // A language-model task has no accuracy: its best model is chosen by the loss unless a metric is given.
    if (j.contains("task") && !j.contains("metric_for_best_model"))
        c.metricForBestModel = defaultMetricForTask(c.task);
    // The direction follows the metric unless the config says otherwise, as in TrainingArguments.
    if ((j.contains("metric_for_best_model") || j.contains("task")) && !j.contains("greater_is_better"))
        c.greaterIsBetter = c.metricForBestModel != "loss" && c.metricForBestModel != "perplexity";
    return c;
}

Result<TrainingConfig> trainingConfigFromJson(const json &j, const std::string &source)
{
    return mergeTrainingConfig(TrainingConfig{}, j, source);
}

Result<TrainingConfig> readTrainingConfig(const std::filesystem::path &file)
{
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::NotFound, file.string() + ": cannot open");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, file.string() + ": not valid JSON: " + e.what());
    }
    return trainingConfigFromJson(j, file.string());
}

TrainingConfig applyPreset(TrainingConfig c, TrainingPreset preset, const PresetData &data)
{
    switch (preset) {
    case TrainingPreset::Quick:
        c.numTrainEpochs = 1;
        c.learningRate = 5e-5;
        c.perDeviceTrainBatchSize = 32;
        c.maxLength = 64;
        c.warmupRatio = 0.0;
        c.evalStrategy = "steps";
        c.evalSteps = 100;
        c.earlyStoppingPatience = 0;
        break;
    case TrainingPreset::Balanced:
        c.numTrainEpochs = 3;
        c.learningRate = 5e-5;
        c.perDeviceTrainBatchSize = 16;
        c.maxLength = 128;
        c.warmupRatio = 0.06;
        c.weightDecay = 0.01;
        c.evalStrategy = "epoch";
        c.earlyStoppingPatience = 0;
        break;
    case TrainingPreset::Thorough:
        c.numTrainEpochs = 6;
        c.learningRate = 3e-5;
        c.perDeviceTrainBatchSize = 16;
        c.maxLength = 256;
        c.warmupRatio = 0.1;
        c.weightDecay = 0.01;
        c.evalStrategy = "epoch";
        c.earlyStoppingPatience = 2;
        c.metricForBestModel = "macro_f1";
        c.greaterIsBetter = true;
        break;
    }
    if (c.task != "classification") {
        // Language models: LoRA at the learning rate adapters use, answers of a few hundred tokens,
        // small batches (a decoder's sequences are long), the best model by the validation loss.
        const int index = static_cast<int>(preset);
        c.lora.enabled = true;
        c.learningRate = preset == TrainingPreset::Thorough ? 1e-4 : 2e-4;
        c.maxLength = std::array<int, 3>{256, 512, 1024}[static_cast<std::size_t>(index)];
        c.perDeviceTrainBatchSize = preset == TrainingPreset::Quick ? 8 : 4;
        c.gradientAccumulationSteps = preset == TrainingPreset::Quick ? 1 : 2;
        c.metricForBestModel = defaultMetricForTask(c.task);
        c.greaterIsBetter = false;
    }
    if (data.trainRows > 0 && c.evalStrategy == "steps") {
        // About four evaluations in the run, at most every evalSteps: data with 8 steps per epoch
        // must not wait 100 steps for its first one.
        const std::int64_t perStep = std::int64_t(c.perDeviceTrainBatchSize) * c.gradientAccumulationSteps;
        const auto steps = static_cast<std::int64_t>(std::ceil(c.numTrainEpochs * double((data.trainRows + perStep - 1) / perStep)));
        c.evalSteps = std::clamp<std::int64_t>((steps + 3) / 4, 1, c.evalSteps);
    }
    if (data.imbalanced && c.task == "classification") {
        // Accuracy rewards predicting the big class; the data page recommends macro F1.
        c.metricForBestModel = "macro_f1";
        c.greaterIsBetter = true;
    }
    return c;
}

} // namespace hone

#include "core/train/trainingconfig.h"

#include "core/eval/metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace hone {
using nlohmann::json;

const std::vector<std::string> &optimizerNames()
{
    static const std::vector<std::string> names = {"adamw", "adam", "sgd", "adagrad", "adadelta", "rmsprop"};
    return names;
}

const std::vector<std::string> &schedulerNames()
{
    static const std::vector<std::string> names = {"linear", "cosine", "constant"};
    return names;
}

namespace {

bool contains(const std::vector<std::string> &list, const std::string &v)
{
    return std::find(list.begin(), list.end(), v) != list.end();
}

std::string joined(const std::vector<std::string> &list)
{
    std::string s;
    for (const auto &v : list)
        s += (s.empty() ? "" : ", ") + v;
    return s;
}

Error invalid(const std::string &key, const std::string &what)
{
    return makeError(ErrorCode::InvalidArgument, key + ": " + what);
}

} // namespace

Result<void> TrainingConfig::validate() const
{
    if (model.empty())
        return invalid("model", "no pretrained model chosen");
    if (data.file.empty() && data.train.empty())
        return invalid("data", "give a data file to split (data.file) or a training file (data.train)");
    if (!data.file.empty() && !data.train.empty())
        return invalid("data", "give either data.file (split by ratios) or data.train, not both");
    double sum = 0;
    for (double r : data.split) {
        if (!(r >= 0 && r <= 1))
            return invalid("data.split", "each ratio must be between 0 and 1");
        sum += r;
    }
    if (!data.file.empty() && std::fabs(sum - 1.0) > 1e-6)
        return invalid("data.split", "ratios add up to " + std::to_string(sum) + ", not 1");
    if (!data.file.empty() && data.split[0] <= 0)
        return invalid("data.split", "the training share must be above 0");
    if (maxLength < 8 || maxLength > 8192)
        return invalid("max_length", "must be between 8 and 8192");
    if (maxSteps <= 0 && !(numTrainEpochs > 0))
        return invalid("num_train_epochs", "must be above 0 (or set max_steps)");
    if (!(learningRate > 0 && learningRate < 10))
        return invalid("learning_rate", "must be above 0 (typical: 1e-5 to 1e-4)");
    if (perDeviceTrainBatchSize < 1 || perDeviceTrainBatchSize > 4096)
        return invalid("per_device_train_batch_size", "must be between 1 and 4096");
    if (perDeviceEvalBatchSize < 1 || perDeviceEvalBatchSize > 4096)
        return invalid("per_device_eval_batch_size", "must be between 1 and 4096");
    if (weightDecay < 0)
        return invalid("weight_decay", "must be 0 or more");
    if (!contains(optimizerNames(), optim))
        return invalid("optim", "'" + optim + "' is not one of " + joined(optimizerNames()));
    if (!contains(schedulerNames(), lrSchedulerType))
        return invalid("lr_scheduler_type", "'" + lrSchedulerType + "' is not one of " + joined(schedulerNames()));
    if (warmupSteps < 0)
        return invalid("warmup_steps", "must be 0 or more");
    if (warmupRatio < 0 || warmupRatio >= 1)
        return invalid("warmup_ratio", "must be in [0, 1)");
    if (maxGradNorm < 0)
        return invalid("max_grad_norm", "must be 0 (off) or more");
    if (gradientAccumulationSteps < 1)
        return invalid("gradient_accumulation_steps", "must be 1 or more");
    if (evalStrategy != "epoch" && evalStrategy != "steps" && evalStrategy != "no")
        return invalid("eval_strategy", "'" + evalStrategy + "' is not one of epoch, steps, no");
    if (evalStrategy == "steps" && evalSteps < 1)
        return invalid("eval_steps", "must be 1 or more");
    if (loggingSteps < 1)
        return invalid("logging_steps", "must be 1 or more");
    if (metricForBestModel != "loss" && !contains(metricNames(), metricForBestModel))
        return invalid("metric_for_best_model", "'" + metricForBestModel + "' is not one of loss, " + joined(metricNames()));
    if (earlyStoppingPatience < 0)
        return invalid("early_stopping_patience", "must be 0 (off) or more");
    if (earlyStoppingPatience > 0 && evalStrategy == "no")
        return invalid("early_stopping_patience", "needs evaluation (eval_strategy epoch or steps)");
    if (saveTotalLimit < 1)
        return invalid("save_total_limit", "must be 1 or more");
    if (labelSmoothingFactor < 0 || labelSmoothingFactor >= 1)
        return invalid("label_smoothing_factor", "must be in [0, 1)");
    if (classWeights != "none" && classWeights != "balanced")
        return invalid("class_weights", "'" + classWeights + "' is not one of none, balanced");
    if (freezeLayers < 0)
        return invalid("freeze_layers", "must be 0 or more");
    if (lora.enabled && (lora.rank < 1 || lora.rank > 1024))
        return invalid("lora.r", "must be between 1 and 1024");
    if (lora.enabled && !(lora.alpha > 0))
        return invalid("lora.alpha", "must be above 0");
    if (lora.dropout < 0 || lora.dropout >= 1)
        return invalid("lora.dropout", "must be in [0, 1)");
    if (threads < 0 || threads > 1024)
        return invalid("threads", "must be 0 (all cores) or a positive count");
    return {};
}

void to_json(json &j, const TrainingConfig &c)
{
    j = json{
        {"name", c.name},
        {"model", c.model},
        {"data",
         {{"file", c.data.file},
          {"train", c.data.train},
          {"validation", c.data.validation},
          {"test", c.data.test},
          {"text_column", c.data.textColumn},
          {"text_pair_column", c.data.textPairColumn},
          {"label_column", c.data.labelColumn},
          {"encoding", c.data.encoding},
          {"split", c.data.split},
          {"stratify", c.data.stratify}}},
        {"max_length", c.maxLength},
        {"num_train_epochs", c.numTrainEpochs},
        {"max_steps", c.maxSteps},
        {"learning_rate", c.learningRate},
        {"per_device_train_batch_size", c.perDeviceTrainBatchSize},
        {"per_device_eval_batch_size", c.perDeviceEvalBatchSize},
        {"weight_decay", c.weightDecay},
        {"optim", c.optim},
        {"adam_beta1", c.adamBeta1},
        {"adam_beta2", c.adamBeta2},
        {"adam_epsilon", c.adamEpsilon},
        {"momentum", c.momentum},
        {"nesterov", c.nesterov},
        {"lr_scheduler_type", c.lrSchedulerType},
        {"warmup_steps", c.warmupSteps},
        {"warmup_ratio", c.warmupRatio},
        {"max_grad_norm", c.maxGradNorm},
        {"gradient_accumulation_steps", c.gradientAccumulationSteps},
        {"eval_strategy", c.evalStrategy},
        {"eval_steps", c.evalSteps},
        {"logging_steps", c.loggingSteps},
        {"metric_for_best_model", c.metricForBestModel},
        {"greater_is_better", c.greaterIsBetter},
        {"load_best_model_at_end", c.loadBestModelAtEnd},
        {"early_stopping_patience", c.earlyStoppingPatience},
        {"early_stopping_threshold", c.earlyStoppingThreshold},
        {"save_total_limit", c.saveTotalLimit},
        {"group_by_length", c.groupByLength},
        {"label_smoothing_factor", c.labelSmoothingFactor},
        {"class_weights", c.classWeights},
        {"freeze_embeddings", c.freezeEmbeddings},
        {"freeze_layers", c.freezeLayers},
        {"lora", {{"enabled", c.lora.enabled}, {"r", c.lora.rank}, {"alpha", c.lora.alpha}, {"dropout", c.lora.dropout}}},
        {"bf16", c.bf16},
        {"threads", c.threads},
        {"seed", c.seed},
    };
}

namespace {

// Reads j[key] into out if present; type errors name the key.
template <typename T>
Result<void> read(const json &j, const char *key, T &out, const std::string &prefix)
{
    if (!j.contains(key) || j[key].is_null())
        return {};
    try {
        out = j[key].get<T>();
    } catch (const json::exception &) {
        return invalid(prefix + key, "has the wrong type (" + j[key].dump() + ")");
    }
    return {};
}

Result<void> rejectUnknown(const json &j, const std::set<std::string> &known, const std::string &prefix)
{
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!known.count(it.key()))
            return invalid(prefix + it.key(), "unknown setting (misspelt?)");
    return {};
}

} // namespace

Result<TrainingConfig> mergeTrainingConfig(const TrainingConfig &base, const json &j, const std::string &source)
{
    if (!j.is_object())
        return makeError(ErrorCode::Format, source + ": the configuration must be a JSON object");
    TrainingConfig c = base;
    static const std::set<std::string> known = {
        "name", "model", "data", "max_length", "num_train_epochs", "max_steps", "learning_rate",
        "per_device_train_batch_size", "per_device_eval_batch_size", "weight_decay", "optim", "adam_beta1",
        "adam_beta2", "adam_epsilon", "momentum", "nesterov", "lr_scheduler_type", "warmup_steps", "warmup_ratio",
        "max_grad_norm", "gradient_accumulation_steps", "eval_strategy", "eval_steps", "logging_steps",
        "metric_for_best_model", "greater_is_better", "load_best_model_at_end", "early_stopping_patience",
        "early_stopping_threshold", "save_total_limit", "group_by_length", "label_smoothing_factor", "class_weights",
        "freeze_embeddings", "freeze_layers", "lora", "bf16", "threads", "seed",
        // written by the trainer into a run's config.json for the record; ignored on reading
        "hone_version", "libtorch_version", "model_path"};
    auto wrap = [&](Result<void> r) -> Result<void> {
        if (!r)
            return makeError(r.error().code, source + ": " + r.error().message);
        return r;
    };
    if (auto r = wrap(rejectUnknown(j, known, "")); !r)
        return r.error();
    const std::string p;
    Result<void> results[] = {
        read(j, "name", c.name, p), read(j, "model", c.model, p), read(j, "max_length", c.maxLength, p),
        read(j, "num_train_epochs", c.numTrainEpochs, p), read(j, "max_steps", c.maxSteps, p),
        read(j, "learning_rate", c.learningRate, p),
        read(j, "per_device_train_batch_size", c.perDeviceTrainBatchSize, p),
        read(j, "per_device_eval_batch_size", c.perDeviceEvalBatchSize, p), read(j, "weight_decay", c.weightDecay, p),
        read(j, "optim", c.optim, p), read(j, "adam_beta1", c.adamBeta1, p), read(j, "adam_beta2", c.adamBeta2, p),
        read(j, "adam_epsilon", c.adamEpsilon, p), read(j, "momentum", c.momentum, p), read(j, "nesterov", c.nesterov, p),
        read(j, "lr_scheduler_type", c.lrSchedulerType, p), read(j, "warmup_steps", c.warmupSteps, p),
        read(j, "warmup_ratio", c.warmupRatio, p), read(j, "max_grad_norm", c.maxGradNorm, p),
        read(j, "gradient_accumulation_steps", c.gradientAccumulationSteps, p),
        read(j, "eval_strategy", c.evalStrategy, p), read(j, "eval_steps", c.evalSteps, p),
        read(j, "logging_steps", c.loggingSteps, p), read(j, "metric_for_best_model", c.metricForBestModel, p),
        read(j, "load_best_model_at_end", c.loadBestModelAtEnd, p),
        read(j, "early_stopping_patience", c.earlyStoppingPatience, p),
        read(j, "early_stopping_threshold", c.earlyStoppingThreshold, p),
        read(j, "save_total_limit", c.saveTotalLimit, p), read(j, "group_by_length", c.groupByLength, p),
        read(j, "label_smoothing_factor", c.labelSmoothingFactor, p), read(j, "class_weights", c.classWeights, p),
        read(j, "freeze_embeddings", c.freezeEmbeddings, p), read(j, "freeze_layers", c.freezeLayers, p),
        read(j, "bf16", c.bf16, p), read(j, "threads", c.threads, p), read(j, "seed", c.seed, p),
    };
    for (auto &r : results)
        if (auto w = wrap(r); !w)
            return w.error();
    // The direction follows the metric unless the config says otherwise, as in TrainingArguments.
    if (j.contains("metric_for_best_model") && !j.contains("greater_is_better"))
        c.greaterIsBetter = c.metricForBestModel != "loss";
    if (auto r = wrap(read(j, "greater_is_better", c.greaterIsBetter, p)); !r)
        return r.error();

    if (j.contains("data")) {
        const json &d = j["data"];
        if (!d.is_object())
            return makeError(ErrorCode::InvalidArgument, source + ": data must be an object");
        if (auto r = wrap(rejectUnknown(d, {"file", "train", "validation", "test", "text_column", "text_pair_column",
                                            "label_column", "encoding", "split", "stratify", "sha256"},
                                        "data."));
            !r)
            return r.error();
        const std::string dp = "data.";
        Result<void> dr[] = {read(d, "file", c.data.file, dp),           read(d, "train", c.data.train, dp),
                             read(d, "validation", c.data.validation, dp), read(d, "test", c.data.test, dp),
                             read(d, "text_column", c.data.textColumn, dp),
                             read(d, "text_pair_column", c.data.textPairColumn, dp),
                             read(d, "label_column", c.data.labelColumn, dp), read(d, "encoding", c.data.encoding, dp),
                             read(d, "stratify", c.data.stratify, dp)};
        for (auto &r : dr)
            if (auto w = wrap(r); !w)
                return w.error();
        if (d.contains("split")) {
            const json &s = d["split"];
            if (!s.is_array() || s.size() < 2 || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](const json &v) { return v.is_number(); }))
                return makeError(ErrorCode::InvalidArgument, source + ": data.split must be [train, validation, test] ratios");
            c.data.split = {s[0].get<double>(), s[1].get<double>(), s.size() == 3 ? s[2].get<double>() : 0.0};
        }
    }
    if (j.contains("lora")) {
        const json &l = j["lora"];
        if (!l.is_object())
            return makeError(ErrorCode::InvalidArgument, source + ": lora must be an object");
        if (auto r = wrap(rejectUnknown(l, {"enabled", "r", "alpha", "dropout"}, "lora.")); !r)
            return r.error();
        Result<void> lr[] = {read(l, "enabled", c.lora.enabled, "lora."), read(l, "r", c.lora.rank, "lora."),
                             read(l, "alpha", c.lora.alpha, "lora."), read(l, "dropout", c.lora.dropout, "lora.")};
        for (auto &r : lr)
            if (auto w = wrap(r); !w)
                return w.error();
    }
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

TrainingConfig applyPreset(TrainingConfig c, TrainingPreset preset)
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
    return c;
}

} // namespace hone

// hone-cli train / resume: the same engine, configs and run folders as the workbench.
#include "app/cli/commands.h"
#include "app/cli/consolefeedback.h"

#include "core/runs/rundirectory.h"
#include "core/system/computethreads.h"
#include "core/system/systemreport.h"
#include "core/train/costmodel.h"
#include "core/train/trainer.h"
#include "core/util/format.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

namespace hone::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct TrainOptions {
    std::string config, out, split;
    bool quiet = false;
    bool dryRun = false;
    json patch = json::object(); // flags given on the command line, over the config file
};

// A flag that lands in the JSON patch under `key` (dotted for nested keys) only when given.
template <typename T>
void flag(CLI::App *sub, TrainOptions &o, const std::string &name, const std::string &key, const std::string &help)
{
    sub->add_option_function<T>(name, [&o, key](const T &v) {
        json *target = &o.patch;
        std::string k = key;
        if (auto dot = k.find('.'); dot != std::string::npos) {
            target = &o.patch[k.substr(0, dot)];
            k = k.substr(dot + 1);
        }
        (*target)[k] = v;
    }, help + " (" + key + ")");
}

void toggle(CLI::App *sub, TrainOptions &o, const std::string &name, const std::string &key, bool value, const std::string &help)
{
    sub->add_flag_callback(name, [&o, key, value] {
        if (auto dot = key.find('.'); dot != std::string::npos)
            o.patch[key.substr(0, dot)][key.substr(dot + 1)] = value;
        else
            o.patch[key] = value;
    }, help + " (" + key + ")");
}

void printSummary(const RunSummary &s)
{
    std::printf("run: %s\n", s.runDir.c_str());
    if (s.validation)
        std::printf("validation: accuracy %.4f  macro-F1 %.4f  loss %.4f\n", s.validation->accuracy, s.validation->macroF1, s.validationLoss);
    if (s.test)
        std::printf("test:       accuracy %.4f  macro-F1 %.4f  loss %.4f\n", s.test->accuracy, s.test->macroF1, s.testLoss);
    std::printf("train:      %lld steps, %.2f epochs, %.1f samples/s, %.0f tokens/s, %s, peak memory %s\n",
                static_cast<long long>(s.train.steps), s.train.epochs, s.train.samplesPerSecond, s.train.tokensPerSecond,
                formatDuration(s.train.wallSeconds).c_str(), formatBytes(static_cast<std::uint64_t>(s.train.peakRssBytes)).c_str());
}

int finishRun(const Result<RunSummary> &result, const fs::path &runDir)
{
    if (!result)
        return fail(result.error().message);
    if (result->canceled) {
        std::fprintf(stderr, "\nstopped; a checkpoint was saved. Continue with:\n  hone-cli resume %s\n", runDir.c_str());
        return 130;
    }
    printSummary(*result);
    return 0;
}

// --dry-run: the cost model's time and memory for this model, data and settings; nothing trains.
int printEstimate(const TrainingConfig &config)
{
    configureComputeThreads(config.threads);
    const GemmBenchmark gemm = measureGemm(3); // this machine's matrix rate, under its current load
    auto inputs = estimateInputsFor(config, gemm.gflops);
    if (!inputs)
        return fail(inputs.error().message);
    const RunEstimate e = estimateRun(config, *inputs);
    std::printf("model:            %s (%lld parameters, %d layers x %d)\n", config.model.c_str(),
                static_cast<long long>(inputs->parameters), inputs->shape.numLayers, inputs->shape.hiddenSize);
    std::printf("data:             %lld training rows, %lld validation rows; %.1f tokens per text, %.1f per sample as "
                "batched (padding included)\n",
                static_cast<long long>(inputs->trainRows), static_cast<long long>(inputs->evalRows), inputs->meanTokens,
                inputs->paddedTokens);
    std::printf("steps:            %lld (%lld per epoch)\n", static_cast<long long>(e.totalSteps),
                static_cast<long long>(e.stepsPerEpoch));
    std::printf("speed:            about %.1f training samples/s (from a %.0f GFLOP/s matrix rate measured now)\n",
                e.samplesPerSecond, gemm.gflops);
    std::printf("time per epoch:   %s\n", formatDuration(e.secondsPerEpoch).c_str());
    std::printf("time in all:      %s\n", formatDuration(e.seconds).c_str());
    std::printf("peak memory:      %s (weights %s, gradients and optimizer %s, activations %s, program %s)\n",
                formatBytes(static_cast<std::uint64_t>(e.totalBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.weightsBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.gradientBytes + e.optimizerBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.activationBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.runtimeBytes)).c_str());
    return 0;
}

int runTrain(TrainOptions &o)
{
    TrainingConfig config;
    if (!o.config.empty()) {
        auto parsed = readTrainingConfig(o.config);
        if (!parsed)
            return fail(parsed.error().message);
        config = *parsed;
    }
    if (!o.split.empty()) {
        json ratios = json::array();
        std::string rest = o.split;
        for (std::size_t pos; !rest.empty(); rest = pos == std::string::npos ? "" : rest.substr(pos + 1)) {
            pos = rest.find(',');
            try {
                ratios.push_back(std::stod(rest.substr(0, pos)));
            } catch (const std::exception &) {
                return fail("--split: '" + o.split + "' is not a list of ratios like 0.8,0.1,0.1");
            }
        }
        o.patch["data"]["split"] = ratios;
    }
    auto merged = mergeTrainingConfig(config, o.patch, "command line");
    if (!merged)
        return fail(merged.error().message);
    config = *merged;
    if (auto r = config.validate(); !r)
        return fail(r.error().message);
    if (const std::string reason = bf16RefusalReason(); config.bf16 && !reason.empty())
        return fail("bf16: " + reason);
    if (o.dryRun)
        return printEstimate(config);
    const fs::path dir = !o.out.empty() ? fs::path(o.out) : newRunPath(defaultRunsRoot(), config.name.empty() ? "run" : config.name);
    ConsoleFeedback feedback(o.quiet);
    std::fprintf(stderr, "run folder: %s\n", dir.c_str());
    return finishRun(Trainer::train(config, dir, feedback), dir);
}

} // namespace

void addTrainCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<TrainOptions>();
    CLI::App *sub = app.add_subcommand("train", "Fine-tune a model on labelled text; writes a run folder");
    sub->add_option("--config", o->config, "run.json with the settings (flags override it)");
    sub->add_option("--out", o->out, "Run folder to create (default: a dated folder in the runs root)");
    flag<std::string>(sub, *o, "--model", "model", "Model folder or discovered model name");
    flag<std::string>(sub, *o, "--data", "data.file", "One labelled file, split by --split");
    flag<std::string>(sub, *o, "--train", "data.train", "Training file");
    flag<std::string>(sub, *o, "--validation", "data.validation", "Validation file (default: carved from --train)");
    flag<std::string>(sub, *o, "--test", "data.test", "Test file");
    flag<std::string>(sub, *o, "--text-column", "data.text_column", "Text column");
    flag<std::string>(sub, *o, "--text-pair-column", "data.text_pair_column", "Second text column (sentence pairs)");
    flag<std::string>(sub, *o, "--label-column", "data.label_column", "Label column");
    flag<std::string>(sub, *o, "--encoding", "data.encoding", "auto, utf-8, utf-16, gb18030, gbk, latin-1");
    sub->add_option("--split", o->split, "train,validation,test ratios, e.g. 0.8,0.1,0.1 (data.split)");
    toggle(sub, *o, "--no-stratify", "data.stratify", false, "Split without stratifying by label");
    flag<std::string>(sub, *o, "--name", "name", "Run name");
    flag<int>(sub, *o, "--max-length", "max_length", "Tokens per text (longer texts are truncated)");
    flag<double>(sub, *o, "--epochs", "num_train_epochs", "Training epochs");
    flag<long long>(sub, *o, "--max-steps", "max_steps", "Optimizer steps (overrides epochs)");
    flag<double>(sub, *o, "--lr", "learning_rate", "Peak learning rate");
    flag<int>(sub, *o, "--batch-size", "per_device_train_batch_size", "Training batch size");
    flag<int>(sub, *o, "--eval-batch-size", "per_device_eval_batch_size", "Evaluation batch size");
    flag<double>(sub, *o, "--weight-decay", "weight_decay", "Decoupled weight decay (not on biases/LayerNorm)");
    flag<std::string>(sub, *o, "--optim", "optim", "adamw, adam, sgd, adagrad, adadelta, rmsprop");
    flag<double>(sub, *o, "--momentum", "momentum", "SGD/RMSprop momentum");
    toggle(sub, *o, "--nesterov", "nesterov", true, "Nesterov momentum (SGD)");
    flag<std::string>(sub, *o, "--scheduler", "lr_scheduler_type", "linear, cosine, constant");
    flag<long long>(sub, *o, "--warmup-steps", "warmup_steps", "Warmup steps");
    flag<double>(sub, *o, "--warmup-ratio", "warmup_ratio", "Warmup as a share of all steps");
    flag<double>(sub, *o, "--max-grad-norm", "max_grad_norm", "Gradient clipping norm (0: off)");
    flag<int>(sub, *o, "--grad-accum", "gradient_accumulation_steps", "Gradient accumulation steps");
    flag<std::string>(sub, *o, "--eval-strategy", "eval_strategy", "epoch, steps, no");
    flag<long long>(sub, *o, "--eval-steps", "eval_steps", "Evaluate every N steps (eval_strategy steps)");
    flag<long long>(sub, *o, "--logging-steps", "logging_steps", "Log training loss every N steps");
    flag<std::string>(sub, *o, "--metric", "metric_for_best_model", "accuracy, macro_f1, ..., loss");
    flag<int>(sub, *o, "--patience", "early_stopping_patience", "Early stopping patience in evaluations (0: off)");
    flag<int>(sub, *o, "--save-total-limit", "save_total_limit", "Checkpoints kept");
    toggle(sub, *o, "--no-group-by-length", "group_by_length", false, "Plain shuffled batches");
    flag<double>(sub, *o, "--label-smoothing", "label_smoothing_factor", "Label smoothing");
    flag<std::string>(sub, *o, "--class-weights", "class_weights", "none or balanced");
    toggle(sub, *o, "--freeze-embeddings", "freeze_embeddings", true, "Freeze the embeddings");
    flag<int>(sub, *o, "--freeze-layers", "freeze_layers", "Freeze the lowest N layers");
    toggle(sub, *o, "--lora", "lora.enabled", true, "Train LoRA adapters instead of all weights");
    flag<int>(sub, *o, "--lora-r", "lora.r", "LoRA rank");
    flag<double>(sub, *o, "--lora-alpha", "lora.alpha", "LoRA alpha");
    flag<double>(sub, *o, "--lora-dropout", "lora.dropout", "LoRA dropout");
    toggle(sub, *o, "--bf16", "bf16", true, "bfloat16 autocast on the CPU");
    flag<int>(sub, *o, "--threads", "threads", "Compute threads (0: all cores)");
    flag<unsigned long long>(sub, *o, "--seed", "seed", "Seed for splits, initialisation, order and dropout");
    sub->add_flag("--quiet", o->quiet, "Only errors and the final summary");
    sub->add_flag("--dry-run", o->dryRun, "Print the estimated time per epoch and peak memory; train nothing");
    sub->callback([o, &exitCode] { exitCode = runTrain(*o); });

    auto resumeDir = std::make_shared<std::string>();
    auto quiet = std::make_shared<bool>(false);
    CLI::App *resume = app.add_subcommand("resume", "Continue a stopped or killed run from its last checkpoint");
    resume->add_option("run", *resumeDir, "Run folder")->required();
    resume->add_flag("--quiet", *quiet, "Only errors and the final summary");
    resume->callback([resumeDir, quiet, &exitCode] {
        ConsoleFeedback feedback(*quiet);
        exitCode = finishRun(Trainer::resume(*resumeDir, feedback), *resumeDir);
    });
}

} // namespace hone::cli

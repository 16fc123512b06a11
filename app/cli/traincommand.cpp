// hone-cli train / resume: the same engine, configs and run folders as the workbench.
#include "app/cli/commands.h"
#include "app/cli/consolefeedback.h"
#include "app/cli/trainarguments.h"
#include "app/cli/distlaunch.h"

#include "core/dist/worldinfo.h"
#include "core/runs/rundirectory.h"
#include "core/system/allocator.h"
#include "core/system/computethreads.h"
#include "core/system/cpufeatures.h"
#include "core/system/systemreport.h"
#include "core/train/costmodel.h"
#include "core/train/trainer.h"
#include "core/util/format.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace hone::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void printSummary(const RunSummary &s)
{
    std::printf("run: %s\n", s.runDir.c_str());
    if (s.validation)
        std::printf("validation: accuracy %.4f  macro-F1 %.4f  loss %.4f\n", s.validation->accuracy, s.validation->macroF1, s.validationLoss);
    if (s.test)
        std::printf("test:       accuracy %.4f  macro-F1 %.4f  loss %.4f\n", s.test->accuracy, s.test->macroF1, s.testLoss);
    // Language models report a loss and its perplexity, no labels.
    if (!s.validation && s.hasValidation())
        std::printf("validation: loss %.4f  perplexity %.3f\n", s.validationLoss, s.validationValues.count("perplexity") ? s.validationValues.at("perplexity") : 0.0);
    if (!s.test && s.hasTest())
        std::printf("test:       loss %.4f  perplexity %.3f\n", s.testLoss, s.testValues.count("perplexity") ? s.testValues.at("perplexity") : 0.0);
    std::printf("train:      %lld steps, %.2f epochs, %.1f samples/s, %.0f tokens/s, %s, peak memory %s\n",
                static_cast<long long>(s.train.steps), s.train.epochs, s.train.samplesPerSecond, s.train.tokensPerSecond,
                formatDuration(s.train.wallSeconds).c_str(), formatBytes(static_cast<std::uint64_t>(s.train.peakRssBytes)).c_str());
    if (const std::string warning = s.sanity ? sanityWarning(*s.sanity) : std::string(); !warning.empty())
        std::printf("warning:    %s\n", warning.c_str());
}

// A classifier's batches of changing length left glibc's heap 1.2x the size of the tensors they
// needed; the tensor cache (core/system/allocator.h) keeps it near them. LoRA SFT of SmolLM2 ran
// 1.2x slower with it and peaked higher (its vocabulary-wide logits outgrow the cache), so
// language models keep malloc.
void cacheTensorsFor(const TrainingConfig &config)
{
    if (config.task == "classification")
        installTensorCache();
}

int finishRun(const Result<RunSummary> &result, const fs::path &runDir, const WorldInfo &world)
{
    if (!result)
        return fail(world.distributed() ? "rank " + std::to_string(world.rank) + ": " + result.error().message
                                        : result.error().message);
    if (!world.isWriter()) // rank 0 speaks for the run
        return result->canceled ? 130 : 0;
    if (result->canceled) {
        const std::string ranks = world.distributed() ? " with the same --nproc-per-node/--nnodes (" + std::to_string(world.worldSize) + " processes)" : "";
        std::fprintf(stderr, "\nstopped; a checkpoint was saved. Continue with:\n  hone-cli resume %s%s\n", runDir.c_str(), ranks.c_str());
        return 130;
    }
    printSummary(*result);
    return 0;
}

// --dry-run: the cost model's time and memory for this model, data and settings; nothing trains.
int printEstimate(const TrainingConfig &config)
{
    configureComputeThreads(config.threads);
    // This machine's matrix rate in the run's precision, under its current load.
    const GemmBenchmark gemm = measureGemm(15, config.bf16);
    auto inputs = estimateInputsFor(config, gemm.gflops);
    if (!inputs)
        return fail(inputs.error().message);
    const RunEstimate e = estimateRun(config, *inputs);
    std::printf("model:            %s (%lld parameters, %d layers x %d)\n", config.model.c_str(),
                static_cast<long long>(inputs->parameters), inputs->shape.numLayers, inputs->shape.hiddenSize);
    std::printf("trainable:        %lld parameters%s\n", static_cast<long long>(e.trainableParameters),
                config.lora.enabled ? " (LoRA adapters)" : "");
    std::printf("data:             %lld training rows, %lld validation rows; %.1f tokens per %s, %.1f per sample as "
                "batched (padding included)\n",
                static_cast<long long>(inputs->trainRows), static_cast<long long>(inputs->evalRows), inputs->meanTokens,
                config.task == "classification" ? "text" : "row (templated, cut at max_length, packed if packing)", inputs->paddedTokens);
    std::printf("steps:            %lld (%lld per epoch)\n", static_cast<long long>(e.totalSteps),
                static_cast<long long>(e.stepsPerEpoch));
    std::printf("speed:            about %.3g training samples/s (from a %.0f GFLOP/s %s matrix rate measured now)\n",
                e.samplesPerSecond, gemm.gflops, gemm.bf16 ? "bf16" : "float32");
    // Model FLOP utilisation of a run = work x its samples/s / the matrix rate (bench/vs_trainer.py).
    std::printf("work:             %.3f GFLOP per training sample (forward and backward)\n", e.flopsPerSample / 1e9);
    std::printf("time per epoch:   %s\n", formatDuration(e.secondsPerEpoch).c_str());
    std::printf("time in all:      %s\n", formatDuration(e.seconds).c_str());
    if (e.processes > 1)
        std::printf("processes:        %d, each with a batch of %d; gradients summed in about %.0f ms per step\n", e.processes,
                    config.perDeviceTrainBatchSize, 1000 * e.allReduceSeconds);
    std::printf("peak memory:      %s (%sweights %s, gradients and optimizer %s, activations %s, program %s)\n",
                formatBytes(static_cast<std::uint64_t>(e.totalBytes)).c_str(), e.processes > 1 ? "each process: " : "",
                formatBytes(static_cast<std::uint64_t>(e.weightsBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.gradientBytes + e.optimizerBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.activationBytes)).c_str(),
                formatBytes(static_cast<std::uint64_t>(e.runtimeBytes)).c_str());
    if (e.logitsBytes > 0)
        std::printf("                  of the activations, the LM head's logits and loss: %s\n",
                    formatBytes(static_cast<std::uint64_t>(e.logitsBytes)).c_str());
    return 0;
}

int runTrain(const TrainArguments &a)
{
    startWithPassiveWaiting(); // core/system/computethreads.h
    auto config = resolveTrainConfig(a);
    if (!config)
        return fail(config.error().message);
    if (a.printConfig) { // the configuration itself, whatever this machine can run
        nlohmann::json j;
        to_json(j, *config);
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    if (const std::string reason = bf16RefusalReason(); config->bf16 && !reason.empty())
        return fail("bf16: " + reason);
    if (a.dryRun)
        return printEstimate(*config);
    const fs::path dir = !a.out.empty() ? fs::path(a.out) : newRunPath(defaultRunsRoot(), config->name.empty() ? "run" : config->name);
    if (launchRequested(config->launch)) // every rank gets the run folder rank 0 writes
        return launchWorkers(config->launch, a.out.empty() ? std::vector<std::string>{"--out", dir.string()} : std::vector<std::string>{});
    auto world = worldFromEnvironment(); // a worker the launcher started, or one process
    if (!world)
        return fail(world.error().message);
    cacheTensorsFor(*config);
    ConsoleFeedback feedback(a.quiet || !world->isWriter());
    if (world->isWriter())
        std::fprintf(stderr, "run folder: %s\n", dir.c_str());
    return finishRun(Trainer::train(*config, dir, feedback, *world), dir, *world);
}

} // namespace

void addTrainCommand(CLI::App &app, int &exitCode)
{
    auto a = std::make_shared<TrainArguments>();
    CLI::App *sub = app.add_subcommand("train", "Fine-tune a model on labelled text (or instruction-tune a chat model: --task sft); writes a run folder");
    addTrainArguments(sub, *a);
    sub->callback([a, &exitCode] { exitCode = runTrain(*a); });

    auto resumeDir = std::make_shared<std::string>();
    auto quiet = std::make_shared<bool>(false);
    auto resumeLaunch = std::make_shared<TrainArguments>();
    CLI::App *resume = app.add_subcommand("resume", "Continue a stopped or killed run from its last checkpoint");
    resume->add_option("run", *resumeDir, "Run folder")->required();
    resume->add_flag("--quiet", *quiet, "Only errors and the final summary");
    addLaunchArguments(resume, *resumeLaunch);
    resume->callback([resumeDir, quiet, resumeLaunch, &exitCode] {
        startWithPassiveWaiting();
        if (const auto run = RunDirectory::open(*resumeDir)) // an unreadable run is resume's to report
            if (const auto config = readTrainingConfig(run->configFile()))
                cacheTensorsFor(*config);
        const auto launch = resolveLaunchSettings(*resumeLaunch);
        if (!launch) {
            exitCode = fail(launch.error().message);
            return;
        }
        if (launchRequested(*launch)) {
            exitCode = launchWorkers(*launch, {});
            return;
        }
        auto world = worldFromEnvironment(); // a worker the launcher started, or one process
        if (!world) {
            exitCode = fail(world.error().message);
            return;
        }
        ConsoleFeedback feedback(*quiet || !world->isWriter());
        exitCode = finishRun(Trainer::resume(*resumeDir, feedback, *world), *resumeDir, *world);
    });
}

} // namespace hone::cli

#include "core/train/trainer.h"

#include "core/data/batchsampler.h"
#include "core/dist/executioncontext.h"
#include "core/dist/gradientreducer.h"
#include "core/io/tensorfile.h"
#include "core/models/modeldiscovery.h"
#include "core/runs/runrecorder.h"
#include "core/system/computethreads.h"
#include "core/system/cpufeatures.h"
#include "core/tasks/task.h"
#include "core/train/checkpoint.h"
#include "core/train/encodeddata.h"
#include "core/train/evaluation.h"
#include "core/train/optimizers.h"
#include "core/train/parameterpolicy.h"
#include "core/train/sanityguard.h"
#include "core/version.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <sys/resource.h>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t peakRssBytes()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

json runConfigJson(const TrainingConfig &config, const fs::path &modelPath)
{
    json j = config;
    j["hone_version"] = kHoneVersion;
    j["libtorch_version"] = TORCH_VERSION;
    j["model_path"] = modelPath.string();
    return j;
}

// Log lines go to log.txt and to the watcher; phases to the watcher.
class Reporter : public TaskHost {
public:
    Reporter(const RunRecorder &run, TrainingFeedback &feedback) : m_run(run), m_feedback(feedback) {}
    void phase(TrainingPhase p, const std::string &detail = {}) override { m_feedback.onPhase(p, detail); }
    void log(const std::string &message) override
    {
        (void)m_run.log(message);
        m_feedback.onLog(LogLevel::Info, message);
    }
    const RunRecorder &recorder() const override { return m_run; }

private:
    const RunRecorder &m_run;
    TrainingFeedback &m_feedback;
};

// What one optimizer step did (the loop's unit; a per-step observer would hook in here).
struct StepOutcome {
    int microBatches = 0;         // 0: the epoch rolled over with nothing left in it; no step
    bool epochEnded = false;
    double loss = 0;              // mean training loss over the micro-batches
    double gradNorm = 0;
    double learningRate = 0;
    double seconds = 0;
    std::int64_t samples = 0;
    std::int64_t tokens = 0;
    bool cancelRequested = false; // by any rank's user: every rank stops after this step
    std::optional<std::string> diverged; // why the loss is non-finite; the optimizer did not step
};

// The steps of the schedule, from the training-set size and the options.
struct StepPlan {
    std::int64_t perEpoch = 1;
    std::int64_t total = 1;
    std::int64_t warmup = 0;
};

StepPlan planSteps(const TrainingConfig &c, std::size_t trainSize, int worldSize)
{
    StepPlan plan;
    const std::int64_t global = static_cast<std::int64_t>(c.perDeviceTrainBatchSize) * worldSize;
    const std::int64_t batches = (static_cast<std::int64_t>(trainSize) + global - 1) / global;
    plan.perEpoch = std::max<std::int64_t>(1, (batches + c.gradientAccumulationSteps - 1) / c.gradientAccumulationSteps);
    plan.total = c.maxSteps > 0 ? c.maxSteps : static_cast<std::int64_t>(std::ceil(c.numTrainEpochs * static_cast<double>(plan.perEpoch)));
    plan.warmup = c.warmupSteps > 0 ? c.warmupSteps : static_cast<std::int64_t>(std::ceil(c.warmupRatio * static_cast<double>(plan.total)));
    return plan;
}

// One run's training: the loop, evaluation scheduling, best model, early stopping,
// checkpoints and the summary. Everything task-specific is behind m_task.
class TrainingLoop {
public:
    TrainingLoop(TrainingConfig config, std::unique_ptr<Task> task, RunRecorder run, TrainingFeedback &feedback,
                 ExecutionContext ctx)
        : m_config(std::move(config)), m_task(std::move(task)), m_run(std::move(run)), m_feedback(feedback),
          m_reporter(m_run, feedback), m_ctx(std::move(ctx))
    {
    }

    Result<void> prepare(RunStart start);
    Result<void> restore(const fs::path &checkpointDir);
    Result<RunSummary> run();

private:
    StepOutcome optimizerStep(BatchSampler &sampler);
    Result<void> recordStep(const StepOutcome &outcome, std::int64_t startStep, double sessionSeconds);
    // Validation at the current step, best/early-stopping bookkeeping, predictions, checkpoint.
    // A cancel during the evaluation returns Canceled with the evaluation still pending.
    Result<void> validateAndCheckpoint(bool &stoppedEarly);
    Result<Evaluation> evaluate(SplitRole split);
    Result<void> checkpoint();
    // The evaluation's sample answers (language models) as a "samples" record.
    Result<void> recordSamples(const Evaluation &evaluation);
    Result<void> loadBestModel(RunSummary &summary);
    Result<RunSummary> stopCanceled();
    RunSummary baseSummary() const;
    Result<RunSummary> finish(bool stoppedEarly);
    double currentEpoch() const { return static_cast<double>(m_state.step) / static_cast<double>(m_plan.perEpoch); }
    // The task's direction for its metric, unless greater_is_better was set against the config
    // reader's default (true for every metric but the loss).
    bool greaterIsBetter() const
    {
        if (m_config.metricForBestModel == "loss")
            return false;
        if (!m_config.greaterIsBetter)
            return false;
        const MetricInfo *metric = m_task->info().metric(m_config.metricForBestModel);
        return metric ? metric->greaterIsBetter : true;
    }

    TrainingConfig m_config;
    std::unique_ptr<Task> m_task;
    RunRecorder m_run;
    TrainingFeedback &m_feedback;
    Reporter m_reporter;
    ExecutionContext m_ctx;
    std::unique_ptr<GradientReducer> m_reducer; // several ranks only
    std::int64_t m_rngGathers = 0;              // names each checkpoint's gathering of RNG states

    std::unique_ptr<Optimizer> m_optimizer;
    std::vector<torch::Tensor> m_trainable;
    TrainerState m_state;
    StepPlan m_plan;
    std::int64_t m_lastCheckpointStep = -1;
    std::optional<EvalMetrics> m_lastValidation;
    // The logging window since the last step record.
    double m_windowLoss = 0, m_windowSeconds = 0;
    std::int64_t m_windowSamples = 0, m_windowTokens = 0, m_windowSteps = 0;
    std::int64_t m_windowLocalSamples = 0; // this rank's, weighting its training metrics
    DivergenceGuard m_divergence;
};

Result<void> TrainingLoop::prepare(RunStart start)
{
    configureComputeThreads(m_config.threads);
    if (!m_task->info().metric(m_config.metricForBestModel))
        return makeError(ErrorCode::InvalidArgument, "metric_for_best_model: '" + m_config.metricForBestModel +
                                                         "' is not reported by the task " + m_task->info().name);
    if (auto r = m_task->prepare(m_reporter, start); !r)
        return r;
    auto params = applyParameterPolicy(*m_task, m_config);
    if (!params)
        return params.error();
    std::int64_t trainableCount = 0;
    for (const auto &p : *params) {
        m_trainable.push_back(p.tensor);
        trainableCount += p.tensor.numel();
    }
    m_optimizer = makeOptimizer(m_config, std::move(params).value());
    if (!m_optimizer)
        return makeError(ErrorCode::InvalidArgument, "optim: '" + m_config.optim + "' is not one of " + [] {
            std::string names;
            for (const auto &n : optimizerNames())
                names += (names.empty() ? "" : ", ") + n;
            return names;
        }());
    m_reporter.log("trainable parameters: " + std::to_string(trainableCount));
    // Said once per run: bf16 is the default where the CPU has it natively, so it may be unasked for.
    m_reporter.log(m_ctx.bf16Autocast() ? "precision: bf16 autocast, float32 weights (bf16 in the config; --no-bf16 trains in float32)"
                                        : "precision: float32");
    m_plan = planSteps(m_config, m_task->size(SplitRole::Train), m_ctx.worldSize());
    m_task->module().to(m_ctx.device());
    if (m_ctx.distributed()) {
        // Rank 0's weights everywhere (a new head is seeded alike, but nothing is left to chance),
        // the same settings everywhere, and dropout masks of each rank's own.
        Communicator &comm = *m_ctx.communicator();
        const std::string settings = json(m_config).dump();
        if (comm.broadcastBytes("config", settings) != settings)
            return makeError(ErrorCode::InvalidArgument, "rank " + std::to_string(m_ctx.rank()) +
                                                             ": the training settings differ from rank 0's (every machine must run the same command)");
        broadcastFromRank0(*m_ctx.communicator(), m_task->module().parameters());
        if (m_ctx.rank() != 0)
            torch::manual_seed(m_ctx.rankSeed(m_config.seed));
        m_reducer = std::make_unique<GradientReducer>(m_ctx.communicator(), m_trainable);
        m_reporter.log("data parallel: " + std::to_string(m_ctx.worldSize()) + " ranks, global batch " +
                       std::to_string(m_config.perDeviceTrainBatchSize * m_ctx.worldSize()) + ", gradients in " +
                       std::to_string(m_reducer->bucketCount()) + " buckets");
    }
    return {};
}

Result<void> TrainingLoop::restore(const fs::path &dir)
{
    auto cp = loadCheckpoint(dir);
    if (!cp)
        return cp.error();
    if (cp->state.worldSize != m_ctx.worldSize()) {
        const auto batch = [&](int world) { return std::to_string(m_config.perDeviceTrainBatchSize * world); };
        return makeError(ErrorCode::InvalidArgument,
                         dir.string() + ": this run trains with " + std::to_string(cp->state.worldSize) +
                             (cp->state.worldSize == 1 ? " process" : " processes") + " (global batch " +
                             batch(cp->state.worldSize) + "), not " + std::to_string(m_ctx.worldSize()) + " (global batch " +
                             batch(m_ctx.worldSize()) + "); resume it with " + std::to_string(cp->state.worldSize) +
                             (cp->state.worldSize == 1 ? " process" : " processes (--nproc-per-node x --nnodes)") +
                             " so its batches and data order stay those of the run");
    }
    if (auto r = loadCheckpointWeights(m_task->module(), dir); !r)
        return r;
    m_optimizer->loadState(cp->optimizer, cp->state.optimizerSteps);
    auto generator = at::detail::getDefaultCPUGenerator();
    if (m_ctx.rank() == 0) {
        generator.set_state(cp->rng);
    } else {
        const auto rng = cp->optimizer.find("rng/rank" + std::to_string(m_ctx.rank()));
        if (rng == cp->optimizer.end())
            return makeError(ErrorCode::Format, (dir / "optimizer.safetensors").string() + ": no RNG state for rank " +
                                                    std::to_string(m_ctx.rank()));
        generator.set_state(rng->second);
    }
    m_state = cp->state;
    m_lastCheckpointStep = m_state.step;
    if (auto r = m_run.rewindTo(m_state.step); !r)
        return r.error();
    m_reporter.log("resumed from " + dir.filename().string());
    return {};
}

Result<Evaluation> TrainingLoop::evaluate(SplitRole split)
{
    m_reporter.phase(split == SplitRole::Test ? TrainingPhase::Testing : TrainingPhase::Evaluating, splitRoleName(split));
    const auto start = Clock::now();
    auto evaluation = evaluateSplit(*m_task, split, m_config.perDeviceEvalBatchSize, m_ctx, m_feedback);
    if (split == SplitRole::Validation) // the cost model's time per epoch counts these passes
        m_state.evaluationSeconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (!evaluation)
        return evaluation;
    evaluation->metrics.step = m_state.step;
    evaluation->metrics.epoch = currentEpoch();
    return evaluation;
}

Result<void> TrainingLoop::recordSamples(const Evaluation &evaluation)
{
    if (evaluation.samples.empty())
        return {};
    return m_run.appendSamples({evaluation.metrics.split, evaluation.metrics.step, evaluation.metrics.epoch, evaluation.samples});
}

Result<void> TrainingLoop::checkpoint()
{
    m_reporter.phase(TrainingPhase::Saving, "checkpoint");
    m_state.optimizerSteps = m_optimizer->stepCount();
    m_state.worldSize = m_ctx.worldSize();
    const torch::Tensor rng = at::detail::getDefaultCPUGenerator().get_state();
    std::map<std::string, torch::Tensor> optimizerState = m_optimizer->state();
    if (m_ctx.distributed()) { // each rank's dropout stream, so a resume continues every one
        const std::string bytes(reinterpret_cast<const char *>(rng.data_ptr<std::uint8_t>()), static_cast<std::size_t>(rng.numel()));
        const auto all = m_ctx.communicator()->gatherBytes("rng/" + std::to_string(++m_rngGathers), bytes);
        for (std::size_t r = 1; r < all.size(); ++r)
            optimizerState["rng/rank" + std::to_string(r)] =
                torch::from_blob(const_cast<char *>(all[r].data()), {static_cast<std::int64_t>(all[r].size())}, torch::kUInt8).clone();
    }
    if (m_run.writes())
        if (auto r = saveCheckpoint(m_run.checkpointDir(m_state.step), m_state, m_task->module(), optimizerState, rng); !r)
            return r;
    m_lastCheckpointStep = m_state.step;
    m_run.rotateCheckpoints(static_cast<std::size_t>(m_config.saveTotalLimit), m_state.bestStep);
    return {};
}

Result<void> TrainingLoop::validateAndCheckpoint(bool &stoppedEarly)
{
    auto evaluation = evaluate(SplitRole::Validation);
    if (!evaluation)
        return evaluation.error();
    EvalMetrics &eval = evaluation->metrics;
    const auto value = eval.value(m_config.metricForBestModel);
    if (!value)
        return makeError(ErrorCode::InvalidArgument, "metric_for_best_model: the evaluation has no '" + m_config.metricForBestModel + "'");
    const bool greater = greaterIsBetter();
    const bool improved = !m_state.bestMetric || (greater ? *value > *m_state.bestMetric + m_config.earlyStoppingThreshold
                                                          : *value < *m_state.bestMetric - m_config.earlyStoppingThreshold);
    if (improved) {
        m_state.bestMetric = *value;
        m_state.bestStep = m_state.step;
        m_state.evalsWithoutImprovement = 0;
    } else {
        ++m_state.evalsWithoutImprovement;
    }
    eval.isBest = improved;
    if (auto r = m_run.appendEval(eval, m_plan.total); !r)
        return r;
    if (auto r = m_run.writePredictions(eval.split, evaluation->predictionRecords); !r)
        return r;
    if (auto r = recordSamples(*evaluation); !r)
        return r;
    m_feedback.onEval(eval);
    m_lastValidation = std::move(eval);
    m_state.pendingEvaluation = false;
    if (auto r = checkpoint(); !r)
        return r;
    if (m_config.earlyStoppingPatience > 0 && m_state.evalsWithoutImprovement >= m_config.earlyStoppingPatience) {
        m_reporter.log("early stopping: no improvement of " + m_config.metricForBestModel + " in " +
                       std::to_string(m_state.evalsWithoutImprovement) + " evaluations");
        stoppedEarly = true;
    }
    m_reporter.phase(TrainingPhase::Training);
    return {};
}

RunSummary TrainingLoop::baseSummary() const
{
    RunSummary summary;
    summary.runDir = m_run.path();
    m_task->describe(summary);
    summary.bestMetricName = m_config.metricForBestModel;
    summary.bestMetric = m_state.bestMetric;
    summary.bestStep = m_state.bestStep;
    summary.train.samplesPerSecond = m_state.elapsedSeconds > 0 ? static_cast<double>(m_state.samplesSeen) / m_state.elapsedSeconds : 0;
    summary.train.tokensPerSecond = m_state.elapsedSeconds > 0 ? static_cast<double>(m_state.tokensSeen) / m_state.elapsedSeconds : 0;
    summary.train.wallSeconds = m_state.elapsedSeconds;
    summary.train.evaluationSeconds = m_state.evaluationSeconds;
    summary.train.steps = m_state.step;
    summary.train.epochs = m_state.epoch;
    summary.train.peakRssBytes = peakRssBytes();
    if (m_lastValidation)
        summary.setEvaluation(*m_lastValidation);
    return summary;
}

Result<RunSummary> TrainingLoop::stopCanceled()
{
    if (m_lastCheckpointStep != m_state.step || m_state.pendingEvaluation)
        if (auto r = checkpoint(); !r)
            return r.error();
    RunSummary summary = baseSummary();
    summary.canceled = true;
    m_reporter.log("canceled at step " + std::to_string(m_state.step) + "; resume continues from here");
    (void)m_run.setState(RunState::Canceled, "stopped at step " + std::to_string(m_state.step));
    return summary;
}

StepOutcome TrainingLoop::optimizerStep(BatchSampler &sampler)
{
    // Up to gradient_accumulation_steps global batches, fewer at the end of an epoch.
    const auto start = Clock::now();
    const int accum = m_config.gradientAccumulationSteps;
    StepOutcome out;
    std::vector<std::vector<std::size_t>> globalBatches;
    std::vector<std::size_t> positions;
    const std::size_t batchesThisEpoch = sampler.batchesPerEpoch();
    while (static_cast<int>(globalBatches.size()) < accum) {
        if (!sampler.next(positions)) {
            out.epochEnded = true;
            break;
        }
        globalBatches.push_back(positions);
        if (sampler.position().batch >= batchesThisEpoch) { // the epoch's last batch: step now
            sampler.next(positions); // rolls the position over to the next epoch
            out.epochEnded = true;
            break;
        }
    }
    out.microBatches = static_cast<int>(globalBatches.size());
    if (out.microBatches == 0)
        return out;
    // Each rank trains on its shard, its loss scaled by the shard's share of the global batch:
    // the gradients summed over ranks are one process's on the whole batch, even shards or not.
    double lossSum = 0;
    std::int64_t samples = 0, tokens = 0;
    for (std::size_t m = 0; m < globalBatches.size(); ++m) {
        const std::vector<std::size_t> mine = m_ctx.shard(globalBatches[m]);
        const bool last = m + 1 == globalBatches.size();
        if (last && m_reducer) {
            m_ctx.communicator()->publishStep(m_state.step + 1);
            m_reducer->prepare(); // this backward's gradients are summed as they come
        }
        if (mine.empty())
            continue;
        const double share = m_ctx.distributed() ? m_task->lossWeight(SplitRole::Train, mine) /
                                                       m_task->lossWeight(SplitRole::Train, globalBatches[m])
                                                 : 1.0;
        const TaskBatch batch = m_task->batch(SplitRole::Train, mine);
        samples += batch.size;
        tokens += batch.tokens;
        if (!(share > 0))
            continue; // nothing here counts in the loss (a causal LM's rows without trained tokens): a mean over none is NaN
        const torch::Tensor output = forwardPass(*m_task, batch, m_ctx);
        const torch::Tensor loss = m_task->trainingLoss(batch, output);
        (loss * (share / accum)).backward();
        lossSum += loss.item<double>() * share;
    }
    if (m_reducer)
        m_reducer->finish();
    m_windowLocalSamples += samples;
    // The step's numbers over all ranks, and the ranks' vote on stopping: all stop at one step.
    const std::vector<double> total = m_ctx.sumOverRanks(
        {lossSum, static_cast<double>(samples), static_cast<double>(tokens), m_feedback.isCanceled() ? 1.0 : 0.0});
    lossSum = total[0];
    out.samples = static_cast<std::int64_t>(total[1]);
    out.tokens = static_cast<std::int64_t>(total[2]);
    out.cancelRequested = total[3] > 0;
    out.loss = lossSum / out.microBatches;
    // A non-finite loss would poison the weights: stop before the optimizer step.
    if ((out.diverged = m_divergence.onStepLoss(m_state.step + 1, out.loss))) {
        m_optimizer->zeroGrad();
        return out;
    }
    if (m_config.maxGradNorm > 0)
        out.gradNorm = torch::nn::utils::clip_grad_norm_(m_trainable, m_config.maxGradNorm);
    out.learningRate = m_config.learningRate * scheduleFactor(m_config.lrSchedulerType, m_state.step, m_plan.warmup, m_plan.total);
    m_optimizer->step(out.learningRate);
    m_optimizer->zeroGrad();
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

Result<void> TrainingLoop::recordStep(const StepOutcome &outcome, std::int64_t startStep, double sessionSeconds)
{
    StepMetrics s;
    s.step = m_state.step;
    s.totalSteps = m_plan.total;
    s.epoch = m_state.epoch;
    s.loss = m_windowLoss / static_cast<double>(m_windowSteps);
    s.values = m_task->takeTrainingMetrics();
    if (m_ctx.distributed()) { // each rank's window means, weighted by its examples
        std::vector<double> weighted{static_cast<double>(m_windowLocalSamples)};
        for (const auto &[name, value] : s.values)
            weighted.push_back(value * static_cast<double>(m_windowLocalSamples));
        weighted = m_ctx.sumOverRanks(weighted);
        std::size_t i = 1;
        for (auto &[name, value] : s.values)
            value = weighted[0] > 0 ? weighted[i++] / weighted[0] : 0.0;
    }
    m_windowLocalSamples = 0;
    s.learningRate = outcome.learningRate;
    s.gradNorm = outcome.gradNorm;
    s.samplesPerSecond = m_windowSeconds > 0 ? static_cast<double>(m_windowSamples) / m_windowSeconds : 0.0;
    s.tokensPerSecond = m_windowSeconds > 0 ? static_cast<double>(m_windowTokens) / m_windowSeconds : 0.0;
    s.elapsedSeconds = m_state.elapsedSeconds;
    s.etaSeconds = sessionSeconds / static_cast<double>(m_state.step - startStep) * static_cast<double>(m_plan.total - m_state.step);
    if (auto r = m_run.appendStep(s); !r)
        return r;
    m_feedback.onStep(s);
    m_windowLoss = m_windowSeconds = 0;
    m_windowSamples = m_windowTokens = m_windowSteps = 0;
    if (auto diverged = m_divergence.onLoggedLoss(s.step, s.loss))
        return makeError(ErrorCode::InvalidArgument, *diverged);
    return {};
}

Result<RunSummary> TrainingLoop::run()
{
    m_task->module().train();
    // The batches one process would draw with the global batch; each rank trains on its shard.
    const std::size_t batchSize = static_cast<std::size_t>(m_config.perDeviceTrainBatchSize) * static_cast<std::size_t>(m_ctx.worldSize());
    const std::size_t trainSize = m_task->size(SplitRole::Train);
    BatchSampler sampler =
        m_config.groupByLength
            ? BatchSampler::lengthGrouped(iota(trainSize), m_task->lengths(SplitRole::Train), batchSize, m_config.seed, false,
                                          batchSize * static_cast<std::size_t>(m_config.gradientAccumulationSteps))
            : BatchSampler::shuffled(iota(trainSize), batchSize, m_config.seed);
    sampler.seek(m_state.position);
    m_reporter.phase(TrainingPhase::Training);
    const std::int64_t startStep = m_state.step;
    const bool hasValidation = m_task->size(SplitRole::Validation) > 0;
    double sessionSeconds = 0;
    bool stoppedEarly = false;
    bool canceled = false;

    if (m_state.pendingEvaluation) { // stopped during an evaluation: finish it first
        auto evaluated = validateAndCheckpoint(stoppedEarly);
        if (!evaluated)
            return evaluated.error().code == ErrorCode::Canceled ? stopCanceled() : evaluated.error();
    }
    while (m_state.step < m_plan.total && !stoppedEarly) {
        const StepOutcome outcome = optimizerStep(sampler);
        if (outcome.microBatches == 0) // the sampler rolled over to the next epoch with nothing left in this one
            continue;
        if (outcome.diverged)
            return makeError(ErrorCode::InvalidArgument, *outcome.diverged);
        ++m_state.step;
        m_state.position = sampler.position();
        m_state.epoch = currentEpoch();
        m_state.samplesSeen += outcome.samples;
        m_state.tokensSeen += outcome.tokens;
        m_state.elapsedSeconds += outcome.seconds;
        sessionSeconds += outcome.seconds;
        m_windowSeconds += outcome.seconds;
        m_windowLoss += outcome.loss;
        m_windowSamples += outcome.samples;
        m_windowTokens += outcome.tokens;
        ++m_windowSteps;

        // Also the session's first step (progress and ETA show at once) and the step a Stop ends on.
        if (m_state.step % m_config.loggingSteps == 0 || m_state.step == m_plan.total || outcome.epochEnded ||
            m_state.step == startStep + 1 || outcome.cancelRequested || (!m_ctx.distributed() && m_feedback.isCanceled()))
            if (auto r = recordStep(outcome, startStep, sessionSeconds); !r)
                return r.error();

        if (hasValidation && ((m_config.evalStrategy == "epoch" && outcome.epochEnded) ||
                              (m_config.evalStrategy == "steps" && m_state.step % m_config.evalSteps == 0)))
            m_state.pendingEvaluation = true;
        if (m_state.pendingEvaluation) {
            auto evaluated = validateAndCheckpoint(stoppedEarly);
            if (!evaluated && evaluated.error().code != ErrorCode::Canceled)
                return evaluated.error();
            if (!evaluated) {
                canceled = true;
                break;
            }
        }
        if (outcome.cancelRequested || (!m_ctx.distributed() && m_feedback.isCanceled())) {
            canceled = true;
            break;
        }
    }

    if (m_reducer && m_state.step > startStep) // what the gradient sums cost beyond what backward hid
        m_reporter.log("data parallel: waited " + std::to_string(m_reducer->exposedWaitSeconds()) + " s for gradient sums over " +
                       std::to_string(m_state.step - startStep) + " steps (" +
                       std::to_string(1000 * m_reducer->exposedWaitSeconds() / static_cast<double>(m_state.step - startStep)) +
                       " ms per step) in " + std::to_string(sessionSeconds) + " s of training steps");
    if (canceled)
        return stopCanceled();
    return finish(stoppedEarly);
}

Result<void> TrainingLoop::loadBestModel(RunSummary &summary)
{
    const fs::path best = m_run.directory().checkpointsDir() / ("step-" + std::to_string(m_state.bestStep));
    if (m_ctx.isWriter()) // the other ranks get its weights below: they need no run folder
        if (auto r = loadCheckpointWeights(m_task->module(), best); !r)
            return r;
    if (m_ctx.distributed())
        broadcastFromRank0(*m_ctx.communicator(), m_task->module().parameters());
    m_reporter.log("loaded the best model (step " + std::to_string(m_state.bestStep) + ", " + m_config.metricForBestModel +
                   " " + std::to_string(*m_state.bestMetric) + ")");
    // The metrics reported for validation are the best model's.
    if (auto records = m_run.directory().readRecords())
        for (const auto &e : records->evals)
            if (e.split == "validation" && e.step == m_state.bestStep)
                summary.setEvaluation(e);
    return {};
}

Result<RunSummary> TrainingLoop::finish(bool stoppedEarly)
{
    // The final state gets a validation pass when the schedule did not end on one.
    if (m_task->size(SplitRole::Validation) > 0 && m_config.evalStrategy != "no" &&
        (!m_lastValidation || m_lastValidation->step != m_state.step)) {
        bool ignored = false; // training is over either way
        if (auto r = validateAndCheckpoint(ignored); !r)
            return r.error();
    }
    if (m_lastCheckpointStep != m_state.step)
        if (auto r = checkpoint(); !r)
            return r.error();
    RunSummary summary = baseSummary();
    summary.stoppedEarly = stoppedEarly;
    const bool bestLoaded = m_config.loadBestModelAtEnd && m_state.bestMetric && m_state.bestStep != m_state.step;
    if (bestLoaded)
        if (auto r = loadBestModel(summary); !r)
            return r.error();

    if (m_task->size(SplitRole::Test) > 0) {
        auto test = evaluate(SplitRole::Test);
        if (!test)
            return test.error();
        if (bestLoaded) { // the weights evaluated are the best step's: plot the result there
            test->metrics.step = m_state.bestStep;
            test->metrics.epoch = static_cast<double>(m_state.bestStep) / static_cast<double>(m_plan.perEpoch);
        }
        if (auto r = m_run.appendEval(test->metrics, m_plan.total); !r)
            return r.error();
        (void)m_run.writePredictions(test->metrics.split, test->predictionRecords);
        if (auto r = recordSamples(*test); !r)
            return r.error();
        m_feedback.onEval(test->metrics);
        summary.setEvaluation(test->metrics);
    }

    m_reporter.phase(TrainingPhase::Saving, "model");
    const fs::path staging = m_run.modelStagingDir();
    if (m_run.writes())
        if (auto r = m_task->saveModel(staging); !r)
            return r.error();
    if (auto r = m_run.installModel(staging); !r)
        return r.error();
    // Judged on validation (the best model's), else on test when there is no validation split.
    const auto &judged = summary.validation ? summary.validation : summary.test;
    if (const auto sanity = judged ? assessPredictions(*judged) : std::nullopt) {
        summary.sanity = *sanity;
        summary.sanitySplit = summary.validation ? "validation" : "test";
        if (sanity->suspicious())
            m_reporter.log("warning: " + sanityWarning(*sanity));
    }
    if (auto r = m_run.writeSummary(summary); !r)
        return r.error();
    (void)m_run.setState(RunState::Finished);
    m_reporter.phase(TrainingPhase::Finished);
    m_reporter.log("finished");
    return summary;
}

Result<RunSummary> runLoop(TrainingLoop &loop, const RunRecorder &run)
{
    Result<RunSummary> summary = makeError(ErrorCode::Internal, "not run");
    try {
        summary = loop.run();
    } catch (const CollectiveError &e) { // a rank died or went silent: its message names it
        summary = makeError(ErrorCode::Io, e.what());
    }
    if (!summary) {
        (void)run.log("failed: " + summary.error().message);
        (void)run.setState(RunState::Failed, summary.error().message);
    }
    return summary;
}

} // namespace

Result<RunSummary> Trainer::train(const TrainingConfig &config, const fs::path &runDir, TrainingFeedback &feedback,
                                  const WorldInfo &world)
{
    auto task = makeTask(config);
    if (!task)
        return task.error();
    return train(config, std::move(task).value(), runDir, feedback, world);
}

Result<RunSummary> Trainer::train(const TrainingConfig &config, std::unique_ptr<Task> task, const fs::path &runDir,
                                  TrainingFeedback &feedback, const WorldInfo &world)
{
    feedback.onPhase(TrainingPhase::Preparing, runDir.string());
    if (auto r = config.validate(); !r)
        return r.error();
    auto model = findModel(config.model);
    if (!model)
        return model.error();
    auto run = world.isWriter() ? RunRecorder::create(runDir) : Result<RunRecorder>(RunRecorder::observer(runDir));
    if (!run)
        return run.error();
    if (auto r = run->writeConfig(runConfigJson(config, model->path)); !r)
        return r.error();
    (void)run->setRunning(world.worldSize);
    auto ctx = ExecutionContext::create(world, config.bf16);
    if (!ctx) {
        (void)run->setState(RunState::Failed, ctx.error().message);
        return ctx.error();
    }
    TrainingLoop loop(config, std::move(task), *run, feedback, std::move(ctx).value());
    if (auto r = loop.prepare(RunStart::New); !r) {
        (void)run->log("failed: " + r.error().message);
        (void)run->setState(RunState::Failed, r.error().message);
        return r.error();
    }
    return runLoop(loop, *run);
}

namespace {

// The run's config, checked to be resumable.
Result<TrainingConfig> resumableConfig(const RunDirectory &run)
{
    const RunState state = run.state();
    if (state == RunState::Finished)
        return makeError(ErrorCode::InvalidArgument, run.path().string() + ": the run has finished; nothing to resume");
    if (state == RunState::Running)
        return makeError(ErrorCode::InvalidArgument, run.path().string() + ": the run is still running (pid in state.json)");
    auto config = readTrainingConfig(run.configFile());
    if (const std::string reason = bf16RefusalReason(); config && config->bf16 && !reason.empty())
        return makeError(ErrorCode::InvalidArgument, run.configFile().string() + ": the run trains in bf16 autocast (\"bf16\": true), but " +
                                                         reason + "; resume it on a CPU with native bf16");
    return config;
}

// Both resume overloads: the run's config read once, and the task made from it unless one is given.
Result<RunSummary> resumeRun(const fs::path &runDir, std::unique_ptr<Task> task, TrainingFeedback &feedback,
                             const WorldInfo &world)
{
    feedback.onPhase(TrainingPhase::Preparing, runDir.string());
    auto run = world.isWriter() ? RunRecorder::open(runDir) : Result<RunRecorder>(RunRecorder::observer(runDir));
    if (!run)
        return run.error();
    // Rank 0 checks the run's state; the others read the folder rank 0 is already marking as running.
    auto config = world.isWriter() ? resumableConfig(run->directory()) : readTrainingConfig(run->directory().configFile());
    if (!config)
        return config.error();
    if (!task) {
        auto made = makeTask(*config);
        if (!made)
            return made.error();
        task = std::move(made).value();
    }
    (void)run->setState(RunState::Running); // the processes are recorded once the checkpoint accepts them
    auto ctx = ExecutionContext::create(world, config->bf16);
    if (!ctx) {
        (void)run->setState(RunState::Failed, ctx.error().message);
        return ctx.error();
    }
    TrainingLoop loop(*config, std::move(task), *run, feedback, std::move(ctx).value());
    if (auto r = loop.prepare(RunStart::Resume); !r) {
        (void)run->setState(RunState::Failed, r.error().message);
        return r.error();
    }
    const auto checkpoints = run->directory().checkpoints();
    if (!checkpoints.empty()) {
        if (auto r = loop.restore(checkpoints.back()); !r) {
            (void)run->setState(RunState::Failed, r.error().message);
            return r.error();
        }
    } else if (auto r = run->rewindTo(0); !r) {
        return r.error();
    }
    (void)run->setRunning(world.worldSize);
    return runLoop(loop, *run);
}

} // namespace

Result<RunSummary> Trainer::resume(const fs::path &runDir, TrainingFeedback &feedback, const WorldInfo &world)
{
    return resumeRun(runDir, nullptr, feedback, world);
}

Result<RunSummary> Trainer::resume(const fs::path &runDir, std::unique_ptr<Task> task, TrainingFeedback &feedback,
                                   const WorldInfo &world)
{
    return resumeRun(runDir, std::move(task), feedback, world);
}

} // namespace hone

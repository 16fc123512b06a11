#include "core/train/trainer.h"

#include "core/data/batchsampler.h"
#include "core/data/datasplit.h"
#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelloader.h"
#include "core/runs/rundirectory.h"
#include "core/system/computethreads.h"
#include "core/text/tokenizer.h"
#include "core/train/checkpoint.h"
#include "core/train/costmodel.h"
#include "core/train/encodeddata.h"
#include "core/train/optimizers.h"
#include "core/version.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
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

json evalRecord(const EvalMetrics &e, const char *kind, std::int64_t totalSteps)
{
    json j = e.metrics;
    j["kind"] = kind;
    j["split"] = e.split;
    j["step"] = e.step;
    j["total_steps"] = totalSteps;
    j["epoch"] = e.epoch;
    j["loss"] = e.loss;
    j["is_best"] = e.isBest;
    return j;
}

json metricsJson(const ClassificationMetrics &m, double loss)
{
    json j = m;
    j["loss"] = loss;
    return j;
}

// One run's training: built by Trainer::train / resume, then run() once.
class Session {
public:
    Session(TrainingConfig config, RunDirectory run, TrainingFeedback &feedback)
        : m_config(std::move(config)), m_run(std::move(run)), m_feedback(feedback)
    {
    }

    Result<void> prepare(const std::optional<SplitManifest> &manifest);
    Result<void> restore(const fs::path &checkpointDir);
    Result<RunSummary> run();

private:
    void log(const std::string &message, LogLevel level = LogLevel::Info)
    {
        (void)m_run.appendLog(message);
        m_feedback.onLog(level, message);
    }
    void phase(TrainingPhase p, const std::string &detail = {}) { m_feedback.onPhase(p, detail); }

    torch::Tensor forward(const Batch &batch);
    torch::Tensor lossOf(const torch::Tensor &logits, const torch::Tensor &labels);
    Result<EvalMetrics> evaluate(const EncodedSplit &split, const std::string &name);
    Result<void> writePredictions(const EvalMetrics &eval);
    Result<void> checkpoint();
    void rotateCheckpoints();
    // Validation at the current step, best/early-stopping bookkeeping, predictions, checkpoint.
    // A cancel during the evaluation returns Canceled with the evaluation still pending.
    Result<void> validateAndCheckpoint(bool &stoppedEarly);
    Result<RunSummary> stopCanceled();
    RunSummary baseSummary() const;
    double currentEpoch() const { return static_cast<double>(m_state.step) / static_cast<double>(m_stepsPerEpoch); }
    Result<void> finish(RunSummary &summary);

    TrainingConfig m_config;
    RunDirectory m_run;
    TrainingFeedback &m_feedback;

    PreparedData m_data;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    LoadedModel m_model;
    std::unique_ptr<Optimizer> m_optimizer;
    std::vector<torch::Tensor> m_trainable;
    torch::Tensor m_classWeights;
    EncodedSplit m_train, m_validation, m_test;
    int m_padId = 0;

    TrainerState m_state;
    std::int64_t m_stepsPerEpoch = 1;
    std::int64_t m_totalSteps = 1;
    std::int64_t m_warmupSteps = 0;
    std::int64_t m_lastCheckpointStep = -1;
    std::optional<EvalMetrics> m_lastValidation;
};

Result<void> Session::prepare(const std::optional<SplitManifest> &manifest)
{
    configureComputeThreads(m_config.threads);
    phase(TrainingPhase::ReadingData, m_config.data.file.empty() ? m_config.data.train : m_config.data.file);
    auto spec = dataSpecFor(m_config);
    if (!spec)
        return spec.error();
    spec->manifest = manifest;
    auto data = prepareData(*spec);
    if (!data)
        return data.error();
    m_data = std::move(data).value();
    if (m_data.splits.train.empty())
        return makeError(ErrorCode::InvalidArgument, "data: the training split is empty");
    if (!manifest)
        if (auto r = saveSplitManifest(m_data.manifest, m_run.splitFile()); !r)
            return r.error();
    log("data: " + std::to_string(m_data.dataset.rows.size()) + " rows, " + std::to_string(m_data.dataset.labels.size()) +
        " labels; train " + std::to_string(m_data.splits.train.size()) + ", validation " +
        std::to_string(m_data.splits.validation.size()) + ", test " + std::to_string(m_data.splits.test.size()));

    phase(TrainingPhase::LoadingModel, m_config.model);
    auto model = findModel(m_config.model);
    if (!model)
        return model.error();
    auto tokenizer = loadTokenizer(model->path);
    if (!tokenizer)
        return tokenizer.error();
    m_tokenizer = *tokenizer;
    m_padId = std::max(0, m_tokenizer->specialTokens().pad);

    ClassifierOptions options;
    options.labels = m_data.dataset.labels.names();
    options.numLabels = static_cast<int>(options.labels.size());
    options.headInitSeed = m_config.seed;
    torch::manual_seed(m_config.seed);
    auto loaded = loadClassifier(model->path, options);
    if (!loaded)
        return loaded.error();
    m_model = std::move(loaded).value();
    for (const auto &name : m_model.report.newlyInitialised)
        log("newly initialised (as Hugging Face does for a new head): " + name);

    phase(TrainingPhase::Tokenizing);
    m_train = encodeSplit(m_data.dataset, m_data.splits.train, *m_tokenizer, m_config.maxLength);
    m_validation = encodeSplit(m_data.dataset, m_data.splits.validation, *m_tokenizer, m_config.maxLength);
    m_test = encodeSplit(m_data.dataset, m_data.splits.test, *m_tokenizer, m_config.maxLength);

    // What trains: everything, or the head and LoRA adapters, minus frozen embeddings/layers.
    auto &net = *m_model.model;
    if (m_config.lora.enabled) {
        for (auto &p : net.parameters())
            p.requires_grad_(false);
        net.enableLoRA({m_config.lora.rank, m_config.lora.alpha, m_config.lora.dropout, m_config.seed});
        for (auto &p : net.headParameters())
            p.requires_grad_(true);
    }
    if (m_config.freezeEmbeddings)
        for (auto &p : net.embeddingParameters())
            p.requires_grad_(false);
    for (int layer = 0; layer < std::min(m_config.freezeLayers, net.numLayers()); ++layer)
        for (auto &p : net.layerParameters(layer))
            p.requires_grad_(false);

    std::vector<OptimizedParameter> params;
    std::int64_t trainableCount = 0;
    for (const auto &item : net.named_parameters()) {
        if (!item.value().requires_grad())
            continue;
        params.push_back({item.key(), item.value(), isNoDecayParameter(item.key()) ? 0.0 : m_config.weightDecay});
        m_trainable.push_back(item.value());
        trainableCount += item.value().numel();
    }
    if (params.empty())
        return makeError(ErrorCode::InvalidArgument, "freeze_layers/freeze_embeddings: nothing is left to train");
    m_optimizer = makeOptimizer(m_config, std::move(params));
    log("trainable parameters: " + std::to_string(trainableCount));

    if (m_config.classWeights == "balanced") {
        std::vector<double> counts(m_data.dataset.labels.size(), 0.0);
        for (int label : m_train.labels)
            counts[static_cast<std::size_t>(label)] += 1;
        std::vector<float> weights;
        for (double c : counts)
            weights.push_back(c > 0 ? static_cast<float>(m_train.labels.size() / (counts.size() * c)) : 0.f);
        m_classWeights = torch::tensor(weights);
    }

    const std::int64_t batches =
        (static_cast<std::int64_t>(m_train.size()) + m_config.perDeviceTrainBatchSize - 1) / m_config.perDeviceTrainBatchSize;
    m_stepsPerEpoch = std::max<std::int64_t>(1, (batches + m_config.gradientAccumulationSteps - 1) / m_config.gradientAccumulationSteps);
    m_totalSteps = m_config.maxSteps > 0 ? m_config.maxSteps
                                         : static_cast<std::int64_t>(std::ceil(m_config.numTrainEpochs * static_cast<double>(m_stepsPerEpoch)));
    m_warmupSteps = m_config.warmupSteps > 0 ? m_config.warmupSteps
                                             : static_cast<std::int64_t>(std::ceil(m_config.warmupRatio * static_cast<double>(m_totalSteps)));
    return {};
}

Result<void> Session::restore(const fs::path &dir)
{
    auto cp = loadCheckpoint(dir);
    if (!cp)
        return cp.error();
    torch::NoGradGuard noGrad;
    for (auto &item : m_model.model->named_parameters()) {
        auto it = cp->model.find(item.key());
        if (it == cp->model.end())
            return makeError(ErrorCode::Format, (dir / "model.safetensors").string() + ": lacks '" + item.key() + "'");
        if (it->second.sizes() != item.value().sizes())
            return makeError(ErrorCode::Format, (dir / "model.safetensors").string() + ": '" + item.key() + "' has the wrong shape");
        item.value().copy_(it->second);
    }
    m_optimizer->loadState(cp->optimizer, cp->state.optimizerSteps);
    auto generator = at::detail::getDefaultCPUGenerator();
    generator.set_state(cp->rng);
    m_state = cp->state;
    m_lastCheckpointStep = m_state.step;
    if (auto r = m_run.truncateMetrics(m_state.step); !r)
        return r.error();
    log("resumed from " + dir.filename().string());
    return {};
}

torch::Tensor Session::forward(const Batch &batch)
{
    if (!m_config.bf16)
        return m_model.model->logits(batch.ids, batch.mask, batch.types);
    // CPU autocast: matmuls in bfloat16, weights and gradients stay float32.
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    torch::Tensor logits = m_model.model->logits(batch.ids, batch.mask, batch.types).to(torch::kFloat32);
    at::autocast::set_cpu_enabled(false);
    at::autocast::clear_cache();
    return logits;
}

torch::Tensor Session::lossOf(const torch::Tensor &logits, const torch::Tensor &labels)
{
    auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_config.labelSmoothingFactor);
    if (m_classWeights.defined())
        options.weight(m_classWeights);
    return torch::nn::functional::cross_entropy(logits, labels, options);
}

Result<EvalMetrics> Session::evaluate(const EncodedSplit &split, const std::string &name)
{
    phase(name == "test" ? TrainingPhase::Testing : TrainingPhase::Evaluating, name);
    torch::NoGradGuard noGrad;
    m_model.model->eval();
    EvalMetrics eval;
    eval.split = name;
    eval.step = m_state.step;
    eval.epoch = currentEpoch();
    std::vector<int> truth, predicted;
    double lossSum = 0;
    // Sorted by length, so each batch pads little; results are put back in split order.
    std::vector<std::size_t> order = iota(split.size());
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return split.lengths[a] > split.lengths[b]; });
    eval.predictions.resize(split.size());
    const std::size_t batchSize = static_cast<std::size_t>(m_config.perDeviceEvalBatchSize);
    for (std::size_t start = 0; start < order.size(); start += batchSize) {
        if (m_feedback.isCanceled()) {
            m_model.model->train();
            return makeError(ErrorCode::Canceled, "evaluation canceled");
        }
        std::vector<std::size_t> positions(order.begin() + static_cast<std::ptrdiff_t>(start),
                                           order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + batchSize)));
        const Batch batch = makeBatch(split, positions, m_padId);
        const torch::Tensor logits = forward(batch);
        lossSum += torch::nn::functional::cross_entropy(logits, batch.labels,
                                                        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .item<double>();
        const torch::Tensor probs = torch::softmax(logits, 1).contiguous();
        const torch::Tensor best = probs.argmax(1);
        const float *p = probs.data_ptr<float>();
        const std::int64_t classes = probs.size(1);
        for (std::size_t i = 0; i < positions.size(); ++i) {
            Prediction &pred = eval.predictions[positions[i]];
            pred.row = static_cast<std::int64_t>(split.rows[positions[i]]);
            pred.truth = split.labels[positions[i]];
            pred.predicted = static_cast<int>(best[static_cast<std::int64_t>(i)].item<std::int64_t>());
            pred.probabilities.assign(p + static_cast<std::int64_t>(i) * classes, p + static_cast<std::int64_t>(i + 1) * classes);
        }
    }
    for (const auto &pred : eval.predictions) {
        truth.push_back(pred.truth);
        predicted.push_back(pred.predicted);
    }
    eval.loss = split.size() ? lossSum / static_cast<double>(split.size()) : 0.0;
    eval.metrics = computeMetrics(truth, predicted, m_data.dataset.labels.names());
    m_model.model->train();
    return eval;
}

Result<void> Session::writePredictions(const EvalMetrics &eval)
{
    std::string lines;
    for (const auto &p : eval.predictions) {
        const DataRow &row = m_data.dataset.rows[static_cast<std::size_t>(p.row)];
        json j = {{"row", p.row}, {"text", row.text}, {"truth", p.truth}, {"predicted", p.predicted}, {"probabilities", p.probabilities}};
        if (!row.text2.empty())
            j["text_pair"] = row.text2;
        lines += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    }
    std::error_code ec;
    fs::create_directories(m_run.predictionsDir(), ec);
    return writeFileAtomically(m_run.predictionsDir() / (eval.split + ".jsonl"), lines);
}

Result<void> Session::checkpoint()
{
    phase(TrainingPhase::Saving, "checkpoint");
    std::vector<std::pair<std::string, torch::Tensor>> params;
    for (const auto &item : m_model.model->named_parameters())
        params.emplace_back(item.key(), item.value());
    m_state.optimizerSteps = m_optimizer->stepCount();
    const fs::path dir = m_run.checkpointsDir() / ("step-" + std::to_string(m_state.step));
    std::error_code ec;
    fs::create_directories(m_run.checkpointsDir(), ec);
    if (auto r = saveCheckpoint(dir, m_state, params, m_optimizer->state(), at::detail::getDefaultCPUGenerator().get_state()); !r)
        return r;
    m_lastCheckpointStep = m_state.step;
    rotateCheckpoints();
    return {};
}

void Session::rotateCheckpoints()
{
    auto all = m_run.checkpoints();
    const std::string best = "step-" + std::to_string(m_state.bestStep);
    std::size_t keep = static_cast<std::size_t>(m_config.saveTotalLimit);
    for (std::size_t i = 0; all.size() > keep && i + keep < all.size(); ++i) {
        if (all[i].filename() == best)
            continue;
        std::error_code ec;
        fs::remove_all(all[i], ec);
    }
}

Result<void> Session::validateAndCheckpoint(bool &stoppedEarly)
{
    auto eval = evaluate(m_validation, "validation");
    if (!eval)
        return eval.error();
    const bool greater = m_config.metricForBestModel == "loss" ? false : m_config.greaterIsBetter;
    const double value = m_config.metricForBestModel == "loss" ? eval->loss : eval->metrics.value(m_config.metricForBestModel);
    const bool improved = !m_state.bestMetric || (greater ? value > *m_state.bestMetric + m_config.earlyStoppingThreshold
                                                          : value < *m_state.bestMetric - m_config.earlyStoppingThreshold);
    if (improved) {
        m_state.bestMetric = value;
        m_state.bestStep = m_state.step;
        m_state.evalsWithoutImprovement = 0;
    } else {
        ++m_state.evalsWithoutImprovement;
    }
    eval->isBest = improved;
    if (auto r = m_run.appendMetric(evalRecord(*eval, "eval", m_totalSteps)); !r)
        return r;
    if (auto r = writePredictions(*eval); !r)
        return r;
    m_feedback.onEval(*eval);
    m_lastValidation = std::move(eval).value();
    m_state.pendingEvaluation = false;
    if (auto r = checkpoint(); !r)
        return r;
    if (m_config.earlyStoppingPatience > 0 && m_state.evalsWithoutImprovement >= m_config.earlyStoppingPatience) {
        log("early stopping: no improvement of " + m_config.metricForBestModel + " in " +
            std::to_string(m_state.evalsWithoutImprovement) + " evaluations");
        stoppedEarly = true;
    }
    phase(TrainingPhase::Training);
    return {};
}

RunSummary Session::baseSummary() const
{
    RunSummary summary;
    summary.runDir = m_run.path();
    summary.labels = m_data.dataset.labels.names();
    summary.bestMetricName = m_config.metricForBestModel;
    summary.bestMetric = m_state.bestMetric;
    summary.bestStep = m_state.bestStep;
    summary.train.samplesPerSecond = m_state.elapsedSeconds > 0 ? static_cast<double>(m_state.samplesSeen) / m_state.elapsedSeconds : 0;
    summary.train.tokensPerSecond = m_state.elapsedSeconds > 0 ? static_cast<double>(m_state.tokensSeen) / m_state.elapsedSeconds : 0;
    summary.train.wallSeconds = m_state.elapsedSeconds;
    summary.train.steps = m_state.step;
    summary.train.epochs = m_state.epoch;
    summary.train.peakRssBytes = peakRssBytes();
    if (m_lastValidation) {
        summary.validation = m_lastValidation->metrics;
        summary.validationLoss = m_lastValidation->loss;
    }
    return summary;
}

Result<RunSummary> Session::stopCanceled()
{
    if (m_lastCheckpointStep != m_state.step || m_state.pendingEvaluation)
        if (auto r = checkpoint(); !r)
            return r.error();
    RunSummary summary = baseSummary();
    summary.canceled = true;
    log("canceled at step " + std::to_string(m_state.step) + "; resume continues from here");
    (void)m_run.setState(RunState::Canceled, "stopped at step " + std::to_string(m_state.step));
    return summary;
}

Result<RunSummary> Session::run()
{
    auto &net = *m_model.model;
    net.train();
    const std::size_t batchSize = static_cast<std::size_t>(m_config.perDeviceTrainBatchSize);
    const int accum = m_config.gradientAccumulationSteps;
    BatchSampler sampler =
        m_config.groupByLength
            ? BatchSampler::lengthGrouped(iota(m_train.size()), m_train.lengths, batchSize, m_config.seed, false,
                                          batchSize * static_cast<std::size_t>(accum))
            : BatchSampler::shuffled(iota(m_train.size()), batchSize, m_config.seed);
    sampler.seek(m_state.position);
    phase(TrainingPhase::Training);
    double windowLoss = 0, windowSeconds = 0;
    std::int64_t windowCorrect = 0, windowSamples = 0, windowTokens = 0, windowSteps = 0;
    const std::int64_t startStep = m_state.step;
    double sessionSeconds = 0;
    bool stoppedEarly = false;
    bool canceled = false;

    if (m_state.pendingEvaluation) { // stopped during an evaluation: finish it first
        auto evaluated = validateAndCheckpoint(stoppedEarly);
        if (!evaluated)
            return evaluated.error().code == ErrorCode::Canceled ? stopCanceled() : evaluated.error();
    }
    while (m_state.step < m_totalSteps && !stoppedEarly) {
        // One optimizer step: up to `accum` batches, fewer at the end of an epoch.
        const auto stepStart = Clock::now();
        int micro = 0;
        bool epochEnded = false;
        std::vector<std::size_t> positions;
        const std::size_t batchesThisEpoch = sampler.batchesPerEpoch();
        double stepLoss = 0;
        while (micro < accum) {
            if (!sampler.next(positions)) {
                epochEnded = true;
                break;
            }
            const Batch batch = makeBatch(m_train, positions, m_padId);
            const torch::Tensor logits = forward(batch);
            const torch::Tensor loss = lossOf(logits, batch.labels);
            (loss / accum).backward();
            stepLoss += loss.item<double>();
            windowCorrect += (logits.argmax(1) == batch.labels).sum().item<std::int64_t>();
            windowSamples += batch.size;
            windowTokens += batch.tokens;
            m_state.samplesSeen += batch.size;
            m_state.tokensSeen += batch.tokens;
            ++micro;
            if (sampler.position().batch >= batchesThisEpoch) { // the epoch's last batch: step now
                sampler.next(positions); // rolls the position over to the next epoch
                epochEnded = true;
                break;
            }
        }
        if (micro == 0) // the sampler rolled over to the next epoch with nothing left in this one
            continue;

        double gradNorm = 0;
        if (m_config.maxGradNorm > 0)
            gradNorm = torch::nn::utils::clip_grad_norm_(m_trainable, m_config.maxGradNorm);
        const double lr = m_config.learningRate * scheduleFactor(m_config.lrSchedulerType, m_state.step, m_warmupSteps, m_totalSteps);
        m_optimizer->step(lr);
        m_optimizer->zeroGrad();
        ++m_state.step;
        m_state.position = sampler.position();
        m_state.epoch = currentEpoch();
        const double seconds = std::chrono::duration<double>(Clock::now() - stepStart).count();
        m_state.elapsedSeconds += seconds;
        sessionSeconds += seconds;
        windowSeconds += seconds;
        windowLoss += stepLoss / micro;
        ++windowSteps;

        if (m_state.step % m_config.loggingSteps == 0 || m_state.step == m_totalSteps || epochEnded) {
            StepMetrics s;
            s.step = m_state.step;
            s.totalSteps = m_totalSteps;
            s.epoch = m_state.epoch;
            s.loss = windowLoss / static_cast<double>(windowSteps);
            s.accuracy = windowSamples ? static_cast<double>(windowCorrect) / static_cast<double>(windowSamples) : 0.0;
            s.learningRate = lr;
            s.gradNorm = gradNorm;
            s.samplesPerSecond = windowSeconds > 0 ? static_cast<double>(windowSamples) / windowSeconds : 0.0;
            s.tokensPerSecond = windowSeconds > 0 ? static_cast<double>(windowTokens) / windowSeconds : 0.0;
            s.elapsedSeconds = m_state.elapsedSeconds;
            s.etaSeconds = sessionSeconds / static_cast<double>(m_state.step - startStep) * static_cast<double>(m_totalSteps - m_state.step);
            json record = {{"kind", "step"},
                           {"step", s.step},
                           {"total_steps", s.totalSteps},
                           {"epoch", s.epoch},
                           {"loss", s.loss},
                           {"accuracy", s.accuracy},
                           {"learning_rate", s.learningRate},
                           {"grad_norm", s.gradNorm},
                           {"samples_per_second", s.samplesPerSecond},
                           {"tokens_per_second", s.tokensPerSecond},
                           {"elapsed_seconds", s.elapsedSeconds},
                           {"eta_seconds", s.etaSeconds}};
            if (auto r = m_run.appendMetric(record); !r)
                return r.error();
            m_feedback.onStep(s);
            windowLoss = windowSeconds = 0;
            windowCorrect = windowSamples = windowTokens = windowSteps = 0;
        }

        if (!m_validation.rows.empty() && ((m_config.evalStrategy == "epoch" && epochEnded) ||
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
        if (m_feedback.isCanceled()) {
            canceled = true;
            break;
        }
    }

    if (canceled)
        return stopCanceled();
    RunSummary summary = baseSummary();
    summary.stoppedEarly = stoppedEarly;
    if (auto r = finish(summary); !r)
        return r.error();
    return summary;
}

Result<void> Session::finish(RunSummary &summary)
{
    // The final state gets a validation pass when the schedule did not end on one.
    if (!m_validation.rows.empty() && m_config.evalStrategy != "no" && (!m_lastValidation || m_lastValidation->step != m_state.step)) {
        bool stoppedEarly = false; // training is over either way
        if (auto r = validateAndCheckpoint(stoppedEarly); !r)
            return r;
    }
    if (m_lastCheckpointStep != m_state.step)
        if (auto r = checkpoint(); !r)
            return r;
    std::optional<ClassificationMetrics> bestValidation = m_lastValidation ? std::optional(m_lastValidation->metrics) : std::nullopt;
    double bestValidationLoss = m_lastValidation ? m_lastValidation->loss : 0.0;
    if (m_config.loadBestModelAtEnd && m_state.bestMetric && m_state.bestStep != m_state.step) {
        const fs::path best = m_run.checkpointsDir() / ("step-" + std::to_string(m_state.bestStep));
        auto tensors = loadTensors(best / "model.safetensors");
        if (!tensors)
            return tensors.error();
        torch::NoGradGuard noGrad;
        for (auto &item : m_model.model->named_parameters())
            if (auto it = tensors->find(item.key()); it != tensors->end())
                item.value().copy_(it->second);
        log("loaded the best model (step " + std::to_string(m_state.bestStep) + ", " + m_config.metricForBestModel +
            " " + std::to_string(*m_state.bestMetric) + ")");
        // The metrics reported for validation are the best model's.
        if (auto records = m_run.readMetrics())
            for (const auto &r : *records)
                if (r.value("kind", std::string()) == "eval" && r.value("step", std::int64_t(0)) == m_state.bestStep) {
                    bestValidation = r.get<ClassificationMetrics>();
                    bestValidationLoss = r.value("loss", 0.0);
                }
    }
    summary.validation = bestValidation;
    summary.validationLoss = bestValidationLoss;
    summary.bestMetric = m_state.bestMetric;
    summary.bestStep = m_state.bestStep;

    if (!m_test.rows.empty()) {
        auto test = evaluate(m_test, "test");
        if (!test)
            return test.error();
        if (auto r = m_run.appendMetric(evalRecord(*test, "test", m_totalSteps)); !r)
            return r;
        (void)writePredictions(*test);
        m_feedback.onEval(*test);
        summary.test = test->metrics;
        summary.testLoss = test->loss;
    }

    phase(TrainingPhase::Saving, "model");
    const fs::path staging = m_run.path() / "model.partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    if (auto r = saveClassifier(*m_model.model, m_model.config, summary.labels, staging); !r)
        return r;
    if (auto r = copyTokenizerFiles(m_model.directory, staging); !r)
        return r.error();
    if (auto r = replaceDirectory(staging, m_run.modelDir()); !r)
        return r;

    json j;
    j["labels"] = summary.labels;
    j["validation"] = summary.validation ? metricsJson(*summary.validation, summary.validationLoss) : json(nullptr);
    j["test"] = summary.test ? metricsJson(*summary.test, summary.testLoss) : json(nullptr);
    j["train"] = {{"samples_per_second", summary.train.samplesPerSecond},
                  {"tokens_per_second", summary.train.tokensPerSecond},
                  {"wall_seconds", summary.train.wallSeconds},
                  {"steps", summary.train.steps},
                  {"epochs", summary.train.epochs},
                  {"peak_rss_bytes", summary.train.peakRssBytes}};
    j["best"] = {{"metric", summary.bestMetricName}, {"step", summary.bestStep}};
    j["best"]["value"] = summary.bestMetric ? json(*summary.bestMetric) : json(nullptr);
    j["stopped_early"] = summary.stoppedEarly;
    if (auto r = m_run.writeJson(m_run.summaryFile(), j); !r)
        return r;
    (void)m_run.setState(RunState::Finished);
    phase(TrainingPhase::Finished);
    log("finished");
    return {};
}

json runConfigJson(const TrainingConfig &config, const fs::path &modelPath)
{
    json j = config;
    j["hone_version"] = kHoneVersion;
    j["libtorch_version"] = TORCH_VERSION;
    j["model_path"] = modelPath.string();
    return j;
}

Result<RunSummary> runSession(Session &session, const RunDirectory &run)
{
    auto summary = session.run();
    if (!summary) {
        (void)run.appendLog("failed: " + summary.error().message);
        (void)run.setState(RunState::Failed, summary.error().message);
    }
    return summary;
}

} // namespace

Result<RunSummary> Trainer::train(const TrainingConfig &config, const fs::path &runDir, TrainingFeedback &feedback)
{
    feedback.onPhase(TrainingPhase::Preparing, runDir.string());
    if (auto r = config.validate(); !r)
        return r.error();
    auto model = findModel(config.model);
    if (!model)
        return model.error();
    auto run = RunDirectory::createAt(runDir);
    if (!run)
        return run.error();
    if (auto r = run->writeJson(run->configFile(), runConfigJson(config, model->path)); !r)
        return r.error();
    (void)run->setState(RunState::Running);
    Session session(config, *run, feedback);
    if (auto r = session.prepare(std::nullopt); !r) {
        (void)run->appendLog("failed: " + r.error().message);
        (void)run->setState(RunState::Failed, r.error().message);
        return r.error();
    }
    return runSession(session, *run);
}

Result<RunSummary> Trainer::resume(const fs::path &runDir, TrainingFeedback &feedback)
{
    feedback.onPhase(TrainingPhase::Preparing, runDir.string());
    auto run = RunDirectory::open(runDir);
    if (!run)
        return run.error();
    const RunState state = run->state();
    if (state == RunState::Finished)
        return makeError(ErrorCode::InvalidArgument, runDir.string() + ": the run has finished; nothing to resume");
    if (state == RunState::Running)
        return makeError(ErrorCode::InvalidArgument, runDir.string() + ": the run is still running (pid in state.json)");
    auto config = readTrainingConfig(run->configFile());
    if (!config)
        return config.error();
    auto manifest = loadSplitManifest(run->splitFile());
    if (!manifest)
        return manifest.error();
    (void)run->setState(RunState::Running);
    Session session(*config, *run, feedback);
    if (auto r = session.prepare(*manifest); !r) {
        (void)run->setState(RunState::Failed, r.error().message);
        return r.error();
    }
    const auto checkpoints = run->checkpoints();
    if (!checkpoints.empty()) {
        if (auto r = session.restore(checkpoints.back()); !r) {
            (void)run->setState(RunState::Failed, r.error().message);
            return r.error();
        }
    } else if (auto r = run->truncateMetrics(0); !r) {
        return r.error();
    }
    return runSession(session, *run);
}

Result<RunSummary> readRunSummary(const fs::path &runDir)
{
    auto run = RunDirectory::open(runDir);
    if (!run)
        return run.error();
    auto j = run->readJson(run->summaryFile());
    if (!j)
        return j.error();
    RunSummary s;
    s.runDir = run->path();
    try {
        s.labels = j->value("labels", std::vector<std::string>{});
        if (j->contains("validation") && (*j)["validation"].is_object()) {
            s.validation = (*j)["validation"].get<ClassificationMetrics>();
            s.validationLoss = (*j)["validation"].value("loss", 0.0);
        }
        if (j->contains("test") && (*j)["test"].is_object()) {
            s.test = (*j)["test"].get<ClassificationMetrics>();
            s.testLoss = (*j)["test"].value("loss", 0.0);
        }
        const json &t = j->value("train", json::object());
        s.train.samplesPerSecond = t.value("samples_per_second", 0.0);
        s.train.tokensPerSecond = t.value("tokens_per_second", 0.0);
        s.train.wallSeconds = t.value("wall_seconds", 0.0);
        s.train.steps = t.value("steps", std::int64_t(0));
        s.train.epochs = t.value("epochs", 0.0);
        s.train.peakRssBytes = t.value("peak_rss_bytes", std::int64_t(0));
        const json &b = j->value("best", json::object());
        s.bestMetricName = b.value("metric", std::string());
        if (b.contains("value") && b["value"].is_number())
            s.bestMetric = b["value"].get<double>();
        s.bestStep = b.value("step", std::int64_t(0));
        s.stoppedEarly = j->value("stopped_early", false);
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, run->summaryFile().string() + ": " + e.what());
    }
    return s;
}

} // namespace hone

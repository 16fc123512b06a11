#include "core/train/costmodel.h"

#include "core/data/batchsampler.h"
#include "core/io/gguf.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelfamily.h"
#include "core/runs/rundirectory.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

namespace hone {
namespace fs = std::filesystem;

ModelShape readModelShape(const fs::path &modelDir)
{
    ModelShape shape;
    Result<ModelConfig> config = makeError(ErrorCode::NotFound, "");
    if (modelDir.extension() == ".gguf") { // a single-file model: the config is in its metadata
        if (auto gguf = GgufFile::open(modelDir))
            if (auto text = gguf->hfConfigJson())
                if (auto json = nlohmann::json::parse(*text, nullptr, false); json.is_object())
                    config = parseModelConfig(json, modelDir.string());
    } else {
        config = readModelConfig(transformerDirectory(modelDir) / "config.json");
    }
    if (!config)
        return shape;
    shape.hiddenSize = config->hiddenSize;
    shape.numLayers = config->numLayers;
    shape.numHeads = config->numHeads;
    shape.intermediateSize = config->intermediateSize;
    shape.maxPositions = usableMaxPositions(*config); // RoBERTa: 514 - (padding_idx + 1)
    shape.vocabSize = config->vocabSize;
    return shape;
}

RunEstimate estimateRun(const TrainingConfig &c, const EstimateInputs &in)
{
    RunEstimate e;
    const double h = in.shape.hiddenSize > 0 ? in.shape.hiddenSize : 768;
    const double layers = in.shape.numLayers > 0 ? in.shape.numLayers : 12;
    const double inter = in.shape.intermediateSize > 0 ? in.shape.intermediateSize : 4 * h;
    const double heads = in.shape.numHeads > 0 ? in.shape.numHeads : h / 64;
    const double perLayer = 4 * h * h + 2 * h * inter + 9 * h + inter; // attention + FFN + norms/biases
    const double head = h * h + h + h * std::max(2, in.numLabels) + std::max(2, in.numLabels);
    const double params = static_cast<double>(std::max<std::int64_t>(in.parameters, 1)) + head;
    const double embeddings = std::max(0.0, params - layers * perLayer - head);

    // Trainable parameters: everything, minus frozen parts; with LoRA only the adapters and the head.
    double trainable = params;
    if (c.lora.enabled) {
        trainable = layers * 3 * 2 * c.lora.rank * h + head; // query, key, value adapters
    } else {
        if (c.freezeEmbeddings)
            trainable -= embeddings;
        trainable -= std::min<double>(c.freezeLayers, layers) * perLayer;
    }
    trainable = std::max(trainable, head);
    e.trainableParameters = static_cast<std::int64_t>(trainable);

    double optimizerStates = 2; // Adam/AdamW: first and second moments
    if (c.optim == "sgd")
        optimizerStates = c.momentum > 0 ? 1 : 0;
    else if (c.optim == "adagrad")
        optimizerStates = 1;
    else if (c.optim == "adadelta")
        optimizerStates = 2;
    else if (c.optim == "rmsprop")
        optimizerStates = c.momentum > 0 ? 2 : 1;
    e.weightsBytes = 4 * params;
    e.gradientBytes = 4 * trainable;
    e.optimizerBytes = 4 * optimizerStates * trainable;

    // Activations kept for the backward pass at the longest batch (max_length): per layer and token
    // about 18 hidden-sized vectors (Q, K, V, context, norms, FFN in/out, dropout masks) plus the
    // attention probabilities (heads x length, twice with dropout).
    const double batch = c.perDeviceTrainBatchSize;
    const double length = c.maxLength;
    const double perToken = layers * (10 * h + 2 * inter + 2 * heads * length);
    e.activationBytes = batch * length * perToken * (c.bf16 ? 2.5 : 4);
    e.runtimeBytes = 450.0 * 1024 * 1024;
    e.processes = std::max(1, c.launch.nprocPerNode);
    e.totalBytes = e.processes * (e.weightsBytes + e.gradientBytes + e.optimizerBytes + e.activationBytes + e.runtimeBytes);

    // Steps: every process trains per_device_train_batch_size samples of each global batch (the trainer's planSteps).
    const int world = std::max(1, c.launch.nprocPerNode) * std::max(1, c.launch.nnodes);
    const std::int64_t globalBatch = static_cast<std::int64_t>(std::max(1, c.perDeviceTrainBatchSize)) * world;
    const std::int64_t rows = std::max<std::int64_t>(in.trainRows, 0);
    const std::int64_t perStep = globalBatch * c.gradientAccumulationSteps;
    const std::int64_t batches = (rows + globalBatch - 1) / globalBatch;
    e.stepsPerEpoch = std::max<std::int64_t>(1, batches / std::max(1, c.gradientAccumulationSteps));
    e.totalSteps = c.maxSteps > 0 ? c.maxSteps
                                  : static_cast<std::int64_t>(std::ceil(c.numTrainEpochs * static_cast<double>(e.stepsPerEpoch)));
    const double samples = c.maxSteps > 0 ? static_cast<double>(c.maxSteps * perStep) : c.numTrainEpochs * static_cast<double>(rows);
    const double epochs = rows > 0 ? samples / static_cast<double>(rows) : 0;

    // Tokens per sample as trained: the mean text length capped by max_length, plus padding.
    const double mean = in.meanTokens > 0 ? std::min<double>(in.meanTokens, length) : 0.6 * length;
    const double padded = in.paddedTokens > 0 ? in.paddedTokens : mean * (c.groupByLength ? 1.1 : 1.6);
    if (in.measuredSamplesPerSecond > 0) {
        // An earlier run of this model on this machine, scaled by the length it trained at.
        const double ratio = in.measuredMaxLength > 0 ? std::min(length, 1.0 * in.measuredMaxLength) / length : 1.0;
        e.samplesPerSecond = in.measuredSamplesPerSecond * std::clamp(ratio, 0.25, 4.0);
        e.basis = RunEstimate::Basis::MeasuredRun;
    } else {
        // Forward + backward is about 6 FLOPs per weight and token, plus attention (12 L h per token
        // per layer). Measured here: all-MiniLM-L6-v2 on sms_spam (max_length 64, batch 32) trained
        // at 51 samples/s, about 90 GFLOP/s, with the GEMM benchmark at 75 GFLOP/s on a busy machine;
        // 0.8 of the GEMM rate keeps the estimate on the safe side. Checked with the tokens of the
        // run's own batches (padding included): on a 1,800-row emotion subset (max_length 64,
        // batch 32, plain batches) --dry-run said 0.8-0.9 samples/s and a 6-step run measured 0.8,
        // both under load 15 (the GEMM rate falls with the load, and so does training).
        const double flopsPerToken = 6 * layers * perLayer + 12 * layers * padded * h;
        double rate;
        if (in.gemmGflops > 0) {
            rate = in.gemmGflops * 1e9 * 0.8;
            e.basis = RunEstimate::Basis::MeasuredGemm;
        } else {
            const int cores = in.threads > 0 ? in.threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
            rate = 30e9 * cores;
            e.basis = RunEstimate::Basis::Assumed;
        }
        e.samplesPerSecond = rate / (flopsPerToken * padded);
    }
    if (world > 1 && e.samplesPerSecond > 0) {
        // The processes share the machine's cores (bench/results/dist_scaling.md: 2 processes x 1
        // thread trained at 0.88x of 1 x 2 threads on a quiet machine), and machines add theirs; each step
        // then waits for the gradient sum: a ring moves 2(p-1)/p of the gradient bytes, at ~1.03 GB/s
        // measured on a quiet 2-core machine's loopback (90.9 MB in 88.6 ms, bench/results/dist_scaling.md),
        // which backward barely hid (92-117 ms exposed per step).
        const double machines = std::max(1, c.launch.nnodes);
        const double compute = static_cast<double>(perStep) / (e.samplesPerSecond * machines);
        e.allReduceSeconds = e.gradientBytes * 2 * (world - 1) / world / 1.03e9;
        e.samplesPerSecond = static_cast<double>(perStep) / (compute + e.allReduceSeconds);
    }
    const double trainSeconds = e.samplesPerSecond > 0 ? samples / e.samplesPerSecond : 0;
    // Evaluation: forward only (a third of a training step per sample), once per evaluation.
    double evaluations = 0;
    if (c.evalStrategy == "epoch")
        evaluations = std::ceil(epochs);
    else if (c.evalStrategy == "steps")
        evaluations = std::floor(static_cast<double>(e.totalSteps) / std::max<std::int64_t>(1, c.evalSteps)) + 1;
    const double evalSeconds =
        e.samplesPerSecond > 0 ? evaluations * static_cast<double>(in.evalRows) / (3 * e.samplesPerSecond) : 0;
    e.seconds = trainSeconds + evalSeconds + 5; // + loading the model and tokenizing
    e.secondsPerEpoch = epochs > 0 ? (trainSeconds + evalSeconds) / epochs : 0;
    return e;
}

std::pair<double, int> measuredThroughput(const fs::path &runsRoot, const std::string &modelPath)
{
    if (modelPath.empty())
        return {0, 0};
    for (const RunInfo &run : listRuns(runsRoot)) { // newest first
        if (run.state != RunState::Finished || run.model != modelPath)
            continue;
        const auto summary = readRunSummary(run.path);
        if (!summary || summary->train.samplesPerSecond <= 0)
            continue;
        const auto config = readTrainingConfig(run.path / "config.json");
        return {summary->train.samplesPerSecond, config ? config->maxLength : 0};
    }
    return {0, 0};
}

Result<DataSpec> dataSpecFor(const TrainingConfig &c)
{
    DataSpec spec;
    spec.file = c.data.file;
    spec.train = c.data.train;
    spec.validation = c.data.validation;
    spec.test = c.data.test;
    auto encoding = parseTextEncoding(c.data.encoding);
    if (!encoding)
        return makeError(ErrorCode::InvalidArgument, "data.encoding: " + encoding.error().message);
    spec.read.encoding = *encoding;
    spec.read.columns = {c.data.textColumn, c.data.textPairColumn, c.data.labelColumn};
    spec.split.ratios = {c.data.split[0], c.data.split[1], c.data.split[2]};
    spec.split.validationFraction = c.data.validation.empty() ? 0.1 : 0.0;
    spec.split.seed = c.seed;
    spec.split.stratify = c.data.stratify;
    return spec;
}

Result<EstimateInputs> estimateInputsFor(const TrainingConfig &c, double gemmGflops)
{
    auto model = findModel(c.model);
    if (!model)
        return model.error();
    auto spec = dataSpecFor(c);
    if (!spec)
        return spec.error();
    auto data = prepareData(*spec);
    if (!data)
        return data.error();
    auto tokenizer = loadTokenizer(model->path);
    if (!tokenizer)
        return tokenizer.error();
    EstimateInputs in;
    in.parameters = model->parameters;
    in.shape = readModelShape(model->path);
    in.trainRows = static_cast<std::int64_t>(data->splits.train.size());
    in.evalRows = static_cast<std::int64_t>(data->splits.validation.size());
    in.numLabels = data->dataset.labels.size();
    in.gemmGflops = gemmGflops;
    in.threads = c.threads;
    // Token counts as the run sees them: truncated at max_length, batched by the run's own sampler.
    EncodeOptions options;
    options.maxLength = c.maxLength;
    std::vector<std::size_t> lengths;
    for (std::size_t r : data->splits.train) {
        const DataRow &row = data->dataset.rows[r];
        lengths.push_back((row.text2.empty() ? (*tokenizer)->encode(row.text, options)
                                             : (*tokenizer)->encodePair(row.text, row.text2, options))
                              .ids.size());
    }
    if (lengths.empty())
        return in;
    in.meanTokens = std::accumulate(lengths.begin(), lengths.end(), 0.0) / static_cast<double>(lengths.size());
    std::vector<std::size_t> positions(lengths.size());
    std::iota(positions.begin(), positions.end(), std::size_t(0));
    const auto batch = static_cast<std::size_t>(std::max(1, c.perDeviceTrainBatchSize));
    const BatchSampler sampler =
        c.groupByLength ? BatchSampler::lengthGrouped(positions, lengths, batch, c.seed, false,
                                                      batch * static_cast<std::size_t>(std::max(1, c.gradientAccumulationSteps)))
                        : BatchSampler::shuffled(positions, batch, c.seed);
    double padded = 0;
    for (const auto &b : sampler.epochBatches(0)) {
        std::size_t longest = 0;
        for (std::size_t p : b)
            longest = std::max(longest, lengths[p]);
        padded += static_cast<double>(longest * b.size());
    }
    in.paddedTokens = padded / static_cast<double>(lengths.size());
    return in;
}

} // namespace hone

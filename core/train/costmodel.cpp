#include "core/train/costmodel.h"

#include "core/data/batchsampler.h"
#include "core/data/instructiondata.h"
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

ModelShape modelShape(const ModelConfig &config)
{
    ModelShape shape;
    shape.hiddenSize = config.hiddenSize;
    shape.numLayers = config.numLayers;
    shape.numHeads = config.numHeads;
    shape.intermediateSize = config.intermediateSize;
    shape.maxPositions = usableMaxPositions(config); // RoBERTa: 514 - (padding_idx + 1)
    shape.vocabSize = config.vocabSize;
    shape.causal = config.causal;
    shape.tiedEmbeddings = config.tieWordEmbeddings;
    if (auto family = findModelFamily(config.modelType)) {
        shape.loraTargets = (*family)->loraTargets;
        if ((*family)->layerProjections)
            shape.projections = (*family)->layerProjections(config);
    }
    return shape;
}

ModelShape readModelShape(const fs::path &modelDir)
{
    Result<ModelConfig> config = makeError(ErrorCode::NotFound, "");
    if (modelDir.extension() == ".gguf") { // a single-file model: the config is in its metadata
        if (auto gguf = GgufFile::open(modelDir))
            if (auto text = gguf->hfConfigJson())
                if (auto json = nlohmann::json::parse(*text, nullptr, false); json.is_object())
                    config = parseModelConfig(json, modelDir.string());
    } else {
        config = readModelConfig(transformerDirectory(modelDir) / "config.json");
    }
    return config ? modelShape(*config) : ModelShape{};
}

RunEstimate estimateRun(const TrainingConfig &c, const EstimateInputs &in)
{
    RunEstimate e;
    const bool decoder = in.shape.causal;
    const double h = in.shape.hiddenSize > 0 ? in.shape.hiddenSize : 768;
    const double layers = in.shape.numLayers > 0 ? in.shape.numLayers : 12;
    const double inter = in.shape.intermediateSize > 0 ? in.shape.intermediateSize : 4 * h;
    const double heads = in.shape.numHeads > 0 ? in.shape.numHeads : h / 64;
    const double vocab = in.shape.vocabSize > 0 ? in.shape.vocabSize : 32000;
    // One layer's matrix weights: the family's projections when known (decoders), else BERT's.
    double layerWeights = 0, layerOutputs = 0;
    for (const LayerProjection &p : in.shape.projections) {
        layerWeights += static_cast<double>(p.in * p.out);
        layerOutputs += static_cast<double>(p.out);
    }
    if (in.shape.projections.empty()) {
        layerWeights = 4 * h * h + 2 * h * inter;
        layerOutputs = 4 * h + inter + h;
    }
    const double perLayer = layerWeights + 9 * h + inter; // + norms and biases
    // Encoders get a new classification head; a decoder's LM head is in its parameters already
    // (a GGUF's too: every tensor is dequantized to float32 at load).
    const double head = decoder ? 0 : h * h + h + h * std::max(2, in.numLabels) + std::max(2, in.numLabels);
    const double params = static_cast<double>(std::max<std::int64_t>(in.parameters, 1)) + head;
    // Untied, the LM head is no embedding (freeze_embeddings leaves it trained).
    const double lmHead = decoder && !in.shape.tiedEmbeddings ? vocab * h : 0;
    const double embeddings = std::max(0.0, params - layers * perLayer - head - lmHead);

    // Trainable parameters: everything, minus frozen parts; with LoRA only the adapters (rank x
    // (in + out) on each projection the family's targets name) and the head.
    double trainable = params;
    double adapterInputs = 0; // per layer: the inputs LoRA dropout keeps a copy and a mask of
    if (c.lora.enabled) {
        if (in.shape.projections.empty()) {
            trainable = layers * 3 * 2 * c.lora.rank * h + head; // query, key, value adapters
        } else {
            double adapters = 0;
            const std::vector<std::string> targets = loraTargets(c.lora, in.shape.loraTargets);
            for (const LayerProjection &p : in.shape.projections)
                if (matchesLoraTarget(p.name, targets)) {
                    adapters += static_cast<double>(c.lora.rank * (p.in + p.out));
                    adapterInputs += static_cast<double>(p.in);
                }
            trainable = layers * adapters + head;
        }
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
    // bf16 autocast keeps a bfloat16 copy of every trained weight it multiplies, for the step (frozen
    // ones it casts anew each time).
    e.weightsBytes = 4 * params + (c.bf16 ? 2 * trainable : 0);
    e.gradientBytes = 4 * trainable;
    e.optimizerBytes = 4 * optimizerStates * trainable;

    const double batch = c.perDeviceTrainBatchSize;
    const double length = c.maxLength;
    // bf16 autocast saves little here: the residual stream, norms, softmax and the loss stay float32
    // (peak RSS measured 0.95x float32's for MiniLM, 0.97x for SmolLM2 LoRA SFT).
    const double bytesPerValue = 4;
    if (!decoder) {
        // Activations kept for the backward pass at the longest batch (max_length): per layer and token
        // about 18 hidden-sized vectors (Q, K, V, context, norms, FFN in/out, dropout masks) plus the
        // attention probabilities (heads x length, twice with dropout).
        const double perToken = layers * (10 * h + 2 * inter + 2 * heads * length);
        e.activationBytes = batch * length * perToken * bytesPerValue;
    } else {
        // At the longest batch (rows padded to its longest), per layer and token: every projection's
        // output, 8 hidden-sized vectors (two RMSNorms' inputs and outputs, rotated q and k, residual
        // sums), the gated MLP's activation and product, and LoRA's dropout on each adapted input
        // (a float32 noise tensor and the dropped copy). A frozen base keeps them all: the backward
        // pass goes through it to reach the adapters below. Measured (SmolLM2-135M, LoRA r 8, peak
        // RSS of 1-3 step runs): 1.38x this count per token (transient buffers, copies the count
        // misses), plus twice the attention probabilities (heads x length: the masked scores and
        // their softmax side by side); batch 1 and 2 at 256 tokens fitted it, batch 4 at 128
        // tokens then came within 1%.
        // The layers keep them for the real tokens only (decoders skip padding): the longest row
        // and batch - 1 rows of mean length; the attention probabilities are the padded batch's.
        const double longest = in.maxTokens > 0 ? std::min(in.maxTokens, length) : length;
        const double mean = in.meanTokens > 0 ? std::min(in.meanTokens, longest) : longest;
        const double realTokens = longest + (batch - 1) * mean;
        const double loraDropout = c.lora.enabled && c.lora.dropout > 0 ? 2 * adapterInputs : 0;
        const double perToken = layers * 1.38 * (layerOutputs + 8 * h + 2 * inter + loraDropout);
        // Float32 attention runs per sequence (sequenceattention.h) and keeps each sequence's causal
        // probabilities once; under bf16 the padded batch's scores and softmax stay side by side.
        const double probabilities = c.bf16 ? layers * 2 * heads * batch * longest * longest
                                            : layers * heads * (longest * longest + (batch - 1) * mean * mean);
        // The LM head, at the tokens with a target only, computes its loss a slice of logits at a
        // time (lmheadloss.h): a 16 MiB slice and its float32 copy, plus the hidden rows at the
        // targets and their gradient.
        const double targetShare = in.targetTokens > 0 && in.meanTokens > 0 ? std::min(1.0, in.targetTokens / in.meanTokens) : 1.0;
        e.logitsBytes = 2 * kLmHeadSliceBytes + realTokens * targetShare * 2 * h * 4;
        e.activationBytes = (realTokens * perToken + probabilities) * bytesPerValue + e.logitsBytes;
    }
    // LibTorch, the tokenized data: 450 MiB for the encoders; 175 MB for SmolLM2 (the same runs' peak
    // RSS less weights, gradients, optimizer state and activations, extrapolated to batch 0).
    e.runtimeBytes = decoder ? 175e6 : 450.0 * 1024 * 1024;
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
    // Forward + backward is about 6 FLOPs per weight and real token (encoders skip padding,
    // TokenLayout), plus attention on the padded batch (12 L h per padded token per key). The
    // classifier's last layer computes the first token's row alone, the others' keys and values
    // only (EncoderOutputs::FirstToken). Evaluation is the forward pass, a third of it.
    const double lastLayerSkipped = std::max(0.0, perLayer - 2 * h * h) * std::max(0.0, mean - 1);
    double flopsPerSample = 6 * (layers * perLayer * mean - lastLayerSkipped) +
                            12 * ((layers - 1) * padded + 1) * padded * h;
    double forwardShare = 1.0 / 3;
    if (decoder) {
        // Forward 2 FLOPs per weight and token through the layers and the vocab-sized LM head;
        // backward 2 for the activations' gradients and 2 more for the weights' where they train
        // (LoRA: only the adapters', 6 per adapter weight in all: ~2/3 of full fine-tuning's 6N).
        // Attention: 4 x keys x hidden per layer and query forward, twice that backward.
        // The layers run on the real tokens (decoders skip padding), the LM head where the loss
        // has a target. In float32 attention runs per sequence, each block of 64 queries seeing
        // the keys up to its end (sequenceattention): mean x (mean + 64) / 2 pairs; under bf16
        // autocast on the padded batch.
        const double layerMatrices = layers * layerWeights, headMatrix = vocab * h;
        const double trainedHead = in.shape.tiedEmbeddings ? (c.freezeEmbeddings ? 0 : headMatrix) : headMatrix;
        const double layerGradients = c.lora.enabled ? 0 : (layers - std::min<double>(c.freezeLayers, layers)) * layerWeights;
        const double headGradients = c.lora.enabled ? 0 : trainedHead;
        const double targets = in.targetTokens > 0 ? std::min(in.targetTokens, mean) : mean;
        const double attention = c.bf16 ? 4 * layers * padded * h * padded : 4 * layers * h * mean * (mean + 64) / 2;
        const double forward = 2 * layerMatrices * mean + 2 * headMatrix * targets + attention;
        flopsPerSample = (4 * layerMatrices + 2 * layerGradients + (c.lora.enabled ? 6 * trainable : 0)) * mean +
                         (4 * headMatrix + 2 * headGradients) * targets + 3 * attention;
        forwardShare = forward / flopsPerSample;
    }
    e.flopsPerSample = flopsPerSample;
    if (in.measuredSamplesPerSecond > 0) {
        // An earlier run of this model on this machine, scaled by the length it trained at.
        const double ratio = in.measuredMaxLength > 0 ? std::min(length, 1.0 * in.measuredMaxLength) / length : 1.0;
        e.samplesPerSecond = in.measuredSamplesPerSecond * std::clamp(ratio, 0.25, 4.0);
        e.basis = RunEstimate::Basis::MeasuredRun;
    } else {
        // The GEMM rate measured now reflects this machine's current load; training follows it.
        double rate;
        if (in.gemmGflops > 0) {
            const double efficiency = c.bf16 ? (decoder ? kDecoderBf16TrainingEfficiency : kEncoderBf16TrainingEfficiency)
                                              : (decoder ? kDecoderTrainingEfficiency : kEncoderTrainingEfficiency);
            rate = in.gemmGflops * 1e9 * efficiency;
            e.basis = RunEstimate::Basis::MeasuredGemm;
        } else {
            const int cores = in.threads > 0 ? in.threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
            rate = 30e9 * cores;
            e.basis = RunEstimate::Basis::Assumed;
        }
        e.samplesPerSecond = rate / flopsPerSample;
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
    // Evaluation: forward only, once per evaluation.
    double evaluations = 0;
    if (c.evalStrategy == "epoch")
        evaluations = std::ceil(epochs);
    else if (c.evalStrategy == "steps")
        evaluations = std::floor(static_cast<double>(e.totalSteps) / std::max<std::int64_t>(1, c.evalSteps)) + 1;
    const double evalSeconds =
        e.samplesPerSecond > 0 ? evaluations * static_cast<double>(in.evalRows) * forwardShare / e.samplesPerSecond : 0;
    e.seconds = trainSeconds + evalSeconds + 5; // + loading the model and tokenizing
    e.secondsPerEpoch = epochs > 0 ? (trainSeconds + evalSeconds) / epochs : 0;
    return e;
}

std::pair<double, int> measuredThroughput(const fs::path &runsRoot, const std::string &modelPath, const TrainingConfig &like)
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
        if (!config || config->task != like.task || config->lora.enabled != like.lora.enabled || config->bf16 != like.bf16)
            continue;
        return {summary->train.samplesPerSecond, config->maxLength};
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

std::vector<RoleFile> roleFilesFor(const DataConfig &d)
{
    std::vector<RoleFile> files;
    if (!d.file.empty())
        files.push_back({"data", d.file});
    const std::pair<std::string, std::string> perSplit[] = {{"train", d.train}, {"validation", d.validation}, {"test", d.test}};
    for (const auto &file : perSplit)
        if (!file.second.empty())
            files.push_back({file.first, file.second});
    return files;
}

namespace {

// Mean tokens per sample as the run's sampler batches them, each batch padded to its longest row.
double paddedTokensPerSample(const TrainingConfig &c, const std::vector<std::size_t> &lengths)
{
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
    return padded / static_cast<double>(lengths.size());
}

// Language models: the training rows as the causal-LM task makes them (core/tasks/causallmtask.cpp).
Result<void> languageModelInputs(const TrainingConfig &c, const ModelInfo &model, EstimateInputs &in)
{
    auto spec = dataSpecFor(c);
    if (!spec)
        return spec.error();
    auto read = readInstructionFiles(roleFilesFor(c.data), c.task == "sft", spec->read.encoding);
    if (!read)
        return read.error();
    auto splits = splitDataset(read->rows, spec->split);
    if (!splits)
        return splits.error();
    auto tokenizer = loadTokenizer(model.path);
    if (!tokenizer)
        return tokenizer.error();
    const InstructionDataset &data = read->data;
    auto rendering = sampleRendering(**tokenizer, model.path, c.chatTemplate, data.format != InstructionFormat::PlainText);
    if (!rendering)
        return rendering.error();
    SftEncodeOptions options;
    options.maxLength = in.shape.maxPositions > 0 ? std::min(c.maxLength, in.shape.maxPositions) : c.maxLength;
    options.lossOn = c.task == "sft" && c.trainOn == "assistant" ? LossOn::Assistant : LossOn::All;
    std::vector<std::size_t> lengths;
    double targets = 0;
    for (std::size_t i : (*splits)[Split::Train]) {
        auto sample = encodeInstructionSample(**tokenizer, *rendering, data, i, options);
        if (!sample)
            return sample.error();
        const std::size_t counted = countedTokens(sample->trained);
        if (counted > 0) { // the task leaves out samples with nothing to learn
            lengths.push_back(sample->ids.size());
            targets += static_cast<double>(counted);
        }
    }
    if (c.packing) {
        std::vector<std::size_t> rows;
        for (const auto &group : packRows(lengths, static_cast<std::size_t>(options.maxLength))) {
            rows.push_back(0);
            for (std::size_t k : group)
                rows.back() += lengths[k];
        }
        lengths = std::move(rows);
    }
    in.trainRows = static_cast<std::int64_t>(lengths.size());
    in.evalRows = static_cast<std::int64_t>((*splits)[Split::Validation].size());
    if (lengths.empty())
        return {};
    in.meanTokens = std::accumulate(lengths.begin(), lengths.end(), 0.0) / static_cast<double>(lengths.size());
    in.maxTokens = static_cast<double>(*std::max_element(lengths.begin(), lengths.end()));
    in.paddedTokens = paddedTokensPerSample(c, lengths);
    in.targetTokens = targets / static_cast<double>(lengths.size());
    return {};
}

} // namespace

Result<EstimateInputs> estimateInputsFor(const TrainingConfig &c, double gemmGflops)
{
    auto model = findModel(c.model);
    if (!model)
        return model.error();
    EstimateInputs in;
    in.parameters = model->parameters;
    in.shape = readModelShape(model->path);
    in.gemmGflops = gemmGflops;
    in.threads = c.threads;
    if (c.task != "classification") {
        if (auto r = languageModelInputs(c, *model, in); !r)
            return r.error();
        return in;
    }
    auto spec = dataSpecFor(c);
    if (!spec)
        return spec.error();
    auto data = prepareData(*spec);
    if (!data)
        return data.error();
    auto tokenizer = loadTokenizer(model->path);
    if (!tokenizer)
        return tokenizer.error();
    in.trainRows = static_cast<std::int64_t>(data->splits.train.size());
    in.evalRows = static_cast<std::int64_t>(data->splits.validation.size());
    in.numLabels = data->dataset.labels.size();
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
    in.paddedTokens = paddedTokensPerSample(c, lengths);
    return in;
}

} // namespace hone

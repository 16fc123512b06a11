// The cost model's decoder parts against what the code they predict does: each decoder family's
// layer projections against the built model's, LoRA's trainable parameters against the adapters
// enableLoRA creates (SmolLM2's shape), the LM head's logits term, frozen-base activations, the
// LoRA/full FLOP ratio, and the rows and tokens of a language-model run against the causal-LM
// task's own (truncation, dropped samples, packing).
#include "../testsupport.h"
#include "tasktestsupport.h"

#include "core/models/architecture.h"
#include "core/models/layers/lora.h"
#include "core/runs/runrecorder.h"
#include "core/tasks/causallmtask.h"
#include "core/train/costmodel.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace hone;
namespace fs = std::filesystem;

namespace {

// SmolLM2-135M's config.json numbers (the default chat model), with `layers` layers and `vocab`.
ModelConfig smolLM2Config(int layers = 30, int vocab = 49152)
{
    nlohmann::json j = {{"model_type", "llama"},          {"hidden_size", 576},     {"num_hidden_layers", layers},
                        {"num_attention_heads", 9},       {"num_key_value_heads", 3}, {"intermediate_size", 1536},
                        {"vocab_size", vocab},            {"max_position_embeddings", 8192},
                        {"tie_word_embeddings", true},    {"rms_norm_eps", 1e-5},   {"hidden_act", "silu"}};
    auto c = parseModelConfig(j, "smollm2");
    if (!c)
        qFatal("%s", c.error().message.c_str());
    return *c;
}

// The tiny decoders of tests/data/models (tst_decoders' fixtures).
ModelConfig tinyDecoderConfig(const std::string &type)
{
    auto c = readModelConfig(fs::path(test::dataPath(QStringLiteral("models")).toStdString()) / type / "causal" / "config.json");
    if (!c)
        qFatal("%s", c.error().message.c_str());
    return *c;
}

EstimateInputs inputsFor(const ModelConfig &config, std::int64_t parameters)
{
    EstimateInputs in;
    in.parameters = parameters;
    in.shape = modelShape(config);
    in.trainRows = 1000;
    in.meanTokens = 200;
    in.paddedTokens = 220;
    in.maxTokens = 256;
    in.gemmGflops = 50;
    return in;
}

std::int64_t numel(const std::vector<torch::Tensor> &tensors)
{
    std::int64_t n = 0;
    for (const auto &t : tensors)
        n += t.numel();
    return n;
}

using Host = hone::test::QuietTaskHost;

} // namespace

class tst_CostModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layerProjectionsAreTheModels_data();
    void layerProjectionsAreTheModels();
    void loraTrainableParametersAreTheAdapters();
    void logitsTermIsOneSlice();
    void frozenBaseKeepsItsActivations();
    void loraCostsTwoThirdsOfFullFineTuning();
    void rowsAndTokensAreTheTasks_data();
    void rowsAndTokensAreTheTasks();
};

void tst_CostModel::layerProjectionsAreTheModels_data()
{
    QTest::addColumn<QString>("type");
    for (const char *type : {"llama", "qwen2", "gpt2"})
        QTest::newRow(type) << QString::fromLatin1(type);
}

// Names (within the layer) and shapes of layer 0's projections equal the family's list.
void tst_CostModel::layerProjectionsAreTheModels()
{
    QFETCH(QString, type);
    const ModelConfig config = tinyDecoderConfig(type.toStdString());
    auto arch = findArchitecture(config.modelType);
    QVERIFY(arch.ok());
    QVERIFY((*arch)->layerProjections);
    const auto model = (*arch)->createCausalLM(config);
    const std::string prefix = model->layerPrefix(0);
    std::vector<LayerProjection> built;
    for (const auto &[name, projection] : namedProjections(*model))
        if (name.rfind(prefix, 0) == 0)
            built.push_back({name.substr(prefix.size()), projection->inFeatures(), projection->outFeatures()});
    const auto listed = (*arch)->layerProjections(config);
    QCOMPARE(listed.size(), built.size());
    for (std::size_t i = 0; i < built.size(); ++i) {
        QCOMPARE(listed[i].name, built[i].name);
        QCOMPARE(listed[i].in, built[i].in);
        QCOMPARE(listed[i].out, built[i].out);
    }
}

// The estimate's trainable parameters under LoRA are the numel of the adapters the model gets.
void tst_CostModel::loraTrainableParametersAreTheAdapters()
{
    const ModelConfig config = smolLM2Config(3, 128); // SmolLM2's layers, fewer of them
    auto arch = findArchitecture("llama");
    QVERIFY(arch.ok());
    const auto model = (*arch)->createCausalLM(config);
    TrainingConfig c;
    c.task = "sft";
    c.bf16 = false; // float32 weights alone (bf16 autocast adds its copies)
    c.lora.enabled = true;
    for (int rank : {4, 8, 16}) {
        c.lora.rank = rank;
        model->enableLoRA({rank, 16, 0.1, 1}, (*arch)->loraTargets);
        const std::int64_t adapters = numel(model->loraParameters());
        const RunEstimate e = estimateRun(c, inputsFor(config, numel(model->parameters()) - adapters));
        QCOMPARE(e.trainableParameters, adapters);
        QCOMPARE(e.gradientBytes, 4.0 * static_cast<double>(adapters));
        QCOMPARE(e.optimizerBytes, 8.0 * static_cast<double>(adapters)); // AdamW: two moments
    }
    // The whole SmolLM2-135M at rank 8: what `hone-cli train --task sft --lora` logged for it.
    c.lora.rank = 8;
    QCOMPARE(estimateRun(c, inputsFor(smolLM2Config(), 134515008)).trainableParameters, std::int64_t(2442240));
    // Full fine-tuning trains every weight; the weights are float32 whatever the file's quantization.
    c.lora.enabled = false;
    const RunEstimate full = estimateRun(c, inputsFor(smolLM2Config(), 134515008));
    QCOMPARE(full.trainableParameters, std::int64_t(134515008));
    QCOMPARE(full.weightsBytes, 4.0 * 134515008);
}

// The LM head's term: its loss is computed a slice of logits at a time, so the term is one slice
// (and its float32 copy) plus the hidden rows at the targets and their gradient, whatever the
// vocabulary; attention keeps each sequence's probabilities in float32, the padded batch's in bf16.
void tst_CostModel::logitsTermIsOneSlice()
{
    TrainingConfig c;
    c.task = "sft";
    c.bf16 = false;
    c.perDeviceTrainBatchSize = 2;
    c.maxLength = 512;
    EstimateInputs in = inputsFor(smolLM2Config(), 134515008);
    in.maxTokens = 256;
    const RunEstimate e = estimateRun(c, in);
    // The peak batch: the longest row and one of mean length (200), real tokens only.
    const double slices = 2.0 * 16 * 1024 * 1024;
    QCOMPARE(e.logitsBytes, slices + (256.0 + 200) * 2 * 576 * 4);
    EstimateInputs bigger = inputsFor(smolLM2Config(30, 2 * 49152), 134515008);
    bigger.maxTokens = 256;
    QCOMPARE(estimateRun(c, bigger).logitsBytes, e.logitsBytes);
    // The LM head runs where the loss has a target only: a quarter of the tokens.
    EstimateInputs answers = in;
    answers.targetTokens = 50;
    QCOMPARE(estimateRun(c, answers).logitsBytes, slices + (256.0 + 200) / 4 * 2 * 576 * 4);
    in.maxTokens = 0; // unknown: max_length
    QCOMPARE(estimateRun(c, in).logitsBytes, slices + (512.0 + 200) * 2 * 576 * 4);
    // Attention probabilities: 30 layers x 9 heads x (256^2 + 200^2) in float32; the padded
    // batch's scores and softmax, 2 x 2 x 256^2, under bf16.
    in.maxTokens = 256;
    TrainingConfig bf16 = c;
    bf16.bf16 = true;
    const double perSequence = 30.0 * 9 * (256 * 256 + 200 * 200), padded = 30.0 * 9 * 2 * 2 * 256 * 256;
    QCOMPARE(estimateRun(bf16, in).activationBytes - e.activationBytes, (padded - perSequence) * 4);
    // Encoders have no such term.
    TrainingConfig encoder;
    EstimateInputs enc;
    enc.parameters = 22000000;
    QCOMPARE(estimateRun(encoder, enc).logitsBytes, 0.0);
}

// LoRA shrinks gradients and optimizer state, not activations: backward still runs through the
// frozen base (and LoRA's dropout keeps its inputs).
void tst_CostModel::frozenBaseKeepsItsActivations()
{
    TrainingConfig c;
    c.task = "sft";
    const EstimateInputs in = inputsFor(smolLM2Config(), 134515008);
    const RunEstimate full = estimateRun(c, in);
    c.lora.enabled = true;
    c.lora.dropout = 0;
    const RunEstimate lora = estimateRun(c, in);
    QCOMPARE(lora.activationBytes, full.activationBytes);
    QVERIFY(lora.gradientBytes + lora.optimizerBytes < 0.05 * (full.gradientBytes + full.optimizerBytes));
    c.lora.dropout = 0.1;
    QVERIFY(estimateRun(c, in).activationBytes > full.activationBytes);
}

// Time from FLOPs: forward 2N, backward 2N for activations and 2N more for trained weights, so a
// LoRA step (frozen base) costs about 2/3 of a full one; attention grows with the row length.
void tst_CostModel::loraCostsTwoThirdsOfFullFineTuning()
{
    TrainingConfig c;
    c.task = "sft";
    c.bf16 = false;
    EstimateInputs in = inputsFor(smolLM2Config(), 134515008);
    in.meanTokens = in.paddedTokens = 64; // short rows without padding: the weights dominate
    const RunEstimate full = estimateRun(c, in);
    c.lora.enabled = true;
    const RunEstimate lora = estimateRun(c, in);
    QCOMPARE(full.basis, RunEstimate::Basis::MeasuredGemm);
    const double ratio = full.samplesPerSecond / lora.samplesPerSecond;
    QVERIFY2(ratio > 0.64 && ratio < 0.72, qPrintable(QString::number(ratio)));
    // 6N per token for full fine-tuning at the decoders' share of the GEMM rate (N: layers and the tied head).
    const double n = 30.0 * (2 * 576 * 576 + 2 * 576 * 192 + 3 * 576 * 1536) + 49152.0 * 576;
    const double flops = 6 * n + 12 * 30 * 64 * 576;
    QVERIFY(std::abs(full.samplesPerSecond - 50e9 * kDecoderTrainingEfficiency / (flops * 64)) < 1e-9 * full.samplesPerSecond);
    // bf16 autocast: the same work at its share of the (bf16) rate given, and a bf16 copy of the
    // trained weights (all of them here; LoRA's frozen base is cast anew, not kept).
    c.lora.enabled = false;
    c.bf16 = true;
    const RunEstimate bf16 = estimateRun(c, in);
    const double share = kDecoderBf16TrainingEfficiency / kDecoderTrainingEfficiency;
    QVERIFY(std::abs(bf16.samplesPerSecond - share * full.samplesPerSecond) < 1e-9 * full.samplesPerSecond);
    QCOMPARE(bf16.weightsBytes, 1.5 * full.weightsBytes); // (activations: logitsTermIsOneSlice)
    c.lora.enabled = true;
    QCOMPARE(estimateRun(c, in).weightsBytes, full.weightsBytes + 2.0 * static_cast<double>(estimateRun(c, in).trainableParameters));
}

void tst_CostModel::rowsAndTokensAreTheTasks_data()
{
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<bool>("packing");
    QTest::newRow("whole samples") << 256 << false;
    QTest::newRow("cut, some left out") << 42 << false;
    QTest::newRow("packed") << 128 << true;
}

// The rows the estimate counts (templated, cut at max_length, samples with nothing to learn left
// out, packed) are the task's: same number, same longest, same mean.
void tst_CostModel::rowsAndTokensAreTheTasks()
{
    QFETCH(int, maxLength);
    QFETCH(bool, packing);
    const fs::path sft = test::dataPath(QStringLiteral("sft")).toStdString();
    TrainingConfig c;
    c.task = "sft";
    c.model = (sft / "model").string();
    c.data.train = (sft / "train.json").string();
    c.data.validation = (sft / "validation.json").string();
    c.maxLength = maxLength;
    c.packing = packing;
    c.perDeviceTrainBatchSize = 2;
    auto in = estimateInputsFor(c, 10);
    QVERIFY2(in.ok(), in.ok() ? "" : in.error().message.c_str());
    QVERIFY(in->shape.causal);

    QTemporaryDir dir;
    auto run = RunRecorder::create(fs::path(dir.path().toStdString()) / "run");
    QVERIFY(run.ok());
    Host host(*run);
    CausalLmTask task(c);
    auto prepared = task.prepare(host, RunStart::New);
    QVERIFY2(prepared, prepared ? "" : prepared.error().message.c_str());
    const auto &lengths = task.lengths(SplitRole::Train);
    QCOMPARE(in->trainRows, static_cast<std::int64_t>(lengths.size()));
    QCOMPARE(in->maxTokens, static_cast<double>(*std::max_element(lengths.begin(), lengths.end())));
    const double mean = std::accumulate(lengths.begin(), lengths.end(), 0.0) / static_cast<double>(lengths.size());
    QVERIFY(std::abs(in->meanTokens - mean) < 1e-9);
    QVERIFY(in->paddedTokens >= in->meanTokens);
    QVERIFY(in->maxTokens <= maxLength);
}

QTEST_GUILESS_MAIN(tst_CostModel)
#include "tst_costmodel.moc"

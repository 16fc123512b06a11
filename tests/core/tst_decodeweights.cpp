// Decoding weights (f32 read in place, packed bf16 and Q8_0): the matrix-vector kernels against a
// float64 product of the same weights on every code path this CPU runs and on awkward sizes; bf16
// rounding equal to torch's, Q8_0 blocks equal to the GGUF writer's; logits within a stated
// tolerance of torch's float32 product; greedy generation on the decoder fixtures; stale copies
// never used, in-place reads following the weight.
#include "modeltestsupport.h"

#include "core/io/gguf.h"
#include "core/models/architecture.h"
#include "core/models/generation.h"
#include "core/models/layers/lora.h"
#include "core/models/layers/matvec.h"
#include "core/train/optimizers.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QTest>

#include <atomic>
#include <cstring>
#include <limits>

using namespace hone;
using namespace hone::test;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(hone::WeightFormat)

namespace {

GgmlType ggmlType(WeightFormat format)
{
    return format == WeightFormat::Q8_0 ? GgmlType::Q8_0 : GgmlType::BF16;
}

// The weights the kernels read as float32 [out, in]: f32's as they are, copies through the GGUF
// dequantizer (Q8_0 padding cut off).
torch::Tensor unpacked(const PackedWeight &packed)
{
    if (packed.format() == WeightFormat::F32)
        return torch::from_blob(const_cast<std::byte *>(packed.rows()), {packed.outFeatures(), packed.inFeatures()}).clone();
    const std::int64_t rowBytes = matVecRowBytes(matVecFormat(packed.format()), packed.inFeatures());
    const std::int64_t padded = packed.format() == WeightFormat::Q8_0 ? rowBytes / 34 * 32 : packed.inFeatures();
    torch::Tensor out = torch::empty({packed.outFeatures(), padded});
    const auto r = dequantizeGgml(static_cast<std::uint32_t>(ggmlType(packed.format())), packed.bytes().data(),
                                  packed.bytes().size(), out.numel(), out.data_ptr<float>());
    if (!r)
        qFatal("%s", r.error().message.c_str());
    return out.slice(1, 0, packed.inFeatures());
}

// A tiny Llama whose hidden size (48) is not a whole number of Q8_0 blocks.
std::shared_ptr<CausalLM> tinyLlama(std::uint64_t seed)
{
    const nlohmann::json config{{"model_type", "llama"}, {"hidden_size", 48}, {"num_hidden_layers", 2},
                                {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"intermediate_size", 80},
                                {"vocab_size", 96}, {"max_position_embeddings", 64}, {"tie_word_embeddings", true}};
    auto parsed = parseModelConfig(config, "tiny/config.json");
    if (!parsed)
        qFatal("%s", parsed.error().message.c_str());
    auto model = createCausalLM(*parsed);
    if (!model)
        qFatal("%s", model.error().message.c_str());
    (*model)->initialiseParameters(0.2, seed);
    (*model)->eval();
    return *model;
}

// Largest |a - b| relative to the largest |b|.
double relativeDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return maxAbsDiff(a, b) / b.abs().max().item<double>();
}

// Torch's float32 product against the f32 kernels reading the same weights: float32 sums in
// another order, a few units in the last place.
constexpr double kF32Tolerance = 1e-5;

// Logits of a prefill longer than a decoding step, then single-token steps through the KV cache.
constexpr std::int64_t kPrefill = PackedWeight::kMaxRows + 1;
torch::Tensor stepLogits(CausalLM &model, const torch::Tensor &ids)
{
    KvCache cache;
    std::vector<torch::Tensor> steps{model.logits(ids.slice(1, 0, kPrefill), {}, &cache)};
    for (std::int64_t t = kPrefill; t < ids.size(1); ++t)
        steps.push_back(model.logits(ids.slice(1, t, t + 1), {}, &cache));
    return torch::cat(steps, 1);
}

} // namespace

class tst_DecodeWeights : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsSplitOverThreads();
    void kernels_data();
    void kernels();
    void bf16RoundsLikeTorch();
    void q8MatchesGgufWriter();
    void tinyLlamaLogits_data();
    void tinyLlamaLogits();
    void f32LogitsOnFixtures_data();
    void f32LogitsOnFixtures();
    void greedyOnFixtures_data();
    void greedyOnFixtures();
    void staleCopiesAreDropped();
    void f32ReadsTheWeightInPlace();
    void loraOnPackedBase();
    void formatNames();
};

void tst_DecodeWeights::initTestCase()
{
    QString isas;
    for (MatVecIsa isa : supportedMatVecIsas())
        isas += QString::fromLatin1(matVecIsaName(isa)) + QLatin1Char(' ');
    qInfo("kernels this CPU runs: %s(%d threads)", qPrintable(isas), decodeThreadCount());
}

void tst_DecodeWeights::rowsSplitOverThreads()
{
    QCOMPARE(decodeThreadCount(), 2); // HONE_NUM_THREADS=2 (tests/CMakeLists.txt)
    for (int round = 0; round < 200; ++round) {
        const std::int64_t count = 1 + round * 37 % 1000;
        std::vector<std::atomic<int>> seen(static_cast<std::size_t>(count));
        parallelRows(count, 1 + round % 5, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t i = begin; i < end; ++i)
                seen[static_cast<std::size_t>(i)].fetch_add(1);
        });
        for (const auto &s : seen)
            QCOMPARE(s.load(), 1);
    }
}

void tst_DecodeWeights::kernels_data()
{
    QTest::addColumn<WeightFormat>("format");
    QTest::addColumn<int>("outputs");
    QTest::addColumn<int>("columns");
    QTest::addColumn<int>("inputRows");
    // Columns below, between and above the 8 / 16 / 32-wide steps and Q8_0 blocks; outputs that
    // do not split evenly over threads or parts.
    const int sizes[][3] = {{1, 1, 1}, {7, 5, 2}, {193, 31, 1}, {64, 33, 3}, {129, 100, 1}, {1031, 576, 1}, {515, 1536, 8}};
    for (WeightFormat format : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::Q8_0})
        for (const auto &s : sizes)
            QTest::addRow("%s %dx%d x%d", weightFormatName(format), s[0], s[1], s[2]) << format << s[0] << s[1] << s[2];
}

void tst_DecodeWeights::kernels()
{
    QFETCH(WeightFormat, format);
    QFETCH(int, outputs);
    QFETCH(int, columns);
    QFETCH(int, inputRows);
    torch::manual_seed(outputs * 7919 + columns);
    const torch::Tensor weight = torch::randn({outputs, columns});
    const torch::Tensor bias = torch::randn({outputs});
    const torch::Tensor x = torch::randn({inputRows, columns});
    const PackedWeight packed(weight, format, false);
    const torch::Tensor w = unpacked(packed).to(torch::kDouble);
    const torch::Tensor expected = torch::addmm(bias.to(torch::kDouble), x.to(torch::kDouble), w.t());
    // Float32 sums of `columns` products: a few units in the last place of sum |w x|.
    const double tolerance = 1e-5 * (torch::mm(x.abs().to(torch::kDouble), w.abs().t()).max().item<double>() + 1);

    MatVecProblem p;
    p.format = matVecFormat(format);
    p.weights = packed.rows();
    p.outputs = outputs;
    p.columns = columns;
    p.input = x.data_ptr<float>();
    p.inputRows = inputRows;
    p.bias = bias.data_ptr<float>();
    for (MatVecIsa isa : supportedMatVecIsas()) {
        torch::Tensor y = torch::full({inputRows, outputs}, std::numeric_limits<float>::quiet_NaN());
        p.output = y.data_ptr<float>();
        matVecRows(p, isa, 0, outputs);
        const double diff = maxAbsDiff(y, expected);
        QVERIFY2(diff <= tolerance, qPrintable(QStringLiteral("%1: max abs diff %2 > %3").arg(QLatin1String(matVecIsaName(isa))).arg(diff).arg(tolerance)));
    }
    // The threaded product through the module-facing entry point, bias included.
    const torch::Tensor y = packed.linear(x.view({1, inputRows, columns}), bias);
    QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{1, inputRows, outputs}));
    QVERIFY(maxAbsDiff(y[0], expected) <= tolerance);
}

void tst_DecodeWeights::bf16RoundsLikeTorch()
{
    torch::manual_seed(5);
    std::vector<float> values;
    for (float scale : {1e-40f, 1e-6f, 1.0f, 3e4f, 1e38f}) {
        const torch::Tensor t = (torch::randn({200}) * scale).contiguous();
        values.insert(values.end(), t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    }
    // Exact ties (round to even, both ways), the largest finite float (rounds to infinity), infinities, zeros.
    for (std::uint32_t bits : {0x3F808000u, 0x3F818000u, 0xBF808000u, 0x7F7FFFFFu, 0x7F800000u, 0xFF800000u, 0x80000000u, 0u,
                               0x00008000u, 0x00018000u})
        values.push_back([bits] { float f; std::memcpy(&f, &bits, 4); return f; }());
    values.resize(values.size() / 8 * 8);
    const torch::Tensor weight = torch::tensor(values).view({8, -1});
    const PackedWeight packed(weight, WeightFormat::BF16, false);
    const torch::Tensor ours = torch::from_blob(const_cast<std::byte *>(packed.bytes().data()), {weight.numel()}, torch::kInt16);
    const torch::Tensor theirs = weight.to(torch::kBFloat16).view(torch::kInt16).flatten();
    QVERIFY(torch::equal(ours, theirs));
    // A transposed (Conv1D) weight packs the rows of its transpose.
    const PackedWeight conv(weight.t().contiguous(), WeightFormat::BF16, true);
    QVERIFY(conv.bytes() == packed.bytes());
}

void tst_DecodeWeights::q8MatchesGgufWriter()
{
    torch::manual_seed(6);
    const torch::Tensor weight = torch::randn({5, 64});
    const PackedWeight packed(weight, WeightFormat::Q8_0, false);
    auto written = quantizeGgml(GgmlType::Q8_0, weight.data_ptr<float>(), weight.numel());
    QVERIFY(written.ok());
    QVERIFY(packed.bytes() == *written);
    // 40 columns: each row is two blocks, the second padded with zeros.
    const torch::Tensor narrow = torch::randn({3, 40});
    const PackedWeight padded(narrow, WeightFormat::Q8_0, false);
    const torch::Tensor wide = torch::cat({narrow, torch::zeros({3, 24})}, 1).contiguous();
    auto writtenWide = quantizeGgml(GgmlType::Q8_0, wide.data_ptr<float>(), wide.numel());
    QVERIFY(writtenWide.ok());
    QVERIFY(padded.bytes() == *writtenWide);
}

void tst_DecodeWeights::tinyLlamaLogits_data()
{
    QTest::addColumn<WeightFormat>("format");
    QTest::addColumn<double>("tolerance");
    // Largest |logit - float32 logit| relative to the largest |float32 logit|; measured on this
    // model: 0.0074 (bf16, 8 significant bits) and 0.019 (Q8_0, 8 bits per block of 32).
    QTest::newRow("f32") << WeightFormat::F32 << kF32Tolerance;
    QTest::newRow("bf16") << WeightFormat::BF16 << 0.02;
    QTest::newRow("q8_0") << WeightFormat::Q8_0 << 0.04;
}

void tst_DecodeWeights::tinyLlamaLogits()
{
    QFETCH(WeightFormat, format);
    QFETCH(double, tolerance);
    auto model = tinyLlama(11);
    const torch::Tensor ids = torch::randint(0, 96, {1, 15}, at::make_generator<at::CPUGeneratorImpl>(3));
    torch::NoGradGuard noGrad;
    const torch::Tensor exact = stepLogits(*model, ids); // nothing prepared: torch::linear throughout
    model->prepareForDecoding(format);
    QCOMPARE(model->decodingFormat(), format);
    for (const auto &[name, projection] : namedProjections(*model))
        QVERIFY2(projection->packedWeight() && projection->packedWeight()->format() == format, name.c_str());
    const torch::Tensor packed = stepLogits(*model, ids);
    // The prefill is more rows than a decoding step: float32, exactly.
    QVERIFY(torch::equal(packed.slice(1, 0, kPrefill), exact.slice(1, 0, kPrefill)));
    const double relative = relativeDiff(packed, exact);
    qInfo("%s: largest logit difference %.2g of the largest logit", weightFormatName(format), relative);
    QVERIFY2(relative < tolerance && (relative > 0 || format == WeightFormat::F32), qPrintable(QString::number(relative)));
    // Back to f32: the copies give way to the weights read in place.
    model->prepareForDecoding(WeightFormat::F32);
    for (const auto &[name, projection] : namedProjections(*model))
        QVERIFY2(projection->packedWeight() && projection->packedWeight()->format() == WeightFormat::F32, name.c_str());
    QVERIFY(relativeDiff(stepLogits(*model, ids), exact) < kF32Tolerance);
}

void tst_DecodeWeights::f32LogitsOnFixtures_data()
{
    QTest::addColumn<std::string>("name");
    for (const char *name : {"llama", "llama-tied", "qwen2", "gpt2"})
        QTest::addRow("%s", name) << std::string(name);
}

void tst_DecodeWeights::f32LogitsOnFixtures()
{
    QFETCH(std::string, name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    CausalLM &model = *loaded.model;
    model.eval();
    const torch::Tensor ids =
        torch::randint(0, model.vocabSize(), {1, 15}, at::make_generator<at::CPUGeneratorImpl>(7));
    torch::NoGradGuard noGrad;
    const torch::Tensor exact = stepLogits(model, ids);
    model.prepareForDecoding(WeightFormat::F32);
    // GPT-2's Conv1D weights are [in, out]: not rows the kernels read, so torch's product stays.
    for (const auto &[projectionName, projection] : namedProjections(model))
        QCOMPARE(projection->packedWeight() != nullptr, projection->layout() == ProjectionLayout::Linear);
    const double relative = relativeDiff(stepLogits(model, ids), exact);
    qInfo("%s: largest logit difference %.2g of the largest logit", name.c_str(), relative);
    QVERIFY2(relative < kF32Tolerance, qPrintable(QString::number(relative)));
}

void tst_DecodeWeights::greedyOnFixtures_data()
{
    QTest::addColumn<std::string>("name");
    QTest::addColumn<WeightFormat>("format");
    for (const char *name : {"llama", "llama-tied", "qwen2", "gpt2"})
        for (WeightFormat format : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::Q8_0})
            QTest::addRow("%s %s", name, weightFormatName(format)) << std::string(name) << format;
}

void tst_DecodeWeights::greedyOnFixtures()
{
    QFETCH(std::string, name);
    QFETCH(WeightFormat, format);
    const nlohmann::json golden = readGolden(name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    GenerationOptions options;
    options.maxNewTokens = static_cast<int>(golden["greedy"].size());
    options.weights = format;
    auto result = generate(*loaded.model, golden["prompt"].get<std::vector<int>>(), options, {});
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    QCOMPARE(loaded.model->decodingFormat(), format);
    QCOMPARE(result->tokens, golden["greedy"].get<std::vector<int>>());
}

void tst_DecodeWeights::staleCopiesAreDropped()
{
    auto model = tinyLlama(12);
    const torch::Tensor ids = torch::randint(0, 96, {1, 15}, at::make_generator<at::CPUGeneratorImpl>(4));
    model->prepareForDecoding(WeightFormat::BF16);
    auto projections = namedProjections(*model);
    Projection q = projections.front().second;
    QVERIFY(q->packedWeight() != nullptr);
    const torch::Tensor step = torch::randn({1, 1, q->inFeatures()});
    {
        torch::NoGradGuard noGrad;
        QVERIFY(!torch::equal(q(step), torch::linear(step, q->weight))); // the packed product
        // Training mode and gradients never use the copy.
        model->train();
        QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));
        model->eval();
    }
    QVERIFY(q->weight.requires_grad());
    QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));

    // A step of Hone's optimizer changes the weights: every copy is stale, unused, and dropped on use.
    std::vector<OptimizedParameter> parameters;
    for (const auto &item : model->named_parameters())
        parameters.push_back({item.key(), item.value(), 0.0});
    const TrainingConfig config; // AdamW, transformers' default
    auto optimizer = makeOptimizer(config, parameters);
    model->train();
    model->logits(ids).logsumexp(-1).mean().backward();
    optimizer->step(1e-2);
    model->eval();
    torch::NoGradGuard noGrad;
    QVERIFY(q->packedWeight() == nullptr);
    QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));
    const torch::Tensor afterStep = stepLogits(*model, ids);
    model->prepareForDecoding(WeightFormat::F32);
    QVERIFY(relativeDiff(stepLogits(*model, ids), afterStep) < kF32Tolerance);

    // Loading weights in place (copy_) makes the copies stale too; preparing again repacks them.
    model->prepareForDecoding(WeightFormat::Q8_0);
    QVERIFY(q->packedWeight() != nullptr);
    q->weight.copy_(torch::randn_like(q->weight));
    QVERIFY(q->packedWeight() == nullptr);
    model->prepareForDecoding(WeightFormat::Q8_0);
    QVERIFY(q->packedWeight() != nullptr && q->packedWeight()->isCurrent(q->weight));
}

void tst_DecodeWeights::f32ReadsTheWeightInPlace()
{
    auto model = tinyLlama(14);
    model->prepareForDecoding(WeightFormat::F32);
    Projection q = namedProjections(*model).front().second;
    const PackedWeight *packed = q->packedWeight();
    QVERIFY(packed != nullptr && packed->bytes().empty());
    QCOMPARE(static_cast<const void *>(packed->rows()), q->weight.data_ptr());
    const torch::Tensor step = torch::randn({1, 1, q->inFeatures()});
    // Float32 sums of in-features products: a few units in the last place of sum |w x|.
    const auto closeToTorch = [&](const torch::Tensor &y) {
        const double scale = torch::linear(step.abs(), q->weight.abs()).max().item<double>() + 1;
        return maxAbsDiff(y, torch::linear(step, q->weight)) <= kF32Tolerance * scale;
    };
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor viaKernel = q(step);
        QVERIFY(closeToTorch(viaKernel));
        // Training mode never uses the kernels.
        model->train();
        QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));
        model->eval();
        // An in-place write is read by the next step: nothing went stale.
        q->weight.copy_(torch::randn_like(q->weight));
        QCOMPARE(q->packedWeight(), packed);
        QVERIFY(closeToTorch(q(step)));
        QVERIFY(!torch::equal(q(step), viaKernel));
    }
    // Gradients wanted: torch's product, which autograd can follow.
    QVERIFY(q->weight.requires_grad());
    QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));
    // New storage (Module::to another type and back) leaves the old view stale: dropped on use.
    model->to(torch::kDouble);
    model->to(torch::kFloat);
    torch::NoGradGuard noGrad;
    QVERIFY(q->packedWeight() == nullptr);
    QVERIFY(torch::equal(q(step), torch::linear(step, q->weight)));
    model->prepareForDecoding(WeightFormat::F32);
    QVERIFY(q->packedWeight() != nullptr && q->packedWeight()->isCurrent(q->weight));
}

void tst_DecodeWeights::loraOnPackedBase()
{
    auto model = tinyLlama(13);
    const torch::Tensor ids = torch::randint(0, 96, {1, 15}, at::make_generator<at::CPUGeneratorImpl>(5));
    QCOMPARE(model->enableLoRA({4, 8.0, 0.0, 3}, {}), 7 * model->numLayers());
    torch::NoGradGuard noGrad;
    for (auto &p : model->loraParameters())
        p.normal_(0, 0.2);
    const torch::Tensor adapted = stepLogits(*model, ids);
    // The base is packed, the adapters stay float32 and are added to it.
    model->prepareForDecoding(WeightFormat::BF16);
    const torch::Tensor packed = stepLogits(*model, ids);
    QVERIFY(!torch::equal(packed, adapted));
    QVERIFY(maxAbsDiff(packed, adapted) / adapted.abs().max().item<double>() < 0.02);
    // Merging changes every adapted weight: their copies are stale (the tied head's stays).
    model->mergeLoRA();
    for (const auto &[name, projection] : namedProjections(*model))
        QVERIFY2(projection->packedWeight() == nullptr, name.c_str());
    model->prepareForDecoding(WeightFormat::F32);
    QVERIFY(maxAbsDiff(stepLogits(*model, ids), adapted) < 1e-4);
}

void tst_DecodeWeights::formatNames()
{
    for (WeightFormat format : {WeightFormat::F32, WeightFormat::BF16, WeightFormat::Q8_0}) {
        auto parsed = weightFormatFromName(weightFormatName(format));
        QVERIFY(parsed.ok() && *parsed == format);
    }
    auto bad = weightFormatFromName("fp16");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message, std::string("weights must be f32, bf16 or q8_0, got \"fp16\""));
}

QTEST_GUILESS_MAIN(tst_DecodeWeights)
#include "tst_decodeweights.moc"

// Decoders (Llama, Qwen2, GPT-2): parity of the logits with transformers on tiny random models
// (tools/make_decoder_goldens.py), the KV cache, greedy generation against model.generate,
// sampling options, stop strings and streaming, LoRA (targets, Conv1D layout, merge), projections
// computed by one product, save/load, and clear errors for configs Hone does not support.
#include "modeltestsupport.h"

#include "core/dist/executioncontext.h"
#include "core/models/architecture.h"
#include "core/models/causallmloader.h"
#include "core/models/generation.h"
#include "core/models/layers/decoderops.h"
#include "core/models/layers/lora.h"
#include "core/system/computethreads.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QTemporaryDir>
#include <QTest>

using namespace hone;
using namespace hone::test;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

constexpr double kTolerance = 1e-4;
const char *const kFixtures[] = {"llama", "llama-tied", "qwen2", "gpt2"};

std::string collect(const std::vector<int> &ids)
{
    std::string s;
    for (int id : ids)
        s += static_cast<char>('a' + id % 26);
    return s;
}

// The golden batch of a fixture: token ids, attention mask, and where the real (unpadded) tokens are.
struct GoldenBatch {
    torch::Tensor ids, mask, real;
};
GoldenBatch goldenBatch(const std::string &name)
{
    const nlohmann::json golden = readGolden(name);
    GoldenBatch b{tensorFromJson(golden["input_ids"], torch::kLong), tensorFromJson(golden["attention_mask"], torch::kLong), {}};
    b.real = b.mask.to(torch::kBool);
    return b;
}

nlohmann::json tinyLlamaConfig()
{
    return nlohmann::json{{"model_type", "llama"}, {"hidden_size", 32}, {"num_hidden_layers", 2},
                          {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"intermediate_size", 48},
                          {"vocab_size", 64}, {"max_position_embeddings", 32}};
}

} // namespace

class tst_Decoders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void registry();
    void logits_data();
    void logits();
    void kvCacheMatchesFullForward_data();
    void kvCacheMatchesFullForward();
    void skipPaddingMatchesPadded_data();
    void skipPaddingMatchesPadded();
    void sequenceAttentionMatchesPadded();
    void bf16AutocastFollowsFloat32_data();
    void bf16AutocastFollowsFloat32();
    void greedyMatchesTransformers_data();
    void greedyMatchesTransformers();
    void sampling();
    void stopStringsAndStreaming();
    void loraTargetsAndMerge_data();
    void loraTargetsAndMerge();
    void projectionsTogetherMatchOneByOne();
    void saveAndReload();
    void badConfigs_data();
    void badConfigs();
    void encoderIsNotADecoder();
};

void tst_Decoders::initTestCase()
{
    configureComputeThreads();
}

void tst_Decoders::registry()
{
    std::vector<std::string> decoders;
    for (const auto &a : architectures())
        if (a.isDecoder()) {
            decoders.push_back(a.name);
            QVERIFY(a.parseFields && !a.create && !a.causalLmClass.empty() && !a.loraTargets.empty());
        }
    QCOMPARE(decoders, (std::vector<std::string>{"llama", "qwen2", "gpt2"}));
    // A decoder is not a text classifier: a clear error, not a crash.
    auto config = parseModelConfig(tinyLlamaConfig(), "config.json");
    QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
    QVERIFY(config->causal);
    auto classifier = createModel(*config, ModelHead::SequenceClassification, 2);
    QVERIFY(!classifier.ok());
    QVERIFY(classifier.error().message.find("decoder") != std::string::npos);
}

void tst_Decoders::logits_data()
{
    QTest::addColumn<std::string>("name");
    for (const char *name : kFixtures)
        QTest::newRow(name) << std::string(name);
}

void tst_Decoders::logits()
{
    QFETCH(std::string, name);
    const nlohmann::json golden = readGolden(name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    QVERIFY(loaded.report.missing.empty());
    QVERIFY2(loaded.report.unexpected.empty(),
             loaded.report.unexpected.empty() ? "" : loaded.report.unexpected.front().c_str());
    QCOMPARE(loaded.model->tiedEmbeddings(), golden["tied"].get<bool>());
    std::int64_t parameters = 0;
    for (const auto &p : loaded.model->parameters())
        parameters += p.numel();
    QCOMPARE(parameters, golden["parameters"].get<std::int64_t>());

    const torch::Tensor ids = tensorFromJson(golden["input_ids"], torch::kLong);
    const torch::Tensor mask = tensorFromJson(golden["attention_mask"], torch::kLong);
    const torch::Tensor expected = tensorFromJson(golden["logits"], torch::kFloat);
    torch::NoGradGuard noGrad;
    const torch::Tensor logits = loaded.model->logits(ids, mask);
    QCOMPARE(logits.sizes().vec(), expected.sizes().vec());
    const torch::Tensor real = mask.to(torch::kBool);
    const double diff = maxAbsDiff(logits.index({real}), expected.index({real}));
    QVERIFY2(diff < kTolerance, qPrintable(QStringLiteral("max abs diff %1").arg(diff)));
    // The padded row alone (no padding) gives the same logits for its real tokens.
    const std::int64_t n = mask[1].sum().item<std::int64_t>();
    const torch::Tensor alone = loaded.model->logits(ids[1].slice(0, 0, n).unsqueeze(0));
    QVERIFY(maxAbsDiff(alone[0], expected[1].slice(0, 0, n)) < kTolerance);
}

void tst_Decoders::kvCacheMatchesFullForward_data()
{
    logits_data();
}

void tst_Decoders::kvCacheMatchesFullForward()
{
    QFETCH(std::string, name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    const torch::Tensor ids = tensorFromJson(readGolden(name)["input_ids"], torch::kLong)[0].unsqueeze(0);
    torch::NoGradGuard noGrad;
    const torch::Tensor full = loaded.model->logits(ids);
    // A 4-token prefill, then one token at a time.
    KvCache cache;
    std::vector<torch::Tensor> steps{loaded.model->logits(ids.slice(1, 0, 4), {}, &cache)};
    QCOMPARE(cache.length, std::int64_t(4));
    for (std::int64_t t = 4; t < ids.size(1); ++t)
        steps.push_back(loaded.model->logits(ids.slice(1, t, t + 1), {}, &cache));
    QCOMPARE(cache.length, ids.size(1));
    QCOMPARE(std::int64_t(cache.keys.size()), std::int64_t(loaded.model->numLayers()));
    QVERIFY(maxAbsDiff(torch::cat(steps, 1), full) < 1e-5);
}

void tst_Decoders::skipPaddingMatchesPadded_data()
{
    logits_data();
}

// Computing on the real tokens only (TokenLayout) gives the padded computation's states for them,
// zeros at padding, and the same gradients: what training relies on.
void tst_Decoders::skipPaddingMatchesPadded()
{
    QFETCH(std::string, name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    CausalLM &model = *loaded.model;
    model.eval(); // no dropout: both computations see the same function
    const GoldenBatch batch = goldenBatch(name);
    const torch::Tensor &ids = batch.ids, &mask = batch.mask, &real = batch.real; // lambdas below capture them
    QVERIFY(real.logical_not().any().item<bool>()); // the golden batch has padding to skip

    const torch::Tensor dense = model.hiddenStates(ids, mask);
    const torch::Tensor packed = model.decode(ids, mask, nullptr, {}, true);
    QCOMPARE(packed.sizes().vec(), dense.sizes().vec());
    const double diff = maxAbsDiff(packed.index({real}), dense.index({real}));
    QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("max abs diff %1").arg(diff)));
    QCOMPARE(packed.index({real.logical_not()}).abs().max().item<double>(), 0.0);

    auto gradients = [&](bool skipPadding) {
        model.zero_grad();
        model.lmLogits(model.decode(ids, mask, nullptr, {}, skipPadding).index({real})).pow(2).mean().backward();
        return gradientsOf(model);
    };
    const auto denseGrads = gradients(false), packedGrads = gradients(true);
    double worst = 0;
    for (std::size_t i = 0; i < denseGrads.size(); ++i)
        worst = std::max(worst, maxAbsDiff(packedGrads[i], denseGrads[i]));
    QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("max gradient difference %1").arg(worst)));
    // Without padding, or with a cache, there is nothing to skip: the dense path, bit for bit.
    torch::NoGradGuard noGrad;
    const torch::Tensor row = ids[0].unsqueeze(0);
    QCOMPARE(maxAbsDiff(model.decode(row, torch::ones_like(row), nullptr, {}, true), model.hiddenStates(row, {})), 0.0);
    KvCache cache;
    QCOMPARE(maxAbsDiff(model.decode(ids, mask, &cache, {}, true), model.hiddenStates(ids, mask)), 0.0);
}

// Attention sequence by sequence on packed rows (training's path) against the padded computation:
// outputs and gradients, grouped heads, sequences longer than a query block and one token alone,
// and q, k, v read in place as column slices of one projection's rows (GPT-2's c_attn).
void tst_Decoders::sequenceAttentionMatchesPadded()
{
    torch::manual_seed(7);
    const std::vector<std::int64_t> lengths{150, 1, 70};
    const std::int64_t batch = 3, length = 150, heads = 6, kvHeads = 2, dim = 16;
    const double scale = 0.25;
    torch::Tensor mask = torch::zeros({batch, length}, torch::kLong);
    for (std::int64_t b = 0; b < batch; ++b)
        mask[b].slice(0, 0, lengths[static_cast<std::size_t>(b)]).fill_(1);
    const torch::Tensor real = mask.reshape({-1}).nonzero().reshape({-1});
    const std::int64_t rows = real.size(0);
    const torch::Tensor q = torch::randn({rows, heads * dim}).requires_grad_();
    const torch::Tensor k = torch::randn({rows, kvHeads * dim}).requires_grad_();
    const torch::Tensor v = torch::randn({rows, kvHeads * dim}).requires_grad_();
    auto padded = [&](const torch::Tensor &x, std::int64_t n) {
        return torch::zeros({batch * length, n * dim}).index_copy(0, real, x).view({batch, length, n, dim}).transpose(1, 2);
    };
    const torch::Tensor byRows = sequenceCausalAttention(q, k, v, lengths, heads, kvHeads, scale);
    const torch::Tensor byPadding =
        causalAttention(padded(q, heads), padded(k, kvHeads), padded(v, kvHeads),
                        blockedAttention(length, 0, mask, torch::kCPU), scale, 0, false)
            .reshape({batch * length, heads * dim})
            .index_select(0, real);
    QCOMPARE(byRows.sizes().vec(), byPadding.sizes().vec());
    const double outDiff = maxAbsDiff(byRows, byPadding);
    QVERIFY2(outDiff < 1e-5, qPrintable(QStringLiteral("output difference %1").arg(outDiff)));
    const torch::Tensor weights = torch::randn({rows, heads * dim});
    const auto rowGrads = torch::autograd::grad({(byRows * weights).sum()}, {q, k, v});
    const auto paddedGrads = torch::autograd::grad({(byPadding * weights).sum()}, {q, k, v});
    for (std::size_t i = 0; i < 3; ++i) {
        const double diff = maxAbsDiff(rowGrads[i], paddedGrads[i]);
        QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("gradient %1 difference %2").arg(i).arg(diff)));
    }

    torch::NoGradGuard noGrad;
    const auto slices = torch::randn({rows, 3 * heads * dim}).split(heads * dim, -1);
    const torch::Tensor inPlace = sequenceCausalAttention(slices[0], slices[1], slices[2], lengths, heads, heads, scale);
    const torch::Tensor copied = sequenceCausalAttention(slices[0].contiguous(), slices[1].contiguous(),
                                                         slices[2].contiguous(), lengths, heads, heads, scale);
    QCOMPARE(maxAbsDiff(inPlace, copied), 0.0);
}

void tst_Decoders::bf16AutocastFollowsFloat32_data()
{
    logits_data();
}

// Training's default where the CPU has native bf16: under autocast the forward and backward passes
// run (every op accepts the mixed dtypes) and stay close to float32's.
void tst_Decoders::bf16AutocastFollowsFloat32()
{
    QFETCH(std::string, name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    CausalLM &model = *loaded.model;
    model.eval();
    const GoldenBatch batch = goldenBatch(name);
    const torch::Tensor &ids = batch.ids, &mask = batch.mask, &real = batch.real; // lambdas below capture them
    const auto loss = [&](bool bf16) {
        ExecutionContext::AutocastScope autocast(bf16);
        model.zero_grad();
        const torch::Tensor logits = model.lmLogits(model.decode(ids, mask, nullptr, {}, true).index({real}));
        const torch::Tensor value = torch::log_softmax(logits.to(torch::kFloat), -1).select(-1, 0).mean().neg();
        value.backward();
        return value.item<double>();
    };
    const double float32 = loss(false), bf16 = loss(true);
    QVERIFY2(std::isfinite(bf16) && std::abs(bf16 - float32) < 0.05 * std::abs(float32),
             qPrintable(QStringLiteral("bf16 %1, float32 %2").arg(bf16).arg(float32)));
    for (const auto &p : model.parameters())
        QVERIFY(!p.grad().defined() || torch::isfinite(p.grad()).all().item<bool>());
}

void tst_Decoders::greedyMatchesTransformers_data()
{
    logits_data();
}

void tst_Decoders::greedyMatchesTransformers()
{
    QFETCH(std::string, name);
    const nlohmann::json golden = readGolden(name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    GenerationOptions options;
    options.maxNewTokens = static_cast<int>(golden["greedy"].size());
    auto result = generate(*loaded.model, golden["prompt"].get<std::vector<int>>(), options, collect);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
    QCOMPARE(result->tokens, golden["greedy"].get<std::vector<int>>());
    QCOMPARE(result->stopReason, std::string("max_new_tokens"));
    QCOMPARE(result->text, collect(result->tokens));

    // EOS: declare the last greedy token the end; generation stops where it first appears.
    const std::vector<int> &all = result->tokens;
    options.eosTokenIds = {all.back()};
    const auto first = std::find(all.begin(), all.end(), all.back());
    auto stopped = generate(*loaded.model, golden["prompt"].get<std::vector<int>>(), options, collect);
    QVERIFY(stopped.ok());
    QCOMPARE(stopped->stopReason, std::string("eos"));
    QCOMPARE(stopped->tokens, std::vector<int>(all.begin(), first + 1));
    QCOMPARE(stopped->text, collect(std::vector<int>(all.begin(), first)));
}

void tst_Decoders::sampling()
{
    LoadedCausalLM loaded = loadCausalFixture("llama");
    const std::vector<int> prompt{5, 9, 14, 3};
    GenerationOptions greedy;
    greedy.maxNewTokens = 12;
    auto reference = generate(*loaded.model, prompt, greedy, collect);
    QVERIFY(reference.ok());

    GenerationOptions sampled = greedy;
    sampled.sample = true;
    sampled.temperature = 1.5;
    sampled.seed = 123;
    auto a = generate(*loaded.model, prompt, sampled, collect);
    auto b = generate(*loaded.model, prompt, sampled, collect);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->tokens, b->tokens); // seeded
    sampled.seed = 124;
    bool differs = false;
    for (std::uint64_t seed = 124; seed < 130 && !differs; ++seed) {
        sampled.seed = seed;
        auto c = generate(*loaded.model, prompt, sampled, collect);
        differs = c.ok() && c->tokens != a->tokens;
    }
    QVERIFY(differs);
    // top-k 1 and a tiny top-p leave only the most likely token: greedy.
    GenerationOptions topK = sampled;
    topK.topK = 1;
    QCOMPARE(generate(*loaded.model, prompt, topK, collect)->tokens, reference->tokens);
    GenerationOptions topP = sampled;
    topP.topP = 1e-6;
    QCOMPARE(generate(*loaded.model, prompt, topP, collect)->tokens, reference->tokens);

    // The repetition penalty (transformers' rule) on hand-made logits.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(1);
    GenerationOptions penalty;
    penalty.repetitionPenalty = 2.0;
    const torch::Tensor logits = torch::tensor({3.0f, 2.0f, -1.0f, 1.9f});
    QCOMPARE(chooseNextToken(logits, {}, penalty, generator), 0);
    QCOMPARE(chooseNextToken(logits, {0}, penalty, generator), 1);     // 3 / 2 = 1.5 < 2
    QCOMPARE(chooseNextToken(logits, {0, 1}, penalty, generator), 3);  // 1.9 is left
    // Bad options are named.
    GenerationOptions bad;
    bad.topP = 0;
    auto error = generate(*loaded.model, prompt, bad, collect);
    QVERIFY(!error.ok() && error.error().message.find("top-p") != std::string::npos);
    auto empty = generate(*loaded.model, {}, greedy, collect);
    QVERIFY(!empty.ok() && empty.error().message.find("empty") != std::string::npos);
    auto outside = generate(*loaded.model, {500}, greedy, collect);
    QVERIFY(!outside.ok() && outside.error().message.find("outside the vocabulary") != std::string::npos);
}

void tst_Decoders::stopStringsAndStreaming()
{
    LoadedCausalLM loaded = loadCausalFixture("qwen2");
    const std::vector<int> prompt{7, 8, 9};
    GenerationOptions options;
    options.maxNewTokens = 12;
    std::string streamed;
    auto full = generate(*loaded.model, prompt, options, collect, [&](const std::string &piece) {
        streamed += piece;
        return true;
    });
    QVERIFY(full.ok());
    QCOMPARE(streamed, full->text);
    QCOMPARE(full->text.size(), std::size_t(12));

    // A stop string made of the 5th and 6th letters: the text ends before it, nothing of it streamed.
    options.stopStrings = {full->text.substr(4, 2)};
    const std::size_t first = full->text.find(options.stopStrings[0]);
    streamed.clear();
    auto cut = generate(*loaded.model, prompt, options, collect, [&](const std::string &piece) {
        streamed += piece;
        return true;
    });
    QVERIFY(cut.ok());
    QCOMPARE(cut->stopReason, std::string("stop_string"));
    QCOMPARE(cut->text, full->text.substr(0, first));
    QCOMPARE(streamed, cut->text);

    // The callback can stop generation.
    int calls = 0;
    options.stopStrings.clear();
    auto stopped = generate(*loaded.model, prompt, options, collect, [&](const std::string &) { return ++calls < 3; });
    QVERIFY(stopped.ok());
    QCOMPARE(stopped->stopReason, std::string("stopped"));
    QCOMPARE(stopped->tokens.size(), std::size_t(3));
}

void tst_Decoders::loraTargetsAndMerge_data()
{
    logits_data();
}

void tst_Decoders::loraTargetsAndMerge()
{
    QFETCH(std::string, name);
    LoadedCausalLM loaded = loadCausalFixture(name);
    CausalLM &model = *loaded.model;
    const torch::Tensor ids = tensorFromJson(readGolden(name)["input_ids"], torch::kLong);
    torch::NoGradGuard noGrad;
    const torch::Tensor before = model.logits(ids);

    const std::vector<std::string> targets = loaded.architecture->loraTargets;
    const int perLayer = name == "gpt2" ? 4 : 7; // c_attn, attn.c_proj, c_fc, mlp.c_proj
    QCOMPARE(model.enableLoRA({4, 8.0, 0.0, 3}, targets), perLayer * model.numLayers());
    QVERIFY(model.hasLoRA());
    QCOMPARE(model.loraParameters().size(), std::size_t(2 * perLayer * model.numLayers()));
    // B = 0: the output is unchanged until B is trained.
    QVERIFY(maxAbsDiff(model.logits(ids), before) < 1e-6);
    for (auto &p : model.loraParameters())
        p.normal_(0, 0.2);
    const torch::Tensor adapted = model.logits(ids);
    QVERIFY(maxAbsDiff(adapted, before) > 1e-3);
    // The merged export equals the adapted model (Conv1D's transposed layout included).
    auto fresh = createCausalLM(loaded.config);
    QVERIFY(fresh.ok());
    (*fresh)->eval();
    auto params = (*fresh)->named_parameters();
    for (const auto &[tensorName, t] : model.exportTensors())
        params[tensorName].copy_(t);
    QVERIFY(maxAbsDiff((*fresh)->logits(ids), adapted) < 1e-4);
    model.mergeLoRA();
    QVERIFY(!model.hasLoRA());
    QVERIFY(maxAbsDiff(model.logits(ids), adapted) < 1e-4);

    // Named targets only: q_proj and v_proj (PEFT's names), or GPT-2's c_attn.
    LoadedCausalLM again = loadCausalFixture(name);
    const std::vector<std::string> few = name == "gpt2" ? std::vector<std::string>{"c_attn"}
                                                        : std::vector<std::string>{"q_proj", "v_proj"};
    QCOMPARE(again.model->enableLoRA({4, 8.0, 0.0, 3}, few), int(few.size()) * again.model->numLayers());
    for (const auto &[moduleName, projection] : namedProjections(*again.model))
        QCOMPARE(projection->hasLoRA(), matchesLoraTarget(moduleName, few));
}

// q/k/v-style projections sharing one weight tensor: one product gives each projection's output
// and the same gradients as their own forwards, with LoRA on some, frozen or trained weights.
void tst_Decoders::projectionsTogetherMatchOneByOne()
{
    torch::manual_seed(7);
    std::vector<Projection> owned{Projection(8, 8, true), Projection(8, 4, true), Projection(8, 4, true)};
    std::vector<ProjectionImpl *> projections;
    for (Projection &p : owned)
        projections.push_back(p.get());
    shareWeightStorage(projections);
    QVERIFY(owned[2]->weight.is_alias_of(owned[0]->weight) && owned[1]->bias.is_alias_of(owned[0]->bias));
    owned[0]->enableLoRA({2, 4.0, 0.0, 1});
    owned[2]->enableLoRA({2, 4.0, 0.0, 2});
    {
        torch::NoGradGuard noGrad;
        for (Projection &p : owned)
            if (p->hasLoRA())
                p->loraB()->weight.normal_(0, 0.3);
    }
    const torch::Tensor x0 = torch::randn({5, 8});
    for (const bool frozen : {true, false}) {
        std::vector<torch::Tensor> trained;
        for (Projection &p : owned) {
            p->weight.requires_grad_(!frozen);
            p->bias.requires_grad_(!frozen);
            for (const torch::Tensor &t : p->parameters())
                if (t.requires_grad())
                    trained.push_back(t);
        }
        auto run = [&](bool together) {
            const torch::Tensor x = x0.clone().requires_grad_(true);
            std::vector<torch::Tensor> outputs;
            if (together)
                outputs = forwardTogether(x, projections);
            else
                for (Projection &p : owned)
                    outputs.push_back(p->forward(x));
            torch::Tensor loss = torch::zeros({});
            for (std::size_t i = 0; i < outputs.size(); ++i)
                loss = loss + (outputs[i] * outputs[i]).sum() * double(i + 1);
            std::vector<torch::Tensor> inputs{x};
            inputs.insert(inputs.end(), trained.begin(), trained.end());
            std::vector<torch::Tensor> result = torch::autograd::grad({loss}, inputs);
            result.insert(result.begin(), outputs.begin(), outputs.end());
            return result;
        };
        const std::vector<torch::Tensor> together = run(true), each = run(false);
        QCOMPARE(together.size(), each.size());
        for (std::size_t i = 0; i < each.size(); ++i) { // relative: a wider product may round differently (MKL)
            const double scale = std::max(1.0, each[i].abs().max().item<double>());
            QVERIFY2(maxAbsDiff(together[i], each[i]) < 1e-6 * scale, qPrintable(QStringLiteral("frozen %1, tensor %2").arg(frozen).arg(i)));
        }
    }
}

void tst_Decoders::saveAndReload()
{
    LoadedCausalLM loaded = loadCausalFixture("llama-tied");
    loaded.model->enableLoRA({2, 4.0, 0.0, 1}, {"q_proj"});
    {
        torch::NoGradGuard noGrad;
        for (auto &p : loaded.model->loraParameters())
            p.normal_(0, 0.3);
    }
    QTemporaryDir dir;
    const fs::path out = fs::path(dir.path().toStdString()) / "exported";
    auto saved = saveCausalLM(*loaded.model, loaded.config, out);
    QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
    auto config = readJsonFile(out / "config.json");
    QVERIFY(config.ok());
    QCOMPARE((*config)["architectures"][0].get<std::string>(), std::string("LlamaForCausalLM"));
    auto reloaded = loadCausalLM(out);
    QVERIFY2(reloaded.ok(), reloaded.ok() ? "" : reloaded.error().message.c_str());
    QVERIFY(reloaded->report.unexpected.empty()); // tied: no lm_head.weight written
    const torch::Tensor ids = torch::tensor({{4, 8, 15, 16, 23, 42}}, torch::kLong);
    torch::NoGradGuard noGrad;
    QVERIFY(maxAbsDiff(reloaded->model->logits(ids), loaded.model->logits(ids)) < 1e-5);
}

void tst_Decoders::badConfigs_data()
{
    QTest::addColumn<std::string>("field");
    QTest::addColumn<std::string>("json");
    QTest::addColumn<std::string>("message");
    QTest::newRow("rope type") << std::string("rope_scaling") << std::string(R"({"rope_type": "yarn", "factor": 2})")
                               << std::string("supported: default, linear, llama3");
    QTest::newRow("llama3 fields") << std::string("rope_scaling")
                                   << std::string(R"({"rope_type": "llama3", "factor": 8})")
                                   << std::string("low_freq_factor");
    QTest::newRow("kv heads") << std::string("num_key_value_heads") << std::string("3")
                              << std::string("not a multiple of num_key_value_heads");
    QTest::newRow("head dim") << std::string("head_dim") << std::string("16") << std::string("head_dim");
    QTest::newRow("eos") << std::string("eos_token_id") << std::string("[2, 99]") << std::string("outside the vocabulary");
    QTest::newRow("eos type") << std::string("eos_token_id") << std::string(R"("</s>")")
                              << std::string("must be a token id or a list of ids");
}

void tst_Decoders::badConfigs()
{
    QFETCH(std::string, field);
    QFETCH(std::string, json);
    QFETCH(std::string, message);
    nlohmann::json config = tinyLlamaConfig();
    config[field] = nlohmann::json::parse(json);
    auto parsed = parseModelConfig(config, "tiny/config.json");
    QVERIFY(!parsed.ok());
    const std::string &text = parsed.error().message;
    QVERIFY2(text.find("tiny/config.json") != std::string::npos && text.find(message) != std::string::npos,
             text.c_str());

    nlohmann::json qwen = tinyLlamaConfig();
    qwen["model_type"] = "qwen2";
    qwen["use_sliding_window"] = true;
    auto sliding = parseModelConfig(qwen, "q/config.json");
    QVERIFY(!sliding.ok() && sliding.error().message.find("sliding-window") != std::string::npos);
}

void tst_Decoders::encoderIsNotADecoder()
{
    auto loaded = loadCausalLM(modelFixture("bert", "base"));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.find("is an encoder") != std::string::npos, loaded.error().message.c_str());
}

QTEST_GUILESS_MAIN(tst_Decoders)
#include "tst_decoders.moc"

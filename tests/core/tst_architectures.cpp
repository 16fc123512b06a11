// Every registered architecture (rows come from the registry): build from a tiny config, forward
// shapes, parameter counts equal to transformers', save/load round trip, freezing helpers, LoRA.
// Then the loader's handling of bad input: missing config.json, unsupported model_type, invalid
// fields, missing/unexpected tensors, shape mismatches, truncated files, pickles, dtypes, shards.
#include "modeltestsupport.h"

#include "core/io/safetensors.h"
#include "core/models/architecture.h"
#include "core/models/modelloader.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <map>
#include <set>

using namespace hone;
using namespace hone::test;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

struct Batch {
    torch::Tensor ids, mask, types;
};

Batch goldenBatch(const std::string &arch)
{
    const nlohmann::json golden = readGolden(arch);
    return {tensorFromJson(golden["input_ids"], torch::kLong), tensorFromJson(golden["attention_mask"], torch::kLong),
            tensorFromJson(golden["token_type_ids"], torch::kLong)};
}

ModelConfig tinyConfig(const std::string &arch)
{
    auto config = readModelConfig(modelFixture(arch, "classifier") / "config.json");
    if (!config)
        qFatal("%s", config.error().message.c_str());
    return *config;
}

// The fixture's config without dropout, so two ways of computing the same forward can be compared.
ModelConfig tinyConfigWithoutDropout(const std::string &arch)
{
    ModelConfig config = tinyConfig(arch);
    config.hiddenDropout = config.attentionDropout = 0;
    config.classifierDropout = 0;
    return config;
}

// A copy of a fixture folder whose tensors pass through edit(name, tensor) -> keep?; extra added.
fs::path rewriteFixture(const fs::path &from, const fs::path &to,
                        const std::function<bool(const std::string &, torch::Tensor &)> &edit,
                        const std::vector<std::pair<std::string, torch::Tensor>> &extra = {}, DType dtype = DType::F32)
{
    copyFolder(from, to);
    auto file = SafetensorsFile::open(from / "model.safetensors");
    if (!file)
        qFatal("%s", file.error().message.c_str());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto &info : file->tensors()) {
        torch::Tensor t = torch::empty(info.shape, torch::kFloat);
        std::memcpy(t.data_ptr(), file->data(info), info.end - info.begin);
        if (edit(info.name, t))
            tensors.emplace_back(info.name, t);
    }
    tensors.insert(tensors.end(), extra.begin(), extra.end());
    const torch::ScalarType type = dtype == DType::F16 ? torch::kHalf : dtype == DType::BF16 ? torch::kBFloat16 : torch::kFloat;
    std::vector<torch::Tensor> keep;
    std::vector<TensorView> views;
    for (auto &[name, t] : tensors) {
        keep.push_back(t.to(type).contiguous());
        views.push_back({name, dtype, keep.back().sizes().vec(), keep.back().data_ptr(),
                         static_cast<std::size_t>(keep.back().numel() * keep.back().element_size())});
    }
    if (auto r = writeSafetensors(to / "model.safetensors", views); !r)
        qFatal("%s", r.error().message.c_str());
    return to;
}

std::int64_t countParameters(torch::nn::Module &m)
{
    std::int64_t n = 0;
    for (const auto &p : m.parameters())
        n += p.numel();
    return n;
}

std::string message(const Error &e)
{
    return e.message;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class tst_Architectures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registry();
    void buildAndForward_data();
    void buildAndForward();
    void skipPaddingMatchesPadded_data();
    void skipPaddingMatchesPadded();
    void firstTokenMatchesEveryToken_data();
    void firstTokenMatchesEveryToken();
    void saveLoadRoundTrip_data();
    void saveLoadRoundTrip();
    void freezingHelpers_data();
    void freezingHelpers();
    void lora_data();
    void lora();
    void noDecayNames();

    void missingConfig();
    void unsupportedModelType();
    void invalidConfig_data();
    void invalidConfig();
    void missingEncoderTensor();
    void unexpectedTensor();
    void shapeMismatch();
    void truncatedSafetensors();
    void refusesPickle();
    void baseCheckpointGetsNewHead_data();
    void baseCheckpointGetsNewHead();
    void otherLabelCountReinitialisesHead();
    void halfPrecisionCheckpoints_data();
    void halfPrecisionCheckpoints();
    void shardedCheckpoint();
    void tokenizerFilesCopied();
};

void tst_Architectures::registry()
{
    std::set<std::string> names, types;
    for (const auto &a : architectures()) {
        QVERIFY(names.insert(a.name).second);
        for (const auto &t : a.modelTypes)
            QVERIFY2(types.insert(t).second, t.c_str());
        if (a.isDecoder()) // tst_decoders covers them
            continue;
        QVERIFY(a.parseFields && a.create);
        QVERIFY(!a.basePrefix.empty() && !a.classifierClass.empty() && !a.loraTargets.empty());
        QVERIFY2(fs::exists(goldenPath(a.name + ".json")), a.name.c_str());
        QVERIFY2(fs::exists(modelFixture(a.name, "classifier") / "model.safetensors"), a.name.c_str());
        auto found = findArchitecture(a.modelTypes.front());
        QVERIFY(found.ok() && *found == &a);
    }
    QCOMPARE(supportedModelTypes(), std::string("albert, bert, distilbert, gpt2, llama, qwen2, roberta, xlm-roberta"));
}

void tst_Architectures::buildAndForward_data()
{
    QTest::addColumn<std::string>("arch");
    for (const auto &a : architectures())
        if (!a.isDecoder())
            QTest::newRow(a.name.c_str()) << a.name;
}

void tst_Architectures::buildAndForward()
{
    QFETCH(std::string, arch);
    const ModelConfig config = tinyConfig(arch);
    const nlohmann::json golden = readGolden(arch);
    const Batch batch = goldenBatch(arch);

    auto classifier = createModel(config, ModelHead::SequenceClassification, 3, 11);
    QVERIFY2(classifier.ok(), classifier.ok() ? "" : classifier.error().message.c_str());
    auto encoder = createModel(config, ModelHead::None, 0, 11);
    QVERIFY(encoder.ok());
    // The same counts as transformers' ForSequenceClassification and base model (AutoModel).
    QCOMPARE(countParameters(**classifier), golden["classifier_parameters"].get<std::int64_t>());
    QCOMPARE(countParameters(**encoder), golden["base_parameters"].get<std::int64_t>());
    QCOMPARE((*classifier)->numLayers(), golden["num_hidden_layers"].get<int>());

    (*classifier)->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor hidden = (*classifier)->hiddenStates(batch.ids, batch.mask, batch.types);
    QCOMPARE(hidden.sizes().vec(), (std::vector<std::int64_t>{3, 9, config.hiddenSize}));
    QVERIFY(torch::isfinite(hidden).all().item<bool>());
    const torch::Tensor logits = (*classifier)->logits(batch.ids, batch.mask, batch.types);
    QCOMPARE(logits.sizes().vec(), (std::vector<std::int64_t>{3, 3}));
    // Undefined mask and token types mean all ones / all zeros.
    const torch::Tensor row = batch.ids[0].unsqueeze(0);
    QVERIFY(maxAbsDiff((*classifier)->hiddenStates(row, {}, {}),
                       (*classifier)->hiddenStates(row, torch::ones_like(row), torch::zeros_like(row))) == 0);
    // Too long for the position table: a clear torch error, not a crash.
    const torch::Tensor tooLong = torch::full({1, config.maxPositions + 1}, 10, torch::kLong);
    QVERIFY_EXCEPTION_THROWN((*classifier)->hiddenStates(tooLong, {}, {}), c10::Error);
    // Without a head, logits() is refused.
    QVERIFY_EXCEPTION_THROWN((*encoder)->logits(row, {}, {}), c10::Error);
    // Same seed, same weights.
    auto again = createModel(config, ModelHead::SequenceClassification, 3, 11);
    (*again)->eval();
    QCOMPARE(maxAbsDiff((*again)->logits(batch.ids, batch.mask, batch.types), logits), 0.0);
}

void tst_Architectures::skipPaddingMatchesPadded_data()
{
    buildAndForward_data();
}

// Computing on the real tokens only (TokenLayout) gives the padded computation's states for them,
// zeros at padding, and the same gradients: what training relies on.
void tst_Architectures::skipPaddingMatchesPadded()
{
    QFETCH(std::string, arch);
    const ModelConfig config = tinyConfigWithoutDropout(arch);
    const Batch batch = goldenBatch(arch);
    QVERIFY(batch.mask.eq(0).any().item<bool>()); // the golden batch has padding to skip

    auto model = createModel(config, ModelHead::SequenceClassification, 3, 5);
    QVERIFY(model.ok());
    EncoderClassifier &m = **model;
    m.train();
    const torch::Tensor real = batch.mask.to(torch::kBool);
    const torch::Tensor dense = m.encode(batch.ids, batch.mask, batch.types, false, EncoderOutputs::EveryToken);
    const torch::Tensor packed = m.encode(batch.ids, batch.mask, batch.types, true, EncoderOutputs::EveryToken);
    QCOMPARE(packed.sizes().vec(), dense.sizes().vec());
    QVERIFY(maxAbsDiff(packed.index({real}), dense.index({real})) < 1e-5);
    QCOMPARE(packed.index({real.logical_not()}).abs().max().item<double>(), 0.0);

    auto gradients = [&](bool skipPadding) {
        m.zero_grad();
        m.classify(m.encode(batch.ids, batch.mask, batch.types, skipPadding, EncoderOutputs::EveryToken)).pow(2).sum().backward();
        return gradientsOf(m);
    };
    const auto denseGrads = gradients(false), packedGrads = gradients(true);
    QCOMPARE(packedGrads.size(), denseGrads.size());
    double worst = 0;
    for (std::size_t i = 0; i < denseGrads.size(); ++i)
        worst = std::max(worst, maxAbsDiff(packedGrads[i], denseGrads[i]));
    QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("max gradient difference %1").arg(worst)));
    // Without padding there is nothing to skip: the dense path, bit for bit.
    const torch::Tensor row = batch.ids[0].unsqueeze(0);
    QCOMPARE(maxAbsDiff(m.encode(row, torch::ones_like(row), {}, true, EncoderOutputs::EveryToken),
                        m.encode(row, torch::ones_like(row), {}, false, EncoderOutputs::EveryToken)),
             0.0);
}

void tst_Architectures::firstTokenMatchesEveryToken_data()
{
    buildAndForward_data();
}

// A head reads the first token alone, so the last layer computes only its row (with every token's
// keys and values): the same first-token states, logits and gradients as computing every token,
// padded or packed, and when a sequence starts with padding (left-padded) the full computation.
void tst_Architectures::firstTokenMatchesEveryToken()
{
    QFETCH(std::string, arch);
    const ModelConfig config = tinyConfigWithoutDropout(arch);
    const Batch batch = goldenBatch(arch);
    auto model = createModel(config, ModelHead::SequenceClassification, 3, 5);
    QVERIFY(model.ok());
    EncoderClassifier &m = **model;
    m.train();
    const torch::Tensor leftPadded = batch.mask.flip({1}); // position 0 is padding in some rows
    QVERIFY(leftPadded.select(1, 0).eq(0).any().item<bool>());
    for (const torch::Tensor &mask : {batch.mask, leftPadded})
        for (const bool skipPadding : {false, true}) {
            const QString where = QString::fromLatin1(skipPadding ? "packed" : "padded") +
                                  QString::fromLatin1(mask.equal(batch.mask) ? ", right padding" : ", left padding");
            // The last layer computes first-token rows alone unless a packed row has no real first token.
            const bool leftPacked = skipPadding && !mask.equal(batch.mask);
            QCOMPARE(AttentionBatch::of(batch.ids, mask, skipPadding, torch::kFloat32)
                         .lastLayer(EncoderOutputs::FirstToken)
                         .firstTokenQueries,
                     !leftPacked);
            const torch::Tensor all = m.encode(batch.ids, mask, batch.types, skipPadding, EncoderOutputs::EveryToken);
            const torch::Tensor first = m.encode(batch.ids, mask, batch.types, skipPadding, EncoderOutputs::FirstToken);
            QCOMPARE(first.sizes().vec(), (std::vector<std::int64_t>{all.size(0), 1, all.size(2)}));
            QVERIFY2(maxAbsDiff(first, all.narrow(1, 0, 1)) < 1e-5, qPrintable(where));
            auto gradients = [&](EncoderOutputs outputs) {
                m.zero_grad();
                m.classify(m.encode(batch.ids, mask, batch.types, skipPadding, outputs)).pow(2).sum().backward();
                return gradientsOf(m);
            };
            const auto allGrads = gradients(EncoderOutputs::EveryToken), firstGrads = gradients(EncoderOutputs::FirstToken);
            double worst = 0;
            for (std::size_t i = 0; i < allGrads.size(); ++i)
                worst = std::max(worst, maxAbsDiff(firstGrads[i], allGrads[i]));
            QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("%1: max gradient difference %2").arg(where).arg(worst)));
        }
    // logits() is the first-token path.
    m.eval();
    torch::NoGradGuard noGrad;
    QVERIFY(maxAbsDiff(m.logits(batch.ids, batch.mask, batch.types),
                       m.classify(m.encode(batch.ids, batch.mask, batch.types, true, EncoderOutputs::EveryToken))) < 1e-5);
}

void tst_Architectures::saveLoadRoundTrip_data()
{
    buildAndForward_data();
}

void tst_Architectures::saveLoadRoundTrip()
{
    QFETCH(std::string, arch);
    const ArchitectureInfo *info = *findArchitecture(tinyConfig(arch).modelType);
    const ModelConfig config = tinyConfig(arch);
    const Batch batch = goldenBatch(arch);
    auto model = createModel(config, ModelHead::SequenceClassification, 4, 5);
    QVERIFY(model.ok());
    (*model)->eval();
    QTemporaryDir tmp;
    const fs::path out = fs::path(tmp.path().toStdString()) / "export";
    const std::vector<std::string> labels = {"a", "b", "c", "d"};
    auto saved = saveClassifier(**model, config, labels, out);
    QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());

    auto json = readJsonFile(out / "config.json");
    QVERIFY(json.ok());
    QCOMPARE((*json)["architectures"][0].get<std::string>(), info->classifierClass);
    QCOMPARE((*json)["id2label"]["3"].get<std::string>(), std::string("d"));
    QCOMPARE((*json)["label2id"]["b"].get<int>(), 1);
    QCOMPARE((*json)["num_labels"].get<int>(), 4);
    QVERIFY((*json)["vocab_size"] == config.raw["vocab_size"]); // the rest comes from the source config

    auto loaded = loadClassifier(out);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QVERIFY(loaded->report.missing.empty() && loaded->report.unexpected.empty() && loaded->report.newlyInitialised.empty());
    QCOMPARE(loaded->labels, labels);
    torch::NoGradGuard noGrad;
    QCOMPARE(maxAbsDiff(loaded->model->logits(batch.ids, batch.mask, batch.types),
                        (*model)->logits(batch.ids, batch.mask, batch.types)),
             0.0);
    // Saving needs a head and a name per label.
    QVERIFY(!saveClassifier(**model, config, {"a"}, out).ok());
}

void tst_Architectures::freezingHelpers_data()
{
    buildAndForward_data();
}

void tst_Architectures::freezingHelpers()
{
    QFETCH(std::string, arch);
    auto model = createModel(tinyConfig(arch), ModelHead::SequenceClassification, 3, 1);
    QVERIFY(model.ok());
    EncoderClassifier &m = **model;
    std::set<const void *> covered;
    auto add = [&](const std::vector<torch::Tensor> &ps) {
        for (const auto &p : ps)
            covered.insert(p.unsafeGetTensorImpl());
    };
    QVERIFY(!m.embeddingParameters().empty());
    add(m.embeddingParameters());
    for (int i = 0; i < m.numLayers(); ++i) {
        QVERIFY(!m.layerParameters(i).empty());
        add(m.layerParameters(i));
    }
    QVERIFY(!m.headParameters().empty());
    add(m.headParameters());
    // Embeddings + layers + head = every parameter.
    QCOMPARE(covered.size(), m.parameters().size());
    QVERIFY_EXCEPTION_THROWN(m.layerParameters(m.numLayers()), c10::Error);
}

void tst_Architectures::lora_data()
{
    buildAndForward_data();
}

void tst_Architectures::lora()
{
    QFETCH(std::string, arch);
    const ArchitectureInfo *info = *findArchitecture(tinyConfig(arch).modelType);
    const Batch batch = goldenBatch(arch);
    // The fixture's weights (large, seeded) rather than HF's 0.02 init, so one step visibly moves the output.
    auto created = loadClassifier(modelFixture(arch, "classifier"));
    QVERIFY(created.ok());
    EncoderClassifier &m = *created->model;
    m.eval();
    const std::size_t baseCount = m.parameters().size();
    torch::Tensor before;
    {
        torch::NoGradGuard noGrad;
        before = m.logits(batch.ids, batch.mask, batch.types);
    }
    const auto targets = m.loraTargets();
    QVERIFY(!targets.empty());
    for (const auto &[name, projection] : targets) {
        const std::string leaf = name.substr(name.rfind('.') + 1);
        QVERIFY2(std::find(info->loraTargets.begin(), info->loraTargets.end(), leaf) != info->loraTargets.end(), name.c_str());
    }
    m.enableLoRA(LoraOptions{4, 8.0, 0.0, 9});
    QVERIFY(m.hasLoRA());
    QCOMPARE(m.loraParameters().size(), targets.size() * 2);
    QCOMPARE(m.parameters().size(), baseCount + targets.size() * 2);
    bool named = false;
    for (const auto &item : m.named_parameters())
        named = named || (item.key().find(".lora_A.weight") != std::string::npos &&
                          item.value().sizes().vec() == std::vector<std::int64_t>{4, tinyConfig(arch).hiddenSize});
    QVERIFY(named);
    {
        torch::NoGradGuard noGrad;
        QCOMPARE(maxAbsDiff(m.logits(batch.ids, batch.mask, batch.types), before), 0.0); // B = 0
    }
    // One step on the adapters only changes the output.
    for (auto &p : m.parameters())
        p.set_requires_grad(false);
    for (auto &p : m.loraParameters())
        p.set_requires_grad(true);
    torch::optim::SGD sgd(m.loraParameters(), torch::optim::SGDOptions(0.5));
    const torch::Tensor loss = torch::cross_entropy_loss(m.logits(batch.ids, batch.mask, batch.types),
                                                         torch::tensor({0, 1, 2}, torch::kLong));
    loss.backward();
    sgd.step();
    torch::NoGradGuard noGrad;
    const torch::Tensor trained = m.logits(batch.ids, batch.mask, batch.types);
    QVERIFY(maxAbsDiff(trained, before) > 1e-6);
    // Export folds the adapters in without touching the module; merge gives identical outputs.
    const auto exported = m.exportTensors();
    QCOMPARE(exported.size(), baseCount);
    for (const auto &[name, t] : exported)
        QVERIFY2(name.find("lora_") == std::string::npos, name.c_str());
    QVERIFY(m.hasLoRA());
    m.mergeLoRA();
    QVERIFY(!m.hasLoRA());
    QVERIFY(m.loraParameters().empty());
    QCOMPARE(m.parameters().size(), baseCount);
    QVERIFY(maxAbsDiff(m.logits(batch.ids, batch.mask, batch.types), trained) < 1e-5);
    for (const auto &[name, t] : exported) {
        torch::Tensor now;
        for (const auto &item : m.named_parameters())
            if (item.key() == name)
                now = item.value();
        QVERIFY2(now.defined() && maxAbsDiff(now, t) < 1e-6, name.c_str());
    }
}

void tst_Architectures::noDecayNames()
{
    QVERIFY(isNoDecayParameter("bert.encoder.layer.0.attention.self.query.bias"));
    QVERIFY(isNoDecayParameter("bert.embeddings.LayerNorm.weight"));
    QVERIFY(isNoDecayParameter("distilbert.transformer.layer.1.sa_layer_norm.weight"));
    QVERIFY(isNoDecayParameter("distilbert.transformer.layer.1.output_layer_norm.weight"));
    QVERIFY(isNoDecayParameter("albert.encoder.albert_layer_groups.0.albert_layers.0.full_layer_layer_norm.weight"));
    QVERIFY(!isNoDecayParameter("bert.encoder.layer.0.attention.self.query.weight"));
    QVERIFY(!isNoDecayParameter("classifier.weight"));
    QVERIFY(!isNoDecayParameter("bert.embeddings.word_embeddings.weight"));
    QVERIFY(!isNoDecayParameter("bert.encoder.layer.0.attention.self.query.lora_A.weight"));
}

void tst_Architectures::missingConfig()
{
    QTemporaryDir tmp;
    auto r = loadClassifier(tmp.path().toStdString(), {3, {}, 1});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::NotFound);
    QVERIFY2(contains(message(r.error()), "config.json: missing"), message(r.error()).c_str());
}

void tst_Architectures::unsupportedModelType()
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    writeText(dir / "config.json", R"({"model_type": "t5", "d_model": 32})");
    auto r = loadEncoder(dir);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    const std::string text = message(r.error());
    QVERIFY2(contains(text, "config.json") && contains(text, "\"t5\"") &&
                 contains(text, "albert, bert, distilbert, gpt2, llama, qwen2, roberta, xlm-roberta"),
             text.c_str());
}

void tst_Architectures::invalidConfig_data()
{
    QTest::addColumn<std::string>("arch");
    QTest::addColumn<std::string>("field");
    QTest::addColumn<std::string>("value"); // JSON; empty: remove the field
    QTest::addColumn<std::string>("expected");
    QTest::newRow("bert missing hidden_size") << std::string("bert") << std::string("hidden_size") << std::string()
                                              << std::string("field \"hidden_size\" is missing");
    QTest::newRow("bert heads not a number") << std::string("bert") << std::string("num_attention_heads")
                                             << std::string("\"four\"") << std::string("field \"num_attention_heads\" must be an integer");
    QTest::newRow("bert heads do not divide") << std::string("bert") << std::string("num_attention_heads")
                                              << std::string("5") << std::string("not divisible");
    QTest::newRow("bert negative layers") << std::string("bert") << std::string("num_hidden_layers") << std::string("-1")
                                          << std::string("field \"num_hidden_layers\" is -1");
    QTest::newRow("bert dropout > 1") << std::string("bert") << std::string("hidden_dropout_prob") << std::string("1.5")
                                      << std::string("field \"hidden_dropout_prob\" is 1.5");
    QTest::newRow("bert unknown activation") << std::string("bert") << std::string("hidden_act")
                                             << std::string("\"mish2\"") << std::string("activation \"mish2\"");
    QTest::newRow("bert relative positions") << std::string("bert") << std::string("position_embedding_type")
                                             << std::string("\"relative_key\"") << std::string("position_embedding_type");
    QTest::newRow("bert id2label gap") << std::string("bert") << std::string("id2label")
                                       << std::string(R"({"0": "a", "2": "c"})") << std::string("no label for id 1");
    QTest::newRow("bert model_type number") << std::string("bert") << std::string("model_type") << std::string("3")
                                            << std::string("field \"model_type\" must be a string");
    QTest::newRow("distilbert missing dim") << std::string("distilbert") << std::string("dim") << std::string()
                                            << std::string("field \"dim\" is missing");
    QTest::newRow("albert groups > layers") << std::string("albert") << std::string("num_hidden_groups")
                                            << std::string("9") << std::string("field \"num_hidden_groups\"");
    QTest::newRow("roberta pad outside vocab") << std::string("roberta") << std::string("pad_token_id")
                                               << std::string("1000") << std::string("pad_token_id");
}

void tst_Architectures::invalidConfig()
{
    QFETCH(std::string, arch);
    QFETCH(std::string, field);
    QFETCH(std::string, value);
    QFETCH(std::string, expected);
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture(arch, "classifier"), dir);
    auto json = readJsonFile(dir / "config.json");
    QVERIFY(json.ok());
    if (value.empty())
        json->erase(field);
    else
        (*json)[field] = nlohmann::json::parse(value);
    writeText(dir / "config.json", json->dump());
    auto r = loadClassifier(dir);
    QVERIFY(!r.ok());
    const std::string text = message(r.error());
    QVERIFY2(contains(text, "config.json") && contains(text, expected), text.c_str());
}

void tst_Architectures::missingEncoderTensor()
{
    QTemporaryDir tmp;
    const fs::path dir = rewriteFixture(modelFixture("bert", "classifier"), fs::path(tmp.path().toStdString()) / "m",
                                        [](const std::string &name, torch::Tensor &) {
                                            return name != "bert.encoder.layer.1.output.dense.weight";
                                        });
    auto r = loadClassifier(dir);
    QVERIFY(!r.ok());
    const std::string text = message(r.error());
    QVERIFY2(contains(text, "model.safetensors") && contains(text, "bert.encoder.layer.1.output.dense.weight") &&
                 contains(text, "missing"),
             text.c_str());
}

void tst_Architectures::unexpectedTensor()
{
    QTemporaryDir tmp;
    const fs::path dir = rewriteFixture(modelFixture("distilbert", "classifier"), fs::path(tmp.path().toStdString()) / "m",
                                        [](const std::string &, torch::Tensor &) { return true; },
                                        {{"vocab_projector.bias", torch::zeros({100})}});
    auto r = loadClassifier(dir);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->report.unexpected, std::vector<std::string>{"vocab_projector.bias"});
    QVERIFY(r->report.missing.empty());
}

void tst_Architectures::shapeMismatch()
{
    QTemporaryDir tmp;
    const fs::path dir = rewriteFixture(modelFixture("roberta", "classifier"), fs::path(tmp.path().toStdString()) / "m",
                                        [](const std::string &name, torch::Tensor &t) {
                                            if (name == "roberta.encoder.layer.0.intermediate.dense.weight")
                                                t = torch::zeros({40, 32});
                                            return true;
                                        });
    auto r = loadClassifier(dir);
    QVERIFY(!r.ok());
    const std::string text = message(r.error());
    QVERIFY2(contains(text, "roberta.encoder.layer.0.intermediate.dense.weight") && contains(text, "[40, 32]") &&
                 contains(text, "[48, 32]"),
             text.c_str());
}

void tst_Architectures::truncatedSafetensors()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture("bert", "base"), dir);
    fs::resize_file(dir / "model.safetensors", fs::file_size(dir / "model.safetensors") - 100);
    auto r = loadEncoder(dir);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Format);
    QVERIFY2(contains(message(r.error()), "model.safetensors"), message(r.error()).c_str());
}

void tst_Architectures::refusesPickle()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture("bert", "base"), dir);
    fs::remove(dir / "model.safetensors");
    writeText(dir / "pytorch_model.bin", "not really a pickle");
    auto r = loadEncoder(dir);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    QVERIFY2(contains(message(r.error()), "safetensors"), message(r.error()).c_str());
}

void tst_Architectures::baseCheckpointGetsNewHead_data()
{
    buildAndForward_data();
}

void tst_Architectures::baseCheckpointGetsNewHead()
{
    QFETCH(std::string, arch);
    const nlohmann::json golden = readGolden(arch);
    const Batch batch = goldenBatch(arch);
    auto r = loadClassifier(modelFixture(arch, "base"), {2, {"no", "yes"}, 1234});
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(!r->report.checkpointHasPrefix);
    QVERIFY(!r->report.newlyInitialised.empty());
    QCOMPARE(r->report.missing, r->report.newlyInitialised);
    for (const auto &name : r->report.newlyInitialised)
        QVERIFY2(r->model->isHeadParameter(name), name.c_str());
    // RoBERTa's base model has a pooler its classifier lacks: reported, not loaded.
    if (r->architecture->basePrefix == "roberta")
        QVERIFY(std::find(r->report.unexpected.begin(), r->report.unexpected.end(), "pooler.dense.weight") !=
                r->report.unexpected.end());
    else
        QVERIFY(r->report.unexpected.empty());
    torch::NoGradGuard noGrad;
    // The encoder is the checkpoint's ...
    QVERIFY(maxAbsDiff(r->model->hiddenStates(batch.ids, batch.mask, batch.types),
                       tensorFromJson(golden["last_hidden_state"], torch::kFloat)) < 1e-4);
    // ... the head is HF's initialisation: normal(0, initializer_range) weights, zero biases, seeded.
    for (const auto &item : r->model->named_parameters()) {
        if (item.key() == "classifier.bias" || item.key() == "classifier.out_proj.bias")
            QCOMPARE(item.value().abs().max().item<float>(), 0.0f);
        if (item.key() == "classifier.weight" || item.key() == "classifier.out_proj.weight") {
            const double sd = item.value().std().item<double>();
            QVERIFY2(sd > 0.005 && sd < 0.05, qPrintable(QString::number(sd)));
        }
    }
    auto same = loadClassifier(modelFixture(arch, "base"), {2, {"no", "yes"}, 1234});
    auto other = loadClassifier(modelFixture(arch, "base"), {2, {"no", "yes"}, 99});
    const torch::Tensor logits = r->model->logits(batch.ids, batch.mask, batch.types);
    QCOMPARE(maxAbsDiff(same->model->logits(batch.ids, batch.mask, batch.types), logits), 0.0);
    QVERIFY(maxAbsDiff(other->model->logits(batch.ids, batch.mask, batch.types), logits) > 0);
    // A config without id2label/num_labels: the labels must be given.
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture(arch, "base"), dir);
    auto json = readJsonFile(dir / "config.json");
    QVERIFY(json.ok());
    json->erase("id2label");
    json->erase("label2id");
    json->erase("num_labels");
    writeText(dir / "config.json", json->dump());
    auto noLabels = loadClassifier(dir);
    QVERIFY(!noLabels.ok());
    QVERIFY2(contains(message(noLabels.error()), "id2label"), message(noLabels.error()).c_str());
}

void tst_Architectures::otherLabelCountReinitialisesHead()
{
    auto r = loadClassifier(modelFixture("bert", "classifier"), {5, {}, 1});
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r->model->numLabels(), 5);
    QCOMPARE(r->report.mismatchedHead, (std::vector<std::string>{"classifier.weight", "classifier.bias"}));
    QCOMPARE(r->labels.size(), std::size_t(5));
    QCOMPARE(r->labels[4], std::string("LABEL_4"));
}

void tst_Architectures::halfPrecisionCheckpoints_data()
{
    QTest::addColumn<int>("dtype");
    QTest::newRow("F16") << static_cast<int>(DType::F16);
    QTest::newRow("BF16") << static_cast<int>(DType::BF16);
}

void tst_Architectures::halfPrecisionCheckpoints()
{
    QFETCH(int, dtype);
    const torch::ScalarType type = static_cast<DType>(dtype) == DType::F16 ? torch::kHalf : torch::kBFloat16;
    QTemporaryDir tmp;
    const fs::path dir = rewriteFixture(modelFixture("bert", "classifier"), fs::path(tmp.path().toStdString()) / "m",
                                        [](const std::string &, torch::Tensor &) { return true; }, {},
                                        static_cast<DType>(dtype));
    auto half = loadClassifier(dir);
    QVERIFY2(half.ok(), half.ok() ? "" : half.error().message.c_str());
    auto full = loadClassifier(modelFixture("bert", "classifier"));
    QVERIFY(full.ok());
    std::map<std::string, torch::Tensor> reference;
    for (const auto &item : full->model->named_parameters())
        reference[item.key()] = item.value();
    for (const auto &item : half->model->named_parameters()) {
        QCOMPARE(item.value().scalar_type(), torch::kFloat);
        const torch::Tensor rounded = reference.at(item.key()).to(type).to(torch::kFloat);
        QVERIFY2(maxAbsDiff(item.value(), rounded) == 0, item.key().c_str());
    }
}

void tst_Architectures::shardedCheckpoint()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture("albert", "classifier"), dir);
    auto file = SafetensorsFile::open(modelFixture("albert", "classifier") / "model.safetensors");
    QVERIFY(file.ok());
    std::vector<TensorView> shards[2];
    nlohmann::json weightMap = nlohmann::json::object();
    for (std::size_t i = 0; i < file->tensors().size(); ++i) {
        const TensorInfo &info = file->tensors()[i];
        const int s = i % 2;
        shards[s].push_back({info.name, info.dtype, info.shape, file->data(info), info.end - info.begin});
        weightMap[info.name] = "model-0000" + std::to_string(s + 1) + "-of-00002.safetensors";
    }
    QVERIFY(writeSafetensors(dir / "model-00001-of-00002.safetensors", shards[0]).ok());
    QVERIFY(writeSafetensors(dir / "model-00002-of-00002.safetensors", shards[1]).ok());
    writeText(dir / "model.safetensors.index.json", nlohmann::json{{"metadata", nlohmann::json::object()}, {"weight_map", weightMap}}.dump());
    fs::remove(dir / "model.safetensors");
    auto sharded = loadClassifier(dir);
    QVERIFY2(sharded.ok(), sharded.ok() ? "" : sharded.error().message.c_str());
    QCOMPARE(sharded->report.files.size(), std::size_t(2));
    auto single = loadClassifier(modelFixture("albert", "classifier"));
    const Batch batch = goldenBatch("albert");
    torch::NoGradGuard noGrad;
    QCOMPARE(maxAbsDiff(sharded->model->logits(batch.ids, batch.mask, batch.types),
                        single->model->logits(batch.ids, batch.mask, batch.types)),
             0.0);
}

void tst_Architectures::tokenizerFilesCopied()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "m";
    copyFolder(modelFixture("bert", "base"), dir);
    writeText(dir / "vocab.txt", "[PAD]\n[UNK]\n");
    writeText(dir / "tokenizer_config.json", "{}");
    const fs::path out = fs::path(tmp.path().toStdString()) / "out";
    auto copied = copyTokenizerFiles(dir, out);
    QVERIFY2(copied.ok(), copied.ok() ? "" : copied.error().message.c_str());
    QCOMPARE(copied->size(), std::size_t(2));
    QVERIFY(fs::exists(out / "vocab.txt") && fs::exists(out / "tokenizer_config.json"));
    QVERIFY(!fs::exists(out / "model.safetensors"));
}

QTEST_GUILESS_MAIN(tst_Architectures)
#include "tst_architectures.moc"

// Causal LMs loaded from GGUF files. Unit: the tiny decoder fixtures written as F32 GGUF files
// (llama.cpp's names, metadata and Q/K row order) load back with the same logits as their Hugging
// Face folders, and bad files (unknown architecture, a missing key or tensor, a shape the metadata
// contradicts) fail naming the file and the key or tensor. Model (smolLM2): SmolLM2-135M-Instruct
// Q4_1 against transformers loading the same file (tools/make_decoder_goldens.py --smollm2):
// token ids, last-position logits within 1e-3 and identical greedy continuations.
#include "modeltestsupport.h"

#include "core/io/gguf.h"
#include "core/io/modelfolder.h"
#include "core/models/causallmloader.h"
#include "core/models/textgenerator.h"
#include "core/text/chattemplate.h"
#include "core/util/paths.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace hone;
using namespace hone::test;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

using Metadata = std::vector<std::pair<std::string, GgufValue>>;

// llama.cpp's metadata for a loaded Hugging Face config.
Metadata ggufMetadata(const ModelConfig &c)
{
    const std::string a = c.modelType;
    Metadata m = {{"general.architecture", GgufValue::fromString(a)},
                  {a + ".context_length", GgufValue::fromU32(static_cast<std::uint32_t>(c.maxPositions))},
                  {a + ".embedding_length", GgufValue::fromU32(static_cast<std::uint32_t>(c.hiddenSize))},
                  {a + ".block_count", GgufValue::fromU32(static_cast<std::uint32_t>(c.numLayers))},
                  {a + ".feed_forward_length", GgufValue::fromU32(static_cast<std::uint32_t>(c.intermediateSize))},
                  {a + ".attention.head_count", GgufValue::fromU32(static_cast<std::uint32_t>(c.numHeads))}};
    if (a == "gpt2") {
        m.push_back({a + ".attention.layer_norm_epsilon", GgufValue::fromF32(static_cast<float>(c.layerNormEps))});
        return m;
    }
    m.push_back({a + ".attention.head_count_kv", GgufValue::fromU32(static_cast<std::uint32_t>(c.kvHeads()))});
    m.push_back({a + ".attention.layer_norm_rms_epsilon", GgufValue::fromF32(static_cast<float>(c.layerNormEps))});
    m.push_back({a + ".rope.freq_base", GgufValue::fromF32(static_cast<float>(c.ropeTheta))});
    if (c.ropeScaling.type == "linear") {
        m.push_back({a + ".rope.scaling.type", GgufValue::fromString("linear")});
        m.push_back({a + ".rope.scaling.factor", GgufValue::fromF32(static_cast<float>(c.ropeScaling.factor))});
    }
    return m;
}

struct GgufTensors {
    std::vector<FloatTensor> storage;
    std::vector<GgufTensorToWrite> tensors;
};

// The model's tensors under llama.cpp's names and layout, as F32.
GgufTensors ggufTensors(CausalLM &model, const ModelConfig &c)
{
    GgufTensors out;
    const auto named = model.exportTensors();
    out.storage.reserve(named.size());
    for (const auto &[name, tensor] : named) {
        FloatTensor t;
        t.shape = tensor.sizes().vec();
        t.data.assign(tensor.data_ptr<float>(), tensor.data_ptr<float>() + tensor.numel());
        if (auto r = convertTensorLayout(c.modelType, name, t, c.numHeads, c.kvHeads(), true); !r)
            qFatal("%s", r.error().message.c_str());
        out.storage.push_back(std::move(t));
        const std::string ggufName = ggufTensorName(c.modelType, name);
        if (ggufName.empty())
            qFatal("no llama.cpp name for %s", name.c_str());
        out.tensors.push_back({ggufName, GgmlType::F32, out.storage.back().shape, out.storage.back().data.data()});
    }
    return out;
}

LoadedCausalLM loadOrFail(const fs::path &path)
{
    auto loaded = loadCausalLM(path);
    if (!loaded)
        qFatal("%s", loaded.error().message.c_str());
    return std::move(loaded).value();
}

std::string errorOf(const Result<LoadedCausalLM> &r)
{
    return r ? std::string("(loaded)") : r.error().message;
}

} // namespace

class tst_GgufModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void badFiles_data();
    void badFiles();
    void smolLM2();
};

void tst_GgufModel::roundTrip_data()
{
    QTest::addColumn<std::string>("fixture");
    for (const char *name : {"llama-tied", "qwen2", "gpt2"})
        QTest::newRow(name) << std::string(name);
}

void tst_GgufModel::roundTrip()
{
    QFETCH(std::string, fixture);
    LoadedCausalLM folder = loadOrFail(modelFixture(fixture, "causal"));
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / (fixture + ".gguf");
    GgufTensors tensors = ggufTensors(*folder.model, folder.config);
    QVERIFY(writeGguf(file, ggufMetadata(folder.config), tensors.tensors).ok());

    QVERIFY(isGgufFile(file));
    LoadedCausalLM gguf = loadOrFail(file);
    QCOMPARE(gguf.path, file);
    QCOMPARE(gguf.config.modelType, folder.config.modelType);
    QCOMPARE(gguf.config.hiddenSize, folder.config.hiddenSize);
    QCOMPARE(gguf.config.kvHeads(), folder.config.kvHeads());
    QCOMPARE(gguf.config.tieWordEmbeddings, folder.config.tieWordEmbeddings);
    QCOMPARE(gguf.config.ropeScaling.type, folder.config.ropeScaling.type);
    QVERIFY(gguf.report.unexpected.empty());

    const torch::Tensor ids = torch::tensor({{5, 17, 3, 99, 42, 7, 64, 11}}, torch::kLong);
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = folder.model->logits(ids);
    const torch::Tensor actual = gguf.model->logits(ids);
    const double diff = (expected - actual).abs().max().item<double>();
    QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("max |logit difference| %1").arg(diff)));
}

void tst_GgufModel::badFiles_data()
{
    QTest::addColumn<std::string>("change");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("unknown architecture") << std::string("arch") << std::string("GGUF architecture \"mamba\" is not supported");
    QTest::newRow("missing key") << std::string("no-block-count") << std::string("llama.block_count");
    QTest::newRow("missing tensor") << std::string("no-tensor") << std::string("blk.1.ffn_down.weight");
    QTest::newRow("shape mismatch") << std::string("ffn-length") << std::string("tensor \"blk.0.ffn_gate.weight\"");
    QTest::newRow("rope factors") << std::string("rope-freqs") << std::string("tensor \"rope_freqs.weight\"");
    QTest::newRow("heads") << std::string("heads") << std::string("not divisible by llama.attention.head_count (3)");
    QTest::newRow("kv heads") << std::string("kv-heads") << std::string("not a multiple of llama.attention.head_count_kv (3)");
}

void tst_GgufModel::badFiles()
{
    QFETCH(std::string, change);
    QFETCH(std::string, expected);
    LoadedCausalLM folder = loadOrFail(modelFixture("llama-tied", "causal"));
    Metadata metadata = ggufMetadata(folder.config);
    GgufTensors tensors = ggufTensors(*folder.model, folder.config);
    for (auto &[key, value] : metadata) {
        if (change == "arch" && key == "general.architecture")
            value = GgufValue::fromString("mamba");
        if (change == "ffn-length" && key == "llama.feed_forward_length")
            value = GgufValue::fromU32(static_cast<std::uint32_t>(folder.config.intermediateSize + 2));
        if (change == "heads" && key == "llama.attention.head_count")
            value = GgufValue::fromU32(3);
        if (change == "kv-heads" && key == "llama.attention.head_count_kv")
            value = GgufValue::fromU32(3);
    }
    if (change == "no-block-count")
        metadata.erase(std::remove_if(metadata.begin(), metadata.end(), [](const auto &kv) { return kv.first == "llama.block_count"; }),
                       metadata.end());
    if (change == "no-tensor")
        tensors.tensors.erase(std::remove_if(tensors.tensors.begin(), tensors.tensors.end(),
                                             [](const GgufTensorToWrite &t) { return t.name == "blk.1.ffn_down.weight"; }),
                              tensors.tensors.end());
    std::vector<float> factors(static_cast<std::size_t>(folder.config.headDim() / 2), 2.f);
    if (change == "rope-freqs")
        tensors.tensors.push_back({"rope_freqs.weight", GgmlType::F32, {static_cast<std::int64_t>(factors.size())}, factors.data()});
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "bad.gguf";
    QVERIFY(writeGguf(file, metadata, tensors.tensors).ok());
    const auto loaded = loadCausalLM(file);
    QVERIFY(!loaded.ok());
    const std::string message = errorOf(loaded);
    QVERIFY2(message.rfind(file.string(), 0) == 0, message.c_str());
    QVERIFY2(message.find(expected) != std::string::npos, message.c_str());
}

void tst_GgufModel::smolLM2()
{
    const fs::path path = dataDirectory() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf";
    if (!fs::exists(path))
        QSKIP(qPrintable(QString::fromStdString(path.string() + " is missing (scripts/setup.sh installs it)")));
    const nlohmann::json golden = readGolden("smollm2-gguf");
    auto generator = TextGenerator::open(path);
    QVERIFY2(generator.ok(), generator.ok() ? "" : generator.error().message.c_str());
    QCOMPARE(generator->eosTokenIds(), std::vector<int>{golden["eos_token_id"].get<int>()});
    QCOMPARE(generator->model().vocabSize(), golden["vocab_size"].get<std::int64_t>());
    auto source = findChatTemplate(path);
    QVERIFY2(source.ok(), source.ok() ? "" : source.error().message.c_str());
    auto chatTemplate = ChatTemplate::parse(source->text, source->origin);
    QVERIFY(chatTemplate.ok());
    ChatRenderOptions render;
    render.addGenerationPrompt = true;
    render.bosToken = source->bosToken;
    render.eosToken = source->eosToken;

    for (const auto &c : golden["cases"]) {
        const std::string prompt = c["prompt"].get<std::string>();
        std::string text = prompt;
        if (c["mode"] == "chat")
            text = chatTemplate->render(Conversation{{"user", prompt}}, render).value();
        std::vector<int> ids;
        std::vector<std::pair<int, int>> offsets;
        generator->tokenizer().tokenize(text, ids, offsets);
        QCOMPARE(ids, c["input_ids"].get<std::vector<int>>());

        torch::NoGradGuard noGrad;
        const torch::Tensor input = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kLong).unsqueeze(0);
        const torch::Tensor logits = generator->model().logits(input)[0][-1];
        const auto index = c["index"].get<std::vector<std::int64_t>>();
        const auto expected = c["logits"].get<std::vector<double>>();
        double worst = 0;
        for (std::size_t i = 0; i < index.size(); ++i)
            worst = std::max(worst, std::fabs(logits[index[i]].item<double>() - expected[i]));
        QVERIFY2(worst <= 1e-3, qPrintable(QStringLiteral("%1: max |logit - transformers| = %2")
                                               .arg(QString::fromStdString(prompt)).arg(worst)));

        GenerationOptions options;
        options.maxNewTokens = golden["max_new_tokens"].get<int>();
        auto result = generator->generate(text, options);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(result->tokens, c["greedy"].get<std::vector<int>>());
        QCOMPARE(result->text, c["greedy_text"].get<std::string>());
        qInfo("%s: max |logit diff| %.2e, greedy %zu tokens equal", prompt.c_str(), worst, result->tokens.size());
    }
}

QTEST_GUILESS_MAIN(tst_GgufModel)
#include "tst_ggufmodel.moc"

// Parity with Hugging Face transformers (fp32, eval): the last hidden state and the classification
// logits of every registered architecture's tiny fixture, and the default model's hidden states,
// within 1e-4 of the goldens tools/make_model_goldens.py wrote.
//   tinyHiddenStates, tinyLogits   label unit
//   defaultModel                   label model (needs ~/.local/share/hone/models/all-MiniLM-L6-v2)
#include "modeltestsupport.h"

#include "core/io/safetensors.h"
#include "core/models/architecture.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelloader.h"
#include "core/models/sentenceembedder.h"
#include "core/system/computethreads.h"
#include "core/util/paths.h"

#include <QTest>

#include <cstring>

using namespace hone;
using namespace hone::test;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

constexpr double kTolerance = 1e-4;

struct GoldenInputs {
    torch::Tensor ids, mask, types;
};

GoldenInputs goldenInputs(const nlohmann::json &golden)
{
    GoldenInputs in;
    in.ids = tensorFromJson(golden["input_ids"], torch::kLong);
    in.mask = tensorFromJson(golden["attention_mask"], torch::kLong);
    in.types = tensorFromJson(golden["token_type_ids"], torch::kLong);
    return in;
}

torch::Tensor readTensor(const SafetensorsFile &file, const std::string &name, torch::ScalarType dtype)
{
    const TensorInfo *info = file.find(name);
    if (!info)
        qFatal("golden tensor %s missing", name.c_str());
    torch::Tensor t = torch::empty(info->shape, dtype);
    std::memcpy(t.data_ptr(), file.data(*info), info->end - info->begin);
    return t;
}

} // namespace

class tst_ModelParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tinyHiddenStates_data();
    void tinyHiddenStates();
    void tinyLogits_data();
    void tinyLogits();
    void defaultModel();
};

void tst_ModelParity::initTestCase()
{
    configureComputeThreads();
}

void tst_ModelParity::tinyHiddenStates_data()
{
    QTest::addColumn<std::string>("arch");
    for (const auto &a : architectures())
        if (!a.isDecoder()) // tst_decoders checks the decoders' parity
            QTest::newRow(a.name.c_str()) << a.name;
}

void tst_ModelParity::tinyHiddenStates()
{
    QFETCH(std::string, arch);
    const nlohmann::json golden = readGolden(arch);
    auto loaded = loadEncoder(modelFixture(arch, "base"));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->architecture->name, arch);
    QVERIFY(loaded->report.missing.empty());
    QVERIFY2(loaded->report.unexpected.empty(), loaded->report.unexpected.empty() ? "" : loaded->report.unexpected[0].c_str());
    QVERIFY(!loaded->report.checkpointHasPrefix);

    const GoldenInputs in = goldenInputs(golden);
    torch::NoGradGuard noGrad;
    const torch::Tensor hidden = loaded->model->hiddenStates(in.ids, in.mask, in.types);
    const torch::Tensor expected = tensorFromJson(golden["last_hidden_state"], torch::kFloat);
    QCOMPARE(hidden.sizes().vec(), expected.sizes().vec());
    const double diff = maxAbsDiff(hidden, expected);
    QVERIFY2(diff < kTolerance, qPrintable(QStringLiteral("max abs diff %1").arg(diff)));

    // The padded row alone (no padding) gives the same states for its real tokens.
    const std::int64_t real = in.mask[1].sum().item<std::int64_t>();
    const torch::Tensor alone = loaded->model->hiddenStates(in.ids[1].slice(0, 0, real).unsqueeze(0), {},
                                                            in.types[1].slice(0, 0, real).unsqueeze(0));
    QVERIFY(maxAbsDiff(alone[0], expected[1].slice(0, 0, real)) < kTolerance);
}

void tst_ModelParity::tinyLogits_data()
{
    tinyHiddenStates_data();
}

void tst_ModelParity::tinyLogits()
{
    QFETCH(std::string, arch);
    const nlohmann::json golden = readGolden(arch);
    auto loaded = loadClassifier(modelFixture(arch, "classifier"));
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QVERIFY(loaded->report.checkpointHasPrefix);
    QVERIFY(loaded->report.missing.empty());
    QVERIFY(loaded->report.newlyInitialised.empty());
    QVERIFY(loaded->report.unexpected.empty());
    QCOMPARE(loaded->labels, (std::vector<std::string>{"negative", "neutral", "positive"}));
    QVERIFY(!loaded->model->is_training());

    const GoldenInputs in = goldenInputs(golden);
    torch::NoGradGuard noGrad;
    const torch::Tensor hidden = loaded->model->hiddenStates(in.ids, in.mask, in.types);
    QVERIFY(maxAbsDiff(hidden, tensorFromJson(golden["last_hidden_state"], torch::kFloat)) < kTolerance);
    const torch::Tensor logits = loaded->model->logits(in.ids, in.mask, in.types);
    const torch::Tensor expected = tensorFromJson(golden["logits"], torch::kFloat);
    QCOMPARE(logits.sizes().vec(), expected.sizes().vec());
    const double diff = maxAbsDiff(logits, expected);
    QVERIFY2(diff < kTolerance, qPrintable(QStringLiteral("max abs diff %1").arg(diff)));
}

void tst_ModelParity::defaultModel()
{
    const fs::path dir = dataDirectory() / "models" / kDefaultModelName;
    if (!fs::exists(dir / "config.json"))
        QFAIL(qPrintable(QStringLiteral("the default model is not installed at %1; run scripts/setup.sh")
                             .arg(QString::fromStdString(dir.string()))));
    auto golden = SafetensorsFile::open(goldenPath("all-MiniLM-L6-v2.safetensors"));
    QVERIFY2(golden.ok(), golden.ok() ? "" : golden.error().message.c_str());
    const torch::Tensor ids = readTensor(*golden, "input_ids", torch::kLong);
    const torch::Tensor mask = readTensor(*golden, "attention_mask", torch::kLong);
    const torch::Tensor types = readTensor(*golden, "token_type_ids", torch::kLong);
    const torch::Tensor packed = readTensor(*golden, "last_hidden_state_packed", torch::kFloat);
    const torch::Tensor pooled = readTensor(*golden, "mean_pooled", torch::kFloat);

    auto loaded = loadEncoder(dir);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    qInfo("loaded %s in %.3f s (%s)", kDefaultModelName, loaded->report.seconds, loaded->directory.c_str());
    QVERIFY(loaded->report.missing.empty());
    QVERIFY(loaded->report.unexpected.empty()); // embeddings.position_ids is ignored, as HF does
    QCOMPARE(loaded->config.hiddenSize, 384);

    torch::NoGradGuard noGrad;
    const torch::Tensor hidden = loaded->model->hiddenStates(ids, mask, types);
    const torch::Tensor real = hidden.index({mask.to(torch::kBool)});
    QCOMPARE(real.sizes().vec(), packed.sizes().vec());
    const double diff = maxAbsDiff(real, packed);
    QVERIFY2(diff < kTolerance, qPrintable(QStringLiteral("max abs diff %1").arg(diff)));

    // Mean pooling through the embedder, from the same ids.
    auto embedder = SentenceEmbedder::open(dir);
    QVERIFY2(embedder.ok(), embedder.ok() ? "" : embedder.error().message.c_str());
    std::vector<std::vector<int>> rows;
    for (std::int64_t r = 0; r < ids.size(0); ++r) {
        const std::int64_t n = mask[r].sum().item<std::int64_t>();
        std::vector<int> row;
        for (std::int64_t t = 0; t < n; ++t)
            row.push_back(static_cast<int>(ids[r][t].item<std::int64_t>()));
        rows.push_back(row);
    }
    EmbeddingOptions options;
    options.batchSize = 3; // batches of mixed lengths, reordered by length inside
    auto vectors = embedder->embedIds(rows, options);
    QVERIFY2(vectors.ok(), vectors.ok() ? "" : vectors.error().message.c_str());
    QCOMPARE(vectors->size(), rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const torch::Tensor v = torch::tensor((*vectors)[r]);
        QVERIFY(maxAbsDiff(v, pooled[static_cast<std::int64_t>(r)]) < kTolerance);
    }

    // And from the text, through the model's tokenizer.
    const std::string sentences = golden->header().metadata.at("sentences");
    const nlohmann::json list = nlohmann::json::parse(sentences);
    auto fromText = embedder->embed(list.get<std::vector<std::string>>(), options);
    QVERIFY2(fromText.ok(), fromText.ok() ? "" : fromText.error().message.c_str());
    for (std::size_t r = 0; r < fromText->size(); ++r)
        QVERIFY(maxAbsDiff(torch::tensor((*fromText)[r]), pooled[static_cast<std::int64_t>(r)]) < kTolerance);
}

QTEST_GUILESS_MAIN(tst_ModelParity)
#include "tst_modelparity.moc"

// Model discovery over a temporary tree that mimics the Hugging Face hub cache and Hone's data dir,
// including the broken folders users really have; the folder-layout helpers and the LibTorch-free
// model families (config parsing, usable positions) the GUI uses.
#include "../testsupport.h"

#include "core/io/safetensors.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelfamily.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <unistd.h>

using namespace hone;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path &path, const std::string &text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// A model folder with a config and a safetensors file holding `params` floats.
void writeModel(const fs::path &dir, const std::string &modelType, int params)
{
    fs::create_directories(dir);
    writeText(dir / "config.json", "{\"model_type\": \"" + modelType + "\", \"hidden_size\": 8}");
    std::vector<float> w(static_cast<std::size_t>(params), 0.f);
    QVERIFY(writeSafetensors(dir / "model.safetensors", {{"w", DType::F32, {params}, w.data(), w.size() * 4}}).ok());
}

const SkippedModel *findSkipped(const ModelCatalog &c, const std::string &needle)
{
    for (const auto &s : c.skipped)
        if (s.path.string().find(needle) != std::string::npos)
            return &s;
    return nullptr;
}

const ModelInfo *findInfo(const ModelCatalog &c, const std::string &name)
{
    for (const auto &m : c.models)
        if (m.name == name)
            return &m;
    return nullptr;
}

} // namespace

class tst_ModelDiscovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hubCacheSnapshots();
    void followsRefsMain();
    void dataDirectoryAndModelPath();
    void sentenceTransformersLayout();
    void skipsBrokenFolders();
    void unreadableFolder();
    void findModelByNameAndPath();
    void folderLayoutHelpers();
    void familiesParseConfigsWithoutTorch();

private:
    QTemporaryDir m_dir;
    fs::path m_root;
    ModelCatalog m_catalog;
};

void tst_ModelDiscovery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = fs::path(m_dir.path().toStdString());
    const fs::path hub = m_root / "hub";

    // A complete cached model whose snapshot files are symlinks into blobs/, as huggingface_hub writes them.
    const fs::path repo = hub / "models--acme--tiny-bert";
    writeModel(repo / "blobs-src", "bert", 1000);
    fs::create_directories(repo / "blobs");
    fs::rename(repo / "blobs-src" / "config.json", repo / "blobs" / "aaa");
    fs::rename(repo / "blobs-src" / "model.safetensors", repo / "blobs" / "bbb");
    fs::remove_all(repo / "blobs-src");
    const fs::path snap = repo / "snapshots" / "rev1";
    fs::create_directories(snap);
    fs::create_symlink("../../blobs/aaa", snap / "config.json");
    fs::create_symlink("../../blobs/bbb", snap / "model.safetensors");
    writeText(repo / "refs" / "main", "rev1\n");

    // Two snapshots; refs/main names the second.
    writeModel(hub / "models--acme--two-revs" / "snapshots" / "old", "bert", 10);
    writeModel(hub / "models--acme--two-revs" / "snapshots" / "new", "roberta", 20);
    writeText(hub / "models--acme--two-revs" / "refs" / "main", "new");

    // Incomplete downloads and junk.
    fs::create_directories(hub / "models--acme--no-snapshots" / "blobs");
    fs::create_directories(hub / "models--acme--empty-snapshots" / "snapshots");
    writeText(hub / "models--acme--no-config" / "snapshots" / "r" / "model.safetensors", "garbage");
    fs::create_directories(hub / "models--acme--garbage" / "snapshots" / "r");
    writeText(hub / "models--acme--garbage" / "snapshots" / "r" / "config.json", "{\"model_type\":\"bert\"}");
    writeText(hub / "models--acme--garbage" / "snapshots" / "r" / "model.safetensors", std::string("\x10\0\0\0\0\0\0\0{{{{{{{{{{{{{{{{", 24));
    writeText(hub / "models--acme--pickle" / "snapshots" / "r" / "config.json", "{\"model_type\":\"bert\"}");
    writeText(hub / "models--acme--pickle" / "snapshots" / "r" / "pytorch_model.bin", "pickle");
    writeText(hub / "models--acme--badjson" / "snapshots" / "r" / "config.json", "{not json");
    fs::create_directories(hub / "datasets--acme--data" / "snapshots");
    fs::create_directories(hub / ".locks");

    // Hone's data dir and HONE_MODEL_PATH entries.
    writeModel(m_root / "data" / "models" / "local-model", "distilbert", 30);
    writeText(m_root / "data" / "models" / "half-copied" / "vocab.txt", "[PAD]\n");
    fs::create_directories(m_root / "data" / "models" / "unrelated-empty-folder");
    writeModel(m_root / "extra" / "single-model", "albert", 40);

    DiscoveryOptions options;
    options.huggingFaceCache = hub;
    options.dataModels = m_root / "data" / "models";
    options.modelPath = {m_root / "extra" / "single-model", m_root / "does-not-exist"};
    m_catalog = discoverModels(options);
}

void tst_ModelDiscovery::hubCacheSnapshots()
{
    const ModelInfo *m = findInfo(m_catalog, "acme/tiny-bert");
    QVERIFY(m);
    QCOMPARE(m->architecture, std::string("bert"));
    QCOMPARE(m->parameters, std::int64_t(1000));
    QCOMPARE(m->source, ModelSource::HuggingFaceCache);
    QVERIFY2(m->bytesOnDisk > 4000, "size must follow the snapshot's symlinks into blobs/");
}

void tst_ModelDiscovery::followsRefsMain()
{
    const ModelInfo *m = findInfo(m_catalog, "acme/two-revs");
    QVERIFY(m);
    QCOMPARE(m->architecture, std::string("roberta"));
    QCOMPARE(m->parameters, std::int64_t(20));
}

void tst_ModelDiscovery::dataDirectoryAndModelPath()
{
    const ModelInfo *local = findInfo(m_catalog, "local-model");
    QVERIFY(local);
    QCOMPARE(local->source, ModelSource::DataDirectory);
    const ModelInfo *single = findInfo(m_catalog, "single-model");
    QVERIFY(single);
    QCOMPARE(single->source, ModelSource::ModelPath);
    QCOMPARE(single->architecture, std::string("albert"));
    bool sawAbsent = false;
    for (const auto &loc : m_catalog.searched)
        sawAbsent |= loc.path.filename() == "does-not-exist" && !loc.exists;
    QVERIFY(sawAbsent);
    QCOMPARE(m_catalog.models.size(), std::size_t(4));
}

void tst_ModelDiscovery::sentenceTransformersLayout()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    writeText(root / "st" / "modules.json",
              R"([{"idx":0,"name":"0","path":"0_Transformer","type":"sentence_transformers.models.Transformer"},
                  {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}])");
    writeModel(root / "st" / "0_Transformer", "bert", 50);
    auto info = inspectModel(root / "st");
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(info->name, std::string("st"));
    QCOMPARE(info->path, root / "st" / "0_Transformer");
    QCOMPARE(info->parameters, std::int64_t(50));
}

void tst_ModelDiscovery::skipsBrokenFolders()
{
    struct Case {
        const char *folder;
        const char *reason;
    };
    const Case cases[] = {
        {"models--acme--no-snapshots", "no readable snapshots/"},
        {"models--acme--empty-snapshots", "snapshots/ is empty"},
        {"models--acme--no-config", "config.json: missing"},
        {"models--acme--garbage", "invalid safetensors file"},
        {"models--acme--pickle", "only from safetensors"},
        {"models--acme--badjson", "not valid JSON"},
        {"half-copied", "model files but no config.json"},
    };
    for (const auto &c : cases) {
        const SkippedModel *s = findSkipped(m_catalog, c.folder);
        QVERIFY2(s, c.folder);
        QVERIFY2(s->reason.find(c.reason) != std::string::npos, (std::string(c.folder) + ": " + s->reason).c_str());
    }
    QVERIFY(!findSkipped(m_catalog, "datasets--"));
    QVERIFY(!findSkipped(m_catalog, "unrelated-empty-folder"));
}

void tst_ModelDiscovery::unreadableFolder()
{
    if (::geteuid() == 0)
        QSKIP("root reads every folder; permission errors cannot be provoked");
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    fs::create_directories(root / "locked");
    fs::permissions(root / "locked", fs::perms::none);
    DiscoveryOptions options;
    options.dataModels = root;
    const ModelCatalog catalog = discoverModels(options);
    fs::permissions(root / "locked", fs::perms::owner_all);
    QVERIFY(findSkipped(catalog, "locked"));
}

void tst_ModelDiscovery::findModelByNameAndPath()
{
    DiscoveryOptions options;
    options.huggingFaceCache = m_root / "hub";
    options.dataModels = m_root / "data" / "models";
    auto byName = findModel("tiny-bert", options);
    QVERIFY(byName.ok());
    QCOMPARE(byName->name, std::string("acme/tiny-bert"));
    auto byPath = findModel((m_root / "data" / "models" / "local-model").string(), options);
    QVERIFY(byPath.ok());
    QCOMPARE(byPath->architecture, std::string("distilbert"));
    auto missing = findModel("no-such-model", options);
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.error().message).contains(QStringLiteral("acme/tiny-bert")));
}

void tst_ModelDiscovery::folderLayoutHelpers()
{
    QCOMPARE(hubRepoName("/x/models--acme--tiny-bert").value(), std::string("acme/tiny-bert"));
    QCOMPARE(hubRepoName("/x/models--gpt2").value(), std::string("gpt2"));
    QVERIFY(!hubRepoName("/x/acme"));
    QCOMPARE(hubModelName("/c/hub/models--acme--tiny-bert/snapshots/abc123/").value(), std::string("acme/tiny-bert"));
    QCOMPARE(hubModelName("/c/hub/models--acme--tiny-bert/snapshots/abc123/1_Pooling").value(), std::string("acme/tiny-bert"));
    QVERIFY(!hubModelName("/home/me/models/tiny-bert"));
    QVERIFY(!hubModelName("/home/me/snapshots/x")); // "snapshots" not under a models--* folder
    QVERIFY(!resolveModelDirectory(m_root / "no-such-folder").ok());
}

void tst_ModelDiscovery::familiesParseConfigsWithoutTorch()
{
    // RoBERTa's position ids start after padding_idx (1): of 40 positions, 38 are usable.
    auto roberta = readModelConfig(test::dataPath(QStringLiteral("models/roberta/base/config.json")).toStdString());
    QVERIFY2(roberta.ok(), roberta.ok() ? "" : roberta.error().message.c_str());
    QCOMPARE(roberta->maxPositions, 40);
    QCOMPARE(usableMaxPositions(*roberta), 38);
    auto bert = readModelConfig(test::dataPath(QStringLiteral("models/bert/base/config.json")).toStdString());
    QVERIFY(bert.ok());
    QCOMPARE(usableMaxPositions(*bert), bert->maxPositions);
    QCOMPARE(supportedModelTypes(), std::string("albert, bert, distilbert, gpt2, llama, qwen2, roberta, xlm-roberta"));
    QVERIFY((*findModelFamily("xlm-roberta"))->positionsAfterPadding);
    QVERIFY(!(*findModelFamily("distilbert"))->usesTokenTypeIds);
    QVERIFY((*findModelFamily("llama"))->isDecoder() && !(*findModelFamily("bert"))->isDecoder());
    auto unknown = parseModelConfig(nlohmann::json{{"model_type", "mamba"}}, "config.json");
    QVERIFY(!unknown.ok());
    QVERIFY(QString::fromStdString(unknown.error().message).contains(QStringLiteral("supported model types")));
}

QTEST_GUILESS_MAIN(tst_ModelDiscovery)
#include "tst_modeldiscovery.moc"

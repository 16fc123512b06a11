// ONNX export: a tiny run of each encoder architecture (trained two steps from the random fixtures
// of tests/data/models) exported with exportRun(format Onnx); the written model.onnx passes
// onnx::checker and strict shape inference with the interface Optimum gives these models, and its
// folder carries config.json (labels) and the tokenizer. Numbers are compared with onnxruntime by
// tools/check_onnx_export.py (no ONNX runtime in C++).
#include "trainertestsupport.h"

#include "core/export/onnxexport.h"
#include "core/io/safetensors.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

namespace {

// Bytes of the weights a run's checkpoint at step holds.
std::uint64_t checkpointBytes(const fs::path &run, int step)
{
    auto file = SafetensorsFile::open(run / "checkpoints" / ("step-" + std::to_string(step)) / "model.safetensors");
    std::uint64_t bytes = 0;
    if (file)
        for (const auto &t : file->tensors())
            bytes += t.end - t.begin;
    return bytes;
}

const OnnxValueInfo *findValue(const std::vector<OnnxValueInfo> &list, const std::string &name)
{
    for (const auto &v : list)
        if (v.name == name)
            return &v;
    return nullptr;
}

} // namespace

class tst_OnnxExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsEachArchitecture_data();
    void exportsEachArchitecture();
    void loraRunExportsMergedWeights();
    void checkerRefusesBrokenFiles();

private:
    fs::path trainTinyRun(const std::string &architecture, bool lora);

    QTemporaryDir m_dir;
    fs::path m_root, m_data;
};

void tst_OnnxExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = fs::path(m_dir.path().toStdString());
    m_data = test::writeTinyDataset(m_root, 48);
}

fs::path tst_OnnxExport::trainTinyRun(const std::string &architecture, bool lora)
{
    const std::string name = architecture + (lora ? "-lora" : "");
    const fs::path model = test::writeTinyModel(m_root / name, architecture);
    TrainingConfig c = test::tinyConfig(model, m_data);
    c.maxSteps = 2;
    c.evalSteps = 2;
    c.lora.enabled = lora;
    c.lora.rank = 4;
    TrainingFeedback feedback;
    const fs::path run = m_root / name / "run";
    auto summary = Trainer::train(c, run, feedback);
    if (!summary)
        qWarning("%s", summary.error().message.c_str());
    return summary ? run : fs::path();
}

void tst_OnnxExport::exportsEachArchitecture_data()
{
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<bool>("tokenTypes");
    QTest::newRow("bert") << "bert" << true;
    QTest::newRow("roberta") << "roberta" << false;          // one token type: a constant in the graph
    QTest::newRow("xlm-roberta") << "xlm-roberta" << false;  // relu activation, padding-aware positions
    QTest::newRow("distilbert") << "distilbert" << false;
    QTest::newRow("albert") << "albert" << true;             // shared layer groups, gelu_new
}

void tst_OnnxExport::exportsEachArchitecture()
{
    QFETCH(QString, architecture);
    QFETCH(bool, tokenTypes);
    const fs::path run = trainTinyRun(architecture.toStdString(), false);
    QVERIFY(!run.empty());
    ExportOptions options;
    options.format = ExportFormat::Onnx;
    const fs::path out = m_root / (architecture.toStdString() + "-onnx");
    auto report = exportRun(run, out, options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    QVERIFY(report->verified);
    QCOMPARE(report->step, std::int64_t(2));
    QVERIFY(fs::exists(out / "vocab.txt"));
    QVERIFY(!fs::exists(out.string() + ".partial"));
    const std::string card = hone::test::fileText(out / "README.md");
    QVERIFY2(card.find("library_name: onnx") != std::string::npos, card.c_str());
    QVERIFY2(card.find("Export check: model.onnx passed the ONNX checker") != std::string::npos, card.c_str());

    auto checked = checkOnnxModel(out / "model.onnx");
    QVERIFY2(checked.ok(), checked.ok() ? "" : checked.error().message.c_str());
    QCOMPARE(checked->opset, std::int64_t(kOnnxOpset));
    QCOMPARE(checked->inputs.size(), std::size_t(tokenTypes ? 3 : 2));
    for (const char *name : {"input_ids", "attention_mask", "token_type_ids"}) {
        const OnnxValueInfo *v = findValue(checked->inputs, name);
        if (std::string(name) == "token_type_ids" && !tokenTypes) {
            QVERIFY(!v);
            continue;
        }
        QVERIFY2(v, name);
        QCOMPARE(v->elementType, std::string("int64"));
        QCOMPARE(v->dims, (std::vector<std::string>{"batch", "sequence"}));
    }
    QCOMPARE(checked->outputs.size(), std::size_t(1));
    QCOMPARE(checked->outputs[0].name, std::string("logits"));
    QCOMPARE(checked->outputs[0].elementType, std::string("float32"));
    QCOMPARE(checked->outputs[0].dims, (std::vector<std::string>{"batch", "2"}));

    // Every float weight of the run is in the graph once (ALBERT's shared layers too), plus constants.
    const std::uint64_t tensors = checkpointBytes(run, 2);
    QVERIFY(tensors > 0);
    QVERIFY(checked->weightBytes >= tensors);
    QVERIFY(checked->weightBytes < tensors + 4096);

    const nlohmann::json config = nlohmann::json::parse(std::ifstream(out / "config.json"));
    QCOMPARE(config["id2label"]["0"].get<std::string>(), std::string("neg"));
    QCOMPARE(config["id2label"]["1"].get<std::string>(), std::string("pos"));
}

void tst_OnnxExport::loraRunExportsMergedWeights()
{
    const fs::path run = trainTinyRun("bert", true);
    QVERIFY(!run.empty());
    ExportOptions options;
    options.format = ExportFormat::Onnx;
    auto report = exportRun(run, m_root / "bert-lora-onnx", options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    auto checked = checkOnnxModel(m_root / "bert-lora-onnx" / "model.onnx");
    QVERIFY2(checked.ok(), checked.ok() ? "" : checked.error().message.c_str());
    // Adapters folded in: the graph holds the base model's weights only, as the plain BERT export.
    auto plain = checkOnnxModel(m_root / "bert-onnx" / "model.onnx");
    QVERIFY(plain.ok());
    QCOMPARE(checked->weightBytes, plain->weightBytes);
    QCOMPARE(checked->nodes, plain->nodes);
}

void tst_OnnxExport::checkerRefusesBrokenFiles()
{
    const fs::path garbage = m_root / "garbage.onnx";
    std::ofstream(garbage) << "not a protobuf at all \xff\xff\xff";
    auto r = checkOnnxModel(garbage);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("garbage.onnx") != std::string::npos, r.error().message.c_str());

    // A valid export cut short is refused too.
    const fs::path good = m_root / "bert-onnx" / "model.onnx";
    QVERIFY(fs::exists(good));
    std::string bytes;
    {
        std::ifstream in(good, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const fs::path cut = m_root / "cut.onnx";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    QVERIFY(!checkOnnxModel(cut).ok());

    QVERIFY(!checkOnnxModel(m_root / "missing.onnx").ok());
}

QTEST_GUILESS_MAIN(tst_OnnxExport)
#include "tst_onnxexport.moc"

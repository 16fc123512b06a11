// Exports of causal-LM runs: a tiny llama (tests/data/sft/model) trained a few steps with LoRA,
// exported as a Hugging Face folder, a PEFT adapter and GGUF F16/BF16/Q8_0, each reloaded by Hone
// and compared by logits with the run's model; PEFT's tensor names; Q8_0 bytes equal to gguf-py's
// (tools/make_q8_0_golden.py); a run on a .gguf base saves tokenizer files transformers and Hone
// read; a full fine-tune refuses the adapter export. tools/check_llm_export.py checks the same
// exports with transformers, peft and gguf.
#include "../testsupport.h"

#include "core/export/causallmexport.h"
#include "core/export/modelexport.h"
#include "core/io/gguf.h"
#include "core/io/tensorfile.h"
#include "core/models/textgenerator.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using namespace hone;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path sftDir() { return fs::path(test::dataPath(QStringLiteral("sft")).toStdString()); }
fs::path goldenDir() { return fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "gguf"; }

TrainingConfig tinyRun(const fs::path &model, bool lora)
{
    TrainingConfig c;
    c.task = "sft";
    c.metricForBestModel = "loss";
    c.greaterIsBetter = false;
    c.model = model.string();
    c.data.train = (sftDir() / "train.json").string();
    c.data.validation = (sftDir() / "validation.json").string();
    c.maxLength = 128;
    c.perDeviceTrainBatchSize = 4;
    c.learningRate = 1e-2;
    c.maxSteps = 4;
    c.evalStrategy = "steps";
    c.evalSteps = 4;
    c.samplePrompts = 2;
    c.maxNewTokens = 4;
    c.saveTotalLimit = 1;
    c.threads = 1;
    c.lora.enabled = lora;
    c.lora.dropout = 0.0;
    return c;
}

std::string train(const TrainingConfig &c, const fs::path &runDir)
{
    TrainingFeedback feedback;
    auto summary = Trainer::train(c, runDir, feedback);
    return summary ? std::string() : summary.error().message;
}

std::vector<char> readBytes(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

std::vector<int> ids(const Tokenizer &tokenizer, const std::string &text)
{
    std::vector<int> out;
    std::vector<std::pair<int, int>> offsets;
    tokenizer.tokenize(text, out, offsets);
    return out;
}

} // namespace

class tst_LlmExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void q8_0MatchesGgufPy();
    void huggingFaceFolder();
    void peftAdapter();
    void chosenLoraTargets();
    void gguf_data();
    void gguf();
    void refusals();
    void ggufBaseRunSavesTokenizerFiles();

private:
    QTemporaryDir m_dir;
    fs::path m_root, m_run;
};

void tst_LlmExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = fs::path(m_dir.path().toStdString());
    m_run = m_root / "lora-run";
    const std::string error = train(tinyRun(sftDir() / "model", true), m_run);
    QVERIFY2(error.empty(), error.c_str());
}

// Hone's Q8_0 (blocks of 32, fp16 scale max|x|/127, int8 rounded half away from zero) byte for
// byte as gguf-py's quantize on blocks chosen for rounding ties, zeros and extreme scales.
void tst_LlmExport::q8_0MatchesGgufPy()
{
    const std::vector<char> input = readBytes(goldenDir() / "q8_0-input.f32");
    const std::vector<char> golden = readBytes(goldenDir() / "q8_0-gguf-py.bin");
    QVERIFY(!input.empty() && input.size() % (32 * sizeof(float)) == 0);
    std::vector<float> values(input.size() / sizeof(float));
    std::memcpy(values.data(), input.data(), input.size());
    auto bytes = quantizeGgml(GgmlType::Q8_0, values.data(), static_cast<std::int64_t>(values.size()));
    QVERIFY(bytes.ok());
    QCOMPARE(bytes->size(), golden.size());
    std::size_t differing = 0, first = golden.size();
    for (std::size_t i = 0; i < golden.size(); ++i)
        if (static_cast<char>((*bytes)[i]) != golden[i]) {
            ++differing;
            first = std::min(first, i);
        }
    QVERIFY2(differing == 0, qPrintable(QStringLiteral("%1 bytes differ, the first in block %2").arg(differing).arg(first / 34)));
}

void tst_LlmExport::huggingFaceFolder()
{
    const fs::path out = m_root / "hf";
    ExportOptions options;
    options.logitsDump = m_root / "logits.safetensors";
    auto report = exportRun(m_run, out, options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    qInfo("hf: max logit difference %.3g on %d prompts", report->maxLogitDifference, report->verifiedPrompts);
    QVERIFY(report->verified);
    QVERIFY(report->tokenizerChecked);
    QCOMPARE(report->verifiedPrompts, 4);
    QVERIFY(report->maxLogitDifference <= 1e-4);
    for (const char *f : {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"})
        QVERIFY2(fs::is_regular_file(out / f), f);
    const std::string card = hone::test::fileText(out / "README.md");
    QVERIFY2(card.find("pipeline_tag: text-generation") != std::string::npos, card.c_str());
    QVERIFY2(card.find("Export check: reloaded by Hone's own loader") != std::string::npos, card.c_str());
    auto generator = TextGenerator::open(out);
    QVERIFY(generator.ok());
    QVERIFY(!generator->model().hasLoRA());
    // The dump tools/check_llm_export.py compares against: ids and logits of each prompt.
    auto dump = loadTensors(m_root / "logits.safetensors");
    QVERIFY(dump.ok());
    QCOMPARE(dump->size(), std::size_t(8));
    QCOMPARE(dump->at("logits.0").size(1), std::int64_t(2500));
}

// lora.target_modules chooses the adapted projections: the run trains only those, and the PEFT export
// names them (peft then adapts the same ones); a name that matches nothing is refused before training.
void tst_LlmExport::chosenLoraTargets()
{
    TrainingConfig c = tinyRun(sftDir() / "model", true);
    c.lora.targetModules = "q_proj, v_proj";
    c.maxSteps = 1;
    c.evalStrategy = "no";
    const fs::path run = m_root / "qv-run";
    const std::string error = train(c, run);
    QVERIFY2(error.empty(), error.c_str());
    const fs::path out = m_root / "qv-peft";
    ExportOptions options;
    options.format = ExportFormat::Peft;
    auto report = exportRun(run, out, options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    auto config = readJsonFile(out / "adapter_config.json");
    QVERIFY(config.ok());
    QCOMPARE(config->at("target_modules").get<std::vector<std::string>>(), (std::vector<std::string>{"q_proj", "v_proj"}));
    auto tensors = loadTensors(out / "adapter_model.safetensors");
    QVERIFY(tensors.ok());
    QCOMPARE(tensors->size(), std::size_t(2 * 2 * 2)); // 2 layers x 2 projections x (A, B)
    for (const auto &item : *tensors)
        QVERIFY2(item.first.find("q_proj") != std::string::npos || item.first.find("v_proj") != std::string::npos, item.first.c_str());

    c.lora.targetModules = "query_proj";
    const std::string refused = train(c, m_root / "bad-target-run");
    QVERIFY2(refused.find("lora.target_modules") != std::string::npos && refused.find("query_proj") != std::string::npos,
             refused.c_str());
}

void tst_LlmExport::peftAdapter()
{
    const fs::path out = m_root / "peft";
    ExportOptions options;
    options.format = ExportFormat::Peft;
    auto report = exportRun(m_run, out, options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    qInfo("peft: max logit difference %.3g", report->maxLogitDifference);
    QVERIFY(report->verified);
    QVERIFY(report->maxLogitDifference <= 1e-4);

    auto config = readJsonFile(out / "adapter_config.json");
    QVERIFY(config.ok());
    QVERIFY(hone::test::fileText(out / "README.md").find("library_name: peft") != std::string::npos);
    QCOMPARE(config->at("peft_type").get<std::string>(), std::string("LORA"));
    QCOMPARE(config->at("task_type").get<std::string>(), std::string("CAUSAL_LM"));
    QCOMPARE(config->at("r").get<int>(), 8);
    QCOMPARE(config->at("lora_alpha").get<double>(), 16.0);
    QCOMPARE(config->at("lora_dropout").get<double>(), 0.0);
    QCOMPARE(config->at("target_modules").get<std::vector<std::string>>(),
             (std::vector<std::string>{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}));
    QCOMPARE(fs::path(config->at("base_model_name_or_path").get<std::string>()).filename().string(), std::string("model"));

    auto tensors = loadTensors(out / "adapter_model.safetensors");
    QVERIFY(tensors.ok());
    std::set<std::string> expected;
    for (int layer = 0; layer < 2; ++layer)
        for (const char *m : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj",
                              "mlp.up_proj", "mlp.down_proj"})
            for (const char *ab : {"lora_A", "lora_B"})
                expected.insert("base_model.model.model.layers." + std::to_string(layer) + "." + m + "." + ab + ".weight");
    std::set<std::string> names;
    for (const auto &item : *tensors)
        names.insert(item.first);
    QCOMPARE(names, expected);
    QCOMPARE(tensors->at("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight").sizes().vec(), (std::vector<std::int64_t>{8, 32}));
    QCOMPARE(tensors->at("base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight").sizes().vec(), (std::vector<std::int64_t>{16, 8}));
    QVERIFY(tensors->at("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight").abs().max().item<float>() > 0); // trained

    // A name that adapts nothing is refused on loading.
    auto base = loadCausalLM(sftDir() / "model");
    QVERIFY(base.ok());
    auto renamed = *tensors;
    renamed["base_model.model.model.layers.9.self_attn.q_proj.lora_A.weight"] = renamed.begin()->second;
    std::vector<std::pair<std::string, torch::Tensor>> list(renamed.begin(), renamed.end());
    const fs::path bad = m_root / "peft-bad";
    fs::create_directories(bad);
    fs::copy_file(out / "adapter_config.json", bad / "adapter_config.json");
    QVERIFY(saveTensors(bad / "adapter_model.safetensors", list).ok());
    auto loaded = loadPeftAdapter(*base->model, bad);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.find("layers.9") != std::string::npos, loaded.error().message.c_str());
}

void tst_LlmExport::gguf_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<double>("tolerance"); // on logits: the weights are rounded to the type
    QTest::newRow("f16") << int(GgmlType::F16) << 5e-3;
    QTest::newRow("bf16") << int(GgmlType::BF16) << 2e-2;
    QTest::newRow("q8_0") << int(GgmlType::Q8_0) << 5e-2;
}

void tst_LlmExport::gguf()
{
    QFETCH(int, type);
    QFETCH(double, tolerance);
    const GgmlType ggml = static_cast<GgmlType>(type);
    const fs::path out = m_root / (std::string("model-") + ggmlTypeName(ggml) + ".gguf");
    ExportOptions options;
    options.format = ExportFormat::Gguf;
    options.ggufType = ggml;
    auto report = exportRun(m_run, out, options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    qInfo("gguf %s: max logit difference %.3g, weights as stored %.3g", ggmlTypeName(ggml), report->maxLogitDifference,
          report->maxTensorDifference);
    QVERIFY(report->verified);
    QCOMPARE(report->maxTensorDifference, 0.0);
    QVERIFY(report->tokenizerChecked);
    QVERIFY(report->maxLogitDifference > 0 && report->maxLogitDifference <= tolerance);

    auto file = GgufFile::open(out);
    QVERIFY(file.ok());
    const GgufHeader &h = file->header();
    QCOMPARE(h.architecture(), std::string("llama"));
    QCOMPARE(h.getInt("llama.attention.head_count_kv", 0), std::int64_t(2));
    QCOMPARE(h.getInt("llama.rope.dimension_count", 0), std::int64_t(8));
    QCOMPARE(h.getString("tokenizer.ggml.model"), std::string("gpt2"));
    QCOMPARE(h.getString("tokenizer.ggml.pre"), std::string("smollm"));
    QCOMPARE(h.getInt("tokenizer.ggml.eos_token_id", -1), std::int64_t(2));
    QVERIFY(h.getString("tokenizer.chat_template").find("<|im_start|>") != std::string::npos);
    QCOMPARE(h.getArray("tokenizer.ggml.tokens")->size(), std::size_t(2500));
    QVERIFY(h.tensor("output.weight") == nullptr); // tied embeddings: no separate head
    QCOMPARE(h.tensor("blk.0.attn_norm.weight")->type(), GgmlType::F32);
    QCOMPARE(h.tensor("blk.1.ffn_down.weight")->type(), ggml);
    QCOMPARE(h.tensor("token_embd.weight")->type(), ggml);

    // llama.cpp's rotary order: within a head, GGUF row 2i + j is HF row j * half + i.
    auto q = file->dequantize("blk.0.attn_q.weight");
    auto hf = loadCausalLM(m_root / "hf");
    QVERIFY(q.ok() && hf.ok());
    torch::Tensor hfQ;
    for (const auto &item : hf->model->named_parameters())
        if (item.key() == "model.layers.0.self_attn.q_proj.weight")
            hfQ = item.value();
    const torch::Tensor ggQ = torch::from_blob(q->data.data(), q->shape, torch::kFloat32);
    const std::int64_t headDim = 8, half = 4;
    double worst = 0;
    for (std::int64_t head = 0; head < 4; ++head)
        for (std::int64_t i = 0; i < half; ++i)
            for (std::int64_t j = 0; j < 2; ++j)
                worst = std::max(worst, (ggQ[head * headDim + 2 * i + j] - hfQ[head * headDim + j * half + i]).abs().max().item<double>());
    QVERIFY2(worst < 0.05 * hfQ.abs().max().item<double>(), qPrintable(QString::number(worst)));
}

void tst_LlmExport::refusals()
{
    ExportOptions peft;
    peft.format = ExportFormat::Peft;
    const fs::path full = m_root / "full-run";
    TrainingConfig c = tinyRun(sftDir() / "model", false);
    c.maxSteps = 1;
    c.evalSteps = 1;
    const std::string error = train(c, full);
    QVERIFY2(error.empty(), error.c_str());
    auto refused = exportRun(full, m_root / "full-peft", peft);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.find("full fine-tune") != std::string::npos, refused.error().message.c_str());
    QVERIFY(!fs::exists(m_root / "full-peft"));

    ExportOptions gguf;
    gguf.format = ExportFormat::Gguf;
    auto noSuffix = exportRun(m_run, m_root / "model.bin", gguf);
    QVERIFY(!noSuffix.ok());
    QVERIFY2(noSuffix.error().message.find(".gguf") != std::string::npos, noSuffix.error().message.c_str());
    gguf.ggufType = GgmlType::Q4_K;
    auto q4 = exportRun(m_run, m_root / "model.gguf", gguf);
    QVERIFY(!q4.ok());
    QVERIFY2(q4.error().message.find("q8_0") != std::string::npos, q4.error().message.c_str());
}

// A run whose base is a .gguf file saves tokenizer.json and tokenizer_config.json (with the chat
// template and special tokens) built from the GGUF metadata: the saved folder tokenizes as the GGUF
// does and opens as a generator.
void tst_LlmExport::ggufBaseRunSavesTokenizerFiles()
{
    const fs::path base = m_root / "base.gguf";
    ExportOptions options;
    options.format = ExportFormat::Gguf;
    auto exported = exportRun(m_run, base, options);
    QVERIFY2(exported.ok(), exported.ok() ? "" : exported.error().message.c_str());
    const fs::path run = m_root / "gguf-base-run";
    TrainingConfig c = tinyRun(base, true);
    c.maxSteps = 2;
    c.evalSteps = 2;
    const std::string error = train(c, run);
    QVERIFY2(error.empty(), error.c_str());

    const fs::path saved = run / "model";
    for (const char *f : {"tokenizer.json", "tokenizer_config.json", "chat_template.jinja"})
        QVERIFY2(fs::is_regular_file(saved / f), f);
    auto config = readJsonFile(saved / "tokenizer_config.json");
    QVERIFY(config.ok());
    QCOMPARE(config->at("eos_token").get<std::string>(), std::string("<|im_end|>"));
    QCOMPARE(config->at("bos_token").get<std::string>(), std::string("<|im_start|>"));
    QVERIFY(config->at("chat_template").get<std::string>().find("<|im_start|>") != std::string::npos);

    auto fromGguf = loadTokenizer(base);
    auto fromFolder = loadTokenizer(saved);
    QVERIFY(fromGguf.ok() && fromFolder.ok());
    for (const std::string text : {"Hello world! 12345 numbers", "<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
                                   "中文 и русский, emoji 🙂 tabs\tand  spaces"})
        QCOMPARE(ids(**fromFolder, text), ids(**fromGguf, text));
    QCOMPARE((*fromFolder)->specialTokens().eos, (*fromGguf)->specialTokens().eos);
    QCOMPARE((*fromFolder)->decode(ids(**fromGguf, "café ☕"), true), std::string("café ☕"));
    auto generator = TextGenerator::open(saved);
    QVERIFY2(generator.ok(), generator.ok() ? "" : generator.error().message.c_str());

    // Its exports carry the same tokenizer.
    auto hf = exportRun(run, m_root / "gguf-base-hf");
    QVERIFY2(hf.ok(), hf.ok() ? "" : hf.error().message.c_str());
    QVERIFY(hf->verified);
}

QTEST_GUILESS_MAIN(tst_LlmExport)
#include "tst_llmexport.moc"

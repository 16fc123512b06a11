// The model card written into every export: front matter, data, split, settings, metrics with
// the confusion matrix, the majority baseline, how to load it; Markdown-safe label names.
#include "core/export/modelcard.h"

#include "testsupport.h"

#include <QTest>

#include <fstream>

using namespace hone;

class tst_ModelCard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fromAFinishedRun();
    void unfinishedRunSaysSo();
    void languageModelCards();
    void onnxCard();
};

void tst_ModelCard::fromAFinishedRun()
{
    const std::filesystem::path dir = test::dataPath(QStringLiteral("runs/sms-lr5e-5")).toStdString();
    ModelCardInput in;
    std::ifstream config(dir / "config.json"), summary(dir / "summary.json");
    in.config = nlohmann::json::parse(config);
    in.summary = nlohmann::json::parse(summary);
    in.summary["sanity"] = {{"majority_baseline", 0.6667}, {"majority_label", "ham"}, {"beats_majority", true}};
    in.split = {{"labels", {"ham", "sp|am"}}, {"content_hash", "abc123"},
                {"splits", {{"train", {0, 1, 2, 3}}, {"validation", {4, 5}}, {"test", {6}}}}};
    in.summary["labels"] = {"ham", "sp|am"};
    in.runId = "20261120-101500-sms-lr5e-5";
    in.step = 300;
    in.verification = "reloaded from this folder by Hone's own loader";
    const std::string md = modelCardMarkdown(in);
    for (const char *part : {"---\nlibrary_name: transformers\npipeline_tag: text-classification\n", "# sms-lr5e-5\n",
                             "best checkpoint, step 300", "- File: `sms_spam.csv`", "text `text`", "label `label`",
                             "- Rows: 4 training, 2 validation, 1 test", "stratified by label, seed 1", "`abc123`",
                             "| `learning_rate` | 5e-05 |", "| `optim` | adamw |", "### Validation", "| accuracy | 0.9167 |",
                             "| **ham** | 30 | 2 |", "| **sp\\|am** | 2 | 14 |", "Majority baseline (always `ham`): 66.7%",
                             "Export check: reloaded", "from_pretrained(\"path/to/this/folder\")", "hone-cli predict --model"})
        QVERIFY2(md.find(part) != std::string::npos, (std::string(part) + " not in:\n" + md).c_str());
}

void tst_ModelCard::unfinishedRunSaysSo()
{
    ModelCardInput in;
    in.config = {{"name", ""}, {"model", "/models/x"}};
    in.runId = "20261120-101500-run";
    in.best = false;
    const std::string md = modelCardMarkdown(in);
    QVERIFY(md.find("# 20261120-101500-run") != std::string::npos);
    QVERIFY(md.find("last checkpoint") != std::string::npos);
    QVERIFY(md.find("did not finish") != std::string::npos);
    QVERIFY(md.find("base_model") == std::string::npos); // a local path is no hub id
}

void tst_ModelCard::languageModelCards()
{
    ModelCardInput in;
    in.kind = ModelCardKind::CausalLm;
    in.config = {{"name", "smol-alpaca"}, {"task", "sft"}, {"model", "SmolLM2-135M-Instruct"},
                 {"model_path", "/models/SmolLM2-135M-Instruct.Q4_1.gguf"}, {"train_on", "assistant"}, {"packing", true},
                 {"chat_template", ""}, {"class_weights", "none"}, {"learning_rate", 2e-4},
                 {"lora", {{"enabled", true}, {"r", 8}, {"alpha", 16}}},
                 {"data", {{"file", "/data/alpaca_zh.json"}, {"split", {0.9, 0.1, 0.0}}}}, {"seed", 7}};
    in.summary = {{"task", "sft"}, {"validation", {{"loss", 1.25}, {"perplexity", 3.4903}}}};
    in.split = {{"splits", {{"train", {0, 1, 2}}, {"validation", {3}}, {"test", nlohmann::json::array()}}}};
    in.runId = "20261204-101500-smol-alpaca";
    in.step = 40;
    in.verification = "reloaded by Hone's own loader";
    const std::string md = modelCardMarkdown(in);
    for (const char *part : {"library_name: transformers\npipeline_tag: text-generation\n", "- instruction-tuning\n",
                             "A chat model instruction-tuned with Hone from `SmolLM2-135M-Instruct`", "- File: `alpaca_zh.json`",
                             "loss on the assistant's answers only", "- Samples: 3 training, 1 validation, 0 test",
                             "| `packing` | true |", "| LoRA | rank 8, alpha 16, merged into the weights |",
                             "| perplexity | 3.4903 |", "AutoModelForCausalLM.from_pretrained(\"path/to/this/folder\")",
                             "apply_chat_template", "hone-cli chat --model path/to/this/folder"})
        QVERIFY2(md.find(part) != std::string::npos, (std::string(part) + " not in:\n" + md).c_str());
    for (const char *absent : {"Labels (", "Columns:", "class_weights", "chat_template` |", "stratified", "Majority baseline"})
        QVERIFY2(md.find(absent) == std::string::npos, (std::string(absent) + " in:\n" + md).c_str());

    in.kind = ModelCardKind::PeftAdapter;
    const std::string adapter = modelCardMarkdown(in);
    for (const char *part : {"library_name: peft\n", "- lora\n", "A LoRA adapter (PEFT) from instruction tuning",
                             "kept as an adapter", "from_pretrained(\"/models\", gguf_file=\"SmolLM2-135M-Instruct.Q4_1.gguf\")",
                             "PeftModel.from_pretrained(base, \"path/to/this/folder\")"})
        QVERIFY2(adapter.find(part) != std::string::npos, (std::string(part) + " not in:\n" + adapter).c_str());
    QVERIFY(adapter.find("base_model:") == std::string::npos); // a GGUF file is no hub id
}

void tst_ModelCard::onnxCard()
{
    ModelCardInput in;
    in.kind = ModelCardKind::Onnx;
    in.config = {{"name", "trec"}, {"task", "classification"}, {"model", "sentence-transformers/all-MiniLM-L6-v2"},
                 {"data", {{"text_column", "text"}, {"label_column", "coarse"}}}};
    in.split = {{"labels", {"ABBR", "DESC"}}};
    in.runId = "20261204-111500-trec";
    const std::string md = modelCardMarkdown(in);
    for (const char *part : {"library_name: onnx\npipeline_tag: text-classification\n", "- onnx\n",
                             "base_model: \"sentence-transformers/all-MiniLM-L6-v2\"", "A text classifier in ONNX",
                             "Labels (2): `ABBR`, `DESC`", "ort.InferenceSession(folder + \"/model.onnx\")", "id2label"})
        QVERIFY2(md.find(part) != std::string::npos, (std::string(part) + " not in:\n" + md).c_str());
}

QTEST_GUILESS_MAIN(tst_ModelCard)
#include "tst_modelcard.moc"

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

QTEST_GUILESS_MAIN(tst_ModelCard)
#include "tst_modelcard.moc"

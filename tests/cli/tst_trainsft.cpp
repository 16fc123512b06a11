// hone-cli train --task sft end to end on the tiny Llama of tests/data/sft: one Alpaca file split by
// ratios, LoRA, packing; the run folder holds the split, loss and perplexity records, sample
// answers, the summary and a Hugging Face model folder with the chat template; hone-cli export
// writes the run as a PEFT adapter and a Q8_0 GGUF, each verified (exit 0) with the logits dump.
#include "../testsupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json readJson(const fs::path &file)
{
    std::ifstream in(file);
    return json::parse(in);
}

std::vector<json> readLines(const fs::path &file)
{
    std::vector<json> lines;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        lines.push_back(json::parse(line));
    return lines;
}

} // namespace

class tst_TrainSft : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsAnInstructionRun();
    void refusesAnEncoder();
};

void tst_TrainSft::trainsAnInstructionRun()
{
    QTemporaryDir dir;
    const fs::path runDir = fs::path(dir.path().toStdString()) / "run";
    const QString sft = hone::test::dataPath(QStringLiteral("sft"));
    QProcess p;
    p.start(QString::fromStdString(hone::test::binaryPath("hone-cli").string()),
            {QStringLiteral("train"), QStringLiteral("--task"), QStringLiteral("sft"), QStringLiteral("--model"), sft + QStringLiteral("/model"),
             QStringLiteral("--data"), sft + QStringLiteral("/train.json"), QStringLiteral("--split"), QStringLiteral("0.75,0.25"),
             QStringLiteral("--max-steps"), QStringLiteral("8"), QStringLiteral("--batch-size"), QStringLiteral("4"),
             QStringLiteral("--lr"), QStringLiteral("1e-2"), QStringLiteral("--lora"), QStringLiteral("--packing"),
             QStringLiteral("--eval-strategy"), QStringLiteral("steps"), QStringLiteral("--eval-steps"), QStringLiteral("4"),
             QStringLiteral("--sample-prompts"), QStringLiteral("2"), QStringLiteral("--max-new-tokens"), QStringLiteral("8"),
             QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"), QString::fromStdString(runDir.string())});
    QVERIFY(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(out + err));
    QVERIFY2(out.contains(QStringLiteral("perplexity")), qPrintable(out));

    // --dry-run of the same settings counts the adapters and the packed rows the run trained.
    QProcess dry;
    QStringList dryArgs = p.arguments();
    dryArgs.removeLast(); // --out DIR
    dryArgs.removeLast();
    dry.start(p.program(), dryArgs << QStringLiteral("--dry-run"));
    QVERIFY(dry.waitForFinished(60000));
    const QString estimate = QString::fromUtf8(dry.readAllStandardOutput());
    QVERIFY2(dry.exitCode() == 0, qPrintable(estimate + QString::fromUtf8(dry.readAllStandardError())));
    std::ifstream logFile(runDir / "log.txt");
    const QString log = QString::fromStdString(std::string((std::istreambuf_iterator<char>(logFile)), std::istreambuf_iterator<char>()));
    const QRegularExpressionMatch trainable = QRegularExpression(QStringLiteral("trainable parameters: (\\d+)")).match(log);
    const QRegularExpressionMatch packed = QRegularExpression(QStringLiteral("packing: \\d+ training samples in (\\d+) rows")).match(log);
    QVERIFY2(trainable.hasMatch() && packed.hasMatch(), qPrintable(log));
    QVERIFY2(estimate.contains(QStringLiteral("trainable:        %1 parameters (LoRA adapters)").arg(trainable.captured(1))), qPrintable(estimate));
    QVERIFY2(estimate.contains(QStringLiteral("data:             %1 training rows").arg(packed.captured(1))), qPrintable(estimate));
    QVERIFY(estimate.contains(QStringLiteral("the LM head's logits and loss")));

    const json config = readJson(runDir / "config.json");
    QCOMPARE(config.at("task").get<std::string>(), std::string("sft"));
    QCOMPARE(config.at("metric_for_best_model").get<std::string>(), std::string("loss")); // the task's default
    const json split = readJson(runDir / "split.json");
    QCOMPARE(split.at("method").get<std::string>(), std::string("ratios"));

    int steps = 0, evals = 0, samples = 0;
    for (const json &r : readLines(runDir / "metrics.jsonl")) {
        const std::string kind = r.at("kind").get<std::string>();
        if (kind == "step") {
            ++steps;
            QVERIFY(r.at("loss").get<double>() > 0);
        } else if (kind == "eval") {
            ++evals;
            QVERIFY(r.at("perplexity").get<double>() > 1);
        } else if (kind == "samples") {
            ++samples;
            QCOMPARE(r.at("answers").size(), std::size_t(2));
            QVERIFY(!r.at("answers")[0].at("prompt").get<std::string>().empty());
        }
    }
    QVERIFY(steps >= 1);
    QCOMPARE(evals, 2);
    QCOMPARE(samples, 2);
    QCOMPARE(readLines(runDir / "predictions" / "validation.jsonl").size(), std::size_t(2));

    const json summary = readJson(runDir / "summary.json");
    QCOMPARE(summary.at("task").get<std::string>(), std::string("sft"));
    for (const char *f : {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"})
        QVERIFY2(fs::is_regular_file(runDir / "model" / f), f);
    const json modelConfig = readJson(runDir / "model" / "config.json");
    QCOMPARE(modelConfig.at("architectures")[0].get<std::string>(), std::string("LlamaForCausalLM"));

    const fs::path root(dir.path().toStdString());
    for (const auto &[format, target] : {std::pair<const char *, const char *>{"peft", "adapter"}, {"gguf", "model.gguf"}}) {
        QProcess e;
        e.start(QString::fromStdString(hone::test::binaryPath("hone-cli").string()),
                {QStringLiteral("export"), QStringLiteral("--run"), QString::fromStdString(runDir.string()), QStringLiteral("--out"),
                 QString::fromStdString((root / target).string()), QStringLiteral("--format"), QString::fromUtf8(format),
                 QStringLiteral("--gguf-type"), QStringLiteral("q8_0"), QStringLiteral("--logits-out"),
                 QString::fromStdString((root / "logits.safetensors").string())});
        QVERIFY(e.waitForFinished(120000));
        const QString exported = QString::fromUtf8(e.readAllStandardOutput());
        QVERIFY2(e.exitCode() == 0, qPrintable(exported + QString::fromUtf8(e.readAllStandardError())));
        QVERIFY2(exported.contains(QStringLiteral("(verified)")), qPrintable(exported));
        QVERIFY(fs::exists(root / target));
    }
    QVERIFY(fs::is_regular_file(root / "adapter" / "adapter_model.safetensors"));
    QVERIFY(fs::is_regular_file(root / "logits.safetensors"));
}

void tst_TrainSft::refusesAnEncoder()
{
    QTemporaryDir dir;
    QProcess p;
    p.start(QString::fromStdString(hone::test::binaryPath("hone-cli").string()),
            {QStringLiteral("train"), QStringLiteral("--task"), QStringLiteral("sft"), QStringLiteral("--model"),
             hone::test::dataPath(QStringLiteral("models/bert/base")), QStringLiteral("--data"),
             hone::test::dataPath(QStringLiteral("sft/train.json")), QStringLiteral("--out"), dir.path() + QStringLiteral("/run")});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY(p.exitCode() != 0);
    QVERIFY2(err.contains(QStringLiteral("encoder")) && err.contains(QStringLiteral("decoder")), qPrintable(err));
}

QTEST_GUILESS_MAIN(tst_TrainSft)
#include "tst_trainsft.moc"

// Instruction tuning (CausalLmTask): the encoded samples and the loss at each of 20 steps equal a
// PyTorch + transformers (+ peft) reference within 1e-5, full fine-tuning and LoRA (goldens:
// tools/make_sft_parity.py); the loss on the LM head at the target positions only equals the loss
// on every position's logits; after training on a few held-in prompts greedy generation gives the
// taught answers; bad input fails with messages naming the file, the field or the option.
#include "../testsupport.h"
#include "tasktestsupport.h"

#include "core/io/tensorfile.h"
#include "core/models/layers/lmheadloss.h"
#include "core/models/textgenerator.h"
#include "core/runs/rundirectory.h"
#include "core/runs/runrecorder.h"
#include "core/tasks/causallmtask.h"
#include "core/train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace hone;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path sftDir() { return fs::path(test::dataPath(QStringLiteral("sft")).toStdString()); }

const json &goldens()
{
    static const json j = [] {
        std::ifstream in(sftDir() / "goldens.json");
        return json::parse(in);
    }();
    return j;
}

TrainingConfig baseConfig()
{
    const json &g = goldens();
    TrainingConfig c;
    c.task = "sft";
    c.metricForBestModel = "loss";
    c.greaterIsBetter = false;
    c.model = (sftDir() / "model").string();
    c.data.train = (sftDir() / "train.json").string();
    c.data.validation = (sftDir() / "validation.json").string();
    c.maxLength = g.at("max_length").get<int>();
    c.perDeviceTrainBatchSize = g.at("batch_size").get<int>();
    c.seed = g.at("seed").get<std::uint64_t>();
    c.groupByLength = false;
    c.loggingSteps = 1;
    c.saveTotalLimit = 1;
    c.threads = 1;
    c.bf16 = false; // the reference is float32; bf16 is the default only on CPUs with native bf16
    return c;
}

// The task with the reference's initial LoRA A matrices (PEFT draws them from its own generator).
class ReferenceLoraTask : public CausalLmTask {
public:
    using CausalLmTask::CausalLmTask;
    int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets) override
    {
        const int adapted = CausalLmTask::enableLoRA(options, targets);
        copyReferenceInit();
        return adapted;
    }

private:
    void copyReferenceInit()
    {
        auto init = loadTensors(sftDir() / "lora_init.safetensors");
        QVERIFY2(init.ok(), init.ok() ? "" : init.error().message.c_str());
        torch::NoGradGuard noGrad;
        std::size_t copied = 0;
        for (auto &item : module().named_parameters())
            if (auto it = init->find(item.key()); it != init->end()) {
                item.value().copy_(it->second);
                ++copied;
            }
        QCOMPARE(copied, init->size());
    }
};

using Host = hone::test::QuietTaskHost;

void writeFile(const fs::path &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary) << text;
}

// The error training `c` fails with (empty when it trains).
std::string trainingError(const TrainingConfig &c, const fs::path &runDir)
{
    TrainingFeedback feedback;
    auto summary = Trainer::train(c, runDir, feedback);
    return summary ? std::string() : summary.error().message;
}

} // namespace

class tst_SftTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samplesEncodeAsTheReference();
    void lossPerStepMatchesReference_data();
    void lossPerStepMatchesReference();
    void lossOnTargetPositionsOnly();
    void lmHeadLossBySlicesMatchesWhole();
    void learnsHeldInAnswers();
    void pretrainsOnPlainText();
    void badInputIsNamed();
};

// Token ids and the trained (assistant-only) mask of every training sample equal the reference's.
void tst_SftTask::samplesEncodeAsTheReference()
{
    QTemporaryDir dir;
    auto run = RunRecorder::create(fs::path(dir.path().toStdString()) / "run");
    QVERIFY(run.ok());
    Host host(*run);
    CausalLmTask task(baseConfig());
    auto prepared = task.prepare(host, RunStart::New);
    QVERIFY2(prepared, prepared ? "" : prepared.error().message.c_str());
    const json &samples = goldens().at("samples");
    QCOMPARE(task.size(SplitRole::Train), samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const TaskBatch b = task.batch(SplitRole::Train, {i});
        const auto ids = samples[i].at("ids").get<std::vector<std::int64_t>>();
        const auto trained = samples[i].at("trained").get<std::vector<int>>();
        QCOMPARE(b.ids.size(1), static_cast<std::int64_t>(ids.size()));
        std::int64_t learnt = 0;
        for (std::size_t t = 0; t < ids.size(); ++t) {
            QCOMPARE(b.ids[0][static_cast<std::int64_t>(t)].item<std::int64_t>(), ids[t]);
            QCOMPARE(b.targets[0][static_cast<std::int64_t>(t)].item<std::int64_t>() != -100, trained[t] == 1);
            learnt += t > 0 && trained[t] == 1;
        }
        QCOMPARE(b.learnt, learnt); // what the mean loss divides by
    }
}

void tst_SftTask::lossPerStepMatchesReference_data()
{
    QTest::addColumn<int>("index");
    int i = 0;
    for (const json &c : goldens().at("cases"))
        QTest::newRow(c.at("name").get<std::string>().c_str()) << i++;
}

void tst_SftTask::lossPerStepMatchesReference()
{
    QFETCH(int, index);
    const json &g = goldens();
    const json &golden = g.at("cases").at(static_cast<std::size_t>(index));
    const json &s = golden.at("settings");
    TrainingConfig c = baseConfig();
    c.name = golden.at("name").get<std::string>();
    c.maxSteps = g.at("steps").get<std::int64_t>();
    c.evalStrategy = "no";
    c.optim = s.at("optim").get<std::string>();
    c.lrSchedulerType = s.at("lr_scheduler_type").get<std::string>();
    c.learningRate = s.at("learning_rate").get<double>();
    c.weightDecay = s.at("weight_decay").get<double>();
    c.warmupSteps = s.at("warmup_steps").get<std::int64_t>();
    c.maxGradNorm = s.at("max_grad_norm").get<double>();
    c.momentum = s.value("momentum", 0.0);
    c.lora.enabled = s.at("lora").get<bool>();
    c.lora.rank = s.value("lora_r", 8);
    c.lora.alpha = s.value("lora_alpha", 16.0);
    c.lora.dropout = 0.0;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path runDir = fs::path(dir.path().toStdString()) / "run";
    TrainingFeedback feedback;
    auto summary = Trainer::train(c, std::make_unique<ReferenceLoraTask>(c), runDir, feedback);
    QVERIFY2(summary, summary ? "" : summary.error().message.c_str());

    auto records = RunDirectory::open(runDir)->readRecords();
    QVERIFY(records.ok());
    const auto expected = golden.at("losses").get<std::vector<double>>();
    QCOMPARE(records->steps.size(), expected.size());
    double worst = 0;
    std::size_t worstStep = 0;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (std::abs(records->steps[i].loss - expected[i]) > worst) {
            worst = std::abs(records->steps[i].loss - expected[i]);
            worstStep = i + 1;
        }
    qInfo("%s: largest difference %.3g at step %zu (loss %.6f -> %.6f)", c.name.c_str(), worst, worstStep, expected.front(),
          expected.back());
    QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("step %1: Hone %2, reference %3")
                                           .arg(worstStep)
                                           .arg(records->steps[worstStep - 1].loss, 0, 'f', 7)
                                           .arg(expected[worstStep - 1], 0, 'f', 7)));
    // The saved model is a Hugging Face folder Hone's generator (and transformers) opens, template included.
    QVERIFY(fs::is_regular_file(runDir / "model" / "chat_template.jinja"));
    auto generator = TextGenerator::open(runDir / "model");
    QVERIFY2(generator.ok(), generator.ok() ? "" : generator.error().message.c_str());
    QVERIFY(!generator->model().hasLoRA());
}

// The LM head on the positions NextTokenTargets picks gives transformers' loss on every position's
// logits (labels shifted by one, -100 ignored), and the same gradients.
void tst_SftTask::lossOnTargetPositionsOnly()
{
    torch::manual_seed(0);
    const std::int64_t rows = 3, length = 9, width = 16, vocab = 50;
    const torch::Tensor hidden = torch::randn({rows, length, width}).requires_grad_();
    const torch::Tensor head = torch::randn({vocab, width}).requires_grad_();
    torch::Tensor targets = torch::randint(0, vocab, {rows, length}, torch::kLong);
    targets.masked_fill_(torch::rand({rows, length}) < 0.5, -100); // prompt tokens
    targets[2].slice(0, 5).fill_(-100);                              // right padding
    const torch::Tensor next = targets.slice(1, 1).reshape({-1});
    QVERIFY(next.ne(-100).any().item<bool>() && next.eq(-100).any().item<bool>());

    auto options = torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100);
    const torch::Tensor logits = torch::linear(hidden, head); // [B, T, V]
    const torch::Tensor full = torch::nn::functional::cross_entropy(logits.slice(1, 0, length - 1).reshape({-1, vocab}), next, options);
    const NextTokenTargets picked = NextTokenTargets::of(targets);
    QCOMPARE(picked.labels.size(0), next.ne(-100).sum().item<std::int64_t>());
    const torch::Tensor selective =
        lmHeadLossSum(hidden.reshape({-1, width}).index_select(0, picked.positions), head, picked.labels) /
        static_cast<double>(picked.labels.size(0));
    const double expected = full.item<double>(), got = selective.item<double>();
    QVERIFY2(std::abs(got - expected) <= 1e-6 * std::abs(expected), qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(expected)));
    const auto expectedGrads = torch::autograd::grad({full}, {hidden, head});
    const auto grads = torch::autograd::grad({selective}, {hidden, head});
    for (std::size_t i = 0; i < grads.size(); ++i)
        QVERIFY((grads[i] - expectedGrads[i]).abs().max().item<double>() <= 1e-6 * expectedGrads[i].abs().max().item<double>());
}

// With a vocabulary whose logits take several slices, the sliced loss and its gradients are the
// whole computation's, with the head trained or frozen (LoRA), and without gradients.
void tst_SftTask::lmHeadLossBySlicesMatchesWhole()
{
    torch::manual_seed(1);
    const std::int64_t rows = 150, width = 8, vocab = 70000; // 59 rows per 16 MiB slice
    const torch::Tensor hidden = torch::randn({rows, width}).requires_grad_();
    const torch::Tensor labels = torch::randint(0, vocab, {rows}, torch::kLong);
    for (const bool trainHead : {true, false}) {
        const torch::Tensor head = (torch::randn({vocab, width}) * 0.5).requires_grad_(trainHead);
        const torch::Tensor whole = torch::nn::functional::cross_entropy(
            torch::linear(hidden, head), labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        const torch::Tensor sliced = lmHeadLossSum(hidden, head, labels);
        QVERIFY2(std::abs(sliced.item<double>() - whole.item<double>()) <= 1e-5 * whole.item<double>(),
                 qPrintable(QStringLiteral("%1 vs %2").arg(sliced.item<double>()).arg(whole.item<double>())));
        std::vector<torch::Tensor> inputs{hidden};
        if (trainHead)
            inputs.push_back(head);
        // A gradient other than 1 reaches the inputs scaled, as the mean loss sends it.
        const auto expected = torch::autograd::grad({whole * 0.25}, inputs);
        const auto got = torch::autograd::grad({sliced * 0.25}, inputs);
        for (std::size_t i = 0; i < got.size(); ++i) {
            const double error = (got[i] - expected[i]).abs().max().item<double>();
            QVERIFY2(error <= 1e-5 * expected[i].abs().max().item<double>(), qPrintable(QString::number(error)));
        }
        torch::NoGradGuard noGrad;
        QCOMPARE(lmHeadLossSum(hidden, head, labels).item<double>(), sliced.item<double>());
    }
}

// Trained long enough on four held-in prompts, the model's greedy answers are the taught ones, and
// the run records them at each evaluation; the untrained model answers something else.
void tst_SftTask::learnsHeldInAnswers()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    const json records = json::array({
        {{"system", "Answer briefly."}, {"instruction", "What is the capital of France?"}, {"output", "Paris."}},
        {{"system", "Answer briefly."}, {"instruction", "Translate to French."}, {"input", "cat"}, {"output", "chat"}},
        {{"system", "Answer briefly."}, {"instruction", "Say hi."}, {"output", "Hi there!"}},
        {{"system", "Answer briefly."}, {"instruction", "What is two plus two?"}, {"output", "Four."}},
    });
    writeFile(root / "taught.json", records.dump(1));
    TrainingConfig c = baseConfig();
    c.data.train = (root / "taught.json").string();
    c.data.validation = c.data.train; // held-in: the prompts it was taught
    c.maxSteps = 120;
    c.learningRate = 1e-2;
    c.warmupSteps = 5;
    c.evalStrategy = "steps";
    c.evalSteps = 60;
    c.loggingSteps = 20;
    c.samplePrompts = 4;
    c.maxNewTokens = 12;
    const fs::path runDir = root / "run";
    TrainingFeedback feedback;
    auto summary = Trainer::train(c, runDir, feedback);
    QVERIFY2(summary, summary ? "" : summary.error().message.c_str());
    QVERIFY(summary->validationValues.count("perplexity"));

    auto run = RunDirectory::open(runDir);
    auto recorded = run->readRecords();
    QVERIFY(recorded.ok());
    QCOMPARE(recorded->samples.size(), std::size_t(2)); // one per evaluation (steps 60 and 120)
    const SampleAnswers &last = recorded->samples.back();
    QCOMPARE(last.step, std::int64_t(120));
    QCOMPARE(last.answers.size(), std::size_t(4));
    for (const SampleAnswer &a : last.answers)
        QCOMPARE(QString::fromStdString(a.answer), QString::fromStdString(a.reference));
    // The answers are scored in the evaluation record: all four taught, so EM, F1 and ROUGE are full.
    const auto finalEval = std::find_if(recorded->evals.rbegin(), recorded->evals.rend(),
                                        [](const EvalMetrics &e) { return e.split == "validation"; });
    QVERIFY(finalEval != recorded->evals.rend());
    QCOMPARE(finalEval->step, std::int64_t(120));
    QVERIFY(finalEval->value("bleu")); // answers of 1-3 words have no 4-grams: BLEU is not 100 here
    for (const char *metric : {"exact_match", "answer_f1"})
        QVERIFY2(finalEval->value(metric) && std::abs(*finalEval->value(metric) - 100.0) < 1e-9, metric);
    for (const char *metric : {"rouge1", "rougeL"})
        QVERIFY2(finalEval->value(metric) && std::abs(*finalEval->value(metric) - 1.0) < 1e-9, metric);
    QVERIFY(fs::is_regular_file(runDir / "predictions" / "validation.jsonl"));

    auto base = TextGenerator::open(sftDir() / "model");
    QVERIFY(base.ok());
    GenerationOptions options;
    options.maxNewTokens = 12;
    const std::string prompt = "<|im_start|>system\nAnswer briefly.<|im_end|>\n<|im_start|>user\nWhat is the capital of "
                               "France?<|im_end|>\n<|im_start|>assistant\n";
    auto before = base->generate(prompt, options);
    QVERIFY(before.ok());
    QVERIFY(before->text != "Paris.");
    auto tuned = TextGenerator::open(runDir / "model");
    QVERIFY(tuned.ok());
    auto after = tuned->generate(prompt, options);
    QVERIFY(after.ok());
    QCOMPARE(QString::fromStdString(after->text), QStringLiteral("Paris."));
}

// Continued pre-training: every token of a plain text learnt (the loss on "all"), evaluated with
// perplexity, the sample answers continuing the start of each validation text.
void tst_SftTask::pretrainsOnPlainText()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    std::string text;
    for (int i = 0; i < 12; ++i)
        text += "The river runs to the sea number " + std::to_string(i) + ".\n";
    writeFile(root / "corpus.txt", text);
    TrainingConfig c = baseConfig();
    c.task = "pretrain";
    c.data.train = (root / "corpus.txt").string();
    c.data.validation.clear(); // carved from the training file
    c.maxSteps = 4;
    c.evalStrategy = "steps";
    c.evalSteps = 4;
    c.samplePrompts = 1;
    c.maxNewTokens = 4;

    auto run = RunRecorder::create(root / "prepared");
    QVERIFY(run.ok());
    Host host(*run);
    CausalLmTask task(c);
    auto prepared = task.prepare(host, RunStart::New);
    QVERIFY2(prepared, prepared ? "" : prepared.error().message.c_str());
    QCOMPARE(task.info().name, std::string("pretrain"));
    QCOMPARE(task.size(SplitRole::Train) + task.size(SplitRole::Validation), std::size_t(12));
    const TaskBatch b = task.batch(SplitRole::Train, {0});
    QVERIFY((b.targets == b.ids).all().item<bool>()); // no padding in a batch of one: every token trained

    TrainingFeedback feedback;
    auto summary = Trainer::train(c, root / "run", feedback);
    QVERIFY2(summary, summary ? "" : summary.error().message.c_str());
    QCOMPARE(summary->task, std::string("pretrain"));
    QVERIFY(summary->validationValues.at("perplexity") > 1);
    auto records = RunDirectory::open(root / "run")->readRecords();
    QVERIFY(records.ok());
    QCOMPARE(records->samples.size(), std::size_t(1));
    QVERIFY(!records->samples[0].answers.at(0).prompt.empty());
}

void tst_SftTask::badInputIsNamed()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    int n = 0;
    const auto expectError = [&](const TrainingConfig &c, std::initializer_list<const char *> parts) {
        const std::string message = trainingError(c, root / ("run" + std::to_string(++n)));
        QVERIFY2(!message.empty(), "training succeeded");
        for (const char *part : parts)
            QVERIFY2(message.find(part) != std::string::npos, (message + " lacks: " + part).c_str());
    };

    // A conversation without an assistant turn, and an empty output: the file, record/line and field.
    writeFile(root / "noassistant.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", "
                                          "\"content\": \"Hello\"}]}\n{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}\n");
    TrainingConfig c = baseConfig();
    c.data.train = (root / "noassistant.jsonl").string();
    expectError(c, {"noassistant.jsonl", "line 2", "no assistant turn"});
    writeFile(root / "emptyoutput.json", R"([{"instruction": "Hi", "output": ""}])");
    c.data.train = (root / "emptyoutput.json").string();
    expectError(c, {"emptyoutput.json", "record 1", "\"output\" is empty"});

    // A model without a chat template: the message names the model and the option that chooses one.
    const fs::path bare = root / "bare";
    fs::create_directories(bare);
    for (const char *f : {"config.json", "model.safetensors", "tokenizer.json"})
        fs::copy_file(sftDir() / "model" / f, bare / f);
    writeFile(bare / "tokenizer_config.json", R"({"tokenizer_class": "PreTrainedTokenizerFast", "eos_token": "<|im_end|>"})");
    c = baseConfig();
    c.model = bare.string();
    expectError(c, {"bare", "no chat template", "chat_template", "chatml"});
    c.chatTemplate = "chatml"; // a built-in template makes it trainable
    c.maxSteps = 1;
    c.evalStrategy = "no";
    QCOMPARE(QString::fromStdString(trainingError(c, root / "chatml")), QString());

    // The wrong kind of model for the task.
    c = baseConfig();
    c.model = test::dataPath(QStringLiteral("models/bert/base")).toStdString();
    expectError(c, {"encoder", "bert", "llama"});
    c = baseConfig();
    c.task = "classification";
    c.metricForBestModel = "accuracy";
    expectError(c, {"decoder", "llama", "--task sft"});
    // Plain text is for pre-training.
    writeFile(root / "plain.txt", "Some text.\nMore text.\n");
    c = baseConfig();
    c.data.train = (root / "plain.txt").string();
    expectError(c, {"plain.txt", "--task pretrain"});
}

QTEST_GUILESS_MAIN(tst_SftTask)
#include "tst_sfttask.moc"

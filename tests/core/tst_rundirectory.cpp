// Run folders: creation never overwrites, metrics survive a torn last line, states, checkpoints
// listing, and a checkpoint that hits a full disk leaves the previous one intact.
#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"
#include "core/runs/runrecorder.h"
#include "core/train/checkpoint.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <sys/resource.h>

using namespace hone;
namespace fs = std::filesystem;

class tst_RunDirectory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsDatedFoldersAndRefusesTakenOnes();
    void metricsToleratesATornLine();
    void mistypedFieldsDoNotThrow();
    void stateOfAKilledRunIsInterrupted();
    void stateKeepsTheNumberOfProcesses();
    void listsOnlyCompleteCheckpoints();
    void fullDiskKeepsThePreviousCheckpoint();
    void frozenParametersStayOutOfCheckpoints();
    void atomicWriteFailureKeepsTheOldFile();
};

void tst_RunDirectory::createsDatedFoldersAndRefusesTakenOnes()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    auto a = RunDirectory::create(root, "my run/1");
    auto b = RunDirectory::create(root, "my run/1");
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a->path() != b->path());
    QVERIFY(a->id().find("my-run-1") != std::string::npos);
    std::ofstream(a->path() / "x") << "1";
    auto again = RunDirectory::createAt(a->path());
    QVERIFY(!again.ok());
    QVERIFY(QString::fromStdString(again.error().message).contains(QStringLiteral("already exists")));
    QCOMPARE(listRuns(root).size(), std::size_t(2));
    // Names: non-ASCII kept, other runs of characters become one '-', never empty.
    auto suffix = [&](const std::string &name) { return newRunPath(root, name).filename().string().substr(16); };
    QCOMPARE(suffix("中文 模型"), std::string("中文-模型"));
    QCOMPARE(suffix("  "), std::string("run"));
    QCOMPARE(suffix("a.."), std::string("a"));
    QVERIFY(!RunDirectory::open(root).ok()); // the root is not a run
}

void tst_RunDirectory::metricsToleratesATornLine()
{
    QTemporaryDir dir;
    auto run = RunRecorder::create(fs::path(dir.path().toStdString()) / "r");
    QVERIFY(run.ok());
    StepMetrics step;
    step.step = 1;
    QVERIFY(run->appendStep(step).ok());
    EvalMetrics eval;
    eval.step = 2;
    QVERIFY(run->appendEval(eval, 3).ok());
    step.step = 3;
    QVERIFY(run->appendStep(step).ok());
    std::ofstream(run->directory().metricsFile(), std::ios::app) << "{\"kind\":\"st"; // killed mid-write
    auto records = run->directory().readMetrics();
    QVERIFY(records.ok());
    QCOMPARE(records->size(), std::size_t(3));
    QVERIFY(run->rewindTo(2).ok());
    records = run->directory().readMetrics();
    QCOMPARE(records->size(), std::size_t(2));
}

// Found by tests/fuzz/fuzz_runfolder (corpus file regression-mistyped-fields.txt): a run file
// with a field of the wrong type threw json::type_error out of readRunInfo (the history) and state().
void tst_RunDirectory::mistypedFieldsDoNotThrow()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    auto run = RunDirectory::createAt(root / "r");
    QVERIFY(run.ok());
    std::ofstream(run->stateFile()) << R"({"state": 3, "pid": "x", "created": []})";
    std::ofstream(run->configFile()) << R"({"name": 1, "model": {}, "data": [1], "metric_for_best_model": null})";
    std::ofstream(run->summaryFile()) << R"({"best": [0.5], "test": {"accuracy": "high"}})";
    std::ofstream(run->metricsFile()) << "[1, 2]\n{\"kind\": \"eval\", \"step\": \"7\", \"accuracy\": true}\n"
                                      << R"({"kind": "eval", "step": 4, "total_steps": 9, "accuracy": 0.75})" << "\n";
    QCOMPARE(run->state(), RunState::Created);
    auto info = readRunInfo(run->path());
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(info->name, std::string("r"));
    QCOMPARE(info->step, std::int64_t(4));
    QCOMPARE(info->totalSteps, std::int64_t(9));
    QVERIFY(info->bestMetric && *info->bestMetric == 0.75);
    QVERIFY(!info->testAccuracy);
    QCOMPARE(listRuns(root).size(), std::size_t(1));
    auto recorder = RunRecorder::open(run->path());
    QVERIFY(recorder.ok());
    QVERIFY(recorder->rewindTo(4).ok());
    std::ofstream(run->stateFile()) << "[]";
    QVERIFY(recorder->setState(RunState::Finished).ok());
    QCOMPARE(run->state(), RunState::Finished);
}

void tst_RunDirectory::stateOfAKilledRunIsInterrupted()
{
    QTemporaryDir dir;
    auto run = RunRecorder::create(fs::path(dir.path().toStdString()) / "r");
    QVERIFY(run->setState(RunState::Running).ok());
    QCOMPARE(run->directory().state(), RunState::Running); // this process is alive
    auto state = run->directory().readJson(run->directory().stateFile());
    (*state)["pid"] = 999999999; // a pid that cannot exist
    std::ofstream(run->directory().stateFile()) << state->dump();
    QCOMPARE(run->directory().state(), RunState::Interrupted);
    QVERIFY(!run->directory().owner());
    QVERIFY(run->setState(RunState::Finished).ok());
    QCOMPARE(run->directory().state(), RunState::Finished);
}

void tst_RunDirectory::stateKeepsTheNumberOfProcesses()
{
    QTemporaryDir dir;
    auto run = RunRecorder::create(fs::path(dir.path().toStdString()) / "r");
    QCOMPARE(run->directory().stateRecord().worldSize, 1);
    QVERIFY(run->setRunning(2).ok());
    QCOMPARE(run->directory().readJson(run->directory().stateFile())->value("world_size", 0), 2);
    // Stopped, failed or resumed without a new count: a resume still knows to start two processes.
    QVERIFY(run->setState(RunState::Canceled, "stopped at step 3").ok());
    QCOMPARE(run->directory().stateRecord().worldSize, 2);
    QVERIFY(run->setState(RunState::Running).ok());
    QCOMPARE(run->directory().stateRecord().worldSize, 2);
    QVERIFY(run->setRunning(1).ok());
    QCOMPARE(run->directory().stateRecord().worldSize, 1);
    QVERIFY(!run->directory().readJson(run->directory().stateFile())->contains("world_size"));
}

void tst_RunDirectory::listsOnlyCompleteCheckpoints()
{
    QTemporaryDir dir;
    auto run = RunDirectory::createAt(fs::path(dir.path().toStdString()) / "r");
    for (const char *name : {"step-12", "step-5", "step-48.partial", "step-x", "step-120", "other"})
        fs::create_directories(run->checkpointsDir() / name);
    const auto list = run->checkpoints();
    QCOMPARE(list.size(), std::size_t(3));
    QCOMPARE(list[0].filename().string(), std::string("step-5"));
    QCOMPARE(list[2].filename().string(), std::string("step-120"));
}

void tst_RunDirectory::fullDiskKeepsThePreviousCheckpoint()
{
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "checkpoints" / "step-1";
    TrainerState state;
    state.step = 1;
    torch::nn::Linear model(256, 256); // 256 KiB of weights
    const torch::Tensor weights = model->weight.detach().clone();
    QVERIFY(saveCheckpoint(target, state, *model, {{"w/exp_avg", weights}}, torch::zeros({8}, torch::kUInt8)).ok());

    // A "disk" that holds 64 KiB per file: the next checkpoint cannot be written.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    ::getrlimit(RLIMIT_FSIZE, &old);
    rlimit small = old;
    small.rlim_cur = 64 * 1024;
    ::setrlimit(RLIMIT_FSIZE, &small);
    state.step = 2;
    {
        torch::NoGradGuard noGrad;
        model->weight.mul_(2);
    }
    auto failed = saveCheckpoint(target, state, *model, {{"w/exp_avg", weights}}, torch::zeros({8}, torch::kUInt8));
    ::setrlimit(RLIMIT_FSIZE, &old);
    QVERIFY(!failed.ok());
    QVERIFY2(QString::fromStdString(failed.error().message).contains(QStringLiteral("model.safetensors")),
             failed.error().message.c_str());

    auto kept = loadCheckpoint(target);
    QVERIFY2(kept.ok(), kept.ok() ? "" : kept.error().message.c_str());
    QCOMPARE(kept->state.step, std::int64_t(1));
    torch::nn::Linear reloaded(256, 256);
    QVERIFY(loadCheckpointWeights(*reloaded, target).ok());
    QVERIFY(torch::equal(reloaded->weight, weights));
    QVERIFY(!fs::exists(target.string() + ".partial"));
}

// A LoRA or partly frozen run checkpoints only what it trains (as PEFT's adapters); the frozen rest
// comes from the base model when the checkpoint is loaded. A whole checkpoint must be whole.
void tst_RunDirectory::frozenParametersStayOutOfCheckpoints()
{
    QTemporaryDir dir;
    const fs::path target = fs::path(dir.path().toStdString()) / "checkpoints" / "step-3";
    torch::nn::Sequential model(torch::nn::Linear(64, 64), torch::nn::Linear(64, 2));
    model[0]->parameters()[0].requires_grad_(false); // the first layer's weight is "base model"
    model[0]->parameters()[1].requires_grad_(false);
    TrainerState state;
    state.step = 3;
    QVERIFY(saveCheckpoint(target, state, *model, {}, torch::zeros({8}, torch::kUInt8)).ok());
    auto saved = loadTensors(target / "model.safetensors");
    QVERIFY(saved.ok());
    QCOMPARE(saved->size(), std::size_t(2));
    QVERIFY(saved->count("1.weight") && saved->count("1.bias"));

    torch::nn::Sequential base(torch::nn::Linear(64, 64), torch::nn::Linear(64, 2));
    const torch::Tensor baseWeight = base[0]->parameters()[0].detach().clone();
    QVERIFY(loadCheckpointWeights(*base, target).ok());
    QVERIFY(torch::equal(base[0]->parameters()[0], baseWeight));
    QVERIFY(torch::equal(base[1]->parameters()[0], model[1]->parameters()[0]));

    // A model the checkpoint does not fit: a tensor of another shape is named.
    torch::nn::Sequential other(torch::nn::Linear(64, 64), torch::nn::Linear(64, 3));
    auto wrong = loadCheckpointWeights(*other, target);
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message.find("' has the wrong shape") != std::string::npos, wrong.error().message.c_str());

    // Everything trainable: the checkpoint is whole, and a missing tensor is an error.
    for (auto &p : model->parameters())
        p.requires_grad_(true);
    QVERIFY(saveCheckpoint(target, state, *model, {}, torch::zeros({8}, torch::kUInt8)).ok());
    torch::nn::Sequential bigger(torch::nn::Linear(64, 64), torch::nn::Linear(64, 2), torch::nn::Linear(2, 2));
    auto lacking = loadCheckpointWeights(*bigger, target);
    QVERIFY(!lacking.ok());
    QVERIFY2(lacking.error().message.find("lacks '2.weight'") != std::string::npos, lacking.error().message.c_str());
}

void tst_RunDirectory::atomicWriteFailureKeepsTheOldFile()
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "summary.json";
    QVERIFY(writeFileAtomically(file, std::string("old")).ok());
    auto r = writeFileAtomically(file, [](int) -> Result<void> { return makeError(ErrorCode::Io, "simulated: no space left"); });
    QVERIFY(!r.ok());
    std::ifstream in(file);
    std::string content;
    in >> content;
    QCOMPARE(content, std::string("old"));
    QCOMPARE(std::distance(fs::directory_iterator(dir.path().toStdString()), fs::directory_iterator()), 1L);
}

QTEST_GUILESS_MAIN(tst_RunDirectory)
#include "tst_rundirectory.moc"

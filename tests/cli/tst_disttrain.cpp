// hone-cli train with several processes on loopback, on the tiny model without dropout:
// 2 processes x batch 8 against 1 process x batch 16 (same losses within 1e-5 relative, grad norms
// and final weights within 5e-5; also for instruction tuning on the tiny Llama, token-weighted),
// two "machines" joined by hand with --nnodes, a worker killed with SIGKILL (all stop, the error
// names the rank, resume finishes the run as if uninterrupted), Ctrl-C, and a resume with another
// number of processes refused with the reason.
#include "../core/trainertestsupport.h"

#include "core/io/tensorfile.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Run = hone::test::CliRun;

QString cli() { return hone::test::cliProgram(); }
QString str(const fs::path &p) { return QString::fromStdString(p.string()); }

Run run(const QStringList &args) { return hone::test::runCli(args, 400000); }

// Every optimizer step logged (logging_steps 1): loss and gradient norm.
std::vector<std::pair<double, double>> stepCurve(const fs::path &runDir)
{
    std::vector<std::pair<double, double>> curve;
    std::ifstream in(runDir / "metrics.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        if (j.value("kind", std::string()) == "step")
            curve.emplace_back(j.value("loss", 0.0), j.value("grad_norm", 0.0));
    }
    return curve;
}

// Losses agree to 1e-5. Gradient norms and weights drift further from another order of float sums,
// amplified by the optimizer: with MKL's GEMMs (a LibTorch 2 build) 1.9e-5 after 30 AdamW steps,
// 6e-6 with OpenBLAS; a learning rate off by 0.1% moves them by 2e-3.
constexpr double kLossTolerance = 1e-5;
constexpr double kDriftTolerance = 5e-5;

double relative(double a, double b) { return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-12}); }

// The largest difference between two runs' final weights, relative to each tensor's largest value.
double weightDifference(const fs::path &a, const fs::path &b)
{
    auto ta = hone::loadTensors(a / "model" / "model.safetensors");
    auto tb = hone::loadTensors(b / "model" / "model.safetensors");
    if (!ta || !tb || ta->size() != tb->size())
        return 1e9;
    double worst = 0;
    for (const auto &[name, t] : *ta) {
        // An attention key bias adds q.b to all of a query's scores alike, which softmax ignores:
        // its gradient is zero but for rounding noise, and Adam scales that noise to lr-sized
        // steps, so any other order of float sums (also 1 vs 2 threads) moves it by ~1e-4.
        if (name.size() > 9 && name.compare(name.size() - 9, 9, ".key.bias") == 0)
            continue;
        const auto it = tb->find(name);
        if (it == tb->end())
            return 1e9;
        const double scale = std::max(t.abs().max().item<double>(), 1e-12);
        worst = std::max(worst, (t - it->second).abs().max().item<double>() / scale);
    }
    return worst;
}

pid_t firstChild(pid_t parent)
{
    std::ifstream in("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
    std::vector<pid_t> kids;
    for (pid_t k; in >> k;)
        kids.push_back(k);
    return kids.size() >= 2 ? kids[1] : -1; // the launcher starts rank 0 first: [1] is rank 1
}

// A port free on loopback right now (the kernel picks it; closed again for the launcher to take).
int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

class tst_DistTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoProcessesEqualOneWithTheCombinedBatch();
    void twoMachinesByHand();
    void killedWorkerStopsAllAndResumes();
    void ctrlCReachesEveryRank();
    void causalLmTwoProcessesEqualOne();

private:
    QStringList args(const fs::path &out, int batch) const;
    // args() with two processes of batch 8: the combined batch of the one-process reference run.
    QStringList twoProcesses(const fs::path &out) const;
    // Starts hone-cli with `a` and waits until the run in `dir` has logged step `step`.
    static bool startUntilStep(QProcess &p, const QStringList &a, const fs::path &dir, std::int64_t step);
    // hone-cli resume of `dir` with the two processes it was started with.
    Run resumeTwo(const fs::path &dir) const;
    QTemporaryDir m_dir;
    fs::path m_root, m_model, m_data;
};

QStringList tst_DistTrain::args(const fs::path &out, int batch) const
{
    return {QStringLiteral("train"), QStringLiteral("--model"), str(m_model), QStringLiteral("--data"), str(m_data),
            QStringLiteral("--out"), str(out), QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--lr"),
            QStringLiteral("3e-3"), QStringLiteral("--max-length"), QStringLiteral("32"), QStringLiteral("--batch-size"),
            QString::number(batch), QStringLiteral("--logging-steps"), QStringLiteral("1"), QStringLiteral("--eval-strategy"),
            QStringLiteral("steps"), QStringLiteral("--eval-steps"), QStringLiteral("10"), QStringLiteral("--threads"),
            QStringLiteral("1"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--quiet"),
            QStringLiteral("--no-bf16")}; // float32: bf16 rounding differs with the batch's split
}

QStringList tst_DistTrain::twoProcesses(const fs::path &out) const
{
    return args(out, 8) << QStringLiteral("--nproc-per-node") << QStringLiteral("2");
}

bool tst_DistTrain::startUntilStep(QProcess &p, const QStringList &a, const fs::path &dir, std::int64_t step)
{
    p.start(cli(), a);
    if (!p.waitForStarted())
        return false;
    QElapsedTimer clock;
    clock.start();
    while (hone::test::lastStep(dir / "metrics.jsonl") < step) {
        if (p.state() == QProcess::NotRunning || clock.elapsed() > 200000)
            return false;
        QTest::qWait(100);
    }
    return true;
}

Run tst_DistTrain::resumeTwo(const fs::path &dir) const
{
    return run({QStringLiteral("resume"), str(dir), QStringLiteral("--nproc-per-node"), QStringLiteral("2"), QStringLiteral("--quiet")});
}

void tst_DistTrain::initTestCase()
{
    m_root = fs::path(m_dir.path().toStdString());
    if (qEnvironmentVariableIsSet("HONE_KEEP_TEST_DIR")) // for looking at the runs after a failure
        m_dir.setAutoRemove(false), qInfo("runs in %s", m_dir.path().toUtf8().constData());
    m_model = hone::test::writeTinyModel(m_root);
    // Without dropout, so one process and two draw no different masks: the runs must agree.
    std::ifstream in(m_model / "config.json");
    json config = json::parse(in);
    in.close();
    config["hidden_dropout_prob"] = 0.0;
    config["attention_probs_dropout_prob"] = 0.0;
    std::ofstream(m_model / "config.json") << config.dump(2);
    m_data = hone::test::writeTinyDataset(m_root, 200); // 160 training rows: 10 steps of 16 per epoch
    const Run one = run(args(m_root / "one", 16));
    QVERIFY2(one.exitCode == 0, qPrintable(one.err));
}

void tst_DistTrain::twoProcessesEqualOneWithTheCombinedBatch()
{
    const Run two = run(twoProcesses(m_root / "two"));
    QVERIFY2(two.exitCode == 0, qPrintable(two.err));
    const auto c1 = stepCurve(m_root / "one"), c2 = stepCurve(m_root / "two");
    QCOMPARE(c2.size(), c1.size());
    QVERIFY(c1.size() >= 30);
    for (std::size_t i = 0; i < c1.size(); ++i) {
        QVERIFY2(relative(c1[i].first, c2[i].first) < kLossTolerance,
                 qPrintable(QStringLiteral("loss at step %1: %2 vs %3").arg(i + 1).arg(c1[i].first, 0, 'g', 10).arg(c2[i].first, 0, 'g', 10)));
        QVERIFY2(relative(c1[i].second, c2[i].second) < kDriftTolerance, qPrintable(QStringLiteral("grad norm at step %1").arg(i + 1)));
    }
    const double w = weightDifference(m_root / "one", m_root / "two");
    QVERIFY2(w < kDriftTolerance, qPrintable(QStringLiteral("final weights differ by %1 (relative)").arg(w)));
    // Sharded evaluation summed over ranks: the same confusion matrix as one process.
    std::ifstream s1(m_root / "one" / "summary.json"), s2(m_root / "two" / "summary.json");
    const json j1 = json::parse(s1), j2 = json::parse(s2);
    QCOMPARE(j2["test"]["confusion_matrix"].dump(), j1["test"]["confusion_matrix"].dump());
    QVERIFY(relative(j1["test"]["loss"].get<double>(), j2["test"]["loss"].get<double>()) < kLossTolerance);
}

void tst_DistTrain::twoMachinesByHand()
{
    const QString port = QString::number(freePort());
    const fs::path node1Out = m_root / "node1-must-not-write";
    QStringList a0 = args(m_root / "nodes", 8), a1 = args(node1Out, 8);
    for (QStringList *a : {&a0, &a1})
        *a << QStringLiteral("--nnodes") << QStringLiteral("2") << QStringLiteral("--master-addr") << QStringLiteral("127.0.0.1")
           << QStringLiteral("--master-port") << port;
    a0 << QStringLiteral("--node-rank") << QStringLiteral("0");
    a1 << QStringLiteral("--node-rank") << QStringLiteral("1");
    QProcess n0, n1;
    n0.start(cli(), a0);
    n1.start(cli(), a1);
    QVERIFY(n0.waitForFinished(400000) && n1.waitForFinished(400000));
    QVERIFY2(n0.exitCode() == 0, n0.readAllStandardError().constData());
    QVERIFY2(n1.exitCode() == 0, n1.readAllStandardError().constData());
    QVERIFY2(!fs::exists(node1Out), "only rank 0 writes the run folder");
    const double w = weightDifference(m_root / "one", m_root / "nodes");
    QVERIFY2(w < kDriftTolerance, qPrintable(QStringLiteral("final weights differ by %1 (relative)").arg(w)));
}

void tst_DistTrain::killedWorkerStopsAllAndResumes()
{
    const fs::path dir = m_root / "killed";
    QProcess p;
    QVERIFY(startUntilStep(p, twoProcesses(dir), dir, 12)); // past the checkpoint at step 10
    const pid_t rank1 = firstChild(static_cast<pid_t>(p.processId()));
    QVERIFY(rank1 > 0);
    ::kill(rank1, SIGKILL);
    QVERIFY(p.waitForFinished(200000));
    QCOMPARE(p.exitCode(), 1);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("rank 1")) && err.contains(QStringLiteral("SIGKILL")), qPrintable(err));
    QVERIFY(!fs::exists(dir / "summary.json"));

    const Run other = run({QStringLiteral("resume"), str(dir), QStringLiteral("--quiet")});
    QVERIFY(other.exitCode != 0);
    QVERIFY2(other.err.contains(QStringLiteral("2 processes")), qPrintable(other.err));

    const Run resumed = resumeTwo(dir);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const double w = weightDifference(m_root / "one", dir);
    QVERIFY2(w < kDriftTolerance, qPrintable(QStringLiteral("resumed run's final weights differ by %1 (relative)").arg(w)));
}

void tst_DistTrain::ctrlCReachesEveryRank()
{
    const fs::path dir = m_root / "interrupted";
    QProcess p;
    QVERIFY(startUntilStep(p, twoProcesses(dir), dir, 5));
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(200000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 130, qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("hone-cli resume")), qPrintable(err));
    const Run resumed = resumeTwo(dir);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY(weightDifference(m_root / "one", dir) < kDriftTolerance);
}

void tst_DistTrain::causalLmTwoProcessesEqualOne()
{
    // Rows of unequal numbers of trained tokens: each rank's loss is weighted by its tokens' share.
    // SGD: Adam divides by each gradient's running RMS, so for embedding rows of tokens that barely
    // occur (reached only through the tied LM head) it turns the rounding of another summation
    // order into lr-sized steps (5e-5 relative after 10 AdamW steps at lr 1e-2; loss within 1e-7).
    const QString sft = hone::test::dataPath(QStringLiteral("sft"));
    const auto sftArgs = [&](const fs::path &out, int batch) {
        return QStringList{QStringLiteral("train"), QStringLiteral("--task"), QStringLiteral("sft"), QStringLiteral("--model"),
                           sft + QStringLiteral("/model"), QStringLiteral("--data"), sft + QStringLiteral("/train.json"),
                           QStringLiteral("--split"), QStringLiteral("0.75,0.25"), QStringLiteral("--epochs"), QStringLiteral("2"),
                           QStringLiteral("--batch-size"), QString::number(batch), QStringLiteral("--optim"), QStringLiteral("sgd"), QStringLiteral("--lr"), QStringLiteral("0.5"),
                           QStringLiteral("--logging-steps"), QStringLiteral("1"), QStringLiteral("--sample-prompts"),
                           QStringLiteral("1"), QStringLiteral("--max-new-tokens"), QStringLiteral("4"), QStringLiteral("--threads"),
                           QStringLiteral("1"), QStringLiteral("--seed"), QStringLiteral("5"), QStringLiteral("--quiet"),
                           QStringLiteral("--no-bf16"), QStringLiteral("--out"), str(out)};
    };
    const Run one = run(sftArgs(m_root / "lm-one", 4));
    QVERIFY2(one.exitCode == 0, qPrintable(one.err));
    QStringList a = sftArgs(m_root / "lm-two", 2);
    a << QStringLiteral("--nproc-per-node") << QStringLiteral("2");
    const Run two = run(a);
    QVERIFY2(two.exitCode == 0, qPrintable(two.err));
    const auto c1 = stepCurve(m_root / "lm-one"), c2 = stepCurve(m_root / "lm-two");
    QCOMPARE(c2.size(), c1.size());
    QVERIFY(c1.size() >= 10); // 18 training samples, 5 batches of 4 per epoch
    for (std::size_t i = 0; i < c1.size(); ++i) {
        QVERIFY2(relative(c1[i].first, c2[i].first) < kLossTolerance,
                 qPrintable(QStringLiteral("loss at step %1: %2 vs %3").arg(i + 1).arg(c1[i].first, 0, 'g', 10).arg(c2[i].first, 0, 'g', 10)));
        QVERIFY2(relative(c1[i].second, c2[i].second) < kDriftTolerance, qPrintable(QStringLiteral("grad norm at step %1").arg(i + 1)));
    }
    const double w = weightDifference(m_root / "lm-one", m_root / "lm-two");
    QVERIFY2(w < kDriftTolerance, qPrintable(QStringLiteral("final weights differ by %1 (relative)").arg(w)));
    // Sharded evaluation: loss sums and token counts summed over ranks give one process's loss.
    std::ifstream s1(m_root / "lm-one" / "summary.json"), s2(m_root / "lm-two" / "summary.json");
    const json j1 = json::parse(s1), j2 = json::parse(s2);
    QVERIFY2(relative(j1["validation"]["loss"].get<double>(), j2["validation"]["loss"].get<double>()) < kLossTolerance, qPrintable(QString::fromStdString(j2.dump())));
    // Rank 0 alone records the sample answers: one "samples" record per evaluation, as in one process.
    const auto samplesRecords = [](const fs::path &runDir) {
        std::ifstream in(runDir / "metrics.jsonl");
        int n = 0;
        for (std::string line; std::getline(in, line);)
            n += json::parse(line).value("kind", std::string()) == "samples";
        return n;
    };
    QVERIFY(samplesRecords(m_root / "lm-one") > 0);
    QCOMPARE(samplesRecords(m_root / "lm-two"), samplesRecords(m_root / "lm-one"));
}

QTEST_GUILESS_MAIN(tst_DistTrain)
#include "tst_disttrain.moc"

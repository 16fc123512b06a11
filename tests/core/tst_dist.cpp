// Data-parallel plumbing on 2 local processes over loopback: c10d collectives, bucketed gradient
// sums against one process on the whole batch (uneven and empty shards, accumulation), and the
// launcher naming a rank that is killed or goes silent. The test binary is its own worker: with
// HONE_DIST_TEST_MODE set, main() runs one rank instead of the Qt tests.
#include "core/dist/communicator.h"
#include "core/dist/gradientreducer.h"
#include "core/dist/launcher.h"
#include "core/dist/worldinfo.h"

#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

using namespace hone;

namespace {

struct Net : torch::nn::Module {
    Net()
    {
        a = register_module("a", torch::nn::Linear(6, 16));
        b = register_module("b", torch::nn::Linear(16, 16));
        c = register_module("c", torch::nn::Linear(16, 3));
        unused = register_module("unused", torch::nn::Linear(2, 2)); // never in the graph
    }
    torch::Tensor forward(const torch::Tensor &x) { return c(torch::tanh(b(torch::tanh(a(x))))); }
    torch::nn::Linear a{nullptr}, b{nullptr}, c{nullptr}, unused{nullptr};
};

std::vector<torch::Tensor> gradsOf(Net &net)
{
    std::vector<torch::Tensor> g;
    for (auto &p : net.parameters())
        g.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return g;
}

// One step over `micro` global micro-batches of the given sizes: this rank's contiguous share of
// each, loss scaled by 1/(global batch), accumulation as the trainer does (1/accum per micro).
std::vector<torch::Tensor> distributedGrads(Net &net, Communicator *comm, GradientReducer *reducer,
                                            const std::vector<torch::Tensor> &xs, const std::vector<torch::Tensor> &ys)
{
    const int rank = comm ? comm->rank() : 0, size = comm ? comm->size() : 1;
    net.zero_grad();
    const double accum = static_cast<double>(xs.size());
    for (std::size_t m = 0; m < xs.size(); ++m) {
        const std::int64_t n = xs[m].size(0);
        const std::int64_t per = (n + size - 1) / size;
        const std::int64_t from = std::min(n, per * rank), to = std::min(n, from + per);
        if (reducer && m + 1 == xs.size())
            reducer->prepare();
        if (to > from) {
            auto logits = net.forward(xs[m].slice(0, from, to));
            auto loss = torch::nn::functional::cross_entropy(
                logits, ys[m].slice(0, from, to), torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
            (loss / static_cast<double>(n) / accum).backward();
        }
    }
    if (reducer)
        reducer->finish();
    return gradsOf(net);
}

int fail(const std::string &message)
{
    std::fprintf(stderr, "worker: %s\n", message.c_str());
    return 1;
}

int collectivesWorker(Communicator &comm)
{
    torch::Tensor t = torch::full({5}, static_cast<float>(comm.rank() + 1));
    comm.allreduceSum(t);
    if (!torch::equal(t, torch::full({5}, 3.f)))
        return fail("all-reduce sum is wrong");
    std::vector<torch::Tensor> b{torch::full({3}, static_cast<float>(comm.rank() * 7))};
    comm.broadcast(b, 0);
    if (!torch::equal(b[0], torch::zeros({3})))
        return fail("broadcast from rank 0 is wrong");
    if (comm.broadcastBytes("greeting", comm.rank() == 0 ? "from rank 0" : "") != "from rank 0")
        return fail("bytes broadcast is wrong");
    const auto gathered = comm.gatherBytes("ranks", "r" + std::to_string(comm.rank()));
    if (comm.rank() == 0 ? gathered != std::vector<std::string>{"r0", "r1"} : !gathered.empty())
        return fail("gathered bytes are wrong");
    return 0;
}

int reducerWorker(const std::shared_ptr<Communicator> &comm)
{
    torch::manual_seed(7 + static_cast<std::uint64_t>(comm->rank())); // different on purpose:
    Net net;
    std::vector<torch::Tensor> params = net.parameters();
    broadcastFromRank0(*comm, params);                                  // rank 0's weights win
    GradientReducer reducer(comm, params, 300); // small buckets: several, some of one tensor
    if (reducer.bucketCount() < 3)
        return fail("expected several buckets, got " + std::to_string(reducer.bucketCount()));
    torch::manual_seed(99); // the same data on every rank
    for (const std::vector<std::int64_t> &sizes : std::vector<std::vector<std::int64_t>>{{11}, {8, 5}, {1}, {3, 1, 6}}) {
        std::vector<torch::Tensor> xs, ys;
        for (auto n : sizes) {
            xs.push_back(torch::randn({n, 6}));
            ys.push_back(torch::randint(0, 3, {n}));
        }
        const auto want = distributedGrads(net, nullptr, nullptr, xs, ys); // one process, whole batches
        const auto got = distributedGrads(net, comm.get(), &reducer, xs, ys);
        for (std::size_t k = 0; k < want.size(); ++k) {
            const double err = (got[k] - want[k]).abs().max().item<double>();
            const double scale = want[k].abs().max().item<double>() + 1e-12;
            if (err > 1e-6 * scale + 1e-9)
                return fail("gradient " + std::to_string(k) + " differs from one process by " + std::to_string(err) +
                            " (batch sizes " + std::to_string(sizes.size()) + " micro-batches)");
        }
    }
    return 0;
}

int workerMain(const std::string &mode)
{
    std::signal(SIGTERM, SIG_IGN); // as hone-cli, which takes SIGTERM as "stop at the next step"
    auto world = worldFromEnvironment();
    if (!world)
        return fail(world.error().message);
    auto comm = Communicator::connect(*world);
    if (!comm)
        return fail(comm.error().message);
    try {
        if (mode == "collectives")
            return collectivesWorker(**comm);
        if (mode == "reducer")
            return reducerWorker(*comm);
        // die / hang: one good step, then rank 1 is killed or goes silent while rank 0 waits.
        torch::Tensor t = torch::ones({4});
        (*comm)->publishStep(1);
        (*comm)->allreduceSum(t);
        if (world->rank == 1) {
            if (mode == "die")
                std::raise(SIGKILL);
            std::this_thread::sleep_for(std::chrono::seconds(120));
            return 0;
        }
        (*comm)->publishStep(2);
        (*comm)->allreduceSum(t);
        return fail("the all-reduce with a dead or silent rank returned");
    } catch (const CollectiveError &e) {
        if (const char *report = std::getenv("HONE_DIST_TEST_REPORT"))
            std::ofstream(report) << e.what();
        return fail(e.what());
    }
}

} // namespace

class TestDist : public QObject {
    Q_OBJECT

    LaunchOutcome launch(const char *mode, int timeoutSeconds = 30, const QString &report = {})
    {
        qputenv("HONE_DIST_TEST_MODE", mode);
        qputenv("HONE_DIST_TEST_REPORT", report.toUtf8());
        LaunchPlan plan;
        plan.nprocPerNode = 2;
        plan.timeoutSeconds = timeoutSeconds;
        plan.graceSeconds = 2;
        plan.program = QCoreApplication::applicationFilePath().toStdString();
        const LaunchOutcome outcome = runWorkers(plan, [](const std::string &line) { qInfo("launcher: %s", line.c_str()); });
        qunsetenv("HONE_DIST_TEST_MODE");
        qunsetenv("HONE_DIST_TEST_REPORT");
        return outcome;
    }

private Q_SLOTS:
    void worldFromEnvironmentChecksValues()
    {
        qputenv("WORLD_SIZE", "2");
        qputenv("RANK", "2");
        qputenv("MASTER_PORT", "29500");
        auto bad = worldFromEnvironment();
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.find("RANK='2'") != std::string::npos, bad.error().message.c_str());
        qputenv("RANK", "1");
        auto ok = worldFromEnvironment();
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
        QCOMPARE(ok->rank, 1);
        QCOMPARE(ok->worldSize, 2);
        QVERIFY(!ok->isWriter());
        for (const char *v : {"WORLD_SIZE", "RANK", "MASTER_PORT"})
            qunsetenv(v);
        auto single = worldFromEnvironment();
        QVERIFY(single && !single->distributed());
    }

    void launchPlanIsValidated()
    {
        LaunchPlan plan;
        plan.nnodes = 2;
        QVERIFY(validateLaunchPlan(plan).find("--master-port") != std::string::npos);
        plan.masterPort = 29500;
        plan.nodeRank = 2;
        QVERIFY(validateLaunchPlan(plan).find("--node-rank") != std::string::npos);
        plan.nodeRank = 1;
        QCOMPARE(validateLaunchPlan(plan), std::string());
    }

    void collectives()
    {
        const LaunchOutcome o = launch("collectives");
        QVERIFY2(o.exitCode == 0, o.failure.c_str());
    }

    void bucketedGradientsEqualOneProcess()
    {
        const LaunchOutcome o = launch("reducer");
        QVERIFY2(o.exitCode == 0, o.failure.c_str());
    }

    void killedRankIsNamed()
    {
        QTemporaryDir dir;
        const QString report = dir.filePath(QStringLiteral("rank0.txt"));
        const LaunchOutcome o = launch("die", 30, report);
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.failure.find("rank 1") != std::string::npos && o.failure.find("SIGKILL") != std::string::npos,
                 o.failure.c_str());
        std::ifstream in(report.toStdString()); // what rank 0 itself said
        const std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QVERIFY2(said.find("rank 1") != std::string::npos && said.find("SIGKILL") != std::string::npos, said.c_str());
    }

    void silentRankIsNamed()
    {
        const LaunchOutcome o = launch("hang", 3); // rank 0 gives up on rank 1 after 3 s
        QCOMPARE(o.exitCode, 1);
        QVERIFY2(o.failure.find("rank 1 (at step 1) stopped responding") != std::string::npos, o.failure.c_str());
    }
};

int main(int argc, char **argv)
{
    if (const char *mode = std::getenv("HONE_DIST_TEST_MODE"))
        return workerMain(mode);
    QCoreApplication app(argc, argv);
    TestDist test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_dist.moc"

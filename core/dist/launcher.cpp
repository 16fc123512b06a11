#include "core/dist/launcher.h"

#include "core/dist/worldinfo.h"

#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <atomic>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <optional>
#include <thread>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hone {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char *kFailedKey = "hone/failed";

std::atomic<int> g_interrupts{0};

void onInterrupt(int) { g_interrupts.fetch_add(1, std::memory_order_relaxed); }

std::string signalName(int sig)
{
    switch (sig) {
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    default: return "signal " + std::to_string(sig);
    }
}

struct Worker {
    int rank = 0;
    pid_t pid = -1;
    bool running = true;
};

// Forks and execs one worker in its own process group (so the terminal's Ctrl-C reaches only
// the launcher, which passes it on exactly once), dying with the launcher.
pid_t spawn(const LaunchPlan &plan, const WorldInfo &world)
{
    const auto worldVars = world.environment();
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        const std::string entry = *e;
        if (!worldVars.count(entry.substr(0, entry.find('=')))) // the launcher's values win
            env.push_back(entry);
    }
    for (const auto &[k, v] : worldVars)
        env.push_back(k + "=" + v);
    // As torchrun: the cores are shared out, or every worker's OpenBLAS pool would take them all.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::string share = std::to_string(std::max(1u, cores / static_cast<unsigned>(plan.nprocPerNode)));
    for (const char *var : {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"})
        if (!std::getenv(var))
            env.push_back(std::string(var) + "=" + share);
    std::vector<std::string> args{plan.program};
    args.insert(args.end(), plan.arguments.begin(), plan.arguments.end());
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<char *> argv, envp;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

std::string describeExit(const Worker &w, int status)
{
    const std::string who = "rank " + std::to_string(w.rank) + " (pid " + std::to_string(w.pid) + ")";
    if (WIFSIGNALED(status))
        return who + " was killed by " + signalName(WTERMSIG(status));
    if (WEXITSTATUS(status) == 127)
        return who + " could not start the worker program";
    return who + " exited with code " + std::to_string(WEXITSTATUS(status));
}

} // namespace

std::string validateLaunchPlan(const LaunchPlan &plan)
{
    if (plan.nprocPerNode < 1 || plan.nprocPerNode > 1024)
        return "--nproc-per-node: " + std::to_string(plan.nprocPerNode) + " is not in 1..1024";
    if (plan.nnodes < 1 || plan.nnodes > 4096)
        return "--nnodes: " + std::to_string(plan.nnodes) + " is not in 1..4096";
    if (plan.nodeRank < 0 || plan.nodeRank >= plan.nnodes)
        return "--node-rank: " + std::to_string(plan.nodeRank) + " is not in 0.." + std::to_string(plan.nnodes - 1);
    if (plan.masterPort < 0 || plan.masterPort > 65535)
        return "--master-port: " + std::to_string(plan.masterPort) + " is not in 1..65535";
    if (plan.nnodes > 1 && plan.masterPort == 0)
        return "--master-port: several machines (--nnodes " + std::to_string(plan.nnodes) +
               ") need the same port on every one";
    if (plan.masterAddr.empty())
        return "--master-addr: empty";
    if (plan.timeoutSeconds < 1)
        return "--dist-timeout: must be at least 1 second";
    return {};
}

LaunchOutcome runWorkers(const LaunchPlan &plan, const std::function<void(const std::string &)> &say)
{
    if (auto problem = validateLaunchPlan(plan); !problem.empty())
        return {1, problem};
    c10::intrusive_ptr<c10d::TCPStore> store;
    int port = plan.masterPort;
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(plan.masterPort);
        options.isServer = plan.nodeRank == 0;
        options.waitWorkers = false;
        options.timeout = std::chrono::seconds(plan.timeoutSeconds);
        store = c10::make_intrusive<c10d::TCPStore>(plan.masterAddr, options);
        port = static_cast<int>(store->getPort());
    } catch (const std::exception &e) {
        return {1, (plan.nodeRank == 0 ? "could not serve the rendezvous store on port " : "could not reach the rendezvous store at " +
                                                                                              plan.masterAddr + ":") +
                       std::to_string(plan.masterPort) + ": " + e.what()};
    }

    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    struct sigaction oldInt {}, oldTerm {};
    g_interrupts = 0;
    ::sigaction(SIGINT, &action, &oldInt);
    ::sigaction(SIGTERM, &action, &oldTerm);

    const int worldSize = plan.nprocPerNode * plan.nnodes;
    std::vector<Worker> workers;
    for (int local = 0; local < plan.nprocPerNode; ++local) {
        WorldInfo world;
        world.rank = plan.nodeRank * plan.nprocPerNode + local;
        world.worldSize = worldSize;
        world.localRank = local;
        world.localWorldSize = plan.nprocPerNode;
        world.nodeRank = plan.nodeRank;
        world.masterAddr = plan.masterAddr;
        world.masterPort = port;
        world.timeoutSeconds = plan.timeoutSeconds;
        Worker w;
        w.rank = world.rank;
        w.pid = spawn(plan, world);
        if (w.pid < 0) {
            for (auto &started : workers)
                ::kill(started.pid, SIGKILL);
            return {1, std::string("could not start a worker: ") + std::strerror(errno)};
        }
        workers.push_back(w);
    }
    say("started ranks " + std::to_string(workers.front().rank) + ".." + std::to_string(workers.back().rank) + " of " +
        std::to_string(worldSize) + " (rendezvous " + plan.masterAddr + ":" + std::to_string(port) + ")");

    LaunchOutcome outcome;
    int forwarded = 0;
    bool canceled = false;
    std::optional<Clock::time_point> killAt;
    auto terminateOthers = [&] {
        for (auto &w : workers)
            if (w.running)
                ::kill(w.pid, SIGTERM);
        killAt = Clock::now() + std::chrono::seconds(plan.graceSeconds);
    };
    std::size_t running = workers.size();
    while (running > 0) {
        for (const int interrupts = g_interrupts.load(); forwarded < interrupts; ++forwarded) {
            canceled = true;
            for (auto &w : workers)
                if (w.running)
                    ::kill(w.pid, SIGINT);
        }
        if (killAt && Clock::now() >= *killAt) {
            for (auto &w : workers)
                if (w.running)
                    ::kill(w.pid, SIGKILL);
            killAt.reset();
        }
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        for (auto &w : workers) {
            if (w.pid != pid || !w.running)
                continue;
            w.running = false;
            --running;
            const bool clean = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || (canceled && WEXITSTATUS(status) == 130));
            if (WIFEXITED(status) && WEXITSTATUS(status) == 130)
                canceled = true;
            if (clean || !outcome.failure.empty())
                break;
            outcome.failure = describeExit(w, status);
            // First one wins: a rank that diagnosed a silent peer before exiting recorded it already.
            try {
                const std::string f = outcome.failure;
                store->compareSet(kFailedKey, {}, std::vector<std::uint8_t>(f.begin(), f.end()));
            } catch (const std::exception &) {
            }
            terminateOthers();
            break;
        }
    }
    ::sigaction(SIGINT, &oldInt, nullptr);
    ::sigaction(SIGTERM, &oldTerm, nullptr);

    if (!outcome.failure.empty()) {
        try {
            if (store->check({kFailedKey})) {
                const auto v = store->get(kFailedKey);
                const std::string first(v.begin(), v.end());
                if (first != outcome.failure)
                    outcome.failure = first + "; then " + outcome.failure;
            }
        } catch (const std::exception &) {
        }
        outcome.exitCode = 1;
    } else {
        outcome.exitCode = canceled ? 130 : 0;
    }
    return outcome;
}

} // namespace hone

#include "core/dist/communicator.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/version.h>

#include <cstdlib>
#include <thread>

namespace hone {
namespace {

constexpr const char *kFailedKey = "hone/failed";

std::string stepKey(int rank) { return "hone/step/" + std::to_string(rank); }

std::vector<std::uint8_t> bytesOf(const std::string &s) { return {s.begin(), s.end()}; }
std::string stringOf(const std::vector<std::uint8_t> &b) { return {b.begin(), b.end()}; }

bool isLoopback(const std::string &host)
{
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

// The address Gloo listens on: GLOO_SOCKET_IFNAME's interface (as torch.distributed), loopback
// for a loopback master, else the address the machine's hostname resolves to.
std::shared_ptr<::gloo::transport::Device> glooDevice(const std::string &masterAddr)
{
    if (const char *ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
        return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
    if (isLoopback(masterAddr))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

} // namespace

struct Communicator::Impl {
    c10::intrusive_ptr<c10d::Store> store;
#if TORCH_VERSION_MAJOR >= 2 // where ProcessGroupGloo became a Backend of a ProcessGroup
    c10::intrusive_ptr<c10d::Backend> group;
#else
    c10::intrusive_ptr<c10d::ProcessGroup> group;
#endif
    std::string masterAddr = "127.0.0.1";
};

struct Communicator::Pending::State {
    Communicator *comm = nullptr;
    c10::intrusive_ptr<c10d::Work> work;
    std::vector<torch::Tensor> tensors; // kept alive while Gloo works on them
};

Communicator::Communicator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Communicator::~Communicator() = default;

Result<std::shared_ptr<Communicator>> Communicator::join(std::unique_ptr<Impl> impl, int rank, int size, int timeoutSeconds)
{
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(std::chrono::seconds(timeoutSeconds));
        options->devices.push_back(glooDevice(impl->masterAddr));
        // The group's own keys under "pg/" keep Hone's keys ("hone/...") apart.
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("pg", impl->store);
        impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, rank, size, options);
    } catch (const std::exception &e) {
        return makeError(ErrorCode::Io, "rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                            ": could not form the process group: " + e.what());
    }
    std::shared_ptr<Communicator> comm(new Communicator(std::move(impl)));
    comm->m_rank = rank;
    comm->m_size = size;
    comm->m_timeoutSeconds = timeoutSeconds;
    return comm;
}

Result<std::shared_ptr<Communicator>> Communicator::connect(const WorldInfo &world)
{
    auto impl = std::make_unique<Impl>();
    impl->masterAddr = world.masterAddr;
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(world.masterPort);
        options.isServer = false;
        options.waitWorkers = false;
        options.timeout = std::chrono::seconds(world.timeoutSeconds);
        impl->store = c10::make_intrusive<c10d::TCPStore>(world.masterAddr, options);
    } catch (const std::exception &e) {
        return makeError(ErrorCode::Io, "rank " + std::to_string(world.rank) + ": could not reach the rendezvous store at " +
                                            world.masterAddr + ":" + std::to_string(world.masterPort) + ": " + e.what());
    }
    return join(std::move(impl), world.rank, world.worldSize, world.timeoutSeconds);
}

void Communicator::allreduceSum(std::vector<torch::Tensor> &tensors)
{
    allreduceSumAsync(tensors).wait();
}

void Communicator::allreduceSum(torch::Tensor &tensor)
{
    std::vector<torch::Tensor> one{tensor};
    allreduceSum(one);
}

Communicator::Pending Communicator::allreduceSumAsync(std::vector<torch::Tensor> tensors)
{
    auto state = std::make_shared<Pending::State>();
    state->comm = this;
    state->tensors = std::move(tensors);
    try {
        state->work = m_impl->group->allreduce(state->tensors);
    } catch (const std::exception &e) {
        fail("all-reduce", e);
    }
    return Pending(std::move(state));
}

void Communicator::Pending::wait()
{
    if (!m_state)
        return;
    const auto state = std::move(m_state);
    try {
        state->work->wait();
    } catch (const std::exception &e) {
        state->comm->fail("all-reduce", e);
    }
}

void Communicator::broadcast(std::vector<torch::Tensor> &tensors, int root)
{
    c10d::BroadcastOptions options;
    options.rootRank = root;
    try {
        // Gloo broadcasts one tensor per call on the CPU.
        for (auto &t : tensors) {
            std::vector<torch::Tensor> one{t};
            m_impl->group->broadcast(one, options)->wait();
        }
    } catch (const std::exception &e) {
        fail("broadcast", e);
    }
}

std::string Communicator::broadcastBytes(const std::string &key, const std::string &bytes, int root)
{
    const std::string k = "hone/bcast/" + key;
    try {
        if (m_rank == root) {
            m_impl->store->set(k, bytesOf(bytes));
            return bytes;
        }
        return stringOf(m_impl->store->get(k)); // get() waits for the key up to the store's timeout
    } catch (const std::exception &e) {
        fail("sharing " + key, e);
    }
}

std::vector<std::string> Communicator::gatherBytes(const std::string &key, const std::string &bytes, int root)
{
    const std::string prefix = "hone/gather/" + key + "/";
    std::vector<std::string> all;
    try {
        m_impl->store->set(prefix + std::to_string(m_rank), bytesOf(bytes));
        if (m_rank == root)
            for (int r = 0; r < m_size; ++r)
                all.push_back(stringOf(m_impl->store->get(prefix + std::to_string(r))));
    } catch (const std::exception &e) {
        fail("gathering " + key, e);
    }
    return all;
}

void Communicator::publishStep(std::int64_t step)
{
    m_step = step;
    try {
        m_impl->store->set(stepKey(m_rank), bytesOf(std::to_string(step)));
    } catch (const std::exception &e) {
        fail("publishing the step", e);
    }
}

void Communicator::recordFailure(const std::string &message)
{
    try {
        m_impl->store->compareSet(kFailedKey, {}, bytesOf(message));
    } catch (const std::exception &) {
        // The store is gone with the launcher: the message still reaches stderr.
    }
}

void Communicator::fail(const std::string &operation, const std::exception &e)
{
    const std::string me = "rank " + std::to_string(m_rank);
    std::string verdict;
    try {
        // The launcher records a dead rank as soon as it reaps it; give it a moment to do so.
        auto &store = *m_impl->store;
        for (int i = 0; i < 30 && verdict.empty(); ++i) {
            if (store.check({kFailedKey}))
                verdict = stringOf(store.get(kFailedKey));
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (verdict.empty()) {
            // A silent rank is the one that has not reached the step the others wait in.
            std::string behind;
            for (int r = 0; r < m_size; ++r) {
                if (r == m_rank)
                    continue;
                const std::int64_t step = store.check({stepKey(r)}) ? std::stoll(stringOf(store.get(stepKey(r)))) : -1;
                if (step < m_step)
                    behind += (behind.empty() ? "" : ", ") + ("rank " + std::to_string(r) + " (at step " +
                                                              std::to_string(std::max<std::int64_t>(step, 0)) + ")");
            }
            if (!behind.empty()) {
                verdict = behind + " stopped responding for " + std::to_string(m_timeoutSeconds) + " s while " + me +
                          " waited at step " + std::to_string(m_step);
                recordFailure(verdict);
            }
        }
    } catch (const std::exception &) {
        // No store to ask (the launcher is gone): report what c10d said.
    }
    if (verdict.empty())
        verdict = "a peer of " + me + " failed";
    throw CollectiveError(verdict + " (" + operation + " on " + me + ": " + e.what() + ")");
}

} // namespace hone

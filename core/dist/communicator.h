#pragma once
// This process's link to the other ranks of a data-parallel run: LibTorch's c10d process group
// (Gloo over TCP) on a rendezvous store. c10d and Gloo headers stay in core/dist's .cpp files.
//
//   auto comm = Communicator::connect(world);           // TCPStore at MASTER_ADDR:MASTER_PORT
//   comm->allreduceSum(tensors);                          // in place, every rank gets the sums
//
// A collective that fails (a peer died, or a peer stayed silent longer than the timeout) throws
// CollectiveError whose message names the rank at fault when the store can tell: the launcher
// records deaths under "hone/failed", and every rank publishes its step under "hone/step/<rank>".
#include "core/dist/worldinfo.h"
#include "core/util/result.h"

#include <torch/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hone {

class CollectiveError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Communicator {
public:
    ~Communicator();
    // Joins the group through the launcher's TCPStore (clients only: the store outlives workers).
    static Result<std::shared_ptr<Communicator>> connect(const WorldInfo &world);

    int rank() const { return m_rank; }
    int size() const { return m_size; }

    // Sum over ranks, in place, blocking. Throws CollectiveError.
    void allreduceSum(std::vector<torch::Tensor> &tensors);
    void allreduceSum(torch::Tensor &tensor);
    // Rank `root`'s values on every rank, in place. Throws CollectiveError.
    void broadcast(std::vector<torch::Tensor> &tensors, int root = 0);
    // Rank `root`'s bytes on every rank (through the store: for configs and manifests).
    std::string broadcastBytes(const std::string &key, const std::string &bytes, int root = 0);

    // Every rank's bytes on rank `root` (in rank order; empty on the other ranks), through the
    // store: per-rank state such as RNG streams for a checkpoint. `key` must be new for each call.
    std::vector<std::string> gatherBytes(const std::string &key, const std::string &bytes, int root = 0);

    // Asynchronous sum: started now, finished by wait() (which throws CollectiveError).
    class Pending {
    public:
        struct State;
        Pending() = default;
        explicit Pending(std::shared_ptr<State> state) : m_state(std::move(state)) {}
        void wait();
        bool active() const { return m_state != nullptr; }

    private:
        std::shared_ptr<State> m_state;
    };
    Pending allreduceSumAsync(std::vector<torch::Tensor> tensors);

    // Publishes this rank's step (for naming a silent rank) and reads the launcher's verdict.
    void publishStep(std::int64_t step);
    // Records the first failure of the run under "hone/failed" (later ones keep the first).
    void recordFailure(const std::string &message);

    // Turns a c10d exception into a message that names the failing rank when it can be told.
    [[noreturn]] void fail(const std::string &operation, const std::exception &e);

    struct Impl;

private:
    explicit Communicator(std::unique_ptr<Impl> impl);
    static Result<std::shared_ptr<Communicator>> join(std::unique_ptr<Impl> impl, int rank, int size, int timeoutSeconds);

    std::unique_ptr<Impl> m_impl;
    int m_rank = 0;
    int m_size = 1;
    int m_timeoutSeconds = 120;
    std::int64_t m_step = 0;
};

} // namespace hone

#pragma once
// Data-parallel gradient sums without DistributedDataParallel (the C++ frontend has none):
// parameters are grouped into buckets of ~bucketBytes in reverse registration order (the order
// backward produces their gradients); a post-hook on each parameter's gradient accumulator marks
// it ready, and a full bucket is flattened and all-reduced at once while backward goes on with the
// layers below. Buckets start strictly in index order on every rank (Gloo pairs collectives by
// order). finish() waits for them and writes the sums back into each parameter's grad.
//
//   GradientReducer reducer(comm, trainable);
//   for each micro-batch: if (last) reducer.prepare(); loss.backward();
//   reducer.finish();                        // grads now hold the sum over ranks
//
// Sums, not means: the trainer scales each rank's loss by 1/(samples in the global batch), so the
// sum is exactly the gradient one process would get on the whole batch, also for uneven shards.
#include "core/dist/communicator.h"

#include <torch/csrc/autograd/variable.h>
#include <torch/types.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace hone {

class GradientReducer {
public:
    static constexpr std::size_t kDefaultBucketBytes = 25u << 20; // DDP's bucket_cap_mb default

    GradientReducer(std::shared_ptr<Communicator> comm, std::vector<torch::Tensor> parameters,
                    std::size_t bucketBytes = kDefaultBucketBytes);
    ~GradientReducer();
    GradientReducer(const GradientReducer &) = delete;
    GradientReducer &operator=(const GradientReducer &) = delete;

    // Arms the hooks: the next backward's accumulated gradients are summed as buckets fill.
    void prepare();
    // Starts the buckets backward did not fill (unused parameters, or no backward at all on a rank
    // whose shard is empty), waits for every sum and writes it into the grads. Throws CollectiveError.
    void finish();

    std::size_t bucketCount() const { return m_buckets.size(); }
    // Seconds spent in finish() waiting for sums backward had not hidden, summed since the start.
    double exposedWaitSeconds() const { return m_exposedWait; }

private:
    struct Bucket {
        std::vector<std::size_t> params;  // indices into m_params
        std::vector<std::int64_t> offsets; // of each parameter in the flat buffer
        torch::Tensor buffer;
        std::size_t waiting = 0;          // parameters not ready yet
        Communicator::Pending pending;
    };
    void markReady(std::size_t param);
    void launchReady();
    void launch(Bucket &bucket);

    std::shared_ptr<Communicator> m_comm;
    std::vector<torch::Tensor> m_params;
    std::vector<std::size_t> m_bucketOf;
    std::vector<bool> m_ready;
    std::vector<Bucket> m_buckets;
    // Keep the hooked nodes alive (a std::shared_ptr, or a c10::intrusive_ptr in later LibTorch).
    std::vector<decltype(torch::autograd::impl::grad_accumulator(std::declval<const torch::Tensor &>()))> m_accumulators;
    std::vector<std::uintptr_t> m_hookKeys;
    std::size_t m_nextLaunch = 0;
    bool m_armed = false;
    double m_exposedWait = 0;
};

// Rank 0's values of `tensors` on every rank (parameters at the start, so all ranks agree).
void broadcastFromRank0(Communicator &comm, std::vector<torch::Tensor> tensors);

} // namespace hone

#pragma once
// Where and how this process computes, made once per process and handed to batches, models,
// RNG, samplers and evaluation instead of implicit CPU tensors: the device, this rank's place in
// a data-parallel run with its communicator, and the autocast policy.
//
//   auto ctx = ExecutionContext::create(world, config.bf16);     // joins the group when world > 1
//   model->to(ctx->device());  Batch b = makeBatch(split, ctx->shard(global), pad, ctx->device());
//   { auto scope = ctx->autocast(); logits = model->logits(...); }
//   ctx->sumOverRanks(counts);                                     // no-op in one process
#include "core/dist/communicator.h"
#include "core/dist/worldinfo.h"
#include "core/util/result.h"

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace hone {

class ExecutionContext {
public:
    // cuda:<local rank> when this LibTorch build has CUDA and a device, else cpu. Joins the process
    // group when world.worldSize > 1.
    static Result<ExecutionContext> create(const WorldInfo &world, bool bf16Autocast);

    torch::Device device() const { return m_device; }
    const WorldInfo &world() const { return m_world; }
    int rank() const { return m_world.rank; }
    int worldSize() const { return m_world.worldSize; }
    bool isWriter() const { return m_world.isWriter(); }
    bool distributed() const { return m_comm != nullptr; }
    // Null in a single process.
    const std::shared_ptr<Communicator> &communicator() const { return m_comm; }

    // This rank's slice of a global batch (shardOf).
    std::vector<std::size_t> shard(const std::vector<std::size_t> &globalBatch) const;
    // In place: the sum over ranks (every rank gets it); unchanged in one process.
    void sumOverRanks(torch::Tensor &tensor) const;
    // The element-wise sums of a few numbers (step statistics, a cancel vote) in one round trip.
    std::vector<double> sumOverRanks(std::vector<double> values) const;
    // A seed of this rank's own for what must differ between ranks (dropout masks).
    std::uint64_t rankSeed(std::uint64_t seed) const;

    // Autocast for the scope's lifetime: bfloat16 matmuls on the CPU when the policy says so.
    class AutocastScope {
    public:
        explicit AutocastScope(bool enabled);
        ~AutocastScope();
        AutocastScope(const AutocastScope &) = delete;
        AutocastScope &operator=(const AutocastScope &) = delete;

    private:
        bool m_enabled;
    };
    bool bf16Autocast() const { return m_bf16; }

private:
    torch::Device m_device = torch::kCPU;
    WorldInfo m_world;
    std::shared_ptr<Communicator> m_comm;
    bool m_bf16 = false;
};

} // namespace hone

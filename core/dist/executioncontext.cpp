#include "core/dist/executioncontext.h"

#include "core/data/batchsampler.h"
#include "core/data/seededrandom.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace hone {

Result<ExecutionContext> ExecutionContext::create(const WorldInfo &world, bool bf16Autocast)
{
    ExecutionContext ctx;
    ctx.m_world = world;
    ctx.m_bf16 = bf16Autocast;
    if (torch::cuda::is_available())
        ctx.m_device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(world.localRank % torch::cuda::device_count()));
    if (world.distributed()) {
        auto comm = Communicator::connect(world);
        if (!comm)
            return comm.error();
        ctx.m_comm = std::move(comm).value();
    }
    return ctx;
}

std::vector<std::size_t> ExecutionContext::shard(const std::vector<std::size_t> &globalBatch) const
{
    return shardOf(globalBatch, m_world.rank, m_world.worldSize);
}

void ExecutionContext::sumOverRanks(torch::Tensor &tensor) const
{
    if (m_comm)
        m_comm->allreduceSum(tensor);
}

std::vector<double> ExecutionContext::sumOverRanks(std::vector<double> values) const
{
    if (!m_comm || values.empty())
        return values;
    torch::Tensor t = torch::tensor(values, torch::kFloat64);
    m_comm->allreduceSum(t);
    return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

std::uint64_t ExecutionContext::rankSeed(std::uint64_t seed) const
{
    return m_world.rank == 0 ? seed : mixSeed(seed, static_cast<std::uint64_t>(m_world.rank));
}

namespace {

// LibTorch 2.4 names the device in the autocast calls (the CPU-only ones warn there).
void setCpuAutocast(bool enabled)
{
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCPU, enabled);
    if (enabled)
        at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
#else
    at::autocast::set_cpu_enabled(enabled);
    if (enabled)
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
#endif
}

} // namespace

ExecutionContext::AutocastScope::AutocastScope(bool enabled) : m_enabled(enabled)
{
    if (m_enabled)
        setCpuAutocast(true);
}

ExecutionContext::AutocastScope::~AutocastScope()
{
    if (!m_enabled)
        return;
    setCpuAutocast(false);
    at::autocast::clear_cache();
}

} // namespace hone

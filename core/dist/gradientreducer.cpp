#include "core/dist/gradientreducer.h"

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/utils/lambda_post_hook.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/torch.h>

#include <chrono>

namespace hone {

GradientReducer::GradientReducer(std::shared_ptr<Communicator> comm, std::vector<torch::Tensor> parameters,
                                 std::size_t bucketBytes)
    : m_comm(std::move(comm)), m_params(std::move(parameters))
{
    m_bucketOf.resize(m_params.size());
    m_ready.assign(m_params.size(), false);
    // Reverse registration order: the head's gradients come first out of backward.
    std::size_t bytes = 0;
    for (std::size_t k = m_params.size(); k-- > 0;) {
        const torch::Tensor &p = m_params[k];
        const std::size_t size = static_cast<std::size_t>(p.numel()) * p.element_size();
        if (m_buckets.empty() || (bytes + size > bucketBytes && !m_buckets.back().params.empty())) {
            m_buckets.emplace_back();
            bytes = 0;
        }
        Bucket &b = m_buckets.back();
        b.offsets.push_back(b.params.empty() ? 0 : b.offsets.back() + m_params[b.params.back()].numel());
        b.params.push_back(k);
        m_bucketOf[k] = m_buckets.size() - 1;
        bytes += size;
    }
    for (Bucket &b : m_buckets) {
        const torch::Tensor &last = m_params[b.params.back()];
        b.buffer = torch::zeros({b.offsets.back() + last.numel()}, last.options().requires_grad(false));
    }
    for (std::size_t k = 0; k < m_params.size(); ++k) {
        auto accumulator = torch::autograd::impl::grad_accumulator(m_params[k]);
        m_hookKeys.push_back(accumulator->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
            [this, k](const torch::autograd::variable_list &outputs, const torch::autograd::variable_list &) {
                markReady(k);
                return outputs;
            })));
        m_accumulators.push_back(std::move(accumulator));
    }
}

GradientReducer::~GradientReducer()
{
    for (std::size_t k = 0; k < m_accumulators.size(); ++k)
        m_accumulators[k]->del_post_hook(m_hookKeys[k]);
}

void GradientReducer::prepare()
{
    m_armed = true;
    m_nextLaunch = 0;
    std::fill(m_ready.begin(), m_ready.end(), false);
    for (Bucket &b : m_buckets)
        b.waiting = b.params.size();
}

void GradientReducer::markReady(std::size_t param)
{
    if (!m_armed || m_ready[param])
        return;
    m_ready[param] = true;
    --m_buckets[m_bucketOf[param]].waiting;
    launchReady();
}

void GradientReducer::launchReady()
{
    while (m_nextLaunch < m_buckets.size() && m_buckets[m_nextLaunch].waiting == 0)
        launch(m_buckets[m_nextLaunch++]);
}

void GradientReducer::launch(Bucket &b)
{
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < b.params.size(); ++i) {
        const torch::Tensor &p = m_params[b.params[i]];
        torch::Tensor slot = b.buffer.narrow(0, b.offsets[i], p.numel());
        if (p.grad().defined())
            slot.copy_(p.grad().reshape({-1}));
        else
            slot.zero_(); // a parameter this rank's graph did not reach contributes nothing
    }
    b.pending = m_comm->allreduceSumAsync({b.buffer});
}

void GradientReducer::finish()
{
    if (!m_armed)
        prepare();
    for (Bucket &b : m_buckets)
        b.waiting = 0;
    launchReady();
    m_armed = false;
    const auto start = std::chrono::steady_clock::now();
    torch::NoGradGuard noGrad;
    for (Bucket &b : m_buckets) {
        b.pending.wait();
        for (std::size_t i = 0; i < b.params.size(); ++i) {
            torch::Tensor &p = m_params[b.params[i]];
            const torch::Tensor sum = b.buffer.narrow(0, b.offsets[i], p.numel()).view(p.sizes());
            if (p.grad().defined())
                p.mutable_grad().copy_(sum);
            else
                p.mutable_grad() = sum.clone();
        }
    }
    m_exposedWait += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void broadcastFromRank0(Communicator &comm, std::vector<torch::Tensor> tensors)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> detached;
    detached.reserve(tensors.size());
    for (auto &t : tensors)
        detached.push_back(t.detach());
    comm.broadcast(detached, 0);
}

} // namespace hone

#include "core/train/optimizers.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace hone {

Optimizer::Optimizer(std::vector<OptimizedParameter> params, std::vector<std::string> slots)
    : m_params(std::move(params)), m_slotNames(std::move(slots)), m_slots(m_params.size())
{
}

void Optimizer::step(double lr)
{
    torch::NoGradGuard noGrad;
    ++m_steps;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        auto &p = m_params[i];
        const torch::Tensor grad = p.tensor.grad();
        if (!grad.defined())
            continue;
        auto &slots = m_slots[i];
        if (slots.empty())
            for (std::size_t s = 0; s < m_slotNames.size(); ++s)
                slots.push_back(torch::zeros_like(p.tensor, torch::MemoryFormat::Preserve));
        update(p.tensor, grad, slots, lr, p.weightDecay, m_steps);
    }
}

void Optimizer::zeroGrad()
{
    for (auto &p : m_params)
        p.tensor.mutable_grad() = torch::Tensor(); // set_to_none, torch's default
}

std::map<std::string, torch::Tensor> Optimizer::state() const
{
    std::map<std::string, torch::Tensor> out;
    for (std::size_t i = 0; i < m_params.size(); ++i)
        for (std::size_t s = 0; s < m_slots[i].size(); ++s)
            out[m_params[i].name + "/" + m_slotNames[s]] = m_slots[i][s];
    return out;
}

void Optimizer::loadState(const std::map<std::string, torch::Tensor> &state, std::int64_t steps)
{
    torch::NoGradGuard noGrad;
    m_steps = steps;
    for (std::size_t i = 0; i < m_params.size(); ++i) {
        m_slots[i].clear();
        std::vector<torch::Tensor> slots;
        for (const auto &slot : m_slotNames) {
            auto it = state.find(m_params[i].name + "/" + slot);
            if (it == state.end())
                break;
            slots.push_back(it->second.to(m_params[i].tensor.dtype()).clone());
        }
        if (slots.size() == m_slotNames.size())
            m_slots[i] = std::move(slots);
    }
}

namespace {

struct AdamScalars {
    float decay, l2, w1, b2, w2, root2, eps, stepSize;
};

// One Adam(W) update of n elements in float, as torch's kernels compute it one after the other
// (decoupled decay or L2, lerp with a weight below 0.5, mul + addcmul, sqrt / sqrt(bc2) + eps,
// addcdiv); without branches (and built without errno for sqrt, core/CMakeLists.txt) so that it
// vectorises, for the widest vectors this CPU has.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
adamKernel(float *__restrict p, const float *__restrict g, float *__restrict m, float *__restrict v, std::int64_t n,
           const AdamScalars k)
{
    for (std::int64_t i = 0; i < n; ++i) {
        const float pi = p[i] * k.decay;
        const float gi = g[i] + k.l2 * pi;
        const float mi = m[i] + k.w1 * (gi - m[i]);
        const float vi = v[i] * k.b2 + k.w2 * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = pi + k.stepSize * (mi / (std::sqrt(vi) / k.root2 + k.eps));
    }
}

// torch.optim.AdamW / Adam (amsgrad off). Decoupled decay for AdamW, L2 in the gradient for Adam.
class AdamOptimizer : public Optimizer {
public:
    AdamOptimizer(std::vector<OptimizedParameter> p, double b1, double b2, double eps, bool decoupled)
        : Optimizer(std::move(p), {"exp_avg", "exp_avg_sq"}), m_b1(b1), m_b2(b2), m_eps(eps), m_decoupled(decoupled)
    {
    }

protected:
    void update(torch::Tensor &param, const torch::Tensor &gradIn, std::vector<torch::Tensor> &s, double lr, double wd,
                std::int64_t step) override
    {
        if (fusable(param, gradIn, s))
            return fusedUpdate(param, gradIn, s, lr, wd, step);
        torch::Tensor grad = gradIn;
        if (wd != 0) {
            if (m_decoupled)
                param.mul_(1 - lr * wd);
            else
                grad = grad.add(param, wd);
        }
        s[0].lerp_(grad, 1 - m_b1);
        s[1].mul_(m_b2).addcmul_(grad, grad, 1 - m_b2);
        const double bc1 = 1 - std::pow(m_b1, static_cast<double>(step));
        const double bc2 = 1 - std::pow(m_b2, static_cast<double>(step));
        const torch::Tensor denom = (s[1].sqrt() / std::sqrt(bc2)).add_(m_eps);
        param.addcdiv_(s[0], denom, -lr / bc1);
    }

private:
    static bool fusable(const torch::Tensor &param, const torch::Tensor &grad, const std::vector<torch::Tensor> &s)
    {
        for (const torch::Tensor *t : {&param, &grad, &s[0], &s[1]})
            if (t->scalar_type() != torch::kFloat || !t->is_contiguous() || t->device().type() != torch::kCPU ||
                t->layout() != torch::kStrided)
                return false;
        return grad.numel() == param.numel();
    }

    // The sequence above in one pass over each element (adamKernel): eight kernels that each
    // stream whole tensors through memory become one.
    void fusedUpdate(torch::Tensor &param, const torch::Tensor &grad, std::vector<torch::Tensor> &s, double lr,
                     double wd, std::int64_t step) const
    {
        AdamScalars k;
        k.decay = static_cast<float>(m_decoupled ? 1 - lr * wd : 1);
        k.l2 = static_cast<float>(m_decoupled ? 0 : wd);
        k.w1 = static_cast<float>(1 - m_b1);
        k.b2 = static_cast<float>(m_b2);
        k.w2 = static_cast<float>(1 - m_b2);
        k.root2 = static_cast<float>(std::sqrt(1 - std::pow(m_b2, static_cast<double>(step))));
        k.eps = static_cast<float>(m_eps);
        k.stepSize = static_cast<float>(-lr / (1 - std::pow(m_b1, static_cast<double>(step))));
        float *p = param.data_ptr<float>();
        const float *g = grad.data_ptr<float>();
        float *m = s[0].data_ptr<float>();
        float *v = s[1].data_ptr<float>();
        at::parallel_for(0, param.numel(), 1 << 16, [&](std::int64_t begin, std::int64_t end) {
            adamKernel(p + begin, g + begin, m + begin, v + begin, end - begin, k);
        });
        // Written through raw pointers: say so, as an in-place op would (packed decoding copies
        // and autograd's saved-tensor checks read the version).
        param.unsafeGetTensorImpl()->bump_version();
    }

    double m_b1, m_b2, m_eps;
    bool m_decoupled;
};

// torch.optim.SGD (dampening 0).
class SgdOptimizer : public Optimizer {
public:
    SgdOptimizer(std::vector<OptimizedParameter> p, double momentum, bool nesterov)
        : Optimizer(std::move(p), {"momentum_buffer"}), m_momentum(momentum), m_nesterov(nesterov)
    {
    }

protected:
    void update(torch::Tensor &param, const torch::Tensor &gradIn, std::vector<torch::Tensor> &s, double lr, double wd,
                std::int64_t step) override
    {
        torch::Tensor grad = wd != 0 ? gradIn.add(param, wd) : gradIn;
        if (m_momentum != 0) {
            if (step == 1)
                s[0].copy_(grad);
            else
                s[0].mul_(m_momentum).add_(grad);
            grad = m_nesterov ? grad.add(s[0], m_momentum) : s[0];
        }
        param.add_(grad, -lr);
    }

private:
    double m_momentum;
    bool m_nesterov;
};

// torch.optim.Adagrad (lr_decay 0, initial accumulator 0).
class AdagradOptimizer : public Optimizer {
public:
    AdagradOptimizer(std::vector<OptimizedParameter> p, double eps) : Optimizer(std::move(p), {"sum"}), m_eps(eps) {}

protected:
    void update(torch::Tensor &param, const torch::Tensor &gradIn, std::vector<torch::Tensor> &s, double lr, double wd,
                std::int64_t) override
    {
        const torch::Tensor grad = wd != 0 ? gradIn.add(param, wd) : gradIn;
        s[0].addcmul_(grad, grad, 1);
        param.addcdiv_(grad, s[0].sqrt().add_(m_eps), -lr);
    }

private:
    double m_eps;
};

// torch.optim.Adadelta (rho 0.9); lr scales the update as in torch.
class AdadeltaOptimizer : public Optimizer {
public:
    AdadeltaOptimizer(std::vector<OptimizedParameter> p, double eps)
        : Optimizer(std::move(p), {"square_avg", "acc_delta"}), m_eps(eps)
    {
    }

protected:
    void update(torch::Tensor &param, const torch::Tensor &gradIn, std::vector<torch::Tensor> &s, double lr, double wd,
                std::int64_t) override
    {
        constexpr double rho = 0.9;
        const torch::Tensor grad = wd != 0 ? gradIn.add(param, wd) : gradIn;
        s[0].mul_(rho).addcmul_(grad, grad, 1 - rho);
        const torch::Tensor std = s[0].add(m_eps).sqrt_();
        const torch::Tensor delta = s[1].add(m_eps).sqrt_().div_(std).mul_(grad);
        s[1].mul_(rho).addcmul_(delta, delta, 1 - rho);
        param.add_(delta, -lr);
    }

private:
    double m_eps;
};

// torch.optim.RMSprop (alpha 0.99, not centered; momentum from the config).
class RmspropOptimizer : public Optimizer {
public:
    RmspropOptimizer(std::vector<OptimizedParameter> p, double momentum, double eps)
        : Optimizer(std::move(p), {"square_avg", "momentum_buffer"}), m_momentum(momentum), m_eps(eps)
    {
    }

protected:
    void update(torch::Tensor &param, const torch::Tensor &gradIn, std::vector<torch::Tensor> &s, double lr, double wd,
                std::int64_t) override
    {
        constexpr double alpha = 0.99;
        const torch::Tensor grad = wd != 0 ? gradIn.add(param, wd) : gradIn;
        s[0].mul_(alpha).addcmul_(grad, grad, 1 - alpha);
        const torch::Tensor avg = s[0].sqrt().add_(m_eps);
        if (m_momentum > 0) {
            s[1].mul_(m_momentum).addcdiv_(grad, avg);
            param.add_(s[1], -lr);
        } else {
            param.addcdiv_(grad, avg, -lr);
        }
    }

private:
    double m_momentum, m_eps;
};

} // namespace

std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &c, std::vector<OptimizedParameter> params)
{
    // adam_epsilon is the one ε field: a value the user set applies to every optimizer; left at its
    // default, Adagrad and Adadelta keep torch.optim's own ε (1e-10, 1e-6), as HF's Trainer runs them.
    static const TrainingConfig defaults;
    const bool epsSet = c.adamEpsilon != defaults.adamEpsilon;
    const auto eps = [&](double torchDefault) { return epsSet ? c.adamEpsilon : torchDefault; };
    if (c.optim == "adam")
        return std::make_unique<AdamOptimizer>(std::move(params), c.adamBeta1, c.adamBeta2, c.adamEpsilon, false);
    if (c.optim == "sgd")
        return std::make_unique<SgdOptimizer>(std::move(params), c.momentum, c.nesterov);
    if (c.optim == "adagrad")
        return std::make_unique<AdagradOptimizer>(std::move(params), eps(1e-10));
    if (c.optim == "adadelta")
        return std::make_unique<AdadeltaOptimizer>(std::move(params), eps(1e-6));
    if (c.optim == "rmsprop")
        return std::make_unique<RmspropOptimizer>(std::move(params), c.momentum, c.adamEpsilon);
    if (c.optim == "adamw")
        return std::make_unique<AdamOptimizer>(std::move(params), c.adamBeta1, c.adamBeta2, c.adamEpsilon, true);
    return nullptr;
}

double scheduleFactor(const std::string &type, std::int64_t step, std::int64_t warmup, std::int64_t total)
{
    if (step < warmup)
        return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup));
    if (type == "constant")
        return 1.0;
    const double progress =
        static_cast<double>(step - warmup) / static_cast<double>(std::max<std::int64_t>(1, total - warmup));
    if (type == "cosine")
        return std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * 2.0 * 0.5 * progress)));
    return std::max(0.0, static_cast<double>(total - step) / static_cast<double>(std::max<std::int64_t>(1, total - warmup)));
}

} // namespace hone

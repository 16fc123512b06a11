// The AdamW step Hone trains with (one fused pass per parameter, core/train/optimizers.cpp)
// against the same rule written op by op as torch.optim's single-tensor AdamW does it (lerp,
// mul + addcmul, sqrt, div, add, addcdiv: each a pass through memory), on parameters shaped like
// all-MiniLM-L6-v2's (22.7M), alternating, median of the step times. Both give the same numbers.
//
//     build/<preset>/bench/optimizer_step [repetitions=20]
#include "core/train/optimizers.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace hone;

namespace {

std::vector<torch::Tensor> miniLmShapedParameters()
{
    std::vector<torch::Tensor> out{torch::randn({30522, 384}), torch::randn({512, 384}), torch::randn({2, 384})};
    for (int layer = 0; layer < 6; ++layer) {
        for (int i = 0; i < 4; ++i) {
            out.push_back(torch::randn({384, 384}));
            out.push_back(torch::randn({384}));
        }
        out.push_back(torch::randn({1536, 384}));
        out.push_back(torch::randn({1536}));
        out.push_back(torch::randn({384, 1536}));
        for (int i = 0; i < 5; ++i)
            out.push_back(torch::randn({384}));
    }
    return out;
}

// torch.optim.AdamW, single-tensor, for one parameter (weight decay 0.01, betas 0.9/0.999).
void opByOpStep(torch::Tensor &p, const torch::Tensor &g, torch::Tensor &m, torch::Tensor &v, double lr, std::int64_t step)
{
    p.mul_(1 - lr * 0.01);
    m.lerp_(g, 0.1);
    v.mul_(0.999).addcmul_(g, g, 0.001);
    const double bc1 = 1 - std::pow(0.9, static_cast<double>(step)), bc2 = 1 - std::pow(0.999, static_cast<double>(step));
    p.addcdiv_(m, (v.sqrt() / std::sqrt(bc2)).add_(1e-8), -lr / bc1);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    torch::NoGradGuard noGrad;
    torch::manual_seed(0);
    std::vector<torch::Tensor> fused = miniLmShapedParameters(), reference;
    std::vector<OptimizedParameter> params;
    std::int64_t count = 0;
    for (std::size_t i = 0; i < fused.size(); ++i) {
        fused[i].mutable_grad() = torch::randn_like(fused[i]);
        reference.push_back(fused[i].clone());
        params.push_back({"p" + std::to_string(i), fused[i], 0.01});
        count += fused[i].numel();
    }
    std::vector<torch::Tensor> m, v;
    for (const auto &p : reference) {
        m.push_back(torch::zeros_like(p));
        v.push_back(torch::zeros_like(p));
    }
    TrainingConfig config;
    config.optim = "adamw";
    config.adamEpsilon = 1e-8;
    auto optimizer = makeOptimizer(config, params);
    using Clock = std::chrono::steady_clock;
    std::vector<double> fusedMs, referenceMs;
    for (int step = 1; step <= repetitions; ++step) {
        auto t0 = Clock::now();
        optimizer->step(1e-3);
        auto t1 = Clock::now();
        for (std::size_t i = 0; i < reference.size(); ++i)
            opByOpStep(reference[i], fused[i].grad(), m[i], v[i], 1e-3, step);
        auto t2 = Clock::now();
        fusedMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        referenceMs.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    double diff = 0;
    for (std::size_t i = 0; i < reference.size(); ++i)
        diff = std::max(diff, (fused[i] - reference[i]).abs().max().item<double>());
    std::printf("AdamW step over %.1fM parameters (%d steps, %d intra-op threads): fused %.1f ms, op by op %.1f ms "
                "(%.2fx); max parameter difference %.2g\n",
                static_cast<double>(count) / 1e6, repetitions, at::get_num_threads(), median(fusedMs),
                median(referenceMs), median(referenceMs) / median(fusedMs), diff);
    return diff < 1e-5 ? 0 : 1;
}

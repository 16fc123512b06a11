// The rate of the fp32 matrix products a training step is made of, on the LibTorch Hone is built
// with: for each shape MxKxN, the forward product of a linear layer (x W^T + b: x is MxK, W is NxK)
// and the two products of its backward pass (input gradient MxN by NxK, weight gradient NxM by
// MxK). Threads as hone-cli's training has them (core/system/computethreads.h). One JSON line per
// shape and product: the median of the repetitions. bench/matmul_vs_torch.py runs it against the
// same products in PyTorch 2.x.
//
//     build/<preset>/bin/matmul_rate REPETITIONS MxKxN...
#include "core/system/computethreads.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

double medianSeconds(int repetitions, const std::function<torch::Tensor()> &product)
{
    product(); // warm up the BLAS threads and the allocator
    std::vector<double> seconds;
    for (int i = 0; i < repetitions; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const torch::Tensor out = product();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
    return seconds[seconds.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    hone::startWithPassiveWaiting();
    const int threads = hone::configureComputeThreads();
    const int repetitions = argc > 1 ? std::atoi(argv[1]) : 0;
    if (argc < 3 || repetitions < 1) {
        std::fprintf(stderr, "usage: %s REPETITIONS MxKxN...\n", argv[0]);
        return 2;
    }
    torch::NoGradGuard noGrad;
    for (int i = 2; i < argc; ++i) {
        long long m = 0, k = 0, n = 0;
        if (std::sscanf(argv[i], "%lldx%lldx%lld", &m, &k, &n) != 3 || m < 1 || k < 1 || n < 1) {
            std::fprintf(stderr, "%s: not a shape MxKxN\n", argv[i]);
            return 2;
        }
        const auto x = torch::randn({m, k}), w = torch::randn({n, k}), b = torch::randn({n}), gy = torch::randn({m, n});
        const std::pair<const char *, std::function<torch::Tensor()>> products[] = {
            {"forward", [&] { return torch::linear(x, w, b); }},
            {"input_gradient", [&] { return torch::mm(gy, w); }},
            {"weight_gradient", [&] { return torch::mm(gy.t(), x); }},
        };
        for (const auto &[name, product] : products) {
            const double s = medianSeconds(repetitions, product);
            std::printf("{\"shape\": \"%s\", \"product\": \"%s\", \"seconds\": %.6g, \"gflops\": %.4g, \"threads\": %d}\n",
                        argv[i], name, s, 2.0 * m * k * n / s / 1e9, threads);
        }
    }
    return 0;
}

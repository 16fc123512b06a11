// All-reduce time per optimizer step for a model's gradients on this machine (loopback): the
// model's real parameter shapes (from its safetensors header) in GradientReducer's buckets, summed
// over N local processes started by the launcher, with nothing to overlap (the worst case: the
// whole exchange is exposed). Rank 0 prints one JSON line.
//
//   dist_allreduce --model ~/.local/share/hone/models/all-MiniLM-L6-v2 [--nproc 2] [--steps 20]
#include "core/dist/communicator.h"
#include "core/dist/gradientreducer.h"
#include "core/dist/launcher.h"
#include "core/dist/worldinfo.h"
#include "core/io/safetensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace hone;

namespace {

int worker(const std::string &modelDir, int steps, double bucketMb)
{
    auto world = worldFromEnvironment();
    if (!world)
        return std::fprintf(stderr, "%s\n", world.error().message.c_str()), 1;
    auto files = findSafetensorsFiles(modelDir);
    if (!files)
        return std::fprintf(stderr, "%s\n", files.error().message.c_str()), 1;
    std::vector<torch::Tensor> params;
    for (const auto &file : *files) {
        auto header = readSafetensorsHeader(file);
        if (!header)
            return std::fprintf(stderr, "%s\n", header.error().message.c_str()), 1;
        for (const auto &t : header->tensors) {
            auto p = torch::zeros(t.shape, torch::requires_grad());
            p.mutable_grad() = torch::randn(t.shape);
            params.push_back(p);
        }
    }
    auto comm = Communicator::connect(*world);
    if (!comm)
        return std::fprintf(stderr, "%s\n", comm.error().message.c_str()), 1;
    std::int64_t count = 0;
    for (const auto &p : params)
        count += p.numel();
    GradientReducer reducer(*comm, params, static_cast<std::size_t>(bucketMb * (1 << 20)));
    std::vector<double> ms;
    torch::Tensor sync = torch::zeros({1});
    for (int s = 0; s < steps + 2; ++s) {
        (*comm)->allreduceSum(sync); // start every step together
        const auto start = std::chrono::steady_clock::now();
        reducer.prepare();
        reducer.finish();
        if (s >= 2) // the first two warm up Gloo's connections and buffers
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    if (world->rank == 0) {
        std::sort(ms.begin(), ms.end());
        double mean = 0;
        for (double m : ms)
            mean += m;
        mean /= static_cast<double>(ms.size());
        const double bytes = static_cast<double>(count) * 4;
        // Ring all-reduce moves 2 (p-1)/p of the data through each rank's link.
        const double p = world->worldSize;
        std::printf("{\"params\": %lld, \"bytes\": %.0f, \"buckets\": %zu, \"ranks\": %d, \"steps\": %d, "
                    "\"allreduce_ms_mean\": %.2f, \"allreduce_ms_median\": %.2f, \"allreduce_ms_min\": %.2f, "
                    "\"bus_GBps\": %.2f}\n",
                    static_cast<long long>(count), bytes, reducer.bucketCount(), world->worldSize, steps, mean,
                    ms[ms.size() / 2], ms.front(), 2 * (p - 1) / p * bytes / (ms[ms.size() / 2] / 1000) / 1e9);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::string model;
    int nproc = 2, steps = 20;
    double bucketMb = 25;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--model")
            model = argv[i + 1];
        else if (a == "--nproc")
            nproc = std::atoi(argv[i + 1]);
        else if (a == "--steps")
            steps = std::atoi(argv[i + 1]);
        else if (a == "--bucket-mb")
            bucketMb = std::atof(argv[i + 1]);
        else
            return std::fprintf(stderr, "unknown argument %s\n", argv[i]), 2;
    }
    if (model.empty())
        return std::fprintf(stderr, "usage: dist_allreduce --model DIR [--nproc 2] [--steps 20] [--bucket-mb 25]\n"), 2;
    if (std::getenv("WORLD_SIZE"))
        return worker(model, steps, bucketMb);
    LaunchPlan plan;
    plan.nprocPerNode = nproc;
    plan.program = std::filesystem::read_symlink("/proc/self/exe").string();
    plan.arguments.assign(argv + 1, argv + argc);
    const LaunchOutcome o = runWorkers(plan, [](const std::string &line) { std::fprintf(stderr, "launcher: %s\n", line.c_str()); });
    if (o.exitCode != 0)
        std::fprintf(stderr, "dist_allreduce: %s\n", o.failure.c_str());
    return o.exitCode;
}

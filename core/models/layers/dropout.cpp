#include "core/models/layers/dropout.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <cstdint>
#include <mutex>

namespace hone {

namespace {

// SplitMix64's output function (Steele, Lea, Flood 2014): the stream's value at counter x.
inline std::uint64_t splitMix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::uint64_t seedFromDefaultGenerator()
{
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    return at::check_generator<at::CPUGeneratorImpl>(generator)->random64();
}

} // namespace

torch::Tensor dropoutKeepMask(torch::IntArrayRef sizes, double p, std::uint64_t seed)
{
    TORCH_CHECK(p >= 0 && p < 1, "dropout probability must be in [0, 1), got ", p);
    torch::Tensor keep = torch::empty(sizes, torch::kBool);
    const std::int64_t n = keep.numel();
    // Each 64-bit draw decides two elements: kept when its 32-bit half is at least p * 2^32.
    const auto threshold = static_cast<std::uint64_t>(std::llround(p * 4294967296.0));
    bool *out = keep.data_ptr<bool>();
    at::parallel_for(0, (n + 1) / 2, 8192, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
            const std::uint64_t z = splitMix64(seed + static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL);
            out[2 * i] = (z & 0xFFFFFFFFULL) >= threshold;
            if (2 * i + 1 < n)
                out[2 * i + 1] = (z >> 32) >= threshold;
        }
    });
    return keep;
}

torch::Tensor applyDropout(const torch::Tensor &x, double p, bool training)
{
    if (!training || p <= 0)
        return x;
    if (p >= 1 || !x.device().is_cpu())
        return torch::dropout(x, p, true);
    // x * keep saves the byte mask for the backward pass; scaling the product in place needs nothing saved.
    return x.mul(dropoutKeepMask(x.sizes(), p, seedFromDefaultGenerator())).mul_(1.0 / (1.0 - p));
}

} // namespace hone

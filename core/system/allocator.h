#pragma once
#include <cstddef>

// How the C allocator keeps memory between batches. glibc hands every freed block above its mmap
// threshold back to the kernel, and trims the heap top past 128 KiB: each batch's activations are
// then mapped and zero-filled anew (clear_page and page faults were ~7% of a `hone-cli predict`
// profile). Keeping blocks up to 32 MiB (glibc's maximum) in the heap and its top untrimmed up to
// 1 GiB made prediction 1.27x faster (110 -> 140 texts/s, 3 runs each alternating, peak RSS +2%).
// Training MiniLM on emotion (bench/vs_trainer.py, quiet, 3 seeds) ran 1.12x faster with it but
// peaked higher (1463 vs 1424 MiB: 0.73x the Trainer's instead of the 0.70x Hone promises), so
// hone-cli applies it to inference commands only. A classifier's training gets the tensor cache
// below instead.

namespace hone {

// Once at start-up, before the first tensor (the workbench, hone-cli's inference commands); a no-op
// outside glibc.
void configureAllocator();
// LibTorch's CPU allocator becomes a cache: tensors of 1 MiB and more get blocks this process maps
// itself in size classes (1, 1.25, 1.5, 1.75 times a power of two), kept when freed for the next
// tensor up to two classes smaller, up to kTensorCacheBytes of free blocks (the least recently
// freed go back to the kernel first); smaller tensors stay with malloc. glibc's heap, which
// otherwise takes these blocks, cannot give back a freed block below a live one: training MiniLM
// it grew from 0.8 to 1.4 GiB over two epochs of batches of changing length, while the tensors
// alive at once never needed 0.95 GiB (measured by mapping every such block afresh, 1.7x slower).
// With the cache that run peaked at 1.17 GiB instead of 1.40 (two runs each, the same speed within
// their spread). Call once, early; tensors made before keep their own deleter.
void installTensorCache();
inline constexpr std::size_t kTensorCacheBytes = std::size_t(384) << 20;
// Hands the memory the heap keeps back to the kernel: the workbench calls it when a training
// ends, so the window does not hold a run's peak after it.
void releaseFreeMemory();

} // namespace hone

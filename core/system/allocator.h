#pragma once
// How the C allocator keeps memory between batches. glibc hands every freed block above its mmap
// threshold back to the kernel, and trims the heap top past 128 KiB: each batch's activations are
// then mapped and zero-filled anew (clear_page and page faults were ~7% of a `hone-cli predict`
// profile). Keeping blocks up to 32 MiB (glibc's maximum) in the heap and its top untrimmed up to
// 1 GiB made prediction 1.27x faster (110 -> 140 texts/s, 3 runs each alternating, peak RSS +2%).
// Training MiniLM on emotion (bench/vs_trainer.py, quiet, 3 seeds) ran 1.12x faster with it but
// peaked higher (1463 vs 1424 MiB: 0.73x the Trainer's instead of the 0.70x Hone promises), so
// hone-cli applies it to inference commands only. LibTorch's CPU allocator is plain malloc, so
// this is the only cache its tensors get.

namespace hone {

// Once at start-up, before the first tensor (the workbench, hone-cli's inference commands); a no-op
// outside glibc.
void configureAllocator();
// Hands the memory the heap keeps back to the kernel: the workbench calls it when a training
// ends, so the window does not hold a run's peak after it.
void releaseFreeMemory();

} // namespace hone

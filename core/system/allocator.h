#pragma once
// How the C allocator keeps memory between steps. glibc hands every freed block above its mmap
// threshold back to the kernel, and trims the heap top past 128 KiB: each batch's activations are
// then mapped and zero-filled anew (clear_page and page faults were ~7% of a `hone-cli predict`
// profile). Keeping blocks up to 32 MiB (glibc's maximum) in the heap and its top untrimmed up to
// 1 GiB made prediction 1.27x faster (110 -> 140 texts/s, 3 runs each alternating, peak RSS +2%).
// LibTorch's CPU allocator is plain malloc, so this is the only cache its tensors get.

namespace hone {

// Once at start-up, before the first tensor (CLI and GUI main); a no-op outside glibc.
void configureAllocator();
// Hands the memory the heap keeps back to the kernel: the workbench calls it when a training
// ends, so the window does not hold a run's peak after it.
void releaseFreeMemory();

} // namespace hone

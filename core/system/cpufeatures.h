#pragma once
// What this CPU can do, read from /proc/cpuinfo at run time: machines of one kind differ (AVX-512
// and native bfloat16 on some, neither on others), so speed paths and defaults are decided here,
// never at build time. Torch-free: the options table's defaults and the wizard use it.
#include <string>

namespace hone {

// HONE_CPU_FLAGS, when set, stands in for /proc/cpuinfo's flags (space-separated): tests check one
// machine kind's behaviour on another.
bool cpuHasFlag(const std::string &flag);
// Native bf16 (avx512_bf16 or amx_bf16). LibTorch's CPU autocast then runs matrix products in
// oneDNN's bf16 kernels: a MiniLM classifier and SmolLM2 LoRA SFT trained 1.5-1.7x faster than in
// float32 on a Zen 4 (2 cores), at the same accuracy, so bf16 is the training default there
// (TrainingConfig::bf16; bench/results/vs_trainer-emotion-defaults.md).
bool cpuHasNativeBf16() noexcept;
// Why bf16 autocast must not be chosen on this CPU, or empty where the CPU has native bf16. Without
// it, CPU autocast emulates bfloat16 and a MiniLM training run was measured 23x slower than fp32.
// The CLI refuses --bf16 with this reason, the wizard shows it before Start, and resuming a bf16 run
// (started where bf16 is native, the default there) is refused with it.
std::string bf16RefusalReason();

} // namespace hone

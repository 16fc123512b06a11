#pragma once
// How many threads LibTorch computes with (intra-op). Two facts measured on Debian 12:
// - LibTorch 1.13 defaults to std::thread::hardware_concurrency() / 2 on x86-64 (c10's
//   TaskThreadPoolBase::defaultNumThreads assumes 2-way SMT), so a 2-vCPU VM without SMT gets 1.
// - GEMMs run in OpenBLAS's own pthread pool, which already uses every core whatever LibTorch's
//   setting. With more than one OpenMP thread, libgomp's workers spin (OMP_WAIT_POLICY active by
//   default) after each element-wise op and steal the cores OpenBLAS needs: all-MiniLM-L6-v2
//   embedding ran 2-5x slower with 2 OpenMP threads than with 1, and on par with
//   OMP_WAIT_POLICY=PASSIVE (which libgomp reads only at start-up, from the environment).
// So the default is the physical core count when OMP_WAIT_POLICY=passive is set, else 1
// (GEMMs still use all cores through OpenBLAS). HONE_NUM_THREADS / OMP_NUM_THREADS override.
// hone-cli's compute commands and the workbench restart themselves with the passive policy
// (startWithPassiveWaiting): LoRA SFT of SmolLM2 then ran 1.19x faster (two alternating pairs,
// 6 steps: 169/159 -> 201/189 tokens/s; its vocabulary-wide softmax is element-wise work), MiniLM
// classification and peak memory stayed the same (63.8/57.4 vs 60.4/57.3 samples/s).
// OpenBLAS's own workers spin too, on sched_yield, for 2^28 cycles after each GEMM, holding the
// core libgomp's worker needs (a fifth of a LoRA SFT run's CPU time went to the kernel). With
// OPENBLAS_THREAD_TIMEOUT=4 (the least; read as the library loads) they sleep at once; the
// benches in bench/results (vs_trainer-*, sft_vs_peft) run with it.
// No LibTorch types here.

namespace hone {

// Physical cores in this process's affinity mask (SMT siblings counted once), capped by a cgroup
// v2 CPU quota; at least 1.
int availablePhysicalCores();
// HONE_NUM_THREADS, else OMP_NUM_THREADS, else availablePhysicalCores() when OMP_WAIT_POLICY is
// passive, else 1.
int defaultComputeThreads();
// Sets LibTorch's intra-op threads to requested (> 0) or defaultComputeThreads(); returns the
// count now in effect. Call once at start-up (CLI, GUI) before any parallel work.
int configureComputeThreads(int requested = 0);
// libgomp reads OMP_WAIT_POLICY, and OpenBLAS OPENBLAS_THREAD_TIMEOUT, once, as they load, before
// main(). Unless the environment names them, re-executes this process (/proc/self/exe, the
// arguments of /proc/self/cmdline) with OMP_WAIT_POLICY=passive and OPENBLAS_THREAD_TIMEOUT=4;
// returns when both were set already or the exec failed (then nothing changed). Call before any
// output in a command that computes: a restart costs one more LibTorch start-up (~0.4 s).
void startWithPassiveWaiting();

} // namespace hone

#pragma once
// How many threads LibTorch computes with. Debian's LibTorch 1.13 defaults its intra-op pool to
// std::thread::hardware_concurrency() / 2 on x86-64 (c10's TaskThreadPoolBase::defaultNumThreads
// guesses 2-way SMT), so on a 2-vCPU machine without SMT it uses 1 thread and half the machine
// idles. Hone instead counts the physical cores this process may run on (affinity mask, SMT
// siblings once, cgroup CPU quota), unless HONE_NUM_THREADS or OMP_NUM_THREADS says otherwise.
// No LibTorch types here.

namespace hone {

// Physical cores in this process's affinity mask (SMT siblings counted once), capped by a cgroup
// v2 CPU quota; at least 1.
int availablePhysicalCores();
// HONE_NUM_THREADS, else OMP_NUM_THREADS, else availablePhysicalCores().
int defaultComputeThreads();
// Sets LibTorch's intra-op threads to requested (> 0) or defaultComputeThreads(); returns the
// count now in effect. Call once at start-up (CLI, GUI) before any parallel work.
int configureComputeThreads(int requested = 0);

} // namespace hone

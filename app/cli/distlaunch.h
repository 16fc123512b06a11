#pragma once
// torchrun's flags on `hone-cli train` and `resume` (the launch rows of the options table,
// LaunchSettings): with --nproc-per-node N > 1 or --nnodes M > 1 this process becomes the launcher
// of this machine's workers (hone-cli re-executed with the same arguments minus these flags, and
// RANK/WORLD_SIZE/... in the environment).
#include "core/dist/launcher.h"
#include "core/train/trainingconfig.h"

#include <string>
#include <vector>

namespace hone::cli {

// True when the settings ask for workers and this process is not one already.
bool launchRequested(const LaunchSettings &settings);
// Runs the workers with this process's own arguments minus the launch flags, plus `extra`
// (e.g. --out with the run folder every rank must agree on); returns the exit code.
int launchWorkers(const LaunchSettings &settings, const std::vector<std::string> &extra);

} // namespace hone::cli

#pragma once
// Starts and supervises this machine's workers of a data-parallel run, as torchrun's agent does:
// node 0 serves the rendezvous TCPStore (it outlives the workers, so a dead rank can be named),
// every worker is the same program re-executed with RANK/WORLD_SIZE/... in its environment.
// Ctrl-C (SIGINT/SIGTERM to the launcher) is passed to every worker once, so all stop at the same
// step; a worker that dies stops the others (SIGTERM, then SIGKILL after a grace period) and the
// error names its rank. Unless set already, OMP_NUM_THREADS and OPENBLAS_NUM_THREADS give each
// worker its share of the cores. Torch-free header: hone-cli and the workbench can both launch.
#include "core/dist/launchsettings.h"

#include <functional>
#include <string>
#include <vector>

namespace hone {

// The launch settings as given (hone-cli's flags) plus what to run.
struct LaunchPlan : LaunchSettings {
    int graceSeconds = 10;        // after a failure, SIGTERM and wait this long before SIGKILL
    std::string program;          // the worker executable (hone-cli)
    std::vector<std::string> arguments; // its arguments (without the launch flags)
};

struct LaunchOutcome {
    int exitCode = 0;             // 0, 130 (canceled by the user) or 1 (a rank failed)
    std::string failure;          // which rank failed and how; empty on success
};

// Runs this node's workers until they end. `say` gets the launcher's own lines (start, failure).
LaunchOutcome runWorkers(const LaunchPlan &plan, const std::function<void(const std::string &)> &say);

// Checks a plan before anything starts (ranges, a port for several machines); "" when valid.
std::string validateLaunchPlan(const LaunchPlan &plan);

} // namespace hone

#pragma once
// How hone-cli starts a data-parallel run's processes, as torchrun's flags: settings of one
// invocation (node_rank differs between machines), not of the run, so run.json and config.json
// never hold them; a resume is given them again. The options table's launch rows fill them
// (TrainingConfig::launch); the launcher's plan is these plus what to run (launcher.h).
#include <string>

namespace hone {

struct LaunchSettings {
    int nprocPerNode = 1;             // worker processes on this machine
    int nnodes = 1;                   // machines
    int nodeRank = 0;                 // this machine, 0..nnodes-1 (0 serves the rendezvous)
    std::string masterAddr = "127.0.0.1";
    int masterPort = 0;               // 0: any free port (one machine only)
    int timeoutSeconds = 120;         // a collective waits this long for a silent rank
};

} // namespace hone

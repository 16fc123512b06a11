#pragma once
// Where this process sits in a data-parallel run, as torchrun tells its workers: through the
// environment (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT) plus
// HONE_DIST_TIMEOUT (seconds a collective may wait for a silent rank). Torch-free: the launcher
// in hone-cli writes these variables, the training engine reads them.
#include "core/util/result.h"

#include <map>
#include <string>

namespace hone {

struct WorldInfo {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    int localWorldSize = 1;
    int nodeRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 0;
    int timeoutSeconds = 120;

    bool distributed() const { return worldSize > 1; }
    // Rank 0 alone writes the run folder and talks to the user.
    bool isWriter() const { return rank == 0; }
    // The environment a worker is started with (the launcher's side of worldFromEnvironment).
    std::map<std::string, std::string> environment() const;
};

// A single process (worldSize 1) when WORLD_SIZE is unset; an error naming the variable when a
// value is malformed or inconsistent (RANK >= WORLD_SIZE, a port outside 1..65535, ...).
Result<WorldInfo> worldFromEnvironment();

} // namespace hone

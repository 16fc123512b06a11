#include "core/dist/worldinfo.h"

#include <cstdlib>

namespace hone {
namespace {

// The variable's integer value, or `fallback` when it is unset.
Result<int> intVariable(const char *name, int fallback, int min, int max)
{
    const char *value = std::getenv(name);
    if (!value || !*value)
        return fallback;
    char *end = nullptr;
    const long v = std::strtol(value, &end, 10);
    if (*end != '\0' || v < min || v > max)
        return makeError(ErrorCode::InvalidArgument, std::string("environment variable ") + name + "='" + value +
                                                         "': expected an integer in " + std::to_string(min) + ".." +
                                                         std::to_string(max));
    return static_cast<int>(v);
}

} // namespace

std::map<std::string, std::string> WorldInfo::environment() const
{
    return {{"RANK", std::to_string(rank)},
            {"WORLD_SIZE", std::to_string(worldSize)},
            {"LOCAL_RANK", std::to_string(localRank)},
            {"LOCAL_WORLD_SIZE", std::to_string(localWorldSize)},
            {"GROUP_RANK", std::to_string(nodeRank)},
            {"MASTER_ADDR", masterAddr},
            {"MASTER_PORT", std::to_string(masterPort)},
            {"HONE_DIST_TIMEOUT", std::to_string(timeoutSeconds)}};
}

Result<WorldInfo> worldFromEnvironment()
{
    WorldInfo w;
    auto world = intVariable("WORLD_SIZE", 1, 1, 1 << 20);
    if (!world)
        return world.error();
    w.worldSize = *world;
    if (w.worldSize == 1)
        return w;
    auto rank = intVariable("RANK", -1, 0, w.worldSize - 1);
    auto localWorld = intVariable("LOCAL_WORLD_SIZE", 1, 1, w.worldSize);
    if (!rank)
        return rank.error();
    if (*rank < 0)
        return makeError(ErrorCode::InvalidArgument, "environment variable RANK is not set but WORLD_SIZE is " +
                                                         std::to_string(w.worldSize));
    if (!localWorld)
        return localWorld.error();
    auto localRank = intVariable("LOCAL_RANK", 0, 0, *localWorld - 1);
    auto nodeRank = intVariable("GROUP_RANK", 0, 0, w.worldSize - 1);
    auto port = intVariable("MASTER_PORT", -1, 1, 65535);
    auto timeout = intVariable("HONE_DIST_TIMEOUT", w.timeoutSeconds, 1, 24 * 3600);
    for (const auto *r : {&localRank, &nodeRank, &port, &timeout})
        if (!*r)
            return r->error();
    if (*port < 0)
        return makeError(ErrorCode::InvalidArgument, "environment variable MASTER_PORT is not set but WORLD_SIZE is " +
                                                         std::to_string(w.worldSize));
    w.rank = *rank;
    w.localWorldSize = *localWorld;
    w.localRank = *localRank;
    w.nodeRank = *nodeRank;
    w.masterPort = *port;
    w.timeoutSeconds = *timeout;
    if (const char *addr = std::getenv("MASTER_ADDR"); addr && *addr)
        w.masterAddr = addr;
    return w;
}

} // namespace hone

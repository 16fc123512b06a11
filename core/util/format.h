#pragma once
// Human-readable numbers for terminal output: "22.7M", "86.7 MiB", "1m 05s".
#include <cstdint>
#include <string>

namespace hone {

std::string formatCount(std::int64_t n);
std::string formatBytes(std::uint64_t bytes);
std::string formatDuration(double seconds);

} // namespace hone

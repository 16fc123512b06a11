#pragma once
// Atomic file writes: write a sibling temporary, fsync, rename over the target, fsync the folder.
// A crash or a full disk leaves either the old file or the new one, never a torn one.
#include "core/util/result.h"

#include <filesystem>
#include <functional>
#include <string_view>

namespace hone {

// Calls write(fd) to fill the temporary; write returns an empty string on success or an error.
Result<void> writeFileAtomically(const std::filesystem::path &target,
                                 const std::function<Result<void>(int fd)> &write);
Result<void> writeFileAtomically(const std::filesystem::path &target, std::string_view contents);

// write(2) until done; EINTR-safe. The error names the file.
Result<void> writeAll(int fd, const void *data, std::size_t size, const std::filesystem::path &nameForErrors);

// Renames a fully written folder into place (used for checkpoints and exports).
Result<void> replaceDirectory(const std::filesystem::path &staged, const std::filesystem::path &target);

} // namespace hone

#include "core/io/atomicfile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace hone {
namespace fs = std::filesystem;

namespace {

void syncDirectory(const fs::path &dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<void> writeAll(int fd, const void *data, std::size_t size, const fs::path &nameForErrors)
{
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return makeError(ErrorCode::Io, nameForErrors.string() + ": write failed: " + std::strerror(errno));
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return {};
}

Result<void> writeFileAtomically(const fs::path &target, const std::function<Result<void>(int)> &write)
{
    const fs::path dir = target.parent_path();
    const fs::path temp = target.string() + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorCode::Io, target.string() + ": cannot create: " + std::strerror(errno));
    Result<void> written = write(fd);
    if (written.ok() && ::fsync(fd) != 0)
        written = makeError(ErrorCode::Io, target.string() + ": fsync failed: " + std::strerror(errno));
    if (::close(fd) != 0 && written.ok())
        written = makeError(ErrorCode::Io, target.string() + ": close failed: " + std::strerror(errno));
    if (written.ok() && ::rename(temp.c_str(), target.c_str()) != 0)
        written = makeError(ErrorCode::Io, target.string() + ": rename failed: " + std::strerror(errno));
    if (!written.ok()) {
        ::unlink(temp.c_str());
        return written;
    }
    syncDirectory(dir);
    return {};
}

Result<void> writeFileAtomically(const fs::path &target, std::string_view contents)
{
    return writeFileAtomically(target, [&](int fd) { return writeAll(fd, contents.data(), contents.size(), target); });
}

Result<void> replaceDirectory(const fs::path &staged, const fs::path &target)
{
    std::error_code ec;
    const fs::path old = target.string() + ".old";
    fs::remove_all(old, ec);
    if (fs::exists(target)) {
        fs::rename(target, old, ec);
        if (ec)
            return makeError(ErrorCode::Io, target.string() + ": cannot move aside: " + ec.message());
    }
    fs::rename(staged, target, ec);
    if (ec) {
        fs::rename(old, target, ec); // put the previous version back
        return makeError(ErrorCode::Io, target.string() + ": cannot move into place: " + ec.message());
    }
    syncDirectory(target.parent_path());
    fs::remove_all(old, ec);
    return {};
}

} // namespace hone

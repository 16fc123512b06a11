#include "core/util/trash.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace hone {
namespace fs = std::filesystem;

namespace {

// The spec stores Path URL-escaped (RFC 2396): unreserved characters and '/' as they are.
std::string urlEscaped(const std::string &path)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("-_.!~*'()/", c))
            out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string now()
{
    const std::time_t t = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&t, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &local);
    return buf;
}

} // namespace

fs::path homeTrashDir()
{
    if (const char *data = std::getenv("XDG_DATA_HOME"); data && *data == '/')
        return fs::path(data) / "Trash";
    if (const char *home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local/share/Trash";
    return {};
}

Result<fs::path> moveToTrash(const fs::path &path)
{
    std::error_code ec;
    const fs::path source = fs::absolute(path, ec).lexically_normal();
    if (ec || !fs::exists(fs::symlink_status(source, ec)))
        return makeError(ErrorCode::NotFound, path.string() + ": no such file or folder");
    const fs::path trash = homeTrashDir();
    if (trash.empty())
        return makeError(ErrorCode::Unsupported, "no trash folder: neither XDG_DATA_HOME nor HOME is set");
    fs::create_directories(trash / "files", ec);
    fs::create_directories(trash / "info", ec);
    if (ec)
        return makeError(ErrorCode::Io, (trash / "info").string() + ": cannot create: " + ec.message());
    fs::permissions(trash, fs::perms::owner_all, ec); // the spec wants the trash private

    // A name free in both files/ and info/; the .trashinfo is created exclusively first, which
    // reserves the name against another program trashing the same name at the same moment.
    std::string base = source.filename().string();
    if (base.empty())
        base = "trashed";
    for (int n = 1; n < 10000; ++n) {
        const std::string name = n == 1 ? base : base + "." + std::to_string(n);
        const fs::path info = trash / "info" / (name + ".trashinfo");
        const fs::path target = trash / "files" / name;
        if (fs::exists(fs::symlink_status(target, ec)))
            continue;
        const int fd = ::open(info.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                continue;
            return makeError(ErrorCode::Io, info.string() + ": cannot create: " + std::strerror(errno));
        }
        const std::string text = "[Trash Info]\nPath=" + urlEscaped(source.string()) + "\nDeletionDate=" + now() + "\n";
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        ::close(fd);
        if (!written || std::rename(source.c_str(), target.c_str()) != 0) {
            const int error = written ? errno : EIO;
            fs::remove(info, ec);
            if (error == EXDEV)
                return makeError(ErrorCode::Unsupported, source.string() + ": on another drive than the trash (" +
                                                             trash.string() + ")");
            return makeError(ErrorCode::Io, source.string() + ": cannot move to " + target.string() + ": " + std::strerror(error));
        }
        return target;
    }
    return makeError(ErrorCode::Io, (trash / "files").string() + ": no free name for " + base);
}

} // namespace hone

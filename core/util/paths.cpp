#include "core/util/paths.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace hone {
namespace fs = std::filesystem;

std::string environment(const char *name)
{
    const char *v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

fs::path executableDirectory()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path(ec) : exe.parent_path();
}

fs::path homeDirectory()
{
    if (auto home = environment("HOME"); !home.empty())
        return home;
    if (const passwd *pw = ::getpwuid(::getuid()); pw && pw->pw_dir)
        return pw->pw_dir;
    return "/";
}

fs::path dataDirectory()
{
    const auto xdg = environment("XDG_DATA_HOME");
    return (xdg.empty() ? homeDirectory() / ".local" / "share" : fs::path(xdg)) / "hone";
}

fs::path huggingFaceHubCache()
{
    if (auto v = environment("HF_HUB_CACHE"); !v.empty())
        return v;
    if (auto v = environment("HF_HOME"); !v.empty())
        return fs::path(v) / "hub";
    const auto xdg = environment("XDG_CACHE_HOME");
    return (xdg.empty() ? homeDirectory() / ".cache" : fs::path(xdg)) / "huggingface" / "hub";
}

fs::path defaultRunsRoot()
{
    if (auto v = environment("HONE_RUNS_DIR"); !v.empty())
        return v;
    return dataDirectory() / "runs";
}

std::vector<fs::path> splitPathList(const std::string &value)
{
    std::vector<fs::path> paths;
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t end = value.find(':', start);
        const std::string part = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!part.empty())
            paths.emplace_back(part);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return paths;
}

} // namespace hone

#include "core/io/modelfolder.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

bool isFile(const fs::path &p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool isDirectory(const fs::path &p)
{
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool isGgufFile(const fs::path &p)
{
    return p.extension() == ".gguf" && isFile(p);
}

namespace {

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr const char *kRepoPrefix = "models--";

} // namespace

bool isModelFolder(const fs::path &dir)
{
    return isFile(dir / "config.json") || isFile(dir / "modules.json");
}

fs::path transformerDirectory(const fs::path &modelDir)
{
    const fs::path modules = modelDir / "modules.json";
    if (!isFile(modules))
        return modelDir;
    try {
        const json j = json::parse(readText(modules));
        for (const auto &m : j) {
            const std::string type = m.value("type", "");
            const std::string rel = m.value("path", "");
            if (type.find("Transformer") != std::string::npos && !rel.empty() && rel.find("..") == std::string::npos &&
                isFile(modelDir / rel / "config.json"))
                return modelDir / rel;
        }
    } catch (const json::exception &) {
        // a broken modules.json: fall back to the folder itself, whose config.json decides
    }
    return modelDir;
}

Result<fs::path> resolveModelDirectory(const fs::path &modelDir)
{
    if (!isDirectory(modelDir))
        return makeError(ErrorCode::NotFound, modelDir.string() + ": not a folder");
    const fs::path dir = transformerDirectory(modelDir);
    if (!isFile(dir / "config.json"))
        return makeError(ErrorCode::NotFound, (dir / "config.json").string() + ": missing (not a Hugging Face model folder)");
    return dir;
}

std::optional<std::string> hubRepoName(const fs::path &repoDir)
{
    const std::string folder = repoDir.filename().string();
    if (folder.rfind(kRepoPrefix, 0) != 0 || folder.size() == std::char_traits<char>::length(kRepoPrefix))
        return std::nullopt;
    std::string name = folder.substr(std::char_traits<char>::length(kRepoPrefix));
    if (auto sep = name.find("--"); sep != std::string::npos)
        name.replace(sep, 2, "/");
    return name;
}

std::optional<std::string> hubModelName(const fs::path &path)
{
    // The repo folder is the one right above "snapshots".
    fs::path previous;
    for (const auto &part : path) {
        if (part == "snapshots" && !previous.empty())
            if (auto name = hubRepoName(previous))
                return name;
        previous = part;
    }
    return std::nullopt;
}

fs::path hubSnapshot(const fs::path &repoDir, bool *readable)
{
    std::error_code e;
    fs::directory_iterator snaps(repoDir / "snapshots", e);
    if (readable)
        *readable = !e;
    if (e)
        return {};
    std::string revision = readText(repoDir / "refs" / "main");
    while (!revision.empty() && (revision.back() == '\n' || revision.back() == ' '))
        revision.pop_back();
    fs::path chosen;
    fs::file_time_type newest{};
    for (fs::directory_iterator end; !e && snaps != end; snaps.increment(e)) {
        if (!isDirectory(snaps->path()))
            continue;
        if (!revision.empty() && snaps->path().filename() == revision)
            return snaps->path();
        std::error_code te;
        const auto t = fs::last_write_time(snaps->path(), te);
        if (chosen.empty() || (!te && t > newest)) {
            chosen = snaps->path();
            newest = t;
        }
    }
    return chosen;
}

} // namespace hone

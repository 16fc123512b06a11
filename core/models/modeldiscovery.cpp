#include "core/models/modeldiscovery.h"

#include "core/io/gguf.h"
#include "core/io/modelfolder.h"
#include "core/io/safetensors.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

const char *modelSourceName(ModelSource source)
{
    switch (source) {
    case ModelSource::HuggingFaceCache: return "huggingface-cache";
    case ModelSource::DataDirectory: return "hone-data";
    case ModelSource::ModelPath: return "HONE_MODEL_PATH";
    case ModelSource::Explicit: return "explicit";
    }
    return "explicit";
}

DiscoveryOptions DiscoveryOptions::fromEnvironment()
{
    DiscoveryOptions options;
    options.huggingFaceCache = huggingFaceHubCache();
    options.dataModels = dataDirectory() / "models";
    options.modelPath = splitPathList(environment("HONE_MODEL_PATH"));
    return options;
}

namespace {

// Folders that hold model files but no config: worth a "skipped" line rather than silence.
bool looksLikePartialModel(const fs::path &dir)
{
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const std::string ext = it->path().extension().string();
        if (ext == ".safetensors" || ext == ".bin" || name == "vocab.txt" || name == "tokenizer.json")
            return true;
    }
    return false;
}

std::uint64_t folderSize(const fs::path &dir, int depth = 0)
{
    std::uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code e2;
        if (it->is_directory(e2)) {
            if (depth < 3)
                total += folderSize(it->path(), depth + 1);
        } else if (it->is_regular_file(e2)) { // follows the hub cache's symlinks into blobs/
            const auto size = fs::file_size(it->path(), e2);
            if (!e2)
                total += size;
        }
    }
    return total;
}

std::string readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

Result<ModelInfo> inspectGgufModel(const fs::path &file, ModelSource source, const std::string &name)
{
    auto gguf = GgufFile::open(file);
    if (!gguf)
        return gguf.error();
    const std::string arch = gguf->architecture();
    if (arch.empty())
        return makeError(ErrorCode::Format, file.string() + ": GGUF metadata has no general.architecture");
    ModelInfo info;
    info.name = name.empty() ? file.stem().string() : name;
    info.architecture = arch;
    info.parameters = gguf->header().parameterCount();
    std::error_code ec;
    info.bytesOnDisk = fs::file_size(file, ec);
    info.path = file;
    info.source = source;
    return info;
}

Result<ModelInfo> inspectModel(const fs::path &modelDir, ModelSource source, const std::string &name)
{
    if (isFile(modelDir) && modelDir.extension() == ".gguf")
        return inspectGgufModel(modelDir, source, name);
    if (!isDirectory(modelDir))
        return makeError(ErrorCode::NotFound, modelDir.string() + ": not a folder or a .gguf file");
    const fs::path dir = transformerDirectory(modelDir);
    const fs::path configPath = dir / "config.json";
    if (!isFile(configPath))
        return makeError(ErrorCode::NotFound, configPath.string() + ": missing (not a Hugging Face model folder)");
    json config;
    try {
        config = json::parse(readText(configPath));
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, configPath.string() + ": not valid JSON: " + e.what());
    }
    if (!config.is_object() || !config.contains("model_type") || !config["model_type"].is_string())
        return makeError(ErrorCode::Format, configPath.string() + ": no \"model_type\" string");

    auto files = findSafetensorsFiles(dir);
    if (!files)
        return files.error();
    ModelInfo info;
    for (const auto &file : *files) {
        auto header = readSafetensorsHeader(file);
        if (!header)
            return header.error();
        info.parameters += header->parameterCount();
    }
    info.name = name.empty() ? modelDir.filename().string() : name;
    info.architecture = config["model_type"].get<std::string>();
    info.bytesOnDisk = folderSize(modelDir);
    info.path = dir;
    info.source = source;
    return info;
}

namespace {

void addModel(ModelCatalog &catalog, const fs::path &dir, ModelSource source, const std::string &name = {})
{
    auto info = inspectModel(dir, source, name);
    if (info)
        catalog.models.push_back(std::move(info).value());
    else
        catalog.skipped.push_back({dir, info.error().message});
}

// A folder that is a model, or that holds model folders one level down.
void scanFolder(ModelCatalog &catalog, const fs::path &root, ModelSource source)
{
    catalog.searched.push_back({root, source, isDirectory(root) || isGgufFile(root)});
    if (isGgufFile(root)) {
        addModel(catalog, root, source);
        return;
    }
    if (!isDirectory(root))
        return;
    if (isModelFolder(root)) {
        addModel(catalog, root, source);
        return;
    }
    std::error_code ec;
    fs::directory_iterator it(root, ec);
    if (ec) {
        catalog.skipped.push_back({root, "cannot read folder: " + ec.message()});
        return;
    }
    std::vector<fs::path> children;
    for (fs::directory_iterator end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind(".", 0) != 0 && (isDirectory(it->path()) || isGgufFile(it->path())))
            children.push_back(it->path());
    std::sort(children.begin(), children.end());
    for (const auto &child : children) {
        if (isGgufFile(child))
            addModel(catalog, child, source);
        else if (isModelFolder(child))
            addModel(catalog, child, source);
        else if (looksLikePartialModel(child))
            catalog.skipped.push_back({child, "model files but no config.json"});
        else if (std::error_code e; fs::directory_iterator(child, e), e)
            catalog.skipped.push_back({child, "cannot read folder: " + e.message()});
    }
}

// models--org--name/snapshots/<revision>/, the revision named by refs/main when present.
void scanHubCache(ModelCatalog &catalog, const fs::path &cache)
{
    catalog.searched.push_back({cache, ModelSource::HuggingFaceCache, isDirectory(cache)});
    std::error_code ec;
    fs::directory_iterator it(cache, ec);
    if (ec)
        return;
    std::vector<fs::path> repos;
    for (fs::directory_iterator end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().rfind("models--", 0) == 0)
            repos.push_back(it->path());
    std::sort(repos.begin(), repos.end());
    for (const auto &repo : repos) {
        bool readable = false;
        const fs::path chosen = hubSnapshot(repo, &readable);
        if (!readable)
            catalog.skipped.push_back({repo, "no readable snapshots/ folder (incomplete download?)"});
        else if (chosen.empty())
            catalog.skipped.push_back({repo, "snapshots/ is empty (incomplete download?)"});
        else
            addModel(catalog, chosen, ModelSource::HuggingFaceCache, hubRepoName(repo).value_or(repo.filename().string()));
    }
}

} // namespace

ModelCatalog discoverModels(const DiscoveryOptions &options)
{
    ModelCatalog catalog;
    if (!options.dataModels.empty())
        scanFolder(catalog, options.dataModels, ModelSource::DataDirectory);
    if (!options.huggingFaceCache.empty())
        scanHubCache(catalog, options.huggingFaceCache);
    for (const auto &entry : options.modelPath)
        scanFolder(catalog, entry, ModelSource::ModelPath);
    return catalog;
}

Result<ModelInfo> findModel(const std::string &nameOrPath, const DiscoveryOptions &options)
{
    if (isDirectory(nameOrPath) || isGgufFile(nameOrPath))
        return inspectModel(fs::absolute(nameOrPath));
    const ModelCatalog catalog = discoverModels(options);
    std::vector<const ModelInfo *> matches;
    for (const auto &m : catalog.models) {
        if (m.name == nameOrPath)
            return m;
        const std::string suffix = "/" + nameOrPath;
        if (m.name.size() > suffix.size() && m.name.compare(m.name.size() - suffix.size(), suffix.size(), suffix) == 0)
            matches.push_back(&m);
    }
    if (matches.size() == 1)
        return *matches.front();
    std::string known;
    for (const auto &m : catalog.models)
        known += "\n  " + m.name;
    if (matches.size() > 1)
        return makeError(ErrorCode::InvalidArgument, "model name '" + nameOrPath + "' is ambiguous; candidates:" + known);
    return makeError(ErrorCode::NotFound, "no model folder or discovered model named '" + nameOrPath + "'" +
                                              (known.empty() ? std::string(" (no models found; run scripts/setup.sh)")
                                                             : "; discovered models:" + known));
}

} // namespace hone

#include "app/cli/commands.h"

#include "core/models/modeldiscovery.h"
#include "core/util/format.h"

#include <cstdio>
#include <memory>

namespace hone::cli {

namespace {

struct ModelsOptions {
    std::vector<std::string> extraPaths;
};

int runModels(const ModelsOptions &options)
{
    DiscoveryOptions discovery = DiscoveryOptions::fromEnvironment();
    for (const auto &p : options.extraPaths)
        discovery.modelPath.emplace_back(p);
    const ModelCatalog catalog = discoverModels(discovery);
    std::printf("%-40s %-12s %10s %10s  %s\n", "NAME", "ARCH", "PARAMS", "SIZE", "PATH");
    for (const auto &m : catalog.models)
        std::printf("%-40s %-12s %10s %10s  %s\n", m.name.c_str(), m.architecture.c_str(),
                    formatCount(m.parameters).c_str(), formatBytes(m.bytesOnDisk).c_str(), m.path.c_str());
    if (catalog.models.empty())
        std::printf("(no models found; scripts/setup.sh installs the default model)\n");
    for (const auto &s : catalog.skipped)
        std::fprintf(stderr, "skipped %s: %s\n", s.path.c_str(), s.reason.c_str());
    std::fprintf(stderr, "searched:");
    for (const auto &loc : catalog.searched)
        std::fprintf(stderr, " %s%s", loc.path.c_str(), loc.exists ? "" : " (absent)");
    std::fprintf(stderr, "\n");
    return 0;
}

} // namespace

void addModelsCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<ModelsOptions>();
    CLI::App *sub = app.add_subcommand("models", "List discovered pretrained models (HF cache, Hone data dir, HONE_MODEL_PATH)");
    sub->add_option("--path", options->extraPaths, "Also search this folder (repeatable)");
    sub->callback([options, &exitCode] { exitCode = runModels(*options); });
}

} // namespace hone::cli

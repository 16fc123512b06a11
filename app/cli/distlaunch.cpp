#include "app/cli/distlaunch.h"
#include "app/cli/commands.h"

#include "core/dist/worldinfo.h"
#include "core/train/trainingoptions.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

namespace hone::cli {
namespace {

// The flags of the options table's launch rows: the launcher's, not the workers'.
std::set<std::string> launchFlags()
{
    std::set<std::string> flags;
    for (const TrainingOption &o : trainingOptions())
        if (o.launch)
            flags.insert(o.flag);
    return flags;
}

// This process's arguments as the kernel has them (CLI11 keeps no copy of argv).
std::vector<std::string> ownArguments()
{
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t start = 0; start < all.size();) {
        const std::size_t end = all.find('\0', start);
        args.push_back(all.substr(start, end - start));
        start = end == std::string::npos ? all.size() : end + 1;
    }
    if (!args.empty())
        args.erase(args.begin()); // the program name
    return args;
}

} // namespace

bool launchRequested(const LaunchSettings &f)
{
    if (f.nprocPerNode <= 1 && f.nnodes <= 1)
        return false;
    auto world = worldFromEnvironment();
    return !(world && world->distributed()); // a worker started by a launcher runs its rank
}

int launchWorkers(const LaunchSettings &settings, const std::vector<std::string> &extra)
{
    LaunchPlan plan;
    static_cast<LaunchSettings &>(plan) = settings;
    std::error_code ec;
    plan.program = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    if (ec)
        return fail("cannot find this program to start workers: " + ec.message());
    const std::vector<std::string> args = ownArguments();
    const std::set<std::string> flags = launchFlags();
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const std::string name = a.substr(0, a.find('='));
        if (flags.count(name)) {
            if (a.find('=') == std::string::npos)
                ++i; // "--flag value"
            continue;
        }
        plan.arguments.push_back(a);
    }
    plan.arguments.insert(plan.arguments.end(), extra.begin(), extra.end());
    const LaunchOutcome outcome = runWorkers(plan, [](const std::string &line) { std::fprintf(stderr, "launcher: %s\n", line.c_str()); });
    if (outcome.exitCode == 1)
        return fail(outcome.failure + "; all ranks stopped");
    return outcome.exitCode;
}

} // namespace hone::cli

#pragma once
// hone-cli train's arguments: one flag per row of the training options table (core/train/
// trainingoptions.h), plus --config, --out, --quiet, --print-config and --dry-run. Kept apart from the
// command so that tests parse command lines with the very parser hone-cli uses.
#include "core/train/trainingconfig.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hone::cli {

struct TrainArguments {
    std::string config, out;
    bool quiet = false;
    bool printConfig = false;           // print the merged config as JSON and stop
    bool dryRun = false;                // print the cost model's estimate and stop
    nlohmann::json patch = nlohmann::json::object(); // flags given, over the config file
    std::string error;                  // the first bad flag value, in words
};

// Registers the flags on `sub`; `args` must outlive the parse.
void addTrainArguments(CLI::App *sub, TrainArguments &args);
// Only the launch rows' flags (--nproc-per-node, --nnodes, ...): hone-cli resume's.
void addLaunchArguments(CLI::App *sub, TrainArguments &args);
// The launch settings those flags give, over the defaults; errors name the flag.
Result<LaunchSettings> resolveLaunchSettings(const TrainArguments &args);
// The --config file (if any) with the flags over it, validated; errors name the flag or key.
Result<TrainingConfig> resolveTrainConfig(const TrainArguments &args);
// `hone-cli train <arguments>` parsed as hone-cli parses it (arguments without the program and
// subcommand names); for tests and the GUI's copied command.
Result<TrainingConfig> parseTrainCommandLine(const std::vector<std::string> &arguments);

} // namespace hone::cli

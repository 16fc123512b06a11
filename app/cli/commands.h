#pragma once
// hone-cli subcommands. Each registers its options on the CLI11 app; its callback runs the
// command after parsing and stores the process exit code.
#include <CLI/CLI.hpp>

namespace hone::cli {

void addDoctorCommand(CLI::App &app, int &exitCode);
void addModelsCommand(CLI::App &app, int &exitCode);
void addDataCommand(CLI::App &app, int &exitCode);
void addTokenizeCommand(CLI::App &app, int &exitCode);
void addTrainCommand(CLI::App &app, int &exitCode);
void addPredictCommand(CLI::App &app, int &exitCode);
void addExportCommand(CLI::App &app, int &exitCode);
void addRunsCommand(CLI::App &app, int &exitCode);
void addEmbedCommand(CLI::App &app, int &exitCode);
void addGenerateCommand(CLI::App &app, int &exitCode); // generate and chat

// Prints "hone-cli: error: <message>" to stderr and returns the exit code for failures.
int fail(const std::string &message);
// First thing in a command that runs a model for predictions: a restart so OpenMP's workers sleep
// between ops (core/system/computethreads.h), and an allocator that keeps the blocks of batch after
// batch of one shape (core/system/allocator.h).
void prepareInference();

} // namespace hone::cli

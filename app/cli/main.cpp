// hone-cli: the headless twin of the Hone workbench. Links hone_core only (no Qt).
#include "app/cli/commands.h"

#include "core/system/allocator.h"
#include "core/system/computethreads.h"
#include "core/version.h"

#include <iostream>
#include <string>

namespace hone::cli {

int fail(const std::string &message)
{
    std::cerr << "hone-cli: error: " << message << "\n";
    return 1;
}

void prepareInference()
{
    startWithPassiveWaiting();
    configureAllocator();
}

} // namespace hone::cli

int main(int argc, char **argv)
{
    CLI::App app{"hone-cli: fine-tune pretrained language models from the shell.\n"
                 "Runs, configs and models are shared with the Hone workbench."};
    app.set_version_flag("--version", std::string("hone-cli ") + hone::kHoneVersion);
    app.require_subcommand(1);

    // LibTorch 1.13 defaults to hardware_concurrency()/2 threads on x86-64; use the physical cores.
    hone::configureComputeThreads();

    int exitCode = 0;
    hone::cli::addDoctorCommand(app, exitCode);
    hone::cli::addModelsCommand(app, exitCode);
    hone::cli::addDataCommand(app, exitCode);
    hone::cli::addTokenizeCommand(app, exitCode);
    hone::cli::addTrainCommand(app, exitCode);
    hone::cli::addPredictCommand(app, exitCode);
    hone::cli::addExportCommand(app, exitCode);
    hone::cli::addRunsCommand(app, exitCode);
    hone::cli::addEmbedCommand(app, exitCode);
    hone::cli::addGenerateCommand(app, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    }
    return exitCode;
}

// hone-cli export: a run's best or last model as a Hugging Face folder, verified after writing.
#include "app/cli/commands.h"

#include "core/export/modelexport.h"

#include <cstdio>
#include <memory>

namespace hone::cli {

namespace {

struct ExportCliOptions {
    std::string run, out, format = "hf", checkpoint = "best";
    bool noVerify = false;
};

int runExport(const ExportCliOptions &o)
{
    if (o.format != "hf")
        return fail("--format: '" + o.format + "' is not supported (supported: hf)");
    ExportOptions options;
    options.checkpoint = o.checkpoint == "last" ? ExportCheckpoint::Last : ExportCheckpoint::Best;
    options.verify = !o.noVerify;
    auto report = exportRun(o.run, o.out, options, [](double f, const std::string &what) {
        std::fprintf(stderr, "[%3.0f%%] %s\n", f * 100, what.c_str());
    });
    if (!report)
        return fail(report.error().message);
    std::printf("exported step %lld to %s\n", static_cast<long long>(report->step), report->outDir.c_str());
    if (report->verifiedRows > 0)
        std::printf("verified on %d validation rows: max probability difference %.2e (%s)\n", report->verifiedRows,
                    report->maxProbabilityDifference, report->verified ? "identical within 1e-4" : "MISMATCH");
    return report->verifiedRows > 0 && !report->verified ? 3 : 0;
}

} // namespace

void addExportCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<ExportCliOptions>();
    CLI::App *sub = app.add_subcommand("export", "Export a run's model as a Hugging Face folder");
    sub->add_option("--run", o->run, "Run folder")->required();
    sub->add_option("--out", o->out, "Folder to write")->required();
    sub->add_option("--format", o->format, "hf (Hugging Face folder)");
    sub->add_option("--checkpoint", o->checkpoint, "best or last")->check(CLI::IsMember({"best", "last"}));
    sub->add_flag("--no-verify", o->noVerify, "Skip reloading the export and comparing predictions");
    sub->callback([o, &exitCode] { exitCode = runExport(*o); });
}

} // namespace hone::cli

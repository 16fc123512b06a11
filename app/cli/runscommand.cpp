// hone-cli runs list | show RUN | compare RUN RUN...: the run history the workbench shows.
#include "app/cli/commands.h"

#include "core/eval/comparison.h"
#include "core/runs/rundirectory.h"
#include "core/train/trainer.h"
#include "core/util/paths.h"

#include <cstdio>
#include <map>
#include <memory>

namespace hone::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct RunsOptions {
    std::string root;
    std::vector<std::string> runs;
    int bootstrapSamples = 2000;
    std::uint64_t seed = 42;
};

fs::path rootOf(const RunsOptions &o) { return o.root.empty() ? defaultRunsRoot() : fs::path(o.root); }

std::string metricText(const std::optional<double> &v)
{
    if (!v)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", *v);
    return buf;
}

int runList(const RunsOptions &o)
{
    const auto runs = listRuns(rootOf(o));
    std::printf("%-40s %-12s %-22s %-20s %8s %8s\n", "RUN", "STATE", "MODEL", "DATASET", "BEST", "TEST ACC");
    for (const auto &r : runs)
        std::printf("%-40s %-12s %-22s %-20s %8s %8s\n", r.id.c_str(), runStateName(r.state),
                    fs::path(r.model).filename().c_str(), r.dataset.c_str(), metricText(r.bestMetric).c_str(),
                    metricText(r.testAccuracy).c_str());
    if (runs.empty())
        std::printf("(no runs in %s)\n", rootOf(o).c_str());
    return 0;
}

int runShow(const RunsOptions &o)
{
    auto path = resolveRun(o.runs.front(), rootOf(o));
    if (!path)
        return fail(path.error().message);
    auto info = readRunInfo(*path);
    if (!info)
        return fail(info.error().message);
    std::printf("run:      %s\nstate:    %s\nmodel:    %s\ndataset:  %s\nsteps:    %lld/%lld\n", info->path.c_str(),
                runStateName(info->state), info->model.c_str(), info->dataset.c_str(), static_cast<long long>(info->step),
                static_cast<long long>(info->totalSteps));
    if (auto s = readRunSummary(*path)) {
        if (s->validation)
            std::printf("validation: accuracy %.4f  macro-F1 %.4f\n", s->validation->accuracy, s->validation->macroF1);
        if (s->test) {
            std::printf("test:       accuracy %.4f  macro-F1 %.4f\n", s->test->accuracy, s->test->macroF1);
            std::printf("%-20s %9s %9s %9s %8s\n", "label", "precision", "recall", "f1", "support");
            for (const auto &c : s->test->perClass)
                std::printf("%-20s %9.4f %9.4f %9.4f %8lld\n", c.label.c_str(), c.precision, c.recall, c.f1,
                            static_cast<long long>(c.support));
        }
        // Tasks without classes report named values (perplexity, ...).
        auto values = [](const char *split, const std::map<std::string, double> &v, double loss) {
            std::printf("%-11s loss %.4f", split, loss);
            for (const auto &[name, value] : v)
                std::printf("  %s %.4f", name.c_str(), value);
            std::printf("\n");
        };
        if (!s->validation && s->hasValidation())
            values("validation:", s->validationValues, s->validationLoss);
        if (!s->test && s->hasTest())
            values("test:", s->testValues, s->testLoss);
        std::printf("train:      %.1f samples/s, %.0f s\n", s->train.samplesPerSecond, s->train.wallSeconds);
    }
    return 0;
}

int runCompare(const RunsOptions &o)
{
    if (o.runs.size() < 2)
        return fail("runs compare needs two or more runs");
    std::vector<fs::path> paths;
    std::vector<std::map<std::string, std::string>> configs;
    std::vector<std::optional<RunSummary>> summaries;
    for (const auto &r : o.runs) {
        auto p = resolveRun(r, rootOf(o));
        if (!p)
            return fail(p.error().message);
        auto run = RunDirectory::open(*p);
        if (!run)
            return fail(run.error().message);
        auto config = run->readJson(run->configFile());
        configs.push_back(config ? flattenSettings(*config) : std::map<std::string, std::string>{});
        paths.push_back(*p);
        auto s = readRunSummary(*p);
        summaries.push_back(s ? std::optional<RunSummary>(*s) : std::nullopt);
    }
    std::printf("%-24s", "metric");
    for (const auto &p : paths)
        std::printf(" %24.24s", p.filename().c_str());
    std::printf("\n");
    auto row = [&](const char *name, auto get) {
        std::printf("%-24s", name);
        std::optional<double> first;
        for (std::size_t i = 0; i < summaries.size(); ++i) {
            std::optional<double> v = summaries[i] ? get(*summaries[i]) : std::nullopt;
            if (i == 0)
                first = v;
            char buf[48] = "-";
            if (v && i > 0 && first)
                std::snprintf(buf, sizeof buf, "%.4f (%+.4f)", *v, *v - *first);
            else if (v)
                std::snprintf(buf, sizeof buf, "%.4f", *v);
            std::printf(" %24s", buf);
        }
        std::printf("\n");
    };
    using S = const RunSummary &;
    row("validation accuracy", [](S s) { return s.validation ? std::optional(s.validation->accuracy) : std::nullopt; });
    row("validation macro-F1", [](S s) { return s.validation ? std::optional(s.validation->macroF1) : std::nullopt; });
    row("test accuracy", [](S s) { return s.test ? std::optional(s.test->accuracy) : std::nullopt; });
    row("test macro-F1", [](S s) { return s.test ? std::optional(s.test->macroF1) : std::nullopt; });
    row("samples/s", [](S s) { return std::optional(s.train.samplesPerSecond); });

    std::set<std::string> keys;
    for (const auto &c : configs)
        for (const auto &kv : c)
            keys.insert(kv.first);
    std::printf("\nconfiguration differences:\n");
    bool any = false;
    for (const auto &key : keys) {
        if (key == "name" || key == "created")
            continue;
        bool differs = false;
        for (const auto &c : configs)
            differs |= (c.count(key) ? c.at(key) : "-") != (configs[0].count(key) ? configs[0].at(key) : "-");
        if (!differs)
            continue;
        any = true;
        std::printf("%-24s", key.c_str());
        for (const auto &c : configs)
            std::printf(" %24.24s", c.count(key) ? c.at(key).c_str() : "-");
        std::printf("\n");
    }
    if (!any)
        std::printf("(none)\n");

    // Each later run against the first, on the test rows both predicted (only if they are the same rows).
    std::printf("\nstatistics on the test rows (against %s):\n", paths[0].filename().c_str());
    for (std::size_t i = 1; i < paths.size(); ++i) {
        auto c = compareRuns(paths[0], paths[i], "test", o.bootstrapSamples, o.seed);
        if (!c) {
            std::printf("%s: not compared: %s\n", paths[i].filename().c_str(), c.error().message.c_str());
            continue;
        }
        std::printf("%s\n", describeComparison(c->paired, paths[0].filename().string(), paths[i].filename().string()).c_str());
        if (i == 1)
            std::printf("expected calibration error (10 bins): %s %.4f\n", paths[0].filename().c_str(), c->calibrationA);
        std::printf("expected calibration error (10 bins): %s %.4f\n", paths[i].filename().c_str(), c->calibrationB);
    }
    return 0;
}

} // namespace

void addRunsCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<RunsOptions>();
    CLI::App *sub = app.add_subcommand("runs", "List, show and compare runs");
    sub->add_option("--root", o->root, "Runs folder (default: $HONE_RUNS_DIR or ~/.local/share/hone/runs)");
    sub->require_subcommand(1);
    sub->add_subcommand("list", "All runs, newest first")->callback([o, &exitCode] { exitCode = runList(*o); });
    CLI::App *show = sub->add_subcommand("show", "One run's state and metrics");
    show->add_option("run", o->runs, "Run folder or id")->required()->expected(1);
    show->callback([o, &exitCode] { exitCode = runShow(*o); });
    CLI::App *compare = sub->add_subcommand("compare", "Metrics and configuration differences of two or more runs");
    compare->add_option("runs", o->runs, "Run folders or ids")->required()->expected(2, 64);
    compare->add_option("--bootstrap-samples", o->bootstrapSamples, "Resamples for the 95% intervals")
        ->check(CLI::Range(100, 100000));
    compare->add_option("--seed", o->seed, "Seed of the bootstrap resampling");
    compare->callback([o, &exitCode] { exitCode = runCompare(*o); });
}

} // namespace hone::cli

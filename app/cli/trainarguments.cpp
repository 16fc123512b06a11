#include "app/cli/trainarguments.h"

#include "core/train/trainingoptions.h"

#include <algorithm>

namespace hone::cli {
using nlohmann::json;

namespace {

std::string groupTitle(const char *id)
{
    for (const OptionGroup &g : trainingOptionGroups())
        if (std::string(g.id) == id)
            return g.title;
    return id;
}

// "Peak learning rate (learning_rate; (0, 1]; default 5e-05)"
std::string describe(const TrainingOption &o)
{
    static const TrainingConfig defaults;
    std::string text = o.help;
    std::string facts = o.key;
    if (o.kind == OptionKind::Choice) {
        std::string list;
        for (const std::string &c : o.choices())
            list += (list.empty() ? "" : ", ") + c;
        facts += "; one of " + list;
    } else if (o.kind == OptionKind::Int || o.kind == OptionKind::Float) {
        facts += "; " + o.range.text();
        if (*o.minimumMeans)
            facts += ", " + formatNumber(o.range.min) + ": " + o.minimumMeans;
    }
    const json value = o.get(defaults);
    const std::string shown = formatOptionValue(o, value);
    if (o.kind == OptionKind::Bool)
        facts += std::string("; default ") + (value.get<bool>() ? "on" : "off");
    else if (!shown.empty())
        facts += "; default " + shown;
    return text + " (" + facts + ")";
}

std::string typeName(OptionKind kind)
{
    switch (kind) {
    case OptionKind::Int: return "INT";
    case OptionKind::Float: return "NUMBER";
    case OptionKind::Path: return "PATH";
    case OptionKind::Choice: return "NAME";
    case OptionKind::Ratios: return "RATIOS";
    case OptionKind::String:
    case OptionKind::Bool: break;
    }
    return "TEXT";
}

// One table row as a flag that writes its value into args.patch.
void addOptionFlag(CLI::App *sub, TrainArguments &a, const TrainingOption &o)
{
    const TrainingOption *option = &o;
    CLI::Option *added = nullptr;
    if (o.kind == OptionKind::Bool) {
        added = sub->add_flag_function(o.flag + ",!--no-" + o.flag.substr(2), [&a, option](std::int64_t count) {
            setDottedKey(a.patch, option->key, count > 0);
        }, describe(o));
    } else {
        added = sub->add_option_function<std::string>(o.flag, [&a, option](const std::string &text) {
            auto value = parseOptionValue(*option, text);
            if (!value) {
                if (a.error.empty())
                    a.error = value.error().message;
                return;
            }
            setDottedKey(a.patch, option->key, *value);
        }, describe(o));
        added->type_name(typeName(o.kind));
    }
    added->group(groupTitle(o.group));
}

} // namespace

void addTrainArguments(CLI::App *sub, TrainArguments &a)
{
    sub->add_option("--config", a.config, "run.json with the settings (flags override it)");
    sub->add_option("--out", a.out, "Run folder to create (default: a dated folder in the runs root)");
    sub->add_flag("--quiet", a.quiet, "Only errors and the final summary");
    sub->add_flag("--print-config", a.printConfig,
                  "Print the configuration these arguments give (run.json form) and stop without training");
    sub->add_flag("--dry-run", a.dryRun, "Print the estimated time per epoch and peak memory; train nothing");
    for (const TrainingOption &o : trainingOptions())
        addOptionFlag(sub, a, o);
}

void addLaunchArguments(CLI::App *sub, TrainArguments &a)
{
    for (const TrainingOption &o : trainingOptions())
        if (o.launch)
            addOptionFlag(sub, a, o);
}

Result<LaunchSettings> resolveLaunchSettings(const TrainArguments &a)
{
    if (!a.error.empty())
        return makeError(ErrorCode::InvalidArgument, a.error);
    auto merged = mergeTrainingConfig(TrainingConfig{}, a.patch, "command line");
    if (!merged)
        return merged.error();
    return merged->launch;
}

Result<TrainingConfig> resolveTrainConfig(const TrainArguments &a)
{
    if (!a.error.empty())
        return makeError(ErrorCode::InvalidArgument, a.error);
    TrainingConfig config;
    if (!a.config.empty()) {
        auto parsed = readTrainingConfig(a.config);
        if (!parsed)
            return parsed.error();
        config = *parsed;
    }
    auto merged = mergeTrainingConfig(config, a.patch, "command line");
    if (!merged)
        return merged.error();
    if (auto r = merged->validate(); !r)
        return r.error();
    return merged;
}

Result<TrainingConfig> parseTrainCommandLine(const std::vector<std::string> &arguments)
{
    CLI::App app;
    TrainArguments a;
    CLI::App *sub = app.add_subcommand("train");
    addTrainArguments(sub, a);
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());
    reversed.push_back("train");
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError &e) {
        return makeError(ErrorCode::InvalidArgument, std::string(e.get_name()) + ": " + e.what());
    }
    if (!reversed.empty())
        return makeError(ErrorCode::InvalidArgument, "unexpected argument '" + reversed.back() + "'");
    return resolveTrainConfig(a);
}

} // namespace hone::cli

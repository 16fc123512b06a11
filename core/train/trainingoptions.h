#pragma once
// The one table of training options (llama.cpp's common/arg.cpp idea): each row names a
// TrainingConfig field once - run.json key, hone-cli flag, label and help, kind, range or
// choices, group, default (the TrainingConfig{} value) - and how to read and write it.
// run.json reading/writing, range validation, hone-cli's flags, the wizard's fields and the
// "copy command" builder all loop over this table: adding an option is adding one row.
#include "core/util/result.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace hone {

struct TrainingConfig;

enum class OptionKind {
    Int,
    Float,
    Bool,   // hone-cli gets --flag and --no-flag
    String,
    Choice, // one of choices()
    Path,   // a file or folder
    Ratios, // [train, validation, test] shares; "0.8,0.1,0.1" on the command line
};

struct OptionRange {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool minOpen = false; // min itself is not allowed
    bool maxOpen = false;
    bool contains(double v) const;
    std::string text() const; // "[1, 4096]", "(0, 1]", "0 or more"
};

// Translation context of the labels, help texts and group titles below: they are plain
// literals in core, marked for lupdate, and the GUI passes them through
// QCoreApplication::translate(kTrainingOptionsContext, ...).
constexpr const char *kTrainingOptionsContext = "TrainingOptions";

struct OptionGroup {
    const char *id;    // "optimizer"
    const char *title; // "Optimizer" (translatable)
};

struct TrainingOption {
    std::string key;          // run.json key, Hugging Face TrainingArguments name; dotted when nested ("lora.r")
    std::string flag;         // hone-cli flag ("--lr"); a Bool also gets "--no-<name>"
    const char *label = "";   // short form label (translatable)
    const char *help = "";    // what it does, in a sentence or two (translatable)
    OptionKind kind = OptionKind::String;
    OptionRange range;        // Int, Float, and each share of Ratios
    std::function<std::vector<std::string>()> choices; // Choice
    const char *group = "";   // OptionGroup::id
    const char *minimumMeans = ""; // what range.min stands for, when it is special ("off", "all cores")
    double step = 1;          // spin-box step in the GUI
    bool logScale = false;    // values span decades (learning rate, epsilon)
    bool essential = false;   // always written in the copied command, even at its default
    bool launch = false;      // how hone-cli starts the processes (LaunchSettings): not in run.json, no wizard field
    std::vector<std::string> tasks; // the "task" values it means something for; empty: every task
    std::function<nlohmann::json(const TrainingConfig &)> get;
    // Stores a value that checkOptionValue accepted.
    std::function<void(TrainingConfig &, const nlohmann::json &)> set;
};

const std::vector<TrainingOption> &trainingOptions();
const std::vector<OptionGroup> &trainingOptionGroups();
const TrainingOption *findTrainingOption(const std::string &key);
// Whether the option means something for a run of `task` ("classification", "sft", "pretrain"):
// the wizard shows only those (class weights are nothing to instruction tuning, packing to a classifier).
bool optionAppliesToTask(const TrainingOption &option, const std::string &task);
std::string optionKindName(OptionKind kind);

// The type, range and choices of a value for the option; the error names the key.
Result<void> checkOptionValue(const TrainingOption &option, const nlohmann::json &value);
// A command-line value as the option's JSON value (checked as above); errors name flag and key.
Result<nlohmann::json> parseOptionValue(const TrainingOption &option, const std::string &text);
// The command-line form of a value: parseOptionValue(formatOptionValue(v)) == v exactly
// (doubles in their shortest round-trip form, like Python's repr).
std::string formatOptionValue(const TrainingOption &option, const nlohmann::json &value);
std::string formatNumber(double value);

// Sets a dotted key in a JSON object ("lora.r" → {"lora": {"r": v}}).
void setDottedKey(nlohmann::json &object, const std::string &key, const nlohmann::json &value);

// hone-cli train arguments (flags and values, no program name) that rebuild `config` from the
// CLI's defaults exactly: the essential options and every option whose value differs.
struct CommandArgument {
    std::string flag;                 // "--lr", "--no-stratify"
    std::optional<std::string> value; // none for Bool flags
};
std::vector<CommandArgument> trainCommandArguments(const TrainingConfig &config);

} // namespace hone

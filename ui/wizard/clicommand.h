#pragma once
// The hone-cli command that does what the wizard is about to do (design.md's CLI contract).
#include "core/train/trainingconfig.h"

#include <QString>

namespace hone::ui {

// `hone-cli train --model … --data … --epochs … --out …` with the flags the CLI contract
// documents; settings without a flag are left at the CLI's defaults.
QString cliTrainCommand(const TrainingConfig &config, const QString &outDir);
// True when cliTrainCommand reproduces the config exactly (every other setting is the default).
bool cliFlagsCoverConfig(const TrainingConfig &config);
// `hone-cli train --config run.json --out …`: always exact.
QString cliConfigCommand(const QString &configPath, const QString &outDir);
// A POSIX shell word: as is when safe, else single-quoted.
QString shellQuote(const QString &word);
// run.json as the wizard would save it (pretty-printed).
QString configJsonText(const TrainingConfig &config);

} // namespace hone::ui

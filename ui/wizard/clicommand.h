#pragma once
// The hone-cli command that does what the wizard is about to do (design.md's CLI contract),
// built from the training options table: pasted into a shell it trains the same run.
#include "core/train/trainingconfig.h"

#include <QString>

namespace hone::ui {

// The hone-cli next to the running program (installed and build trees keep them together), else
// the one on PATH, as an absolute path; "hone-cli" when there is none.
QString honeCliPath();
// `<hone-cli> train --model … --data … --epochs … --out …`: the essential flags and every
// setting that differs from hone-cli's defaults, so the parsed config equals `config` exactly.
QString cliTrainCommand(const TrainingConfig &config, const QString &outDir, const QString &program = honeCliPath());
// A POSIX shell word: as is when safe, else single-quoted.
QString shellQuote(const QString &word);
// run.json as the wizard would save it (pretty-printed).
QString configJsonText(const TrainingConfig &config);

} // namespace hone::ui

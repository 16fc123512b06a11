#pragma once
// The Review page's memory and time estimate: core's cost model (core/train/costmodel.h, the same
// one `hone-cli train --dry-run` prints), and its numbers in words.
#include "core/train/costmodel.h"

#include <QString>

namespace hone::ui {

// "1.4 GB", "3 min", "about 2 h 10 min" in the current locale.
QString formatBytesEstimate(double bytes);
QString formatDurationEstimate(double seconds);

} // namespace hone::ui

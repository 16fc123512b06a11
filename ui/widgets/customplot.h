#pragma once
// The one way to include QCustomPlot: its header uses Qt's keywords (signals:, slots, emit,
// foreach), which Hone compiles without (QT_NO_KEYWORDS, required by ATen; QT_NO_FOREACH, so
// Q_FOREACH does not exist either). Its two foreach loops walk member lists they do not modify,
// so a range-for over a const view is equivalent. No torch header may follow this.
#include <utility>

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach(variable, container) for (variable : std::as_const(container))
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

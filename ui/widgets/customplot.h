#pragma once
// The one way to include QCustomPlot: its header uses Qt's keywords (signals:, foreach), which
// Hone compiles without (QT_NO_KEYWORDS, required by ATen). No torch header may follow this.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

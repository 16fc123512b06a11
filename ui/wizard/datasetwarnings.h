#pragma once
// The findings of core's DatasetReport in the user's language (core's own `warnings` are English):
// dropped rows, class imbalance, tiny classes, duplicates, conflicting labels, leakage between splits.
#include "core/data/datasetreport.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace hone::ui {

// The translation context of the texts below.
class DatasetWarnings {
    Q_DECLARE_TR_FUNCTIONS(hone::ui::DatasetWarnings)
};

// One sentence per finding, most important first. `withLeakage`: include the split findings.
QStringList datasetWarnings(const DatasetReport &report, bool withLeakage);
// Core's drop reason ("blank text", "missing label", ...) in words.
QString dropReasonText(const std::string &reason);
// "ham", or "(empty)" for an empty label; HTML-escaped when html.
QString labelText(const std::string &label);

} // namespace hone::ui

#pragma once
// The value types that cross the thread boundary between a training worker and the GUI
// (queued signals copy them). Only plain structs from core: never tensors, modules or widgets.
#include "core/train/trainer.h"
#include "core/train/trainingfeedback.h"

#include <QMetaType>
#include <QVector>

Q_DECLARE_METATYPE(hone::StepMetrics)
Q_DECLARE_METATYPE(hone::EvalMetrics)
Q_DECLARE_METATYPE(hone::RunSummary)
Q_DECLARE_METATYPE(hone::TrainingPhase)
Q_DECLARE_METATYPE(hone::LogLevel)
Q_DECLARE_METATYPE(hone::ErrorCode)

namespace hone::ui {

// Registers the types above with Qt's meta-type system (idempotent; TrainingJob calls it).
void registerTrainingMetaTypes();

} // namespace hone::ui

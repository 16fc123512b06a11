#pragma once
// What a training tells the GUI, whichever way it runs: a TrainingWorker on a thread of this process
// or a TrainingProcess following hone-cli children. TrainingJob follows either through these signals.
#include "ui/jobs/metatypes.h"

#include <QObject>
#include <QString>
#include <QVector>

namespace hone::ui {

class TrainingEvents : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void stepsReported(const QVector<hone::StepMetrics> &steps);
    void evalReported(const hone::EvalMetrics &eval);
    void phaseChanged(hone::TrainingPhase phase, const QString &detail);
    void logged(hone::LogLevel level, const QString &message);
    void finished(const hone::RunSummary &summary);
    void failed(hone::ErrorCode code, const QString &message);
};

} // namespace hone::ui

#pragma once
// The dashboard's top strip: what the run is doing (phase or final state), a progress bar over
// the optimizer steps, epoch / step / throughput / elapsed / ETA, and the Stop and Resume buttons.
#include "core/runs/rundirectory.h"
#include "core/train/trainingfeedback.h"

#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace hone::ui {

class TrainingProgressWidget : public QWidget {
    Q_OBJECT
public:
    explicit TrainingProgressWidget(QWidget *parent = nullptr);

    void setPhase(hone::TrainingPhase phase, const QString &detail = {});
    // The run's state when nothing live is attached (finished, canceled, interrupted, ...).
    void setRunState(hone::RunState state, const QString &detail = {});
    // following: the run is being written by another process (hone-cli).
    void setFollowing(bool following);
    void setStep(const hone::StepMetrics &step, double totalEpochs = 0);
    void setError(const QString &message);
    void setStopping();
    void reset();

    void setStopEnabled(bool enabled);
    void setResumeEnabled(bool enabled);

    QString statusText() const;
    QString statsText() const;

Q_SIGNALS:
    void stopClicked();
    void resumeClicked();

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void fitStats(); // the statistics line, cut with "…" when the window is too narrow for all of it
    QString phaseText() const;
    static QString duration(double seconds);

    QLabel *m_status = nullptr;
    QLabel *m_stats = nullptr;
    QString m_statsText;
    QProgressBar *m_bar = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_resume = nullptr;

    enum class Mode { Idle, Phase, State, Error, Stopping };
    Mode m_mode = Mode::Idle;
    hone::TrainingPhase m_phase = hone::TrainingPhase::Preparing;
    hone::RunState m_state = hone::RunState::Created;
    QString m_detail;
    bool m_following = false;
    std::optional<hone::StepMetrics> m_step;
    double m_totalEpochs = 0;
};

} // namespace hone::ui

#include "ui/dashboard/trainingprogresswidget.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace hone::ui {

TrainingProgressWidget::TrainingProgressWidget(QWidget *parent) : QWidget(parent)
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    QFont bold = m_status->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_status->setFont(bold);
    // The status gets the width of its text; the bar takes what is left (at least 160 px).
    m_status->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_status->setMinimumWidth(80);
    m_stats = new QLabel;
    m_stats->setObjectName(QStringLiteral("statsLabel"));
    m_stats->setTextFormat(Qt::PlainText);
    m_stats->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_stats->installEventFilter(this);
    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bar = new QProgressBar;
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setTextVisible(true);
    m_bar->setMinimumWidth(160);
    m_stop = new QPushButton;
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_resume = new QPushButton;
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    m_resume->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    connect(m_stop, &QPushButton::clicked, this, &TrainingProgressWidget::stopClicked);
    connect(m_resume, &QPushButton::clicked, this, &TrainingProgressWidget::resumeClicked);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(4);
    grid->addWidget(m_status, 0, 0);
    grid->addWidget(m_bar, 0, 1);
    grid->addWidget(m_stop, 0, 2);
    grid->addWidget(m_resume, 0, 3);
    grid->addWidget(m_stats, 1, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    reset();
}

void TrainingProgressWidget::reset()
{
    m_mode = Mode::Idle;
    m_step.reset();
    m_detail.clear();
    m_following = false;
    m_totalEpochs = 0;
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    setStopEnabled(false);
    setResumeEnabled(false);
    retranslate();
}

void TrainingProgressWidget::setPhase(hone::TrainingPhase phase, const QString &detail)
{
    m_mode = Mode::Phase;
    m_phase = phase;
    m_detail = detail;
    if (phase != hone::TrainingPhase::Training && phase != hone::TrainingPhase::Finished && !m_step)
        m_bar->setRange(0, 0); // busy indicator until the first step tells the total
    retranslate();
}

void TrainingProgressWidget::setRunState(hone::RunState state, const QString &detail)
{
    m_mode = Mode::State;
    m_state = state;
    m_detail = detail;
    if (m_bar->maximum() == 0)
        m_bar->setRange(0, 1);
    if (state == hone::RunState::Finished)
        m_bar->setValue(m_bar->maximum());
    retranslate();
}

void TrainingProgressWidget::setFollowing(bool following)
{
    m_following = following;
    retranslate();
}

void TrainingProgressWidget::setError(const QString &message)
{
    m_mode = Mode::Error;
    m_detail = message;
    if (m_bar->maximum() == 0)
        m_bar->setRange(0, 1);
    retranslate();
}

void TrainingProgressWidget::setStopping()
{
    m_mode = Mode::Stopping;
    setStopEnabled(false);
    retranslate();
}

void TrainingProgressWidget::setStep(const hone::StepMetrics &step, double totalEpochs)
{
    m_step = step;
    m_totalEpochs = totalEpochs;
    // Steps arrive only while training: a phase signal sent before this widget was attached is not needed.
    if (m_mode == Mode::Phase && m_phase < hone::TrainingPhase::Training)
        m_phase = hone::TrainingPhase::Training;
    const int total = int(std::max<std::int64_t>(step.totalSteps, step.step));
    m_bar->setRange(0, std::max(1, total));
    m_bar->setValue(int(step.step));
    retranslate();
}

void TrainingProgressWidget::setStopEnabled(bool enabled)
{
    m_stop->setEnabled(enabled);
}

void TrainingProgressWidget::setResumeEnabled(bool enabled)
{
    m_resume->setEnabled(enabled);
    m_resume->setVisible(enabled);
}

QString TrainingProgressWidget::statusText() const
{
    return m_status->text();
}

QString TrainingProgressWidget::statsText() const
{
    return m_statsText;
}

void TrainingProgressWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QString TrainingProgressWidget::duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("–");
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString TrainingProgressWidget::phaseText() const
{
    switch (m_phase) {
    case hone::TrainingPhase::Preparing: return tr("Preparing");
    case hone::TrainingPhase::LoadingModel: return tr("Loading the model");
    case hone::TrainingPhase::ReadingData: return tr("Reading the data");
    case hone::TrainingPhase::Tokenizing: return tr("Tokenizing");
    case hone::TrainingPhase::Training: return tr("Training");
    case hone::TrainingPhase::Evaluating: return tr("Evaluating on the validation split");
    case hone::TrainingPhase::Testing: return tr("Evaluating on the test split");
    case hone::TrainingPhase::Saving: return tr("Saving");
    case hone::TrainingPhase::Finished: return tr("Finished");
    }
    return {};
}

void TrainingProgressWidget::retranslate()
{
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop after the current step; a checkpoint is written so the run can be resumed"));
    m_resume->setText(tr("Resume"));
    m_resume->setToolTip(tr("Continue this run from its last checkpoint"));

    QString status;
    QString colour;
    switch (m_mode) {
    case Mode::Idle:
        status = tr("No run");
        break;
    case Mode::Phase:
        status = phaseText();
        break;
    case Mode::Stopping:
        status = tr("Stopping… writing a checkpoint");
        break;
    case Mode::Error:
        status = tr("Failed");
        colour = QStringLiteral("#c62828");
        break;
    case Mode::State:
        switch (m_state) {
        case hone::RunState::Created: status = tr("Not started"); break;
        case hone::RunState::Running: status = m_following ? tr("Training in another process (hone-cli)") : tr("Running"); break;
        case hone::RunState::Finished: status = tr("Finished"); colour = QStringLiteral("#2e7d32"); break;
        case hone::RunState::Canceled: status = tr("Stopped by the user; it can be resumed"); colour = QStringLiteral("#ef6c00"); break;
        case hone::RunState::Failed: status = tr("Failed"); colour = QStringLiteral("#c62828"); break;
        case hone::RunState::Interrupted:
            status = tr("Interrupted (the process ended unexpectedly); it can be resumed");
            colour = QStringLiteral("#ef6c00");
            break;
        }
        break;
    }
    if (!m_detail.isEmpty() && (m_mode == Mode::Error || m_mode == Mode::Phase || m_mode == Mode::State))
        status += QStringLiteral(": ") + m_detail;
    m_status->setText(status);
    m_status->setToolTip(status);
    m_status->setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));

    if (!m_step) {
        m_statsText.clear();
        fitStats();
        m_bar->setFormat(QStringLiteral("%p%"));
        return;
    }
    const auto &s = *m_step;
    const QLocale locale;
    QStringList parts;
    if (m_totalEpochs > 0)
        parts << tr("Epoch %1 of %2").arg(locale.toString(s.epoch, 'f', 2), locale.toString(m_totalEpochs, 'g', 4));
    else
        parts << tr("Epoch %1").arg(locale.toString(s.epoch, 'f', 2));
    parts << tr("Step %1 of %2").arg(locale.toString(qlonglong(s.step)), locale.toString(qlonglong(s.totalSteps)));
    if (s.samplesPerSecond > 0)
        parts << tr("%1 samples/s").arg(locale.toString(s.samplesPerSecond, 'f', s.samplesPerSecond < 100 ? 1 : 0));
    if (s.tokensPerSecond > 0)
        parts << tr("%1 tokens/s").arg(locale.toString(s.tokensPerSecond, 'f', 0));
    parts << tr("Elapsed %1").arg(duration(s.elapsedSeconds));
    const bool done = s.totalSteps > 0 && s.step >= s.totalSteps;
    if (!done && m_mode != Mode::State)
        parts << tr("ETA %1").arg(duration(s.etaSeconds));
    m_statsText = parts.join(QStringLiteral("  ·  "));
    fitStats();
    m_bar->setFormat(tr("%1 / %2 steps").arg(locale.toString(qlonglong(s.step)), locale.toString(qlonglong(s.totalSteps))));
}

void TrainingProgressWidget::fitStats()
{
    const QString shown = m_stats->fontMetrics().elidedText(m_statsText, Qt::ElideRight, std::max(0, m_stats->width()));
    m_stats->setText(shown);
    m_stats->setToolTip(shown == m_statsText ? QString() : m_statsText);
}

bool TrainingProgressWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_stats && event->type() == QEvent::Resize)
        fitStats();
    return QWidget::eventFilter(watched, event);
}

} // namespace hone::ui

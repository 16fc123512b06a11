#pragma once
// The run dashboard: progress strip with Stop/Resume; loss, task-metric and learning-rate curves
// (training per logged step, raw and smoothed; validation per evaluation). Classification runs:
// the confusion matrix of the latest evaluation (click a cell to read its rows) and per-class
// precision/recall/F1. Language-model runs (sft, pretrain): perplexity, and the sample answers of
// each evaluation with what changed since the previous one.
//
//   dashboard->showRun(runDir);   // a finished, canceled or interrupted run from its files; a run
//                                 // that hone-cli is still writing is followed as it grows
//   dashboard->attachJob(job);    // a live TrainingJob (the JobManager owns it; its run folder is read first)
//
// Curves are appended as data arrives and replotted by one ~10 Hz timer, never per step.
#include "core/train/trainer.h"
#include "ui/dashboard/rundata.h"
#include "ui/jobs/jobmanager.h"
#include "ui/jobs/metatypes.h"
#include "ui/jobs/trainingjob.h"

#include <QPointer>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTimer;

namespace hone {
class MetricsFollower;
}

namespace hone::ui {

class ClassMetricsTable;
class ConfusionMatrixWidget;
class MetricPlot;
class SampleAnswersWidget;
class TrainingProgressWidget;

class DashboardWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kReplotIntervalMs = 100;
    static constexpr int kFollowIntervalMs = 500;
    static constexpr double kSmoothing = 0.85; // EMA weight of the past, debiased like TensorBoard's

    explicit DashboardWidget(QWidget *parent = nullptr);
    ~DashboardWidget() override;

    // The owner of the jobs Resume starts (the main window's); without one the dashboard makes its own.
    void setJobManager(JobManager *jobs) { m_jobs = jobs; }
    JobManager *jobManager();

    // Shows the run in dir; false (and the reason in *error and on screen) if it cannot be read.
    bool showRun(const QString &dir, QString *error = nullptr);
    // Shows a live job; a job that has already reported steps is completed from its metrics.jsonl.
    void attachJob(TrainingJob *job);
    void clear();

    QString runDir() const { return m_data.path; }
    TrainingJob *job() const { return m_job; }
    bool isFollowing() const { return m_following; }
    const RunData &data() const { return m_data; }

    // For tests and the main window's layout.
    MetricPlot *lossPlot() const { return m_lossPlot; }
    // The task's plotted metric: accuracy for classification, perplexity for language models.
    MetricPlot *accuracyPlot() const { return m_accuracyPlot; }
    QString plottedMetric() const { return QString::fromStdString(m_metricName); }
    MetricPlot *learningRatePlot() const { return m_lrPlot; }
    ConfusionMatrixWidget *confusionMatrix() const { return m_confusion; }
    ClassMetricsTable *classMetrics() const { return m_classTable; }
    SampleAnswersWidget *sampleAnswers() const { return m_samples; }
    // Whether the right panel shows the confusion matrix (classification) or sample answers.
    bool showsSampleAnswers() const;
    TrainingProgressWidget *progress() const { return m_progress; }
    // The warning under the progress strip when the model predicts one class only or does no
    // better than the majority baseline ("" when it does better).
    QString sanityText() const;

    // Series of the plots, in the order they were added.
    enum LossSeries { TrainLoss, TrainLossSmoothed, ValidationLoss, TestLoss };
    enum AccuracySeries { TrainAccuracy, TrainAccuracySmoothed, ValidationAccuracy, TestAccuracy };

public Q_SLOTS:
    void stop();   // cancels the attached job
    void resume(); // resumes the shown run in a new job of the JobManager

Q_SIGNALS:
    // The attached job ended (finished, canceled or failed) or a followed run stopped changing.
    void runEnded(const QString &runDir);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    bool applyTask();                // the plotted metric and the right panel by the run's task; true if the metric changed
    void titleMetricPlot();
    void pollSamples();              // a live job's sample answers, from metrics.jsonl
    void adoptJobDir();
    void detach();
    void rebuildCurves();
    void appendStep(const hone::StepMetrics &step);
    void appendEval(const hone::EvalMetrics &eval);
    void showEvaluation();           // the right panel, for the chosen split
    void updateMarkers();
    void updateSanity();
    void updateRunControls();
    void followTick();
    void replotTick();
    void onStepsReported(const QVector<hone::StepMetrics> &steps);
    void onEvalReported(const hone::EvalMetrics &eval);
    void onPhaseChanged(hone::TrainingPhase phase, const QString &detail);
    void onLogged(hone::LogLevel level, const QString &message);
    void onJobFinished(const hone::RunSummary &summary);
    void onJobFailed(hone::ErrorCode code, const QString &message);
    double totalEpochs() const;
    QString splitName(const std::string &split) const;
    std::string chosenSplit() const;

    RunData m_data;
    QPointer<TrainingJob> m_job;
    QPointer<JobManager> m_jobs;
    std::unique_ptr<hone::MetricsFollower> m_follower;
    // A live job reports steps and evaluations by signal; its sample answers are read from the file.
    std::unique_ptr<hone::MetricsFollower> m_samplesFollower;
    std::string m_metricName = "accuracy";
    bool m_following = false;
    // Predictions of the latest evaluation per split (live ones lack texts: see predictionsFile).
    std::map<std::string, std::vector<PredictionRow>> m_predictions;
    struct Ema {
        double value = 0;
        int count = 0;
        double add(double x);
    };
    Ema m_lossEma, m_accuracyEma;

    TrainingProgressWidget *m_progress = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_sanity = nullptr;
    MetricPlot *m_lossPlot = nullptr;
    MetricPlot *m_accuracyPlot = nullptr;
    MetricPlot *m_lrPlot = nullptr;
    ConfusionMatrixWidget *m_confusion = nullptr;
    ClassMetricsTable *m_classTable = nullptr;
    QLabel *m_classTitle = nullptr;
    QWidget *m_tablePanel = nullptr;
    QLabel *m_splitLabel = nullptr;
    QComboBox *m_split = nullptr;
    QStackedWidget *m_rightStack = nullptr;
    SampleAnswersWidget *m_samples = nullptr;
    QTimer *m_replotTimer = nullptr;
    QTimer *m_followTimer = nullptr;
};

} // namespace hone::ui

#include "ui/dashboard/dashboardwidget.h"

#include "ui/dashboard/classmetricstable.h"
#include "ui/dashboard/confusionmatrixwidget.h"
#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/dashboard/trainingprogresswidget.h"
#include "ui/jobs/jobmanager.h"
#include "ui/jobs/trainingjob.h"
#include "ui/widgets/metricplot.h"

#include "core/runs/metricsfollower.h"
#include "core/train/sanityguard.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace hone::ui {

namespace {
const QColor kTrainColour(0x1f, 0x77, 0xb4);
const QColor kValidationColour(0xe6, 0x6a, 0x00);
const QColor kTestColour(0x2c, 0xa0, 0x2c);
const QColor kLrColour(0x8c, 0x56, 0x4b);

// The task's plotted metric of an evaluation; none when the record lacks it.
std::optional<double> evalMetric(const hone::EvalMetrics &eval, const std::string &name)
{
    if (name == "accuracy" && eval.hasClassification())
        return eval.metrics.accuracy;
    return eval.value(name);
}

std::vector<PredictionRow> rowsFromPredictions(const std::vector<hone::Prediction> &predictions)
{
    std::vector<PredictionRow> rows;
    rows.reserve(predictions.size());
    for (const auto &p : predictions)
        rows.push_back(PredictionRow{p.row, QString(), p.truth, p.predicted, p.probabilities});
    return rows;
}
} // namespace

double DashboardWidget::Ema::add(double x)
{
    ++count;
    value = kSmoothing * value + (1.0 - kSmoothing) * x;
    return value / (1.0 - std::pow(kSmoothing, count)); // debiased: the first points are not pulled to 0
}

DashboardWidget::DashboardWidget(QWidget *parent) : QWidget(parent)
{
    m_progress = new TrainingProgressWidget;
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setVisible(false);
    m_sanity = new QLabel;
    m_sanity->setObjectName(QStringLiteral("sanityLabel"));
    m_sanity->setWordWrap(true);
    m_sanity->setTextFormat(Qt::PlainText);
    m_sanity->setStyleSheet(QStringLiteral("color: #ef6c00; font-weight: bold;"));
    m_sanity->setVisible(false);

    m_lossPlot = new MetricPlot;
    m_lossPlot->setObjectName(QStringLiteral("lossPlot"));
    // Raw training values stay unnamed (out of the legend): their smoothed curve names them.
    m_lossPlot->addSeries(QString(), kTrainColour, MetricPlot::Style::FaintLine);
    m_lossPlot->addSeries(QString(), kTrainColour, MetricPlot::Style::Line);
    m_lossPlot->addSeries(QString(), kValidationColour, MetricPlot::Style::LineAndMarkers);
    m_lossPlot->addSeries(QString(), kTestColour, MetricPlot::Style::Markers);
    m_lossPlot->setValueBounds(0.0, std::nullopt);

    m_accuracyPlot = new MetricPlot;
    m_accuracyPlot->setObjectName(QStringLiteral("accuracyPlot"));
    m_accuracyPlot->addSeries(QString(), kTrainColour, MetricPlot::Style::FaintLine);
    m_accuracyPlot->addSeries(QString(), kTrainColour, MetricPlot::Style::Line);
    m_accuracyPlot->addSeries(QString(), kValidationColour, MetricPlot::Style::LineAndMarkers);
    m_accuracyPlot->addSeries(QString(), kTestColour, MetricPlot::Style::Markers);
    m_accuracyPlot->setValueBounds(0.0, 1.0);

    m_lrPlot = new MetricPlot;
    m_lrPlot->setObjectName(QStringLiteral("learningRatePlot"));
    m_lrPlot->addSeries(QString(), kLrColour, MetricPlot::Style::Line); // unnamed: the title names it
    m_lrPlot->setValueBounds(0.0, std::nullopt);
    m_lrPlot->setValueScaled(true);

    auto *plots = new QSplitter(Qt::Vertical);
    plots->setChildrenCollapsible(false);
    plots->addWidget(m_lossPlot);
    plots->addWidget(m_accuracyPlot);
    plots->addWidget(m_lrPlot);
    plots->setStretchFactor(0, 4);
    plots->setStretchFactor(1, 4);
    plots->setStretchFactor(2, 3);

    m_confusion = new ConfusionMatrixWidget;
    m_confusion->setObjectName(QStringLiteral("confusionMatrix"));
    m_classTable = new ClassMetricsTable;
    m_classTitle = new QLabel;
    QFont bold = m_classTitle->font();
    bold.setBold(true);
    m_classTitle->setFont(bold);
    m_splitLabel = new QLabel;
    m_split = new QComboBox;
    m_split->setObjectName(QStringLiteral("splitCombo"));
    m_split->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { showEvaluation(); });

    auto *splitRow = new QHBoxLayout;
    splitRow->addWidget(m_splitLabel);
    splitRow->addWidget(m_split);
    splitRow->addStretch();

    auto *tablePanel = m_tablePanel = new QWidget;
    auto *tableLayout = new QVBoxLayout(tablePanel);
    tableLayout->setContentsMargins(0, 6, 0, 0);
    tableLayout->addWidget(m_classTitle);
    tableLayout->addWidget(m_classTable, 1);

    // The per-class table takes the height of its rows; the confusion panel the rest.
    tablePanel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(splitRow);
    rightLayout->addWidget(m_confusion, 1);
    rightLayout->addWidget(tablePanel);

    m_samples = new SampleAnswersWidget;
    m_samples->setObjectName(QStringLiteral("sampleAnswers"));
    m_rightStack = new QStackedWidget;
    m_rightStack->addWidget(right);
    m_rightStack->addWidget(m_samples);

    auto *main = new QSplitter(Qt::Horizontal);
    main->setChildrenCollapsible(false);
    main->addWidget(plots);
    main->addWidget(m_rightStack);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 2);
    main->setSizes({900, 600});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(m_sanity);
    layout->addWidget(main, 1);

    connect(m_progress, &TrainingProgressWidget::stopClicked, this, &DashboardWidget::stop);
    connect(m_progress, &TrainingProgressWidget::resumeClicked, this, &DashboardWidget::resume);

    // ONE timer replots every plot that changed, at most ~10 times a second.
    m_replotTimer = new QTimer(this);
    m_replotTimer->setInterval(kReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, &DashboardWidget::replotTick);
    m_followTimer = new QTimer(this);
    m_followTimer->setInterval(kFollowIntervalMs);
    connect(m_followTimer, &QTimer::timeout, this, &DashboardWidget::followTick);

    retranslate();
    updateRunControls();
}

DashboardWidget::~DashboardWidget() = default;

void DashboardWidget::clear()
{
    detach();
    m_data = RunData();
    m_predictions.clear();
    m_lossEma = {};
    m_accuracyEma = {};
    for (MetricPlot *p : {m_lossPlot, m_accuracyPlot, m_lrPlot}) {
        p->clearPoints();
        p->setKeyExtent(0);
        p->setMinimumLeftMargin(0);
    }
    m_confusion->clear();
    m_classTable->clearMetrics();
    m_samples->clear();
    m_progress->reset();
    m_message->clear();
    m_message->setVisible(false);
    m_sanity->clear();
    m_sanity->setVisible(false);
    m_accuracyPlot->setReferenceLine(std::nullopt);
    applyTask();
    showEvaluation();
    updateRunControls();
}

void DashboardWidget::detach()
{
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    m_job = nullptr;
    m_followTimer->stop();
    m_follower.reset();
    m_samplesFollower.reset();
    m_following = false;
}

bool DashboardWidget::showRun(const QString &dir, QString *error)
{
    clear();
    auto loaded = RunData::load(dir, /*readMetrics=*/false);
    if (!loaded) {
        const QString message = TrainingJob::errorText(loaded.error().code, QString::fromStdString(loaded.error().message));
        m_progress->setError(message);
        if (error)
            *error = message;
        return false;
    }
    m_data = std::move(loaded).value();
    // The follower reads metrics.jsonl from its start now and whatever is appended later.
    m_follower = std::make_unique<hone::MetricsFollower>(hone::RunDirectory::open(m_data.path.toStdString())->metricsFile());
    for (const auto &record : m_follower->poll())
        m_data.addRecord(record);
    if (m_data.labels.empty())
        if (const EvalMetrics *e = m_data.latestEval("validation"))
            for (const auto &c : e->metrics.perClass)
                m_data.labels.push_back(c.label);
    if (!m_data.isLanguageModel())
        for (const std::string split : {"validation", "test"})
            if (auto rows = readPredictions(m_data.predictionsFile(split)))
                m_predictions[split] = std::move(rows).value();
    applyTask();
    rebuildCurves();
    m_samples->setSamples(m_data.samples);
    if (!m_data.steps.empty()) {
        hone::StepMetrics last = m_data.steps.back();
        if (m_data.summary && m_data.summary->train.wallSeconds > 0) {
            // A finished run: the whole run's throughput, not the last logging window's.
            last.samplesPerSecond = m_data.summary->train.samplesPerSecond;
            last.tokensPerSecond = m_data.summary->train.tokensPerSecond;
            last.elapsedSeconds = m_data.summary->train.wallSeconds;
        }
        m_progress->setStep(last, totalEpochs());
    }
    m_following = m_data.state == hone::RunState::Running;
    m_progress->setRunState(m_data.state);
    m_progress->setFollowing(m_following);
    if (m_following)
        m_followTimer->start();
    else
        m_follower.reset();
    showEvaluation();
    updateRunControls();
    return true;
}

void DashboardWidget::attachJob(TrainingJob *job)
{
    clear();
    if (!job)
        return;
    m_job = job;
    // A resumed run (or a job attached late) already has curves on disk.
    if (auto loaded = RunData::load(job->runDir()); loaded) {
        m_data = std::move(loaded).value();
        m_data.samples.clear(); // read again from metrics.jsonl's start by pollSamples
        applyTask();
        rebuildCurves();
        if (!m_data.steps.empty())
            m_progress->setStep(m_data.steps.back(), totalEpochs());
    } else {
        m_data.path = job->runDir();
        m_data.id = QDir(job->runDir()).dirName();
    }
    m_data.state = hone::RunState::Running;
    connect(job, &TrainingJob::stepsReported, this, &DashboardWidget::onStepsReported);
    connect(job, &TrainingJob::evalReported, this, &DashboardWidget::onEvalReported);
    connect(job, &TrainingJob::phaseChanged, this, &DashboardWidget::onPhaseChanged);
    connect(job, &TrainingJob::logged, this, &DashboardWidget::onLogged);
    connect(job, &TrainingJob::finished, this, &DashboardWidget::onJobFinished);
    connect(job, &TrainingJob::failed, this, &DashboardWidget::onJobFailed);
    pollSamples();
    if (job->isRunning())
        m_progress->setPhase(hone::TrainingPhase::Preparing);
    else
        m_progress->setRunState(m_data.state);
    showEvaluation();
    updateRunControls();
}

void DashboardWidget::stop()
{
    if (m_job && (m_job->isRunning() || m_job->state() == TrainingJob::State::Idle)) {
        m_job->cancel();
        m_progress->setStopping();
    }
}

void DashboardWidget::resume()
{
    if ((m_job && m_job->isRunning()) || m_data.path.isEmpty())
        return;
    const QString dir = m_data.path;
    // Attached before it starts, so no report of the job is missed.
    TrainingJob *job = jobManager()->resume(dir);
    attachJob(job);
    m_progress->setPhase(hone::TrainingPhase::Preparing);
    updateRunControls();
}

JobManager *DashboardWidget::jobManager()
{
    if (!m_jobs)
        m_jobs = new JobManager(this);
    return m_jobs;
}

void DashboardWidget::onStepsReported(const QVector<hone::StepMetrics> &steps)
{
    for (const auto &s : steps)
        appendStep(s);
    if (!steps.isEmpty())
        m_progress->setStep(steps.back(), totalEpochs());
}

void DashboardWidget::onEvalReported(const hone::EvalMetrics &eval)
{
    adoptJobDir();
    if (!m_data.trainingConfig) { // a new run: its config.json exists by its first evaluation
        m_data.reloadFiles();
        if (applyTask())
            rebuildCurves();
    }
    appendEval(eval);
    pollSamples(); // the trainer records the sample answers before it reports the evaluation
    if (!eval.predictions.empty())
        m_predictions[eval.split] = rowsFromPredictions(eval.predictions);
    showEvaluation();
}

void DashboardWidget::onPhaseChanged(hone::TrainingPhase phase, const QString &detail)
{
    adoptJobDir();
    if (!m_data.trainingConfig && phase == hone::TrainingPhase::Training) { // config.json is written by now
        m_data.reloadFiles();
        if (applyTask())
            rebuildCurves();
    }
    if (m_job && m_job->isCancelRequested())
        return; // keep saying "Stopping…"
    m_progress->setPhase(phase, detail);
}

void DashboardWidget::onLogged(hone::LogLevel level, const QString &message)
{
    if (level == hone::LogLevel::Info)
        return;
    m_message->setText(message);
    m_message->setStyleSheet(level == hone::LogLevel::Error ? QStringLiteral("color: #c62828;") : QStringLiteral("color: #ef6c00;"));
    m_message->setVisible(true);
}

void DashboardWidget::onJobFinished(const hone::RunSummary &summary)
{
    adoptJobDir();
    m_data.reloadFiles();
    pollSamples();
    if (applyTask())
        rebuildCurves();
    if (!m_data.summary && !summary.canceled)
        m_data.setSummary(summary);
    if (m_data.state == hone::RunState::Running || m_data.state == hone::RunState::Created)
        m_data.state = summary.canceled ? hone::RunState::Canceled : hone::RunState::Finished;
    // The files now hold the texts of the latest evaluation.
    for (const std::string split : {"validation", "test"})
        if (auto rows = readPredictions(m_data.predictionsFile(split)); rows && !rows->empty())
            m_predictions[split] = std::move(rows).value();
    m_progress->setRunState(m_data.state, summary.stoppedEarly ? tr("stopped early (no improvement)") : QString());
    showEvaluation();
    updateMarkers();
    updateRunControls();
    Q_EMIT runEnded(m_data.path);
}

void DashboardWidget::onJobFailed(hone::ErrorCode code, const QString &message)
{
    m_data.reloadFiles();
    if (m_data.state == hone::RunState::Running)
        m_data.state = hone::RunState::Failed;
    m_progress->setError(TrainingJob::errorText(code, message));
    updateRunControls();
    Q_EMIT runEnded(m_data.path);
}

void DashboardWidget::followTick()
{
    if (!m_follower)
        return;
    bool restarted = false;
    auto records = m_follower->poll(&restarted);
    if (restarted) {
        m_data.steps.clear();
        m_data.evals.clear();
        m_data.samples.clear();
        for (const auto &r : records)
            m_data.addRecord(r);
        rebuildCurves();
        m_samples->setSamples(m_data.samples);
    } else {
        bool evaluated = false, answered = false;
        for (const auto &r : records) {
            auto parsed = hone::parseMetricsRecord(r);
            if (parsed && parsed->step)
                appendStep(*parsed->step);
            if (parsed && parsed->eval) {
                appendEval(*parsed->eval);
                evaluated = true;
            }
            if (parsed && parsed->samples) {
                m_data.addSamples(*parsed->samples);
                answered = true;
            }
        }
        if (evaluated && !m_data.isLanguageModel())
            for (const std::string split : {"validation", "test"})
                if (auto rows = readPredictions(m_data.predictionsFile(split)))
                    m_predictions[split] = std::move(rows).value();
        if (evaluated)
            showEvaluation();
        if (answered)
            m_samples->setSamples(m_data.samples);
    }
    if (!m_data.steps.empty())
        m_progress->setStep(m_data.steps.back(), totalEpochs());

    auto run = RunDirectory::open(m_data.path.toStdString());
    if (run && run->state() != hone::RunState::Running) {
        // The writer is done (or died): read what it left and stop following.
        for (const auto &r : m_follower->poll())
            m_data.addRecord(r);
        m_data.reloadFiles();
        m_followTimer->stop();
        m_follower.reset();
        m_following = false;
        if (!m_data.isLanguageModel())
            for (const std::string split : {"validation", "test"})
                if (auto rows = readPredictions(m_data.predictionsFile(split)))
                    m_predictions[split] = std::move(rows).value();
        applyTask();
        rebuildCurves();
        m_samples->setSamples(m_data.samples);
        m_progress->setFollowing(false);
        m_progress->setRunState(m_data.state);
        showEvaluation();
        updateRunControls();
        Q_EMIT runEnded(m_data.path);
    }
}

void DashboardWidget::rebuildCurves()
{
    m_lossEma = {};
    m_accuracyEma = {};
    QVector<double> steps, loss, lossSmooth, accSteps, acc, accSmooth, lr;
    for (const auto &s : m_data.steps) {
        const double x = double(s.step);
        steps << x;
        loss << s.loss;
        lossSmooth << m_lossEma.add(s.loss);
        if (const auto it = s.values.find(m_metricName); it != s.values.end()) { // tasks that report it per step
            accSteps << x;
            acc << it->second;
            accSmooth << m_accuracyEma.add(it->second);
        }
        lr << s.learningRate;
    }
    m_lossPlot->setPoints(TrainLoss, steps, loss);
    m_lossPlot->setPoints(TrainLossSmoothed, steps, lossSmooth);
    m_accuracyPlot->setPoints(TrainAccuracy, accSteps, acc);
    m_accuracyPlot->setPoints(TrainAccuracySmoothed, accSteps, accSmooth);
    m_lrPlot->setPoints(0, steps, lr);
    for (const std::string split : {"validation", "test"}) {
        QVector<double> x, l, ax, a;
        for (const auto &e : m_data.evals)
            if (e.split == split) {
                x << double(e.step);
                l << e.loss;
                if (const auto accuracy = evalMetric(e, m_metricName)) {
                    ax << double(e.step);
                    a << *accuracy;
                }
            }
        m_lossPlot->setPoints(split == "test" ? TestLoss : ValidationLoss, x, l);
        m_accuracyPlot->setPoints(split == "test" ? TestAccuracy : ValidationAccuracy, ax, a);
    }
    const double extent = double(m_data.totalSteps());
    for (MetricPlot *p : {m_lossPlot, m_accuracyPlot, m_lrPlot})
        p->setKeyExtent(extent);
    updateMarkers();
}

void DashboardWidget::appendStep(const hone::StepMetrics &step)
{
    if (m_data.addStep(step)) {
        rebuildCurves(); // a resumed run went back to its checkpoint
        return;
    }
    const double x = double(step.step);
    m_lossPlot->addPoint(TrainLoss, x, step.loss);
    m_lossPlot->addPoint(TrainLossSmoothed, x, m_lossEma.add(step.loss));
    if (const auto it = step.values.find(m_metricName); it != step.values.end()) {
        m_accuracyPlot->addPoint(TrainAccuracy, x, it->second);
        m_accuracyPlot->addPoint(TrainAccuracySmoothed, x, m_accuracyEma.add(it->second));
    }
    m_lrPlot->addPoint(0, x, step.learningRate);
    for (MetricPlot *p : {m_lossPlot, m_accuracyPlot, m_lrPlot})
        p->setKeyExtent(double(step.totalSteps));
}

void DashboardWidget::appendEval(const hone::EvalMetrics &eval)
{
    m_data.addEval(eval);
    const bool test = eval.split == "test";
    m_lossPlot->addPoint(test ? TestLoss : ValidationLoss, double(eval.step), eval.loss);
    if (const auto accuracy = evalMetric(eval, m_metricName))
        m_accuracyPlot->addPoint(test ? TestAccuracy : ValidationAccuracy, double(eval.step), *accuracy);
    updateMarkers();
}

void DashboardWidget::updateMarkers()
{
    std::optional<double> best;
    if (m_data.summary && m_data.summary->bestStep > 0)
        best = double(m_data.summary->bestStep);
    else
        for (const auto &e : m_data.evals)
            if (e.split == "validation" && e.isBest)
                best = double(e.step);
    const QString caption = tr("best");
    m_lossPlot->setMarker(best, caption);
    m_accuracyPlot->setMarker(best, caption);
}

QString DashboardWidget::sanityText() const
{
    return m_sanity->text();
}

void DashboardWidget::updateSanity()
{
    if (m_data.isLanguageModel()) { // no classes, no majority baseline
        m_accuracyPlot->setReferenceLine(std::nullopt);
        m_sanity->clear();
        m_sanity->setVisible(false);
        return;
    }
    // Judged on validation: the best model's once the run has ended, else the latest evaluation.
    const bool ended = m_data.state != hone::RunState::Running && !m_job;
    std::optional<ClassificationMetrics> metrics = ended ? m_data.finalMetrics("validation") : std::nullopt;
    if (!metrics)
        if (const EvalMetrics *latest = m_data.latestEval("validation"))
            metrics = latest->metrics;
    const auto sanity = metrics ? hone::assessPredictions(*metrics) : std::nullopt;
    if (!sanity) {
        m_accuracyPlot->setReferenceLine(std::nullopt);
        m_sanity->clear();
        m_sanity->setVisible(false);
        return;
    }
    const QString majority = QString::fromStdString(sanity->majorityLabel);
    const QString baseline = QLocale().toString(100 * sanity->majorityBaseline, 'f', 1) + QLatin1Char('%');
    m_accuracyPlot->setReferenceLine(sanity->majorityBaseline, tr("majority baseline %1").arg(baseline));
    // Early evaluations often sit at the baseline: only the run's result is worth a warning.
    QString text;
    if (ended && sanity->singleClass)
        text = tr("The model predicts “%1” for every validation row; always answering “%2” would score %3. "
                  "Try a lower learning rate, more epochs or balanced class weights.")
                   .arg(QString::fromStdString(sanity->predictedLabel), majority, baseline);
    else if (ended && !sanity->beatsMajority)
        text = tr("The model does no better on validation than always answering “%1” (majority baseline %2). "
                  "Try a lower learning rate, more epochs or balanced class weights.")
                   .arg(majority, baseline);
    m_sanity->setText(text);
    m_sanity->setVisible(!text.isEmpty());
}

void DashboardWidget::showEvaluation()
{
    updateSanity();
    if (m_data.isLanguageModel())
        return; // the sample answers panel follows the "samples" records instead
    // Offer the test split once it has been evaluated; keep the user's choice across updates.
    const bool hasTest = m_data.latestEval("test") || (m_data.summary && m_data.summary->test);
    const std::string chosen = chosenSplit();
    {
        const QSignalBlocker block(m_split);
        m_split->clear();
        m_split->addItem(splitName("validation"), QStringLiteral("validation"));
        if (hasTest)
            m_split->addItem(splitName("test"), QStringLiteral("test"));
        m_split->setCurrentIndex(chosen == "test" && hasTest ? 1 : 0);
    }
    const std::string split = chosenSplit();
    const bool ended = m_data.state != hone::RunState::Running && !m_job;
    const auto rowsIt = m_predictions.find(split);
    const std::vector<PredictionRow> noRows;
    const std::vector<PredictionRow> &rows = rowsIt == m_predictions.end() ? noRows : rowsIt->second;

    // The matrix must be the one whose rows a click lists: with saved predictions, show the
    // evaluation they belong to (the summary's, or the evaluation record with the same matrix).
    std::optional<ClassificationMetrics> metrics;
    QString stepCaption;
    if (!rows.empty()) {
        const std::size_t n = std::max<std::size_t>(m_data.labels.size(), 2);
        std::vector<std::vector<std::int64_t>> confusion(n, std::vector<std::int64_t>(n, 0));
        bool inRange = true;
        for (const auto &r : rows) {
            if (r.truth < 0 || r.predicted < 0 || std::size_t(r.truth) >= n || std::size_t(r.predicted) >= n) {
                inRange = false;
                break;
            }
            ++confusion[r.truth][r.predicted];
        }
        if (inRange) {
            std::optional<ClassificationMetrics> summaryMetrics;
            if (ended && m_data.summary)
                summaryMetrics = split == "test" ? m_data.summary->test : m_data.summary->validation;
            if (summaryMetrics && summaryMetrics->confusion == confusion) {
                metrics = summaryMetrics;
                if (split == "validation" && m_data.summary->bestStep > 0)
                    stepCaption = tr("best model, step %1").arg(m_data.summary->bestStep);
            }
            for (auto it = m_data.evals.rbegin(); !metrics && it != m_data.evals.rend(); ++it)
                if (it->split == split && it->metrics.confusion == confusion) {
                    metrics = it->metrics;
                    stepCaption = tr("step %1").arg(it->step);
                }
            if (!metrics)
                metrics = hone::metricsFromConfusion(confusion, m_data.labels);
        }
    }
    if (!metrics) {
        const EvalMetrics *latest = m_data.latestEval(split);
        if (ended)
            metrics = m_data.finalMetrics(split); // a finished run: its summary (the best model)
        if (metrics && ended && m_data.summary && split == "validation" && m_data.summary->bestStep > 0)
            stepCaption = tr("best model, step %1").arg(m_data.summary->bestStep);
        else if (latest) {
            metrics = latest->metrics;
            stepCaption = tr("step %1").arg(latest->step);
        }
    }
    if (!metrics) {
        m_confusion->clear();
        m_classTable->clearMetrics();
        m_classTitle->setText(tr("Per-class metrics"));
        return;
    }
    QString caption = splitName(split);
    if (!stepCaption.isEmpty())
        caption += QStringLiteral(" · ") + stepCaption;
    QStringList labels = m_data.labelNames();
    if (labels.size() != int(metrics->confusion.size())) {
        labels.clear();
        for (const auto &c : metrics->perClass)
            labels << QString::fromStdString(c.label);
        while (labels.size() < int(metrics->confusion.size()))
            labels << QString::number(labels.size());
    }
    m_confusion->setEvaluation(labels, metrics->confusion, caption);
    m_confusion->setPredictions(rows, m_data.predictionsFile(split));
    m_classTable->setMetrics(*metrics);
    m_classTitle->setText(tr("Per-class metrics · %1").arg(caption));
}

bool DashboardWidget::applyTask()
{
    const hone::TaskInfo &task = m_data.task();
    m_rightStack->setCurrentWidget(task.hasLabels ? m_rightStack->widget(0) : m_samples);
    const std::string metric = task.plottedMetrics.empty() ? std::string() : task.plottedMetrics.front();
    m_accuracyPlot->setVisible(!metric.empty());
    if (metric == m_metricName)
        return false;
    m_metricName = metric;
    // Classification scores are shares; a perplexity has no upper bound.
    m_accuracyPlot->setValueBounds(0.0, task.hasLabels ? std::optional<double>(1.0) : std::nullopt);
    m_accuracyPlot->setReferenceLine(std::nullopt);
    titleMetricPlot();
    return true;
}

void DashboardWidget::titleMetricPlot()
{
    if (m_metricName == "accuracy") {
        m_accuracyPlot->setTitle(tr("Accuracy"));
        m_accuracyPlot->setPlaceholderText(tr("The accuracy appears after the first logged steps."));
    } else if (m_metricName == "perplexity") {
        m_accuracyPlot->setTitle(tr("Perplexity"));
        m_accuracyPlot->setPlaceholderText(tr("The validation perplexity appears after the first evaluation."));
    } else {
        m_accuracyPlot->setTitle(QString::fromStdString(m_metricName)); // a task's metric by its record name
        m_accuracyPlot->setPlaceholderText(QString());
    }
}

bool DashboardWidget::showsSampleAnswers() const
{
    return m_rightStack->currentWidget() == m_samples;
}

void DashboardWidget::adoptJobDir()
{
    // A job attached before start() learns its folder only then.
    if (m_data.path.isEmpty() && m_job && !m_job->runDir().isEmpty()) {
        m_data.path = QDir(m_job->runDir()).absolutePath();
        m_data.id = QDir(m_job->runDir()).dirName();
    }
}

void DashboardWidget::pollSamples()
{
    adoptJobDir();
    if (!m_samplesFollower) {
        auto run = RunDirectory::open(m_data.path.toStdString());
        if (!run)
            return; // the trainer has not created the folder yet
        m_samplesFollower = std::make_unique<hone::MetricsFollower>(run->metricsFile());
    }
    bool restarted = false;
    const auto records = m_samplesFollower->poll(&restarted);
    bool changed = restarted;
    if (restarted)
        m_data.samples.clear();
    for (const auto &r : records)
        if (auto parsed = hone::parseMetricsRecord(r); parsed && parsed->samples) {
            m_data.addSamples(*parsed->samples);
            changed = true;
        }
    if (changed)
        m_samples->setSamples(m_data.samples);
}

void DashboardWidget::updateRunControls()
{
    // A job attached just before it is started counts as running.
    const bool running = m_job && (m_job->isRunning() || m_job->state() == TrainingJob::State::Idle);
    m_progress->setStopEnabled(running && !m_job->isCancelRequested());
    const bool resumable = !running && !m_following && !m_data.path.isEmpty() &&
                           (m_data.state == hone::RunState::Canceled || m_data.state == hone::RunState::Interrupted ||
                            m_data.state == hone::RunState::Failed) &&
                           m_data.hasCheckpoint();
    m_progress->setResumeEnabled(resumable);
}

void DashboardWidget::replotTick()
{
    const std::array<MetricPlot *, 3> plots{m_lossPlot, m_accuracyPlot, m_lrPlot};
    // Stacked plots share their left margin so their y axes line up.
    int margin = 0;
    for (MetricPlot *p : plots)
        margin = std::max(margin, p->leftMargin());
    for (MetricPlot *p : plots) {
        p->setMinimumLeftMargin(margin);
        p->refresh();
    }
}

double DashboardWidget::totalEpochs() const
{
    if (m_data.trainingConfig && m_data.trainingConfig->maxSteps <= 0)
        return m_data.trainingConfig->numTrainEpochs;
    if (!m_data.steps.empty()) {
        const auto &s = m_data.steps.back();
        if (s.step > 0 && s.totalSteps > 0 && s.epoch > 0)
            return std::round(s.epoch / double(s.step) * double(s.totalSteps) * 100.0) / 100.0;
    }
    return 0;
}

QString DashboardWidget::splitName(const std::string &split) const
{
    if (split == "test")
        return tr("Test");
    if (split == "train")
        return tr("Training");
    return tr("Validation");
}

std::string DashboardWidget::chosenSplit() const
{
    return m_split->currentData().toString() == QStringLiteral("test") ? "test" : "validation";
}

void DashboardWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_replotTimer->start();
    replotTick();
}

void DashboardWidget::hideEvent(QHideEvent *event)
{
    m_replotTimer->stop();
    QWidget::hideEvent(event);
}

void DashboardWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // The per-class table shows all its rows when there is room, but never takes more than a
    // third of the height from the confusion matrix and its rows (then it scrolls).
    m_tablePanel->setMaximumHeight(std::max(120, height() / 3));
}

void DashboardWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DashboardWidget::retranslate()
{
    const QString step = tr("Step");
    m_lossPlot->setTitle(tr("Loss"));
    m_lossPlot->setAxisLabels(step, QString());
    m_lossPlot->setSeriesName(TrainLossSmoothed, tr("Training (smoothed)"));
    m_lossPlot->setSeriesName(ValidationLoss, tr("Validation"));
    m_lossPlot->setSeriesName(TestLoss, tr("Test"));
    m_lossPlot->setPlaceholderText(tr("The loss appears after the first logged steps."));
    m_accuracyPlot->setAxisLabels(step, QString());
    m_accuracyPlot->setSeriesName(TrainAccuracySmoothed, tr("Training (smoothed)"));
    m_accuracyPlot->setSeriesName(ValidationAccuracy, tr("Validation"));
    m_accuracyPlot->setSeriesName(TestAccuracy, tr("Test"));
    titleMetricPlot();
    m_lrPlot->setTitle(tr("Learning rate"));
    m_lrPlot->setAxisLabels(step, QString());
    m_lrPlot->setPlaceholderText(tr("The schedule appears after the first logged steps."));
    m_splitLabel->setText(tr("Evaluation:"));
    updateMarkers();
    showEvaluation();
}

} // namespace hone::ui

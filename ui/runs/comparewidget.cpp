#include "ui/runs/comparewidget.h"

#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/widgets/confusionheatmap.h"
#include "ui/widgets/metricplot.h"

#include "core/data/datasplit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <set>

namespace hone::ui {
using nlohmann::json;

namespace {

// Ten distinct colours (Tableau 10), one per compared run.
QColor runColour(int i)
{
    static const QColor colours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xe6, 0x6a, 0x00), QColor(0x2c, 0xa0, 0x2c),
                                     QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                     QColor(0x17, 0xbe, 0xcf)};
    return colours[i % 10];
}

QString duration(double seconds)
{
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// A run name over a few header lines instead of cut off: lines filled up to lineLength characters,
// broken after '-', '_', '.' or a space (or anywhere in a long unbroken run), so
// "all-MiniLM-L6-v2-sms_spam 2" stays readable in a 120 px column and short names stay whole.
QString wrappedName(const QString &name, int lineLength = 18)
{
    const auto breakable = [](QChar c) {
        return c == QLatin1Char('-') || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char(' ');
    };
    QString out;
    int line = 0;
    for (int i = 0; i < name.size(); ++i) {
        out += name[i];
        ++line;
        if (i + 1 >= name.size())
            break;
        int next = i + 1; // where the next piece ends
        while (next < name.size() && !breakable(name[next]))
            ++next;
        const int piece = std::min<int>(next, int(name.size()) - 1) - i;
        if ((breakable(name[i]) && line + piece > lineLength) || line >= lineLength + 6) {
            if (name[i] == QLatin1Char(' '))
                out.chop(1);
            out += QLatin1Char('\n');
            line = 0;
        }
    }
    return out;
}

std::filesystem::path testPredictionsFile(const QString &runDir)
{
    return std::filesystem::path(QDir(runDir).filePath(QStringLiteral("predictions/test.jsonl")).toStdString());
}

// A share (0.018) as signed points ("+1.8"); "0.0" when it rounds to nothing.
QString signedPoints(double share, const QLocale &locale)
{
    const double points = std::round(share * 1000.0) / 10.0;
    if (points == 0)
        return locale.toString(0.0, 'f', 1);
    return (points > 0 ? QStringLiteral("+") : QString()) + locale.toString(points, 'f', 1);
}

QString pValue(double p, const QLocale &locale)
{
    if (p < 0.001)
        return QStringLiteral("p < ") + locale.toString(0.001, 'f', 3);
    return QStringLiteral("p = ") + locale.toString(p, 'g', 2);
}

} // namespace

CompareWidget::CompareWidget(QWidget *parent) : QWidget(parent)
{
    m_runsLabel = new QLabel;
    QFont bold = m_runsLabel->font();
    bold.setBold(true);
    m_runsLabel->setFont(bold);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("compareRunList"));
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_hint = new QLabel;
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_add = new QPushButton;
    connect(m_add, &QPushButton::clicked, this, &CompareWidget::browseRun);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const QString dir = item->data(Qt::UserRole).toString();
        const bool checked = item->checkState() == Qt::Checked;
        if (checked == m_selected.contains(dir))
            return;
        if (checked)
            m_selected << dir;
        else
            m_selected.removeAll(dir);
        refresh();
        Q_EMIT runsChanged(m_selected);
    });

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_runsLabel);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addWidget(m_hint);
    leftLayout->addWidget(m_add);

    m_curveLabel = new QLabel;
    m_curve = new QComboBox;
    m_curve->setObjectName(QStringLiteral("curveCombo"));
    connect(m_curve, &QComboBox::currentIndexChanged, this, [this] { fillCurves(); });
    auto *curveRow = new QHBoxLayout;
    curveRow->addWidget(m_curveLabel);
    curveRow->addWidget(m_curve);
    curveRow->addStretch();
    m_plot = new MetricPlot;
    m_plot->setObjectName(QStringLiteral("comparePlot"));

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(curveRow);
    topLayout->addWidget(m_plot, 1);

    auto makeTable = [](const QString &name) {
        auto *t = new QTableWidget;
        t->setObjectName(name);
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setAlternatingRowColors(true);
        t->setWordWrap(false);
        t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
        // Runs share the width equally, so no column is stretched far from its neighbours.
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        t->horizontalHeader()->setMinimumSectionSize(120);
        t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        return t;
    };
    m_metrics = makeTable(QStringLiteral("compareMetricsTable"));
    m_config = makeTable(QStringLiteral("compareConfigTable"));
    m_configNote = new QLabel;
    m_configNote->setWordWrap(true);
    auto *configPage = new QWidget;
    auto *configLayout = new QVBoxLayout(configPage);
    configLayout->addWidget(m_configNote);
    configLayout->addWidget(m_config, 1);

    m_normalized = new QCheckBox;
    m_normalized->setChecked(true); // splits of different sizes compare by shares
    connect(m_normalized, &QCheckBox::toggled, this, [this](bool on) {
        for (ConfusionHeatmap *h : std::as_const(m_heatmaps))
            h->setNormalized(on);
    });
    m_confusionBox = new QWidget;
    m_confusionRow = new QHBoxLayout(m_confusionBox);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_confusionBox);
    auto *confusionPage = new QWidget;
    auto *confusionLayout = new QVBoxLayout(confusionPage);
    confusionLayout->addWidget(m_normalized);
    confusionLayout->addWidget(scroll, 1);

    m_statistics = new QLabel;
    m_statistics->setObjectName(QStringLiteral("compareStatistics"));
    m_statistics->setWordWrap(true);
    m_statistics->setTextFormat(Qt::PlainText);
    m_statistics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statistics->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_statistics->setContentsMargins(4, 4, 4, 4);
    auto *statisticsScroll = new QScrollArea;
    statisticsScroll->setWidgetResizable(true);
    statisticsScroll->setFrameShape(QFrame::NoFrame);
    statisticsScroll->setWidget(m_statistics);
    m_reliability = new MetricPlot;
    m_reliability->setObjectName(QStringLiteral("reliabilityPlot"));
    m_reliability->setContinuousKeys(true);
    m_reliability->setMinimumSize(240, 180);
    auto *statisticsPage = new QWidget;
    auto *statisticsLayout = new QHBoxLayout(statisticsPage);
    statisticsLayout->addWidget(statisticsScroll, 1);
    statisticsLayout->addWidget(m_reliability, 1);

    m_answers = new QTableWidget;
    m_answers->setObjectName(QStringLiteral("compareAnswersTable"));
    m_answers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_answers->setWordWrap(true);
    m_answers->setTextElideMode(Qt::ElideNone);
    m_answers->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_answers->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_answers->horizontalHeader()->setMinimumSectionSize(120);
    m_answers->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_answersNote = new QLabel;
    m_answersNote->setWordWrap(true);
    m_answersPage = new QWidget;
    auto *answersLayout = new QVBoxLayout(m_answersPage);
    answersLayout->addWidget(m_answersNote);
    answersLayout->addWidget(m_answers, 1);

    m_tabs = new QTabWidget;
    m_tabs->addTab(m_metrics, QString());
    m_tabs->addTab(configPage, QString());
    m_tabs->addTab(confusionPage, QString());
    m_tabs->addTab(statisticsPage, QString());
    m_tabs->addTab(m_answersPage, QString());
    m_tabs->setTabVisible(4, false);

    auto *rightSplit = new QSplitter(Qt::Vertical);
    rightSplit->setChildrenCollapsible(false);
    rightSplit->addWidget(top);
    rightSplit->addWidget(m_tabs);
    rightSplit->setStretchFactor(0, 1);
    rightSplit->setStretchFactor(1, 1);

    auto *split = new QSplitter(Qt::Horizontal);
    split->setChildrenCollapsible(false);
    split->addWidget(left);
    split->addWidget(rightSplit);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    retranslate();
}

void CompareWidget::addRunItem(const QString &dir, const QString &name, bool checked)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == dir) {
            m_list->item(i)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
            return;
        }
    auto *item = new QListWidgetItem(name);
    item->setData(Qt::UserRole, dir);
    item->setToolTip(dir);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    m_list->addItem(item);
}

void CompareWidget::setRunsRoot(const QString &root)
{
    const QSignalBlocker block(m_list);
    for (const auto &info : hone::listRuns(root.toStdString())) {
        const QString dir = QString::fromStdString(info.path.string());
        const QString name = QString::fromStdString(info.name.empty() ? info.id : info.name);
        addRunItem(dir, name == QString::fromStdString(info.id) ? name : name + QStringLiteral("  (") + QString::fromStdString(info.id) + QLatin1Char(')'),
                   m_selected.contains(dir));
    }
}

void CompareWidget::setRuns(const QStringList &dirs)
{
    {
        const QSignalBlocker block(m_list);
        m_selected.clear();
        for (const QString &d : dirs) {
            const QString dir = QFileInfo(d).absoluteFilePath();
            if (!m_selected.contains(dir))
                m_selected << dir;
        }
        for (int i = 0; i < m_list->count(); ++i)
            m_list->item(i)->setCheckState(Qt::Unchecked);
        for (const QString &dir : std::as_const(m_selected)) {
            const RunData *r = run(dir);
            addRunItem(dir, r ? r->displayName() : QFileInfo(dir).fileName(), true);
        }
    }
    refresh();
    Q_EMIT runsChanged(m_selected);
}

QStringList CompareWidget::runs() const
{
    return m_selected;
}

void CompareWidget::setCurve(Curve curve)
{
    m_curve->setCurrentIndex(m_curve->findData(int(curve)));
}

void CompareWidget::fillCurveItems()
{
    // Language models have no accuracy or F1; classifiers no perplexity.
    std::vector<std::pair<Curve, QString>> items;
    if (m_languageModels)
        items = {{Curve::ValidationLoss, tr("Validation loss")},
                 {Curve::ValidationPerplexity, tr("Validation perplexity")},
                 {Curve::TrainingLoss, tr("Training loss (smoothed)")},
                 {Curve::LearningRate, tr("Learning rate")}};
    else
        items = {{Curve::ValidationAccuracy, tr("Validation accuracy")},
                 {Curve::ValidationLoss, tr("Validation loss")},
                 {Curve::ValidationMacroF1, tr("Validation macro F1")},
                 {Curve::TrainingLoss, tr("Training loss (smoothed)")},
                 {Curve::LearningRate, tr("Learning rate")}};
    const QVariant chosen = m_curve->currentData();
    {
        const QSignalBlocker block(m_curve);
        m_curve->clear();
        for (const auto &[curve, name] : items)
            m_curve->addItem(name, int(curve));
        m_curve->setCurrentIndex(std::max(0, chosen.isValid() ? int(m_curve->findData(chosen)) : 0));
    }
}

void CompareWidget::browseRun()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a run folder to compare"));
    if (dir.isEmpty())
        return;
    QStringList dirs = m_selected;
    dirs << dir;
    setRuns(dirs);
}

const RunData *CompareWidget::run(const QString &dir)
{
    auto it = m_cache.find(dir);
    if (it == m_cache.end()) {
        auto loaded = RunData::load(dir);
        if (!loaded) {
            m_errors.insert(dir, QString::fromStdString(loaded.error().message));
            return nullptr;
        }
        it = m_cache.insert(dir, std::move(loaded).value());
    }
    return &it.value();
}

void CompareWidget::refresh()
{
    m_cache.clear(); // runs may have moved on since the last look
    m_errors.clear();
    QStringList languageModels, classifiers;
    for (const QString &dir : std::as_const(m_selected))
        if (const RunData *r = run(dir))
            (r->isLanguageModel() ? languageModels : classifiers) << r->displayName();
    const bool languageModelsBefore = m_languageModels;
    m_languageModels = !languageModels.isEmpty() && classifiers.isEmpty();
    m_refusal = !languageModels.isEmpty() && !classifiers.isEmpty()
                    ? tr("These runs cannot be compared: %1 fine-tuned a language model and %2 a text classifier, which "
                         "share no metric or output. Tick runs of one kind.")
                          .arg(languageModels.join(QStringLiteral(", ")), classifiers.join(QStringLiteral(", ")))
                    : QString();
    if (languageModelsBefore != m_languageModels || m_curve->count() == 0)
        fillCurveItems();
    m_tabs->setTabVisible(2, !m_languageModels);
    m_tabs->setTabVisible(3, !m_languageModels);
    m_tabs->setTabVisible(4, m_languageModels);
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        const int index = int(m_selected.indexOf(item->data(Qt::UserRole).toString()));
        item->setForeground(index >= 0 ? QBrush(runColour(index)) : QBrush());
    }
    fillCurves();
    fillMetrics();
    fillConfig();
    fillConfusions();
    fillStatistics();
    fillAnswers();
    m_hint->setText(!m_refusal.isEmpty()       ? m_refusal
                    : m_selected.size() < 2 ? tr("Tick two or more runs to compare them. The first one ticked is the baseline.")
                                            : QString());
    m_hint->setVisible(m_selected.size() < 2 || !m_errors.isEmpty() || !m_refusal.isEmpty());
    if (!m_errors.isEmpty()) {
        QStringList lines;
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            lines << it.value();
        m_hint->setText(tr("Some runs could not be read:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
    }
}

void CompareWidget::fillCurves()
{
    const Curve curve = Curve(m_curve->currentData().toInt());
    m_plot->removeAllSeries();
    double extent = 0;
    for (int i = 0; i < m_selected.size() && m_refusal.isEmpty(); ++i) {
        const RunData *r = run(m_selected[i]);
        if (!r)
            continue;
        QVector<double> x, y;
        if (curve == Curve::TrainingLoss || curve == Curve::LearningRate) {
            double ema = 0;
            int n = 0;
            constexpr double kSmoothing = 0.85;
            for (const auto &s : r->steps) {
                x << double(s.step);
                if (curve == Curve::LearningRate) {
                    y << s.learningRate;
                } else {
                    ema = kSmoothing * ema + (1 - kSmoothing) * s.loss;
                    y << ema / (1 - std::pow(kSmoothing, ++n));
                }
            }
        } else {
            for (const auto &e : r->evals) {
                if (e.split != "validation")
                    continue;
                if (curve == Curve::ValidationPerplexity) {
                    if (const auto v = e.value("perplexity")) {
                        x << double(e.step);
                        y << *v;
                    }
                    continue;
                }
                x << double(e.step);
                y << (curve == Curve::ValidationLoss ? e.loss
                      : curve == Curve::ValidationMacroF1 ? e.metrics.macroF1
                                                          : e.metrics.accuracy);
            }
        }
        extent = std::max(extent, double(r->totalSteps()));
        const int s = m_plot->addSeries(r->displayName(), runColour(i),
                                        curve == Curve::TrainingLoss || curve == Curve::LearningRate
                                            ? MetricPlot::Style::Line
                                            : MetricPlot::Style::LineAndMarkers);
        m_plot->setPoints(s, x, y);
    }
    const bool bounded = curve == Curve::ValidationAccuracy || curve == Curve::ValidationMacroF1;
    m_plot->setValueBounds(0.0, bounded ? std::optional<double>(1.0) : std::nullopt);
    m_plot->setValueScaled(curve == Curve::LearningRate);
    m_plot->setKeyExtent(extent);
    m_plot->setTitle(m_curve->currentText());
    m_plot->setAxisLabels(tr("Step"), QString()); // the title names the curve
    m_plot->setPlaceholderText(!m_refusal.isEmpty()  ? tr("These runs cannot be compared (see the note under the runs).")
                               : m_selected.isEmpty() ? tr("Tick runs on the left to compare them.")
                                                      : tr("These runs have no points for this curve."));
    m_plot->refresh();
}

void CompareWidget::fillMetrics()
{
    struct Row {
        QString name;
        std::function<std::optional<double>(const RunData &)> value;
        int better; // +1 higher is better, -1 lower is better, 0 neither
        enum Kind { Score, Loss, Integer, Seconds, Rate } kind;
    };
    auto val = [](const char *metric) {
        return [metric](const RunData &r) -> std::optional<double> {
            if (auto m = r.finalMetrics("validation"))
                return m->value(metric);
            return std::nullopt;
        };
    };
    auto test = [](const char *metric) {
        return [metric](const RunData &r) -> std::optional<double> {
            if (auto m = r.finalMetrics("test"))
                return m->value(metric);
            return std::nullopt;
        };
    };
    // A language model's evaluation values: the summary's (the best model) once the run has one.
    auto lmValue = [](std::string split, std::string metric) {
        return [split, metric](const RunData &r) -> std::optional<double> {
            const bool test = split == "test";
            if (r.summary && (test ? r.summary->hasTest() : r.summary->hasValidation())) {
                if (metric == "loss")
                    return test ? r.summary->testLoss : r.summary->validationLoss;
                const auto &values = test ? r.summary->testValues : r.summary->validationValues;
                if (const auto it = values.find(metric); it != values.end())
                    return it->second;
            }
            if (const auto *e = r.latestEval(split))
                return e->value(metric);
            return std::nullopt;
        };
    };
    const auto metricLabel = [this](const std::string &split, const std::string &metric) {
        const bool test = split == "test";
        if (metric == "loss")
            return test ? tr("Test loss") : tr("Validation loss");
        if (metric == "perplexity")
            return test ? tr("Test perplexity") : tr("Validation perplexity");
        return (test ? tr("Test %1") : tr("Validation %1")).arg(RunListItemModel::metricText(QString::fromStdString(metric)));
    };
    std::vector<Row> rows;
    if (m_languageModels) {
        // The task's metrics and their directions (TaskInfo), validation then test.
        const RunData *first = run(m_selected.first());
        const hone::TaskInfo &task = first ? first->task() : hone::supervisedFineTuningInfo();
        for (const char *split : {"validation", "test"})
            for (const hone::MetricInfo &m : task.evalMetrics)
                rows.push_back({metricLabel(split, m.name), lmValue(split, m.name), m.greaterIsBetter ? +1 : -1, Row::Loss});
    } else {
        rows = {
        {tr("Validation accuracy"), val("accuracy"), +1, Row::Score},
        {tr("Validation macro F1"), val("macro_f1"), +1, Row::Score},
        {tr("Validation weighted F1"), val("weighted_f1"), +1, Row::Score},
        {tr("Validation macro precision"), val("macro_precision"), +1, Row::Score},
        {tr("Validation macro recall"), val("macro_recall"), +1, Row::Score},
        {tr("Validation loss"),
         [](const RunData &r) -> std::optional<double> {
             if (r.summary && r.summary->validation)
                 return r.summary->validationLoss;
             if (const auto *e = r.latestEval("validation"))
                 return e->loss;
             return std::nullopt;
         },
         -1, Row::Loss},
        {tr("Test accuracy"), test("accuracy"), +1, Row::Score},
        {tr("Test macro F1"), test("macro_f1"), +1, Row::Score},
        };
    }
    const std::vector<Row> common = {
        {tr("Best step"),
         [](const RunData &r) -> std::optional<double> {
             if (r.summary && r.summary->bestStep > 0)
                 return double(r.summary->bestStep);
             return std::nullopt;
         },
         0, Row::Integer},
        {tr("Steps trained"),
         [](const RunData &r) -> std::optional<double> {
             if (r.steps.empty())
                 return std::nullopt;
             return double(r.steps.back().step);
         },
         0, Row::Integer},
        {tr("Training time"),
         [](const RunData &r) -> std::optional<double> {
             if (r.summary && r.summary->train.wallSeconds > 0)
                 return r.summary->train.wallSeconds;
             if (!r.steps.empty())
                 return r.steps.back().elapsedSeconds;
             return std::nullopt;
         },
         -1, Row::Seconds},
        {tr("Samples per second"),
         [](const RunData &r) -> std::optional<double> {
             if (r.summary && r.summary->train.samplesPerSecond > 0)
                 return r.summary->train.samplesPerSecond;
             if (!r.steps.empty())
                 return r.steps.back().samplesPerSecond;
             return std::nullopt;
         },
         +1, Row::Rate},
    };
    rows.insert(rows.end(), common.begin(), common.end());
    if (m_languageModels)
        rows.push_back({tr("Tokens per second"),
                        [](const RunData &r) -> std::optional<double> {
                            if (r.summary && r.summary->train.tokensPerSecond > 0)
                                return r.summary->train.tokensPerSecond;
                            if (!r.steps.empty())
                                return r.steps.back().tokensPerSecond;
                            return std::nullopt;
                        },
                        +1, Row::Rate});
    if (!m_refusal.isEmpty())
        rows.clear();
    const QLocale locale;
    auto format = [&](double v, Row::Kind kind) {
        switch (kind) {
        case Row::Score: return QString::number(v, 'f', 4);
        case Row::Loss: return QString::number(v, 'f', 4);
        case Row::Integer: return locale.toString(qlonglong(std::llround(v)));
        case Row::Seconds: return duration(v);
        case Row::Rate: return locale.toString(v, 'f', 1);
        }
        return QString();
    };
    auto formatDelta = [&](double d, Row::Kind kind) {
        const QString sign = d > 0 ? QStringLiteral("+") : d < 0 ? QStringLiteral("−") : QStringLiteral("±");
        const double a = std::abs(d);
        switch (kind) {
        case Row::Score:
        case Row::Loss: return sign + QString::number(a, 'f', 4);
        case Row::Integer: return sign + locale.toString(qlonglong(std::llround(a)));
        case Row::Seconds: return sign + duration(a);
        case Row::Rate: return sign + locale.toString(a, 'f', 1);
        }
        return QString();
    };

    m_metrics->clear();
    m_metrics->setColumnCount(m_refusal.isEmpty() ? int(m_selected.size()) : 0);
    m_metrics->setRowCount(int(rows.size()));
    QStringList headers, names;
    for (int c = 0; c < m_selected.size(); ++c) {
        const RunData *r = run(m_selected[c]);
        QString name = r ? r->displayName() : QFileInfo(m_selected[c]).fileName();
        headers << wrappedName(c == 0 ? tr("%1 (baseline)").arg(name) : name);
    }
    for (const auto &row : rows)
        names << row.name;
    m_metrics->setHorizontalHeaderLabels(headers);
    m_metrics->setVerticalHeaderLabels(names);
    for (int c = 0; c < m_selected.size(); ++c)
        if (auto *h = m_metrics->horizontalHeaderItem(c))
            h->setForeground(runColour(c));
    const RunData *base = m_selected.isEmpty() ? nullptr : run(m_selected.first());
    for (int i = 0; i < int(rows.size()); ++i) {
        const std::optional<double> baseValue = base ? rows[i].value(*base) : std::nullopt;
        for (int c = 0; c < m_selected.size(); ++c) {
            const RunData *r = run(m_selected[c]);
            const std::optional<double> v = r ? rows[i].value(*r) : std::nullopt;
            auto *item = new QTableWidgetItem(v ? format(*v, rows[i].kind) : QStringLiteral("—"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (v && baseValue && c > 0) {
                const double d = *v - *baseValue;
                const bool same = std::abs(d) <= 1e-12 * std::max(1.0, std::abs(*baseValue));
                item->setText(item->text() + QStringLiteral("  (") + (same ? tr("same") : formatDelta(d, rows[i].kind)) + QLatin1Char(')'));
                if (!same && rows[i].better != 0) {
                    const bool better = (d > 0) == (rows[i].better > 0);
                    item->setForeground(better ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
                    item->setToolTip(better ? tr("Better than the baseline") : tr("Worse than the baseline"));
                }
            }
            m_metrics->setItem(i, c, item);
        }
    }
}

QHash<QString, QString> CompareWidget::flattenConfig(const json &config)
{
    QHash<QString, QString> out;
    for (const auto &[key, value] : flattenSettings(config))
        out.insert(QString::fromStdString(key), QString::fromStdString(value));
    return out;
}

void CompareWidget::fillConfig()
{
    if (!m_refusal.isEmpty()) {
        m_config->clear();
        m_config->setRowCount(0);
        m_config->setColumnCount(0);
        m_configNote->setText(m_refusal);
        return;
    }
    std::vector<QHash<QString, QString>> flat;
    std::set<QString> keys;
    QStringList headers;
    for (const QString &dir : std::as_const(m_selected)) {
        const RunData *r = run(dir);
        flat.push_back(r ? flattenConfig(r->config) : QHash<QString, QString>{});
        headers << wrappedName(r ? r->displayName() : QFileInfo(dir).fileName());
        for (auto it = flat.back().cbegin(); it != flat.back().cend(); ++it)
            keys.insert(it.key());
    }
    QStringList differing;
    for (const QString &key : keys) {
        std::set<QString> values;
        bool missing = false;
        for (const auto &f : flat) {
            auto it = f.find(key);
            if (it == f.end())
                missing = true;
            else
                values.insert(it.value());
        }
        if (values.size() > 1 || (missing && !values.empty()))
            differing << key;
    }
    m_config->clear();
    m_config->setColumnCount(int(m_selected.size()));
    m_config->setRowCount(int(differing.size()));
    m_config->setHorizontalHeaderLabels(headers);
    m_config->setVerticalHeaderLabels(differing);
    for (int c = 0; c < m_selected.size(); ++c)
        if (auto *h = m_config->horizontalHeaderItem(c))
            h->setForeground(runColour(c));
    for (int i = 0; i < differing.size(); ++i)
        for (int c = 0; c < int(flat.size()); ++c) {
            auto it = flat[c].find(differing[i]);
            auto *item = new QTableWidgetItem(it == flat[c].end() ? QStringLiteral("—") : it.value());
            item->setToolTip(item->text());
            m_config->setItem(i, c, item);
        }
    if (m_selected.size() < 2)
        m_configNote->setText(tr("Tick two or more runs to see how their settings differ."));
    else if (differing.isEmpty())
        m_configNote->setText(tr("The configurations are identical."));
    else
        m_configNote->setText(tr("%n setting(s) differ; settings that are the same in every run are not shown.", nullptr,
                                 int(differing.size())));
}

void CompareWidget::fillConfusions()
{
    for (ConfusionHeatmap *h : std::as_const(m_heatmaps))
        h->parentWidget()->deleteLater();
    m_heatmaps.clear();
    while (QLayoutItem *item = m_confusionRow->takeAt(0))
        delete item;
    for (int c = 0; c < m_selected.size() && !m_languageModels && m_refusal.isEmpty(); ++c) {
        const RunData *r = run(m_selected[c]);
        auto *cell = new QWidget;
        auto *v = new QVBoxLayout(cell);
        v->setContentsMargins(0, 0, 0, 0);
        auto *title = new QLabel(r ? r->displayName() : QFileInfo(m_selected[c]).fileName());
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        title->setStyleSheet(QStringLiteral("color: %1;").arg(runColour(c).name()));
        title->setAlignment(Qt::AlignHCenter);
        auto *heatmap = new ConfusionHeatmap;
        heatmap->setNormalized(m_normalized->isChecked());
        heatmap->setMinimumSize(260, 220);
        heatmap->setPlaceholderText(tr("No evaluation in this run."));
        if (r)
            if (auto m = r->finalMetrics("validation")) {
                QStringList labels = r->labelNames();
                if (labels.size() != int(m->confusion.size())) {
                    labels.clear();
                    for (const auto &pc : m->perClass)
                        labels << QString::fromStdString(pc.label);
                }
                heatmap->setMatrix(labels, m->confusion);
            }
        v->addWidget(title);
        v->addWidget(heatmap, 1);
        m_confusionRow->addWidget(cell, 1);
        m_heatmaps << heatmap;
    }
    if (m_selected.isEmpty())
        m_confusionRow->addStretch();
}

QString CompareWidget::runName(int index)
{
    const RunData *r = run(m_selected[index]);
    return r ? r->displayName() : QFileInfo(m_selected[index]).fileName();
}

QString CompareWidget::statisticsText() const
{
    return m_statistics->text();
}

QString CompareWidget::statisticsParagraph(int index)
{
    const QString a = runName(0), b = runName(index);
    const QString dirA = m_selected[0], dirB = m_selected[index];
    const auto splitOf = [](const QString &dir) {
        return hone::loadSplitManifest(QDir(dir).filePath(QStringLiteral("split.json")).toStdString());
    };
    const auto manifestA = splitOf(dirA), manifestB = splitOf(dirB);
    if (!manifestA || !manifestB)
        return tr("%1 is not compared with %2: %3 has no readable split.json, so the rows it was tested on are unknown.")
            .arg(b, a, manifestA ? b : a);
    if (const auto m = hone::splitMismatch(*manifestA, *manifestB, "test")) {
        switch (m->kind) {
        case hone::SplitMismatch::Kind::DifferentData:
            if (m->rowsA == m->rowsB)
                return tr("%1 is not compared with %2: they were trained on different data (as many rows, other contents), "
                          "so their test sets are not the same rows.")
                    .arg(b, a);
            return tr("%1 is not compared with %2: they were trained on different data (%3 rows against %4), so their test "
                      "sets are not the same rows.")
                .arg(b, a)
                .arg(qulonglong(m->rowsB))
                .arg(qulonglong(m->rowsA));
        case hone::SplitMismatch::Kind::DifferentSplit:
            return tr("%1 is not compared with %2: they split the same data differently (split seeds %3 and %4), so their test "
                      "sets are not the same rows.")
                .arg(b, a)
                .arg(qulonglong(m->seedB))
                .arg(qulonglong(m->seedA));
        case hone::SplitMismatch::Kind::DifferentLabels:
            return tr("%1 is not compared with %2: their label sets differ.").arg(b, a);
        }
    }
    const std::filesystem::path fileA = testPredictionsFile(dirA), fileB = testPredictionsFile(dirB);
    for (const auto &[file, name] : {std::pair(fileA, a), std::pair(fileB, b)})
        if (!std::filesystem::exists(file))
            return tr("%1 is not compared with %2: %3 has no test predictions (no test split, or the run has not finished).")
                .arg(b, a, name);
    const auto modified = [](const std::filesystem::path &file) {
        return QFileInfo(QString::fromStdString(file.string())).lastModified().toString(Qt::ISODateWithMs);
    };
    const QString key = dirA + QLatin1Char('\n') + dirB + QLatin1Char('\n') + modified(fileA) + QLatin1Char('\n') + modified(fileB);
    auto it = m_paired.find(key);
    if (it == m_paired.end()) {
        auto pa = hone::readPredictions(fileA);
        auto pb = hone::readPredictions(fileB);
        hone::Result<hone::PairedComparison> paired =
            !pa   ? hone::Result<hone::PairedComparison>(pa.error())
            : !pb ? hone::Result<hone::PairedComparison>(pb.error())
                  : hone::comparePredictions(*pa, *pb, int(manifestA->labels.size()));
        it = m_paired.emplace(key, std::move(paired)).first;
    }
    if (!it->second)
        return tr("%1 is not compared with %2: %3").arg(b, a, QString::fromStdString(it->second.error().message));
    const hone::PairedComparison &c = *it->second;
    const QLocale locale;
    const auto bound = [&](double share) { return locale.toString(share * 100.0, 'f', 1); };
    const QString difference = signedPoints(c.accuracyB - c.accuracyA, locale);
    const QString interval = tr("95% CI [%1, %2]").arg(bound(c.accuracyDiff.low), bound(c.accuracyDiff.high));
    const QString p = pValue(c.mcnemarP, locale);
    QString head;
    if (c.accuracyDiff.low > 0)
        head = tr("%1 is better than %2: %3 points of accuracy, %4, %5.").arg(b, a, difference, interval, p);
    else if (c.accuracyDiff.high < 0)
        head = tr("%1 is worse than %2: %3 points of accuracy, %4, %5.").arg(b, a, difference, interval, p);
    else
        head = tr("No clear difference between %1 and %2: %3 points of accuracy, %4 includes 0, %5.").arg(b, a, difference, interval, p);
    const QString f1 = tr("Macro-F1: %1 points, 95% CI [%2, %3].")
                           .arg(signedPoints(c.macroF1B - c.macroF1A, locale), bound(c.macroF1Diff.low), bound(c.macroF1Diff.high));
    const QString detail = tr("Test accuracy %1% for %2 and %3% for %4 on %5 rows. Rows only one run got right: %2 %6, %4 %7 "
                              "(McNemar's exact test). Intervals from %8 bootstrap resamples.")
                               .arg(locale.toString(c.accuracyA * 100.0, 'f', 1), a, locale.toString(c.accuracyB * 100.0, 'f', 1), b,
                                    locale.toString(qulonglong(c.rows)), locale.toString(qlonglong(c.onlyARight)),
                                    locale.toString(qlonglong(c.onlyBRight)), locale.toString(c.bootstrapSamples));
    return head + QLatin1Char('\n') + f1 + QLatin1Char('\n') + detail;
}

void CompareWidget::fillStatistics()
{
    QStringList paragraphs;
    if (m_languageModels || !m_refusal.isEmpty()) { // the tab is hidden: no predictions with classes to test
        m_statistics->setText(m_refusal);
        m_reliability->removeAllSeries();
        m_reliability->refresh();
        return;
    }
    if (m_selected.size() < 2)
        paragraphs << tr("Tick two or more runs to compare them with statistics on their test rows.");
    for (int i = 1; i < m_selected.size(); ++i)
        paragraphs << statisticsParagraph(i);
    m_statistics->setText(paragraphs.join(QStringLiteral("\n\n")));

    m_reliability->removeAllSeries();
    const int diagonal = m_reliability->addSeries(tr("Perfectly calibrated"), QColor(0x9e, 0x9e, 0x9e), MetricPlot::Style::FaintLine);
    const QLocale locale;
    bool any = false;
    for (int i = 0; i < m_selected.size(); ++i) {
        auto predictions = hone::readPredictions(testPredictionsFile(m_selected[i]));
        if (!predictions)
            continue;
        QVector<double> confidence, accuracy;
        for (const auto &bin : hone::reliabilityBins(*predictions))
            if (bin.rows > 0) {
                confidence << bin.confidence;
                accuracy << bin.accuracy;
            }
        if (confidence.isEmpty())
            continue;
        any = true;
        const QString ece = locale.toString(hone::expectedCalibrationError(*predictions), 'f', 3);
        const int s = m_reliability->addSeries(tr("%1 (ECE %2)").arg(runName(i), ece), runColour(i), MetricPlot::Style::LineAndMarkers);
        m_reliability->setPoints(s, confidence, accuracy);
    }
    if (any)
        m_reliability->setPoints(diagonal, {0.0, 1.0}, {0.0, 1.0});
    m_reliability->setValueBounds(0.0, 1.05); // room above 1 for the markers of bins all right
    m_reliability->setKeyExtent(1.0);
    m_reliability->setTitle(tr("Reliability on the test rows"));
    m_reliability->setAxisLabels(tr("Confidence (top probability)"), tr("Accuracy"));
    m_reliability->setPlaceholderText(tr("None of these runs has test predictions with probabilities."));
    m_reliability->refresh();
}

void CompareWidget::fillAnswers()
{
    m_answers->clear();
    m_answers->setRowCount(0);
    m_answers->setColumnCount(0);
    if (!m_languageModels) {
        m_answersNote->clear();
        return;
    }
    // Each run's answers at its best evaluation (the model it keeps), else its latest one.
    struct Column {
        QString header;
        std::map<std::pair<std::string, std::string>, std::string> answers; // (origin, prompt) -> answer
    };
    std::vector<std::pair<std::string, std::string>> prompts; // in order of first appearance
    std::map<std::pair<std::string, std::string>, std::string> references;
    std::vector<Column> columns;
    for (int c = 0; c < m_selected.size(); ++c) {
        const RunData *r = run(m_selected[c]);
        Column column;
        const QString name = runName(c);
        const hone::SampleAnswers *latest = nullptr, *atBest = nullptr;
        if (r)
            for (const auto &s : r->samples)
                if (s.split == "validation") {
                    latest = &s;
                    if (r->summary && r->summary->bestStep == s.step)
                        atBest = &s;
                }
        const hone::SampleAnswers *chosen = atBest ? atBest : latest;
        column.header = wrappedName(name) + (chosen ? QLatin1Char('\n') + tr("step %1").arg(chosen->step) : QString());
        if (chosen)
            for (const auto &a : chosen->answers) {
                const auto key = std::make_pair(a.origin, a.prompt);
                if (!references.count(key)) {
                    prompts.push_back(key);
                    references[key] = a.reference;
                }
                column.answers[key] = a.answer;
            }
        columns.push_back(std::move(column));
    }
    const bool withReference = std::any_of(references.begin(), references.end(), [](const auto &r) { return !r.second.empty(); });
    const int fixed = withReference ? 2 : 1;
    m_answers->setColumnCount(fixed + int(columns.size()));
    m_answers->setRowCount(int(prompts.size()));
    QStringList headers = {tr("Prompt")};
    if (withReference)
        headers << tr("Reference");
    for (const Column &column : columns)
        headers << column.header;
    m_answers->setHorizontalHeaderLabels(headers);
    for (int c = 0; c < int(columns.size()); ++c)
        if (auto *h = m_answers->horizontalHeaderItem(fixed + c))
            h->setForeground(runColour(c));
    for (int row = 0; row < int(prompts.size()); ++row) {
        const auto &key = prompts[std::size_t(row)];
        auto *prompt = new QTableWidgetItem(QString::fromStdString(key.second));
        prompt->setToolTip(shownOrigin(QString::fromStdString(key.first)));
        m_answers->setItem(row, 0, prompt);
        if (withReference)
            m_answers->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(references[key])));
        for (int c = 0; c < int(columns.size()); ++c) {
            const auto it = columns[std::size_t(c)].answers.find(key);
            m_answers->setItem(row, fixed + c, new QTableWidgetItem(it == columns[std::size_t(c)].answers.end()
                                                                        ? QStringLiteral("—")
                                                                        : shownAnswer(QString::fromStdString(it->second))));
        }
    }
    m_answersNote->setText(prompts.empty()
                               ? tr("These runs have no sample answers yet: they are generated at each evaluation.")
                               : tr("Each run's answers to the same validation prompts, at its best evaluation (the latest while "
                                    "it trains). A dash: the run did not answer that prompt (other data or fewer sample prompts)."));
}

void CompareWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CompareWidget::retranslate()
{
    m_runsLabel->setText(tr("Runs"));
    m_add->setText(tr("Add run folder…"));
    m_curveLabel->setText(tr("Curve:"));
    fillCurveItems();
    m_tabs->setTabText(0, tr("Metrics"));
    m_tabs->setTabText(1, tr("Configuration differences"));
    m_tabs->setTabText(2, tr("Confusion matrices"));
    m_tabs->setTabText(3, tr("Statistics"));
    m_tabs->setTabText(4, tr("Answers"));
    m_normalized->setText(tr("Normalised (share of each true label)"));
    refresh();
}

} // namespace hone::ui

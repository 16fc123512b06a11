#include "ui/wizard/hyperparameterspage.h"

#include "ui/wizard/collapsiblesection.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/splitpage.h"

#include "core/eval/metrics.h"
#include "core/system/systemreport.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hone::ui {

// A spin box for values spanning decades (learning rate, epsilon): shows 5e-05, steps along
// 1-2-3-5 per decade.
class LearningRateSpinBox : public QDoubleSpinBox {
public:
    explicit LearningRateSpinBox(double minimum, double maximum, QWidget *parent = nullptr) : QDoubleSpinBox(parent)
    {
        setDecimals(15);
        setRange(minimum, maximum);
        setKeyboardTracking(false);
    }
    QString textFromValue(double value) const override
    {
        return QString::number(value, 'g', 6);
    }
    double valueFromText(const QString &text) const override
    {
        return text.trimmed().toDouble();
    }
    QValidator::State validate(QString &text, int &) const override
    {
        const QString t = text.trimmed();
        if (t.isEmpty() || t.endsWith(QLatin1Char('e'), Qt::CaseInsensitive) || t.endsWith(QLatin1Char('-')) ||
            t.endsWith(QLatin1Char('.')))
            return QValidator::Intermediate;
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok)
            return QValidator::Invalid;
        return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    }
    void stepBy(int steps) override
    {
        static const double ladder[] = {1, 2, 3, 5};
        double v = value();
        for (int i = 0; i < std::abs(steps); ++i) {
            const double decade = std::pow(10.0, std::floor(std::log10(v) + 1e-9));
            const double mantissa = v / decade;
            double next = v;
            if (steps > 0) {
                next = 10 * decade;
                for (double m : ladder)
                    if (m > mantissa + 1e-9) {
                        next = m * decade;
                        break;
                    }
            } else {
                next = 0.5 * decade;
                for (int k = 3; k >= 0; --k)
                    if (ladder[k] < mantissa - 1e-9) {
                        next = ladder[k] * decade;
                        break;
                    }
            }
            v = std::clamp(next, minimum(), maximum());
        }
        setValue(v);
    }
};

namespace {

struct FieldText {
    QWidget *field;
    const char *tip;
    const char *key; // Hugging Face / run.json name
};

QSpinBox *spin(int lo, int hi, int step = 1)
{
    auto *s = new QSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setKeyboardTracking(false);
    return s;
}

// Shows 0.01 rather than 0.0100: as many decimals as the value needs, up to decimals().
class CompactDoubleSpinBox : public QDoubleSpinBox {
public:
    QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        text.remove(locale().groupSeparator());
        const QChar point = locale().decimalPoint().front();
        if (text.contains(point)) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(1);
        }
        return text;
    }
};

QDoubleSpinBox *dspin(double lo, double hi, double step, int decimals)
{
    auto *s = new CompactDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setKeyboardTracking(false);
    return s;
}

void setCombo(QComboBox *combo, const std::string &value)
{
    const int i = combo->findData(QString::fromStdString(value));
    if (i >= 0)
        combo->setCurrentIndex(i);
}

std::string comboValue(const QComboBox *combo)
{
    return combo->currentData().toString().toStdString();
}

} // namespace

HyperparametersPage::HyperparametersPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("hyperparametersPage"));
    buildForm();
    connect(&m_counting, &QFutureWatcher<TokenLengths>::finished, this, [this] {
        m_lengths = m_counting.result();
        m_countPending = false;
        updateTruncation();
    });
    loadConfig(hone::applyPreset(TrainingConfig{}, TrainingPreset::Balanced));
    m_touched = false;
    retranslate();
}

HyperparametersPage::~HyperparametersPage()
{
    m_counting.waitForFinished();
}

void HyperparametersPage::buildForm()
{
    auto label = [this](const char *text, QWidget *buddy) {
        auto *l = new QLabel;
        l->setBuddy(buddy);
        m_labels.append({l, text});
        return l;
    };

    // Basic.
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    for (int i = 0; i < 4; ++i)
        m_preset->addItem(QString(), i); // Quick, Balanced, Thorough, Custom (texts in retranslate)
    // "Custom" is shown when the fields match no preset; it cannot be picked.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_preset->model()))
        items->item(3)->setFlags(items->item(3)->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
    m_presetHint = new QLabel;
    m_presetHint->setWordWrap(true);
    m_epochs = dspin(0.1, 1000, 1, 1);
    m_epochs->setObjectName(QStringLiteral("epochsSpin"));
    m_learningRate = new LearningRateSpinBox(1e-7, 1);
    m_learningRate->setObjectName(QStringLiteral("learningRateSpin"));
    m_batchSize = spin(1, 4096);
    m_batchSize->setObjectName(QStringLiteral("batchSizeSpin"));
    m_maxLength = spin(8, 8192, 16);
    m_maxLength->setObjectName(QStringLiteral("maxLengthSpin"));
    m_truncation = new QLabel;
    m_truncation->setObjectName(QStringLiteral("truncationLabel"));
    m_truncation->setWordWrap(true);
    m_evalStrategy = new QComboBox;
    for (const char *v : {"epoch", "steps", "no"})
        m_evalStrategy->addItem(QString(), QString::fromLatin1(v));
    m_evalSteps = spin(1, 10000000, 50);
    m_metric = new QComboBox;
    for (const std::string &name : metricNames())
        m_metric->addItem(QString(), QString::fromStdString(name));
    m_metric->addItem(QString(), QStringLiteral("loss"));

    auto *left = new QFormLayout;
    left->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    left->addRow(label(QT_TR_NOOP("Preset:"), m_preset), m_preset);
    left->addRow(QString(), m_presetHint);
    left->addRow(label(QT_TR_NOOP("Epochs:"), m_epochs), m_epochs);
    left->addRow(label(QT_TR_NOOP("Learning rate:"), m_learningRate), m_learningRate);
    left->addRow(label(QT_TR_NOOP("Batch size:"), m_batchSize), m_batchSize);
    auto *right = new QFormLayout;
    right->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    right->addRow(label(QT_TR_NOOP("Max length (tokens):"), m_maxLength), m_maxLength);
    right->addRow(QString(), m_truncation);
    right->addRow(label(QT_TR_NOOP("Evaluate:"), m_evalStrategy), m_evalStrategy);
    right->addRow(label(QT_TR_NOOP("Evaluate every:"), m_evalSteps), m_evalSteps);
    right->addRow(label(QT_TR_NOOP("Best model by:"), m_metric), m_metric);
    m_basicGroup = new QGroupBox;
    auto *basic = new QHBoxLayout(m_basicGroup);
    basic->addLayout(left, 1);
    basic->addSpacing(16);
    basic->addLayout(right, 1);

    // Advanced: optimizer.
    m_optim = new QComboBox;
    for (const std::string &name : optimizerNames())
        m_optim->addItem(QString::fromStdString(name), QString::fromStdString(name));
    m_weightDecay = dspin(0, 1, 0.01, 4);
    m_beta1 = dspin(0, 0.9999, 0.01, 4);
    m_beta2 = dspin(0, 0.99999, 0.001, 5);
    m_epsilon = new LearningRateSpinBox(1e-12, 1e-2);
    m_momentum = dspin(0, 0.999, 0.05, 3);
    m_nesterov = new QCheckBox;
    m_maxGradNorm = dspin(0, 1000, 0.5, 2);
    m_gradAccum = spin(1, 1024);
    m_optimGroup = new QGroupBox;
    auto *optim = new QFormLayout(m_optimGroup);
    optim->addRow(label(QT_TR_NOOP("Optimizer:"), m_optim), m_optim);
    optim->addRow(label(QT_TR_NOOP("Weight decay:"), m_weightDecay), m_weightDecay);
    optim->addRow(label(QT_TR_NOOP("Adam β1:"), m_beta1), m_beta1);
    optim->addRow(label(QT_TR_NOOP("Adam β2:"), m_beta2), m_beta2);
    optim->addRow(label(QT_TR_NOOP("Adam ε:"), m_epsilon), m_epsilon);
    optim->addRow(label(QT_TR_NOOP("Momentum:"), m_momentum), m_momentum);
    optim->addRow(QString(), m_nesterov);
    optim->addRow(label(QT_TR_NOOP("Clip gradients at:"), m_maxGradNorm), m_maxGradNorm);
    optim->addRow(label(QT_TR_NOOP("Accumulate batches:"), m_gradAccum), m_gradAccum);

    // Advanced: schedule.
    m_scheduler = new QComboBox;
    for (const std::string &name : schedulerNames())
        m_scheduler->addItem(QString(), QString::fromStdString(name));
    m_warmupRatio = dspin(0, 0.99, 0.01, 3);
    m_warmupSteps = spin(0, 10000000, 10);
    m_maxSteps = spin(-1, 100000000, 100);
    m_scheduleGroup = new QGroupBox;
    auto *schedule = new QFormLayout(m_scheduleGroup);
    schedule->addRow(label(QT_TR_NOOP("Schedule:"), m_scheduler), m_scheduler);
    schedule->addRow(label(QT_TR_NOOP("Warm-up share:"), m_warmupRatio), m_warmupRatio);
    schedule->addRow(label(QT_TR_NOOP("Warm-up steps:"), m_warmupSteps), m_warmupSteps);
    schedule->addRow(label(QT_TR_NOOP("Stop after steps:"), m_maxSteps), m_maxSteps);

    // Advanced: evaluation and checkpoints.
    m_evalBatchSize = spin(1, 4096);
    m_loggingSteps = spin(1, 100000);
    m_greaterIsBetter = new QCheckBox;
    m_loadBest = new QCheckBox;
    m_patience = spin(0, 1000);
    m_threshold = dspin(0, 1, 0.001, 4);
    m_saveLimit = spin(1, 1000);
    m_evalGroup = new QGroupBox;
    auto *eval = new QFormLayout(m_evalGroup);
    eval->addRow(label(QT_TR_NOOP("Evaluation batch size:"), m_evalBatchSize), m_evalBatchSize);
    eval->addRow(label(QT_TR_NOOP("Log every:"), m_loggingSteps), m_loggingSteps);
    eval->addRow(QString(), m_greaterIsBetter);
    eval->addRow(QString(), m_loadBest);
    eval->addRow(label(QT_TR_NOOP("Early stopping patience:"), m_patience), m_patience);
    eval->addRow(label(QT_TR_NOOP("Early stopping threshold:"), m_threshold), m_threshold);
    eval->addRow(label(QT_TR_NOOP("Checkpoints kept:"), m_saveLimit), m_saveLimit);

    // Advanced: regularisation and freezing.
    m_labelSmoothing = dspin(0, 0.99, 0.05, 3);
    m_classWeights = new QComboBox;
    m_classWeights->addItem(QString(), QStringLiteral("none"));
    m_classWeights->addItem(QString(), QStringLiteral("balanced"));
    m_freezeEmbeddings = new QCheckBox;
    m_freezeLayers = spin(0, 256);
    m_regGroup = new QGroupBox;
    auto *reg = new QFormLayout(m_regGroup);
    reg->addRow(label(QT_TR_NOOP("Label smoothing:"), m_labelSmoothing), m_labelSmoothing);
    reg->addRow(label(QT_TR_NOOP("Class weights:"), m_classWeights), m_classWeights);
    reg->addRow(QString(), m_freezeEmbeddings);
    reg->addRow(label(QT_TR_NOOP("Freeze lowest layers:"), m_freezeLayers), m_freezeLayers);

    // Advanced: LoRA.
    m_loraGroup = new QGroupBox;
    m_loraGroup->setCheckable(true);
    m_loraRank = spin(1, 1024);
    m_loraAlpha = dspin(0.1, 4096, 1, 1);
    m_loraDropout = dspin(0, 0.99, 0.05, 2);
    auto *lora = new QFormLayout(m_loraGroup);
    lora->addRow(label(QT_TR_NOOP("Rank (r):"), m_loraRank), m_loraRank);
    lora->addRow(label(QT_TR_NOOP("Alpha:"), m_loraAlpha), m_loraAlpha);
    lora->addRow(label(QT_TR_NOOP("Dropout:"), m_loraDropout), m_loraDropout);

    // Advanced: speed.
    m_bf16 = new QCheckBox;
    m_groupByLength = new QCheckBox;
    m_threads = spin(0, 1024);
    m_speedGroup = new QGroupBox;
    auto *speed = new QFormLayout(m_speedGroup);
    speed->addRow(QString(), m_bf16);
    speed->addRow(QString(), m_groupByLength);
    speed->addRow(label(QT_TR_NOOP("Threads:"), m_threads), m_threads);

    auto *advancedBox = new QWidget;
    m_advancedGrid = new QGridLayout(advancedBox);
    m_advancedGrid->setContentsMargins(0, 0, 0, 0);
    m_advancedColumns = 0; // placed by reflowAdvanced
    // Combo boxes take their width from the layout, not from their longest item.
    for (QComboBox *combo : {m_preset, m_evalStrategy, m_metric, m_optim, m_scheduler, m_classWeights}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
    }
    m_advanced = new CollapsibleSection;
    m_advanced->setObjectName(QStringLiteral("advancedSection"));
    m_advanced->setContent(advancedBox);

    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(0, 0, 4, 0);
    column->addWidget(m_basicGroup);
    column->addWidget(m_advanced);
    column->addStretch(1);
    m_scroll = new QScrollArea;
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *scroll = m_scroll;

    m_message = new PageMessage;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_message);

    reflowAdvanced();
    connect(m_preset, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index >= 0 && index < 3)
            applyPreset(static_cast<TrainingPreset>(index));
    });
    const QList<QWidget *> fields = {m_epochs, m_learningRate, m_batchSize, m_maxLength, m_evalStrategy, m_evalSteps,
                                     m_metric, m_optim, m_weightDecay, m_beta1, m_beta2, m_epsilon, m_momentum,
                                     m_nesterov, m_maxGradNorm, m_gradAccum, m_scheduler, m_warmupRatio, m_warmupSteps,
                                     m_maxSteps, m_evalBatchSize, m_loggingSteps, m_greaterIsBetter, m_loadBest,
                                     m_patience, m_threshold, m_saveLimit, m_labelSmoothing, m_classWeights,
                                     m_freezeEmbeddings, m_freezeLayers, m_loraRank, m_loraAlpha, m_loraDropout,
                                     m_bf16, m_groupByLength, m_threads};
    for (QWidget *w : fields) {
        if (auto *s = qobject_cast<QSpinBox *>(w))
            connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &HyperparametersPage::fieldChanged);
        else if (auto *d = qobject_cast<QDoubleSpinBox *>(w))
            connect(d, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &HyperparametersPage::fieldChanged);
        else if (auto *c = qobject_cast<QComboBox *>(w))
            connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &HyperparametersPage::fieldChanged);
        else if (auto *b = qobject_cast<QCheckBox *>(w))
            connect(b, &QCheckBox::toggled, this, &HyperparametersPage::fieldChanged);
    }
    connect(m_loraGroup, &QGroupBox::toggled, this, &HyperparametersPage::fieldChanged);
    connect(m_metric, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!m_loading) // the direction follows the metric, as in TrainingArguments
            m_greaterIsBetter->setChecked(m_metric->currentData().toString() != QLatin1String("loss"));
    });
}

void HyperparametersPage::loadConfig(const TrainingConfig &c)
{
    m_loading = true;
    m_hidden = c;
    m_touched = true;
    m_epochs->setValue(c.numTrainEpochs);
    m_learningRate->setValue(c.learningRate);
    m_batchSize->setValue(c.perDeviceTrainBatchSize);
    m_maxLength->setValue(c.maxLength);
    setCombo(m_evalStrategy, c.evalStrategy);
    m_evalSteps->setValue(static_cast<int>(std::min<std::int64_t>(c.evalSteps, m_evalSteps->maximum())));
    setCombo(m_metric, c.metricForBestModel);
    setCombo(m_optim, c.optim);
    m_weightDecay->setValue(c.weightDecay);
    m_beta1->setValue(c.adamBeta1);
    m_beta2->setValue(c.adamBeta2);
    m_epsilon->setValue(c.adamEpsilon);
    m_momentum->setValue(c.momentum);
    m_nesterov->setChecked(c.nesterov);
    m_maxGradNorm->setValue(c.maxGradNorm);
    m_gradAccum->setValue(c.gradientAccumulationSteps);
    setCombo(m_scheduler, c.lrSchedulerType);
    m_warmupRatio->setValue(c.warmupRatio);
    m_warmupSteps->setValue(static_cast<int>(std::min<std::int64_t>(c.warmupSteps, m_warmupSteps->maximum())));
    m_maxSteps->setValue(static_cast<int>(std::clamp<std::int64_t>(c.maxSteps, -1, m_maxSteps->maximum())));
    m_evalBatchSize->setValue(c.perDeviceEvalBatchSize);
    m_loggingSteps->setValue(static_cast<int>(std::min<std::int64_t>(c.loggingSteps, m_loggingSteps->maximum())));
    m_greaterIsBetter->setChecked(c.greaterIsBetter);
    m_loadBest->setChecked(c.loadBestModelAtEnd);
    m_patience->setValue(c.earlyStoppingPatience);
    m_threshold->setValue(c.earlyStoppingThreshold);
    m_saveLimit->setValue(c.saveTotalLimit);
    m_labelSmoothing->setValue(c.labelSmoothingFactor);
    setCombo(m_classWeights, c.classWeights);
    m_freezeEmbeddings->setChecked(c.freezeEmbeddings);
    m_freezeLayers->setValue(c.freezeLayers);
    m_loraGroup->setChecked(c.lora.enabled);
    m_loraRank->setValue(c.lora.rank);
    m_loraAlpha->setValue(c.lora.alpha);
    m_loraDropout->setValue(c.lora.dropout);
    m_bf16->setChecked(c.bf16);
    m_groupByLength->setChecked(c.groupByLength);
    m_threads->setValue(c.threads);
    m_loading = false;
    fieldChanged();
}

void HyperparametersPage::applyTo(TrainingConfig &c) const
{
    // Fields that live on other pages (model, data, seed, name) are left as they are.
    c.numTrainEpochs = m_epochs->value();
    c.learningRate = m_learningRate->value();
    c.perDeviceTrainBatchSize = m_batchSize->value();
    c.maxLength = m_maxLength->value();
    c.evalStrategy = comboValue(m_evalStrategy);
    c.evalSteps = m_evalSteps->value();
    c.metricForBestModel = comboValue(m_metric);
    c.optim = comboValue(m_optim);
    c.weightDecay = m_weightDecay->value();
    c.adamBeta1 = m_beta1->value();
    c.adamBeta2 = m_beta2->value();
    c.adamEpsilon = m_epsilon->value();
    c.momentum = m_momentum->value();
    c.nesterov = m_nesterov->isChecked();
    c.maxGradNorm = m_maxGradNorm->value();
    c.gradientAccumulationSteps = m_gradAccum->value();
    c.lrSchedulerType = comboValue(m_scheduler);
    c.warmupRatio = m_warmupRatio->value();
    c.warmupSteps = m_warmupSteps->value();
    c.maxSteps = m_maxSteps->value() == 0 ? -1 : m_maxSteps->value();
    c.perDeviceEvalBatchSize = m_evalBatchSize->value();
    c.loggingSteps = m_loggingSteps->value();
    c.greaterIsBetter = m_greaterIsBetter->isChecked();
    c.loadBestModelAtEnd = m_loadBest->isChecked();
    c.earlyStoppingPatience = m_patience->value();
    c.earlyStoppingThreshold = m_threshold->value();
    c.saveTotalLimit = m_saveLimit->value();
    c.labelSmoothingFactor = m_labelSmoothing->value();
    c.classWeights = comboValue(m_classWeights);
    c.freezeEmbeddings = m_freezeEmbeddings->isChecked();
    c.freezeLayers = m_freezeLayers->value();
    c.lora.enabled = m_loraGroup->isChecked();
    c.lora.rank = m_loraRank->value();
    c.lora.alpha = m_loraAlpha->value();
    c.lora.dropout = m_loraDropout->value();
    c.bf16 = m_bf16->isChecked();
    c.groupByLength = m_groupByLength->isChecked();
    c.threads = m_threads->value();
}

void HyperparametersPage::applyPreset(TrainingPreset preset)
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    const int threads = c.threads;
    c = hone::applyPreset(c, preset);
    c.threads = threads;
    loadConfig(c);
}

void HyperparametersPage::setThreads(int threads)
{
    m_threads->setValue(threads);
}

void HyperparametersPage::fieldChanged()
{
    if (m_loading)
        return;
    updateDependentFields();
    updatePresetCombo();
    updateTruncation();
    const QString problem = checkForm();
    if (!problem.isEmpty())
        m_message->showError(problem);
    else
        m_message->clear();
    Q_EMIT completeChanged();
}

void HyperparametersPage::updateDependentFields()
{
    const QString optim = m_optim->currentData().toString();
    const bool adam = optim.startsWith(QLatin1String("adam")) && optim != QLatin1String("adagrad") &&
                      optim != QLatin1String("adadelta");
    m_beta1->setEnabled(adam);
    m_beta2->setEnabled(adam);
    m_epsilon->setEnabled(adam || optim == QLatin1String("rmsprop") || optim == QLatin1String("adagrad") ||
                          optim == QLatin1String("adadelta"));
    m_momentum->setEnabled(optim == QLatin1String("sgd") || optim == QLatin1String("rmsprop"));
    m_nesterov->setEnabled(optim == QLatin1String("sgd"));
    const bool evaluating = m_evalStrategy->currentData().toString() != QLatin1String("no");
    m_evalSteps->setEnabled(m_evalStrategy->currentData().toString() == QLatin1String("steps"));
    m_metric->setEnabled(evaluating);
    m_loadBest->setEnabled(evaluating);
    m_patience->setEnabled(evaluating);
    m_threshold->setEnabled(evaluating && m_patience->value() > 0);
    m_freezeLayers->setEnabled(!m_loraGroup->isChecked());
    m_freezeEmbeddings->setEnabled(!m_loraGroup->isChecked());
}

void HyperparametersPage::updatePresetCombo()
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    nlohmann::json current;
    to_json(current, c);
    int match = 3; // Custom
    for (int p = 0; p < 3; ++p) {
        nlohmann::json preset;
        to_json(preset, hone::applyPreset(c, static_cast<TrainingPreset>(p)));
        if (preset == current) {
            match = p;
            break;
        }
    }
    m_preset->setCurrentIndex(match);
    static const char *hints[] = {
        QT_TR_NOOP("One short epoch on short texts: see quickly whether the data and model work."),
        QT_TR_NOOP("Three epochs with warm-up and weight decay: a good first real run."),
        QT_TR_NOOP("Six epochs on longer texts, best model by macro F1, early stopping: the most accurate, and slowest."),
        QT_TR_NOOP("Your own settings.")};
    m_presetHint->setText(tr(hints[match]));
}

QString HyperparametersPage::checkForm() const
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    const bool evaluating = c.evalStrategy != "no";
    if (c.earlyStoppingPatience > 0 && !evaluating)
        return tr("Early stopping needs evaluations: set \"Evaluate\" to every epoch or every N steps, or set the "
                  "patience to 0.");
    if (c.loadBestModelAtEnd && !evaluating)
        return tr("\"Keep the best model\" needs evaluations: set \"Evaluate\" to every epoch or every N steps, or "
                  "untick it.");
    if (c.warmupSteps > 0 && c.warmupRatio > 0)
        return tr("Give the warm-up either as a share of the steps or as a number of steps, not both (set one to 0).");
    const auto *wizard = qobject_cast<const NewRunWizard *>(this->wizard());
    if (wizard && wizard->modelPage()) {
        const ModelShape shape = wizard->modelPage()->selectedShape();
        if (shape.maxPositions > 0 && c.maxLength > shape.maxPositions)
            return tr("This model reads at most %1 tokens; lower the max length to %1 or less.").arg(shape.maxPositions);
        if (shape.numLayers > 0 && c.freezeLayers > shape.numLayers)
            return tr("The model has %1 layers; it cannot freeze %2.").arg(shape.numLayers).arg(c.freezeLayers);
    }
    if (const std::string reason = bf16RefusalReason(); c.bf16 && !reason.empty())
        return tr("Untick bfloat16: %1.").arg(QString::fromStdString(reason));
    if (auto r = c.validate(); !r) {
        // model/data are checked on their own pages; the rest names the TrainingArguments key.
        const std::string &m = r.error().message;
        if (m.rfind("model", 0) != 0 && m.rfind("data", 0) != 0)
            return tr("Please change this setting: %1").arg(QString::fromStdString(m));
    }
    return {};
}

bool HyperparametersPage::isComplete() const
{
    return checkForm().isEmpty();
}

bool HyperparametersPage::validatePage()
{
    const QString problem = checkForm();
    if (!problem.isEmpty()) {
        m_message->showError(problem);
        return false;
    }
    return true;
}

void HyperparametersPage::initializePage()
{
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (wizard && wizard->modelPage()) {
        const ModelShape shape = wizard->modelPage()->selectedShape();
        m_maxLength->setMaximum(shape.maxPositions > 0 ? shape.maxPositions : 8192);
        if (shape.numLayers > 0)
            m_freezeLayers->setMaximum(shape.numLayers);
    }
    startTokenCount();
    fieldChanged();
}

void HyperparametersPage::startTokenCount()
{
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (!wizard || !wizard->modelPage() || !wizard->dataPage())
        return;
    const auto model = wizard->modelPage()->selectedModel();
    const std::shared_ptr<const Dataset> data = wizard->splitPage()->dataset();
    if (!model || !data)
        return;
    const QString modelPath = QString::fromStdString(model->path.string());
    if (m_lengths.modelPath == modelPath && m_lengths.dataset == data.get() && m_lengths.error.isEmpty())
        return updateTruncation();
    m_lengths = TokenLengths{};
    m_countPending = true;
    m_truncation->setText(tr("Counting tokens with the model's tokenizer…"));
    const std::filesystem::path path = model->path;
    m_counting.setFuture(QtConcurrent::run([path, modelPath, data]() {
        TokenLengths out;
        out.modelPath = modelPath;
        out.dataset = data.get();
        auto tokenizer = loadTokenizer(path);
        if (!tokenizer) {
            out.error = QString::fromStdString(tokenizer.error().message);
            return out;
        }
        // Up to 20,000 rows: enough for a share to 1%, and seconds at most.
        const std::size_t n = data->rows.size();
        const std::size_t limit = 20000;
        const std::size_t stride = n > limit ? (n + limit - 1) / limit : 1;
        out.sampled = stride > 1;
        out.sorted.reserve(n / stride + 1);
        for (std::size_t i = 0; i < n; i += stride) {
            const DataRow &row = data->rows[i];
            const Encoding e = row.text2.empty() ? (*tokenizer)->encode(row.text)
                                                 : (*tokenizer)->encodePair(row.text, row.text2);
            out.sorted.push_back(static_cast<int>(e.ids.size()));
        }
        std::sort(out.sorted.begin(), out.sorted.end());
        return out;
    }));
}

double HyperparametersPage::truncatedShare(int maxLength) const
{
    if (m_lengths.sorted.empty())
        return -1;
    const auto it = std::upper_bound(m_lengths.sorted.begin(), m_lengths.sorted.end(), maxLength);
    return static_cast<double>(m_lengths.sorted.end() - it) / static_cast<double>(m_lengths.sorted.size());
}

double HyperparametersPage::meanTokens() const
{
    if (m_lengths.sorted.empty())
        return 0;
    return std::accumulate(m_lengths.sorted.begin(), m_lengths.sorted.end(), 0.0) /
           static_cast<double>(m_lengths.sorted.size());
}

void HyperparametersPage::updateTruncation()
{
    if (m_countPending)
        return;
    if (!m_lengths.error.isEmpty()) {
        m_truncation->setText(tr("Token lengths unknown: %1").arg(m_lengths.error));
        return;
    }
    if (m_lengths.sorted.empty()) {
        m_truncation->clear();
        return;
    }
    const QLocale locale;
    const int maxLength = m_maxLength->value();
    const double share = truncatedShare(maxLength);
    const std::size_t n = m_lengths.sorted.size();
    const int median = m_lengths.sorted[n / 2];
    const int p95 = m_lengths.sorted[std::min(n - 1, n * 95 / 100)];
    const int longest = m_lengths.sorted.back();
    QString text;
    if (share <= 0)
        text = tr("No text is cut at %1 tokens (longest %2, median %3).").arg(maxLength).arg(longest).arg(median);
    else
        text = tr("%1% of the texts are longer than %2 tokens and will be cut (median %3, 95% within %4, longest %5).")
                   .arg(locale.toString(100 * share, 'f', share < 0.1 ? 1 : 0))
                   .arg(maxLength)
                   .arg(median)
                   .arg(p95)
                   .arg(longest);
    if (m_lengths.sampled)
        text += QLatin1Char(' ') + tr("(Counted on a sample of %1 rows.)").arg(locale.toString(static_cast<qulonglong>(n)));
    m_truncation->setText(text);
    QPalette p = m_truncation->palette();
    p.setColor(QPalette::WindowText, share > 0.1 ? QColor(0xb2, 0x6a, 0x00) : palette().color(QPalette::WindowText));
    m_truncation->setPalette(p);
}

void HyperparametersPage::retranslate()
{
    setTitle(tr("Hyperparameters"));
    setSubTitle(tr("Start from a preset and adjust what you need. Hover over a field to see what it does and its "
                   "Hugging Face TrainingArguments name."));
    for (const auto &l : m_labels)
        l.first->setText(tr(l.second));
    m_basicGroup->setTitle(tr("Training"));
    m_optimGroup->setTitle(tr("Optimizer"));
    m_scheduleGroup->setTitle(tr("Learning-rate schedule"));
    m_evalGroup->setTitle(tr("Evaluation and checkpoints"));
    m_regGroup->setTitle(tr("Regularisation and freezing"));
    m_loraGroup->setTitle(tr("LoRA adapters (train far fewer weights)"));
    m_speedGroup->setTitle(tr("Speed"));
    m_advanced->setTitle(tr("Advanced settings"));
    m_preset->setItemText(0, tr("Quick"));
    m_preset->setItemText(1, tr("Balanced"));
    m_preset->setItemText(2, tr("Thorough"));
    m_preset->setItemText(3, tr("Custom"));
    m_evalStrategy->setItemText(0, tr("every epoch"));
    m_evalStrategy->setItemText(1, tr("every N steps"));
    m_evalStrategy->setItemText(2, tr("never"));
    m_evalSteps->setSuffix(tr(" steps"));
    m_loggingSteps->setSuffix(tr(" steps"));
    m_epochs->setSuffix(QString());
    for (int i = 0; i < m_metric->count(); ++i) {
        const QString name = m_metric->itemData(i).toString();
        QString text = name;
        if (name == QLatin1String("accuracy"))
            text = tr("accuracy");
        else if (name == QLatin1String("macro_f1"))
            text = tr("macro F1");
        else if (name == QLatin1String("micro_f1"))
            text = tr("micro F1");
        else if (name == QLatin1String("weighted_f1"))
            text = tr("weighted F1");
        else if (name == QLatin1String("macro_precision"))
            text = tr("macro precision");
        else if (name == QLatin1String("macro_recall"))
            text = tr("macro recall");
        else if (name == QLatin1String("loss"))
            text = tr("validation loss (lower is better)");
        m_metric->setItemText(i, text);
    }
    m_scheduler->setItemText(0, tr("linear decay"));
    m_scheduler->setItemText(1, tr("cosine decay"));
    m_scheduler->setItemText(2, tr("constant"));
    m_classWeights->setItemText(0, tr("none"));
    m_classWeights->setItemText(1, tr("balanced (rare classes count more)"));
    m_maxSteps->setSpecialValueText(tr("off (use epochs)"));
    m_threads->setSpecialValueText(tr("all cores"));
    m_maxGradNorm->setSpecialValueText(tr("off"));
    m_patience->setSpecialValueText(tr("off"));
    m_freezeLayers->setSpecialValueText(tr("none"));
    m_nesterov->setText(tr("Nesterov momentum"));
    m_greaterIsBetter->setText(tr("Higher metric is better"));
    m_loadBest->setText(tr("Keep the best model (not the last)"));
    m_freezeEmbeddings->setText(tr("Freeze the embeddings"));
    m_bf16->setText(tr("bfloat16 mixed precision (faster on CPUs with AVX-512 BF16)"));
    m_groupByLength->setText(tr("Group texts of similar length (less padding)"));

    const QList<FieldText> tips = {
        {m_preset, QT_TR_NOOP("Fills every field with a tested starting point. Changing a field turns the preset into Custom."), ""},
        {m_epochs, QT_TR_NOOP("How many times training goes through all training texts."), "num_train_epochs"},
        {m_learningRate, QT_TR_NOOP("Step size of the optimizer. Fine-tuning usually works between 1e-5 and 1e-4; too high and the loss jumps or diverges."), "learning_rate"},
        {m_batchSize, QT_TR_NOOP("Texts per training step. Larger batches use more memory and give smoother updates."), "per_device_train_batch_size"},
        {m_maxLength, QT_TR_NOOP("Texts longer than this many tokens are cut. Longer limits cost memory and time (attention grows with the square of the length)."), "max_length"},
        {m_evalStrategy, QT_TR_NOOP("When to measure the model on the validation split."), "eval_strategy"},
        {m_evalSteps, QT_TR_NOOP("With \"every N steps\": the number of optimizer steps between evaluations."), "eval_steps"},
        {m_metric, QT_TR_NOOP("The validation metric that decides which checkpoint is the best one (and drives early stopping)."), "metric_for_best_model"},
        {m_optim, QT_TR_NOOP("The optimizer. AdamW (Adam with decoupled weight decay) is the standard for fine-tuning transformers."), "optim"},
        {m_weightDecay, QT_TR_NOOP("Shrinks the weights a little at every step, which regularises. 0.01 is common; biases and LayerNorm weights are not decayed."), "weight_decay"},
        {m_beta1, QT_TR_NOOP("Decay rate of Adam's running mean of the gradients."), "adam_beta1"},
        {m_beta2, QT_TR_NOOP("Decay rate of Adam's running mean of the squared gradients."), "adam_beta2"},
        {m_epsilon, QT_TR_NOOP("Small constant that keeps the optimizer's division stable."), "adam_epsilon"},
        {m_momentum, QT_TR_NOOP("Momentum of SGD and RMSprop."), "momentum"},
        {m_nesterov, QT_TR_NOOP("Use Nesterov's variant of momentum (SGD only)."), "nesterov"},
        {m_maxGradNorm, QT_TR_NOOP("Gradients whose total norm exceeds this are scaled down, which prevents sudden jumps. 0 turns clipping off."), "max_grad_norm"},
        {m_gradAccum, QT_TR_NOOP("Adds up the gradients of this many batches before each optimizer step: a larger effective batch without more memory."), "gradient_accumulation_steps"},
        {m_scheduler, QT_TR_NOOP("How the learning rate changes over the run after the warm-up."), "lr_scheduler_type"},
        {m_warmupRatio, QT_TR_NOOP("Share of all steps during which the learning rate rises from 0 to its value."), "warmup_ratio"},
        {m_warmupSteps, QT_TR_NOOP("Warm-up as a number of steps instead of a share."), "warmup_steps"},
        {m_maxSteps, QT_TR_NOOP("Stop after this many optimizer steps, whatever the number of epochs."), "max_steps"},
        {m_evalBatchSize, QT_TR_NOOP("Texts per batch when evaluating; no gradients are kept, so it can be larger."), "per_device_eval_batch_size"},
        {m_loggingSteps, QT_TR_NOOP("Steps between the points of the training loss curve."), "logging_steps"},
        {m_greaterIsBetter, QT_TR_NOOP("Whether a higher value of the chosen metric is better (off for loss)."), "greater_is_better"},
        {m_loadBest, QT_TR_NOOP("At the end, keep the checkpoint with the best validation metric rather than the last one."), "load_best_model_at_end"},
        {m_patience, QT_TR_NOOP("Stop when the metric has not improved for this many evaluations. 0 turns early stopping off."), "early_stopping_patience"},
        {m_threshold, QT_TR_NOOP("How much the metric must improve to count as an improvement."), "early_stopping_threshold"},
        {m_saveLimit, QT_TR_NOOP("How many checkpoints are kept on disk; the best one is never deleted."), "save_total_limit"},
        {m_labelSmoothing, QT_TR_NOOP("Softens the target labels (e.g. 0.1), which can help with noisy labels."), "label_smoothing_factor"},
        {m_classWeights, QT_TR_NOOP("Weights the loss so that rare classes count as much as frequent ones (useful with imbalanced data)."), "class_weights"},
        {m_freezeEmbeddings, QT_TR_NOOP("Do not train the token embeddings: faster, less memory, sometimes more robust on small data."), "freeze_embeddings"},
        {m_freezeLayers, QT_TR_NOOP("Do not train the lowest N encoder layers."), "freeze_layers"},
        {m_loraGroup, QT_TR_NOOP("Low-rank adapters: train small extra matrices in the attention layers instead of all weights. Far less memory for the optimizer."), "lora.enabled"},
        {m_loraRank, QT_TR_NOOP("Rank of the adapter matrices; higher adapts more and costs more."), "lora.r"},
        {m_loraAlpha, QT_TR_NOOP("Scale of the adapters' contribution (alpha / r)."), "lora.alpha"},
        {m_loraDropout, QT_TR_NOOP("Dropout on the adapters' input."), "lora.dropout"},
        {m_bf16, QT_TR_NOOP("Runs matrix products in bfloat16 with float32 weights (CPU autocast). Faster on recent CPUs; check the accuracy."), "bf16"},
        {m_groupByLength, QT_TR_NOOP("Batches texts of similar length together, so less padding is computed."), "group_by_length"},
        {m_threads, QT_TR_NOOP("CPU threads for this run; 0 uses all cores. The default comes from Settings."), "threads"},
    };
    for (const FieldText &t : tips) {
        QString tip = QStringLiteral("<p>%1</p>").arg(tr(t.tip).toHtmlEscaped());
        if (*t.key)
            tip += QStringLiteral("<p><i>%1</i> <code>%2</code></p>").arg(tr("Hugging Face name:"), QLatin1String(t.key));
        t.field->setToolTip(tip);
        // The form label carries the same help.
        for (const auto &l : m_labels)
            if (l.first->buddy() == t.field)
                l.first->setToolTip(tip);
    }
    updatePresetCombo();
    updateTruncation();
    reflowAdvanced();
}

void HyperparametersPage::reflowAdvanced()
{
    const QList<QWidget *> groups = {m_optimGroup, m_scheduleGroup, m_evalGroup, m_regGroup, m_loraGroup, m_speedGroup};
    int widest = 0;
    for (QWidget *g : groups)
        widest = qMax(widest, g->minimumSizeHint().width());
    const int available = m_scroll->viewport()->width() - 8;
    const int columns = available >= 2 * widest + m_advancedGrid->horizontalSpacing() ? 2 : 1;
    if (columns == m_advancedColumns)
        return;
    m_advancedColumns = columns;
    for (QWidget *g : groups)
        m_advancedGrid->removeWidget(g);
    for (int i = 0; i < groups.size(); ++i)
        m_advancedGrid->addWidget(groups[i], i / columns, i % columns);
    m_advancedGrid->setColumnStretch(0, 1);
    m_advancedGrid->setColumnStretch(1, columns == 2 ? 1 : 0);
}

void HyperparametersPage::resizeEvent(QResizeEvent *event)
{
    QWizardPage::resizeEvent(event);
    reflowAdvanced();
}

void HyperparametersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

} // namespace hone::ui

#include "ui/wizard/hyperparameterspage.h"

#include "ui/wizard/collapsiblesection.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/splitpage.h"

#include "core/data/datasetreport.h"
#include "core/system/computethreads.h"
#include "core/system/cpufeatures.h"
#include "core/system/systemreport.h"
#include "core/tasks/taskinfo.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>

namespace hone::ui {
using nlohmann::json;

namespace {

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
            if (!(v > 0)) { // no decade to step along from 0: start at the smallest usual value
                v = steps > 0 ? std::max(minimum(), 1e-8) : minimum();
                continue;
            }
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


QString optionText(const char *text)
{
    return QCoreApplication::translate(kTrainingOptionsContext, text);
}

// "Learning rate:" → "Learning rate" (also the Chinese full-width colon).
QString fieldName(const TrainingOption &o)
{
    QString name = optionText(o.label);
    while (name.endsWith(QLatin1Char(':')) || name.endsWith(QChar(0xff1a)))
        name.chop(1);
    return name;
}

const char *const kPresetHints[] = {
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "One short epoch on short texts: see quickly whether the data and model work."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Three epochs with warm-up and weight decay: a good first real run."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Six epochs on longer texts, best model by macro F1, early stopping: the most accurate, and slowest."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Your own settings.")};
// The same presets for a language model (LoRA, longer samples, the best model by the loss).
const char *const kLanguageModelPresetHints[] = {
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "One short epoch with LoRA on samples of up to 256 tokens: see quickly whether the data and model work."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Three epochs with LoRA, warm-up and weight decay on samples of up to 512 tokens: a good first real run."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Six epochs with LoRA on samples of up to 1,024 tokens, early stopping on the validation loss: the most thorough, and slowest."),
    QT_TRANSLATE_NOOP("hone::ui::HyperparametersPage", "Your own settings.")};

QString choiceText(const std::string &key, const QString &value)
{
    if (key == "eval_strategy") {
        if (value == QLatin1String("epoch"))
            return HyperparametersPage::tr("every epoch");
        if (value == QLatin1String("steps"))
            return HyperparametersPage::tr("every N steps");
        if (value == QLatin1String("no"))
            return HyperparametersPage::tr("never");
    } else if (key == "metric_for_best_model") {
        if (value == QLatin1String("accuracy"))
            return HyperparametersPage::tr("accuracy");
        if (value == QLatin1String("macro_f1"))
            return HyperparametersPage::tr("macro F1");
        if (value == QLatin1String("micro_f1"))
            return HyperparametersPage::tr("micro F1");
        if (value == QLatin1String("weighted_f1"))
            return HyperparametersPage::tr("weighted F1");
        if (value == QLatin1String("macro_precision"))
            return HyperparametersPage::tr("macro precision");
        if (value == QLatin1String("macro_recall"))
            return HyperparametersPage::tr("macro recall");
        if (value == QLatin1String("loss"))
            return HyperparametersPage::tr("validation loss (lower is better)");
        if (value == QLatin1String("perplexity"))
            return HyperparametersPage::tr("perplexity (lower is better)");
    } else if (key == "train_on") {
        if (value == QLatin1String("assistant"))
            return HyperparametersPage::tr("the assistant's answers");
        if (value == QLatin1String("all"))
            return HyperparametersPage::tr("every token");
    } else if (key == "lr_scheduler_type") {
        if (value == QLatin1String("linear"))
            return HyperparametersPage::tr("linear decay");
        if (value == QLatin1String("cosine"))
            return HyperparametersPage::tr("cosine decay");
        if (value == QLatin1String("constant"))
            return HyperparametersPage::tr("constant");
    } else if (key == "class_weights") {
        if (value == QLatin1String("none"))
            return HyperparametersPage::tr("none");
        if (value == QLatin1String("balanced"))
            return HyperparametersPage::tr("balanced (rare classes count more)");
    }
    return value; // names such as adamw read the same in every language
}

QWidget *createEditor(const TrainingOption &o)
{
    // The lower end reaches 0 so that a 0 typed in gets a message rather than snapping back.
    const double lo = o.range.min > 0 ? 0 : o.range.min;
    switch (o.kind) {
    case OptionKind::Int: {
        auto *s = new QSpinBox;
        s->setRange(static_cast<int>(std::max<double>(lo, INT_MIN)), static_cast<int>(std::min<double>(o.range.max, INT_MAX)));
        s->setSingleStep(static_cast<int>(o.step));
        s->setKeyboardTracking(false);
        return s;
    }
    case OptionKind::Float: {
        QDoubleSpinBox *s = nullptr;
        if (o.logScale) {
            s = new LearningRateSpinBox(lo, o.range.max);
        } else {
            s = new CompactDoubleSpinBox;
            s->setDecimals(10);
            s->setRange(lo, std::min(o.range.max, 1e9));
            s->setSingleStep(o.step);
            s->setKeyboardTracking(false);
        }
        return s;
    }
    case OptionKind::Bool:
        return new QCheckBox;
    case OptionKind::Choice: {
        auto *combo = new QComboBox;
        for (const std::string &c : o.choices())
            combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
        // Width from the layout, not from the longest item.
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
        return combo;
    }
    case OptionKind::String:
    case OptionKind::Path:
    case OptionKind::Ratios:
        return new QLineEdit;
    }
    return nullptr;
}

void setEditorValue(QWidget *w, const TrainingOption &o, const json &v)
{
    if (auto *s = qobject_cast<QSpinBox *>(w))
        s->setValue(static_cast<int>(std::clamp<double>(v.get<double>(), s->minimum(), s->maximum())));
    else if (auto *d = qobject_cast<QDoubleSpinBox *>(w))
        d->setValue(v.get<double>());
    else if (auto *b = qobject_cast<QCheckBox *>(w))
        b->setChecked(v.get<bool>());
    else if (auto *c = qobject_cast<QComboBox *>(w))
        c->setCurrentIndex(std::max(0, c->findData(QString::fromStdString(v.get<std::string>()))));
    else if (auto *e = qobject_cast<QLineEdit *>(w))
        e->setText(QString::fromStdString(formatOptionValue(o, v)));
}

// The field's value; null when the text does not parse (the note says why).
json editorValue(const QWidget *w, const TrainingOption &o)
{
    if (auto *s = qobject_cast<const QSpinBox *>(w))
        return static_cast<std::int64_t>(s->value());
    if (auto *d = qobject_cast<const QDoubleSpinBox *>(w))
        return d->value();
    if (auto *b = qobject_cast<const QCheckBox *>(w))
        return b->isChecked();
    if (auto *c = qobject_cast<const QComboBox *>(w))
        return c->currentData().toString().toStdString();
    if (auto *e = qobject_cast<const QLineEdit *>(w)) {
        if (o.kind == OptionKind::Ratios) {
            auto v = parseOptionValue(o, e->text().toStdString());
            return v ? *v : json();
        }
        return e->text().toStdString();
    }
    return {};
}

// Of the launch rows (how hone-cli starts processes) the workbench offers the process count on
// this machine, among the speed settings: above 1, JobManager has hone-cli launch the ranks.
bool shownInGroup(const TrainingOption &o, const std::string &group)
{
    if (o.launch)
        return o.key == "nproc_per_node" && group == "speed";
    return group == o.group;
}

} // namespace

HyperparametersPage::HyperparametersPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("hyperparametersPage"));
    buildForm();
    connect(&m_counting, &QFutureWatcher<TokenLengths>::finished, this, [this] {
        if (!m_countPending)
            return; // superseded (the language-model lengths came from the data page meanwhile)
        m_lengths = m_counting.result();
        m_countPending = false;
        updateTruncation();
    });
    loadConfig(hone::applyPreset(TrainingConfig{}, TrainingPreset::Balanced));
    m_presetApplied = static_cast<int>(TrainingPreset::Balanced);
    m_touched = false;
    showTaskOptions();
    retranslate();
}

HyperparametersPage::~HyperparametersPage()
{
    m_counting.waitForFinished();
}

HyperparametersPage::Field &HyperparametersPage::addField(const TrainingOption &o, QFormLayout *form)
{
    Field f;
    f.option = &o;
    f.form = form;
    f.editor = createEditor(o);
    f.editor->setObjectName(QString::fromStdString(o.key));
    f.note = new QLabel;
    f.note->setObjectName(QString::fromStdString(o.key + "_note"));
    f.note->setWordWrap(true);
    f.note->setVisible(false);
    if (o.kind == OptionKind::Bool) {
        form->addRow(f.editor);
    } else {
        f.label = new QLabel;
        f.label->setBuddy(f.editor);
        form->addRow(f.label, f.editor);
    }
    form->addRow(f.note);
    // The mouse wheel only changes a field the user has clicked or tabbed into: scrolling the
    // page over a spin box must not change beta2 unseen.
    if (qobject_cast<QAbstractSpinBox *>(f.editor) || qobject_cast<QComboBox *>(f.editor)) {
        f.editor->setFocusPolicy(Qt::StrongFocus);
        f.editor->installEventFilter(this);
    }
    const auto edited = [this] {
        if (!m_loading)
            m_presetApplied = -1;
        fieldChanged();
    };
    if (auto *s = qobject_cast<QSpinBox *>(f.editor))
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, edited);
    else if (auto *d = qobject_cast<QDoubleSpinBox *>(f.editor))
        connect(d, qOverload<double>(&QDoubleSpinBox::valueChanged), this, edited);
    else if (auto *c = qobject_cast<QComboBox *>(f.editor))
        connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, edited);
    else if (auto *b = qobject_cast<QCheckBox *>(f.editor))
        connect(b, &QCheckBox::toggled, this, edited);
    else if (auto *e = qobject_cast<QLineEdit *>(f.editor))
        connect(e, &QLineEdit::editingFinished, this, edited);
    m_fieldIndex[o.key] = m_fields.size();
    m_fields.push_back(f);
    return m_fields.back();
}

void HyperparametersPage::buildForm()
{
    m_fields.reserve(trainingOptions().size());
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("presetCombo"));
    for (int i = 0; i < 4; ++i)
        m_preset->addItem(QString(), i); // Quick, Balanced, Thorough, Custom (texts in retranslate)
    // "Custom" is shown when the fields match no preset; it cannot be picked.
    if (auto *items = qobject_cast<QStandardItemModel *>(m_preset->model()))
        items->item(3)->setFlags(items->item(3)->flags() & ~(Qt::ItemIsSelectable | Qt::ItemIsEnabled));
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(8);
    m_preset->setFocusPolicy(Qt::StrongFocus);
    m_preset->installEventFilter(this);
    m_presetHint = new QLabel;
    m_presetHint->setObjectName(QStringLiteral("presetHint"));
    m_presetHint->setWordWrap(true);
    m_presetHint->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_presetHint->installEventFilter(this); // keeps its height that of the longest hint
    m_truncation = new QLabel;
    m_truncation->setObjectName(QStringLiteral("truncationLabel"));
    m_truncation->setWordWrap(true);

    auto *advancedBox = new QWidget;
    m_advancedGrid = new QGridLayout(advancedBox);
    m_advancedGrid->setContentsMargins(0, 0, 0, 0);
    m_advancedColumns = 0; // placed by reflowAdvanced

    for (const OptionGroup &group : trainingOptionGroups()) {
        const std::string id = group.id;
        if (id == "run" || id == "data")
            continue; // the model, data and split pages show these
        std::vector<const TrainingOption *> rows;
        for (const TrainingOption &o : trainingOptions())
            if (shownInGroup(o, id))
                rows.push_back(&o);
        if (rows.empty())
            continue;
        auto *box = new QGroupBox;
        box->setObjectName(QString::fromLatin1(group.id) + QStringLiteral("Group"));
        m_groups.push_back({box, &group});
        if (id == "training") {
            // Two columns: the preset and the first half of the rows, then the rest.
            m_basicGroup = box;
            auto *left = new QFormLayout;
            auto *right = new QFormLayout;
            for (QFormLayout *form : {left, right})
                form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            auto *presetLabel = new QLabel;
            presetLabel->setBuddy(m_preset);
            m_labels.append({presetLabel, QT_TR_NOOP("Preset:")});
            left->addRow(presetLabel, m_preset);
            left->addRow(QString(), m_presetHint);
            for (std::size_t i = 0; i < rows.size(); ++i) {
                addField(*rows[i], i < rows.size() / 2 ? left : right);
                if (rows[i]->key == "max_length")
                    (i < rows.size() / 2 ? left : right)->addRow(QString(), m_truncation);
            }
            auto *basic = new QHBoxLayout(box);
            basic->addLayout(left, 1);
            basic->addSpacing(16);
            basic->addLayout(right, 1);
        } else {
            auto *form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            for (const TrainingOption *o : rows)
                addField(*o, form);
        }
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

    m_message = new PageMessage;
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_message);

    reflowAdvanced();
    connect(m_preset, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index >= 0 && index < 3)
            applyPreset(static_cast<TrainingPreset>(index));
    });
    if (auto *metric = qobject_cast<QComboBox *>(editor("metric_for_best_model")))
        connect(metric, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, metric] {
            if (!m_loading) // the direction follows the metric, as in TrainingArguments
                if (auto *greater = qobject_cast<QCheckBox *>(editor("greater_is_better")))
                    greater->setChecked(metric->currentData().toString() != QLatin1String("loss"));
        });
}

QWidget *HyperparametersPage::editor(const std::string &key) const
{
    const auto it = m_fieldIndex.find(key);
    return it == m_fieldIndex.end() ? nullptr : m_fields[it->second].editor;
}

QLabel *HyperparametersPage::fieldNote(const std::string &key) const
{
    const auto it = m_fieldIndex.find(key);
    return it == m_fieldIndex.end() ? nullptr : m_fields[it->second].note;
}

QSpinBox *HyperparametersPage::maxLengthSpin() const
{
    return qobject_cast<QSpinBox *>(editor("max_length"));
}

bool HyperparametersPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel) {
        auto *w = qobject_cast<QWidget *>(watched);
        if (w && !w->hasFocus()) {
            QCoreApplication::sendEvent(m_scroll->viewport(), event); // scrolls the page instead
            return true;
        }
    }
    if (watched == m_presetHint && event->type() == QEvent::Resize)
        updatePresetHintHeight();
    return QWizardPage::eventFilter(watched, event);
}

void HyperparametersPage::updatePresetHintHeight()
{
    // As tall as the longest hint at this width, so the fields below never move with the text.
    const int width = m_presetHint->width();
    if (width <= 0)
        return;
    int height = 0;
    const char *const *hints = m_hidden.task == "classification" ? kPresetHints : kLanguageModelPresetHints;
    for (const char *hint : {hints[0], hints[1], hints[2], hints[3]})
        height = std::max(height, m_presetHint->fontMetrics()
                                      .boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap | Qt::AlignLeft, tr(hint))
                                      .height());
    if (m_presetHint->height() != height)
        m_presetHint->setFixedHeight(height);
}

void HyperparametersPage::loadConfig(const TrainingConfig &c)
{
    m_loading = true;
    const bool taskChanged = c.task != m_hidden.task;
    m_hidden = c;
    if (taskChanged)
        showTaskOptions(); // before the values: the metric list is the task's
    m_touched = true;
    m_presetApplied = -1;
    for (const Field &f : m_fields)
        setEditorValue(f.editor, *f.option, f.option->get(c));
    m_loading = false;
    fieldChanged();
}

void HyperparametersPage::applyTo(TrainingConfig &c) const
{
    // Fields that live on other pages (model, data, seed, name) are left as they are.
    for (const Field &f : m_fields) {
        const json v = editorValue(f.editor, *f.option);
        if (!v.is_null())
            f.option->set(c, v);
    }
}

PresetData HyperparametersPage::presetData() const
{
    PresetData data;
    const auto *wizard = qobject_cast<const NewRunWizard *>(this->wizard());
    if (!wizard || !wizard->splitPage() || !wizard->splitPage()->dataset())
        return data;
    data.trainRows = static_cast<std::int64_t>(wizard->splitPage()->splits().train.size());
    data.imbalanced = wizard->splitPage()->report().imbalanceRatio >= kImbalancedRatio;
    return data;
}

void HyperparametersPage::applyPreset(TrainingPreset preset)
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    const int threads = c.threads;
    c = hone::applyPreset(c, preset, presetData());
    c.threads = threads;
    loadConfig(c);
    m_presetApplied = static_cast<int>(preset);
}

void HyperparametersPage::setTask(const QString &task)
{
    const std::string name = task.toStdString();
    if (name == m_hidden.task)
        return;
    m_hidden.task = name;
    showTaskOptions();
    // A preset nobody has edited starts again from the defaults, fitted to the task (LoRA and longer
    // samples for a language model; none of that for a classifier).
    if (m_presetApplied >= 0) {
        const int preset = m_presetApplied;
        TrainingConfig current = m_hidden;
        applyTo(current);
        TrainingConfig fresh;
        fresh.task = name;
        fresh.threads = current.threads;
        loadConfig(hone::applyPreset(fresh, static_cast<TrainingPreset>(preset), presetData()));
        m_presetApplied = preset;
    }
    fieldChanged();
}

void HyperparametersPage::showTaskOptions()
{
    const std::string &name = m_hidden.task;
    for (Field &f : m_fields) {
        f.shown = optionAppliesToTask(*f.option, name);
        f.form->setRowVisible(f.editor, f.shown);
        if (!f.shown)
            f.form->setRowVisible(f.note, false);
    }
    for (const auto &g : m_groups) {
        bool any = false;
        for (const Field &f : m_fields)
            any = any || (f.shown && g.second->id == std::string(f.option->group));
        g.first->setVisible(any || g.first == m_basicGroup);
    }
    m_advancedColumns = 0; // the visible groups are laid out again
    fillMetricChoices();
    reflowAdvanced();
    updatePresetHintHeight(); // the task's hints
    // LoRA is what a language model is usually tuned with: its settings are in view.
    if (name != "classification")
        m_advanced->setExpanded(true);
}

void HyperparametersPage::fillMetricChoices()
{
    // The task's own metrics (core's TaskInfo), each with its direction.
    auto *combo = qobject_cast<QComboBox *>(editor("metric_for_best_model"));
    const TrainingOption *option = findTrainingOption("metric_for_best_model");
    const auto info = taskInfoForOption(m_hidden.task);
    if (!combo || !option || !info)
        return;
    const bool loading = m_loading;
    m_loading = true;
    const QString current = combo->currentData().toString();
    combo->clear();
    for (const std::string &c : option->choices())
        if ((*info)->metric(c))
            combo->addItem(choiceText(option->key, QString::fromStdString(c)), QString::fromStdString(c));
    int index = combo->findData(current);
    if (index < 0) {
        index = combo->findData(QString::fromStdString(defaultMetricForTask(m_hidden.task)));
        const MetricInfo *metric = (*info)->metric(defaultMetricForTask(m_hidden.task));
        if (auto *greater = qobject_cast<QCheckBox *>(editor("greater_is_better")); greater && metric)
            greater->setChecked(metric->greaterIsBetter);
    }
    combo->setCurrentIndex(std::max(0, index));
    m_loading = loading;
}

void HyperparametersPage::setThreads(int threads)
{
    const int untouched = m_presetApplied; // the thread count is a setting, not an edit of the preset
    if (auto *s = qobject_cast<QSpinBox *>(editor("threads")))
        s->setValue(threads);
    m_presetApplied = untouched;
}

void HyperparametersPage::fieldChanged()
{
    if (m_loading)
        return;
    updateDependentFields();
    updatePresetCombo();
    updateTruncation();
    updateFieldNotes();
    const QString problem = checkForm();
    if (!problem.isEmpty())
        m_message->showError(problem);
    else
        m_message->clear();
    Q_EMIT completeChanged();
}

void HyperparametersPage::updateDependentFields()
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    const OptimizerInfo *optim = findOptimizer(c.optim);
    const auto enable = [this](const char *key, bool on) {
        if (QWidget *w = editor(key))
            w->setEnabled(on);
    };
    enable("adam_beta1", optim && optim->betas);
    enable("adam_beta2", optim && optim->betas);
    enable("adam_epsilon", optim && optim->epsilon);
    enable("momentum", optim && optim->momentum);
    enable("nesterov", optim && optim->nesterov);
    const bool evaluating = c.evalStrategy != "no";
    enable("eval_steps", c.evalStrategy == "steps");
    enable("metric_for_best_model", evaluating);
    enable("greater_is_better", evaluating);
    enable("load_best_model_at_end", evaluating);
    enable("early_stopping_patience", evaluating);
    enable("early_stopping_threshold", evaluating && c.earlyStoppingPatience > 0);
    enable("freeze_layers", !c.lora.enabled);
    enable("freeze_embeddings", !c.lora.enabled);
    enable("lora.r", c.lora.enabled);
    enable("lora.alpha", c.lora.enabled);
    enable("lora.dropout", c.lora.enabled);
}

QString HyperparametersPage::fieldProblem(const Field &f) const
{
    const TrainingOption &o = *f.option;
    const json v = editorValue(f.editor, o);
    if (v.is_null())
        return tr("%1: not valid; %2").arg(fieldName(o), optionText(o.help));
    if (!checkOptionValue(o, v)) {
        if (o.kind == OptionKind::Int || o.kind == OptionKind::Float) {
            const QLocale locale;
            const QString min = locale.toString(o.range.min, 'g', 12), max = locale.toString(o.range.max, 'g', 12);
            const QString lower = o.range.minOpen ? tr("above %1").arg(min) : tr("at least %1").arg(min);
            const QString upper = o.range.maxOpen ? tr("below %1").arg(max) : tr("at most %1").arg(max);
            return tr("%1 must be %2 and %3.").arg(fieldName(o), lower, upper);
        }
        return tr("%1 is not valid.").arg(fieldName(o));
    }
    if (o.key == "bf16" && v.get<bool>()) {
        if (const std::string reason = bf16RefusalReason(); !reason.empty())
            return tr("Untick bfloat16: %1.").arg(QString::fromStdString(reason));
    }
    const auto *wizard = qobject_cast<const NewRunWizard *>(this->wizard());
    if (wizard && wizard->modelPage()) {
        const ModelShape shape = wizard->modelPage()->selectedShape();
        if (o.key == "max_length" && shape.maxPositions > 0 && v.get<double>() > shape.maxPositions)
            return tr("This model reads at most %1 tokens; lower the max length to %1 or less.").arg(shape.maxPositions);
        if (o.key == "freeze_layers" && shape.numLayers > 0 && v.get<double>() > shape.numLayers)
            return tr("The model has %1 layers; it cannot freeze %2.").arg(shape.numLayers).arg(v.get<int>());
    }
    return {};
}

QString HyperparametersPage::fieldWarning(const Field &f) const
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    const QString key = QString::fromStdString(f.option->key);
    const auto number = [](double x) { return QString::fromStdString(formatNumber(x)); };
    if (key == QLatin1String("learning_rate")) {
        if (const OptimizerInfo *optim = findOptimizer(c.optim)) {
            if (c.learningRate > optim->usualMaxLr)
                return tr("Unusually high for %1, where fine-tuning usually uses %2 to %3: the loss may jump or diverge, "
                          "and the model end up predicting one class.")
                    .arg(QString::fromLatin1(optim->name), number(optim->usualMinLr), number(optim->usualMaxLr));
            if (c.learningRate < optim->usualMinLr)
                return tr("Unusually low for %1, where fine-tuning usually uses %2 to %3: the model will barely change.")
                    .arg(QString::fromLatin1(optim->name), number(optim->usualMinLr), number(optim->usualMaxLr));
        }
        return {};
    }
    if (key == QLatin1String("nproc_per_node") && c.launch.nprocPerNode > 1) {
        const int cores = availablePhysicalCores();
        if (c.launch.nprocPerNode > cores)
            return tr("More processes than this computer's %n core(s): they take turns on the cores and every step "
                      "waits for the slowest, so training gets slower.", nullptr, cores);
        if (c.threads > 0 && c.launch.nprocPerNode * c.threads > cores)
            return tr("%1 processes of %2 threads each need %3 cores; this computer has %4. Set the threads to 0 to "
                      "share the cores out among the processes.")
                .arg(c.launch.nprocPerNode)
                .arg(c.threads)
                .arg(c.launch.nprocPerNode * c.threads)
                .arg(cores);
        return {};
    }
    const PresetData data = presetData();
    if (data.trainRows <= 0)
        return {};
    if (key == QLatin1String("per_device_train_batch_size") && c.perDeviceTrainBatchSize > data.trainRows)
        return tr("Larger than the %1 training texts: every step takes all of them, so an epoch is a single step.")
            .arg(data.trainRows);
    if (key == QLatin1String("eval_steps") && c.evalStrategy == "steps") {
        const std::int64_t perStep = std::int64_t(c.perDeviceTrainBatchSize) * c.gradientAccumulationSteps;
        const auto steps = c.maxSteps > 0 ? c.maxSteps
                                          : static_cast<std::int64_t>(std::ceil(c.numTrainEpochs * double((data.trainRows + perStep - 1) / perStep)));
        if (c.evalSteps > steps)
            return tr("The run has only %1 steps: the model is evaluated once, at the end.").arg(steps);
    }
    return {};
}

void HyperparametersPage::updateFieldNotes()
{
    for (const Field &f : m_fields) {
        const QString problem = f.shown ? fieldProblem(f) : QString();
        const QString text = problem.isEmpty() && f.shown ? fieldWarning(f) : problem;
        QPalette p = f.note->palette();
        p.setColor(QPalette::WindowText, problem.isEmpty() ? QColor(0xb2, 0x6a, 0x00) : QColor(0xc0, 0x1c, 0x12));
        f.note->setPalette(p);
        f.note->setText(text);
        f.note->setVisible(!text.isEmpty());
    }
}

void HyperparametersPage::updatePresetCombo()
{
    TrainingConfig c = m_hidden;
    applyTo(c);
    json current;
    to_json(current, c);
    int match = 3; // Custom
    for (int p = 0; p < 3; ++p) {
        json preset;
        to_json(preset, hone::applyPreset(c, static_cast<TrainingPreset>(p), presetData()));
        if (preset == current) {
            match = p;
            break;
        }
    }
    m_preset->setCurrentIndex(match);
    const char *const *hints = m_hidden.task == "classification" ? kPresetHints : kLanguageModelPresetHints;
    m_presetHint->setText(tr(hints[match]));
}

QString HyperparametersPage::checkForm() const
{
    for (const Field &f : m_fields)
        if (const QString problem = f.shown ? fieldProblem(f) : QString(); !problem.isEmpty())
            return problem;
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
        if (auto *maxLength = maxLengthSpin())
            maxLength->setMaximum(shape.maxPositions > 0 ? shape.maxPositions : 8192);
        if (auto *freeze = qobject_cast<QSpinBox *>(editor("freeze_layers")); freeze && shape.numLayers > 0)
            freeze->setMaximum(shape.numLayers);
        // Left empty, LoRA adapts the model's usual projections: the field shows which.
        if (auto *targets = qobject_cast<QLineEdit *>(editor("lora.target_modules"))) {
            QStringList usual;
            for (const std::string &name : shape.loraTargets)
                usual << QString::fromStdString(name);
            targets->setPlaceholderText(usual.isEmpty() ? QString() : tr("usual: %1").arg(usual.join(QLatin1Char(','))));
        }
    }
    // A preset nobody has edited since is fitted to the data now known (its size, its balance).
    if (m_presetApplied >= 0)
        applyPreset(static_cast<TrainingPreset>(m_presetApplied));
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
    if (wizard->dataPage()->isLanguageModelTask()) {
        // Counted already, under the chat template, by the data page.
        m_counting.waitForFinished();
        const LmDataResult &lm = wizard->dataPage()->lmResult();
        m_lengths = TokenLengths{};
        m_lengths.modelPath = QString::fromStdString(model->path.string());
        m_lengths.sorted = lm.lengths;
        m_lengths.sampled = lm.sampled;
        m_lengths.languageModel = true;
        m_countPending = false;
        return updateTruncation();
    }
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
    const int maxLength = maxLengthSpin()->value();
    const double share = truncatedShare(maxLength);
    const std::size_t n = m_lengths.sorted.size();
    const int median = m_lengths.sorted[n / 2];
    const int p95 = m_lengths.sorted[std::min(n - 1, n * 95 / 100)];
    const int longest = m_lengths.sorted.back();
    QString text;
    if (m_lengths.languageModel && share <= 0)
        text = tr("No sample is cut at %1 tokens under the chat template (longest %2, median %3).").arg(maxLength).arg(longest).arg(median);
    else if (m_lengths.languageModel)
        text = tr("%1% of the samples are longer than %2 tokens under the chat template and will be cut (median %3, 95% "
                  "within %4, longest %5).")
                   .arg(locale.toString(100 * share, 'f', share < 0.1 ? 1 : 0))
                   .arg(maxLength)
                   .arg(median)
                   .arg(p95)
                   .arg(longest);
    else if (share <= 0)
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
    for (const auto &g : m_groups)
        g.first->setTitle(optionText(g.second->title));
    m_advanced->setTitle(tr("Advanced settings"));
    m_preset->setItemText(0, tr("Quick"));
    m_preset->setItemText(1, tr("Balanced"));
    m_preset->setItemText(2, tr("Thorough"));
    m_preset->setItemText(3, tr("Custom"));
    m_preset->setToolTip(tr("Fills every field with a tested starting point. Changing a field turns the preset into Custom."));
    for (const Field &f : m_fields) {
        const TrainingOption &o = *f.option;
        if (f.label)
            f.label->setText(optionText(o.label));
        else if (auto *b = qobject_cast<QCheckBox *>(f.editor))
            b->setText(optionText(o.label));
        if (auto *combo = qobject_cast<QComboBox *>(f.editor))
            for (int i = 0; i < combo->count(); ++i)
                combo->setItemText(i, choiceText(o.key, combo->itemData(i).toString()));
        if (auto *spin = qobject_cast<QAbstractSpinBox *>(f.editor)) {
            // The special text names the range's own minimum, not the 0 that lets a bad entry be typed.
            const bool atRangeMinimum = !(spin->property("minimum").toDouble() < o.range.min);
            spin->setSpecialValueText(*o.minimumMeans && atRangeMinimum ? optionText(o.minimumMeans) : QString());
        }
        if (auto *spin = qobject_cast<QSpinBox *>(f.editor); spin && (o.key == "eval_steps" || o.key == "logging_steps"))
            spin->setSuffix(tr(" steps"));
        QString tip = QStringLiteral("<p>%1</p>").arg(optionText(o.help).toHtmlEscaped());
        if (o.kind == OptionKind::Int || o.kind == OptionKind::Float)
            tip += QStringLiteral("<p>%1 %2</p>").arg(tr("Allowed:"), QString::fromStdString(o.range.text()).toHtmlEscaped());
        tip += QStringLiteral("<p><i>%1</i> <code>%2</code><br><i>%3</i> <code>%4</code></p>")
                   .arg(tr("Hugging Face name:"), QString::fromStdString(o.key), tr("hone-cli flag:"), QString::fromStdString(o.flag));
        f.editor->setToolTip(tip);
        if (f.label)
            f.label->setToolTip(tip); // the form label carries the same help
    }
    updatePresetCombo();
    updatePresetHintHeight();
    updateTruncation();
    updateFieldNotes();
    reflowAdvanced();
}

void HyperparametersPage::reflowAdvanced()
{
    QList<QWidget *> groups; // the advanced ones the task has options in
    for (const auto &g : m_groups)
        if (g.first != m_basicGroup && !g.first->isHidden())
            groups << g.first;
    // A language model's own settings (LoRA, the template's loss, packing, sample answers) come first.
    if (m_hidden.task != "classification")
        std::stable_partition(groups.begin(), groups.end(), [this](QWidget *g) {
            for (const auto &group : m_groups)
                if (group.first == g)
                    return std::string(group.second->id) == "lora" || std::string(group.second->id) == "language_model";
            return false;
        });
    int widest = 0;
    for (QWidget *g : groups)
        widest = qMax(widest, g->minimumSizeHint().width());
    const int available = m_scroll->viewport()->width() - 8;
    const int columns = available >= 2 * widest + m_advancedGrid->horizontalSpacing() ? 2 : 1;
    if (columns == m_advancedColumns)
        return;
    m_advancedColumns = columns;
    for (const auto &g : m_groups)
        m_advancedGrid->removeWidget(g.first);
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

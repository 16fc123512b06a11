#include "ui/wizard/splitpage.h"

#include "ui/appsettings.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/datasetwarnings.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"

#include "core/data/deduplicate.h"
#include "core/data/instructiondata.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace hone::ui {

namespace {
// What the trainer holds out of the training file when no validation file is given (trainer.cpp).
constexpr double kValidationFromTrain = 0.1;

// languageModel: the files hold instruction data or plain text (conversationsOnly: instruction tuning).
SplitResult computeSplit(int generation, std::shared_ptr<const Dataset> base, std::vector<RoleFile> files,
                         ReadOptions read, SplitOptions options, bool languageModel, bool conversationsOnly)
{
    SplitResult out;
    out.generation = generation;
    std::shared_ptr<const Dataset> dataset = base;
    if (!files.empty() && languageModel) {
        auto data = readInstructionFiles(files, conversationsOnly);
        if (!data) {
            out.error = QString::fromStdString(data.error().message);
            return out;
        }
        dataset = std::make_shared<const Dataset>(std::move(data->rows));
    } else if (!files.empty()) {
        auto data = readDatasets(files, read);
        if (!data) {
            out.error = QString::fromStdString(data.error().message);
            return out;
        }
        dataset = std::make_shared<const Dataset>(std::move(data).value());
    }
    if (!dataset) {
        out.error = QStringLiteral("no data");
        return out;
    }
    auto splits = splitDataset(*dataset, options);
    out.dataset = dataset;
    if (!splits) {
        out.error = QString::fromStdString(splits.error().message);
        return out;
    }
    out.splits = std::move(splits).value();
    DatasetReportOptions reportOptions;
    reportOptions.maxLength = 0;
    reportOptions.splits = &out.splits;
    out.report = makeDatasetReport(*dataset, reportOptions);
    return out;
}
} // namespace

SplitPage::SplitPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("splitPage"));
    m_byRatio = new QRadioButton;
    m_byRatio->setObjectName(QStringLiteral("splitByRatio"));
    m_byFiles = new QRadioButton;
    m_byFiles->setObjectName(QStringLiteral("splitByFiles"));
    m_mode = new QButtonGroup(this);
    m_mode->addButton(m_byRatio, 0);
    m_mode->addButton(m_byFiles, 1);
    m_byRatio->setChecked(true);
    connect(m_mode, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on) {
            updateModeWidgets();
            schedule();
        }
    });

    auto percent = [](const char *name) {
        auto *s = new QSpinBox;
        s->setObjectName(QString::fromLatin1(name));
        s->setRange(0, 100);
        s->setSuffix(QStringLiteral(" %"));
        s->setKeyboardTracking(false);
        s->setMinimumWidth(80);
        return s;
    };
    m_train = percent("trainPercent");
    m_validation = percent("validationPercent");
    m_test = percent("testPercent");
    for (QSpinBox *s : {m_train, m_validation, m_test})
        connect(s, qOverload<int>(&QSpinBox::valueChanged), this, [this, s] { ratioEdited(s); });
    m_trainLabel = new QLabel;
    m_trainLabel->setBuddy(m_train);
    m_validationLabel = new QLabel;
    m_validationLabel->setBuddy(m_validation);
    m_testLabel = new QLabel;
    m_testLabel->setBuddy(m_test);
    m_sum = new QLabel;
    m_sum->setObjectName(QStringLiteral("ratioSum"));

    m_ratioBox = new QWidget;
    auto *ratios = new QHBoxLayout(m_ratioBox);
    ratios->setContentsMargins(24, 0, 0, 0);
    ratios->addWidget(m_trainLabel);
    ratios->addWidget(m_train);
    ratios->addSpacing(12);
    ratios->addWidget(m_validationLabel);
    ratios->addWidget(m_validation);
    ratios->addSpacing(12);
    ratios->addWidget(m_testLabel);
    ratios->addWidget(m_test);
    ratios->addSpacing(12);
    ratios->addWidget(m_sum);
    ratios->addStretch(1);

    m_validationFile = new QLineEdit;
    m_validationFile->setObjectName(QStringLiteral("validationFileEdit"));
    m_testFile = new QLineEdit;
    m_testFile->setObjectName(QStringLiteral("testFileEdit"));
    for (QLineEdit *e : {m_validationFile, m_testFile}) {
        e->setClearButtonEnabled(true);
        connect(e, &QLineEdit::editingFinished, this, &SplitPage::schedule);
        connect(e, &QLineEdit::textChanged, this, [this] { updateModeWidgets(); });
    }
    m_browseValidation = new QPushButton;
    m_browseTest = new QPushButton;
    connect(m_browseValidation, &QPushButton::clicked, this, [this] {
        const QString f = browseFile(tr("Validation File"));
        if (!f.isEmpty())
            setValidationFile(f);
    });
    connect(m_browseTest, &QPushButton::clicked, this, [this] {
        const QString f = browseFile(tr("Test File"));
        if (!f.isEmpty())
            setTestFile(f);
    });
    m_validationFileLabel = new QLabel;
    m_validationFileLabel->setBuddy(m_validationFile);
    m_testFileLabel = new QLabel;
    m_testFileLabel->setBuddy(m_testFile);
    m_filesHint = new QLabel;
    m_filesHint->setWordWrap(true);
    m_filesBox = new QWidget;
    auto *files = new QGridLayout(m_filesBox);
    files->setContentsMargins(24, 0, 0, 0);
    files->addWidget(m_validationFileLabel, 0, 0);
    files->addWidget(m_validationFile, 0, 1);
    files->addWidget(m_browseValidation, 0, 2);
    files->addWidget(m_testFileLabel, 1, 0);
    files->addWidget(m_testFile, 1, 1);
    files->addWidget(m_browseTest, 1, 2);
    files->addWidget(m_filesHint, 2, 1, 1, 2);
    files->setColumnStretch(1, 1);

    m_stratify = new QCheckBox;
    m_stratify->setObjectName(QStringLiteral("stratifyCheck"));
    m_stratify->setChecked(true);
    connect(m_stratify, &QCheckBox::toggled, this, &SplitPage::schedule);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    m_seed->setKeyboardTracking(false);
    connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this, &SplitPage::schedule);
    m_seedLabel = new QLabel;
    m_seedLabel->setBuddy(m_seed);
    auto *options = new QHBoxLayout;
    options->addWidget(m_stratify);
    options->addSpacing(24);
    options->addWidget(m_seedLabel);
    options->addWidget(m_seed);
    options->addStretch(1);

    m_countsTitle = new QLabel;
    QFont bold = m_countsTitle->font();
    bold.setBold(true);
    m_countsTitle->setFont(bold);
    m_counts = new QTableWidget(0, 4);
    m_counts->setObjectName(QStringLiteral("splitCounts"));
    m_counts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_counts->setSelectionMode(QAbstractItemView::NoSelection);
    m_counts->verticalHeader()->hide();
    m_counts->verticalHeader()->setDefaultSectionSize(m_counts->fontMetrics().height() + 6);
    m_counts->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_counts->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_counts->setMinimumHeight(120);

    m_warnings = new PageMessage;
    m_message = new PageMessage;

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_byRatio);
    layout->addWidget(m_ratioBox);
    layout->addWidget(m_byFiles);
    layout->addWidget(m_filesBox);
    layout->addSpacing(4);
    layout->addLayout(options);
    layout->addSpacing(4);
    layout->addWidget(m_countsTitle);
    layout->addWidget(m_counts, 1);
    m_dropLeaked = new QPushButton;
    m_dropLeaked->setObjectName(QStringLiteral("dropLeakedButton"));
    m_dropLeaked->setVisible(false);
    connect(m_dropLeaked, &QPushButton::clicked, this, &SplitPage::dropLeakedRows);
    auto *warningsRow = new QHBoxLayout;
    warningsRow->addWidget(m_warnings, 1);
    warningsRow->addWidget(m_dropLeaked, 0, Qt::AlignTop);
    layout->addLayout(warningsRow);
    layout->addWidget(m_message);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &SplitPage::recompute);
    connect(&m_splitting, &QFutureWatcher<SplitResult>::finished, this, &SplitPage::splitFinished);

    setRatios(80, 10, 10);
    updateModeWidgets();
    retranslate();
}

SplitPage::~SplitPage()
{
    m_splitting.waitForFinished();
}

void SplitPage::setRatios(int train, int validation, int test)
{
    m_adjusting = true;
    m_train->setValue(train);
    m_validation->setValue(validation);
    m_test->setValue(test);
    m_adjusting = false;
    updateMessage();
    schedule();
}

int SplitPage::trainPercent() const { return m_train->value(); }
int SplitPage::validationPercent() const { return m_validation->value(); }
int SplitPage::testPercent() const { return m_test->value(); }

void SplitPage::ratioEdited(QSpinBox *edited)
{
    if (m_adjusting)
        return;
    // Keep the sum at 100: train and validation give and take from test, test from validation.
    QSpinBox *absorber = edited == m_test ? m_validation : m_test;
    const int others = m_train->value() + m_validation->value() + m_test->value() - absorber->value();
    m_adjusting = true;
    absorber->setValue(std::clamp(100 - others, 0, 100));
    m_adjusting = false;
    updateMessage();
    schedule();
}

QString SplitPage::ratioProblem() const
{
    if (separateFiles())
        return {};
    const int sum = trainPercent() + validationPercent() + testPercent();
    if (sum != 100)
        return tr("The shares add up to %1%; they must add up to 100%.").arg(sum);
    if (trainPercent() == 0)
        return tr("The training share must be above 0%.");
    return {};
}

void SplitPage::setSeparateFiles(bool separate)
{
    (separate ? m_byFiles : m_byRatio)->setChecked(true);
}

bool SplitPage::separateFiles() const
{
    return m_byFiles->isChecked();
}

void SplitPage::setValidationFile(const QString &path)
{
    m_validationFile->setText(QDir::toNativeSeparators(path));
    schedule();
}

void SplitPage::setTestFile(const QString &path)
{
    m_testFile->setText(QDir::toNativeSeparators(path));
    schedule();
}

void SplitPage::setStratify(bool stratify)
{
    m_stratify->setChecked(stratify);
}

void SplitPage::setTask(const QString &task)
{
    if (task == m_task)
        return;
    m_task = task;
    // Samples have no labels to stratify by.
    m_stratify->setVisible(m_task == QLatin1String("classification"));
    retranslate();
    schedule();
}

void SplitPage::setSeed(std::uint64_t seed)
{
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(seed, static_cast<std::uint64_t>(m_seed->maximum()))));
}

QString SplitPage::browseFile(const QString &title)
{
    const QString file = QFileDialog::getOpenFileName(
        this, title, AppSettings::lastDirectory(QStringLiteral("data")),
        tr("Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)"));
    if (!file.isEmpty())
        AppSettings::setLastDirectory(QStringLiteral("data"), QFileInfo(file).absolutePath());
    return file;
}

void SplitPage::updateModeWidgets()
{
    const bool files = separateFiles();
    m_ratioBox->setEnabled(!files);
    m_filesBox->setEnabled(files);
    QStringList hint;
    if (m_validationFile->text().trimmed().isEmpty())
        hint << tr("Without a validation file, %1% of the training file is held out for validation.")
                    .arg(static_cast<int>(kValidationFromTrain * 100));
    if (m_testFile->text().trimmed().isEmpty())
        hint << tr("Without a test file, the run has no test score.");
    m_filesHint->setText(hint.join(QLatin1Char(' ')));
    m_filesHint->setVisible(files && !hint.isEmpty());
    updateMessage();
}

void SplitPage::schedule()
{
    m_debouncePending = true;
    m_debounce->start();
    Q_EMIT completeChanged();
}

void SplitPage::recompute()
{
    m_debouncePending = false;
    ++m_generation;
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    DataPage *data = wizard ? wizard->dataPage() : nullptr;
    if (!data || !data->dataset() || !ratioProblem().isEmpty()) {
        m_result = SplitResult{};
        m_result.generation = m_generation;
        updateTable();
        updateMessage();
        Q_EMIT splitChanged();
        Q_EMIT completeChanged();
        return;
    }
    SplitOptions options;
    options.seed = static_cast<std::uint64_t>(m_seed->value());
    options.stratify = m_stratify->isChecked();
    std::vector<RoleFile> files;
    if (separateFiles()) {
        files.push_back({"train", data->file().toStdString()});
        const QString validation = QDir::fromNativeSeparators(m_validationFile->text().trimmed());
        const QString test = QDir::fromNativeSeparators(m_testFile->text().trimmed());
        if (!validation.isEmpty())
            files.push_back({"validation", validation.toStdString()});
        if (!test.isEmpty())
            files.push_back({"test", test.toStdString()});
        options.validationFraction = validation.isEmpty() ? kValidationFromTrain : 0.0;
    } else {
        options.ratios = {trainPercent() / 100.0, validationPercent() / 100.0, testPercent() / 100.0};
    }
    m_message->showInfo(files.empty() ? tr("Splitting…") : tr("Reading the files…"));
    const int generation = m_generation;
    std::shared_ptr<const Dataset> base = files.empty() ? data->dataset() : nullptr;
    const ReadOptions read = data->readOptions();
    const bool languageModel = m_task != QLatin1String("classification");
    const bool conversationsOnly = m_task == QLatin1String("sft");
    m_splitting.setFuture(QtConcurrent::run([generation, base, files, read, options, languageModel, conversationsOnly] {
        return computeSplit(generation, base, files, read, options, languageModel, conversationsOnly);
    }));
    Q_EMIT completeChanged();
}

void SplitPage::splitFinished()
{
    SplitResult result = m_splitting.result();
    if (result.generation != m_generation)
        return;
    m_result = std::move(result);
    updateTable();
    updateMessage();
    Q_EMIT splitChanged();
    Q_EMIT completeChanged();
}

bool SplitPage::dropLeakedRows()
{
    if (!m_result.dataset)
        return false;
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (!separateFiles()) { // one file split by ratios: its repeated texts are what lands in two splits
        if (!wizard)
            return false;
        const QFileInfo data(wizard->dataPage()->file());
        const bool done = wizard->dataPage()->removeDuplicates(data.absolutePath() + QLatin1Char('/') + data.completeBaseName() +
                                                               QStringLiteral("-deduplicated.csv"));
        if (!done)
            m_message->showError(wizard->dataPage()->message()->text());
        return done;
    }
    const Dataset &d = *m_result.dataset;
    const SplitIndices &s = m_result.splits;
    // Writes `rows` minus the texts of `earlier` next to `file`; the new path, or "" (reason shown).
    auto withoutLeaks = [&](const QString &file, const std::vector<std::size_t> &rows, const std::vector<std::size_t> &earlier) {
        const QFileInfo info(file);
        const QString out = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral("-without-leaks.csv");
        if (auto r = writeRowsCsv(d, rowsWithoutTextsOf(d, rows, earlier), out.toStdString()); !r) {
            m_message->showError(tr("The file without leaked rows cannot be written: %1").arg(QString::fromStdString(r.error().message)));
            return QString();
        }
        return out;
    };
    QString validation = QDir::fromNativeSeparators(m_validationFile->text().trimmed());
    QString test = QDir::fromNativeSeparators(m_testFile->text().trimmed());
    if (!validation.isEmpty() && (validation = withoutLeaks(validation, s.validation, s.train)).isEmpty())
        return false;
    // Validation rows (from their file, or carved from the training file) count for the test file.
    std::vector<std::size_t> earlier = s.train;
    earlier.insert(earlier.end(), s.validation.begin(), s.validation.end());
    if (!test.isEmpty() && (test = withoutLeaks(test, s.test, earlier)).isEmpty())
        return false;
    m_validationFile->setText(QDir::toNativeSeparators(validation));
    m_testFile->setText(QDir::toNativeSeparators(test));
    schedule();
    return true;
}

void SplitPage::updateTable()
{
    const QLocale locale;
    const DatasetReport &r = m_result.report;
    m_counts->setRowCount(0);
    bool leaked = false;
    for (const SplitOverlap &o : r.leakage)
        leaked = leaked || o.texts > 0;
    const bool languageModel = m_task != QLatin1String("classification");
    // The fix writes CSV tables: language-model data keep their own files and get the warning only.
    m_dropLeaked->setVisible(leaked && m_result.error.isEmpty() && m_result.dataset && !languageModel);
    if (!m_result.error.isEmpty() || !m_result.dataset || !r.hasSplits) {
        m_warnings->clear();
        m_countsTitle->setText(languageModel ? tr("Samples per split") : tr("Rows per class and split"));
        return;
    }
    const int rows = static_cast<int>(r.classes.size());
    m_counts->setRowCount(rows + 1);
    auto cell = [&](int row, int column, const QString &text, bool bold) {
        auto *item = new QTableWidgetItem(text);
        if (column > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (bold) {
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
        m_counts->setItem(row, column, item);
    };
    auto number = [&](std::size_t n) { return locale.toString(static_cast<qulonglong>(n)); };
    for (int i = 0; i < rows; ++i) {
        const ClassCount &c = r.classes[static_cast<std::size_t>(i)];
        cell(i, 0, labelText(c.label), false);
        cell(i, 1, number(c.train), false);
        cell(i, 2, number(c.validation), false);
        cell(i, 3, number(c.test), false);
        if (c.validation == 0 && r.splitRows[1] > 0)
            m_counts->item(i, 2)->setForeground(QColor(0xc6, 0x28, 0x28));
        if (c.test == 0 && r.splitRows[2] > 0)
            m_counts->item(i, 3)->setForeground(QColor(0xc6, 0x28, 0x28));
    }
    cell(rows, 0, languageModel ? tr("Samples") : tr("Total"), true);
    for (int s = 0; s < 3; ++s)
        cell(rows, s + 1, number(r.splitRows[s]), true);
    m_countsTitle->setText(languageModel ? tr("Samples per split (%1 in all)").arg(number(r.rowsKept))
                                         : tr("Rows per class and split (%1 in all)").arg(number(r.rowsKept)));

    QStringList all = datasetWarnings(r, true);
    // The data page already showed the other findings; here only what depends on the split.
    QStringList splitOnly;
    const QStringList dataOnly = datasetWarnings(r, false);
    for (const QString &w : all)
        if (!dataOnly.contains(w))
            splitOnly << w;
    if (r.splitRows[1] == 0)
        splitOnly << (languageModel ? tr("No validation samples: the run reports no validation loss or sample answers, and "
                                         "the best model cannot be chosen.")
                                    : tr("No validation rows: the best model cannot be chosen and early stopping cannot work."));
    if (splitOnly.isEmpty())
        m_warnings->clear();
    else
        m_warnings->showWarning(splitOnly.join(QLatin1Char('\n')));
}

void SplitPage::updateMessage()
{
    const int sum = trainPercent() + validationPercent() + testPercent();
    m_sum->setText(tr("Total: %1%").arg(sum));
    QPalette p = m_sum->palette();
    p.setColor(QPalette::WindowText, sum == 100 ? palette().color(QPalette::WindowText) : QColor(0xc6, 0x28, 0x28));
    m_sum->setPalette(p);

    const QString ratio = ratioProblem();
    if (!ratio.isEmpty())
        m_message->showError(ratio);
    else if (isBusy())
        return;
    else if (!m_result.error.isEmpty())
        m_message->showError(tr("These rows cannot be split this way: %1").arg(m_result.error));
    else
        m_message->clear();
}

bool SplitPage::isComplete() const
{
    return ratioProblem().isEmpty() && !isBusy() && m_result.dataset &&
           m_result.error.isEmpty();
}

bool SplitPage::validatePage()
{
    updateMessage();
    return isComplete();
}

void SplitPage::initializePage()
{
    updateModeWidgets();
    recompute();
}

void SplitPage::loadConfig(const TrainingConfig &config)
{
    const DataConfig &d = config.data;
    const bool files = d.file.empty() && !d.train.empty();
    setSeparateFiles(files);
    m_validationFile->setText(QString::fromStdString(d.validation));
    m_testFile->setText(QString::fromStdString(d.test));
    if (!files)
        setRatios(static_cast<int>(std::lround(d.split[0] * 100)), static_cast<int>(std::lround(d.split[1] * 100)),
                  static_cast<int>(std::lround(d.split[2] * 100)));
    m_stratify->setChecked(d.stratify);
    setSeed(config.seed);
    updateModeWidgets();
}

void SplitPage::applyTo(TrainingConfig &config) const
{
    DataConfig &d = config.data;
    if (separateFiles()) {
        d.train = d.file.empty() ? d.train : d.file;
        d.file.clear();
        d.validation = QDir::fromNativeSeparators(m_validationFile->text().trimmed()).toStdString();
        d.test = QDir::fromNativeSeparators(m_testFile->text().trimmed()).toStdString();
        d.split = {1.0 - kValidationFromTrain, kValidationFromTrain, 0.0};
    } else {
        d.train.clear();
        d.validation.clear();
        d.test.clear();
        d.split = {trainPercent() / 100.0, validationPercent() / 100.0, testPercent() / 100.0};
    }
    d.stratify = m_stratify->isChecked();
    config.seed = static_cast<std::uint64_t>(m_seed->value());
}

void SplitPage::retranslate()
{
    m_dropLeaked->setText(tr("Drop Leaked Rows"));
    m_dropLeaked->setToolTip(tr("Separate files: save the validation and test files without the texts the training "
                                "file (or validation file) already has, and use those. One file: remove its duplicates."));
    setTitle(tr("Split into training, validation and test"));
    setSubTitle(tr("The model learns from the training rows, is chosen on the validation rows and is scored once "
                   "on the test rows it has never seen."));
    m_byRatio->setText(tr("Split the file by &ratios"));
    m_byFiles->setText(tr("Use separate &files for validation and test"));
    m_trainLabel->setText(tr("Training:"));
    m_validationLabel->setText(tr("Validation:"));
    m_testLabel->setText(tr("Test:"));
    m_validationFileLabel->setText(tr("Validation file:"));
    m_testFileLabel->setText(tr("Test file:"));
    m_validationFile->setPlaceholderText(tr("optional"));
    m_testFile->setPlaceholderText(tr("optional"));
    m_browseValidation->setText(tr("Browse…"));
    m_browseTest->setText(tr("Browse…"));
    m_stratify->setText(tr("&Stratify (keep the class proportions in every split)"));
    m_stratify->setToolTip(tr("Each class is split by the same ratios, so a rare class appears in every split."));
    m_seedLabel->setText(tr("S&eed:"));
    m_seed->setToolTip(tr("The same seed gives the same split and the same training order (seed)."));
    m_counts->setHorizontalHeaderLabels({m_task == QLatin1String("classification") ? tr("Label") : QString(), tr("Training"),
                                         tr("Validation"), tr("Test")});
    if (m_task != QLatin1String("classification"))
        setSubTitle(tr("The model learns from the training samples; the validation samples give the validation loss, "
                       "the perplexity and the sample answers at each evaluation; the test samples are scored once at the end."));
    updateModeWidgets();
    updateTable();
    updateMessage();
}

void SplitPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

} // namespace hone::ui

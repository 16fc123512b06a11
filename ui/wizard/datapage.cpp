#include "ui/wizard/datapage.h"

#include "ui/appsettings.h"
#include "ui/wizard/datasetwarnings.h"
#include "ui/wizard/pagemessage.h"

#include "core/data/csvreader.h"
#include "core/data/deduplicate.h"
#include "core/text/chattemplate.h"

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hone::ui {

namespace {

constexpr int kPreviewRows = 50;
// The data of the template list's last item, which asks for a .jinja file (no template is named so).
const QLatin1String kChooseTemplateFile(":choose-a-file:");
constexpr int kPreviewChars = 300;

QString shortened(const std::string &s)
{
    QString q = QString::fromStdString(s);
    q.replace(QLatin1Char('\n'), QChar(0x21B5)).replace(QLatin1Char('\r'), QString()).replace(QLatin1Char('\t'), QLatin1Char(' '));
    return q.size() > kPreviewChars ? q.left(kPreviewChars) + QChar(0x2026) : q;
}

// The first rows of the file with all their columns, read with the data layer's own decoder and
// CSV parser (JSON Lines: one object per line). Errors carry the file and line.
void readPreview(const std::filesystem::path &path, const ReadOptions &options, DataLoadResult &out)
{
    auto format = options.format == DataFormat::Auto ? detectDataFormat(path) : Result<DataFormat>(options.format);
    if (!format) {
        out.readError = QString::fromStdString(format.error().message);
        return;
    }
    out.format = QString::fromLatin1(dataFormatName(*format));
    if (*format == DataFormat::Folder)
        return; // the dataset's rows are the preview
    auto decoded = readTextFile(path, options.encoding);
    if (!decoded) {
        out.readError = QString::fromStdString(decoded.error().message);
        return;
    }
    out.encoding = QString::fromLatin1(textEncodingName(decoded->encoding));
    if (*format == DataFormat::Csv || *format == DataFormat::Tsv) {
        CsvOptions csv;
        csv.delimiter = *format == DataFormat::Tsv ? '\t' : detectDelimiter(decoded->text, ',');
        auto table = parseCsv(decoded->text, csv, path.string());
        if (!table) {
            out.readError = QString::fromStdString(table.error().message);
            return;
        }
        out.delimiter = QString::fromStdString(delimiterName(table->delimiter));
        for (const std::string &h : table->header)
            out.columns << QString::fromStdString(h);
        for (std::size_t i = 0; i < table->records.size() && i < kPreviewRows; ++i) {
            QStringList row;
            for (const std::string &f : table->records[i].fields)
                row << shortened(f);
            out.preview << row;
        }
        return;
    }
    // JSON Lines.
    std::size_t start = 0;
    const std::string &text = decoded->text;
    while (start < text.size() && out.preview.size() < kPreviewRows) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            break; // readDataset reports the line and the problem
        if (out.columns.isEmpty())
            for (auto it = j.begin(); it != j.end(); ++it)
                out.columns << QString::fromStdString(it.key());
        QStringList row;
        for (const QString &column : std::as_const(out.columns)) {
            const auto it = j.find(column.toStdString());
            if (it == j.end() || it->is_null())
                row << QString();
            else
                row << shortened(it->is_string() ? it->get<std::string>() : it->dump());
        }
        out.preview << row;
    }
}

DataLoadResult load(int generation, const QString &file, const ReadOptions &options)
{
    DataLoadResult out;
    out.generation = generation;
    out.path = file;
    const std::filesystem::path path = file.toStdString();
    readPreview(path, options, out);
    if (!out.readError.isEmpty())
        return out;
    auto data = readDataset(path, options);
    if (!data) {
        out.datasetError = QString::fromStdString(data.error().message);
        return out;
    }
    if (auto ok = checkClassificationDataset(*data); !ok)
        out.datasetError = QString::fromStdString(ok.error().message);
    if (!data->sources.empty()) {
        const DataSource &s = data->sources.front();
        out.textColumn = QString::fromStdString(s.textColumn);
        out.text2Column = QString::fromStdString(s.text2Column);
        out.labelColumn = QString::fromStdString(s.labelColumn);
        out.encoding = QString::fromLatin1(textEncodingName(s.encoding));
        if (out.columns.isEmpty())
            for (const std::string &c : s.columns)
                out.columns << QString::fromStdString(c);
    }
    if (out.preview.isEmpty()) { // folders: show the dataset's rows
        out.columns = {QStringLiteral("text"), QStringLiteral("label")};
        for (std::size_t i = 0; i < data->rows.size() && i < kPreviewRows; ++i)
            out.preview << QStringList{shortened(data->rows[i].text),
                                       QString::fromStdString(data->labels.name(data->rows[i].label))};
    }
    out.report = makeDatasetReport(*data);
    out.dataset = std::make_shared<const Dataset>(std::move(data).value());
    return out;
}

// A heading over the widget it names, the widget taking the height.
QWidget *titled(QWidget *title, QWidget *body)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(body, 1);
    return box;
}

// Two panes that share the width in the given proportion and never collapse.
QSplitter *sideBySide(QWidget *left, QWidget *right, int leftStretch, int rightStretch, const QList<int> &sizes)
{
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, leftStretch);
    splitter->setStretchFactor(1, rightStretch);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes(sizes);
    return splitter;
}

} // namespace

DataPage::DataPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("dataPage"));
    setAcceptDrops(true);

    m_fileCombo = new QComboBox;
    m_fileCombo->setObjectName(QStringLiteral("dataFileCombo"));
    m_fileCombo->setEditable(true);
    m_fileCombo->setInsertPolicy(QComboBox::NoInsert);
    m_fileCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_fileCombo->setMinimumContentsLength(30);
    connect(m_fileCombo, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index >= 0)
            setFile(m_fileCombo->itemText(index));
    });
    connect(m_fileCombo->lineEdit(), &QLineEdit::returnPressed, this,
            [this] { setFile(m_fileCombo->currentText().trimmed()); });
    m_browse = new QPushButton;
    m_browse->setObjectName(QStringLiteral("dataBrowse"));
    connect(m_browse, &QPushButton::clicked, this, &DataPage::browse);
    m_dropHint = new QLabel;
    m_dropHint->setWordWrap(true);
    QPalette hintPalette = m_dropHint->palette();
    hintPalette.setColor(QPalette::WindowText, hintPalette.color(QPalette::PlaceholderText));
    m_dropHint->setPalette(hintPalette);

    m_encoding = new QComboBox;
    m_encoding->setObjectName(QStringLiteral("encodingCombo"));
    for (const char *name : {"auto", "utf-8", "utf-16", "gb18030", "gbk", "latin-1"})
        m_encoding->addItem(QString(), QString::fromLatin1(name));
    connect(m_encoding, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        if (!m_updating)
            reload();
    });
    m_detected = new QLabel;
    m_detected->setObjectName(QStringLiteral("detectedLabel"));
    m_detected->setWordWrap(true);

    m_textColumn = new QComboBox;
    m_textColumn->setObjectName(QStringLiteral("textColumnCombo"));
    m_text2Column = new QComboBox;
    m_text2Column->setObjectName(QStringLiteral("text2ColumnCombo"));
    m_labelColumn = new QComboBox;
    m_labelColumn->setObjectName(QStringLiteral("labelColumnCombo"));
    for (QComboBox *combo : {m_textColumn, m_text2Column, m_labelColumn}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
        connect(combo, qOverload<int>(&QComboBox::activated), this, [this] {
            setColumns(m_textColumn->currentData().toString(), m_text2Column->currentData().toString(),
                       m_labelColumn->currentData().toString());
        });
    }
    m_encodingLabel = new QLabel;
    m_encodingLabel->setBuddy(m_encoding);
    m_textLabel = new QLabel;
    m_textLabel->setBuddy(m_textColumn);
    m_text2Label = new QLabel;
    m_text2Label->setBuddy(m_text2Column);
    m_labelLabel = new QLabel;
    m_labelLabel->setBuddy(m_labelColumn);

    m_previewModel = new QStandardItemModel(this);
    m_preview = new QTableView;
    m_preview->setObjectName(QStringLiteral("previewTable"));
    m_preview->setModel(m_previewModel);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(false);
    m_preview->setAlternatingRowColors(true);
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 6);
    m_preview->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_labels = new QTableWidget(0, 3);
    m_labels->setObjectName(QStringLiteral("labelTable"));
    m_labels->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_labels->verticalHeader()->hide();
    m_labels->verticalHeader()->setDefaultSectionSize(m_labels->fontMetrics().height() + 6);
    m_labels->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_labels->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_labels->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_previewTitle = new QLabel;
    m_labelsTitle = new QLabel;
    QFont bold = m_previewTitle->font();
    bold.setBold(true);
    m_previewTitle->setFont(bold);
    m_labelsTitle->setFont(bold);

    m_warnings = new PageMessage;
    m_warnings->setObjectName(QStringLiteral("dataWarnings"));
    m_message = new PageMessage;
    m_dedupe = new QPushButton;
    m_dedupe->setObjectName(QStringLiteral("removeDuplicatesButton"));
    m_dedupe->setVisible(false);
    connect(m_dedupe, &QPushButton::clicked, this, &DataPage::askRemoveDuplicates);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileCombo, 1);
    fileRow->addWidget(m_browse);

    auto *mapping = new QGridLayout;
    mapping->setHorizontalSpacing(8);
    mapping->addWidget(m_encodingLabel, 0, 0);
    mapping->addWidget(m_encoding, 0, 1);
    mapping->addWidget(m_detected, 0, 2, 1, 4);
    mapping->addWidget(m_textLabel, 1, 0);
    mapping->addWidget(m_textColumn, 1, 1);
    mapping->addWidget(m_text2Label, 1, 2);
    mapping->addWidget(m_text2Column, 1, 3);
    mapping->addWidget(m_labelLabel, 1, 4);
    mapping->addWidget(m_labelColumn, 1, 5);
    mapping->setColumnStretch(1, 1);
    mapping->setColumnStretch(3, 1);
    mapping->setColumnStretch(5, 1);

    QSplitter *splitter = sideBySide(titled(m_previewTitle, m_preview), titled(m_labelsTitle, m_labels), 3, 1, {600, 220});

    m_classificationBox = new QWidget;
    auto *classificationLayout = new QVBoxLayout(m_classificationBox);
    classificationLayout->setContentsMargins(0, 0, 0, 0);
    classificationLayout->addLayout(mapping);
    classificationLayout->addWidget(splitter, 1);

    // Language-model data: the template, the samples and one of them as the model reads it.
    m_template = new QComboBox;
    m_template->setObjectName(QStringLiteral("chatTemplateCombo"));
    m_template->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_template->setMinimumContentsLength(16);
    connect(m_template, qOverload<int>(&QComboBox::activated), this, &DataPage::templateActivated);
    m_templateLabel = new QLabel;
    m_templateLabel->setBuddy(m_template);
    m_lmDetected = new QLabel;
    m_lmDetected->setObjectName(QStringLiteral("lmDetectedLabel"));
    m_lmDetected->setWordWrap(true);
    m_samplesTitle = new QLabel;
    m_samplesTitle->setFont(bold);
    m_samples = new QListWidget;
    m_samples->setObjectName(QStringLiteral("sampleList"));
    m_samples->setTextElideMode(Qt::ElideRight);
    m_samples->setUniformItemSizes(true);
    m_samples->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the whole title is the tooltip
    connect(m_samples, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_updating)
            showSample(row);
    });
    m_legend = new QLabel;
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_conversation = new QTextBrowser;
    m_conversation->setObjectName(QStringLiteral("conversationView"));
    m_conversation->setOpenLinks(false);
    m_conversation->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_lmReport = new QLabel;
    m_lmReport->setObjectName(QStringLiteral("lmReport"));
    m_lmReport->setWordWrap(true);
    m_lmReport->setTextFormat(Qt::RichText);
    m_lmReport->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *templateRow = new QHBoxLayout;
    templateRow->addWidget(m_templateLabel);
    templateRow->addWidget(m_template, 1);
    templateRow->addSpacing(12);
    templateRow->addWidget(m_lmDetected, 2);
    QSplitter *lmSplitter = sideBySide(titled(m_samplesTitle, m_samples), titled(m_legend, m_conversation), 1, 3, {260, 560});
    m_lmBox = new QWidget;
    m_lmBox->setObjectName(QStringLiteral("lmDataBox"));
    auto *lmLayout = new QVBoxLayout(m_lmBox);
    lmLayout->setContentsMargins(0, 0, 0, 0);
    lmLayout->addLayout(templateRow);
    lmLayout->addWidget(lmSplitter, 1);
    lmLayout->addWidget(m_lmReport);
    m_lmBox->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addWidget(m_dropHint);
    layout->addWidget(m_classificationBox, 1);
    layout->addWidget(m_lmBox, 1);
    auto *warningsRow = new QHBoxLayout;
    warningsRow->addWidget(m_warnings, 1);
    warningsRow->addWidget(m_dedupe, 0, Qt::AlignTop);
    layout->addLayout(warningsRow);
    layout->addWidget(m_message);

    connect(&m_loading, &QFutureWatcher<DataLoadResult>::finished, this, &DataPage::loadFinished);
    connect(&m_lmLoading, &QFutureWatcher<LmDataResult>::finished, this, &DataPage::lmLoadFinished);
    fillTemplates();
    refreshRecent();
    retranslate();
}

DataPage::~DataPage()
{
    m_loading.waitForFinished();
    m_lmLoading.waitForFinished();
}

void DataPage::refreshRecent()
{
    const QString current = m_path;
    m_updating = true;
    m_fileCombo->clear();
    m_fileCombo->addItems(AppSettings::recentDataFiles());
    m_fileCombo->setEditText(QDir::toNativeSeparators(current));
    m_updating = false;
}

ReadOptions DataPage::readOptions() const
{
    ReadOptions options;
    if (auto e = parseTextEncoding(encoding().toStdString()))
        options.encoding = *e;
    options.columns.text = m_wantText.toStdString();
    options.columns.text2 = m_wantText2.toStdString();
    options.columns.label = m_wantLabel.toStdString();
    return options;
}

void DataPage::setFile(const QString &path)
{
    const QString clean = path.isEmpty() ? QString() : QDir::cleanPath(QDir::fromNativeSeparators(path));
    if (clean != m_path) {
        // A new file: detect its columns and its encoding again (one file's GBK is not the next one's).
        m_wantText.clear();
        m_wantText2.clear();
        m_wantLabel.clear();
        m_updating = true;
        m_encoding->setCurrentIndex(0);
        m_updating = false;
    }
    m_path = clean;
    m_fileCombo->setEditText(QDir::toNativeSeparators(m_path));
    reload();
}

void DataPage::setEncoding(const QString &name)
{
    const int i = m_encoding->findData(name.toLower());
    m_updating = true;
    m_encoding->setCurrentIndex(i < 0 ? 0 : i);
    m_updating = false;
    reload();
}

QString DataPage::encoding() const
{
    return m_encoding->currentData().toString();
}

void DataPage::setColumns(const QString &text, const QString &text2, const QString &label)
{
    m_wantText = text;
    m_wantText2 = text2;
    m_wantLabel = label;
    reload();
}

QString DataPage::textColumn() const { return m_result.textColumn; }
QString DataPage::text2Column() const { return m_result.text2Column; }
QString DataPage::labelColumn() const { return m_result.labelColumn; }

void DataPage::reload()
{
    if (m_updating)
        return;
    ++m_generation;
    if (m_path.isEmpty()) {
        m_result = DataLoadResult{};
        m_lm = LmDataResult{};
        m_appliedGeneration = m_generation;
        updateView();
        Q_EMIT datasetChanged();
        Q_EMIT completeChanged();
        return;
    }
    m_message->showInfo(tr("Reading %1…").arg(QFileInfo(m_path).fileName()));
    const int generation = m_generation;
    const QString file = m_path;
    if (isLanguageModelTask()) {
        const bool conversationsOnly = m_task == QLatin1String("sft");
        const QString model = m_modelPath, choice = m_templateChoice;
        m_lmLoading.setFuture(QtConcurrent::run([generation, file, conversationsOnly, model, choice] {
            return loadLmData(generation, file, conversationsOnly, model, choice);
        }));
        Q_EMIT completeChanged();
        return;
    }
    const ReadOptions options = readOptions();
    // A read still running for an older request finishes on its own; its result is dropped.
    m_loading.setFuture(QtConcurrent::run([generation, file, options] { return load(generation, file, options); }));
    Q_EMIT completeChanged();
}

void DataPage::loadFinished()
{
    DataLoadResult result = m_loading.result();
    if (result.generation != m_generation)
        return; // a newer request is on its way
    m_result = std::move(result);
    m_appliedGeneration = m_generation;
    if (m_result.readError.isEmpty() && m_result.datasetError.isEmpty()) {
        AppSettings::addRecentDataFile(m_result.path);
        refreshRecent();
        // Pin the resolved columns so a later change of one keeps the others.
        m_wantText = m_result.textColumn;
        m_wantText2 = m_result.text2Column;
        m_wantLabel = m_result.labelColumn;
    }
    updateView();
    Q_EMIT datasetChanged();
    Q_EMIT completeChanged();
}

void DataPage::lmLoadFinished()
{
    LmDataResult result = m_lmLoading.result();
    if (result.generation != m_generation)
        return; // a newer request is on its way
    m_lm = std::move(result);
    m_appliedGeneration = m_generation;
    if (m_lm.usable()) {
        AppSettings::addRecentDataFile(m_lm.path);
        refreshRecent();
    }
    updateView();
    Q_EMIT datasetChanged();
    Q_EMIT completeChanged();
}

std::shared_ptr<const Dataset> DataPage::dataset() const
{
    if (!isLanguageModelTask())
        return m_result.dataset;
    // The rows live in the instruction files; the pointer shares their ownership.
    return m_lm.usable() && m_lm.problemCount == 0 ? std::shared_ptr<const Dataset>(m_lm.files, &m_lm.files->rows) : nullptr;
}

void DataPage::setTask(const QString &task)
{
    if (task == m_task)
        return;
    m_task = task;
    m_classificationBox->setVisible(!isLanguageModelTask());
    m_lmBox->setVisible(isLanguageModelTask());
    retranslate();
    reload();
}

void DataPage::setModelPath(const QString &path)
{
    if (path == m_modelPath)
        return;
    m_modelPath = path;
    if (isLanguageModelTask())
        reload();
}

void DataPage::setChatTemplate(const QString &choice)
{
    m_templateChoice = choice;
    fillTemplates();
    if (isLanguageModelTask())
        reload();
}

void DataPage::setMaxLength(int maxLength)
{
    if (maxLength == m_maxLength)
        return;
    m_maxLength = maxLength;
    if (isLanguageModelTask() && m_lm.usable()) {
        updateLmReport();
        showSample(m_samples->currentRow());
    }
}

void DataPage::fillTemplates()
{
    // The model's own, the built-in ones, a .jinja file chosen before, and "choose a file".
    m_updating = true;
    m_template->clear();
    m_template->addItem(tr("The model's own"), QString());
    for (const std::string &name : builtinChatTemplateNames())
        m_template->addItem(QString::fromStdString(name), QString::fromStdString(name));
    const bool builtin = m_templateChoice.isEmpty() || m_template->findData(m_templateChoice) >= 0;
    if (!builtin)
        m_template->addItem(QDir::toNativeSeparators(m_templateChoice), m_templateChoice);
    m_template->addItem(tr("Template file…"), QString(kChooseTemplateFile));
    m_template->setCurrentIndex(std::max(0, m_template->findData(m_templateChoice)));
    m_updating = false;
}

void DataPage::templateActivated(int index)
{
    if (m_updating || index < 0)
        return;
    QString choice = m_template->itemData(index).toString();
    if (choice == kChooseTemplateFile) {
        choice = QFileDialog::getOpenFileName(this, tr("Open a Chat Template"), AppSettings::lastDirectory(QStringLiteral("template")),
                                              tr("Jinja templates (*.jinja *.j2 *.txt);;All files (*)"));
        if (choice.isEmpty()) {
            fillTemplates(); // back to the template in use
            return;
        }
        AppSettings::setLastDirectory(QStringLiteral("template"), QFileInfo(choice).absolutePath());
    }
    setChatTemplate(choice);
}

void DataPage::showSample(int index)
{
    if (index < 0 || index >= static_cast<int>(m_lm.preview.size())) {
        m_conversation->clear();
        return;
    }
    if (m_samples->currentRow() != index) {
        m_updating = true;
        m_samples->setCurrentRow(index);
        m_updating = false;
    }
    // A highlight that reads on light and dark palettes alike.
    const QColor base = palette().color(QPalette::Base);
    const QColor highlight = base.lightness() > 128 ? QColor(0xff, 0xe0, 0x82) : QColor(0x7a, 0x5c, 0x00);
    m_conversation->setHtml(conversationHtml(m_lm.preview[static_cast<std::size_t>(index)], highlight, m_maxLength));
}

void DataPage::updateLmReport()
{
    const QLocale locale;
    const LmDataResult &r = m_lm;
    if (!r.usable() || r.lengths.empty()) {
        m_lmReport->clear();
        return;
    }
    const std::size_t n = r.lengths.size();
    const auto number = [&](std::size_t v) { return locale.toString(static_cast<qulonglong>(v)); };
    const auto percent = [&](double share) { return locale.toString(100 * share, 'f', share < 0.1 ? 1 : 0) + QLatin1Char('%'); };
    const LmTruncation cut = lmTruncation(r, m_maxLength);
    const bool conversations = r.files->data.format != InstructionFormat::PlainText;
    QStringList lines;
    lines << (conversations ? tr("Tokens per conversation under the chat template: median %1, 95% within %2, longest %3.")
                            : tr("Tokens per sample: median %1, 95% within %2, longest %3."))
                 .arg(r.lengths[n / 2])
                 .arg(r.lengths[std::min(n - 1, n * 95 / 100)])
                 .arg(r.lengths.back());
    QString atMax = cut.cut == 0 ? tr("At the max length of %1 tokens (Hyperparameters page) no sample is cut.").arg(m_maxLength)
                                 : tr("At the max length of %1 tokens (Hyperparameters page) %2 of the samples (%3) are cut.")
                                       .arg(m_maxLength)
                                       .arg(percent(double(cut.cut) / double(n)), number(cut.cut));
    if (cut.withoutTrained > 0)
        atMax += QLatin1Char(' ') + tr("%n of them keep no learned token and are left out.", nullptr, static_cast<int>(cut.withoutTrained));
    lines << atMax;
    if (conversations && r.totalTokens > 0)
        lines << tr("The model learns from %1 of the tokens: the assistant's answers.")
                     .arg(percent(double(r.trainedTokens) / double(r.totalTokens)));
    if (r.sampled)
        lines << tr("(Measured on a sample of %1 conversations.)").arg(number(n));
    m_lmReport->setText(lines.join(QLatin1Char(' ')).toHtmlEscaped());
    QPalette p = m_lmReport->palette();
    p.setColor(QPalette::WindowText, double(cut.cut) / double(n) > 0.1 ? QColor(0xb2, 0x6a, 0x00) : palette().color(QPalette::WindowText));
    m_lmReport->setPalette(p);
}

void DataPage::updateLmView()
{
    const QLocale locale;
    const LmDataResult &r = m_lm;
    QStringList detected;
    if (r.files) {
        const InstructionDataset &data = r.files->data;
        const QString format = QString::fromLatin1(instructionFormatName(data.format));
        if (data.format == InstructionFormat::PlainText)
            detected << tr("plain text") << tr("%Ln sample(s)", nullptr, static_cast<int>(data.size()));
        else
            detected << format.left(1).toUpper() + format.mid(1) << tr("%Ln conversation(s)", nullptr, static_cast<int>(data.size()));
    }
    if (!r.templateOrigin.isEmpty())
        detected << tr("template: %1").arg(QFileInfo(r.templateOrigin).fileName());
    m_lmDetected->setText(detected.join(QStringLiteral(" · ")));
    m_lmDetected->setToolTip(r.templateOrigin);
    const bool conversations = !r.files || r.files->data.format != InstructionFormat::PlainText;
    m_templateLabel->setVisible(conversations);
    m_template->setVisible(conversations);

    m_updating = true;
    m_samples->clear();
    for (const LmPreviewSample &sample : r.preview) {
        auto *item = new QListWidgetItem(sample.title, m_samples);
        item->setToolTip(sample.title);
    }
    m_updating = false;
    m_samplesTitle->setText(r.preview.empty() ? tr("Samples") : tr("The first %n sample(s)", nullptr, static_cast<int>(r.preview.size())));
    showSample(r.preview.empty() ? -1 : 0);
    updateLmReport();

    QStringList warnings;
    if (r.problemCount > 0) {
        for (int i = 0; i < r.problems.size() && i < 5; ++i)
            warnings << r.problems[i].toHtmlEscaped();
        if (r.problemCount > 5)
            warnings << tr("and %n more", nullptr, static_cast<int>(r.problemCount - 5));
    }
    if (warnings.isEmpty())
        m_warnings->clear();
    else
        m_warnings->showWarning(QStringLiteral("<ul style='margin:0; -qt-list-indent:1'><li>%1</li></ul>")
                                    .arg(warnings.join(QStringLiteral("</li><li>"))));
    m_dedupe->setVisible(false);
    updateMessage();
}

void DataPage::fillColumns()
{
    m_updating = true;
    const QString none = tr("(none)");
    const QString choose = tr("(choose a column)");
    auto fill = [&](QComboBox *combo, const QString &selected, bool optional) {
        combo->clear();
        if (optional)
            combo->addItem(none, QString());
        for (const QString &c : std::as_const(m_result.columns))
            combo->addItem(c, c);
        int i = selected.isEmpty() ? (optional ? 0 : -1) : combo->findData(selected);
        if (i < 0 && !optional) {
            combo->insertItem(0, choose, QString());
            i = 0;
        }
        combo->setCurrentIndex(i < 0 ? 0 : i);
        combo->setEnabled(!m_result.columns.isEmpty() && m_result.format != QLatin1String("folder"));
    };
    const bool resolved = m_result.dataset != nullptr;
    fill(m_textColumn, resolved ? m_result.textColumn : m_wantText, false);
    fill(m_text2Column, resolved ? m_result.text2Column : m_wantText2, true);
    fill(m_labelColumn, resolved ? m_result.labelColumn : m_wantLabel, false);
    m_updating = false;
}

void DataPage::updateView()
{
    if (isLanguageModelTask())
        return updateLmView();
    fillColumns();
    const QLocale locale;

    // Preview: every column, the mapped ones named in the header.
    m_previewModel->clear();
    QStringList headers;
    for (const QString &c : std::as_const(m_result.columns)) {
        // The role a column plays, unless its name says it already.
        QString h = c;
        if (c == m_result.textColumn && c.compare(QLatin1String("text"), Qt::CaseInsensitive) != 0)
            h = tr("%1 (text)").arg(c);
        else if (!m_result.text2Column.isEmpty() && c == m_result.text2Column)
            h = tr("%1 (second text)").arg(c);
        else if (c == m_result.labelColumn && c.compare(QLatin1String("label"), Qt::CaseInsensitive) != 0)
            h = tr("%1 (label)").arg(c);
        headers << h;
    }
    m_previewModel->setColumnCount(headers.size());
    m_previewModel->setHorizontalHeaderLabels(headers);
    for (const QStringList &row : std::as_const(m_result.preview)) {
        QList<QStandardItem *> items;
        for (int c = 0; c < headers.size(); ++c) {
            auto *item = new QStandardItem(c < row.size() ? row[c] : QString());
            item->setToolTip(item->text());
            items << item;
        }
        m_previewModel->appendRow(items);
    }
    // The text columns share the width; the others (label, ids) fit their contents, capped.
    const int textIndex = m_result.columns.indexOf(m_result.textColumn);
    const int text2Index = m_result.text2Column.isEmpty() ? -1 : m_result.columns.indexOf(m_result.text2Column);
    QHeaderView *header = m_preview->horizontalHeader();
    header->setStretchLastSection(false);
    for (int c = 0; c < headers.size(); ++c) {
        const bool text = c == textIndex || c == text2Index || (textIndex < 0 && c == 0);
        header->setSectionResizeMode(c, text ? QHeaderView::Stretch : QHeaderView::Interactive);
        if (!text) {
            m_preview->resizeColumnToContents(c);
            m_preview->setColumnWidth(c, qMin(m_preview->columnWidth(c), 160));
        }
    }
    m_previewTitle->setText(m_result.preview.isEmpty() ? tr("Preview")
                                                       : tr("Preview: the first %n row(s)", nullptr, static_cast<int>(m_result.preview.size())));

    // Labels with their counts.
    const DatasetReport &r = m_result.report;
    m_labels->setRowCount(0);
    if (m_result.dataset) {
        m_labels->setRowCount(static_cast<int>(r.classes.size()));
        for (int i = 0; i < static_cast<int>(r.classes.size()); ++i) {
            const ClassCount &c = r.classes[static_cast<std::size_t>(i)];
            auto *name = new QTableWidgetItem(labelText(c.label));
            auto *rows = new QTableWidgetItem(locale.toString(static_cast<qulonglong>(c.rows)));
            auto *share = new QTableWidgetItem(locale.toString(100 * c.share, 'f', 1) + QLatin1Char('%'));
            rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            share->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_labels->setItem(i, 0, name);
            m_labels->setItem(i, 1, rows);
            m_labels->setItem(i, 2, share);
        }
    }
    m_labelsTitle->setText(m_result.dataset ? tr("%n label(s)", nullptr, static_cast<int>(r.classes.size())) : tr("Labels"));

    // What was detected.
    QStringList detected;
    if (!m_result.format.isEmpty()) {
        QString format = m_result.format.toUpper();
        if (m_result.format == QLatin1String("jsonl"))
            format = tr("JSON Lines");
        else if (m_result.format == QLatin1String("folder"))
            format = tr("folder of text files per class");
        if (!m_result.delimiter.isEmpty() && m_result.format == QLatin1String("csv"))
            format += QLatin1Char(' ') + tr("(separator %1)").arg(m_result.delimiter);
        detected << format;
    }
    if (!m_result.encoding.isEmpty())
        detected << m_result.encoding.toUpper();
    if (m_result.dataset) {
        detected << tr("%Ln row(s)", nullptr, static_cast<int>(r.rowsKept));
        if (r.pairs)
            detected << tr("sentence pairs");
    }
    m_detected->setText(detected.join(QStringLiteral(" · ")));

    const QStringList warnings = m_result.dataset ? datasetWarnings(r, false) : QStringList();
    if (warnings.isEmpty())
        m_warnings->clear();
    else if (warnings.size() == 1)
        m_warnings->showWarning(warnings.front());
    else
        m_warnings->showWarning(QStringLiteral("<ul style='margin:0; -qt-list-indent:1'><li>%1</li></ul>")
                                    .arg(warnings.join(QStringLiteral("</li><li>"))));
    m_dedupe->setVisible(m_result.dataset && r.duplicateRows > 0 && m_result.format != QLatin1String("folder"));
    updateMessage();
}

void DataPage::askRemoveDuplicates()
{
    const QFileInfo info(m_path);
    const QString suggested = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral("-deduplicated.csv");
    const QString out = QFileDialog::getSaveFileName(this, tr("Save the Data Without Duplicates"), suggested,
                                                     tr("CSV files (*.csv)"));
    if (!out.isEmpty())
        removeDuplicates(out);
}

bool DataPage::removeDuplicates(const QString &outPath)
{
    if (!m_result.dataset)
        return false;
    if (QDir::cleanPath(outPath) == QDir::cleanPath(m_path)) {
        m_message->showError(tr("Choose another file name: the original file is kept as it is."));
        return false;
    }
    auto written = writeDeduplicatedCsv(*m_result.dataset, outPath.toStdString());
    if (!written) {
        m_message->showError(tr("The file without duplicates cannot be written: %1").arg(QString::fromStdString(written.error().message)));
        return false;
    }
    setFile(outPath);
    return true;
}

void DataPage::updateMessage()
{
    if (isLoading())
        return;
    if (isLanguageModelTask()) {
        const LmDataResult &r = m_lm;
        if (m_path.isEmpty())
            m_message->showError(m_task == QLatin1String("sft")
                                     ? tr("Choose a data file: conversations in the Alpaca, ShareGPT or OpenAI messages format, "
                                          "as JSON or JSON Lines (Browse…, or drop it on this page).")
                                     : tr("Choose a data file: plain text with one sample per line (.txt), or JSON Lines "
                                          "records with a \"text\" field (Browse…, or drop it on this page)."));
        else if (!r.readError.isEmpty())
            m_message->showError(tr("This file cannot be read: %1").arg(r.readError));
        else if (!r.tokenizerError.isEmpty())
            m_message->showError(tr("The model's tokenizer cannot be loaded: %1").arg(r.tokenizerError));
        else if (r.templateMissing)
            m_message->showError(tr("The model has no chat template of its own: choose one in the Chat template list "
                                    "(ChatML suits most chat models), or a template file."));
        else if (!r.templateError.isEmpty())
            m_message->showError(tr("The chat template cannot be used: %1").arg(r.templateError));
        else if (r.problemCount > 0)
            m_message->showError(tr("%n sample(s) cannot be rendered with the chat template; fix them in the file or "
                                    "choose another template.", nullptr, static_cast<int>(r.problemCount)));
        else
            m_message->clear();
        return;
    }
    if (m_path.isEmpty())
        m_message->showError(tr("Choose a data file: a CSV, TSV or JSON Lines file with a header row, one text and "
                                "one label per row (Browse…, or drop it on this page)."));
    else if (!m_result.readError.isEmpty())
        m_message->showError(tr("This file cannot be read: %1").arg(m_result.readError));
    else if (!m_result.datasetError.isEmpty())
        m_message->showError(tr("Check the columns: %1").arg(m_result.datasetError));
    else
        m_message->clear();
}

bool DataPage::isComplete() const
{
    if (isLanguageModelTask())
        return !isLoading() && dataset() != nullptr;
    return !isLoading() && m_result.dataset && m_result.readError.isEmpty() && m_result.datasetError.isEmpty();
}

bool DataPage::validatePage()
{
    updateMessage();
    return isComplete();
}

void DataPage::initializePage()
{
    updateMessage();
}

void DataPage::loadConfig(const TrainingConfig &config)
{
    const DataConfig &d = config.data;
    const QString file = QString::fromStdString(d.file.empty() ? d.train : d.file);
    m_updating = true;
    const int i = m_encoding->findData(QString::fromStdString(d.encoding).toLower());
    m_encoding->setCurrentIndex(i < 0 ? 0 : i);
    m_updating = false;
    m_path = file.isEmpty() ? QString() : QDir::cleanPath(file);
    m_fileCombo->setEditText(QDir::toNativeSeparators(m_path));
    m_wantText = QString::fromStdString(d.textColumn);
    m_wantText2 = QString::fromStdString(d.textPairColumn);
    m_wantLabel = QString::fromStdString(d.labelColumn);
    m_templateChoice = QString::fromStdString(config.chatTemplate);
    fillTemplates();
    reload();
}

void DataPage::applyTo(TrainingConfig &config) const
{
    config.data.file = m_path.toStdString();
    if (isLanguageModelTask()) {
        config.chatTemplate = m_templateChoice.toStdString();
        return; // the columns and the encoding are a table's (core reads instruction data as UTF-8)
    }
    config.data.encoding = encoding().toStdString();
    config.data.textColumn = (m_result.dataset ? m_result.textColumn : m_wantText).toStdString();
    config.data.textPairColumn = (m_result.dataset ? m_result.text2Column : m_wantText2).toStdString();
    config.data.labelColumn = (m_result.dataset ? m_result.labelColumn : m_wantLabel).toStdString();
}

void DataPage::browse()
{
    const QString start = m_path.isEmpty() ? AppSettings::lastDirectory(QStringLiteral("data")) : QFileInfo(m_path).absolutePath();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open Data File"), start,
        tr("Data files (*.csv *.tsv *.tab *.txt *.jsonl *.ndjson *.json);;All files (*)"));
    if (file.isEmpty())
        return;
    AppSettings::setLastDirectory(QStringLiteral("data"), QFileInfo(file).absolutePath());
    setFile(file);
}

void DataPage::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void DataPage::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile()) {
        setFile(urls.front().toLocalFile());
        event->acceptProposedAction();
    }
}

void DataPage::retranslate()
{
    if (m_task == QLatin1String("sft")) {
        setTitle(tr("Load the instruction data"));
        setSubTitle(tr("Conversations in the Alpaca, ShareGPT or OpenAI messages format, as JSON or JSON Lines. Each one "
                       "is shown as the model reads it, rendered with the chat template."));
        m_fileCombo->lineEdit()->setPlaceholderText(tr("Path of a .json or .jsonl file"));
    } else if (m_task == QLatin1String("pretrain")) {
        setTitle(tr("Load the text"));
        setSubTitle(tr("Plain text with one sample per line (.txt), or JSON Lines records with a \"text\" field; "
                       "conversations are rendered with the chat template."));
        m_fileCombo->lineEdit()->setPlaceholderText(tr("Path of a .txt, .json or .jsonl file"));
    } else {
        setTitle(tr("Load the labelled data"));
        setSubTitle(tr("One row per example: the text (optionally a second text, for sentence pairs) and its label."));
        m_fileCombo->lineEdit()->setPlaceholderText(tr("Path of a .csv, .tsv or .jsonl file"));
    }
    m_templateLabel->setText(tr("&Chat template:"));
    m_template->setToolTip(tr("The template that turns a conversation into the text the model reads. The model's own "
                              "is what it was trained with; choose a built-in one for a model that has none."));
    m_template->setItemText(0, tr("The model's own"));
    m_template->setItemText(m_template->count() - 1, tr("Template file…"));
    m_legend->setText(tr("<span style='background-color:#ffe082'>&nbsp;Highlighted&nbsp;</span> tokens carry the loss: "
                         "the model learns to write them. Struck-out text lies past the max length."));
    m_browse->setText(tr("Browse…"));
    m_dropHint->setText(tr("You can also drop a file on this page. Recent files are in the list."));
    m_encodingLabel->setText(tr("&Encoding:"));
    m_textLabel->setText(tr("&Text:"));
    m_text2Label->setText(tr("&Second text:"));
    m_labelLabel->setText(tr("&Label:"));
    m_encoding->setItemText(0, tr("Detect automatically"));
    m_encoding->setItemText(1, QStringLiteral("UTF-8"));
    m_encoding->setItemText(2, QStringLiteral("UTF-16"));
    m_encoding->setItemText(3, QStringLiteral("GB18030"));
    m_encoding->setItemText(4, QStringLiteral("GBK"));
    m_encoding->setItemText(5, QStringLiteral("Latin-1 (ISO-8859-1)"));
    m_encoding->setToolTip(tr("How the file's bytes become text. Detection recognises UTF-8, UTF-16 and GB18030; "
                              "choose Latin-1 or GBK for older exports."));
    m_textColumn->setToolTip(tr("The column with the text to classify."));
    m_text2Column->setToolTip(tr("For sentence-pair tasks (paraphrase, entailment): the column with the second text."));
    m_labelColumn->setToolTip(tr("The column with the class of each row."));
    m_labels->setHorizontalHeaderLabels({tr("Label"), tr("Rows"), tr("Share")});
    m_dedupe->setText(tr("Remove Duplicates…"));
    m_dedupe->setToolTip(tr("Save a copy of the data with every text once (the first row of each), and use it. "
                            "Duplicates that land in different splits make the evaluation look better than it is."));
    updateView();
}

void DataPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

} // namespace hone::ui

#include "ui/wizard/modelpage.h"

#include "ui/appsettings.h"
#include "ui/itemmodels/modellistitemmodel.h"
#include "ui/wizard/collapsiblesection.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"

#include "core/models/modelfamily.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QButtonGroup>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hone::ui {

namespace {
const char *const kTasks[] = {"classification", "sft", "pretrain"};

bool isLanguageModelTask(const QString &task)
{
    return task != QLatin1String("classification");
}
} // namespace

QString ModelPage::unfitReason(const ModelInfo &model, const QString &task)
{
    // An architecture Hone does not know is listed: the loader names what is missing when it is used.
    auto family = findModelFamily(model.architecture);
    if (!family)
        return {};
    const QString architecture = QString::fromStdString(model.architecture);
    if (!isLanguageModelTask(task) && (*family)->isDecoder())
        return tr("a generative model (%1): text classification fine-tunes an encoder (BERT family)").arg(architecture);
    if (isLanguageModelTask(task) && !(*family)->isDecoder())
        return tr("an encoder (%1): instruction tuning and pre-training need a generative model (Llama, Qwen2, GPT-2)")
            .arg(architecture);
    return {};
}

ModelPage::ModelPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("modelPage"));
    m_taskLabel = new QLabel;
    QFont taskFont = m_taskLabel->font();
    taskFont.setBold(true);
    m_taskLabel->setFont(taskFont);
    m_taskGroup = new QButtonGroup(this);
    auto *taskRow = new QHBoxLayout;
    taskRow->addWidget(m_taskLabel);
    for (int i = 0; i < 3; ++i) {
        auto *button = new QRadioButton;
        button->setObjectName(QStringLiteral("task_%1").arg(QLatin1String(kTasks[i])));
        m_taskGroup->addButton(button, i);
        m_taskButtons << button;
        taskRow->addSpacing(8);
        taskRow->addWidget(button);
    }
    taskRow->addStretch(1);
    m_taskButtons.front()->setChecked(true);
    connect(m_taskGroup, &QButtonGroup::idClicked, this, [this](int id) { setTask(QLatin1String(kTasks[id])); });

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("modelSearch"));
    m_search->setClearButtonEnabled(true);
    m_browse = new QPushButton;
    m_browse->setObjectName(QStringLiteral("modelBrowse"));
    m_rescan = new QPushButton;
    connect(m_browse, &QPushButton::clicked, this, &ModelPage::browse);
    connect(m_rescan, &QPushButton::clicked, this, &ModelPage::startDiscovery);

    m_model = new ModelListItemModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ModelListItemModel::SortRole);
    m_proxy->setFilterRole(ModelListItemModel::FilterRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateMessage();
    });

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("modelTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ModelListItemModel::NameColumn, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ModelListItemModel::PathColumn, QHeaderView::Stretch);
    m_table->setMinimumHeight(140);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelPage::selectionChanged);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (isComplete() && wizard())
            wizard()->next();
    });

    m_detailsTitle = new QLabel;
    QFont bold = m_detailsTitle->font();
    bold.setBold(true);
    m_detailsTitle->setFont(bold);
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("modelDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setTextFormat(Qt::RichText);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * 4);

    m_skipped = new QTreeWidget;
    m_skipped->setObjectName(QStringLiteral("skippedModels"));
    m_skipped->setColumnCount(2);
    m_skipped->setRootIsDecorated(false);
    m_skipped->setUniformRowHeights(true);
    m_skipped->setWordWrap(false);
    m_skipped->setMaximumHeight(140);
    m_skipped->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_skipped->header()->setStretchLastSection(true);
    m_skippedSection = new CollapsibleSection;
    m_skippedSection->setContent(m_skipped);
    m_skippedSection->hide();

    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_message = new PageMessage;

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_rescan);
    top->addWidget(m_browse);

    auto *detailsLayout = new QVBoxLayout;
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->setSpacing(2);
    detailsLayout->addWidget(m_detailsTitle);
    detailsLayout->addWidget(m_details);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(taskRow);
    layout->addSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addLayout(detailsLayout);
    layout->addWidget(m_skippedSection);
    layout->addWidget(m_message);

    connect(&m_discovery, &QFutureWatcher<ModelCatalog>::finished, this, &ModelPage::discoveryFinished);
    retranslate();
    startDiscovery();
}

ModelPage::~ModelPage()
{
    m_discovery.waitForFinished();
}

void ModelPage::startDiscovery()
{
    if (m_searching)
        return;
    m_searching = true;
    m_status->setText(tr("Searching for models in the Hugging Face cache, Hone's model folder and HONE_MODEL_PATH…"));
    m_status->show();
    m_discovery.setFuture(QtConcurrent::run([] { return discoverModels(); }));
    updateMessage();
}

void ModelPage::discoveryFinished()
{
    setCatalog(m_discovery.result());
}

void ModelPage::applyTaskFilter()
{
    // The discovered models and the ones browsed to (kept across a re-scan) that fit the task.
    std::vector<ModelInfo> models;
    m_skippedShown = m_catalog.skipped;
    std::vector<ModelInfo> all = m_catalog.models;
    for (const ModelInfo &m : m_browsed)
        if (std::none_of(all.begin(), all.end(), [&](const ModelInfo &o) { return o.path == m.path; }))
            all.push_back(m);
    for (const ModelInfo &m : all) {
        const QString why = unfitReason(m, m_task);
        if (why.isEmpty())
            models.push_back(m);
        else
            m_skippedShown.push_back({m.path, why.toStdString()});
    }
    m_model->setModels(std::move(models));
    m_table->resizeColumnsToContents();
    updateSkipped();
}

QString ModelPage::defaultModelName() const
{
    return QString::fromLatin1(isLanguageModelTask(m_task) ? kDefaultChatModelName : kDefaultModelName);
}

void ModelPage::setTask(const QString &task)
{
    int index = 0;
    while (index < 3 && task != QLatin1String(kTasks[index]))
        ++index;
    if (index == 3)
        return;
    m_taskButtons[index]->setChecked(true);
    if (task == m_task)
        return;
    const bool familyChanged = isLanguageModelTask(task) != isLanguageModelTask(m_task);
    m_task = task;
    if (familyChanged) {
        const QString previous = selectedModel() ? QString::fromStdString(selectedModel()->path.string()) : QString();
        m_browseError.clear();
        applyTaskFilter();
        // The model chosen before if it fits, else the task's default (when discovery found it).
        if ((previous.isEmpty() || !selectModel(previous)) && !selectModel(defaultModelName()))
            clearSelection();
        selectionChanged();
    }
    retranslate();
    Q_EMIT taskChanged();
}

void ModelPage::setCatalog(const ModelCatalog &catalog)
{
    const QString previous = selectedModel() ? QString::fromStdString(selectedModel()->path.string()) : QString();
    m_catalog = catalog;
    m_discovered = true;
    m_searching = m_discovery.isRunning();
    applyTaskFilter();

    QStringList searched;
    for (const SearchLocation &loc : catalog.searched)
        if (loc.exists)
            searched << QDir::toNativeSeparators(QString::fromStdString(loc.path.string()));
    m_status->setText(tr("%n model(s) found.", nullptr, static_cast<int>(catalog.models.size())) +
                      (searched.isEmpty() ? QString() : QLatin1Char(' ') + tr("Searched: %1").arg(searched.join(QStringLiteral(", ")))));
    m_status->setToolTip(searched.join(QLatin1Char('\n')));

    const QString want = !m_wanted.isEmpty() ? m_wanted : !previous.isEmpty() ? previous : defaultModelName();
    m_wanted.clear();
    if (!want.isEmpty() && !selectModel(want) && QFileInfo(want).isDir())
        useModelFolder(want);
    updateMessage();
}

void ModelPage::updateSkipped()
{
    m_skipped->clear();
    for (const SkippedModel &s : m_skippedShown) {
        auto *item = new QTreeWidgetItem(m_skipped, {QDir::toNativeSeparators(QString::fromStdString(s.path.string())),
                                                     QString::fromStdString(s.reason)});
        item->setToolTip(0, item->text(0));
        item->setToolTip(1, item->text(1));
    }
    m_skipped->resizeColumnToContents(0);
    m_skipped->setColumnWidth(0, qMin(m_skipped->columnWidth(0), 420));
    m_skippedSection->setVisible(!m_skippedShown.empty());
    m_skippedSection->setTitle(tr("%n folder(s) skipped", nullptr, static_cast<int>(m_skippedShown.size())));
}

bool ModelPage::selectModel(const QString &pathOrName)
{
    int row = m_model->rowOfPath(pathOrName);
    if (row < 0)
        row = m_model->rowOfName(pathOrName);
    if (row < 0)
        return false;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // filtered out by the search box
        m_search->clear();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void ModelPage::clearSelection()
{
    m_table->selectionModel()->clearSelection();
    m_table->selectionModel()->setCurrentIndex({}, QItemSelectionModel::Clear);
}

bool ModelPage::useModelFolder(const QString &path)
{
    const auto info = inspectModel(path.toStdString(), ModelSource::Explicit);
    if (!info) {
        m_browseError = tr("%1 cannot be used as a model: %2")
                            .arg(QDir::toNativeSeparators(path), QString::fromStdString(info.error().message));
        updateMessage();
        return false;
    }
    if (const QString why = unfitReason(*info, m_task); !why.isEmpty()) {
        m_browseError = tr("%1 cannot be used here: %2").arg(QDir::toNativeSeparators(path), why);
        updateMessage();
        return false;
    }
    m_browseError.clear();
    if (std::none_of(m_browsed.begin(), m_browsed.end(), [&](const ModelInfo &o) { return o.path == info->path; }))
        m_browsed.push_back(*info);
    const int row = m_model->addModel(*info);
    selectModel(QString::fromStdString(m_model->modelAt(row).path.string()));
    updateMessage();
    return true;
}

void ModelPage::browse()
{
    QString chosen;
    if (isLanguageModelTask(m_task)) {
        // A decoder is a .gguf file or a folder; the folder is chosen by its config.json.
        chosen = QFileDialog::getOpenFileName(this, tr("Choose a GGUF File or a Model's config.json"),
                                              AppSettings::lastDirectory(QStringLiteral("model")),
                                              tr("Models (*.gguf config.json);;All files (*)"));
        if (QFileInfo(chosen).fileName() == QLatin1String("config.json"))
            chosen = QFileInfo(chosen).absolutePath();
    } else {
        chosen = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face Model Folder"),
                                                   AppSettings::lastDirectory(QStringLiteral("model")));
    }
    if (chosen.isEmpty())
        return;
    AppSettings::setLastDirectory(QStringLiteral("model"), QFileInfo(chosen).absolutePath());
    useModelFolder(chosen);
}

std::optional<ModelInfo> ModelPage::selectedModel() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->modelAt(m_proxy->mapToSource(rows.first()).row());
}

void ModelPage::selectionChanged()
{
    const auto model = selectedModel();
    m_shape = model ? readModelShape(model->path) : ModelShape{};
    if (model)
        m_browseError.clear();
    updateDetails();
    updateMessage();
    Q_EMIT completeChanged();
    Q_EMIT modelChanged();
}

void ModelPage::updateDetails()
{
    const auto model = selectedModel();
    m_detailsTitle->setText(model ? QString::fromStdString(model->name) : tr("No model selected"));
    if (!model) {
        m_details->setText(isLanguageModelTask(m_task)
                               ? tr("Pick a chat model in the list. Smaller models train faster; the default, "
                                    "SmolLM2-135M-Instruct, learns from a few hundred examples in minutes with LoRA.")
                               : tr("Pick a model in the list. Smaller models train faster; the default, "
                                    "all-MiniLM-L6-v2, trains in minutes on a laptop."));
        return;
    }
    const QLocale locale;
    auto row = [](const QString &a, const QString &b, const QString &c, const QString &d) {
        return QStringLiteral("<tr><td style='padding-right:8px'><b>%1</b></td><td style='padding-right:24px'>%2</td>"
                              "<td style='padding-right:8px'><b>%3</b></td><td>%4</td></tr>")
            .arg(a.toHtmlEscaped(), b.toHtmlEscaped(), c.toHtmlEscaped(), d.toHtmlEscaped());
    };
    QString shape = tr("unknown");
    if (m_shape.valid())
        shape = tr("%1 layers, %2 wide, %3 heads").arg(m_shape.numLayers).arg(m_shape.hiddenSize).arg(m_shape.numHeads);
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    html += row(tr("Architecture:"), QString::fromStdString(model->architecture), tr("Parameters:"),
                ModelListItemModel::parameterText(model->parameters));
    html += row(tr("Shape:"), shape, tr("Size on disk:"), ModelListItemModel::sizeText(model->bytesOnDisk));
    html += row(tr("Vocabulary:"), m_shape.vocabSize > 0 ? locale.toString(m_shape.vocabSize) : tr("unknown"),
                tr("Longest input:"),
                m_shape.maxPositions > 0 ? tr("%1 tokens").arg(m_shape.maxPositions) : tr("unknown"));
    html += row(tr("Found in:"), ModelListItemModel::sourceText(model->source), QString(), QString());
    html += QStringLiteral("</table><div style='margin-top:3px'>%1</div>")
                .arg(QDir::toNativeSeparators(QString::fromStdString(model->path.string())).toHtmlEscaped());
    m_details->setText(html);
}

void ModelPage::updateMessage()
{
    if (!m_browseError.isEmpty()) {
        m_message->showError(m_browseError);
    } else if (selectedModel()) {
        m_message->clear();
    } else if (m_searching) {
        m_message->showInfo(tr("Looking for models on this computer…"));
    } else if (m_discovered && m_model->rowCount() == 0 && isLanguageModelTask(m_task)) {
        m_message->showError(tr("No generative model was found. Run scripts/setup.sh to install the default chat model "
                                "(SmolLM2-135M-Instruct), or click Browse… and choose a .gguf file or the config.json "
                                "of a Llama, Qwen2 or GPT-2 model folder."));
    } else if (m_discovered && m_model->rowCount() == 0) {
        m_message->showError(tr("No pretrained model was found. Run scripts/setup.sh to install the default model "
                                "(all-MiniLM-L6-v2), or click Browse… and choose a Hugging Face model folder "
                                "(config.json, model.safetensors and tokenizer files)."));
    } else if (m_discovered && m_proxy->rowCount() == 0) {
        m_message->showError(tr("No model matches \"%1\". Clear the search box to see all %n model(s).", nullptr,
                                m_model->rowCount())
                                 .arg(m_search->text().trimmed()));
    } else if (m_discovered) {
        m_message->showError(tr("Select a model in the list, or click Browse… to use a model folder."));
    }
}

bool ModelPage::isComplete() const
{
    return selectedModel().has_value();
}

bool ModelPage::validatePage()
{
    const auto model = selectedModel();
    if (!model) {
        updateMessage();
        return false;
    }
    // The folder may have changed since it was listed.
    const auto again = inspectModel(model->path, model->source, model->name);
    if (!again) {
        m_browseError = tr("The model folder cannot be read any more: %1").arg(QString::fromStdString(again.error().message));
        updateMessage();
        return false;
    }
    return true;
}

void ModelPage::initializePage()
{
    updateMessage();
}

void ModelPage::loadConfig(const TrainingConfig &config)
{
    setTask(QString::fromStdString(config.task));
    if (config.model.empty())
        return;
    const QString want = QString::fromStdString(config.model);
    if (!m_discovered) {
        m_wanted = want;
        return;
    }
    if (!selectModel(want) && !useModelFolder(want))
        clearSelection();
}

void ModelPage::applyTo(TrainingConfig &config) const
{
    config.task = m_task.toStdString();
    if (const auto model = selectedModel())
        config.model = model->path.string();
}

void ModelPage::retranslate()
{
    setTitle(tr("Choose the task and a pretrained model"));
    if (m_task == QLatin1String("sft"))
        setSubTitle(tr("Hone instruction-tunes a chat model (Llama, Qwen2, GPT-2; Hugging Face folders and GGUF files) on "
                       "your conversations. These are the generative models found on this computer."));
    else if (m_task == QLatin1String("pretrain"))
        setSubTitle(tr("Hone continues the pre-training of a generative model (Llama, Qwen2, GPT-2; Hugging Face folders "
                       "and GGUF files) on your plain text. These are the generative models found on this computer."));
    else
        setSubTitle(tr("Hone fine-tunes a pretrained encoder (BERT, RoBERTa, DistilBERT, ALBERT, XLM-R) on your labelled "
                       "texts. These are the models found on this computer."));
    m_taskLabel->setText(tr("Task:"));
    m_taskButtons[0]->setText(tr("Classify text"));
    m_taskButtons[0]->setToolTip(tr("Teach an encoder to put texts into classes (spam or not, sentiment, topic)."));
    m_taskButtons[1]->setText(tr("Instruction-tune a chat model"));
    m_taskButtons[1]->setToolTip(tr("Teach a chat model to answer the way your conversations do (Alpaca, ShareGPT or "
                                    "messages data); the loss is on the assistant's answers."));
    m_taskButtons[2]->setText(tr("Continue pre-training"));
    m_taskButtons[2]->setToolTip(tr("Let a generative model read more plain text of your domain (one sample per line, "
                                    "or {\"text\": …} records)."));
    m_search->setPlaceholderText(tr("Search by name, architecture or path"));
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(isLanguageModelTask(m_task)
                             ? tr("Use a .gguf file, or a Hugging Face model folder (choose its config.json)")
                             : tr("Use any Hugging Face model folder (config.json, *.safetensors, tokenizer files)"));
    m_rescan->setText(tr("Search Again"));
    m_skipped->setHeaderLabels({tr("Folder"), tr("Why it was skipped")});
    m_skippedSection->setTitle(tr("%n folder(s) skipped", nullptr, static_cast<int>(m_skippedShown.size())));
    m_model->retranslate();
    updateDetails();
    updateMessage();
}

void ModelPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

} // namespace hone::ui

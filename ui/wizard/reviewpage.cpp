#include "ui/wizard/reviewpage.h"

#include "ui/appsettings.h"
#include "ui/itemmodels/modellistitemmodel.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/wizard/clicommand.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/hyperparameterspage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/splitpage.h"

#include "core/data/instructiondata.h"
#include "core/runs/rundirectory.h"
#include "core/system/systemreport.h"

#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace hone::ui {

namespace {

// The overview's smallest height (it scrolls below that): a few lines of both columns.
constexpr int kOverviewMinimum = 160;

// The command and run.json views. Their wrapped note would make the page's layout size them by
// height for width, at their preferred height, which wins the room from the overview.
class CodeTabs : public QTabWidget {
public:
    bool hasHeightForWidth() const override { return false; }
};

// One GEMM measurement per session and precision (float32, bf16): it takes a fraction of a second
// and the CPU does not change.
double s_gemmGflops[2] = {0, 0};

QPlainTextEdit *codeView()
{
    auto *view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    return view;
}

} // namespace

ReviewPage::ReviewPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("reviewPage"));
    setCommitPage(false);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("runNameEdit"));
    m_name->setMaxLength(80);
    connect(m_name, &QLineEdit::textEdited, this, [this] {
        m_nameEdited = true;
        refresh();
        Q_EMIT completeChanged();
    });
    m_nameLabel = new QLabel;
    m_nameLabel->setBuddy(m_name);
    m_folder = new QLabel;
    m_folder->setObjectName(QStringLiteral("runFolderLabel"));
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_folder->setWordWrap(true);

    QFont bold = font();
    bold.setBold(true);
    m_summaryTitle = new QLabel;
    m_summaryTitle->setFont(bold);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("reviewSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_estimateTitle = new QLabel;
    m_estimateTitle->setFont(bold);
    m_estimateText = new QLabel;
    m_estimateText->setObjectName(QStringLiteral("estimateLabel"));
    m_estimateText->setTextFormat(Qt::RichText);
    m_estimateText->setWordWrap(true);
    m_estimateText->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    m_command = codeView();
    m_command->setObjectName(QStringLiteral("cliCommand"));
    m_commandNote = new QLabel;
    m_commandNote->setWordWrap(true);
    m_json = codeView();
    m_json->setObjectName(QStringLiteral("configJson"));
    m_copyCommand = new QPushButton;
    m_copyJson = new QPushButton;
    m_saveJson = new QPushButton;
    m_saveJson->setObjectName(QStringLiteral("saveConfigButton"));
    connect(m_copyCommand, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(commandText());
        m_message->showInfo(tr("Copied the command to the clipboard: paste it into a terminal to train this run."));
    });
    connect(m_copyJson, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(configText());
        m_message->showInfo(tr("Copied run.json to the clipboard."));
    });
    connect(m_saveJson, &QPushButton::clicked, this, [this] {
        const QString start = QDir(AppSettings::lastDirectory(QStringLiteral("config"))).filePath(QStringLiteral("run.json"));
        const QString file = QFileDialog::getSaveFileName(this, tr("Save Run Configuration"), start,
                                                          tr("JSON files (*.json);;All files (*)"));
        if (file.isEmpty())
            return;
        AppSettings::setLastDirectory(QStringLiteral("config"), QFileInfo(file).absolutePath());
        saveConfig(file);
    });

    auto *commandTab = new QWidget;
    auto *commandLayout = new QVBoxLayout(commandTab);
    commandLayout->addWidget(m_command, 1);
    auto *commandButtons = new QHBoxLayout;
    commandButtons->addWidget(m_commandNote, 1);
    commandButtons->addWidget(m_copyCommand, 0, Qt::AlignTop);
    commandLayout->addLayout(commandButtons);
    auto *jsonTab = new QWidget;
    auto *jsonLayout = new QVBoxLayout(jsonTab);
    jsonLayout->addWidget(m_json, 1);
    auto *jsonButtons = new QHBoxLayout;
    jsonButtons->addStretch(1);
    jsonButtons->addWidget(m_copyJson);
    jsonButtons->addWidget(m_saveJson);
    jsonLayout->addLayout(jsonButtons);
    m_tabs = new CodeTabs;
    m_tabs->addTab(commandTab, QString());
    m_tabs->addTab(jsonTab, QString());
    // The overview above gets the room first; the code views shrink to a few lines when small.
    m_tabs->setMinimumHeight(140);
    // Its size hint (a tall text view) would otherwise win the room from the overview.
    m_tabs->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);


    m_message = new PageMessage;

    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(m_nameLabel);
    nameRow->addWidget(m_name, 1);

    auto *summaryColumn = new QVBoxLayout;
    summaryColumn->addWidget(m_summaryTitle);
    summaryColumn->addWidget(m_summary);
    summaryColumn->addStretch(1);
    auto *estimateColumn = new QVBoxLayout;
    estimateColumn->addWidget(m_estimateTitle);
    estimateColumn->addWidget(m_estimateText);
    estimateColumn->addStretch(1);
    // The overview scrolls when the window is small rather than cutting lines off.
    auto *overview = m_overview = new QWidget;
    auto *columns = new QHBoxLayout(overview);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->addLayout(summaryColumn, 3);
    columns->addSpacing(16);
    columns->addLayout(estimateColumn, 2);
    auto *overviewScroll = m_overviewScroll = new QScrollArea;
    overviewScroll->setWidget(overview);
    overviewScroll->setWidgetResizable(true);
    overviewScroll->setFrameShape(QFrame::NoFrame);
    overviewScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // At the wizard's minimum size the summary and the estimate (with its note) stay readable;
    // the command view gives up the room instead.
    overviewScroll->setMinimumHeight(kOverviewMinimum);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(nameRow);
    layout->addWidget(m_folder);
    layout->addSpacing(4);
    layout->addWidget(overviewScroll, 3);
    layout->addWidget(m_tabs, 2);
    layout->addWidget(m_message);

    connect(&m_measuring, &QFutureWatcher<Throughput>::finished, this, [this] {
        m_throughput = m_measuring.result();
        s_gemmGflops[m_throughput.bf16 ? 1 : 0] = m_throughput.gemmGflops;
        updateEstimate();
    });
    retranslate();
}

ReviewPage::~ReviewPage()
{
    m_measuring.waitForFinished();
}

QString ReviewPage::runName() const
{
    return m_name->text().trimmed();
}

void ReviewPage::setRunName(const QString &name)
{
    m_name->setText(name);
    m_nameEdited = !name.isEmpty();
    refresh();
    Q_EMIT completeChanged();
}

QString ReviewPage::defaultName() const
{
    auto *wizard = qobject_cast<const NewRunWizard *>(this->wizard());
    if (!wizard)
        return QStringLiteral("run");
    TrainingConfig c;
    wizard->modelPage()->applyTo(c);
    QString model = RunListItemModel::modelDisplayName(QString::fromStdString(c.model));
    model = model.section(QLatin1Char('/'), -1);
    if (model.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
        model.chop(5); // a single-file model is named by its stem, as the model list shows it
    const QString data = QFileInfo(wizard->dataPage()->file()).completeBaseName();
    if (model.isEmpty())
        return data.isEmpty() ? QStringLiteral("run") : data;
    return data.isEmpty() ? model : model + QLatin1Char('-') + data;
}

QString ReviewPage::plannedRunFolder() const
{
    auto *wizard = qobject_cast<const NewRunWizard *>(this->wizard());
    const QString root = wizard ? wizard->runsRoot() : AppSettings::runsRoot();
    const QString name = runName().isEmpty() ? defaultName() : runName();
    const QString key = root + QLatin1Char('\n') + name;
    // A new time stamp only for a new name, or when the folder was taken meanwhile.
    if (key != m_plannedKey || m_plannedFolder.isEmpty() || QFileInfo::exists(m_plannedFolder)) {
        m_plannedKey = key;
        m_plannedFolder = QString::fromStdString(newRunPath(root.toStdString(), name.toStdString()).string());
    }
    return m_plannedFolder;
}

void ReviewPage::initializePage()
{
    if (!m_nameEdited || m_name->text().trimmed().isEmpty()) {
        m_autoName = defaultName();
        m_name->setText(m_autoName);
        m_nameEdited = false;
    }
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    const auto model = wizard ? wizard->modelPage()->selectedModel() : std::nullopt;
    const QString modelPath = model ? QString::fromStdString(model->path.string()) : QString();
    const TrainingConfig config = wizard ? wizard->config() : TrainingConfig{};
    // An earlier run counts when it trained this model the same way (task, LoRA).
    const QString key = modelPath + QLatin1Char('\n') + QString::fromStdString(config.task) + (config.lora.enabled ? QStringLiteral(" lora") : QString()) +
                        (config.bf16 ? QStringLiteral(" bf16") : QString());
    if (key != m_throughputModel && !m_measuring.isRunning()) {
        m_throughputModel = key;
        const std::filesystem::path root = (wizard ? wizard->runsRoot() : AppSettings::runsRoot()).toStdString();
        const std::string path = modelPath.toStdString();
        const double known = s_gemmGflops[config.bf16 ? 1 : 0];
        m_measuring.setFuture(QtConcurrent::run([root, path, config, known] {
            Throughput t;
            const auto measured = measuredThroughput(root, path, config);
            t.measuredSamplesPerSecond = measured.first;
            t.measuredMaxLength = measured.second;
            t.bf16 = config.bf16;
            t.gemmGflops = known > 0 ? known : measureGemm(15, config.bf16).gflops;
            return t;
        }));
    }
    refresh();
}

void ReviewPage::refresh()
{
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (!wizard)
        return;
    const TrainingConfig c = wizard->config();
    const QLocale locale;
    const QString folder = plannedRunFolder();
    m_folder->setText(tr("The run will be saved in %1").arg(QDir::toNativeSeparators(folder)));

    // Summary.
    auto row = [](const QString &key, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:10px; white-space:nowrap'><b>%1</b></td><td>%2</td></tr>")
            .arg(key.toHtmlEscaped(), value);
    };
    auto esc = [](const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); };
    const auto model = wizard->modelPage()->selectedModel();
    const bool languageModel = c.task != "classification";
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    html += row(tr("Task"), c.task == "sft"        ? tr("instruction-tune a chat model (sft)")
                            : c.task == "pretrain" ? tr("continue pre-training (pretrain)")
                                                   : tr("classify text"));
    if (model)
        html += row(tr("Model"), tr("%1 (%2, %3 parameters)")
                                     .arg(esc(model->name), esc(model->architecture),
                                          ModelListItemModel::parameterText(model->parameters)));
    QString data = QDir::toNativeSeparators(QString::fromStdString(c.data.file.empty() ? c.data.train : c.data.file)).toHtmlEscaped();
    QString columns = tr("text: %1, label: %2").arg(esc(c.data.textColumn), esc(c.data.labelColumn));
    if (!c.data.textPairColumn.empty())
        columns = tr("text: %1, second text: %2, label: %3")
                      .arg(esc(c.data.textColumn), esc(c.data.textPairColumn), esc(c.data.labelColumn));
    if (languageModel) {
        const LmDataResult &lm = wizard->dataPage()->lmResult();
        QString what;
        if (lm.files && lm.files->data.format == InstructionFormat::PlainText)
            what = tr("plain text");
        else if (lm.files)
            what = tr("%1 conversations, chat template: %2")
                       .arg(esc(instructionFormatName(lm.files->data.format)), QString(lm.templateOrigin).toHtmlEscaped());
        html += row(tr("Data"), data + (what.isEmpty() ? QString() : QStringLiteral("<br>") + what));
    } else {
        html += row(tr("Data"), data + QStringLiteral("<br>") + columns);
    }
    const SplitPage *split = wizard->splitPage();
    if (split->dataset() && languageModel) {
        const SplitIndices &s = split->splits();
        html += row(tr("Split"), tr("%1 training, %2 validation, %3 test samples")
                                     .arg(locale.toString(static_cast<qulonglong>(s.train.size())),
                                          locale.toString(static_cast<qulonglong>(s.validation.size())),
                                          locale.toString(static_cast<qulonglong>(s.test.size()))) +
                                     tr(", seed %1").arg(c.seed));
    } else if (split->dataset()) {
        const SplitIndices &s = split->splits();
        const int labels = split->dataset()->labels.size();
        html += row(tr("Split"), tr("%1 training, %2 validation, %3 test rows; %n label(s)", nullptr, labels)
                                     .arg(locale.toString(static_cast<qulonglong>(s.train.size())),
                                          locale.toString(static_cast<qulonglong>(s.validation.size())),
                                          locale.toString(static_cast<qulonglong>(s.test.size()))) +
                                     (c.data.stratify ? tr(", stratified") : QString()) + tr(", seed %1").arg(c.seed));
    }
    const bool wholeEpochs = c.numTrainEpochs == std::floor(c.numTrainEpochs) && c.numTrainEpochs < 1e6;
    const QString epochs = wholeEpochs ? tr("%n epoch(s)", nullptr, static_cast<int>(c.numTrainEpochs))
                                       : tr("%1 epochs").arg(locale.toString(c.numTrainEpochs, 'g', 4));
    QString training = tr("%1, learning rate %2, batch size %3, max length %4")
                           .arg(epochs, QString::number(c.learningRate, 'g', 4))
                           .arg(c.perDeviceTrainBatchSize)
                           .arg(c.maxLength);
    if (c.maxSteps > 0)
        training += tr(", at most %1 steps").arg(c.maxSteps);
    html += row(tr("Training"), training.toHtmlEscaped());
    if (const int processes = c.launch.nprocPerNode; processes > 1)
        html += row(tr("Processes"), tr("%n process(es) started by hone-cli, each with a batch of %1: %2 texts per step", nullptr, processes)
                                        .arg(c.perDeviceTrainBatchSize)
                                        .arg(c.perDeviceTrainBatchSize * processes));
    QString optimizer = tr("%1, %2 schedule").arg(esc(c.optim), esc(c.lrSchedulerType));
    if (c.warmupRatio > 0)
        optimizer += tr(", warm-up %1%").arg(locale.toString(c.warmupRatio * 100, 'g', 3));
    if (c.weightDecay > 0)
        optimizer += tr(", weight decay %1").arg(c.weightDecay);
    html += row(tr("Optimizer"), optimizer);
    QString eval = c.evalStrategy == "no" ? tr("never")
                   : c.evalStrategy == "steps" ? tr("every %1 steps").arg(c.evalSteps)
                                               : tr("every epoch");
    if (c.evalStrategy != "no")
        eval += tr("; best model by %1").arg(RunListItemModel::metricText(QString::fromStdString(c.metricForBestModel)));
    if (c.earlyStoppingPatience > 0)
        eval += tr("; early stopping after %n evaluation(s) without improvement", nullptr, c.earlyStoppingPatience);
    html += row(tr("Evaluation"), eval.toHtmlEscaped());
    QStringList extras;
    if (c.lora.enabled)
        extras << tr("LoRA r=%1").arg(c.lora.rank);
    if (c.bf16)
        extras << tr("bfloat16");
    if (c.freezeEmbeddings)
        extras << tr("frozen embeddings");
    if (c.freezeLayers > 0)
        extras << tr("%n frozen layer(s)", nullptr, c.freezeLayers);
    if (c.classWeights == "balanced" && !languageModel)
        extras << tr("balanced class weights");
    if (c.labelSmoothingFactor > 0 && !languageModel)
        extras << tr("label smoothing %1").arg(c.labelSmoothingFactor);
    if (languageModel && c.packing)
        extras << tr("packed samples");
    if (c.task == "sft" && c.trainOn == "all")
        extras << tr("loss on every token");
    if (languageModel && c.samplePrompts > 0)
        extras << tr("%n sample answer(s) at each evaluation", nullptr, c.samplePrompts);
    if (!extras.isEmpty())
        html += row(tr("Also"), extras.join(QStringLiteral(", ")).toHtmlEscaped());
    html += QStringLiteral("</table>");
    m_summary->setText(html);

    // Command and config.
    const QString out = QDir::toNativeSeparators(folder);
    m_commandNote->setText(tr("Runs the same training from a terminal, without the window."));
    m_command->setPlainText(cliTrainCommand(c, out));
    m_json->setPlainText(configJsonText(c));
    updateEstimate();

    const auto valid = c.validate();
    if (runName().isEmpty())
        m_message->showError(tr("Give the run a name."));
    else if (!valid)
        m_message->showError(tr("The configuration is not complete: %1").arg(QString::fromStdString(valid.error().message)));
    else
        m_message->clear();
}

void ReviewPage::updateEstimate()
{
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (!wizard)
        return;
    const TrainingConfig c = wizard->config();
    const auto model = wizard->modelPage()->selectedModel();
    EstimateInputs in;
    in.parameters = model ? model->parameters : 0;
    in.shape = wizard->modelPage()->selectedShape();
    const SplitPage *split = wizard->splitPage();
    in.trainRows = static_cast<std::int64_t>(split->splits().train.size());
    in.evalRows = static_cast<std::int64_t>(split->splits().validation.size());
    in.numLabels = split->dataset() ? split->dataset()->labels.size() : 2;
    in.meanTokens = wizard->hyperparametersPage()->meanTokens();
    in.measuredSamplesPerSecond = m_throughput.measuredSamplesPerSecond;
    in.measuredMaxLength = m_throughput.measuredMaxLength;
    in.gemmGflops = m_throughput.gemmGflops;
    in.threads = c.threads;
    if (const LmDataResult &lm = wizard->dataPage()->lmResult(); c.task != "classification" && !lm.lengths.empty()) {
        // Rows as the causal-LM task trains them, from the data page's counts under the chat template:
        // cut at max_length, samples with no learned token left out, packed when packing is on
        // (here in length order, a little fuller than the task's file order; the CLI's --dry-run is exact).
        const LmTruncation truncation = lmTruncation(lm, c.maxLength);
        const double kept = 1.0 - static_cast<double>(truncation.withoutTrained) / static_cast<double>(lm.lengths.size());
        std::vector<std::size_t> lengths;
        for (int n : lm.lengths)
            lengths.push_back(static_cast<std::size_t>(std::min(n, c.maxLength)));
        double tokens = 0;
        for (std::size_t n : lengths)
            tokens += static_cast<double>(n);
        const double rows = c.packing ? static_cast<double>(packRows(lengths, static_cast<std::size_t>(c.maxLength)).size())
                                      : static_cast<double>(lengths.size()) * kept;
        in.trainRows = static_cast<std::int64_t>(std::llround(static_cast<double>(in.trainRows) * rows / static_cast<double>(lengths.size())));
        in.meanTokens = tokens / (c.packing ? rows : static_cast<double>(lengths.size()));
        in.maxTokens = static_cast<double>(std::min(lm.lengths.back(), c.maxLength));
        if (lm.totalTokens > 0)
            in.targetTokens = in.meanTokens * static_cast<double>(lm.trainedTokens) / static_cast<double>(lm.totalTokens);
    }
    m_estimate = estimateRun(c, in);
    const RunEstimate &e = m_estimate;
    const QLocale locale;

    QString basis;
    switch (e.basis) {
    case RunEstimate::Basis::MeasuredRun:
        basis = tr("from the speed of an earlier run of this model on this computer");
        break;
    case RunEstimate::Basis::MeasuredGemm:
        basis = tr("from this computer's measured matrix speed (%1 GFLOP/s)").arg(locale.toString(m_throughput.gemmGflops, 'f', 0));
        break;
    case RunEstimate::Basis::Assumed:
        basis = m_measuring.isRunning() ? tr("measuring this computer's speed…") : tr("from an assumed CPU speed");
        break;
    }
    auto line = [](const QString &key, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:10px; white-space:nowrap'>%1</td>"
                              "<td align='right' style='white-space:nowrap'>%2</td></tr>")
            .arg(key, value);
    };
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    html += line(tr("Weights"), formatBytesEstimate(e.weightsBytes));
    html += line(tr("Gradients and optimizer"), formatBytesEstimate(e.gradientBytes + e.optimizerBytes));
    html += line(tr("Activations (batch of %1)").arg(c.perDeviceTrainBatchSize), formatBytesEstimate(e.activationBytes));
    html += line(tr("Program and data"), formatBytesEstimate(e.runtimeBytes));
    // The parts above are one process's; the total is the machine's.
    const QString memory = e.processes > 1 ? tr("Memory of %n process(es), about", nullptr, e.processes) : tr("Memory, about");
    html += line(QStringLiteral("<b>%1</b>").arg(memory), QStringLiteral("<b>%1</b>").arg(formatBytesEstimate(e.totalBytes)));
    html += QStringLiteral("<tr><td colspan='2'>&nbsp;</td></tr>");
    html += line(tr("Steps"), tr("%1 (%2 per epoch)")
                                  .arg(locale.toString(static_cast<qlonglong>(e.totalSteps)),
                                       locale.toString(static_cast<qlonglong>(e.stepsPerEpoch))));
    html += line(tr("Speed"), tr("%1 texts/s").arg(locale.toString(e.samplesPerSecond, 'f', e.samplesPerSecond < 10 ? 1 : 0)));
    html += line(QStringLiteral("<b>%1</b>").arg(tr("Time, about")), QStringLiteral("<b>%1</b>").arg(formatDurationEstimate(e.seconds)));
    html += QStringLiteral("</table><p style='margin-top:6px'><i>%1</i></p>")
                .arg(tr("Rough estimates (%1); the dashboard shows the real speed and time left once training runs.").arg(basis));
    m_estimateText->setText(html);
    fitOverview();
}

void ReviewPage::resizeEvent(QResizeEvent *event)
{
    QWizardPage::resizeEvent(event);
    fitOverview();
}

void ReviewPage::fitOverview()
{
    // Room for the whole overview (its wrapped notes at the width it has, up to 300 px) when the
    // page has it; never more than is left beside the other rows' minimums, or the code views
    // would be laid over it (a small window with a two-line folder path did that).
    const QLayout *rows = layout();
    const int minimum = rows->hasHeightForWidth() ? rows->totalMinimumHeightForWidth(width()) : rows->totalMinimumSize().height();
    const int others = minimum - m_overviewScroll->minimumHeight();
    const int room = std::max(kOverviewMinimum, height() - others);
    const int needed = m_overview->hasHeightForWidth() ? m_overview->heightForWidth(m_overviewScroll->width())
                                                       : m_overview->sizeHint().height();
    m_overviewScroll->setMinimumHeight(std::min({needed, 300, room}));
    m_overviewScroll->setMaximumHeight(std::max(needed, kOverviewMinimum)); // the code views get the rest
}

QString ReviewPage::commandText() const
{
    return m_command->toPlainText();
}

QString ReviewPage::configText() const
{
    return m_json->toPlainText();
}

bool ReviewPage::saveConfig(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        m_message->showError(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    file.write(configText().toUtf8() + '\n');
    if (!file.commit()) {
        m_message->showError(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_message->showInfo(tr("Saved %1. Train it with: %2 train --config %3")
                            .arg(QDir::toNativeSeparators(path), shellQuote(honeCliPath()), shellQuote(QDir::toNativeSeparators(path))));
    return true;
}

bool ReviewPage::isComplete() const
{
    return !runName().isEmpty();
}

bool ReviewPage::validatePage()
{
    auto *wizard = qobject_cast<NewRunWizard *>(this->wizard());
    if (runName().isEmpty()) {
        m_message->showError(tr("Give the run a name."));
        return false;
    }
    if (wizard) {
        if (const auto r = wizard->config().validate(); !r) {
            m_message->showError(tr("The configuration is not complete: %1").arg(QString::fromStdString(r.error().message)));
            return false;
        }
    }
    return true;
}

void ReviewPage::loadConfig(const TrainingConfig &config)
{
    if (!config.name.empty()) {
        m_name->setText(QString::fromStdString(config.name));
        m_nameEdited = true;
    }
}

void ReviewPage::applyTo(TrainingConfig &config) const
{
    config.name = (runName().isEmpty() ? defaultName() : runName()).toStdString();
}

void ReviewPage::retranslate()
{
    setTitle(tr("Review and start"));
    setSubTitle(tr("Check the run, then press Start training. The same run can be started from a terminal with "
                   "the command below."));
    m_nameLabel->setText(tr("Run &name:"));
    m_summaryTitle->setText(tr("The run"));
    m_estimateTitle->setText(tr("Estimated resources"));
    m_tabs->setTabText(0, tr("Command line"));
    m_tabs->setTabText(1, tr("Configuration (run.json)"));
    m_copyCommand->setText(tr("Copy"));
    m_copyJson->setText(tr("Copy"));
    m_saveJson->setText(tr("Save Config…"));
    if (wizard())
        refresh();
}

void ReviewPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

} // namespace hone::ui

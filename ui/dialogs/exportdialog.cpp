#include "ui/dialogs/exportdialog.h"

#include "ui/widgets/openfolder.h"

#include "core/runs/rundirectory.h"
#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/jobs/trainingjob.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hone::ui {

namespace {
constexpr int kProgressSteps = 1000;
constexpr double kIdentical = 1e-5; // float32 round-off between two loads of the same weights
constexpr double kClose = 1e-3;
} // namespace

ExportDialog::ExportDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("exportDialog"));
    m_run = new QComboBox;
    m_run->setObjectName(QStringLiteral("runCombo"));
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_run->setMinimumContentsLength(36);
    m_browseRun = new QPushButton;
    m_best = new QRadioButton;
    m_best->setObjectName(QStringLiteral("bestRadio"));
    m_best->setChecked(true);
    m_last = new QRadioButton;
    m_last->setObjectName(QStringLiteral("lastRadio"));
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_destination = new QLineEdit;
    m_destination->setObjectName(QStringLiteral("destinationEdit"));
    m_destination->setClearButtonEnabled(true);
    m_browseDestination = new QPushButton;
    m_verify = new QCheckBox;
    m_verify->setChecked(true);
    m_progress = new QProgressBar;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_result = new QLabel;
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run, 1);
    runRow->addWidget(m_browseRun);
    auto *checkpointBox = new QVBoxLayout;
    checkpointBox->addWidget(m_best);
    checkpointBox->addWidget(m_last);
    auto *destinationRow = new QHBoxLayout;
    destinationRow->addWidget(m_destination, 1);
    destinationRow->addWidget(m_browseDestination);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_runLabel = new QLabel;
    m_checkpointLabel = new QLabel;
    m_formatLabel = new QLabel;
    m_destinationLabel = new QLabel;
    form->addRow(m_runLabel, runRow);
    form->addRow(m_checkpointLabel, checkpointBox);
    form->addRow(m_formatLabel, m_format);
    form->addRow(m_destinationLabel, destinationRow);
    form->addRow(QString(), m_verify);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_export = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    m_open = m_buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_open->setVisible(false);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_open, &QPushButton::clicked, this,
            [this] { openFolder(this, isFileFormat() ? QFileInfo(destination()).absolutePath() : destination()); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_result);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_run, &QComboBox::currentIndexChanged, this, &ExportDialog::runChanged);
    connect(m_browseRun, &QPushButton::clicked, this, &ExportDialog::browseRun);
    connect(m_browseDestination, &QPushButton::clicked, this, &ExportDialog::browseDestination);
    connect(m_destination, &QLineEdit::textEdited, this, [this] {
        m_destinationEdited = true;
        updateButtons();
    });
    connect(m_best, &QRadioButton::toggled, this, &ExportDialog::updateDefaultDestination);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(&m_watcher, &QFutureWatcher<Outcome>::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcher<Outcome>::progressTextChanged, m_status, &QLabel::setText);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ExportDialog::finishExport);

    runChanged();
    resize(620, sizeHint().height());
}

ExportDialog::~ExportDialog()
{
    // The export cannot be interrupted half-way (it stages and renames); let it end cleanly.
    m_watcher.waitForFinished();
}

void ExportDialog::setRunsRoot(const QString &root)
{
    const QString current = runDir();
    const QSignalBlocker block(m_run);
    for (const auto &info : hone::listRuns(root.toStdString())) {
        const QString dir = QString::fromStdString(info.path.string());
        if (m_run->findData(dir) >= 0)
            continue;
        const QString name = QString::fromStdString(info.name);
        const QString id = QString::fromStdString(info.id);
        m_run->addItem(name == id || name.isEmpty() ? id : QStringLiteral("%1  (%2)").arg(name, id), dir);
    }
    if (!current.isEmpty())
        m_run->setCurrentIndex(m_run->findData(current));
    runChanged();
}

void ExportDialog::setRun(const QString &runDir)
{
    const QString dir = QFileInfo(runDir).absoluteFilePath();
    int index = m_run->findData(dir);
    if (index < 0) {
        m_run->addItem(QFileInfo(dir).fileName(), dir);
        index = m_run->count() - 1;
    }
    m_run->setCurrentIndex(index);
    runChanged();
}

QString ExportDialog::runDir() const
{
    return m_run->currentData().toString();
}

void ExportDialog::setDestination(const QString &dir)
{
    m_destination->setText(dir);
    m_destinationEdited = true;
    updateButtons();
}

QString ExportDialog::destination() const
{
    return m_destination->text().trimmed();
}

void ExportDialog::setCheckpoint(hone::ExportCheckpoint checkpoint)
{
    (checkpoint == hone::ExportCheckpoint::Best ? m_best : m_last)->setChecked(true);
}

bool ExportDialog::isRunning() const
{
    return m_watcher.isRunning();
}

QString ExportDialog::resultText() const
{
    return m_resultText;
}

void ExportDialog::runChanged()
{
    m_bestStep = m_lastStep = -1;
    m_bestValue.reset();
    m_bestMetric.clear();
    m_languageModel = m_lora = false;
    const QString dir = runDir();
    if (!dir.isEmpty()) {
        if (auto run = hone::RunDirectory::open(dir.toStdString())) {
            if (auto config = hone::readTrainingConfig(run->configFile())) {
                m_languageModel = config->task != "classification";
                m_lora = config->lora.enabled;
            }
            const auto checkpoints = run->checkpoints();
            if (!checkpoints.empty())
                m_lastStep = QString::fromStdString(checkpoints.back().filename().string()).mid(5).toLongLong();
            if (auto summary = hone::readRunSummary(dir.toStdString()); summary && summary->bestMetric) {
                m_bestStep = summary->bestStep;
                m_bestValue = summary->bestMetric;
                m_bestMetric = summary->bestMetricName;
            }
        }
    }
    {
        const QSignalBlocker block(m_best);
        (m_bestStep >= 0 ? m_best : m_last)->setChecked(true); // a new run starts from its best model
    }
    {
        // The formats this run can be exported to; the choice stays when the new run offers it.
        const QString previous = formatKey();
        const QSignalBlocker block(m_format);
        m_format->clear();
        for (const QString &key : formatKeys(m_languageModel, m_lora))
            m_format->addItem(QString(), key);
        m_format->setCurrentIndex(std::max(0, m_format->findData(previous)));
    }
    updateDefaultDestination();
    m_result->clear();
    m_resultText.clear();
    m_open->setVisible(false);
    retranslate();
}

void ExportDialog::updateDefaultDestination()
{
    const QString dir = runDir();
    if (m_destinationEdited || dir.isEmpty())
        return;
    QString name = QFileInfo(dir).fileName() + QLatin1Char('-') + (m_best->isChecked() ? QStringLiteral("best") : QStringLiteral("last"));
    const QString key = formatKey();
    if (key == QLatin1String("onnx") || key == QLatin1String("peft"))
        name += QLatin1Char('-') + key;
    else if (isFileFormat())
        name += QLatin1Char('-') + key.mid(5) + QStringLiteral(".gguf");
    m_destination->setText(QDir(QDir::home().filePath(QStringLiteral("hone-exports"))).filePath(name));
    updateButtons();
}

QStringList ExportDialog::formatKeys(bool languageModel, bool lora)
{
    if (!languageModel)
        return {QStringLiteral("hf"), QStringLiteral("onnx")};
    QStringList keys{QStringLiteral("hf")};
    if (lora)
        keys << QStringLiteral("peft");
    keys << QStringLiteral("gguf-f16") << QStringLiteral("gguf-q8_0") << QStringLiteral("gguf-bf16");
    return keys;
}

QString ExportDialog::formatKey() const
{
    return m_format->currentData().toString();
}

void ExportDialog::setFormat(const QString &key)
{
    const int index = m_format->findData(key);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

bool ExportDialog::isFileFormat() const
{
    return formatKey().startsWith(QLatin1String("gguf"));
}

void ExportDialog::applyFormat(const QString &key, hone::ExportOptions &options)
{
    options.format = key == QLatin1String("onnx")   ? hone::ExportFormat::Onnx
                     : key == QLatin1String("peft") ? hone::ExportFormat::Peft
                     : key.startsWith(QLatin1String("gguf")) ? hone::ExportFormat::Gguf
                                                             : hone::ExportFormat::HuggingFace;
    options.ggufType = key == QLatin1String("gguf-q8_0")   ? hone::GgmlType::Q8_0
                       : key == QLatin1String("gguf-bf16") ? hone::GgmlType::BF16
                                                           : hone::GgmlType::F16;
}

void ExportDialog::formatChanged()
{
    // A destination the dialog chose follows the format (folder or .gguf file); a typed one stays.
    updateDefaultDestination();
    m_result->clear();
    m_resultText.clear();
    m_open->setVisible(false);
    retranslate();
}

void ExportDialog::browseRun()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a run folder"), runDir());
    if (!dir.isEmpty())
        setRun(dir);
}

void ExportDialog::browseDestination()
{
    const QString chosen = isFileFormat()
                               ? QFileDialog::getSaveFileName(this, tr("Choose the GGUF file"), destination(), tr("GGUF files (*.gguf)"))
                               : QFileDialog::getExistingDirectory(this, tr("Choose the export folder"), destination());
    if (!chosen.isEmpty())
        setDestination(chosen);
}

void ExportDialog::updateButtons()
{
    const bool running = isRunning();
    m_export->setEnabled(!running && !runDir().isEmpty() && !destination().isEmpty() && m_lastStep >= 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_run, m_browseRun, m_best, m_last, m_format, m_destination,
                                                        m_browseDestination, m_verify})
        w->setEnabled(!running);
    m_best->setEnabled(!running && m_bestStep >= 0);
}

void ExportDialog::startExport()
{
    if (isRunning() || runDir().isEmpty() || destination().isEmpty())
        return;
    const QString out = destination();
    const QFileInfo outInfo(out);
    if (isFileFormat() && !out.endsWith(QLatin1String(".gguf"))) {
        m_status->setText(tr("A GGUF export is one file: give the destination a name ending in .gguf."));
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    if (outInfo.exists() && !(outInfo.isDir() && QDir(out).isEmpty())) {
        const auto answer = outInfo.isFile()
                                ? QMessageBox::question(this, tr("Replace the file?"), tr("%1 already exists. Replace it with the export?").arg(out))
                                : QMessageBox::question(this, tr("Replace the folder?"),
                                                        tr("%1 already exists and is not empty. Replace its contents with the export?").arg(out));
        if (answer != QMessageBox::Yes)
            return;
    }
    hone::ExportOptions options;
    options.checkpoint = m_best->isChecked() && m_bestStep >= 0 ? hone::ExportCheckpoint::Best : hone::ExportCheckpoint::Last;
    applyFormat(formatKey(), options);
    options.verify = m_verify->isChecked();
    const std::filesystem::path run = runDir().toStdString();
    const std::filesystem::path target = out.toStdString();

    m_result->clear();
    m_resultText.clear();
    m_open->setVisible(false);
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_status->setText(tr("Exporting…"));
    m_status->setStyleSheet(QString());
    m_exportedFormat = formatKey();
    m_watcher.setFuture(QtConcurrent::run([run, target, options](QPromise<Outcome> &promise) {
        promise.setProgressRange(0, kProgressSteps);
        auto report = hone::exportRun(run, target, options, [&promise](double fraction, const std::string &what) {
            promise.setProgressValueAndText(int(std::clamp(fraction, 0.0, 1.0) * kProgressSteps), QString::fromStdString(what));
        });
        Outcome outcome;
        if (report) {
            outcome.ok = true;
            outcome.report = std::move(report).value();
        } else {
            outcome.code = report.error().code;
            outcome.error = QString::fromStdString(report.error().message);
        }
        promise.addResult(outcome);
    }));
    updateButtons();
}

QString ExportDialog::verificationText(const hone::ExportReport &report, const QString &formatKey)
{
    if (formatKey == QLatin1String("onnx"))
        return tr("model.onnx passed the ONNX checker and strict shape inference (opset 17, dynamic batch and sequence). "
                  "Hone has no ONNX runtime of its own: tools/check_onnx_export.py runs it in onnxruntime and compares the "
                  "probabilities with hone-cli predict. The folder's README.md is its model card.");
    const bool languageModel = report.verifiedPrompts > 0 || !report.contents.empty();
    if (!report.verified && report.verifiedRows == 0 && report.verifiedPrompts == 0)
        return languageModel ? tr("The export was not verified (verification was off, or the run has no validation prompts).")
                             : tr("The export was not verified (no validation rows to compare, or verification was off).");
    if (!languageModel)
        return verdictText(report) + QLatin1Char(' ') +
               tr("Checked with Hone's own loader (the code behind hone-cli predict); Python's transformers "
                  "loads the same files (tools/check_export.py compares the two). The folder's README.md is its model card.");
    QString text = verdictText(report);
    if (formatKey.startsWith(QLatin1String("gguf")))
        text += QLatin1Char(' ') + (report.maxTensorDifference == 0 ? tr("Every weight reads back exactly as written.")
                                                                   : tr("Weights read back differently from what was written (max %1).")
                                                                         .arg(QString::number(report.maxTensorDifference, 'g', 2)));
    if (formatKey != QLatin1String("peft"))
        text += QLatin1Char(' ') + (report.tokenizerChecked ? tr("Its tokenizer gives the run's token ids.")
                                                            : tr("Its tokenizer gives OTHER token ids than the run's."));
    text += QLatin1Char(' ');
    if (formatKey == QLatin1String("peft"))
        text += tr("Read back by Hone's own loader as the base model with this adapter applied; peft loads the same folder "
                   "(tools/check_llm_export.py compares them). The folder's README.md is its model card.");
    else if (formatKey.startsWith(QLatin1String("gguf")))
        text += tr("Read back by Hone's GGUF reader; llama.cpp and Ollama load the same file (tools/check_llm_export.py "
                   "checks it with the gguf package).");
    else
        text += tr("Read back by Hone's own loader (the code behind hone-cli chat); transformers loads the same folder "
                   "(tools/check_llm_export.py compares them). The folder's README.md is its model card.");
    return text;
}

QString ExportDialog::verdictText(const hone::ExportReport &report)
{
    if (report.verifiedPrompts > 0) {
        const QString difference = QString::number(report.maxLogitDifference, 'g', 2);
        if (report.verified)
            return tr("Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the same model.",
                      nullptr, report.verifiedPrompts)
                .arg(difference);
        return tr("Reloaded the export and compared its logits on %n validation prompt(s): max difference %1 — the export "
                  "does NOT reproduce the run's model.",
                  nullptr, report.verifiedPrompts)
            .arg(difference);
    }
    const QString difference = QString::number(report.maxProbabilityDifference, 'g', 2);
    if (report.maxProbabilityDifference <= kIdentical)
        return tr("Reloaded the export and compared predictions on %n validation row(s): max difference %1 — identical.",
                  nullptr, report.verifiedRows)
            .arg(difference);
    if (report.maxProbabilityDifference <= kClose)
        return tr("Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the same "
                  "predictions up to floating-point rounding.",
                  nullptr, report.verifiedRows)
            .arg(difference);
    return tr("Reloaded the export and compared predictions on %n validation row(s): max difference %1 — the export "
              "does NOT reproduce the run's predictions.",
              nullptr, report.verifiedRows)
        .arg(difference);
}

void ExportDialog::finishExport()
{
    m_progress->setVisible(false);
    const Outcome outcome = m_watcher.future().resultCount() > 0 ? m_watcher.result() : Outcome{};
    if (!outcome.ok) {
        const QString message = TrainingJob::errorText(outcome.code, outcome.error.isEmpty() ? tr("the export stopped") : outcome.error);
        m_status->setText(tr("Export failed: %1").arg(message));
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_resultText = m_status->text();
        updateButtons();
        Q_EMIT exportFailed(message);
        return;
    }
    const auto &r = outcome.report;
    const QString outDir = QString::fromStdString(r.outDir.string());
    m_status->setText(tr("Exported the model of step %1 to %2.").arg(r.step).arg(outDir));
    m_status->setStyleSheet(QString());
    const QString verification = verificationText(r, m_exportedFormat);
    m_result->setText(verification);
    const bool good = r.verified && r.maxProbabilityDifference <= kClose;
    m_result->setStyleSheet(r.verifiedRows == 0 && r.verifiedPrompts == 0 && m_exportedFormat != QLatin1String("onnx") ? QString()
                                                : QStringLiteral("color: %1;").arg(good ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828")));
    m_resultText = m_status->text() + QLatin1Char(' ') + verification;
    m_open->setVisible(true);
    updateButtons();
    Q_EMIT exported(outDir);
}

void ExportDialog::reject()
{
    if (isRunning()) {
        m_status->setText(tr("The export is still running; it cannot be stopped half-way. Close the dialog when it is done."));
        return;
    }
    QDialog::reject();
}

void ExportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString ExportDialog::metricName(const std::string &metric)
{
    return RunListItemModel::metricText(QString::fromStdString(metric == "f1" ? "macro_f1" : metric));
}

void ExportDialog::retranslate()
{
    setWindowTitle(tr("Export model"));
    m_runLabel->setText(tr("Run:"));
    m_checkpointLabel->setText(tr("Checkpoint:"));
    m_formatLabel->setText(tr("Format:"));
    m_destinationLabel->setText(tr("Destination:"));
    m_browseRun->setText(tr("Browse…"));
    m_browseDestination->setText(tr("Browse…"));
    for (int i = 0; i < m_format->count(); ++i) {
        const QString key = m_format->itemData(i).toString();
        m_format->setItemText(i, key == QLatin1String("onnx")        ? tr("ONNX (model.onnx for onnxruntime, with config and tokenizer)")
                                 : key == QLatin1String("peft")      ? tr("PEFT LoRA adapter (adapter_config.json, adapter_model.safetensors)")
                                 : key == QLatin1String("gguf-f16")  ? tr("GGUF file for llama.cpp / Ollama, 16-bit (F16)")
                                 : key == QLatin1String("gguf-q8_0") ? tr("GGUF file for llama.cpp / Ollama, 8-bit (Q8_0, half the size)")
                                 : key == QLatin1String("gguf-bf16") ? tr("GGUF file for llama.cpp / Ollama, bfloat16 (BF16)")
                                 : m_languageModel ? tr("Hugging Face folder (weights with LoRA merged, tokenizer, chat template)")
                                                   : tr("Hugging Face folder (config.json, model.safetensors, tokenizer)"));
    }
    // ONNX is checked by the ONNX checker, always; the others are reloaded and compared on request.
    m_verify->setVisible(formatKey() != QLatin1String("onnx"));
    m_verify->setText(m_languageModel ? tr("Reload the export and compare its logits with the run's model on validation prompts")
                                      : tr("Reload the export and compare its predictions with the run's on validation rows"));
    m_export->setText(tr("Export"));
    m_open->setText(tr("Open folder"));
    const QLocale locale;
    if (m_bestStep >= 0 && m_bestValue)
        m_best->setText(tr("Best model (step %1, %2 %3)")
                            .arg(locale.toString(qlonglong(m_bestStep)), metricName(m_bestMetric),
                                 locale.toString(*m_bestValue, 'f', 4)));
    else
        m_best->setText(tr("Best model (not known yet: the run has no summary)"));
    if (m_lastStep >= 0)
        m_last->setText(tr("Last checkpoint (step %1)").arg(locale.toString(qlonglong(m_lastStep))));
    else
        m_last->setText(tr("Last checkpoint (none yet)"));
    if (!isRunning() && m_resultText.isEmpty()) {
        if (runDir().isEmpty())
            m_status->setText(tr("Choose a run to export."));
        else if (m_lastStep < 0)
            m_status->setText(tr("This run has no checkpoint yet: a run writes one at each evaluation."));
        else
            m_status->clear();
    }
    updateButtons();
}

} // namespace hone::ui

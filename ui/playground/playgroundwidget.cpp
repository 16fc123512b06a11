#include "ui/playground/playgroundwidget.h"

#include "core/data/csvreader.h"
#include "core/data/csvwriter.h"
#include "core/data/textdecoder.h"
#include "core/io/atomicfile.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelfamily.h"
#include "core/runs/rundirectory.h"
#include "core/tasks/taskinfo.h"
#include "core/train/predictor.h"
#include "core/train/trainingconfig.h"
#include "ui/playground/chatwidget.h"
#include "ui/playground/probabilitybarswidget.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstdio>

namespace hone::ui {

namespace {

constexpr int kFileBatch = 64;
constexpr int kTypingDelayMs = 400;

bool isPlainText(const QString &file)
{
    return QFileInfo(file).suffix().compare(QStringLiteral("txt"), Qt::CaseInsensitive) == 0;
}

// The texts of a TXT file (one per non-empty line) or of one column of a CSV/TSV file.
hone::Result<std::vector<std::string>> readTexts(const QString &file, const QString &column)
{
    auto decoded = hone::readTextFile(file.toStdString());
    if (!decoded)
        return decoded.error();
    std::vector<std::string> texts;
    const std::string &text = decoded->text;
    if (isPlainText(file)) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos)
                end = text.size();
            std::string line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (!line.empty())
                texts.push_back(std::move(line));
            start = end + 1;
        }
        return texts;
    }
    hone::CsvOptions options;
    if (QFileInfo(file).suffix().compare(QStringLiteral("tsv"), Qt::CaseInsensitive) == 0)
        options.delimiter = '\t';
    auto table = hone::parseCsv(text, options, file.toStdString());
    if (!table)
        return table.error();
    const auto it = std::find(table->header.begin(), table->header.end(), column.toStdString());
    if (it == table->header.end())
        return hone::makeError(hone::ErrorCode::NotFound,
                               file.toStdString() + ": no column named '" + column.toStdString() + "'");
    const std::size_t index = std::size_t(it - table->header.begin());
    texts.reserve(table->records.size());
    for (auto &record : table->records)
        texts.push_back(std::move(record.fields[index]));
    return texts;
}

} // namespace

PlaygroundWidget::PlaygroundWidget(QWidget *parent) : QWidget(parent)
{
    m_modelLabel = new QLabel;
    m_model = new QComboBox;
    m_model->setObjectName(QStringLiteral("modelCombo"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(30);
    m_browseModel = new QPushButton;
    m_modelStatus = new QLabel;
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_modelStatus->setWordWrap(true);
    m_modelStatus->setTextFormat(Qt::PlainText);

    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("textEdit"));
    m_text->setTabChangesFocus(true);
    m_predict = new QPushButton;
    m_predict->setObjectName(QStringLiteral("predictButton"));
    m_predict->setDefault(true);
    m_prediction = new QLabel;
    m_prediction->setObjectName(QStringLiteral("predictionLabel"));
    m_prediction->setTextFormat(Qt::PlainText);
    m_prediction->setWordWrap(true);
    QFont big = m_prediction->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_prediction->setFont(big);
    m_bars = new ProbabilityBarsWidget;
    m_bars->setObjectName(QStringLiteral("probabilityBars"));
    m_typingTimer = new QTimer(this);
    m_typingTimer->setSingleShot(true);
    m_typingTimer->setInterval(kTypingDelayMs);
    connect(m_typingTimer, &QTimer::timeout, this, &PlaygroundWidget::predictText);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (m_predictor)
            m_typingTimer->start(); // predict as the user types, once they pause
    });
    connect(m_predict, &QPushButton::clicked, this, &PlaygroundWidget::predictText);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_text);
    connect(shortcut, &QShortcut::activated, this, &PlaygroundWidget::predictText);

    m_input = new QLineEdit;
    m_input->setObjectName(QStringLiteral("inputEdit"));
    m_browseInput = new QPushButton;
    m_column = new QComboBox;
    m_column->setObjectName(QStringLiteral("columnCombo"));
    m_output = new QLineEdit;
    m_output->setObjectName(QStringLiteral("outputEdit"));
    m_browseOutput = new QPushButton;
    m_predictFile = new QPushButton;
    m_predictFile->setObjectName(QStringLiteral("predictFileButton"));
    m_cancelFile = new QPushButton;
    m_cancelFile->setVisible(false);
    m_fileProgress = new QProgressBar;
    m_fileProgress->setVisible(false);
    m_fileStatus = new QLabel;
    m_fileStatus->setObjectName(QStringLiteral("fileStatus"));
    m_fileStatus->setWordWrap(true);
    m_fileStatus->setTextFormat(Qt::PlainText);
    connect(m_browseModel, &QPushButton::clicked, this, &PlaygroundWidget::chooseModelFolder);
    connect(m_model, &QComboBox::currentIndexChanged, this, &PlaygroundWidget::modelChosen);
    connect(m_browseInput, &QPushButton::clicked, this, &PlaygroundWidget::chooseInput);
    connect(m_browseOutput, &QPushButton::clicked, this, &PlaygroundWidget::chooseOutput);
    connect(m_input, &QLineEdit::editingFinished, this, [this] {
        QString error;
        const QStringList columns = fileColumns(m_input->text(), &error);
        m_column->clear();
        m_column->addItems(columns);
        for (const char *guess : {"text", "sentence", "content", "review", "comment", "message", "query"}) {
            const int i = m_column->findText(QLatin1String(guess), Qt::MatchFixedString);
            if (i >= 0) {
                m_column->setCurrentIndex(i);
                break;
            }
        }
        m_fileStatus->setText(error);
        updateButtons();
    });
    connect(m_predictFile, &QPushButton::clicked, this,
            [this] { predictFile(m_input->text(), m_output->text(), m_column->currentText()); });
    connect(m_cancelFile, &QPushButton::clicked, this, &PlaygroundWidget::cancelFile);
    connect(m_output, &QLineEdit::textChanged, this, &PlaygroundWidget::updateButtons);

    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelLabel);
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_browseModel);

    auto *predictRow = new QHBoxLayout;
    predictRow->addWidget(m_prediction, 1);
    predictRow->addWidget(m_predict);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_browseInput);
    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_browseOutput);
    auto *fileButtons = new QHBoxLayout;
    fileButtons->addStretch();
    fileButtons->addWidget(m_fileProgress, 1);
    fileButtons->addWidget(m_cancelFile);
    fileButtons->addWidget(m_predictFile);
    auto *fileForm = new QFormLayout;
    m_inputLabel = new QLabel;
    m_columnLabel = new QLabel;
    m_outputLabel = new QLabel;
    fileForm->addRow(m_inputLabel, inputRow);
    fileForm->addRow(m_columnLabel, m_column);
    fileForm->addRow(m_outputLabel, outputRow);
    auto *fileBox = new QGroupBox;
    auto *fileLayout = new QVBoxLayout(fileBox);
    fileLayout->addLayout(fileForm);
    fileLayout->addLayout(fileButtons);
    fileLayout->addWidget(m_fileStatus);
    fileBox->setObjectName(QStringLiteral("fileBox"));

    auto *classifier = new QWidget;
    auto *classifierLayout = new QVBoxLayout(classifier);
    classifierLayout->setContentsMargins(0, 0, 0, 0);
    classifierLayout->addWidget(m_text, 3);
    classifierLayout->addLayout(predictRow);
    classifierLayout->addWidget(m_bars);
    classifierLayout->addStretch(1);
    classifierLayout->addSpacing(8);
    classifierLayout->addWidget(fileBox);

    m_chat = new ChatWidget;
    m_chat->setObjectName(QStringLiteral("chat"));
    connect(m_chat, &ChatWidget::modelLoaded, this, [this](bool ok, const QString &message) {
        m_modelStatus->setText(ok ? QString() : tr("Could not load the model: %1").arg(message));
        m_modelStatus->setStyleSheet(ok ? QString() : QStringLiteral("color: #c62828;"));
        m_modelStatus->setVisible(!ok); // the chat view says what it loaded
        updateButtons();
        Q_EMIT modelLoaded(ok, ok ? QString() : message);
    });
    m_pages = new QStackedWidget;
    m_pages->addWidget(classifier);
    m_pages->addWidget(m_chat);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(modelRow);
    layout->addWidget(m_modelStatus);
    layout->addWidget(m_pages, 1);

    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this, &PlaygroundWidget::finishLoad);
    connect(&m_textWatcher, &QFutureWatcher<TextResult>::finished, this, &PlaygroundWidget::finishText);
    connect(&m_fileWatcher, &QFutureWatcher<FileResult>::finished, this, &PlaygroundWidget::finishFile);
    connect(&m_fileWatcher, &QFutureWatcher<FileResult>::progressRangeChanged, m_fileProgress, &QProgressBar::setRange);
    connect(&m_fileWatcher, &QFutureWatcher<FileResult>::progressValueChanged, m_fileProgress, &QProgressBar::setValue);
    retranslate();
    updateButtons();
}

PlaygroundWidget::~PlaygroundWidget()
{
    if (m_fileCancel)
        m_fileCancel->store(true);
    m_chat->stop();
    m_loadWatcher.waitForFinished();
    m_textWatcher.waitForFinished();
    m_fileWatcher.waitForFinished();
}

bool PlaygroundWidget::isBusy() const
{
    return m_loadWatcher.isRunning() || m_textWatcher.isRunning() || m_fileWatcher.isRunning() || m_chat->isLoading() ||
           m_chat->isGenerating();
}

bool PlaygroundWidget::isChatModel() const
{
    return m_pages->currentWidget() == m_chat;
}

bool PlaygroundWidget::isLanguageModel(const QString &runOrModelDir, QString *baseModel)
{
    if (baseModel)
        baseModel->clear();
    const std::filesystem::path path = runOrModelDir.toStdString();
    if (auto run = hone::RunDirectory::open(path); run && std::filesystem::is_regular_file(run->configFile())) {
        auto config = hone::readTrainingConfig(run->configFile());
        if (!config)
            return false;
        auto task = hone::taskInfoForOption(config->task);
        if (!task || (*task)->hasLabels)
            return false;
        if (baseModel)
            *baseModel = QString::fromStdString(config->model);
        return true;
    }
    auto model = hone::inspectModel(path);
    if (!model)
        return false;
    auto family = hone::findModelFamily(model->architecture);
    return family && (*family)->isDecoder();
}

void PlaygroundWidget::setRunsRoot(const QString &root)
{
    const QSignalBlocker block(m_model);
    for (const auto &info : hone::listRuns(root.toStdString())) {
        if (info.state != hone::RunState::Finished)
            continue;
        const QString dir = QString::fromStdString(info.path.string());
        if (m_model->findData(dir) >= 0)
            continue;
        const QString name = QString::fromStdString(info.name), id = QString::fromStdString(info.id);
        m_model->addItem(name == id || name.isEmpty() ? id : QStringLiteral("%1  (%2)").arg(name, id), dir);
    }
    m_model->setCurrentIndex(m_modelDir.isEmpty() ? -1 : m_model->findData(m_modelDir));
}

void PlaygroundWidget::setModel(const QString &runOrModelDir)
{
    const QString dir = QFileInfo(runOrModelDir).absoluteFilePath();
    int index = m_model->findData(dir);
    if (index < 0) {
        const QSignalBlocker block(m_model);
        m_model->addItem(QFileInfo(dir).fileName(), dir);
        index = m_model->count() - 1;
    }
    if (m_model->currentIndex() == index)
        modelChosen();
    else
        m_model->setCurrentIndex(index); // modelChosen
}

void PlaygroundWidget::modelChosen()
{
    const QString dir = m_model->currentData().toString();
    if (dir.isEmpty() || m_loadWatcher.isRunning())
        return;
    m_modelDir = dir;
    m_predictor.reset();
    m_labels.clear();
    m_bars->clear();
    QString base;
    if (isLanguageModel(dir, &base)) {
        m_pages->setCurrentWidget(m_chat);
        m_modelStatus->setText(tr("Loading %1…").arg(dir));
        m_modelStatus->setStyleSheet(QString());
        m_modelStatus->setVisible(true);
        m_chat->setModel(dir, base);
        updateButtons();
        return;
    }
    m_pages->setCurrentIndex(0);
    m_modelStatus->setVisible(true);
    m_prediction->setProperty("placeholder", true);
    retranslate();
    m_modelStatus->setText(tr("Loading %1…").arg(dir));
    m_modelStatus->setStyleSheet(QString());
    const std::filesystem::path path = dir.toStdString();
    m_loadWatcher.setFuture(QtConcurrent::run([path]() {
        Loaded loaded;
        auto predictor = hone::Predictor::open(path);
        if (predictor)
            loaded.predictor = std::make_shared<hone::Predictor>(std::move(predictor).value());
        else
            loaded.error = QString::fromStdString(predictor.error().message);
        return loaded;
    }));
    updateButtons();
}

void PlaygroundWidget::finishLoad()
{
    const Loaded loaded = m_loadWatcher.result();
    if (m_model->currentData().toString() != m_modelDir) {
        modelChosen(); // the user picked another model meanwhile
        return;
    }
    m_predictor = loaded.predictor;
    if (!m_predictor) {
        m_modelStatus->setText(tr("Could not load the model: %1").arg(loaded.error));
        m_modelStatus->setStyleSheet(QStringLiteral("color: #c62828;"));
        updateButtons();
        Q_EMIT modelLoaded(false, loaded.error);
        return;
    }
    for (const auto &l : m_predictor->labels())
        m_labels << QString::fromStdString(l);
    m_modelStatus->setText(tr("Ready: %n label(s) — %1", nullptr, int(m_labels.size())).arg(m_labels.join(QStringLiteral(", "))));
    m_modelStatus->setStyleSheet(QString());
    updateButtons();
    Q_EMIT modelLoaded(true, QString());
    if (!m_text->toPlainText().trimmed().isEmpty())
        predictText();
}

void PlaygroundWidget::setText(const QString &text)
{
    m_text->setPlainText(text);
}

void PlaygroundWidget::predictText()
{
    m_typingTimer->stop();
    const QString text = m_text->toPlainText();
    if (!m_predictor || text.trimmed().isEmpty())
        return;
    if (m_textWatcher.isRunning() || m_fileWatcher.isRunning()) {
        m_textPending = true; // predicted again when the running prediction ends
        return;
    }
    m_textPending = false;
    const auto predictor = m_predictor;
    const std::string input = text.toStdString();
    m_textWatcher.setFuture(QtConcurrent::run([predictor, input]() {
        TextResult result;
        auto predictions = predictor->predict({input});
        if (!predictions)
            result.error = QString::fromStdString(predictions.error().message);
        else if (!predictions->empty()) {
            result.label = predictions->front().label;
            result.probabilities = predictions->front().probabilities;
        }
        return result;
    }));
    updateButtons();
}

void PlaygroundWidget::finishText()
{
    const TextResult result = m_textWatcher.result();
    if (!result.error.isEmpty()) {
        m_prediction->setProperty("placeholder", false);
        m_prediction->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_prediction->setText(tr("Prediction failed: %1").arg(result.error));
        m_bars->clear();
    } else if (result.label >= 0 && result.label < m_labels.size()) {
        const double p = result.label < int(result.probabilities.size()) ? result.probabilities[result.label] : 0.0;
        m_prediction->setProperty("placeholder", false);
        m_prediction->setStyleSheet(QString());
        m_prediction->setText(QStringLiteral("%1 — %2%").arg(m_labels[result.label]).arg(p * 100.0, 0, 'f', 1));
        m_bars->setProbabilities(m_labels, result.probabilities);
        Q_EMIT textPredicted(m_labels[result.label], p);
    }
    updateButtons();
    if (m_textPending)
        predictText();
}

QStringList PlaygroundWidget::fileColumns(const QString &file, QString *error)
{
    if (file.isEmpty() || isPlainText(file))
        return {};
    auto decoded = hone::readTextFile(file.toStdString());
    if (!decoded) {
        if (error)
            *error = QString::fromStdString(decoded.error().message);
        return {};
    }
    hone::CsvOptions options;
    options.headerOnly = true;
    if (QFileInfo(file).suffix().compare(QStringLiteral("tsv"), Qt::CaseInsensitive) == 0)
        options.delimiter = '\t';
    auto table = hone::parseCsv(decoded->text, options, file.toStdString());
    if (!table) {
        if (error)
            *error = QString::fromStdString(table.error().message);
        return {};
    }
    QStringList columns;
    for (const auto &h : table->header)
        columns << QString::fromStdString(h);
    return columns;
}

void PlaygroundWidget::predictFile(const QString &input, const QString &output, const QString &column)
{
    if (!m_predictor || m_fileWatcher.isRunning() || input.isEmpty() || output.isEmpty())
        return;
    if (!isPlainText(input) && column.isEmpty()) {
        m_fileStatus->setText(tr("Choose the column that holds the texts."));
        return;
    }
    m_fileCancel = std::make_shared<std::atomic<bool>>(false);
    m_fileOutput = output;
    m_fileProgress->setRange(0, 0);
    m_fileProgress->setVisible(true);
    m_cancelFile->setVisible(true);
    m_fileStatus->setText(tr("Reading %1…").arg(input));
    m_fileStatus->setStyleSheet(QString());
    const auto predictor = m_predictor;
    const auto cancel = m_fileCancel;
    m_fileWatcher.setFuture(QtConcurrent::run([predictor, cancel, input, output, column](QPromise<FileResult> &promise) {
        FileResult result;
        auto texts = readTexts(input, column);
        if (!texts) {
            result.error = QString::fromStdString(texts.error().message);
            promise.addResult(result);
            return;
        }
        const auto &labels = predictor->labels();
        std::vector<std::string> header = {"text", "label"};
        for (const auto &l : labels)
            header.push_back("p_" + l);
        std::string csv = hone::csvLine(header);
        const int total = int(texts->size());
        promise.setProgressRange(0, std::max(1, total));
        for (int start = 0; start < total; start += kFileBatch) {
            if (cancel->load()) {
                result.error = QStringLiteral("canceled");
                promise.addResult(result);
                return;
            }
            const int end = std::min(total, start + kFileBatch);
            std::vector<std::string> batch(texts->begin() + start, texts->begin() + end);
            auto predictions = predictor->predict(batch);
            if (!predictions) {
                result.error = QString::fromStdString(predictions.error().message);
                promise.addResult(result);
                return;
            }
            for (int i = 0; i < int(batch.size()); ++i) {
                const auto &p = (*predictions)[i];
                std::vector<std::string> fields = {batch[i], labels.at(std::size_t(p.label))};
                for (float v : p.probabilities) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.6f", double(v));
                    fields.emplace_back(buf);
                }
                csv += hone::csvLine(fields);
            }
            promise.setProgressValue(end);
        }
        // The whole file or nothing: a temporary beside the target, renamed over it.
        if (auto written = hone::writeFileAtomically(output.toStdString(), csv); !written) {
            result.error = QString::fromStdString(written.error().message);
            promise.addResult(result);
            return;
        }
        result.rows = total;
        promise.addResult(result);
    }));
    updateButtons();
}

void PlaygroundWidget::cancelFile()
{
    if (m_fileCancel)
        m_fileCancel->store(true);
}

void PlaygroundWidget::finishFile()
{
    m_fileProgress->setVisible(false);
    m_cancelFile->setVisible(false);
    const FileResult result = m_fileWatcher.future().resultCount() > 0 ? m_fileWatcher.result() : FileResult{};
    QString message;
    bool ok = false;
    if (m_fileCancel && m_fileCancel->load() && !result.error.isEmpty()) {
        message = tr("Stopped; %1 was not written.").arg(m_fileOutput);
    } else if (!result.error.isEmpty()) {
        message = tr("Could not predict the file: %1").arg(result.error);
        m_fileStatus->setStyleSheet(QStringLiteral("color: #c62828;"));
    } else {
        ok = true;
        message = tr("Wrote %n prediction(s) to %1.", nullptr, result.rows).arg(m_fileOutput);
        m_fileStatus->setStyleSheet(QString());
    }
    m_fileStatus->setText(message);
    updateButtons();
    Q_EMIT filePredicted(ok, message);
    if (m_textPending)
        predictText();
}

void PlaygroundWidget::chooseModelFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a run folder or a model folder"), m_modelDir);
    if (!dir.isEmpty())
        setModel(dir);
}

void PlaygroundWidget::chooseInput()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file to predict"), m_input->text(),
                                                      tr("Texts (*.csv *.tsv *.txt);;All files (*)"));
    if (file.isEmpty())
        return;
    m_input->setText(file);
    Q_EMIT m_input->editingFinished();
    if (m_output->text().isEmpty()) {
        const QFileInfo info(file);
        m_output->setText(info.dir().filePath(info.completeBaseName() + QStringLiteral("-predictions.csv")));
    }
}

void PlaygroundWidget::chooseOutput()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Write the predictions to"), m_output->text(), tr("CSV (*.csv)"));
    if (!file.isEmpty())
        m_output->setText(file);
}

void PlaygroundWidget::updateButtons()
{
    const bool ready = m_predictor && !m_loadWatcher.isRunning();
    m_predict->setEnabled(ready && !m_textWatcher.isRunning());
    const bool fileRunning = m_fileWatcher.isRunning();
    m_predictFile->setEnabled(ready && !fileRunning && !m_input->text().isEmpty() && !m_output->text().isEmpty() &&
                              (isPlainText(m_input->text()) || m_column->count() > 0));
    m_column->setEnabled(!isPlainText(m_input->text()) && m_column->count() > 0);
    m_model->setEnabled(!m_loadWatcher.isRunning() && !fileRunning);
    m_browseModel->setEnabled(!m_loadWatcher.isRunning() && !fileRunning);
}

void PlaygroundWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PlaygroundWidget::retranslate()
{
    m_modelLabel->setText(tr("Model:"));
    m_model->setPlaceholderText(tr("Choose a finished run or a model folder"));
    m_browseModel->setText(tr("Browse…"));
    if (!m_predictor && !m_loadWatcher.isRunning() && m_modelStatus->styleSheet().isEmpty())
        m_modelStatus->setText(tr("Pick a finished run (its best model is used) or an exported model folder."));
    m_text->setPlaceholderText(tr("Type or paste a text; the prediction updates when you pause (Ctrl+Enter predicts at once)."));
    m_predict->setText(tr("Predict"));
    if (m_bars->sortedLabels().isEmpty() && (m_prediction->text().isEmpty() || m_prediction->property("placeholder").toBool())) {
        m_prediction->setText(tr("The predicted label and the probability of each class appear here."));
        m_prediction->setProperty("placeholder", true);
        m_prediction->setStyleSheet(QStringLiteral("font-weight: normal; font-size: %1pt; color: palette(placeholder-text);")
                                        .arg(font().pointSizeF()));
    }
    if (auto *box = findChild<QGroupBox *>(QStringLiteral("fileBox")))
        box->setTitle(tr("Predict a file"));
    m_inputLabel->setText(tr("Input (CSV, TSV or TXT):"));
    m_columnLabel->setText(tr("Text column:"));
    m_outputLabel->setText(tr("Output CSV:"));
    m_browseInput->setText(tr("Browse…"));
    m_browseOutput->setText(tr("Browse…"));
    m_predictFile->setText(tr("Predict file"));
    m_cancelFile->setText(tr("Stop"));
    m_output->setPlaceholderText(tr("text, label and one probability column per label"));
}

} // namespace hone::ui

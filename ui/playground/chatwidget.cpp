#include "ui/playground/chatwidget.h"

#include "core/models/chatsession.h"
#include "core/runs/rundirectory.h"
#include "ui/dashboard/sampleanswerswidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hone::ui {

namespace {

// Streamed pieces are drawn at most this often: a fast model must not re-lay out the text per token.
constexpr int kRenderIntervalMs = 50;

QString block(const QString &text)
{
    return QStringLiteral("<div style=\"white-space:pre-wrap; margin-left:12px; margin-bottom:8px;\">%1</div>").arg(text);
}

// A model's short name: a run's name (as the run list shows it), or the model folder's / .gguf file's.
QString shortName(const QString &path)
{
    if (auto run = hone::readRunInfo(path.toStdString()); run && !run->name.empty())
        return QString::fromStdString(run->name);
    return QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
}

} // namespace

ChatWidget::ChatWidget(QWidget *parent) : QWidget(parent)
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    const auto makeColumn = [](QLabel *&title, QTextBrowser *&view, const QString &name) {
        auto *column = new QWidget;
        auto *layout = new QVBoxLayout(column);
        layout->setContentsMargins(0, 0, 0, 0);
        title = new QLabel;
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        title->setTextFormat(Qt::PlainText);
        title->setWordWrap(true);
        view = new QTextBrowser;
        view->setObjectName(name);
        view->setOpenLinks(false);
        layout->addWidget(title);
        layout->addWidget(view, 1);
        return column;
    };
    QWidget *column = makeColumn(m_title, m_view, QStringLiteral("answerView"));
    m_baseColumn = makeColumn(m_baseTitle, m_baseView, QStringLiteral("baseAnswerView"));
    m_baseColumn->setVisible(false);
    auto *columns = new QSplitter(Qt::Horizontal);
    columns->setChildrenCollapsible(false);
    columns->addWidget(column);
    columns->addWidget(m_baseColumn);

    m_input = new QPlainTextEdit;
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setTabChangesFocus(true);
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 3 + 14);
    m_send = new QPushButton;
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_stop = new QPushButton;
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_newChat = new QPushButton;
    m_newChat->setObjectName(QStringLiteral("newChatButton"));
    connect(m_send, &QPushButton::clicked, this, &ChatWidget::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatWidget::stop);
    connect(m_newChat, &QPushButton::clicked, this, &ChatWidget::newChat);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_input);
    connect(shortcut, &QShortcut::activated, this, &ChatWidget::send);
    connect(m_input, &QPlainTextEdit::textChanged, this, &ChatWidget::updateButtons);

    m_systemLabel = new QLabel;
    m_system = new QLineEdit;
    m_system->setObjectName(QStringLiteral("systemPrompt"));
    m_system->setClearButtonEnabled(true);
    m_systemLabel->setBuddy(m_system);
    connect(m_system, &QLineEdit::editingFinished, this, [this] { setSystemPrompt(m_system->text()); });

    m_maxTokensLabel = new QLabel;
    m_maxTokens = new QSpinBox;
    m_maxTokens->setObjectName(QStringLiteral("maxNewTokens"));
    m_maxTokens->setRange(1, 8192);
    m_maxTokens->setValue(256);
    m_greedy = new QCheckBox;
    m_greedy->setObjectName(QStringLiteral("greedyCheck"));
    m_greedy->setChecked(true); // the answer a fine-tuned model was taught, reproducibly
    m_temperatureLabel = new QLabel;
    m_temperature = new QDoubleSpinBox;
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setRange(0.01, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(0.7);
    m_topPLabel = new QLabel;
    m_topP = new QDoubleSpinBox;
    m_topP->setObjectName(QStringLiteral("topP"));
    m_topP->setRange(0.01, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(0.9);
    m_weightsLabel = new QLabel;
    m_weights = new QComboBox;
    m_weights->setObjectName(QStringLiteral("decodingWeights"));
    for (hone::WeightFormat format : {hone::WeightFormat::F32, hone::WeightFormat::BF16, hone::WeightFormat::Q8_0})
        m_weights->addItem(QString(), static_cast<int>(format));
    m_weightsLabel->setBuddy(m_weights);
    m_compare = new QCheckBox;
    m_compare->setObjectName(QStringLiteral("compareWithBase"));
    connect(m_greedy, &QCheckBox::toggled, this, &ChatWidget::updateButtons);
    connect(m_compare, &QCheckBox::toggled, this, &ChatWidget::setCompareWithBase);

    auto *inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_newChat);
    buttons->addStretch();
    inputRow->addLayout(buttons);

    // Two rows so that the settings fit the window at its minimum width.
    auto *settings = new QGridLayout;
    settings->addWidget(m_maxTokensLabel, 0, 0);
    settings->addWidget(m_maxTokens, 0, 1);
    settings->addWidget(m_greedy, 0, 2);
    settings->addWidget(m_compare, 0, 3, 1, 3);
    settings->addWidget(m_temperatureLabel, 1, 0);
    settings->addWidget(m_temperature, 1, 1);
    settings->addWidget(m_topPLabel, 1, 2, Qt::AlignRight);
    settings->addWidget(m_topP, 1, 3);
    settings->addWidget(m_weightsLabel, 1, 4, Qt::AlignRight);
    settings->addWidget(m_weights, 1, 5);
    settings->setColumnStretch(6, 1);

    auto *systemRow = new QHBoxLayout;
    systemRow->addWidget(m_systemLabel);
    systemRow->addWidget(m_system, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(systemRow);
    layout->addWidget(columns, 1);
    layout->addLayout(inputRow);
    layout->addLayout(settings);
    layout->addWidget(m_status);

    m_renderTimer = new QTimer(this);
    m_renderTimer->setSingleShot(true);
    m_renderTimer->setInterval(kRenderIntervalMs);
    connect(m_renderTimer, &QTimer::timeout, this, &ChatWidget::render);
    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this, &ChatWidget::finishLoad);
    connect(&m_baseLoadWatcher, &QFutureWatcher<Loaded>::finished, this, &ChatWidget::finishBaseLoad);
    connect(&m_generation, &QFutureWatcher<Generated>::finished, this, &ChatWidget::finishGeneration);
    retranslate();
    updateButtons();
}

ChatWidget::~ChatWidget()
{
    if (m_stopFlag)
        m_stopFlag->store(true);
    m_generation.waitForFinished();
    m_loadWatcher.waitForFinished();
    m_baseLoadWatcher.waitForFinished();
}

bool ChatWidget::isLoading() const
{
    return m_loadWatcher.isRunning() || m_baseLoadWatcher.isRunning();
}

bool ChatWidget::isGenerating() const
{
    return m_generating;
}

bool ChatWidget::usesChatTemplate() const
{
    return m_session && m_session->hasChatTemplate();
}

bool ChatWidget::compareWithBase() const
{
    return m_compare->isChecked() && !m_basePath.isEmpty();
}

void ChatWidget::setModel(const QString &model, const QString &baseModel)
{
    if (isGenerating())
        stop();
    m_modelPath = model;
    if (baseModel != m_basePath) {
        m_baseSession.reset();
        m_basePath = baseModel;
    }
    m_session.reset();
    m_turns.clear();
    if (m_basePath.isEmpty())
        m_compare->setChecked(false);
    m_baseColumn->setVisible(compareWithBase());
    retranslate();
    if (!m_loadWatcher.isRunning())
        load(false);
    if (compareWithBase() && !m_baseSession && !m_baseLoadWatcher.isRunning())
        load(true);
    updateButtons();
}

void ChatWidget::load(bool base)
{
    (base ? m_baseLoadingPath : m_loadingPath) = base ? m_basePath : m_modelPath;
    const std::string path = (base ? m_basePath : m_modelPath).toStdString();
    m_statusMessage = tr("Loading %1…").arg(base ? m_basePath : m_modelPath);
    m_statusError = false;
    m_status->setText(m_statusMessage);
    m_status->setStyleSheet(QString());
    (base ? m_baseLoadWatcher : m_loadWatcher).setFuture(QtConcurrent::run([path]() {
        Loaded loaded;
        auto session = hone::ChatSession::open(path);
        if (session)
            loaded.session = std::make_shared<hone::ChatSession>(std::move(session).value());
        else
            loaded.error = QString::fromStdString(session.error().message);
        return loaded;
    }));
}

void ChatWidget::finishLoad()
{
    const Loaded loaded = m_loadWatcher.result();
    if (m_loadingPath != m_modelPath) { // the user chose another model while this one loaded
        load(false);
        return;
    }
    m_session = loaded.session;
    if (m_session)
        m_session->setSystemPrompt(m_appliedSystem.toStdString());
    if (!m_session) {
        m_statusMessage = tr("Could not load the model: %1").arg(loaded.error);
        m_statusError = true;
    } else {
        const QString seconds = QLocale().toString(m_session->loadSeconds(), 'f', 1);
        m_statusMessage = m_session->hasChatTemplate()
                              ? tr("Ready: %1, chat template from %2 (loaded in %3 s).")
                                    .arg(QString::fromStdString(m_session->architecture()),
                                         QString::fromStdString(m_session->chatTemplateOrigin()), seconds)
                              : tr("Ready: %1 has no chat template, so each message is continued as plain text (loaded in %2 s).")
                                    .arg(QString::fromStdString(m_session->architecture()), seconds);
        m_statusError = false;
    }
    m_status->setText(m_statusMessage);
    m_status->setStyleSheet(m_statusError ? QStringLiteral("color: #c62828;") : QString());
    render();
    updateButtons();
    Q_EMIT modelLoaded(m_session != nullptr, m_session ? m_statusMessage : loaded.error);
}

void ChatWidget::finishBaseLoad()
{
    const Loaded loaded = m_baseLoadWatcher.result();
    if (m_baseLoadingPath != m_basePath) {
        if (!m_basePath.isEmpty())
            load(true);
        return;
    }
    m_baseSession = loaded.session;
    if (m_baseSession) {
        m_baseSession->setSystemPrompt(m_appliedSystem.toStdString());
        m_statusMessage = tr("The base model %1 will answer beside the fine-tuned one.").arg(shortName(m_basePath));
        m_statusError = false;
    } else {
        m_statusMessage = tr("Could not load the base model: %1").arg(loaded.error);
        m_statusError = true;
        const QSignalBlocker block(m_compare);
        m_compare->setChecked(false);
        m_baseColumn->setVisible(false);
    }
    m_status->setText(m_statusMessage);
    m_status->setStyleSheet(m_statusError ? QStringLiteral("color: #c62828;") : QString());
    updateButtons();
    Q_EMIT baseLoaded(m_baseSession != nullptr, m_baseSession ? m_statusMessage : loaded.error);
}

void ChatWidget::setCompareWithBase(bool on)
{
    if (m_compare->isChecked() != on) {
        m_compare->setChecked(on); // toggled() comes back here
        return;
    }
    m_baseColumn->setVisible(compareWithBase());
    // Both columns answer the same conversation from its first message.
    if (compareWithBase() && !m_turns.isEmpty())
        newChat();
    if (compareWithBase() && !m_baseSession && !m_baseLoadWatcher.isRunning())
        load(true);
    render();
    updateButtons();
}

void ChatWidget::setGenerationOptions(const hone::GenerationOptions &options)
{
    m_maxTokens->setValue(options.maxNewTokens);
    m_greedy->setChecked(!options.sample);
    m_temperature->setValue(options.temperature);
    m_topP->setValue(options.topP);
    m_weights->setCurrentIndex(m_weights->findData(static_cast<int>(options.weights)));
}

hone::GenerationOptions ChatWidget::generationOptions() const
{
    hone::GenerationOptions options;
    options.maxNewTokens = m_maxTokens->value();
    options.sample = !m_greedy->isChecked();
    options.temperature = m_temperature->value();
    options.topP = m_topP->value();
    options.weights = static_cast<hone::WeightFormat>(m_weights->currentData().toInt());
    return options;
}

void ChatWidget::setMessage(const QString &text)
{
    m_input->setPlainText(text);
}

void ChatWidget::send()
{
    const QString text = m_input->toPlainText();
    if (text.trimmed().isEmpty() || !m_send->isEnabled())
        return;
    m_input->clear();
    sendText(text);
}

void ChatWidget::sendText(const QString &message)
{
    if (!m_session || isGenerating() || isLoading() || message.trimmed().isEmpty())
        return;
    const auto session = m_session;
    const auto base = compareWithBase() ? m_baseSession : nullptr;
    hone::GenerationOptions options = generationOptions();
    if (options.sample)
        options.seed = QRandomGenerator::global()->generate64(); // a new answer each time
    m_stopFlag = std::make_shared<std::atomic<bool>>(false);
    const auto stopFlag = m_stopFlag;
    Turn turn;
    turn.user = message;
    turn.answering = true;
    turn.baseAnswering = base != nullptr;
    m_turns << turn;
    m_statusMessage = tr("Generating…");
    m_statusError = false;
    m_status->setText(m_statusMessage);
    m_status->setStyleSheet(QString());
    render();
    const std::string text = message.toStdString();
    m_generating = true;
    m_generation.setFuture(QtConcurrent::run([this, session, base, options, stopFlag, text]() {
        // Pieces are posted to the GUI thread; the destructor waits for this thread, so `this` outlives it.
        const auto streamTo = [this, stopFlag](bool toBase) {
            return [this, stopFlag, toBase](const std::string &piece) {
                const QString p = QString::fromStdString(piece);
                QMetaObject::invokeMethod(this, [this, toBase, p] { appendPiece(toBase, p); }, Qt::QueuedConnection);
                return !stopFlag->load();
            };
        };
        const auto answer = [&](hone::ChatSession &s, bool toBase) {
            return s.hasChatTemplate() ? s.send(text, options, streamTo(toBase)) : s.complete(text, options, streamTo(toBase));
        };
        Generated g;
        QElapsedTimer clock;
        clock.start();
        auto result = answer(*session, false);
        if (!result) {
            g.error = QString::fromStdString(result.error().message);
            return g;
        }
        g.seconds = double(clock.nsecsElapsed()) / 1e9;
        g.tokens = int(result->tokens.size());
        g.stopReason = QString::fromStdString(result->stopReason);
        if (base && !stopFlag->load()) {
            auto baseResult = answer(*base, true);
            if (!baseResult) {
                g.error = QString::fromStdString(baseResult.error().message);
                return g;
            }
            g.baseStopReason = QString::fromStdString(baseResult->stopReason);
        }
        g.stopped = stopFlag->load();
        return g;
    }));
    updateButtons();
}

void ChatWidget::appendPiece(bool base, const QString &piece)
{
    if (m_turns.isEmpty())
        return;
    (base ? m_turns.last().baseAnswer : m_turns.last().answer) += piece;
    if (!m_renderTimer->isActive())
        m_renderTimer->start();
    Q_EMIT pieceReceived(base, piece);
}

void ChatWidget::finishGeneration()
{
    m_generating = false;
    const Generated g = m_generation.result();
    if (!m_turns.isEmpty()) {
        m_turns.last().answering = false;
        m_turns.last().baseAnswering = false;
    }
    if (!g.error.isEmpty()) {
        m_statusMessage = tr("Generation failed: %1").arg(g.error);
        m_statusError = true;
    } else {
        const QLocale locale;
        const double rate = g.seconds > 0 ? g.tokens / g.seconds : 0;
        m_statusMessage = tr("%n token(s) in %1 s (%2 tokens/s); ended by %3.", nullptr, g.tokens)
                              .arg(locale.toString(g.seconds, 'f', 1), locale.toString(rate, 'f', 1),
                                   stopReasonText(g.stopped ? QStringLiteral("stopped") : g.stopReason));
        m_statusError = false;
    }
    m_status->setText(m_statusMessage);
    m_status->setStyleSheet(m_statusError ? QStringLiteral("color: #c62828;") : QString());
    m_renderTimer->stop();
    render();
    updateButtons();
    Q_EMIT answerFinished(g.error.isEmpty(), g.error.isEmpty() ? m_statusMessage : g.error);
}

void ChatWidget::stop()
{
    if (m_stopFlag)
        m_stopFlag->store(true);
}

void ChatWidget::setSystemPrompt(const QString &system)
{
    if (m_system->text() != system)
        m_system->setText(system);
    if (system == m_appliedSystem || isGenerating())
        return;
    m_appliedSystem = system;
    for (const auto &session : {m_session, m_baseSession})
        if (session)
            session->setSystemPrompt(system.toStdString()); // also forgets the turns
    m_turns.clear();
    render();
    updateButtons();
}

QString ChatWidget::systemPrompt() const
{
    return m_appliedSystem;
}

QString ChatWidget::promptFor(const QString &message) const
{
    if (!m_session || isGenerating())
        return {};
    const auto prompt = m_session->renderPrompt(message.toStdString());
    return prompt ? QString::fromStdString(*prompt) : QString();
}

void ChatWidget::newChat()
{
    if (isGenerating())
        return;
    m_turns.clear();
    if (m_session)
        m_session->reset();
    if (m_baseSession)
        m_baseSession->reset();
    render();
    updateButtons();
}

QString ChatWidget::statusText() const
{
    return m_status->text();
}

QString ChatWidget::stopReasonText(const QString &reason) const
{
    if (reason == QLatin1String("eos"))
        return tr("the end of the answer");
    if (reason == QLatin1String("stop_string"))
        return tr("a stop string");
    if (reason == QLatin1String("max_new_tokens"))
        return tr("the limit of new tokens");
    if (reason == QLatin1String("context_full"))
        return tr("the full context");
    if (reason == QLatin1String("stopped"))
        return tr("Stop");
    return reason;
}

void ChatWidget::render()
{
    const auto html = [this](bool base) {
        if (m_turns.isEmpty()) {
            const QString hint = !m_session ? QString()
                                 : usesChatTemplate()
                                     ? tr("Type a message below and press Send (Ctrl+Enter). The conversation continues until New chat.")
                                     : tr("Type the start of a text below and press Send (Ctrl+Enter); the model continues it.");
            return QStringLiteral("<p style=\"color:gray;\">%1</p>").arg(hint.toHtmlEscaped());
        }
        QString out;
        if (!m_appliedSystem.isEmpty())
            out += QStringLiteral("<p><b>%1</b></p>").arg(tr("System").toHtmlEscaped()) + block(m_appliedSystem.toHtmlEscaped());
        for (const Turn &t : m_turns) {
            out += QStringLiteral("<p><b>%1</b></p>").arg(tr("You").toHtmlEscaped()) + block(t.user.toHtmlEscaped());
            const QString answer = base ? t.baseAnswer : t.answer;
            const bool answering = base ? t.baseAnswering : t.answering;
            out += QStringLiteral("<p><b>%1</b></p>").arg((base ? tr("Base model") : tr("Model")).toHtmlEscaped());
            if (!answering && shownAnswer(answer) != answer) // empty or whitespace only: say so
                out += block(QStringLiteral("<i style=\"color:gray;\">%1</i>").arg(shownAnswer(answer).toHtmlEscaped()));
            else
                out += block(answer.toHtmlEscaped() + (answering ? QStringLiteral("▍") : QString()));
        }
        return out;
    };
    for (QTextBrowser *view : {m_view, m_baseView}) {
        QScrollBar *bar = view->verticalScrollBar();
        const bool atEnd = bar->value() >= bar->maximum() - 4;
        const int position = bar->value();
        view->setHtml(html(view == m_baseView));
        bar->setValue(atEnd ? bar->maximum() : position); // follow the answer unless the user scrolled up
    }
}

void ChatWidget::updateButtons()
{
    const bool generating = isGenerating();
    const bool ready = m_session && !m_loadWatcher.isRunning() && !(compareWithBase() && m_baseLoadWatcher.isRunning());
    m_send->setEnabled(ready && !generating && !m_input->toPlainText().trimmed().isEmpty());
    m_stop->setEnabled(generating);
    m_newChat->setEnabled(ready && !generating && !m_turns.isEmpty());
    m_compare->setEnabled(!m_basePath.isEmpty() && !generating);
    m_system->setEnabled(!generating && (!m_session || usesChatTemplate()));
    m_temperature->setEnabled(!m_greedy->isChecked());
    m_topP->setEnabled(!m_greedy->isChecked());
    m_temperatureLabel->setEnabled(!m_greedy->isChecked());
    m_topPLabel->setEnabled(!m_greedy->isChecked());
}

void ChatWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatWidget::retranslate()
{
    m_title->setText(m_modelPath.isEmpty() ? tr("Model") : tr("Model: %1").arg(shortName(m_modelPath)));
    m_baseTitle->setText(tr("Base model: %1").arg(shortName(m_basePath)));
    m_input->setPlaceholderText(tr("Message (Ctrl+Enter sends)"));
    m_send->setText(tr("Send"));
    m_stop->setText(tr("Stop"));
    m_newChat->setText(tr("New chat"));
    m_systemLabel->setText(tr("S&ystem prompt:"));
    m_system->setPlaceholderText(tr("Optional: how the model should behave"));
    m_system->setToolTip(tr("Sent as the conversation's system message (empty: the chat template's default). Changing it starts a new chat."));
    m_maxTokensLabel->setText(tr("Max new tokens:"));
    m_greedy->setText(tr("Greedy"));
    m_greedy->setToolTip(tr("Always take the most likely token: the same message gives the same answer."));
    m_temperatureLabel->setText(tr("Temperature:"));
    m_topPLabel->setText(tr("Top-p:"));
    m_weightsLabel->setText(tr("&Weights:"));
    m_weights->setItemText(0, tr("Exact (f32)"));
    m_weights->setItemText(1, tr("Faster (bf16)"));
    m_weights->setItemText(2, tr("Fastest (q8_0)"));
    m_weights->setToolTip(tr("How new tokens read the model's weights: f32 exactly as loaded; bf16 or q8_0 copies move "
                             "half or a quarter of the bytes per token, so answers come faster, with logits within "
                             "rounding (a long answer can take another word)."));
    m_compare->setText(tr("Compare with base model"));
    m_compare->setToolTip(m_basePath.isEmpty() ? tr("Available for runs: the model the run started from answers beside it.")
                                               : tr("%1 answers each message beside the fine-tuned model.").arg(m_basePath));
    if (m_statusMessage.isEmpty())
        m_status->setText(tr("Choose a language-model run, a model folder or a .gguf file to chat with."));
    render();
}

} // namespace hone::ui

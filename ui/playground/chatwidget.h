#pragma once
// The playground of a language model (an sft or pretrain run, a decoder folder or a .gguf file):
// a multi-turn chat rendered with the model's chat template by core (ChatSession), the answer
// streamed piece by piece from a pool thread while the window stays responsive, a Stop button,
// the generation settings (max new tokens, greedy or sampling with temperature and top-p, the
// weights new tokens read: f32, bf16 or q8_0), and "Compare with base model": the model the run
// started from answers the same messages in a column beside the fine-tuned one (one after the
// other on the same thread: two cores are better spent on one model at a time). Models without a chat template continue the text instead.
#include "core/models/generationoptions.h"

#include <QFutureWatcher>
#include <QList>
#include <QString>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class QTimer;

namespace hone {
class ChatSession;
}

namespace hone::ui {

class ChatWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChatWidget(QWidget *parent = nullptr);
    ~ChatWidget() override; // stops a generation and waits for its thread

    // Loads model (a run folder's trained model, a model folder or a .gguf file) in the background;
    // baseModel is the model the run started from ("" when there is none: no comparison).
    void setModel(const QString &model, const QString &baseModel);
    QString model() const { return m_modelPath; }
    QString baseModel() const { return m_basePath; }
    bool isLoading() const;
    bool isGenerating() const;
    bool isReady() const { return m_session != nullptr; }
    bool usesChatTemplate() const; // false: the model has none, messages are continued as text

    void setCompareWithBase(bool on); // loads the base model the first time
    bool compareWithBase() const;
    void setGenerationOptions(const hone::GenerationOptions &options);
    hone::GenerationOptions generationOptions() const;
    void setMessage(const QString &text); // the text in the input box
    // The system message every conversation starts with ("" = none: the template's default applies).
    // A different one starts a new chat: the turns so far were answered under the old one.
    void setSystemPrompt(const QString &system);
    QString systemPrompt() const;
    // What the model is given for message next: the template rendered over the system prompt, the
    // conversation so far and message ("" without a loaded model or template).
    QString promptFor(const QString &message) const;

    // The conversation so far: what the user sent and each model's answer (streamed ones grow).
    struct Turn {
        QString user;
        QString answer;
        QString baseAnswer;
        bool answering = false;     // the answer is still streaming
        bool baseAnswering = false;
    };
    QList<Turn> turns() const { return m_turns; }
    QString statusText() const;
    QTextBrowser *answerView() const { return m_view; }
    QTextBrowser *baseView() const { return m_baseView; }

public Q_SLOTS:
    void send();          // the input box's text
    void sendText(const QString &message);
    void stop();          // ends the answer being generated (what came so far stays)
    void newChat();       // forgets the conversation (not while generating)

Q_SIGNALS:
    void modelLoaded(bool ok, const QString &message);
    void baseLoaded(bool ok, const QString &message);
    // Each piece of an answer as it arrives (base: the base model's column).
    void pieceReceived(bool base, const QString &piece);
    // Both answers of a turn are done (ok false: message says why).
    void answerFinished(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Loaded {
        std::shared_ptr<hone::ChatSession> session;
        QString error;
    };
    struct Generated {
        QString error;
        QString stopReason, baseStopReason;
        int tokens = 0;
        double seconds = 0;
        bool stopped = false;
    };

    void retranslate();
    void load(bool base);
    void finishLoad();
    void finishBaseLoad();
    void finishGeneration();
    void appendPiece(bool base, const QString &piece);
    void render();
    void updateButtons();
    QString stopReasonText(const QString &reason) const;

    QLabel *m_status = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_baseTitle = nullptr;
    QWidget *m_baseColumn = nullptr;
    QTextBrowser *m_view = nullptr;
    QTextBrowser *m_baseView = nullptr;
    QPlainTextEdit *m_input = nullptr;
    QLabel *m_systemLabel = nullptr;
    QLineEdit *m_system = nullptr;
    QString m_appliedSystem; // what the sessions hold
    QPushButton *m_send = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_newChat = nullptr;
    QLabel *m_maxTokensLabel = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QCheckBox *m_greedy = nullptr;
    QLabel *m_weightsLabel = nullptr;
    QComboBox *m_weights = nullptr;
    QLabel *m_temperatureLabel = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QLabel *m_topPLabel = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QCheckBox *m_compare = nullptr;
    QTimer *m_renderTimer = nullptr;

    QString m_modelPath, m_basePath;
    QString m_loadingPath, m_baseLoadingPath; // what the load watchers are loading
    std::shared_ptr<hone::ChatSession> m_session, m_baseSession;
    QFutureWatcher<Loaded> m_loadWatcher, m_baseLoadWatcher;
    QFutureWatcher<Generated> m_generation;
    // Set on the GUI thread from send() until finishGeneration(): the pieces the worker posted
    // arrive before its finished event, so every piece is shown while this is still true.
    bool m_generating = false;
    std::shared_ptr<std::atomic<bool>> m_stopFlag;
    QList<Turn> m_turns;
    QString m_statusMessage;
    bool m_statusError = false;
};

} // namespace hone::ui

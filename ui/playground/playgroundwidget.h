#pragma once
// Try a fine-tuned model: pick a run (its best model) or an exported model folder, type or paste
// a text and see the predicted label with a probability bar per class; or predict a whole file
// (CSV/TSV with a text column, or TXT with one text per line) into a CSV with the same columns as
// `hone-cli predict` (text, label, p_<label>...), written atomically. Loading and predicting run
// on pool threads; the widget stays responsive. A language model (an sft or pretrain run, a
// decoder folder) gets the chat view instead (chatwidget.h).
#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace hone {
class Predictor;
}

namespace hone::ui {

class ChatWidget;
class ProbabilityBarsWidget;

class PlaygroundWidget : public QWidget {
    Q_OBJECT
public:
    explicit PlaygroundWidget(QWidget *parent = nullptr);
    ~PlaygroundWidget() override;

    void setRunsRoot(const QString &root);     // offers the finished runs
    void setModel(const QString &runOrModelDir); // loads it in the background (modelLoaded follows)
    QString modelDir() const { return m_modelDir; }
    QStringList labels() const { return m_labels; }
    bool isBusy() const;
    // Whether the chosen model is a language model (the chat view shows) rather than a classifier.
    bool isChatModel() const;
    ChatWidget *chat() const { return m_chat; }
    // A run folder's task and base model, or a model folder's kind: true for language models;
    // *baseModel is the model a run started from ("" for a model folder).
    static bool isLanguageModel(const QString &runOrModelDir, QString *baseModel = nullptr);

    void setText(const QString &text);
    // The columns of a CSV/TSV file (empty for a TXT file, one text per line); *error when unreadable.
    static QStringList fileColumns(const QString &file, QString *error);

public Q_SLOTS:
    void predictText();
    // Predicts every row of input into output (CSV); column: the text column of a CSV/TSV.
    void predictFile(const QString &input, const QString &output, const QString &column = {});
    void cancelFile();

Q_SIGNALS:
    void modelLoaded(bool ok, const QString &message);
    void textPredicted(const QString &label, double probability);
    void filePredicted(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Loaded {
        std::shared_ptr<hone::Predictor> predictor;
        QString error;
    };
    struct TextResult {
        int label = -1;
        std::vector<float> probabilities;
        QString error;
    };
    struct FileResult {
        int rows = 0;
        QString error;
    };

    void retranslate();
    void chooseModelFolder();
    void chooseInput();
    void chooseOutput();
    void modelChosen();
    void updateButtons();
    void finishLoad();
    void finishText();
    void finishFile();

    QLabel *m_modelLabel = nullptr;
    QComboBox *m_model = nullptr;
    QPushButton *m_browseModel = nullptr;
    QLabel *m_modelStatus = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QPushButton *m_predict = nullptr;
    QLabel *m_prediction = nullptr;
    ProbabilityBarsWidget *m_bars = nullptr;
    QLabel *m_inputLabel = nullptr, *m_columnLabel = nullptr, *m_outputLabel = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_browseInput = nullptr;
    QComboBox *m_column = nullptr;
    QLineEdit *m_output = nullptr;
    QPushButton *m_browseOutput = nullptr;
    QPushButton *m_predictFile = nullptr;
    QPushButton *m_cancelFile = nullptr;
    QProgressBar *m_fileProgress = nullptr;
    QLabel *m_fileStatus = nullptr;
    QTimer *m_typingTimer = nullptr;
    QStackedWidget *m_pages = nullptr;
    ChatWidget *m_chat = nullptr;

    std::shared_ptr<hone::Predictor> m_predictor;
    QString m_modelDir;
    QStringList m_labels;
    QFutureWatcher<Loaded> m_loadWatcher;
    QFutureWatcher<TextResult> m_textWatcher;
    QFutureWatcher<FileResult> m_fileWatcher;
    std::shared_ptr<std::atomic<bool>> m_fileCancel;
    QString m_fileOutput;
    bool m_textPending = false;
};

} // namespace hone::ui

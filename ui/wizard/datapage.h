#pragma once
// Wizard page 2: the data. Classification: a CSV, TSV or JSON Lines file (Browse…, drag and drop,
// recent files), its encoding, which columns hold the text (and an optional second text) and the
// label, a preview of the first rows, the labels with their counts, and the dataset report's
// findings in words. Language-model tasks: instruction data (Alpaca, ShareGPT, OpenAI messages;
// JSON or JSON Lines) or plain text, the chat template (the model's own or a built-in one), each
// conversation as the model reads it with the learned tokens highlighted, and the token lengths
// under the template. Reading happens on a worker thread; errors name the file and line.
#include "core/data/datasetreport.h"
#include "core/train/trainingconfig.h"
#include "ui/wizard/lmdata.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace hone::ui {

class PageMessage;

struct DataLoadResult {
    int generation = 0;
    QString path;
    QStringList columns;                 // all columns of the file (CSV header, JSON keys)
    QVector<QStringList> preview;        // the first rows, one string per column
    QString readError;                   // the file itself cannot be read (encoding, broken CSV, ...)
    QString datasetError;                // the file reads, but the columns/labels do not make a dataset
    std::shared_ptr<const Dataset> dataset;
    DatasetReport report;
    QString textColumn, text2Column, labelColumn; // as resolved
    QString format, encoding, delimiter; // as detected
};

class DataPage : public QWizardPage {
    Q_OBJECT
public:
    explicit DataPage(QWidget *parent = nullptr);
    ~DataPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void loadConfig(const TrainingConfig &config);
    // Sets data.file (the split page turns it into data.train for per-split files), columns, encoding.
    void applyTo(TrainingConfig &config) const;

    // "classification", "sft" or "pretrain": what the file must hold and how it is shown.
    void setTask(const QString &task);
    QString task() const { return m_task; }
    bool isLanguageModelTask() const { return m_task != QLatin1String("classification"); }
    // The model whose tokenizer and chat template the language-model preview uses.
    void setModelPath(const QString &path);
    // The chat template: empty for the model's own, a built-in name, or a .jinja file.
    void setChatTemplate(const QString &choice);
    QString chatTemplate() const { return m_templateChoice; }
    // The max length the language-model report measures truncation at (the hyperparameters page's).
    void setMaxLength(int maxLength);
    int maxLength() const { return m_maxLength; }
    const LmDataResult &lmResult() const { return m_lm; }
    // Shows the preview's sample `index` (0-based) in the conversation view.
    void showSample(int index);

    // Reads a file (on a worker thread); columns are detected unless set afterwards.
    void setFile(const QString &path);
    QString file() const { return m_path; }
    void setEncoding(const QString &name); // "auto", "utf-8", ...
    QString encoding() const;
    // Column mapping; an empty text2 means no second text. Reloads.
    void setColumns(const QString &text, const QString &text2, const QString &label);
    QString textColumn() const;
    QString text2Column() const;
    QString labelColumn() const;

    // True from a request until its result is shown.
    bool isLoading() const { return m_appliedGeneration != m_generation; }
    // Classification: the labelled rows. Language-model tasks: one unlabelled row per sample.
    std::shared_ptr<const Dataset> dataset() const;
    const DatasetReport &report() const { return m_result.report; }
    hone::ReadOptions readOptions() const;

    // The duplicates fix: writes the data with every text once to `outPath` (CSV) and switches
    // the page to that file; false with the reason on the page.
    bool removeDuplicates(const QString &outPath);
    QPushButton *removeDuplicatesButton() const { return m_dedupe; }

    PageMessage *message() const { return m_message; }
    PageMessage *warnings() const { return m_warnings; }
    QTableView *previewTable() const { return m_preview; }
    QTableWidget *labelTable() const { return m_labels; }
    QComboBox *templateCombo() const { return m_template; }
    QListWidget *sampleList() const { return m_samples; }
    QTextBrowser *conversationView() const { return m_conversation; }
    QLabel *lmReportLabel() const { return m_lmReport; }

Q_SIGNALS:
    void datasetChanged();

protected:
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void retranslate();
    void browse();
    void askRemoveDuplicates();
    void reload();
    void loadFinished();
    void fillColumns();
    void updateView();
    void updateMessage();
    void refreshRecent();
    void lmLoadFinished();
    void updateLmView();
    void updateLmReport();
    void fillTemplates();
    void templateActivated(int index);

    QComboBox *m_fileCombo = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_dropHint = nullptr;
    QLabel *m_encodingLabel = nullptr;
    QComboBox *m_encoding = nullptr;
    QLabel *m_detected = nullptr;
    QLabel *m_textLabel = nullptr;
    QComboBox *m_textColumn = nullptr;
    QLabel *m_text2Label = nullptr;
    QComboBox *m_text2Column = nullptr;
    QLabel *m_labelLabel = nullptr;
    QComboBox *m_labelColumn = nullptr;
    QLabel *m_previewTitle = nullptr;
    QTableView *m_preview = nullptr;
    QStandardItemModel *m_previewModel = nullptr;
    QLabel *m_labelsTitle = nullptr;
    QTableWidget *m_labels = nullptr;
    PageMessage *m_warnings = nullptr;
    QPushButton *m_dedupe = nullptr;
    PageMessage *m_message = nullptr;
    QWidget *m_classificationBox = nullptr;
    QWidget *m_lmBox = nullptr;
    QLabel *m_templateLabel = nullptr;
    QComboBox *m_template = nullptr;
    QLabel *m_lmDetected = nullptr;
    QLabel *m_samplesTitle = nullptr;
    QListWidget *m_samples = nullptr;
    QLabel *m_legend = nullptr;
    QTextBrowser *m_conversation = nullptr;
    QLabel *m_lmReport = nullptr;

    QString m_task = QStringLiteral("classification");
    QString m_modelPath;
    QString m_templateChoice;
    int m_maxLength = 512;
    QFutureWatcher<LmDataResult> m_lmLoading;
    LmDataResult m_lm;
    QString m_path;
    // The mapping asked for (empty: detect); the combos show the resolved one.
    QString m_wantText, m_wantText2, m_wantLabel;
    bool m_wantNoText2 = false;
    bool m_updating = false;
    int m_generation = 0;
    int m_appliedGeneration = 0;
    QFutureWatcher<DataLoadResult> m_loading;
    DataLoadResult m_result;
};

} // namespace hone::ui

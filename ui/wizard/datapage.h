#pragma once
// Wizard page 2: the data. A CSV, TSV or JSON Lines file (Browse…, drag and drop, recent files),
// its encoding, which columns hold the text (and an optional second text) and the label, a preview
// of the first rows, the labels with their counts, and the dataset report's findings in words.
// Reading happens on a worker thread; errors name the file and line.
#include "core/data/datasetreport.h"
#include "core/train/trainingconfig.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTableWidget;

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
    std::shared_ptr<const Dataset> dataset() const { return m_result.dataset; }
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

#pragma once
// Wizard page 3: how the rows are split. Ratios for one file (spin boxes that keep the sum at
// 100%), or separate validation/test files; stratified or not; the seed. A table shows the rows
// per class and split, recomputed live with core's splitter, and leakage between splits is flagged.
// Language-model data split the same way (the validation share gives the validation loss and the
// sample answers), without labels to stratify by: the table shows the samples per split.
#include "core/data/datasetreport.h"
#include "core/train/trainingconfig.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <memory>

class QButtonGroup;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace hone::ui {

class PageMessage;

struct SplitResult {
    int generation = 0;
    std::shared_ptr<const Dataset> dataset; // the rows split (per-file mode: all files read together)
    SplitIndices splits;
    DatasetReport report;
    QString error;
};

class SplitPage : public QWizardPage {
    Q_OBJECT
public:
    explicit SplitPage(QWidget *parent = nullptr);
    ~SplitPage() override;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void loadConfig(const TrainingConfig &config);
    void applyTo(TrainingConfig &config) const;

    // Percentages; setting one keeps the sum at 100 by adjusting test (or validation, for test).
    void setRatios(int train, int validation, int test);
    int trainPercent() const;
    int validationPercent() const;
    int testPercent() const;
    void setSeparateFiles(bool separate);
    bool separateFiles() const;
    void setValidationFile(const QString &path);
    void setTestFile(const QString &path);
    void setStratify(bool stratify);
    void setSeed(std::uint64_t seed);
    // "classification", "sft" or "pretrain" (set by the wizard from the model page).
    void setTask(const QString &task);

    // True from a change until its split is shown.
    bool isBusy() const { return m_debouncePending || m_result.generation != m_generation; }
    // The dataset that will be trained on and its split (empty while not computed).
    std::shared_ptr<const Dataset> dataset() const { return m_result.dataset; }
    const SplitIndices &splits() const { return m_result.splits; }
    const DatasetReport &report() const { return m_result.report; }

    // The leakage fix. Separate files: copies of the validation and test files without the texts
    // an earlier split has (written next to them, "-without-leaks.csv"), then used. One file: the
    // data page's de-duplicated copy. False with the reason on the page.
    bool dropLeakedRows();
    QPushButton *dropLeakedButton() const { return m_dropLeaked; }

    PageMessage *message() const { return m_message; }
    QTableWidget *countsTable() const { return m_counts; }
    QSpinBox *trainSpin() const { return m_train; }
    QSpinBox *validationSpin() const { return m_validation; }
    QSpinBox *testSpin() const { return m_test; }

Q_SIGNALS:
    void splitChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void ratioEdited(QSpinBox *edited);
    void updateModeWidgets();
    void schedule();
    void recompute();
    void splitFinished();
    void updateTable();
    void updateMessage();
    QString ratioProblem() const;
    QString browseFile(const QString &title);

    QRadioButton *m_byRatio = nullptr;
    QRadioButton *m_byFiles = nullptr;
    QButtonGroup *m_mode = nullptr;
    QWidget *m_ratioBox = nullptr;
    QLabel *m_trainLabel = nullptr;
    QLabel *m_validationLabel = nullptr;
    QLabel *m_testLabel = nullptr;
    QSpinBox *m_train = nullptr;
    QSpinBox *m_validation = nullptr;
    QSpinBox *m_test = nullptr;
    QLabel *m_sum = nullptr;
    QWidget *m_filesBox = nullptr;
    QLabel *m_validationFileLabel = nullptr;
    QLabel *m_testFileLabel = nullptr;
    QLineEdit *m_validationFile = nullptr;
    QLineEdit *m_testFile = nullptr;
    QPushButton *m_browseValidation = nullptr;
    QPushButton *m_browseTest = nullptr;
    QLabel *m_filesHint = nullptr;
    QCheckBox *m_stratify = nullptr;
    QLabel *m_seedLabel = nullptr;
    QSpinBox *m_seed = nullptr;
    QLabel *m_countsTitle = nullptr;
    QTableWidget *m_counts = nullptr;
    PageMessage *m_warnings = nullptr;
    QPushButton *m_dropLeaked = nullptr;
    PageMessage *m_message = nullptr;

    QString m_task = QStringLiteral("classification");
    bool m_adjusting = false;
    bool m_debouncePending = false;
    QTimer *m_debounce = nullptr;
    int m_generation = 0;
    QFutureWatcher<SplitResult> m_splitting;
    SplitResult m_result;
};

} // namespace hone::ui

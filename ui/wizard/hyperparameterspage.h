#pragma once
// Wizard page 4: hyperparameters. Its fields are generated from the training options table
// (core/train/trainingoptions.h): one group box per table group, one field per row, with the
// row's range, help (tooltip, with the Hugging Face name and hone-cli flag) and value. A preset
// (Quick / Balanced / Thorough) fills every field; the training group comes first, the others sit
// in a folded "Advanced" section. A value out of range gets a message under its field, and
// unusual values a warning with the reason. max_length shows how many of the dataset's texts it
// would truncate, counted with the model's own tokenizer (for language-model data: the data page's
// token lengths under the chat template). Only the options of the run's task are shown (the
// table's rows say which tasks they apply to), and the metric list is the task's.
#include "core/train/trainingconfig.h"
#include "core/train/trainingoptions.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <map>
#include <memory>
#include <vector>

class QComboBox;
class QFormLayout;
class QGridLayout;
class QGroupBox;
class QLabel;
class QScrollArea;
class QSpinBox;

namespace hone::ui {

class CollapsibleSection;
class PageMessage;

// Token counts per text of the training rows (special tokens included), sorted ascending.
struct TokenLengths {
    QString modelPath;
    const void *dataset = nullptr; // identity of the dataset counted
    std::vector<int> sorted;
    bool sampled = false;          // counted on a sample of the rows
    bool languageModel = false;    // samples under the chat template (from the data page)
    QString error;                 // the tokenizer could not be loaded
};

class HyperparametersPage : public QWizardPage {
    Q_OBJECT
public:
    explicit HyperparametersPage(QWidget *parent = nullptr);
    ~HyperparametersPage() override;

    void initializePage() override;
    bool validatePage() override;
    bool isComplete() const override;

    void loadConfig(const TrainingConfig &config);
    void applyTo(TrainingConfig &config) const;
    void applyPreset(TrainingPreset preset);
    void setThreads(int threads);
    // "classification", "sft" or "pretrain": shows that task's options and fits an untouched preset to it.
    void setTask(const QString &task);

    // Share of texts longer than maxLength tokens (0..1), or -1 while unknown.
    double truncatedShare(int maxLength) const;
    double meanTokens() const; // 0 while unknown
    bool isCountingTokens() const { return m_countPending; }

    PageMessage *message() const { return m_message; }
    QComboBox *presetCombo() const { return m_preset; }
    QLabel *presetHint() const { return m_presetHint; }
    QSpinBox *maxLengthSpin() const;
    QLabel *truncationLabel() const { return m_truncation; }
    // The field of an option (nullptr for options shown on other pages) and the line under it
    // that says what is wrong or unusual about its value (hidden when nothing is).
    QWidget *editor(const std::string &key) const;
    QLabel *fieldNote(const std::string &key) const;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Field {
        const TrainingOption *option = nullptr;
        QWidget *editor = nullptr;
        QLabel *label = nullptr; // none for check boxes (their text is the label)
        QLabel *note = nullptr;
        QFormLayout *form = nullptr;
        bool shown = true; // the option applies to the run's task
    };

    void retranslate();
    void buildForm();
    Field &addField(const TrainingOption &option, QFormLayout *form);
    void fieldChanged();
    void updatePresetCombo();
    void updatePresetHintHeight();
    void updateTruncation();
    void updateDependentFields();
    void updateFieldNotes();
    void startTokenCount();
    void showTaskOptions();   // the fields and groups of m_hidden.task
    void fillMetricChoices(); // the task's metrics
    PresetData presetData() const;
    // Two columns of advanced groups when they fit, one when the page is narrow.
    void reflowAdvanced();
    QString checkForm() const; // what is wrong, in words; empty when fine
    QString fieldProblem(const Field &field) const;
    QString fieldWarning(const Field &field) const;

    QComboBox *m_preset = nullptr;
    QLabel *m_presetHint = nullptr;
    QLabel *m_truncation = nullptr;
    std::vector<Field> m_fields; // table order
    std::map<std::string, std::size_t> m_fieldIndex;
    QGroupBox *m_basicGroup = nullptr;
    std::vector<std::pair<QGroupBox *, const OptionGroup *>> m_groups; // basic first, then advanced
    CollapsibleSection *m_advanced = nullptr;
    QGridLayout *m_advancedGrid = nullptr;
    QScrollArea *m_scroll = nullptr;
    int m_advancedColumns = 2;
    PageMessage *m_message = nullptr;
    QList<QPair<QLabel *, const char *>> m_labels; // page labels with their untranslated text

    TrainingConfig m_hidden;   // fields this page does not show (kept from loadConfig)
    bool m_loading = false;
    bool m_touched = false;    // a preset or a config was applied (initializePage keeps it)
    int m_presetApplied = -1;  // the preset last applied while no field has been edited since
    QFutureWatcher<TokenLengths> m_counting;
    TokenLengths m_lengths;
    bool m_countPending = false;
};

} // namespace hone::ui

#pragma once
// Wizard page 4: hyperparameters. A preset (Quick / Balanced / Thorough) fills every field; the
// basic fields come first, all other TrainingConfig options sit in a folded "Advanced" section.
// Tooltips explain each option and name its Hugging Face TrainingArguments key. max_length shows
// how many of the dataset's texts it would truncate, counted with the model's own tokenizer.
#include "core/train/trainingconfig.h"

#include <QFutureWatcher>
#include <QWizardPage>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGridLayout;
class QScrollArea;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace hone::ui {

class CollapsibleSection;
class LearningRateSpinBox;
class PageMessage;

// Token counts per text of the training rows (special tokens included), sorted ascending.
struct TokenLengths {
    QString modelPath;
    const void *dataset = nullptr; // identity of the dataset counted
    std::vector<int> sorted;
    bool sampled = false;          // counted on a sample of the rows
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

    // Share of texts longer than maxLength tokens (0..1), or -1 while unknown.
    double truncatedShare(int maxLength) const;
    double meanTokens() const; // 0 while unknown
    bool isCountingTokens() const { return m_countPending; }

    PageMessage *message() const { return m_message; }
    QComboBox *presetCombo() const { return m_preset; }
    QSpinBox *maxLengthSpin() const { return m_maxLength; }
    QLabel *truncationLabel() const { return m_truncation; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void buildForm();
    void fieldChanged();
    void updatePresetCombo();
    void updateTruncation();
    void updateDependentFields();
    void startTokenCount();
    // Two columns of advanced groups when they fit, one when the page is narrow.
    void reflowAdvanced();
    QString checkForm() const; // what is wrong, in words; empty when fine

    // Basic.
    QComboBox *m_preset = nullptr;
    QLabel *m_presetHint = nullptr;
    QDoubleSpinBox *m_epochs = nullptr;
    LearningRateSpinBox *m_learningRate = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_maxLength = nullptr;
    QLabel *m_truncation = nullptr;
    QComboBox *m_evalStrategy = nullptr;
    QSpinBox *m_evalSteps = nullptr;
    QComboBox *m_metric = nullptr;
    // Advanced: optimizer.
    QComboBox *m_optim = nullptr;
    QDoubleSpinBox *m_weightDecay = nullptr;
    QDoubleSpinBox *m_beta1 = nullptr;
    QDoubleSpinBox *m_beta2 = nullptr;
    LearningRateSpinBox *m_epsilon = nullptr;
    QDoubleSpinBox *m_momentum = nullptr;
    QCheckBox *m_nesterov = nullptr;
    QDoubleSpinBox *m_maxGradNorm = nullptr;
    QSpinBox *m_gradAccum = nullptr;
    // Advanced: schedule.
    QComboBox *m_scheduler = nullptr;
    QDoubleSpinBox *m_warmupRatio = nullptr;
    QSpinBox *m_warmupSteps = nullptr;
    QSpinBox *m_maxSteps = nullptr;
    // Advanced: evaluation and checkpoints.
    QSpinBox *m_evalBatchSize = nullptr;
    QSpinBox *m_loggingSteps = nullptr;
    QCheckBox *m_greaterIsBetter = nullptr;
    QCheckBox *m_loadBest = nullptr;
    QSpinBox *m_patience = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QSpinBox *m_saveLimit = nullptr;
    // Advanced: regularisation and freezing.
    QDoubleSpinBox *m_labelSmoothing = nullptr;
    QComboBox *m_classWeights = nullptr;
    QCheckBox *m_freezeEmbeddings = nullptr;
    QSpinBox *m_freezeLayers = nullptr;
    // Advanced: LoRA.
    QGroupBox *m_loraGroup = nullptr;
    QSpinBox *m_loraRank = nullptr;
    QDoubleSpinBox *m_loraAlpha = nullptr;
    QDoubleSpinBox *m_loraDropout = nullptr;
    // Advanced: speed.
    QCheckBox *m_bf16 = nullptr;
    QCheckBox *m_groupByLength = nullptr;
    QSpinBox *m_threads = nullptr;

    QGroupBox *m_basicGroup = nullptr;
    QGroupBox *m_optimGroup = nullptr;
    QGroupBox *m_scheduleGroup = nullptr;
    QGroupBox *m_evalGroup = nullptr;
    QGroupBox *m_regGroup = nullptr;
    QGroupBox *m_speedGroup = nullptr;
    CollapsibleSection *m_advanced = nullptr;
    QGridLayout *m_advancedGrid = nullptr;
    QScrollArea *m_scroll = nullptr;
    int m_advancedColumns = 2;
    PageMessage *m_message = nullptr;
    QList<QPair<QLabel *, const char *>> m_labels; // form labels with their untranslated text

    TrainingConfig m_hidden;   // fields this page does not show (kept from loadConfig)
    bool m_loading = false;
    bool m_touched = false;    // a preset or a config was applied (initializePage keeps it)
    QFutureWatcher<TokenLengths> m_counting;
    TokenLengths m_lengths;
    bool m_countPending = false;
};

} // namespace hone::ui

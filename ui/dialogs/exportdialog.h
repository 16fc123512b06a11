#pragma once
// File ▸ Export model…: pick a run and its checkpoint (best or last), the format and a destination.
// Classifiers export as a Hugging Face folder or ONNX; language models (sft, pretrain) as a Hugging
// Face folder, a PEFT adapter (LoRA runs) or one GGUF file (F16, Q8_0, BF16) for llama.cpp/Ollama.
// The export runs on a pool thread (QtConcurrent) with a progress bar; afterwards the dialog says
// in words which loader read the export back and how it compared with the run.
//
//   ExportDialog dialog(this);
//   dialog.setRunsRoot(runsRoot);
//   dialog.setRun(currentRunDir);
//   dialog.exec();
#include "core/export/modelexport.h"
#include "core/util/result.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QStringList>

#include <optional>
#include <string>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace hone::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    struct Outcome {
        bool ok = false;
        hone::ExportReport report;
        hone::ErrorCode code = hone::ErrorCode::Internal;
        QString error;
    };

    explicit ExportDialog(QWidget *parent = nullptr);
    ~ExportDialog() override;

    void setRunsRoot(const QString &root); // the runs that have checkpoints
    void setRun(const QString &runDir);    // selects it (adds it to the list if needed)
    QString runDir() const;
    void setDestination(const QString &dir);
    QString destination() const;
    void setCheckpoint(hone::ExportCheckpoint checkpoint);

    bool isRunning() const;
    QString resultText() const;
    // The export formats offered for a run: "hf", "onnx" (classifiers), "peft" (LoRA language
    // models), "gguf-f16", "gguf-q8_0", "gguf-bf16" (language models) - hone-cli's names.
    static QStringList formatKeys(bool languageModel, bool lora);
    QString formatKey() const;
    void setFormat(const QString &key);
    // The options an export in that format runs with (format and GGUF weight type).
    static void applyFormat(const QString &key, hone::ExportOptions &options);
    // The verification sentences for a report ("Reloaded the export and compared ...", then which
    // loader read it back and where the model card is); formatKey as above.
    static QString verificationText(const hone::ExportReport &report, const QString &formatKey = QStringLiteral("hf"));
    // The first sentence only: how close the reloaded export is (predictions, or logits for LMs).
    static QString verdictText(const hone::ExportReport &report);
    // metric_for_best_model in words ("accuracy", "macro F1", ...).
    static QString metricName(const std::string &metric);

public Q_SLOTS:
    void startExport();

Q_SIGNALS:
    void exported(const QString &outDir);
    void exportFailed(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void reject() override;

private:
    void retranslate();
    void runChanged();
    void updateDefaultDestination();
    void browseRun();
    void browseDestination();
    void finishExport();
    void updateButtons();
    void formatChanged();
    bool isFileFormat() const; // GGUF: one file, not a folder

    QComboBox *m_run = nullptr;
    QPushButton *m_browseRun = nullptr;
    QRadioButton *m_best = nullptr;
    QRadioButton *m_last = nullptr;
    QComboBox *m_format = nullptr;
    QLineEdit *m_destination = nullptr;
    QPushButton *m_browseDestination = nullptr;
    QCheckBox *m_verify = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_result = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_open = nullptr;
    QLabel *m_runLabel = nullptr, *m_checkpointLabel = nullptr, *m_formatLabel = nullptr, *m_destinationLabel = nullptr;
    QFutureWatcher<Outcome> m_watcher;
    QString m_bestText, m_lastText;
    std::int64_t m_bestStep = -1, m_lastStep = -1;
    std::optional<double> m_bestValue;
    std::string m_bestMetric;
    bool m_destinationEdited = false;
    bool m_languageModel = false, m_lora = false;
    QString m_resultText;
    QString m_exportedFormat; // the format of the export running or last done
};

} // namespace hone::ui

#pragma once
// File ▸ Export model…: pick a run and its checkpoint (best or last), the format (a Hugging Face
// folder) and a destination. The export runs on a pool thread (QtConcurrent) with a progress bar;
// afterwards the dialog says in words how the reloaded export compared with the run.
//
//   ExportDialog dialog(this);
//   dialog.setRunsRoot(runsRoot);
//   dialog.setRun(currentRunDir);
//   dialog.exec();
#include "core/export/modelexport.h"
#include "core/util/result.h"

#include <QDialog>
#include <QFutureWatcher>

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
    // The verification sentences for a report ("Reloaded the export and compared ...", then which
    // loader read it back and where the model card is).
    static QString verificationText(const hone::ExportReport &report);
    // The first sentence only: how close the reloaded export's predictions are.
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
    QString m_resultText;
};

} // namespace hone::ui

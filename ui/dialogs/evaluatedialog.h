#pragma once
// Run > Evaluate on a File…: the twin of `hone-cli eval`. A finished run's model on a new
// labelled file (CSV, TSV, JSON Lines; text and label columns detected): accuracy, macro F1,
// per-class precision/recall/F1 and the confusion matrix. Reading and predicting run off the GUI
// thread; errors name the file and line.
#include "core/eval/metrics.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace hone::ui {

class ClassMetricsTable;
class ConfusionHeatmap;

struct FileEvaluation {
    std::optional<hone::ClassificationMetrics> metrics;
    QString error;
};

class EvaluateDialog : public QDialog {
    Q_OBJECT
public:
    explicit EvaluateDialog(const QString &runDir, QWidget *parent = nullptr);
    ~EvaluateDialog() override;

    // Evaluates on `file` (asynchronously; finished() follows).
    void evaluate(const QString &file);
    bool isRunning() const { return m_watcher.isRunning(); }
    QString resultText() const;
    std::optional<hone::ClassificationMetrics> metrics() const { return m_result.metrics; }
    ConfusionHeatmap *heatmap() const { return m_heatmap; }

Q_SIGNALS:
    void finished();

private:
    void browse();
    void showResult();

    QString m_runDir;
    QLineEdit *m_file = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_run = nullptr;
    QLabel *m_status = nullptr;
    ClassMetricsTable *m_table = nullptr;
    ConfusionHeatmap *m_heatmap = nullptr;
    QFutureWatcher<FileEvaluation> m_watcher;
    FileEvaluation m_result;
};

} // namespace hone::ui

#pragma once
// Compares two or more runs: their curves overlaid (one colour per run), a table of final metrics
// with each run's difference to the first one, only the configuration keys whose values differ,
// the confusion matrices side by side, and statistics on the test rows: each run against the
// first (McNemar's exact test, bootstrap 95% intervals) in plain words, and a reliability plot.
// Language-model runs (sft, pretrain) compare by loss and perplexity, and their answers to the
// same validation prompts side by side; a selection mixing them with classification runs is
// refused with the reason.
//
//   compare->setRunsRoot(runsRoot);          // the runs offered in the picker
//   compare->setRuns({runA, runB});          // compares these; runA is the baseline
#include "ui/dashboard/rundata.h"

#include "core/eval/comparison.h"

#include <map>

#include <QHash>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace hone::ui {

class ConfusionHeatmap;
class MetricPlot;

class CompareWidget : public QWidget {
    Q_OBJECT
public:
    // What the curve plot shows.
    enum class Curve { ValidationAccuracy, ValidationLoss, ValidationMacroF1, TrainingLoss, LearningRate, ValidationPerplexity };

    explicit CompareWidget(QWidget *parent = nullptr);

    // Lists the runs under root in the picker (unchecked, newest first).
    void setRunsRoot(const QString &root);
    // Compares exactly these run folders, in this order (the first is the baseline).
    void setRuns(const QStringList &dirs);
    // The compared runs, baseline first.
    QStringList runs() const;
    void setCurve(Curve curve);

    MetricPlot *curvePlot() const { return m_plot; }
    QTableWidget *metricsTable() const { return m_metrics; }
    QTableWidget *configTable() const { return m_config; }
    // Language-model runs: one row per validation prompt (prompt, reference, then each run's answer).
    QTableWidget *answersTable() const { return m_answers; }
    // Whether the selection is of language-model runs; why it cannot be compared ("" when it can).
    bool comparesLanguageModels() const { return m_languageModels; }
    QString refusal() const { return m_refusal; }
    QList<ConfusionHeatmap *> heatmaps() const { return m_heatmaps; }
    // One paragraph per run after the first: how it does against the first on the test rows.
    QString statisticsText() const;
    MetricPlot *reliabilityPlot() const { return m_reliability; }

    // "key" → value as text, nested objects flattened with dots ("data.file", "lora.r").
    static QHash<QString, QString> flattenConfig(const nlohmann::json &config);

Q_SIGNALS:
    void runsChanged(const QStringList &dirs);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void addRunItem(const QString &dir, const QString &name, bool checked);
    void browseRun();
    void refresh();
    void fillCurveItems();
    void fillCurves();
    void fillAnswers();
    void fillMetrics();
    void fillConfig();
    void fillConfusions();
    void fillStatistics();
    // The paragraph for run `index` against the baseline (m_selected[0]).
    QString statisticsParagraph(int index);
    QString runName(int index);
    const RunData *run(const QString &dir);

    QListWidget *m_list = nullptr;
    QLabel *m_runsLabel = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_add = nullptr;
    QLabel *m_curveLabel = nullptr;
    QComboBox *m_curve = nullptr;
    MetricPlot *m_plot = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_metrics = nullptr;
    QTableWidget *m_config = nullptr;
    QWidget *m_answersPage = nullptr;
    QLabel *m_answersNote = nullptr;
    QTableWidget *m_answers = nullptr;
    bool m_languageModels = false;
    QString m_refusal;
    QLabel *m_configNote = nullptr;
    QCheckBox *m_normalized = nullptr;
    QWidget *m_confusionBox = nullptr;
    QHBoxLayout *m_confusionRow = nullptr;
    QList<ConfusionHeatmap *> m_heatmaps;
    QLabel *m_statistics = nullptr;
    MetricPlot *m_reliability = nullptr;
    // Paired comparisons by both runs' folders and their test predictions' modification times:
    // the bootstrap is not redone on every tick of the run list.
    std::map<QString, hone::Result<hone::PairedComparison>> m_paired;

    QHash<QString, RunData> m_cache;
    QHash<QString, QString> m_errors;
    QStringList m_selected;
};

} // namespace hone::ui

#pragma once
// The dashboard's confusion-matrix panel: a heatmap of the latest evaluation with a
// "Normalised" toggle (row shares instead of counts), and below it the rows of the clicked cell
// (their texts and predicted probabilities, most confident first).
#include "ui/dashboard/rundata.h"

#include <QDateTime>
#include <QHash>
#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace hone::ui {

class ConfusionHeatmap;

class ConfusionMatrixWidget : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixWidget(QWidget *parent = nullptr);

    // A new evaluation: the matrix and what it is of ("validation · step 300").
    void setEvaluation(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &confusion,
                       const QString &caption);
    // The evaluation's rows. Rows without text get theirs from textsFile (predictions/<split>.jsonl)
    // when a cell is clicked.
    void setPredictions(std::vector<PredictionRow> rows, const QString &textsFile = {});
    void clear();

    // Same as clicking the cell: lists its rows.
    void selectCell(int truth, int predicted);
    void setNormalized(bool normalized);

    ConfusionHeatmap *heatmap() const { return m_heatmap; }
    QTableWidget *rowsTable() const { return m_rows; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void listCell();
    void fillTexts();

    ConfusionHeatmap *m_heatmap = nullptr;
    QLabel *m_title = nullptr;
    QCheckBox *m_normalized = nullptr;
    QLabel *m_cellCaption = nullptr;
    QTableWidget *m_rows = nullptr;
    QString m_caption;
    std::vector<PredictionRow> m_predictions;
    QString m_textsFile;
    QDateTime m_textsLoaded;
    int m_truth = -1;
    int m_predicted = -1;
};

} // namespace hone::ui

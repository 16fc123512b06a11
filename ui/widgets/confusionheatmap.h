#pragma once
// A confusion matrix drawn as a heatmap: rows are the true labels, columns the predicted ones,
// label names on both axes (long ones elided, columns turned 45 degrees when they do not fit),
// the count (or row share) in each cell, a sequential colour scale with its legend bar.
// Clicking a cell selects it and emits cellClicked; hovering shows the numbers in a tooltip.
#include <QString>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace hone::ui {

class ConfusionHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionHeatmap(QWidget *parent = nullptr);

    // confusion[true][predicted]; labels.size() rows and columns (missing cells count as 0).
    void setMatrix(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &confusion);
    void clear();
    // Row-normalised: each cell shows its share of the true label's rows.
    void setNormalized(bool normalized);
    bool isNormalized() const { return m_normalized; }
    void setPlaceholderText(const QString &text);

    void setSelectedCell(int truth, int predicted); // -1, -1 clears
    int selectedTruth() const { return m_selTruth; }
    int selectedPredicted() const { return m_selPredicted; }

    QStringList labels() const { return m_labels; }
    std::int64_t count(int truth, int predicted) const;
    // The cell under a point of this widget, or false.
    bool cellAt(const QPoint &pos, int *truth, int *predicted) const;
    QRect cellRect(int truth, int predicted) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Geometry {
        QRect grid;          // the cells
        int cell = 0;
        QRect rowLabels, columnLabels, rowTitle, columnTitle, colourBar;
        bool rotateColumns = false;
    };
    Geometry geometry() const;
    double share(int truth, int predicted) const; // value 0..1 that picks the colour
    static QColor colourAt(double t);

    QStringList m_labels;
    std::vector<std::vector<std::int64_t>> m_counts;
    std::vector<std::int64_t> m_rowTotals;
    std::int64_t m_max = 0;
    bool m_normalized = false;
    QString m_placeholder;
    int m_selTruth = -1;
    int m_selPredicted = -1;
};

} // namespace hone::ui

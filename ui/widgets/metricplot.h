#pragma once
// A titled line chart of one metric against the training step: QCustomPlot with the legend in
// its own row above the data (it never covers a curve), a placeholder text while empty, and
// cheap appends. Appending only marks the plot dirty; the owner calls refresh() from ONE timer
// (~10 Hz) which rescales and queues a replot (QCustomPlot::rpQueuedReplot), so a fast training
// never replots per step. Drag/zoom with the mouse; a double-click returns to the automatic view.
#include <QColor>
#include <QSize>
#include <QString>
#include <QVector>
#include <QWidget>

#include <optional>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace hone::ui {

class MetricPlot : public QWidget {
    Q_OBJECT
public:
    enum class Style {
        Line,           // a 2 px line
        FaintLine,      // a thin, light line (raw values under a smoothed curve)
        LineAndMarkers, // a line through circles (evaluations)
        Markers,        // circles only
    };

    explicit MetricPlot(QWidget *parent = nullptr);
    ~MetricPlot() override;

    void setTitle(const QString &title);
    void setAxisLabels(const QString &x, const QString &y);
    void setPlaceholderText(const QString &text); // shown while no series has a point
    // Number format of the value axis as QCPAxis::setNumberFormat ("gb", "eb", ...).
    void setValueFormat(const QString &format, int precision);
    // Tick labels as multiples of a power of ten that the axis label names, "Learning rate
    // (×10⁻⁵)" with ticks 1, 2, 5: for values far from 1 that E notation makes hard to read.
    void setValueScaled(bool scaled);
    // The automatic value range never leaves [min, max] (e.g. 0..1 for accuracy).
    void setValueBounds(std::optional<double> min, std::optional<double> max);
    // The automatic key range reaches at least this far (the run's total steps), so curves of
    // plots stacked under each other share the same x scale.
    void setKeyExtent(double maxKey);
    // Keys that are not steps (a probability): fractional ticks instead of whole numbers only.
    void setContinuousKeys(bool continuous);

    int addSeries(const QString &name, const QColor &color, Style style);
    void setSeriesName(int series, const QString &name);
    void setSeriesVisible(int series, bool visible);
    void removeAllSeries();
    int seriesCount() const;

    void addPoint(int series, double key, double value);
    void setPoints(int series, const QVector<double> &keys, const QVector<double> &values);
    void clearPoints(); // every series keeps its style and name
    int pointCount(int series) const;
    double lastValue(int series) const;

    // A dashed vertical line with a caption (the best checkpoint); nullopt hides it.
    void setMarker(std::optional<double> key, const QString &caption = {});
    // A dotted horizontal line named in the legend (the majority baseline), never a caption over
    // the curves; nullopt hides it. The automatic value range includes it.
    void setReferenceLine(std::optional<double> value, const QString &caption = {});
    std::optional<double> referenceLine() const { return m_referenceValue; }

    // Wide enough for the legend in two columns (one would take a row per entry).
    QSize minimumSizeHint() const override;

    bool isDirty() const { return m_dirty; }
    // If anything changed since the last call: rescale (unless the user zoomed) and queue a replot.
    void refresh();

    // Where the data is drawn, in this widget's coordinates (after the last replot).
    QRect dataRect() const;
    // The step axis' tick positions and the legend's column count (after the last replot).
    QVector<double> keyTicks() const;
    int legendColumns() const;
    // Left margin of the data area, for aligning the y axes of plots stacked in a column.
    int leftMargin() const;
    void setMinimumLeftMargin(int pixels);

    QCustomPlot *customPlot() const { return m_plot; }

Q_SIGNALS:
    void replotted();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rescale();
    void updatePlaceholder();
    void updateScale();

    QCustomPlot *m_plot = nullptr;
    QCPTextElement *m_title = nullptr;
    QCPItemText *m_placeholder = nullptr;
    QCPItemStraightLine *m_marker = nullptr;
    QCPItemText *m_markerText = nullptr;
    QCPItemStraightLine *m_reference = nullptr;
    QCPGraph *m_referenceEntry = nullptr; // no data: the reference line's legend entry
    std::optional<double> m_referenceValue;
    QVector<QCPGraph *> m_graphs;
    std::optional<double> m_markerKey;
    std::optional<double> m_minValue, m_maxValue;
    double m_keyExtent = 0;
    bool m_dirty = true;
    bool m_userView = false;
    bool m_scaled = false;
    QString m_valueLabel;
};

} // namespace hone::ui

#include "ui/widgets/metricplot.h"

#include "ui/widgets/customplot.h"

#include <QFontMetrics>
#include <QResizeEvent>
#include <QShowEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hone::ui {

namespace {

// Tick labels divided by a power of ten (named in the axis label).
class ScaledTicker : public QCPAxisTicker {
public:
    double scale = 1;

protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision) override
    {
        return locale.toString(tick / scale, 'g', 3);
    }
};

QString superscript(int n)
{
    static const QChar digits[] = {QChar(0x2070), QChar(0x00b9), QChar(0x00b2), QChar(0x00b3), QChar(0x2074),
                                   QChar(0x2075), QChar(0x2076), QChar(0x2077), QChar(0x2078), QChar(0x2079)};
    QString out;
    for (QChar c : QString::number(std::abs(n)))
        out += digits[c.digitValue()];
    return n < 0 ? QChar(0x207b) + out : out;
}

} // namespace

MetricPlot::MetricPlot(QWidget *parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setBackground(palette().base());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    QFont base = font();
    QFont titleFont = base;
    titleFont.setBold(true);
    titleFont.setPointSizeF(base.pointSizeF() * 1.05);

    // Rows: title, legend (outside the data: it never hides a curve), axis rect.
    QCPLayoutGrid *grid = m_plot->plotLayout();
    grid->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), titleFont);
    m_title->setMargins(QMargins(6, 4, 6, 0));
    grid->addElement(0, 0, m_title);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    grid->insertRow(1);
    grid->addElement(1, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(4);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setFont(base);
    m_plot->legend->setIconSize(22, 10);
    m_plot->legend->setMargins(QMargins(4, 2, 4, 4));
    m_plot->legend->setColumnSpacing(14);
    grid->setRowStretchFactor(0, 0.001);
    grid->setRowStretchFactor(1, 0.001);
    grid->setRowSpacing(2);

    const QColor axisColour(0x60, 0x60, 0x60);
    const QColor gridColour(0, 0, 0, 28);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(base);
        axis->setLabelFont(base);
        axis->setBasePen(QPen(axisColour));
        axis->setTickPen(QPen(axisColour));
        axis->setSubTickPen(QPen(axisColour));
        axis->setTickLabelColor(palette().text().color());
        axis->setLabelColor(palette().text().color());
        axis->grid()->setPen(QPen(gridColour, 1));
        axis->grid()->setSubGridVisible(false);
        axis->setPadding(4);
    }
    // Keys are optimizer steps: whole numbers only (no "2.5" tick on a 4-step run).
    setContinuousKeys(false);
    m_plot->yAxis->ticker()->setTickCount(5);
    m_plot->axisRect()->setMinimumMargins(QMargins(0, 4, 12, 0));
    // As many value ticks as the data area's height holds with room between their labels: a short
    // plot (the window's minimum size) would otherwise stack "0.6 0.5 0.4 ..." on top of each other.
    // Ticks are laid out before this signal, so a change takes effect in one more replot.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        const int labelHeight = QFontMetrics(m_plot->yAxis->tickLabelFont()).height();
        const int ticks = std::clamp(m_plot->axisRect()->height() / (2 * labelHeight), 2, 5);
        if (m_plot->yAxis->ticker()->tickCount() != ticks) {
            m_plot->yAxis->ticker()->setTickCount(ticks);
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });

    m_placeholder = new QCPItemText(m_plot);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setColor(QColor(0x80, 0x80, 0x80));
    m_placeholder->setFont(base);

    m_marker = new QCPItemStraightLine(m_plot);
    m_marker->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 1, Qt::DashLine));
    for (QCPItemPosition *p : {m_marker->point1, m_marker->point2}) {
        p->setTypeX(QCPItemPosition::ptPlotCoords);
        p->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    m_marker->setVisible(false);
    m_markerText = new QCPItemText(m_plot);
    m_markerText->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_markerText->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_markerText->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_markerText->setPadding(QMargins(4, 2, 4, 2));
    m_markerText->setColor(QColor(0x2c, 0xa0, 0x2c));
    m_markerText->setBrush(QColor(255, 255, 255, 210)); // over the curves, legible where it crosses one
    m_markerText->setLayer(QStringLiteral("legend"));
    m_markerText->setFont(base);
    m_markerText->setVisible(false);

    const QColor referenceColour(0x75, 0x75, 0x75);
    m_reference = new QCPItemStraightLine(m_plot);
    m_reference->setPen(QPen(referenceColour, 1, Qt::DotLine));
    for (QCPItemPosition *p : {m_reference->point1, m_reference->point2}) {
        p->setTypeX(QCPItemPosition::ptAxisRectRatio);
        p->setTypeY(QCPItemPosition::ptPlotCoords);
    }
    m_reference->setVisible(false);
    m_referenceEntry = new QCPGraph(m_plot->xAxis, m_plot->yAxis);
    m_referenceEntry->setPen(QPen(referenceColour, 1.5, Qt::DotLine));
    m_referenceEntry->setSelectable(QCP::stNone);
    m_referenceEntry->removeFromLegend();

    // Zooming or dragging freezes the automatic view until a double-click.
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userView = true; });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (event->buttons() != Qt::NoButton)
            m_userView = true;
    });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_userView = false;
        m_dirty = true;
        refresh();
    });
    connect(m_plot, &QCustomPlot::afterReplot, this, &MetricPlot::replotted);
    updatePlaceholder();
}

MetricPlot::~MetricPlot() = default;

void MetricPlot::setTitle(const QString &title)
{
    m_title->setText(title);
    m_dirty = true;
}

void MetricPlot::setAxisLabels(const QString &x, const QString &y)
{
    m_plot->xAxis->setLabel(x);
    m_valueLabel = y;
    m_plot->yAxis->setLabel(y);
    updateScale();
    m_dirty = true;
}

void MetricPlot::setValueScaled(bool scaled)
{
    m_scaled = scaled;
    if (scaled)
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new ScaledTicker));
    else
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_plot->yAxis->ticker()->setTickCount(5); // afterLayout fits it to the height
    updateScale();
    m_dirty = true;
}

void MetricPlot::updateScale()
{
    auto *ticker = m_scaled ? dynamic_cast<ScaledTicker *>(m_plot->yAxis->ticker().data()) : nullptr;
    if (!ticker) {
        m_plot->yAxis->setLabel(m_valueLabel);
        return;
    }
    const QCPRange range = m_plot->yAxis->range();
    const double largest = std::max(std::abs(range.lower), std::abs(range.upper));
    const int exponent = largest > 0 && std::isfinite(largest) ? int(std::floor(std::log10(largest))) : 0;
    ticker->scale = std::pow(10.0, exponent);
    const QString power = QStringLiteral("×10") + superscript(exponent);
    if (exponent == 0)
        m_plot->yAxis->setLabel(m_valueLabel);
    else
        m_plot->yAxis->setLabel(m_valueLabel.isEmpty() ? power : QStringLiteral("%1 (%2)").arg(m_valueLabel, power));
}

void MetricPlot::setPlaceholderText(const QString &text)
{
    m_placeholder->setText(text);
    m_dirty = true;
}

void MetricPlot::setValueFormat(const QString &format, int precision)
{
    m_plot->yAxis->setNumberFormat(format);
    m_plot->yAxis->setNumberPrecision(precision);
    m_dirty = true;
}

void MetricPlot::setValueBounds(std::optional<double> min, std::optional<double> max)
{
    m_minValue = min;
    m_maxValue = max;
    m_dirty = true;
}

void MetricPlot::setContinuousKeys(bool continuous)
{
    if (continuous) {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    } else {
        auto steps = QSharedPointer<QCPAxisTickerFixed>::create();
        steps->setTickStep(1.0);
        steps->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->xAxis->setTicker(steps);
    }
    m_plot->xAxis->ticker()->setTickCount(6);
    m_dirty = true;
}

void MetricPlot::setKeyExtent(double maxKey)
{
    if (maxKey != m_keyExtent) {
        m_keyExtent = maxKey;
        m_dirty = true;
    }
}

int MetricPlot::addSeries(const QString &name, const QColor &color, Style style)
{
    QCPGraph *g = m_plot->addGraph();
    g->setName(name);
    QPen pen(color, 2);
    switch (style) {
    case Style::Line:
        break;
    case Style::FaintLine: {
        QColor faint = color;
        faint.setAlphaF(0.35f);
        pen = QPen(faint, 1);
        break;
    }
    case Style::LineAndMarkers:
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, palette().base().color(), 7));
        break;
    case Style::Markers:
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 7));
        break;
    }
    g->setPen(pen);
    m_graphs.append(g);
    m_dirty = true;
    updateGeometry(); // the legend's width may have grown
    return int(m_graphs.size()) - 1;
}

void MetricPlot::setSeriesName(int series, const QString &name)
{
    if (series >= 0 && series < m_graphs.size())
        m_graphs[series]->setName(name);
    m_dirty = true;
    updateGeometry();
}

void MetricPlot::setSeriesVisible(int series, bool visible)
{
    if (series < 0 || series >= m_graphs.size())
        return;
    m_graphs[series]->setVisible(visible);
    if (visible)
        m_graphs[series]->addToLegend();
    else
        m_graphs[series]->removeFromLegend();
    m_dirty = true;
}

void MetricPlot::removeAllSeries()
{
    for (QCPGraph *g : std::as_const(m_graphs))
        m_plot->removeGraph(g);
    m_graphs.clear();
    m_dirty = true;
    updateGeometry();
}

int MetricPlot::seriesCount() const
{
    return int(m_graphs.size());
}

void MetricPlot::addPoint(int series, double key, double value)
{
    if (series < 0 || series >= m_graphs.size() || !std::isfinite(value))
        return;
    m_graphs[series]->addData(key, value);
    m_dirty = true;
}

void MetricPlot::setPoints(int series, const QVector<double> &keys, const QVector<double> &values)
{
    if (series < 0 || series >= m_graphs.size())
        return;
    m_graphs[series]->setData(keys, values, true);
    m_dirty = true;
}

void MetricPlot::clearPoints()
{
    for (QCPGraph *g : std::as_const(m_graphs))
        g->data()->clear();
    m_markerKey.reset();
    m_marker->setVisible(false);
    m_markerText->setVisible(false);
    m_userView = false;
    m_dirty = true;
}

int MetricPlot::pointCount(int series) const
{
    return series >= 0 && series < m_graphs.size() ? m_graphs[series]->data()->size() : 0;
}

double MetricPlot::lastValue(int series) const
{
    if (pointCount(series) == 0)
        return std::nan("");
    return (m_graphs[series]->data()->constEnd() - 1)->value;
}

void MetricPlot::setMarker(std::optional<double> key, const QString &caption)
{
    m_markerKey = key;
    m_marker->setVisible(key.has_value());
    m_markerText->setVisible(key.has_value() && !caption.isEmpty());
    if (key) {
        m_marker->point1->setCoords(*key, 0);
        m_marker->point2->setCoords(*key, 1);
        m_markerText->position->setCoords(*key, 0.0);
        m_markerText->setText(caption);
    }
    m_dirty = true;
}

void MetricPlot::setReferenceLine(std::optional<double> value, const QString &caption)
{
    m_referenceValue = value;
    m_reference->setVisible(value.has_value());
    m_referenceEntry->setName(caption);
    updateGeometry();
    if (value) {
        m_reference->point1->setCoords(0, *value);
        m_reference->point2->setCoords(1, *value);
    }
    m_dirty = true;
}

QSize MetricPlot::minimumSizeHint() const
{
    // Every name that can be in the legend (a series not drawn yet included, so the width never
    // jumps), as QCPPlottableLegendItem lays it out: icon, padding, text.
    const QFontMetrics metrics(m_plot->legend->font());
    QVector<int> widths;
    for (const QCPGraph *g : std::as_const(m_graphs))
        widths << metrics.horizontalAdvance(g->name());
    widths << metrics.horizontalAdvance(m_referenceEntry->name());
    std::sort(widths.begin(), widths.end(), std::greater<int>());
    const int entry = m_plot->legend->iconSize().width() + m_plot->legend->iconTextPadding();
    const QMargins margins = m_plot->legend->margins();
    int legend = margins.left() + margins.right() + 12 + entry + widths.value(0); // 12: updatePlaceholder's slack
    if (widths.size() > 1 && widths[1] > 0)
        legend += m_plot->legend->columnSpacing() + entry + widths[1];
    return QSize(std::max(240, legend), 160);
}

void MetricPlot::refresh()
{
    if (!m_dirty)
        return;
    if (!isVisible())
        return; // stays dirty; showEvent-driven timers pick it up when shown
    m_dirty = false;
    updatePlaceholder();
    if (!m_userView)
        rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MetricPlot::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_dirty = true; // the legend's columns follow the width
    refresh();
}

void MetricPlot::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh(); // a plot filled while hidden
}

void MetricPlot::updatePlaceholder()
{
    bool any = false;
    for (QCPGraph *g : std::as_const(m_graphs)) {
        any = any || (g->visible() && !g->data()->isEmpty());
        // The legend names only what is drawn (no "Test" entry before the test evaluation), and
        // only what has a name (raw values under their smoothed curve, a plot's only series).
        if (g->visible() && !g->data()->isEmpty() && !g->name().isEmpty())
            g->addToLegend();
        else
            g->removeFromLegend();
    }
    m_referenceEntry->removeFromLegend(); // re-added after the series: it is read last
    if (m_referenceValue && !m_referenceEntry->name().isEmpty())
        m_referenceEntry->addToLegend();
    // An empty legend must leave the layout: an empty grid's maximum width is its margins, which
    // would squeeze the whole column (title and axes) into a corner.
    QCPLayoutGrid *grid = m_plot->plotLayout();
    const bool inLayout = grid->element(1, 0) == m_plot->legend;
    if (m_plot->legend->itemCount() == 0 && inLayout) {
        grid->take(m_plot->legend);
        m_plot->legend->setVisible(false);
    } else if (m_plot->legend->itemCount() > 0 && !inLayout) {
        grid->addElement(1, 0, m_plot->legend);
        m_plot->legend->setVisible(true);
    }
    // Room under each entry for descenders and underscores ("sms_spam"), which the item's own
    // rectangle (font height) would clip; and as many columns as fit the width, so a narrow plot
    // wraps its legend instead of cutting entries off.
    // A wrapped legend's grid keeps empty cells where entries were removed (and at the end of its
    // last row): compact it, and skip the empty cells.
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst, true);
    const int count = m_plot->legend->itemCount();
    for (int i = 0; i < count; ++i)
        if (QCPAbstractLegendItem *item = m_plot->legend->item(i))
            item->setMargins(QMargins(0, 1, 0, 3));
    if (count > 0) {
        // The most columns (up to 4) whose widest entries, column by column, fit the width.
        const int available = std::max(1, m_plot->width() - 12);
        int columns = 1;
        for (int c = std::min(4, count); c > 1 && columns == 1; --c) {
            int total = -14;
            for (int column = 0; column < c; ++column) {
                int widest = 0;
                for (int i = column; i < count; i += c)
                    if (QCPAbstractLegendItem *item = m_plot->legend->item(i))
                        widest = std::max(widest, item->minimumOuterSizeHint().width());
                total += widest + 14;
            }
            if (total <= available)
                columns = c;
        }
        if (m_plot->legend->wrap() != columns) {
            m_plot->legend->setWrap(columns);
            m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst, true); // re-flows the entries
        }
    }
    m_placeholder->setVisible(!any && !m_placeholder->text().isEmpty());
}

void MetricPlot::rescale()
{
    bool anyKey = false, anyValue = false;
    QCPRange keys, values;
    for (QCPGraph *g : std::as_const(m_graphs)) {
        if (!g->visible() || g->data()->isEmpty())
            continue;
        bool found = false;
        const QCPRange k = g->getKeyRange(found);
        if (found) {
            keys = anyKey ? QCPRange(std::min(keys.lower, k.lower), std::max(keys.upper, k.upper)) : k;
            anyKey = true;
        }
        const QCPRange v = g->getValueRange(found);
        if (found) {
            values = anyValue ? QCPRange(std::min(values.lower, v.lower), std::max(values.upper, v.upper)) : v;
            anyValue = true;
        }
    }
    double keyUpper = std::max(anyKey ? keys.upper : 1.0, m_keyExtent);
    const double keyLower = anyKey ? std::min(0.0, keys.lower) : 0.0;
    if (keyUpper <= keyLower)
        keyUpper = keyLower + 1;
    // A little room on the right so markers at the last step are not cut in half.
    m_plot->xAxis->setRange(keyLower, keyUpper + (keyUpper - keyLower) * 0.02);

    if (m_referenceValue && std::isfinite(*m_referenceValue)) {
        values = anyValue ? QCPRange(std::min(values.lower, *m_referenceValue), std::max(values.upper, *m_referenceValue))
                          : QCPRange(*m_referenceValue, *m_referenceValue);
        anyValue = true;
    }
    double lower = 0, upper = 1;
    if (anyValue) {
        const double span = values.upper - values.lower;
        if (span > std::abs(values.upper) * 1e-9) {
            lower = values.lower - span * 0.08;
            upper = values.upper + span * 0.08;
        } else if (values.upper != 0) { // one value: a readable window around it
            lower = values.upper - std::abs(values.upper) * 0.2;
            upper = values.upper + std::abs(values.upper) * 0.2;
        } // only zeros: [0, 1]
    } else {
        lower = m_minValue.value_or(0.0);
        upper = m_maxValue.value_or(lower + 1.0);
    }
    if (m_minValue)
        lower = std::max(lower, *m_minValue);
    if (m_maxValue)
        upper = std::min(upper, *m_maxValue);
    if (upper <= lower)
        upper = lower + std::max(std::abs(lower) * 0.1, 1e-12);
    m_plot->yAxis->setRange(lower, upper);
    updateScale();
    if (m_markerKey) {
        // The caption sits on the side of the line with room for it.
        const QCPRange x = m_plot->xAxis->range();
        const bool nearRight = *m_markerKey > x.lower + 0.8 * x.size();
        m_markerText->setPositionAlignment((nearRight ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
    }
}

QRect MetricPlot::dataRect() const
{
    return m_plot->axisRect()->rect().translated(m_plot->pos());
}

QVector<double> MetricPlot::keyTicks() const
{
    return m_plot->xAxis->tickVector();
}

int MetricPlot::legendColumns() const
{
    return m_plot->legend->wrap();
}

int MetricPlot::leftMargin() const
{
    return m_plot->axisRect()->margins().left();
}

void MetricPlot::setMinimumLeftMargin(int pixels)
{
    QMargins m = m_plot->axisRect()->minimumMargins();
    if (m.left() == pixels)
        return;
    m.setLeft(pixels);
    m_plot->axisRect()->setMinimumMargins(m);
    m_dirty = true;
}

} // namespace hone::ui

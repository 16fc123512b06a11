#include "ui/widgets/confusionheatmap.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace hone::ui {

namespace {
constexpr int kPad = 6;
constexpr int kBarWidth = 12;
} // namespace

ConfusionHeatmap::ConfusionHeatmap(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(false);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void ConfusionHeatmap::setMatrix(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &confusion)
{
    const int n = int(labels.size());
    m_labels = labels;
    m_counts.assign(n, std::vector<std::int64_t>(n, 0));
    m_rowTotals.assign(n, 0);
    m_max = 0;
    for (int t = 0; t < n && t < int(confusion.size()); ++t)
        for (int p = 0; p < n && p < int(confusion[t].size()); ++p) {
            m_counts[t][p] = confusion[t][p];
            m_rowTotals[t] += confusion[t][p];
            m_max = std::max(m_max, confusion[t][p]);
        }
    if (m_selTruth >= n || m_selPredicted >= n)
        m_selTruth = m_selPredicted = -1;
    updateGeometry();
    update();
}

void ConfusionHeatmap::clear()
{
    setMatrix({}, {});
}

void ConfusionHeatmap::setNormalized(bool normalized)
{
    if (m_normalized != normalized) {
        m_normalized = normalized;
        update();
    }
}

void ConfusionHeatmap::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

void ConfusionHeatmap::setSelectedCell(int truth, int predicted)
{
    m_selTruth = truth;
    m_selPredicted = predicted;
    update();
}

std::int64_t ConfusionHeatmap::count(int truth, int predicted) const
{
    if (truth < 0 || predicted < 0 || truth >= int(m_counts.size()) || predicted >= int(m_counts.size()))
        return 0;
    return m_counts[truth][predicted];
}

double ConfusionHeatmap::share(int truth, int predicted) const
{
    const double c = double(count(truth, predicted));
    if (m_normalized)
        return m_rowTotals[truth] > 0 ? c / double(m_rowTotals[truth]) : 0.0;
    return m_max > 0 ? c / double(m_max) : 0.0;
}

QColor ConfusionHeatmap::colourAt(double t)
{
    // A sequential blue scale (light = few, dark = many), readable in print and for colour-blind eyes.
    static const QColor stops[] = {QColor(0xf7, 0xfb, 0xff), QColor(0xc6, 0xdb, 0xef), QColor(0x6b, 0xae, 0xd6),
                                   QColor(0x21, 0x71, 0xb5), QColor(0x08, 0x30, 0x6b)};
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(int(t), 3);
    const double f = t - i;
    const QColor &a = stops[i], &b = stops[i + 1];
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
                            float(a.blueF() + (b.blueF() - a.blueF()) * f));
}

ConfusionHeatmap::Geometry ConfusionHeatmap::geometry() const
{
    Geometry g;
    const int n = int(m_labels.size());
    if (n == 0)
        return g;
    const QFontMetrics fm = fontMetrics();
    const int lineH = fm.height();
    int labelW = 0;
    for (const QString &l : m_labels)
        labelW = std::max(labelW, fm.horizontalAdvance(l));
    const QRect area = rect().adjusted(kPad, kPad, -kPad, -kPad);

    const int rowTitleW = lineH + 4;
    const int rowLabelW = std::min(labelW + 8, std::max(40, area.width() * 3 / 10));
    const QString widest = m_normalized ? QStringLiteral("100%") : QLocale().toString(qlonglong(m_max));
    const int barW = kBarWidth + 4 + fm.horizontalAdvance(widest) + 4;
    const int columnTitleH = lineH + 4;
    const int availW = area.width() - rowTitleW - rowLabelW - barW - kPad;

    // Columns stay upright when every name fits its cell (with a gap); otherwise they are turned
    // 45 degrees, which needs more height and so may shrink the cells.
    auto cellFor = [&](int columnLabelH) {
        const int availH = area.height() - columnLabelH - columnTitleH;
        return std::max(4, std::min(availW / n, availH / n));
    };
    int columnLabelH = lineH + 4;
    int cell = cellFor(columnLabelH);
    g.rotateColumns = labelW + 14 > cell;
    if (g.rotateColumns) {
        columnLabelH = std::min(int(labelW * 0.72 + lineH), std::max(lineH * 2, area.height() * 3 / 10));
        cell = cellFor(columnLabelH);
    }
    g.cell = cell;

    const int gridSize = cell * n;
    const int left = area.left() + rowTitleW + rowLabelW;
    g.grid = QRect(left, area.top(), gridSize, gridSize);
    g.rowTitle = QRect(area.left(), g.grid.top(), rowTitleW, gridSize);
    g.rowLabels = QRect(area.left() + rowTitleW, g.grid.top(), rowLabelW - 4, gridSize);
    g.columnLabels = QRect(left, g.grid.bottom() + 1, gridSize, columnLabelH);
    g.columnTitle = QRect(left, g.columnLabels.bottom() + 1, gridSize, columnTitleH);
    g.colourBar = QRect(g.grid.right() + 1 + kPad, g.grid.top(), kBarWidth, gridSize);
    return g;
}

QRect ConfusionHeatmap::cellRect(int truth, int predicted) const
{
    const Geometry g = geometry();
    return QRect(g.grid.left() + predicted * g.cell, g.grid.top() + truth * g.cell, g.cell, g.cell);
}

bool ConfusionHeatmap::cellAt(const QPoint &pos, int *truth, int *predicted) const
{
    const Geometry g = geometry();
    if (g.cell <= 0 || !g.grid.contains(pos))
        return false;
    const int p = (pos.x() - g.grid.left()) / g.cell;
    const int t = (pos.y() - g.grid.top()) / g.cell;
    if (t < 0 || p < 0 || t >= int(m_labels.size()) || p >= int(m_labels.size()))
        return false;
    *truth = t;
    *predicted = p;
    return true;
}

void ConfusionHeatmap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    const QColor textColour = palette().text().color();
    const int n = int(m_labels.size());
    if (n == 0) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const Geometry g = geometry();
    const QFontMetrics fm = fontMetrics();
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.82);
    const QFontMetrics smallFm(small);
    const QLocale locale;

    for (int t = 0; t < n; ++t) {
        for (int p = 0; p < n; ++p) {
            const QRect r(g.grid.left() + p * g.cell, g.grid.top() + t * g.cell, g.cell, g.cell);
            const double v = share(t, p);
            painter.fillRect(r, colourAt(v));
            const QColor ink = v > 0.5 ? QColor(Qt::white) : QColor(0x20, 0x20, 0x20);
            const std::int64_t c = m_counts[t][p];
            const double rowShare = m_rowTotals[t] > 0 ? double(c) / double(m_rowTotals[t]) : 0.0;
            const QString countText = locale.toString(qlonglong(c));
            const QString shareText = QStringLiteral("%1%").arg(rowShare * 100.0, 0, 'f', rowShare > 0 && rowShare < 0.1 ? 1 : 0);
            const QString main = m_normalized ? shareText : countText;
            const QString second = m_normalized ? countText : shareText;
            painter.setPen(ink);
            if (fm.horizontalAdvance(main) + 4 > g.cell || fm.height() + 2 > g.cell) {
                // Small cells: the number in the small font, else only the colour (and the tooltip).
                if (smallFm.horizontalAdvance(main) + 2 <= g.cell && smallFm.height() <= g.cell) {
                    painter.setFont(small);
                    painter.drawText(r, Qt::AlignCenter, main);
                    painter.setFont(font());
                }
                continue;
            }
            const bool twoLines = g.cell >= fm.height() + smallFm.height() + 8 && smallFm.horizontalAdvance(second) + 4 <= g.cell;
            if (twoLines) {
                const int top = r.center().y() - (fm.height() + smallFm.height()) / 2;
                painter.setFont(font());
                painter.drawText(QRect(r.left(), top, r.width(), fm.height()), Qt::AlignCenter, main);
                painter.setFont(small);
                painter.drawText(QRect(r.left(), top + fm.height(), r.width(), smallFm.height()), Qt::AlignCenter, second);
                painter.setFont(font());
            } else {
                painter.drawText(r, Qt::AlignCenter, main);
            }
        }
    }
    // Thin separators keep neighbouring cells of equal colour apart.
    painter.setPen(QPen(palette().base().color(), 1));
    for (int i = 1; i < n; ++i) {
        painter.drawLine(g.grid.left() + i * g.cell, g.grid.top(), g.grid.left() + i * g.cell, g.grid.top() + n * g.cell - 1);
        painter.drawLine(g.grid.left(), g.grid.top() + i * g.cell, g.grid.left() + n * g.cell - 1, g.grid.top() + i * g.cell);
    }
    if (m_selTruth >= 0 && m_selPredicted >= 0 && m_selTruth < n && m_selPredicted < n) {
        painter.setPen(QPen(QColor(0xff, 0x8c, 0x00), 3));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRect(g.grid.left() + m_selPredicted * g.cell, g.grid.top() + m_selTruth * g.cell, g.cell, g.cell)
                             .adjusted(1, 1, -2, -2));
    }

    // Row labels (true), right-aligned next to their row.
    painter.setPen(textColour);
    for (int t = 0; t < n; ++t) {
        const QRect r(g.rowLabels.left(), g.grid.top() + t * g.cell, g.rowLabels.width(), g.cell);
        painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(m_labels[t], Qt::ElideRight, r.width()));
    }
    // Column labels (predicted), upright or turned.
    for (int p = 0; p < n; ++p) {
        const int cx = g.grid.left() + p * g.cell + g.cell / 2;
        if (!g.rotateColumns) {
            const QRect r(cx - g.cell / 2, g.columnLabels.top() + 2, g.cell, fm.height());
            painter.drawText(r, Qt::AlignHCenter | Qt::AlignTop, m_labels[p]);
        } else {
            const int room = int((g.columnLabels.height() - 4) / 0.72);
            const QString text = fm.elidedText(m_labels[p], Qt::ElideRight, room);
            painter.save();
            painter.translate(cx + fm.ascent() / 3, g.columnLabels.top() + 4);
            painter.rotate(-45);
            painter.drawText(QRect(-fm.horizontalAdvance(text), -fm.height() / 2, fm.horizontalAdvance(text), fm.height()),
                             Qt::AlignRight | Qt::AlignVCenter, text);
            painter.restore();
        }
    }
    // Axis titles.
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(g.columnTitle, Qt::AlignHCenter | Qt::AlignVCenter, tr("Predicted label"));
    painter.save();
    painter.translate(g.rowTitle.left() + g.rowTitle.width() / 2, g.rowTitle.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-g.rowTitle.height() / 2, -g.rowTitle.width() / 2, g.rowTitle.height(), g.rowTitle.width()),
                     Qt::AlignCenter, tr("True label"));
    painter.restore();
    painter.setFont(font());

    // Colour scale.
    QLinearGradient gradient(g.colourBar.bottomLeft(), g.colourBar.topLeft());
    for (int i = 0; i <= 8; ++i)
        gradient.setColorAt(i / 8.0, colourAt(i / 8.0));
    painter.fillRect(g.colourBar, gradient);
    painter.setPen(QPen(QColor(0xa0, 0xa0, 0xa0), 1));
    painter.drawRect(g.colourBar.adjusted(0, 0, -1, -1));
    painter.setPen(textColour);
    const QString top = m_normalized ? QStringLiteral("100%") : locale.toString(qlonglong(m_max));
    const QString bottom = m_normalized ? QStringLiteral("0%") : QStringLiteral("0");
    const int tx = g.colourBar.right() + 4;
    painter.drawText(QRect(tx, g.colourBar.top(), width() - tx, fm.height()), Qt::AlignLeft | Qt::AlignTop, top);
    painter.drawText(QRect(tx, g.colourBar.bottom() - fm.height(), width() - tx, fm.height()), Qt::AlignLeft | Qt::AlignBottom,
                     bottom);
}

void ConfusionHeatmap::mousePressEvent(QMouseEvent *event)
{
    int t = 0, p = 0;
    if (event->button() == Qt::LeftButton && cellAt(event->position().toPoint(), &t, &p)) {
        setSelectedCell(t, p);
        Q_EMIT cellClicked(t, p);
        return;
    }
    QWidget::mousePressEvent(event);
}

bool ConfusionHeatmap::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        int t = 0, p = 0;
        if (cellAt(help->pos(), &t, &p)) {
            const std::int64_t c = m_counts[t][p];
            const double rowShare = m_rowTotals[t] > 0 ? 100.0 * double(c) / double(m_rowTotals[t]) : 0.0;
            QToolTip::showText(help->globalPos(),
                               tr("True: %1\nPredicted: %2\n%n row(s), %3% of the true label's rows", nullptr, int(c))
                                   .arg(m_labels[t], m_labels[p], QString::number(rowShare, 'f', 1)),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void ConfusionHeatmap::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange)
        update();
    QWidget::changeEvent(event);
}

QSize ConfusionHeatmap::sizeHint() const
{
    const int n = std::max<int>(2, int(m_labels.size()));
    const int cell = std::clamp(fontMetrics().height() * 3, 36, 72);
    return QSize(std::min(700, n * cell + 200), std::min(600, n * cell + 120));
}

QSize ConfusionHeatmap::minimumSizeHint() const
{
    return QSize(200, 160);
}

} // namespace hone::ui

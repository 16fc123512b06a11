#include "ui/playground/probabilitybarswidget.h"

#include <QPainter>

#include <algorithm>

namespace hone::ui {

ProbabilityBarsWidget::ProbabilityBarsWidget(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void ProbabilityBarsWidget::setProbabilities(const QStringList &labels, const std::vector<float> &probabilities)
{
    m_bars.clear();
    for (int i = 0; i < labels.size() && i < int(probabilities.size()); ++i)
        m_bars.push_back({labels[i], probabilities[i]});
    std::stable_sort(m_bars.begin(), m_bars.end(), [](const Bar &a, const Bar &b) { return a.probability > b.probability; });
    updateGeometry();
    update();
}

void ProbabilityBarsWidget::clear()
{
    m_bars.clear();
    updateGeometry();
    update();
}

QStringList ProbabilityBarsWidget::sortedLabels() const
{
    QStringList labels;
    for (const auto &b : m_bars)
        labels << b.label;
    return labels;
}

int ProbabilityBarsWidget::rowHeight() const
{
    return fontMetrics().height() + 10;
}

QSize ProbabilityBarsWidget::sizeHint() const
{
    return QSize(420, std::max<int>(1, int(m_bars.size())) * rowHeight() + 4);
}

QSize ProbabilityBarsWidget::minimumSizeHint() const
{
    return QSize(200, std::max<int>(1, int(m_bars.size())) * rowHeight() + 4);
}

void ProbabilityBarsWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    int labelWidth = 0;
    for (const auto &b : m_bars)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(b.label));
    labelWidth = std::min(labelWidth + 12, width() * 2 / 5);
    const int percentWidth = fm.horizontalAdvance(QStringLiteral("100.0%")) + 10;
    const int barLeft = labelWidth;
    const int barWidth = std::max(10, width() - barLeft - percentWidth);
    const QColor accent(0x1f, 0x77, 0xb4);
    const QColor other(0x9e, 0xb9, 0xd4);
    const QColor track = palette().alternateBase().color();
    const int h = rowHeight();
    for (int i = 0; i < int(m_bars.size()); ++i) {
        const auto &b = m_bars[i];
        const int y = i * h + 2;
        QFont f = font();
        f.setBold(i == 0);
        painter.setFont(f);
        painter.setPen(palette().text().color());
        painter.drawText(QRect(0, y, labelWidth - 8, h), Qt::AlignRight | Qt::AlignVCenter,
                         QFontMetrics(f).elidedText(b.label, Qt::ElideRight, labelWidth - 8));
        const QRectF trackRect(barLeft, y + 4, barWidth, h - 8);
        painter.setPen(Qt::NoPen);
        painter.setBrush(track);
        painter.drawRoundedRect(trackRect, 3, 3);
        painter.setBrush(i == 0 ? accent : other);
        painter.drawRoundedRect(QRectF(barLeft, y + 4, std::max(2.0, barWidth * double(std::clamp(b.probability, 0.0f, 1.0f))), h - 8), 3, 3);
        painter.setPen(palette().text().color());
        painter.drawText(QRect(barLeft + barWidth + 6, y, percentWidth, h), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("%1%").arg(double(b.probability) * 100.0, 0, 'f', 1));
    }
}

} // namespace hone::ui

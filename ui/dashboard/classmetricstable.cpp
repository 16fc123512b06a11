#include "ui/dashboard/classmetricstable.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>

#include <algorithm>

namespace hone::ui {

namespace {
QTableWidgetItem *cell(const QString &text, bool number, bool bold = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(number ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (bold) {
        QFont f = item->font();
        f.setBold(true);
        item->setFont(f);
    }
    return item;
}

QString fixed(double v)
{
    return QString::number(v, 'f', 3);
}
} // namespace

ClassMetricsTable::ClassMetricsTable(QWidget *parent) : QTableWidget(0, 5, parent)
{
    setObjectName(QStringLiteral("classMetricsTable"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    rebuild();
}

void ClassMetricsTable::setMetrics(const hone::ClassificationMetrics &metrics)
{
    m_metrics = metrics;
    rebuild();
}

void ClassMetricsTable::clearMetrics()
{
    m_metrics.reset();
    rebuild();
}

QSize ClassMetricsTable::sizeHint() const
{
    const int rows = std::clamp(rowCount(), 3, kMaxVisibleRows);
    const int height = horizontalHeader()->sizeHint().height() + rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth() + 2;
    return QSize(QTableWidget::sizeHint().width(), height);
}

void ClassMetricsTable::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QTableWidget::changeEvent(event);
}

void ClassMetricsTable::rebuild()
{
    setHorizontalHeaderLabels({tr("Label"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    setRowCount(0);
    if (!m_metrics)
        return;
    const auto &m = *m_metrics;
    const QLocale locale;
    const int classes = int(m.perClass.size());
    setRowCount(classes + 3);
    for (int i = 0; i < classes; ++i) {
        const auto &c = m.perClass[i];
        setItem(i, 0, cell(QString::fromStdString(c.label), false));
        setItem(i, 1, cell(fixed(c.precision), true));
        setItem(i, 2, cell(fixed(c.recall), true));
        setItem(i, 3, cell(fixed(c.f1), true));
        setItem(i, 4, cell(locale.toString(qlonglong(c.support)), true));
    }
    const QString total = locale.toString(qlonglong(m.total));
    int r = classes;
    setItem(r, 0, cell(tr("Macro average"), false, true));
    setItem(r, 1, cell(fixed(m.macroPrecision), true, true));
    setItem(r, 2, cell(fixed(m.macroRecall), true, true));
    setItem(r, 3, cell(fixed(m.macroF1), true, true));
    setItem(r, 4, cell(total, true, true));
    ++r;
    setItem(r, 0, cell(tr("Weighted average"), false, true));
    setItem(r, 1, cell(fixed(m.weightedPrecision), true, true));
    setItem(r, 2, cell(fixed(m.weightedRecall), true, true));
    setItem(r, 3, cell(fixed(m.weightedF1), true, true));
    setItem(r, 4, cell(total, true, true));
    ++r;
    setItem(r, 0, cell(tr("Accuracy"), false, true));
    setItem(r, 1, cell(QString(), true));
    setItem(r, 2, cell(QString(), true));
    setItem(r, 3, cell(fixed(m.accuracy), true, true));
    setItem(r, 4, cell(total, true, true));
    updateGeometry();
}

} // namespace hone::ui

#include "ui/dashboard/confusionmatrixwidget.h"

#include "ui/widgets/confusionheatmap.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace hone::ui {

namespace {
constexpr int kMaxListedRows = 2000;

QTableWidgetItem *numberItem(double value, const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

ConfusionMatrixWidget::ConfusionMatrixWidget(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel;
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_normalized = new QCheckBox;
    m_normalized->setObjectName(QStringLiteral("normalizedCheck"));
    m_heatmap = new ConfusionHeatmap;
    m_heatmap->setObjectName(QStringLiteral("confusionHeatmap"));
    m_cellCaption = new QLabel;
    m_cellCaption->setWordWrap(true);
    m_rows = new QTableWidget(0, 4);
    m_rows->setObjectName(QStringLiteral("cellRowsTable"));
    m_rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rows->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rows->setAlternatingRowColors(true);
    m_rows->setWordWrap(false);
    m_rows->setTextElideMode(Qt::ElideRight);
    m_rows->verticalHeader()->setVisible(false);
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 8);
    m_rows->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rows->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_normalized);

    auto *lower = new QWidget;
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 4, 0, 0);
    lowerLayout->addWidget(m_cellCaption);
    lowerLayout->addWidget(m_rows, 1);

    auto *split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    split->addWidget(m_heatmap);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    connect(m_normalized, &QCheckBox::toggled, m_heatmap, &ConfusionHeatmap::setNormalized);
    connect(m_heatmap, &ConfusionHeatmap::cellClicked, this, &ConfusionMatrixWidget::selectCell);
    retranslate();
}

void ConfusionMatrixWidget::setEvaluation(const QStringList &labels, const std::vector<std::vector<std::int64_t>> &confusion,
                                          const QString &caption)
{
    m_caption = caption;
    m_heatmap->setMatrix(labels, confusion);
    retranslate();
    listCell(); // the selected cell now holds the new evaluation's rows
}

void ConfusionMatrixWidget::setPredictions(std::vector<PredictionRow> rows, const QString &textsFile)
{
    m_predictions = std::move(rows);
    m_textsFile = textsFile;
    m_textsLoaded = {};
    listCell();
}

void ConfusionMatrixWidget::clear()
{
    m_caption.clear();
    m_predictions.clear();
    m_textsFile.clear();
    m_truth = m_predicted = -1;
    m_heatmap->clear();
    m_heatmap->setSelectedCell(-1, -1);
    m_rows->setRowCount(0);
    retranslate();
}

void ConfusionMatrixWidget::setNormalized(bool normalized)
{
    m_normalized->setChecked(normalized);
}

void ConfusionMatrixWidget::selectCell(int truth, int predicted)
{
    m_truth = truth;
    m_predicted = predicted;
    m_heatmap->setSelectedCell(truth, predicted);
    listCell();
}

void ConfusionMatrixWidget::fillTexts()
{
    if (m_textsFile.isEmpty())
        return;
    const bool missing = std::any_of(m_predictions.begin(), m_predictions.end(), [](const PredictionRow &r) { return r.text.isEmpty(); });
    const QFileInfo info(m_textsFile);
    if (!missing || !info.exists() || info.lastModified() == m_textsLoaded)
        return;
    m_textsLoaded = info.lastModified();
    auto rows = readPredictions(m_textsFile);
    if (!rows)
        return;
    QHash<qint64, QString> texts;
    for (const auto &r : *rows)
        texts.insert(r.row, r.text);
    for (auto &p : m_predictions)
        if (p.text.isEmpty())
            p.text = texts.value(p.row);
}

void ConfusionMatrixWidget::listCell()
{
    m_rows->setRowCount(0);
    const QStringList labels = m_heatmap->labels();
    if (m_truth < 0 || m_predicted < 0 || m_truth >= labels.size() || m_predicted >= labels.size()) {
        m_cellCaption->setText(labels.isEmpty() ? QString() : tr("Click a cell to list its rows."));
        return;
    }
    const QString truthName = labels[m_truth], predictedName = labels[m_predicted];
    if (m_predictions.empty()) {
        m_cellCaption->setText(tr("True %1, predicted %2: %n row(s). The texts of this evaluation were not saved.", nullptr,
                                  int(m_heatmap->count(m_truth, m_predicted)))
                                   .arg(truthName, predictedName));
        return;
    }
    fillTexts();
    std::vector<const PredictionRow *> cell;
    for (const auto &p : m_predictions)
        if (p.truth == m_truth && p.predicted == m_predicted)
            cell.push_back(&p);
    auto prob = [](const PredictionRow *r, int label) {
        return label >= 0 && label < int(r->probabilities.size()) ? double(r->probabilities[label]) : 0.0;
    };
    // Most confident first: for a mistake these are the rows most worth reading.
    std::stable_sort(cell.begin(), cell.end(),
                     [&](const PredictionRow *a, const PredictionRow *b) { return prob(a, m_predicted) > prob(b, m_predicted); });
    const bool diagonal = m_truth == m_predicted;
    m_cellCaption->setText(diagonal ? tr("True %1, predicted correctly: %n row(s).", nullptr, int(cell.size())).arg(truthName)
                                    : tr("True %1, predicted %2: %n row(s), most confident first.", nullptr, int(cell.size()))
                                          .arg(truthName, predictedName));
    const int shown = std::min<int>(int(cell.size()), kMaxListedRows);
    m_rows->setColumnCount(diagonal ? 3 : 4);
    m_rows->setHorizontalHeaderLabels({tr("Row"), tr("Text"), tr("P(%1)").arg(predictedName), tr("P(%1)").arg(truthName)});
    m_rows->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_rows->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_rows->setSortingEnabled(false);
    m_rows->setRowCount(shown);
    for (int i = 0; i < shown; ++i) {
        const PredictionRow *r = cell[i];
        m_rows->setItem(i, 0, numberItem(double(r->row), QString::number(r->row)));
        QString text = r->text;
        auto *textItem = new QTableWidgetItem(text.isEmpty() ? tr("(text not available)") : text.simplified());
        if (!text.isEmpty())
            textItem->setToolTip(text.size() > 2000 ? text.left(2000) + QStringLiteral("…") : text);
        m_rows->setItem(i, 1, textItem);
        const double pp = prob(r, m_predicted);
        m_rows->setItem(i, 2, numberItem(pp, QStringLiteral("%1%").arg(pp * 100.0, 0, 'f', 1)));
        if (!diagonal) {
            const double pt = prob(r, m_truth);
            m_rows->setItem(i, 3, numberItem(pt, QStringLiteral("%1%").arg(pt * 100.0, 0, 'f', 1)));
        }
    }
    if (shown < int(cell.size()))
        m_cellCaption->setText(m_cellCaption->text() + QLatin1Char(' ') + tr("Showing the first %1.").arg(shown));
}

void ConfusionMatrixWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        listCell();
    }
    QWidget::changeEvent(event);
}

void ConfusionMatrixWidget::retranslate()
{
    if (m_truth < 0 || m_predicted < 0)
        m_rows->setHorizontalHeaderLabels({tr("Row"), tr("Text"), tr("P(predicted)"), tr("P(true)")});
    m_title->setText(m_caption.isEmpty() ? tr("Confusion matrix") : tr("Confusion matrix · %1").arg(m_caption));
    m_normalized->setText(tr("Normalised"));
    m_normalized->setToolTip(tr("Show each cell as its share of the true label's rows"));
    m_heatmap->setPlaceholderText(tr("The confusion matrix appears after the first evaluation."));
}

} // namespace hone::ui

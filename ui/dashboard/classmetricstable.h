#pragma once
// Per-class precision, recall, F1 and support of one evaluation, followed by the macro and
// weighted averages and the accuracy, like scikit-learn's classification_report.
#include "core/eval/metrics.h"

#include <QTableWidget>

#include <optional>

namespace hone::ui {

class ClassMetricsTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ClassMetricsTable(QWidget *parent = nullptr);

    void setMetrics(const hone::ClassificationMetrics &metrics);
    void clearMetrics();

    // Tall enough for every row (at most kMaxVisibleRows, then it scrolls).
    QSize sizeHint() const override;
    static constexpr int kMaxVisibleRows = 12;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    std::optional<hone::ClassificationMetrics> m_metrics;
};

} // namespace hone::ui

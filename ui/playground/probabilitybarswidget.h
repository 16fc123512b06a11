#pragma once
// One horizontal bar per class, most probable first: the label name, a bar as long as the
// probability, and the percentage. The top class is drawn in the accent colour.
#include <QStringList>
#include <QWidget>

#include <vector>

namespace hone::ui {

class ProbabilityBarsWidget : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBarsWidget(QWidget *parent = nullptr);

    void setProbabilities(const QStringList &labels, const std::vector<float> &probabilities);
    void clear();
    // The labels in the order drawn (descending probability).
    QStringList sortedLabels() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Bar {
        QString label;
        float probability = 0;
    };
    std::vector<Bar> m_bars;
    int rowHeight() const;
};

} // namespace hone::ui

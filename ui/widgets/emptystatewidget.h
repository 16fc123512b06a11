#pragma once
#include <QWidget>

class QLabel;
class QPushButton;

namespace hone::ui {

// What the centre of the window shows before there is a run: what Hone does and how to start.
class EmptyStateWidget : public QWidget {
    Q_OBJECT
public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);
    void setModelCount(int count);

Q_SIGNALS:
    void newRunRequested();
    void openRunRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_title = nullptr;
    QLabel *m_body = nullptr;
    QLabel *m_models = nullptr;
    QPushButton *m_newRun = nullptr;
    QPushButton *m_openRun = nullptr;
    int m_modelCount = -1;
};

} // namespace hone::ui

#pragma once
// A titled section that folds open and shut with an arrow button (the wizard's "Advanced" and
// "Skipped folders" areas).
#include <QWidget>

class QToolButton;

namespace hone::ui {

class CollapsibleSection : public QWidget {
    Q_OBJECT
public:
    explicit CollapsibleSection(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const;
    // Takes ownership of content.
    void setContent(QWidget *content);
    QWidget *content() const { return m_content; }
    bool isExpanded() const;
    QToolButton *toggleButton() const { return m_toggle; }

public Q_SLOTS:
    void setExpanded(bool expanded);

Q_SIGNALS:
    void expandedChanged(bool expanded);

private:
    QToolButton *m_toggle = nullptr;
    QWidget *m_content = nullptr;
};

} // namespace hone::ui

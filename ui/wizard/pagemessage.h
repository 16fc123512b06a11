#pragma once
// The line under a wizard page that says, in words, what is wrong (error), what to watch out for
// (warning) or what is happening (info). Hidden when there is nothing to say.
#include <QFrame>

class QLabel;

namespace hone::ui {

class PageMessage : public QFrame {
    Q_OBJECT
public:
    enum class Kind { None, Info, Warning, Error };
    explicit PageMessage(QWidget *parent = nullptr);

    void showError(const QString &text) { show(Kind::Error, text); }
    void showWarning(const QString &text) { show(Kind::Warning, text); }
    void showInfo(const QString &text) { show(Kind::Info, text); }
    void show(Kind kind, const QString &text);
    void clear();

    Kind kind() const { return m_kind; }
    QString text() const;

private:
    using QFrame::show;
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    Kind m_kind = Kind::None;
};

} // namespace hone::ui

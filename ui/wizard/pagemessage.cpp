#include "ui/wizard/pagemessage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace hone::ui {

PageMessage::PageMessage(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("pageMessage"));
    m_icon = new QLabel;
    m_icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel;
    m_text->setObjectName(QStringLiteral("pageMessageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void PageMessage::show(Kind kind, const QString &text)
{
    if (kind == Kind::None || text.isEmpty())
        return clear();
    m_kind = kind;
    m_text->setText(text);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    const char *background = "#e8f0fe", *border = "#aac4f0", *foreground = "#1a3d6e";
    if (kind == Kind::Warning) {
        icon = QStyle::SP_MessageBoxWarning;
        background = "#fff4e0", border = "#f0c987", foreground = "#5c3d00";
    } else if (kind == Kind::Error) {
        icon = QStyle::SP_MessageBoxCritical;
        background = "#fdecea", border = "#f0a8a0", foreground = "#7a1c12";
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    setStyleSheet(QStringLiteral("QFrame#pageMessage { background: %1; border: 1px solid %2; border-radius: 4px; }"
                                 "QLabel { background: transparent; border: none; color: %3; }")
                      .arg(QLatin1String(background), QLatin1String(border), QLatin1String(foreground)));
    setVisible(true);
}

void PageMessage::clear()
{
    m_kind = Kind::None;
    m_text->clear();
    setVisible(false);
}

QString PageMessage::text() const
{
    return m_text->text();
}

} // namespace hone::ui

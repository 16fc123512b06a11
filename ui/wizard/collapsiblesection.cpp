#include "ui/wizard/collapsiblesection.h"

#include <QToolButton>
#include <QVBoxLayout>

namespace hone::ui {

CollapsibleSection::CollapsibleSection(QWidget *parent) : QWidget(parent)
{
    m_toggle = new QToolButton;
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setCheckable(true);
    m_toggle->setAutoRaise(true);
    QFont bold = m_toggle->font();
    bold.setBold(true);
    m_toggle->setFont(bold);
    connect(m_toggle, &QToolButton::toggled, this, &CollapsibleSection::setExpanded);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_toggle, 0, Qt::AlignLeft);
}

void CollapsibleSection::setTitle(const QString &title)
{
    m_toggle->setText(title);
}

QString CollapsibleSection::title() const
{
    return m_toggle->text();
}

void CollapsibleSection::setContent(QWidget *content)
{
    if (m_content)
        m_content->deleteLater();
    m_content = content;
    static_cast<QVBoxLayout *>(layout())->addWidget(content, 1);
    content->setVisible(isExpanded());
}

bool CollapsibleSection::isExpanded() const
{
    return m_toggle->isChecked();
}

void CollapsibleSection::setExpanded(bool expanded)
{
    if (m_toggle->isChecked() != expanded) {
        m_toggle->setChecked(expanded); // re-enters through toggled
        return;
    }
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    if (m_content)
        m_content->setVisible(expanded);
    Q_EMIT expandedChanged(expanded);
}

} // namespace hone::ui

#include "ui/widgets/emptystatewidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hone::ui {

EmptyStateWidget::EmptyStateWidget(QWidget *parent) : QWidget(parent)
{
    auto *icon = new QLabel;
    icon->setPixmap(QPixmap(QStringLiteral(":/icons/hone-128.png")));
    icon->setAlignment(Qt::AlignCenter);
    m_title = new QLabel;
    m_title->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_body = new QLabel;
    m_body->setAlignment(Qt::AlignCenter);
    m_body->setWordWrap(true);
    m_models = new QLabel;
    m_models->setAlignment(Qt::AlignCenter);
    m_models->setWordWrap(true);
    m_newRun = new QPushButton;
    m_newRun->setDefault(true);
    m_newRun->setMinimumHeight(36);
    m_newRun->setObjectName(QStringLiteral("newRunButton"));
    m_openRun = new QPushButton;
    m_openRun->setMinimumHeight(36);
    connect(m_newRun, &QPushButton::clicked, this, &EmptyStateWidget::newRunRequested);
    connect(m_openRun, &QPushButton::clicked, this, &EmptyStateWidget::openRunRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_newRun);
    buttons->addWidget(m_openRun);
    buttons->addStretch();

    // A centred column at most 560 wide: wrapped labels get their height for that width (an
    // alignment flag on a word-wrapped label would size it to its one-line hint and cut it).
    auto *content = new QWidget;
    content->setMaximumWidth(560);
    auto *column = new QVBoxLayout(content);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(icon);
    column->addSpacing(12);
    column->addWidget(m_title);
    column->addWidget(m_body);
    column->addSpacing(16);
    column->addLayout(buttons);
    column->addSpacing(8);
    column->addWidget(m_models);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(content, 4);
    row->addStretch(1);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(2);
    outer->addLayout(row);
    outer->addStretch(3);
    retranslate();
}

void EmptyStateWidget::setModelCount(int count)
{
    m_modelCount = count;
    retranslate();
}

void EmptyStateWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EmptyStateWidget::retranslate()
{
    m_title->setText(tr("Fine-tune a language model"));
    m_body->setText(tr("Pick a pretrained model (a text classifier or a chat model), load labelled texts or "
                       "conversations, choose hyperparameters and watch the model learn. Every run is kept so you "
                       "can compare it, talk to it and export it."));
    m_newRun->setText(tr("New run…"));
    m_openRun->setText(tr("Open run folder…"));
    if (m_modelCount < 0)
        m_models->clear();
    else if (m_modelCount == 0)
        m_models->setText(tr("No pretrained models found yet. Run scripts/setup.sh to install the default model, "
                             "or browse to a Hugging Face model folder in the wizard."));
    else
        m_models->setText(tr("%n pretrained model(s) ready to use.", nullptr, m_modelCount));
}

} // namespace hone::ui

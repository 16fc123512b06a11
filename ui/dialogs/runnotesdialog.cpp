#include "ui/dialogs/runnotesdialog.h"

#include "core/runs/runrecorder.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace hone::ui {

RunNotesDialog::RunNotesDialog(const QString &runDir, const QString &currentName, QWidget *parent)
    : QDialog(parent), m_runDir(runDir)
{
    setObjectName(QStringLiteral("runNotesDialog"));
    setWindowTitle(tr("Run Name, Tags and Notes"));
    const RunAnnotations a = readRunAnnotations(runDir.toStdString());
    m_name = new QLineEdit(currentName);
    m_name->setObjectName(QStringLiteral("runNameEdit"));
    m_name->setPlaceholderText(QString::fromStdString(runNameFromId(QFileInfo(runDir).fileName().toStdString())));
    QStringList tags;
    for (const auto &t : a.tags)
        tags << QString::fromStdString(t);
    m_tags = new QLineEdit(tags.join(QStringLiteral(", ")));
    m_tags->setObjectName(QStringLiteral("runTagsEdit"));
    m_tags->setPlaceholderText(tr("e.g. baseline, report"));
    m_tags->setToolTip(tr("Separate tags with commas; the run list's filter finds runs by tag"));
    m_notes = new QPlainTextEdit(QString::fromStdString(a.notes));
    m_notes->setObjectName(QStringLiteral("runNotesEdit"));
    m_notes->setPlaceholderText(tr("What this run tried, what you noticed…"));
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setVisible(false);

    auto *folder = new QLabel(QDir::toNativeSeparators(runDir));
    folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    folder->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("Folder:"), folder);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Tags:"), m_tags);
    form->addRow(tr("N&otes:"), m_notes);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(520, 360);
}

QStringList RunNotesDialog::parseTags(const QString &text)
{
    QStringList out;
    for (const QString &t : text.split(QLatin1Char(',')))
        if (const QString tag = t.trimmed(); !tag.isEmpty() && !out.contains(tag))
            out << tag;
    return out;
}

bool RunNotesDialog::save()
{
    RunAnnotations a;
    a.name = m_name->text().trimmed().toStdString();
    a.notes = m_notes->toPlainText().toStdString();
    for (const QString &t : parseTags(m_tags->text()))
        a.tags.push_back(t.toStdString());
    auto recorder = RunRecorder::open(m_runDir.toStdString());
    if (auto r = recorder ? recorder->writeAnnotations(a) : Result<void>(recorder.error()); !r) {
        m_error->setText(tr("The notes cannot be saved: %1").arg(QString::fromStdString(r.error().message)));
        m_error->setVisible(true);
        return false;
    }
    return true;
}

void RunNotesDialog::accept()
{
    if (save())
        QDialog::accept();
}

} // namespace hone::ui

#pragma once
// Rename a run and keep notes and tags with it (annotations.json in the run folder; the folder is
// never renamed). Opened from the run history's context menu.
#include "core/runs/rundirectory.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace hone::ui {

class RunNotesDialog : public QDialog {
    Q_OBJECT
public:
    // `currentName` is what the history shows (config.json's name when nothing was renamed).
    RunNotesDialog(const QString &runDir, const QString &currentName, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *tagsEdit() const { return m_tags; }
    QPlainTextEdit *notesEdit() const { return m_notes; }
    // Tags as typed: separated by commas.
    static QStringList parseTags(const QString &text);
    // Writes annotations.json; false with the reason shown in the dialog.
    bool save();

    void accept() override;

private:
    QString m_runDir;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace hone::ui

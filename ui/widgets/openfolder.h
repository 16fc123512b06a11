#pragma once
// Shows a folder in the desktop's file manager. Where none can be started (a bare X session, a
// container), the user is told where the folder is and gets its path on the clipboard instead
// of a click that does nothing.
#include <QString>

class QWidget;

namespace hone::ui {

// True when a file manager was started; otherwise explains in a message box (parent) and returns false.
bool openFolder(QWidget *parent, const QString &path);
// The explanation shown when no file manager starts.
QString noFileManagerText(const QString &path);

} // namespace hone::ui

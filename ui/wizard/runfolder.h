#pragma once
// The folder a new run gets: <runs root>/<yyyymmdd-hhmmss>-<name>, named like core's
// RunDirectory::create but not created (the trainer creates it and refuses a non-empty folder).
#include <QDateTime>
#include <QString>

namespace hone::ui {

// Letters, digits, '-', '_', '.' and non-ASCII kept; other runs of characters become one '-'.
QString sanitizedRunName(const QString &name);
// A path under root that does not exist yet (a "-2", "-3", ... suffix when needed).
QString newRunFolder(const QString &root, const QString &name, const QDateTime &when = QDateTime::currentDateTime());

} // namespace hone::ui

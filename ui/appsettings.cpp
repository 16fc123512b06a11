#include "ui/appsettings.h"

#include "core/util/paths.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace hone::ui {

namespace {

QStringList existing(const QStringList &paths)
{
    QStringList out;
    for (const QString &p : paths)
        if (!p.isEmpty() && QFileInfo::exists(p) && !out.contains(p))
            out << p;
    return out;
}

void prepend(const QString &key, const QString &path)
{
    QSettings settings;
    QStringList list = settings.value(key).toStringList();
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    list.removeAll(clean);
    list.prepend(clean);
    while (list.size() > AppSettings::kMaxRecent)
        list.removeLast();
    settings.setValue(key, list);
}

} // namespace

QString AppSettings::defaultRunsRoot()
{
    return QString::fromStdString(hone::defaultRunsRoot().string());
}

QString AppSettings::runsRoot()
{
    const QString stored = QSettings().value(QStringLiteral("runs/root")).toString();
    return stored.isEmpty() ? defaultRunsRoot() : stored;
}

void AppSettings::setRunsRoot(const QString &path)
{
    QSettings settings;
    if (path.isEmpty() || QDir::cleanPath(path) == QDir::cleanPath(defaultRunsRoot()))
        settings.remove(QStringLiteral("runs/root"));
    else
        settings.setValue(QStringLiteral("runs/root"), QDir::cleanPath(path));
}

int AppSettings::computeThreads()
{
    return qMax(0, QSettings().value(QStringLiteral("compute/threads"), 0).toInt());
}

void AppSettings::setComputeThreads(int threads)
{
    QSettings().setValue(QStringLiteral("compute/threads"), qMax(0, threads));
}

QStringList AppSettings::recentDataFiles()
{
    return existing(QSettings().value(QStringLiteral("recent/dataFiles")).toStringList());
}

void AppSettings::addRecentDataFile(const QString &path)
{
    prepend(QStringLiteral("recent/dataFiles"), path);
}

QStringList AppSettings::recentRunFolders()
{
    return existing(QSettings().value(QStringLiteral("recent/runFolders")).toStringList());
}

void AppSettings::addRecentRunFolder(const QString &path)
{
    prepend(QStringLiteral("recent/runFolders"), path);
}

QStringList AppSettings::openedRunFolders()
{
    return existing(QSettings().value(QStringLiteral("runs/opened")).toStringList());
}

void AppSettings::addOpenedRunFolder(const QString &path)
{
    QStringList all = openedRunFolders();
    const QString clean = QDir::cleanPath(path);
    if (!all.contains(clean))
        QSettings().setValue(QStringLiteral("runs/opened"), all << clean);
}

void AppSettings::removeOpenedRunFolder(const QString &path)
{
    QStringList all = openedRunFolders();
    if (all.removeAll(QDir::cleanPath(path)) > 0)
        QSettings().setValue(QStringLiteral("runs/opened"), all);
}

QString AppSettings::lastDirectory(const QString &purpose)
{
    const QString dir = QSettings().value(QStringLiteral("dialogs/") + purpose).toString();
    return !dir.isEmpty() && QFileInfo(dir).isDir() ? dir : QDir::homePath();
}

void AppSettings::setLastDirectory(const QString &purpose, const QString &dir)
{
    QSettings().setValue(QStringLiteral("dialogs/") + purpose, dir);
}

} // namespace hone::ui

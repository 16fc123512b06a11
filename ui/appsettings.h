#pragma once
// The workbench's preferences, stored with QSettings: runs root, compute threads, recent files and
// folders. The language lives in LanguageManager; window geometry/state in MainWindow.
#include <QString>
#include <QStringList>

namespace hone::ui {

class AppSettings {
public:
    // Where new runs are created and the history looks; defaults to core's defaultRunsRoot().
    static QString runsRoot();
    static void setRunsRoot(const QString &path);
    static QString defaultRunsRoot();

    // LibTorch intra-op threads; 0 means all cores.
    static int computeThreads();
    static void setComputeThreads(int threads);

    // Most recent first, at most kMaxRecent entries, only entries that still exist.
    static QStringList recentDataFiles();
    static void addRecentDataFile(const QString &path);
    static QStringList recentRunFolders();
    static void addRecentRunFolder(const QString &path);
    // Every run folder ever opened (no limit; gone folders dropped): the run history lists them
    // next to the runs under the runs root.
    static QStringList openedRunFolders();
    static void addOpenedRunFolder(const QString &path);
    static void removeOpenedRunFolder(const QString &path);

    // The folder a file dialog starts in for a given purpose ("data", "model", "config", "export").
    static QString lastDirectory(const QString &purpose);
    static void setLastDirectory(const QString &purpose, const QString &dir);

    static constexpr int kMaxRecent = 8;
};

} // namespace hone::ui

#pragma once
// The run history dock's content: every run under the runs root (GUI and hone-cli alike), sortable,
// filterable, refreshed when the folder changes (QFileSystemWatcher) and every few seconds (state
// and metrics written by another process). Listing runs happens off the GUI thread.
#include <QFutureWatcher>
#include <QWidget>

#include "core/runs/rundirectory.h"

#include <vector>

class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTimer;
class QToolButton;
class QTreeView;

namespace hone::ui {

class RunListItemModel;

class RunHistoryWidget : public QWidget {
    Q_OBJECT
public:
    explicit RunHistoryWidget(QWidget *parent = nullptr);
    ~RunHistoryWidget() override;

    void setRunsRoot(const QString &root);
    QString runsRoot() const { return m_root; }
    // Run folders outside the runs root that are listed too (every folder ever opened).
    void setExtraRuns(const QStringList &folders);
    QStringList extraRuns() const { return m_extra; }

    QString currentRun() const;
    QStringList selectedRuns() const;
    // Selects the run (now, or as soon as a refresh lists it).
    void selectRun(const QString &path);
    RunListItemModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // Extra entries for the context menu (the main window's Run actions).
    void setContextActions(const QList<QAction *> &actions);
    // Milliseconds between the periodic refreshes (default 4000).
    void setRefreshInterval(int ms);

    // Rename / tags / notes of the run (a dialog); false when canceled or not saved.
    bool editNotes(const QString &path);
    // Moves the run folder to the desktop's trash (core/util/trash.h: freedesktop.org trash under
    // $XDG_DATA_HOME/Trash, as file managers do); where that cannot be done (another drive),
    // asks before deleting it for good. A running run is refused. `confirm` false skips the question (tests).
    bool deleteRun(const QString &path, bool confirm = true);
    // Opens the folder in the file manager; says where it is when none can be started.
    void showInFileManager(const QString &path);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void currentRunChanged(const QString &path);
    void runActivated(const QString &path);
    void refreshed(); // after each listing has been applied
    void runDeleted(const QString &path);
    // A message for the window's status bar (e.g. where a folder is when no file manager opens).
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void retranslate();
    void applyListing();
    void updateWatches();
    void updateStatus();
    void showContextMenu(const QPoint &pos);
    void fitDateColumn();

    QString m_root;
    QStringList m_extra;
    QString m_pendingSelection;
    RunListItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QToolButton *m_refreshButton = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
    QTimer *m_periodic = nullptr;
    QFutureWatcher<std::vector<RunInfo>> m_listing;
    bool m_refreshPending = false;
    QList<QAction *> m_contextActions;
    QString m_lastCurrent;
    bool m_dateColumnChosen = false; // the user showed or hid it: no longer follows the width
};

} // namespace hone::ui

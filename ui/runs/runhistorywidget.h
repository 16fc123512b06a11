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

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void currentRunChanged(const QString &path);
    void runActivated(const QString &path);
    void refreshed(); // after each listing has been applied

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void applyListing();
    void updateWatches();
    void updateStatus();
    void showContextMenu(const QPoint &pos);

    QString m_root;
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
};

} // namespace hone::ui

#include "ui/runs/runhistorywidget.h"

#include "ui/dialogs/runnotesdialog.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/widgets/openfolder.h"

#include "core/util/trash.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QStyle>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QToolButton>
#include <QResizeEvent>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hone::ui {

namespace {
constexpr int kMaxWatchedRuns = 256; // inotify watches are a shared, limited resource
}

RunHistoryWidget::RunHistoryWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runHistory"));
    m_model = new RunListItemModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunListItemModel::SortRole);
    m_proxy->setFilterRole(RunListItemModel::FilterRole);
    m_proxy->setFilterKeyColumn(RunListItemModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });
    m_refreshButton = new QToolButton;
    m_refreshButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refreshButton->setAutoRaise(true);
    connect(m_refreshButton, &QToolButton::clicked, this, &RunHistoryWidget::refresh);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("runList"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->sortByColumn(RunListItemModel::DateColumn, Qt::DescendingOrder);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(RunListItemModel::NameColumn, QHeaderView::Stretch);
    for (int c = RunListItemModel::ModelColumn; c < RunListItemModel::ColumnCount; ++c)
        m_view->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // The dock is narrow: model and dataset are in the tooltip and the filter; show them when wide.
    m_view->header()->setSectionHidden(RunListItemModel::ModelColumn, true);
    m_view->header()->setSectionHidden(RunListItemModel::DatasetColumn, true);
    m_view->header()->setSectionHidden(RunListItemModel::TagsColumn, true);
    // Names that differ at the end ("… 2", "…-lr1e-4") stay told apart when the dock is narrow.
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->header(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu;
        for (int c = 0; c < RunListItemModel::ColumnCount; ++c) {
            QAction *a = menu.addAction(m_model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!m_view->header()->isSectionHidden(c));
            a->setEnabled(c != RunListItemModel::NameColumn);
            connect(a, &QAction::toggled, this, [this, c](bool on) {
                m_dateColumnChosen = m_dateColumnChosen || c == RunListItemModel::DateColumn;
                m_view->header()->setSectionHidden(c, !on);
            });
        }
        menu.exec(m_view->header()->mapToGlobal(pos));
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &RunHistoryWidget::showContextMenu);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT runActivated(index.data(RunListItemModel::PathRole).toString());
    });
    // A mouse press makes the row current before it selects it, so currentRun() (current AND
    // selected) is only known once the selection has changed too: check on both.
    const auto currentMayHaveChanged = [this] {
        const QString path = currentRun();
        if (path != m_lastCurrent) {
            m_lastCurrent = path;
            Q_EMIT currentRunChanged(path);
        }
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, currentMayHaveChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, currentMayHaveChanged);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("runHistoryStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = m_status->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_status->setFont(small);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->setSpacing(4);
    top->addWidget(m_filter, 1);
    top->addWidget(m_refreshButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    m_watcher = new QFileSystemWatcher(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &RunHistoryWidget::refresh);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce, qOverload<>(&QTimer::start));
    m_periodic = new QTimer(this);
    m_periodic->setInterval(4000);
    connect(m_periodic, &QTimer::timeout, this, &RunHistoryWidget::refresh);
    m_periodic->start();
    connect(&m_listing, &QFutureWatcher<std::vector<RunInfo>>::finished, this, &RunHistoryWidget::applyListing);

    retranslate();
}

RunHistoryWidget::~RunHistoryWidget()
{
    m_listing.waitForFinished();
}

void RunHistoryWidget::setRunsRoot(const QString &root)
{
    if (root == m_root)
        return;
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_root = root;
    m_model->setRuns({});
    updateStatus();
    refresh();
}

void RunHistoryWidget::setExtraRuns(const QStringList &folders)
{
    QStringList clean;
    for (const QString &f : folders)
        clean << QDir::cleanPath(f);
    if (clean == m_extra)
        return;
    m_extra = clean;
    refresh();
}

void RunHistoryWidget::setRefreshInterval(int ms)
{
    m_periodic->setInterval(ms);
}

void RunHistoryWidget::setContextActions(const QList<QAction *> &actions)
{
    m_contextActions = actions;
}

void RunHistoryWidget::refresh()
{
    if (m_root.isEmpty() && m_extra.isEmpty())
        return;
    if (m_listing.isRunning()) {
        m_refreshPending = true;
        return;
    }
    const std::filesystem::path root = m_root.toStdString();
    std::vector<std::filesystem::path> extra;
    for (const QString &f : m_extra)
        extra.emplace_back(f.toStdString());
    m_listing.setFuture(QtConcurrent::run([root, extra] {
        std::vector<RunInfo> runs = root.empty() ? std::vector<RunInfo>() : listRuns(root);
        for (const auto &dir : extra)
            if (auto info = readRunInfo(dir))
                runs.push_back(std::move(info).value()); // the model skips one listed twice
        return runs;
    }));
}

void RunHistoryWidget::applyListing()
{
    const std::vector<RunInfo> runs = m_listing.result();
    m_model->setRuns(runs);
    updateWatches();
    updateStatus();
    fitDateColumn(); // the columns' contents changed
    if (!m_pendingSelection.isEmpty() && m_model->rowOfPath(m_pendingSelection) >= 0)
        selectRun(m_pendingSelection);
    Q_EMIT refreshed();
    if (m_refreshPending) {
        m_refreshPending = false;
        refresh();
    }
}

void RunHistoryWidget::updateWatches()
{
    QStringList wanted;
    if (QFileInfo(m_root).isDir())
        wanted << QDir::cleanPath(m_root);
    for (int i = 0; i < m_model->rowCount() && wanted.size() <= kMaxWatchedRuns; ++i)
        wanted << QDir::cleanPath(m_model->pathAt(i));
    const QStringList watched = m_watcher->directories();
    QStringList remove, add;
    for (const QString &w : watched)
        if (!wanted.contains(w))
            remove << w;
    for (const QString &w : wanted)
        if (!watched.contains(w))
            add << w;
    if (!remove.isEmpty())
        m_watcher->removePaths(remove);
    if (!add.isEmpty())
        m_watcher->addPaths(add);
}

QString RunHistoryWidget::currentRun() const
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid() || !m_view->selectionModel()->isRowSelected(index.row(), index.parent()))
        return {};
    return index.data(RunListItemModel::PathRole).toString();
}

QStringList RunHistoryWidget::selectedRuns() const
{
    QStringList paths;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        paths << index.data(RunListItemModel::PathRole).toString();
    return paths;
}

void RunHistoryWidget::selectRun(const QString &path)
{
    const int row = m_model->rowOfPath(path);
    if (row < 0) {
        m_pendingSelection = path;
        // Until the listing has it, no other run may look selected.
        m_view->selectionModel()->clearSelection();
        refresh();
        return;
    }
    m_pendingSelection.clear();
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by the filter
        m_filter->clear();
        return selectRun(path);
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void RunHistoryWidget::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const QString path = index.data(RunListItemModel::PathRole).toString();
    QMenu menu(this);
    for (QAction *action : m_contextActions) {
        if (action)
            menu.addAction(action);
        else
            menu.addSeparator();
    }
    if (!m_contextActions.isEmpty())
        menu.addSeparator();
    QAction *notes = menu.addAction(tr("Rename, Tags and Notes…"));
    QAction *open = menu.addAction(tr("Show in File Manager"));
    QAction *copy = menu.addAction(tr("Copy Folder Path"));
    menu.addSeparator();
    QAction *remove = menu.addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("Move to Trash…"));
    remove->setEnabled(m_model->stateOf(path) != RunState::Running);
    QAction *chosen = menu.exec(m_view->viewport()->mapToGlobal(pos));
    if (chosen == notes)
        editNotes(path);
    else if (chosen == open)
        showInFileManager(path);
    else if (chosen == copy)
        QGuiApplication::clipboard()->setText(path);
    else if (chosen == remove)
        deleteRun(path);
}

bool RunHistoryWidget::editNotes(const QString &path)
{
    RunNotesDialog dialog(path, m_model->nameOf(path), this);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    refresh();
    return true;
}

void RunHistoryWidget::showInFileManager(const QString &path)
{
    if (!openFolder(this, path))
        Q_EMIT statusMessage(noFileManagerText(path));
}

bool RunHistoryWidget::deleteRun(const QString &path, bool confirm)
{
    auto state = m_model->stateOf(path);
    if (!state)
        if (auto run = RunDirectory::open(path.toStdString()))
            state = run->state();
    if (state == RunState::Running) {
        QMessageBox::warning(this, tr("Move to Trash"), tr("The run is training. Stop it first."));
        return false;
    }
    const QString name = m_model->nameOf(path).isEmpty() ? QFileInfo(path).fileName() : m_model->nameOf(path);
    if (confirm && QMessageBox::question(this, tr("Move to Trash"),
                                         tr("Move the run “%1” to the trash?\n%2")
                                             .arg(name, QDir::toNativeSeparators(path))) != QMessageBox::Yes)
        return false;
    const bool trashed = moveToTrash(path.toStdString()).ok();
    if (!trashed) {
        // No trash on this drive (or none at all): deleting for good needs its own yes.
        if (!confirm || QMessageBox::warning(this, tr("Move to Trash"),
                                             tr("The run folder cannot be moved to a trash here. Delete it permanently?\n%1")
                                                 .arg(QDir::toNativeSeparators(path)),
                                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
            return false;
        if (!QDir(path).removeRecursively()) {
            QMessageBox::warning(this, tr("Move to Trash"),
                                 tr("The run folder could not be deleted completely: %1").arg(QDir::toNativeSeparators(path)));
            refresh();
            return false;
        }
    }
    m_extra.removeAll(QDir::cleanPath(path));
    Q_EMIT runDeleted(path);
    Q_EMIT statusMessage(trashed ? tr("Moved “%1” to the trash.").arg(name) : tr("Deleted “%1”.").arg(name));
    refresh();
    return true;
}

void RunHistoryWidget::updateStatus()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString root = QDir::toNativeSeparators(m_root);
    if (!QFileInfo(m_root).isDir())
        m_status->setText(tr("No runs yet. New runs are saved in %1").arg(root));
    else if (total == 0)
        m_status->setText(tr("No runs yet in %1").arg(root));
    else if (shown == total)
        m_status->setText(tr("%n run(s) in %1", nullptr, total).arg(root));
    else
        m_status->setText(tr("%1 of %n run(s) shown", nullptr, total).arg(shown));
    m_status->setToolTip(root);
}

void RunHistoryWidget::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter by name, tag, notes, model, dataset or state"));
    m_refreshButton->setToolTip(tr("Refresh the list (runs started from hone-cli appear by themselves)"));
    m_model->retranslate();
    updateStatus();
    fitDateColumn();
}

void RunHistoryWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitDateColumn();
}

// A narrow dock gives the names the date's room (the date stays in the tooltip and the sort order).
void RunHistoryWidget::fitDateColumn()
{
    if (m_dateColumnChosen)
        return;
    QHeaderView *header = m_view->header();
    int others = 0;
    for (int c = 0; c < RunListItemModel::ColumnCount; ++c)
        if (c != RunListItemModel::NameColumn && c != RunListItemModel::DateColumn && !header->isSectionHidden(c))
            others += header->sectionSizeHint(c);
    // The view spans this widget (its viewport may not have followed the resize yet).
    const int viewWidth = contentsRect().width() - layout()->contentsMargins().left() - layout()->contentsMargins().right();
    const int nameRoom = viewWidth - 2 * m_view->frameWidth() - others - header->sectionSizeHint(RunListItemModel::DateColumn);
    header->setSectionHidden(RunListItemModel::DateColumn, nameRoom < m_view->fontMetrics().averageCharWidth() * 16);
}

void RunHistoryWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace hone::ui

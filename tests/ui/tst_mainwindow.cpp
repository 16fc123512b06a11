// The main window: menus and shortcuts, the run history listing run folders on disk (also ones
// that appear while it is open, as hone-cli makes them), the Run actions following the selected
// run's state, Duplicate opening a prefilled wizard, settings applied, quitting while a training
// runs (asks, cancels, waits), and switching to Chinese.
#include "ui/appsettings.h"
#include "ui/dialogs/runnotesdialog.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/jobs/trainingjob.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "ui/runs/comparewidget.h"
#include "ui/runs/runhistorywidget.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/splitpage.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <atomic>
#include <memory>
#include <thread>


using namespace hone::ui;

class tst_MainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void opensWithMenus();
    void emptyStateOffersNewRun();
    void historyListsRunFolders();
    void runActionsFollowState();
    void duplicateOpensPrefilledWizard();
    void openedRunFoldersJoinTheHistory();
    void renameTagNotesAndTrash();
    void runListFollowsALiveJob();
    void settingsAreApplied();
    void quitWhileTrainingStopsTheJob();
    void switchesToChinese();

private:
    QString writeRun(const QString &id, const QString &name, const QString &state, double best = -1);
    std::unique_ptr<QTemporaryDir> m_runsDir; // a fresh runs root per test
    QTemporaryDir &m_runsRef() { return *m_runsDir; }
};

QString tst_MainWindow::writeRun(const QString &id, const QString &name, const QString &state, double best)
{
    QDir run(m_runsRef().filePath(id));
    run.mkpath(QStringLiteral("."));
    auto write = [&run](const QString &file, const QByteArray &text) {
        QFile f(run.filePath(file));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
    };
    write(QStringLiteral("config.json"),
          QStringLiteral(R"({"name": "%1", "model": "/models/all-MiniLM-L6-v2", "seed": 99, "num_train_epochs": 2,
                             "data": {"file": "/data/reviews.csv", "text_column": "review", "label_column": "stars",
                                      "split": [0.6, 0.2, 0.2]},
                             "metric_for_best_model": "accuracy"})")
              .arg(name).toUtf8());
    const QString created = QDateTime::fromString(id.left(15), QStringLiteral("yyyyMMdd-HHmmss")).toString(Qt::ISODate);
    write(QStringLiteral("state.json"), QStringLiteral(R"({"state": "%1", "created": "%2"})").arg(state, created).toUtf8());
    write(QStringLiteral("metrics.jsonl"),
          QByteArrayLiteral("{\"kind\":\"step\",\"step\":10,\"total_steps\":40,\"loss\":0.7,\"epoch\":0.5}\n"
                            "{\"kind\":\"eval\",\"split\":\"validation\",\"step\":20,\"total_steps\":40,\"accuracy\":0.8}\n"));
    if (best >= 0)
        write(QStringLiteral("summary.json"),
              QStringLiteral(R"({"labels": ["neg", "pos"], "best": {"value": %1}, "test": {"accuracy": 0.9}})").arg(best).toUtf8());
    return run.absolutePath();
}

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("hone-test"));
}

void tst_MainWindow::init()
{
    m_runsDir = std::make_unique<QTemporaryDir>();
    QSettings().clear();
    AppSettings::setRunsRoot(m_runsRef().path());
}

void tst_MainWindow::opensWithMenus()
{
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), QStringLiteral("Hone"));
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles << a->text().remove(QLatin1Char('&'));
    QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Run"), QStringLiteral("View"), QStringLiteral("Help")}));
    const auto items = [&window](const char *menu) {
        QStringList out;
        for (QAction *a : window.findChild<QMenu *>(QString::fromLatin1(menu))->actions())
            if (!a->isSeparator())
                out << a->text().remove(QLatin1Char('&'));
        return out;
    };
    QCOMPARE(items("fileMenu"), (QStringList{QStringLiteral("New Run…"), QStringLiteral("Open Run Folder…"),
                                             QStringLiteral("Open Recent"), QStringLiteral("Export Model…"),
                                             QStringLiteral("Settings…"), QStringLiteral("Quit")}));
    QCOMPARE(items("runMenu"), (QStringList{QStringLiteral("Start Again"), QStringLiteral("Stop"), QStringLiteral("Resume"),
                                            QStringLiteral("Duplicate as New Run…"), QStringLiteral("Train More…"),
                                            QStringLiteral("Evaluate on a File…")}));
    const QStringList view = items("viewMenu");
    for (const char *item : {"Dashboard", "Compare", "Playground", "Run History", "Find Run", "Language"})
        QVERIFY2(view.contains(QString::fromLatin1(item)), item);
    QCOMPARE(items("helpMenu"), (QStringList{QStringLiteral("User Guide"), QStringLiteral("About Hone")}));
    // Keyboard shortcuts.
    const auto shortcut = [&window](const char *name) { return window.findChild<QAction *>(QString::fromLatin1(name))->shortcut(); };
    QCOMPARE(shortcut("newRunAction"), QKeySequence(QKeySequence::New));
    QCOMPARE(shortcut("exportAction"), QKeySequence(Qt::CTRL | Qt::Key_E));
    QCOMPARE(shortcut("stopAction"), QKeySequence(Qt::CTRL | Qt::Key_Period));
    QCOMPARE(shortcut("resumeAction"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QCOMPARE(shortcut("duplicateAction"), QKeySequence(Qt::CTRL | Qt::Key_D));
    QCOMPARE(shortcut("historyAction"), QKeySequence(Qt::Key_F9));
    // The history dock is on the left and the toggle hides it.
    QDockWidget *dock = window.runHistoryDock();
    QCOMPARE(window.dockWidgetArea(dock), Qt::LeftDockWidgetArea);
    QVERIFY(dock->isVisible());
    window.findChild<QAction *>(QStringLiteral("historyAction"))->trigger();
    QVERIFY(!dock->isVisible());
}

void tst_MainWindow::emptyStateOffersNewRun()
{
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    auto *button = window.findChild<QPushButton *>(QStringLiteral("newRunButton"));
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("New run…"));
}

void tst_MainWindow::historyListsRunFolders()
{
    const QString finished = writeRun(QStringLiteral("20261120-101500-sentiment"), QStringLiteral("sentiment"),
                                      QStringLiteral("finished"), 0.912);
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    RunHistoryWidget *history = window.runHistory();
    history->setRefreshInterval(300);
    QCOMPARE(history->runsRoot(), m_runsRef().path());
    RunListItemModel *model = history->model();
    QTRY_COMPARE(model->rowCount(), 1);
    const auto cell = [model](int row, int column) { return model->index(row, column).data().toString(); };
    QCOMPARE(cell(0, RunListItemModel::NameColumn), QStringLiteral("sentiment"));
    QCOMPARE(cell(0, RunListItemModel::ModelColumn), QStringLiteral("all-MiniLM-L6-v2"));
    QCOMPARE(cell(0, RunListItemModel::DatasetColumn), QStringLiteral("reviews.csv"));
    QCOMPARE(cell(0, RunListItemModel::StateColumn), QStringLiteral("Finished"));
    QCOMPARE(cell(0, RunListItemModel::BestMetricColumn), QStringLiteral("91.2%"));
    QVERIFY(model->index(0, RunListItemModel::BestMetricColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("0.9000")));
    QVERIFY(!cell(0, RunListItemModel::DateColumn).isEmpty());

    // A run that another process (hone-cli) creates while the window is open appears by itself.
    writeRun(QStringLiteral("20261121-090000-sentiment-long"), QStringLiteral("sentiment-long"), QStringLiteral("canceled"));
    QTRY_COMPARE(model->rowCount(), 2);
    const int canceled = model->rowOfPath(m_runsRef().filePath(QStringLiteral("20261121-090000-sentiment-long")));
    QVERIFY(canceled >= 0);
    QCOMPARE(cell(canceled, RunListItemModel::StateColumn), QStringLiteral("Stopped at 50%"));
    // Sorted newest first; the filter box narrows the list.
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(history->view()->model());
    QCOMPARE(proxy->index(0, 0).data().toString(), QStringLiteral("sentiment-long"));
    history->findChild<QLineEdit *>(QStringLiteral("runFilter"))->setText(QStringLiteral("LONG"));
    QCOMPARE(proxy->rowCount(), 1);
    history->findChild<QLineEdit *>(QStringLiteral("runFilter"))->clear();
    QCOMPARE(proxy->rowCount(), 2);
    // Removing a folder removes the row.
    QDir(m_runsRef().filePath(QStringLiteral("20261121-090000-sentiment-long"))).removeRecursively();
    QTRY_COMPARE(model->rowCount(), 1);
    // Selecting a run shows its dashboard.
    history->selectRun(finished);
    QTRY_COMPARE(window.currentRun(), finished);
    QCOMPARE(window.findChild<QStackedWidget *>()->currentWidget(), static_cast<QWidget *>(window.dashboard()));
    QVERIFY(window.windowTitle().contains(QLatin1String("20261120-101500-sentiment")));
    QDir(finished).removeRecursively();
}

void tst_MainWindow::runActionsFollowState()
{
    const QString finished = writeRun(QStringLiteral("20261120-101500-a"), QStringLiteral("a"), QStringLiteral("finished"), 0.8);
    const QString stopped = writeRun(QStringLiteral("20261120-111500-b"), QStringLiteral("b"), QStringLiteral("canceled"));
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    QTRY_COMPARE(window.runHistory()->model()->rowCount(), 2);
    const auto action = [&window](const char *name) { return window.findChild<QAction *>(QString::fromLatin1(name)); };
    window.runHistory()->selectRun(stopped);
    QTRY_COMPARE(window.currentRun(), stopped);
    QVERIFY(action("resumeAction")->isEnabled());
    QVERIFY(!action("stopAction")->isEnabled());
    QVERIFY(action("duplicateAction")->isEnabled());
    QVERIFY(action("startAction")->isEnabled());
    window.runHistory()->selectRun(finished);
    QTRY_COMPARE(window.currentRun(), finished);
    QVERIFY(!action("resumeAction")->isEnabled());
    QVERIFY(!action("stopAction")->isEnabled());
    QVERIFY(action("duplicateAction")->isEnabled());
    QVERIFY(action("exportAction")->isEnabled());
    // The centre switches between dashboard, compare and playground.
    action("compareViewAction")->trigger();
    QCOMPARE(window.view(), MainWindow::View::Compare);
    QCOMPARE(window.findChild<QStackedWidget *>()->currentWidget(), static_cast<QWidget *>(window.compareView()));
    action("dashboardViewAction")->trigger();
    QCOMPARE(window.findChild<QStackedWidget *>()->currentWidget(), static_cast<QWidget *>(window.dashboard()));
    QDir(finished).removeRecursively();
    QDir(stopped).removeRecursively();
}

void tst_MainWindow::duplicateOpensPrefilledWizard()
{
    const QString run = writeRun(QStringLiteral("20261120-101500-dup"), QStringLiteral("dup"), QStringLiteral("finished"), 0.8);
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    NewRunWizard *wizard = window.createWizard(run);
    QVERIFY(wizard);
    const hone::TrainingConfig c = wizard->config();
    QCOMPARE(c.seed, std::uint64_t(99));
    QCOMPARE(c.numTrainEpochs, 2.0);
    QCOMPARE(c.data.textColumn, std::string("review"));
    QCOMPARE(c.data.labelColumn, std::string("stars"));
    QCOMPARE(c.data.split[0], 0.6);
    QCOMPARE(wizard->splitPage()->trainPercent(), 60);
    QCOMPARE(c.name, std::string("dup 2")); // a name of its own, to tell the two apart
    QCOMPARE(RunListItemModel::distinctName(QStringLiteral("dup 2"), {QStringLiteral("dup"), QStringLiteral("dup 2"),
                                                                      QStringLiteral("dup 3")}),
             QStringLiteral("dup 4"));
    QCOMPARE(RunListItemModel::distinctName(QStringLiteral("new"), {QStringLiteral("dup")}), QStringLiteral("new"));
    QCOMPARE(wizard->windowTitle(), QStringLiteral("Duplicate Run"));
    delete wizard;
    // Train More: a new run named after this one, starting from its trained model.
    NewRunWizard *more = window.createWizard(run, /*fromTrainedModel=*/true);
    QVERIFY(more);
    QCOMPARE(more->windowTitle(), QStringLiteral("Train More"));
    QCOMPARE(more->config().name, std::string("dup more"));
    delete more;
    // A folder whose config.json is not a run configuration is refused with the reason.
    QFile bad(QDir(run).filePath(QStringLiteral("config.json")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"num_train_epocs\": 3}");
    bad.close();
    QTimer::singleShot(200, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            QVERIFY(box->text().contains(QLatin1String("num_train_epocs")));
            box->accept();
        }
    });
    QVERIFY(!window.createWizard(run));
    QDir(run).removeRecursively();
}

void tst_MainWindow::openedRunFoldersJoinTheHistory()
{
    const QString inRoot = writeRun(QStringLiteral("20261120-101500-local"), QStringLiteral("local"), QStringLiteral("finished"), 0.8);
    // A run trained elsewhere (hone-cli --out somewhere), outside the runs root.
    QTemporaryDir elsewhere;
    const QString outside = elsewhere.filePath(QStringLiteral("cli-experiment"));
    QDir(m_runsRef().path()).rename(writeRun(QStringLiteral("20261121-080000-x"), QString(), QStringLiteral("finished"), 0.7), outside);
    {
        LanguageManager languages;
        languages.apply(QStringLiteral("en"));
        MainWindow window(&languages);
        window.show();
        RunHistoryWidget *history = window.runHistory();
        QTRY_COMPARE(history->model()->rowCount(), 1);
        history->selectRun(inRoot);
        QTRY_COMPARE(window.currentRun(), inRoot);
        window.openRun(outside);
        // Listed, and it (not the run selected before) is the highlighted one.
        QTRY_VERIFY(history->model()->rowOfPath(outside) >= 0);
        QTRY_COMPARE(history->currentRun(), outside);
        QCOMPARE(history->selectedRuns(), QStringList{outside});
        QCOMPARE(window.currentRun(), outside);
        // hone-cli without --name: the folder's name, not a blank.
        QCOMPARE(history->model()->nameOf(outside), QStringLiteral("cli-experiment"));
    }
    // Every folder ever opened stays in the history of the next session.
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow again(&languages);
    again.show();
    QTRY_COMPARE(again.runHistory()->model()->rowCount(), 2);
    QVERIFY(again.runHistory()->model()->rowOfPath(outside) >= 0);
    QDir(inRoot).removeRecursively();
}

void tst_MainWindow::renameTagNotesAndTrash()
{
    const QString run = writeRun(QStringLiteral("20261120-101500-notes"), QStringLiteral("notes"), QStringLiteral("finished"), 0.8);
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    RunHistoryWidget *history = window.runHistory();
    RunListItemModel *model = history->model();
    QTRY_COMPARE(model->rowCount(), 1);

    RunNotesDialog dialog(run, model->nameOf(run));
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("notes"));
    dialog.nameEdit()->setText(QStringLiteral("spam baseline"));
    dialog.tagsEdit()->setText(QStringLiteral("baseline, report ,baseline"));
    dialog.notesEdit()->setPlainText(QStringLiteral("lr 5e-5, first try"));
    QVERIFY(dialog.save());
    history->refresh();
    const int row = model->rowOfPath(run);
    QTRY_COMPARE(model->index(row, RunListItemModel::NameColumn).data().toString(), QStringLiteral("spam baseline"));
    QCOMPARE(model->index(row, RunListItemModel::TagsColumn).data().toString(), QStringLiteral("baseline, report"));
    QVERIFY(model->index(row, RunListItemModel::NameColumn).data(Qt::ToolTipRole).toString().contains(QLatin1String("first try")));
    QVERIFY(QFileInfo::exists(run)); // the folder keeps its name
    // The filter finds runs by tag and by notes.
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(history->view()->model());
    auto *filter = history->findChild<QLineEdit *>(QStringLiteral("runFilter"));
    filter->setText(QStringLiteral("report"));
    QCOMPARE(proxy->rowCount(), 1);
    filter->setText(QStringLiteral("first try"));
    QCOMPARE(proxy->rowCount(), 1);
    filter->setText(QStringLiteral("nothing like it"));
    QCOMPARE(proxy->rowCount(), 0);
    filter->clear();

    // Delete: to the desktop's trash (freedesktop.org layout), with a .trashinfo naming where it was.
    QTemporaryDir dataHome(QDir::tempPath() + QStringLiteral("/hone-xdg-XXXXXX")); // the run's drive
    qputenv("XDG_DATA_HOME", dataHome.path().toLocal8Bit());
    history->selectRun(run);
    QTRY_COMPARE(window.currentRun(), run);
    const QString id = QFileInfo(run).fileName();
    QVERIFY(history->deleteRun(run, /*confirm=*/false));
    qunsetenv("XDG_DATA_HOME");
    QVERIFY(!QFileInfo::exists(run));
    QTRY_COMPARE(model->rowCount(), 0);
    QVERIFY(window.currentRun().isEmpty()); // the dashboard no longer shows a deleted run
    const QString trash = dataHome.path() + QStringLiteral("/Trash");
    QVERIFY(QFileInfo::exists(trash + QStringLiteral("/files/") + id + QStringLiteral("/config.json")));
    QFile info(trash + QStringLiteral("/info/") + id + QStringLiteral(".trashinfo"));
    QVERIFY(info.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(info.readAll());
    QVERIFY2(text.startsWith(QLatin1String("[Trash Info]\nPath=") + QDir::cleanPath(run)) && text.contains(QLatin1String("\nDeletionDate=")),
             qPrintable(text));
}

void tst_MainWindow::runListFollowsALiveJob()
{
    RunListItemModel model;
    hone::RunInfo info;
    info.path = "/runs/20261120-101500-live";
    info.id = "20261120-101500-live";
    info.name = "live";
    info.state = hone::RunState::Running;
    info.step = 32;
    info.totalSteps = 48;
    model.setRuns({info});
    QCOMPARE(model.index(0, RunListItemModel::StateColumn).data().toString(), QStringLiteral("Running (66%)"));
    // The job reports step 40 before metrics.jsonl (read every few seconds) has it.
    model.setProgress(QStringLiteral("/runs/20261120-101500-live"), 40, 48);
    QCOMPARE(model.index(0, RunListItemModel::StateColumn).data().toString(), QStringLiteral("Running (83%)"));
    // A listing of the older file does not move it back.
    model.setRuns({info});
    QCOMPARE(model.index(0, RunListItemModel::StateColumn).data().toString(), QStringLiteral("Running (83%)"));
}

void tst_MainWindow::settingsAreApplied()
{
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    QTemporaryDir other;
    SettingsDialog dialog;
    QCOMPARE(dialog.runsRoot(), m_runsRef().path());
    dialog.setRunsRoot(other.path());
    dialog.setComputeThreads(1);
    dialog.setLanguage(QStringLiteral("zh_CN"));
    dialog.store();
    window.applySettings();
    QCOMPARE(window.runsRoot(), other.path());
    QCOMPARE(AppSettings::computeThreads(), 1);
    QCOMPARE(LanguageManager::storedLanguage(), QStringLiteral("zh_CN"));
    // A relative path is refused in words.
    dialog.setRunsRoot(QStringLiteral("relative/runs"));
    dialog.accept();
    QVERIFY(dialog.result() != QDialog::Accepted);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("settingsMessage"));
    QVERIFY(message->isVisibleTo(&dialog));
    QVERIFY(message->text().contains(QLatin1String("absolute")));
    // Recent files and folders keep the newest first and only what still exists.
    AppSettings::addRecentRunFolder(other.path());
    AppSettings::addRecentRunFolder(m_runsRef().path());
    AppSettings::addRecentRunFolder(QStringLiteral("/no/such/folder"));
    QCOMPARE(AppSettings::recentRunFolders(), (QStringList{m_runsRef().path(), other.path()}));
}

void tst_MainWindow::quitWhileTrainingStopsTheJob()
{
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A training that runs until it is told to stop, as the trainer does (it then saves a checkpoint).
    std::atomic<bool> sawCancel{false};
    auto *job = new TrainingJob(&window);
    window.trackJob(job);
    QVERIFY(job->run(m_runsRef().filePath(QStringLiteral("simulated")), [&sawCancel](hone::TrainingFeedback &feedback) -> hone::Result<hone::RunSummary> {
        while (!feedback.isCanceled())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        sawCancel = true;
        hone::RunSummary summary;
        summary.canceled = true;
        return summary;
    }));
    QVERIFY(job->isRunning());
    // Quitting asks first; "No" keeps the window and the job.
    QTimer::singleShot(100, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::No)->click();
    });
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    QVERIFY(job->isRunning());
    // "Yes" cancels the job, waits for it, then closes.
    QTimer::singleShot(100, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::Yes)->click();
    });
    window.close();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 10000);
    QVERIFY(sawCancel);
    QCOMPARE(job->state(), TrainingJob::State::Finished);
}

void tst_MainWindow::switchesToChinese()
{
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
    MainWindow window(&languages);
    window.show();
    QCOMPARE(languages.apply(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCoreApplication::processEvents();
    QStringList titles;
    for (QAction *a : window.menuBar()->actions())
        titles << a->text();
    QVERIFY2(titles.first().startsWith(QStringLiteral("文件")), qPrintable(titles.join(QLatin1Char(','))));
    QVERIFY2(titles.at(1).startsWith(QStringLiteral("运行")), qPrintable(titles.join(QLatin1Char(','))));
    auto *button = window.findChild<QPushButton *>(QStringLiteral("newRunButton"));
    QCOMPARE(button->text(), QStringLiteral("新建运行…"));
    QCOMPARE(window.runHistoryDock()->windowTitle(), QStringLiteral("运行记录"));
    QVERIFY(window.findChild<QAction *>(QStringLiteral("newRunAction"))->text().startsWith(QStringLiteral("新建运行")));
    QCOMPARE(window.runHistory()->model()->headerData(RunListItemModel::NameColumn, Qt::Horizontal).toString(),
             QStringLiteral("名称"));
    languages.apply(QStringLiteral("en"));
    QCoreApplication::processEvents();
    QCOMPARE(window.runHistoryDock()->windowTitle(), QStringLiteral("Runs"));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

#include "ui/mainwindow.h"

#include "ui/appsettings.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dialogs/aboutdialog.h"
#include "ui/dialogs/evaluatedialog.h"
#include "ui/dialogs/exportdialog.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/jobs/jobmanager.h"
#include "ui/jobs/trainingjob.h"
#include "ui/languagemanager.h"
#include "ui/playground/playgroundwidget.h"
#include "ui/runs/comparewidget.h"
#include "ui/runs/runhistorywidget.h"
#include "ui/widgets/emptystatewidget.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/reviewpage.h"

#include "core/models/modeldiscovery.h"
#include "core/runs/rundirectory.h"
#include "core/system/computethreads.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>


namespace hone::ui {

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent), m_languages(languages)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/hone-256.png")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    m_centre = new QStackedWidget;
    m_emptyState = new EmptyStateWidget;
    m_jobs = new JobManager(this);
    connect(m_jobs, &JobManager::jobEnded, this, &MainWindow::jobEnded);
    connect(m_jobs, &JobManager::jobFailed, this, [this](TrainingJob *, hone::ErrorCode code, const QString &message) {
        if (!m_closing)
            statusBar()->showMessage(TrainingJob::errorText(code, message), 15000);
    });
    connect(m_jobs, &JobManager::jobsChanged, this, &MainWindow::updateActions);
    connect(m_jobs, &JobManager::jobAdded, this, [this](TrainingJob *job) {
        connect(job, &TrainingJob::stepsReported, this, [this, job](const QVector<hone::StepMetrics> &steps) {
            if (!steps.isEmpty())
                m_history->model()->setProgress(job->runDir(), steps.back().step, steps.back().totalSteps);
        });
        connect(job, &TrainingJob::finished, this, [this, job](const hone::RunSummary &summary) {
            // Replaces "Stopping…" (or "Training started") with how the run ended.
            if (m_closing)
                return;
            const QString run = QFileInfo(job->runDir()).fileName();
            statusBar()->showMessage(summary.canceled ? tr("%1 stopped at step %2; Resume continues from there.")
                                                            .arg(run)
                                                            .arg(summary.train.steps)
                                                      : tr("%1 finished.").arg(run),
                                     15000);
        });
    });
    m_dashboard = new DashboardWidget;
    m_dashboard->setJobManager(m_jobs);
    m_compare = new CompareWidget;
    m_playground = new PlaygroundWidget;
    m_centre->addWidget(m_emptyState);
    m_centre->addWidget(m_dashboard);
    m_centre->addWidget(m_compare);
    m_centre->addWidget(m_playground);
    setCentralWidget(m_centre);
    connect(m_emptyState, &EmptyStateWidget::newRunRequested, this, &MainWindow::newRun);
    connect(m_emptyState, &EmptyStateWidget::openRunRequested, this, &MainWindow::openRunFolder);
    connect(m_dashboard, &DashboardWidget::runEnded, this, [this] {
        m_history->refresh();
        updateActions();
    });

    createActions();
    createDock();
    createMenus();
    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_newRunAction);
    m_toolBar->addSeparator();
    m_toolBar->addActions(m_viewGroup->actions());
    m_toolBar->addSeparator();
    m_toolBar->addActions({m_stopAction, m_resumeAction, m_exportAction});
    m_jobStatus = new QLabel;
    statusBar()->addPermanentWidget(m_jobStatus);
    retranslate();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    applySettings();
    refreshRecentRuns();
    refreshModels();
    updateActions();
}

MainWindow::~MainWindow()
{
    // Deleting the manager cancels and waits for the jobs. Nothing of this window may react to
    // that any more, and the dashboard lets go of them first.
    disconnect(m_jobs, nullptr, this, nullptr);
    m_dashboard->clear();
    delete m_jobs;
}

QString MainWindow::runsRoot() const
{
    return m_history->runsRoot();
}

QList<TrainingJob *> MainWindow::jobs() const
{
    return m_jobs->jobs();
}

void MainWindow::createActions()
{
    m_newRunAction = new QAction(this);
    m_newRunAction->setObjectName(QStringLiteral("newRunAction"));
    m_newRunAction->setShortcut(QKeySequence::New);
    connect(m_newRunAction, &QAction::triggered, this, &MainWindow::newRun);
    m_openRunAction = new QAction(this);
    m_openRunAction->setShortcut(QKeySequence::Open);
    connect(m_openRunAction, &QAction::triggered, this, &MainWindow::openRunFolder);
    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportModel);
    m_settingsAction = new QAction(this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_startAction = new QAction(this);
    m_startAction->setObjectName(QStringLiteral("startAction"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startAgain);
    m_stopAction = new QAction(this);
    m_stopAction->setObjectName(QStringLiteral("stopAction"));
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopRun);
    m_resumeAction = new QAction(this);
    m_resumeAction->setObjectName(QStringLiteral("resumeAction"));
    m_resumeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_resumeAction, &QAction::triggered, this, &MainWindow::resumeRun);
    m_duplicateAction = new QAction(this);
    m_duplicateAction->setObjectName(QStringLiteral("duplicateAction"));
    m_duplicateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_duplicateAction, &QAction::triggered, this, &MainWindow::duplicateRun);
    m_trainMoreAction = new QAction(this);
    m_trainMoreAction->setObjectName(QStringLiteral("trainMoreAction"));
    connect(m_trainMoreAction, &QAction::triggered, this, &MainWindow::trainMore);
    m_evaluateAction = new QAction(this);
    m_evaluateAction->setObjectName(QStringLiteral("evaluateAction"));
    connect(m_evaluateAction, &QAction::triggered, this, &MainWindow::evaluateOnFile);
    m_newRunAction->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_stopAction->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_resumeAction->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_exportAction->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));

    // The centre: one run's dashboard, several runs compared, or a trained model tried out.
    m_viewGroup = new QActionGroup(this);
    m_dashboardViewAction = new QAction(m_viewGroup);
    m_compareViewAction = new QAction(m_viewGroup);
    m_playgroundViewAction = new QAction(m_viewGroup);
    const QList<QPair<QAction *, View>> views = {{m_dashboardViewAction, View::Dashboard},
                                                 {m_compareViewAction, View::Compare},
                                                 {m_playgroundViewAction, View::Playground}};
    int key = Qt::Key_1;
    for (const auto &entry : views) {
        QAction *action = entry.first;
        const View view = entry.second;
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(key++)));
        connect(action, &QAction::triggered, this, [this, view] { setView(view); });
    }
    m_dashboardViewAction->setObjectName(QStringLiteral("dashboardViewAction"));
    m_compareViewAction->setObjectName(QStringLiteral("compareViewAction"));
    m_playgroundViewAction->setObjectName(QStringLiteral("playgroundViewAction"));
    m_dashboardViewAction->setChecked(true);

    m_filterAction = new QAction(this);
    m_filterAction->setShortcut(QKeySequence::Find);
    connect(m_filterAction, &QAction::triggered, this, [this] {
        m_historyDock->show();
        m_historyDock->raise();
        if (auto *filter = m_history->findChild<QLineEdit *>(QStringLiteral("runFilter"))) {
            filter->setFocus();
            filter->selectAll();
        }
    });

    m_guideAction = new QAction(this);
    m_guideAction->setShortcut(QKeySequence::HelpContents);
    connect(m_guideAction, &QAction::triggered, this, &MainWindow::showUserGuide);
    m_aboutAction = new QAction(this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_languageGroup = new QActionGroup(this);
    const QString stored = LanguageManager::storedLanguage();
    for (const QString &language : QStringList{QString()} + LanguageManager::availableLanguages()) {
        auto *action = new QAction(m_languageGroup);
        action->setCheckable(true);
        action->setData(language);
        action->setChecked(language == stored);
        connect(action, &QAction::triggered, this, [this, language] { setLanguage(language); });
    }
}

void MainWindow::createDock()
{
    m_history = new RunHistoryWidget;
    m_history->setContextActions(
        {m_resumeAction, m_stopAction, m_duplicateAction, m_trainMoreAction, m_startAction, nullptr, m_evaluateAction,
         m_exportAction});
    connect(m_history, &RunHistoryWidget::currentRunChanged, this, [this](const QString &path) {
        if (!path.isEmpty())
            showRun(path);
        updateActions();
    });
    connect(m_history->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_view == View::Compare && m_history->selectedRuns().size() >= 2)
            m_compare->setRuns(m_history->selectedRuns());
    });
    connect(m_history, &RunHistoryWidget::refreshed, this, &MainWindow::updateActions);
    connect(m_history, &RunHistoryWidget::statusMessage, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(m_history, &RunHistoryWidget::runDeleted, this, [this](const QString &path) {
        AppSettings::removeOpenedRunFolder(path);
        if (QDir::cleanPath(path) == QDir::cleanPath(m_currentRun))
            showRun(QString());
    });
    m_historyDock = new QDockWidget(this);
    m_historyDock->setObjectName(QStringLiteral("runHistoryDock"));
    m_historyDock->setWidget(m_history);
    m_historyDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                               QDockWidget::DockWidgetFloatable);
    m_historyDock->setMinimumWidth(260);
    addDockWidget(Qt::LeftDockWidgetArea, m_historyDock);
    resizeDocks({m_historyDock}, {380}, Qt::Horizontal);
    m_historyAction = m_historyDock->toggleViewAction();
    m_historyAction->setObjectName(QStringLiteral("historyAction"));
    m_historyAction->setShortcut(QKeySequence(Qt::Key_F9));
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addActions({m_newRunAction, m_openRunAction});
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::refreshRecentRuns);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_settingsAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->setObjectName(QStringLiteral("runMenu"));
    m_runMenu->addActions({m_startAction, m_stopAction, m_resumeAction});
    m_runMenu->addSeparator();
    m_runMenu->addAction(m_duplicateAction);
    m_runMenu->addAction(m_trainMoreAction);
    m_runMenu->addAction(m_evaluateAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_viewMenu->addActions(m_viewGroup->actions());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_historyAction);
    m_viewMenu->addAction(m_filterAction);
    m_viewMenu->addSeparator();
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_guideAction);
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::retranslate()
{
    const QString run = m_currentRun.isEmpty() ? QString() : QFileInfo(m_currentRun).fileName();
    setWindowTitle(run.isEmpty() ? tr("Hone") : tr("%1 — Hone").arg(run));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_languageMenu->setTitle(tr("&Language"));
    m_historyDock->setWindowTitle(tr("Runs"));
    m_newRunAction->setText(tr("&New Run…"));
    m_newRunAction->setStatusTip(tr("Start the wizard: model, data, split, hyperparameters"));
    m_openRunAction->setText(tr("&Open Run Folder…"));
    m_openRunAction->setStatusTip(tr("Show a run folder, e.g. one trained with hone-cli elsewhere"));
    m_exportAction->setText(tr("&Export Model…"));
    m_exportAction->setStatusTip(tr("Save the selected run's model as a Hugging Face folder"));
    m_settingsAction->setText(tr("Se&ttings…"));
    m_quitAction->setText(tr("&Quit"));
    m_startAction->setText(tr("&Start Again"));
    m_startAction->setStatusTip(tr("Train the selected run's settings again as a new run"));
    m_stopAction->setText(tr("S&top"));
    m_stopAction->setStatusTip(tr("Stop the training; it saves a checkpoint and can be resumed"));
    m_resumeAction->setText(tr("&Resume"));
    m_resumeAction->setStatusTip(tr("Continue a stopped or interrupted run from its last checkpoint"));
    m_duplicateAction->setText(tr("&Duplicate as New Run…"));
    m_duplicateAction->setStatusTip(tr("Open the wizard with the selected run's settings"));
    m_evaluateAction->setText(tr("&Evaluate on a File…"));
    m_evaluateAction->setStatusTip(tr("The selected run's model on another labelled file: accuracy, F1, confusion matrix"));
    m_trainMoreAction->setText(tr("&Train More…"));
    m_trainMoreAction->setStatusTip(tr("A new run that starts from this run's trained model (more epochs, or new data)"));
    m_historyAction->setText(tr("Run &History"));
    m_toolBar->setWindowTitle(tr("Main Toolbar"));
    m_dashboardViewAction->setText(tr("&Dashboard"));
    m_dashboardViewAction->setStatusTip(tr("Curves, confusion matrix and per-class metrics of the selected run"));
    m_compareViewAction->setText(tr("&Compare"));
    m_compareViewAction->setStatusTip(tr("Compare the runs selected in the history (Ctrl+click to select several)"));
    m_playgroundViewAction->setText(tr("&Playground"));
    m_playgroundViewAction->setStatusTip(tr("Try the selected run's model on your own texts or files"));
    m_filterAction->setText(tr("&Find Run"));
    m_guideAction->setText(tr("&User Guide"));
    m_aboutAction->setText(tr("&About Hone"));
    for (QAction *action : m_languageGroup->actions())
        action->setText(LanguageManager::displayName(action->data().toString()));
    updateActions();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::setLanguage(const QString &language)
{
    LanguageManager::storeLanguage(language);
    if (m_languages)
        m_languages->apply(language);
    for (QAction *action : m_languageGroup->actions())
        action->setChecked(action->data().toString() == language);
}

void MainWindow::refreshModels()
{
    // Discovery reads config.json and safetensors headers; keep it off the GUI thread.
    auto *watcher = new QFutureWatcher<int>(this);
    connect(watcher, &QFutureWatcher<int>::finished, this, [this, watcher] {
        m_emptyState->setModelCount(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([] { return static_cast<int>(discoverModels().models.size()); }));
}

void MainWindow::refreshRecentRuns()
{
    m_recentMenu->clear();
    const QStringList recent = AppSettings::recentRunFolders();
    for (const QString &dir : recent) {
        QAction *a = m_recentMenu->addAction(QDir::toNativeSeparators(dir));
        connect(a, &QAction::triggered, this, [this, dir] { openRun(dir); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::setView(View view)
{
    m_view = view;
    m_dashboardViewAction->setChecked(view == View::Dashboard);
    m_compareViewAction->setChecked(view == View::Compare);
    m_playgroundViewAction->setChecked(view == View::Playground);
    if (view == View::Compare) {
        const QStringList selected = m_history->selectedRuns();
        if (selected.size() >= 2)
            m_compare->setRuns(selected);
        else if (!m_currentRun.isEmpty())
            m_compare->setRuns({m_currentRun});
        m_centre->setCurrentWidget(m_compare);
    } else if (view == View::Playground) {
        if (!m_currentRun.isEmpty() && QFileInfo(m_currentRun + QStringLiteral("/model")).isDir() &&
            m_playground->modelDir() != m_currentRun)
            m_playground->setModel(m_currentRun);
        m_centre->setCurrentWidget(m_playground);
    } else {
        showRun(m_currentRun);
    }
}

void MainWindow::showRun(const QString &path)
{
    m_currentRun = path;
    if (m_view != View::Dashboard) {
        setView(m_view);
    } else if (path.isEmpty()) {
        m_dashboard->clear();
        m_centre->setCurrentWidget(m_emptyState);
    } else if (TrainingJob *job = m_jobs->jobFor(path)) {
        m_dashboard->attachJob(job);
        m_centre->setCurrentWidget(m_dashboard);
    } else {
        QString error;
        if (!m_dashboard->showRun(path, &error))
            statusBar()->showMessage(error, 8000);
        m_centre->setCurrentWidget(m_dashboard);
    }
    const QString run = path.isEmpty() ? QString() : QFileInfo(path).fileName();
    setWindowTitle(run.isEmpty() ? tr("Hone") : tr("%1 — Hone").arg(run));
    updateActions();
}

void MainWindow::updateActions()
{
    if (!m_history)
        return;
    const QString run = m_currentRun;
    const bool hasRun = !run.isEmpty() && QFileInfo(run).isDir();
    const bool ownJob = hasRun && m_jobs->jobFor(run) != nullptr;
    std::optional<RunState> state = m_history->model()->stateOf(run);
    if (!state && hasRun) {
        if (auto dir = RunDirectory::open(run.toStdString()))
            state = dir->state();
    }
    const bool external = hasRun && !ownJob && state == RunState::Running && JobManager::externalTrainer(run) > 0;
    const bool hasConfig = hasRun && QFileInfo::exists(run + QStringLiteral("/config.json"));
    m_stopAction->setEnabled(ownJob || external);
    m_resumeAction->setEnabled(hasRun && !ownJob && (state == RunState::Canceled || state == RunState::Interrupted));
    m_duplicateAction->setEnabled(hasConfig);
    m_evaluateAction->setEnabled(hasRun && !ownJob && QFileInfo::exists(run + QStringLiteral("/model/config.json")));
    m_trainMoreAction->setEnabled(hasConfig && !ownJob && QFileInfo::exists(run + QStringLiteral("/model/config.json")));
    m_startAction->setEnabled(hasConfig && !ownJob);
    // The dialog lists every run with a checkpoint; the selected one is preselected.
    m_exportAction->setEnabled(hasRun ? !ownJob : m_history->model()->rowCount() > 0);

    const int running = m_jobs->runningCount();
    m_jobStatus->setText(running == 0 ? QString() : tr("%n training job(s) running", nullptr, running));
}

bool MainWindow::runWizard(NewRunWizard *wizard)
{
    const bool accepted = wizard->exec() == QDialog::Accepted;
    const TrainingConfig config = wizard->config();
    const QString folder = wizard->runFolder();
    wizard->deleteLater();
    if (accepted)
        startTraining(config, folder);
    return accepted;
}

void MainWindow::evaluateOnFile()
{
    if (m_currentRun.isEmpty())
        return;
    EvaluateDialog dialog(m_currentRun, this);
    dialog.exec();
}

void MainWindow::trainMore()
{
    if (m_currentRun.isEmpty())
        return;
    if (NewRunWizard *wizard = createWizard(m_currentRun, /*fromTrainedModel=*/true))
        runWizard(wizard);
}

NewRunWizard *MainWindow::createWizard(const QString &duplicateOf, bool fromTrainedModel)
{
    auto *wizard = new NewRunWizard(this);
    wizard->setRunsRoot(runsRoot());
    if (!duplicateOf.isEmpty()) {
        auto dir = RunDirectory::open(duplicateOf.toStdString());
        auto json = dir ? dir->readJson(dir->configFile()) : Result<nlohmann::json>(dir.error());
        auto config = json ? trainingConfigFromJson(*json, dir->configFile().string()) : Result<TrainingConfig>(json.error());
        if (!config) {
            QMessageBox::warning(this, tr("Duplicate Run"),
                                 tr("The run's settings cannot be read:\n%1").arg(QString::fromStdString(config.error().message)));
            delete wizard;
            return nullptr;
        }
        config->launch.nprocPerNode = JobManager::processesOf(duplicateOf); // config.json does not hold it
        QString original = QString::fromStdString(config->name);
        if (original.isEmpty())
            original = m_history->model()->nameOf(duplicateOf);
        QString name = original;
        if (fromTrainedModel) { // the run's fine-tuned model (model/, a Hugging Face folder) is the start
            config->model = (QDir(duplicateOf).absoluteFilePath(QStringLiteral("model"))).toStdString();
            name = tr("%1 more", "run name of Train More").arg(original.isEmpty() ? QFileInfo(duplicateOf).fileName() : original);
        }
        wizard->setInitialConfig(*config);
        if (fromTrainedModel)
            wizard->setWindowTitle(tr("Train More"));
        // A duplicate gets a name of its own, so the two runs can be told apart in the list.
        if (!name.isEmpty()) // the run duplicated has its name even before the history lists it
            wizard->reviewPage()->setRunName(
                RunListItemModel::distinctName(name, m_history->model()->names() << original));
    }
    return wizard;
}

void MainWindow::newRun()
{
    if (NewRunWizard *wizard = createWizard())
        runWizard(wizard);
}

void MainWindow::duplicateRun()
{
    if (m_currentRun.isEmpty())
        return;
    if (NewRunWizard *wizard = createWizard(m_currentRun))
        runWizard(wizard);
}

QString MainWindow::startTraining(const TrainingConfig &config, const QString &plannedFolder)
{
    const QString root = runsRoot();
    if (!QDir().mkpath(root)) {
        QMessageBox::critical(this, tr("Cannot Start Training"),
                              tr("The runs folder %1 cannot be created. Choose another one in Settings.")
                                  .arg(QDir::toNativeSeparators(root)));
        return {};
    }
    if (m_jobs->runningCount() > 0 &&
        QMessageBox::question(this, tr("Start Training"),
                              tr("Another training is running. Running two at once makes both slower. Start anyway?")) !=
            QMessageBox::Yes)
        return {};
    const QString folder = !plannedFolder.isEmpty() && !QFileInfo::exists(plannedFolder)
                               ? plannedFolder
                               : QString::fromStdString(newRunPath(root.toStdString(), config.name).string());
    TrainingJob *job = m_jobs->start(config, folder);
    m_currentRun = folder;
    m_dashboard->attachJob(job);
    m_centre->setCurrentWidget(m_dashboard);
    m_history->selectRun(folder);
    statusBar()->showMessage(tr("Training started: %1").arg(QDir::toNativeSeparators(folder)), 8000);
    updateActions();
    return folder;
}

void MainWindow::trackJob(TrainingJob *job)
{
    m_jobs->adopt(job);
}

void MainWindow::jobEnded(TrainingJob *job)
{
    Q_UNUSED(job)
    m_history->refresh();
    updateActions();
    if (m_closing && m_jobs->runningCount() == 0)
        close();
}

void MainWindow::startAgain()
{
    if (m_currentRun.isEmpty())
        return newRun();
    auto dir = RunDirectory::open(m_currentRun.toStdString());
    auto json = dir ? dir->readJson(dir->configFile()) : Result<nlohmann::json>(dir.error());
    auto config = json ? trainingConfigFromJson(*json, dir->configFile().string()) : Result<TrainingConfig>(json.error());
    if (!config) {
        QMessageBox::warning(this, tr("Start Again"),
                             tr("The run's settings cannot be read:\n%1").arg(QString::fromStdString(config.error().message)));
        return;
    }
    config->launch.nprocPerNode = JobManager::processesOf(m_currentRun); // as many processes as before
    startTraining(*config);
}

void MainWindow::stopRun()
{
    if (TrainingJob *job = m_jobs->jobFor(m_currentRun)) {
        job->cancel();
        statusBar()->showMessage(tr("Stopping… the run saves a checkpoint and can be resumed."), 8000);
        return;
    }
    if (const qint64 pid = JobManager::externalTrainer(m_currentRun)) {
        if (QMessageBox::question(this, tr("Stop Run"),
                                  tr("This run is being trained by hone-cli (process %1). Stop it? It saves a "
                                     "checkpoint and can be resumed.")
                                      .arg(pid)) == QMessageBox::Yes)
            if (auto r = JobManager::stopExternal(m_currentRun); !r)
                statusBar()->showMessage(QString::fromStdString(r.error().message), 8000);
    }
}

void MainWindow::resumeRun()
{
    if (m_currentRun.isEmpty() || m_jobs->jobFor(m_currentRun))
        return;
    TrainingJob *job = m_jobs->resume(m_currentRun);
    m_dashboard->attachJob(job);
    m_centre->setCurrentWidget(m_dashboard);
    statusBar()->showMessage(tr("Resuming %1").arg(QFileInfo(m_currentRun).fileName()), 8000);
    updateActions();
}

void MainWindow::openRunFolder()
{
    const QString start = AppSettings::recentRunFolders().value(0, runsRoot());
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), QFileInfo(start).absolutePath());
    if (!dir.isEmpty())
        openRun(dir);
}

void MainWindow::openRun(const QString &dir)
{
    const auto info = readRunInfo(dir.toStdString());
    if (!info) {
        QMessageBox::warning(this, tr("Open Run Folder"),
                             tr("%1 is not a Hone run folder (it has no config.json or state.json).")
                                 .arg(QDir::toNativeSeparators(dir)));
        return;
    }
    AppSettings::addRecentRunFolder(dir);
    refreshRecentRuns();
    const QString path = QString::fromStdString(info->path.string());
    // A folder outside the runs root joins the history for good; either way the history
    // selects it, which shows it (and no other run stays highlighted).
    if (QDir::cleanPath(QFileInfo(path).absolutePath()) != QDir::cleanPath(runsRoot())) {
        AppSettings::addOpenedRunFolder(path);
        m_history->setExtraRuns(AppSettings::openedRunFolders());
    }
    const bool listed = m_history->model()->rowOfPath(path) >= 0;
    m_history->selectRun(path); // a listed run shows through the selection
    if (!listed)
        showRun(path);
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportModel()
{
    ExportDialog dialog(this);
    dialog.setRunsRoot(runsRoot());
    if (!m_currentRun.isEmpty())
        dialog.setRun(m_currentRun);
    connect(&dialog, &ExportDialog::exported, this, [this](const QString &outDir) {
        statusBar()->showMessage(tr("Exported to %1").arg(QDir::toNativeSeparators(outDir)), 8000);
    });
    dialog.exec();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString before = LanguageManager::storedLanguage();
    dialog.store();
    if (LanguageManager::storedLanguage() != before)
        setLanguage(LanguageManager::storedLanguage());
    applySettings();
}

void MainWindow::applySettings()
{
    configureComputeThreads(AppSettings::computeThreads());
    m_history->setRunsRoot(AppSettings::runsRoot());
    m_history->setExtraRuns(AppSettings::openedRunFolders());
    m_compare->setRunsRoot(AppSettings::runsRoot());
    m_playground->setRunsRoot(AppSettings::runsRoot());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showUserGuide()
{
    QMessageBox::information(
        this, tr("User Guide"),
        tr("<h3>Hone in five steps</h3><ol>"
           "<li><b>Model</b>: pick a pretrained model found on this computer or browse to a Hugging Face folder.</li>"
           "<li><b>Data</b>: open a CSV, TSV or JSONL file and choose the text and label columns.</li>"
           "<li><b>Split</b>: train/validation/test ratios, stratified and seeded.</li>"
           "<li><b>Hyperparameters</b>: start from a preset and adjust.</li>"
           "<li><b>Train</b>: watch loss, accuracy and the confusion matrix live; compare and export runs.</li>"
           "</ol><p>Every run is kept in the runs folder (Settings) and listed on the left, including runs "
           "trained with <code>hone-cli</code>. Stop a run at any time: it saves a checkpoint, and Resume "
           "continues where it stopped.</p>"
           "<p>Keyboard: Ctrl+N new run, Ctrl+O open a run folder, Ctrl+E export, Ctrl+R start again, "
           "Ctrl+. stop, Ctrl+Shift+R resume, Ctrl+D duplicate, Ctrl+F find a run, F9 run history.</p>"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int running = m_jobs->runningCount();
    if (running > 0 && !m_closing) {
        const auto answer = QMessageBox::question(
            this, tr("Training Is Running"),
            tr("%n training job(s) still running. Stop and quit? Each run saves a checkpoint first and can be "
               "resumed later.",
               nullptr, running),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_closing = true;
        m_jobs->cancelAll();
        statusBar()->showMessage(tr("Stopping the training and saving a checkpoint…"));
        setEnabled(false);
        event->ignore(); // closes when the last job has ended (jobEnded)
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace hone::ui

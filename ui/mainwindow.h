#pragma once
// The workbench window: run history dock on the left (every run under the runs root, GUI and
// hone-cli alike), the selected run's dashboard in the centre (or the empty state), menus
// File / Run / View / Help, the New-run wizard, Settings, and the training jobs it started.
#include "core/train/trainingconfig.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QToolBar;

namespace hone::ui {

class CompareWidget;
class DashboardWidget;
class PlaygroundWidget;
class EmptyStateWidget;
class LanguageManager;
class NewRunWizard;
class RunHistoryWidget;
class JobManager;
class TrainingJob;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);
    ~MainWindow() override;

    RunHistoryWidget *runHistory() const { return m_history; }
    QDockWidget *runHistoryDock() const { return m_historyDock; }
    DashboardWidget *dashboard() const { return m_dashboard; }
    CompareWidget *compareView() const { return m_compare; }
    PlaygroundWidget *playground() const { return m_playground; }
    // What the centre shows for the selected run(s).
    enum class View { Dashboard, Compare, Playground };
    View view() const { return m_view; }
    void setView(View view);
    QString runsRoot() const;
    // The run shown in the centre ("" when the empty state shows).
    QString currentRun() const { return m_currentRun; }
    QList<TrainingJob *> jobs() const;
    // Starts a TrainingJob on `folder` (a new <runs root>/<stamp>-<name> when empty or taken)
    // and shows it; returns the folder.
    QString startTraining(const TrainingConfig &config, const QString &folder = {});
    // Hands a job made elsewhere (tests, benchmarks) to the window's JobManager: status, actions,
    // and the stop-before-quit question follow it like the window's own.
    void trackJob(TrainingJob *job);
    // The wizard the File > New run…, Run > Duplicate and Run > Train More actions open (for
    // tests: not yet shown). fromTrainedModel: the new run starts from duplicateOf's trained model.
    NewRunWizard *createWizard(const QString &duplicateOf = {}, bool fromTrainedModel = false);

public Q_SLOTS:
    void newRun();
    void openRunFolder();
    void openRun(const QString &dir);
    void exportModel();
    void showSettings();
    void startAgain();
    void stopRun();
    void resumeRun();
    void duplicateRun();
    void trainMore();
    void evaluateOnFile();
    void showAbout();
    void applySettings();
    void showUserGuide();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDock();
    void retranslate();
    void setLanguage(const QString &language);
    void refreshModels();
    void refreshRecentRuns();
    void showRun(const QString &path);
    void updateActions();

    void jobEnded(TrainingJob *job);
    bool runWizard(NewRunWizard *wizard);

    LanguageManager *m_languages = nullptr;
    QStackedWidget *m_centre = nullptr;
    EmptyStateWidget *m_emptyState = nullptr;
    DashboardWidget *m_dashboard = nullptr;
    CompareWidget *m_compare = nullptr;
    PlaygroundWidget *m_playground = nullptr;
    View m_view = View::Dashboard;
    QActionGroup *m_viewGroup = nullptr;
    QAction *m_dashboardViewAction = nullptr;
    QAction *m_compareViewAction = nullptr;
    QAction *m_playgroundViewAction = nullptr;
    QToolBar *m_toolBar = nullptr;
    RunHistoryWidget *m_history = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QLabel *m_jobStatus = nullptr;
    QString m_currentRun;
    JobManager *m_jobs = nullptr;
    bool m_closing = false;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_runMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newRunAction = nullptr;
    QAction *m_openRunAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_trainMoreAction = nullptr;
    QAction *m_evaluateAction = nullptr;
    QAction *m_historyAction = nullptr;
    QAction *m_filterAction = nullptr;
    QAction *m_guideAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
};

} // namespace hone::ui

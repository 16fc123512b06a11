#pragma once
#include <QMainWindow>

class QAction;
class QActionGroup;
class QMenu;
class QStackedWidget;

namespace hone::ui {

class EmptyStateWidget;
class LanguageManager;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);

public Q_SLOTS:
    void newRun();
    void openRunFolder();
    void showAbout();
    void showUserGuide();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void retranslate();
    void setLanguage(const QString &language);
    void refreshModels();

    LanguageManager *m_languages = nullptr;
    QStackedWidget *m_centre = nullptr;
    EmptyStateWidget *m_emptyState = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_runMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newRunAction = nullptr;
    QAction *m_openRunAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_guideAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
};

} // namespace hone::ui

#include "ui/mainwindow.h"

#include "ui/dialogs/aboutdialog.h"
#include "ui/languagemanager.h"
#include "ui/widgets/emptystatewidget.h"

#include "core/models/modeldiscovery.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace hone::ui {

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent), m_languages(languages)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/hone-256.png")));
    m_centre = new QStackedWidget;
    m_emptyState = new EmptyStateWidget;
    m_centre->addWidget(m_emptyState);
    setCentralWidget(m_centre);
    connect(m_emptyState, &EmptyStateWidget::newRunRequested, this, &MainWindow::newRun);
    connect(m_emptyState, &EmptyStateWidget::openRunRequested, this, &MainWindow::openRunFolder);

    createActions();
    createMenus();
    retranslate();
    statusBar();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    refreshModels();
}

void MainWindow::createActions()
{
    m_newRunAction = new QAction(this);
    m_newRunAction->setShortcut(QKeySequence::New);
    connect(m_newRunAction, &QAction::triggered, this, &MainWindow::newRun);
    m_openRunAction = new QAction(this);
    m_openRunAction->setShortcut(QKeySequence::Open);
    connect(m_openRunAction, &QAction::triggered, this, &MainWindow::openRunFolder);
    m_exportAction = new QAction(this);
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setEnabled(false); // enabled when a finished run is selected
    m_quitAction = new QAction(this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_startAction = new QAction(this);
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_stopAction = new QAction(this);
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_resumeAction = new QAction(this);
    m_resumeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_duplicateAction = new QAction(this);
    m_duplicateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    for (QAction *a : {m_startAction, m_stopAction, m_resumeAction, m_duplicateAction})
        a->setEnabled(false); // enabled by the selected run's state

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

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addActions({m_newRunAction, m_openRunAction});
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->setObjectName(QStringLiteral("runMenu"));
    m_runMenu->addActions({m_startAction, m_stopAction, m_resumeAction});
    m_runMenu->addSeparator();
    m_runMenu->addAction(m_duplicateAction);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addActions(m_languageGroup->actions());

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_guideAction);
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(m_aboutAction);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Hone"));
    m_fileMenu->setTitle(tr("&File"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_languageMenu->setTitle(tr("&Language"));
    m_newRunAction->setText(tr("&New Run…"));
    m_newRunAction->setStatusTip(tr("Start the wizard: model, data, split, hyperparameters"));
    m_openRunAction->setText(tr("&Open Run Folder…"));
    m_exportAction->setText(tr("&Export Model…"));
    m_quitAction->setText(tr("&Quit"));
    m_startAction->setText(tr("&Start"));
    m_stopAction->setText(tr("S&top"));
    m_resumeAction->setText(tr("&Resume"));
    m_duplicateAction->setText(tr("&Duplicate as New Run…"));
    m_guideAction->setText(tr("&User Guide"));
    m_aboutAction->setText(tr("&About Hone"));
    for (QAction *action : m_languageGroup->actions())
        action->setText(LanguageManager::displayName(action->data().toString()));
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
}

void MainWindow::refreshModels()
{
    m_emptyState->setModelCount(static_cast<int>(discoverModels().models.size()));
}

void MainWindow::newRun()
{
    // The wizard lands with the engine; until then the empty state explains what is available.
    refreshModels();
}

void MainWindow::openRunFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"));
    if (dir.isEmpty())
        return;
    statusBar()->showMessage(tr("Opened %1").arg(dir), 5000);
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
           "</ol><p>Everything the wizard does can also be done with <code>hone-cli</code>.</p>"));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace hone::ui

// The main window opens offscreen with its menus, its empty state, and switches language.
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace hone::ui;

class tst_MainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensWithMenus();
    void emptyStateOffersNewRun();
    void switchesToChinese();
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("hone-test"));
    QSettings().clear();
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
    auto *file = window.findChild<QMenu *>(QStringLiteral("fileMenu"));
    QVERIFY(file);
    QStringList fileItems;
    for (QAction *a : file->actions())
        if (!a->isSeparator())
            fileItems << a->text().remove(QLatin1Char('&'));
    QCOMPARE(fileItems.first(), QStringLiteral("New Run…"));
    QVERIFY(fileItems.contains(QStringLiteral("Quit")));
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
    auto *button = window.findChild<QPushButton *>(QStringLiteral("newRunButton"));
    QCOMPARE(button->text(), QStringLiteral("新建运行…"));
    languages.apply(QStringLiteral("en"));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"

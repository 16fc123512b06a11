// hone: the workbench. QApplication, translators, the main window; nothing else.
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include "core/version.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // No organisation name: settings and data live under "hone", like core's XDG paths.
    QApplication::setApplicationName(QStringLiteral("hone"));
    QApplication::setApplicationDisplayName(QStringLiteral("Hone"));
    QApplication::setApplicationVersion(QString::fromLatin1(hone::kHoneVersion));
    QApplication::setDesktopFileName(QStringLiteral("io.github.hone.Hone"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hone-256.png")));

    hone::ui::LanguageManager languages;
    languages.apply();

    hone::ui::MainWindow window(&languages);
    window.show();
    return QApplication::exec();
}

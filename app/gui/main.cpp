// hone: the workbench. QApplication, translators, the main window; nothing else.
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"

#include "core/system/allocator.h"
#include "core/system/computethreads.h"
#include "core/version.h"

#include <QApplication>
#include <QFileInfo>
#include <QIcon>

#include <cstdio>
#include <string>

namespace {

// --help and --version answer on the terminal before any window (or display) is needed.
bool printedInformation(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h" || arg == "-?") {
            std::printf("Usage: %s [options] [run folder]\n"
                        "Hone: fine-tune pretrained text classifiers on your own data.\n\n"
                        "Opens the workbench; with a run folder, shows that run.\n\n"
                        "Options:\n"
                        "  -h, --help     Show this help and exit\n"
                        "  -v, --version  Show the version and exit\n"
                        "  Qt's options (-platform, -style, ...) are accepted as well.\n\n"
                        "Without a window: hone-cli --help\n",
                        argv[0]);
            return true;
        }
        if (arg == "--version" || arg == "-v") {
            std::printf("hone %s\n", hone::kHoneVersion);
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (printedInformation(argc, argv))
        return 0;
    hone::startWithPassiveWaiting(); // OpenMP's and OpenBLAS's workers sleep between ops (core/system/computethreads.h)
    hone::configureAllocator();
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
    // A run folder on the command line (e.g. from a file manager's "Open with"): show it.
    // QApplication has taken its own options (and their values) out of argc/argv by now.
    for (int i = 1; i < argc; ++i)
        if (argv[i][0] != '-') {
            window.openRun(QFileInfo(QString::fromLocal8Bit(argv[i])).absoluteFilePath());
            break;
        }
    return QApplication::exec();
}

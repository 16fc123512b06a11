#include "ui/widgets/openfolder.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QGuiApplication>
#include <QMessageBox>
#include <QUrl>

namespace hone::ui {

namespace {
class OpenFolder {
    Q_DECLARE_TR_FUNCTIONS(hone::ui::OpenFolder)
};
} // namespace

QString noFileManagerText(const QString &path)
{
    return OpenFolder::tr("No file manager could be started. The folder is %1 (its path is on the clipboard).")
        .arg(QDir::toNativeSeparators(path));
}

bool openFolder(QWidget *parent, const QString &path)
{
    if (QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        return true;
    QGuiApplication::clipboard()->setText(QDir::toNativeSeparators(path));
    QMessageBox::information(parent, OpenFolder::tr("Open Folder"), noFileManagerText(path));
    return false;
}

} // namespace hone::ui

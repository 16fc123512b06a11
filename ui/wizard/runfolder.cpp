#include "ui/wizard/runfolder.h"

#include <QDir>
#include <QFileInfo>

namespace hone::ui {

QString sanitizedRunName(const QString &name)
{
    // Same rule as core's RunDirectory::create, on UTF-8 bytes: non-ASCII characters are kept.
    QString out;
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool keep = u >= 0x80 || (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                          u == u'-' || u == u'_' || u == u'.';
        if (keep)
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')) || out.endsWith(QLatin1Char('.')))
        out.chop(1);
    if (out.isEmpty())
        return QStringLiteral("run");
    while (out.toUtf8().size() > 80)
        out.chop(1);
    return out;
}

QString newRunFolder(const QString &root, const QString &name, const QDateTime &when)
{
    const QString base = when.toString(QStringLiteral("yyyyMMdd-HHmmss")) + QLatin1Char('-') + sanitizedRunName(name);
    const QDir dir(root);
    QString path = dir.filePath(base);
    for (int i = 2; QFileInfo::exists(path) && i < 1000; ++i)
        path = dir.filePath(base + QLatin1Char('-') + QString::number(i));
    return QDir::cleanPath(path);
}

} // namespace hone::ui

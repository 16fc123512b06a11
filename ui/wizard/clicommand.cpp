#include "ui/wizard/clicommand.h"

#include "core/train/trainingoptions.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringList>

namespace hone::ui {

QString honeCliPath()
{
    const QString next = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("hone-cli"));
    if (QFileInfo(next).isExecutable())
        return next;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("hone-cli"));
    return onPath.isEmpty() ? QStringLiteral("hone-cli") : QFileInfo(onPath).absoluteFilePath();
}

QString shellQuote(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=,+@%-]+$"));
    if (!word.isEmpty() && safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString cliTrainCommand(const TrainingConfig &c, const QString &outDir, const QString &program)
{
    // One flag (and its value) per line, as people paste commands into a terminal.
    QStringList lines{shellQuote(program) + QStringLiteral(" train")};
    for (const CommandArgument &arg : trainCommandArguments(c)) {
        const QString flag = QString::fromStdString(arg.flag);
        if (!arg.value) {
            lines << flag;
            continue;
        }
        const QString value = QString::fromStdString(*arg.value);
        // A value that starts with '-' would read as a flag: attach it with '='.
        lines << (value.startsWith(QLatin1Char('-')) ? shellQuote(flag + QLatin1Char('=') + value)
                                                     : flag + QLatin1Char(' ') + shellQuote(value));
    }
    lines << QStringLiteral("--out ") + shellQuote(outDir);
    return lines.join(QStringLiteral(" \\\n    "));
}

QString configJsonText(const TrainingConfig &config)
{
    nlohmann::json j;
    to_json(j, config);
    return QString::fromStdString(j.dump(2));
}

} // namespace hone::ui

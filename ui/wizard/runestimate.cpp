#include "ui/wizard/runestimate.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace hone::ui {

QString formatBytesEstimate(double bytes)
{
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), bytes >= 1e9 ? 1 : 0, QLocale::DataSizeSIFormat);
}

QString formatDurationEstimate(double seconds)
{
    if (seconds < 60)
        return QCoreApplication::translate("RunEstimate", "under a minute");
    const qint64 minutes = static_cast<qint64>(std::llround(seconds / 60));
    if (minutes < 60)
        return QCoreApplication::translate("RunEstimate", "about %1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    const qint64 rest = minutes % 60;
    if (hours >= 48)
        return QCoreApplication::translate("RunEstimate", "about %1 days").arg(QLocale().toString(seconds / 86400, 'f', 1));
    return rest == 0 ? QCoreApplication::translate("RunEstimate", "about %1 h").arg(hours) : QCoreApplication::translate("RunEstimate", "about %1 h %2 min").arg(hours).arg(rest);
}

} // namespace hone::ui

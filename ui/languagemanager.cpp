#include "ui/languagemanager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

namespace hone::ui {

namespace {
const auto kLanguageKey = QStringLiteral("ui/language");
}

LanguageManager::LanguageManager(QObject *parent) : QObject(parent) {}

QStringList LanguageManager::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString LanguageManager::displayName(const QString &language)
{
    if (language == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    if (language == QLatin1String("en"))
        return QStringLiteral("English");
    return tr("System default");
}

QString LanguageManager::storedLanguage()
{
    return QSettings().value(kLanguageKey).toString();
}

void LanguageManager::storeLanguage(const QString &language)
{
    QSettings().setValue(kLanguageKey, language);
}

QString LanguageManager::apply(const QString &requested)
{
    QString language = requested;
    if (language.isEmpty()) {
        const QLocale system;
        language = system.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    }
    QCoreApplication::removeTranslator(&m_qtTranslator);
    QCoreApplication::removeTranslator(&m_honeTranslator);
    if (language != QLatin1String("en") &&
        m_qtTranslator.load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
    // English too: hone_en.qm holds the plural forms ("1 row", "2 rows" for "%n row(s)").
    if (m_honeTranslator.load(QStringLiteral(":/i18n/hone_%1.qm").arg(language)))
        QCoreApplication::installTranslator(&m_honeTranslator);
    QLocale::setDefault(QLocale(language));
    m_current = language;
    return language;
}

} // namespace hone::ui

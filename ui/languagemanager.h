#pragma once
// Installs Qt's and Hone's translators for the language chosen in Settings (or the system's).
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTranslator>

namespace hone::ui {

class LanguageManager : public QObject {
    Q_OBJECT
public:
    explicit LanguageManager(QObject *parent = nullptr);

    // "" means follow the system locale.
    static QStringList availableLanguages(); // {"en", "zh_CN"}
    static QString displayName(const QString &language);
    static QString storedLanguage();
    static void storeLanguage(const QString &language);

    // Installs translators for language (or the stored/system one); returns the language used.
    QString apply(const QString &language = storedLanguage());
    QString current() const { return m_current; }

private:
    QTranslator m_qtTranslator;
    QTranslator m_honeTranslator;
    QString m_current;
};

} // namespace hone::ui

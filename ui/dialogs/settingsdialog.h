#pragma once
// Preferences: language (English / 简体中文 / system), where runs are kept, compute threads.
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace hone::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    // "" (system), "en" or "zh_CN".
    QString language() const;
    void setLanguage(const QString &language);
    QString runsRoot() const;
    void setRunsRoot(const QString &path);
    int computeThreads() const; // 0: all cores
    void setComputeThreads(int threads);

    // Loads the stored settings into the form / stores the form (AppSettings + LanguageManager keys).
    void load();
    void store() const;

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void browseRunsRoot();
    bool validate();

    QLabel *m_languageLabel = nullptr;
    QComboBox *m_language = nullptr;
    QLabel *m_runsRootLabel = nullptr;
    QLineEdit *m_runsRoot = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_resetRoot = nullptr;
    QLabel *m_runsRootHint = nullptr;
    QLabel *m_threadsLabel = nullptr;
    QSpinBox *m_threads = nullptr;
    QLabel *m_threadsHint = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace hone::ui

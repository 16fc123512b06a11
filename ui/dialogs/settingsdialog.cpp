#include "ui/dialogs/settingsdialog.h"

#include "ui/appsettings.h"
#include "ui/languagemanager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include "core/system/computethreads.h"

#include <QThread>
#include <QVBoxLayout>

namespace hone::ui {

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("settingsDialog"));
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(QString(), QString());
    for (const QString &language : LanguageManager::availableLanguages())
        m_language->addItem(LanguageManager::displayName(language), language);

    m_runsRoot = new QLineEdit;
    m_runsRoot->setObjectName(QStringLiteral("runsRootEdit"));
    m_runsRoot->setMinimumWidth(320);
    m_browse = new QPushButton;
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browseRunsRoot);
    m_resetRoot = new QPushButton;
    connect(m_resetRoot, &QPushButton::clicked, this, [this] { m_runsRoot->setText(AppSettings::defaultRunsRoot()); });
    auto *rootRow = new QHBoxLayout;
    rootRow->addWidget(m_runsRoot, 1);
    rootRow->addWidget(m_browse);
    rootRow->addWidget(m_resetRoot);

    m_threads = new QSpinBox;
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, qMax(1, QThread::idealThreadCount()) * 2);

    auto makeHint = [] {
        auto *hint = new QLabel;
        hint->setWordWrap(true);
        QPalette p = hint->palette();
        p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
        hint->setPalette(p);
        return hint;
    };
    m_runsRootHint = makeHint();
    m_threadsHint = makeHint();
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_message->hide();

    m_languageLabel = new QLabel;
    m_runsRootLabel = new QLabel;
    m_threadsLabel = new QLabel;
    m_languageLabel->setBuddy(m_language);
    m_runsRootLabel->setBuddy(m_runsRoot);
    m_threadsLabel->setBuddy(m_threads);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->addRow(m_languageLabel, m_language);
    form->addRow(m_runsRootLabel, rootRow);
    form->addRow(QString(), m_runsRootHint);
    form->addRow(m_threadsLabel, m_threads);
    form->addRow(QString(), m_threadsHint);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    retranslate();
    load();
}

QString SettingsDialog::language() const
{
    return m_language->currentData().toString();
}

void SettingsDialog::setLanguage(const QString &language)
{
    const int i = m_language->findData(language);
    m_language->setCurrentIndex(i < 0 ? 0 : i);
}

QString SettingsDialog::runsRoot() const
{
    return QDir::cleanPath(m_runsRoot->text().trimmed());
}

void SettingsDialog::setRunsRoot(const QString &path)
{
    m_runsRoot->setText(QDir::toNativeSeparators(path));
}

int SettingsDialog::computeThreads() const
{
    return m_threads->value();
}

void SettingsDialog::setComputeThreads(int threads)
{
    m_threads->setValue(threads);
}

void SettingsDialog::load()
{
    setLanguage(LanguageManager::storedLanguage());
    setRunsRoot(AppSettings::runsRoot());
    setComputeThreads(AppSettings::computeThreads());
}

void SettingsDialog::store() const
{
    LanguageManager::storeLanguage(language());
    AppSettings::setRunsRoot(runsRoot());
    AppSettings::setComputeThreads(computeThreads());
}

bool SettingsDialog::validate()
{
    const QString root = m_runsRoot->text().trimmed();
    QString problem;
    if (root.isEmpty())
        problem = tr("Choose a folder for the runs.");
    else if (QDir::isRelativePath(root))
        problem = tr("The runs folder must be an absolute path (it starts with /).");
    else if (QFileInfo(root).exists() && !QFileInfo(root).isDir())
        problem = tr("%1 is a file, not a folder.").arg(root);
    m_message->setText(problem);
    m_message->setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

void SettingsDialog::accept()
{
    if (!validate())
        return;
    QDialog::accept();
}

void SettingsDialog::browseRunsRoot()
{
    const QString start = QFileInfo(runsRoot()).isDir() ? runsRoot() : QDir::homePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for Runs"), start);
    if (!dir.isEmpty())
        setRunsRoot(dir);
}

void SettingsDialog::retranslate()
{
    setWindowTitle(tr("Settings"));
    m_language->setItemText(0, LanguageManager::displayName(QString()));
    m_languageLabel->setText(tr("&Language:"));
    m_runsRootLabel->setText(tr("&Runs folder:"));
    m_threadsLabel->setText(tr("Compute &threads:"));
    m_browse->setText(tr("Browse…"));
    m_resetRoot->setText(tr("Default"));
    m_resetRoot->setToolTip(AppSettings::defaultRunsRoot());
    m_runsRootHint->setText(tr("New runs are created here, and the run history lists this folder. "
                               "hone-cli uses the same default (HONE_RUNS_DIR overrides it)."));
    m_threads->setSpecialValueText(tr("Automatic (%1)").arg(defaultComputeThreads()));
    m_threadsHint->setText(tr("Threads LibTorch uses for training and prediction. Fewer threads leave the "
                              "computer responsive for other work."));
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace hone::ui

#include "ui/wizard/newrunwizard.h"

#include "ui/appsettings.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/hyperparameterspage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/reviewpage.h"
#include "ui/wizard/splitpage.h"

#include <QAbstractButton>
#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace hone::ui {

NewRunWizard::NewRunWizard(QWidget *parent) : QWizard(parent)
{
    setObjectName(QStringLiteral("newRunWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setOption(QWizard::HaveHelpButton, false);
    setPixmap(QWizard::LogoPixmap, QPixmap(QStringLiteral(":/icons/hone-48.png")));

    m_modelPage = new ModelPage;
    m_dataPage = new DataPage;
    m_splitPage = new SplitPage;
    m_hyperparametersPage = new HyperparametersPage;
    m_reviewPage = new ReviewPage;
    setPage(ModelPageId, m_modelPage);
    setPage(DataPageId, m_dataPage);
    setPage(SplitPageId, m_splitPage);
    setPage(HyperparametersPageId, m_hyperparametersPage);
    setPage(ReviewPageId, m_reviewPage);
    setStartId(ModelPageId);

    // The task and the model chosen on the first page decide what the other pages read and show.
    connect(m_modelPage, &ModelPage::taskChanged, this, [this] {
        const QString task = m_modelPage->task();
        m_dataPage->setTask(task);
        m_splitPage->setTask(task);
        m_hyperparametersPage->setTask(task);
    });
    connect(m_modelPage, &ModelPage::modelChanged, this, [this] {
        const auto model = m_modelPage->selectedModel();
        m_dataPage->setModelPath(model ? QString::fromStdString(model->path.string()) : QString());
    });
    if (QSpinBox *maxLength = m_hyperparametersPage->maxLengthSpin()) {
        m_dataPage->setMaxLength(maxLength->value());
        connect(maxLength, qOverload<int>(&QSpinBox::valueChanged), m_dataPage, &DataPage::setMaxLength);
    }

    // Where one is: the five steps down the side, the current one bold.
    auto *side = new QWidget;
    side->setObjectName(QStringLiteral("wizardSteps"));
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 12, 2, 4); // narrow: the pages keep their width at the minimum size
    sideLayout->setSpacing(10);
    for (int i = 0; i < 5; ++i) {
        auto *label = new QLabel;
        label->setObjectName(QStringLiteral("wizardStep%1").arg(i));
        sideLayout->addWidget(label);
        m_steps << label;
    }
    sideLayout->addStretch();
    setSideWidget(side);
    connect(this, &QWizard::currentIdChanged, this, &NewRunWizard::updateSteps);

    m_runsRoot = AppSettings::runsRoot();
    setDefaultThreads(AppSettings::computeThreads());

    // Fits a 1280x800 screen with room for the panel; never smaller than what the pages need.
    setMinimumSize(760, 560);
    QSize size(980, 700);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.92);
    resize(size.expandedTo(minimumSize()));
    retranslate();
}

NewRunWizard::~NewRunWizard() = default;

void NewRunWizard::setInitialConfig(const TrainingConfig &config)
{
    m_modelPage->loadConfig(config);
    m_dataPage->loadConfig(config);
    m_splitPage->loadConfig(config);
    m_hyperparametersPage->loadConfig(config);
    m_reviewPage->loadConfig(config);
    setWindowTitle(tr("Duplicate Run"));
}

TrainingConfig NewRunWizard::config() const
{
    TrainingConfig c;
    c.threads = m_defaultThreads;
    m_hyperparametersPage->applyTo(c);
    m_modelPage->applyTo(c);
    m_dataPage->applyTo(c);
    m_splitPage->applyTo(c);
    m_reviewPage->applyTo(c);
    return c;
}

QString NewRunWizard::runFolder() const
{
    return m_reviewPage->plannedRunFolder();
}

void NewRunWizard::setRunsRoot(const QString &root)
{
    m_runsRoot = root;
}

void NewRunWizard::setDefaultThreads(int threads)
{
    m_defaultThreads = threads;
    m_hyperparametersPage->setThreads(threads);
}

void NewRunWizard::retranslate()
{
    setWindowTitle(tr("New Run"));
    setButtonText(QWizard::FinishButton, tr("Start Training"));
    setButtonText(QWizard::NextButton, tr("&Next >"));
    setButtonText(QWizard::BackButton, tr("< &Back"));
    setButtonText(QWizard::CancelButton, tr("Cancel"));
    updateSteps();
}

QStringList NewRunWizard::stepTexts() const
{
    QStringList out;
    for (const QLabel *l : m_steps)
        out << l->text();
    return out;
}

void NewRunWizard::updateSteps()
{
    const QStringList names{tr("Model"), tr("Data"), tr("Split"), tr("Hyperparameters"), tr("Review")};
    const int current = std::max(0, currentId());
    for (int i = 0; i < m_steps.size(); ++i) {
        // A tick for the steps behind, an arrow at the current one.
        const QString mark = i < current ? QStringLiteral("\u2713") : i == current ? QStringLiteral("\u25B6") : QStringLiteral("\u2022");
        m_steps[i]->setText(QStringLiteral("%1 %2. %3").arg(mark).arg(i + 1).arg(names[i]));
        QFont f = m_steps[i]->font();
        f.setBold(i == current);
        m_steps[i]->setFont(f);
        m_steps[i]->setEnabled(i <= current);
    }
}

void NewRunWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

} // namespace hone::ui

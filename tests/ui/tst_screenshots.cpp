// Opens every wizard page, the settings dialog and the main window in English and Chinese, at the
// wizard's default size and at its minimum size, and checks that no label, button or check box
// cuts its text. With HONE_SCREENSHOT_DIR set, saves a PNG of each (tools/screenshots.sh).
// Language-model runs (the tiny Llama instruction-tuned): their dashboard, Compare's answers side
// by side, a mixed selection refused, and the playground's chat with the base model beside it.
#include "lmrun.h"
#include "testsupport.h"

#include "ui/dialogs/settingsdialog.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "ui/dashboard/dashboardwidget.h"
#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/playground/chatwidget.h"
#include "ui/playground/playgroundwidget.h"
#include "ui/runs/comparewidget.h"
#include "ui/runs/runhistorywidget.h"
#include "core/data/datasplit.h"
#include "core/models/modeldiscovery.h"
#include "core/system/computethreads.h"
#include "ui/itemmodels/runlistitemmodel.h"
#include "ui/wizard/collapsiblesection.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/hyperparameterspage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/reviewpage.h"
#include "ui/wizard/splitpage.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace hone::ui;

class tst_Screenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wizardPages_data();
    void wizardPages();
    void chatWizardPages_data();
    void chatWizardPages();
    void settingsDialog_data();
    void settingsDialog();
    void mainWindow_data();
    void mainWindow();
    void languageModelViews_data();
    void languageModelViews();

private:
    void save(QWidget *widget, const QString &name);
    // Checks nothing is clipped, then saves <name>-<data tag>.png.
    void shoot(QWidget *window, const QString &name);
    void walkWizard(const QString &prefix);
    void checkNotClipped(QWidget *root, const QString &where);
    QStringList classificationRuns();
    QString m_dir;
    QTemporaryDir m_runs;
};

void tst_Screenshots::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("hone-test-screenshots"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("runs/root"), m_runs.path());
    m_dir = qEnvironmentVariable("HONE_SCREENSHOT_DIR");
    if (!m_dir.isEmpty())
        QDir().mkpath(m_dir);
}

void tst_Screenshots::save(QWidget *widget, const QString &name)
{
    QCoreApplication::processEvents();
    const QPixmap shot = widget->grab();
    QVERIFY2(!shot.isNull() && shot.width() > 100, qPrintable(name));
    if (!m_dir.isEmpty())
        QVERIFY(shot.save(QDir(m_dir).filePath(name + QStringLiteral(".png"))));
}

namespace {

// Whether layout (or a layout nested in it) places widget.
bool managedBy(QLayout *layout, QWidget *widget)
{
    if (layout->indexOf(widget) >= 0)
        return true;
    for (int i = 0; i < layout->count(); ++i)
        if (QLayout *inner = layout->itemAt(i)->layout(); inner && managedBy(inner, widget))
            return true;
    return false;
}

} // namespace

// A widget whose text needs more width than it has shows it cut off ("Star" for "Start").
void tst_Screenshots::checkNotClipped(QWidget *root, const QString &where)
{
    QTest::qWait(50); // pending layout requests
    QStringList clipped;
    const auto visible = [root](QWidget *w) { return w->isVisibleTo(root) && w->width() > 0; };
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!visible(label) || label->text().isEmpty() || !label->pixmap().isNull())
            continue;
        if (label->parentWidget() && label->parentWidget()->inherits("QAbstractItemView"))
            continue;
        if (label->wordWrap()) { // wrapped text must get the height it needs at its width
            const int height = label->heightForWidth(label->width());
            if (height > label->height() + 2)
                clipped << QStringLiteral("wrapped label '%1' (%2 < %3 high)").arg(label->text().left(40)).arg(label->height()).arg(height);
            continue;
        }
        const int need = label->minimumSizeHint().width();
        if (need > label->width() + 1)
            clipped << QStringLiteral("label '%1' (%2 < %3)").arg(label->text().left(40)).arg(label->width()).arg(need);
    }
    for (QAbstractButton *button : root->findChildren<QAbstractButton *>()) {
        if (!visible(button) || button->text().isEmpty() || button->inherits("QToolButton"))
            continue;
        const int need = button->sizeHint().width();
        if (need > button->width() + 1)
            clipped << QStringLiteral("button '%1' (%2 < %3)").arg(button->text()).arg(button->width()).arg(need);
    }
    // A scroll area without a horizontal scroll bar must be wide enough for its content.
    for (QScrollArea *area : root->findChildren<QScrollArea *>()) {
        if (!visible(area) || !area->widget() || area->horizontalScrollBarPolicy() != Qt::ScrollBarAlwaysOff)
            continue;
        const int need = area->widget()->minimumSizeHint().width();
        if (need > area->viewport()->width() + 1)
            clipped << QStringLiteral("scroll area content (%1 < %2)").arg(area->viewport()->width()).arg(need);
    }
    // No widget may stick out of its parent (outside scrolled content and item views).
    for (QWidget *w : root->findChildren<QWidget *>()) {
        QWidget *parent = w->parentWidget();
        if (!visible(w) || w->isWindow() || !parent || qobject_cast<QAbstractScrollArea *>(parent->parentWidget()))
            continue;
        bool inView = false;
        for (QWidget *p = parent; p && p != root; p = p->parentWidget())
            inView = inView || p->inherits("QAbstractItemView") || p->inherits("QTabBar");
        if (inView || w->inherits("QTabBar") || w->inherits("QSplitterHandle"))
            continue;
        const QRect g = w->geometry();
        if (g.right() > parent->width() + 1 || g.bottom() > parent->height() + 1)
            clipped << QStringLiteral("%1 '%2' outside its %3 (%4x%5 at %6,%7 in %8x%9)")
                           .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                QString::fromLatin1(parent->metaObject()->className()))
                           .arg(g.width()).arg(g.height()).arg(g.x()).arg(g.y()).arg(parent->width()).arg(parent->height());
    }
    // Widgets one layout places must not overlap: a layout given less than its minimum lays them
    // over each other (the review page's code views over its overview, at the smallest size).
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!visible(w) || !w->layout() || qobject_cast<QAbstractScrollArea *>(w->parentWidget()))
            continue;
        QList<QWidget *> placed;
        for (QWidget *child : w->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly))
            if (visible(child) && !child->isWindow() && managedBy(w->layout(), child))
                placed << child;
        for (int i = 0; i < placed.size(); ++i)
            for (int j = i + 1; j < placed.size(); ++j)
                if (const QRect both = placed[i]->geometry().intersected(placed[j]->geometry());
                    both.width() > 1 && both.height() > 1)
                    clipped << QStringLiteral("%1 '%2' and %3 '%4' overlap by %5x%6")
                                   .arg(QString::fromLatin1(placed[i]->metaObject()->className()), placed[i]->objectName(),
                                        QString::fromLatin1(placed[j]->metaObject()->className()), placed[j]->objectName())
                                   .arg(both.width()).arg(both.height());
    }
    QVERIFY2(clipped.isEmpty(), qPrintable(where + QStringLiteral(": ") + clipped.join(QStringLiteral("; "))));
}

namespace {

// Each language at the wizard's default and minimum size, with a data file in that language.
void wizardRows(const char *englishData, const char *chineseData)
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("minimumSize");
    QTest::addColumn<QString>("data");
    QTest::newRow("en") << QStringLiteral("en") << false << QString::fromLatin1(englishData);
    QTest::newRow("en-min") << QStringLiteral("en") << true << QString::fromLatin1(englishData);
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << false << QString::fromLatin1(chineseData);
    QTest::newRow("zh_CN-min") << QStringLiteral("zh_CN") << true << QString::fromLatin1(chineseData);
}

} // namespace

void tst_Screenshots::shoot(QWidget *window, const QString &name)
{
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    checkNotClipped(window, name + QLatin1Char(' ') + tag);
    save(window, name + QLatin1Char('-') + tag);
}

// Every page of the wizard, in order; prefix "wizard" (classification) or "chat-wizard" (instruction
// tuning SmolLM2, which set-up installs).
void tst_Screenshots::walkWizard(const QString &prefix)
{
    QFETCH(QString, language);
    QFETCH(bool, minimumSize);
    QFETCH(QString, data);
    const bool chat = prefix.startsWith(QLatin1String("chat"));
    LanguageManager languages;
    languages.apply(language);

    NewRunWizard wizard;
    // The size it opens at on a 1280x800 screen, or the smallest it can be made.
    wizard.resize(minimumSize ? wizard.minimumSize() : QSize(980, 700));
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.modelPage()->isSearching(), 30000);
    if (chat) {
        wizard.modelPage()->findChild<QRadioButton *>(QStringLiteral("task_sft"))->click();
        QVERIFY2(wizard.modelPage()->selectModel(QString::fromLatin1(hone::kDefaultChatModelName)),
                 "the default chat model SmolLM2-135M-Instruct is not installed: run scripts/setup.sh");
    }
    QTRY_VERIFY_WITH_TIMEOUT(wizard.modelPage()->isComplete(), 30000);
    shoot(&wizard, prefix + QStringLiteral("-1-model"));

    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewRunWizard::DataPageId));
    save(&wizard, prefix + QStringLiteral("-2-data-empty-") + QString::fromLatin1(QTest::currentDataTag()));
    wizard.dataPage()->setFile(QString::fromStdString(hone::test::sharedDataPath(data.toUtf8().constData()).string()));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.dataPage()->isLoading(), 60000);
    QTRY_VERIFY2_WITH_TIMEOUT(wizard.dataPage()->isComplete(), qPrintable(wizard.dataPage()->message()->text()), 30000);
    shoot(&wizard, prefix + QStringLiteral("-2-data"));

    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewRunWizard::SplitPageId));
    QTRY_VERIFY_WITH_TIMEOUT(wizard.splitPage()->isComplete(), 30000);
    shoot(&wizard, prefix + QStringLiteral("-3-split"));

    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewRunWizard::HyperparametersPageId));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.hyperparametersPage()->isCountingTokens(), 60000);
    shoot(&wizard, prefix + QStringLiteral("-4-hyperparameters"));
    auto *advanced = wizard.hyperparametersPage()->findChild<CollapsibleSection *>(QStringLiteral("advancedSection"));
    QVERIFY(advanced);
    advanced->setExpanded(true);
    QCoreApplication::processEvents();
    shoot(&wizard, prefix + QStringLiteral("-4-hyperparameters-advanced"));
    if (!chat) {
        // The process count among the speed settings, with its warning (more processes than cores).
        auto *processes = qobject_cast<QSpinBox *>(wizard.hyperparametersPage()->editor("nproc_per_node"));
        QVERIFY(processes);
        processes->setValue(hone::availablePhysicalCores() + 1);
        QCoreApplication::processEvents(); // the warning is laid out before the page scrolls to it
        wizard.hyperparametersPage()->findChild<QScrollArea *>()->ensureWidgetVisible(
            wizard.hyperparametersPage()->fieldNote("nproc_per_node"), 0, 24);
        QCoreApplication::processEvents();
        shoot(&wizard, prefix + QStringLiteral("-4-hyperparameters-processes"));
        processes->setValue(2); // the review page then says "2 processes"
    }

    wizard.next();
    QCOMPARE(wizard.currentId(), int(NewRunWizard::ReviewPageId));
    QTest::qWait(200);
    shoot(&wizard, prefix + QStringLiteral("-5-review"));
    languages.apply(QStringLiteral("en"));
}

void tst_Screenshots::wizardPages_data()
{
    wizardRows("sms_spam/sms_spam.csv", "chnsenticorp_htl/chnsenticorp_htl.csv");
}

void tst_Screenshots::wizardPages()
{
    walkWizard(QStringLiteral("wizard"));
}

void tst_Screenshots::chatWizardPages_data()
{
    wizardRows("sft/alpaca_en_demo.json", "sft/alpaca_zh_demo.json");
}

void tst_Screenshots::chatWizardPages()
{
    walkWizard(QStringLiteral("chat-wizard"));
}

void tst_Screenshots::settingsDialog_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QStringLiteral("en");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
}

void tst_Screenshots::settingsDialog()
{
    QFETCH(QString, language);
    LanguageManager languages;
    languages.apply(language);
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    checkNotClipped(&dialog, QStringLiteral("settings ") + language);
    save(&dialog, QStringLiteral("settings-%1").arg(language));
    languages.apply(QStringLiteral("en"));
}

void tst_Screenshots::mainWindow_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("minimumSize");
    QTest::newRow("en") << QStringLiteral("en") << false;
    QTest::newRow("en-min") << QStringLiteral("en") << true;
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << false;
    QTest::newRow("zh_CN-min") << QStringLiteral("zh_CN") << true;
}

namespace {
bool copyDir(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QFileInfo &fi : QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = QDir(to).filePath(fi.fileName());
        if (fi.isDir() ? !copyDir(fi.filePath(), target) : !QFile::copy(fi.filePath(), target))
            return false;
    }
    return true;
}
} // namespace

// Real runs (the test fixtures) with long names, as the trainer leaves them; empty if they cannot be made.
QStringList tst_Screenshots::classificationRuns()
{
    const QString a = m_runs.filePath(QStringLiteral("20261120-101500-all-MiniLM-L6-v2-sms_spam"));
    const QString b = m_runs.filePath(QStringLiteral("20261121-090000-all-MiniLM-L6-v2-sms_spam-lr1e-4"));
    if (!QFileInfo::exists(a)) {
        if (!copyDir(hone::test::dataPath(QStringLiteral("runs/sms-lr5e-5")), a) ||
            !copyDir(hone::test::dataPath(QStringLiteral("runs/sms-lr1e-4")), b))
            return {};
        // One split for both (the fixtures predicted the same 24 test rows), so Compare shows statistics.
        hone::SplitManifest split;
        split.method = "ratios";
        split.labels = {"ham", "spam"};
        split.rows = 200;
        split.contentHash = "00000000000000aa";
        for (std::size_t i = 0; i < 24; ++i)
            split.splits.test.push_back(i);
        for (std::size_t i = 24; i < 200; ++i)
            split.splits.train.push_back(i);
        for (const QString &run : {a, b})
            if (!hone::saveSplitManifest(split, QDir(run).filePath(QStringLiteral("split.json")).toStdString()).ok())
                return {};
    }
    return {a, b};
}

void tst_Screenshots::mainWindow()
{
    QFETCH(QString, language);
    QFETCH(bool, minimumSize);
    const QStringList runs = classificationRuns();
    QCOMPARE(runs.size(), 2);
    const QString a = runs.first();

    LanguageManager languages;
    languages.apply(language);
    MainWindow window(&languages);
    const QString tag = language + (minimumSize ? QStringLiteral("-min") : QString());
    window.resize(minimumSize ? window.minimumSizeHint().expandedTo(window.minimumSize()) : QSize(1600, 1000));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(window.runHistory()->model()->rowCount(), 2, 30000);
    checkNotClipped(&window, QStringLiteral("main window ") + tag);
    save(&window, QStringLiteral("main-empty-%1").arg(tag));
    window.runHistory()->selectRun(a);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentRun(), a, 30000);
    QTest::qWait(400); // a few replot ticks
    checkNotClipped(&window, QStringLiteral("dashboard ") + tag);
    save(&window, QStringLiteral("main-run-%1").arg(tag));
    // Compare: both runs selected.
    window.runHistory()->view()->selectAll();
    window.setView(MainWindow::View::Compare);
    QTest::qWait(400);
    save(&window, QStringLiteral("main-compare-%1").arg(tag));
    auto *compareTabs = window.compareView()->findChild<QTabWidget *>();
    QVERIFY(compareTabs);
    // The Statistics page is the one holding the statistics text (the hidden Answers tab is last).
    auto *statistics = window.compareView()->findChild<QLabel *>(QStringLiteral("compareStatistics"));
    QVERIFY(statistics);
    for (int i = 0; i < compareTabs->count(); ++i)
        if (compareTabs->widget(i)->isAncestorOf(statistics))
            compareTabs->setCurrentIndex(i);
    QVERIFY(statistics->isVisible());
    QVERIFY2(!statistics->text().isEmpty(), "the Statistics tab says nothing");
    QTest::qWait(400);
    checkNotClipped(&window, QStringLiteral("compare statistics ") + tag);
    save(&window, QStringLiteral("main-compare-statistics-%1").arg(tag));
    compareTabs->setCurrentIndex(0);
    window.setView(MainWindow::View::Dashboard);
    languages.apply(QStringLiteral("en"));
}

void tst_Screenshots::languageModelViews_data()
{
    mainWindow_data();
}

void tst_Screenshots::languageModelViews()
{
    QFETCH(QString, language);
    QFETCH(bool, minimumSize);
    // Two instruction runs beside the classification runs.
    QCOMPARE(classificationRuns().size(), 2);
    const QString a = m_runs.filePath(QStringLiteral("20261122-083000-tiny-llama-sft"));
    const QString b = m_runs.filePath(QStringLiteral("20261122-093000-tiny-llama-sft-lr3e-3"));
    if (!QFileInfo::exists(a)) {
        auto config = hone::test::tinySftConfig(8, 4, 1e-2);
        config.name = "tiny-llama-sft";
        QCOMPARE(hone::test::trainTinySft(a, config), QString());
        config = hone::test::tinySftConfig(8, 4, 3e-3);
        config.name = "tiny-llama-sft-lr3e-3";
        QCOMPARE(hone::test::trainTinySft(b, config), QString());
    }

    LanguageManager languages;
    languages.apply(language);
    MainWindow window(&languages);
    const QString tag = language + (minimumSize ? QStringLiteral("-min") : QString());
    window.resize(minimumSize ? window.minimumSizeHint().expandedTo(window.minimumSize()) : QSize(1600, 1000));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(window.runHistory()->model()->rowCount(), 4, 30000);

    // Dashboard: loss, perplexity, the sample answers of the last evaluation against the first.
    window.runHistory()->selectRun(a);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentRun(), a, 30000);
    QVERIFY(window.dashboard()->showsSampleAnswers());
    QCOMPARE(window.dashboard()->sampleAnswers()->evaluationCount(), 2);
    QTest::qWait(400);
    checkNotClipped(&window, QStringLiteral("language-model dashboard ") + tag);
    save(&window, QStringLiteral("main-lm-run-%1").arg(tag));

    // Compare: every run ticked is a mixed selection, refused; the two instruction runs side by side.
    window.runHistory()->view()->selectAll();
    window.setView(MainWindow::View::Compare);
    QTest::qWait(400);
    QVERIFY(!window.compareView()->refusal().isEmpty());
    checkNotClipped(&window, QStringLiteral("compare refused ") + tag);
    save(&window, QStringLiteral("main-compare-mixed-%1").arg(tag));
    window.compareView()->setRuns({a, b});
    QVERIFY(window.compareView()->comparesLanguageModels());
    auto *compareTabs = window.compareView()->findChild<QTabWidget *>();
    QVERIFY(compareTabs);
    compareTabs->setCurrentIndex(4); // Answers
    QTest::qWait(400);
    QCOMPARE(window.compareView()->answersTable()->rowCount(), 2);
    checkNotClipped(&window, QStringLiteral("compare answers ") + tag);
    save(&window, QStringLiteral("main-compare-answers-%1").arg(tag));
    compareTabs->setCurrentIndex(0);
    QTest::qWait(200);
    save(&window, QStringLiteral("main-compare-lm-metrics-%1").arg(tag));

    // Playground: the fine-tuned model and the base model answer the same message.
    window.runHistory()->selectRun(a);
    QTRY_COMPARE_WITH_TIMEOUT(window.currentRun(), a, 30000);
    QSignalSpy loaded(window.playground(), &PlaygroundWidget::modelLoaded);
    window.setView(MainWindow::View::Playground);
    QVERIFY(window.playground()->isChatModel());
    QVERIFY(loaded.wait(60000) || !loaded.isEmpty());
    ChatWidget *chat = window.playground()->chat();
    QSignalSpy baseLoaded(chat, &ChatWidget::baseLoaded);
    chat->setCompareWithBase(true);
    QVERIFY(baseLoaded.wait(60000) || !baseLoaded.isEmpty());
    hone::GenerationOptions options;
    options.maxNewTokens = 12;
    chat->setGenerationOptions(options);
    QSignalSpy finished(chat, &ChatWidget::answerFinished);
    chat->sendText(language == QStringLiteral("zh_CN") ? QStringLiteral("秘鲁的首都是哪里？") : QStringLiteral("What is the capital of Peru?"));
    QVERIFY(finished.wait(60000) || !finished.isEmpty());
    chat->setMessage(QStringLiteral("And of Norway?"));
    QTest::qWait(200);
    checkNotClipped(&window, QStringLiteral("chat playground ") + tag);
    save(&window, QStringLiteral("main-lm-playground-%1").arg(tag));
    window.setView(MainWindow::View::Dashboard);
    languages.apply(QStringLiteral("en"));
}

QTEST_MAIN(tst_Screenshots)
#include "tst_screenshots.moc"

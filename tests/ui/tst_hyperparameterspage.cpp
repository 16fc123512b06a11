// The hyperparameters page as a user meets it: the mouse wheel leaves fields alone unless they
// have focus, bad entries and unusual values are explained under their field, the preset
// description never moves the fields, presets fit the data, and Copy says that it copied.
#include "core/models/modeldiscovery.h"
#include "core/system/computethreads.h"
#include "core/train/trainingoptions.h"
#include "ui/languagemanager.h"
#include "ui/wizard/collapsiblesection.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/hyperparameterspage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/reviewpage.h"
#include "ui/wizard/splitpage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace hone;
using namespace hone::ui;

namespace {

void wheel(QWidget *w, int delta)
{
    const QPointF pos(w->width() / 2.0, w->height() / 2.0);
    QWheelEvent event(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &event);
}

bool noteShown(HyperparametersPage &page, const char *key)
{
    return page.fieldNote(key)->isVisibleTo(&page);
}

} // namespace

class tst_HyperparametersPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wheelOnlyChangesTheFocusedField();
    void badEntriesAreExplainedUnderTheField();
    void unusualLearningRateIsWarned();
    void processesAreASpeedSetting();
    void presetDescriptionDoesNotMoveTheFields();
    void presetsFitTheData();
    void copyIsConfirmed();

private:
    QTemporaryDir m_dir;
};

void tst_HyperparametersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("hone-test-hyperparameters"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("runs/root"), m_dir.filePath(QStringLiteral("runs")));
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
}

void tst_HyperparametersPage::wheelOnlyChangesTheFocusedField()
{
    HyperparametersPage page;
    page.resize(640, 360);
    page.findChild<CollapsibleSection *>(QStringLiteral("advancedSection"))->setExpanded(true);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    auto *beta2 = qobject_cast<QDoubleSpinBox *>(page.editor("adam_beta2"));
    auto *optim = qobject_cast<QComboBox *>(page.editor("optim"));
    auto *scroll = page.findChild<QScrollArea *>();
    QVERIFY(beta2 && optim && scroll);
    QVERIFY(scroll->verticalScrollBar()->maximum() > 0); // the page does scroll at this size
    const int scrolled = scroll->verticalScrollBar()->value();
    wheel(beta2, -120);
    wheel(optim, -120);
    QCOMPARE(beta2->value(), 0.999);
    QCOMPARE(optim->currentData().toString(), QStringLiteral("adamw"));
    QVERIFY2(scroll->verticalScrollBar()->value() > scrolled, "the wheel should scroll the page instead");
    // With focus, the wheel does change the field (so the test above could have failed).
    beta2->setFocus();
    QTRY_VERIFY(beta2->hasFocus());
    wheel(beta2, -120);
    QVERIFY(beta2->value() < 0.999);
}

void tst_HyperparametersPage::badEntriesAreExplainedUnderTheField()
{
    HyperparametersPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *lr = qobject_cast<QDoubleSpinBox *>(page.editor("learning_rate"));
    auto *batch = qobject_cast<QSpinBox *>(page.editor("per_device_train_batch_size"));
    QVERIFY(!noteShown(page, "learning_rate"));
    // Typed in, 0 stays 0 (no silent snap back) and is explained next to the field.
    lr->setFocus();
    lr->selectAll();
    QTest::keyClicks(lr, QStringLiteral("0"));
    QTest::keyClick(lr, Qt::Key_Return);
    QCOMPARE(lr->value(), 0.0);
    QVERIFY(noteShown(page, "learning_rate"));
    QCOMPARE(page.fieldNote("learning_rate")->text(), QStringLiteral("Learning rate must be above 0 and at most 1."));
    QVERIFY(!page.isComplete());
    QVERIFY(page.message()->text().contains(QLatin1String("Learning rate")));
    batch->setValue(0);
    QCOMPARE(batch->value(), 0);
    QVERIFY(noteShown(page, "per_device_train_batch_size"));
    QVERIFY(page.fieldNote("per_device_train_batch_size")->text().startsWith(QLatin1String("Batch size must be at least 1")));
    lr->setValue(5e-5);
    batch->setValue(16);
    QVERIFY(!noteShown(page, "learning_rate"));
    QVERIFY(!noteShown(page, "per_device_train_batch_size"));
    QVERIFY(page.isComplete());
    // An open upper end: beta2 of 1 is refused with the reason.
    qobject_cast<QDoubleSpinBox *>(page.editor("adam_beta2"))->setValue(1);
    QCOMPARE(page.fieldNote("adam_beta2")->text(), QStringLiteral("Adam β2 must be at least 0 and below 1."));
}

void tst_HyperparametersPage::unusualLearningRateIsWarned()
{
    HyperparametersPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *lr = qobject_cast<QDoubleSpinBox *>(page.editor("learning_rate"));
    auto *optim = qobject_cast<QComboBox *>(page.editor("optim"));
    lr->setValue(1);
    QVERIFY(noteShown(page, "learning_rate"));
    const QString high = page.fieldNote("learning_rate")->text();
    QVERIFY2(high.startsWith(QLatin1String("Unusually high for adamw")) && high.contains(QLatin1String("1e-06 to 0.001")), qPrintable(high));
    QVERIFY(page.isComplete()); // a warning, not an error
    lr->setValue(1e-7);
    QVERIFY(page.fieldNote("learning_rate")->text().startsWith(QLatin1String("Unusually low for adamw")));
    // The usual range is the optimizer's: 0.05 is high for AdamW, ordinary for SGD.
    lr->setValue(0.05);
    QVERIFY(noteShown(page, "learning_rate"));
    optim->setCurrentIndex(optim->findData(QStringLiteral("sgd")));
    QVERIFY(!noteShown(page, "learning_rate"));
}

void tst_HyperparametersPage::processesAreASpeedSetting()
{
    HyperparametersPage page;
    page.findChild<CollapsibleSection *>(QStringLiteral("advancedSection"))->setExpanded(true);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // The options table's row, in the speed group; the other launch rows stay hone-cli's.
    auto *processes = qobject_cast<QSpinBox *>(page.editor("nproc_per_node"));
    QVERIFY(processes);
    const TrainingOption *row = findTrainingOption("nproc_per_node");
    QCOMPARE(processes->maximum(), int(row->range.max));
    processes->setValue(0); // below the row's range: refused under the field
    QVERIFY2(page.fieldNote("nproc_per_node")->text().startsWith(QLatin1String("Processes must be at least 1")),
             qPrintable(page.fieldNote("nproc_per_node")->text()));
    QVERIFY(!page.isComplete());
    processes->setValue(1);
    QVERIFY(processes->toolTip().contains(QLatin1String("one process per core")));
    QVERIFY(processes->toolTip().contains(QLatin1String("--nproc-per-node")));
    QVERIFY(page.findChild<QGroupBox *>(QStringLiteral("speedGroup"))->isAncestorOf(processes));
    QVERIFY(!page.findChild<QGroupBox *>(QStringLiteral("distributedGroup")));
    for (const char *key : {"nnodes", "node_rank", "master_addr", "master_port", "dist_timeout"})
        QVERIFY2(!page.editor(key), key);
    QCOMPARE(processes->value(), 1);
    // Its value reaches the config (launch settings), and a loaded config sets it.
    processes->setValue(2);
    TrainingConfig c;
    page.applyTo(c);
    QCOMPARE(c.launch.nprocPerNode, 2);
    c.launch.nprocPerNode = 3;
    page.loadConfig(c);
    QCOMPARE(processes->value(), 3);
    // More processes than cores: a warning under the field, not an error.
    const int cores = availablePhysicalCores();
    processes->setValue(cores);
    qobject_cast<QSpinBox *>(page.editor("threads"))->setValue(0);
    QVERIFY(!noteShown(page, "nproc_per_node"));
    processes->setValue(cores + 1);
    QVERIFY(noteShown(page, "nproc_per_node"));
    QVERIFY2(page.fieldNote("nproc_per_node")->text().startsWith(QLatin1String("More processes than this computer's")),
             qPrintable(page.fieldNote("nproc_per_node")->text()));
    QVERIFY(page.isComplete());
    // Processes of several threads each can oversubscribe too.
    if (cores >= 2) {
        processes->setValue(2);
        qobject_cast<QSpinBox *>(page.editor("threads"))->setValue(cores);
        QVERIFY(page.fieldNote("nproc_per_node")->text().contains(QLatin1String("threads each")));
    }
}

void tst_HyperparametersPage::presetDescriptionDoesNotMoveTheFields()
{
    HyperparametersPage page;
    page.resize(700, 520);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QWidget *epochs = page.editor("num_train_epochs");
    QWidget *batch = page.editor("per_device_train_batch_size");
    const auto place = [&] {
        for (int i = 0; i < 5; ++i) // a resize settles over several layout passes
            QApplication::processEvents();
        return qMakePair(epochs->mapTo(&page, QPoint()), batch->mapTo(&page, QPoint()));
    };
    page.applyPreset(TrainingPreset::Quick);
    const auto first = place();
    QStringList hints{page.presetHint()->text()};
    for (TrainingPreset p : {TrainingPreset::Balanced, TrainingPreset::Thorough}) {
        page.applyPreset(p);
        QCOMPARE(place(), first);
        hints << page.presetHint()->text();
    }
    qobject_cast<QDoubleSpinBox *>(epochs)->setValue(7); // Custom
    QCOMPARE(page.presetCombo()->currentIndex(), 3);
    QCOMPARE(place(), first);
    hints << page.presetHint()->text();
    QCOMPARE(hints.removeDuplicates(), 0); // four different texts were shown
    // Narrower: the texts wrap onto more lines, and still nothing moves between presets.
    page.resize(520, 520);
    page.applyPreset(TrainingPreset::Quick);
    const auto narrow = place();
    page.applyPreset(TrainingPreset::Thorough);
    QCOMPARE(place(), narrow);
}

void tst_HyperparametersPage::presetsFitTheData()
{
    // 40 rows, 34 of one class: imbalanced (ratio 5.7), about 32 training rows at 80/10/10.
    const QString path = m_dir.filePath(QStringLiteral("small.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("text,label\n");
        for (int i = 0; i < 40; ++i)
            file.write(QStringLiteral("message number %1 about %2,%3\n")
                           .arg(i)
                           .arg(i % 2 ? QStringLiteral("cats") : QStringLiteral("dogs"))
                           .arg(i < 34 ? QStringLiteral("ham") : QStringLiteral("spam"))
                           .toUtf8());
    }
    QVERIFY2(findModel(kDefaultModelName).ok(), "the default model all-MiniLM-L6-v2 is not installed: run scripts/setup.sh");
    NewRunWizard wizard;
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.modelPage()->isSearching(), 30000);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    wizard.dataPage()->setFile(path);
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled(), 20000);
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled() && wizard.splitPage()->isComplete(), 20000);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::HyperparametersPageId));
    HyperparametersPage *page = wizard.hyperparametersPage();
    // The untouched default preset now judges the best model by macro F1, as the data page advises.
    QCOMPARE(page->presetCombo()->currentIndex(), 1);
    QCOMPARE(wizard.config().metricForBestModel, std::string("macro_f1"));
    // Quick evaluates within the run's few steps, not every 100.
    page->applyPreset(TrainingPreset::Quick);
    const TrainingConfig quick = wizard.config();
    QCOMPARE(quick.evalStrategy, std::string("steps"));
    QVERIFY2(quick.evalSteps <= 1, qPrintable(QString::number(quick.evalSteps)));
    QVERIFY(!noteShown(*page, "eval_steps"));
    // A batch larger than the training rows is warned about, with the count.
    qobject_cast<QSpinBox *>(page->editor("per_device_train_batch_size"))->setValue(64);
    QVERIFY(noteShown(*page, "per_device_train_batch_size"));
    const QString rows = QString::number(wizard.splitPage()->splits().train.size());
    QVERIFY2(page->fieldNote("per_device_train_batch_size")->text().contains(rows + QStringLiteral(" training texts")),
             qPrintable(page->fieldNote("per_device_train_batch_size")->text()));
    // Evaluating every 100 steps on a one-step run is pointed out.
    qobject_cast<QSpinBox *>(page->editor("eval_steps"))->setValue(100);
    QVERIFY(noteShown(*page, "eval_steps"));
}

void tst_HyperparametersPage::copyIsConfirmed()
{
    ReviewPage review;
    QPushButton *copy = nullptr;
    for (QPushButton *b : review.findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Copy"))
            copy = copy ? copy : b; // the command's comes first
    QVERIFY(copy);
    QCOMPARE(review.message()->kind(), PageMessage::Kind::None);
    copy->click();
    QCOMPARE(review.message()->kind(), PageMessage::Kind::Info);
    QVERIFY(review.message()->text().contains(QLatin1String("clipboard")));
    QCOMPARE(QGuiApplication::clipboard()->text(), review.commandText());
}

QTEST_MAIN(tst_HyperparametersPage)
#include "tst_hyperparameterspage.moc"

// The New-run wizard: clicks through every page with the default model and real data, checks that
// each page refuses bad input with a message in words (no model, a model folder without
// config.json, a broken CSV, a missing label column, ratios that do not add up, contradictory
// settings), and that the TrainingConfig it returns is what was chosen. Also the pure helpers
// behind the Review page (CLI command, run folder name, estimate). The language-model tasks: the
// task filters the models, instruction data is previewed as the template renders it with the
// learned tokens highlighted, a model without a template gets one chosen, and the SFT config the
// wizard builds trains the tiny Llama of tests/data/sft through TrainingJob into a run folder.
#include "testsupport.h"

#include "ui/jobs/trainingjob.h"
#include "ui/languagemanager.h"
#include "ui/wizard/clicommand.h"
#include "ui/wizard/datapage.h"
#include "ui/wizard/hyperparameterspage.h"
#include "ui/wizard/modelpage.h"
#include "ui/wizard/newrunwizard.h"
#include "ui/wizard/pagemessage.h"
#include "ui/wizard/reviewpage.h"
#include "ui/wizard/runestimate.h"
#include "ui/wizard/splitpage.h"

#include "core/models/modeldiscovery.h"

#include <nlohmann/json.hpp>

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTreeWidget>

#include <fstream>

using namespace hone;
using namespace hone::ui;

class tst_NewRunWizard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelPageSelectsDefaultModel();
    void modelPageRequiresAModel();
    void modelPageRejectsFolderWithoutConfig();
    void modelPageListsModelsOfTheTask();
    void lmDataPagePreviewsConversations();
    void lmDataPageErrors_data();
    void lmDataPageErrors();
    void lmDataPageChoosesATemplate();
    void lmDataPageReadsPlainText();
    void sftRunTrainsThroughTrainingJob();
    void dataPageErrors_data();
    void dataPageErrors();
    void dataPageReadsLabelsAndWarnings();
    void dataPageColumnMapping();
    void dataPageBoundsWarningsAndResetsEncoding();
    void dataPageRemovesDuplicates();
    void splitPageKeepsSumAt100();
    void splitPageRejectsBadRatios();
    void splitPageSeparateFiles();
    void hyperparameterPresetsAndValidation();
    void clickThroughProducesConfig();
    void duplicatePrefillsEveryPage();
    void cliCommand();
    void estimateIsPlausible();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QString smsSpam() const;
    void waitForModels(NewRunWizard &wizard);
    QTemporaryDir m_dir;
    QTemporaryDir m_runs;
};

QString tst_NewRunWizard::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

QString tst_NewRunWizard::smsSpam() const
{
    return QString::fromStdString(std::filesystem::weakly_canonical(test::sharedDataPath("sms_spam/sms_spam.csv")).string());
}

void tst_NewRunWizard::waitForModels(NewRunWizard &wizard)
{
    QTRY_VERIFY_WITH_TIMEOUT(!wizard.modelPage()->isSearching(), 30000);
}

void tst_NewRunWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("hone-test-wizard"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("runs/root"), m_runs.path());
    QVERIFY2(QFile::exists(smsSpam()), qPrintable(smsSpam()));
    // The default model must be installed (scripts/setup.sh does it; CI runs it).
    const auto model = findModel(kDefaultModelName);
    QVERIFY2(model.ok(), "the default model all-MiniLM-L6-v2 is not installed: run scripts/setup.sh");
    LanguageManager languages;
    languages.apply(QStringLiteral("en"));
}

void tst_NewRunWizard::modelPageSelectsDefaultModel()
{
    NewRunWizard wizard;
    waitForModels(wizard);
    const auto selected = wizard.modelPage()->selectedModel();
    QVERIFY(selected.has_value());
    QVERIFY2(QString::fromStdString(selected->name).endsWith(QLatin1String(kDefaultModelName)), selected->name.c_str());
    QVERIFY(wizard.modelPage()->isComplete());
    QVERIFY(wizard.modelPage()->selectedShape().valid());
    QCOMPARE(wizard.modelPage()->selectedShape().hiddenSize, 384);
    QCOMPARE(wizard.modelPage()->selectedShape().numLayers, 6);
    QVERIFY(wizard.modelPage()->table()->model()->rowCount() >= 1);
    auto *details = wizard.modelPage()->findChild<QLabel *>(QStringLiteral("modelDetails"));
    QVERIFY(details->text().contains(QLatin1String("bert")));
}

void tst_NewRunWizard::modelPageRequiresAModel()
{
    NewRunWizard wizard;
    wizard.show();
    waitForModels(wizard);
    wizard.modelPage()->clearSelection();
    QVERIFY(!wizard.modelPage()->isComplete());
    QVERIFY(!wizard.modelPage()->validatePage());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    const PageMessage *message = wizard.modelPage()->message();
    QVERIFY(message->isVisible());
    QCOMPARE(message->kind(), PageMessage::Kind::Error);
    QVERIFY2(message->text().contains(QLatin1String("Select a model")), qPrintable(message->text()));
    // A search that matches nothing says so.
    auto *search = wizard.modelPage()->findChild<QLineEdit *>(QStringLiteral("modelSearch"));
    search->setText(QStringLiteral("no-such-model-xyz"));
    QVERIFY2(message->text().contains(QLatin1String("No model matches")), qPrintable(message->text()));
}

void tst_NewRunWizard::modelPageListsModelsOfTheTask()
{
    NewRunWizard wizard;
    waitForModels(wizard);
    ModelCatalog catalog;
    ModelInfo encoder;
    encoder.name = "tiny-bert";
    encoder.architecture = "bert";
    encoder.path = "/models/tiny-bert";
    ModelInfo decoder = encoder;
    decoder.name = "chat";
    decoder.architecture = "llama";
    decoder.path = "/models/chat.gguf";
    catalog.models = {encoder, decoder};
    ModelPage *page = wizard.modelPage();
    page->setCatalog(catalog);
    const auto architectures = [page] {
        QStringList out;
        const QAbstractItemModel *table = page->table()->model();
        for (int r = 0; r < table->rowCount(); ++r)
            out << table->index(r, 1).data().toString();
        return out;
    };
    // Classification (the default task): encoders only; the decoder is skipped with the reason.
    QCOMPARE(page->task(), QStringLiteral("classification"));
    // (The default model, selected before the catalog was replaced, stays listed as a browsed folder.)
    QVERIFY2(architectures().contains(QLatin1String("bert")) && !architectures().contains(QLatin1String("llama")),
             qPrintable(architectures().join(QLatin1Char(','))));
    QVERIFY(!page->selectModel(QStringLiteral("/models/chat.gguf")));
    auto *skipped = page->findChild<QTreeWidget *>(QStringLiteral("skippedModels"));
    QVERIFY(skipped);
    QCOMPARE(skipped->topLevelItemCount(), 1);
    QVERIFY2(skipped->topLevelItem(0)->text(1).contains(QLatin1String("generative model (llama)")),
             qPrintable(skipped->topLevelItem(0)->text(1)));
    const QString llama = test::dataPath(QStringLiteral("sft/model"));
    QVERIFY(!page->useModelFolder(llama));
    QCOMPARE(page->message()->kind(), PageMessage::Kind::Error);
    QVERIFY2(page->message()->text().contains(QLatin1String("generative model (llama)")), qPrintable(page->message()->text()));

    // Instruction tuning: the decoders (GGUF files and folders), and the encoder is skipped.
    QSignalSpy taskChanged(page, &ModelPage::taskChanged);
    page->findChild<QRadioButton *>(QStringLiteral("task_sft"))->click();
    QCOMPARE(taskChanged.count(), 1);
    QCOMPARE(page->task(), QStringLiteral("sft"));
    QCOMPARE(architectures(), QStringList{QStringLiteral("llama")});
    QVERIFY(page->selectModel(QStringLiteral("/models/chat.gguf")));
    QVERIFY2(skipped->topLevelItem(0)->text(1).contains(QLatin1String("an encoder (bert)")), qPrintable(skipped->topLevelItem(0)->text(1)));
    QVERIFY(page->useModelFolder(llama));
    QVERIFY(page->isComplete());
    QCOMPARE(architectures().size(), 2);
    const QString bert = test::dataPath(QStringLiteral("models/bert/base"));
    QVERIFY(!page->useModelFolder(bert));
    QVERIFY2(page->message()->text().contains(QLatin1String("an encoder (bert)")), qPrintable(page->message()->text()));
    TrainingConfig c = wizard.config();
    QCOMPARE(c.task, std::string("sft"));
    QCOMPARE(QFileInfo(QString::fromStdString(c.model)).canonicalFilePath(), QFileInfo(llama).canonicalFilePath());
    QCOMPARE(c.metricForBestModel, std::string("loss")); // the task's metric
    QVERIFY(!c.greaterIsBetter);
    QVERIFY(c.lora.enabled); // the preset, fitted to a language model
    // The other pages follow the task: the language-model options shown, the classifier's hidden.
    HyperparametersPage *hp = wizard.hyperparametersPage();
    QVERIFY(hp->editor("class_weights")->isHidden());
    QVERIFY(!hp->editor("packing")->isHidden());
    QVERIFY(!hp->editor("lora.r")->isHidden());
    auto *metric = qobject_cast<QComboBox *>(hp->editor("metric_for_best_model"));
    QVERIFY(metric->findData(QStringLiteral("accuracy")) < 0);
    QVERIFY(metric->findData(QStringLiteral("perplexity")) >= 0);
    QVERIFY(!hp->editor("chat_template")); // on the data page
    // Back to classification: encoders again, the classifier's options and metrics.
    page->setTask(QStringLiteral("classification"));
    QVERIFY2(architectures().contains(QLatin1String("bert")) && !architectures().contains(QLatin1String("llama")),
             qPrintable(architectures().join(QLatin1Char(','))));
    QVERIFY(!hp->editor("class_weights")->isHidden());
    QVERIFY(hp->editor("packing")->isHidden());
    QVERIFY(metric->findData(QStringLiteral("accuracy")) >= 0);
    QCOMPARE(wizard.config().task, std::string("classification"));
    QVERIFY(!wizard.config().lora.enabled);
}

void tst_NewRunWizard::lmDataPagePreviewsConversations()
{
    NewRunWizard wizard;
    waitForModels(wizard);
    wizard.modelPage()->setTask(QStringLiteral("sft"));
    QVERIFY(wizard.modelPage()->useModelFolder(test::dataPath(QStringLiteral("sft/model"))));
    DataPage *page = wizard.dataPage();
    QVERIFY2(page->message()->text().contains(QLatin1String("Alpaca")), qPrintable(page->message()->text()));
    page->setFile(test::dataPath(QStringLiteral("sft/train.json")));
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 20000);
    QVERIFY2(page->isComplete(), qPrintable(page->message()->text()));
    QCOMPARE(page->message()->kind(), PageMessage::Kind::None);
    const LmDataResult &lm = page->lmResult();
    QCOMPARE(lm.files->data.size(), std::size_t(24));
    QCOMPARE(lm.lengths.size(), std::size_t(24));
    QVERIFY2(lm.templateOrigin.contains(QLatin1String("tokenizer_config.json")), qPrintable(lm.templateOrigin));
    // One unlabelled row per sample for the split page.
    QCOMPARE(page->dataset()->rows.size(), std::size_t(24));
    QVERIFY(!page->dataset()->hasLabels());
    // The samples listed by their question; the first shown as the template renders it, the
    // answer (the learned tokens) highlighted and the question not.
    QCOMPARE(page->sampleList()->count(), 24);
    QVERIFY2(page->sampleList()->item(0)->text().contains(QLatin1String("capital of Greece")), qPrintable(page->sampleList()->item(0)->text()));
    const QString html = page->conversationView()->toHtml();
    const QString plain = page->conversationView()->toPlainText();
    QVERIFY2(plain.contains(QLatin1String("What is the capital of Greece?")) && plain.contains(QLatin1String("Answer briefly.")), qPrintable(plain));
    // The highlighted runs, as the view holds them: the answer is in one, the question in none.
    QStringList highlighted;
    for (QTextBlock block = page->conversationView()->document()->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().background().style() != Qt::NoBrush)
                highlighted << it.fragment().text();
    const QString learned = highlighted.join(QString());
    QVERIFY2(learned.contains(QLatin1String("The capital of Greece is Athens.")), qPrintable(learned + QStringLiteral(" | ") + html));
    QVERIFY2(!learned.contains(QLatin1String("What is the capital")), qPrintable(learned));
    QVERIFY2(!learned.contains(QLatin1String("Answer briefly")), qPrintable(learned));
    // Another sample on request.
    page->sampleList()->setCurrentRow(1);
    QVERIFY(page->conversationView()->toPlainText().contains(QLatin1String("capital of Peru")));
    // The report: token lengths under the template and the share cut at the max length.
    const QString report = page->lmReportLabel()->text();
    QVERIFY2(report.contains(QLatin1String("under the chat template")), qPrintable(report));
    page->setMaxLength(8);
    QVERIFY2(page->lmReportLabel()->text().contains(QLatin1String("(24) are cut")), qPrintable(page->lmReportLabel()->text()));
    QCOMPARE(lmTruncation(lm, 8).cut, std::size_t(24));
    QCOMPARE(lmTruncation(lm, 100000).cut, std::size_t(0));
    QVERIFY(page->conversationView()->toHtml().contains(QLatin1String("line-through")));
    // The config: the data file, the model's own template.
    TrainingConfig c = wizard.config();
    QCOMPARE(c.task, std::string("sft"));
    QCOMPARE(QString::fromStdString(c.data.file), QDir::cleanPath(test::dataPath(QStringLiteral("sft/train.json"))));
    QVERIFY(c.chatTemplate.empty());
}

void tst_NewRunWizard::lmDataPageErrors_data()
{
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("no output field")
        << QStringLiteral("sft") << QStringLiteral("nooutput.jsonl")
        << QByteArray("{\"instruction\": \"hi\", \"output\": \"hello\"}\n{\"instruction\": \"bye\", \"answer\": \"ciao\"}\n")
        << QStringList{QStringLiteral("nooutput.jsonl"), QStringLiteral("line 2"), QStringLiteral("\"output\"")};
    QTest::newRow("no assistant turn")
        << QStringLiteral("sft") << QStringLiteral("noassistant.json")
        << QByteArray("[{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}]")
        << QStringList{QStringLiteral("noassistant.json"), QStringLiteral("record 1"), QStringLiteral("no assistant turn")};
    QTest::newRow("empty output")
        << QStringLiteral("sft") << QStringLiteral("emptyoutput.json")
        << QByteArray("[{\"instruction\": \"hi\", \"output\": \"\"}]")
        << QStringList{QStringLiteral("emptyoutput.json"), QStringLiteral("\"output\" is empty")};
    QTest::newRow("plain text to instruction-tune")
        << QStringLiteral("sft") << QStringLiteral("notes.txt") << QByteArray("one line\nanother line\n")
        << QStringList{QStringLiteral("notes.txt"), QStringLiteral("pretrain")};
    QTest::newRow("broken json")
        << QStringLiteral("pretrain") << QStringLiteral("broken.jsonl") << QByteArray("{\"text\": \"fine\"}\n{\"text\": \n")
        << QStringList{QStringLiteral("broken.jsonl:2"), QStringLiteral("not valid JSON")};
}

void tst_NewRunWizard::lmDataPageErrors()
{
    QFETCH(QString, task);
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, mentions);
    NewRunWizard wizard;
    waitForModels(wizard);
    wizard.modelPage()->setTask(task);
    QVERIFY(wizard.modelPage()->useModelFolder(test::dataPath(QStringLiteral("sft/model"))));
    DataPage *page = wizard.dataPage();
    page->setFile(writeFile(file, content));
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 20000);
    QVERIFY(!page->isComplete());
    QVERIFY(!page->validatePage());
    QCOMPARE(page->message()->kind(), PageMessage::Kind::Error);
    for (const QString &m : mentions)
        QVERIFY2(page->message()->text().contains(m), qPrintable(m + QStringLiteral(" not in: ") + page->message()->text()));
}

void tst_NewRunWizard::lmDataPageChoosesATemplate()
{
    // The tiny Llama without the chat template in its tokenizer_config.json.
    QTemporaryDir copy;
    const QString source = test::dataPath(QStringLiteral("sft/model"));
    for (const QString &name : QDir(source).entryList(QDir::Files))
        QVERIFY(QFile::copy(QDir(source).filePath(name), copy.filePath(name)));
    {
        QFile config(copy.filePath(QStringLiteral("tokenizer_config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        nlohmann::json j = nlohmann::json::parse(config.readAll().toStdString());
        j.erase("chat_template");
        config.close();
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QByteArray::fromStdString(j.dump(1)));
    }
    NewRunWizard wizard;
    waitForModels(wizard);
    wizard.modelPage()->setTask(QStringLiteral("sft"));
    QVERIFY(wizard.modelPage()->useModelFolder(copy.path()));
    DataPage *page = wizard.dataPage();
    page->setFile(test::dataPath(QStringLiteral("sft/train.json")));
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 20000);
    QVERIFY(!page->isComplete());
    QVERIFY(page->lmResult().templateMissing);
    QCOMPARE(page->message()->kind(), PageMessage::Kind::Error);
    QVERIFY2(page->message()->text().contains(QLatin1String("no chat template")), qPrintable(page->message()->text()));
    // The built-in templates are offered; ChatML renders the conversations.
    QComboBox *templates = page->templateCombo();
    const int chatml = templates->findData(QStringLiteral("chatml"));
    QVERIFY(chatml > 0);
    QVERIFY(templates->findData(QStringLiteral("llama3")) > 0);
    templates->setCurrentIndex(chatml);
    Q_EMIT templates->activated(chatml);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 20000);
    QVERIFY2(page->isComplete(), qPrintable(page->message()->text()));
    QVERIFY(page->conversationView()->toPlainText().contains(QLatin1String("<|im_start|>assistant")));
    QCOMPARE(wizard.config().chatTemplate, std::string("chatml"));
}

void tst_NewRunWizard::lmDataPageReadsPlainText()
{
    NewRunWizard wizard;
    waitForModels(wizard);
    wizard.modelPage()->setTask(QStringLiteral("pretrain"));
    QVERIFY(wizard.modelPage()->useModelFolder(test::dataPath(QStringLiteral("sft/model"))));
    DataPage *page = wizard.dataPage();
    page->setFile(writeFile(QStringLiteral("notes.txt"), "Athens is the capital of Greece.\n\nLima is the capital of Peru.\nOslo is the capital of Norway.\n"));
    QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 20000);
    QVERIFY2(page->isComplete(), qPrintable(page->message()->text()));
    QCOMPARE(page->sampleList()->count(), 3); // the blank line is no sample
    QVERIFY(page->templateCombo()->isHidden()); // plain text needs no chat template
    QVERIFY2(page->lmReportLabel()->text().contains(QLatin1String("Tokens per sample")), qPrintable(page->lmReportLabel()->text()));
    // Continued pre-training learns every token: the whole text is highlighted.
    QString learned;
    for (QTextBlock block = page->conversationView()->document()->begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().background().style() != Qt::NoBrush)
                learned += it.fragment().text();
    QCOMPARE(learned, QStringLiteral("Athens is the capital of Greece."));
    QCOMPARE(wizard.config().task, std::string("pretrain"));
    QVERIFY(wizard.hyperparametersPage()->editor("train_on")->isHidden()); // instruction tuning only
    QVERIFY(!wizard.hyperparametersPage()->editor("packing")->isHidden());
}

void tst_NewRunWizard::sftRunTrainsThroughTrainingJob()
{
    NewRunWizard wizard;
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    waitForModels(wizard);
    wizard.modelPage()->findChild<QRadioButton *>(QStringLiteral("task_sft"))->click();
    QVERIFY(wizard.modelPage()->useModelFolder(test::dataPath(QStringLiteral("sft/model"))));
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::DataPageId));
    wizard.dataPage()->setFile(test::dataPath(QStringLiteral("sft/train.json")));
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled(), 20000);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::SplitPageId));
    SplitPage *split = wizard.splitPage();
    QVERIFY(!split->findChild<QCheckBox *>(QStringLiteral("stratifyCheck"))->isVisibleTo(split)); // no labels
    split->setRatios(75, 25, 0);
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled() && split->isComplete(), 20000);
    QCOMPARE(split->splits().train.size(), std::size_t(18));
    QCOMPARE(split->splits().validation.size(), std::size_t(6));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::HyperparametersPageId));
    HyperparametersPage *hp = wizard.hyperparametersPage();
    // The tiny model reads 256 positions: the max length follows it.
    QVERIFY(hp->maxLengthSpin()->value() <= 256);
    QTRY_VERIFY_WITH_TIMEOUT(!hp->isCountingTokens() && hp->truncatedShare(256) >= 0, 20000);
    QVERIFY2(hp->truncationLabel()->text().contains(QLatin1String("chat template")), qPrintable(hp->truncationLabel()->text()));
    qobject_cast<QSpinBox *>(hp->editor("max_steps"))->setValue(4);
    qobject_cast<QSpinBox *>(hp->editor("per_device_train_batch_size"))->setValue(4);
    qobject_cast<QSpinBox *>(hp->editor("gradient_accumulation_steps"))->setValue(1);
    qobject_cast<QDoubleSpinBox *>(hp->editor("learning_rate"))->setValue(1e-2);
    auto *strategy = qobject_cast<QComboBox *>(hp->editor("eval_strategy"));
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("steps")));
    qobject_cast<QSpinBox *>(hp->editor("eval_steps"))->setValue(2);
    qobject_cast<QSpinBox *>(hp->editor("sample_prompts"))->setValue(1);
    qobject_cast<QSpinBox *>(hp->editor("max_new_tokens"))->setValue(4);
    qobject_cast<QSpinBox *>(hp->editor("threads"))->setValue(1);
    QVERIFY2(hp->isComplete(), qPrintable(hp->message()->text()));
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::ReviewPageId));
    ReviewPage *review = wizard.reviewPage();
    review->setRunName(QStringLiteral("tiny sft"));
    const QString summary = review->findChild<QLabel *>(QStringLiteral("reviewSummary"))->text();
    QVERIFY2(summary.contains(QLatin1String("instruction-tune")), qPrintable(summary));
    QVERIFY2(summary.contains(QLatin1String("18 training, 6 validation")), qPrintable(summary));
    QVERIFY2(review->commandText().contains(QLatin1String("--task sft")), qPrintable(review->commandText()));
    const RunEstimate estimate = review->estimate(); // a decoder's: the LM head's logits, LoRA's adapters
    QVERIFY(estimate.logitsBytes > 0 && estimate.logitsBytes < estimate.activationBytes);
    QAbstractButton *finish = wizard.button(QWizard::FinishButton);
    QVERIFY(finish->isEnabled());
    QTest::mouseClick(finish, Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));

    const TrainingConfig config = wizard.config();
    QVERIFY2(config.validate().ok(), config.validate().ok() ? "" : config.validate().error().message.c_str());
    QCOMPARE(config.task, std::string("sft"));
    QVERIFY(config.lora.enabled);
    const QString folder = wizard.runFolder();
    TrainingJob job;
    QSignalSpy finished(&job, &TrainingJob::finished);
    QSignalSpy failed(&job, &TrainingJob::failed);
    QVERIFY(job.start(config, folder));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 180000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().at(1).toString()));

    // A normal run folder: the config, the split, loss and perplexity, sample answers, the model.
    const std::filesystem::path run = folder.toStdString();
    std::ifstream configFile(run / "config.json");
    const nlohmann::json written = nlohmann::json::parse(configFile);
    QCOMPARE(written.at("task").get<std::string>(), std::string("sft"));
    QVERIFY(std::filesystem::is_regular_file(run / "split.json"));
    std::ifstream logFile(run / "log.txt");
    const std::string log((std::istreambuf_iterator<char>(logFile)), std::istreambuf_iterator<char>());
    QVERIFY2(log.find("trainable parameters: " + std::to_string(estimate.trainableParameters) + "\n") != std::string::npos, log.c_str());
    int steps = 0, evals = 0, samples = 0;
    std::ifstream metrics(run / "metrics.jsonl");
    for (std::string line; std::getline(metrics, line);) {
        const nlohmann::json r = nlohmann::json::parse(line);
        const std::string kind = r.at("kind").get<std::string>();
        steps += kind == "step";
        samples += kind == "samples";
        if (kind == "eval") {
            ++evals;
            QVERIFY(r.at("perplexity").get<double>() > 1);
        }
    }
    QVERIFY(steps >= 1);
    QCOMPARE(evals, 2);
    QCOMPARE(samples, 2);
    QVERIFY(std::filesystem::is_regular_file(run / "summary.json"));
    for (const char *f : {"config.json", "model.safetensors", "tokenizer.json", "chat_template.jinja"})
        QVERIFY2(std::filesystem::is_regular_file(run / "model" / f), f);
}

void tst_NewRunWizard::modelPageRejectsFolderWithoutConfig()
{
    NewRunWizard wizard;
    waitForModels(wizard);
    QTemporaryDir empty;
    QVERIFY(!wizard.modelPage()->useModelFolder(empty.path()));
    const PageMessage *message = wizard.modelPage()->message();
    QCOMPARE(message->kind(), PageMessage::Kind::Error);
    QVERIFY2(message->text().contains(QLatin1String("config.json")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(empty.path()), qPrintable(message->text()));
    // The folder of the default model itself is accepted when browsed to.
    const auto model = findModel(kDefaultModelName);
    QVERIFY(wizard.modelPage()->useModelFolder(QString::fromStdString(model->path.string())));
    QVERIFY(wizard.modelPage()->isComplete());
    QCOMPARE(message->kind(), PageMessage::Kind::None);
}

void tst_NewRunWizard::dataPageErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unterminated quote")
        << QStringLiteral("broken.csv") << QByteArray("text,label\nfine,a\n\"never closed,b\nmore,a\n")
        << QStringList{QStringLiteral("broken.csv"), QStringLiteral("line 3"), QStringLiteral("quote")};
    QTest::newRow("no label column")
        << QStringLiteral("nolabel.csv") << QByteArray("text,comment_id\nhello,1\nworld,2\n")
        << QStringList{QStringLiteral("nolabel.csv"), QStringLiteral("label")};
    QTest::newRow("one class")
        << QStringLiteral("oneclass.csv") << QByteArray("text,label\na,x\nb,x\nc,x\n")
        << QStringList{QStringLiteral("one class")};
    QTest::newRow("bad utf-8")
        << QStringLiteral("latin.csv") << QByteArray("text,label\ncaf\xe9 ok,a\nfine,b\n")
        << QStringList{QStringLiteral("latin.csv"), QStringLiteral("line 2")};
    QTest::newRow("binary file")
        << QStringLiteral("book.csv") << QByteArray("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa5\x9c\x8e\xd3[Content_Types].xml", 37)
        << QStringList{QStringLiteral("book.csv"), QStringLiteral("not a text file")};
    QTest::newRow("missing file")
        << QStringLiteral("") << QByteArray() << QStringList{QStringLiteral("no such file")};
}

void tst_NewRunWizard::dataPageErrors()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, mentions);
    const QString path = file.isEmpty() ? m_dir.filePath(QStringLiteral("absent.csv")) : writeFile(file, content);
    NewRunWizard wizard;
    DataPage *page = wizard.dataPage();
    QVERIFY(!page->isComplete());
    QVERIFY2(page->message()->text().contains(QLatin1String("Choose a data file")), qPrintable(page->message()->text()));
    page->setFile(path);
    QTRY_VERIFY(!page->isLoading());
    QTest::qWait(10);
    QVERIFY(!page->isComplete());
    QVERIFY(!page->validatePage());
    QCOMPARE(page->message()->kind(), PageMessage::Kind::Error);
    for (const QString &m : mentions)
        QVERIFY2(page->message()->text().contains(m, Qt::CaseInsensitive),
                 qPrintable(m + QStringLiteral(" not in: ") + page->message()->text()));
}

void tst_NewRunWizard::dataPageReadsLabelsAndWarnings()
{
    NewRunWizard wizard;
    DataPage *page = wizard.dataPage();
    page->setFile(smsSpam());
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 20000);
    QCOMPARE(page->textColumn(), QStringLiteral("text"));
    QCOMPARE(page->labelColumn(), QStringLiteral("label"));
    QVERIFY(page->text2Column().isEmpty());
    QCOMPARE(page->dataset()->rows.size(), std::size_t(5574));
    // Labels with counts: ham 4,827, spam 747.
    QTableWidget *labels = page->labelTable();
    QCOMPARE(labels->rowCount(), 2);
    QCOMPARE(labels->item(0, 0)->text(), QStringLiteral("ham"));
    QCOMPARE(labels->item(0, 1)->text().remove(QLatin1Char(',')), QStringLiteral("4827"));
    QCOMPARE(labels->item(1, 1)->text().remove(QLatin1Char(',')), QStringLiteral("747"));
    QVERIFY(page->previewTable()->model()->rowCount() > 10);
    // The report's findings in words: duplicates and imbalance.
    QVERIFY(page->warnings()->isVisibleTo(page));
    const QString warnings = page->warnings()->text();
    QVERIFY2(warnings.contains(QLatin1String("duplicates")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QLatin1String("Imbalanced")) && warnings.contains(QLatin1String("spam")), qPrintable(warnings));
    QCOMPARE(page->message()->kind(), PageMessage::Kind::None);
}

void tst_NewRunWizard::dataPageBoundsWarningsAndResetsEncoding()
{
    // 60 classes of one row each (and two big ones): one sentence, not 60.
    QByteArray csv("text,label\n");
    for (int i = 0; i < 40; ++i)
        csv += "common text " + QByteArray::number(i) + ",big\n" + "other text " + QByteArray::number(i) + ",large\n";
    for (int i = 0; i < 60; ++i)
        csv += "rare text " + QByteArray::number(i) + ",rare" + QByteArray::number(i) + "\n";
    const QString many = writeFile(QStringLiteral("many-classes.csv"), csv);
    NewRunWizard wizard;
    wizard.resize(wizard.minimumSize());
    wizard.show();
    waitForModels(wizard);
    wizard.next(); // the data page, laid out at the wizard's minimum size
    DataPage *page = wizard.dataPage();
    page->setFile(many);
    QTRY_VERIFY(!page->isLoading());
    page->setEncoding(QStringLiteral("latin-1"));
    QTRY_VERIFY(!page->isLoading());
    QVERIFY(page->dataset());
    const QString warnings = page->warnings()->text();
    QVERIFY2(warnings.contains(QLatin1String("60 classes have fewer than 10 rows")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QLatin1String("and 55 more")), qPrintable(warnings));
    QVERIFY2(warnings.count(QLatin1String("rare")) <= 6, qPrintable(warnings)); // five named (and the imbalance one)
    // The preview keeps its room on the page.
    QTest::qWait(50); // the layout after the warnings changed
    QVERIFY2(page->previewTable()->height() > 80, qPrintable(QString::number(page->previewTable()->height())));
    // The next file is read with detection again, not with the previous file's encoding.
    QCOMPARE(page->encoding(), QStringLiteral("latin-1"));
    page->setFile(writeFile(QStringLiteral("utf8.csv"), QByteArray("text,label\n\xe4\xbd\xa0\xe5\xa5\xbd,a\nhi,b\n")));
    QCOMPARE(page->encoding(), QStringLiteral("auto"));
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(QString::fromStdString(page->dataset()->rows[0].text), QString::fromUtf8("\xe4\xbd\xa0\xe5\xa5\xbd"));
}

void tst_NewRunWizard::dataPageRemovesDuplicates()
{
    const QString file = writeFile(QStringLiteral("dups.csv"),
                                   QByteArray("id,text,label\n1,free prize now,spam\n2,see you at 5,ham\n3,free prize now,spam\n"
                                              "4,\"lunch, then?\",ham\n5,see you at 5,spam\n6,ok,ham\n"));
    NewRunWizard wizard;
    DataPage *page = wizard.dataPage();
    page->setFile(file);
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(page->report().duplicateRows, std::size_t(2));
    QVERIFY(page->removeDuplicatesButton()->isVisibleTo(page));
    QVERIFY(!page->removeDuplicates(file)); // never over the original
    const QString out = m_dir.filePath(QStringLiteral("dups-deduplicated.csv"));
    QVERIFY(page->removeDuplicates(out));
    QCOMPARE(page->file(), out);
    QTRY_VERIFY(!page->isLoading());
    QCOMPARE(page->dataset()->rows.size(), std::size_t(4));
    QCOMPARE(page->report().duplicateRows, std::size_t(0));
    QVERIFY(!page->removeDuplicatesButton()->isVisibleTo(page));
    QFile written(out);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("text,label\nfree prize now,spam\nsee you at 5,ham\n\"lunch, then?\",ham\nok,ham\n"));
}

void tst_NewRunWizard::dataPageColumnMapping()
{
    const QString path = writeFile(QStringLiteral("custom.csv"),
                                   "id,body,verdict\n1,good film,pos\n2,bad film,neg\n3,great,pos\n4,awful,neg\n"
                                   "5,fine,pos\n6,boring,neg\n7,lovely,pos\n8,dull,neg\n");
    NewRunWizard wizard;
    DataPage *page = wizard.dataPage();
    page->setFile(path);
    QTRY_VERIFY(!page->isLoading());
    // Neither column name is one Hone recognises: the page says which is missing.
    QVERIFY(!page->isComplete());
    QVERIFY2(page->message()->text().contains(QLatin1String("text")), qPrintable(page->message()->text()));
    page->setColumns(QStringLiteral("body"), QString(), QStringLiteral("nonexistent"));
    QTRY_VERIFY(!page->isLoading());
    QVERIFY(!page->isComplete());
    QVERIFY2(page->message()->text().contains(QLatin1String("nonexistent")), qPrintable(page->message()->text()));
    page->setColumns(QStringLiteral("body"), QString(), QStringLiteral("verdict"));
    QTRY_VERIFY(page->isComplete());
    QCOMPARE(page->labelTable()->rowCount(), 2);
    auto *label = page->findChild<QComboBox *>(QStringLiteral("labelColumnCombo"));
    QCOMPARE(label->currentText(), QStringLiteral("verdict"));
    TrainingConfig c;
    page->applyTo(c);
    QCOMPARE(QString::fromStdString(c.data.textColumn), QStringLiteral("body"));
    QCOMPARE(QString::fromStdString(c.data.labelColumn), QStringLiteral("verdict"));
    QVERIFY(c.data.textPairColumn.empty());
}

void tst_NewRunWizard::splitPageKeepsSumAt100()
{
    NewRunWizard wizard;
    SplitPage *page = wizard.splitPage();
    page->trainSpin()->setValue(70);
    QCOMPARE(page->validationPercent(), 10);
    QCOMPARE(page->testPercent(), 20);
    page->validationSpin()->setValue(15);
    QCOMPARE(page->testPercent(), 15);
    page->testSpin()->setValue(5);
    QCOMPARE(page->validationPercent(), 25);
    QCOMPARE(page->trainPercent() + page->validationPercent() + page->testPercent(), 100);
}

void tst_NewRunWizard::splitPageRejectsBadRatios()
{
    NewRunWizard wizard;
    wizard.show();
    waitForModels(wizard);
    wizard.next();
    wizard.dataPage()->setFile(smsSpam());
    QTRY_VERIFY_WITH_TIMEOUT(wizard.dataPage()->isComplete(), 20000);
    wizard.next();
    SplitPage *page = wizard.splitPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 20000);
    // 90 + 20: test cannot go below 0, so the sum is 110.
    page->trainSpin()->setValue(90);
    page->validationSpin()->setValue(20);
    QCOMPARE(page->testPercent(), 0);
    QVERIFY(!page->isComplete());
    QVERIFY(!page->validatePage());
    QCOMPARE(page->message()->kind(), PageMessage::Kind::Error);
    QVERIFY2(page->message()->text().contains(QLatin1String("110%")), qPrintable(page->message()->text()));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    // Fixed: the counts per class and split add up to the rows.
    page->setRatios(70, 15, 15);
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 20000);
    QTableWidget *counts = page->countsTable();
    QCOMPARE(counts->rowCount(), 3); // ham, spam, total
    const auto number = [counts](int r, int c) { return counts->item(r, c)->text().remove(QLatin1Char(',')).toInt(); };
    QCOMPARE(number(2, 1) + number(2, 2) + number(2, 3), 5574);
    QCOMPARE(number(0, 1) + number(1, 1), number(2, 1));
    QVERIFY(qAbs(number(2, 1) - 0.7 * 5574) <= 1);
    QVERIFY(number(1, 3) > 0); // stratified: spam in the test split
    QCOMPARE(page->splits().train.size(), std::size_t(number(2, 1)));
    // A class too small to stratify into three splits is refused in words.
    const QString tiny = writeFile(QStringLiteral("tiny.csv"), "text,label\na,x\nb,x\nc,x\nd,x\ne,y\n");
    wizard.back();
    wizard.dataPage()->setFile(tiny);
    QTRY_VERIFY(wizard.dataPage()->isComplete());
    wizard.next();
    QTRY_VERIFY(!page->isBusy());
    QVERIFY(!page->isComplete());
    QVERIFY2(page->message()->text().contains(QLatin1String("y")), qPrintable(page->message()->text()));
}

void tst_NewRunWizard::splitPageSeparateFiles()
{
    const QString train = writeFile(QStringLiteral("train.csv"), "text,label\na,x\nb,y\nc,x\nd,y\ne,x\nf,y\ng,x\nh,y\ni,x\nj,y\n");
    const QString test = writeFile(QStringLiteral("test.csv"), "text,label\nk,x\nl,y\na,x\n");
    NewRunWizard wizard;
    wizard.show();
    waitForModels(wizard);
    wizard.next();
    wizard.dataPage()->setFile(train);
    QTRY_VERIFY(wizard.dataPage()->isComplete());
    wizard.next();
    SplitPage *page = wizard.splitPage();
    page->setSeparateFiles(true);
    page->setTestFile(test);
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 20000);
    QCOMPARE(page->splits().test.size(), std::size_t(3));
    QCOMPARE(page->splits().train.size() + page->splits().validation.size(), std::size_t(10));
    // "a" is in the training file and the test file: leakage is flagged.
    const auto warnings = page->findChildren<PageMessage *>();
    bool leak = false;
    for (PageMessage *w : warnings)
        leak = leak || w->text().contains(QLatin1String("Leakage"));
    QVERIFY(leak);
    TrainingConfig c = wizard.config();
    QCOMPARE(QString::fromStdString(c.data.train), train);
    QVERIFY(c.data.file.empty());
    QCOMPARE(QString::fromStdString(c.data.test), test);
    QVERIFY(c.data.validation.empty());
    // The fix: a copy of the test file without "a", used from now on.
    QVERIFY(page->dropLeakedButton()->isVisibleTo(page));
    QVERIFY(page->dropLeakedRows());
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 20000);
    const QString fixed = m_dir.filePath(QStringLiteral("test-without-leaks.csv"));
    QCOMPARE(QString::fromStdString(wizard.config().data.test), fixed);
    QCOMPARE(page->splits().test.size(), std::size_t(2));
    for (const auto &o : page->report().leakage)
        QCOMPARE(o.texts, std::size_t(0));
    QVERIFY(!page->dropLeakedButton()->isVisibleTo(page));
    QFile written(fixed);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("text,label\nk,x\nl,y\n"));
}

void tst_NewRunWizard::hyperparameterPresetsAndValidation()
{
    NewRunWizard wizard;
    HyperparametersPage *page = wizard.hyperparametersPage();
    QCOMPARE(page->presetCombo()->currentIndex(), 1); // Balanced by default
    page->applyPreset(TrainingPreset::Quick);
    TrainingConfig c = wizard.config();
    const TrainingConfig quick = applyPreset(TrainingConfig{}, TrainingPreset::Quick);
    QCOMPARE(c.numTrainEpochs, quick.numTrainEpochs);
    QCOMPARE(c.perDeviceTrainBatchSize, quick.perDeviceTrainBatchSize);
    QCOMPARE(c.maxLength, quick.maxLength);
    QCOMPARE(c.evalStrategy, quick.evalStrategy);
    QCOMPARE(page->presetCombo()->currentIndex(), 0);
    // Editing a field turns the preset into Custom.
    page->findChild<QDoubleSpinBox *>(QStringLiteral("num_train_epochs"))->setValue(2);
    QCOMPARE(page->presetCombo()->currentIndex(), 3);
    QCOMPARE(wizard.config().numTrainEpochs, 2.0);
    page->applyPreset(TrainingPreset::Thorough);
    QCOMPARE(wizard.config().metricForBestModel, std::string("macro_f1"));
    QCOMPARE(wizard.config().earlyStoppingPatience, 2);
    // Early stopping without evaluation is refused in words.
    const auto strategy = page->findChildren<QComboBox *>();
    QComboBox *eval = nullptr;
    for (QComboBox *combo : strategy)
        if (combo->findData(QStringLiteral("steps")) >= 0)
            eval = combo;
    QVERIFY(eval);
    eval->setCurrentIndex(eval->findData(QStringLiteral("no")));
    QVERIFY(!page->isComplete());
    QVERIFY(!page->validatePage());
    QVERIFY2(page->message()->text().contains(QLatin1String("Early stopping")), qPrintable(page->message()->text()));
    eval->setCurrentIndex(eval->findData(QStringLiteral("epoch")));
    QVERIFY(page->isComplete());
    QCOMPARE(page->message()->kind(), PageMessage::Kind::None);
    // Every field has a tooltip naming its Hugging Face key.
    QVERIFY(page->maxLengthSpin()->toolTip().contains(QLatin1String("max_length")));
    QVERIFY(page->findChild<QDoubleSpinBox *>(QStringLiteral("learning_rate"))->toolTip().contains(QLatin1String("learning_rate")));
}

void tst_NewRunWizard::clickThroughProducesConfig()
{
    NewRunWizard wizard;
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    waitForModels(wizard);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::DataPageId));
    QVERIFY(!next->isEnabled()); // no file yet
    wizard.dataPage()->setFile(smsSpam());
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled(), 20000);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::SplitPageId));
    wizard.splitPage()->setRatios(70, 15, 15);
    wizard.splitPage()->setSeed(7);
    wizard.splitPage()->setStratify(true);
    QTRY_VERIFY_WITH_TIMEOUT(next->isEnabled() && wizard.splitPage()->isComplete(), 20000);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::HyperparametersPageId));
    HyperparametersPage *hp = wizard.hyperparametersPage();
    hp->applyPreset(TrainingPreset::Quick);
    hp->findChild<QSpinBox *>(QStringLiteral("per_device_train_batch_size"))->setValue(8);
    hp->findChild<QDoubleSpinBox *>(QStringLiteral("learning_rate"))->setValue(3e-5);
    hp->maxLengthSpin()->setValue(32);
    // The share of texts max_length cuts, counted with the model's tokenizer.
    QTRY_VERIFY_WITH_TIMEOUT(!hp->isCountingTokens() && hp->truncatedShare(32) >= 0, 30000);
    const double cut32 = hp->truncatedShare(32);
    QVERIFY2(cut32 > 0.05 && cut32 < 0.6, qPrintable(QString::number(cut32)));
    QVERIFY(hp->truncatedShare(512) < cut32);
    QVERIFY2(hp->truncationLabel()->text().contains(QLatin1String("32 tokens")), qPrintable(hp->truncationLabel()->text()));
    QVERIFY(hp->meanTokens() > 5);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(NewRunWizard::ReviewPageId));
    ReviewPage *review = wizard.reviewPage();
    QVERIFY(!review->runName().isEmpty());
    QVERIFY2(review->runName().contains(QLatin1String("sms_spam")), qPrintable(review->runName()));
    review->setRunName(QStringLiteral("my spam run"));
    QVERIFY(review->plannedRunFolder().startsWith(m_runs.path()));
    QVERIFY(review->plannedRunFolder().endsWith(QLatin1String("-my-spam-run")));
    // The folder named on the page is the one Start creates, however long the user reads it.
    const QString planned = review->plannedRunFolder();
    QVERIFY(review->findChild<QLabel *>(QStringLiteral("runFolderLabel"))->text().contains(QDir::toNativeSeparators(planned)));
    QTest::qWait(1100); // past the second of the time stamp
    QCOMPARE(review->plannedRunFolder(), planned);
    QCOMPARE(wizard.runFolder(), planned);
    // The step list says where one is.
    QVERIFY2(wizard.stepTexts().value(4).contains(QLatin1String("5. Review")), qPrintable(wizard.stepTexts().join(QLatin1Char('|'))));
    QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("wizardStep4"))->font().bold());
    QVERIFY(!wizard.findChild<QLabel *>(QStringLiteral("wizardStep0"))->font().bold());
    const QString command = review->commandText();
    QVERIFY2(command.section(QLatin1Char(' '), 0, 1).endsWith(QLatin1String("hone-cli train")), qPrintable(command));
    QVERIFY(command.contains(QLatin1String("--batch-size 8")));
    QVERIFY(command.contains(QLatin1String("--lr 3e-05")));
    QVERIFY(command.contains(QLatin1String("--split 0.7,0.15,0.15")));
    QVERIFY(command.contains(QLatin1String("--seed 7")));
    const nlohmann::json json = nlohmann::json::parse(review->configText().toStdString());
    QCOMPARE(json["per_device_train_batch_size"].get<int>(), 8);
    QVERIFY(review->estimate().totalBytes > 1e8);
    QVERIFY(review->estimate().seconds > 0);
    auto *estimate = review->findChild<QLabel *>(QStringLiteral("estimateLabel"));
    QVERIFY(estimate->text().contains(QLatin1String("estimate")));
    // Save config… writes a run.json that core reads back to the same config.
    const QString saved = m_dir.filePath(QStringLiteral("run.json"));
    QVERIFY(review->saveConfig(saved));
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto reread = trainingConfigFromJson(nlohmann::json::parse(file.readAll().toStdString()));
    QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message.c_str());

    QAbstractButton *finish = wizard.button(QWizard::FinishButton);
    QVERIFY(finish->isVisible() && finish->isEnabled());
    QCOMPARE(finish->text(), QStringLiteral("Start Training"));
    QTest::mouseClick(finish, Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));

    const TrainingConfig c = wizard.config();
    QVERIFY2(c.validate().ok(), c.validate().ok() ? "" : c.validate().error().message.c_str());
    QCOMPARE(c.name, std::string("my spam run"));
    QCOMPARE(c.model, findModel(kDefaultModelName)->path.string());
    QCOMPARE(QString::fromStdString(c.data.file), smsSpam());
    QVERIFY(c.data.train.empty());
    QCOMPARE(c.data.textColumn, std::string("text"));
    QCOMPARE(c.data.labelColumn, std::string("label"));
    QCOMPARE(c.data.encoding, std::string("auto"));
    QCOMPARE(c.data.split[0], 0.7);
    QCOMPARE(c.data.split[1], 0.15);
    QCOMPARE(c.data.split[2], 0.15);
    QVERIFY(c.data.stratify);
    QCOMPARE(c.seed, std::uint64_t(7));
    QCOMPARE(c.numTrainEpochs, 1.0);
    QCOMPARE(c.perDeviceTrainBatchSize, 8);
    QCOMPARE(c.learningRate, 3e-5);
    QCOMPARE(c.maxLength, 32);
    QCOMPARE(c.evalStrategy, std::string("steps"));
    nlohmann::json fromConfig;
    to_json(fromConfig, c);
    QVERIFY(json == fromConfig);
}

void tst_NewRunWizard::duplicatePrefillsEveryPage()
{
    TrainingConfig original = applyPreset(TrainingConfig{}, TrainingPreset::Thorough);
    original.name = "duplicated";
    original.model = findModel(kDefaultModelName)->path.string();
    original.data.file = smsSpam().toStdString();
    original.data.textColumn = "text";
    original.data.labelColumn = "label";
    original.data.split = {0.6, 0.2, 0.2};
    original.data.stratify = false;
    original.seed = 1234;
    original.optim = "sgd";
    original.momentum = 0.8;
    original.lora.enabled = true;
    original.lora.rank = 4;
    original.bf16 = true;
    original.warmupRatio = 0;
    original.warmupSteps = 20;
    original.classWeights = "balanced";
    original.threads = 2;

    NewRunWizard wizard;
    wizard.setInitialConfig(original);
    waitForModels(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.dataPage()->isComplete(), 20000);
    nlohmann::json expected, actual;
    to_json(expected, original);
    to_json(actual, wizard.config());
    QCOMPARE(QString::fromStdString(actual.dump(1)), QString::fromStdString(expected.dump(1)));
    QCOMPARE(wizard.hyperparametersPage()->presetCombo()->currentIndex(), 3); // Custom
}

void tst_NewRunWizard::cliCommand()
{
    TrainingConfig c;
    c.model = "/m/all-MiniLM-L6-v2";
    c.data.file = "/d/x y.csv";
    c.data.labelColumn = "label";
    QString command = cliTrainCommand(c, QStringLiteral("/runs/r1"), QStringLiteral("/opt/hone/bin/hone-cli"));
    QVERIFY(command.startsWith(QLatin1String("/opt/hone/bin/hone-cli train")));
    QVERIFY(command.contains(QLatin1String("--data '/d/x y.csv'")));
    QVERIFY(command.contains(QLatin1String("--label-column label")));
    QVERIFY(command.contains(QLatin1String("--lr 5e-05")));
    QVERIFY(!command.contains(QLatin1String("--text-column"))); // detected
    QVERIFY(command.contains(QLatin1String("--out /runs/r1")));
    // Settings that once had no flag, or were left out of the copied command, are in it now.
    c.warmupRatio = 0.1;
    c.adamBeta2 = 0.98;
    c.evalStrategy = "steps";
    c.loadBestModelAtEnd = false;
    command = cliTrainCommand(c, QStringLiteral("/runs/r1"), QStringLiteral("/opt/hone/bin/hone-cli"));
    QVERIFY(command.contains(QLatin1String("--warmup-ratio 0.1")));
    QVERIFY(command.contains(QLatin1String("--adam-beta2 0.98")));
    QVERIFY(command.contains(QLatin1String("--eval-strategy steps")));
    QVERIFY(command.contains(QLatin1String("--no-load-best-model-at-end")));
}

void tst_NewRunWizard::estimateIsPlausible()
{
    // all-MiniLM-L6-v2: 22.7M parameters, 6 layers x 384; 4,000 training rows, 3 epochs, batch 16, length 128.
    TrainingConfig c;
    c.bf16 = false; // float32 weights alone, on every CPU
    EstimateInputs in;
    in.parameters = 22713216;
    in.shape.hiddenSize = 384;
    in.shape.numLayers = 6;
    in.shape.numHeads = 12;
    in.shape.intermediateSize = 1536;
    in.shape.maxPositions = 512;
    in.shape.vocabSize = 30522;
    in.trainRows = 4000;
    in.evalRows = 500;
    in.meanTokens = 40;
    in.gemmGflops = 100;
    const RunEstimate e = estimateRun(c, in);
    QCOMPARE(e.stepsPerEpoch, std::int64_t(250));
    QCOMPARE(e.totalSteps, std::int64_t(750));
    QVERIFY(qAbs(e.weightsBytes - 4.0 * 22713216) < 4e6);
    QCOMPARE(e.optimizerBytes, 2 * e.gradientBytes); // AdamW: two moments
    QVERIFY2(e.totalBytes > 0.5e9 && e.totalBytes < 3e9, qPrintable(QString::number(e.totalBytes)));
    QVERIFY2(e.samplesPerSecond > 10 && e.samplesPerSecond < 2000, qPrintable(QString::number(e.samplesPerSecond)));
    // Two processes of batch 16: 32 texts per step, every process holds its own copy of the
    // model, and each step also waits for the gradients' sum.
    TrainingConfig two = c;
    two.launch.nprocPerNode = 2;
    const RunEstimate e2 = estimateRun(two, in);
    QCOMPARE(e2.processes, 2);
    QCOMPARE(e2.stepsPerEpoch, std::int64_t(125));
    QCOMPARE(e2.totalBytes, 2 * e.totalBytes);
    QVERIFY(e2.allReduceSeconds > 0 && e.allReduceSeconds == 0);
    QVERIFY(e2.samplesPerSecond < e.samplesPerSecond && e2.samplesPerSecond > 0.5 * e.samplesPerSecond);
    // Twice the rows, about twice the time; LoRA needs far less optimizer memory.
    in.trainRows = 8000;
    QVERIFY(estimateRun(c, in).seconds > 1.8 * e.seconds);
    c.lora.enabled = true;
    QVERIFY(estimateRun(c, in).optimizerBytes < 0.1 * e.optimizerBytes);
    // An earlier run's measured speed takes precedence.
    in.measuredSamplesPerSecond = 123;
    in.measuredMaxLength = 128;
    QCOMPARE(estimateRun(TrainingConfig{}, in).samplesPerSecond, 123.0);
    QVERIFY(estimateRun(TrainingConfig{}, in).basis == RunEstimate::Basis::MeasuredRun);
}

QTEST_MAIN(tst_NewRunWizard)
#include "tst_newrunwizard.moc"

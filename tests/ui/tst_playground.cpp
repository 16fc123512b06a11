// The playground on a real (tiny) run: the model loads off the GUI thread, a typed text gets a
// label and one probability bar per class, a CSV file becomes a predictions CSV (atomically).
// A language-model run (the tiny Llama instruction-tuned) gets the chat view: answers stream in
// piece by piece from a pool thread, Stop ends one early, and the base model answers beside it.
#include "lmrun.h"
#include "tinyrun.h"

#include "core/data/csvreader.h"
#include "core/models/chatsession.h"
#include "core/util/paths.h"
#include "ui/dashboard/sampleanswerswidget.h"
#include "ui/playground/chatwidget.h"
#include "ui/playground/playgroundwidget.h"
#include "ui/playground/probabilitybarswidget.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QTemporaryDir>
#include <QTest>


using namespace hone::ui;

class tst_Playground : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void predictsTypedText();
    void predictsFile();
    void reportsBadModelFolder();
    void fileColumns();
    void chatsWithLanguageModelRun();
    void stopEndsTheAnswer();
    void baseModelAnswersBeside();
    void modelFolderHasNoBase();

private:
    // The LM run, trained on first use (only the chat tests need it).
    QString lmRun();
    // Loads the run's model into a shown playground's chat view.
    bool loadChat(PlaygroundWidget &playground, const QString &model);
    QTemporaryDir m_tmp;
    QString m_run;
};

QString tst_Playground::lmRun()
{
    return hone::test::tinySftRunOnce(m_tmp.path());
}

bool tst_Playground::loadChat(PlaygroundWidget &playground, const QString &model)
{
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(model);
    if (!playground.isChatModel())
        return false;
    if (!loaded.wait(60000) && loaded.isEmpty())
        return false;
    return loaded.first().at(0).toBool();
}

void tst_Playground::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QString error;
    m_run = hone::test::trainTinyRun(m_tmp.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
}

void tst_Playground::predictsTypedText()
{
    PlaygroundWidget playground;
    playground.show();
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_run);
    QVERIFY(playground.isBusy()); // loading runs on a pool thread
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
    QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(playground.labels(), (QStringList{QStringLiteral("ham"), QStringLiteral("spam")}));

    QSignalSpy predicted(&playground, &PlaygroundWidget::textPredicted);
    playground.setText(QStringLiteral("Are we still meeting for lunch tomorrow?"));
    playground.predictText();
    QTRY_COMPARE_WITH_TIMEOUT(predicted.count(), 1, 30000);
    const QString label = predicted.first().at(0).toString();
    const double p = predicted.first().at(1).toDouble();
    QVERIFY(playground.labels().contains(label));
    QVERIFY(p >= 0.5 && p <= 1.0);
    auto *bars = playground.findChild<ProbabilityBarsWidget *>(QStringLiteral("probabilityBars"));
    QVERIFY(bars);
    QCOMPARE(bars->sortedLabels().size(), 2);
    QCOMPARE(bars->sortedLabels().first(), label); // most probable first
    auto *shown = playground.findChild<QLabel *>(QStringLiteral("predictionLabel"));
    QVERIFY(shown->text().startsWith(label));
}

void tst_Playground::predictsFile()
{
    PlaygroundWidget playground;
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_run);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);

    const QString input = QDir(m_tmp.path()).filePath(QStringLiteral("in.csv"));
    QVERIFY(hone::test::writeSmsSample(input, 20));
    const QString output = QDir(m_tmp.path()).filePath(QStringLiteral("out/predictions.csv"));
    QDir().mkpath(QFileInfo(output).path());
    QSignalSpy done(&playground, &PlaygroundWidget::filePredicted);
    playground.predictFile(input, output, QStringLiteral("text"));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));

    QFile f(output);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    auto table = hone::parseCsv(bytes.toStdString(), {}, "predictions.csv");
    QVERIFY(table);
    QCOMPARE(table->header, (std::vector<std::string>{"text", "label", "p_ham", "p_spam"}));
    QCOMPARE(table->records.size(), std::size_t(20));
    for (const auto &r : table->records) {
        QVERIFY(r.fields[1] == "ham" || r.fields[1] == "spam");
        QVERIFY(std::abs(std::stod(r.fields[2]) + std::stod(r.fields[3]) - 1.0) < 1e-4);
    }
    // No temporary left behind next to the output.
    QCOMPARE(QDir(QFileInfo(output).path()).entryList(QDir::Files), QStringList{QStringLiteral("predictions.csv")});

    // A missing column is an error that names it; the output stays as it was.
    QSignalSpy again(&playground, &PlaygroundWidget::filePredicted);
    playground.predictFile(input, output, QStringLiteral("sms"));
    QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, 30000);
    QVERIFY(!again.first().at(0).toBool());
    QVERIFY2(again.first().at(1).toString().contains(QStringLiteral("'sms'")), qPrintable(again.first().at(1).toString()));
    QVERIFY(f.seek(0));
    QCOMPARE(f.readAll(), bytes);
}

void tst_Playground::reportsBadModelFolder()
{
    PlaygroundWidget playground;
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_tmp.path()); // a folder without a model
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
    QVERIFY(!loaded.first().at(0).toBool());
    QVERIFY(!loaded.first().at(1).toString().isEmpty());
    QVERIFY(playground.labels().isEmpty());
}

void tst_Playground::fileColumns()
{
    const QString csv = QDir(m_tmp.path()).filePath(QStringLiteral("cols.tsv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("id\tsentence\n1\thello\n");
    f.close();
    QString error;
    QCOMPARE(PlaygroundWidget::fileColumns(csv, &error), (QStringList{QStringLiteral("id"), QStringLiteral("sentence")}));
    QVERIFY(PlaygroundWidget::fileColumns(QStringLiteral("notes.txt"), &error).isEmpty());
}

void tst_Playground::chatsWithLanguageModelRun()
{
    const QString run = lmRun();
    QVERIFY(!run.isEmpty());
    QString base;
    QVERIFY(PlaygroundWidget::isLanguageModel(run, &base));
    QCOMPARE(base, hone::test::dataPath(QStringLiteral("sft/model")));
    QVERIFY(!PlaygroundWidget::isLanguageModel(m_run));

    PlaygroundWidget playground;
    playground.resize(900, 700);
    playground.show();
    QVERIFY(loadChat(playground, run));
    ChatWidget *chat = playground.chat();
    QVERIFY(chat->isVisible());
    QVERIFY(!playground.findChild<QWidget *>(QStringLiteral("fileBox"))->isVisible()); // the classifier page is hidden
    QVERIFY(chat->usesChatTemplate()); // the run's model folder has the template training used
    // The weights row round-trips; this test then generates with f32, the exact default.
    hone::GenerationOptions packed;
    packed.weights = hone::WeightFormat::Q8_0;
    chat->setGenerationOptions(packed);
    QCOMPARE(chat->findChild<QComboBox *>(QStringLiteral("decodingWeights"))->currentIndex(), 2);
    QCOMPARE(chat->generationOptions().weights, hone::WeightFormat::Q8_0);
    hone::GenerationOptions options;
    options.maxNewTokens = 24;
    chat->setGenerationOptions(options);
    QCOMPARE(chat->generationOptions().weights, hone::WeightFormat::F32);

    // Each piece arrives while the model still generates, and the answer grows with it.
    QList<int> lengths;
    bool generatingAtPiece = true;
    connect(chat, &ChatWidget::pieceReceived, this, [&](bool base, const QString &) {
        QVERIFY(!base);
        lengths << int(chat->turns().last().answer.size());
        generatingAtPiece = generatingAtPiece && chat->isGenerating();
    });
    QSignalSpy finished(chat, &ChatWidget::answerFinished);
    chat->setMessage(QStringLiteral("What is the capital of Peru?"));
    chat->send();
    QVERIFY(chat->isGenerating());
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY2(lengths.size() >= 2, qPrintable(QString::number(lengths.size())));
    QVERIFY(generatingAtPiece);
    for (int i = 1; i < lengths.size(); ++i)
        QVERIFY(lengths[i] > lengths[i - 1]);
    QCOMPARE(chat->turns().size(), 1);
    const QString first = chat->turns().first().answer;
    QCOMPARE(lengths.last(), int(first.size()));
    QVERIFY(chat->answerView()->toPlainText().contains(QStringLiteral("What is the capital of Peru?")));
    QVERIFY(chat->statusText().contains(QStringLiteral("token")));

    // A second turn continues the conversation; greedy decoding answers a repeated message the same way
    // only without the history, so New chat forgets it.
    finished.clear();
    chat->sendText(QStringLiteral("And of Norway?"));
    QVERIFY(finished.wait(60000));
    QCOMPARE(chat->turns().size(), 2);
    chat->newChat();
    QVERIFY(chat->turns().isEmpty());
    finished.clear();
    chat->sendText(QStringLiteral("What is the capital of Peru?"));
    QVERIFY(finished.wait(60000));
    QCOMPARE(chat->turns().first().answer, first);

    // A system prompt starts a new chat and is sent as the system message: the prompt the template
    // renders carries it, and the answer is the one a session with that system message gives.
    const QString system = QStringLiteral("Answer in one word, in French.");
    QVERIFY(!chat->promptFor(QStringLiteral("Hi")).contains(system));
    chat->setSystemPrompt(system);
    QVERIFY(chat->turns().isEmpty());
    QCOMPARE(chat->systemPrompt(), system);
    QVERIFY2(chat->promptFor(QStringLiteral("Hi")).startsWith(QStringLiteral("<|im_start|>system\n") + system),
             qPrintable(chat->promptFor(QStringLiteral("Hi"))));
    finished.clear();
    chat->sendText(QStringLiteral("What is the capital of Peru?"));
    QVERIFY(finished.wait(60000));
    QVERIFY(chat->answerView()->toPlainText().contains(system));
    auto session = hone::ChatSession::open((QDir(run).filePath(QStringLiteral("model"))).toStdString());
    QVERIFY(session.ok());
    session->setSystemPrompt(system.toStdString());
    auto expected = session->send("What is the capital of Peru?", options);
    QVERIFY(expected.ok());
    QCOMPARE(chat->turns().first().answer, QString::fromStdString(expected->text));
}

void tst_Playground::stopEndsTheAnswer()
{
    // The installed chat model (the tiny one fills its 256 positions faster than a click).
    const QString gguf = QString::fromStdString((hone::dataDirectory() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf").string());
    QVERIFY2(QFileInfo::exists(gguf), qPrintable(gguf + QStringLiteral(": run scripts/setup.sh")));
    PlaygroundWidget playground;
    playground.show();
    QVERIFY(loadChat(playground, gguf));
    ChatWidget *chat = playground.chat();
    QVERIFY(chat->baseModel().isEmpty());
    hone::GenerationOptions options;
    options.maxNewTokens = 2000;
    chat->setGenerationOptions(options);
    auto *stopButton = chat->findChild<QPushButton *>(QStringLiteral("stopButton"));
    QVERIFY(stopButton);
    QVERIFY(!stopButton->isEnabled());
    int pieces = 0;
    connect(chat, &ChatWidget::pieceReceived, this, [&] {
        if (++pieces == 3) {
            QVERIFY(stopButton->isEnabled());
            stopButton->click();
        }
    });
    QSignalSpy finished(chat, &ChatWidget::answerFinished);
    chat->sendText(QStringLiteral("Write a long story about a dragon who learns to bake bread."));
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY2(chat->statusText().contains(QStringLiteral("Stop")), qPrintable(chat->statusText()));
    QVERIFY(pieces >= 3);
    QTest::qWait(50); // pieces posted before the stop took effect
    QVERIFY2(pieces < 200, qPrintable(QString::number(pieces)));
    QVERIFY(!stopButton->isEnabled());
    QVERIFY(!chat->isGenerating());
}

void tst_Playground::baseModelAnswersBeside()
{
    const QString run = lmRun();
    QVERIFY(!run.isEmpty());
    PlaygroundWidget playground;
    playground.resize(1000, 700);
    playground.show();
    QVERIFY(loadChat(playground, run));
    ChatWidget *chat = playground.chat();
    QCOMPARE(chat->baseModel(), hone::test::dataPath(QStringLiteral("sft/model")));
    QVERIFY(!chat->baseView()->isVisible());
    QSignalSpy baseLoaded(chat, &ChatWidget::baseLoaded);
    chat->setCompareWithBase(true);
    QVERIFY(baseLoaded.wait(60000));
    QVERIFY2(baseLoaded.first().at(0).toBool(), qPrintable(baseLoaded.first().at(1).toString()));
    QVERIFY(chat->baseView()->isVisible());
    hone::GenerationOptions options;
    options.maxNewTokens = 16;
    chat->setGenerationOptions(options);

    int fineTunedPieces = 0, basePieces = 0;
    bool baseAfterFineTuned = true;
    connect(chat, &ChatWidget::pieceReceived, this, [&](bool base) {
        (base ? basePieces : fineTunedPieces)++;
        baseAfterFineTuned = baseAfterFineTuned && (!base || fineTunedPieces > 0);
    });
    QSignalSpy finished(chat, &ChatWidget::answerFinished);
    chat->sendText(QStringLiteral("What is the capital of Greece?"));
    QVERIFY(finished.wait(90000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(fineTunedPieces > 0);
    QVERIFY(basePieces > 0);
    QVERIFY(baseAfterFineTuned);
    const ChatWidget::Turn turn = chat->turns().first();
    QVERIFY(!turn.answer.isEmpty());
    QVERIFY(!turn.baseAnswer.isEmpty());
    QVERIFY(chat->baseView()->toPlainText().contains(shownAnswer(turn.baseAnswer).trimmed()));
    QVERIFY(chat->answerView()->toPlainText().contains(shownAnswer(turn.answer).trimmed()));

    // The base model alone (the run's starting point) gives the base column's answer.
    ChatWidget alone;
    QSignalSpy loaded(&alone, &ChatWidget::modelLoaded);
    alone.setModel(chat->baseModel(), QString());
    QVERIFY(loaded.wait(60000));
    alone.setGenerationOptions(options);
    QSignalSpy aloneFinished(&alone, &ChatWidget::answerFinished);
    alone.sendText(QStringLiteral("What is the capital of Greece?"));
    QVERIFY(aloneFinished.wait(60000));
    QCOMPARE(alone.turns().first().answer, turn.baseAnswer);
}

void tst_Playground::modelFolderHasNoBase()
{
    // A decoder folder (not a run) chats too, but has no base model to compare with.
    const QString folder = hone::test::dataPath(QStringLiteral("sft/model"));
    QVERIFY(PlaygroundWidget::isLanguageModel(folder));
    PlaygroundWidget playground;
    playground.show();
    QVERIFY(loadChat(playground, folder));
    QVERIFY(playground.chat()->baseModel().isEmpty());
    auto *compare = playground.chat()->findChild<QWidget *>(QStringLiteral("compareWithBase"));
    QVERIFY(compare && !compare->isEnabled());
    // Back to a classification run: the classifier page again.
    QSignalSpy loaded(&playground, &PlaygroundWidget::modelLoaded);
    playground.setModel(m_run);
    QVERIFY(!playground.isChatModel());
    QVERIFY(loaded.wait(60000));
    QVERIFY(playground.findChild<QWidget *>(QStringLiteral("fileBox"))->isVisible());
}

QTEST_MAIN(tst_Playground)
#include "tst_playground.moc"

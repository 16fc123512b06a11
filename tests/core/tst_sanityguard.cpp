// Sanity guards: divergence (non-finite loss, loss far above its start), a model that predicts one
// class only or does no better than the majority baseline; run annotations and display names.
#include "core/runs/rundirectory.h"
#include "core/runs/runrecorder.h"
#include "core/train/sanityguard.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>

using namespace hone;
namespace fs = std::filesystem;

namespace {

ClassificationMetrics metricsOf(const std::vector<std::vector<std::int64_t>> &confusion)
{
    return metricsFromConfusion(confusion, {"ham", "spam"});
}

} // namespace

class tst_SanityGuard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nonFiniteLossDiverges();
    void lossFarAboveItsStartDiverges();
    void ordinaryNoiseDoesNotDiverge();
    void singleClassPredictionsAreFlagged();
    void majorityBaselineIsFlagged();
    void aUsefulModelIsNotFlagged();
    void emptyEvaluationHasNoVerdict();
    void annotationsRoundTripAndRename();
    void cliRunWithoutNameIsNamedAfterItsFolder();
};

void tst_SanityGuard::nonFiniteLossDiverges()
{
    DivergenceGuard guard;
    QVERIFY(!guard.onStepLoss(1, 0.7));
    const auto nan = guard.onStepLoss(2, std::nan(""));
    QVERIFY(nan);
    QVERIFY2(nan->find("NaN at step 2") != std::string::npos, nan->c_str());
    const auto inf = DivergenceGuard().onStepLoss(1, std::numeric_limits<double>::infinity());
    QVERIFY(inf && inf->find("infinite") != std::string::npos);
}

void tst_SanityGuard::lossFarAboveItsStartDiverges()
{
    DivergenceGuard guard;
    QVERIFY(!guard.onStepLoss(1, 0.69));
    QVERIFY(!guard.onLoggedLoss(10, 2.5)); // 3.6x the start: a spike, not yet divergence
    const auto diverged = guard.onLoggedLoss(20, 97.0);
    QVERIFY(diverged);
    QVERIFY2(diverged->find("rose from 0.69 to 97 by step 20") != std::string::npos, diverged->c_str());
    QCOMPARE(*guard.startLoss(), 0.69);
}

void tst_SanityGuard::ordinaryNoiseDoesNotDiverge()
{
    // A small start (a model already good at the task): 4x is reached by noise, the +2 rise is not.
    DivergenceGuard guard;
    QVERIFY(!guard.onStepLoss(1, 0.05));
    QVERIFY(!guard.onLoggedLoss(10, 0.9));
    QVERIFY(!guard.onLoggedLoss(20, 0.01));
}

void tst_SanityGuard::singleClassPredictionsAreFlagged()
{
    // 87 ham, 13 spam; everything predicted ham.
    const auto s = assessPredictions(metricsOf({{87, 0}, {13, 0}}));
    QVERIFY(s);
    QVERIFY(s->singleClass);
    QCOMPARE(s->predictedLabel, std::string("ham"));
    QCOMPARE(s->majorityLabel, std::string("ham"));
    QCOMPARE(s->majorityBaseline, 0.87);
    QVERIFY(!s->beatsMajority);
    QVERIFY(s->suspicious());
    const nlohmann::json j = sanityJson(*s);
    QCOMPARE(j["single_class"].get<bool>(), true);
    QCOMPARE(j["predicted_label"].get<std::string>(), std::string("ham"));
    QVERIFY2(j["warning"].get<std::string>().find("predicts only 'ham'") != std::string::npos, j.dump().c_str());
}

void tst_SanityGuard::majorityBaselineIsFlagged()
{
    // Both classes predicted, but 80 right of 100 where always "ham" scores 80 too.
    const auto s = assessPredictions(metricsOf({{75, 5}, {15, 5}}));
    QVERIFY(s);
    QVERIFY(!s->singleClass);
    QVERIFY(!s->beatsMajority);
    QVERIFY(sanityWarning(*s).find("no better than always answering 'ham' (majority baseline 80%)") != std::string::npos);
}

void tst_SanityGuard::aUsefulModelIsNotFlagged()
{
    const auto s = assessPredictions(metricsOf({{85, 2}, {1, 12}}));
    QVERIFY(s);
    QVERIFY(!s->suspicious());
    QVERIFY(sanityWarning(*s).empty());
    QVERIFY(!sanityJson(*s).contains("warning"));
    // One true class only: nothing to beat, predicting it is right.
    QVERIFY(!assessPredictions(metricsOf({{10, 0}, {0, 0}}))->suspicious());
}

void tst_SanityGuard::emptyEvaluationHasNoVerdict()
{
    QVERIFY(!assessPredictions(ClassificationMetrics{}));
    QVERIFY(!assessPredictions(metricsOf({{0, 0}, {0, 0}})));
}

void tst_SanityGuard::annotationsRoundTripAndRename()
{
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "20260101-120000-spam";
    QVERIFY(RunRecorder::create(dir)->writeConfig({{"name", "spam"}}).ok());
    QCOMPARE(readRunInfo(dir)->name, std::string("spam"));
    QVERIFY(readRunAnnotations(dir).tags.empty());

    RunAnnotations a;
    a.name = "  spam, lr 1e-4 ";
    a.notes = "baseline for the report\nsecond line";
    a.tags = {"baseline", " report ", "baseline", ""};
    QVERIFY(RunRecorder::open(dir)->writeAnnotations(a).ok());
    const RunAnnotations back = readRunAnnotations(dir);
    QCOMPARE(back.name, std::string("spam, lr 1e-4"));
    QCOMPARE(back.notes, a.notes);
    QCOMPARE(back.tags, (std::vector<std::string>{"baseline", "report"}));
    const auto info = readRunInfo(dir);
    QCOMPARE(info->name, std::string("spam, lr 1e-4"));
    QCOMPARE(info->tags, back.tags);
    QCOMPARE(info->notes, a.notes);
    QVERIFY(fs::exists(dir)); // renaming never moves the folder

    QVERIFY(!RunRecorder::open(fs::path(tmp.path().toStdString()) / "missing").ok());
}

void tst_SanityGuard::cliRunWithoutNameIsNamedAfterItsFolder()
{
    QTemporaryDir tmp;
    const fs::path stamped = fs::path(tmp.path().toStdString()) / "20260101-120000-run";
    const fs::path plain = fs::path(tmp.path().toStdString()) / "my-experiment";
    for (const auto &dir : {stamped, plain}) {
        QVERIFY(RunRecorder::create(dir)->writeConfig({{"name", ""}, {"model", "m"}}).ok());
    }
    QCOMPARE(readRunInfo(stamped)->name, std::string("run"));
    QCOMPARE(readRunInfo(plain)->name, std::string("my-experiment"));
    QCOMPARE(runNameFromId("20260101-1200-x"), std::string("20260101-1200-x"));
}

QTEST_GUILESS_MAIN(tst_SanityGuard)
#include "tst_sanityguard.moc"

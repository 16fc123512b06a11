// hone-cli train / resume / eval / predict / export / runs end to end on the tiny model, including
// a training killed with SIGKILL and one stopped with Ctrl-C, both resumed.
#include "../core/trainertestsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Run = hone::test::CliRun;

QStringList trainArgs(const fs::path &model, const fs::path &data, const fs::path &out)
{
    return {QStringLiteral("train"), QStringLiteral("--model"), QString::fromStdString(model.string()), QStringLiteral("--data"),
            QString::fromStdString(data.string()), QStringLiteral("--out"), QString::fromStdString(out.string()),
            QStringLiteral("--epochs"), QStringLiteral("30"), QStringLiteral("--lr"), QStringLiteral("3e-3"),
            QStringLiteral("--max-length"), QStringLiteral("32"), QStringLiteral("--eval-strategy"), QStringLiteral("steps"),
            QStringLiteral("--eval-steps"), QStringLiteral("12"), QStringLiteral("--threads"), QStringLiteral("1"),
            QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--name"), QStringLiteral("cli")};
}

QString cli() { return hone::test::cliProgram(); }

Run run(const QStringList &args) { return hone::test::runCli(args, 300000); }

// Starts training and delivers `signal` once the run has passed `afterStep`.
void interrupt(const QStringList &args, const fs::path &runDir, int signal, std::int64_t afterStep, int *exitCode, QString *err)
{
    QProcess p;
    p.start(cli(), args);
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(hone::test::lastStep(runDir / "metrics.jsonl") >= afterStep, 120000);
    ::kill(static_cast<pid_t>(p.processId()), signal);
    QVERIFY(p.waitForFinished(60000));
    *exitCode = p.exitStatus() == QProcess::CrashExit ? -1 : p.exitCode();
    *err = QString::fromUtf8(p.readAllStandardError());
}

std::vector<double> evalLosses(const fs::path &runDir)
{
    std::vector<double> losses;
    std::ifstream in(runDir / "metrics.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        const json j = json::parse(line);
        if (j.value("kind", std::string()) != "step")
            losses.push_back(j.value("loss", 0.0));
    }
    return losses;
}

} // namespace

class tst_Train : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainsAndReports();
    void killedRunResumesToTheSameResult();
    void ctrlCStopsCleanlyAndSaysHowToResume();
    void predictEvalExportRuns();
    void badInputIsExplained();
    void dryRunEstimatesAndBf16FollowsTheCpu();

private:
    QTemporaryDir m_dir;
    fs::path m_root, m_model, m_data;
};

void tst_Train::initTestCase()
{
    m_root = fs::path(m_dir.path().toStdString());
    m_model = hone::test::writeTinyModel(m_root);
    m_data = hone::test::writeTinyDataset(m_root);
    qputenv("HONE_RUNS_DIR", QByteArray::fromStdString((m_root / "runs").string()));
}

// --dry-run prints the cost model and trains nothing; --bf16 is refused before start, with the reason,
// exactly on CPUs without native bf16 (read here from /proc/cpuinfo, independently of Hone). Then
// both machine kinds on this one (HONE_CPU_FLAGS stands in for /proc/cpuinfo's flags): bf16 is the
// default where it is native, and a bf16 run stopped there is not resumed where it would be
// emulated, and loses nothing by the refusal.
void tst_Train::dryRunEstimatesAndBf16FollowsTheCpu()
{
    const fs::path out = m_root / "runs" / "dry";
    QStringList args = trainArgs(m_model, m_data, out);
    const Run dry = run(args + QStringList{QStringLiteral("--dry-run")});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.err));
    QVERIFY2(dry.out.contains(QStringLiteral("time per epoch:")), qPrintable(dry.out));
    QVERIFY(dry.out.contains(QStringLiteral("peak memory:")));
    QVERIFY(!fs::exists(out));

    std::ifstream cpuinfo("/proc/cpuinfo");
    const std::string info((std::istreambuf_iterator<char>(cpuinfo)), std::istreambuf_iterator<char>());
    const bool native = info.find(" avx512_bf16") != std::string::npos || info.find(" amx_bf16") != std::string::npos;
    const Run bf16 = run(args + QStringList{QStringLiteral("--bf16"), QStringLiteral("--dry-run")});
    if (native) {
        QVERIFY2(bf16.exitCode == 0, qPrintable(bf16.err));
    } else {
        QVERIFY(bf16.exitCode != 0);
        QVERIFY2(bf16.err.contains(QStringLiteral("no native bfloat16")), qPrintable(bf16.err));
    }
    QVERIFY(!fs::exists(out));

    const QByteArray nativeFlags = "avx2 avx512f avx512_bf16", emulatedFlags = "avx2 avx512f";
    const auto runWith = [](const QByteArray &flags, const QStringList &a) {
        qputenv("HONE_CPU_FLAGS", flags);
        const Run r = run(a);
        qunsetenv("HONE_CPU_FLAGS");
        return r;
    };
    const QStringList printConfig = args + QStringList{QStringLiteral("--print-config")};
    QVERIFY(runWith(nativeFlags, printConfig).out.contains(QStringLiteral("\"bf16\": true")));
    QVERIFY(runWith(emulatedFlags, printConfig).out.contains(QStringLiteral("\"bf16\": false")));
    const Run refused = runWith(emulatedFlags, args + QStringList{QStringLiteral("--bf16"), QStringLiteral("--dry-run")});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains(QStringLiteral("no native bfloat16")), qPrintable(refused.err));

    const fs::path stopped = m_root / "runs" / "bf16-stopped";
    int code = 0;
    QString err;
    qputenv("HONE_CPU_FLAGS", nativeFlags);
    interrupt(trainArgs(m_model, m_data, stopped), stopped, SIGKILL, 2, &code, &err); // hundreds of steps: killed midway
    qunsetenv("HONE_CPU_FLAGS");
    const QStringList resume{QStringLiteral("resume"), QString::fromStdString(stopped.string())};
    const Run emulated = runWith(emulatedFlags, resume);
    QVERIFY(emulated.exitCode != 0);
    QVERIFY2(emulated.err.contains(QStringLiteral("the run trains in bf16 autocast")) &&
                 emulated.err.contains(QStringLiteral("no native bfloat16")),
             qPrintable(emulated.err));
    const Run resumed = runWith(nativeFlags, resume);
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY(fs::exists(stopped / "summary.json"));
}

void tst_Train::trainsAndReports()
{
    const Run r = run(trainArgs(m_model, m_data, m_root / "runs" / "straight"));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("test:")));
    QVERIFY(r.err.contains(QStringLiteral("samples/s")));
    QVERIFY(fs::exists(m_root / "runs" / "straight" / "summary.json"));
}

void tst_Train::killedRunResumesToTheSameResult()
{
    const fs::path dir = m_root / "runs" / "killed";
    int code = 0;
    QString err;
    interrupt(trainArgs(m_model, m_data, dir), dir, SIGKILL, 40, &code, &err);
    QVERIFY(!fs::exists(dir / "summary.json"));
    const Run listed = run({QStringLiteral("runs"), QStringLiteral("list")});
    QVERIFY2(listed.out.contains(QStringLiteral("interrupted")), qPrintable(listed.out));

    const Run resumed = run({QStringLiteral("resume"), QString::fromStdString(dir.string())});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const auto a = evalLosses(m_root / "runs" / "straight");
    const auto b = evalLosses(dir);
    QCOMPARE(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY2(std::abs(a[i] - b[i]) < 1e-4, qPrintable(QStringLiteral("%1 vs %2 at %3").arg(a[i]).arg(b[i]).arg(i)));
}

void tst_Train::ctrlCStopsCleanlyAndSaysHowToResume()
{
    const fs::path dir = m_root / "runs" / "interrupted";
    int code = 0;
    QString err;
    interrupt(trainArgs(m_model, m_data, dir), dir, SIGINT, 30, &code, &err);
    QCOMPARE(code, 130);
    QVERIFY2(err.contains(QStringLiteral("hone-cli resume")), qPrintable(err));
    const Run show = run({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("interrupted")});
    QVERIFY2(show.out.contains(QStringLiteral("canceled")), qPrintable(show.out));
    const Run resumed = run({QStringLiteral("resume"), QString::fromStdString(dir.string())});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(evalLosses(dir).size(), evalLosses(m_root / "runs" / "straight").size());
}

void tst_Train::predictEvalExportRuns()
{
    const QString runDir = QString::fromStdString((m_root / "runs" / "straight").string());
    const QString texts = QString::fromStdString((m_root / "texts.txt").string());
    std::ofstream(texts.toStdString()) << "the the good the, 0\nthe movie bad was, 0\n"; // rows 1 and 2 of the data
    const QString csv = QString::fromStdString((m_root / "predictions.csv").string());
    Run r = run({QStringLiteral("predict"), QStringLiteral("--model"), runDir, QStringLiteral("--input"), texts,
                 QStringLiteral("--output"), csv});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    std::ifstream in(csv.toStdString());
    std::string header, first, second;
    std::getline(in, header);
    std::getline(in, first);
    std::getline(in, second);
    QCOMPARE(header, std::string("text,label,p_neg,p_pos"));
    QVERIFY2(first.rfind("\"the the good the, 0\",pos,", 0) == 0, first.c_str());
    QVERIFY2(second.rfind("\"the movie bad was, 0\",neg,", 0) == 0, second.c_str());

    r = run({QStringLiteral("eval"), QStringLiteral("--run"), runDir, QStringLiteral("--data"),
             QString::fromStdString(m_data.string()), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(json::parse(r.out.toStdString())["accuracy"].get<double>() > 0.9);

    const QString out = QString::fromStdString((m_root / "exported").string());
    r = run({QStringLiteral("export"), QStringLiteral("--run"), runDir, QStringLiteral("--format"), QStringLiteral("hf"),
             QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("identical within 1e-4")), qPrintable(r.out));
    r = run({QStringLiteral("predict"), QStringLiteral("--model"), out, QStringLiteral("--input"), texts});
    QVERIFY2(r.out.contains(QStringLiteral("\"the the good the, 0\",pos")), qPrintable(r.out + r.err));

    r = run({QStringLiteral("runs"), QStringLiteral("compare"), QStringLiteral("straight"), QStringLiteral("killed")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("test accuracy")));
    QVERIFY(r.out.contains(QStringLiteral("configuration differences")));
    // The resumed run predicts the test rows as the straight one: the statistics say so.
    QVERIFY2(r.out.contains(QStringLiteral("No clear difference between straight and killed: +0.0 points")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("expected calibration error")), qPrintable(r.out));
}

void tst_Train::badInputIsExplained()
{
    Run r = run(trainArgs(m_model, m_data, m_root / "runs" / "straight")); // exists
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("already exists")), qPrintable(r.err));
    r = run({QStringLiteral("train"), QStringLiteral("--model"), QString::fromStdString(m_model.string()), QStringLiteral("--data"),
             QString::fromStdString(m_data.string()), QStringLiteral("--split"), QStringLiteral("0.7,0.1,0.1")});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("data.split")), qPrintable(r.err));
    r = run({QStringLiteral("train"), QStringLiteral("--model"), QString::fromStdString(m_model.string()), QStringLiteral("--data"),
             QString::fromStdString(m_data.string()), QStringLiteral("--label-column"), QStringLiteral("category")});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("category")) && r.err.contains(QStringLiteral("text")), qPrintable(r.err));
    const QString config = QString::fromStdString((m_root / "typo.json").string());
    std::ofstream(config.toStdString()) << R"({"learning_rat": 1e-4})";
    r = run({QStringLiteral("train"), QStringLiteral("--config"), config});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(QStringLiteral("learning_rat")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(tst_Train)
#include "tst_train.moc"

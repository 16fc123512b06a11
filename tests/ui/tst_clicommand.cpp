// The training options table end to end: random valid configs → the wizard's copied command →
// hone-cli's own argument parser (in process, and the real binary through /bin/sh) → the same
// config; every table row has a flag, a run.json key, help, and a field on the wizard page.
#include "app/cli/trainarguments.h"
#include "core/train/trainingoptions.h"
#include "ui/wizard/clicommand.h"
#include "ui/wizard/hyperparameterspage.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <functional>
#include <random>

using namespace hone;
using namespace hone::ui;
using nlohmann::json;

namespace {

// Words of a POSIX shell command line for the forms cliTrainCommand writes: blanks separate,
// backslash-newline continues the line, '...' quotes literally.
QStringList shellWords(const QString &command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    for (int i = 0; i < command.size(); ++i) {
        const QChar ch = command[i];
        if (ch == QLatin1Char('\\') && i + 1 < command.size() && command[i + 1] == QLatin1Char('\n')) {
            ++i;
        } else if (ch == QLatin1Char('\\') && i + 1 < command.size()) {
            word += command[++i];
            inWord = true;
        } else if (ch == QLatin1Char('\'')) {
            const int end = command.indexOf(QLatin1Char('\''), i + 1);
            word += command.mid(i + 1, end - i - 1);
            i = end;
            inWord = true;
        } else if (ch.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else {
            word += ch;
            inWord = true;
        }
    }
    if (inWord)
        words << word;
    return words;
}

class ConfigGenerator {
public:
    explicit ConfigGenerator(unsigned seed) : m_rng(seed) {}

    // A config that validate() accepts, with about half of the options changed from the defaults.
    TrainingConfig next()
    {
        for (;;) {
            TrainingConfig c;
            for (const TrainingOption &o : trainingOptions())
                if (chance(0.5))
                    o.set(c, value(o));
            c.model = text(true);
            if (chance(0.5)) {
                c.data.file = text(true);
                c.data.train.clear();
                const double train = uniform(0.05, 1.0);
                const double validation = uniform(0.0, 1.0 - train);
                c.data.split = {train, validation, 1.0 - train - validation};
            } else {
                c.data.file.clear();
                c.data.train = text(true);
            }
            if (c.validate())
                return c;
        }
    }

private:
    bool chance(double p) { return std::bernoulli_distribution(p)(m_rng); }
    double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(m_rng); }

    // Texts with everything a shell cares about: blanks, quotes, $, backslashes, newlines, a
    // leading dash, CJK.
    QString pieceOf()
    {
        static const char *pieces[] = {"a", "data", "/tmp/my data/x.csv", "it's", "$HOME", "back\\slash", "-dash",
                                       "two\nlines", "\"q\"", "评论", "*?", "; rm", "`x`", "=", "--flag", "tab\tx"};
        return QString::fromUtf8(pieces[std::uniform_int_distribution<int>(0, 15)(m_rng)]);
    }
    std::string text(bool nonEmpty)
    {
        QString s;
        const int parts = std::uniform_int_distribution<int>(nonEmpty ? 1 : 0, 3)(m_rng);
        for (int i = 0; i < parts; ++i)
            s += pieceOf();
        return s.toStdString();
    }
    double inRange(const OptionRange &r, double lo, double hi)
    {
        lo = std::max(lo, r.min);
        hi = std::min(hi, r.max);
        for (;;) {
            double v = chance(0.3) ? std::round(uniform(lo, hi)) : uniform(lo, hi);
            if (chance(0.2))
                v = chance(0.5) ? lo : hi;
            if (r.contains(v))
                return v;
        }
    }
    json value(const TrainingOption &o)
    {
        switch (o.kind) {
        case OptionKind::Int: {
            const double v = std::round(inRange(o.range, -1e6, 1e6));
            return v < 0 ? json(static_cast<std::int64_t>(v)) : json(static_cast<std::uint64_t>(v));
        }
        case OptionKind::Float:
            if (o.logScale)
                return std::pow(10.0, uniform(std::log10(std::max(o.range.min, 1e-12)), std::log10(o.range.max)));
            return inRange(o.range, -1e6, 1e6);
        case OptionKind::Bool:
            return chance(0.5);
        case OptionKind::Choice: {
            const auto choices = o.choices();
            return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(m_rng)];
        }
        case OptionKind::String:
        case OptionKind::Path:
            return text(false);
        case OptionKind::Ratios:
            return json::array({uniform(0, 1), uniform(0, 1), uniform(0, 1)});
        }
        return {};
    }

    std::mt19937 m_rng;
};

std::string dump(const TrainingConfig &c)
{
    json j;
    to_json(j, c);
    return j.dump(1);
}

// The error of a failed result, for a test's message (QVERIFY2 evaluates it either way).
template <typename T>
QString why(const Result<T> &r)
{
    return r ? QString() : QString::fromStdString(r.error().message);
}

QString cliBinary()
{
    return QDir(qEnvironmentVariable("HONE_BIN_DIR")).absoluteFilePath(QStringLiteral("hone-cli"));
}

} // namespace

class tst_CliCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shellQuoting();
    void randomConfigsRoundTripThroughTheParser();
    void pastedIntoAShellTheRealBinaryGetsTheSameConfig();
    void everyOptionHasAFlagAKeyAndAField();
    void existingFlagNamesStillWork();
    void badValuesAreExplained();
};

void tst_CliCommand::shellQuoting()
{
    QCOMPARE(shellQuote(QStringLiteral("/data/a.csv")), QStringLiteral("/data/a.csv"));
    QCOMPARE(shellQuote(QStringLiteral("my file.csv")), QStringLiteral("'my file.csv'"));
    QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuote(QString()), QStringLiteral("''"));
    QCOMPARE(shellWords(QStringLiteral("a 'b c' \\\n    'it'\\''s' --x=-1")),
             (QStringList{QStringLiteral("a"), QStringLiteral("b c"), QStringLiteral("it's"), QStringLiteral("--x=-1")}));
}

void tst_CliCommand::randomConfigsRoundTripThroughTheParser()
{
    ConfigGenerator generate(20261203);
    const QString program = QStringLiteral("/opt/my tools/hone-cli");
    for (int i = 0; i < 1000; ++i) {
        const TrainingConfig c = generate.next();
        const QString command = cliTrainCommand(c, QStringLiteral("/tmp/runs/r 1"), program);
        QStringList words = shellWords(command);
        QCOMPARE(words.value(0), program);
        QCOMPARE(words.value(1), QStringLiteral("train"));
        QCOMPARE(words.mid(words.size() - 2), (QStringList{QStringLiteral("--out"), QStringLiteral("/tmp/runs/r 1")}));
        std::vector<std::string> args;
        for (const QString &w : words.mid(2, words.size() - 4))
            args.push_back(w.toStdString());
        const auto parsed = cli::parseTrainCommandLine(args);
        QVERIFY2(parsed, qPrintable(QStringLiteral("config %1: %2\n%3").arg(i).arg(why(parsed), command)));
        QCOMPARE(QString::fromStdString(dump(*parsed)), QString::fromStdString(dump(c)));
        for (const TrainingOption &o : trainingOptions()) // the launch rows, which run.json leaves out
            QVERIFY2(o.get(*parsed) == o.get(c), qPrintable(QString::fromStdString(o.key)));
    }
}

void tst_CliCommand::pastedIntoAShellTheRealBinaryGetsTheSameConfig()
{
    QVERIFY2(QFileInfo(cliBinary()).isExecutable(), qPrintable(cliBinary()));
    ConfigGenerator generate(7);
    for (int i = 0; i < 4; ++i) {
        const TrainingConfig c = generate.next();
        const QString command = cliTrainCommand(c, QStringLiteral("/nonexistent/run"), cliBinary()) +
                                QStringLiteral(" \\\n    --print-config");
        QProcess sh;
        sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
        QVERIFY(sh.waitForFinished(60000));
        QVERIFY2(sh.exitCode() == 0, qPrintable(QString::fromUtf8(sh.readAllStandardError()) + command));
        const json printed = json::parse(sh.readAllStandardOutput().toStdString());
        QCOMPARE(QString::fromStdString(printed.dump(1)), QString::fromStdString(dump(c)));
    }
}

void tst_CliCommand::everyOptionHasAFlagAKeyAndAField()
{
    QProcess help;
    help.start(cliBinary(), {QStringLiteral("train"), QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(60000));
    const QString helpText = QString::fromUtf8(help.readAllStandardOutput());
    json defaults;
    to_json(defaults, TrainingConfig{});
    HyperparametersPage page;
    for (const TrainingOption &o : trainingOptions()) {
        const QString key = QString::fromStdString(o.key);
        QVERIFY2(helpText.contains(QString::fromStdString(o.flag)), qPrintable(key));
        QVERIFY2(helpText.contains(QStringLiteral("(") + key), qPrintable(key));
        if (o.launch) { // hone-cli's launcher settings: not in run.json; the wizard offers the process count only
            QVERIFY2(!defaults.contains(o.key), qPrintable(key));
            QVERIFY2((page.editor(o.key) != nullptr) == (o.key == "nproc_per_node"), qPrintable(key));
            continue;
        }
        QVERIFY2(defaults.contains(json::json_pointer("/" + QString(key).replace(QLatin1Char('.'), QLatin1Char('/')).toStdString())),
                 qPrintable(key));
        QVERIFY2(*o.help && *o.label, qPrintable(key));
        const std::string group = o.group;
        if (group == "run" || group == "data")
            continue; // on the model, data and split pages
        QWidget *field = page.editor(o.key);
        QVERIFY2(field, qPrintable(key));
        QVERIFY2(field->toolTip().contains(key), qPrintable(key));
    }
    // No key in run.json without a row.
    std::function<void(const json &, const std::string &)> walk = [&](const json &j, const std::string &prefix) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it->is_object())
                walk(*it, prefix + it.key() + ".");
            else
                QVERIFY2(findTrainingOption(prefix + it.key()), qPrintable(QString::fromStdString(prefix + it.key())));
        }
    };
    walk(defaults, "");
}

void tst_CliCommand::existingFlagNamesStillWork()
{
    // Every flag hone-cli train had before the options table, with a value.
    const std::vector<std::string> args = {
        "--model", "m", "--train", "t.csv", "--validation", "v.csv", "--test", "x.csv", "--text-column", "text",
        "--text-pair-column", "text2", "--label-column", "label", "--encoding", "utf-8", "--split", "0.7,0.3",
        "--no-stratify", "--name", "n", "--max-length", "64", "--epochs", "2.5", "--max-steps", "100", "--lr", "3e-5",
        "--batch-size", "8", "--eval-batch-size", "32", "--weight-decay", "0.01", "--optim", "sgd", "--momentum", "0.8",
        "--nesterov", "--scheduler", "cosine", "--warmup-steps", "5", "--max-grad-norm", "2", "--grad-accum", "2",
        "--eval-strategy", "steps", "--eval-steps", "20", "--logging-steps", "5", "--metric", "loss", "--patience", "2",
        "--save-total-limit", "3", "--no-group-by-length", "--label-smoothing", "0.1", "--class-weights", "balanced",
        "--freeze-embeddings", "--freeze-layers", "1", "--lora", "--lora-r", "4", "--lora-alpha", "8",
        "--lora-dropout", "0.05", "--bf16", "--threads", "2", "--seed", "7"};
    const auto parsed = cli::parseTrainCommandLine(args);
    QVERIFY2(parsed, qPrintable(why(parsed)));
    QCOMPARE(parsed->data.split[1], 0.3);
    QCOMPARE(parsed->data.split[2], 0.0);
    QVERIFY(!parsed->data.stratify && parsed->nesterov && !parsed->groupByLength && parsed->lora.enabled && parsed->bf16);
    QVERIFY(!parsed->greaterIsBetter); // follows --metric loss
    QCOMPARE(parsed->learningRate, 3e-5);
    QCOMPARE(parsed->seed, std::uint64_t(7));
    // --warmup-ratio is the sixth-from-the-end key that had a flag; it and the ones that had none.
    const auto more = cli::parseTrainCommandLine({"--model", "m", "--data", "d.csv", "--warmup-ratio", "0.1", "--adam-beta1", "0.8",
                                                  "--adam-beta2", "0.99", "--adam-epsilon", "1e-6", "--no-greater-is-better",
                                                  "--no-load-best-model-at-end", "--early-stopping-threshold", "0.01"});
    QVERIFY2(more, qPrintable(why(more)));
    QCOMPARE(more->adamBeta2, 0.99);
    QVERIFY(!more->greaterIsBetter && !more->loadBestModelAtEnd);
    QCOMPARE(more->earlyStoppingThreshold, 0.01);
}

void tst_CliCommand::badValuesAreExplained()
{
    const auto message = [](std::vector<std::string> args) {
        args.insert(args.begin(), {"--model", "m", "--data", "d.csv"});
        const auto r = cli::parseTrainCommandLine(args);
        return r ? QString() : QString::fromStdString(r.error().message);
    };
    QVERIFY(message({"--lr", "0"}).contains(QLatin1String("--lr (learning_rate: 0 is out of range: must be in (0, 1]")));
    QVERIFY(message({"--lr", "fast"}).contains(QLatin1String("'fast' is not a number")));
    QVERIFY(message({"--batch-size", "0"}).contains(QLatin1String("per_device_train_batch_size")));
    QVERIFY(message({"--batch-size", "1.5"}).contains(QLatin1String("not a whole number")));
    QVERIFY(message({"--optim", "adamx"}).contains(QLatin1String("'adamx' is not one of adamw, adam, sgd")));
    QVERIFY(message({"--scheduler", "cosine_with_restarts"}).contains(QLatin1String("lr_scheduler_type")));
    QVERIFY(message({"--split", "0.8;0.2"}).contains(QLatin1String("--split")));
    QVERIFY(message({"--split", "0.5,0.2"}).contains(QLatin1String("add up to 0.7")));
    const auto unknown = trainingConfigFromJson(json{{"lora", {{"rank", 4}}}});
    QVERIFY(!unknown && unknown.error().message.find("lora.rank: unknown setting") != std::string::npos);
    const auto wrongType = trainingConfigFromJson(json{{"learning_rate", "5e-5"}});
    QVERIFY(!wrongType && wrongType.error().message.find("learning_rate: has the wrong type") != std::string::npos);
    const auto outOfRange = trainingConfigFromJson(json{{"adam_beta2", 1.0}});
    QVERIFY(!outOfRange && outOfRange.error().message.find("adam_beta2: 1 is out of range: must be in [0, 1)") != std::string::npos);
}

QTEST_MAIN(tst_CliCommand)
#include "tst_clicommand.moc"

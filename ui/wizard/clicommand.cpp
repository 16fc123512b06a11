#include "ui/wizard/clicommand.h"

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QStringList>

#include <cstdio>

namespace hone::ui {

namespace {

QString number(double v)
{
    // Shortest round-trip form, like Python's repr: 5e-05, 0.1, 3.
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    return QString::fromLatin1(buf);
}

QString splitText(const DataConfig &d)
{
    QStringList parts{number(d.split[0]), number(d.split[1])};
    if (d.split[2] > 0)
        parts << number(d.split[2]);
    return parts.join(QLatin1Char(','));
}

// The config the flags of cliTrainCommand describe.
TrainingConfig coveredByFlags(const TrainingConfig &c)
{
    TrainingConfig f;
    f.name = c.name;
    f.model = c.model;
    f.data.file = c.data.file;
    f.data.train = c.data.train;
    f.data.validation = c.data.validation;
    f.data.test = c.data.test;
    f.data.textColumn = c.data.textColumn;
    f.data.labelColumn = c.data.labelColumn;
    if (!c.data.file.empty())
        f.data.split = c.data.split;
    f.numTrainEpochs = c.numTrainEpochs;
    f.learningRate = c.learningRate;
    f.perDeviceTrainBatchSize = c.perDeviceTrainBatchSize;
    f.maxLength = c.maxLength;
    f.seed = c.seed;
    f.optim = c.optim;
    f.lrSchedulerType = c.lrSchedulerType;
    return f;
}

} // namespace

QString shellQuote(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=,+@%-]+$"));
    if (!word.isEmpty() && safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString cliTrainCommand(const TrainingConfig &c, const QString &outDir)
{
    QStringList args{QStringLiteral("hone-cli"), QStringLiteral("train")};
    auto add = [&args](const char *flag, const QString &value) {
        args << QString::fromLatin1(flag) << shellQuote(value);
    };
    auto s = [](const std::string &v) { return QString::fromStdString(v); };
    add("--model", s(c.model));
    if (!c.data.file.empty()) {
        add("--data", s(c.data.file));
    } else {
        add("--train", s(c.data.train));
        if (!c.data.validation.empty())
            add("--validation", s(c.data.validation));
        if (!c.data.test.empty())
            add("--test", s(c.data.test));
    }
    if (!c.data.textColumn.empty())
        add("--text-column", s(c.data.textColumn));
    if (!c.data.labelColumn.empty())
        add("--label-column", s(c.data.labelColumn));
    if (!c.data.file.empty())
        add("--split", splitText(c.data));
    add("--epochs", number(c.numTrainEpochs));
    add("--lr", number(c.learningRate));
    add("--batch-size", QString::number(c.perDeviceTrainBatchSize));
    add("--max-length", QString::number(c.maxLength));
    add("--seed", QString::number(c.seed));
    add("--optim", s(c.optim));
    add("--scheduler", s(c.lrSchedulerType));
    add("--out", outDir);
    // One flag (and its value) per line, as people paste commands into a terminal.
    QString text = args[0] + QLatin1Char(' ') + args[1];
    for (int i = 2; i + 1 < args.size(); i += 2)
        text += QStringLiteral(" \\\n    ") + args[i] + QLatin1Char(' ') + args[i + 1];
    return text;
}

bool cliFlagsCoverConfig(const TrainingConfig &c)
{
    nlohmann::json a, b;
    to_json(a, c);
    to_json(b, coveredByFlags(c));
    return a == b;
}

QString cliConfigCommand(const QString &configPath, const QString &outDir)
{
    return QStringLiteral("hone-cli train --config %1 \\\n    --out %2").arg(shellQuote(configPath), shellQuote(outDir));
}

QString configJsonText(const TrainingConfig &config)
{
    nlohmann::json j;
    to_json(j, config);
    return QString::fromStdString(j.dump(2));
}

} // namespace hone::ui

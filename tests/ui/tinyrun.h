#pragma once
// A real run folder for GUI tests that need a trained model: the default model fine-tuned for a
// few steps on ~64 rows of the SMS spam set (seconds on a CPU). Needs the installed default model.
#include "testsupport.h"

#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <filesystem>

namespace hone::test {

inline std::filesystem::path defaultModelPath()
{
    return std::filesystem::path(qEnvironmentVariable("HOME").toStdString()) / ".local/share/hone/models/all-MiniLM-L6-v2";
}

// Writes the first `rows` data lines of sms_spam.csv to file; false when the data is missing.
inline bool writeSmsSample(const QString &file, int rows)
{
    QFile in(QString::fromStdString(sharedDataPath("sms_spam/sms_spam.csv").string()));
    QFile out(file);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    for (int lines = 0; !in.atEnd() && lines <= rows; ++lines)
        out.write(in.readLine());
    return true;
}

// Trains into dir/run and returns its path, or an error message in *error.
inline QString trainTinyRun(const QString &dir, QString *error, int steps = 8)
{
    const auto model = defaultModelPath();
    if (!std::filesystem::exists(model / "config.json")) {
        *error = QStringLiteral("the default model is missing: run scripts/setup.sh to install all-MiniLM-L6-v2");
        return {};
    }
    const QString data = QDir(dir).filePath(QStringLiteral("sms80.csv"));
    if (!writeSmsSample(data, 80)) {
        *error = QStringLiteral("cannot read ../shared/data/sms_spam/sms_spam.csv");
        return {};
    }
    hone::TrainingConfig config;
    config.name = "gui-test";
    config.model = model.string();
    config.data.file = data.toStdString();
    config.data.split = {0.8, 0.2, 0.0};
    config.maxLength = 32;
    config.maxSteps = steps;
    config.perDeviceTrainBatchSize = 8;
    config.loggingSteps = 1;
    config.evalStrategy = "steps";
    config.evalSteps = steps / 2;
    config.seed = 11;
    const QString runDir = QDir(dir).filePath(QStringLiteral("run"));
    hone::TrainingFeedback feedback;
    auto summary = hone::Trainer::train(config, runDir.toStdString(), feedback);
    if (!summary) {
        *error = QString::fromStdString(summary.error().message);
        return {};
    }
    return runDir;
}

} // namespace hone::test

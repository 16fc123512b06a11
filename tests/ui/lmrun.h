#pragma once
// Language-model runs for the GUI tests: the tiny Llama of tests/data/sft instruction-tuned by
// core's trainer (LoRA, as `hone-cli train --task sft` in tests/cli/tst_trainsft.cpp), so the
// dashboard, playground and compare views read real run folders.
#include "testsupport.h"

#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"

#include <nlohmann/json.hpp>

#include <QString>

namespace hone::test {

// steps optimizer steps, evaluated (with sample answers to two validation prompts) every evalSteps.
inline hone::TrainingConfig tinySftConfig(int steps = 8, int evalSteps = 4, double learningRate = 1e-2)
{
    const nlohmann::json patch = {
        {"task", "sft"},
        {"name", "tiny-sft"},
        {"model", dataPath(QStringLiteral("sft/model")).toStdString()},
        {"data", {{"file", dataPath(QStringLiteral("sft/train.json")).toStdString()}, {"split", {0.75, 0.25, 0.0}}}},
        {"max_steps", steps},
        {"per_device_train_batch_size", 4},
        {"learning_rate", learningRate},
        {"lora", {{"enabled", true}}},
        {"packing", true},
        {"eval_strategy", "steps"},
        {"eval_steps", evalSteps},
        {"logging_steps", 1},
        {"sample_prompts", 2},
        {"max_new_tokens", 8},
        {"threads", 1},
    };
    auto config = hone::mergeTrainingConfig(hone::TrainingConfig{}, patch, "tinySftConfig");
    return config ? *config : hone::TrainingConfig{};
}

// Trains into runDir (which must not exist); "" on success, else the trainer's message.
inline QString trainTinySft(const QString &runDir, const hone::TrainingConfig &config = tinySftConfig())
{
    hone::TrainingFeedback feedback;
    auto summary = hone::Trainer::train(config, runDir.toStdString(), feedback);
    return summary ? QString() : QString::fromStdString(summary.error().message);
}

// One run per test program, trained on first use into dir/lm-run (dir outlives the program's
// test functions); "" with a warning when training failed.
inline QString tinySftRunOnce(const QString &dir)
{
    static QString run;
    if (run.isEmpty()) {
        const QString target = dir + QStringLiteral("/lm-run");
        const QString error = trainTinySft(target);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        else
            run = target;
    }
    return run;
}

} // namespace hone::test

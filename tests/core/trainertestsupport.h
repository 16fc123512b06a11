#pragma once
// A tiny, fast training fixture: the 2-layer, 32-wide BERT of tests/data/models/bert/base with a
// 100-token WordPiece vocabulary written here, and a separable two-class dataset of short texts.
#include "../testsupport.h"

#include "core/train/trainingconfig.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace hone::test {

inline const std::vector<std::string> &tinyWords()
{
    static const std::vector<std::string> words = {"good", "great", "fine", "love", "happy", "nice", "bad", "awful",
                                                   "poor", "hate", "sad", "ugly", "the", "movie", "film", "was",
                                                   "is", "a", "very", "really"};
    return words;
}

// Writes <dir>/model (config.json, model.safetensors, vocab.txt, tokenizer_config.json): the tiny
// random base model of tests/data/models/<architecture> (each has a 100-token vocabulary).
inline std::filesystem::path writeTinyModel(const std::filesystem::path &dir, const std::string &architecture = "bert")
{
    namespace fs = std::filesystem;
    const fs::path model = dir / "model";
    fs::create_directories(model);
    const fs::path source = fs::path(qEnvironmentVariable("HONE_TEST_DATA").toStdString()) / "models" / architecture / "base";
    fs::copy_file(source / "config.json", model / "config.json", fs::copy_options::overwrite_existing);
    fs::copy_file(source / "model.safetensors", model / "model.safetensors", fs::copy_options::overwrite_existing);
    std::vector<std::string> vocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ","};
    for (const auto &w : tinyWords())
        vocab.push_back(w);
    for (char c = 'a'; c <= 'z'; ++c)
        vocab.push_back(std::string(1, c));
    for (char c = 'a'; c <= 'z'; ++c)
        vocab.push_back("##" + std::string(1, c));
    for (char c = '0'; c <= '9' && vocab.size() < 100; ++c)
        vocab.push_back(std::string(1, c));
    while (vocab.size() < 100)
        vocab.push_back("[unused" + std::to_string(vocab.size()) + "]");
    std::ofstream out(model / "vocab.txt");
    for (const auto &v : vocab)
        out << v << "\n";
    std::ofstream(model / "tokenizer_config.json") << R"({"do_lower_case": true, "model_max_length": 40, "tokenizer_class": "BertTokenizer"})";
    return model;
}

// Positive texts use words 0-5, negative 6-11, with shared filler words; deterministic.
inline std::filesystem::path writeTinyDataset(const std::filesystem::path &dir, int rows = 240)
{
    const auto &w = tinyWords();
    const std::filesystem::path file = dir / "tiny.csv";
    std::ofstream out(file);
    out << "text,label\n";
    for (int i = 0; i < rows; ++i) {
        const bool positive = i % 2 == 0;
        const std::string key = w[static_cast<std::size_t>((positive ? 0 : 6) + (i / 2) % 6)];
        const std::string filler = w[static_cast<std::size_t>(12 + i % 8)];
        out << "\"the " << filler << " " << key << " " << w[static_cast<std::size_t>(12 + (i * 3) % 8)] << ", " << (i / 2) % 10
            << "\"," << (positive ? "pos" : "neg") << "\n";
    }
    return file;
}

inline TrainingConfig tinyConfig(const std::filesystem::path &model, const std::filesystem::path &data)
{
    TrainingConfig c;
    c.name = "tiny";
    c.model = model.string();
    c.data.file = data.string();
    c.maxLength = 32;
    c.numTrainEpochs = 4;
    c.learningRate = 3e-3;
    c.perDeviceTrainBatchSize = 16;
    c.evalStrategy = "steps";
    c.evalSteps = 12;
    c.loggingSteps = 4;
    c.seed = 7;
    c.threads = 1; // bit-identical reruns
    c.bf16 = false; // the same numbers on every CPU (bf16 is the default where the CPU has it natively)
    return c;
}

// The highest step in a run's metrics.jsonl so far (a torn last line, while it is written, skipped).
inline std::int64_t lastStep(const std::filesystem::path &metrics)
{
    std::ifstream in(metrics);
    std::string line;
    std::int64_t step = 0;
    while (std::getline(in, line))
        try {
            step = std::max(step, nlohmann::json::parse(line).value("step", std::int64_t(0)));
        } catch (const nlohmann::json::exception &) {
        }
    return step;
}

// hone-cli of this build, and one run of it: exit code (-1 when it crashed) and what it printed.
inline QString cliProgram() { return QString::fromStdString(binaryPath("hone-cli").string()); }

struct CliRun {
    int exitCode = -1;
    QString out, err;
};

inline CliRun runCli(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(cliProgram(), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::CrashExit ? -1 : p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace hone::test

#pragma once
// Helpers for the model tests: fixture folders, goldens from tools/make_model_goldens.py, and
// tensors built from their nested JSON arrays.
#include "testsupport.h"

#include "core/models/causallmloader.h"
#include "core/models/modelconfig.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <QTest>

#include <filesystem>
#include <fstream>
#include <string>

namespace hone::test {

inline std::filesystem::path modelFixture(const std::string &arch, const char *kind)
{
    return std::filesystem::path(dataPath(QString::fromStdString("models/" + arch + "/" + kind)).toStdString());
}

inline std::filesystem::path goldenPath(const std::string &file)
{
    return std::filesystem::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" /
           "models" / file;
}

inline nlohmann::json readGolden(const std::string &arch)
{
    auto j = readJsonFile(goldenPath(arch + ".json"));
    if (!j)
        qFatal("%s", j.error().message.c_str());
    return *j;
}

// A nested JSON array of numbers -> tensor of that shape.
inline torch::Tensor tensorFromJson(const nlohmann::json &j, torch::ScalarType dtype)
{
    std::vector<std::int64_t> shape;
    const nlohmann::json *level = &j;
    while (level->is_array()) {
        shape.push_back(static_cast<std::int64_t>(level->size()));
        if (level->empty())
            break;
        level = &(*level)[0];
    }
    std::vector<double> flat;
    std::function<void(const nlohmann::json &)> walk = [&](const nlohmann::json &x) {
        if (x.is_array())
            for (const auto &y : x)
                walk(y);
        else
            flat.push_back(x.get<double>());
    };
    walk(j);
    return torch::tensor(flat, torch::kDouble).reshape(shape).to(dtype);
}

inline double maxAbsDiff(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// Every parameter's gradient (zeros where none reached it), copied.
inline std::vector<torch::Tensor> gradientsOf(torch::nn::Module &module)
{
    std::vector<torch::Tensor> grads;
    for (const auto &p : module.parameters())
        grads.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return grads;
}

// A tiny random decoder from tests/data/models/<name>/causal ("llama", "llama-tied", "qwen2", "gpt2").
inline LoadedCausalLM loadCausalFixture(const std::string &name)
{
    auto loaded = loadCausalLM(modelFixture(name, "causal"));
    if (!loaded)
        qFatal("%s", loaded.error().message.c_str());
    return std::move(loaded).value();
}

inline void copyFolder(const std::filesystem::path &from, const std::filesystem::path &to)
{
    std::filesystem::create_directories(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
}

inline void writeText(const std::filesystem::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

} // namespace hone::test

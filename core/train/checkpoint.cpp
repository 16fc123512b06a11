#include "core/train/checkpoint.h"

#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr const char *kParametersKey = "hone_parameters";
constexpr const char *kTrainedOnly = "trained";
} // namespace

Result<void> saveCheckpoint(const fs::path &dir, const TrainerState &state, const torch::nn::Module &model,
                            const std::map<std::string, torch::Tensor> &optimizer, const torch::Tensor &rng)
{
    std::vector<std::pair<std::string, torch::Tensor>> all, trained;
    for (const auto &item : model.named_parameters()) {
        all.emplace_back(item.key(), item.value());
        if (item.value().requires_grad())
            trained.emplace_back(item.key(), item.value());
    }
    const bool trainedOnly = trained.size() < all.size();
    std::map<std::string, std::string> metadata;
    if (trainedOnly)
        metadata[kParametersKey] = kTrainedOnly;
    const fs::path staging = dir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        return makeError(ErrorCode::Io, staging.string() + ": cannot create: " + ec.message());
    auto fail = [&](const Error &e) -> Result<void> {
        std::error_code ignore;
        fs::remove_all(staging, ignore);
        return e;
    };
    if (auto r = saveTensors(staging / "model.safetensors", trainedOnly ? trained : all, metadata); !r)
        return fail(r.error());
    std::vector<std::pair<std::string, torch::Tensor>> opt(optimizer.begin(), optimizer.end());
    opt.emplace_back("rng/cpu", rng);
    if (auto r = saveTensors(staging / "optimizer.safetensors", opt); !r)
        return fail(r.error());
    if (auto r = writeFileAtomically(staging / "trainer_state.json", trainerStateJson(state).dump(2) + "\n"); !r)
        return fail(r.error());
    if (auto r = replaceDirectory(staging, dir); !r)
        return fail(r.error());
    return {};
}

Result<Checkpoint> loadCheckpoint(const fs::path &dir)
{
    Checkpoint c;
    auto state = readTrainerState(dir);
    if (!state)
        return state.error();
    c.state = *state;
    auto opt = loadTensors(dir / "optimizer.safetensors");
    if (!opt)
        return opt.error();
    c.optimizer = std::move(opt).value();
    auto rng = c.optimizer.find("rng/cpu");
    if (rng == c.optimizer.end())
        return makeError(ErrorCode::Format, (dir / "optimizer.safetensors").string() + ": no RNG state (rng/cpu)");
    c.rng = rng->second;
    c.optimizer.erase(rng);
    return c;
}

Result<void> loadCheckpointWeights(torch::nn::Module &model, const fs::path &dir)
{
    const fs::path file = dir / "model.safetensors";
    std::map<std::string, std::string> metadata;
    auto tensors = loadTensors(file, &metadata);
    if (!tensors)
        return tensors.error();
    const bool trainedOnly = metadata[kParametersKey] == kTrainedOnly;
    auto parameters = model.named_parameters();
    for (const auto &[name, tensor] : *tensors) {
        const torch::Tensor *target = parameters.find(name);
        if (!target)
            return makeError(ErrorCode::Format, file.string() + ": '" + name + "' is no parameter of this model");
        if (target->sizes() != tensor.sizes())
            return makeError(ErrorCode::Format, file.string() + ": '" + name + "' has the wrong shape");
    }
    if (!trainedOnly)
        for (const auto &item : parameters)
            if (!tensors->count(item.key()))
                return makeError(ErrorCode::Format, file.string() + ": lacks '" + item.key() + "'");
    torch::NoGradGuard noGrad;
    for (const auto &[name, tensor] : *tensors)
        parameters[name].copy_(tensor);
    return {};
}

} // namespace hone

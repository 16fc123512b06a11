#include "core/train/checkpoint.h"

#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

Result<void> saveCheckpoint(const fs::path &dir, const TrainerState &state,
                            const std::vector<std::pair<std::string, torch::Tensor>> &model,
                            const std::map<std::string, torch::Tensor> &optimizer, const torch::Tensor &rng)
{
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
    if (auto r = saveTensors(staging / "model.safetensors", model); !r)
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
    auto model = loadTensors(dir / "model.safetensors");
    if (!model)
        return model.error();
    c.model = std::move(model).value();
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

} // namespace hone

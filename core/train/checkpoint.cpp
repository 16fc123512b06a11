#include "core/train/checkpoint.h"

#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json stateToJson(const TrainerState &s)
{
    json j = {{"step", s.step},
              {"epoch", s.epoch},
              {"sampler_epoch", s.position.epoch},
              {"sampler_batch", s.position.batch},
              {"best_step", s.bestStep},
              {"evals_without_improvement", s.evalsWithoutImprovement},
              {"elapsed_seconds", s.elapsedSeconds},
              {"samples_seen", s.samplesSeen},
              {"tokens_seen", s.tokensSeen},
              {"optimizer_steps", s.optimizerSteps},
              {"pending_evaluation", s.pendingEvaluation},
              {"world_size", s.worldSize}};
    j["best_metric"] = s.bestMetric ? json(*s.bestMetric) : json(nullptr);
    return j;
}

} // namespace

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
    if (auto r = writeFileAtomically(staging / "trainer_state.json", stateToJson(state).dump(2) + "\n"); !r)
        return fail(r.error());
    if (auto r = replaceDirectory(staging, dir); !r)
        return fail(r.error());
    return {};
}

Result<TrainerState> readTrainerState(const fs::path &dir)
{
    const fs::path file = dir / "trainer_state.json";
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::NotFound, file.string() + ": missing (incomplete checkpoint)");
    try {
        const json j = json::parse(in);
        TrainerState s;
        s.step = j.at("step").get<std::int64_t>();
        s.epoch = j.at("epoch").get<double>();
        s.position.epoch = j.at("sampler_epoch").get<int>();
        s.position.batch = j.at("sampler_batch").get<std::size_t>();
        s.bestStep = j.value("best_step", std::int64_t(0));
        s.evalsWithoutImprovement = j.value("evals_without_improvement", 0);
        s.elapsedSeconds = j.value("elapsed_seconds", 0.0);
        s.samplesSeen = j.value("samples_seen", std::int64_t(0));
        s.tokensSeen = j.value("tokens_seen", std::int64_t(0));
        s.optimizerSteps = j.value("optimizer_steps", s.step);
        s.pendingEvaluation = j.value("pending_evaluation", false);
        s.worldSize = j.value("world_size", 1);
        if (j.contains("best_metric") && j["best_metric"].is_number())
            s.bestMetric = j["best_metric"].get<double>();
        return s;
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, file.string() + ": " + e.what());
    }
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

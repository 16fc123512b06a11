#include "core/train/trainerstate.h"

#include "core/io/jsoninteger.h"

#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

json trainerStateJson(const TrainerState &s)
{
    json j = {{"step", s.step},
              {"epoch", s.epoch},
              {"sampler_epoch", s.position.epoch},
              {"sampler_batch", s.position.batch},
              {"best_step", s.bestStep},
              {"evals_without_improvement", s.evalsWithoutImprovement},
              {"elapsed_seconds", s.elapsedSeconds},
              {"evaluation_seconds", s.evaluationSeconds},
              {"samples_seen", s.samplesSeen},
              {"tokens_seen", s.tokensSeen},
              {"optimizer_steps", s.optimizerSteps},
              {"pending_evaluation", s.pendingEvaluation},
              {"world_size", s.worldSize}};
    j["best_metric"] = s.bestMetric ? json(*s.bestMetric) : json(nullptr);
    return j;
}

Result<TrainerState> readTrainerState(const fs::path &dir)
{
    const fs::path file = dir / "trainer_state.json";
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::NotFound, file.string() + ": missing (incomplete checkpoint)");
    const json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return makeError(ErrorCode::Format, file.string() + ": not a JSON object");
    const std::string src = file.string();
    for (const char *key : {"step", "epoch", "sampler_epoch", "sampler_batch"})
        if (!j.contains(key) || j[key].is_null())
            return makeError(ErrorCode::Format, src + ": field \"" + key + "\" is missing");
    if (!j["epoch"].is_number())
        return makeError(ErrorCode::Format, src + ": field \"epoch\" must be a number, not " + j["epoch"].dump());
    TrainerState s;
    s.epoch = j["epoch"].get<double>();
    std::optional<Error> failure;
    // Reads one integer field into target; the first field out of type or range is the error.
    const auto integer = [&](auto &target, const char *key, auto fallback, auto min) {
        using T = std::decay_t<decltype(target)>;
        if (failure)
            return;
        const auto v = readIntegerField<T>(j, key, src, static_cast<T>(fallback), static_cast<T>(min));
        if (v)
            target = *v;
        else
            failure = v.error();
    };
    integer(s.step, "step", 0, 0);
    integer(s.position.epoch, "sampler_epoch", 0, 0);
    integer(s.position.batch, "sampler_batch", 0, 0);
    integer(s.bestStep, "best_step", 0, 0);
    integer(s.evalsWithoutImprovement, "evals_without_improvement", 0, 0);
    integer(s.samplesSeen, "samples_seen", 0, 0);
    integer(s.tokensSeen, "tokens_seen", 0, 0);
    integer(s.optimizerSteps, "optimizer_steps", s.step, 0);
    integer(s.worldSize, "world_size", 1, 1);
    if (failure)
        return *failure;
    for (const auto &[key, target] : {std::pair{"elapsed_seconds", &s.elapsedSeconds}, std::pair{"evaluation_seconds", &s.evaluationSeconds}})
        if (const auto it = j.find(key); it != j.end() && !it->is_null()) {
            if (!it->is_number())
                return makeError(ErrorCode::Format, src + ": field \"" + key + "\" must be a number, not " + it->dump());
            *target = it->get<double>();
        }
    if (const auto it = j.find("pending_evaluation"); it != j.end() && !it->is_null()) {
        if (!it->is_boolean())
            return makeError(ErrorCode::Format, src + ": field \"pending_evaluation\" must be true or false, not " + it->dump());
        s.pendingEvaluation = it->get<bool>();
    }
    if (j.contains("best_metric") && j["best_metric"].is_number())
        s.bestMetric = j["best_metric"].get<double>();
    return s;
}

} // namespace hone

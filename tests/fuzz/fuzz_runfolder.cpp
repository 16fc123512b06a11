// The run-folder readers: one input holds metrics.jsonl, summary.json, state.json, split.json,
// config.json, annotations.json, predictions/validation.jsonl and a checkpoint's
// trainer_state.json separated by lines "=====",
// written into a run folder that is then read the ways the history, the dashboard (typed
// records), Compare (predictions, statistics), the CLI and resume read it.
#include "core/data/datasplit.h"
#include "core/eval/answerfile.h"
#include "core/eval/comparison.h"
#include "core/eval/metrics.h"
#include "core/runs/rundirectory.h"
#include "core/runs/runrecords.h"
#include "core/train/trainerstate.h"
#include "core/train/trainingconfig.h"
#include "fuzzsupport.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    namespace fs = std::filesystem;
    static const char *const files[] = {"metrics.jsonl", "summary.json", "state.json", "split.json",
                                        "config.json", "annotations.json", "predictions/validation.jsonl",
                                        "checkpoints/step-1/trainer_state.json"};
    const auto parts = hone::fuzz::sections({reinterpret_cast<const char *>(data), size}, std::size(files));
    const fs::path dir = hone::fuzz::scratchDir() / "runs" / "20240101-000000-fuzz";
    for (std::size_t i = 0; i < parts.size(); ++i)
        hone::fuzz::writeScratch(fs::path("runs") / "20240101-000000-fuzz" / files[i], parts[i]);
    if (auto run = hone::RunDirectory::open(dir)) {
        (void)run->readMetrics();
        (void)run->readRecords();
        (void)run->readSummary();
        (void)run->state();
        (void)run->checkpoints();
        if (auto summary = run->readJson(run->summaryFile())) {
            for (const char *split : {"validation", "test"})
                if (summary->is_object() && summary->contains(split)) {
                    // from_json reports a malformed record by json::exception; its callers catch it.
                    try {
                        (void)(*summary)[split].get<hone::ClassificationMetrics>();
                    } catch (const nlohmann::json::exception &) {
                    }
                }
        }
    }
    (void)hone::readRunInfo(dir);
    (void)hone::readRunAnnotations(dir);
    const fs::path predictions = dir / "predictions" / "validation.jsonl";
    (void)hone::readPredictionFile(predictions);
    (void)hone::readPredictions(predictions);
    (void)hone::readAnswerSet(predictions);
    (void)hone::listRuns(dir.parent_path());
    (void)hone::loadSplitManifest(dir / "split.json");
    (void)hone::readTrainingConfig(dir / "config.json");
    (void)hone::readTrainerState(dir / "checkpoints" / "step-1");
    return 0;
}

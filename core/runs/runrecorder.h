#pragma once
// The one writer of a run folder. The trainer records config, split, steps, evaluations,
// predictions, summary, state, log lines and checkpoint rotation through it, in the formats
// runrecords.h defines; readers (GUI, CLI) use RunDirectory's typed readers. Torch-free.
#include "core/runs/rundirectory.h"

#include <filesystem>
#include <string>
#include <vector>

namespace hone {

struct SplitManifest;

class RunRecorder {
public:
    // A new run in exactly dir (must not exist or be empty), state "created".
    static Result<RunRecorder> create(const std::filesystem::path &dir);
    // An existing run (resume).
    static Result<RunRecorder> open(const std::filesystem::path &dir);
    // Another rank's view of the run rank 0 records (data parallelism: one writer per run): reads
    // as open() does where the folder is shared, writes nothing, needs no folder.
    static RunRecorder observer(const std::filesystem::path &dir);
    bool writes() const { return m_writes; }

    const RunDirectory &directory() const { return m_dir; }
    const std::filesystem::path &path() const { return m_dir.path(); }

    Result<void> writeConfig(const nlohmann::json &config) const;
    Result<void> writeSplit(const SplitManifest &manifest) const;
    Result<void> appendStep(const StepMetrics &step) const;
    // An "eval" (validation) or "test" record, by eval.split.
    Result<void> appendEval(const EvalMetrics &eval, std::int64_t totalSteps) const;
    // predictions/<split>.jsonl, replaced atomically: one record per evaluated row, as the task writes them.
    Result<void> writePredictions(const std::string &split, const std::vector<nlohmann::json> &records) const;
    // A "samples" record in metrics.jsonl: a language model's answers at one evaluation.
    Result<void> appendSamples(const SampleAnswers &samples) const;
    Result<void> writeSummary(const RunSummary &summary) const;
    // annotations.json (the window's rename, notes and tags): tags trimmed and unique, atomic.
    Result<void> writeAnnotations(const RunAnnotations &annotations) const;
    Result<void> setState(RunState state, const std::string &detail = {}) const;
    // "running", with the number of processes training it (state.json's world_size), which a
    // resume must start again (the checkpoint's batches and data order hold for that many).
    Result<void> setRunning(int worldSize) const;
    Result<void> log(const std::string &line) const;
    // A resumed run goes back to its checkpoint: records after `step` (and test records) are dropped.
    Result<void> rewindTo(std::int64_t step) const;

    // checkpoints/step-N (the parent is created; the checkpoint writer fills it atomically).
    std::filesystem::path checkpointDir(std::int64_t step) const;
    // Deletes the oldest checkpoints beyond `keep`, never the one of keepStep (the best model).
    void rotateCheckpoints(std::size_t keep, std::int64_t keepStep) const;
    // A staging folder for the final model, then moved into model/ in one rename.
    std::filesystem::path modelStagingDir() const;
    Result<void> installModel(const std::filesystem::path &staging) const;

private:
    explicit RunRecorder(RunDirectory dir) : m_dir(std::move(dir)) {}
    RunDirectory m_dir;
    bool m_writes = true;
};

} // namespace hone

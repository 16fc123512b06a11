#pragma once
// The run directory shared by the GUI and hone-cli (design.md):
//   config.json  split.json  metrics.jsonl  summary.json  state.json  log.txt
//   checkpoints/step-N/  model/  predictions/
// state.json says whether the run is running (with the pid), finished, canceled or failed, so a
// run killed without warning shows as "interrupted" and can be resumed.
#include "core/runs/runrecords.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hone {

class RunRecorder;

// The process training a run.
struct RunOwner {
    long pid = 0;
    std::string program;   // its executable's file name ("hone-cli", "hone"); empty when unknown
    bool self = false;     // this process
};

// The folder layout and the raw readers; every write goes through RunRecorder (runrecorder.h).
class RunDirectory {
public:
    // Creates <root>/<yyyymmdd-hhmmss>-<name>/ (a new folder; fails if it already exists).
    static Result<RunDirectory> create(const std::filesystem::path &root, const std::string &name);
    // Creates exactly `dir`; refuses an existing non-empty folder so no run is overwritten.
    static Result<RunDirectory> createAt(const std::filesystem::path &dir);
    static Result<RunDirectory> open(const std::filesystem::path &dir);

    const std::filesystem::path &path() const { return m_dir; }
    std::string id() const { return m_dir.filename().string(); }
    std::filesystem::path configFile() const { return m_dir / "config.json"; }
    std::filesystem::path splitFile() const { return m_dir / "split.json"; }
    std::filesystem::path metricsFile() const { return m_dir / "metrics.jsonl"; }
    std::filesystem::path summaryFile() const { return m_dir / "summary.json"; }
    std::filesystem::path stateFile() const { return m_dir / "state.json"; }
    std::filesystem::path logFile() const { return m_dir / "log.txt"; }
    std::filesystem::path checkpointsDir() const { return m_dir / "checkpoints"; }
    std::filesystem::path modelDir() const { return m_dir / "model"; }
    std::filesystem::path predictionsDir() const { return m_dir / "predictions"; }
    std::filesystem::path annotationsFile() const { return m_dir / "annotations.json"; }

    Result<nlohmann::json> readJson(const std::filesystem::path &file) const;
    // metrics.jsonl, one JSON object per line; a torn last line (killed mid-write) is ignored.
    Result<std::vector<nlohmann::json>> readMetrics() const;
    RunStateRecord stateRecord() const; // as written (Created when state.json is unreadable)
    RunState state() const;             // Running with a dead pid reads as Interrupted
    // Who trains this run: the live process state.json names as running it, if any.
    std::optional<RunOwner> owner() const;

    // metrics.jsonl parsed; a malformed record is an error naming the file and record number.
    Result<RunRecords> readRecords() const;
    // summary.json (written when training finishes); canceled comes from state.json.
    Result<RunSummary> readSummary() const;

    // checkpoints/step-N folders, ascending by N.
    std::vector<std::filesystem::path> checkpoints() const;

private:
    friend class RunRecorder;
    explicit RunDirectory(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    Result<void> writeJson(const std::filesystem::path &file, const nlohmann::json &value) const; // atomic
    Result<void> appendMetric(const nlohmann::json &record) const; // flushed per line
    Result<void> truncateMetrics(std::int64_t lastStep) const;
    Result<void> appendLog(const std::string &line) const;
    // worldSize > 0 records the number of processes; 0 keeps the recorded one.
    Result<void> setState(RunState state, const std::string &detail, int worldSize = 0) const;

    std::filesystem::path m_dir;
};

// Asks another process training the run to stop: SIGINT, which hone-cli turns into a cancel (it
// saves a checkpoint first). Only a live hone-cli is signalled, never a recycled pid or ourselves.
Result<void> requestStop(const RunOwner &owner);

// summary.json of the run in runDir (RunDirectory::readSummary).
Result<RunSummary> readRunSummary(const std::filesystem::path &runDir);

// <root>/<yyyymmdd-hhmmss>-<name> for a new run (a free name: "-2", "-3" appended if taken).
std::filesystem::path newRunPath(const std::filesystem::path &root, const std::string &name);

// What the user wrote about a run after the fact (annotations.json): a display name that
// overrides config.json's, free-text notes and tags. The folder itself is never renamed, so
// paths held by exports, scripts and resumes stay valid.
struct RunAnnotations {
    std::string name;              // empty: config.json's name
    std::string notes;
    std::vector<std::string> tags; // trimmed, unique, in the order given
};
RunAnnotations readRunAnnotations(const std::filesystem::path &dir); // empty when there is none
// The display name of a folder named <yyyymmdd-hhmmss>-<name>: <name>; else the folder name.
std::string runNameFromId(const std::string &id);
// A run's name as every view shows it: a rename (annotations), else config.json's "name" (config may
// be null), else the one in the folder's id (hone-cli without --name leaves the config's empty).
std::string runDisplayName(const std::string &id, const nlohmann::json &config, const RunAnnotations &annotations);

// What the run history shows, read from a run directory without loading any tensors.
struct RunInfo {
    std::filesystem::path path;
    std::string id;           // folder name
    std::string name;
    std::string model;
    std::string dataset;
    RunState state = RunState::Created;
    std::string created;      // ISO 8601 local time
    std::string bestMetricName;
    std::optional<double> bestMetric;
    std::optional<double> testAccuracy;
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
    std::string notes;
    std::vector<std::string> tags;
};

Result<RunInfo> readRunInfo(const std::filesystem::path &dir);
// Every run under root (newest first); folders that are not runs are ignored.
std::vector<RunInfo> listRuns(const std::filesystem::path &root);
// A run folder path, or a run id / unique id suffix under root.
Result<std::filesystem::path> resolveRun(const std::string &idOrPath, const std::filesystem::path &root);
// What a --model argument names when it may be a run folder: the run's trained model (model/; an
// error naming the run while training has not written it yet), or path itself when it is no run.
Result<std::filesystem::path> runModelOrPath(const std::filesystem::path &path);

} // namespace hone

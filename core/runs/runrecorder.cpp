#include "core/runs/runrecorder.h"

#include "core/data/datasplit.h"
#include "core/io/atomicfile.h"

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

Result<RunRecorder> RunRecorder::create(const fs::path &dir)
{
    auto run = RunDirectory::createAt(dir);
    if (!run)
        return run.error();
    return RunRecorder(std::move(run).value());
}

Result<RunRecorder> RunRecorder::open(const fs::path &dir)
{
    auto run = RunDirectory::open(dir);
    if (!run)
        return run.error();
    return RunRecorder(std::move(run).value());
}

RunRecorder RunRecorder::observer(const fs::path &dir)
{
    RunRecorder r{RunDirectory(dir)};
    r.m_writes = false;
    return r;
}

Result<void> RunRecorder::writeAnnotations(const RunAnnotations &annotations) const
{
    auto trim = [](std::string s) {
        const auto first = s.find_first_not_of(" \t\r\n");
        if (first == std::string::npos)
            return std::string();
        return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
    };
    std::vector<std::string> tags;
    for (const auto &t : annotations.tags)
        if (std::string tag = trim(t); !tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end())
            tags.push_back(tag);
    const json j = {{"name", trim(annotations.name)}, {"notes", annotations.notes}, {"tags", tags}};
    return m_dir.writeJson(m_dir.annotationsFile(), j);
}

Result<void> RunRecorder::writeConfig(const json &config) const
{
    if (!m_writes)
        return {};
    return m_dir.writeJson(m_dir.configFile(), config);
}

Result<void> RunRecorder::writeSplit(const SplitManifest &manifest) const
{
    if (!m_writes)
        return {};
    return saveSplitManifest(manifest, m_dir.splitFile());
}

Result<void> RunRecorder::appendStep(const StepMetrics &step) const
{
    if (!m_writes)
        return {};
    return m_dir.appendMetric(step);
}

Result<void> RunRecorder::appendEval(const EvalMetrics &eval, std::int64_t totalSteps) const
{
    if (!m_writes)
        return {};
    return m_dir.appendMetric(evalRecordJson(eval, totalSteps));
}

Result<void> RunRecorder::writePredictions(const std::string &split, const std::vector<json> &records) const
{
    if (!m_writes)
        return {};
    std::string lines;
    for (const auto &r : records)
        lines += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    std::error_code ec;
    fs::create_directories(m_dir.predictionsDir(), ec);
    return writeFileAtomically(m_dir.predictionsDir() / (split + ".jsonl"), lines);
}

Result<void> RunRecorder::appendSamples(const SampleAnswers &samples) const
{
    if (!m_writes)
        return {};
    return m_dir.appendMetric(json(samples));
}

Result<void> RunRecorder::writeSummary(const RunSummary &summary) const
{
    if (!m_writes)
        return {};
    return m_dir.writeJson(m_dir.summaryFile(), summary);
}

Result<void> RunRecorder::setState(RunState state, const std::string &detail) const
{
    if (!m_writes)
        return {};
    return m_dir.setState(state, detail);
}

Result<void> RunRecorder::setRunning(int worldSize) const
{
    if (!m_writes)
        return {};
    return m_dir.setState(RunState::Running, {}, worldSize);
}

Result<void> RunRecorder::log(const std::string &line) const
{
    if (!m_writes)
        return {};
    return m_dir.appendLog(line);
}

Result<void> RunRecorder::rewindTo(std::int64_t step) const
{
    if (!m_writes)
        return {};
    return m_dir.truncateMetrics(step);
}

fs::path RunRecorder::checkpointDir(std::int64_t step) const
{
    std::error_code ec;
    if (m_writes)
        fs::create_directories(m_dir.checkpointsDir(), ec);
    return m_dir.checkpointsDir() / ("step-" + std::to_string(step));
}

void RunRecorder::rotateCheckpoints(std::size_t keep, std::int64_t keepStep) const
{
    if (!m_writes)
        return;
    auto all = m_dir.checkpoints();
    const std::string kept = "step-" + std::to_string(keepStep);
    for (std::size_t i = 0; all.size() > keep && i + keep < all.size(); ++i) {
        if (all[i].filename() == kept)
            continue;
        std::error_code ec;
        fs::remove_all(all[i], ec);
    }
}

fs::path RunRecorder::modelStagingDir() const
{
    const fs::path staging = m_dir.path() / "model.partial";
    std::error_code ec;
    if (m_writes)
        fs::remove_all(staging, ec);
    return staging;
}

Result<void> RunRecorder::installModel(const fs::path &staging) const
{
    if (!m_writes)
        return {};
    return replaceDirectory(staging, m_dir.modelDir());
}

} // namespace hone

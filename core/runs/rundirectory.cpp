#include "core/runs/rundirectory.h"

#include "core/io/atomicfile.h"
#include "core/io/jsoninteger.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string timestamp(const char *format)
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    char buf[64];
    std::strftime(buf, sizeof buf, format, &local);
    return buf;
}

std::string sanitizeName(const std::string &name)
{
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c >= 0x80)
            out += static_cast<char>(c);
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && (out.back() == '-' || out.back() == '.'))
        out.pop_back();
    return out.empty() ? "run" : out.substr(0, 80);
}

bool processAlive(long pid)
{
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// A field of a run file, or fallback when the file holds something else there (hand-edited, torn,
// another version): reading the history never throws.
template <typename T>
T fieldOr(const json &j, const char *key, T fallback)
{
    const auto it = j.is_object() ? j.find(key) : j.end();
    if (it == j.end())
        return fallback;
    if constexpr (std::is_integral_v<T>) {
        // get<T>() of a float such as 1e300 is undefined behaviour, not an exception.
        const auto v = readInteger<T>(*it, std::string(), key);
        return v ? *v : fallback;
    } else {
        try {
            return it->get<T>();
        } catch (const json::exception &) {
            return fallback;
        }
    }
}

} // namespace

Result<RunDirectory> RunDirectory::createAt(const fs::path &dir)
{
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
        return makeError(ErrorCode::InvalidArgument,
                         dir.string() + ": already exists and is not empty; choose another run folder (or resume it)");
    fs::create_directories(dir, ec);
    if (ec)
        return makeError(ErrorCode::Io, dir.string() + ": cannot create run folder: " + ec.message());
    RunDirectory run(fs::absolute(dir));
    RunStateRecord created;
    created.created = timestamp("%Y-%m-%dT%H:%M:%S");
    if (auto r = run.writeJson(run.stateFile(), created); !r)
        return r.error();
    return run;
}

fs::path newRunPath(const fs::path &root, const std::string &name)
{
    const std::string base = timestamp("%Y%m%d-%H%M%S") + "-" + sanitizeName(name);
    fs::path dir = root / base;
    for (int i = 2; fs::exists(dir) && i < 1000; ++i)
        dir = root / (base + "-" + std::to_string(i));
    return dir;
}

Result<RunDirectory> RunDirectory::create(const fs::path &root, const std::string &name)
{
    return createAt(newRunPath(root, name));
}

Result<RunDirectory> RunDirectory::open(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return makeError(ErrorCode::NotFound, dir.string() + ": no such run folder");
    if (!fs::exists(dir / "state.json", ec))
        return makeError(ErrorCode::NotFound, dir.string() + ": not a Hone run folder (no state.json)");
    return RunDirectory(fs::absolute(dir));
}

Result<void> RunDirectory::writeJson(const fs::path &file, const json &value) const
{
    return writeFileAtomically(file, value.dump(2) + "\n");
}

Result<json> RunDirectory::readJson(const fs::path &file) const
{
    std::ifstream in(file);
    if (!in)
        return makeError(ErrorCode::NotFound, file.string() + ": cannot open");
    try {
        return json::parse(in);
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, file.string() + ": not valid JSON: " + e.what());
    }
}

Result<void> RunDirectory::appendMetric(const json &record) const
{
    const std::string line = record.dump() + "\n";
    const int fd = ::open(metricsFile().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorCode::Io, metricsFile().string() + ": cannot open: " + std::strerror(errno));
    auto r = writeAll(fd, line.data(), line.size(), metricsFile());
    ::close(fd);
    return r;
}

Result<std::vector<json>> RunDirectory::readMetrics() const
{
    std::vector<json> records;
    std::ifstream in(metricsFile());
    if (!in)
        return records; // no metrics yet
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        try {
            records.push_back(json::parse(line));
        } catch (const json::exception &) {
            // a line torn by a kill mid-write: everything before it is intact
        }
    }
    return records;
}

Result<void> RunDirectory::truncateMetrics(std::int64_t lastStep) const
{
    auto records = readMetrics();
    if (!records)
        return records.error();
    std::string kept;
    for (const auto &r : *records) {
        const std::string kind = fieldOr(r, "kind", std::string());
        const bool test = kind == "test" || (kind == "samples" && fieldOr(r, "split", std::string()) == "test");
        if (fieldOr(r, "step", std::int64_t(0)) <= lastStep && !test)
            kept += r.dump() + "\n";
    }
    return writeFileAtomically(metricsFile(), kept);
}

Result<void> RunDirectory::appendLog(const std::string &line) const
{
    std::ofstream out(logFile(), std::ios::app);
    if (!out)
        return makeError(ErrorCode::Io, logFile().string() + ": cannot append");
    out << timestamp("%Y-%m-%d %H:%M:%S") << "  " << line << "\n";
    return {};
}

Result<void> RunDirectory::setState(RunState state, const std::string &detail, int worldSize) const
{
    RunStateRecord record = stateRecord();
    if (worldSize > 0)
        record.worldSize = worldSize;
    record.state = state;
    record.updated = timestamp("%Y-%m-%dT%H:%M:%S");
    record.pid = state == RunState::Running ? static_cast<long>(::getpid()) : 0L;
    record.detail = detail;
    return writeJson(stateFile(), record);
}

RunStateRecord RunDirectory::stateRecord() const
{
    RunStateRecord record;
    if (auto j = readJson(stateFile()); j && j->is_object()) {
        try {
            record = j->get<RunStateRecord>();
        } catch (const json::exception &) {
            // a state.json of the wrong shape reads as a run that was only created
        }
    }
    return record;
}

RunState RunDirectory::state() const
{
    const RunStateRecord record = stateRecord();
    if (record.state == RunState::Running && !processAlive(record.pid))
        return RunState::Interrupted;
    return record.state;
}

std::optional<RunOwner> RunDirectory::owner() const
{
    const RunStateRecord record = stateRecord();
    if (record.state != RunState::Running || !processAlive(record.pid))
        return std::nullopt;
    RunOwner owner;
    owner.pid = record.pid;
    owner.self = record.pid == static_cast<long>(::getpid());
    // argv[0] from /proc (Linux): tells hone-cli from a pid the system has since given to another program.
    std::ifstream cmdline("/proc/" + std::to_string(record.pid) + "/cmdline", std::ios::binary);
    std::string argv0;
    std::getline(cmdline, argv0, '\0');
    owner.program = fs::path(argv0).filename().string();
    return owner;
}

Result<void> requestStop(const RunOwner &owner)
{
    if (owner.self)
        return makeError(ErrorCode::InvalidArgument, "the run is trained by this process; cancel its job instead");
    if (owner.program != "hone-cli")
        return makeError(ErrorCode::InvalidArgument, "process " + std::to_string(owner.pid) + " is not hone-cli (" +
                                                         (owner.program.empty() ? std::string("unknown") : owner.program) +
                                                         "); not signalled");
    if (::kill(static_cast<pid_t>(owner.pid), SIGINT) != 0)
        return makeError(ErrorCode::Io, "cannot signal process " + std::to_string(owner.pid) + ": " + std::strerror(errno));
    return {};
}

Result<RunRecords> RunDirectory::readRecords() const
{
    auto lines = readMetrics();
    if (!lines)
        return lines.error();
    RunRecords records;
    std::size_t number = 0;
    for (const auto &line : *lines) {
        ++number;
        auto record = parseMetricsRecord(line);
        if (!record)
            return makeError(ErrorCode::Format,
                             metricsFile().string() + ": record " + std::to_string(number) + ": " + record.error().message);
        if (record->step)
            records.steps.push_back(std::move(*record->step));
        if (record->eval)
            records.evals.push_back(std::move(*record->eval));
        if (record->samples)
            records.samples.push_back(std::move(*record->samples));
    }
    return records;
}

Result<RunSummary> RunDirectory::readSummary() const
{
    auto j = readJson(summaryFile());
    if (!j)
        return j.error();
    auto summary = parseSummary(*j);
    if (!summary)
        return makeError(ErrorCode::Format, summaryFile().string() + ": " + summary.error().message);
    summary->runDir = m_dir;
    summary->canceled = state() == RunState::Canceled;
    return summary;
}

std::vector<fs::path> RunDirectory::checkpoints() const
{
    std::vector<std::pair<std::int64_t, fs::path>> found;
    std::error_code ec;
    for (fs::directory_iterator it(checkpointsDir(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        // step-N only: a staging "step-N.partial" left by a kill is not a checkpoint
        const std::string digits = name.size() > 5 ? name.substr(5) : std::string();
        if (name.rfind("step-", 0) != 0 || digits.empty() || digits.size() > 18 || !it->is_directory() ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        found.emplace_back(std::stoll(digits), it->path());
    }
    std::sort(found.begin(), found.end());
    std::vector<fs::path> paths;
    for (auto &f : found)
        paths.push_back(f.second);
    return paths;
}

std::string runNameFromId(const std::string &id)
{
    // yyyymmdd-hhmmss-
    const bool stamped = id.size() > 16 && id[8] == '-' && id[15] == '-' &&
                         std::all_of(id.begin(), id.begin() + 8, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                         std::all_of(id.begin() + 9, id.begin() + 15, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    return stamped ? id.substr(16) : id;
}

RunAnnotations readRunAnnotations(const fs::path &dir)
{
    RunAnnotations a;
    std::ifstream in(dir / "annotations.json");
    if (!in)
        return a;
    const json j = json::parse(in, nullptr, false);
    if (!j.is_object())
        return a;
    if (j.contains("name") && j["name"].is_string())
        a.name = j["name"].get<std::string>();
    if (j.contains("notes") && j["notes"].is_string())
        a.notes = j["notes"].get<std::string>();
    if (j.contains("tags") && j["tags"].is_array())
        for (const auto &t : j["tags"])
            if (t.is_string())
                a.tags.push_back(t.get<std::string>());
    return a;
}

std::string runDisplayName(const std::string &id, const json &config, const RunAnnotations &annotations)
{
    if (!annotations.name.empty())
        return annotations.name;
    if (const std::string name = config.is_object() ? fieldOr(config, "name", std::string()) : std::string(); !name.empty())
        return name;
    return runNameFromId(id);
}

Result<RunInfo> readRunInfo(const fs::path &dir)
{
    auto run = RunDirectory::open(dir);
    if (!run)
        return run.error();
    RunInfo info;
    info.path = run->path();
    info.id = run->id();
    info.state = run->state();
    info.created = run->stateRecord().created;
    auto config = run->readJson(run->configFile());
    RunAnnotations annotations = readRunAnnotations(dir);
    info.name = runDisplayName(info.id, config ? *config : json(), annotations);
    if (config) {
        info.model = fieldOr(*config, "model", std::string());
        const json d = fieldOr(*config, "data", json::object());
        std::string file = fieldOr(d, "file", std::string());
        if (file.empty())
            file = fieldOr(d, "train", std::string());
        info.dataset = fs::path(file).filename().string();
        info.bestMetricName = fieldOr(*config, "metric_for_best_model", std::string("accuracy"));
    }
    info.notes = std::move(annotations.notes);
    info.tags = std::move(annotations.tags);
    if (auto summary = run->readSummary()) {
        info.bestMetric = summary->bestMetric;
        if (summary->test)
            info.testAccuracy = summary->test->accuracy;
    }
    // Record by record: a malformed line costs only itself (the run list shows what it can).
    RunRecords records;
    if (auto lines = run->readMetrics())
        for (const auto &line : *lines) {
            info.totalSteps = std::max(info.totalSteps, fieldOr(line, "total_steps", std::int64_t(0)));
            if (auto record = parseMetricsRecord(line)) {
                if (record->step)
                    records.steps.push_back(std::move(*record->step));
                if (record->eval)
                    records.evals.push_back(std::move(*record->eval));
            }
        }
    for (const auto &s : records.steps)
        info.step = std::max(info.step, s.step);
    for (const auto &e : records.evals)
        info.step = std::max(info.step, e.step);
    if (!info.bestMetric) { // a run still training: the best evaluation so far
        const bool lower = info.bestMetricName == "loss";
        for (const auto &e : records.evals)
            if (auto v = e.value(info.bestMetricName); v && e.split == "validation")
                if (!info.bestMetric || (lower ? *v < *info.bestMetric : *v > *info.bestMetric))
                    info.bestMetric = *v;
    }
    return info;
}

Result<RunSummary> readRunSummary(const fs::path &runDir)
{
    auto run = RunDirectory::open(runDir);
    if (!run)
        return run.error();
    return run->readSummary();
}

std::vector<RunInfo> listRuns(const fs::path &root)
{
    std::vector<RunInfo> runs;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory())
            continue;
        if (auto info = readRunInfo(it->path()))
            runs.push_back(std::move(info).value());
    }
    std::sort(runs.begin(), runs.end(), [](const RunInfo &a, const RunInfo &b) { return a.id > b.id; });
    return runs;
}

Result<fs::path> resolveRun(const std::string &idOrPath, const fs::path &root)
{
    std::error_code ec;
    if (fs::is_directory(idOrPath, ec))
        return fs::absolute(idOrPath);
    std::vector<fs::path> matches;
    for (const auto &run : listRuns(root)) {
        if (run.id == idOrPath)
            return run.path;
        if (run.id.size() >= idOrPath.size() &&
            run.id.compare(run.id.size() - idOrPath.size(), idOrPath.size(), idOrPath) == 0)
            matches.push_back(run.path);
    }
    if (matches.size() == 1)
        return matches.front();
    return makeError(matches.empty() ? ErrorCode::NotFound : ErrorCode::InvalidArgument,
                     "no single run matches '" + idOrPath + "' in " + root.string() +
                         (matches.empty() ? "" : " (" + std::to_string(matches.size()) + " match)"));
}

Result<fs::path> runModelOrPath(const fs::path &path)
{
    auto run = RunDirectory::open(path);
    if (!run)
        return path;
    std::error_code ec;
    if (!fs::exists(run->modelDir() / "config.json", ec))
        return makeError(ErrorCode::NotFound, path.string() +
                                                  ": the run has no trained model yet (model/ is written when training finishes)");
    return run->modelDir();
}

} // namespace hone

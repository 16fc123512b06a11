#pragma once
// Follows a metrics.jsonl that another process (hone-cli train) is appending to, like `tail -f`:
// each poll returns the complete lines added since the last one. A rewritten file (a resumed run
// rewinds its metrics to the checkpoint) is detected and read again from the start. Parse the
// records with runrecords.h (parseStepRecord, parseEvalRecord).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

class MetricsFollower {
public:
    explicit MetricsFollower(std::filesystem::path file = {});

    const std::filesystem::path &file() const { return m_file; }
    // Records appended since the last call (torn or malformed lines are skipped). *restarted is
    // set when the file was replaced or shrank: the caller must drop what it had and use these.
    std::vector<nlohmann::json> poll(bool *restarted = nullptr);

private:
    std::filesystem::path m_file;
    std::int64_t m_offset = 0;
    std::uint64_t m_inode = 0;
    std::string m_partial;
};

} // namespace hone

#pragma once
// Follows a metrics.jsonl that another process (hone-cli train) is appending to, like `tail -f`:
// each poll returns the complete lines added since the last one. A rewritten file (a resumed run
// rewinds its metrics to the checkpoint) is detected and read again from the start.
#include <nlohmann/json.hpp>

#include <QString>

#include <cstdint>
#include <vector>

namespace hone::ui {

class MetricsFollower {
public:
    explicit MetricsFollower(QString file = {});

    QString file() const { return m_file; }
    // Records appended since the last call (torn or malformed lines are skipped). *restarted is
    // set when the file was replaced or shrank: the caller must drop what it had and use these.
    std::vector<nlohmann::json> poll(bool *restarted = nullptr);

private:
    QString m_file;
    std::int64_t m_offset = 0;
    std::uint64_t m_inode = 0;
    QByteArray m_partial;
};

} // namespace hone::ui

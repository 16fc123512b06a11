#include "core/runs/metricsfollower.h"

#include <fstream>
#include <iterator>

#include <sys/stat.h>

namespace hone {

MetricsFollower::MetricsFollower(std::filesystem::path file) : m_file(std::move(file)) {}

std::vector<nlohmann::json> MetricsFollower::poll(bool *restarted)
{
    if (restarted)
        *restarted = false;
    std::vector<nlohmann::json> records;
    struct stat st {};
    if (::stat(m_file.c_str(), &st) != 0)
        return records;
    const auto inode = std::uint64_t(st.st_ino);
    if ((m_inode != 0 && inode != m_inode) || st.st_size < m_offset) {
        m_offset = 0;
        m_partial.clear();
        if (restarted)
            *restarted = true;
    }
    m_inode = inode;
    if (st.st_size == m_offset)
        return records;

    std::ifstream in(m_file, std::ios::binary);
    if (!in || !in.seekg(m_offset))
        return records;
    const std::string added((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    m_offset += static_cast<std::int64_t>(added.size());
    std::string chunk = m_partial + added;
    const std::size_t lastNewline = chunk.rfind('\n');
    // an incomplete last line waits for the next poll
    m_partial = lastNewline == std::string::npos ? chunk : chunk.substr(lastNewline + 1);
    chunk.resize(lastNewline == std::string::npos ? 0 : lastNewline + 1);
    std::size_t start = 0;
    while (start < chunk.size()) {
        std::size_t end = chunk.find('\n', start);
        if (end == std::string::npos)
            end = chunk.size();
        if (end > start) {
            try {
                records.push_back(nlohmann::json::parse(chunk.data() + start, chunk.data() + end));
            } catch (const nlohmann::json::exception &) {
                // a torn line (a writer killed mid-line, then resumed): skip it, as RunDirectory's reader does
            }
        }
        start = end + 1;
    }
    return records;
}

} // namespace hone

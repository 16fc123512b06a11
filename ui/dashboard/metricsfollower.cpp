#include "ui/dashboard/metricsfollower.h"

#include <QFile>

#include <sys/stat.h>

namespace hone::ui {

MetricsFollower::MetricsFollower(QString file) : m_file(std::move(file)) {}

std::vector<nlohmann::json> MetricsFollower::poll(bool *restarted)
{
    if (restarted)
        *restarted = false;
    std::vector<nlohmann::json> records;
    struct stat st {};
    const QByteArray name = QFile::encodeName(m_file);
    if (::stat(name.constData(), &st) != 0)
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

    QFile in(m_file);
    if (!in.open(QIODevice::ReadOnly) || !in.seek(m_offset))
        return records;
    QByteArray chunk = m_partial + in.readAll();
    m_offset += chunk.size() - m_partial.size();
    const qsizetype lastNewline = chunk.lastIndexOf('\n');
    m_partial = chunk.mid(lastNewline + 1); // an incomplete last line waits for the next poll
    chunk.truncate(lastNewline + 1);
    qsizetype start = 0;
    while (start < chunk.size()) {
        qsizetype end = chunk.indexOf('\n', start);
        if (end < 0)
            end = chunk.size();
        if (end > start) {
            try {
                records.push_back(nlohmann::json::parse(chunk.constData() + start, chunk.constData() + end));
            } catch (const nlohmann::json::exception &) {
                // a torn line (a writer killed mid-line, then resumed): skip it, as core's reader does
            }
        }
        start = end + 1;
    }
    return records;
}

} // namespace hone::ui

#include "core/text/vocabulary.h"

#include <functional>

namespace hone {

namespace {
inline std::size_t hashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }
} // namespace

void Vocabulary::reserve(std::size_t count)
{
    m_tokens.reserve(count);
    m_present.reserve(count);
    std::size_t capacity = 16;
    while (capacity < count * 2)
        capacity <<= 1;
    if (capacity > m_slots.size()) {
        std::vector<std::int32_t> old;
        old.swap(m_slots);
        m_slots.assign(capacity, -1);
        m_hashes.assign(capacity, 0);
        for (std::int32_t id : old) {
            if (id < 0)
                continue;
            const std::size_t h = hashOf(m_tokens[static_cast<std::size_t>(id)]);
            const std::size_t slot = slotFor(m_tokens[static_cast<std::size_t>(id)], h);
            m_slots[slot] = id;
            m_hashes[slot] = static_cast<std::uint32_t>(h);
        }
    }
}

void Vocabulary::grow() { reserve(m_slots.empty() ? 8 : m_slots.size()); }

std::size_t Vocabulary::slotFor(std::string_view token, std::size_t hash) const
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = hash & mask;
    while (m_slots[slot] >= 0) {
        if (m_hashes[slot] == static_cast<std::uint32_t>(hash) && m_tokens[static_cast<std::size_t>(m_slots[slot])] == token)
            return slot;
        slot = (slot + 1) & mask;
    }
    return slot;
}

bool Vocabulary::insert(std::string_view token, int id)
{
    if (id < 0 || contains(id))
        return false;
    if ((m_count + 1) * 2 > m_slots.size())
        grow();
    const std::size_t h = hashOf(token);
    const std::size_t slot = slotFor(token, h);
    if (m_slots[slot] >= 0)
        return false;
    if (static_cast<std::size_t>(id) >= m_tokens.size()) {
        m_tokens.resize(static_cast<std::size_t>(id) + 1);
        m_present.resize(static_cast<std::size_t>(id) + 1, 0);
    }
    m_tokens[static_cast<std::size_t>(id)] = std::string(token);
    m_present[static_cast<std::size_t>(id)] = 1;
    m_slots[slot] = id;
    m_hashes[slot] = static_cast<std::uint32_t>(h);
    ++m_count;
    return true;
}

int Vocabulary::find(std::string_view token) const
{
    if (m_slots.empty())
        return -1;
    const std::size_t h = hashOf(token);
    const std::int32_t id = m_slots[slotFor(token, h)];
    return id;
}

} // namespace hone

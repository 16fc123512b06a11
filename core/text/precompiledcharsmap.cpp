#include "core/text/precompiledcharsmap.h"

#include <cstring>

namespace hone {

Result<PrecompiledCharsmap> PrecompiledCharsmap::parse(std::string_view blob, const std::string &source)
{
    PrecompiledCharsmap map;
    if (blob.empty())
        return map;
    if (blob.size() < 4)
        return makeError(ErrorCode::Format, source + ": precompiled_charsmap is truncated");
    std::uint32_t trieBytes = 0;
    std::memcpy(&trieBytes, blob.data(), 4);
    if (trieBytes % 4 != 0 || trieBytes > blob.size() - 4 || trieBytes == 0)
        return makeError(ErrorCode::Format, source + ": precompiled_charsmap has an invalid trie size");
    map.m_units.resize(trieBytes / 4);
    std::memcpy(map.m_units.data(), blob.data() + 4, trieBytes);
    map.m_normalized.assign(blob.substr(4 + trieBytes));
    return map;
}

bool PrecompiledCharsmap::transform(std::string_view chunk, std::string_view &replacement) const
{
    // Darts-clone unit layout: label in the low byte (+ bit 31), has_leaf at bit 8, offset above.
    auto offset = [](std::uint32_t unit) { return (unit >> 10) << ((unit & (1u << 9)) >> 6); };
    auto label = [](std::uint32_t unit) { return unit & ((1u << 31) | 0xFFu); };
    auto hasLeaf = [](std::uint32_t unit) { return ((unit >> 8) & 1u) == 1u; };
    auto value = [](std::uint32_t unit) { return unit & ((1u << 31) - 1); };
    const std::size_t size = m_units.size();
    if (size == 0)
        return false;
    std::size_t node = offset(m_units[0]);
    for (unsigned char c : chunk) {
        if (c == 0)
            break;
        node ^= c;
        if (node >= size)
            return false;
        const std::uint32_t unit = m_units[node];
        if (label(unit) != c)
            return false;
        node ^= offset(unit);
        if (node >= size)
            return false;
        if (hasLeaf(unit)) {
            const std::size_t index = value(m_units[node]);
            if (index >= m_normalized.size())
                return false;
            const std::size_t end = m_normalized.find('\0', index);
            replacement = std::string_view(m_normalized).substr(index, (end == std::string::npos ? m_normalized.size() : end) - index);
            return true; // the first (shortest) match, as tokenizers takes results[0]
        }
    }
    return false;
}

} // namespace hone

#include "core/data/labelset.h"

#include <algorithm>

namespace hone {

bool isCanonicalInteger(std::string_view s)
{
    const bool negative = !s.empty() && s[0] == '-';
    if (negative)
        s.remove_prefix(1);
    if (s.empty() || s.size() > 18)
        return false;
    if (s[0] == '0' && (s.size() > 1 || negative))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

LabelSet LabelSet::fromNames(const std::vector<std::string> &names)
{
    LabelSet set;
    for (const auto &n : names) {
        if (set.m_index.emplace(n, static_cast<int>(set.m_names.size())).second)
            set.m_names.push_back(n);
    }
    return set;
}

LabelSet LabelSet::sorted(const std::vector<std::string> &names)
{
    std::vector<std::string> unique = names;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    const bool numeric = !unique.empty()
                         && std::all_of(unique.begin(), unique.end(), [](const std::string &s) { return isCanonicalInteger(s); });
    if (numeric) {
        std::sort(unique.begin(), unique.end(),
                  [](const std::string &a, const std::string &b) { return std::stoll(a) < std::stoll(b); });
    }
    return fromNames(unique);
}

int LabelSet::indexOf(std::string_view name) const
{
    const auto it = m_index.find(std::string(name));
    return it == m_index.end() ? -1 : it->second;
}

bool LabelSet::integerLabels() const
{
    return !m_names.empty() && std::all_of(m_names.begin(), m_names.end(), [](const std::string &s) {
        return isCanonicalInteger(s);
    });
}

} // namespace hone

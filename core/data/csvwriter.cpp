#include "core/data/csvwriter.h"

namespace hone {

std::string csvField(std::string_view field, char delimiter)
{
    if (field.find_first_of(std::string{'"', '\r', '\n', delimiter}) == std::string_view::npos)
        return std::string(field);
    std::string quoted = "\"";
    for (char c : field) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csvLine(const std::vector<std::string> &fields, char delimiter)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i)
            line += delimiter;
        line += csvField(fields[i], delimiter);
    }
    line += '\n';
    return line;
}

} // namespace hone

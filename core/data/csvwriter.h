#pragma once
// RFC 4180 output: fields quoted when they hold the delimiter, a quote, CR or LF; quotes doubled.
#include <string>
#include <string_view>
#include <vector>

namespace hone {

std::string csvField(std::string_view field, char delimiter = ',');
// The fields joined by the delimiter, ending with "\n".
std::string csvLine(const std::vector<std::string> &fields, char delimiter = ',');

} // namespace hone

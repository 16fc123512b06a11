#include "core/io/jsoninteger.h"

#include <cmath>

namespace hone {

namespace {

// A float with no fraction; 2^63 and 2^64 are exact doubles, so the bounds below convert without overflow.
bool isWhole(double d)
{
    return std::isfinite(d) && std::floor(d) == d;
}

} // namespace

std::optional<std::int64_t> exactSignedInteger(const nlohmann::json &v)
{
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (isWhole(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
            return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<std::uint64_t> exactUnsignedInteger(const nlohmann::json &v)
{
    if (v.is_number_unsigned())
        return v.get<std::uint64_t>();
    if (v.is_number_integer()) {
        const auto s = v.get<std::int64_t>();
        if (s < 0)
            return std::nullopt;
        return static_cast<std::uint64_t>(s);
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (isWhole(d) && d >= 0 && d < 18446744073709551616.0)
            return static_cast<std::uint64_t>(d);
    }
    return std::nullopt;
}

Error integerError(const nlohmann::json &v, const std::string &source, const std::string &field, const std::string &min,
                   const std::string &max)
{
    const std::string where = (source.empty() ? std::string() : source + ": ") + "field \"" + field + "\" ";
    const bool whole = v.is_number_integer() || (v.is_number_float() && isWhole(v.get<double>()));
    if (!whole)
        return makeError(ErrorCode::Format, where + "must be an integer, not " + v.dump());
    return makeError(ErrorCode::Format, where + "is " + v.dump() + "; expected an integer from " + min + " to " + max);
}

} // namespace hone

#pragma once
// The one checked reader of integers in JSON files a user or another program hands us (config.json,
// tokenizer files, run folders, checkpoints, split manifests). nlohmann's get<int>() converts a
// float such as 1e300 with undefined behaviour and wraps an out-of-range integer silently; these
// functions accept only a value that is exactly an integer within the asked range.
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace hone {

// The integer v holds exactly: an integer number, or a float with no fraction (768.0, as some
// Python writers emit). nullopt for anything else or a value the type cannot hold.
std::optional<std::int64_t> exactSignedInteger(const nlohmann::json &v);
std::optional<std::uint64_t> exactUnsignedInteger(const nlohmann::json &v);

// "<source>: field "<field>" must be an integer, not 2.5" or
// "<source>: field "<field>" is 1e+300; expected an integer from 1 to 1000000000".
Error integerError(const nlohmann::json &v, const std::string &source, const std::string &field, const std::string &min,
                   const std::string &max);

// v as a T within [min, max], or an error naming the file (source) and the field.
template <typename T>
Result<T> readInteger(const nlohmann::json &v, const std::string &source, const std::string &field,
                      T min = std::numeric_limits<T>::min(), T max = std::numeric_limits<T>::max())
{
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    if constexpr (std::is_unsigned_v<T>) {
        if (const auto u = exactUnsignedInteger(v); u && *u >= min && *u <= max)
            return static_cast<T>(*u);
    } else {
        if (const auto s = exactSignedInteger(v); s && *s >= min && *s <= max)
            return static_cast<T>(*s);
    }
    return integerError(v, source, field, std::to_string(min), std::to_string(max));
}

// object[key] as by readInteger; fallback when the key is absent or null.
template <typename T>
Result<T> readIntegerField(const nlohmann::json &object, const char *key, const std::string &source, T fallback,
                           T min = std::numeric_limits<T>::min(), T max = std::numeric_limits<T>::max())
{
    const auto it = object.is_object() ? object.find(key) : object.end();
    if (it == object.end() || it->is_null())
        return fallback;
    return readInteger<T>(*it, source, key, min, max);
}

} // namespace hone

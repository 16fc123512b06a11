#pragma once
// Result<T>: a value or an error (code + English detail). Core never throws across its API;
// the UI maps codes to translated text, the CLI prints the detail.
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hone {

enum class ErrorCode {
    Io,              // a file or folder could not be read or written
    Format,          // bytes that do not parse as what they claim to be
    Unsupported,     // well-formed, but not something Hone handles (architecture, dtype, pickle)
    InvalidArgument, // a value a caller or user passed is out of range or inconsistent
    NotFound,        // a model, column, run or file that is not there
    Canceled,        // the user asked to stop
    Internal,        // a bug or a library failure
};

const char *errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

} // namespace hone

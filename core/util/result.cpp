#include "core/util/result.h"

namespace hone {

const char *errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Format: return "format";
    case ErrorCode::Unsupported: return "unsupported";
    case ErrorCode::InvalidArgument: return "invalid-argument";
    case ErrorCode::NotFound: return "not-found";
    case ErrorCode::Canceled: return "canceled";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

} // namespace hone

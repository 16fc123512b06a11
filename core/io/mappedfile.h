#pragma once
// A read-only memory map of a whole file; move-only, unmapped on destruction.
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace hone {

class MappedFile {
public:
    static Result<MappedFile> open(const std::filesystem::path &path);

    MappedFile() = default;
    MappedFile(MappedFile &&other) noexcept;
    MappedFile &operator=(MappedFile &&other) noexcept;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    ~MappedFile();

    const std::byte *data() const { return m_data; }
    std::uint64_t size() const { return m_size; }

private:
    const std::byte *m_data = nullptr;
    std::uint64_t m_size = 0;
};

} // namespace hone

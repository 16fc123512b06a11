#pragma once
// safetensors: a little-endian u64 header length, a JSON header, then raw tensor bytes.
// Everything in the header is validated before a single tensor byte is used.
#include "core/io/mappedfile.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hone {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

const char *dtypeName(DType dtype);               // "F32", "BF16", ...
std::size_t dtypeSize(DType dtype);
bool dtypeFromName(const std::string &name, DType &out);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0; // offsets into the data section
    std::uint64_t end = 0;

    std::int64_t numel() const;
};

struct SafetensorsHeader {
    std::vector<TensorInfo> tensors; // in file order (sorted by offset)
    std::map<std::string, std::string> metadata;
    std::uint64_t dataOffset = 0;    // 8 + header length

    std::int64_t parameterCount() const;
    const TensorInfo *find(const std::string &name) const;
};

constexpr std::uint64_t kMaxSafetensorsHeader = 100ull * 1024 * 1024;

// Parses and validates a header against the size of the file it came from.
Result<SafetensorsHeader> parseSafetensorsHeader(const std::byte *bytes, std::uint64_t fileSize,
                                                 const std::string &fileName);
// Reads only the header (no mapping of the weights): cheap enough for model discovery.
Result<SafetensorsHeader> readSafetensorsHeader(const std::filesystem::path &path);

class SafetensorsFile {
public:
    static Result<SafetensorsFile> open(const std::filesystem::path &path);

    const SafetensorsHeader &header() const { return m_header; }
    const std::vector<TensorInfo> &tensors() const { return m_header.tensors; }
    const TensorInfo *find(const std::string &name) const { return m_header.find(name); }
    const std::byte *data(const TensorInfo &info) const;
    const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
    MappedFile m_file;
    SafetensorsHeader m_header;
};

// A tensor to write: bytes owned by the caller for the duration of the call.
struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const void *data = nullptr;
    std::size_t bytes = 0;
};

Result<void> writeSafetensors(const std::filesystem::path &path, const std::vector<TensorView> &tensors,
                              const std::map<std::string, std::string> &metadata = {});

// The files of a checkpoint: model.safetensors, or the shards model.safetensors.index.json names.
// Pickle checkpoints are refused with instructions to convert them.
Result<std::vector<std::filesystem::path>> findSafetensorsFiles(const std::filesystem::path &modelDir);

} // namespace hone

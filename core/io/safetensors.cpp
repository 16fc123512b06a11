#include "core/io/safetensors.h"

#include "core/io/atomicfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <set>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct DTypeRow {
    DType dtype;
    const char *name;
    std::size_t size;
};

constexpr DTypeRow kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::I64, "I64", 8}, {DType::I32, "I32", 4}, {DType::I16, "I16", 2}, {DType::I8, "I8", 1},
    {DType::U8, "U8", 1},   {DType::Bool, "BOOL", 1},
};

Error formatError(const std::string &file, const std::string &what)
{
    return makeError(ErrorCode::Format, file + ": invalid safetensors file: " + what);
}

std::uint64_t readLittleEndian64(const std::byte *p)
{
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | static_cast<std::uint8_t>(p[i]);
    return v;
}

} // namespace

const char *dtypeName(DType dtype)
{
    for (const auto &row : kDTypes)
        if (row.dtype == dtype)
            return row.name;
    return "?";
}

std::size_t dtypeSize(DType dtype)
{
    for (const auto &row : kDTypes)
        if (row.dtype == dtype)
            return row.size;
    return 0;
}

bool dtypeFromName(const std::string &name, DType &out)
{
    for (const auto &row : kDTypes)
        if (name == row.name) {
            out = row.dtype;
            return true;
        }
    return false;
}

std::int64_t TensorInfo::numel() const
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

std::int64_t SafetensorsHeader::parameterCount() const
{
    std::int64_t n = 0;
    for (const auto &t : tensors)
        n += t.numel();
    return n;
}

const TensorInfo *SafetensorsHeader::find(const std::string &name) const
{
    for (const auto &t : tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

Result<SafetensorsHeader> parseSafetensorsHeader(const std::byte *bytes, std::uint64_t fileSize,
                                                 const std::string &file)
{
    if (fileSize < 8)
        return formatError(file, "file is " + std::to_string(fileSize) + " bytes, shorter than the 8-byte header length");
    const std::uint64_t headerLength = readLittleEndian64(bytes);
    if (headerLength > kMaxSafetensorsHeader)
        return formatError(file, "header length " + std::to_string(headerLength) + " exceeds the 100 MB limit");
    if (headerLength > fileSize - 8)
        return formatError(file, "header length " + std::to_string(headerLength) + " is larger than the file (" +
                                     std::to_string(fileSize) + " bytes): truncated or not safetensors");

    json header;
    try {
        header = json::parse(reinterpret_cast<const char *>(bytes + 8),
                             reinterpret_cast<const char *>(bytes + 8 + headerLength));
    } catch (const json::exception &e) {
        return formatError(file, std::string("header is not valid JSON: ") + e.what());
    }
    if (!header.is_object())
        return formatError(file, "header is not a JSON object");

    SafetensorsHeader result;
    result.dataOffset = 8 + headerLength;
    const std::uint64_t dataSize = fileSize - result.dataOffset;

    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string &name = it.key();
        const json &entry = it.value();
        if (name == "__metadata__") {
            if (!entry.is_object())
                return formatError(file, "__metadata__ is not an object");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    return formatError(file, "__metadata__." + m.key() + " is not a string");
                result.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + name + "'";
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
            return formatError(file, where + " lacks dtype, shape or data_offsets");
        TensorInfo info;
        info.name = name;
        const json &dtype = entry["dtype"];
        if (!dtype.is_string() || !dtypeFromName(dtype.get<std::string>(), info.dtype))
            return formatError(file, where + " has unknown dtype " + dtype.dump());
        const json &shape = entry["shape"];
        if (!shape.is_array() || shape.size() > 8)
            return formatError(file, where + " has an invalid shape " + shape.dump());
        std::uint64_t numel = 1;
        for (const json &d : shape) {
            if (!d.is_number_unsigned() || d.get<std::uint64_t>() > (1ull << 40))
                return formatError(file, where + " has an invalid dimension in shape " + shape.dump());
            info.shape.push_back(static_cast<std::int64_t>(d.get<std::uint64_t>()));
            numel *= d.get<std::uint64_t>();
            if (numel > (1ull << 42))
                return formatError(file, where + " is impossibly large: shape " + shape.dump());
        }
        const json &offsets = entry["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            return formatError(file, where + " has invalid data_offsets " + offsets.dump());
        info.begin = offsets[0].get<std::uint64_t>();
        info.end = offsets[1].get<std::uint64_t>();
        if (info.begin > info.end || info.end > dataSize)
            return formatError(file, where + " has data_offsets " + offsets.dump() + " outside the data section (" +
                                         std::to_string(dataSize) + " bytes)");
        if (numel * dtypeSize(info.dtype) != info.end - info.begin)
            return formatError(file, where + " has shape " + shape.dump() + " and dtype " + dtypeName(info.dtype) + " (" +
                                         std::to_string(numel * dtypeSize(info.dtype)) + " bytes) but spans " +
                                         std::to_string(info.end - info.begin) + " bytes");
        result.tensors.push_back(std::move(info));
    }

    std::sort(result.tensors.begin(), result.tensors.end(),
              [](const TensorInfo &a, const TensorInfo &b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
    for (std::size_t i = 1; i < result.tensors.size(); ++i) {
        const TensorInfo &prev = result.tensors[i - 1];
        const TensorInfo &cur = result.tensors[i];
        if (cur.begin < prev.end)
            return formatError(file, "tensors '" + prev.name + "' and '" + cur.name + "' overlap");
    }
    return result;
}

Result<SafetensorsHeader> readSafetensorsHeader(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, path.string() + ": cannot open");
    std::error_code ec;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::Io, path.string() + ": cannot stat: " + ec.message());
    std::byte lengthBytes[8] = {};
    if (size >= 8)
        in.read(reinterpret_cast<char *>(lengthBytes), 8);
    const std::uint64_t length = size >= 8 ? readLittleEndian64(lengthBytes) : 0;
    if (size < 8 || length > kMaxSafetensorsHeader || length > size - 8)
        return parseSafetensorsHeader(lengthBytes, size, path.string()); // produces the precise error
    std::vector<std::byte> buffer(8 + length);
    std::memcpy(buffer.data(), lengthBytes, 8);
    if (!in.read(reinterpret_cast<char *>(buffer.data() + 8), static_cast<std::streamsize>(length)))
        return makeError(ErrorCode::Io, path.string() + ": cannot read the header");
    return parseSafetensorsHeader(buffer.data(), size, path.string());
}

Result<SafetensorsFile> SafetensorsFile::open(const fs::path &path)
{
    auto mapped = MappedFile::open(path);
    if (!mapped)
        return mapped.error();
    auto header = parseSafetensorsHeader(mapped->data(), mapped->size(), path.string());
    if (!header)
        return header.error();
    SafetensorsFile file;
    file.m_path = path;
    file.m_file = std::move(mapped).value();
    file.m_header = std::move(header).value();
    return file;
}

const std::byte *SafetensorsFile::data(const TensorInfo &info) const
{
    return m_file.data() + m_header.dataOffset + info.begin;
}

Result<void> writeSafetensors(const fs::path &path, const std::vector<TensorView> &tensors,
                              const std::map<std::string, std::string> &metadata)
{
    json header = json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto &t : tensors) {
        std::uint64_t numel = 1;
        for (auto d : t.shape)
            numel *= static_cast<std::uint64_t>(d);
        if (numel * dtypeSize(t.dtype) != t.bytes)
            return makeError(ErrorCode::InvalidArgument, path.string() + ": tensor '" + t.name + "' has " +
                                                             std::to_string(t.bytes) + " bytes for its shape");
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes}}};
        offset += t.bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' '); // keeps tensor data 8-byte aligned, as HF does
    std::byte length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = static_cast<std::byte>((text.size() >> (8 * i)) & 0xff);
    return writeFileAtomically(path, [&](int fd) -> Result<void> {
        if (auto r = writeAll(fd, length, 8, path); !r)
            return r;
        if (auto r = writeAll(fd, text.data(), text.size(), path); !r)
            return r;
        for (const auto &t : tensors)
            if (auto r = writeAll(fd, t.data, t.bytes, path); !r)
                return r;
        return {};
    });
}

Result<std::vector<fs::path>> findSafetensorsFiles(const fs::path &modelDir)
{
    std::error_code ec;
    const fs::path single = modelDir / "model.safetensors";
    if (fs::is_regular_file(single, ec))
        return std::vector<fs::path>{single};
    const fs::path index = modelDir / "model.safetensors.index.json";
    if (fs::is_regular_file(index, ec)) {
        json j;
        try {
            std::ifstream in(index);
            j = json::parse(in);
        } catch (const json::exception &e) {
            return makeError(ErrorCode::Format, index.string() + ": not valid JSON: " + e.what());
        }
        if (!j.contains("weight_map") || !j["weight_map"].is_object())
            return makeError(ErrorCode::Format, index.string() + ": no \"weight_map\" object");
        std::set<std::string> shards;
        for (const auto &v : j["weight_map"])
            if (v.is_string())
                shards.insert(v.get<std::string>());
        std::vector<fs::path> files;
        for (const auto &s : shards) {
            const fs::path shard = modelDir / s;
            if (s.find('/') != std::string::npos || s.find("..") != std::string::npos)
                return makeError(ErrorCode::Format, index.string() + ": shard name '" + s + "' is not a plain file name");
            if (!fs::is_regular_file(shard, ec))
                return makeError(ErrorCode::NotFound, index.string() + ": shard '" + s + "' is missing");
            files.push_back(shard);
        }
        if (files.empty())
            return makeError(ErrorCode::Format, index.string() + ": the weight_map names no shards");
        return files;
    }
    for (const char *pickle : {"pytorch_model.bin", "model.pt", "model.pth", "tf_model.h5"})
        if (fs::exists(modelDir / pickle, ec))
            return makeError(ErrorCode::Unsupported,
                             (modelDir / pickle).string() +
                                 ": Hone reads weights only from safetensors (pickle files can run arbitrary code). "
                                 "Convert it once with Python: AutoModel.from_pretrained(dir).save_pretrained(dir, "
                                 "safe_serialization=True)");
    return makeError(ErrorCode::NotFound, modelDir.string() + ": no model.safetensors or model.safetensors.index.json");
}

} // namespace hone

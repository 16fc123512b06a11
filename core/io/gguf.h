#pragma once
// GGUF (ggml's model file, docs/gguf.md): a header of typed metadata and tensor infos, then
// tensor data aligned to general.alignment. Versions 2 and 3. Every count, length, offset,
// dimension and type id is checked against the bytes that remain before it is used, so a
// truncated or hostile file is an error naming the field, never a crash or a huge allocation.
// Quantised tensors dequantize to fp32; llama.cpp tensor names map to Hugging Face names.
#include "core/io/mappedfile.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hone {

// Metadata value types, with the ids the file stores.
enum class GgufValueType : std::uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, Bool = 7,
    String = 8, Array = 9, U64 = 10, I64 = 11, F64 = 12,
};
const char *ggufValueTypeName(GgufValueType type);

// ggml tensor types, with the ids the file stores (only the ones Hone reads or writes).
enum class GgmlType : std::uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8,
    Q4_K = 12, Q5_K = 13, Q6_K = 14, BF16 = 30,
};
const char *ggmlTypeName(GgmlType type);
// Elements per block and bytes per block; false for an id Hone cannot dequantize.
bool ggmlTypeLayout(std::uint32_t typeId, std::int64_t &blockElements, std::int64_t &blockBytes);

struct GgufValue {
    GgufValueType type = GgufValueType::U8;
    GgufValueType elementType = GgufValueType::U8; // arrays only
    std::uint64_t u = 0;      // unsigned integers and bool
    std::int64_t i = 0;       // signed integers
    double f = 0;             // floats
    std::string s;            // strings
    std::vector<GgufValue> array;

    static GgufValue fromString(std::string value);
    static GgufValue fromU32(std::uint32_t value);
    static GgufValue fromI32(std::int32_t value);
    static GgufValue fromU64(std::uint64_t value);
    static GgufValue fromF32(float value);
    static GgufValue fromBool(bool value);
    static GgufValue fromStrings(const std::vector<std::string> &values);
    static GgufValue fromI32s(const std::vector<std::int32_t> &values);
    static GgufValue fromF32s(const std::vector<float> &values);

    bool isInteger() const;
    bool isFloat() const { return type == GgufValueType::F32 || type == GgufValueType::F64; }
    // Integer value of any integer type (bool included); u64 beyond int64 saturates.
    std::int64_t asInt() const;
    double asDouble() const;
};

struct GgufTensorInfo {
    std::string name;
    std::uint32_t typeId = 0;
    std::vector<std::uint64_t> dims; // ggml order: dims[0] is the contiguous (innermost) one
    std::uint64_t offset = 0;        // relative to the data section
    std::uint64_t bytes = 0;

    GgmlType type() const { return static_cast<GgmlType>(typeId); }
    std::int64_t numel() const;
    // Row-major shape as PyTorch/Hugging Face see it (dims reversed).
    std::vector<std::int64_t> shape() const;
};

struct GgufHeader {
    std::uint32_t version = 0;
    std::uint64_t alignment = 32;
    std::uint64_t dataOffset = 0; // file offset of the data section
    std::vector<std::string> keys; // metadata keys in file order
    std::map<std::string, GgufValue> metadata;
    std::vector<GgufTensorInfo> tensors; // in file order

    const GgufValue *find(const std::string &key) const;
    const GgufTensorInfo *tensor(const std::string &name) const;
    // Typed look-ups: absent keys and keys of another type give the fallback / nullptr.
    std::string getString(const std::string &key, const std::string &fallback = {}) const;
    std::int64_t getInt(const std::string &key, std::int64_t fallback) const;
    double getFloat(const std::string &key, double fallback) const;
    const std::vector<GgufValue> *getArray(const std::string &key) const;
    std::string architecture() const { return getString("general.architecture"); }
    std::int64_t parameterCount() const;
};

// Hard limits that keep a hostile header from asking for absurd work.
constexpr std::uint64_t kGgufMaxStringLength = 64ull * 1024 * 1024;
constexpr std::uint32_t kGgufMaxDims = 4;
constexpr int kGgufMaxArrayDepth = 4;

// Parses and validates a header against the bytes of the whole file (data, size).
Result<GgufHeader> parseGgufHeader(const std::byte *data, std::uint64_t size, const std::string &fileName);
// True when the bytes start with the GGUF magic.
bool looksLikeGguf(const std::filesystem::path &path);

// Dequantizes `count` elements of `type` stored in src (count must be a whole number of blocks).
Result<void> dequantizeGgml(std::uint32_t typeId, const std::byte *src, std::uint64_t srcBytes, std::int64_t count,
                            float *dst);

struct FloatTensor {
    std::vector<std::int64_t> shape; // row-major, Hugging Face order
    std::vector<float> data;
};

// The Hugging Face name of a llama.cpp tensor name for an architecture ("llama", "qwen2", "gpt2"),
// or "" when it has none (e.g. llama.cpp's precomputed rope_freqs).
std::string hfTensorName(const std::string &architecture, const std::string &ggufName);
// The reverse, used by GGUF export; "" when the name has no llama.cpp counterpart.
std::string ggufTensorName(const std::string &architecture, const std::string &hfName);

// llama.cpp's converter interleaves the two rotary halves of each head's rows of q_proj/k_proj
// (Llama only). permuteRows goes HF -> GGUF, unpermuteRows GGUF -> HF; rows*cols floats, in place.
void permuteRotaryRows(std::vector<float> &data, std::int64_t rows, std::int64_t cols, std::int64_t heads, bool toGguf);

// Moves a tensor between Hugging Face's layout and llama.cpp's, in place: Llama's q/k rotary row
// order (heads / kvHeads: the attention and key/value head counts), GPT-2's Conv1D weights
// transposed; other tensors are left as they are. Errors say what does not fit.
Result<void> convertTensorLayout(const std::string &architecture, const std::string &hfName, FloatTensor &tensor,
                                 std::int64_t heads, std::int64_t kvHeads, bool toGguf);

class GgufFile {
public:
    static Result<GgufFile> open(const std::filesystem::path &path);
    // A file in memory (tests, fuzzing); the bytes must outlive the object.
    static Result<GgufFile> fromBytes(const std::byte *data, std::uint64_t size, const std::string &name);

    const GgufHeader &header() const { return m_header; }
    const std::vector<GgufTensorInfo> &tensorInfos() const { return m_header.tensors; }
    const std::map<std::string, GgufValue> &metadata() const { return m_header.metadata; }
    std::string architecture() const { return m_header.architecture(); }
    const std::string &name() const { return m_name; }

    // The raw bytes of a tensor (checked to lie inside the file at parse time).
    const std::byte *tensorData(const GgufTensorInfo &info) const;
    // A tensor by its GGUF name, as fp32 in Hugging Face (row-major) shape, exactly as stored.
    Result<FloatTensor> dequantize(const std::string &ggufName) const;
    // Hugging Face names of every tensor that has one (file order), e.g. "model.layers.0.self_attn.q_proj.weight".
    std::vector<std::string> hfTensorNames() const;
    // A tensor by its Hugging Face name, as transformers would hold it: Llama's q/k rows put back
    // in HF order, GPT-2's Conv1D weights transposed back to [in, out].
    Result<FloatTensor> loadHf(const std::string &hfName) const;
    // config.json fields (model_type, hidden_size, num_hidden_layers, ...) from the metadata.
    Result<std::string> hfConfigJson() const;

private:
    std::string m_name;
    MappedFile m_file;
    const std::byte *m_data = nullptr;
    std::uint64_t m_size = 0;
    GgufHeader m_header;
    std::map<std::string, std::string> m_hfToGguf;
};

// A tensor to write, given in fp32 (HF row-major shape) and stored as `type`
// (F32, F16, BF16 or Q8_0; Q8_0 needs the innermost dimension to be a multiple of 32).
struct GgufTensorToWrite {
    std::string name; // GGUF name
    GgmlType type = GgmlType::F32;
    std::vector<std::int64_t> shape; // row-major
    const float *data = nullptr;
};

// Writes a version 3 GGUF atomically; general.alignment is honoured when present in metadata.
Result<void> writeGguf(const std::filesystem::path &path, const std::vector<std::pair<std::string, GgufValue>> &metadata,
                       const std::vector<GgufTensorToWrite> &tensors);
// Quantizes fp32 to the stored bytes of `type` (F32, F16, BF16, Q8_0) as ggml does.
Result<std::vector<std::byte>> quantizeGgml(GgmlType type, const float *src, std::int64_t count);

} // namespace hone

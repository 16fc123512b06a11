#include "core/io/gguf.h"

#include "core/io/atomicfile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <cctype>

namespace hone {

namespace {

constexpr std::uint32_t kMagic = 0x46554747; // "GGUF" little-endian

// ---- fp16 / bf16 ----

float halfToFloat(std::uint16_t h)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1Fu;
    std::uint32_t mant = h & 0x3FFu;
    std::uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { // subnormal: renormalise
            exp = 127 - 15 + 1;
            while ((mant & 0x400u) == 0) {
                mant <<= 1;
                --exp;
            }
            bits = sign | (exp << 23) | ((mant & 0x3FFu) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7F800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Round to nearest even, as numpy's astype(float16) and ggml's converter do.
std::uint16_t floatToHalf(float f)
{
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    const std::uint32_t sign = (x >> 16) & 0x8000u;
    const std::uint32_t absx = x & 0x7FFFFFFFu;
    if (absx > 0x7F800000u)
        return static_cast<std::uint16_t>(sign | 0x7E00u); // NaN
    if (absx >= 0x477FF000u)                               // rounds to >= 65520: inf
        return static_cast<std::uint16_t>(sign | 0x7C00u);
    if (absx < 0x38800000u) { // below the smallest normal half: subnormal or zero
        if (absx < 0x33000000u)
            return static_cast<std::uint16_t>(sign);
        const std::uint32_t e = absx >> 23;
        const std::uint32_t m = (absx & 0x7FFFFFu) | 0x800000u;
        const std::uint32_t shift = 126 - e; // 14 + (112 - e) ... to a 10-bit subnormal mantissa
        std::uint32_t v = m >> shift;
        const std::uint32_t rem = m & ((1u << shift) - 1);
        const std::uint32_t halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (v & 1u)))
            ++v;
        return static_cast<std::uint16_t>(sign | v);
    }
    std::uint32_t v = ((absx >> 13) - ((127u - 15u) << 10));
    const std::uint32_t rem = absx & 0x1FFFu;
    if (rem > 0x1000u || (rem == 0x1000u && (v & 1u)))
        ++v;
    return static_cast<std::uint16_t>(sign | v);
}

float bf16ToFloat(std::uint16_t h)
{
    const std::uint32_t bits = static_cast<std::uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Round to nearest even; NaN stays a quiet NaN (what torch and ggml do).
std::uint16_t floatToBf16(float f)
{
    std::uint32_t x;
    std::memcpy(&x, &f, 4);
    if ((x & 0x7FFFFFFFu) > 0x7F800000u)
        return static_cast<std::uint16_t>((x >> 16) | 0x40u);
    x += 0x7FFFu + ((x >> 16) & 1u);
    return static_cast<std::uint16_t>(x >> 16);
}

inline std::uint16_t rd16(const std::byte *p)
{
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

inline float rdHalf(const std::byte *p) { return halfToFloat(rd16(p)); }

inline std::uint8_t byteAt(const std::byte *p, std::size_t i) { return static_cast<std::uint8_t>(p[i]); }

// ---- block layouts (ggml-common.h) ----

struct TypeLayout {
    std::uint32_t id;
    const char *name;
    std::int64_t blockElements;
    std::int64_t blockBytes;
};

constexpr TypeLayout kLayouts[] = {
    {0, "F32", 1, 4},       {1, "F16", 1, 2},        {2, "Q4_0", 32, 18},     {3, "Q4_1", 32, 20},
    {6, "Q5_0", 32, 22},    {7, "Q5_1", 32, 24},     {8, "Q8_0", 32, 34},     {12, "Q4_K", 256, 144},
    {13, "Q5_K", 256, 176}, {14, "Q6_K", 256, 210},  {30, "BF16", 1, 2},
};

const TypeLayout *layoutOf(std::uint32_t id)
{
    for (const TypeLayout &l : kLayouts)
        if (l.id == id)
            return &l;
    return nullptr;
}

// Names of ggml types Hone does not dequantize, for a message that says what the file holds.
const char *otherTypeName(std::uint32_t id)
{
    switch (id) {
    case 9: return "Q8_1";
    case 10: return "Q2_K";
    case 11: return "Q3_K";
    case 15: return "Q8_K";
    case 16: return "IQ2_XXS";
    case 17: return "IQ2_XS";
    case 18: return "IQ3_XXS";
    case 19: return "IQ1_S";
    case 20: return "IQ4_NL";
    case 21: return "IQ3_S";
    case 22: return "IQ2_S";
    case 23: return "IQ4_XS";
    case 24: return "I8";
    case 25: return "I16";
    case 26: return "I32";
    case 27: return "I64";
    case 28: return "F64";
    case 29: return "IQ1_M";
    default: return nullptr;
    }
}

void getScaleMinK4(int j, const std::byte *q, std::uint8_t &d, std::uint8_t &m)
{
    if (j < 4) {
        d = byteAt(q, static_cast<std::size_t>(j)) & 63;
        m = byteAt(q, static_cast<std::size_t>(j + 4)) & 63;
    } else {
        const auto uj = static_cast<std::size_t>(j);
        d = static_cast<std::uint8_t>((byteAt(q, uj + 4) & 0xF) | ((byteAt(q, uj - 4) >> 6) << 4));
        m = static_cast<std::uint8_t>((byteAt(q, uj + 4) >> 4) | ((byteAt(q, uj) >> 6) << 4));
    }
}

void dequantBlock(std::uint32_t id, const std::byte *b, float *y)
{
    switch (id) {
    case 2: { // Q4_0: d, 16 bytes of nibbles (low nibbles = first half)
        const float d = rdHalf(b);
        const std::byte *qs = b + 2;
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>((byteAt(qs, j) & 0x0F) - 8) * d;
            y[j + 16] = static_cast<float>((byteAt(qs, j) >> 4) - 8) * d;
        }
        break;
    }
    case 3: { // Q4_1: d, m, nibbles
        const float d = rdHalf(b), m = rdHalf(b + 2);
        const std::byte *qs = b + 4;
        for (int j = 0; j < 16; ++j) {
            y[j] = static_cast<float>(byteAt(qs, j) & 0x0F) * d + m;
            y[j + 16] = static_cast<float>(byteAt(qs, j) >> 4) * d + m;
        }
        break;
    }
    case 6:   // Q5_0: d, 32 high bits, nibbles
    case 7: { // Q5_1: d, m, 32 high bits, nibbles
        const bool hasMin = id == 7;
        const float d = rdHalf(b), m = hasMin ? rdHalf(b + 2) : 0.0f;
        const std::byte *qhp = b + (hasMin ? 4 : 2);
        std::uint32_t qh;
        std::memcpy(&qh, qhp, 4);
        const std::byte *qs = qhp + 4;
        const int offset = hasMin ? 0 : 16;
        for (int j = 0; j < 16; ++j) {
            const int h0 = static_cast<int>(((qh >> j) << 4) & 0x10);
            const int h1 = static_cast<int>((qh >> (j + 12)) & 0x10);
            const int x0 = ((byteAt(qs, j) & 0x0F) | h0) - offset;
            const int x1 = ((byteAt(qs, j) >> 4) | h1) - offset;
            y[j] = static_cast<float>(x0) * d + m;
            y[j + 16] = static_cast<float>(x1) * d + m;
        }
        break;
    }
    case 8: { // Q8_0: d, 32 signed bytes
        const float d = rdHalf(b);
        for (int j = 0; j < 32; ++j)
            y[j] = static_cast<float>(static_cast<std::int8_t>(byteAt(b + 2, j))) * d;
        break;
    }
    case 12:   // Q4_K: d, dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles
    case 13: { // Q5_K: same plus 32 bytes of high bits before the nibbles
        const bool five = id == 13;
        const float d = rdHalf(b), dmin = rdHalf(b + 2);
        const std::byte *scales = b + 4;
        const std::byte *qh = b + 16;
        const std::byte *q = b + (five ? 48 : 16);
        int is = 0;
        std::uint8_t u1 = 1, u2 = 2;
        for (int j = 0; j < 256; j += 64) {
            std::uint8_t sc, mn;
            getScaleMinK4(is, scales, sc, mn);
            const float d1 = d * sc, m1 = dmin * mn;
            getScaleMinK4(is + 1, scales, sc, mn);
            const float d2 = d * sc, m2 = dmin * mn;
            for (int l = 0; l < 32; ++l) {
                const int hi = five && (byteAt(qh, l) & u1) ? 16 : 0;
                *y++ = d1 * static_cast<float>((byteAt(q, l) & 0xF) + hi) - m1;
            }
            for (int l = 0; l < 32; ++l) {
                const int hi = five && (byteAt(qh, l) & u2) ? 16 : 0;
                *y++ = d2 * static_cast<float>((byteAt(q, l) >> 4) + hi) - m2;
            }
            q += 32;
            is += 2;
            u1 = static_cast<std::uint8_t>(u1 << 2);
            u2 = static_cast<std::uint8_t>(u2 << 2);
        }
        break;
    }
    case 14: { // Q6_K: 128 bytes low nibbles, 64 bytes 2-bit highs, 16 signed scales, d
        const std::byte *ql = b;
        const std::byte *qh = b + 128;
        const std::byte *sc = b + 192;
        const float d = rdHalf(b + 208);
        for (int n = 0; n < 256; n += 128) {
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((byteAt(ql, l) & 0xF) | (((byteAt(qh, l) >> 0) & 3) << 4)) - 32;
                const int q2 = ((byteAt(ql, l + 32) & 0xF) | (((byteAt(qh, l) >> 2) & 3) << 4)) - 32;
                const int q3 = ((byteAt(ql, l) >> 4) | (((byteAt(qh, l) >> 4) & 3) << 4)) - 32;
                const int q4 = ((byteAt(ql, l + 32) >> 4) | (((byteAt(qh, l) >> 6) & 3) << 4)) - 32;
                auto s = [&](int k) { return static_cast<float>(static_cast<std::int8_t>(byteAt(sc, is + k))); };
                y[l] = d * s(0) * static_cast<float>(q1);
                y[l + 32] = d * s(2) * static_cast<float>(q2);
                y[l + 64] = d * s(4) * static_cast<float>(q3);
                y[l + 96] = d * s(6) * static_cast<float>(q4);
            }
            y += 128;
            ql += 64;
            qh += 32;
            sc += 8;
        }
        break;
    }
    default:
        break;
    }
}

// ---- header parsing ----

class Reader {
public:
    Reader(const std::byte *data, std::uint64_t size, const std::string &file) : m_data(data), m_size(size), m_file(file) {}

    std::uint64_t pos() const { return m_pos; }
    std::uint64_t remaining() const { return m_size - m_pos; }

    Result<void> need(std::uint64_t n, const std::string &field)
    {
        if (n > remaining())
            return fail(field + " needs " + std::to_string(n) + " bytes at offset " + std::to_string(m_pos) + " but only "
                        + std::to_string(remaining()) + " remain (file truncated or corrupt)");
        return {};
    }
    template <typename T>
    Result<T> read(const std::string &field)
    {
        if (auto r = need(sizeof(T), field); !r)
            return r.error();
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }
    Result<std::string> readString(const std::string &field)
    {
        auto len = read<std::uint64_t>(field + " length");
        if (!len)
            return len.error();
        if (*len > kGgufMaxStringLength)
            return fail(field + " length " + std::to_string(*len) + " is absurd (limit "
                        + std::to_string(kGgufMaxStringLength) + ")");
        if (auto r = need(*len, field); !r)
            return r.error();
        std::string s(reinterpret_cast<const char *>(m_data + m_pos), static_cast<std::size_t>(*len));
        m_pos += *len;
        return s;
    }
    Error fail(const std::string &what) const { return makeError(ErrorCode::Format, m_file + ": GGUF " + what); }

private:
    const std::byte *m_data;
    std::uint64_t m_size;
    std::uint64_t m_pos = 0;
    const std::string &m_file;
};

// Smallest encoded size of one value of a type (used to bound array counts before allocating).
std::uint64_t minEncodedSize(GgufValueType t)
{
    switch (t) {
    case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::Bool: return 1;
    case GgufValueType::U16: case GgufValueType::I16: return 2;
    case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::F32: return 4;
    case GgufValueType::U64: case GgufValueType::I64: case GgufValueType::F64: return 8;
    case GgufValueType::String: return 8;
    case GgufValueType::Array: return 12;
    }
    return 1;
}

bool validValueType(std::uint32_t t) { return t <= 12; }

Result<GgufValue> readValue(Reader &r, GgufValueType type, const std::string &field, int depth)
{
    GgufValue v;
    v.type = type;
    auto intoU = [&](auto res) -> Result<void> {
        if (!res)
            return res.error();
        v.u = static_cast<std::uint64_t>(*res);
        v.i = static_cast<std::int64_t>(*res);
        return {};
    };
    auto intoI = [&](auto res) -> Result<void> {
        if (!res)
            return res.error();
        v.i = static_cast<std::int64_t>(*res);
        v.u = static_cast<std::uint64_t>(v.i);
        return {};
    };
    Result<void> ok;
    switch (type) {
    case GgufValueType::U8: ok = intoU(r.read<std::uint8_t>(field)); break;
    case GgufValueType::I8: ok = intoI(r.read<std::int8_t>(field)); break;
    case GgufValueType::U16: ok = intoU(r.read<std::uint16_t>(field)); break;
    case GgufValueType::I16: ok = intoI(r.read<std::int16_t>(field)); break;
    case GgufValueType::U32: ok = intoU(r.read<std::uint32_t>(field)); break;
    case GgufValueType::I32: ok = intoI(r.read<std::int32_t>(field)); break;
    case GgufValueType::U64: ok = intoU(r.read<std::uint64_t>(field)); break;
    case GgufValueType::I64: ok = intoI(r.read<std::int64_t>(field)); break;
    case GgufValueType::Bool: {
        auto b = r.read<std::uint8_t>(field);
        if (!b)
            return b.error();
        if (*b > 1)
            return r.fail(field + " is a bool with the value " + std::to_string(*b));
        v.u = *b;
        v.i = *b;
        break;
    }
    case GgufValueType::F32: {
        auto f = r.read<float>(field);
        if (!f)
            return f.error();
        v.f = *f;
        break;
    }
    case GgufValueType::F64: {
        auto f = r.read<double>(field);
        if (!f)
            return f.error();
        v.f = *f;
        break;
    }
    case GgufValueType::String: {
        auto s = r.readString(field);
        if (!s)
            return s.error();
        v.s = std::move(*s);
        break;
    }
    case GgufValueType::Array: {
        if (depth >= kGgufMaxArrayDepth)
            return r.fail(field + " nests arrays deeper than " + std::to_string(kGgufMaxArrayDepth));
        auto et = r.read<std::uint32_t>(field + " element type");
        if (!et)
            return et.error();
        if (!validValueType(*et))
            return r.fail(field + " has the unknown element type " + std::to_string(*et));
        v.elementType = static_cast<GgufValueType>(*et);
        auto count = r.read<std::uint64_t>(field + " count");
        if (!count)
            return count.error();
        const std::uint64_t minSize = minEncodedSize(v.elementType);
        if (*count > r.remaining() / minSize)
            return r.fail(field + " count " + std::to_string(*count) + " cannot fit in the " + std::to_string(r.remaining())
                          + " bytes that remain");
        v.array.reserve(static_cast<std::size_t>(*count));
        for (std::uint64_t k = 0; k < *count; ++k) {
            auto e = readValue(r, v.elementType, field + "[" + std::to_string(k) + "]", depth + 1);
            if (!e)
                return e.error();
            v.array.push_back(std::move(*e));
        }
        break;
    }
    }
    if (!ok)
        return ok.error();
    return v;
}

std::uint64_t alignUp(std::uint64_t x, std::uint64_t a) { return (x + a - 1) / a * a; }

} // namespace

const char *ggufValueTypeName(GgufValueType type)
{
    static const char *const names[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array", "u64", "i64", "f64"};
    const auto i = static_cast<std::uint32_t>(type);
    return i < 13 ? names[i] : "?";
}

const char *ggmlTypeName(GgmlType type)
{
    const TypeLayout *l = layoutOf(static_cast<std::uint32_t>(type));
    return l ? l->name : "?";
}

bool ggmlTypeLayout(std::uint32_t typeId, std::int64_t &blockElements, std::int64_t &blockBytes)
{
    const TypeLayout *l = layoutOf(typeId);
    if (!l)
        return false;
    blockElements = l->blockElements;
    blockBytes = l->blockBytes;
    return true;
}

// ---- GgufValue ----

GgufValue GgufValue::fromString(std::string value)
{
    GgufValue v;
    v.type = GgufValueType::String;
    v.s = std::move(value);
    return v;
}
GgufValue GgufValue::fromU32(std::uint32_t value)
{
    GgufValue v;
    v.type = GgufValueType::U32;
    v.u = value;
    v.i = value;
    return v;
}
GgufValue GgufValue::fromI32(std::int32_t value)
{
    GgufValue v;
    v.type = GgufValueType::I32;
    v.i = value;
    v.u = static_cast<std::uint64_t>(static_cast<std::int64_t>(value));
    return v;
}
GgufValue GgufValue::fromU64(std::uint64_t value)
{
    GgufValue v;
    v.type = GgufValueType::U64;
    v.u = value;
    v.i = static_cast<std::int64_t>(value);
    return v;
}
GgufValue GgufValue::fromF32(float value)
{
    GgufValue v;
    v.type = GgufValueType::F32;
    v.f = value;
    return v;
}
GgufValue GgufValue::fromBool(bool value)
{
    GgufValue v;
    v.type = GgufValueType::Bool;
    v.u = value ? 1 : 0;
    v.i = value ? 1 : 0;
    return v;
}
GgufValue GgufValue::fromStrings(const std::vector<std::string> &values)
{
    GgufValue v;
    v.type = GgufValueType::Array;
    v.elementType = GgufValueType::String;
    v.array.reserve(values.size());
    for (const std::string &s : values)
        v.array.push_back(fromString(s));
    return v;
}
GgufValue GgufValue::fromI32s(const std::vector<std::int32_t> &values)
{
    GgufValue v;
    v.type = GgufValueType::Array;
    v.elementType = GgufValueType::I32;
    v.array.reserve(values.size());
    for (std::int32_t x : values)
        v.array.push_back(fromI32(x));
    return v;
}
GgufValue GgufValue::fromF32s(const std::vector<float> &values)
{
    GgufValue v;
    v.type = GgufValueType::Array;
    v.elementType = GgufValueType::F32;
    v.array.reserve(values.size());
    for (float x : values)
        v.array.push_back(fromF32(x));
    return v;
}

bool GgufValue::isInteger() const
{
    switch (type) {
    case GgufValueType::U8: case GgufValueType::I8: case GgufValueType::U16: case GgufValueType::I16:
    case GgufValueType::U32: case GgufValueType::I32: case GgufValueType::U64: case GgufValueType::I64:
    case GgufValueType::Bool:
        return true;
    default:
        return false;
    }
}

std::int64_t GgufValue::asInt() const
{
    if (type == GgufValueType::U64 && u > static_cast<std::uint64_t>(INT64_MAX))
        return INT64_MAX;
    if (isFloat())
        return static_cast<std::int64_t>(f);
    return i;
}

double GgufValue::asDouble() const
{
    if (isFloat())
        return f;
    if (type == GgufValueType::U64)
        return static_cast<double>(u);
    return static_cast<double>(i);
}

// ---- tensor infos ----

std::int64_t GgufTensorInfo::numel() const
{
    std::int64_t n = 1;
    for (std::uint64_t d : dims)
        n *= static_cast<std::int64_t>(d);
    return n;
}

std::vector<std::int64_t> GgufTensorInfo::shape() const
{
    std::vector<std::int64_t> s;
    for (auto it = dims.rbegin(); it != dims.rend(); ++it)
        s.push_back(static_cast<std::int64_t>(*it));
    return s;
}

const GgufValue *GgufHeader::find(const std::string &key) const
{
    auto it = metadata.find(key);
    return it == metadata.end() ? nullptr : &it->second;
}

const GgufTensorInfo *GgufHeader::tensor(const std::string &name) const
{
    for (const GgufTensorInfo &t : tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

std::string GgufHeader::getString(const std::string &key, const std::string &fallback) const
{
    const GgufValue *v = find(key);
    return v && v->type == GgufValueType::String ? v->s : fallback;
}

std::int64_t GgufHeader::getInt(const std::string &key, std::int64_t fallback) const
{
    const GgufValue *v = find(key);
    return v && v->isInteger() ? v->asInt() : fallback;
}

double GgufHeader::getFloat(const std::string &key, double fallback) const
{
    const GgufValue *v = find(key);
    return v && (v->isFloat() || v->isInteger()) ? v->asDouble() : fallback;
}

const std::vector<GgufValue> *GgufHeader::getArray(const std::string &key) const
{
    const GgufValue *v = find(key);
    return v && v->type == GgufValueType::Array ? &v->array : nullptr;
}

std::int64_t GgufHeader::parameterCount() const
{
    std::int64_t n = 0;
    for (const GgufTensorInfo &t : tensors)
        n += t.numel();
    return n;
}

Result<GgufHeader> parseGgufHeader(const std::byte *data, std::uint64_t size, const std::string &fileName)
{
    Reader r(data, size, fileName);
    GgufHeader h;
    auto magic = r.read<std::uint32_t>("magic");
    if (!magic)
        return magic.error();
    if (*magic != kMagic)
        return r.fail("magic: the file does not start with \"GGUF\"");
    auto version = r.read<std::uint32_t>("version");
    if (!version)
        return version.error();
    if (*version != 2 && *version != 3)
        return makeError(ErrorCode::Unsupported, fileName + ": GGUF version " + std::to_string(*version)
                                                     + " is not supported (versions 2 and 3 are)");
    h.version = *version;
    auto tensorCount = r.read<std::uint64_t>("tensor_count");
    if (!tensorCount)
        return tensorCount.error();
    auto kvCount = r.read<std::uint64_t>("metadata_kv_count");
    if (!kvCount)
        return kvCount.error();
    // A key-value pair takes at least 12 bytes (empty key + type + a u8); a tensor info at least 24.
    if (*kvCount > r.remaining() / 13)
        return r.fail("metadata_kv_count " + std::to_string(*kvCount) + " cannot fit in a file of " + std::to_string(size) + " bytes");
    if (*tensorCount > r.remaining() / 24)
        return r.fail("tensor_count " + std::to_string(*tensorCount) + " cannot fit in a file of " + std::to_string(size) + " bytes");

    for (std::uint64_t k = 0; k < *kvCount; ++k) {
        const std::string where = "metadata entry " + std::to_string(k);
        auto key = r.readString(where + " key");
        if (!key)
            return key.error();
        auto type = r.read<std::uint32_t>("type of metadata \"" + *key + "\"");
        if (!type)
            return type.error();
        if (!validValueType(*type))
            return r.fail("metadata \"" + *key + "\" has the unknown value type " + std::to_string(*type));
        auto value = readValue(r, static_cast<GgufValueType>(*type), "metadata \"" + *key + "\"", 0);
        if (!value)
            return value.error();
        if (h.metadata.count(*key))
            return r.fail("metadata key \"" + *key + "\" appears twice");
        h.keys.push_back(*key);
        h.metadata.emplace(std::move(*key), std::move(*value));
    }
    if (const GgufValue *a = h.find("general.alignment")) {
        if (!a->isInteger() || a->asInt() <= 0 || a->asInt() > 65536 || (a->asInt() & (a->asInt() - 1)) != 0)
            return r.fail("general.alignment must be a power of two up to 65536");
        h.alignment = static_cast<std::uint64_t>(a->asInt());
    }

    h.tensors.reserve(static_cast<std::size_t>(*tensorCount));
    for (std::uint64_t k = 0; k < *tensorCount; ++k) {
        GgufTensorInfo t;
        auto name = r.readString("tensor " + std::to_string(k) + " name");
        if (!name)
            return name.error();
        t.name = std::move(*name);
        const std::string field = "tensor \"" + t.name + "\"";
        auto nDims = r.read<std::uint32_t>(field + " n_dims");
        if (!nDims)
            return nDims.error();
        if (*nDims == 0 || *nDims > kGgufMaxDims)
            return r.fail(field + " n_dims " + std::to_string(*nDims) + " is outside 1.." + std::to_string(kGgufMaxDims));
        std::uint64_t numel = 1;
        for (std::uint32_t d = 0; d < *nDims; ++d) {
            auto dim = r.read<std::uint64_t>(field + " dims[" + std::to_string(d) + "]");
            if (!dim)
                return dim.error();
            if (*dim == 0 || *dim > (1ull << 40) || numel > (1ull << 50) / *dim)
                return r.fail(field + " dims[" + std::to_string(d) + "] = " + std::to_string(*dim) + " is absurd");
            numel *= *dim;
            t.dims.push_back(*dim);
        }
        auto type = r.read<std::uint32_t>(field + " type");
        if (!type)
            return type.error();
        t.typeId = *type;
        std::int64_t be = 0, bb = 0;
        if (!ggmlTypeLayout(t.typeId, be, bb)) {
            const char *other = otherTypeName(t.typeId);
            return makeError(ErrorCode::Unsupported, fileName + ": GGUF " + field + " has the tensor type "
                                                         + (other ? std::string(other) + " (" + std::to_string(t.typeId) + ")"
                                                                  : "id " + std::to_string(t.typeId) + " (unknown)")
                                                         + ", which Hone cannot read (supported: F32, F16, BF16, Q8_0, "
                                                           "Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K)");
        }
        if (t.dims[0] % static_cast<std::uint64_t>(be) != 0)
            return r.fail(field + " dims[0] = " + std::to_string(t.dims[0]) + " is not a multiple of the "
                          + layoutOf(t.typeId)->name + " block size " + std::to_string(be));
        t.bytes = numel / static_cast<std::uint64_t>(be) * static_cast<std::uint64_t>(bb);
        auto offset = r.read<std::uint64_t>(field + " offset");
        if (!offset)
            return offset.error();
        t.offset = *offset;
        h.tensors.push_back(std::move(t));
    }
    h.dataOffset = alignUp(r.pos(), h.alignment);
    if (h.dataOffset > size && !h.tensors.empty())
        return r.fail("data section starts at " + std::to_string(h.dataOffset) + ", past the end of the file ("
                      + std::to_string(size) + " bytes)");
    const std::uint64_t dataSize = size >= h.dataOffset ? size - h.dataOffset : 0;
    std::map<std::string, int> seen;
    for (const GgufTensorInfo &t : h.tensors) {
        const std::string field = "tensor \"" + t.name + "\"";
        if (seen[t.name]++)
            return r.fail(field + " appears twice");
        if (t.offset % h.alignment != 0)
            return r.fail(field + " offset " + std::to_string(t.offset) + " is not a multiple of the alignment "
                          + std::to_string(h.alignment));
        if (t.offset > dataSize || t.bytes > dataSize - t.offset)
            return r.fail(field + " data [" + std::to_string(t.offset) + ", " + std::to_string(t.offset + t.bytes)
                          + ") runs past the end of the data section (" + std::to_string(dataSize) + " bytes; file truncated?)");
    }
    return h;
}

bool looksLikeGguf(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

Result<void> dequantizeGgml(std::uint32_t typeId, const std::byte *src, std::uint64_t srcBytes, std::int64_t count, float *dst)
{
    const TypeLayout *l = layoutOf(typeId);
    if (!l)
        return makeError(ErrorCode::Unsupported, "cannot dequantize ggml type " + std::to_string(typeId));
    if (count < 0 || count % l->blockElements != 0)
        return makeError(ErrorCode::InvalidArgument, std::string(l->name) + ": " + std::to_string(count)
                                                         + " elements are not a whole number of blocks");
    const std::uint64_t blocks = static_cast<std::uint64_t>(count / l->blockElements);
    if (blocks * static_cast<std::uint64_t>(l->blockBytes) > srcBytes)
        return makeError(ErrorCode::InvalidArgument, std::string(l->name) + ": source holds fewer bytes than "
                                                         + std::to_string(count) + " elements need");
    switch (typeId) {
    case 0:
        std::memcpy(dst, src, static_cast<std::size_t>(count) * 4);
        return {};
    case 1:
        for (std::int64_t k = 0; k < count; ++k)
            dst[k] = halfToFloat(rd16(src + 2 * k));
        return {};
    case 30:
        for (std::int64_t k = 0; k < count; ++k)
            dst[k] = bf16ToFloat(rd16(src + 2 * k));
        return {};
    default:
        for (std::uint64_t b = 0; b < blocks; ++b)
            dequantBlock(typeId, src + b * static_cast<std::uint64_t>(l->blockBytes),
                         dst + b * static_cast<std::uint64_t>(l->blockElements));
        return {};
    }
}

Result<std::vector<std::byte>> quantizeGgml(GgmlType type, const float *src, std::int64_t count)
{
    std::vector<std::byte> out;
    auto put16 = [&](std::uint16_t v) {
        const std::size_t at = out.size();
        out.resize(at + 2);
        std::memcpy(out.data() + at, &v, 2);
    };
    switch (type) {
    case GgmlType::F32:
        out.resize(static_cast<std::size_t>(count) * 4);
        std::memcpy(out.data(), src, out.size());
        return out;
    case GgmlType::F16:
        out.reserve(static_cast<std::size_t>(count) * 2);
        for (std::int64_t k = 0; k < count; ++k)
            put16(floatToHalf(src[k]));
        return out;
    case GgmlType::BF16:
        out.reserve(static_cast<std::size_t>(count) * 2);
        for (std::int64_t k = 0; k < count; ++k)
            put16(floatToBf16(src[k]));
        return out;
    case GgmlType::Q8_0: {
        if (count % 32 != 0)
            return makeError(ErrorCode::InvalidArgument, "Q8_0 needs a multiple of 32 elements, got " + std::to_string(count));
        out.reserve(static_cast<std::size_t>(count / 32 * 34));
        for (std::int64_t b = 0; b < count; b += 32) {
            // ggml's quantize_row_q8_0_ref: scale by the largest magnitude, round half away from zero.
            float amax = 0;
            for (int j = 0; j < 32; ++j)
                amax = std::max(amax, std::fabs(src[b + j]));
            const float d = amax / 127.0f;
            const float id = d != 0.0f ? 1.0f / d : 0.0f;
            put16(floatToHalf(d));
            for (int j = 0; j < 32; ++j)
                out.push_back(static_cast<std::byte>(static_cast<std::int8_t>(std::lround(src[b + j] * id))));
        }
        return out;
    }
    default:
        return makeError(ErrorCode::Unsupported, std::string("GGUF writing supports F32, F16, BF16 and Q8_0, not ")
                                                     + ggmlTypeName(type));
    }
}

// ---- names ----

namespace {

struct NameRule {
    const char *gguf; // "blk.%d." prefix is handled separately
    const char *hf;
};

// Per-layer names (after "blk.N." / before the HF layer prefix), per architecture.
constexpr NameRule kLlamaLayer[] = {
    {"attn_norm", "input_layernorm"},        {"attn_q", "self_attn.q_proj"},  {"attn_k", "self_attn.k_proj"},
    {"attn_v", "self_attn.v_proj"},          {"attn_output", "self_attn.o_proj"}, {"ffn_norm", "post_attention_layernorm"},
    {"ffn_gate", "mlp.gate_proj"},           {"ffn_up", "mlp.up_proj"},       {"ffn_down", "mlp.down_proj"},
};
constexpr NameRule kLlamaGlobal[] = {
    {"token_embd", "model.embed_tokens"}, {"output_norm", "model.norm"}, {"output", "lm_head"},
};
constexpr NameRule kGpt2Layer[] = {
    {"attn_norm", "ln_1"}, {"attn_qkv", "attn.c_attn"}, {"attn_output", "attn.c_proj"},
    {"ffn_norm", "ln_2"},  {"ffn_up", "mlp.c_fc"},      {"ffn_down", "mlp.c_proj"},
};
constexpr NameRule kGpt2Global[] = {
    {"token_embd", "transformer.wte"}, {"position_embd", "transformer.wpe"}, {"output_norm", "transformer.ln_f"},
    {"output", "lm_head"},
};

struct ArchNames {
    const NameRule *layer;
    std::size_t layerCount;
    const NameRule *global;
    std::size_t globalCount;
    const char *hfLayerPrefix;
};

bool archNames(const std::string &arch, ArchNames &out)
{
    if (arch == "llama" || arch == "qwen2" || arch == "mistral") {
        out = {kLlamaLayer, std::size(kLlamaLayer), kLlamaGlobal, std::size(kLlamaGlobal), "model.layers."};
        return true;
    }
    if (arch == "gpt2") {
        out = {kGpt2Layer, std::size(kGpt2Layer), kGpt2Global, std::size(kGpt2Global), "transformer.h."};
        return true;
    }
    return false;
}

// Splits "stem.weight" / "stem.bias" into stem and suffix.
bool splitSuffix(const std::string &name, std::string &stem, std::string &suffix)
{
    for (const char *s : {".weight", ".bias"}) {
        const std::size_t n = std::strlen(s);
        if (name.size() > n && name.compare(name.size() - n, n, s) == 0) {
            stem = name.substr(0, name.size() - n);
            suffix = s;
            return true;
        }
    }
    return false;
}

// "<prefix><digits>.<rest>": the layer number and the rest.
bool splitLayer(const std::string &stem, const std::string &prefix, std::string &layer, std::string &rest)
{
    if (stem.compare(0, prefix.size(), prefix) != 0)
        return false;
    std::size_t p = prefix.size();
    const std::size_t digits = p;
    while (p < stem.size() && std::isdigit(static_cast<unsigned char>(stem[p])))
        ++p;
    if (p == digits || p >= stem.size() || stem[p] != '.')
        return false;
    layer = stem.substr(digits, p - digits);
    rest = stem.substr(p + 1);
    return true;
}

bool isGpt2Conv1D(const std::string &hfName)
{
    for (const char *s : {"attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"}) {
        const std::size_t n = std::strlen(s);
        if (hfName.size() > n && hfName.compare(hfName.size() - n, n, s) == 0)
            return true;
    }
    return false;
}

} // namespace

std::string hfTensorName(const std::string &architecture, const std::string &ggufName)
{
    ArchNames a{};
    std::string stem, suffix, layer, rest;
    if (!archNames(architecture, a) || !splitSuffix(ggufName, stem, suffix))
        return {};
    if (splitLayer(stem, "blk.", layer, rest)) {
        for (std::size_t k = 0; k < a.layerCount; ++k)
            if (rest == a.layer[k].gguf)
                return a.hfLayerPrefix + layer + "." + a.layer[k].hf + suffix;
        return {};
    }
    for (std::size_t k = 0; k < a.globalCount; ++k)
        if (stem == a.global[k].gguf)
            return a.global[k].hf + suffix;
    return {};
}

std::string ggufTensorName(const std::string &architecture, const std::string &hfName)
{
    ArchNames a{};
    std::string stem, suffix, layer, rest;
    if (!archNames(architecture, a) || !splitSuffix(hfName, stem, suffix))
        return {};
    if (splitLayer(stem, a.hfLayerPrefix, layer, rest)) {
        for (std::size_t k = 0; k < a.layerCount; ++k)
            if (rest == a.layer[k].hf)
                return "blk." + layer + "." + a.layer[k].gguf + suffix;
        return {};
    }
    for (std::size_t k = 0; k < a.globalCount; ++k)
        if (stem == a.global[k].hf)
            return a.global[k].gguf + suffix;
    return {};
}

void permuteRotaryRows(std::vector<float> &data, std::int64_t rows, std::int64_t cols, std::int64_t heads, bool toGguf)
{
    // Within each head, HF row j*half + i sits at GGUF row i*2 + j (j: which half, i < half).
    if (heads <= 0 || rows % (heads * 2) != 0)
        return;
    const std::int64_t headDim = rows / heads, half = headDim / 2;
    std::vector<float> out(data.size());
    for (std::int64_t h = 0; h < heads; ++h)
        for (std::int64_t i = 0; i < half; ++i)
            for (std::int64_t j = 0; j < 2; ++j) {
                const std::int64_t hfRow = h * headDim + j * half + i;
                const std::int64_t ggRow = h * headDim + i * 2 + j;
                const std::int64_t from = toGguf ? hfRow : ggRow, to = toGguf ? ggRow : hfRow;
                std::copy_n(data.begin() + from * cols, cols, out.begin() + to * cols);
            }
    data.swap(out);
}

Result<void> convertTensorLayout(const std::string &architecture, const std::string &hfName, FloatTensor &t,
                                 std::int64_t heads, std::int64_t kvHeads, bool toGguf)
{
    const bool isQ = hfName.find("self_attn.q_proj.") != std::string::npos;
    const bool isK = hfName.find("self_attn.k_proj.") != std::string::npos;
    if (architecture == "llama" && (isQ || isK)) {
        const std::int64_t rows = t.shape.empty() ? 0 : t.shape[0];
        const std::int64_t cols = t.shape.size() > 1 ? t.shape[1] : 1;
        const std::int64_t n = isQ ? heads : kvHeads;
        if (n <= 0 || rows % (2 * n) != 0)
            return makeError(ErrorCode::Format, "has " + std::to_string(rows) + " rows, not a whole number of rotary pairs for " +
                                                    std::to_string(n) + (isQ ? " attention" : " key/value") + " heads");
        permuteRotaryRows(t.data, rows, cols, n, toGguf);
    }
    if (architecture == "gpt2" && isGpt2Conv1D(hfName) && t.shape.size() == 2) {
        const std::int64_t rows = t.shape[0], cols = t.shape[1];
        std::vector<float> tr(t.data.size());
        for (std::int64_t r = 0; r < rows; ++r)
            for (std::int64_t c = 0; c < cols; ++c)
                tr[static_cast<std::size_t>(c * rows + r)] = t.data[static_cast<std::size_t>(r * cols + c)];
        t.data.swap(tr);
        t.shape = {cols, rows};
    }
    return {};
}

// ---- GgufFile ----

Result<GgufFile> GgufFile::open(const std::filesystem::path &path)
{
    auto mapped = MappedFile::open(path);
    if (!mapped)
        return mapped.error();
    auto header = parseGgufHeader(mapped->data(), mapped->size(), path.string());
    if (!header)
        return header.error();
    GgufFile f;
    f.m_name = path.string();
    f.m_file = std::move(*mapped);
    f.m_data = f.m_file.data();
    f.m_size = f.m_file.size();
    f.m_header = std::move(*header);
    for (const GgufTensorInfo &t : f.m_header.tensors)
        if (std::string hf = hfTensorName(f.architecture(), t.name); !hf.empty())
            f.m_hfToGguf.emplace(std::move(hf), t.name);
    return f;
}

Result<GgufFile> GgufFile::fromBytes(const std::byte *data, std::uint64_t size, const std::string &name)
{
    auto header = parseGgufHeader(data, size, name);
    if (!header)
        return header.error();
    GgufFile f;
    f.m_name = name;
    f.m_data = data;
    f.m_size = size;
    f.m_header = std::move(*header);
    for (const GgufTensorInfo &t : f.m_header.tensors)
        if (std::string hf = hfTensorName(f.architecture(), t.name); !hf.empty())
            f.m_hfToGguf.emplace(std::move(hf), t.name);
    return f;
}

const std::byte *GgufFile::tensorData(const GgufTensorInfo &info) const
{
    return m_data + m_header.dataOffset + info.offset;
}

Result<FloatTensor> GgufFile::dequantize(const std::string &ggufName) const
{
    const GgufTensorInfo *t = m_header.tensor(ggufName);
    if (!t)
        return makeError(ErrorCode::NotFound, m_name + ": no tensor named \"" + ggufName + "\"");
    FloatTensor out;
    out.shape = t->shape();
    out.data.resize(static_cast<std::size_t>(t->numel()));
    if (auto r = dequantizeGgml(t->typeId, tensorData(*t), t->bytes, t->numel(), out.data.data()); !r)
        return makeError(r.error().code, m_name + ": tensor \"" + ggufName + "\": " + r.error().message);
    return out;
}

std::vector<std::string> GgufFile::hfTensorNames() const
{
    std::vector<std::string> names;
    for (const GgufTensorInfo &t : m_header.tensors)
        if (std::string hf = hfTensorName(architecture(), t.name); !hf.empty())
            names.push_back(std::move(hf));
    return names;
}

Result<FloatTensor> GgufFile::loadHf(const std::string &hfName) const
{
    auto it = m_hfToGguf.find(hfName);
    if (it == m_hfToGguf.end())
        return makeError(ErrorCode::NotFound, m_name + ": no tensor maps to the Hugging Face name \"" + hfName + "\"");
    auto t = dequantize(it->second);
    if (!t)
        return t;
    const std::string arch = architecture();
    const std::int64_t heads = m_header.getInt(arch + ".attention.head_count", 0);
    if (auto r = convertTensorLayout(arch, hfName, *t, heads, m_header.getInt(arch + ".attention.head_count_kv", heads), false); !r)
        return makeError(r.error().code, m_name + ": tensor \"" + it->second + "\" " + r.error().message + " (" + arch +
                                             ".attention.head_count, " + arch + ".attention.head_count_kv)");
    return t;
}

Result<std::string> GgufFile::hfConfigJson() const
{
    const std::string arch = architecture();
    if (arch.empty())
        return makeError(ErrorCode::Format, m_name + ": GGUF metadata has no general.architecture");
    if (arch != "llama" && arch != "qwen2" && arch != "gpt2")
        return makeError(ErrorCode::Unsupported, m_name + ": GGUF architecture \"" + arch
                                                     + "\" is not supported (supported: llama, qwen2, gpt2)");
    const GgufHeader &h = m_header;
    auto need = [&](const std::string &key) -> Result<std::int64_t> {
        const std::int64_t v = h.getInt(arch + "." + key, -1);
        if (v <= 0)
            return makeError(ErrorCode::Format, m_name + ": GGUF metadata lacks a positive integer " + arch + "." + key);
        return v;
    };
    nlohmann::json c;
    c["model_type"] = arch;
    for (const auto &[key, field] : std::initializer_list<std::pair<const char *, const char *>>{
             {"embedding_length", "hidden_size"}, {"block_count", "num_hidden_layers"},
             {"feed_forward_length", "intermediate_size"}, {"attention.head_count", "num_attention_heads"},
             {"context_length", "max_position_embeddings"}}) {
        auto v = need(key);
        if (!v)
            return v.error();
        c[field] = *v;
    }
    const std::int64_t heads = c["num_attention_heads"];
    const std::int64_t kvHeads = h.getInt(arch + ".attention.head_count_kv", heads);
    if (c["hidden_size"].get<std::int64_t>() % heads != 0)
        return makeError(ErrorCode::Format, m_name + ": " + arch + ".embedding_length (" + c["hidden_size"].dump() +
                                                ") is not divisible by " + arch + ".attention.head_count (" +
                                                std::to_string(heads) + ")");
    if (kvHeads <= 0 || heads % kvHeads != 0)
        return makeError(ErrorCode::Format, m_name + ": " + arch + ".attention.head_count (" + std::to_string(heads) +
                                                ") is not a multiple of " + arch + ".attention.head_count_kv (" +
                                                std::to_string(kvHeads) + ")");
    c["num_key_value_heads"] = kvHeads;
    const GgufValue *tokens = h.find("tokenizer.ggml.tokens");
    const std::int64_t vocab = h.getInt(arch + ".vocab_size", tokens ? static_cast<std::int64_t>(tokens->array.size()) : 0);
    if (const GgufTensorInfo *emb = h.tensor("token_embd.weight"))
        c["vocab_size"] = emb->shape()[0];
    else
        c["vocab_size"] = vocab;
    if (arch == "gpt2") {
        c["n_embd"] = c["hidden_size"];
        c["n_layer"] = c["num_hidden_layers"];
        c["n_head"] = heads;
        c["n_positions"] = c["max_position_embeddings"];
        c["n_inner"] = c["intermediate_size"];
        c["layer_norm_epsilon"] = h.getFloat(arch + ".attention.layer_norm_epsilon", 1e-5);
    } else {
        c["rms_norm_eps"] = h.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-6);
        c["rope_theta"] = h.getFloat(arch + ".rope.freq_base", 10000.0);
        const std::int64_t headDim = h.getInt(arch + ".attention.key_length", h.getInt(arch + ".rope.dimension_count", 0));
        if (headDim > 0)
            c["head_dim"] = headDim;
        const std::string scaling = h.getString(arch + ".rope.scaling.type");
        if (!scaling.empty() && scaling != "none") {
            c["rope_scaling"] = {{"type", scaling}, {"factor", h.getFloat(arch + ".rope.scaling.factor", 1.0)}};
            if (const std::int64_t orig = h.getInt(arch + ".rope.scaling.original_context_length", 0); orig > 0)
                c["rope_scaling"]["original_max_position_embeddings"] = orig;
        }
        c["hidden_act"] = "silu";
    }
    c["tie_word_embeddings"] = h.tensor("output.weight") == nullptr;
    for (const auto &[key, field] : std::initializer_list<std::pair<const char *, const char *>>{
             {"tokenizer.ggml.bos_token_id", "bos_token_id"}, {"tokenizer.ggml.eos_token_id", "eos_token_id"},
             {"tokenizer.ggml.padding_token_id", "pad_token_id"}})
        if (const std::int64_t id = h.getInt(key, -1); id >= 0)
            c[field] = id;
    try {
        return c.dump(2);
    } catch (const nlohmann::json::exception &e) { // a metadata string that is not UTF-8
        return makeError(ErrorCode::Format, m_name + ": metadata cannot make a config.json: " + e.what());
    }
}

// ---- writer ----

namespace {

void putBytes(std::string &out, const void *p, std::size_t n) { out.append(static_cast<const char *>(p), n); }
template <typename T>
void putPod(std::string &out, T v) { putBytes(out, &v, sizeof v); }
void putString(std::string &out, const std::string &s)
{
    putPod<std::uint64_t>(out, s.size());
    out += s;
}

Result<void> putValue(std::string &out, const GgufValue &v, bool withType, const std::string &key)
{
    if (withType)
        putPod<std::uint32_t>(out, static_cast<std::uint32_t>(v.type));
    switch (v.type) {
    case GgufValueType::U8: putPod<std::uint8_t>(out, static_cast<std::uint8_t>(v.u)); break;
    case GgufValueType::I8: putPod<std::int8_t>(out, static_cast<std::int8_t>(v.i)); break;
    case GgufValueType::U16: putPod<std::uint16_t>(out, static_cast<std::uint16_t>(v.u)); break;
    case GgufValueType::I16: putPod<std::int16_t>(out, static_cast<std::int16_t>(v.i)); break;
    case GgufValueType::U32: putPod<std::uint32_t>(out, static_cast<std::uint32_t>(v.u)); break;
    case GgufValueType::I32: putPod<std::int32_t>(out, static_cast<std::int32_t>(v.i)); break;
    case GgufValueType::U64: putPod<std::uint64_t>(out, v.u); break;
    case GgufValueType::I64: putPod<std::int64_t>(out, v.i); break;
    case GgufValueType::F32: putPod<float>(out, static_cast<float>(v.f)); break;
    case GgufValueType::F64: putPod<double>(out, v.f); break;
    case GgufValueType::Bool: putPod<std::uint8_t>(out, v.u ? 1 : 0); break;
    case GgufValueType::String: putString(out, v.s); break;
    case GgufValueType::Array:
        putPod<std::uint32_t>(out, static_cast<std::uint32_t>(v.elementType));
        putPod<std::uint64_t>(out, v.array.size());
        for (const GgufValue &e : v.array) {
            if (e.type != v.elementType)
                return makeError(ErrorCode::InvalidArgument, "GGUF metadata \"" + key + "\": array elements of mixed types");
            if (auto r = putValue(out, e, false, key); !r)
                return r;
        }
        break;
    }
    return {};
}

} // namespace

Result<void> writeGguf(const std::filesystem::path &path, const std::vector<std::pair<std::string, GgufValue>> &metadata,
                       const std::vector<GgufTensorToWrite> &tensors)
{
    std::uint64_t alignment = 32;
    for (const auto &[key, value] : metadata)
        if (key == "general.alignment" && value.isInteger() && value.asInt() > 0)
            alignment = static_cast<std::uint64_t>(value.asInt());
    std::vector<std::vector<std::byte>> blobs;
    blobs.reserve(tensors.size());
    for (const GgufTensorToWrite &t : tensors) {
        std::int64_t n = 1;
        for (std::int64_t d : t.shape) {
            if (d <= 0)
                return makeError(ErrorCode::InvalidArgument, path.string() + ": tensor \"" + t.name + "\" has a non-positive dimension");
            n *= d;
        }
        if (t.type == GgmlType::Q8_0 && (t.shape.empty() || t.shape.back() % 32 != 0))
            return makeError(ErrorCode::InvalidArgument, path.string() + ": tensor \"" + t.name
                                                             + "\": Q8_0 needs the last dimension to be a multiple of 32");
        auto q = quantizeGgml(t.type, t.data, n);
        if (!q)
            return makeError(q.error().code, path.string() + ": tensor \"" + t.name + "\": " + q.error().message);
        blobs.push_back(std::move(*q));
    }
    std::string head;
    putPod<std::uint32_t>(head, kMagic);
    putPod<std::uint32_t>(head, 3);
    putPod<std::uint64_t>(head, tensors.size());
    putPod<std::uint64_t>(head, metadata.size());
    for (const auto &[key, value] : metadata) {
        putString(head, key);
        if (auto r = putValue(head, value, true, key); !r)
            return makeError(r.error().code, path.string() + ": " + r.error().message);
    }
    std::uint64_t offset = 0;
    for (std::size_t k = 0; k < tensors.size(); ++k) {
        const GgufTensorToWrite &t = tensors[k];
        putString(head, t.name);
        putPod<std::uint32_t>(head, static_cast<std::uint32_t>(t.shape.size()));
        for (auto it = t.shape.rbegin(); it != t.shape.rend(); ++it)
            putPod<std::uint64_t>(head, static_cast<std::uint64_t>(*it));
        putPod<std::uint32_t>(head, static_cast<std::uint32_t>(t.type));
        putPod<std::uint64_t>(head, offset);
        offset = alignUp(offset + blobs[k].size(), alignment);
    }
    head.resize(static_cast<std::size_t>(alignUp(head.size(), alignment)), '\0');
    return writeFileAtomically(path, [&](int fd) -> Result<void> {
        if (auto r = writeAll(fd, head.data(), head.size(), path); !r)
            return r;
        static const char zeros[65536] = {};
        for (const std::vector<std::byte> &b : blobs) {
            if (auto r = writeAll(fd, b.data(), b.size(), path); !r)
                return r;
            const std::uint64_t pad = alignUp(b.size(), alignment) - b.size();
            if (auto r = writeAll(fd, zeros, static_cast<std::size_t>(pad), path); !r)
                return r;
        }
        return {};
    });
}

} // namespace hone

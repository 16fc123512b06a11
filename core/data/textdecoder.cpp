#include "core/data/textdecoder.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iconv.h>

namespace hone {

namespace {

std::string lowerDashed(std::string_view name)
{
    std::string s;
    for (char c : name) {
        if (c == '_')
            c = '-';
        s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    return s;
}

std::string hexByte(unsigned char b)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", b);
    return buf;
}

// 1-based line and byte column of `offset` in bytes where '\n' (a single byte) ends lines.
struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
};

Position positionOf(std::string_view bytes, std::size_t offset)
{
    Position p;
    std::size_t lineStart = 0;
    const char *data = bytes.data();
    const std::size_t end = std::min(offset, bytes.size());
    for (const char *q = data; (q = static_cast<const char *>(std::memchr(q, '\n', data + end - q))) != nullptr; ++q) {
        ++p.line;
        lineStart = static_cast<std::size_t>(q - data) + 1;
    }
    p.column = end - lineStart + 1;
    return p;
}

std::string where(const std::string &name, Position p)
{
    return name + ": line " + std::to_string(p.line) + ", byte " + std::to_string(p.column);
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Length of the valid UTF-8 sequence starting at p (p[0] >= 0x80), or 0 when it is invalid.
std::size_t utf8SequenceLength(const unsigned char *p, const unsigned char *end)
{
    const unsigned char c = p[0];
    const std::size_t avail = static_cast<std::size_t>(end - p);
    auto cont = [&](std::size_t i) { return i < avail && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 2)
            return 0;
        const unsigned char c1 = p[1];
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) // overlong, surrogate
            return 0;
        return cont(1) && cont(2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 2)
            return 0;
        const unsigned char c1 = p[1];
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) // overlong, above U+10FFFF
            return 0;
        return cont(1) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

std::string utf8Hint(TextEncoding requested)
{
    if (requested == TextEncoding::Auto)
        return " (nor does it look like GB18030); choose the file's encoding: latin-1, gbk, gb18030, utf-16";
    return "; if the file is in another encoding, choose it: latin-1, gbk, gb18030, utf-16";
}

std::string invalidUtf8Message(const std::string &name, std::string_view bytes, std::size_t offset,
                               TextEncoding requested)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data()) + offset;
    std::string shown = hexByte(p[0]);
    if (offset + 1 < bytes.size())
        shown += " " + hexByte(p[1]);
    return where(name, positionOf(bytes, offset)) + ": not valid UTF-8 (bytes " + shown + ")" + utf8Hint(requested);
}

Result<DecodedText> decodeUtf8(std::string_view bytes, bool hadBom, const std::string &name, TextEncoding requested)
{
    const std::size_t bad = findInvalidUtf8(bytes);
    if (bad != std::string_view::npos)
        return makeError(ErrorCode::Format, invalidUtf8Message(name, bytes, bad, requested));
    if (const void *nul = std::memchr(bytes.data(), '\0', bytes.size()))
        return makeError(ErrorCode::Format,
                         where(name, positionOf(bytes, static_cast<std::size_t>(static_cast<const char *>(nul) - bytes.data())))
                             + ": NUL byte in text (a binary file, or UTF-16 without a byte-order mark? then choose utf-16)");
    DecodedText out;
    out.text.assign(bytes);
    out.encoding = TextEncoding::Utf8;
    out.hadBom = hadBom;
    return out;
}

Result<DecodedText> decodeUtf16(std::string_view bytes, bool bigEndian, bool hadBom, const std::string &name)
{
    DecodedText out;
    out.encoding = bigEndian ? TextEncoding::Utf16BE : TextEncoding::Utf16LE;
    out.hadBom = hadBom;
    out.text.reserve(bytes.size());
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t line = 1;
    std::size_t lineStart = 0;
    auto unit = [&](std::size_t i) -> char16_t {
        return bigEndian ? static_cast<char16_t>((p[i] << 8) | p[i + 1]) : static_cast<char16_t>((p[i + 1] << 8) | p[i]);
    };
    auto fail = [&](std::size_t at, const std::string &what) {
        return makeError(ErrorCode::Format, name + ": line " + std::to_string(line) + ", byte "
                                                + std::to_string(at - lineStart + 1) + ": " + what);
    };
    std::size_t i = 0;
    for (; i + 1 < n; i += 2) {
        const char16_t u = unit(i);
        if (u == u'\n') {
            out.text.push_back('\n');
            ++line;
            lineStart = i + 2;
            continue;
        }
        if (u == 0)
            return fail(i, "NUL character in UTF-16 text");
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 >= n)
                return fail(i, "UTF-16 high surrogate at the end of the file");
            const char16_t lo = unit(i + 2);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return fail(i, "unpaired UTF-16 high surrogate");
            appendUtf8(out.text, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (lo - 0xDC00));
            i += 2;
            continue;
        }
        if (u >= 0xDC00 && u <= 0xDFFF)
            return fail(i, "unpaired UTF-16 low surrogate");
        appendUtf8(out.text, u);
    }
    if (i < n)
        return fail(i, "odd number of bytes in a UTF-16 file (truncated?)");
    return out;
}

Result<DecodedText> decodeLatin1(std::string_view bytes, const std::string &name)
{
    DecodedText out;
    out.encoding = TextEncoding::Latin1;
    out.text.reserve(bytes.size() + bytes.size() / 8);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == 0)
            return makeError(ErrorCode::Format, where(name, positionOf(bytes, i)) + ": NUL byte in text (a binary file?)");
        appendUtf8(out.text, c);
    }
    return out;
}

// Decodes with glibc iconv. On failure returns the offset of the offending input byte.
struct IconvOutcome {
    bool ok = false;
    std::size_t badOffset = 0;
    bool incomplete = false;
    bool unavailable = false;
};

IconvOutcome iconvToUtf8(std::string_view bytes, const char *from, std::string &out)
{
    IconvOutcome r;
    iconv_t cd = ::iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        r.unavailable = true;
        return r;
    }
    out.clear();
    out.resize(bytes.size() * 2 + 16);
    char *in = const_cast<char *>(bytes.data());
    std::size_t inLeft = bytes.size();
    std::size_t produced = 0;
    while (inLeft > 0) {
        char *dst = out.data() + produced;
        std::size_t outLeft = out.size() - produced;
        const std::size_t rc = ::iconv(cd, &in, &inLeft, &dst, &outLeft);
        produced = out.size() - outLeft;
        if (rc != static_cast<std::size_t>(-1))
            continue;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        r.badOffset = static_cast<std::size_t>(in - bytes.data());
        r.incomplete = errno == EINVAL;
        ::iconv_close(cd);
        out.clear();
        return r;
    }
    ::iconv_close(cd);
    out.resize(produced);
    r.ok = true;
    return r;
}

Result<DecodedText> decodeIconv(std::string_view bytes, TextEncoding encoding, bool hadBom, const std::string &name)
{
    const char *from = encoding == TextEncoding::Gbk ? "GBK" : "GB18030";
    DecodedText out;
    out.encoding = encoding;
    out.hadBom = hadBom;
    const IconvOutcome r = iconvToUtf8(bytes, from, out.text);
    if (r.unavailable)
        return makeError(ErrorCode::Unsupported, name + ": the C library cannot decode " + textEncodingName(encoding));
    if (!r.ok) {
        const auto *p = reinterpret_cast<const unsigned char *>(bytes.data()) + r.badOffset;
        std::string shown = hexByte(p[0]);
        if (r.badOffset + 1 < bytes.size())
            shown += " " + hexByte(p[1]);
        return makeError(ErrorCode::Format, where(name, positionOf(bytes, r.badOffset)) + ": not valid "
                                                + textEncodingName(encoding) + " (bytes " + shown + ")"
                                                + (r.incomplete ? ", cut off at the end of the file" : ""));
    }
    if (const void *nul = std::memchr(bytes.data(), '\0', bytes.size()))
        return makeError(ErrorCode::Format,
                         where(name, positionOf(bytes, static_cast<std::size_t>(static_cast<const char *>(nul) - bytes.data())))
                             + ": NUL byte in text (a binary file?)");
    return out;
}

// Step 2 of detection: UTF-16 without BOM shows as NUL bytes at every other offset.
enum class NulPattern { None, Utf16LE, Utf16BE, Binary };

NulPattern nulPattern(std::string_view bytes)
{
    const std::size_t n = std::min<std::size_t>(bytes.size(), 4096);
    std::size_t even = 0, odd = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (bytes[i] == '\0')
            ++((i & 1) ? odd : even);
    }
    if (even + odd == 0)
        return NulPattern::None;
    if (odd * 4 >= n && even * 20 <= odd)
        return NulPattern::Utf16LE;
    if (even * 4 >= n && odd * 20 <= even)
        return NulPattern::Utf16BE;
    return NulPattern::Binary;
}

// GB18030 text is mostly CJK: double-byte characters whose second byte is >= 0x80 (GB2312's
// A1-FE range), or four-byte forms. A high byte followed by ASCII ("caf\xE9t", "sister\xF0city")
// is also valid GB18030 but is the mark of Latin-1 or cp1252; such files are not called GB18030.
bool looksLikeGb18030(std::string_view bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t cjk = 0, asciiTrail = 0;
    for (std::size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        if (i + 3 < n && p[i + 1] >= 0x30 && p[i + 1] <= 0x39 && p[i + 2] >= 0x81 && p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
            ++cjk;
            i += 4;
            continue;
        }
        if (i + 1 < n && p[i + 1] >= 0x80)
            ++cjk;
        else
            ++asciiTrail;
        i += 2;
    }
    return cjk > 0 && asciiTrail * 10 <= cjk + asciiTrail;
}

Result<DecodedText> decodeAuto(std::string_view bytes, const std::string &name)
{
    const auto *u = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return decodeUtf8(bytes.substr(3), true, name, TextEncoding::Utf8);
    if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) || (u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF)))
        return makeError(ErrorCode::Unsupported, name + ": UTF-32 text is not supported; save the file as UTF-8");
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        return decodeUtf16(bytes.substr(2), false, true, name);
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        return decodeUtf16(bytes.substr(2), true, true, name);
    if (n >= 4 && u[0] == 0x84 && u[1] == 0x31 && u[2] == 0x95 && u[3] == 0x33)
        return decodeIconv(bytes.substr(4), TextEncoding::Gb18030, true, name);

    switch (nulPattern(bytes)) {
    case NulPattern::Utf16LE: return decodeUtf16(bytes, false, false, name);
    case NulPattern::Utf16BE: return decodeUtf16(bytes, true, false, name);
    case NulPattern::Binary:
        // NUL bytes and bytes that are no UTF-8 either: no encoding makes this text (xlsx, zip,
        // images). A lone NUL in otherwise valid text is reported at its line below.
        if (findInvalidUtf8(bytes) != std::string_view::npos)
            return makeError(ErrorCode::Format, name + ": not a text file (binary data, such as a spreadsheet, archive "
                                                       "or image); save or export it as CSV, TSV or JSON Lines");
        break;
    case NulPattern::None: break;
    }

    const std::size_t firstBad = findInvalidUtf8(bytes);
    if (firstBad == std::string_view::npos)
        return decodeUtf8(bytes, false, name, TextEncoding::Auto);

    // Not UTF-8. Count the lines with non-ASCII bytes that are and are not valid UTF-8: a GBK file
    // has (almost) none of the first kind, a UTF-8 file with one pasted GBK line has many.
    std::size_t utf8Lines = 0, otherLines = 0;
    for (std::size_t start = 0; start < n;) {
        const void *nl = std::memchr(bytes.data() + start, '\n', n - start);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - bytes.data()) : n;
        const std::string_view line = bytes.substr(start, end - start);
        const bool nonAscii = std::any_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (nonAscii)
            ++(findInvalidUtf8(line) == std::string_view::npos ? utf8Lines : otherLines);
        start = end + 1;
    }
    if (utf8Lines * 10 < otherLines || utf8Lines == 0) {
        DecodedText out;
        out.encoding = TextEncoding::Gb18030;
        if (looksLikeGb18030(bytes) && iconvToUtf8(bytes, "GB18030", out.text).ok && !std::memchr(bytes.data(), '\0', n))
            return out;
        return makeError(ErrorCode::Format, invalidUtf8Message(name, bytes, firstBad, TextEncoding::Auto));
    }
    const Position p = positionOf(bytes, firstBad);
    return makeError(ErrorCode::Format,
                     where(name, p) + ": not valid UTF-8 (byte " + hexByte(u[firstBad]) + "), while "
                         + std::to_string(utf8Lines) + " other line" + (utf8Lines == 1 ? " is" : "s are")
                         + " UTF-8: the file mixes encodings (a line pasted from a GBK or Latin-1 source?). "
                           "Re-save line " + std::to_string(p.line) + " as UTF-8");
}

} // namespace

std::size_t findInvalidUtf8(std::string_view text)
{
    const auto *begin = reinterpret_cast<const unsigned char *>(text.data());
    const auto *end = begin + text.size();
    const auto *p = begin;
    while (p < end) {
        // ASCII fast path, 8 bytes at a time.
        while (end - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (w & 0x8080808080808080ULL)
                break;
            p += 8;
        }
        if (p >= end)
            break;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const std::size_t len = utf8SequenceLength(p, end);
        if (len == 0)
            return static_cast<std::size_t>(p - begin);
        p += len;
    }
    return std::string_view::npos;
}

Result<TextEncoding> parseTextEncoding(std::string_view name)
{
    const std::string s = lowerDashed(name);
    if (s == "auto" || s.empty())
        return TextEncoding::Auto;
    if (s == "utf-8" || s == "utf8" || s == "utf-8-sig")
        return TextEncoding::Utf8;
    if (s == "utf-16" || s == "utf16")
        return TextEncoding::Utf16;
    if (s == "utf-16le" || s == "utf16le" || s == "utf-16-le")
        return TextEncoding::Utf16LE;
    if (s == "utf-16be" || s == "utf16be" || s == "utf-16-be")
        return TextEncoding::Utf16BE;
    if (s == "gb18030")
        return TextEncoding::Gb18030;
    if (s == "gbk" || s == "cp936" || s == "gb2312")
        return TextEncoding::Gbk;
    if (s == "latin-1" || s == "latin1" || s == "iso-8859-1" || s == "iso8859-1")
        return TextEncoding::Latin1;
    return makeError(ErrorCode::InvalidArgument,
                     "unknown text encoding '" + std::string(name) + "'; choose one of: " + textEncodingChoices());
}

const char *textEncodingName(TextEncoding encoding)
{
    switch (encoding) {
    case TextEncoding::Auto: return "auto";
    case TextEncoding::Utf8: return "utf-8";
    case TextEncoding::Utf16: return "utf-16";
    case TextEncoding::Utf16LE: return "utf-16le";
    case TextEncoding::Utf16BE: return "utf-16be";
    case TextEncoding::Gb18030: return "gb18030";
    case TextEncoding::Gbk: return "gbk";
    case TextEncoding::Latin1: return "latin-1";
    }
    return "auto";
}

const char *textEncodingChoices() { return "auto, utf-8, utf-16, utf-16le, utf-16be, gb18030, gbk, latin-1"; }

Result<DecodedText> decodeText(std::string_view bytes, TextEncoding encoding, const std::string &nameForErrors)
{
    const auto *u = reinterpret_cast<const unsigned char *>(bytes.data());
    const std::size_t n = bytes.size();
    const bool utf8Bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    switch (encoding) {
    case TextEncoding::Auto:
        return decodeAuto(bytes, nameForErrors);
    case TextEncoding::Utf8:
        return utf8Bom ? decodeUtf8(bytes.substr(3), true, nameForErrors, encoding)
                       : decodeUtf8(bytes, false, nameForErrors, encoding);
    case TextEncoding::Utf16:
        if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
            return decodeUtf16(bytes.substr(2), true, true, nameForErrors);
        if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
            return decodeUtf16(bytes.substr(2), false, true, nameForErrors);
        return decodeUtf16(bytes, false, false, nameForErrors);
    case TextEncoding::Utf16LE:
        if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
            return decodeUtf16(bytes.substr(2), false, true, nameForErrors);
        return decodeUtf16(bytes, false, false, nameForErrors);
    case TextEncoding::Utf16BE:
        if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
            return decodeUtf16(bytes.substr(2), true, true, nameForErrors);
        return decodeUtf16(bytes, true, false, nameForErrors);
    case TextEncoding::Gb18030:
        if (n >= 4 && u[0] == 0x84 && u[1] == 0x31 && u[2] == 0x95 && u[3] == 0x33)
            return decodeIconv(bytes.substr(4), encoding, true, nameForErrors);
        return decodeIconv(bytes, encoding, false, nameForErrors);
    case TextEncoding::Gbk:
        return decodeIconv(bytes, encoding, false, nameForErrors);
    case TextEncoding::Latin1:
        return decodeLatin1(bytes, nameForErrors);
    }
    return makeError(ErrorCode::Internal, nameForErrors + ": unknown encoding");
}

Result<std::string> readFileBytes(const std::filesystem::path &path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return makeError(ErrorCode::Io, path.string() + ": is a folder, not a file");
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                         path.string() + ": cannot open: " + std::strerror(errno));
    std::string bytes;
    char buf[1 << 16];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0)
        bytes.append(buf, got);
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed)
        return makeError(ErrorCode::Io, path.string() + ": read error");
    return bytes;
}

Result<DecodedText> readTextFile(const std::filesystem::path &path, TextEncoding encoding)
{
    auto bytes = readFileBytes(path);
    if (!bytes)
        return bytes.error();
    return decodeText(*bytes, encoding, path.string());
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

} // namespace hone

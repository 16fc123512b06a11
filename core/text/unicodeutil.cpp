#include "core/text/unicodeutil.h"

#include <utf8proc.h>

#include <cstdlib>

namespace hone::unicode {

bool isValidUtf8(std::string_view text)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t before = pos;
        if (decodeUtf8(text, pos) == kReplacementChar) {
            // A real U+FFFD is three bytes (EF BF BD); a replacement for a bad byte consumes one.
            if (pos - before != 3)
                return false;
        }
    }
    return true;
}

std::string sanitizeUtf8(std::string_view text)
{
    if (isValidUtf8(text))
        return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t pos = 0;
    while (pos < text.size())
        appendUtf8(out, decodeUtf8(text, pos));
    return out;
}

bool isWhitespace(char32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

static inline int category(char32_t c) { return utf8proc_category(static_cast<utf8proc_int32_t>(c)); }

bool isLetter(char32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    const int cat = category(c);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

bool isNumber(char32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    const int cat = category(c);
    return cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO;
}

bool isMark(char32_t c)
{
    if (c < 0x300)
        return false;
    const int cat = category(c);
    return cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME;
}

bool isNonspacingMark(char32_t c) { return c >= 0x300 && category(c) == UTF8PROC_CATEGORY_MN; }

bool isPunctuation(char32_t c)
{
    const int cat = category(c);
    return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

bool isOther(char32_t c)
{
    const int cat = category(c);
    return cat == UTF8PROC_CATEGORY_CN || cat >= UTF8PROC_CATEGORY_CC;
}

bool isZs(char32_t c) { return c == ' ' || (c >= 0x80 && category(c) == UTF8PROC_CATEGORY_ZS); }

bool isChineseChar(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
           || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
           || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

void appendLowercase(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
        return;
    }
    if (c == 0x130) { // LATIN CAPITAL LETTER I WITH DOT ABOVE: the one unconditional multi-char lowercase
        out.push_back('i');
        appendUtf8(out, 0x307);
        return;
    }
    appendUtf8(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
}

int decompose(char32_t c, bool compatibility, char32_t *buffer, int capacity)
{
    int options = UTF8PROC_DECOMPOSE;
    if (compatibility)
        options |= UTF8PROC_COMPAT;
    int boundclass = 0;
    const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c),
                                                       reinterpret_cast<utf8proc_int32_t *>(buffer), capacity,
                                                       static_cast<utf8proc_option_t>(options), &boundclass);
    if (n < 0 || n > capacity) {
        buffer[0] = c;
        return 1;
    }
    return static_cast<int>(n);
}

std::string nfc(std::string_view text)
{
    utf8proc_uint8_t *out = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(text.data()),
                                            static_cast<utf8proc_ssize_t>(text.size()), &out,
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0)
        return std::string(text);
    std::string result(reinterpret_cast<const char *>(out), static_cast<std::size_t>(n));
    std::free(out);
    return result;
}

} // namespace hone::unicode

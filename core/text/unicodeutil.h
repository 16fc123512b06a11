#pragma once
// Code-point helpers shared by the tokenizers: UTF-8 decoding/encoding and the character classes
// Hugging Face `tokenizers` uses (Rust's char::is_whitespace, Unicode categories via utf8proc).
#include <cstddef>
#include <string>
#include <string_view>

namespace hone::unicode {

constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point at text[pos] and advances pos. Invalid or truncated sequences yield
// U+FFFD and advance by one byte, so every byte is consumed exactly once.
inline char32_t decodeUtf8(std::string_view text, std::size_t &pos)
{
    const auto b0 = static_cast<unsigned char>(text[pos]);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    const std::size_t left = text.size() - pos;
    auto cont = [&](std::size_t i) { return (static_cast<unsigned char>(text[pos + i]) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF && left >= 2 && cont(1)) {
        const char32_t c = (char32_t(b0 & 0x1F) << 6) | (static_cast<unsigned char>(text[pos + 1]) & 0x3F);
        pos += 2;
        return c;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF && left >= 3 && cont(1) && cont(2)) {
        const char32_t c = (char32_t(b0 & 0x0F) << 12) | (char32_t(static_cast<unsigned char>(text[pos + 1]) & 0x3F) << 6)
                           | (static_cast<unsigned char>(text[pos + 2]) & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            pos += 3;
            return c;
        }
    }
    if (b0 >= 0xF0 && b0 <= 0xF4 && left >= 4 && cont(1) && cont(2) && cont(3)) {
        const char32_t c = (char32_t(b0 & 0x07) << 18) | (char32_t(static_cast<unsigned char>(text[pos + 1]) & 0x3F) << 12)
                           | (char32_t(static_cast<unsigned char>(text[pos + 2]) & 0x3F) << 6)
                           | (static_cast<unsigned char>(text[pos + 3]) & 0x3F);
        if (c >= 0x10000 && c <= 0x10FFFF) {
            pos += 4;
            return c;
        }
    }
    ++pos;
    return kReplacementChar;
}

inline void appendUtf8(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

inline std::size_t utf8Length(char32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

// True when the string is valid UTF-8 (and has no NUL-free requirement).
bool isValidUtf8(std::string_view text);
// Replaces invalid sequences with U+FFFD (what Python does with errors="replace").
std::string sanitizeUtf8(std::string_view text);

// Rust's char::is_whitespace (the White_Space property); also what `\s` means in the GPT-2 regex.
bool isWhitespace(char32_t c);
bool isLetter(char32_t c);      // \p{L}
bool isNumber(char32_t c);      // \p{N}
bool isMark(char32_t c);        // \p{M}: Mn, Mc, Me
bool isNonspacingMark(char32_t c); // Mn
bool isPunctuation(char32_t c); // \p{P}
bool isOther(char32_t c);       // \p{C}: Cc, Cf, Cs, Co, Cn
bool isZs(char32_t c);
// BERT's CJK ideograph ranges (tokenizers' bert normalizer).
bool isChineseChar(char32_t c);

// Unicode NFC (canonical composition), as tokenizers' NFC normalizer; invalid UTF-8 comes back unchanged.
std::string nfc(std::string_view text);

// Appends c lower-cased the way Rust's char::to_lowercase does (U+0130 becomes "i\u0307").
void appendLowercase(std::string &out, char32_t c);
// Appends the canonical (NFD) or compatibility (NFKD) decomposition of c, as code points.
// Returns the number of code points written into buffer (capacity 32 is always enough).
int decompose(char32_t c, bool compatibility, char32_t *buffer, int capacity);

} // namespace hone::unicode

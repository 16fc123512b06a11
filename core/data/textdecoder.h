#pragma once
// Text files to UTF-8: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM), GB18030/GBK (Chinese
// spreadsheet exports, decoded with glibc iconv) and Latin-1 (ISO-8859-1).
//
// Auto-detection, in order:
//   1. a BOM (UTF-8, UTF-16 LE/BE, GB18030);
//   2. NUL bytes mostly at odd (even) offsets: UTF-16 LE (BE) without BOM;
//   3. valid UTF-8: UTF-8;
//   4. not UTF-8 but decodes cleanly as GB18030, looks like Chinese (its high bytes come in
//      CJK pairs; a lone high byte before ASCII, as in Latin-1's "caf\xE9s", does not count),
//      and no more than a chance share of the lines (< 1 in 10 of the non-ASCII lines) is
//      valid UTF-8: GB18030;
//   5. otherwise an error naming the first line that is not UTF-8. When other lines *are* UTF-8
//      the error says the file mixes encodings.
// Invalid bytes are always an error naming the file, line and byte column; nothing is ever
// replaced or guessed silently. Line endings are left as they are; a BOM is removed.
#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

enum class TextEncoding {
    Auto,
    Utf8,
    Utf16,   // explicit "utf-16": the BOM decides; little-endian when there is none
    Utf16LE,
    Utf16BE,
    Gb18030,
    Gbk,
    Latin1,  // ISO-8859-1: every byte is the code point of the same value
};

// "auto", "utf-8" ("utf8"), "utf-16", "utf-16le", "utf-16be", "gb18030", "gbk" ("cp936"),
// "latin-1" ("latin1", "iso-8859-1"); case-insensitive, '_' equals '-'.
Result<TextEncoding> parseTextEncoding(std::string_view name);
const char *textEncodingName(TextEncoding encoding); // the canonical names above
// The names parseTextEncoding accepts, for help texts: "auto, utf-8, utf-16, gb18030, gbk, latin-1".
const char *textEncodingChoices();

struct DecodedText {
    std::string text;                              // UTF-8, BOM removed
    TextEncoding encoding = TextEncoding::Utf8;    // what was used; never Auto or Utf16
    bool hadBom = false;
};

// nameForErrors prefixes every message ("data.csv: line 3, byte 17: ...").
Result<DecodedText> decodeText(std::string_view bytes, TextEncoding encoding, const std::string &nameForErrors);
// Reads a whole file and decodes it; the errors name the file.
Result<DecodedText> readTextFile(const std::filesystem::path &path, TextEncoding encoding = TextEncoding::Auto);
// Reads a whole file as bytes.
Result<std::string> readFileBytes(const std::filesystem::path &path);
// The lines of a text (LF or CR LF, the CR dropped); a final newline ends the last line, it does
// not start an empty one. Views into text.
std::vector<std::string_view> splitLines(std::string_view text);

// Offset of the first byte that is not part of valid UTF-8 (strict: no overlongs, surrogates or
// code points above U+10FFFF), or std::string_view::npos when the text is valid.
std::size_t findInvalidUtf8(std::string_view text);

} // namespace hone

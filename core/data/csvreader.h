#pragma once
// CSV/TSV per RFC 4180, on text already decoded to UTF-8 (see textdecoder.h).
//
// - Fields may be quoted with '"'; inside quotes the delimiter, CR/LF and doubled quotes ("")
//   are data. A quote in the middle of an unquoted field is literal (as Python's csv does).
// - After a closing quote only spaces may come before the next delimiter or the end of the line;
//   anything else is an error (it is almost always an undoubled quote inside a quoted field).
// - Records end with LF, CRLF or a lone CR. Completely empty lines are skipped.
// - The first record is the header. Every other record must have as many fields as the header.
// - An unterminated quote is an error naming the line where the quote opened.
// Errors name the file (nameForErrors), line and field.
#include "core/util/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

struct CsvOptions {
    char delimiter = 0;   // 0: detect on the header line (see detectDelimiter)
    bool quoting = true;  // false: '"' is an ordinary character (for TSV files that never quote)
    bool headerOnly = false; // stop after the header (to check the columns before reading the rest)
};

struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0; // 1-based line where the record starts
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRecord> records; // data records, header excluded
    char delimiter = ',';
};

// The delimiter among ',' '\t' ';' '|' that occurs most often on the first line outside quotes
// (ties in that order); `fallback` when none occurs (a single-column file).
char detectDelimiter(std::string_view text, char fallback = ',');

// Parses a whole table. An empty text or one with no header is an error.
Result<CsvTable> parseCsv(std::string_view text, const CsvOptions &options, const std::string &nameForErrors);

// "','", "tab", "';'" for messages.
std::string delimiterName(char delimiter);

} // namespace hone

#include "core/data/csvreader.h"

#include <array>
#include <cstring>

namespace hone {

namespace {

class CsvParser {
public:
    CsvParser(std::string_view text, char delimiter, bool quoting, const std::string &name)
        : m_text(text), m_delim(delimiter), m_quoting(quoting), m_name(name) {}

    bool atEnd() const { return m_pos >= m_text.size(); }

    // Skips completely empty lines; returns false at the end of the text.
    bool skipEmptyLines()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\n') {
                ++m_pos;
                ++m_line;
            } else if (c == '\r') {
                ++m_pos;
                if (m_pos < m_text.size() && m_text[m_pos] == '\n')
                    ++m_pos;
                ++m_line;
            } else {
                return true;
            }
        }
        return false;
    }

    // Parses one record starting at the current position (not at an empty line).
    Result<CsvRecord> record()
    {
        CsvRecord rec;
        rec.line = m_line;
        for (;;) {
            std::string field;
            auto end = m_quoting && m_pos < m_text.size() && m_text[m_pos] == '"'
                           ? quotedField(field, rec.line, rec.fields.size() + 1)
                           : plainField(field);
            if (!end)
                return end.error();
            rec.fields.push_back(std::move(field));
            if (!*end) // the record ended
                return rec;
        }
    }

    std::size_t line() const { return m_line; }

private:
    // Returns true when a delimiter follows (another field comes), false at the end of a record.
    Result<bool> afterField()
    {
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text[m_pos];
        if (c == m_delim) {
            ++m_pos;
            return true;
        }
        if (c == '\n') {
            ++m_pos;
            ++m_line;
            return false;
        }
        if (c == '\r') {
            ++m_pos;
            if (m_pos < m_text.size() && m_text[m_pos] == '\n')
                ++m_pos;
            ++m_line;
            return false;
        }
        return makeError(ErrorCode::Internal, m_name + ": CSV parser lost its place");
    }

    Result<bool> plainField(std::string &field)
    {
        const std::size_t start = m_pos;
        const char *data = m_text.data();
        const std::size_t n = m_text.size();
        std::size_t i = m_pos;
        while (i < n) {
            const char c = data[i];
            if (c == m_delim || c == '\n' || c == '\r')
                break;
            ++i;
        }
        field.assign(data + start, i - start);
        m_pos = i;
        return afterField();
    }

    Result<bool> quotedField(std::string &field, std::size_t recordLine, std::size_t fieldNumber)
    {
        const std::size_t openLine = m_line;
        ++m_pos; // opening quote
        const char *data = m_text.data();
        const std::size_t n = m_text.size();
        for (;;) {
            const void *q = std::memchr(data + m_pos, '"', n - m_pos);
            if (!q) {
                return makeError(ErrorCode::Format,
                                 m_name + ": line " + std::to_string(openLine) + ", field " + std::to_string(fieldNumber)
                                     + ": the quote opened here is never closed (the rest of the file would become "
                                       "one field); close it or double the quotes inside the text (\"\")");
            }
            const std::size_t qpos = static_cast<std::size_t>(static_cast<const char *>(q) - data);
            countLines(m_pos, qpos);
            field.append(data + m_pos, qpos - m_pos);
            m_pos = qpos + 1;
            if (m_pos < n && data[m_pos] == '"') { // doubled quote
                field.push_back('"');
                ++m_pos;
                continue;
            }
            break;
        }
        while (m_pos < n && data[m_pos] == ' ' && m_delim != ' ')
            ++m_pos;
        if (m_pos < n && data[m_pos] != m_delim && data[m_pos] != '\n' && data[m_pos] != '\r') {
            std::string shown(1, data[m_pos]);
            if (static_cast<unsigned char>(data[m_pos]) >= 0x80 || data[m_pos] < ' ')
                shown = "a character";
            else
                shown = "'" + shown + "'";
            return makeError(ErrorCode::Format,
                             m_name + ": line " + std::to_string(m_line) + ", field " + std::to_string(fieldNumber)
                                 + ": unexpected " + shown + " after the closing quote of a field that starts on line "
                                 + std::to_string(recordLine)
                                 + "; a quote inside a quoted field must be doubled (\"\")");
        }
        return afterField();
    }

    void countLines(std::size_t from, std::size_t to)
    {
        const char *data = m_text.data();
        for (std::size_t i = from; i < to; ++i) {
            if (data[i] == '\n')
                ++m_line;
            else if (data[i] == '\r' && (i + 1 >= to || data[i + 1] != '\n'))
                ++m_line;
        }
    }

    std::string_view m_text;
    char m_delim;
    bool m_quoting;
    const std::string &m_name;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

} // namespace

std::string delimiterName(char delimiter)
{
    if (delimiter == '\t')
        return "tab";
    return std::string("'") + delimiter + "'";
}

char detectDelimiter(std::string_view text, char fallback)
{
    constexpr std::array<char, 4> kCandidates = {',', '\t', ';', '|'};
    std::array<std::size_t, 4> counts{};
    bool inQuotes = false;
    std::size_t start = 0;
    while (start < text.size() && (text[start] == '\n' || text[start] == '\r')) // leading empty lines
        ++start;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            inQuotes = !inQuotes; // a doubled quote toggles twice
            continue;
        }
        if (inQuotes)
            continue;
        if (c == '\n' || c == '\r')
            break;
        for (std::size_t k = 0; k < kCandidates.size(); ++k)
            counts[k] += c == kCandidates[k];
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < kCandidates.size(); ++k)
        if (counts[k] > counts[best])
            best = k;
    return counts[best] > 0 ? kCandidates[best] : fallback;
}

Result<CsvTable> parseCsv(std::string_view text, const CsvOptions &options, const std::string &nameForErrors)
{
    CsvTable table;
    table.delimiter = options.delimiter ? options.delimiter : detectDelimiter(text);
    if (table.delimiter == '"' || table.delimiter == '\n' || table.delimiter == '\r')
        return makeError(ErrorCode::InvalidArgument, nameForErrors + ": " + delimiterName(table.delimiter)
                                                         + " cannot be a delimiter");
    CsvParser parser(text, table.delimiter, options.quoting, nameForErrors);
    if (!parser.skipEmptyLines())
        return makeError(ErrorCode::Format, nameForErrors + ": the file is empty (a header line such as "
                                                            "\"text,label\" and data rows are needed)");
    auto header = parser.record();
    if (!header)
        return header.error();
    table.header = std::move(header->fields);
    if (options.headerOnly)
        return table;
    const std::size_t columns = table.header.size();
    while (parser.skipEmptyLines()) {
        auto rec = parser.record();
        if (!rec)
            return rec.error();
        if (rec->fields.size() != columns) {
            std::string hint;
            if (rec->fields.size() > columns)
                hint = " (is there an unquoted " + delimiterName(table.delimiter) + " inside a text? quote that field)";
            return makeError(ErrorCode::Format, nameForErrors + ": line " + std::to_string(rec->line) + ": "
                                                    + std::to_string(rec->fields.size()) + " field"
                                                    + (rec->fields.size() == 1 ? "" : "s") + ", but the header has "
                                                    + std::to_string(columns) + hint);
        }
        table.records.push_back(std::move(*rec));
    }
    return table;
}

} // namespace hone

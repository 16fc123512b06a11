#include "core/data/dataset.h"

#include "core/data/csvreader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <optional>
#include <system_error>

namespace hone {
namespace fs = std::filesystem;

namespace {

constexpr const char *kTextNames[] = {"text", "sentence", "content", "review", "question", "comment",
                                      "document", "tweet", "message", "sms"};
constexpr const char *kLabelNames[] = {"label", "labels", "class", "category", "target", "sentiment",
                                       "intent", "emotion", "y"};
constexpr std::pair<const char *, const char *> kPairNames[] = {
    {"sentence1", "sentence2"}, {"text_a", "text_b"},      {"question1", "question2"},
    {"premise", "hypothesis"},  {"text", "text_pair"},     {"text1", "text2"},
};

std::string lower(std::string_view s)
{
    std::string r(s);
    for (char &c : r)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return r;
}

std::string joinColumns(const std::vector<std::string> &columns)
{
    if (columns.empty())
        return "(none)";
    std::string s;
    for (const auto &c : columns) {
        if (!s.empty())
            s += ", ";
        s += "'" + c + "'";
    }
    return s;
}

// Index of the column whose lower-cased name, without surrounding spaces, is `name`, or -1.
int findCaseInsensitive(const std::vector<std::string> &columns, std::string_view name)
{
    for (std::size_t i = 0; i < columns.size(); ++i) {
        std::string_view c = columns[i];
        while (!c.empty() && (c.front() == ' ' || c.front() == '\t'))
            c.remove_prefix(1);
        while (!c.empty() && (c.back() == ' ' || c.back() == '\t'))
            c.remove_suffix(1);
        if (lower(c) == name)
            return static_cast<int>(i);
    }
    return -1;
}

bool isBlank(std::string_view s)
{
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const std::size_t n = s.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            ++i;
        } else if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) { // U+00A0 no-break space
            i += 2;
        } else if (i + 2 < n && ((c == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80)        // U+3000
                                 || (c == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF)       // U+FEFF
                                 || (c == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x8B))) {   // U+200B
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

struct RawRow {
    std::string text, text2, label;
    bool hasText = true, hasText2 = true, hasLabel = false;
    std::string missingText; // JSONL: the reason when the text field is absent or null
    std::size_t line = 0;
};

struct RawSource {
    DataSource info;
    std::vector<RawRow> rows;
};

struct ResolvedColumns {
    int text = -1, text2 = -1, label = -1;
};

// Maps the column names of a header (or the keys of the first JSON object) to text/text2/label.
Result<ResolvedColumns> resolveColumns(const std::vector<std::string> &columns, const ReadOptions &options,
                                       const std::string &name)
{
    ResolvedColumns r;
    const ColumnMapping &m = options.columns;
    auto named = [&](const std::string &wanted, const char *what, int &slot) -> Result<void> {
        const auto it = std::find(columns.begin(), columns.end(), wanted);
        if (it == columns.end()) {
            std::string hint;
            const int ci = findCaseInsensitive(columns, lower(wanted));
            if (ci >= 0)
                hint = "; did you mean '" + columns[static_cast<std::size_t>(ci)] + "'? (names are case-sensitive)";
            return makeError(ErrorCode::NotFound, name + ": no " + what + " column named '" + wanted
                                                      + "'; the columns are: " + joinColumns(columns) + hint);
        }
        if (std::count(columns.begin(), columns.end(), wanted) > 1)
            return makeError(ErrorCode::Format, name + ": the header has more than one column named '" + wanted + "'");
        slot = static_cast<int>(it - columns.begin());
        return {};
    };
    if (!m.text.empty())
        if (auto ok = named(m.text, "text", r.text); !ok)
            return ok.error();
    if (!m.text2.empty())
        if (auto ok = named(m.text2, "second-text", r.text2); !ok)
            return ok.error();
    if (!m.label.empty())
        if (auto ok = named(m.label, "label", r.label); !ok)
            return ok.error();

    if (r.text < 0 && r.text2 < 0) { // detect a pair first: "sentence1,sentence2,label"
        for (const auto &[a, b] : kPairNames) {
            const int ia = findCaseInsensitive(columns, a), ib = findCaseInsensitive(columns, b);
            if (ia >= 0 && ib >= 0) {
                r.text = ia;
                r.text2 = ib;
                break;
            }
        }
    }
    if (r.text < 0) {
        for (const char *candidate : kTextNames) {
            const int i = findCaseInsensitive(columns, candidate);
            if (i >= 0 && i != r.text2 && i != r.label) {
                r.text = i;
                break;
            }
        }
    }
    if (r.text < 0)
        return makeError(ErrorCode::NotFound,
                         name + ": cannot tell which column holds the text; the columns are: " + joinColumns(columns)
                             + ". Name it (--text-column), or call it one of: text, sentence, content, review, question, comment");
    if (r.label < 0 && m.label.empty()) {
        for (const char *candidate : kLabelNames) {
            const int i = findCaseInsensitive(columns, candidate);
            if (i >= 0 && i != r.text && i != r.text2) {
                r.label = i;
                break;
            }
        }
    }
    if (r.label < 0 && options.requireLabels)
        return makeError(ErrorCode::NotFound,
                         name + ": cannot tell which column holds the label; the columns are: " + joinColumns(columns)
                             + ". Name it (--label-column), or call it one of: label, labels, class, category, target, sentiment");
    if (r.label >= 0 && (r.label == r.text || r.label == r.text2))
        return makeError(ErrorCode::InvalidArgument, name + ": column '" + columns[static_cast<std::size_t>(r.label)]
                                                         + "' cannot be both a text and the label");
    if (r.text2 >= 0 && r.text2 == r.text)
        return makeError(ErrorCode::InvalidArgument, name + ": column '" + columns[static_cast<std::size_t>(r.text)]
                                                         + "' cannot be both the first and the second text");
    return r;
}

void fillColumnInfo(DataSource &info, const std::vector<std::string> &columns, const ResolvedColumns &r)
{
    info.columns = columns;
    info.textColumn = columns[static_cast<std::size_t>(r.text)];
    if (r.text2 >= 0)
        info.text2Column = columns[static_cast<std::size_t>(r.text2)];
    if (r.label >= 0)
        info.labelColumn = columns[static_cast<std::size_t>(r.label)];
}

Result<RawSource> readDelimited(const fs::path &path, DataFormat format, const ReadOptions &options)
{
    const std::string name = path.string();
    auto decoded = readTextFile(path, options.encoding);
    if (!decoded)
        return decoded.error();
    CsvOptions csv;
    csv.delimiter = options.delimiter ? options.delimiter
                                      : format == DataFormat::Tsv ? '\t' : detectDelimiter(decoded->text, ',');
    // Check the columns first: a file without a header fails on that, not on some later row.
    csv.headerOnly = true;
    auto header = parseCsv(decoded->text, csv, name);
    if (!header)
        return header.error();
    auto cols = resolveColumns(header->header, options, name);
    if (!cols)
        return cols.error();
    csv.headerOnly = false;
    auto table = parseCsv(decoded->text, csv, name);
    if (!table)
        return table.error();
    RawSource src;
    src.info.path = path;
    src.info.format = format;
    src.info.encoding = decoded->encoding;
    src.info.delimiter = table->delimiter;
    if (table->records.empty())
        return makeError(ErrorCode::Format, name + ": the file has a header (" + joinColumns(table->header)
                                                + ") but no data rows");
    fillColumnInfo(src.info, table->header, *cols);
    src.info.rowsRead = table->records.size();
    src.rows.reserve(table->records.size());
    for (CsvRecord &rec : table->records) {
        RawRow row;
        row.line = rec.line;
        row.text = std::move(rec.fields[static_cast<std::size_t>(cols->text)]);
        if (cols->text2 >= 0)
            row.text2 = std::move(rec.fields[static_cast<std::size_t>(cols->text2)]);
        if (cols->label >= 0) {
            row.label = std::move(rec.fields[static_cast<std::size_t>(cols->label)]);
            row.hasLabel = !isBlank(row.label);
        }
        src.rows.push_back(std::move(row));
    }
    return src;
}

std::string jsonTypeName(const nlohmann::json &v)
{
    if (v.is_number_float())
        return "a number (" + v.dump() + ")";
    if (v.is_number())
        return "a number";
    return std::string("a JSON ") + v.type_name();
}

Result<RawSource> readJsonl(const fs::path &path, const ReadOptions &options)
{
    const std::string name = path.string();
    auto decoded = readTextFile(path, options.encoding);
    if (!decoded)
        return decoded.error();
    const std::string &text = decoded->text;
    RawSource src;
    src.info.path = path;
    src.info.format = DataFormat::Jsonl;
    src.info.encoding = decoded->encoding;

    std::optional<ResolvedColumns> cols;
    std::string textKey, text2Key, labelKey;
    std::size_t lineNo = 0;
    for (std::size_t start = 0; start < text.size();) {
        ++lineNo;
        const void *nl = std::memchr(text.data() + start, '\n', text.size() - start);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - text.data()) : text.size();
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (isBlank(line))
            continue;
        const std::string where = name + ": line " + std::to_string(lineNo);
        nlohmann::json obj;
        try {
            obj = nlohmann::json::parse(line.begin(), line.end());
        } catch (const nlohmann::json::exception &e) { // a syntax error, or a number too large (out_of_range)
            std::string what = e.what();
            const auto colon = what.find("column");
            if (colon != std::string::npos)
                what = what.substr(colon);
            else if (const auto bracket = what.find("] "); bracket != std::string::npos)
                what = what.substr(bracket + 2); // "number overflow parsing '1E400'" without the exception id
            const bool looksLikeArray = lineNo == 1 && !line.empty() && line.front() == '[';
            return makeError(ErrorCode::Format, where + ": not valid JSON (" + what + ")"
                                                    + (looksLikeArray ? "; Hone reads JSON Lines: one object per line, "
                                                                        "not a JSON array"
                                                                      : ""));
        }
        if (!obj.is_object())
            return makeError(ErrorCode::Format, where + ": expected a JSON object such as {\"text\": \"...\", "
                                                        "\"label\": \"...\"}, found " + jsonTypeName(obj)
                                                    + (obj.is_array() ? " (Hone reads JSON Lines: one object per line)" : ""));
        if (!cols) {
            std::vector<std::string> keys;
            for (auto it = obj.begin(); it != obj.end(); ++it)
                keys.push_back(it.key());
            auto r = resolveColumns(keys, options, name + " (keys of the object on line " + std::to_string(lineNo) + ")");
            if (!r)
                return r.error();
            cols = *r;
            fillColumnInfo(src.info, keys, *cols);
            textKey = src.info.textColumn;
            text2Key = src.info.text2Column;
            labelKey = src.info.labelColumn;
        }
        ++src.info.rowsRead;
        RawRow row;
        row.line = lineNo;
        auto stringField = [&](const std::string &key, std::string &out, bool &present, std::string *absentReason)
            -> Result<void> {
            const auto it = obj.find(key);
            if (it == obj.end() || it->is_null()) {
                present = false;
                if (absentReason)
                    *absentReason = it == obj.end() ? "no '" + key + "' field" : "'" + key + "' is null";
                return {};
            }
            if (!it->is_string())
                return makeError(ErrorCode::Format, where + ": field '" + key + "' is " + jsonTypeName(*it)
                                                        + ", not a string");
            out = it->get<std::string>();
            present = true;
            return {};
        };
        if (auto ok = stringField(textKey, row.text, row.hasText, &row.missingText); !ok)
            return ok.error();
        if (!text2Key.empty())
            if (auto ok = stringField(text2Key, row.text2, row.hasText2, nullptr); !ok)
                return ok.error();
        if (!labelKey.empty()) {
            const auto it = obj.find(labelKey);
            if (it == obj.end() || it->is_null()) {
                row.hasLabel = false;
            } else if (it->is_string()) {
                row.label = it->get<std::string>();
                row.hasLabel = !isBlank(row.label);
            } else if (it->is_number_integer()) {
                row.label = it->is_number_unsigned() ? std::to_string(it->get<std::uint64_t>())
                                                     : std::to_string(it->get<std::int64_t>());
                row.hasLabel = true;
            } else {
                return makeError(ErrorCode::Format, where + ": label field '" + labelKey + "' is " + jsonTypeName(*it)
                                                        + "; labels must be strings or integers"
                                                        + (it->is_array() ? " (multi-label data is not supported)" : ""));
            }
        }
        src.rows.push_back(std::move(row));
    }
    if (!cols)
        return makeError(ErrorCode::Format, name + ": the file is empty (expected one JSON object per line, "
                                                   "such as {\"text\": \"...\", \"label\": \"...\"})");
    return src;
}

void trimTrailingNewlines(std::string &s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
}

Result<RawSource> readFolder(const fs::path &root, const ReadOptions &options)
{
    std::error_code ec;
    std::vector<fs::path> classDirs;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (!n.empty() && n[0] != '.' && it->is_directory(ec))
            classDirs.push_back(it->path());
    }
    if (ec)
        return makeError(ErrorCode::Io, root.string() + ": cannot list the folder: " + ec.message());
    std::sort(classDirs.begin(), classDirs.end());
    RawSource src;
    src.info.path = root;
    src.info.format = DataFormat::Folder;
    src.info.textColumn = "(file contents)";
    src.info.labelColumn = "(sub-folder name)";
    bool firstFile = true;
    std::vector<std::string> classesSeen;
    for (const fs::path &dir : classDirs) {
        std::vector<fs::path> files;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path &p = it->path();
            if (p.extension() == ".txt" && p.filename().string()[0] != '.' && it->is_regular_file(ec))
                files.push_back(p);
        }
        if (ec)
            return makeError(ErrorCode::Io, dir.string() + ": cannot list the folder: " + ec.message());
        if (files.empty())
            continue;
        std::sort(files.begin(), files.end());
        const std::string label = dir.filename().string();
        classesSeen.push_back(label);
        for (const fs::path &file : files) {
            auto decoded = readTextFile(file, options.encoding);
            if (!decoded)
                return decoded.error();
            if (firstFile) {
                src.info.encoding = decoded->encoding;
                firstFile = false;
            }
            src.info.files.push_back(fs::path(label) / file.filename());
            RawRow row;
            row.text = std::move(decoded->text);
            trimTrailingNewlines(row.text);
            row.label = label;
            row.hasLabel = true;
            row.line = src.info.files.size();
            src.rows.push_back(std::move(row));
        }
    }
    src.info.rowsRead = src.rows.size();
    src.info.columns = classesSeen;
    if (src.rows.empty())
        return makeError(ErrorCode::Format, root.string() + ": no class sub-folders with .txt files (expected "
                                                            "<folder>/<class>/<text>.txt, one sub-folder per class)");
    return src;
}

Result<RawSource> readRaw(const fs::path &path, const ReadOptions &options)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return makeError(ErrorCode::NotFound, path.string() + ": no such file or folder");
    DataFormat format = options.format;
    if (format == DataFormat::Auto) {
        auto detected = detectDataFormat(path);
        if (!detected)
            return detected.error();
        format = *detected;
    }
    const bool isDir = fs::is_directory(path, ec);
    if (format == DataFormat::Folder && !isDir)
        return makeError(ErrorCode::InvalidArgument, path.string() + ": a folder-per-class dataset must be a folder");
    if (format != DataFormat::Folder && isDir)
        return makeError(ErrorCode::InvalidArgument, path.string() + ": is a folder; pass a file, or the folder format");
    switch (format) {
    case DataFormat::Csv:
    case DataFormat::Tsv: return readDelimited(path, format, options);
    case DataFormat::Jsonl: return readJsonl(path, options);
    case DataFormat::Folder: return readFolder(path, options);
    case DataFormat::Auto: break;
    }
    return makeError(ErrorCode::Internal, path.string() + ": no reader for this format");
}

// Why a row is dropped (empty: kept).
std::string dropReason(const RawRow &r, const DataSource &info)
{
    if (!r.hasText)
        return r.missingText.empty() ? "missing text" : r.missingText;
    if (isBlank(r.text))
        return "blank text";
    if (!info.text2Column.empty() && (!r.hasText2 || isBlank(r.text2)))
        return "blank second text ('" + info.text2Column + "')";
    if (!info.labelColumn.empty() && !r.hasLabel)
        return "missing label";
    return {};
}

// Turns raw rows into kept rows (label indices from `labels`) and dropped rows with reasons.
Result<void> appendRows(RawSource &raw, int sourceIndex, const LabelSet &labels, bool labelsFixed, Dataset &out)
{
    DataSource &info = raw.info;
    const bool labelled = !info.labelColumn.empty();
    for (RawRow &r : raw.rows) {
        std::string reason = dropReason(r, info);
        if (!reason.empty()) {
            info.dropped.push_back({r.line, std::move(reason)});
            continue;
        }
        DataRow row;
        row.text = std::move(r.text);
        row.text2 = std::move(r.text2);
        row.source = sourceIndex;
        row.line = r.line;
        if (labelled) {
            row.label = labels.indexOf(r.label);
            if (row.label < 0) {
                const std::string where = info.format == DataFormat::Folder
                                              ? (info.path / info.files[r.line - 1]).string()
                                              : info.path.string() + ": line " + std::to_string(r.line);
                return makeError(ErrorCode::InvalidArgument,
                                 where + ": label '" + r.label + "' is not one of the "
                                     + (labelsFixed ? "model's labels" : "labels of the training data") + " ("
                                     + joinColumns(labels.names()) + ")");
            }
        }
        out.rows.push_back(std::move(row));
    }
    raw.rows.clear();
    raw.rows.shrink_to_fit();
    return {};
}

Result<Dataset> readAll(const std::vector<RoleFile> &files, const ReadOptions &options)
{
    std::vector<RawSource> raws;
    for (const RoleFile &f : files) {
        auto raw = readRaw(f.path, options);
        if (!raw)
            return raw.error();
        raw->info.role = f.role;
        raws.push_back(std::move(*raw));
    }
    Dataset ds;
    const bool fixed = !options.labelNames.empty();
    if (fixed) {
        ds.labels = LabelSet::fromNames(options.labelNames);
    } else if (!raws.empty() && !raws.front().info.labelColumn.empty()) {
        std::vector<std::string> names;
        for (const RawRow &r : raws.front().rows)
            if (dropReason(r, raws.front().info).empty())
                names.push_back(r.label);
        ds.labels = LabelSet::sorted(names);
    }
    const bool firstLabelled = !raws.empty() && !raws.front().info.labelColumn.empty();
    for (std::size_t i = 0; i < raws.size(); ++i) {
        if (i > 0 && firstLabelled != !raws[i].info.labelColumn.empty())
            return makeError(ErrorCode::InvalidArgument,
                             raws[i].info.path.string() + (firstLabelled ? ": has no label column, but " : ": has a label column, but ")
                                 + raws.front().info.path.string() + (firstLabelled ? " has one" : " has none"));
        if (i > 0 && raws[i].info.text2Column.empty() != raws.front().info.text2Column.empty())
            return makeError(ErrorCode::InvalidArgument,
                             raws[i].info.path.string() + ": text pairs in one file and single texts in another ("
                                 + raws.front().info.path.string() + ")");
        if (auto ok = appendRows(raws[i], static_cast<int>(i), ds.labels, fixed, ds); !ok)
            return ok.error();
        ds.sources.push_back(std::move(raws[i].info));
    }
    return ds;
}

} // namespace

const char *dataFormatName(DataFormat format)
{
    switch (format) {
    case DataFormat::Auto: return "auto";
    case DataFormat::Csv: return "csv";
    case DataFormat::Tsv: return "tsv";
    case DataFormat::Jsonl: return "jsonl";
    case DataFormat::Folder: return "folder";
    }
    return "auto";
}

Result<DataFormat> parseDataFormat(std::string_view name)
{
    const std::string s = lower(name);
    if (s.empty() || s == "auto")
        return DataFormat::Auto;
    if (s == "csv")
        return DataFormat::Csv;
    if (s == "tsv")
        return DataFormat::Tsv;
    if (s == "jsonl" || s == "json" || s == "ndjson")
        return DataFormat::Jsonl;
    if (s == "folder" || s == "dir")
        return DataFormat::Folder;
    return makeError(ErrorCode::InvalidArgument, "unknown data format '" + std::string(name)
                                                     + "'; choose one of: auto, csv, tsv, jsonl, folder");
}

Result<DataFormat> detectDataFormat(const fs::path &path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return DataFormat::Folder;
    const std::string ext = lower(path.extension().string());
    if (ext == ".csv" || ext == ".txt")
        return DataFormat::Csv;
    if (ext == ".tsv" || ext == ".tab")
        return DataFormat::Tsv;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json")
        return DataFormat::Jsonl;
    if (ext == ".xlsx" || ext == ".xls" || ext == ".ods")
        return makeError(ErrorCode::Unsupported, path.string() + ": spreadsheets are not read directly; save the "
                                                                 "sheet as CSV (UTF-8) and use that");
    return makeError(ErrorCode::Unsupported, path.string() + ": unknown data file type '" + ext
                                                 + "'; Hone reads .csv, .tsv, .jsonl and folders (one sub-folder per "
                                                   "class); or choose the format explicitly");
}

bool Dataset::hasPairs() const
{
    return !sources.empty() && !sources.front().text2Column.empty();
}

std::vector<std::size_t> Dataset::classCounts() const
{
    std::vector<std::size_t> counts(static_cast<std::size_t>(labels.size()), 0);
    for (const DataRow &r : rows)
        if (r.label >= 0 && r.label < labels.size())
            ++counts[static_cast<std::size_t>(r.label)];
    return counts;
}

std::size_t Dataset::droppedCount() const
{
    std::size_t n = 0;
    for (const DataSource &s : sources)
        n += s.dropped.size();
    return n;
}

std::string Dataset::rowLocation(const DataRow &row) const
{
    if (row.source < 0 || static_cast<std::size_t>(row.source) >= sources.size())
        return "?";
    const DataSource &s = sources[static_cast<std::size_t>(row.source)];
    if (s.format == DataFormat::Folder && row.line >= 1 && row.line <= s.files.size())
        return s.files[row.line - 1].string();
    return s.path.filename().string() + ":" + std::to_string(row.line);
}

Result<Dataset> readDataset(const fs::path &path, const ReadOptions &options)
{
    return readAll({{"data", path}}, options);
}

Result<Dataset> readDatasets(const std::vector<RoleFile> &files, const ReadOptions &options)
{
    if (files.empty())
        return makeError(ErrorCode::InvalidArgument, "no data files given");
    return readAll(files, options);
}

Result<void> checkClassificationDataset(const Dataset &ds)
{
    const std::string name = ds.sources.empty() ? std::string("dataset") : ds.sources.front().path.string();
    if (ds.rows.empty())
        return makeError(ErrorCode::InvalidArgument,
                         name + ": no usable rows (" + std::to_string(ds.droppedCount()) + " dropped; see the report)");
    if (ds.labels.empty())
        return makeError(ErrorCode::InvalidArgument, name + ": the data has no labels; training needs a label column");
    const auto counts = ds.classCounts();
    std::size_t present = 0;
    int only = -1;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] > 0) {
            ++present;
            only = static_cast<int>(i);
        }
    if (present < 2) {
        const std::string column = ds.sources.front().labelColumn;
        return makeError(ErrorCode::InvalidArgument,
                         name + ": the label column '" + column + "' has only one class, '" + ds.labels.name(only) + "' ("
                             + std::to_string(counts[static_cast<std::size_t>(only)])
                             + " rows); a classifier needs at least two classes. Is it the right column?");
    }
    return {};
}

} // namespace hone

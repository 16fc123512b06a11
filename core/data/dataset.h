#pragma once
// A labelled text dataset in memory, read from CSV, TSV, JSONL or a folder with one sub-folder
// of .txt files per class.
//
//   auto data = readDataset("reviews.csv");                 // columns and encoding detected
//   for (const DataRow &row : data->rows)  ... row.text, row.label (index into data->labels)
//
// Formats (DataFormat::Auto picks by extension; a folder is Folder):
//   .csv/.txt  CSV, delimiter detected on the header line (',' '\t' ';' '|')
//   .tsv/.tab  TSV (tab; quotes honoured as in CSV)
//   .jsonl/.ndjson/.json  JSON Lines: one object per line; labels strings or integers
//   folder     <root>/<class>/*.txt, one text per file, the class is the sub-folder's name
// A header is required for CSV/TSV. Columns are chosen by name (case-sensitive) or detected:
//   text:  text, sentence, content, review, question, comment, document, tweet, message, sms
//   pairs: sentence1+sentence2, text_a+text_b, question1+question2, premise+hypothesis,
//          text+text_pair, text1+text2 (looked for first, when no text column is named)
//   label: label, labels, class, category, target, sentiment, intent, emotion, y
// Detection ignores case and spaces around header names; anything else needs the column named
// (exact, case-sensitive). A missing column is an error that lists the columns found.
// CSV/TSV: the columns are checked on the header before the rest is parsed, so a file without a
// header fails on that, not on some later row.
//
// Rows are never lost silently: a blank text, a blank second text or a missing label drops the
// row and records it in DataSource::dropped with the line and the reason.
// Texts are kept byte for byte as in the file (no trimming, no normalisation).
// Labels: see labelset.h for the order.
#include "core/data/labelset.h"
#include "core/data/textdecoder.h"
#include "core/util/result.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace hone {

enum class DataFormat { Auto, Csv, Tsv, Jsonl, Folder };
const char *dataFormatName(DataFormat format); // "auto", "csv", "tsv", "jsonl", "folder"
Result<DataFormat> parseDataFormat(std::string_view name);
// The format DataFormat::Auto resolves to for this path (errors for unknown extensions).
Result<DataFormat> detectDataFormat(const std::filesystem::path &path);

struct ColumnMapping {
    std::string text;  // empty: detect
    std::string text2; // empty: detect a pair only when both columns of a known pair exist
    std::string label; // empty: detect
};

struct ReadOptions {
    DataFormat format = DataFormat::Auto;
    TextEncoding encoding = TextEncoding::Auto;
    char delimiter = 0; // CSV/TSV: 0 detects
    ColumnMapping columns;
    // false: a file without a label column is accepted (for prediction); its rows get label -1.
    bool requireLabels = true;
    // Non-empty: these labels in this order (a trained model's); a label outside them is an error.
    std::vector<std::string> labelNames;
};

struct DroppedRow {
    std::size_t line = 0;   // as DataRow::line
    std::string reason;     // "blank text", "missing label", ...
};

// One file that rows came from.
struct DataSource {
    std::filesystem::path path;
    std::string role = "data";    // "data", or "train"/"validation"/"test" for files given per split
    DataFormat format = DataFormat::Csv;
    TextEncoding encoding = TextEncoding::Utf8; // as decoded (for folders: of the first file)
    char delimiter = 0;           // CSV/TSV only
    std::string textColumn, text2Column, labelColumn; // as resolved; text2Column empty without pairs
    std::vector<std::string> columns;                 // all columns (CSV header, keys of the first JSON object)
    std::size_t rowsRead = 0;     // data rows in the file (header and empty lines excluded)
    std::vector<DroppedRow> dropped;
    std::vector<std::filesystem::path> files; // folder-per-class: the files, relative to path
};

struct DataRow {
    std::string text;
    std::string text2;  // second text of a pair; empty otherwise
    int label = -1;     // index into Dataset::labels; -1 when the file has no labels
    int source = 0;     // index into Dataset::sources
    // Line in the source where the row starts (CSV/TSV/JSONL, 1-based); for a folder, the 1-based
    // number of the file in DataSource::files.
    std::size_t line = 0;
};

struct Dataset {
    std::vector<DataRow> rows;
    LabelSet labels;
    std::vector<DataSource> sources;

    bool hasPairs() const;
    bool hasLabels() const { return !labels.empty(); }
    std::vector<std::size_t> classCounts() const; // rows per label index
    std::size_t droppedCount() const;
    // "train.csv:17" (or "pos/003.txt" for folders), for messages.
    std::string rowLocation(const DataRow &row) const;
};

Result<Dataset> readDataset(const std::filesystem::path &path, const ReadOptions &options = {});

// Files given per split, read with the same options and one label set. The labels come from the
// first file (the training file) unless options.labelNames fixes them; a label in a later file
// that the first does not have is an error naming the file, line and label.
struct RoleFile {
    std::string role; // "train", "validation", "test"
    std::filesystem::path path;
};
Result<Dataset> readDatasets(const std::vector<RoleFile> &files, const ReadOptions &options = {});

// Fails with a message in words when the dataset cannot train a classifier: no rows, no labels,
// or a single class ("the label column 'label' has only one class, 'pos' (120 rows)...").
Result<void> checkClassificationDataset(const Dataset &dataset);

} // namespace hone

// Dataset files: the first byte picks CSV, TSV or JSONL and the options; the rest is the file,
// read through text decoding (BOMs, UTF-16, GB18030), the CSV/TSV/JSONL readers, column and
// label resolution, then the classification check and a split.
#include "core/data/csvreader.h"
#include "core/data/dataset.h"
#include "core/data/datasplit.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t mode = data[0];
    const std::string_view body(reinterpret_cast<const char *>(data + 1), size - 1);
    static const char *const names[] = {"data.csv", "data.tsv", "data.jsonl", "data.txt"};
    const auto file = hone::fuzz::writeScratch(names[mode % 4], body);
    hone::ReadOptions options;
    options.requireLabels = (mode & 4) == 0;
    if (mode & 8)
        options.columns.text = "text";
    auto dataset = hone::readDataset(file, options);
    if (dataset && hone::checkClassificationDataset(*dataset)) {
        hone::SplitOptions split;
        split.stratify = (mode & 16) != 0;
        (void)hone::splitDataset(*dataset, split);
    }
    // The CSV parser alone on the raw bytes, with and without quoting.
    hone::CsvOptions csv;
    csv.quoting = (mode & 32) == 0;
    (void)hone::parseCsv(body, csv, "raw.csv");
    return 0;
}

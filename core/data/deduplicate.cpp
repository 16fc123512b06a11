#include "core/data/deduplicate.h"

#include "core/data/csvwriter.h"
#include "core/io/atomicfile.h"

#include <numeric>
#include <unordered_set>

namespace hone {

namespace {

// A unit separator cannot occur in either text, so the pair is one unambiguous key.
std::string keyOf(const DataRow &row)
{
    return row.text + '\x1f' + row.text2;
}

} // namespace

std::vector<std::size_t> distinctRows(const Dataset &dataset, const std::vector<std::size_t> &rows)
{
    std::unordered_set<std::string> seen;
    std::vector<std::size_t> out;
    for (std::size_t i : rows)
        if (seen.insert(keyOf(dataset.rows.at(i))).second)
            out.push_back(i);
    return out;
}

std::vector<std::size_t> rowsWithoutTextsOf(const Dataset &dataset, const std::vector<std::size_t> &rows,
                                            const std::vector<std::size_t> &reference)
{
    std::unordered_set<std::string> taken;
    for (std::size_t i : reference)
        taken.insert(keyOf(dataset.rows.at(i)));
    std::vector<std::size_t> out;
    for (std::size_t i : rows)
        if (!taken.count(keyOf(dataset.rows.at(i))))
            out.push_back(i);
    return out;
}

Result<void> writeRowsCsv(const Dataset &dataset, const std::vector<std::size_t> &rows, const std::filesystem::path &out)
{
    if (dataset.sources.empty())
        return makeError(ErrorCode::InvalidArgument, "no data to write");
    const DataSource &source = dataset.sources.front();
    const bool pairs = !source.text2Column.empty();
    std::vector<std::string> header{source.textColumn.empty() ? "text" : source.textColumn};
    if (pairs)
        header.push_back(source.text2Column);
    header.push_back(source.labelColumn.empty() ? "label" : source.labelColumn);
    std::string csv = csvLine(header);
    for (std::size_t i : rows) {
        const DataRow &row = dataset.rows.at(i);
        std::vector<std::string> fields{row.text};
        if (pairs)
            fields.push_back(row.text2);
        fields.push_back(row.label >= 0 ? dataset.labels.name(row.label) : std::string());
        csv += csvLine(fields);
    }
    return writeFileAtomically(out, csv);
}

Result<DeduplicateResult> writeDeduplicatedCsv(const Dataset &dataset, const std::filesystem::path &out)
{
    std::vector<std::size_t> all(dataset.rows.size());
    std::iota(all.begin(), all.end(), std::size_t(0));
    const std::vector<std::size_t> kept = distinctRows(dataset, all);
    if (auto r = writeRowsCsv(dataset, kept, out); !r)
        return r.error();
    return DeduplicateResult{kept.size(), all.size() - kept.size()};
}

} // namespace hone

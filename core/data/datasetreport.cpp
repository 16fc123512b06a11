#include "core/data/datasetreport.h"

#include "core/text/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>
#include <unordered_map>

namespace hone {

namespace {

constexpr std::array<Split, 3> kSplits = {Split::Train, Split::Validation, Split::Test};

std::string withCommas(std::size_t n)
{
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

std::string percent(double share)
{
    char buf[32];
    const double p = share * 100.0;
    if (p > 0 && p < 1)
        std::snprintf(buf, sizeof buf, "%.1f%%", p);
    else
        std::snprintf(buf, sizeof buf, "%.0f%%", p);
    return buf;
}

std::string percent1(double share)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
    return buf;
}

std::size_t codePoints(std::string_view s)
{
    std::size_t n = 0;
    for (const char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// Terminal columns (CJK characters take two).
std::size_t displayWidth(std::string_view s)
{
    std::size_t width = 0;
    const auto *p = reinterpret_cast<const utf8proc_uint8_t *>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0)
            break;
        width += static_cast<std::size_t>(std::max(0, utf8proc_charwidth(cp)));
        p += n;
        left -= n;
    }
    return width;
}

// The first ~80 code points on one line.
std::string shorten(std::string_view s, std::size_t maxChars = 80)
{
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80) {
            if (chars == maxChars) {
                out += "...";
                return out;
            }
            ++chars;
        }
        out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : static_cast<char>(c));
    }
    return out;
}

std::size_t nearestRank(const std::vector<std::size_t> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted.size()));
    const std::size_t r = std::clamp<std::size_t>(static_cast<std::size_t>(rank), 1, sorted.size());
    return sorted[r - 1];
}

struct TextEntry {
    std::size_t count = 0;
    std::vector<std::size_t> rows;   // the first few rows (for examples)
    std::vector<int> labels;         // distinct
    unsigned splitMask = 0;
};

TextExample makeExample(const Dataset &ds, std::string_view text, const TextEntry &e)
{
    TextExample ex;
    ex.text = shorten(text);
    for (const std::size_t r : e.rows)
        ex.locations.push_back(ds.rowLocation(ds.rows[r]));
    if (e.count > e.rows.size())
        ex.locations.push_back("... (" + std::to_string(e.count) + " in all)");
    for (const int l : e.labels)
        ex.labels.push_back(ds.labels.name(l));
    return ex;
}

std::string exampleLine(const TextExample &ex)
{
    std::string s = "\"" + ex.text + "\" (";
    for (std::size_t i = 0; i < ex.locations.size(); ++i)
        s += (i ? ", " : "") + ex.locations[i];
    if (!ex.labels.empty()) {
        s += "; ";
        for (std::size_t i = 0; i < ex.labels.size(); ++i)
            s += (i ? " / " : "") + ex.labels[i];
    }
    return s + ")";
}

} // namespace

DatasetReport makeDatasetReport(const Dataset &ds, const DatasetReportOptions &options)
{
    DatasetReport r;
    r.pairs = ds.hasPairs();
    r.rowsKept = ds.rows.size();
    std::map<std::string, std::size_t> reasons;
    for (const DataSource &src : ds.sources) {
        r.files.push_back(src.path.string());
        r.rowsRead += src.rowsRead;
        r.rowsDropped += src.dropped.size();
        for (const DroppedRow &d : src.dropped) {
            ++reasons[d.reason];
            if (r.droppedListed.size() < options.maxDroppedListed) {
                const std::string where = src.format == DataFormat::Folder && d.line >= 1 && d.line <= src.files.size()
                                              ? src.files[d.line - 1].string()
                                              : src.path.filename().string() + ":" + std::to_string(d.line);
                r.droppedListed.push_back(where + ": " + d.reason);
            }
        }
    }
    r.dropReasons.assign(reasons.begin(), reasons.end());
    std::stable_sort(r.dropReasons.begin(), r.dropReasons.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });

    // Row -> split.
    std::vector<int> rowSplit;
    if (options.splits) {
        r.hasSplits = true;
        rowSplit.assign(ds.rows.size(), -1);
        for (std::size_t s = 0; s < 3; ++s) {
            for (const std::size_t i : (*options.splits)[kSplits[s]])
                if (i < rowSplit.size())
                    rowSplit[i] = static_cast<int>(s);
            r.splitRows[s] = (*options.splits)[kSplits[s]].size();
        }
    }

    // Classes.
    if (ds.hasLabels()) {
        r.classes.resize(static_cast<std::size_t>(ds.labels.size()));
        for (int l = 0; l < ds.labels.size(); ++l)
            r.classes[static_cast<std::size_t>(l)].label = ds.labels.name(l);
        for (std::size_t i = 0; i < ds.rows.size(); ++i) {
            const int l = ds.rows[i].label;
            if (l < 0)
                continue;
            ClassCount &c = r.classes[static_cast<std::size_t>(l)];
            ++c.rows;
            if (!rowSplit.empty() && rowSplit[i] >= 0)
                ++(rowSplit[i] == 0 ? c.train : rowSplit[i] == 1 ? c.validation : c.test);
        }
        std::size_t largest = 0, smallest = 0;
        for (ClassCount &c : r.classes) {
            c.share = r.rowsKept ? static_cast<double>(c.rows) / static_cast<double>(r.rowsKept) : 0.0;
            if (c.rows == 0)
                continue;
            largest = std::max(largest, c.rows);
            smallest = smallest == 0 ? c.rows : std::min(smallest, c.rows);
        }
        r.imbalanceRatio = smallest ? static_cast<double>(largest) / static_cast<double>(smallest) : 0.0;
    }

    // Exact duplicates (of the text, or of both texts of a pair), conflicts and leakage.
    std::vector<std::string> pairKeys;
    if (r.pairs) {
        pairKeys.reserve(ds.rows.size());
        for (const DataRow &row : ds.rows)
            pairKeys.push_back(row.text + '\x1f' + row.text2);
    }
    auto keyOf = [&](std::size_t i) -> std::string_view { return r.pairs ? std::string_view(pairKeys[i]) : std::string_view(ds.rows[i].text); };
    std::unordered_map<std::string_view, TextEntry> entries;
    entries.reserve(ds.rows.size());
    std::vector<std::string_view> order; // distinct keys in order of first appearance
    for (std::size_t i = 0; i < ds.rows.size(); ++i) {
        const std::string_view key = keyOf(i);
        auto [it, inserted] = entries.try_emplace(key);
        TextEntry &e = it->second;
        if (inserted)
            order.push_back(key);
        ++e.count;
        if (e.rows.size() < 3)
            e.rows.push_back(i);
        const int l = ds.rows[i].label;
        if (l >= 0 && std::find(e.labels.begin(), e.labels.end(), l) == e.labels.end())
            e.labels.push_back(l);
        if (!rowSplit.empty() && rowSplit[i] >= 0)
            e.splitMask |= 1u << rowSplit[i];
    }
    auto textOf = [&](std::string_view key) { return r.pairs ? key.substr(0, key.find('\x1f')) : key; };
    static constexpr std::pair<int, int> kPairs[] = {{0, 1}, {0, 2}, {1, 2}};
    std::size_t overlap[3] = {0, 0, 0};
    for (const std::string_view key : order) {
        const TextEntry &e = entries.at(key);
        if (e.count > 1) {
            r.duplicateRows += e.count - 1;
            if (r.duplicateExamples.size() < options.maxExamples)
                r.duplicateExamples.push_back(makeExample(ds, textOf(key), e));
        }
        if (e.labels.size() > 1) {
            ++r.conflictingTexts;
            r.conflictingRows += e.count;
            if (r.conflictingExamples.size() < options.maxExamples)
                r.conflictingExamples.push_back(makeExample(ds, textOf(key), e));
        }
        bool leaked = false;
        for (std::size_t p = 0; p < 3; ++p) {
            const unsigned want = (1u << kPairs[p].first) | (1u << kPairs[p].second);
            if ((e.splitMask & want) == want) {
                ++overlap[p];
                leaked = true;
            }
        }
        if (leaked && r.leakageExamples.size() < options.maxExamples)
            r.leakageExamples.push_back(makeExample(ds, textOf(key), e));
    }
    if (r.hasSplits) {
        for (std::size_t p = 0; p < 3; ++p)
            r.leakage.push_back({kSplits[static_cast<std::size_t>(kPairs[p].first)],
                                 kSplits[static_cast<std::size_t>(kPairs[p].second)], overlap[p]});
    }

    // Lengths.
    if (!ds.rows.empty()) {
        LengthStats st;
        st.unit = options.tokenizer ? "tokens" : "characters";
        st.maxLength = options.maxLength;
        std::vector<std::size_t> lengths;
        lengths.reserve(ds.rows.size());
        EncodeOptions enc;
        enc.addSpecialTokens = true;
        enc.maxLength = 0;
        double sum = 0;
        for (const DataRow &row : ds.rows) {
            std::size_t len;
            if (options.tokenizer)
                len = (r.pairs ? options.tokenizer->encodePair(row.text, row.text2, enc) : options.tokenizer->encode(row.text, enc))
                          .ids.size();
            else
                len = codePoints(row.text) + (r.pairs ? codePoints(row.text2) : 0);
            lengths.push_back(len);
            sum += static_cast<double>(len);
            if (options.maxLength > 0 && len > static_cast<std::size_t>(options.maxLength))
                ++st.truncated;
        }
        std::sort(lengths.begin(), lengths.end());
        st.count = lengths.size();
        st.min = lengths.front();
        st.max = lengths.back();
        st.median = nearestRank(lengths, 50);
        st.p90 = nearestRank(lengths, 90);
        st.p95 = nearestRank(lengths, 95);
        st.p99 = nearestRank(lengths, 99);
        st.mean = sum / static_cast<double>(st.count);
        st.truncatedShare = static_cast<double>(st.truncated) / static_cast<double>(st.count);
        r.lengths = st;
    }

    // Warnings, most important first.
    if (r.rowsKept == 0)
        r.warnings.push_back("no usable rows");
    if (r.rowsDropped > 0) {
        std::string w = withCommas(r.rowsDropped) + (r.rowsDropped == 1 ? " row dropped (" : " rows dropped (");
        for (std::size_t i = 0; i < r.dropReasons.size() && i < 3; ++i)
            w += (i ? ", " : "") + r.dropReasons[i].first + ": " + withCommas(r.dropReasons[i].second);
        r.warnings.push_back(w + ")");
    }
    std::size_t presentClasses = 0;
    for (const ClassCount &c : r.classes)
        presentClasses += c.rows > 0;
    if (ds.hasLabels() && presentClasses == 1)
        r.warnings.push_back("only one class: a classifier needs at least two");
    if (presentClasses >= 2 && r.imbalanceRatio >= 3.0) {
        const auto smallest = std::min_element(r.classes.begin(), r.classes.end(), [](const ClassCount &a, const ClassCount &b) {
            return (a.rows ? a.rows : SIZE_MAX) < (b.rows ? b.rows : SIZE_MAX);
        });
        r.warnings.push_back("imbalanced: " + smallest->label + " is " + percent(smallest->share) + " of rows");
    }
    for (const ClassCount &c : r.classes)
        if (c.rows > 0 && c.rows < 10)
            r.warnings.push_back("class " + c.label + " has only " + std::to_string(c.rows)
                                 + (c.rows == 1 ? " row" : " rows") + ": too few to learn or evaluate");
    if (r.duplicateRows > 0)
        r.warnings.push_back(withCommas(r.duplicateRows) + (r.duplicateRows == 1 ? " duplicate text" : " duplicate texts"));
    if (r.conflictingTexts > 0)
        r.warnings.push_back(withCommas(r.conflictingTexts)
                             + (r.conflictingTexts == 1 ? " text appears with different labels" : " texts appear with different labels"));
    std::size_t leakedTotal = 0;
    std::string leakDetail;
    for (const SplitOverlap &o : r.leakage) {
        if (o.texts == 0)
            continue;
        leakedTotal += o.texts;
        leakDetail += (leakDetail.empty() ? "" : ", ") + std::string(splitName(o.a)) + "/" + splitName(o.b) + ": "
                      + withCommas(o.texts);
    }
    if (leakedTotal > 0)
        r.warnings.push_back("texts shared between splits (" + leakDetail + "): evaluation overestimates accuracy");
    if (r.lengths && r.lengths->maxLength > 0 && r.lengths->truncatedShare >= 0.01)
        r.warnings.push_back(percent1(r.lengths->truncatedShare) + " of texts are longer than "
                             + std::to_string(r.lengths->maxLength) + " " + r.lengths->unit + " and will be cut");
    return r;
}

std::string formatDatasetReport(const DatasetReport &r)
{
    std::string out;
    char buf[256];
    out += "files: ";
    for (std::size_t i = 0; i < r.files.size(); ++i)
        out += (i ? ", " : "") + r.files[i];
    out += "\nrows: " + withCommas(r.rowsRead) + " read, " + withCommas(r.rowsKept) + " kept, "
           + withCommas(r.rowsDropped) + " dropped" + (r.pairs ? " (text pairs)" : "") + "\n";
    for (const std::string &d : r.droppedListed)
        out += "  dropped " + d + "\n";
    if (r.rowsDropped > r.droppedListed.size())
        out += "  ... " + withCommas(r.rowsDropped - r.droppedListed.size()) + " more\n";

    if (!r.classes.empty()) {
        std::size_t width = 5;
        for (const ClassCount &c : r.classes)
            width = std::max(width, displayWidth(shorten(c.label, 30)));
        std::snprintf(buf, sizeof buf, "%-*s %8s %7s", static_cast<int>(width), "class", "rows", "share");
        out += buf;
        if (r.hasSplits) {
            std::snprintf(buf, sizeof buf, " %8s %10s %8s", "train", "validation", "test");
            out += buf;
        }
        out += "\n";
        for (const ClassCount &c : r.classes) {
            const std::string label = shorten(c.label, 30);
            out += label + std::string(width - displayWidth(label), ' ');
            std::snprintf(buf, sizeof buf, " %8s %7s", withCommas(c.rows).c_str(), percent1(c.share).c_str());
            out += buf;
            if (r.hasSplits) {
                std::snprintf(buf, sizeof buf, " %8s %10s %8s", withCommas(c.train).c_str(), withCommas(c.validation).c_str(),
                              withCommas(c.test).c_str());
                out += buf;
            }
            out += "\n";
        }
        std::snprintf(buf, sizeof buf, "imbalance (largest / smallest class): %.1f\n", r.imbalanceRatio);
        out += buf;
    }
    if (r.hasSplits)
        out += "splits: train " + withCommas(r.splitRows[0]) + ", validation " + withCommas(r.splitRows[1]) + ", test "
               + withCommas(r.splitRows[2]) + "\n";
    out += "duplicates: " + withCommas(r.duplicateRows) + " rows repeat an earlier text; " + withCommas(r.conflictingTexts)
           + " texts have conflicting labels\n";
    for (const TextExample &ex : r.conflictingExamples.empty() ? r.duplicateExamples : r.conflictingExamples)
        out += "  " + exampleLine(ex) + "\n";
    if (r.hasSplits) {
        out += "shared between splits:";
        for (const SplitOverlap &o : r.leakage)
            out += std::string(" ") + splitName(o.a) + "/" + splitName(o.b) + " " + withCommas(o.texts);
        out += "\n";
    }
    if (r.lengths) {
        const LengthStats &l = *r.lengths;
        std::snprintf(buf, sizeof buf, "length (%s): min %zu, median %zu, p90 %zu, p95 %zu, p99 %zu, max %zu, mean %.1f",
                      l.unit.c_str(), l.min, l.median, l.p90, l.p95, l.p99, l.max, l.mean);
        out += buf;
        if (l.maxLength > 0)
            out += "; " + withCommas(l.truncated) + " (" + percent1(l.truncatedShare) + ") longer than "
                   + std::to_string(l.maxLength);
        out += "\n";
    }
    if (!r.warnings.empty()) {
        out += "warnings:\n";
        for (const std::string &w : r.warnings)
            out += "  - " + w + "\n";
    }
    return out;
}

} // namespace hone

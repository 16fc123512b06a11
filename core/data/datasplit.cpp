#include "core/data/datasplit.h"

#include "core/data/seededrandom.h"
#include "core/data/textdecoder.h"
#include "core/io/atomicfile.h"
#include "core/io/jsoninteger.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

namespace hone {
namespace fs = std::filesystem;

namespace {

constexpr std::array<Split, 3> kSplits = {Split::Train, Split::Validation, Split::Test};

std::string formatRatio(double r)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", r);
    return buf;
}

using Counts = std::array<std::size_t, 3>;

// Largest-remainder rounding of n x ratios (ties: train, then validation, then test).
Counts largestRemainder(std::size_t n, const SplitRatios &ratios)
{
    Counts out{};
    std::array<double, 3> rem{};
    std::size_t sum = 0;
    for (std::size_t s = 0; s < 3; ++s) {
        const double q = static_cast<double>(n) * ratios[kSplits[s]];
        const double f = std::floor(q + 1e-9);
        out[s] = static_cast<std::size_t>(f);
        rem[s] = std::max(0.0, q - f);
        sum += out[s];
    }
    while (sum < n) {
        std::size_t best = 3;
        for (std::size_t s = 0; s < 3; ++s)
            if (ratios[kSplits[s]] > 0 && (best == 3 || rem[s] > rem[best]))
                best = s;
        ++out[best];
        rem[best] = -1;
        ++sum;
    }
    while (sum > n) { // only through rounding noise; take from the largest share
        const std::size_t s = static_cast<std::size_t>(std::max_element(out.begin(), out.end()) - out.begin());
        --out[s];
        --sum;
    }
    return out;
}

// Rows per (class, split): class totals exact, split totals equal `targets` (see the header).
std::vector<Counts> allocate(const std::vector<std::size_t> &classSizes, const SplitRatios &ratios, const Counts &targets)
{
    const std::size_t k = classSizes.size();
    std::vector<Counts> a(k, Counts{});
    std::vector<std::array<double, 3>> rem(k);
    std::vector<std::size_t> needClass(k, 0);
    Counts needSplit = targets;
    for (std::size_t c = 0; c < k; ++c) {
        std::size_t sum = 0;
        for (std::size_t s = 0; s < 3; ++s) {
            const double q = static_cast<double>(classSizes[c]) * ratios[kSplits[s]];
            const double f = std::floor(q + 1e-9);
            a[c][s] = static_cast<std::size_t>(f);
            rem[c][s] = std::max(0.0, q - f);
            sum += a[c][s];
        }
        if (sum > classSizes[c]) { // rounding noise only
            const std::size_t s = static_cast<std::size_t>(std::max_element(a[c].begin(), a[c].end()) - a[c].begin());
            a[c][s] -= sum - classSizes[c];
            sum = classSizes[c];
        }
        needClass[c] = classSizes[c] - sum;
        for (std::size_t s = 0; s < 3; ++s)
            needSplit[s] -= std::min(needSplit[s], a[c][s]);
    }
    // Largest remainders first, at most one extra row per cell.
    struct Cell {
        double rem;
        std::size_t c, s;
    };
    std::vector<Cell> cells;
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t s = 0; s < 3; ++s)
            if (ratios[kSplits[s]] > 0)
                cells.push_back({rem[c][s], c, s});
    std::stable_sort(cells.begin(), cells.end(), [](const Cell &x, const Cell &y) { return x.rem > y.rem; });
    for (const Cell &cell : cells) {
        if (needClass[cell.c] > 0 && needSplit[cell.s] > 0) {
            ++a[cell.c][cell.s];
            --needClass[cell.c];
            --needSplit[cell.s];
        }
    }
    // Whatever is left (rare): north-west corner, always completes since the totals agree.
    for (std::size_t c = 0; c < k; ++c) {
        for (std::size_t s = 0; s < 3 && needClass[c] > 0; ++s) {
            if (ratios[kSplits[s]] <= 0)
                continue;
            const std::size_t m = std::min(needClass[c], needSplit[s]);
            a[c][s] += m;
            needClass[c] -= m;
            needSplit[s] -= m;
        }
        for (std::size_t s = 0; s < 3 && needClass[c] > 0; ++s) { // split totals off by rounding noise
            if (ratios[kSplits[s]] > 0) {
                a[c][s] += needClass[c];
                needClass[c] = 0;
            }
        }
    }
    // At least one row of every class in every non-empty split.
    for (std::size_t c = 0; c < k; ++c) {
        for (std::size_t s = 0; s < 3; ++s) {
            if (ratios[kSplits[s]] <= 0 || a[c][s] > 0)
                continue;
            std::size_t t = s;
            for (std::size_t u = 0; u < 3; ++u)
                if (u != s && (t == s || a[c][u] > a[c][t]))
                    t = u;
            if (a[c][t] < 2)
                continue; // cannot happen when the class has enough rows (checked by the caller)
            --a[c][t];
            ++a[c][s];
            // Keep the split sizes: move one row of another class from s to t, taking the class
            // that is most above its proportional share in s (and below it in t).
            std::size_t d = k;
            double bestExcess = 0;
            for (std::size_t e = 0; e < k; ++e) {
                if (e == c || a[e][s] < 2)
                    continue;
                const double n = static_cast<double>(classSizes[e]);
                const double excess = (static_cast<double>(a[e][s]) - n * ratios[kSplits[s]])
                                      - (static_cast<double>(a[e][t]) - n * ratios[kSplits[t]]);
                if (d == k || excess > bestExcess) {
                    d = e;
                    bestExcess = excess;
                }
            }
            if (d < k) {
                --a[d][s];
                ++a[d][t];
            }
        }
    }
    return a;
}

void fnv1a(std::uint64_t &h, std::string_view bytes)
{
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
}

using json = nlohmann::ordered_json;

json indicesJson(const std::vector<std::size_t> &v) { return json(v); }

} // namespace

const char *splitName(Split split)
{
    switch (split) {
    case Split::Train: return "train";
    case Split::Validation: return "validation";
    case Split::Test: return "test";
    }
    return "train";
}

Result<void> checkSplitRatios(const SplitRatios &r)
{
    const std::string shown = formatRatio(r.train) + ", " + formatRatio(r.validation) + ", " + formatRatio(r.test);
    for (Split s : kSplits) {
        if (!std::isfinite(r[s]) || r[s] < 0)
            return makeError(ErrorCode::InvalidArgument, std::string("split ratios ") + shown + ": the " + splitName(s)
                                                             + " ratio must be a number >= 0");
    }
    if (r.train <= 0)
        return makeError(ErrorCode::InvalidArgument, "split ratios " + shown + ": the train ratio must be above 0");
    const double sum = r.train + r.validation + r.test;
    if (std::fabs(sum - 1.0) > 1e-6) {
        std::string hint = std::fabs(sum - 100.0) < 1e-6 ? " (percentages? write them as fractions, e.g. 0.8,0.1,0.1)" : "";
        return makeError(ErrorCode::InvalidArgument, "split ratios " + shown + " sum to " + formatRatio(sum)
                                                         + "; they must sum to 1" + hint);
    }
    return {};
}

Result<SplitRatios> parseSplitRatios(std::string_view text)
{
    std::vector<double> values;
    std::size_t start = 0;
    const std::string s(text);
    while (start <= s.size()) {
        const std::size_t comma = std::min(s.find(',', start), s.size());
        const std::string part = s.substr(start, comma - start);
        char *end = nullptr;
        const double v = std::strtod(part.c_str(), &end);
        if (part.empty() || end == part.c_str() || *end != '\0')
            return makeError(ErrorCode::InvalidArgument, "split ratios '" + s + "': '" + part
                                                             + "' is not a number; write e.g. 0.8,0.1,0.1");
        values.push_back(v);
        start = comma + 1;
    }
    if (values.size() < 2 || values.size() > 3)
        return makeError(ErrorCode::InvalidArgument, "split ratios '" + s + "': give train,validation[,test], e.g. 0.8,0.1,0.1");
    SplitRatios r{values[0], values[1], values.size() == 3 ? values[2] : 0.0};
    if (auto ok = checkSplitRatios(r); !ok)
        return ok.error();
    return r;
}

Result<SplitIndices> splitRows(const Dataset &dataset, const std::vector<std::size_t> &rows, const SplitRatios &ratios,
                               std::uint64_t seed, bool stratify)
{
    if (auto ok = checkSplitRatios(ratios); !ok)
        return ok.error();
    SplitIndices out;
    const Counts targets = largestRemainder(rows.size(), ratios);
    if (!stratify || !dataset.hasLabels()) {
        std::vector<std::size_t> order = rows;
        SeededRandom rng(mixSeed(seed, 0xA11));
        rng.shuffle(order);
        std::size_t pos = 0;
        for (std::size_t s = 0; s < 3; ++s) {
            auto &dst = out[kSplits[s]];
            dst.assign(order.begin() + static_cast<std::ptrdiff_t>(pos),
                       order.begin() + static_cast<std::ptrdiff_t>(pos + targets[s]));
            pos += targets[s];
        }
    } else {
        std::vector<std::vector<std::size_t>> byClass(static_cast<std::size_t>(dataset.labels.size()));
        for (const std::size_t i : rows) {
            const int label = dataset.rows.at(i).label;
            if (label < 0 || label >= dataset.labels.size())
                return makeError(ErrorCode::InvalidArgument, dataset.rowLocation(dataset.rows[i]) + ": row has no label");
            byClass[static_cast<std::size_t>(label)].push_back(i);
        }
        std::size_t nonEmptySplits = 0;
        std::string splitList;
        for (Split s : kSplits)
            if (ratios[s] > 0) {
                ++nonEmptySplits;
                splitList += (splitList.empty() ? "" : ", ") + std::string(splitName(s));
            }
        std::vector<std::size_t> present, sizes;
        for (std::size_t c = 0; c < byClass.size(); ++c) {
            if (byClass[c].empty())
                continue;
            if (byClass[c].size() < nonEmptySplits)
                return makeError(ErrorCode::InvalidArgument,
                                 "class '" + dataset.labels.name(static_cast<int>(c)) + "' has only "
                                     + std::to_string(byClass[c].size()) + " row" + (byClass[c].size() == 1 ? "" : "s")
                                     + "; a stratified split needs at least " + std::to_string(nonEmptySplits)
                                     + " rows of every class (one each for " + splitList
                                     + "). Add rows, remove the class, or split without stratification");
            present.push_back(c);
            sizes.push_back(byClass[c].size());
        }
        const std::vector<Counts> a = allocate(sizes, ratios, targets);
        for (std::size_t k = 0; k < present.size(); ++k) {
            std::vector<std::size_t> &members = byClass[present[k]];
            SeededRandom rng(mixSeed(seed, present[k]));
            rng.shuffle(members);
            std::size_t pos = 0;
            for (std::size_t s = 0; s < 3; ++s) {
                auto &dst = out[kSplits[s]];
                dst.insert(dst.end(), members.begin() + static_cast<std::ptrdiff_t>(pos),
                           members.begin() + static_cast<std::ptrdiff_t>(pos + a[k][s]));
                pos += a[k][s];
            }
        }
    }
    for (Split s : kSplits)
        std::sort(out[s].begin(), out[s].end());
    return out;
}

Result<SplitIndices> splitDataset(const Dataset &dataset, const SplitOptions &options)
{
    bool hasData = false, hasFiles = false, hasValidation = false;
    for (const DataSource &src : dataset.sources) {
        if (src.role == "data")
            hasData = true;
        else if (src.role == "train" || src.role == "test")
            hasFiles = true;
        else if (src.role == "validation")
            hasFiles = hasValidation = true;
        else
            return makeError(ErrorCode::InvalidArgument, src.path.string() + ": unknown split role '" + src.role + "'");
    }
    if (hasData && hasFiles)
        return makeError(ErrorCode::InvalidArgument, "give either one data file to split, or files per split, not both");
    const bool stratify = options.stratify && dataset.hasLabels();
    std::vector<std::size_t> all(dataset.rows.size());
    std::iota(all.begin(), all.end(), std::size_t(0));
    if (!hasFiles)
        return splitRows(dataset, all, options.ratios, options.seed, stratify);

    SplitIndices out;
    std::vector<std::size_t> trainRows;
    for (std::size_t i = 0; i < dataset.rows.size(); ++i) {
        const std::string &role = dataset.sources[static_cast<std::size_t>(dataset.rows[i].source)].role;
        if (role == "train")
            trainRows.push_back(i);
        else if (role == "validation")
            out.validation.push_back(i);
        else
            out.test.push_back(i);
    }
    if (trainRows.empty())
        return makeError(ErrorCode::InvalidArgument, "no training rows: a training file is needed");
    if (hasValidation || options.validationFraction <= 0) {
        out.train = std::move(trainRows);
        return out;
    }
    if (!(options.validationFraction < 1))
        return makeError(ErrorCode::InvalidArgument, "the validation fraction carved from the training file must be below 1, not "
                                                         + formatRatio(options.validationFraction));
    auto carved = splitRows(dataset, trainRows, {1.0 - options.validationFraction, options.validationFraction, 0.0},
                            options.seed, stratify);
    if (!carved) {
        return makeError(carved.error().code, "carving " + formatRatio(options.validationFraction * 100)
                                                  + "% of the training file for validation: " + carved.error().message);
    }
    out.train = std::move(carved->train);
    out.validation = std::move(carved->validation);
    return out;
}

std::uint64_t datasetContentHash(const Dataset &dataset)
{
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const DataRow &row : dataset.rows) {
        fnv1a(h, dataset.sources[static_cast<std::size_t>(row.source)].role);
        fnv1a(h, "\x1f");
        fnv1a(h, row.text);
        fnv1a(h, "\x1f");
        fnv1a(h, row.text2);
        fnv1a(h, "\x1f");
        if (row.label >= 0)
            fnv1a(h, dataset.labels.name(row.label));
        fnv1a(h, "\x1e");
    }
    return h;
}

std::string formatHash(std::uint64_t hash)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "fnv1a64:%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

SplitManifest makeSplitManifest(const Dataset &dataset, const SplitIndices &splits, const SplitOptions &options)
{
    SplitManifest m;
    bool files = false, validationFile = false;
    for (const DataSource &src : dataset.sources) {
        files = files || src.role != "data";
        validationFile = validationFile || src.role == "validation";
        std::size_t kept = 0;
        m.sources.push_back({src.path.string(), src.role, kept, src.dropped.size()});
    }
    for (const DataRow &row : dataset.rows)
        ++m.sources[static_cast<std::size_t>(row.source)].rows;
    m.method = !files ? "ratios" : (validationFile || options.validationFraction <= 0) ? "files" : "files+validation-from-train";
    m.ratios = options.ratios;
    m.validationFraction = files && !validationFile ? options.validationFraction : 0.0;
    m.seed = options.seed;
    m.stratified = options.stratify && dataset.hasLabels();
    m.labels = dataset.labels.names();
    m.rows = dataset.rows.size();
    m.contentHash = formatHash(datasetContentHash(dataset));
    m.splits = splits;
    return m;
}

Result<void> saveSplitManifest(const SplitManifest &m, const fs::path &path)
{
    json j;
    j["format"] = "hone-split-manifest";
    j["version"] = m.version;
    j["method"] = m.method;
    j["ratios"] = {m.ratios.train, m.ratios.validation, m.ratios.test};
    j["validation_fraction"] = m.validationFraction;
    j["seed"] = m.seed;
    j["stratified"] = m.stratified;
    json sources = json::array();
    for (const ManifestSource &s : m.sources)
        sources.push_back({{"path", s.path}, {"role", s.role}, {"rows", s.rows}, {"dropped", s.dropped}});
    j["sources"] = sources;
    j["labels"] = m.labels;
    j["rows"] = m.rows;
    j["content_hash"] = m.contentHash;
    j["splits"] = {{"train", indicesJson(m.splits.train)},
                   {"validation", indicesJson(m.splits.validation)},
                   {"test", indicesJson(m.splits.test)}};
    // One key per line; the long index arrays stay on one line each.
    std::string text = "{\n";
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first)
            text += ",\n";
        first = false;
        text += "  " + json(it.key()).dump() + ": ";
        if (it.key() == "splits") {
            text += "{\n";
            bool firstSplit = true;
            for (auto s = it->begin(); s != it->end(); ++s) {
                text += std::string(firstSplit ? "" : ",\n") + "    " + json(s.key()).dump() + ": " + s->dump();
                firstSplit = false;
            }
            text += "\n  }";
        } else {
            text += it->dump();
        }
    }
    text += "\n}\n";
    return writeFileAtomically(path, text);
}

Result<SplitManifest> loadSplitManifest(const fs::path &path)
{
    auto bytes = readFileBytes(path);
    if (!bytes)
        return bytes.error();
    const std::string name = path.string();
    nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return makeError(ErrorCode::Format, name + ": not a JSON object");
    const auto format = j.find("format"); // any JSON type may stand there
    if (format == j.end() || !format->is_string() || format->get<std::string>() != "hone-split-manifest")
        return makeError(ErrorCode::Format, name + ": not a Hone split manifest (\"format\" is not \"hone-split-manifest\")");
    SplitManifest m;
    std::string key;
    try {
        key = "version";
        const auto version = readInteger<int>(j.at(key), name, key);
        if (!version)
            return version.error();
        m.version = *version;
        if (m.version != 1)
            return makeError(ErrorCode::Unsupported, name + ": split manifest version " + std::to_string(m.version)
                                                         + " is newer than this Hone understands (1)");
        key = "method";
        m.method = j.at(key).get<std::string>();
        key = "ratios";
        const auto r = j.at(key).get<std::vector<double>>();
        if (r.size() != 3)
            return makeError(ErrorCode::Format, name + ": \"ratios\" must hold 3 numbers");
        m.ratios = {r[0], r[1], r[2]};
        key = "validation_fraction";
        m.validationFraction = j.at(key).get<double>();
        key = "seed";
        const auto seed = readInteger<std::uint64_t>(j.at(key), name, key);
        if (!seed)
            return seed.error();
        m.seed = *seed;
        key = "stratified";
        m.stratified = j.at(key).get<bool>();
        key = "sources";
        for (const auto &s : j.at(key)) {
            ManifestSource src;
            src.path = s.at("path").get<std::string>();
            src.role = s.at("role").get<std::string>();
            const auto rows = readInteger<std::size_t>(s.at("rows"), name, "sources.rows");
            const auto dropped = readInteger<std::size_t>(s.at("dropped"), name, "sources.dropped");
            if (!rows)
                return rows.error();
            if (!dropped)
                return dropped.error();
            src.rows = *rows;
            src.dropped = *dropped;
            m.sources.push_back(std::move(src));
        }
        key = "labels";
        m.labels = j.at(key).get<std::vector<std::string>>();
        key = "rows";
        const auto rows = readInteger<std::size_t>(j.at(key), name, key);
        if (!rows)
            return rows.error();
        m.rows = *rows;
        key = "content_hash";
        m.contentHash = j.at(key).get<std::string>();
        key = "splits";
        const auto &splits = j.at(key);
        for (Split s : kSplits) {
            key = std::string("splits.") + splitName(s);
            const auto &indices = splits.at(splitName(s));
            if (!indices.is_array())
                return makeError(ErrorCode::Format, name + ": field \"" + key + "\" must be a list of row indices");
            for (const auto &index : indices) {
                const auto i = readInteger<std::size_t>(index, name, key);
                if (!i)
                    return i.error();
                m.splits[s].push_back(*i);
            }
        }
    } catch (const nlohmann::json::exception &e) {
        return makeError(ErrorCode::Format, name + ": field \"" + key + "\" is missing or has the wrong type ("
                                                + e.what() + ")");
    }
    std::set<std::size_t> seen;
    for (Split s : kSplits) {
        for (const std::size_t i : m.splits[s]) {
            if (i >= m.rows)
                return makeError(ErrorCode::Format, name + ": " + splitName(s) + " index " + std::to_string(i)
                                                        + " is out of range (" + std::to_string(m.rows) + " rows)");
            if (!seen.insert(i).second)
                return makeError(ErrorCode::Format, name + ": row " + std::to_string(i) + " is in more than one split");
        }
    }
    return m;
}

Result<SplitIndices> applySplitManifest(const SplitManifest &m, const Dataset &dataset)
{
    const std::string hash = formatHash(datasetContentHash(dataset));
    if (dataset.rows.size() != m.rows || hash != m.contentHash) {
        std::string what = "the data is not the data that was split: ";
        if (dataset.rows.size() != m.rows)
            what += std::to_string(m.rows) + " rows then, " + std::to_string(dataset.rows.size()) + " now";
        else
            what += "the same number of rows (" + std::to_string(m.rows) + ") but different contents (hash "
                    + m.contentHash + " then, " + hash + " now)";
        std::string files;
        for (const ManifestSource &s : m.sources)
            files += (files.empty() ? "" : ", ") + s.path;
        return makeError(ErrorCode::InvalidArgument, what + ". The file(s) " + files
                                                         + " changed since; restore them, or start a new run to split again");
    }
    if (m.labels != dataset.labels.names())
        return makeError(ErrorCode::InvalidArgument, "the labels differ from the ones recorded in the split manifest");
    for (Split s : kSplits)
        for (const std::size_t i : m.splits[s])
            if (i >= dataset.rows.size())
                return makeError(ErrorCode::InvalidArgument, std::string("split manifest: ") + splitName(s) + " index "
                                                                 + std::to_string(i) + " is out of range");
    return m.splits;
}

Result<PreparedData> prepareData(const DataSpec &spec)
{
    if (!spec.file.empty() && (!spec.train.empty() || !spec.validation.empty() || !spec.test.empty()))
        return makeError(ErrorCode::InvalidArgument, "give either one data file to split, or files per split (train, "
                                                     "validation, test), not both");
    PreparedData out;
    if (!spec.file.empty()) {
        auto ds = readDataset(spec.file, spec.read);
        if (!ds)
            return ds.error();
        out.dataset = std::move(*ds);
    } else {
        if (spec.train.empty())
            return makeError(ErrorCode::InvalidArgument, spec.validation.empty() && spec.test.empty()
                                                             ? "no data file given"
                                                             : "a training file is needed when files are given per split");
        std::vector<RoleFile> files{{"train", spec.train}};
        if (!spec.validation.empty())
            files.push_back({"validation", spec.validation});
        if (!spec.test.empty())
            files.push_back({"test", spec.test});
        auto ds = readDatasets(files, spec.read);
        if (!ds)
            return ds.error();
        out.dataset = std::move(*ds);
    }
    if (auto ok = checkClassificationDataset(out.dataset); !ok)
        return ok.error();
    if (spec.manifest) {
        auto splits = applySplitManifest(*spec.manifest, out.dataset);
        if (!splits)
            return splits.error();
        out.splits = std::move(*splits);
        out.manifest = *spec.manifest;
        return out;
    }
    auto splits = splitDataset(out.dataset, spec.split);
    if (!splits)
        return splits.error();
    out.splits = std::move(*splits);
    out.manifest = makeSplitManifest(out.dataset, out.splits, spec.split);
    return out;
}

} // namespace hone

#include "core/eval/comparison.h"

#include "core/data/datasplit.h"
#include "core/data/seededrandom.h"
#include "core/eval/metrics.h"
#include "core/runs/runrecords.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hone {

namespace fs = std::filesystem;

Result<std::vector<ScoredPrediction>> readPredictions(const fs::path &file)
{
    auto records = readPredictionFile(file);
    if (!records)
        return records.error();
    std::vector<ScoredPrediction> out;
    out.reserve(records->size());
    for (const PredictionRecord &r : *records) {
        const Prediction &p = r.prediction;
        out.push_back({static_cast<std::size_t>(p.row), p.truth, p.predicted,
                       std::vector<double>(p.probabilities.begin(), p.probabilities.end())});
    }
    return out;
}

double mcnemarExactP(std::int64_t b, std::int64_t c)
{
    const std::int64_t n = b + c, k = std::min(b, c);
    if (n == 0)
        return 1.0;
    // P[X <= k] for Binomial(n, 1/2), summed in log space so that large n does not underflow.
    const double logHalfN = -static_cast<double>(n) * std::log(2.0);
    double cdf = 0;
    for (std::int64_t i = 0; i <= k; ++i)
        cdf += std::exp(std::lgamma(static_cast<double>(n + 1)) - std::lgamma(static_cast<double>(i + 1)) -
                        std::lgamma(static_cast<double>(n - i + 1)) + logHalfN);
    return std::min(1.0, 2.0 * cdf);
}

namespace {

// Per bin: summed top probability, rows right, rows. Bin i holds confidences in
// (i/bins, (i+1)/bins]; 0 joins the first bin.
struct BinSums {
    std::vector<double> confidence, correct;
    std::vector<std::int64_t> count;
    std::int64_t total = 0;
};

BinSums binSums(const std::vector<ScoredPrediction> &predictions, int bins)
{
    BinSums s;
    const auto n = static_cast<std::size_t>(std::max(bins, 1));
    s.confidence.assign(n, 0.0);
    s.correct.assign(n, 0.0);
    s.count.assign(n, 0);
    for (const auto &p : predictions) {
        if (p.probabilities.empty())
            continue;
        const double top = *std::max_element(p.probabilities.begin(), p.probabilities.end());
        const auto bin = static_cast<std::size_t>(std::clamp(static_cast<int>(std::ceil(top * static_cast<double>(n))) - 1, 0,
                                                             static_cast<int>(n) - 1));
        s.confidence[bin] += top;
        s.correct[bin] += p.truth == p.predicted ? 1.0 : 0.0;
        s.count[bin] += 1;
        ++s.total;
    }
    return s;
}

} // namespace

std::vector<CalibrationBin> reliabilityBins(const std::vector<ScoredPrediction> &predictions, int bins)
{
    const BinSums s = binSums(predictions, bins);
    std::vector<CalibrationBin> out(s.count.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].low = static_cast<double>(i) / static_cast<double>(out.size());
        out[i].high = static_cast<double>(i + 1) / static_cast<double>(out.size());
        out[i].rows = s.count[i];
        if (s.count[i] > 0) {
            out[i].confidence = s.confidence[i] / static_cast<double>(s.count[i]);
            out[i].accuracy = s.correct[i] / static_cast<double>(s.count[i]);
        }
    }
    return out;
}

double expectedCalibrationError(const std::vector<ScoredPrediction> &predictions, int bins)
{
    const BinSums s = binSums(predictions, bins);
    double ece = 0;
    for (std::size_t i = 0; i < s.count.size(); ++i)
        if (s.count[i] > 0)
            ece += std::abs(s.correct[i] - s.confidence[i]) / static_cast<double>(s.total);
    return ece;
}

namespace {

// numpy.percentile's default (linear interpolation) on sorted values.
double percentile(const std::vector<double> &sorted, double q)
{
    const double pos = q / 100.0 * static_cast<double>(sorted.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

std::vector<std::string> labelNames(int labels)
{
    std::vector<std::string> names;
    for (int i = 0; i < labels; ++i)
        names.push_back(std::to_string(i));
    return names;
}

} // namespace

Result<PairedComparison> comparePredictions(const std::vector<ScoredPrediction> &aIn, const std::vector<ScoredPrediction> &bIn,
                                            int labels, int bootstrapSamples, std::uint64_t seed)
{
    auto byRow = [](std::vector<ScoredPrediction> v) {
        std::sort(v.begin(), v.end(), [](const auto &x, const auto &y) { return x.row < y.row; });
        return v;
    };
    const auto a = byRow(aIn), b = byRow(bIn);
    if (a.size() != b.size())
        return makeError(ErrorCode::InvalidArgument, "the runs predicted different numbers of rows (" + std::to_string(a.size()) +
                                                         " and " + std::to_string(b.size()) + ")");
    if (a.empty())
        return makeError(ErrorCode::InvalidArgument, "the runs have no predictions to compare");
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].row != b[i].row)
            return makeError(ErrorCode::InvalidArgument, "the runs predicted different rows (row " + std::to_string(a[i].row) +
                                                             " against row " + std::to_string(b[i].row) + ")");
        if (a[i].truth != b[i].truth)
            return makeError(ErrorCode::InvalidArgument,
                             "row " + std::to_string(a[i].row) + " has a different true label in each run");
    }
    const std::size_t n = a.size();
    const auto names = labelNames(labels);
    std::vector<int> truth(n), predA(n), predB(n);
    PairedComparison c;
    c.rows = n;
    c.bootstrapSamples = bootstrapSamples;
    c.seed = seed;
    for (std::size_t i = 0; i < n; ++i) {
        truth[i] = a[i].truth;
        predA[i] = a[i].predicted;
        predB[i] = b[i].predicted;
        const bool rightA = predA[i] == truth[i], rightB = predB[i] == truth[i];
        c.onlyARight += rightA && !rightB;
        c.onlyBRight += rightB && !rightA;
    }
    c.mcnemarP = mcnemarExactP(c.onlyARight, c.onlyBRight);
    const auto mA = computeMetrics(truth, predA, names), mB = computeMetrics(truth, predB, names);
    c.accuracyA = mA.accuracy;
    c.accuracyB = mB.accuracy;
    c.macroF1A = mA.macroF1;
    c.macroF1B = mB.macroF1;
    // Resample rows with replacement (one stream); the same resample scores both runs.
    SeededRandom rng(seed);
    std::vector<double> accDiff, f1Diff;
    std::vector<int> t(n), pa(n), pb(n);
    for (int s = 0; s < bootstrapSamples; ++s) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto j = static_cast<std::size_t>(rng.below(n));
            t[i] = truth[j];
            pa[i] = predA[j];
            pb[i] = predB[j];
        }
        const auto ra = computeMetrics(t, pa, names), rb = computeMetrics(t, pb, names);
        accDiff.push_back(rb.accuracy - ra.accuracy);
        f1Diff.push_back(rb.macroF1 - ra.macroF1);
    }
    if (bootstrapSamples > 0) {
        std::sort(accDiff.begin(), accDiff.end());
        std::sort(f1Diff.begin(), f1Diff.end());
        c.accuracyDiff = {percentile(accDiff, 2.5), percentile(accDiff, 97.5)};
        c.macroF1Diff = {percentile(f1Diff, 2.5), percentile(f1Diff, 97.5)};
    }
    return c;
}

std::optional<SplitMismatch> splitMismatch(const SplitManifest &a, const SplitManifest &b, const std::string &split)
{
    SplitMismatch m;
    m.rowsA = a.rows;
    m.rowsB = b.rows;
    m.hashA = a.contentHash;
    m.hashB = b.contentHash;
    m.seedA = a.seed;
    m.seedB = b.seed;
    if (a.contentHash != b.contentHash || a.rows != b.rows)
        return m;
    const auto rowsOf = [&](const SplitManifest &s) {
        auto v = split == "validation" ? s.splits.validation : s.splits.test;
        std::sort(v.begin(), v.end());
        return v;
    };
    if (rowsOf(a) != rowsOf(b)) {
        m.kind = SplitMismatch::Kind::DifferentSplit;
        return m;
    }
    if (a.labels != b.labels) {
        m.kind = SplitMismatch::Kind::DifferentLabels;
        return m;
    }
    return std::nullopt;
}

Result<RunComparison> compareRuns(const fs::path &runA, const fs::path &runB, const std::string &split, int bootstrapSamples,
                                  std::uint64_t seed)
{
    auto ma = loadSplitManifest(runA / "split.json");
    if (!ma)
        return ma.error();
    auto mb = loadSplitManifest(runB / "split.json");
    if (!mb)
        return mb.error();
    if (const auto m = splitMismatch(*ma, *mb, split)) {
        switch (m->kind) {
        case SplitMismatch::Kind::DifferentData:
            return makeError(ErrorCode::InvalidArgument,
                             "the runs were trained on different data (" + std::to_string(m->rowsA) + " rows, content hash " +
                                 m->hashA + ", against " + std::to_string(m->rowsB) + " rows, content hash " + m->hashB +
                                 "): their " + split + " rows are not the same rows");
        case SplitMismatch::Kind::DifferentSplit:
            return makeError(ErrorCode::InvalidArgument, "the runs split the same data differently (seed " +
                                                             std::to_string(m->seedA) + " and " + std::to_string(m->seedB) +
                                                             "): their " + split + " sets are not the same rows");
        case SplitMismatch::Kind::DifferentLabels:
            return makeError(ErrorCode::InvalidArgument, "the runs have different label sets");
        }
    }
    auto pa = readPredictions(runA / "predictions" / (split + ".jsonl"));
    if (!pa)
        return pa.error();
    auto pb = readPredictions(runB / "predictions" / (split + ".jsonl"));
    if (!pb)
        return pb.error();
    auto paired = comparePredictions(*pa, *pb, static_cast<int>(ma->labels.size()), bootstrapSamples, seed);
    if (!paired)
        return paired.error();
    RunComparison r;
    r.paired = *paired;
    r.calibrationA = expectedCalibrationError(*pa);
    r.calibrationB = expectedCalibrationError(*pb);
    r.split = split;
    return r;
}

std::string describeComparison(const PairedComparison &c, const std::string &nameA, const std::string &nameB)
{
    char buf[512];
    const double d = (c.accuracyB - c.accuracyA) * 100, lo = c.accuracyDiff.low * 100, hi = c.accuracyDiff.high * 100;
    std::string head;
    if (lo > 0)
        head = nameB + " is better than " + nameA;
    else if (hi < 0)
        head = nameA + " is better than " + nameB;
    else
        head = "No clear difference between " + nameA + " and " + nameB;
    std::snprintf(buf, sizeof buf,
                  "%s: %+.1f points of accuracy (%s minus %s), 95%% CI [%.1f, %.1f], McNemar p = %.3g "
                  "(%lld rows only %s got right, %lld only %s); macro-F1 %+.1f points, 95%% CI [%.1f, %.1f]. "
                  "%zu rows, %d bootstrap resamples (seed %llu).",
                  head.c_str(), d, nameB.c_str(), nameA.c_str(), lo, hi, c.mcnemarP, static_cast<long long>(c.onlyARight),
                  nameA.c_str(), static_cast<long long>(c.onlyBRight), nameB.c_str(), (c.macroF1B - c.macroF1A) * 100,
                  c.macroF1Diff.low * 100, c.macroF1Diff.high * 100, c.rows, c.bootstrapSamples,
                  static_cast<unsigned long long>(c.seed));
    return buf;
}

} // namespace hone

// hone-cli predict / eval: a trained model (run folder or exported HF folder) on new texts.
#include "app/cli/commands.h"

#include "core/data/csvwriter.h"
#include "core/data/dataset.h"
#include "core/eval/metrics.h"
#include "core/io/atomicfile.h"
#include "core/train/predictor.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace hone::cli {
namespace fs = std::filesystem;

namespace {

struct PredictOptions {
    std::string model, input, output, textColumn, pairColumn, labelColumn, encoding = "auto";
    int batchSize = 32;
    int maxLength = 0;
    bool json = false;
};

// Plain .txt input: one text per line. Anything else goes through the dataset readers.
Result<Dataset> readInput(const PredictOptions &o, bool requireLabels, const std::vector<std::string> &labels)
{
    ReadOptions read;
    read.requireLabels = requireLabels;
    read.labelNames = requireLabels ? labels : std::vector<std::string>{};
    read.columns = {o.textColumn, o.pairColumn, o.labelColumn};
    auto encoding = parseTextEncoding(o.encoding);
    if (!encoding)
        return encoding.error();
    read.encoding = *encoding;
    if (fs::path(o.input).extension() == ".txt" && !requireLabels) {
        auto text = readTextFile(o.input, read.encoding);
        if (!text)
            return text.error();
        Dataset d;
        std::size_t line = 0, start = 0;
        const std::string &s = text->text;
        while (start < s.size()) {
            std::size_t end = s.find('\n', start);
            if (end == std::string::npos)
                end = s.size();
            std::string t = s.substr(start, end - start);
            if (!t.empty() && t.back() == '\r')
                t.pop_back();
            ++line;
            d.rows.push_back({t, {}, -1, 0, line});
            start = end + 1;
        }
        return d;
    }
    return readDataset(o.input, read);
}

int runPredict(const PredictOptions &o)
{
    auto predictor = Predictor::open(o.model, o.maxLength);
    if (!predictor)
        return fail(predictor.error().message);
    auto data = readInput(o, false, {});
    if (!data)
        return fail(data.error().message);
    std::vector<std::string> texts, pairs;
    for (const auto &row : data->rows) {
        texts.push_back(row.text);
        pairs.push_back(row.text2);
    }
    if (!data->hasPairs())
        pairs.clear();
    auto predictions = predictor->predict(texts, pairs, o.batchSize);
    if (!predictions)
        return fail(predictions.error().message);
    const auto &labels = predictor->labels();
    std::vector<std::string> header = {"text", "label"};
    for (const auto &l : labels)
        header.push_back("p_" + l);
    std::string out = csvLine(header);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto &p = (*predictions)[i];
        std::vector<std::string> fields = {texts[i], labels.at(static_cast<std::size_t>(p.label))};
        for (float v : p.probabilities) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", v);
            fields.push_back(buf);
        }
        out += csvLine(fields);
    }
    if (o.output.empty() || o.output == "-") {
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (auto r = writeFileAtomically(o.output, out); !r)
        return fail(r.error().message);
    std::fprintf(stderr, "%zu predictions written to %s\n", texts.size(), o.output.c_str());
    return 0;
}

int runEval(const PredictOptions &o)
{
    auto predictor = Predictor::open(o.model, o.maxLength);
    if (!predictor)
        return fail(predictor.error().message);
    auto data = readInput(o, true, predictor->labels());
    if (!data)
        return fail(data.error().message);
    std::vector<std::string> texts, pairs;
    std::vector<int> truth, predicted;
    for (const auto &row : data->rows) {
        texts.push_back(row.text);
        pairs.push_back(row.text2);
        truth.push_back(row.label);
    }
    if (!data->hasPairs())
        pairs.clear();
    auto predictions = predictor->predict(texts, pairs, o.batchSize);
    if (!predictions)
        return fail(predictions.error().message);
    for (const auto &p : *predictions)
        predicted.push_back(p.label);
    const ClassificationMetrics m = computeMetrics(truth, predicted, predictor->labels());
    if (o.json) {
        std::printf("%s\n", nlohmann::json(m).dump(2).c_str());
        return 0;
    }
    std::printf("rows %lld  accuracy %.4f  macro-F1 %.4f  weighted-F1 %.4f\n", static_cast<long long>(m.total), m.accuracy,
                m.macroF1, m.weightedF1);
    std::printf("%-20s %9s %9s %9s %8s\n", "label", "precision", "recall", "f1", "support");
    for (const auto &c : m.perClass)
        std::printf("%-20s %9.4f %9.4f %9.4f %8lld\n", c.label.c_str(), c.precision, c.recall, c.f1,
                    static_cast<long long>(c.support));
    return 0;
}

void addInputOptions(CLI::App *sub, PredictOptions &o)
{
    sub->add_option("--text-column", o.textColumn, "Text column (default: detected)");
    sub->add_option("--text-pair-column", o.pairColumn, "Second text column");
    sub->add_option("--encoding", o.encoding, "auto, utf-8, utf-16, gb18030, gbk, latin-1");
    sub->add_option("--batch-size", o.batchSize, "Batch size");
    sub->add_option("--max-length", o.maxLength, "Tokens per text (default: the run's)");
}

} // namespace

void addPredictCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<PredictOptions>();
    CLI::App *sub = app.add_subcommand("predict", "Predict labels with per-class probabilities (CSV out)");
    sub->add_option("--model", o->model, "Run folder or exported model folder")->required();
    sub->add_option("--input", o->input, ".txt (one text per line), CSV, TSV or JSONL")->required();
    sub->add_option("--output", o->output, "CSV to write (default: stdout)");
    addInputOptions(sub, *o);
    sub->callback([o, &exitCode] { exitCode = runPredict(*o); });

    auto e = std::make_shared<PredictOptions>();
    CLI::App *eval = app.add_subcommand("eval", "Evaluate a run's model on a labelled file");
    eval->add_option("--run", e->model, "Run folder (or exported model folder)")->required();
    eval->add_option("--data", e->input, "Labelled CSV, TSV, JSONL or folder")->required();
    eval->add_option("--label-column", e->labelColumn, "Label column (default: detected)");
    eval->add_flag("--json", e->json, "Print the metrics as JSON");
    addInputOptions(eval, *e);
    eval->callback([e, &exitCode] { exitCode = runEval(*e); });
}

} // namespace hone::cli

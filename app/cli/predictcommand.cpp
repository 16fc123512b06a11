// hone-cli predict / eval: a trained model (run folder or exported HF folder) on new texts;
// eval also scores generated answers against references (EM, F1, ROUGE, BLEU).
#include "app/cli/commands.h"

#include "core/data/csvwriter.h"
#include "core/data/dataset.h"
#include "core/eval/answerfile.h"
#include "core/eval/metrics.h"
#include "core/eval/textmetrics.h"
#include "core/io/atomicfile.h"
#include "core/system/computethreads.h"
#include "core/train/predictor.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

namespace hone::cli {
namespace fs = std::filesystem;

namespace {

struct PredictOptions {
    std::string model, input, output, textColumn, pairColumn, labelColumn, encoding = "auto";
    std::string predictions, references, rougeTokenizer = "default", bleuTokenizer = "13a";
    int batchSize = 32;
    int maxLength = 0;
    int threads = 0;
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
        std::size_t line = 0;
        for (std::string_view t : splitLines(text->text))
            d.rows.push_back({std::string(t), {}, -1, 0, ++line});
        return d;
    }
    return readDataset(o.input, read);
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// On stderr, so benches can count prediction time without model loading or file writing.
void reportSpeed(std::size_t texts, double seconds, double loadSeconds, int threads)
{
    std::fprintf(stderr, "predicted %zu texts in %.3f s (%.1f texts/s); model loaded in %.3f s; %d threads\n", texts,
                 seconds, seconds > 0 ? static_cast<double>(texts) / seconds : 0.0, loadSeconds, threads);
}

int runPredict(const PredictOptions &o)
{
    prepareInference();
    const int threads = configureComputeThreads(o.threads);
    const auto loadStart = std::chrono::steady_clock::now();
    auto predictor = Predictor::open(o.model, o.maxLength);
    if (!predictor)
        return fail(predictor.error().message);
    const double loadSeconds = secondsSince(loadStart);
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
    const auto start = std::chrono::steady_clock::now();
    auto predictions = predictor->predict(texts, pairs, o.batchSize);
    if (!predictions)
        return fail(predictions.error().message);
    reportSpeed(texts.size(), secondsSince(start), loadSeconds, threads);
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

int runAnswerEval(const PredictOptions &o)
{
    TextMetricsOptions options;
    auto rouge = parseRougeTokenizer(o.rougeTokenizer);
    if (!rouge)
        return fail(rouge.error().message);
    auto bleu = parseBleuTokenizer(o.bleuTokenizer);
    if (!bleu)
        return fail(bleu.error().message);
    options.rouge = *rouge;
    options.bleu = *bleu;
    auto answers = readAnswerSet(o.predictions, o.references);
    if (!answers)
        return fail(answers.error().message);
    auto m = computeTextMetrics(answers->predictions, answers->references, options);
    if (!m)
        return fail(m.error().message);
    if (o.json) {
        std::printf("%s\n", nlohmann::json(*m).dump(2).c_str());
        return 0;
    }
    std::printf("answers %lld\n", static_cast<long long>(m->count));
    std::printf("exact match  %8.4f   (SQuAD v1.1, 0-100)\n", m->exactMatch);
    std::printf("F1           %8.4f   (SQuAD v1.1 tokens, 0-100)\n", m->f1);
    std::printf("ROUGE-1      %8.4f   (rouge-score F, %s tokens, 0-1)\n", m->rouge1, rougeTokenizerName(options.rouge));
    std::printf("ROUGE-2      %8.4f\n", m->rouge2);
    std::printf("ROUGE-L      %8.4f\n", m->rougeL);
    std::printf("BLEU         %8.4f   (sacreBLEU, %s tokens, 0-100) %.1f/%.1f/%.1f/%.1f BP %.3f ratio %.3f hyp_len %lld ref_len %lld\n",
                m->bleu.score, bleuTokenizerName(options.bleu), m->bleu.precisions[0], m->bleu.precisions[1],
                m->bleu.precisions[2], m->bleu.precisions[3], m->bleu.brevityPenalty,
                m->bleu.referenceLength ? static_cast<double>(m->bleu.hypothesisLength) / static_cast<double>(m->bleu.referenceLength) : 0.0,
                static_cast<long long>(m->bleu.hypothesisLength), static_cast<long long>(m->bleu.referenceLength));
    return 0;
}

int runEval(const PredictOptions &o)
{
    prepareInference();
    if (!o.predictions.empty())
        return runAnswerEval(o);
    if (o.model.empty() || o.input.empty())
        return fail("eval needs --run and --data (a classifier), or --predictions (generated answers)");
    const int threads = configureComputeThreads(o.threads);
    const auto loadStart = std::chrono::steady_clock::now();
    auto predictor = Predictor::open(o.model, o.maxLength);
    if (!predictor)
        return fail(predictor.error().message);
    const double loadSeconds = secondsSince(loadStart);
    auto data = readInput(o, true, predictor->labels());
    if (!data)
        return fail(data.error().message);
    const auto start = std::chrono::steady_clock::now();
    auto evaluated = evaluateDataset(*predictor, *data, o.batchSize);
    if (!evaluated)
        return fail(evaluated.error().message);
    reportSpeed(data->rows.size(), secondsSince(start), loadSeconds, threads);
    const ClassificationMetrics &m = *evaluated;
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
    sub->add_option("--threads", o.threads, "LibTorch intra-op threads (0: Hone's default, see hone-cli doctor)")->check(CLI::Range(0, 1024));
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
    CLI::App *eval = app.add_subcommand("eval", "Evaluate a run's model on a labelled file, or score generated answers");
    CLI::Option *run = eval->add_option("--run", e->model, "Run folder (or exported model folder)");
    CLI::Option *data = eval->add_option("--data", e->input, "Labelled CSV, TSV, JSONL or folder");
    CLI::Option *predictions = eval->add_option(
        "--predictions", e->predictions,
        "Generated answers: JSONL of {\"prediction\", \"reference\"|\"references\"}, or .txt/JSONL with --references");
    eval->add_option("--references", e->references, "References, line n for answer n: .txt, or JSONL strings/arrays/objects")
        ->needs(predictions);
    eval->add_option("--rouge-tokenizer", e->rougeTokenizer, "default (rouge-score's) or cjk (also one token per CJK ideograph)")
        ->needs(predictions);
    eval->add_option("--bleu-tokenizer", e->bleuTokenizer, "13a (sacreBLEU's default) or zh")->needs(predictions);
    predictions->excludes(run)->excludes(data);
    eval->add_option("--label-column", e->labelColumn, "Label column (default: detected)");
    eval->add_flag("--json", e->json, "Print the metrics as JSON");
    addInputOptions(eval, *e);
    eval->callback([e, &exitCode] { exitCode = runEval(*e); });
}

} // namespace hone::cli

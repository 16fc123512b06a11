#include "core/export/modelexport.h"

#include "core/export/causallmexport.h"
#include "core/export/onnxexport.h"
#include "core/export/modelcard.h"

#include "core/io/atomicfile.h"
#include "core/io/tensorfile.h"
#include "core/models/modelloader.h"
#include "core/runs/rundirectory.h"
#include "core/text/tokenizer.h"
#include "core/train/checkpoint.h"
#include "core/train/predictor.h"
#include "core/train/trainer.h"
#include "core/train/trainingconfig.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The checkpoint folder to export: the best (summary.json / trainer state) or the latest.
Result<fs::path> chooseCheckpoint(const RunDirectory &run, ExportCheckpoint which, std::int64_t &step)
{
    const auto all = run.checkpoints();
    if (all.empty())
        return makeError(ErrorCode::NotFound, run.path().string() + ": no checkpoints yet (a run writes one at each evaluation)");
    fs::path chosen = all.back();
    if (which == ExportCheckpoint::Best) {
        std::int64_t best = -1;
        if (auto summary = readRunSummary(run.path()); summary && summary->bestMetric)
            best = summary->bestStep;
        else if (auto state = readTrainerState(all.back()))
            best = state->bestStep;
        const fs::path candidate = run.checkpointsDir() / ("step-" + std::to_string(best));
        if (best >= 0 && fs::exists(candidate / "model.safetensors"))
            chosen = candidate;
    }
    step = std::stoll(chosen.filename().string().substr(5));
    return chosen;
}

std::string shortNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2g", value);
    return buffer;
}

struct ValidationTexts {
    std::vector<std::string> texts, pairs;
};

ValidationTexts readValidationTexts(const RunDirectory &run, int limit)
{
    ValidationTexts v;
    std::ifstream in(run.predictionsDir() / "validation.jsonl");
    std::string line;
    while (static_cast<int>(v.texts.size()) < limit && std::getline(in, line)) {
        try {
            const json j = json::parse(line);
            v.texts.push_back(j.value("text", std::string()));
            v.pairs.push_back(j.value("text_pair", std::string()));
        } catch (const json::exception &) {
        }
    }
    bool anyPair = false;
    for (const auto &p : v.pairs)
        anyPair |= !p.empty();
    if (!anyPair)
        v.pairs.clear();
    return v;
}

// The card's inputs from the run's JSON files (a missing summary means an unfinished run).
ModelCardInput cardInput(const RunDirectory &run, const json &config, std::int64_t step, ExportCheckpoint checkpoint, ModelCardKind kind)
{
    ModelCardInput card;
    card.kind = kind;
    card.config = config;
    if (auto summary = run.readJson(run.summaryFile()))
        card.summary = *summary;
    if (auto split = run.readJson(run.splitFile()))
        card.split = *split;
    card.runId = run.id();
    card.step = step;
    card.best = checkpoint == ExportCheckpoint::Best;
    return card;
}

// How a causal-LM export was checked, for its card.
std::string causalLmVerification(const ExportReport &r)
{
    if (r.verifiedPrompts == 0)
        return {};
    return "reloaded by " + r.verifiedWith + "; logits on " + std::to_string(r.verifiedPrompts) +
           " validation prompts differ from the run's model by at most " + shortNumber(r.maxLogitDifference) +
           (r.tokenizerChecked ? "; the tokenizer gives the same ids" : "") + (r.verified ? "." : " (NOT verified).");
}

} // namespace

Result<ExportReport> exportRun(const fs::path &runDir, const fs::path &outDir, const ExportOptions &options,
                               const std::function<void(double, const std::string &)> &progress)
{
    auto report = [&](double f, const std::string &what) {
        if (progress)
            progress(f, what);
    };
    auto run = RunDirectory::open(runDir);
    if (!run)
        return run.error();
    auto config = readTrainingConfig(run->configFile());
    if (!config)
        return config.error();
    auto configJson = run->readJson(run->configFile());
    const fs::path basePath = configJson ? configJson->value("model_path", config->model) : config->model;
    std::int64_t step = 0;
    auto checkpoint = chooseCheckpoint(*run, options.checkpoint, step);
    if (!checkpoint)
        return checkpoint.error();
    if (config->task != "classification" && options.format == ExportFormat::Onnx)
        return makeError(ErrorCode::InvalidArgument, runDir.string() + ": ONNX export is for classification runs "
                                                                        "(encoders); an sft/pretrain run exports as hf, peft or gguf");
    const json configForCard = configJson ? *configJson : json::object();
    if (config->task != "classification") {
        auto exported = exportCausalLmRun(*run, *config, basePath, *checkpoint, step, outDir, options, progress);
        if (!exported || options.format == ExportFormat::Gguf) // one .gguf file: its metadata is the card
            return exported;
        ModelCardInput card = cardInput(*run, configForCard, step, options.checkpoint,
                                        options.format == ExportFormat::Peft ? ModelCardKind::PeftAdapter : ModelCardKind::CausalLm);
        card.verification = causalLmVerification(*exported);
        if (auto r = writeFileAtomically(outDir / "README.md", modelCardMarkdown(card)); !r)
            return r.error();
        return exported;
    }
    if (options.format == ExportFormat::Peft || options.format == ExportFormat::Gguf)
        return makeError(ErrorCode::InvalidArgument, runDir.string() + ": PEFT and GGUF exports are for causal-LM runs "
                                                                        "(sft, pretrain); a classification run exports as hf");
    auto manifestLabels = run->readJson(run->splitFile());
    if (!manifestLabels)
        return manifestLabels.error();
    const auto labels = manifestLabels->value("labels", std::vector<std::string>{});

    report(0.1, "loading " + checkpoint->filename().string());
    ClassifierOptions classifier;
    classifier.labels = labels;
    classifier.numLabels = static_cast<int>(labels.size());
    auto loaded = loadClassifier(basePath, classifier);
    if (!loaded)
        return loaded.error();
    auto &model = *loaded->model;
    if (config->lora.enabled) {
        model.enableLoRA({config->lora.rank, config->lora.alpha, config->lora.dropout, config->seed},
                         loraTargetList(config->lora.targetModules));
    }
    if (auto r = loadCheckpointWeights(model, *checkpoint); !r)
        return r.error();
    model.eval();
    if (options.format == ExportFormat::Onnx) {
        auto exported = exportOnnxFolder(*loaded, labels, step, outDir, progress);
        if (!exported)
            return exported;
        ModelCardInput card = cardInput(*run, configForCard, step, options.checkpoint, ModelCardKind::Onnx);
        card.verification = "model.onnx passed the ONNX checker and strict shape inference; tools/check_onnx_export.py "
                            "compares its probabilities in onnxruntime with hone-cli predict.";
        if (auto r = writeFileAtomically(outDir / "README.md", modelCardMarkdown(card)); !r)
            return r.error();
        return exported;
    }

    report(0.4, "writing " + outDir.string());
    const fs::path staging = outDir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    if (auto r = saveClassifier(model, loaded->config, labels, staging); !r)
        return r.error();
    if (auto r = copyTokenizerFiles(loaded->directory, staging); !r)
        return r.error();
    ModelCardInput card = cardInput(*run, configForCard, step, options.checkpoint, ModelCardKind::Classifier);
    if (auto r = writeFileAtomically(staging / "README.md", modelCardMarkdown(card)); !r)
        return r.error();
    if (auto r = replaceDirectory(staging, outDir); !r)
        return r.error();

    ExportReport result;
    result.outDir = fs::absolute(outDir);
    result.step = step;
    result.verifiedWith = "Hone's own loader (the code behind hone-cli predict)";
    if (!options.verify)
        return result;

    // Reload what was written and compare with the model in memory on validation texts.
    report(0.7, "verifying the export");
    const ValidationTexts texts = readValidationTexts(*run, options.verifyRows);
    if (texts.texts.empty())
        return result;
    auto exported = Predictor::open(outDir, config->maxLength);
    if (!exported)
        return makeError(exported.error().code, "the export does not load back: " + exported.error().message);
    auto after = exported->predict(texts.texts, texts.pairs);
    if (!after)
        return after.error();
    auto tokenizer = loadTokenizer(loaded->directory);
    if (!tokenizer)
        return tokenizer.error();
    const Predictor inMemory = Predictor::fromModel(std::move(loaded).value(), *tokenizer, config->maxLength);
    auto beforeResult = inMemory.predict(texts.texts, texts.pairs);
    if (!beforeResult)
        return beforeResult.error();
    const std::vector<LabelPrediction> &before = *beforeResult;
    for (std::size_t i = 0; i < after->size() && i < before.size(); ++i)
        for (std::size_t c = 0; c < (*after)[i].probabilities.size() && c < before[i].probabilities.size(); ++c)
            result.maxProbabilityDifference = std::max(
                result.maxProbabilityDifference, static_cast<double>(std::fabs((*after)[i].probabilities[c] - before[i].probabilities[c])));
    result.verifiedRows = static_cast<int>(after->size());
    result.verified = result.maxProbabilityDifference <= 1e-4;
    // The card says how the export was checked (written after the check, atomically).
    card.verification = "reloaded from this folder by " + result.verifiedWith + "; predictions on " +
                        std::to_string(result.verifiedRows) + " validation rows differ from the run's by at most " +
                        shortNumber(result.maxProbabilityDifference) + " in probability" +
                        (result.verified ? "." : " (MORE than the 1e-4 tolerance).");
    (void)writeFileAtomically(outDir / "README.md", modelCardMarkdown(card));
    report(1.0, "done");
    return result;
}

} // namespace hone

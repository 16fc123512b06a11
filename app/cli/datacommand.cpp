// hone-cli data: reads a dataset the way training would and prints the dataset report (rows
// dropped, classes, duplicates, leakage between splits, token lengths with the model's tokenizer).
#include "app/cli/commands.h"

#include "core/data/csvreader.h"
#include "core/data/instructiondata.h"
#include "core/data/datasetreport.h"
#include "core/models/modeldiscovery.h"
#include "core/text/tokenizer.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace hone::cli {

namespace {

struct DataOptions {
    std::string data, train, validation, test;
    std::string textColumn, textPairColumn, labelColumn;
    std::string encoding = "auto";
    std::string format = "auto";
    std::string split = "0.8,0.1,0.1";
    double validationFraction = 0.1;
    std::uint64_t seed = 42;
    bool noStratify = false;
    std::string model;
    int maxLength = 128;
    std::string manifestOut;
    std::string chatTemplate;
    std::string lossOn = "assistant";
};

// Instruction data (Alpaca/ShareGPT/OpenAI/plain text): token lengths under the chat template and
// the share that --max-length truncates.
int runInstructionData(const DataOptions &o, InstructionFormat format)
{
    const std::string file = o.data.empty() ? o.train : o.data;
    auto data = readInstructionData(file, format);
    if (!data)
        return fail(data.error().message);
    std::printf("format: %s, %zu samples (%s)\n", instructionFormatName(data->format), data->size(), file.c_str());
    if (o.model.empty()) {
        std::printf("(give --model to measure token lengths under the model's tokenizer and chat template)\n");
        return 0;
    }
    auto model = findModel(o.model);
    if (!model)
        return fail(model.error().message);
    auto tokenizer = loadTokenizer(model->path);
    if (!tokenizer)
        return fail(tokenizer.error().message);
    ChatRenderOptions render;
    render.bosToken = (*tokenizer)->bosToken();
    render.eosToken = (*tokenizer)->eosToken();
    std::optional<ChatTemplate> chatTemplate;
    if (data->format != InstructionFormat::PlainText) {
        auto found = chooseChatTemplate(model->path, o.chatTemplate);
        if (!found)
            return fail(found.error().message + (o.chatTemplate.empty() ? " (--chat-template NAME|FILE)" : ""));
        if (!found->bosToken.empty())
            render.bosToken = found->bosToken;
        if (!found->eosToken.empty())
            render.eosToken = found->eosToken;
        const std::string origin = found->origin;
        auto parsed = ChatTemplate::parse(found->text, origin);
        if (!parsed)
            return fail(parsed.error().message);
        chatTemplate = std::move(*parsed);
        std::printf("chat template: %s\n", origin.c_str());
    }
    SftEncodeOptions options;
    options.maxLength = o.maxLength;
    if (o.lossOn != "assistant" && o.lossOn != "all")
        return fail("--loss-on must be assistant or all");
    options.lossOn = o.lossOn == "all" ? LossOn::All : LossOn::Assistant;
    const SftDataReport report = makeSftDataReport(*data, **tokenizer, chatTemplate ? &*chatTemplate : nullptr, render, options);
    std::fputs(formatSftDataReport(report).c_str(), stdout);
    return report.problems.empty() ? 0 : 1;
}

int runData(const DataOptions &o)
{
    const std::string firstFile = o.data.empty() ? o.train : o.data;
    if (auto f = parseInstructionFormat(o.format); f && (*f != InstructionFormat::Auto || looksLikeInstructionData(firstFile)))
        return runInstructionData(o, *f);
    DataSpec spec;
    spec.file = o.data;
    spec.train = o.train;
    spec.validation = o.validation;
    spec.test = o.test;
    if (spec.file.empty() && spec.train.empty())
        return fail("give --data FILE (split by --split) or --train FILE [--validation FILE] [--test FILE]");
    auto encoding = parseTextEncoding(o.encoding);
    if (!encoding)
        return fail(encoding.error().message);
    auto format = parseDataFormat(o.format);
    if (!format)
        return fail(format.error().message);
    auto ratios = parseSplitRatios(o.split);
    if (!ratios)
        return fail(ratios.error().message);
    if (o.maxLength < 0)
        return fail("--max-length must be 0 (not checked) or positive");
    spec.read.encoding = *encoding;
    spec.read.format = *format;
    spec.read.columns = {o.textColumn, o.textPairColumn, o.labelColumn};
    spec.split.ratios = *ratios;
    spec.split.validationFraction = o.validationFraction;
    spec.split.seed = o.seed;
    spec.split.stratify = !o.noStratify;

    std::shared_ptr<const Tokenizer> tokenizer;
    if (!o.model.empty()) {
        auto model = findModel(o.model);
        if (!model)
            return fail(model.error().message);
        auto loaded = loadTokenizer(model->path);
        if (!loaded)
            return fail(loaded.error().message);
        tokenizer = *loaded;
    }

    // Read first, so a report is printed even when the data cannot be split or trained on.
    Result<Dataset> dataset = spec.file.empty()
                                  ? readDatasets([&] {
                                        std::vector<RoleFile> files{{"train", spec.train}};
                                        if (!spec.validation.empty())
                                            files.push_back({"validation", spec.validation});
                                        if (!spec.test.empty())
                                            files.push_back({"test", spec.test});
                                        return files;
                                    }(), spec.read)
                                  : readDataset(spec.file, spec.read);
    if (!dataset)
        return fail(dataset.error().message);

    std::string problem;
    std::optional<SplitIndices> splits;
    if (auto ok = checkClassificationDataset(*dataset); !ok) {
        problem = ok.error().message;
    } else if (auto s = splitDataset(*dataset, spec.split); !s) {
        problem = "cannot split: " + s.error().message;
    } else {
        splits = std::move(*s);
    }

    DatasetReportOptions ro;
    ro.tokenizer = tokenizer.get();
    ro.maxLength = o.maxLength;
    ro.splits = splits ? &*splits : nullptr;
    const DatasetReport report = makeDatasetReport(*dataset, ro);
    const DataSource &first = dataset->sources.front();
    std::printf("format: %s, encoding %s%s; text column '%s'%s%s%s\n", dataFormatName(first.format),
                textEncodingName(first.encoding),
                first.delimiter ? (", delimiter " + delimiterName(first.delimiter)).c_str() : "", first.textColumn.c_str(),
                first.text2Column.empty() ? "" : (", second text '" + first.text2Column + "'").c_str(),
                first.labelColumn.empty() ? "" : (", label column '" + first.labelColumn + "'").c_str(),
                tokenizer ? (", tokenizer " + tokenizer->kind() + " (" + o.model + ")").c_str() : "");
    std::fputs(formatDatasetReport(report).c_str(), stdout);
    if (!problem.empty())
        return fail(problem);
    if (!o.manifestOut.empty()) {
        if (auto saved = saveSplitManifest(makeSplitManifest(*dataset, *splits, spec.split), o.manifestOut); !saved)
            return fail(saved.error().message);
        std::printf("split manifest written to %s\n", o.manifestOut.c_str());
    }
    return 0;
}

} // namespace

void addDataCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<DataOptions>();
    CLI::App *sub = app.add_subcommand("data", "Check a dataset: rows dropped, classes, duplicates, leakage, token lengths");
    sub->add_option("--data", o->data, "One file (.csv, .tsv, .jsonl) or class-per-folder directory, split by --split");
    sub->add_option("--train", o->train, "Training file (files given per split)");
    sub->add_option("--validation", o->validation, "Validation file (else carved from --train)");
    sub->add_option("--test", o->test, "Test file");
    sub->add_option("--text-column", o->textColumn, "Column with the text (default: detected)");
    sub->add_option("--text-pair-column", o->textPairColumn, "Column with the second text of a pair");
    sub->add_option("--label-column", o->labelColumn, "Column with the label (default: detected)");
    sub->add_option("--encoding", o->encoding, std::string("Text encoding: ") + textEncodingChoices())->capture_default_str();
    sub->add_option("--format", o->format, "auto, csv, tsv, jsonl, folder; instruction data: alpaca, sharegpt, openai, text")
        ->capture_default_str();
    sub->add_option("--chat-template", o->chatTemplate, "Instruction data: a built-in template (chatml, llama3, gemma, alpaca) or a .jinja file "
                                                        "instead of the model's own");
    sub->add_option("--loss-on", o->lossOn, "Instruction data: count trained tokens on assistant turns or all")->capture_default_str();
    sub->add_option("--split", o->split, "train,validation,test ratios")->capture_default_str();
    sub->add_option("--validation-fraction", o->validationFraction, "Share of --train carved for validation")
        ->capture_default_str();
    sub->add_option("--seed", o->seed, "Split seed")->capture_default_str();
    sub->add_flag("--no-stratify", o->noStratify, "Split without keeping class proportions");
    sub->add_option("--model", o->model, "Measure lengths with this model's tokenizer (folder or name)");
    sub->add_option("--max-length", o->maxLength, "Report the share of texts longer than this")->capture_default_str();
    sub->add_option("--save-split", o->manifestOut, "Write the split manifest (JSON) here");
    sub->callback([o, &exitCode] { exitCode = runData(*o); });
}

} // namespace hone::cli

// hone-cli export: a run's best or last model as a Hugging Face folder, a PEFT adapter or a GGUF file
// (causal-LM runs), or an ONNX model (encoder classifiers), verified after writing.
#include "app/cli/commands.h"

#include "core/export/modelexport.h"
#include "core/export/onnxexport.h"

#include <cstdio>
#include <memory>

namespace hone::cli {

namespace {

struct ExportCliOptions {
    std::string run, out, format = "hf", checkpoint = "best", ggufType = "f16", logitsOut;
    bool noVerify = false;
};

int runExport(const ExportCliOptions &o)
{
    ExportOptions options;
    options.format = o.format == "peft"   ? ExportFormat::Peft
                     : o.format == "gguf" ? ExportFormat::Gguf
                     : o.format == "onnx" ? ExportFormat::Onnx
                                          : ExportFormat::HuggingFace;
    options.ggufType = o.ggufType == "bf16" ? GgmlType::BF16 : o.ggufType == "q8_0" ? GgmlType::Q8_0 : GgmlType::F16;
    options.logitsDump = o.logitsOut;
    options.checkpoint = o.checkpoint == "last" ? ExportCheckpoint::Last : ExportCheckpoint::Best;
    options.verify = !o.noVerify;
    auto report = exportRun(o.run, o.out, options, [](double f, const std::string &what) {
        std::fprintf(stderr, "[%3.0f%%] %s\n", f * 100, what.c_str());
    });
    if (!report)
        return fail(report.error().message);
    std::printf("exported step %lld to %s\n", static_cast<long long>(report->step), report->outDir.c_str());
    if (options.format == ExportFormat::Onnx) {
        auto checked = checkOnnxModel(report->outDir / "model.onnx");
        if (!checked)
            return fail(checked.error().message);
        std::printf("model.onnx passes the ONNX checker and strict shape inference: %s\n",
                    describeOnnxModel(*checked).c_str());
        std::printf("probabilities were not compared (Hone has no ONNX runtime); to compare them with hone-cli predict:\n"
                    "  python3 tools/check_onnx_export.py --run %s --export %s\n",
                    o.run.c_str(), report->outDir.c_str());
        return 0;
    }
    if (!report->contents.empty())
        std::printf("%s\n", report->contents.c_str());
    if (report->verifiedPrompts > 0) {
        std::printf("verified on %d prompts: max logit difference %.3g from the run's model", report->verifiedPrompts,
                    report->maxLogitDifference);
        if (o.format == "gguf")
            std::printf(" (weights rounded to %s), weights as stored %s (max difference %.3g)", o.ggufType.c_str(),
                        report->maxTensorDifference == 0 ? "exact" : "MISMATCH", report->maxTensorDifference);
        if (o.format != "peft")
            std::printf(", tokenizer %s", report->tokenizerChecked ? "identical" : "MISMATCH");
        std::printf(" (%s)\n", report->verified ? "verified" : "MISMATCH");
        return report->verified ? 0 : 3;
    }
    if (report->verifiedRows > 0)
        std::printf("verified on %d validation rows: max probability difference %.2e (%s)\n", report->verifiedRows,
                    report->maxProbabilityDifference, report->verified ? "identical within 1e-4" : "MISMATCH");
    return report->verifiedRows > 0 && !report->verified ? 3 : 0;
}

} // namespace

void addExportCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<ExportCliOptions>();
    CLI::App *sub = app.add_subcommand("export", "Export a run's model as a Hugging Face folder, a PEFT adapter, a GGUF file or ONNX");
    sub->add_option("--run", o->run, "Run folder")->required();
    sub->add_option("--out", o->out, "Folder to write")->required();
    sub->add_option("--format", o->format,
                    "hf (Hugging Face folder, LoRA merged); for sft/pretrain runs also peft (LoRA adapter folder) "
                    "and gguf (one .gguf file for llama.cpp); for classification runs also onnx (model.onnx with config "
                    "and tokenizer)")
        ->check(CLI::IsMember({"hf", "peft", "gguf", "onnx"}));
    sub->add_option("--gguf-type", o->ggufType, "Weight type of a GGUF export: f16, bf16 or q8_0")
        ->check(CLI::IsMember({"f16", "bf16", "q8_0"}));
    sub->add_option("--logits-out", o->logitsOut,
                    "sft/pretrain runs: write the run model's logits on the verification prompts to this .safetensors "
                    "file (for tools/check_llm_export.py)");
    sub->add_option("--checkpoint", o->checkpoint, "best or last")->check(CLI::IsMember({"best", "last"}));
    sub->add_flag("--no-verify", o->noVerify, "Skip reloading the export and comparing predictions");
    sub->callback([o, &exitCode] { exitCode = runExport(*o); });
}

} // namespace hone::cli

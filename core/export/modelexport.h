#pragma once
// Exports a run's best or last model, then reloads the export and checks it against the run's model.
// Classification runs: a Hugging Face folder (config.json with architectures, id2label, label2id;
// model.safetensors; tokenizer files), LoRA merged, predicting the same on validation rows.
// Causal-LM runs (sft, pretrain): the same folder with the chat template, a PEFT adapter folder, or
// a GGUF file for llama.cpp (core/export/causallmexport.h), compared by logits on a few prompts.
// Classification exports have a model card (README.md, modelcard.h).
#include "core/io/gguf.h"
#include "core/util/result.h"

#include <filesystem>
#include <functional>
#include <string>

namespace hone {

enum class ExportCheckpoint { Best, Last };
enum class ExportFormat {
    HuggingFace, // a folder transformers loads, LoRA merged
    Peft,        // causal-LM LoRA runs: adapter_config.json + adapter_model.safetensors for peft
    Gguf,        // causal-LM runs: one .gguf file (F16, BF16 or Q8_0) with tokenizer and chat template
    Onnx,        // encoder classification runs: model.onnx + config.json + tokenizer (onnxexport.h)
};

struct ExportOptions {
    ExportCheckpoint checkpoint = ExportCheckpoint::Best;
    ExportFormat format = ExportFormat::HuggingFace;
    bool verify = true;            // reload and compare predictions on validation rows
    int verifyRows = 64;
    GgmlType ggufType = GgmlType::F16; // Gguf: F16, BF16 or Q8_0 (norms and biases stay F32)
    int verifyPrompts = 4;         // causal LMs: prompts whose logits are compared
    // Causal LMs: when set, the run model's logits on the verification prompts go to this
    // safetensors file ("ids.<k>" int64 [T], "logits.<k>" float32 [T, vocab]) for tools/check_llm_export.py.
    std::filesystem::path logitsDump;
};

struct ExportReport {
    std::filesystem::path outDir;
    std::int64_t step = 0;         // the checkpoint's step
    int verifiedRows = 0;
    double maxProbabilityDifference = 0; // between the run's model and the reloaded export
    bool verified = false;
    // Causal LMs.
    std::string contents;          // what was written, in a line ("Hugging Face folder, LoRA merged", ...)
    int verifiedPrompts = 0;
    double maxLogitDifference = 0; // between the run's model and the reloaded export, over every position
    bool tokenizerChecked = false; // the export's tokenizer gives the run tokenizer's ids on the prompts
    double maxTensorDifference = 0; // GGUF: reloaded weights against the written values rounded to the type
    std::string verifiedWith;      // which loader read the export back (English)
};

// progress(fraction 0..1, what); may be empty.
Result<ExportReport> exportRun(const std::filesystem::path &runDir, const std::filesystem::path &outDir,
                               const ExportOptions &options = {},
                               const std::function<void(double, const std::string &)> &progress = {});

} // namespace hone

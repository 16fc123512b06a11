#pragma once
// ONNX export of encoder classifiers (BERT, RoBERTa/XLM-R, DistilBERT, ALBERT). The graph is
// written node by node from the model's config, mirroring the forward pass in core/models/arch
// with standard opset-17 operators (Gather, MatMul, LayerNormalization, Softmax, Erf/Tanh, ...);
// the weights (LoRA folded in) are initializers. Interface, as Hugging Face Optimum names it:
//   input_ids, attention_mask   int64 [batch, sequence]
//   token_type_ids              int64 [batch, sequence], only for models with several token types
//   logits                      float32 [batch, num_labels]
// The file is checked after writing with onnx::checker and strict shape inference (Debian's
// libonnx); Hone has no ONNX runtime, so numbers are compared by tools/check_onnx_export.py.
#include "core/export/modelexport.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace hone {

struct LoadedModel;

inline constexpr int kOnnxOpset = 17;

// A graph input or output: element type ("int64", "float32") and dims (a symbolic name such as
// "batch", or a number).
struct OnnxValueInfo {
    std::string name;
    std::string elementType;
    std::vector<std::string> dims;
};

struct OnnxModelSummary {
    std::int64_t irVersion = 0;
    std::int64_t opset = 0;        // of the default ("ai.onnx") domain
    std::vector<OnnxValueInfo> inputs, outputs;
    std::size_t nodes = 0;
    std::size_t initializers = 0;
    std::uint64_t weightBytes = 0; // initializer data
};

// Writes file atomically: model's network (eval mode, LoRA folded in) with labels as metadata
// (id2label). Refuses decoders and a model whose weights exceed ONNX's 2 GB single-file limit.
Result<void> writeOnnxClassifier(LoadedModel &model, const std::vector<std::string> &labels,
                                 const std::filesystem::path &file);

// Reads file, runs onnx::checker::check_model and strict shape inference (every node's output
// type inferred, declared shapes consistent); errors name the file and the checker's complaint.
Result<OnnxModelSummary> checkOnnxModel(const std::filesystem::path &file);

// One line for people: "inputs input_ids int64 [batch, sequence], ...; output logits ...; opset 17".
std::string describeOnnxModel(const OnnxModelSummary &summary);

// exportRun's ONNX format: outDir gets model.onnx, config.json (id2label, for tokenizer loaders
// and the labels) and the tokenizer files; model.onnx is checked before the folder is
// moved into place. report.verified means the checks passed (verifiedRows stays 0: no runtime).
Result<ExportReport> exportOnnxFolder(LoadedModel &model, const std::vector<std::string> &labels, std::int64_t step,
                                      const std::filesystem::path &outDir,
                                      const std::function<void(double, const std::string &)> &progress);

} // namespace hone

#pragma once
// The model card (README.md) written into every export folder: what the model is, the data and
// split it was trained on, the settings, the validation/test metrics (with the confusion matrix for
// classifiers, perplexity for language models), how the export was checked, and how to load it
// (transformers, peft, onnxruntime, hone-cli). Hugging Face's card layout: YAML front matter, then
// Markdown. Torch-free: built from the run's JSON files only.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace hone {

// What the folder holds, which decides the front matter and the loading recipe.
enum class ModelCardKind {
    Classifier,  // Hugging Face folder of a sequence classifier
    Onnx,        // model.onnx of a sequence classifier
    CausalLm,    // Hugging Face folder of a causal LM (LoRA merged)
    PeftAdapter, // adapter_config.json + adapter_model.safetensors over the base model
};

struct ModelCardInput {
    ModelCardKind kind = ModelCardKind::Classifier;
    nlohmann::json config;   // the run's config.json
    nlohmann::json summary;  // summary.json (null for a run that did not finish)
    nlohmann::json split;    // split.json (labels, splits, content hash)
    std::string runId;       // the run folder's name
    std::int64_t step = 0;   // the exported checkpoint
    bool best = true;        // the best checkpoint (else the last)
    std::string verification; // one line on how the export was checked, empty when it was not
};

std::string modelCardMarkdown(const ModelCardInput &input);

} // namespace hone

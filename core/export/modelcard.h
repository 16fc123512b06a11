#pragma once
// The model card (README.md) written into every export: what the model is, the data and split it
// was trained on, the settings, the validation/test metrics with the confusion matrix, and how to
// load it (transformers, hone-cli). Hugging Face's card layout: YAML front matter, then Markdown.
// Torch-free: built from the run's JSON files only.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace hone {

struct ModelCardInput {
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

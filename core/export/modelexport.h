#pragma once
// Exports a run's best or last model as a Hugging Face folder (config.json with architectures,
// id2label, label2id; model.safetensors; tokenizer files), LoRA merged, then reloads the export
// and checks it predicts the same as the run on validation rows.
#include "core/util/result.h"

#include <filesystem>
#include <functional>
#include <string>

namespace hone {

enum class ExportCheckpoint { Best, Last };
enum class ExportFormat { HuggingFace };

struct ExportOptions {
    ExportCheckpoint checkpoint = ExportCheckpoint::Best;
    ExportFormat format = ExportFormat::HuggingFace;
    bool verify = true;            // reload and compare predictions on validation rows
    int verifyRows = 64;
};

struct ExportReport {
    std::filesystem::path outDir;
    std::int64_t step = 0;         // the checkpoint's step
    int verifiedRows = 0;
    double maxProbabilityDifference = 0; // between the run's model and the reloaded export
    bool verified = false;
};

// progress(fraction 0..1, what); may be empty.
Result<ExportReport> exportRun(const std::filesystem::path &runDir, const std::filesystem::path &outDir,
                               const ExportOptions &options = {},
                               const std::function<void(double, const std::string &)> &progress = {});

} // namespace hone

#pragma once
// Generated answers and their references, read from files for scoring (hone-cli eval, runs):
//   one JSONL file     {"prediction": "...", "reference": "..."} or {..., "references": ["...", ...]}
//   two files          predictions: .txt (a line each) or JSONL (a JSON string or {"prediction": ...});
//                      references: .txt (a line each) or JSONL (a string, an array of strings, or
//                      {"reference": ...} / {"references": [...]}), line n answering line n.
// Blank JSONL lines are skipped; errors name the file and the line.
#include "core/util/result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace hone {

struct AnswerSet {
    std::vector<std::string> predictions;
    std::vector<std::vector<std::string>> references; // one or more per prediction
};

// references empty: the predictions file holds both.
Result<AnswerSet> readAnswerSet(const std::filesystem::path &predictions, const std::filesystem::path &references = {});

} // namespace hone

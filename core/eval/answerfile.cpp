#include "core/eval/answerfile.h"

#include "core/data/textdecoder.h"

#include <nlohmann/json.hpp>

namespace hone {
namespace {

namespace fs = std::filesystem;

struct Line {
    std::size_t number = 0;
    std::string text;
};

bool isTextFile(const fs::path &file) { return file.extension() == ".txt"; }

// The file's lines; JSONL files drop blank lines, text files keep them as (empty) answers.
Result<std::vector<Line>> readLines(const fs::path &file)
{
    auto decoded = readTextFile(file);
    if (!decoded)
        return decoded.error();
    const bool text = isTextFile(file);
    std::vector<Line> lines;
    std::size_t number = 0;
    for (std::string_view line : splitLines(decoded->text)) {
        ++number;
        if (text || line.find_first_not_of(" \t") != std::string_view::npos)
            lines.push_back({number, std::string(line)});
    }
    if (lines.empty())
        return makeError(ErrorCode::Format, file.string() + ": no answers in the file");
    return lines;
}

Error lineError(const fs::path &file, std::size_t line, const std::string &message)
{
    return makeError(ErrorCode::Format, file.string() + ":" + std::to_string(line) + ": " + message);
}

Result<nlohmann::json> parseLine(const fs::path &file, const Line &line)
{
    auto j = nlohmann::json::parse(line.text, nullptr, false);
    if (j.is_discarded())
        return lineError(file, line.number, "not valid JSON");
    return j;
}

Result<std::string> stringField(const fs::path &file, const Line &line, const nlohmann::json &value, const char *field)
{
    if (!value.is_string())
        return lineError(file, line.number, std::string("\"") + field + "\" must be a string");
    return value.get<std::string>();
}

// A string, an array of strings, or an object with "reference" or "references".
Result<std::vector<std::string>> referencesOf(const fs::path &file, const Line &line, const nlohmann::json &j)
{
    if (j.is_object()) {
        if (j.contains("references"))
            return referencesOf(file, line, j["references"]);
        if (j.contains("reference")) {
            auto s = stringField(file, line, j["reference"], "reference");
            if (!s)
                return s.error();
            return std::vector<std::string>{*s};
        }
        return lineError(file, line.number, "no \"reference\" or \"references\" field");
    }
    if (j.is_string())
        return std::vector<std::string>{j.get<std::string>()};
    if (!j.is_array() || j.empty())
        return lineError(file, line.number, "references must be a string or a non-empty array of strings");
    std::vector<std::string> out;
    for (const auto &r : j) {
        if (!r.is_string())
            return lineError(file, line.number, "references must be a string or a non-empty array of strings");
        out.push_back(r.get<std::string>());
    }
    return out;
}

Result<std::string> predictionOf(const fs::path &file, const Line &line, const nlohmann::json &j)
{
    if (j.is_string())
        return j.get<std::string>();
    if (!j.is_object() || !j.contains("prediction"))
        return lineError(file, line.number, "expected a JSON string or an object with a \"prediction\" field");
    return stringField(file, line, j["prediction"], "prediction");
}

Result<std::string> predictionAt(const fs::path &file, const Line &line)
{
    auto j = parseLine(file, line);
    if (!j)
        return j.error();
    return predictionOf(file, line, *j);
}

Result<std::vector<std::string>> referencesAt(const fs::path &file, const Line &line)
{
    auto j = parseLine(file, line);
    if (!j)
        return j.error();
    return referencesOf(file, line, *j);
}

} // namespace

Result<AnswerSet> readAnswerSet(const fs::path &predictions, const fs::path &references)
{
    auto predictionLines = readLines(predictions);
    if (!predictionLines)
        return predictionLines.error();
    AnswerSet set;
    if (references.empty()) {
        if (isTextFile(predictions))
            return makeError(ErrorCode::InvalidArgument, predictions.string()
                                                             + ": a text file holds predictions only; give the references too");
        for (const Line &line : *predictionLines) {
            auto j = parseLine(predictions, line);
            if (!j)
                return j.error();
            auto p = predictionOf(predictions, line, *j);
            if (!p)
                return p.error();
            if (j->is_string())
                return lineError(predictions, line.number, "no references: use {\"prediction\": ..., \"reference\": ...} records");
            auto r = referencesOf(predictions, line, *j);
            if (!r)
                return r.error();
            set.predictions.push_back(std::move(*p));
            set.references.push_back(std::move(*r));
        }
        return set;
    }
    auto referenceLines = readLines(references);
    if (!referenceLines)
        return referenceLines.error();
    if (referenceLines->size() != predictionLines->size())
        return makeError(ErrorCode::InvalidArgument, predictions.string() + " has " + std::to_string(predictionLines->size())
                                                         + " answers but " + references.string() + " has "
                                                         + std::to_string(referenceLines->size()));
    for (const Line &line : *predictionLines) {
        auto p = isTextFile(predictions) ? Result<std::string>(line.text) : predictionAt(predictions, line);
        if (!p)
            return p.error();
        set.predictions.push_back(std::move(*p));
    }
    for (const Line &line : *referenceLines) {
        auto r = isTextFile(references) ? Result<std::vector<std::string>>(std::vector<std::string>{line.text})
                                        : referencesAt(references, line);
        if (!r)
            return r.error();
        set.references.push_back(std::move(*r));
    }
    return set;
}

} // namespace hone

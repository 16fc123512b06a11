#pragma once
// Language-model data on the wizard's data page: the file read by core's instruction-data reader
// (Alpaca, ShareGPT, OpenAI messages; plain text for pre-training), every sample rendered with the
// model's chat template (or the chosen one) and tokenized with the model's tokenizer, the token
// lengths under the template, and the first samples kept for a preview that highlights the tokens
// that carry the loss. loadLmData runs on a worker thread; the rest is cheap.
#include "core/data/instructiondata.h"

#include <QColor>
#include <QString>
#include <QStringList>

#include <climits>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace hone::ui {

struct LmPreviewSample {
    QString title;                            // "3. What is the capital of Peru?"
    std::string text;                         // rendered with the template (or the plain text)
    std::vector<std::pair<int, int>> offsets; // each token's byte range in text
    std::vector<std::uint8_t> trained;        // 1 where the loss applies
};

struct LmDataResult {
    int generation = 0;
    QString path;
    QString readError;          // core's message (file, line or record, field)
    QString tokenizerError;     // the model's tokenizer cannot be loaded
    QString templateError;      // the chat template cannot be used
    bool templateMissing = false; // the model has no template and none was chosen
    QString templateOrigin;     // where the template in use comes from
    std::shared_ptr<const InstructionFiles> files;
    std::vector<int> lengths;       // tokens per measured sample under the template, ascending
    std::vector<int> firstTrained;  // per measured sample, the first position whose token is learned
                                    // (from 1: the first token is never predicted), ascending; INT_MAX: none
    bool sampled = false;           // measured on a sample of the samples
    std::int64_t totalTokens = 0, trainedTokens = 0; // of the measured samples, untruncated
    QStringList problems;           // samples that cannot be rendered (at most 20), with their origin
    std::size_t problemCount = 0;
    std::vector<LmPreviewSample> preview;

    bool usable() const { return files && readError.isEmpty() && tokenizerError.isEmpty() && templateError.isEmpty(); }
};

// conversationsOnly: instruction tuning (plain text is refused with core's message).
// templateChoice: empty for the model's own, a built-in name, or a .jinja file.
LmDataResult loadLmData(int generation, const QString &file, bool conversationsOnly, const QString &modelPath,
                        const QString &templateChoice);

// What a maximum length does to the measured samples.
struct LmTruncation {
    std::size_t cut = 0;            // longer than it
    std::size_t withoutTrained = 0; // keep no learned token within it (left out of training)
};
LmTruncation lmTruncation(const LmDataResult &result, int maxLength);

// The sample as rich text: the rendered conversation as the model reads it (special tokens
// included), the learned tokens on the highlight colour, the tokens past maxLength struck out.
QString conversationHtml(const LmPreviewSample &sample, const QColor &highlight, int maxLength);

} // namespace hone::ui

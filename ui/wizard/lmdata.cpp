#include "ui/wizard/lmdata.h"

#include "core/text/tokenizer.h"

#include <QCoreApplication>

#include <algorithm>

namespace hone::ui {

namespace {

constexpr std::size_t kPreviewSamples = 50;
constexpr std::size_t kMeasuredSamples = 20000; // enough for a share to 1%, and seconds at most
constexpr int kTitleChars = 60;

QString sampleTitle(const InstructionDataset &data, std::size_t i)
{
    QString text;
    if (data.format == InstructionFormat::PlainText) {
        text = QString::fromStdString(data.texts[i]);
    } else {
        for (const ChatMessage &m : data.conversations[i])
            if (m.role == "user") {
                text = QString::fromStdString(m.content);
                break;
            }
    }
    text = text.simplified();
    if (text.size() > kTitleChars)
        text = text.left(kTitleChars) + QChar(0x2026);
    return QStringLiteral("%1. %2").arg(i + 1).arg(text);
}

} // namespace

LmDataResult loadLmData(int generation, const QString &file, bool conversationsOnly, const QString &modelPath,
                        const QString &templateChoice)
{
    LmDataResult out;
    out.generation = generation;
    out.path = file;
    auto read = readInstructionFiles({{"data", file.toStdString()}}, conversationsOnly);
    if (!read) {
        out.readError = QString::fromStdString(read.error().message);
        return out;
    }
    auto files = std::make_shared<InstructionFiles>(std::move(read).value());
    out.files = files;
    const InstructionDataset &data = files->data;
    if (modelPath.isEmpty()) {
        out.tokenizerError = QCoreApplication::translate("hone::ui::DataPage", "no model is chosen");
        return out;
    }
    const std::filesystem::path model = modelPath.toStdString();
    auto tokenizer = loadTokenizer(model);
    if (!tokenizer) {
        out.tokenizerError = QString::fromStdString(tokenizer.error().message);
        return out;
    }
    const bool conversations = data.format != InstructionFormat::PlainText;
    // As the trainer renders samples (core/tasks/causallmtask.cpp).
    auto rendering = sampleRendering(**tokenizer, model, templateChoice.toStdString(), conversations);
    if (!rendering) {
        out.templateMissing = templateChoice.isEmpty() && rendering.error().code == ErrorCode::NotFound;
        out.templateError = QString::fromStdString(rendering.error().message);
        return out;
    }
    out.templateOrigin = QString::fromStdString(rendering->origin);
    SftEncodeOptions options;
    options.maxLength = 0; // whole samples: the report derives any max length's cut from them
    options.lossOn = conversations ? LossOn::Assistant : LossOn::All;
    const std::size_t n = data.size();
    const std::size_t stride = n > kMeasuredSamples ? (n + kMeasuredSamples - 1) / kMeasuredSamples : 1;
    out.sampled = stride > 1;
    for (std::size_t i = 0; i < n; ++i) {
        // Every sample of the preview, and every stride-th for the lengths.
        const bool measured = i % stride == 0;
        if (!measured && i >= kPreviewSamples)
            continue;
        auto encoded = encodeInstructionSample(**tokenizer, *rendering, data, i, options);
        if (!encoded) {
            if (out.problems.size() < 20)
                out.problems << QString::fromStdString(encoded.error().message);
            ++out.problemCount;
            continue;
        }
        SftSample s = std::move(encoded).value();
        if (measured) {
            out.lengths.push_back(static_cast<int>(s.ids.size()));
            int first = INT_MAX;
            for (std::size_t t = 1; t < s.trained.size(); ++t)
                if (s.trained[t]) {
                    first = static_cast<int>(t);
                    break;
                }
            out.firstTrained.push_back(first);
            out.totalTokens += static_cast<std::int64_t>(s.ids.size());
            out.trainedTokens += std::count(s.trained.begin(), s.trained.end(), 1);
        }
        if (out.preview.size() < kPreviewSamples)
            out.preview.push_back({sampleTitle(data, i), std::move(s.text), std::move(s.offsets), std::move(s.trained)});
    }
    std::sort(out.lengths.begin(), out.lengths.end());
    std::sort(out.firstTrained.begin(), out.firstTrained.end());
    return out;
}

LmTruncation lmTruncation(const LmDataResult &result, int maxLength)
{
    LmTruncation t;
    if (maxLength <= 0)
        return t;
    t.cut = static_cast<std::size_t>(result.lengths.end() -
                                     std::upper_bound(result.lengths.begin(), result.lengths.end(), maxLength));
    t.withoutTrained = static_cast<std::size_t>(result.firstTrained.end() -
                                                std::lower_bound(result.firstTrained.begin(), result.firstTrained.end(), maxLength));
    return t;
}

QString conversationHtml(const LmPreviewSample &sample, const QColor &highlight, int maxLength)
{
    // Runs of tokens with the same look, so a character split over two tokens stays whole.
    const std::string &text = sample.text;
    QString html = QStringLiteral("<div style='white-space:pre-wrap'>");
    auto append = [&](std::size_t begin, std::size_t end, bool trained, bool cut) {
        if (end <= begin)
            return;
        QString part = QString::fromUtf8(text.data() + begin, static_cast<int>(end - begin)).toHtmlEscaped();
        if (trained)
            part = QStringLiteral("<span style='background-color:%1'>%2</span>").arg(highlight.name(), part);
        if (cut)
            part = QStringLiteral("<s style='color:#888888'>%1</s>").arg(part);
        html += part;
    };
    const std::size_t tokens = std::min(sample.offsets.size(), sample.trained.size());
    std::size_t runStart = 0;
    bool runTrained = false, runCut = false;
    for (std::size_t t = 0; t < tokens; ++t) {
        const bool trained = sample.trained[t] != 0;
        const bool cut = maxLength > 0 && t >= static_cast<std::size_t>(maxLength);
        const auto begin = static_cast<std::size_t>(std::max(0, sample.offsets[t].first));
        if (t == 0) {
            append(0, begin, false, false);
            runStart = begin;
        } else if (trained != runTrained || cut != runCut) {
            append(runStart, begin, runTrained, runCut);
            runStart = begin;
        }
        runTrained = trained;
        runCut = cut;
    }
    append(runStart, text.size(), runTrained, runCut);
    html += QStringLiteral("</div>");
    return html;
}

} // namespace hone::ui

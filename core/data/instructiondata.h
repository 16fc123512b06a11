#pragma once
// Instruction-tuning data in the formats LLaMA-Factory users have: Alpaca (instruction, input,
// output, optional system and history), ShareGPT (conversations of from/value) and OpenAI
// (messages of role/content), as a JSON array or JSONL; plain text (one sample per line of a
// .txt, or {"text": ...} records) for continued pre-training. Records become conversations;
// with a tokenizer and a chat template, token ids plus a per-token "trained" mask (assistant
// tokens only, or all), truncated to a maximum length. Bad records give an error naming the
// file, the line (JSONL/text) or record (JSON array) and the field.
#include "core/data/textdecoder.h"
#include "core/data/dataset.h"
#include "core/text/chattemplate.h"
#include "core/text/tokenizer.h"
#include "core/util/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hone {

enum class InstructionFormat { Auto, Alpaca, ShareGpt, OpenAi, PlainText };
const char *instructionFormatName(InstructionFormat format); // "alpaca", "sharegpt", "openai", "text"
Result<InstructionFormat> parseInstructionFormat(const std::string &name);

struct InstructionDataset {
    InstructionFormat format = InstructionFormat::Auto;
    std::vector<Conversation> conversations; // Alpaca/ShareGPT/OpenAI
    std::vector<std::string> texts;          // plain text
    std::vector<std::string> origins;        // "file:line 3" / "file: record 3", per sample
    std::size_t size() const { return format == InstructionFormat::PlainText ? texts.size() : conversations.size(); }
};

// Parses bytes already in memory (`name` is used in messages); fuzzable.
Result<InstructionDataset> parseInstructionData(std::string_view bytes, const std::string &name,
                                                InstructionFormat format = InstructionFormat::Auto, bool textFile = false);
// Decodes the file first (textdecoder.h: UTF-8, UTF-16, GBK/GB18030 exports; auto-detected by default).
Result<InstructionDataset> readInstructionData(const std::filesystem::path &file,
                                               InstructionFormat format = InstructionFormat::Auto,
                                               TextEncoding encoding = TextEncoding::Auto);
// True for .json/.jsonl/.txt files whose first record is instruction data or {"text": ...}
// (cheap: reads the start of the file).
bool looksLikeInstructionData(const std::filesystem::path &file);

enum class LossOn { Assistant, All };

struct SftEncodeOptions {
    int maxLength = 2048;           // 0: no truncation
    LossOn lossOn = LossOn::Assistant;
};

struct SftSample {
    std::vector<int> ids;
    std::vector<std::uint8_t> trained; // 1 where the loss applies
    std::string text;                  // the rendered conversation (or the plain text)
    std::vector<std::pair<int, int>> offsets; // each id's byte range in text (none for an appended eos)
    int fullLength = 0;                // ids before truncation
    bool truncated = false;
    int trainedCount() const;
};

// Renders the conversation with the template (as apply_chat_template does, no extra special
// tokens), tokenizes it, and marks the tokens each assistant turn adds (its content and the
// template's end-of-turn text) as trained.
Result<SftSample> encodeConversation(const Tokenizer &tokenizer, const ChatTemplate &chatTemplate,
                                     const ChatRenderOptions &render, const Conversation &conversation,
                                     const SftEncodeOptions &options);
// Continued pre-training: the text's tokens and eos (when the tokenizer has one), all trained.
SftSample encodePlainText(const Tokenizer &tokenizer, const std::string &text, const SftEncodeOptions &options);

// Tokens the causal-LM loss counts in a sample: trained ones after the first position (the first
// token is never predicted).
std::size_t countedTokens(const std::vector<std::uint8_t> &trained);

// How a run renders its samples for a model, chosen as training chooses it: conversations use the
// chosen template (a built-in name or a .jinja file) or else the model's own, with the bos/eos
// strings its source names (else the tokenizer's); plain text needs no template.
struct SampleRendering {
    std::optional<ChatTemplate> chatTemplate; // conversations only
    ChatRenderOptions render;
    std::string origin;                       // where the template comes from
};
Result<SampleRendering> sampleRendering(const Tokenizer &tokenizer, const std::filesystem::path &model,
                                        const std::string &templateChoice, bool conversations);
// Sample i of data as a run trains it: encodeConversation under the rendering, or encodePlainText.
Result<SftSample> encodeInstructionSample(const Tokenizer &tokenizer, const SampleRendering &rendering,
                                          const InstructionDataset &data, std::size_t i, const SftEncodeOptions &options);

// Packing: consecutive rows, in order, grouped greedily so that each group's lengths add up to at
// most maxLength (a longer row stays alone); the groups as indices into lengths.
std::vector<std::vector<std::size_t>> packRows(const std::vector<std::size_t> &lengths, std::size_t maxLength);

// What a sample is for the split (its manifest hash and leakage checks): roles and texts.
std::string instructionSampleKey(const InstructionDataset &data, std::size_t sample);

// The files of a run (one to split, or one per split) read together: the samples in file order,
// the role of the file each came from, and the samples as unlabelled rows (text: the sample key)
// so that the split, its manifest and the leakage checks are the classifier's. The files must be
// all conversations or all plain text; conversationsOnly refuses plain text (instruction tuning).
struct InstructionFiles {
    InstructionDataset data;
    std::vector<std::string> roles; // per sample: "data", "train", "validation", "test"
    Dataset rows;
};
Result<InstructionFiles> readInstructionFiles(const std::vector<RoleFile> &files, bool conversationsOnly,
                                              TextEncoding encoding = TextEncoding::Auto);

// Token lengths under the chat template, and what truncation would cut.
struct SftDataReport {
    std::size_t samples = 0;
    std::size_t truncated = 0;           // samples longer than maxLength
    std::size_t withoutTrainedTokens = 0; // samples whose trained tokens truncation removed entirely
    int maxLength = 0;
    int minTokens = 0, medianTokens = 0, p95Tokens = 0, maxTokens = 0;
    double meanTokens = 0;
    std::int64_t totalTokens = 0, trainedTokens = 0; // after truncation
    std::vector<std::string> problems;    // per-sample errors (origin: message), at most 20
    double truncatedShare() const { return samples ? static_cast<double>(truncated) / static_cast<double>(samples) : 0; }
};

SftDataReport makeSftDataReport(const InstructionDataset &data, const Tokenizer &tokenizer, const ChatTemplate *chatTemplate,
                                const ChatRenderOptions &render, const SftEncodeOptions &options);
std::string formatSftDataReport(const SftDataReport &report);

} // namespace hone

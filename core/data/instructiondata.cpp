#include "core/data/instructiondata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace hone {

namespace fs = std::filesystem;
using json = nlohmann::json;

const char *instructionFormatName(InstructionFormat format)
{
    switch (format) {
    case InstructionFormat::Auto: return "auto";
    case InstructionFormat::Alpaca: return "alpaca";
    case InstructionFormat::ShareGpt: return "sharegpt";
    case InstructionFormat::OpenAi: return "openai";
    case InstructionFormat::PlainText: return "text";
    }
    return "auto";
}

Result<InstructionFormat> parseInstructionFormat(const std::string &name)
{
    for (InstructionFormat f : {InstructionFormat::Auto, InstructionFormat::Alpaca, InstructionFormat::ShareGpt,
                                InstructionFormat::OpenAi, InstructionFormat::PlainText})
        if (name == instructionFormatName(f))
            return f;
    return makeError(ErrorCode::InvalidArgument, "unknown instruction data format \"" + name + "\" (auto, alpaca, sharegpt, openai, text)");
}

namespace {

struct Record {
    json value;
    std::string where; // "line 3" or "record 3"
};

InstructionFormat detect(const json &r)
{
    if (!r.is_object())
        return InstructionFormat::Auto;
    if (r.contains("conversations"))
        return InstructionFormat::ShareGpt;
    if (r.contains("messages"))
        return InstructionFormat::OpenAi;
    if (r.contains("instruction"))
        return InstructionFormat::Alpaca;
    if (r.contains("text") && r.size() <= 2)
        return InstructionFormat::PlainText;
    return InstructionFormat::Auto;
}

std::string fieldList(const json &r)
{
    std::string out;
    if (r.is_object())
        for (auto it = r.begin(); it != r.end(); ++it)
            out += (out.empty() ? "" : ", ") + it.key();
    return out.empty() ? "none" : out;
}

// A string field; "" with ok=true when absent and optional.
Result<std::string> stringField(const json &r, const char *key, bool required, const std::string &where)
{
    const auto it = r.find(key);
    if (it == r.end() || it->is_null()) {
        if (required)
            return makeError(ErrorCode::Format, where + ": no \"" + key + "\" field (fields present: " + fieldList(r) + ")");
        return std::string();
    }
    if (!it->is_string())
        return makeError(ErrorCode::Format, where + ": field \"" + key + "\" must be a string");
    return it->get<std::string>();
}

Result<void> checkConversation(const Conversation &c, const std::string &where)
{
    bool assistant = false;
    for (std::size_t k = 0; k < c.size(); ++k) {
        if (c[k].role == "assistant") {
            assistant = true;
            if (c[k].content.empty())
                return makeError(ErrorCode::Format, where + ": assistant turn " + std::to_string(k + 1) + " is empty (nothing to learn)");
        }
    }
    if (!assistant)
        return makeError(ErrorCode::Format, where + ": the conversation has no assistant turn (nothing to learn)");
    return {};
}

Result<Conversation> fromAlpaca(const json &r, const std::string &where)
{
    auto instruction = stringField(r, "instruction", true, where);
    if (!instruction)
        return instruction.error();
    auto input = stringField(r, "input", false, where);
    if (!input)
        return input.error();
    auto output = stringField(r, "output", true, where);
    if (!output)
        return output.error();
    auto system = stringField(r, "system", false, where);
    if (!system)
        return system.error();
    if (output->empty())
        return makeError(ErrorCode::Format, where + ": field \"output\" is empty (nothing to learn)");
    if (instruction->empty() && input->empty())
        return makeError(ErrorCode::Format, where + ": fields \"instruction\" and \"input\" are both empty");
    Conversation c;
    if (!system->empty())
        c.push_back({"system", *system});
    if (const auto h = r.find("history"); h != r.end() && !h->is_null()) {
        if (!h->is_array())
            return makeError(ErrorCode::Format, where + ": field \"history\" must be a list of [instruction, answer] pairs");
        for (std::size_t k = 0; k < h->size(); ++k) {
            const json &pair = (*h)[k];
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
                return makeError(ErrorCode::Format, where + ": history[" + std::to_string(k) + "] is not a pair of strings");
            c.push_back({"user", pair[0].get<std::string>()});
            c.push_back({"assistant", pair[1].get<std::string>()});
        }
    }
    // LLaMA-Factory's Alpaca convention: the prompt is the instruction, a newline, the input.
    c.push_back({"user", input->empty() ? *instruction : instruction->empty() ? *input : *instruction + "\n" + *input});
    c.push_back({"assistant", *output});
    return c;
}

Result<Conversation> fromMessages(const json &r, InstructionFormat format, const std::string &where)
{
    const bool sharegpt = format == InstructionFormat::ShareGpt;
    const char *listKey = sharegpt ? "conversations" : "messages";
    const char *roleKey = sharegpt ? "from" : "role";
    const char *textKey = sharegpt ? "value" : "content";
    const auto list = r.find(listKey);
    if (list == r.end())
        return makeError(ErrorCode::Format, where + ": no \"" + listKey + "\" field (fields present: " + fieldList(r) + ")");
    if (!list->is_array())
        return makeError(ErrorCode::Format, where + ": field \"" + listKey + "\" must be a list of turns");
    Conversation c;
    if (sharegpt) {
        auto system = stringField(r, "system", false, where);
        if (!system)
            return system.error();
        if (!system->empty())
            c.push_back({"system", *system});
    }
    for (std::size_t k = 0; k < list->size(); ++k) {
        const json &turn = (*list)[k];
        const std::string at = where + ": " + listKey + "[" + std::to_string(k) + "]";
        if (!turn.is_object())
            return makeError(ErrorCode::Format, at + " is not an object");
        auto role = stringField(turn, roleKey, true, at);
        if (!role)
            return role.error();
        auto text = stringField(turn, textKey, true, at);
        if (!text)
            return text.error();
        std::string mapped = *role;
        if (mapped == "human" || mapped == "user")
            mapped = "user";
        else if (mapped == "gpt" || mapped == "assistant" || mapped == "model")
            mapped = "assistant";
        else if (mapped == "observation" || mapped == "tool" || mapped == "function")
            mapped = "tool";
        else if (mapped != "system")
            return makeError(ErrorCode::Format, at + ": unknown " + roleKey + " \"" + *role + "\" (" +
                                                    (sharegpt ? "human, gpt, system, observation" : "user, assistant, system, tool") + ")");
        c.push_back({mapped, *text});
    }
    return c;
}

} // namespace

Result<InstructionDataset> parseInstructionData(std::string_view bytes, const std::string &name, InstructionFormat format,
                                                bool textFile)
{
    InstructionDataset out;
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF && static_cast<unsigned char>(bytes[1]) == 0xBB
        && static_cast<unsigned char>(bytes[2]) == 0xBF)
        bytes.remove_prefix(3);
    if (textFile || format == InstructionFormat::PlainText) {
        const bool jsonLike = !textFile;
        if (!jsonLike) {
            out.format = InstructionFormat::PlainText;
            std::size_t pos = 0, line = 0;
            while (pos <= bytes.size()) {
                std::size_t nl = bytes.find('\n', pos);
                if (nl == std::string_view::npos)
                    nl = bytes.size();
                ++line;
                std::string text(bytes.substr(pos, nl - pos));
                if (!text.empty() && text.back() == '\r')
                    text.pop_back();
                if (text.find_first_not_of(" \t") != std::string::npos) {
                    out.texts.push_back(std::move(text));
                    out.origins.push_back(name + ":" + std::to_string(line));
                }
                pos = nl + 1;
            }
            if (out.texts.empty())
                return makeError(ErrorCode::Format, name + ": no text (every line is empty)");
            return out;
        }
    }
    // JSON array, or JSON Lines.
    std::vector<Record> records;
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return makeError(ErrorCode::Format, name + ": the file is empty");
    if (bytes[first] == '[') {
        json all = json::parse(bytes.begin(), bytes.end(), nullptr, false);
        if (all.is_discarded())
            return makeError(ErrorCode::Format, name + ": not valid JSON (a JSON array of records, or one JSON object per line)");
        for (std::size_t k = 0; k < all.size(); ++k)
            records.push_back({std::move(all[k]), "record " + std::to_string(k + 1)});
    } else {
        std::size_t pos = 0, line = 0;
        while (pos < bytes.size()) {
            std::size_t nl = bytes.find('\n', pos);
            if (nl == std::string_view::npos)
                nl = bytes.size();
            ++line;
            const std::string_view text = bytes.substr(pos, nl - pos);
            pos = nl + 1;
            if (text.find_first_not_of(" \t\r") == std::string_view::npos)
                continue;
            json r = json::parse(text.begin(), text.end(), nullptr, false);
            if (r.is_discarded())
                return makeError(ErrorCode::Format, name + ":" + std::to_string(line) + ": not valid JSON (JSON Lines: one object per line)");
            records.push_back({std::move(r), "line " + std::to_string(line)});
        }
    }
    if (records.empty())
        return makeError(ErrorCode::Format, name + ": no records");
    InstructionFormat fmt = format;
    if (fmt == InstructionFormat::Auto) {
        fmt = detect(records.front().value);
        if (fmt == InstructionFormat::Auto)
            return makeError(ErrorCode::Format, name + ": " + records.front().where + ": not instruction data: expected Alpaca (instruction, input, output), "
                                                    "ShareGPT (conversations), OpenAI (messages) or {\"text\"} fields, found: "
                                                    + fieldList(records.front().value));
    }
    out.format = fmt;
    for (const Record &r : records) {
        const std::string where = name + ": " + r.where;
        if (!r.value.is_object())
            return makeError(ErrorCode::Format, where + ": not a JSON object");
        if (fmt == InstructionFormat::PlainText) {
            auto text = stringField(r.value, "text", true, where);
            if (!text)
                return text.error();
            out.texts.push_back(std::move(*text));
            out.origins.push_back(where);
            continue;
        }
        auto conversation = fmt == InstructionFormat::Alpaca ? fromAlpaca(r.value, where) : fromMessages(r.value, fmt, where);
        if (!conversation)
            return conversation.error();
        if (auto ok = checkConversation(*conversation, where); !ok)
            return ok.error();
        out.conversations.push_back(std::move(*conversation));
        out.origins.push_back(where);
    }
    return out;
}

Result<InstructionDataset> readInstructionData(const fs::path &file, InstructionFormat format, TextEncoding encoding)
{
    auto text = readTextFile(file, encoding);
    if (!text)
        return text.error();
    return parseInstructionData(text->text, file.string(), format, file.extension() == ".txt");
}

bool looksLikeInstructionData(const fs::path &file)
{
    const std::string ext = file.extension().string();
    if (ext == ".txt")
        return true;
    if (ext != ".json" && ext != ".jsonl")
        return false;
    std::ifstream in(file, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    for (const char *key : {"\"instruction\"", "\"conversations\"", "\"messages\"", "\"text\""})
        if (head.find(key) != std::string::npos)
            return true;
    return false;
}

namespace {

// Keeps the beginning: the prompt, and as much of the answers as fits.
void truncate(SftSample &s, int maxLength)
{
    s.fullLength = static_cast<int>(s.ids.size());
    if (maxLength > 0 && s.ids.size() > static_cast<std::size_t>(maxLength)) {
        s.ids.resize(static_cast<std::size_t>(maxLength));
        s.trained.resize(static_cast<std::size_t>(maxLength));
        if (s.offsets.size() > s.ids.size())
            s.offsets.resize(s.ids.size());
        s.truncated = true;
    }
}

} // namespace

int SftSample::trainedCount() const
{
    return static_cast<int>(std::count(trained.begin(), trained.end(), 1));
}

Result<SftSample> encodeConversation(const Tokenizer &tokenizer, const ChatTemplate &chatTemplate, const ChatRenderOptions &render,
                                     const Conversation &conversation, const SftEncodeOptions &options)
{
    ChatRenderOptions plain = render;
    plain.addGenerationPrompt = false;
    auto full = chatTemplate.render(conversation, plain);
    if (!full)
        return full.error();
    // Each assistant turn's span: what rendering up to it adds to rendering the prompt before it
    // (with the generation prompt): its content and the template's end-of-turn text.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (options.lossOn == LossOn::Assistant) {
        std::size_t searchFrom = 0;
        for (std::size_t k = 0; k < conversation.size(); ++k) {
            if (conversation[k].role != "assistant")
                continue;
            const Conversation before(conversation.begin(), conversation.begin() + static_cast<std::ptrdiff_t>(k));
            const Conversation upto(conversation.begin(), conversation.begin() + static_cast<std::ptrdiff_t>(k + 1));
            ChatRenderOptions prompt = render;
            prompt.addGenerationPrompt = true;
            auto a = before.empty() ? Result<std::string>(std::string()) : chatTemplate.render(before, prompt);
            auto b = chatTemplate.render(upto, plain);
            if (a && b && b->size() >= a->size() && b->compare(0, a->size(), *a) == 0 && full->compare(0, b->size(), *b) == 0) {
                spans.emplace_back(a->size(), b->size());
                searchFrom = b->size();
                continue;
            }
            // A template whose prefixes are not stable: mark the content where it appears.
            const std::size_t at = full->find(conversation[k].content, searchFrom);
            if (at == std::string::npos)
                return makeError(ErrorCode::Format, chatTemplate.name() + ": the rendered text does not contain assistant turn "
                                                        + std::to_string(k + 1) + " (the template changes the answers)");
            spans.emplace_back(at, at + conversation[k].content.size());
            searchFrom = at + conversation[k].content.size();
        }
    }
    SftSample s;
    tokenizer.tokenize(*full, s.ids, s.offsets);
    s.trained.assign(s.ids.size(), options.lossOn == LossOn::All ? 1 : 0);
    if (options.lossOn == LossOn::Assistant) {
        std::size_t span = 0;
        for (std::size_t t = 0; t < s.ids.size(); ++t) {
            const auto begin = static_cast<std::size_t>(s.offsets[t].first);
            while (span < spans.size() && begin >= spans[span].second)
                ++span;
            if (span < spans.size() && begin >= spans[span].first)
                s.trained[t] = 1;
        }
    }
    s.text = std::move(full).value();
    truncate(s, options.maxLength);
    return s;
}

SftSample encodePlainText(const Tokenizer &tokenizer, const std::string &text, const SftEncodeOptions &options)
{
    SftSample s;
    tokenizer.tokenize(text, s.ids, s.offsets);
    s.text = text;
    if (tokenizer.specialTokens().eos >= 0)
        s.ids.push_back(tokenizer.specialTokens().eos);
    s.trained.assign(s.ids.size(), 1);
    truncate(s, options.maxLength);
    return s;
}

std::size_t countedTokens(const std::vector<std::uint8_t> &trained)
{
    std::size_t n = 0;
    for (std::size_t t = 1; t < trained.size(); ++t)
        n += trained[t];
    return n;
}

Result<SampleRendering> sampleRendering(const Tokenizer &tokenizer, const std::filesystem::path &model,
                                        const std::string &templateChoice, bool conversations)
{
    SampleRendering out;
    out.render.bosToken = tokenizer.bosToken();
    out.render.eosToken = tokenizer.eosToken();
    if (!conversations)
        return out;
    auto source = chooseChatTemplate(model, templateChoice);
    if (!source)
        return makeError(source.error().code,
                         source.error().message + (templateChoice.empty() ? " (option chat_template, --chat-template NAME|FILE)" : ""));
    auto parsed = ChatTemplate::parse(source->text, source->origin);
    if (!parsed)
        return parsed.error();
    out.chatTemplate = std::move(parsed).value();
    out.origin = source->origin;
    if (!source->bosToken.empty())
        out.render.bosToken = source->bosToken;
    if (!source->eosToken.empty())
        out.render.eosToken = source->eosToken;
    return out;
}

Result<SftSample> encodeInstructionSample(const Tokenizer &tokenizer, const SampleRendering &rendering,
                                          const InstructionDataset &data, std::size_t i, const SftEncodeOptions &options)
{
    if (data.format == InstructionFormat::PlainText)
        return encodePlainText(tokenizer, data.texts[i], options);
    auto encoded = encodeConversation(tokenizer, *rendering.chatTemplate, rendering.render, data.conversations[i], options);
    if (!encoded)
        return makeError(encoded.error().code, data.origins[i] + ": " + encoded.error().message);
    return encoded;
}

std::vector<std::vector<std::size_t>> packRows(const std::vector<std::size_t> &lengths, std::size_t maxLength)
{
    std::vector<std::vector<std::size_t>> groups;
    std::size_t filled = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        if (!groups.empty() && filled + lengths[i] <= maxLength) {
            groups.back().push_back(i);
            filled += lengths[i];
        } else {
            groups.push_back({i});
            filled = lengths[i];
        }
    }
    return groups;
}

std::string instructionSampleKey(const InstructionDataset &data, std::size_t sample)
{
    if (data.format == InstructionFormat::PlainText)
        return data.texts[sample];
    std::string key;
    for (const ChatMessage &m : data.conversations[sample])
        key += m.role + '\x1f' + m.content + '\x1e';
    return key;
}

Result<InstructionFiles> readInstructionFiles(const std::vector<RoleFile> &files, bool conversationsOnly, TextEncoding encoding)
{
    InstructionFiles out;
    InstructionDataset &data = out.data;
    for (const RoleFile &file : files) {
        auto part = readInstructionData(file.path, InstructionFormat::Auto, encoding);
        if (!part)
            return part.error();
        const std::string path = file.path.string();
        if (conversationsOnly && part->format == InstructionFormat::PlainText)
            return makeError(ErrorCode::InvalidArgument, path + ": plain text has no conversations to instruction-tune on; "
                                                                "give Alpaca/ShareGPT/OpenAI data, or train it with task pretrain (--task pretrain)");
        if (data.format == InstructionFormat::Auto)
            data.format = part->format;
        else if ((data.format == InstructionFormat::PlainText) != (part->format == InstructionFormat::PlainText))
            return makeError(ErrorCode::InvalidArgument, path + ": is " + instructionFormatName(part->format) + " data, but " +
                                                             files.front().path.string() + " is " + instructionFormatName(data.format) +
                                                             "; a run's files are all conversations or all plain text");
        DataSource source;
        source.role = file.role;
        source.path = file.path;
        source.format = DataFormat::Jsonl;
        source.rowsRead = part->size();
        const int sourceIndex = static_cast<int>(out.rows.sources.size());
        out.rows.sources.push_back(std::move(source));
        const std::size_t first = data.size();
        data.conversations.insert(data.conversations.end(), part->conversations.begin(), part->conversations.end());
        data.texts.insert(data.texts.end(), part->texts.begin(), part->texts.end());
        data.origins.insert(data.origins.end(), part->origins.begin(), part->origins.end());
        out.roles.resize(data.size(), file.role);
        for (std::size_t i = first; i < data.size(); ++i) {
            DataRow row;
            row.text = instructionSampleKey(data, i);
            row.source = sourceIndex;
            row.line = i + 1; // numbered across the files, as the split manifests of earlier runs have them
            out.rows.rows.push_back(std::move(row));
        }
    }
    return out;
}

SftDataReport makeSftDataReport(const InstructionDataset &data, const Tokenizer &tokenizer, const ChatTemplate *chatTemplate,
                                const ChatRenderOptions &render, const SftEncodeOptions &options)
{
    SftDataReport r;
    r.maxLength = options.maxLength;
    std::vector<int> lengths;
    for (std::size_t k = 0; k < data.size(); ++k) {
        SftSample s;
        if (data.format == InstructionFormat::PlainText) {
            s = encodePlainText(tokenizer, data.texts[k], options);
        } else {
            if (!chatTemplate) {
                if (r.problems.empty())
                    r.problems.push_back("no chat template: conversations cannot be measured");
                continue;
            }
            auto encoded = encodeConversation(tokenizer, *chatTemplate, render, data.conversations[k], options);
            if (!encoded) {
                if (r.problems.size() < 20)
                    r.problems.push_back(data.origins[k] + ": " + encoded.error().message);
                continue;
            }
            s = std::move(*encoded);
        }
        ++r.samples;
        lengths.push_back(s.fullLength);
        r.truncated += s.truncated ? 1 : 0;
        const int trained = s.trainedCount();
        r.withoutTrainedTokens += trained == 0 ? 1 : 0;
        r.totalTokens += static_cast<std::int64_t>(s.ids.size());
        r.trainedTokens += trained;
    }
    if (!lengths.empty()) {
        std::sort(lengths.begin(), lengths.end());
        r.minTokens = lengths.front();
        r.maxTokens = lengths.back();
        r.medianTokens = lengths[lengths.size() / 2];
        r.p95Tokens = lengths[std::min(lengths.size() - 1, lengths.size() * 95 / 100)];
        double sum = 0;
        for (int l : lengths)
            sum += l;
        r.meanTokens = sum / static_cast<double>(lengths.size());
    }
    return r;
}

std::string formatSftDataReport(const SftDataReport &r)
{
    char buf[512];
    std::string out;
    std::snprintf(buf, sizeof buf, "samples: %zu\ntokens per sample (under the chat template): min %d, median %d, mean %.1f, p95 %d, max %d\n",
                  r.samples, r.minTokens, r.medianTokens, r.meanTokens, r.p95Tokens, r.maxTokens);
    out += buf;
    if (r.maxLength > 0) {
        std::snprintf(buf, sizeof buf, "longer than --max-length %d: %zu (%.1f%%, truncated)\n", r.maxLength, r.truncated,
                      100.0 * r.truncatedShare());
        out += buf;
    }
    std::snprintf(buf, sizeof buf, "trained tokens: %lld of %lld (%.1f%%)\n", static_cast<long long>(r.trainedTokens),
                  static_cast<long long>(r.totalTokens),
                  r.totalTokens ? 100.0 * static_cast<double>(r.trainedTokens) / static_cast<double>(r.totalTokens) : 0.0);
    out += buf;
    if (r.withoutTrainedTokens) {
        std::snprintf(buf, sizeof buf, "warning: %zu samples keep no trained token after truncation (raise --max-length)\n",
                      r.withoutTrainedTokens);
        out += buf;
    }
    for (const std::string &p : r.problems)
        out += "problem: " + p + "\n";
    return out;
}

} // namespace hone

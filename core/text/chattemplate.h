#pragma once
// Chat templates: the Jinja subset that real model templates use (SmolLM2, Qwen2.5, Llama 3,
// Gemma, ChatML...), rendered the way transformers' apply_chat_template does (jinja2 with
// trim_blocks, lstrip_blocks and loop controls; tojson as json.dumps(ensure_ascii=False);
// raise_exception; strftime_now). Statements: for (loop.*, else, inline if, tuple unpacking),
// if/elif/else, set (incl. namespace attributes and set blocks), macro, break/continue.
// Expressions: literals, lists, dicts, attribute/subscript/slice, calls, filters, tests,
// arithmetic, ~ and + concatenation, comparisons, in, and/or/not, inline if.
// Errors name the template, line and column.
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hone {

struct ChatMessage {
    std::string role;    // "system", "user", "assistant" (or "tool")
    std::string content;
};
using Conversation = std::vector<ChatMessage>;

struct ChatRenderOptions {
    bool addGenerationPrompt = false;
    std::string bosToken;
    std::string eosToken;
    nlohmann::ordered_json extra = nlohmann::ordered_json::object(); // more variables (tools, date_string, ...)
};

class ChatTemplate {
public:
    // Parses once; `name` appears in error messages ("tokenizer_config.json chat_template").
    static Result<ChatTemplate> parse(const std::string &source, const std::string &name);

    // Renders with an arbitrary context (a JSON object of variables; key order is kept, as tojson shows it).
    Result<std::string> render(const nlohmann::ordered_json &context) const;
    Result<std::string> render(const Conversation &messages, const ChatRenderOptions &options) const;

    const std::string &source() const { return m_source; }
    const std::string &name() const { return m_name; }

    struct Node;

private:
    std::string m_source;
    std::string m_name;
    std::shared_ptr<const Node> m_root;
};

// Where a model keeps its template, with the bos/eos strings the template refers to.
struct ChatTemplateSource {
    std::string text;
    std::string origin;   // "…/tokenizer_config.json chat_template", "…/x.gguf tokenizer.chat_template", ...
    std::string bosToken;
    std::string eosToken;
};

// From a model folder (chat_template.jinja, chat_template.json, tokenizer_config.json's chat_template
// - a string, or a list of {name, template} where "default" wins) or a .gguf file's metadata.
// NotFound (with a message that says a template can be chosen) when the model has none.
Result<ChatTemplateSource> findChatTemplate(const std::filesystem::path &model);

// Templates of well-known formats, for models that ship none ("chatml", "llama3", "gemma", ...).
std::vector<std::string> builtinChatTemplateNames();
Result<std::string> builtinChatTemplate(const std::string &name);

// The template a user chose - a built-in name or a .jinja file - or, when choice is empty, the
// model's own (findChatTemplate). bos/eos strings are the model's when its metadata names them.
Result<ChatTemplateSource> chooseChatTemplate(const std::filesystem::path &model, const std::string &choice);

} // namespace hone

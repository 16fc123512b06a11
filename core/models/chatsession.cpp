#include "core/models/chatsession.h"

#include "core/models/modeldiscovery.h"
#include "core/models/textgenerator.h"
#include "core/runs/rundirectory.h"

#include <optional>

namespace hone {
namespace fs = std::filesystem;

struct ChatSession::Impl {
    std::optional<TextGenerator> generator;
    std::optional<ChatTemplate> chatTemplate;
    Error templateError;              // why there is no template
    ChatRenderOptions render;
    std::string system;
    Conversation history;             // system (when set) + turns
};

ChatSession::ChatSession() : m_impl(std::make_unique<Impl>()) {}
ChatSession::ChatSession(ChatSession &&) noexcept = default;
ChatSession &ChatSession::operator=(ChatSession &&) noexcept = default;
ChatSession::~ChatSession() = default;

Result<ChatSession> ChatSession::open(const std::string &model, const std::string &chatTemplate)
{
    auto path = runModelOrPath(model);
    if (!path)
        return path.error();
    if (*path == fs::path(model)) { // not a run: a name, a folder or a .gguf file
        auto found = findModel(model);
        if (!found)
            return found.error();
        *path = found->path;
    }
    auto generator = TextGenerator::open(*path);
    if (!generator)
        return generator.error();
    ChatSession session;
    Impl &d = *session.m_impl;
    d.render.addGenerationPrompt = true;
    d.render.bosToken = generator->tokenizer().bosToken();
    d.render.eosToken = generator->tokenizer().eosToken();
    auto source = chooseChatTemplate(generator->loaded().path, chatTemplate);
    if (source) {
        auto parsed = ChatTemplate::parse(source->text, source->origin);
        if (!parsed)
            return parsed.error();
        d.chatTemplate = std::move(parsed).value();
        if (!source->bosToken.empty())
            d.render.bosToken = source->bosToken;
        if (!source->eosToken.empty())
            d.render.eosToken = source->eosToken;
    } else if (!chatTemplate.empty() || source.error().code != ErrorCode::NotFound) {
        return source.error(); // a template the user chose must load; so must a broken one the model ships
    } else {
        d.templateError = source.error();
    }
    d.generator = std::move(generator).value();
    return session;
}

const fs::path &ChatSession::modelPath() const { return m_impl->generator->loaded().path; }
std::string ChatSession::architecture() const { return m_impl->generator->loaded().config.modelType; }
int ChatSession::contextLength() const { return static_cast<int>(m_impl->generator->model().maxPositions()); }
double ChatSession::loadSeconds() const { return m_impl->generator->loaded().report.seconds; }
bool ChatSession::hasChatTemplate() const { return m_impl->chatTemplate.has_value(); }
std::string ChatSession::chatTemplateOrigin() const { return hasChatTemplate() ? m_impl->chatTemplate->name() : std::string(); }

Result<GenerationResult> ChatSession::complete(const std::string &text, const GenerationOptions &options,
                                               const TextCallback &onText) const
{
    return m_impl->generator->generate(text, options, onText);
}

void ChatSession::setSystemPrompt(const std::string &system)
{
    m_impl->system = system;
    reset();
}

void ChatSession::reset()
{
    m_impl->history.clear();
    if (!m_impl->system.empty())
        m_impl->history.push_back({"system", m_impl->system});
}

const Conversation &ChatSession::history() const { return m_impl->history; }

Result<std::string> ChatSession::renderPrompt(const std::string &userMessage) const
{
    if (!m_impl->chatTemplate)
        return m_impl->templateError;
    Conversation messages = m_impl->history;
    messages.push_back({"user", userMessage});
    return m_impl->chatTemplate->render(messages, m_impl->render);
}

Result<GenerationResult> ChatSession::send(const std::string &userMessage, const GenerationOptions &options,
                                           const TextCallback &onText)
{
    auto prompt = renderPrompt(userMessage);
    if (!prompt)
        return prompt.error();
    auto result = complete(*prompt, options, onText);
    if (!result)
        return result.error();
    m_impl->history.push_back({"user", userMessage});
    m_impl->history.push_back({"assistant", result->text});
    return result;
}

} // namespace hone

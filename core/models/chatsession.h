#pragma once
// ChatSession: a generative model behind an interface free of LibTorch types (pimpl), so hone-cli
// and the GUI drive generation without torch headers. It continues raw text, or keeps a
// conversation rendered with the model's chat template (or one the user chose) and answers it,
// streaming the answer piece by piece.
#include "core/models/generationoptions.h"
#include "core/text/chattemplate.h"

#include <filesystem>
#include <memory>
#include <string>

namespace hone {

class ChatSession {
public:
    // model: a discovered model's name, a Hugging Face folder, a .gguf file, or a run folder with
    // a trained model (model/). chatTemplate: "" for the model's own, or a built-in name / .jinja file.
    static Result<ChatSession> open(const std::string &model, const std::string &chatTemplate = {});

    ChatSession(ChatSession &&) noexcept;
    ChatSession &operator=(ChatSession &&) noexcept;
    ~ChatSession();

    const std::filesystem::path &modelPath() const;   // the folder with config.json, or the .gguf file
    std::string architecture() const;                 // "llama", "qwen2", "gpt2"
    int contextLength() const;                        // positions the model can attend to
    double loadSeconds() const;

    // Whether a chat template is in use; where it came from ("… tokenizer.chat_template", "built-in chatml").
    bool hasChatTemplate() const;
    std::string chatTemplateOrigin() const;

    // Continues text as it is (no template; special tokens written in it are recognised).
    Result<GenerationResult> complete(const std::string &text, const GenerationOptions &options,
                                      const TextCallback &onText = {}) const;

    // The conversation: an optional system prompt, then user/assistant turns.
    void setSystemPrompt(const std::string &system); // "" = none (the template's default, if any, applies)
    void reset();                                    // forgets the turns; the system prompt stays
    const Conversation &history() const;
    // The text the template renders for the history plus userMessage, with the generation prompt.
    // Without a template: the error names the model and how to choose one.
    Result<std::string> renderPrompt(const std::string &userMessage) const;
    // Adds userMessage, answers it and adds the answer; a failed turn leaves the history unchanged.
    Result<GenerationResult> send(const std::string &userMessage, const GenerationOptions &options,
                                  const TextCallback &onText = {});

private:
    ChatSession();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hone

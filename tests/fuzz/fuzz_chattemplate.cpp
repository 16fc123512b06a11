// Chat templates (the Jinja subset): the input is the template source; it is parsed, then
// rendered for a fixed multi-turn conversation with and without the generation prompt.
#include "core/text/chattemplate.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto chat = hone::ChatTemplate::parse(std::string(reinterpret_cast<const char *>(data), size), "fuzz.jinja");
    if (!chat)
        return 0;
    hone::ChatRenderOptions options;
    options.bosToken = "<s>";
    options.eosToken = "</s>";
    (void)chat->render(hone::fuzz::fixedConversation(), options);
    options.addGenerationPrompt = true;
    options.extra["tools"] = nlohmann::ordered_json::array({{{"name", "get_time"}, {"parameters", nlohmann::ordered_json::object()}}});
    (void)chat->render(hone::fuzz::fixedConversation(), options);
    return 0;
}

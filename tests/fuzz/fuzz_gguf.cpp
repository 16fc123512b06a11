// GGUF files: the header (metadata of every type, tensor infos, alignment), then every tensor
// dequantized to fp32 (by GGUF and by Hugging Face name), the config, tokenizer and chat
// template read from the metadata.
#include "core/io/gguf.h"
#include "core/text/chattemplate.h"
#include "core/text/tokenizerloader.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto file = hone::GgufFile::fromBytes(reinterpret_cast<const std::byte *>(data), size, "fuzz.gguf");
    if (!file)
        return 0;
    for (const auto &info : file->tensorInfos())
        (void)file->dequantize(info.name);
    for (const auto &name : file->hfTensorNames())
        (void)file->loadHf(name);
    (void)file->hfConfigJson();
    (void)file->header().parameterCount();
    if (auto tokenizer = hone::loadGgufTokenizer(file->header(), "fuzz.gguf"))
        hone::fuzz::exercise(**tokenizer);
    const std::string source = file->header().getString("tokenizer.chat_template");
    if (auto chat = hone::ChatTemplate::parse(source, "fuzz.gguf tokenizer.chat_template"))
        (void)chat->render(hone::fuzz::fixedConversation(), hone::ChatRenderOptions{});
    return 0;
}

// Instruction data: the first byte picks the format (auto, Alpaca, ShareGPT, OpenAI, plain
// text) and JSON/JSONL vs .txt; the rest is the file. Parsed conversations are rendered with
// the ChatML template.
#include "core/data/instructiondata.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    static const hone::InstructionFormat formats[] = {hone::InstructionFormat::Auto, hone::InstructionFormat::Alpaca,
                                                      hone::InstructionFormat::ShareGpt, hone::InstructionFormat::OpenAi,
                                                      hone::InstructionFormat::PlainText};
    const std::uint8_t mode = data[0];
    const std::string_view body(reinterpret_cast<const char *>(data + 1), size - 1);
    auto dataset = hone::parseInstructionData(body, "fuzz.jsonl", formats[mode % 5], (mode & 8) != 0);
    if (!dataset)
        return 0;
    static const auto chatml = hone::ChatTemplate::parse(*hone::builtinChatTemplate("chatml"), "chatml");
    for (const auto &conversation : dataset->conversations)
        (void)chatml->render(conversation, hone::ChatRenderOptions{});
    return 0;
}

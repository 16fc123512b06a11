#pragma once
// Shared by the libFuzzer targets: a scratch folder per process for the parsers that read files,
// splitting one input into several files, a tokenizer workout on fixed texts and a fixed
// conversation for chat templates.
#include "core/text/chattemplate.h"
#include "core/text/tokenizer.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace hone::fuzz {

inline const std::filesystem::path &scratchDir()
{
    // Never destroyed: a static path would be destroyed before the exit handler that removes the
    // folder runs (handlers run in reverse order of registration), and the folder was left behind.
    static const auto *dir = [] {
        auto *d = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                            ("hone-fuzz-" + std::to_string(::getpid())));
        std::filesystem::create_directories(*d);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratchDir(), ec);
        });
        return d;
    }();
    return *dir;
}

inline std::filesystem::path writeScratch(const std::filesystem::path &relative, std::string_view bytes)
{
    const auto path = scratchDir() / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

// The parts of an input separated by lines "=====" (seed files are written that way); at most n.
inline std::vector<std::string_view> sections(std::string_view input, std::size_t n)
{
    static constexpr std::string_view separator = "\n=====\n";
    std::vector<std::string_view> out;
    while (out.size() + 1 < n) {
        const auto at = input.find(separator);
        if (at == std::string_view::npos)
            break;
        out.push_back(input.substr(0, at));
        input.remove_prefix(at + separator.size());
    }
    out.push_back(input);
    out.resize(n);
    return out;
}

// A system prompt and two user/assistant turns with CJK, emoji and template-like text.
inline const hone::Conversation &fixedConversation()
{
    static const hone::Conversation messages = {
        {"system", "You are terse."},
        {"user", "Hello {{ world }} {% x %}"},
        {"assistant", "\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80"},
        {"user", "And \"quotes\",\nnewlines\ttabs?"},
        {"assistant", ""}};
    return messages;
}

// Encodes, pairs, truncates, pads and decodes a few texts (ASCII, CJK, accents, emoji, controls).
inline void exercise(const Tokenizer &tokenizer)
{
    static const std::vector<std::string> texts = {"Hello, world! It's 2024.", "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c",
                                                   "Caf\xc3\xa9 na\xc3\xafve \xf0\x9f\x98\x80  \t\r\n x", std::string("a\0b", 3), ""};
    EncodeOptions truncate;
    truncate.maxLength = 8;
    truncate.padToMaxLength = true;
    for (const auto &text : texts) {
        const Encoding e = tokenizer.encode(text);
        (void)tokenizer.decode(e.ids, true);
        (void)tokenizer.decode(e.ids, false);
        (void)tokenizer.encode(text, truncate);
        (void)tokenizer.encodePair(text, texts[0], truncate);
    }
    for (int id : {-1, 0, 1, tokenizer.vocabSize() - 1, tokenizer.vocabSize()})
        (void)tokenizer.idToToken(id);
}

} // namespace hone::fuzz

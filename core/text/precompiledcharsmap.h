#pragma once
// SentencePiece's precompiled normaliser (`precompiled_charsmap`): a Darts double-array trie over
// UTF-8 byte strings whose values point into a table of NUL-terminated replacements. Applied the
// way `tokenizers`' Precompiled normalizer does: per grapheme cluster when it is short, else per char.
#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

class PrecompiledCharsmap {
public:
    static Result<PrecompiledCharsmap> parse(std::string_view blob, const std::string &source);

    bool empty() const { return m_units.empty(); }
    // The replacement for the shortest prefix of chunk the trie knows, if any.
    bool transform(std::string_view chunk, std::string_view &replacement) const;

private:
    std::vector<std::uint32_t> m_units;
    std::string m_normalized;
};

} // namespace hone

// tokenizer.json (WordPiece, BPE, Unigram models with their normalizers and pre-tokenizers),
// then the loaded tokenizer encodes and decodes a few texts.
#include "core/text/tokenizerloader.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto file = hone::fuzz::writeScratch("tokenizer.json", {reinterpret_cast<const char *>(data), size});
    if (auto tokenizer = hone::loadTokenizerJson(file, hone::TokenizerConfig{}))
        hone::fuzz::exercise(**tokenizer);
    return 0;
}

// vocab.txt (one WordPiece token per line), then a BERT tokenizer over it.
#include "core/text/wordpiecetokenizer.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto file = hone::fuzz::writeScratch("vocab.txt", {reinterpret_cast<const char *>(data), size});
    if (auto vocab = hone::WordPieceTokenizer::readVocabFile(file)) {
        hone::WordPieceOptions options;
        options.lowercase = size % 2 == 0;
        hone::WordPieceTokenizer tokenizer(std::move(*vocab), options);
        hone::fuzz::exercise(tokenizer);
    }
    return 0;
}

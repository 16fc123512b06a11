// SentencePiece ModelProto (protobuf wire format), its precompiled normalisation map, and a
// SentencePiece tokenizer built from the pieces as the loader builds it.
#include "core/text/sentencepiecemodelproto.h"
#include "core/text/sentencepiecetokenizer.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto proto = hone::parseSentencePieceModelProto({reinterpret_cast<const char *>(data), size}, "fuzz.model");
    if (!proto)
        return 0;
    hone::SentencePieceOptions options;
    options.precompiledCharsmap = proto->precompiledCharsmap;
    options.unkId = proto->unkId;
    std::vector<std::pair<std::string, double>> pieces;
    for (const auto &p : proto->pieces)
        pieces.emplace_back(p.piece, static_cast<double>(p.score));
    if (auto tokenizer = hone::SentencePieceTokenizer::create(pieces, options, "fuzz.model"))
        hone::fuzz::exercise(**tokenizer);
    return 0;
}

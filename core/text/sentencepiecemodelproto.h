#pragma once
// The few fields of SentencePiece's ModelProto the tokenizers need, read from its protobuf
// wire format (the bytes come from libhone_spm, so SentencePiece itself accepted the model).
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace hone {

struct SentencePieceModelProto {
    enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };
    enum ModelType { Unigram = 1, Bpe = 2, Word = 3, Char = 4 };
    struct Piece {
        std::string piece;
        float score = 0.0f;
        int type = Normal;
    };
    std::vector<Piece> pieces;
    int modelType = Unigram;
    int unkId = 0;
    int bosId = 1;
    int eosId = 2;
    int padId = -1;
    bool byteFallback = false;
    std::string normalizerName;
    std::string precompiledCharsmap;
};

// source names the file in error messages.
Result<SentencePieceModelProto> parseSentencePieceModelProto(std::string_view bytes, const std::string &source);

} // namespace hone

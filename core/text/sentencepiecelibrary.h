#pragma once
// Loads libhone_spm (the SentencePiece wrapper) with dlopen, isolated from LibTorch's protobuf.
// Torch-free on purpose: sanitizer builds test SentencePiece in a binary without LibTorch.
#include "core/text/spm/hone_spm.h"
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hone {

class SentencePieceLibrary {
public:
    // The process-wide instance, loaded on first use; an error says where it looked.
    static Result<const SentencePieceLibrary *> instance();

    std::string version() const { return m_version(); }
    std::filesystem::path path() const { return m_path; }

    decltype(&hone_spm_load) load = nullptr;
    decltype(&hone_spm_free) free = nullptr;
    decltype(&hone_spm_vocab_size) vocabSize = nullptr;
    decltype(&hone_spm_piece_to_id) pieceToId = nullptr;
    decltype(&hone_spm_id_to_piece) idToPiece = nullptr;
    decltype(&hone_spm_score) score = nullptr;
    decltype(&hone_spm_piece_kind) pieceKind = nullptr;
    decltype(&hone_spm_encode) encode = nullptr;
    decltype(&hone_spm_decode) decode = nullptr;
    decltype(&hone_spm_train) train = nullptr;
    decltype(&hone_spm_serialized_model) serializedModel = nullptr;

private:
    static Result<SentencePieceLibrary> fromHandle(SentencePieceLibrary lib, void *handle,
                                                   const std::filesystem::path &path);
    friend Result<SentencePieceLibrary> loadSentencePieceLibrary();

    decltype(&hone_spm_version) m_version = nullptr;
    std::filesystem::path m_path;
};

// A loaded SentencePiece model; the handle is freed through the wrapper.
class SentencePieceModel {
public:
    static Result<SentencePieceModel> open(const std::filesystem::path &modelFile);

    int vocabSize() const;
    int pieceToId(const std::string &piece) const;
    std::string idToPiece(int id) const;
    float score(int id) const;
    int pieceKind(int id) const;
    std::vector<hone_spm_piece> encode(const std::string &text) const;
    std::string decode(const std::vector<int> &ids) const;
    // The serialized ModelProto (pieces, scores, types, trainer and normalizer specs).
    std::string serializedModel() const;

private:
    const SentencePieceLibrary *m_lib = nullptr;
    std::shared_ptr<hone_spm> m_model;
};

// Trains a small model (used by tests and fixtures); flags as for spm_train.
Result<void> trainSentencePiece(const std::string &flags);

} // namespace hone

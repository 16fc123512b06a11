#include "core/text/spm/hone_spm.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <string>
#include <vector>

struct hone_spm {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

void copyOut(const std::string &text, char *out, size_t capacity)
{
    if (!out || capacity == 0)
        return;
    const size_t n = text.size() < capacity - 1 ? text.size() : capacity - 1;
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
}

} // namespace

extern "C" {

const char *hone_spm_version(void) { return HONE_SPM_VERSION; }

hone_spm *hone_spm_load(const char *path, char *err, size_t errCapacity)
{
    auto *model = new hone_spm;
    const auto status = model->processor.Load(path);
    if (!status.ok()) {
        copyOut(status.ToString(), err, errCapacity);
        delete model;
        return nullptr;
    }
    return model;
}

void hone_spm_free(hone_spm *model) { delete model; }

int hone_spm_vocab_size(const hone_spm *model) { return model->processor.GetPieceSize(); }

int hone_spm_piece_to_id(const hone_spm *model, const char *piece) { return model->processor.PieceToId(piece); }

size_t hone_spm_id_to_piece(const hone_spm *model, int id, char *out, size_t capacity)
{
    if (id < 0 || id >= model->processor.GetPieceSize())
        return 0;
    const std::string &piece = model->processor.IdToPiece(id);
    copyOut(piece, out, capacity);
    return piece.size();
}

float hone_spm_score(const hone_spm *model, int id) { return model->processor.GetScore(id); }

int hone_spm_piece_kind(const hone_spm *model, int id)
{
    const auto &p = model->processor;
    if (p.IsControl(id)) return 1;
    if (p.IsUnknown(id)) return 2;
    if (p.IsUnused(id) || p.IsByte(id)) return 4;
    return 0;
}

long hone_spm_encode(const hone_spm *model, const char *text, size_t len, hone_spm_piece *out, size_t capacity)
{
    sentencepiece::ImmutableSentencePieceText spt;
    if (!model->processor.Encode(absl::string_view(text, len), spt.mutable_proto()).ok())
        return -1;
    const size_t n = static_cast<size_t>(spt.pieces_size());
    for (size_t i = 0; i < n && i < capacity; ++i) {
        const auto &piece = spt.pieces(static_cast<int>(i));
        out[i] = hone_spm_piece{static_cast<int>(piece.id()), piece.begin(), piece.end()};
    }
    return static_cast<long>(n);
}

size_t hone_spm_decode(const hone_spm *model, const int *ids, size_t count, char *out, size_t capacity)
{
    std::string text;
    if (!model->processor.Decode(std::vector<int>(ids, ids + count), &text).ok())
        return 0;
    copyOut(text, out, capacity);
    return text.size();
}

size_t hone_spm_serialized_model(const hone_spm *model, char *out, size_t capacity)
{
    const auto bytes = model->processor.serialized_model_proto();
    if (out && capacity > 0)
        std::memcpy(out, bytes.data(), bytes.size() < capacity ? bytes.size() : capacity);
    return bytes.size();
}

int hone_spm_train(const char *flags, char *err, size_t errCapacity)
{
    const auto status = sentencepiece::SentencePieceTrainer::Train(flags);
    if (!status.ok()) {
        copyOut(status.ToString(), err, errCapacity);
        return 1;
    }
    return 0;
}

} // extern "C"

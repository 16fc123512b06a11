#pragma once
// The narrow C interface of libhone_spm, the only library that links libsentencepiece.
// It is loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND): sentencepiece bundles protobuf-lite and
// exports it, which crashes a process that also links LibTorch's libprotobuf.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hone_spm hone_spm;

typedef struct hone_spm_piece {
    int id;
    unsigned begin; /* byte offsets of the piece's surface in the input */
    unsigned end;
} hone_spm_piece;

const char *hone_spm_version(void);
/* NULL on failure, with the reason in err. */
hone_spm *hone_spm_load(const char *path, char *err, size_t errCapacity);
void hone_spm_free(hone_spm *model);
int hone_spm_vocab_size(const hone_spm *model);
int hone_spm_piece_to_id(const hone_spm *model, const char *piece);
/* Length of the piece (may exceed capacity; the copy is truncated then). */
size_t hone_spm_id_to_piece(const hone_spm *model, int id, char *out, size_t capacity);
float hone_spm_score(const hone_spm *model, int id);
/* 1 for control, 2 for unknown, 4 for unused/byte, 0 for normal (and user-defined). */
int hone_spm_piece_kind(const hone_spm *model, int id);
/* Number of pieces, or -1 on failure. len + 2 pieces of capacity always suffice. */
long hone_spm_encode(const hone_spm *model, const char *text, size_t len, hone_spm_piece *out, size_t capacity);
size_t hone_spm_decode(const hone_spm *model, const int *ids, size_t count, char *out, size_t capacity);
/* The model as SentencePiece holds it (a serialized ModelProto); returns its size, copying at most
 * capacity bytes into out (call with capacity 0 to learn the size). */
size_t hone_spm_serialized_model(const hone_spm *model, char *out, size_t capacity);
/* Trains a model with sentencepiece_trainer flags ("--input=... --model_prefix=..."); 0 on success. */
int hone_spm_train(const char *flags, char *err, size_t errCapacity);

#ifdef __cplusplus
}
#endif

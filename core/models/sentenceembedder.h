#pragma once
// Sentence embeddings from a pretrained encoder: the mean of the last hidden state over the real
// tokens (attention-masked), as sentence-transformers' mean pooling computes it. Texts are
// tokenized with the model's own tokenizer, sorted by length and batched so padding stays small.
// Behind `hone-cli embed`. No LibTorch types in this header.
#include "core/util/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hone {

struct EmbeddingOptions {
    int maxLength = 0;       // 0: sentence_bert_config.json's max_seq_length, else the model's positions (<= 512)
    int batchSize = 32;
    bool normalize = false;  // L2-normalise each vector
};

class SentenceEmbedder {
public:
    // A model folder (sentence-transformers folders resolved); loads the tokenizer and the encoder.
    static Result<SentenceEmbedder> open(const std::filesystem::path &modelDir);
    ~SentenceEmbedder();
    SentenceEmbedder(SentenceEmbedder &&) noexcept;
    SentenceEmbedder &operator=(SentenceEmbedder &&) noexcept;

    int dimension() const;
    int defaultMaxLength() const;
    double loadSeconds() const;
    const std::filesystem::path &directory() const;

    Result<std::vector<std::vector<float>>> embed(const std::vector<std::string> &texts,
                                                  const EmbeddingOptions &options = {}) const;
    // Already tokenized input (ids with special tokens), for tests and benchmarks.
    Result<std::vector<std::vector<float>>> embedIds(const std::vector<std::vector<int>> &ids,
                                                     const EmbeddingOptions &options = {}) const;

private:
    SentenceEmbedder();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hone

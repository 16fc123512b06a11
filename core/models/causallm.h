#pragma once
// CausalLM: what every decoder architecture (Llama, Qwen2, GPT-2) implements. A model is its
// Hugging Face *ForCausalLM equivalent: the base model under its prefix ("model", "transformer")
// and, unless the word embeddings are tied, "lm_head". The keys of named_parameters() are that HF
// class's checkpoint keys, so weights load and export without a rename table.
#include "core/models/layers/decoderops.h"
#include "core/models/layers/packedweight.h"
#include "core/models/layers/projection.h"
#include "core/models/modelconfig.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hone {

class CausalLM : public torch::nn::Module {
public:
    CausalLM(std::string basePrefix, const ModelConfig &config)
        : m_basePrefix(std::move(basePrefix)), m_numLayers(config.numLayers), m_maxPositions(config.maxPositions),
          m_vocabSize(config.vocabSize), m_tied(config.tieWordEmbeddings)
    {
    }

    // The last hidden state [B, T, H] (after the final norm) for ids [B, T]. attentionMask
    // [B, cached + T] of 1 / 0 may be undefined (no padding); positionIds [B, T] undefined means
    // cached, cached + 1, ...; with a cache, this call's keys and values are appended to it.
    // skipPadding (without a cache) computes on the real tokens only (TokenLayout): the same
    // states for them, zeros at padding.
    virtual torch::Tensor decode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, KvCache *cache,
                                 const torch::Tensor &positionIds, bool skipPadding) = 0;
    // Every position computed, padding included, as Hugging Face's model returns it.
    torch::Tensor hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                               KvCache *cache = nullptr, const torch::Tensor &positionIds = {})
    {
        return decode(inputIds, attentionMask, cache, positionIds, /*skipPadding=*/false);
    }
    // The LM head: [..., H] -> [..., vocab] (through its packed copy in a decoding step, if any).
    torch::Tensor lmLogits(const torch::Tensor &hidden);
    // The summed cross-entropy of the LM head on hidden rows [M, H] against labels [M]: the
    // logits are made a slice at a time and never whole (lmHeadLossSum).
    torch::Tensor lmLossSum(const torch::Tensor &hidden, const torch::Tensor &labels);
    torch::Tensor logits(const torch::Tensor &inputIds, const torch::Tensor &attentionMask = {},
                         KvCache *cache = nullptr)
    {
        return lmLogits(hiddenStates(inputIds, attentionMask, cache));
    }

    // Parameter-name prefixes of the token (and position) embeddings and of layer i, for freezing.
    virtual std::vector<std::string> embeddingPrefixes() const = 0;
    virtual std::string layerPrefix(int layer) const = 0;
    // A normalisation weight or bias (no weight decay, initialised to 1 / 0).
    virtual bool isNormParameter(const std::string &name) const = 0;

    std::vector<torch::Tensor> embeddingParameters();
    std::vector<torch::Tensor> layerParameters(int layer);

    // LoRA on the projections named by targets (PEFT's target_modules; empty = every projection).
    int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets);
    void mergeLoRA();
    bool hasLoRA();
    std::vector<torch::Tensor> loraParameters();

    // The tensors an export writes: HF names, LoRA folded in, contiguous float32 on the CPU.
    std::vector<std::pair<std::string, torch::Tensor>> exportTensors();

    // Readies every projection's weight and the LM head for decoding steps (eval, no gradients, a
    // few new tokens) through the matrix-vector kernels: F32 reads the float32 weights in place,
    // BF16 and Q8_0 make packed copies. Current ones in that format are kept, so calling it before
    // every generation costs nothing after the first. A weight changed later (training, a LoRA
    // merge, loading) makes its copy stale: never used, dropped. LoRA adapters stay float32 and are
    // added to the packed base product.
    void prepareForDecoding(WeightFormat format);
    // The format the last prepareForDecoding readied.
    WeightFormat decodingFormat() const { return m_decodingFormat; }

    // HF's _init_weights for decoders: weights normal(0, range), biases 0, norms 1; seeded.
    void initialiseParameters(double initializerRange, std::uint64_t seed);

    const std::string &basePrefix() const { return m_basePrefix; }
    int numLayers() const { return m_numLayers; }
    std::int64_t maxPositions() const { return m_maxPositions; }
    std::int64_t vocabSize() const { return m_vocabSize; }
    bool tiedEmbeddings() const { return m_tied; }

protected:
    // The LM head's weight [vocab, H]: lm_head's, or the tied token embeddings.
    virtual torch::Tensor lmHeadWeight() = 0;

private:
    std::vector<torch::Tensor> parametersWithPrefix(const std::string &prefix);

    std::string m_basePrefix;
    int m_numLayers;
    std::int64_t m_maxPositions;
    std::int64_t m_vocabSize;
    bool m_tied;
    WeightFormat m_decodingFormat = WeightFormat::F32;
    std::shared_ptr<PackedWeight> m_packedHead;
};

} // namespace hone

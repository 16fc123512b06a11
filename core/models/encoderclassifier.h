#pragma once
// EncoderClassifier: what every architecture (BERT, RoBERTa/XLM-R, DistilBERT, ALBERT) implements.
// A model is its Hugging Face *ForSequenceClassification equivalent: the base model under its
// prefix ("bert", "roberta", ...) and, when built with a head, the head under HF's names. The
// keys of named_parameters() are the checkpoint keys of that HF class.
//
// The trainer uses this to freeze (embeddingParameters, layerParameters), to apply LoRA
// (enableLoRA, loraParameters), and to build optimizer groups (isNoDecayParameter).
#include "core/models/layers/projection.h"
#include "core/models/layers/transformerops.h"
#include "core/models/modelconfig.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hone {

enum class ModelHead { None, SequenceClassification };

class EncoderClassifier : public torch::nn::Module {
public:
    // Every architecture runs config.numLayers layers and drops out its pooled output by the
    // config's classifier dropout; the base keeps both so each subclass does not.
    EncoderClassifier(std::string basePrefix, const ModelConfig &config, ModelHead head, int numLabels)
        : m_basePrefix(std::move(basePrefix)), m_head(head), m_numLabels(numLabels), m_numLayers(config.numLayers),
          m_classifierDropout(config.effectiveClassifierDropout())
    {
    }

    // Last hidden state [B, T, H]. attentionMask and tokenTypeIds may be undefined tensors
    // (all ones / all zeros). Ids are integer tensors [B, T]. skipPadding computes on the real
    // tokens only (TokenLayout): the same states for them, zeros at padding. FirstToken: [B, 1, H],
    // each sequence's first position, all a head reads (the last layer skips the rest).
    virtual torch::Tensor encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                 const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs) = 0;
    // Every position computed, padding included, as Hugging Face's model returns it.
    torch::Tensor hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                               const torch::Tensor &tokenTypeIds)
    {
        return encode(inputIds, attentionMask, tokenTypeIds, /*skipPadding=*/false, EncoderOutputs::EveryToken);
    }
    // The classification head applied to a last hidden state ([B, T, H] or [B, 1, H]; it reads
    // position 0): [B, numLabels]. Needs a head.
    virtual torch::Tensor classify(const torch::Tensor &hiddenStates) = 0;
    // Logits [B, numLabels]; the head reads the first token's state only, so padding and the last
    // layer's other tokens are skipped.
    torch::Tensor logits(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                         const torch::Tensor &tokenTypeIds)
    {
        return classify(encode(inputIds, attentionMask, tokenTypeIds, /*skipPadding=*/true, EncoderOutputs::FirstToken));
    }

    // Transformer layers applied in forward (ALBERT: applications of its shared groups).
    int numLayers() const { return m_numLayers; }
    // Parameter-name prefixes of the embeddings and of layer i (ALBERT: the shared group layer i
    // uses, so freezing one layer freezes the weights every layer of its group shares).
    // Defaults follow BERT's layout under the base prefix ("<prefix>.embeddings.",
    // "<prefix>.encoder.layer.N.", head = "classifier." and "<prefix>.pooler."); RoBERTa and XLM-R use them.
    virtual std::vector<std::string> embeddingPrefixes() const;
    virtual std::vector<std::string> layerPrefixes(int layer) const;
    // Names of parameters a checkpoint may lack: the head (and the pooler), which are then
    // initialised as Hugging Face does.
    virtual bool isHeadParameter(const std::string &name) const;

    std::vector<torch::Tensor> embeddingParameters();
    std::vector<torch::Tensor> layerParameters(int layer);
    std::vector<torch::Tensor> headParameters();

    // LoRA on every attention projection (query/key/value; q_lin/k_lin/v_lin). Each projection's
    // adapter is seeded from options.seed and its index, so a run is reproducible.
    int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets = {}); // {}: every projection
    void mergeLoRA();
    bool hasLoRA();
    std::vector<torch::Tensor> loraParameters();
    std::vector<std::pair<std::string, Projection>> loraTargets();

    // The tensors an export writes: HF names, LoRA folded in (the module is left unchanged),
    // contiguous float32 on the CPU.
    std::vector<std::pair<std::string, torch::Tensor>> exportTensors();

    // HF's initialisation of Linear/Embedding/LayerNorm for the named parameters: normal(0, range)
    // weights, zero biases, LayerNorm 1/0; seeded (names are visited in order, so the result is
    // reproducible).
    void initialiseParameters(const std::vector<std::string> &names, double initializerRange, std::uint64_t seed);

    const std::string &basePrefix() const { return m_basePrefix; }
    ModelHead head() const { return m_head; }
    bool hasHead() const { return m_head == ModelHead::SequenceClassification; }
    int numLabels() const { return m_numLabels; }

protected:
    std::vector<torch::Tensor> parametersWithPrefixes(const std::vector<std::string> &prefixes);
    // The pooled output with the classifier dropout applied while training.
    torch::Tensor classifierDropout(const torch::Tensor &pooled);

private:
    std::string m_basePrefix;
    ModelHead m_head;
    int m_numLabels;
    int m_numLayers;
    double m_classifierDropout;
};

// Hugging Face Trainer's rule for weight decay: none on biases and LayerNorm weights.
bool isNoDecayParameter(const std::string &name);

} // namespace hone

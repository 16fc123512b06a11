#pragma once
// DistilBERT (Sanh et al. 2019) as Hugging Face's modeling_distilbert implements it:
//   distilbert.embeddings.{word_embeddings,position_embeddings,LayerNorm}   (no token types)
//   distilbert.transformer.layer.N.attention.{q_lin,k_lin,v_lin,out_lin}  sa_layer_norm
//   distilbert.transformer.layer.N.ffn.{lin1,lin2}  output_layer_norm
//   pre_classifier (+ ReLU)  classifier
// LayerNorm eps is fixed at 1e-12 by HF. Sinusoidal position embeddings are stored in the
// checkpoint like learned ones, so they load the same way.
#include "core/models/architecture.h"
#include "core/models/layers/projection.h"
#include "core/models/layers/transformerops.h"

#include <torch/torch.h>

namespace hone {

class DistilBertEmbeddingsImpl : public torch::nn::Module {
public:
    explicit DistilBertEmbeddingsImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &inputIds);

    torch::nn::Embedding word_embeddings{nullptr};
    torch::nn::Embedding position_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(DistilBertEmbeddings);

class DistilBertSelfAttentionImpl : public torch::nn::Module {
public:
    explicit DistilBertSelfAttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    Projection q_lin{nullptr}, k_lin{nullptr}, v_lin{nullptr};
    torch::nn::Linear out_lin{nullptr};

private:
    std::int64_t m_numHeads;
    double m_dropout;
};
TORCH_MODULE(DistilBertSelfAttention);

class DistilBertFfnImpl : public torch::nn::Module {
public:
    explicit DistilBertFfnImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);

    torch::nn::Linear lin1{nullptr}, lin2{nullptr};

private:
    Activation m_activation;
    double m_dropout;
};
TORCH_MODULE(DistilBertFfn);

class DistilBertBlockImpl : public torch::nn::Module {
public:
    explicit DistilBertBlockImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    DistilBertSelfAttention attention{nullptr};
    torch::nn::LayerNorm sa_layer_norm{nullptr};
    DistilBertFfn ffn{nullptr};
    torch::nn::LayerNorm output_layer_norm{nullptr};
};
TORCH_MODULE(DistilBertBlock);

class DistilBertTransformerImpl : public torch::nn::Module {
public:
    explicit DistilBertTransformerImpl(const ModelConfig &config);
    // `last` is the batch the last layer sees (AttentionBatch::lastLayer).
    torch::Tensor forward(torch::Tensor hidden, const AttentionBatch &batch, const AttentionBatch &last);

    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(DistilBertTransformer);

class DistilBertModelImpl : public torch::nn::Module {
public:
    explicit DistilBertModelImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding,
                          EncoderOutputs outputs);

    DistilBertEmbeddings embeddings{nullptr};
    DistilBertTransformer transformer{nullptr};

private:
    std::int64_t m_maxPositions;
};
TORCH_MODULE(DistilBertModel);

class DistilBertClassifierImpl : public EncoderClassifier {
public:
    DistilBertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels);

    // tokenTypeIds is ignored: DistilBERT has no segment embeddings.
    torch::Tensor encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                         const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs) override;
    torch::Tensor classify(const torch::Tensor &hiddenStates) override;
    std::vector<std::string> embeddingPrefixes() const override;
    std::vector<std::string> layerPrefixes(int layer) const override;
    bool isHeadParameter(const std::string &name) const override;

    DistilBertModel distilbert{nullptr};
    torch::nn::Linear pre_classifier{nullptr};
    torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(DistilBertClassifier);

namespace distilbert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels);
ArchitectureInfo info();

} // namespace distilbert
} // namespace hone

#pragma once
// BERT (Devlin et al. 2019) as Hugging Face's modeling_bert implements it; module names are HF's,
// so named_parameters() keys are BertForSequenceClassification's checkpoint keys:
//   bert.embeddings.{word_embeddings,position_embeddings,token_type_embeddings,LayerNorm}
//   bert.encoder.layer.N.attention.self.{query,key,value}   attention.output.{dense,LayerNorm}
//   bert.encoder.layer.N.intermediate.dense   output.{dense,LayerNorm}
//   bert.pooler.dense   classifier
// RoBERTa reuses the encoder, the pooler and (with padding-aware position ids) the embeddings.
#include "core/models/architecture.h"
#include "core/models/layers/projection.h"
#include "core/models/layers/transformerops.h"

#include <torch/torch.h>

namespace hone {

// How position ids are made: 0..T-1 (BERT), or RoBERTa's create_position_ids_from_input_ids
// (padding_idx + 1 onwards for real tokens, padding_idx for padding).
enum class PositionIds { Sequential, AfterPadding };

class BertEmbeddingsImpl : public torch::nn::Module {
public:
    BertEmbeddingsImpl(const ModelConfig &config, PositionIds positions);
    // tokenTypeIds may be undefined (zeros).
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &tokenTypeIds);

    torch::nn::Embedding word_embeddings{nullptr};
    torch::nn::Embedding position_embeddings{nullptr};
    torch::nn::Embedding token_type_embeddings{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    PositionIds m_positions;
    std::int64_t m_paddingIdx;
    double m_dropout;
};
TORCH_MODULE(BertEmbeddings);

class BertSelfAttentionImpl : public torch::nn::Module {
public:
    explicit BertSelfAttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    Projection query{nullptr}, key{nullptr}, value{nullptr};

private:
    std::int64_t m_numHeads;
    double m_dropout;
};
TORCH_MODULE(BertSelfAttention);

// dense -> dropout -> LayerNorm(x + residual): BertSelfOutput and BertOutput.
class BertResidualOutputImpl : public torch::nn::Module {
public:
    BertResidualOutputImpl(std::int64_t in, std::int64_t out, const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &residual);

    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(BertResidualOutput);

class BertAttentionImpl : public torch::nn::Module {
public:
    explicit BertAttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    BertSelfAttention self{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertAttention);

class BertIntermediateImpl : public torch::nn::Module {
public:
    explicit BertIntermediateImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &x);

    torch::nn::Linear dense{nullptr};

private:
    Activation m_activation;
};
TORCH_MODULE(BertIntermediate);

class BertLayerImpl : public torch::nn::Module {
public:
    explicit BertLayerImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    BertAttention attention{nullptr};
    BertIntermediate intermediate{nullptr};
    BertResidualOutput output{nullptr};
};
TORCH_MODULE(BertLayer);

class BertEncoderImpl : public torch::nn::Module {
public:
    explicit BertEncoderImpl(const ModelConfig &config);
    // `last` is the batch the last layer sees (AttentionBatch::lastLayer).
    torch::Tensor forward(torch::Tensor hidden, const AttentionBatch &batch, const AttentionBatch &last);

    torch::nn::ModuleList layer{nullptr};
};
TORCH_MODULE(BertEncoder);

class BertPoolerImpl : public torch::nn::Module {
public:
    explicit BertPoolerImpl(const ModelConfig &config);
    // tanh(dense(hidden[:, 0]))
    torch::Tensor forward(const torch::Tensor &hidden);

    torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(BertPooler);

// BertModel / RobertaModel: embeddings, encoder, optional pooler.
class BertModelImpl : public torch::nn::Module {
public:
    BertModelImpl(const ModelConfig &config, PositionIds positions, bool withPooler);
    // skipPadding: computed on the real tokens only (TokenLayout); padding rows come back as zeros.
    // FirstToken: [B, 1, H], each sequence's first position alone.
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                          const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs);

    BertEmbeddings embeddings{nullptr};
    BertEncoder encoder{nullptr};
    BertPooler pooler{nullptr};

private:
    std::int64_t m_maxPositions;
};
TORCH_MODULE(BertModel);

// BertForSequenceClassification (with a head) or BertModel under the "bert" prefix (without).
class BertClassifierImpl : public EncoderClassifier {
public:
    BertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels);

    torch::Tensor encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                         const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs) override;
    torch::Tensor classify(const torch::Tensor &hiddenStates) override;

    BertModel bert{nullptr};
    torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(BertClassifier);

namespace bert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels);
ArchitectureInfo info();

} // namespace bert
} // namespace hone

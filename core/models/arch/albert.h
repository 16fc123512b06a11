#pragma once
// ALBERT (Lan et al. 2020) as Hugging Face's modeling_albert implements it: factorised embeddings
// (embedding_size, projected to hidden_size) and layers that share parameters by group:
//   albert.embeddings.{word_embeddings,position_embeddings,token_type_embeddings,LayerNorm}
//   albert.encoder.embedding_hidden_mapping_in
//   albert.encoder.albert_layer_groups.G.albert_layers.I.attention.{query,key,value,dense,LayerNorm}
//   albert.encoder.albert_layer_groups.G.albert_layers.I.{ffn,ffn_output,full_layer_layer_norm}
//   albert.pooler (+ tanh)   classifier
// Layer i of num_hidden_layers runs group int(i / (num_hidden_layers / num_hidden_groups)).
#include "core/models/arch/bert.h"

namespace hone {

class AlbertAttentionImpl : public torch::nn::Module {
public:
    explicit AlbertAttentionImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    Projection query{nullptr}, key{nullptr}, value{nullptr};
    torch::nn::Linear dense{nullptr};
    torch::nn::LayerNorm LayerNorm{nullptr};

private:
    std::int64_t m_numHeads;
    double m_attentionDropout;
    double m_hiddenDropout;
};
TORCH_MODULE(AlbertAttention);

class AlbertLayerImpl : public torch::nn::Module {
public:
    explicit AlbertLayerImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &hidden, const AttentionBatch &batch);

    torch::nn::LayerNorm full_layer_layer_norm{nullptr};
    AlbertAttention attention{nullptr};
    torch::nn::Linear ffn{nullptr};
    torch::nn::Linear ffn_output{nullptr};

private:
    Activation m_activation;
};
TORCH_MODULE(AlbertLayer);

class AlbertLayerGroupImpl : public torch::nn::Module {
public:
    explicit AlbertLayerGroupImpl(const ModelConfig &config);
    // `last` is the batch the group's last layer sees.
    torch::Tensor forward(torch::Tensor hidden, const AttentionBatch &batch, const AttentionBatch &last);

    torch::nn::ModuleList albert_layers{nullptr};
};
TORCH_MODULE(AlbertLayerGroup);

class AlbertTransformerImpl : public torch::nn::Module {
public:
    explicit AlbertTransformerImpl(const ModelConfig &config);
    // `last` is the batch the last layer sees (AttentionBatch::lastLayer).
    torch::Tensor forward(const torch::Tensor &embedded, const AttentionBatch &batch, const AttentionBatch &last);
    int groupOfLayer(int layer) const;

    torch::nn::Linear embedding_hidden_mapping_in{nullptr};
    torch::nn::ModuleList albert_layer_groups{nullptr};

private:
    int m_numLayers;
    int m_numGroups;
};
TORCH_MODULE(AlbertTransformer);

class AlbertModelImpl : public torch::nn::Module {
public:
    explicit AlbertModelImpl(const ModelConfig &config);
    torch::Tensor forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                          const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs);

    BertEmbeddings embeddings{nullptr}; // BERT's, at embedding_size wide
    AlbertTransformer encoder{nullptr};
    torch::nn::Linear pooler{nullptr};

private:
    std::int64_t m_maxPositions;
};
TORCH_MODULE(AlbertModel);

class AlbertClassifierImpl : public EncoderClassifier {
public:
    AlbertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels);

    torch::Tensor encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                         const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs) override;
    torch::Tensor classify(const torch::Tensor &hiddenStates) override;
    // The embeddings and their projection to hidden_size (embedding_hidden_mapping_in).
    std::vector<std::string> embeddingPrefixes() const override;
    // The shared group layer i runs.
    std::vector<std::string> layerPrefixes(int layer) const override;
    bool isHeadParameter(const std::string &name) const override;

    AlbertModel albert{nullptr};
    torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(AlbertClassifier);

namespace albert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels);
ArchitectureInfo info();

} // namespace albert
} // namespace hone

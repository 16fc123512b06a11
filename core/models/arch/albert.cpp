#include "core/models/arch/albert.h"

#include "core/models/layers/dropout.h"

namespace hone {

namespace {

torch::nn::LayerNorm makeLayerNorm(std::int64_t size, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(eps));
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

AlbertAttentionImpl::AlbertAttentionImpl(const ModelConfig &config)
    : m_numHeads(config.numHeads), m_attentionDropout(config.attentionDropout), m_hiddenDropout(config.hiddenDropout)
{
    query = register_module("query", Projection(config.hiddenSize, config.hiddenSize));
    key = register_module("key", Projection(config.hiddenSize, config.hiddenSize));
    value = register_module("value", Projection(config.hiddenSize, config.hiddenSize));
    dense = register_module("dense", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor AlbertAttentionImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    torch::Tensor y = dense(multiHeadAttention(query(batch.queries(hidden)), key(hidden), value(hidden), m_numHeads, batch,
                                               m_attentionDropout, is_training()));
    return LayerNorm(batch.queries(hidden) + applyDropout(y, m_hiddenDropout, is_training()));
}

AlbertLayerImpl::AlbertLayerImpl(const ModelConfig &config) : m_activation(activationFromName(config.hiddenAct))
{
    full_layer_layer_norm = register_module("full_layer_layer_norm", makeLayerNorm(config.hiddenSize, config.layerNormEps));
    attention = register_module("attention", AlbertAttention(config));
    ffn = register_module("ffn", torch::nn::Linear(config.hiddenSize, config.intermediateSize));
    ffn_output = register_module("ffn_output", torch::nn::Linear(config.intermediateSize, config.hiddenSize));
}

torch::Tensor AlbertLayerImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    const torch::Tensor attended = attention(hidden, batch);
    return full_layer_layer_norm(ffn_output(applyActivation(ffn(attended), m_activation)) + attended);
}

AlbertLayerGroupImpl::AlbertLayerGroupImpl(const ModelConfig &config)
{
    albert_layers = register_module("albert_layers", torch::nn::ModuleList());
    for (int i = 0; i < config.innerGroupNum; ++i)
        albert_layers->push_back(AlbertLayer(config));
}

torch::Tensor AlbertLayerGroupImpl::forward(torch::Tensor hidden, const AttentionBatch &batch,
                                            const AttentionBatch &last)
{
    for (std::size_t i = 0; i < albert_layers->size(); ++i)
        hidden = albert_layers->ptr<AlbertLayerImpl>(i)->forward(hidden, i + 1 == albert_layers->size() ? last : batch);
    return hidden;
}

AlbertTransformerImpl::AlbertTransformerImpl(const ModelConfig &config)
    : m_numLayers(config.numLayers), m_numGroups(config.numHiddenGroups)
{
    embedding_hidden_mapping_in =
        register_module("embedding_hidden_mapping_in", torch::nn::Linear(config.embeddingSize, config.hiddenSize));
    albert_layer_groups = register_module("albert_layer_groups", torch::nn::ModuleList());
    for (int g = 0; g < config.numHiddenGroups; ++g)
        albert_layer_groups->push_back(AlbertLayerGroup(config));
}

int AlbertTransformerImpl::groupOfLayer(int layer) const
{
    // HF: int(i / (num_hidden_layers / num_hidden_groups)) in floating point.
    return static_cast<int>(static_cast<double>(layer) /
                            (static_cast<double>(m_numLayers) / static_cast<double>(m_numGroups)));
}

torch::Tensor AlbertTransformerImpl::forward(const torch::Tensor &embedded, const AttentionBatch &batch,
                                             const AttentionBatch &last)
{
    // Under bf16 autocast the projection returns bfloat16; the residual stream stays float32, as
    // BERT's does, and LibTorch 1.13's layer_norm rejects a bf16 input with float32 weights.
    torch::Tensor hidden = embedding_hidden_mapping_in(embedded).to(embedded.scalar_type());
    for (int i = 0; i < m_numLayers; ++i)
        hidden = albert_layer_groups->ptr<AlbertLayerGroupImpl>(groupOfLayer(i))
                     ->forward(hidden, batch, i + 1 == m_numLayers ? last : batch);
    return hidden;
}

AlbertModelImpl::AlbertModelImpl(const ModelConfig &config) : m_maxPositions(config.maxPositions)
{
    embeddings = register_module("embeddings", BertEmbeddings(config, PositionIds::Sequential));
    encoder = register_module("encoder", AlbertTransformer(config));
    pooler = register_module("pooler", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
}

torch::Tensor AlbertModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                       const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs)
{
    checkEncoderInputs(inputIds, attentionMask, tokenTypeIds, m_maxPositions);
    const torch::Tensor x = embeddings(inputIds, tokenTypeIds);
    const AttentionBatch batch = AttentionBatch::of(inputIds, attentionMask, skipPadding, x.scalar_type());
    const AttentionBatch last = batch.lastLayer(outputs);
    return last.output(encoder(batch.layout.pack(x), batch, last));
}

AlbertClassifierImpl::AlbertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels)
    : EncoderClassifier("albert", config, head, numLabels)
{
    albert = register_module("albert", AlbertModel(config));
    if (head == ModelHead::SequenceClassification) {
        TORCH_CHECK(numLabels > 0, "a classification head needs at least one label");
        classifier = register_module("classifier", torch::nn::Linear(config.hiddenSize, numLabels));
    }
}

torch::Tensor AlbertClassifierImpl::encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                 const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs)
{
    return albert(inputIds, attentionMask, tokenTypeIds, skipPadding, outputs);
}

torch::Tensor AlbertClassifierImpl::classify(const torch::Tensor &hidden)
{
    TORCH_CHECK(hasHead(), "this ALBERT model was built without a classification head");
    torch::Tensor pooled = torch::tanh(albert->pooler(hidden.select(1, 0)));
    return classifier(classifierDropout(pooled));
}

std::vector<std::string> AlbertClassifierImpl::embeddingPrefixes() const
{
    return {"albert.embeddings.", "albert.encoder.embedding_hidden_mapping_in."};
}

std::vector<std::string> AlbertClassifierImpl::layerPrefixes(int layer) const
{
    return {"albert.encoder.albert_layer_groups." + std::to_string(albert->encoder->groupOfLayer(layer)) + "."};
}

bool AlbertClassifierImpl::isHeadParameter(const std::string &name) const
{
    return startsWith(name, "classifier.") || startsWith(name, "albert.pooler.");
}

namespace albert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels)
{
    return std::make_shared<AlbertClassifierImpl>(config, head, numLabels);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("albert"), &create);
}

} // namespace albert
} // namespace hone

#include "core/models/arch/distilbert.h"

#include "core/models/layers/dropout.h"

namespace hone {

namespace {

constexpr double kDistilBertLayerNormEps = 1e-12; // hard-coded in modeling_distilbert

torch::nn::LayerNorm makeLayerNorm(std::int64_t size)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(kDistilBertLayerNormEps));
}

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

DistilBertEmbeddingsImpl::DistilBertEmbeddingsImpl(const ModelConfig &config) : m_dropout(config.hiddenDropout)
{
    word_embeddings = register_module(
        "word_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(config.vocabSize, config.hiddenSize)
                                                    .padding_idx(config.padTokenId)));
    position_embeddings = register_module(
        "position_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(config.maxPositions, config.hiddenSize)));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(config.hiddenSize));
}

torch::Tensor DistilBertEmbeddingsImpl::forward(const torch::Tensor &inputIds)
{
    const torch::Tensor positions = torch::arange(inputIds.size(1), inputIds.options().dtype(torch::kLong)).unsqueeze(0);
    torch::Tensor x = LayerNorm(word_embeddings(inputIds) + position_embeddings(positions));
    return applyDropout(x, m_dropout, is_training());
}

DistilBertSelfAttentionImpl::DistilBertSelfAttentionImpl(const ModelConfig &config)
    : m_numHeads(config.numHeads), m_dropout(config.attentionDropout)
{
    q_lin = register_module("q_lin", Projection(config.hiddenSize, config.hiddenSize));
    k_lin = register_module("k_lin", Projection(config.hiddenSize, config.hiddenSize));
    v_lin = register_module("v_lin", Projection(config.hiddenSize, config.hiddenSize));
    out_lin = register_module("out_lin", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
}

torch::Tensor DistilBertSelfAttentionImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    return out_lin(multiHeadAttention(q_lin(batch.queries(hidden)), k_lin(hidden), v_lin(hidden), m_numHeads, batch,
                                      m_dropout, is_training()));
}

DistilBertFfnImpl::DistilBertFfnImpl(const ModelConfig &config)
    : m_activation(activationFromName(config.hiddenAct)), m_dropout(config.hiddenDropout)
{
    lin1 = register_module("lin1", torch::nn::Linear(config.hiddenSize, config.intermediateSize));
    lin2 = register_module("lin2", torch::nn::Linear(config.intermediateSize, config.hiddenSize));
}

torch::Tensor DistilBertFfnImpl::forward(const torch::Tensor &x)
{
    torch::Tensor y = lin2(applyActivation(lin1(x), m_activation));
    return applyDropout(y, m_dropout, is_training());
}

DistilBertBlockImpl::DistilBertBlockImpl(const ModelConfig &config)
{
    attention = register_module("attention", DistilBertSelfAttention(config));
    sa_layer_norm = register_module("sa_layer_norm", makeLayerNorm(config.hiddenSize));
    ffn = register_module("ffn", DistilBertFfn(config));
    output_layer_norm = register_module("output_layer_norm", makeLayerNorm(config.hiddenSize));
}

torch::Tensor DistilBertBlockImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    const torch::Tensor attended = sa_layer_norm(attention(hidden, batch) + batch.queries(hidden));
    return output_layer_norm(ffn(attended) + attended);
}

DistilBertTransformerImpl::DistilBertTransformerImpl(const ModelConfig &config)
{
    layer = register_module("layer", torch::nn::ModuleList());
    for (int i = 0; i < config.numLayers; ++i)
        layer->push_back(DistilBertBlock(config));
}

torch::Tensor DistilBertTransformerImpl::forward(torch::Tensor hidden, const AttentionBatch &batch,
                                                 const AttentionBatch &last)
{
    for (std::size_t i = 0; i < layer->size(); ++i)
        hidden = layer->ptr<DistilBertBlockImpl>(i)->forward(hidden, i + 1 == layer->size() ? last : batch);
    return hidden;
}

DistilBertModelImpl::DistilBertModelImpl(const ModelConfig &config) : m_maxPositions(config.maxPositions)
{
    embeddings = register_module("embeddings", DistilBertEmbeddings(config));
    transformer = register_module("transformer", DistilBertTransformer(config));
}

torch::Tensor DistilBertModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                           bool skipPadding, EncoderOutputs outputs)
{
    checkEncoderInputs(inputIds, attentionMask, {}, m_maxPositions);
    const torch::Tensor x = embeddings(inputIds);
    const AttentionBatch batch = AttentionBatch::of(inputIds, attentionMask, skipPadding, x.scalar_type());
    const AttentionBatch last = batch.lastLayer(outputs);
    return last.output(transformer(batch.layout.pack(x), batch, last));
}

DistilBertClassifierImpl::DistilBertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels)
    : EncoderClassifier("distilbert", config, head, numLabels)
{
    distilbert = register_module("distilbert", DistilBertModel(config));
    if (head == ModelHead::SequenceClassification) {
        TORCH_CHECK(numLabels > 0, "a classification head needs at least one label");
        pre_classifier = register_module("pre_classifier", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
        classifier = register_module("classifier", torch::nn::Linear(config.hiddenSize, numLabels));
    }
}

torch::Tensor DistilBertClassifierImpl::encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                     const torch::Tensor &, bool skipPadding, EncoderOutputs outputs)
{
    return distilbert(inputIds, attentionMask, skipPadding, outputs);
}

torch::Tensor DistilBertClassifierImpl::classify(const torch::Tensor &hidden)
{
    TORCH_CHECK(hasHead(), "this DistilBERT model was built without a classification head");
    torch::Tensor pooled = torch::relu(pre_classifier(hidden.select(1, 0)));
    return classifier(classifierDropout(pooled));
}

std::vector<std::string> DistilBertClassifierImpl::embeddingPrefixes() const
{
    return {"distilbert.embeddings."};
}

std::vector<std::string> DistilBertClassifierImpl::layerPrefixes(int layer) const
{
    return {"distilbert.transformer.layer." + std::to_string(layer) + "."};
}

bool DistilBertClassifierImpl::isHeadParameter(const std::string &name) const
{
    return startsWith(name, "classifier.") || startsWith(name, "pre_classifier.");
}

namespace distilbert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels)
{
    return std::make_shared<DistilBertClassifierImpl>(config, head, numLabels);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("distilbert"), &create);
}

} // namespace distilbert
} // namespace hone

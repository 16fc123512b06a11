#include "core/models/arch/bert.h"

#include "core/models/layers/dropout.h"

namespace hone {

namespace {

torch::nn::LayerNorm makeLayerNorm(std::int64_t size, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({size}).eps(eps));
}

torch::nn::Linear makeLinear(std::int64_t in, std::int64_t out)
{
    return torch::nn::Linear(torch::nn::LinearOptions(in, out));
}

} // namespace

// --- embeddings -------------------------------------------------------------------------------

BertEmbeddingsImpl::BertEmbeddingsImpl(const ModelConfig &config, PositionIds positions)
    : m_positions(positions), m_paddingIdx(config.padTokenId), m_dropout(config.hiddenDropout)
{
    const std::int64_t width = config.embeddingSize > 0 ? config.embeddingSize : config.hiddenSize;
    word_embeddings = register_module(
        "word_embeddings",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(config.vocabSize, width).padding_idx(config.padTokenId)));
    auto positionOptions = torch::nn::EmbeddingOptions(config.maxPositions, width);
    if (positions == PositionIds::AfterPadding)
        positionOptions.padding_idx(config.padTokenId);
    position_embeddings = register_module("position_embeddings", torch::nn::Embedding(positionOptions));
    if (config.typeVocabSize > 0)
        token_type_embeddings = register_module(
            "token_type_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(config.typeVocabSize, width)));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(width, config.layerNormEps));
}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &tokenTypeIds)
{
    const std::int64_t length = inputIds.size(1);
    torch::Tensor positionIds;
    if (m_positions == PositionIds::AfterPadding) {
        // RoBERTa: cumsum over real tokens, offset by padding_idx; padding keeps padding_idx.
        const torch::Tensor real = inputIds.ne(m_paddingIdx).to(torch::kLong);
        positionIds = torch::cumsum(real, 1).mul_(real).add_(m_paddingIdx);
    } else {
        positionIds = torch::arange(length, inputIds.options().dtype(torch::kLong)).unsqueeze(0);
    }
    torch::Tensor x = word_embeddings(inputIds) + position_embeddings(positionIds);
    if (!token_type_embeddings.is_empty()) {
        if (tokenTypeIds.defined())
            x = x + token_type_embeddings(tokenTypeIds);
        else
            x = x + token_type_embeddings->weight[0]; // token type 0 everywhere
    }
    x = LayerNorm(x);
    return applyDropout(x, m_dropout, is_training());
}

// --- attention --------------------------------------------------------------------------------

BertSelfAttentionImpl::BertSelfAttentionImpl(const ModelConfig &config)
    : m_numHeads(config.numHeads), m_dropout(config.attentionDropout)
{
    query = register_module("query", Projection(config.hiddenSize, config.hiddenSize));
    key = register_module("key", Projection(config.hiddenSize, config.hiddenSize));
    value = register_module("value", Projection(config.hiddenSize, config.hiddenSize));
}

torch::Tensor BertSelfAttentionImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    return multiHeadAttention(query(batch.queries(hidden)), key(hidden), value(hidden), m_numHeads, batch, m_dropout,
                              is_training());
}

BertResidualOutputImpl::BertResidualOutputImpl(std::int64_t in, std::int64_t out, const ModelConfig &config)
    : m_dropout(config.hiddenDropout)
{
    dense = register_module("dense", makeLinear(in, out));
    LayerNorm = register_module("LayerNorm", makeLayerNorm(out, config.layerNormEps));
}

torch::Tensor BertResidualOutputImpl::forward(const torch::Tensor &x, const torch::Tensor &residual)
{
    return LayerNorm(applyDropout(dense(x), m_dropout, is_training()) + residual);
}

BertAttentionImpl::BertAttentionImpl(const ModelConfig &config)
{
    self = register_module("self", BertSelfAttention(config));
    output = register_module("output", BertResidualOutput(config.hiddenSize, config.hiddenSize, config));
}

torch::Tensor BertAttentionImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    return output(self(hidden, batch), batch.queries(hidden));
}

// --- feed-forward, layer, encoder, pooler ----------------------------------------------------

BertIntermediateImpl::BertIntermediateImpl(const ModelConfig &config)
    : m_activation(activationFromName(config.hiddenAct))
{
    dense = register_module("dense", makeLinear(config.hiddenSize, config.intermediateSize));
}

torch::Tensor BertIntermediateImpl::forward(const torch::Tensor &x)
{
    return applyActivation(dense(x), m_activation);
}

BertLayerImpl::BertLayerImpl(const ModelConfig &config)
{
    attention = register_module("attention", BertAttention(config));
    intermediate = register_module("intermediate", BertIntermediate(config));
    output = register_module("output", BertResidualOutput(config.intermediateSize, config.hiddenSize, config));
}

torch::Tensor BertLayerImpl::forward(const torch::Tensor &hidden, const AttentionBatch &batch)
{
    const torch::Tensor attended = attention(hidden, batch);
    return output(intermediate(attended), attended);
}

BertEncoderImpl::BertEncoderImpl(const ModelConfig &config)
{
    layer = register_module("layer", torch::nn::ModuleList());
    for (int i = 0; i < config.numLayers; ++i)
        layer->push_back(BertLayer(config));
}

torch::Tensor BertEncoderImpl::forward(torch::Tensor hidden, const AttentionBatch &batch, const AttentionBatch &last)
{
    for (std::size_t i = 0; i < layer->size(); ++i)
        hidden = layer->ptr<BertLayerImpl>(i)->forward(hidden, i + 1 == layer->size() ? last : batch);
    return hidden;
}

BertPoolerImpl::BertPoolerImpl(const ModelConfig &config)
{
    dense = register_module("dense", makeLinear(config.hiddenSize, config.hiddenSize));
}

torch::Tensor BertPoolerImpl::forward(const torch::Tensor &hidden)
{
    return torch::tanh(dense(hidden.select(1, 0)));
}

BertModelImpl::BertModelImpl(const ModelConfig &config, PositionIds positions, bool withPooler)
    : m_maxPositions(usableMaxPositions(config))
{
    embeddings = register_module("embeddings", BertEmbeddings(config, positions));
    encoder = register_module("encoder", BertEncoder(config));
    if (withPooler)
        pooler = register_module("pooler", BertPooler(config));
}

torch::Tensor BertModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                     const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs)
{
    checkEncoderInputs(inputIds, attentionMask, tokenTypeIds, m_maxPositions);
    const torch::Tensor x = embeddings(inputIds, tokenTypeIds);
    const AttentionBatch batch = AttentionBatch::of(inputIds, attentionMask, skipPadding, x.scalar_type());
    const AttentionBatch last = batch.lastLayer(outputs);
    return last.output(encoder(batch.layout.pack(x), batch, last));
}

// --- the classifier ---------------------------------------------------------------------------

BertClassifierImpl::BertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels)
    : EncoderClassifier("bert", config, head, numLabels)
{
    bert = register_module("bert", BertModel(config, PositionIds::Sequential, /*withPooler=*/true));
    if (head == ModelHead::SequenceClassification) {
        TORCH_CHECK(numLabels > 0, "a classification head needs at least one label");
        classifier = register_module("classifier", makeLinear(config.hiddenSize, numLabels));
    }
}

torch::Tensor BertClassifierImpl::encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                               const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs)
{
    return bert(inputIds, attentionMask, tokenTypeIds, skipPadding, outputs);
}

torch::Tensor BertClassifierImpl::classify(const torch::Tensor &hidden)
{
    TORCH_CHECK(hasHead(), "this BERT model was built without a classification head");
    torch::Tensor pooled = bert->pooler(hidden);
    return classifier(classifierDropout(pooled));
}

// --- config and registry entry ----------------------------------------------------------------

namespace bert {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels)
{
    return std::make_shared<BertClassifierImpl>(config, head, numLabels);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("bert"), &create);
}

} // namespace bert
} // namespace hone

#include "core/models/arch/distilbert.h"

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
    return m_dropout > 0 && is_training() ? torch::dropout(x, m_dropout, true) : x;
}

DistilBertSelfAttentionImpl::DistilBertSelfAttentionImpl(const ModelConfig &config)
    : m_numHeads(config.numHeads), m_dropout(config.attentionDropout)
{
    q_lin = register_module("q_lin", Projection(config.hiddenSize, config.hiddenSize));
    k_lin = register_module("k_lin", Projection(config.hiddenSize, config.hiddenSize));
    v_lin = register_module("v_lin", Projection(config.hiddenSize, config.hiddenSize));
    out_lin = register_module("out_lin", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
}

torch::Tensor DistilBertSelfAttentionImpl::forward(const torch::Tensor &hidden, const torch::Tensor &additiveMask)
{
    return out_lin(multiHeadAttention(q_lin(hidden), k_lin(hidden), v_lin(hidden), m_numHeads, additiveMask,
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
    return m_dropout > 0 && is_training() ? torch::dropout(y, m_dropout, true) : y;
}

DistilBertBlockImpl::DistilBertBlockImpl(const ModelConfig &config)
{
    attention = register_module("attention", DistilBertSelfAttention(config));
    sa_layer_norm = register_module("sa_layer_norm", makeLayerNorm(config.hiddenSize));
    ffn = register_module("ffn", DistilBertFfn(config));
    output_layer_norm = register_module("output_layer_norm", makeLayerNorm(config.hiddenSize));
}

torch::Tensor DistilBertBlockImpl::forward(const torch::Tensor &hidden, const torch::Tensor &additiveMask)
{
    const torch::Tensor attended = sa_layer_norm(attention(hidden, additiveMask) + hidden);
    return output_layer_norm(ffn(attended) + attended);
}

DistilBertTransformerImpl::DistilBertTransformerImpl(const ModelConfig &config)
{
    layer = register_module("layer", torch::nn::ModuleList());
    for (int i = 0; i < config.numLayers; ++i)
        layer->push_back(DistilBertBlock(config));
}

torch::Tensor DistilBertTransformerImpl::forward(torch::Tensor hidden, const torch::Tensor &additiveMask)
{
    for (std::size_t i = 0; i < layer->size(); ++i)
        hidden = layer->ptr<DistilBertBlockImpl>(i)->forward(hidden, additiveMask);
    return hidden;
}

DistilBertModelImpl::DistilBertModelImpl(const ModelConfig &config) : m_maxPositions(config.maxPositions)
{
    embeddings = register_module("embeddings", DistilBertEmbeddings(config));
    transformer = register_module("transformer", DistilBertTransformer(config));
}

torch::Tensor DistilBertModelImpl::forward(const torch::Tensor &inputIds, const torch::Tensor &attentionMask)
{
    checkEncoderInputs(inputIds, attentionMask, {}, m_maxPositions);
    const torch::Tensor x = embeddings(inputIds);
    return transformer(x, additiveAttentionMask(attentionMask, x.scalar_type()));
}

DistilBertClassifierImpl::DistilBertClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels)
    : EncoderClassifier("distilbert", head, numLabels), m_numLayers(config.numLayers),
      m_classifierDropout(config.effectiveClassifierDropout())
{
    distilbert = register_module("distilbert", DistilBertModel(config));
    if (head == ModelHead::SequenceClassification) {
        TORCH_CHECK(numLabels > 0, "a classification head needs at least one label");
        pre_classifier = register_module("pre_classifier", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
        classifier = register_module("classifier", torch::nn::Linear(config.hiddenSize, numLabels));
    }
}

torch::Tensor DistilBertClassifierImpl::hiddenStates(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                     const torch::Tensor &)
{
    return distilbert(inputIds, attentionMask);
}

torch::Tensor DistilBertClassifierImpl::classify(const torch::Tensor &hidden)
{
    TORCH_CHECK(hasHead(), "this DistilBERT model was built without a classification head");
    torch::Tensor pooled = torch::relu(pre_classifier(hidden.select(1, 0)));
    if (m_classifierDropout > 0 && is_training())
        pooled = torch::dropout(pooled, m_classifierDropout, true);
    return classifier(pooled);
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

Result<ModelConfig> parseConfig(const nlohmann::json &json, const std::string &source)
{
    ModelConfig c;
    c.raw = json;
    c.source = source;
    c.modelType = "distilbert";
    const ConfigReader r(c.raw, source);
    const auto dim = r.integer("dim", std::nullopt, 1);
    const auto layers = r.integer("n_layers", std::nullopt, 1);
    const auto heads = r.integer("n_heads", std::nullopt, 1);
    const auto hidden = r.integer("hidden_dim", std::nullopt, 1);
    const auto vocab = r.integer("vocab_size", std::nullopt, 1);
    const auto positions = r.integer("max_position_embeddings", std::nullopt, 1);
    const auto pad = r.integer("pad_token_id", 0, 0);
    for (const Result<int> *x : {&dim, &layers, &heads, &hidden, &vocab, &positions, &pad})
        if (!x->ok())
            return x->error();
    const auto act = r.string("activation", std::string("gelu"));
    if (!act)
        return act.error();
    const auto dropout = r.number("dropout", 0.1, 0.0, 1.0);
    const auto attentionDropout = r.number("attention_dropout", 0.1, 0.0, 1.0);
    const auto classifierDropout = r.number("seq_classif_dropout", 0.2, 0.0, 1.0);
    const auto range = r.number("initializer_range", 0.02, 0.0, 10.0);
    for (const Result<double> *x : {&dropout, &attentionDropout, &classifierDropout, &range})
        if (!x->ok())
            return x->error();
    const auto sinusoidal = r.boolean("sinusoidal_pos_embds", false);
    if (!sinusoidal)
        return sinusoidal.error();
    c.hiddenSize = c.embeddingSize = *dim;
    c.numLayers = *layers;
    c.numHeads = *heads;
    c.intermediateSize = *hidden;
    c.vocabSize = *vocab;
    c.maxPositions = *positions;
    c.padTokenId = *pad;
    c.typeVocabSize = 0;
    c.hiddenAct = *act;
    c.layerNormEps = kDistilBertLayerNormEps;
    c.hiddenDropout = *dropout;
    c.attentionDropout = *attentionDropout;
    c.classifierDropout = *classifierDropout;
    c.initializerRange = *range;
    c.sinusoidalPositions = *sinusoidal;
    if (auto x = parseCommonConfig(r, c); !x)
        return x.error();
    if (auto x = validateConfig(c); !x)
        return x.error();
    return c;
}

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels)
{
    return std::make_shared<DistilBertClassifierImpl>(config, head, numLabels);
}

ArchitectureInfo info()
{
    ArchitectureInfo a;
    a.name = "distilbert";
    a.modelTypes = {"distilbert"};
    a.basePrefix = "distilbert";
    a.baseClass = "DistilBertModel";
    a.classifierClass = "DistilBertForSequenceClassification";
    a.parseConfig = &parseConfig;
    a.create = &create;
    a.loraTargets = {"q_lin", "k_lin", "v_lin"};
    a.usesTokenTypeIds = false;
    return a;
}

} // namespace distilbert
} // namespace hone

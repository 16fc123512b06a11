#include "core/models/arch/roberta.h"

#include "core/models/layers/dropout.h"

namespace hone {


RobertaClassificationHeadImpl::RobertaClassificationHeadImpl(const ModelConfig &config, int numLabels)
    : m_dropout(config.effectiveClassifierDropout())
{
    dense = register_module("dense", torch::nn::Linear(config.hiddenSize, config.hiddenSize));
    out_proj = register_module("out_proj", torch::nn::Linear(config.hiddenSize, numLabels));
}

torch::Tensor RobertaClassificationHeadImpl::forward(const torch::Tensor &hidden)
{
    const torch::Tensor x = torch::tanh(dense(applyDropout(hidden.select(1, 0), m_dropout, is_training())));
    return out_proj(applyDropout(x, m_dropout, is_training()));
}

RobertaClassifierImpl::RobertaClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels)
    : EncoderClassifier("roberta", config, head, numLabels)
{
    roberta = register_module("roberta", BertModel(config, PositionIds::AfterPadding,
                                                   /*withPooler=*/head == ModelHead::None));
    if (head == ModelHead::SequenceClassification) {
        TORCH_CHECK(numLabels > 0, "a classification head needs at least one label");
        classifier = register_module("classifier", RobertaClassificationHead(config, numLabels));
    }
}

torch::Tensor RobertaClassifierImpl::encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                                                  const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs)
{
    return roberta(inputIds, attentionMask, tokenTypeIds, skipPadding, outputs);
}

torch::Tensor RobertaClassifierImpl::classify(const torch::Tensor &hidden)
{
    TORCH_CHECK(hasHead(), "this RoBERTa model was built without a classification head");
    return classifier(hidden);
}

namespace roberta {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels)
{
    return std::make_shared<RobertaClassifierImpl>(config, head, numLabels);
}

ArchitectureInfo info()
{
    return ArchitectureInfo(modelFamily("roberta"), &create);
}

ArchitectureInfo xlmRobertaInfo()
{
    return ArchitectureInfo(modelFamily("xlm-roberta"), &create);
}

} // namespace roberta
} // namespace hone

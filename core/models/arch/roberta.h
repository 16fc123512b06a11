#pragma once
// RoBERTa (Liu et al. 2019) and XLM-RoBERTa (Conneau et al. 2020): BERT's encoder with position
// ids that start at padding_idx + 1 and skip padding, and a two-layer head on the <s> token:
//   roberta.embeddings.* roberta.encoder.layer.N.* (as BERT)   classifier.dense  classifier.out_proj
// The base model (no head) has BERT's pooler, as RobertaModel does; the classifier has none.
#include "core/models/arch/bert.h"

namespace hone {

class RobertaClassificationHeadImpl : public torch::nn::Module {
public:
    RobertaClassificationHeadImpl(const ModelConfig &config, int numLabels);
    // dropout -> dense -> tanh -> dropout -> out_proj, on hidden[:, 0]
    torch::Tensor forward(const torch::Tensor &hidden);

    torch::nn::Linear dense{nullptr};
    torch::nn::Linear out_proj{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(RobertaClassificationHead);

class RobertaClassifierImpl : public EncoderClassifier {
public:
    RobertaClassifierImpl(const ModelConfig &config, ModelHead head, int numLabels);

    torch::Tensor encode(const torch::Tensor &inputIds, const torch::Tensor &attentionMask,
                         const torch::Tensor &tokenTypeIds, bool skipPadding, EncoderOutputs outputs) override;
    torch::Tensor classify(const torch::Tensor &hiddenStates) override;

    BertModel roberta{nullptr};
    RobertaClassificationHead classifier{nullptr};
};
TORCH_MODULE(RobertaClassifier);

namespace roberta {

std::shared_ptr<EncoderClassifier> create(const ModelConfig &config, ModelHead head, int numLabels);
ArchitectureInfo info();
ArchitectureInfo xlmRobertaInfo(); // model_type "xlm-roberta": the same network, XLM-R's class names

} // namespace roberta
} // namespace hone

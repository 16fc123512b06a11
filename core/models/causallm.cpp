#include "core/models/causallm.h"

#include "core/models/layers/lmheadloss.h"
#include "core/models/layers/lora.h"

#include <ATen/CPUGeneratorImpl.h>

namespace hone {

std::vector<torch::Tensor> CausalLM::parametersWithPrefix(const std::string &prefix)
{
    std::vector<torch::Tensor> result;
    for (const auto &item : named_parameters())
        if (item.key().compare(0, prefix.size(), prefix) == 0)
            result.push_back(item.value());
    return result;
}

std::vector<torch::Tensor> CausalLM::embeddingParameters()
{
    std::vector<torch::Tensor> result;
    for (const auto &prefix : embeddingPrefixes())
        for (auto &t : parametersWithPrefix(prefix))
            result.push_back(t);
    return result;
}

std::vector<torch::Tensor> CausalLM::layerParameters(int layer)
{
    TORCH_CHECK(layer >= 0 && layer < m_numLayers, "layer ", layer, " is out of range (the model has ", m_numLayers,
                " layers)");
    return parametersWithPrefix(layerPrefix(layer));
}

int CausalLM::enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets)
{
    return hone::enableLoRA(*this, options, targets);
}

void CausalLM::mergeLoRA()
{
    hone::mergeLoRA(*this);
}

bool CausalLM::hasLoRA()
{
    return hone::hasLoRA(*this);
}

std::vector<torch::Tensor> CausalLM::loraParameters()
{
    return hone::loraParameters(*this);
}

std::vector<std::pair<std::string, torch::Tensor>> CausalLM::exportTensors()
{
    return mergedParameters(*this);
}

torch::Tensor CausalLM::lmLogits(const torch::Tensor &hidden)
{
    const torch::Tensor weight = lmHeadWeight();
    torch::Tensor logits = decodeLinear(m_packedHead, hidden, weight, {}, is_training());
    return logits.defined() ? logits : torch::linear(hidden, weight);
}

torch::Tensor CausalLM::lmLossSum(const torch::Tensor &hidden, const torch::Tensor &labels)
{
    return lmHeadLossSum(hidden, lmHeadWeight(), labels);
}

void CausalLM::prepareForDecoding(WeightFormat format)
{
    for (auto &[name, projection] : namedProjections(*this))
        projection->packForDecoding(format);
    updatePackedWeight(m_packedHead, lmHeadWeight(), format, false);
    m_decodingFormat = format;
}

void CausalLM::initialiseParameters(double initializerRange, std::uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    for (auto &item : named_parameters()) {
        const std::string &name = item.key();
        torch::Tensor p = item.value();
        const bool isBias = name.size() >= 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        if (isNormParameter(name))
            p.fill_(isBias ? 0.0 : 1.0);
        else if (isBias)
            p.zero_();
        else
            p.normal_(0.0, initializerRange, generator);
    }
}

} // namespace hone

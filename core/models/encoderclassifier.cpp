#include "core/models/encoderclassifier.h"

#include "core/models/layers/dropout.h"
#include "core/models/layers/lora.h"

#include <ATen/CPUGeneratorImpl.h>

#include <set>

namespace hone {

namespace {

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool isLayerNormName(const std::string &name)
{
    return name.find("LayerNorm") != std::string::npos || name.find("layer_norm") != std::string::npos ||
           name.find("layernorm") != std::string::npos;
}

} // namespace

std::vector<torch::Tensor> EncoderClassifier::parametersWithPrefixes(const std::vector<std::string> &prefixes)
{
    std::vector<torch::Tensor> result;
    for (const auto &item : named_parameters()) {
        for (const auto &prefix : prefixes)
            if (startsWith(item.key(), prefix)) {
                result.push_back(item.value());
                break;
            }
    }
    return result;
}

std::vector<std::string> EncoderClassifier::embeddingPrefixes() const
{
    return {m_basePrefix + ".embeddings."};
}

std::vector<std::string> EncoderClassifier::layerPrefixes(int layer) const
{
    return {m_basePrefix + ".encoder.layer." + std::to_string(layer) + "."};
}

bool EncoderClassifier::isHeadParameter(const std::string &name) const
{
    return startsWith(name, "classifier.") || startsWith(name, m_basePrefix + ".pooler.");
}

std::vector<torch::Tensor> EncoderClassifier::embeddingParameters()
{
    return parametersWithPrefixes(embeddingPrefixes());
}

std::vector<torch::Tensor> EncoderClassifier::layerParameters(int layer)
{
    TORCH_CHECK(layer >= 0 && layer < numLayers(), "layer ", layer, " is out of range (the model has ", numLayers(),
                " layers)");
    return parametersWithPrefixes(layerPrefixes(layer));
}

std::vector<torch::Tensor> EncoderClassifier::headParameters()
{
    std::vector<torch::Tensor> result;
    for (const auto &item : named_parameters())
        if (isHeadParameter(item.key()))
            result.push_back(item.value());
    return result;
}

std::vector<std::pair<std::string, Projection>> EncoderClassifier::loraTargets()
{
    return namedProjections(*this);
}

int EncoderClassifier::enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets)
{
    return hone::enableLoRA(*this, options, targets);
}

void EncoderClassifier::mergeLoRA()
{
    hone::mergeLoRA(*this);
}

bool EncoderClassifier::hasLoRA()
{
    return hone::hasLoRA(*this);
}

std::vector<torch::Tensor> EncoderClassifier::loraParameters()
{
    return hone::loraParameters(*this);
}

std::vector<std::pair<std::string, torch::Tensor>> EncoderClassifier::exportTensors()
{
    return mergedParameters(*this);
}

void EncoderClassifier::initialiseParameters(const std::vector<std::string> &names, double initializerRange,
                                             std::uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const std::set<std::string> wanted(names.begin(), names.end());
    for (auto &item : named_parameters()) {
        if (!wanted.count(item.key()))
            continue;
        torch::Tensor p = item.value();
        const bool isBias = item.key().size() >= 5 && item.key().compare(item.key().size() - 5, 5, ".bias") == 0;
        if (isBias)
            p.zero_();
        else if (isLayerNormName(item.key()))
            p.fill_(1.0);
        else
            p.normal_(0.0, initializerRange, generator);
    }
}

bool isNoDecayParameter(const std::string &name)
{
    const auto dot = name.rfind('.');
    const std::string leaf = dot == std::string::npos ? name : name.substr(dot + 1);
    if (leaf == "bias")
        return true;
    const std::string module = dot == std::string::npos ? std::string() : name.substr(0, dot);
    return isLayerNormName(module.substr(module.rfind('.') == std::string::npos ? 0 : module.rfind('.') + 1));
}

torch::Tensor EncoderClassifier::classifierDropout(const torch::Tensor &pooled)
{
    return applyDropout(pooled, m_classifierDropout, is_training());
}

} // namespace hone

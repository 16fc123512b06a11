#include "core/models/encoderclassifier.h"

#include <ATen/CPUGeneratorImpl.h>

#include <map>
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
    std::vector<std::pair<std::string, Projection>> result;
    for (const auto &item : named_modules("", /*include_self=*/false))
        if (auto projection = std::dynamic_pointer_cast<ProjectionImpl>(item.value()))
            result.emplace_back(item.key(), Projection(projection));
    return result;
}

void EncoderClassifier::enableLoRA(const LoraOptions &options)
{
    std::uint64_t index = 0;
    for (auto &[name, projection] : loraTargets()) {
        LoraOptions own = options;
        own.seed = options.seed * 1000003ull + index++;
        projection->enableLoRA(own);
    }
}

void EncoderClassifier::mergeLoRA()
{
    for (auto &[name, projection] : loraTargets())
        projection->mergeLoRA();
}

bool EncoderClassifier::hasLoRA()
{
    for (auto &[name, projection] : loraTargets())
        if (projection->hasLoRA())
            return true;
    return false;
}

std::vector<torch::Tensor> EncoderClassifier::loraParameters()
{
    std::vector<torch::Tensor> result;
    for (auto &[name, projection] : loraTargets())
        if (projection->hasLoRA()) {
            result.push_back(projection->loraA()->weight);
            result.push_back(projection->loraB()->weight);
        }
    return result;
}

std::vector<std::pair<std::string, torch::Tensor>> EncoderClassifier::exportTensors()
{
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> merged;
    std::set<std::string> adapterNames;
    for (auto &[name, projection] : loraTargets()) {
        if (!projection->hasLoRA())
            continue;
        merged[name + ".weight"] = projection->mergedWeight();
        adapterNames.insert(name + ".lora_A.weight");
        adapterNames.insert(name + ".lora_B.weight");
    }
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto &item : named_parameters()) {
        if (adapterNames.count(item.key()))
            continue;
        auto it = merged.find(item.key());
        torch::Tensor t = it != merged.end() ? it->second : item.value();
        result.emplace_back(item.key(), t.detach().to(torch::kCPU, torch::kFloat).contiguous());
    }
    return result;
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

} // namespace hone

#include "core/models/layers/lora.h"

#include <map>
#include <set>

namespace hone {

std::vector<std::pair<std::string, Projection>> namedProjections(torch::nn::Module &module)
{
    std::vector<std::pair<std::string, Projection>> result;
    for (const auto &item : module.named_modules("", /*include_self=*/false))
        if (auto projection = std::dynamic_pointer_cast<ProjectionImpl>(item.value()))
            result.emplace_back(item.key(), Projection(projection));
    return result;
}

int enableLoRA(torch::nn::Module &module, const LoraOptions &options, const std::vector<std::string> &targets)
{
    std::uint64_t index = 0;
    int adapted = 0;
    for (auto &[name, projection] : namedProjections(module)) {
        LoraOptions own = options;
        own.seed = options.seed * 1000003ull + index++;
        if (!matchesLoraTarget(name, targets))
            continue;
        projection->enableLoRA(own);
        ++adapted;
    }
    return adapted;
}

void mergeLoRA(torch::nn::Module &module)
{
    for (auto &[name, projection] : namedProjections(module))
        projection->mergeLoRA();
}

bool hasLoRA(torch::nn::Module &module)
{
    for (auto &[name, projection] : namedProjections(module))
        if (projection->hasLoRA())
            return true;
    return false;
}

std::vector<torch::Tensor> loraParameters(torch::nn::Module &module)
{
    std::vector<torch::Tensor> result;
    for (auto &[name, projection] : namedProjections(module))
        if (projection->hasLoRA()) {
            result.push_back(projection->loraA()->weight);
            result.push_back(projection->loraB()->weight);
        }
    return result;
}

std::vector<std::pair<std::string, torch::Tensor>> mergedParameters(torch::nn::Module &module)
{
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> merged;
    std::set<std::string> adapterNames;
    for (auto &[name, projection] : namedProjections(module)) {
        if (!projection->hasLoRA())
            continue;
        merged[name + ".weight"] = projection->mergedWeight();
        adapterNames.insert(name + ".lora_A.weight");
        adapterNames.insert(name + ".lora_B.weight");
    }
    std::vector<std::pair<std::string, torch::Tensor>> result;
    for (const auto &item : module.named_parameters()) {
        if (adapterNames.count(item.key()))
            continue;
        auto it = merged.find(item.key());
        torch::Tensor t = it != merged.end() ? it->second : item.value();
        result.emplace_back(item.key(), t.detach().to(torch::kCPU, torch::kFloat).contiguous());
    }
    return result;
}

} // namespace hone

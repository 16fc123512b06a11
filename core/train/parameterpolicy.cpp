#include "core/train/parameterpolicy.h"

#include "core/models/encoderclassifier.h"

#include <algorithm>

namespace hone {

Result<std::vector<OptimizedParameter>> applyParameterPolicy(Task &task, const TrainingConfig &config)
{
    torch::nn::Module &net = task.module();
    if (config.lora.enabled) {
        for (auto &p : net.parameters())
            p.requires_grad_(false);
        if (task.enableLoRA({config.lora.rank, config.lora.alpha, config.lora.dropout, config.seed},
                            loraTargetList(config.lora.targetModules)) == 0)
            return makeError(ErrorCode::InvalidArgument, "lora.target_modules: \"" + config.lora.targetModules +
                                                             "\" names no projection of this model (e.g. q_proj, v_proj for "
                                                             "Llama/Qwen2, c_attn for GPT-2, query, value for BERT)");
        for (auto &p : task.modelParts().head)
            p.requires_grad_(true);
    }
    const ModelParts parts = task.modelParts();
    if (config.freezeEmbeddings)
        for (auto p : parts.embeddings)
            p.requires_grad_(false);
    const auto frozenLayers = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, config.freezeLayers)), parts.layers.size());
    for (std::size_t layer = 0; layer < frozenLayers; ++layer)
        for (auto p : parts.layers[layer])
            p.requires_grad_(false);

    std::vector<OptimizedParameter> params;
    for (const auto &item : net.named_parameters())
        if (item.value().requires_grad())
            params.push_back({item.key(), item.value(),
                              isNoDecayParameter(item.key()) || parts.noDecay.count(item.key()) ? 0.0 : config.weightDecay});
    if (params.empty())
        return makeError(ErrorCode::InvalidArgument, "freeze_layers/freeze_embeddings: nothing is left to train");
    return params;
}

} // namespace hone

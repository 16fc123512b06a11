#pragma once
// The optimizers of TrainingConfig::optim, written out so that every one follows torch.optim's
// update rule exactly (HF's "adamw_torch" default included), supports parameter groups (no weight
// decay on biases and LayerNorm), and keeps its state as named tensors that checkpoints store
// in safetensors (never pickle). LibTorch 1.13 lacks Adadelta, which is one more reason.
#include "core/train/trainingconfig.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hone {

struct OptimizedParameter {
    std::string name;
    torch::Tensor tensor;
    double weightDecay = 0;
};

class Optimizer {
public:
    virtual ~Optimizer() = default;

    // One update with learning rate lr for every parameter that has a gradient.
    void step(double lr);
    void zeroGrad();
    std::int64_t stepCount() const { return m_steps; }

    // "<parameter name>/<slot>" → tensor, plus the step count; for checkpoints.
    std::map<std::string, torch::Tensor> state() const;
    void loadState(const std::map<std::string, torch::Tensor> &state, std::int64_t steps);

protected:
    explicit Optimizer(std::vector<OptimizedParameter> params, std::vector<std::string> slots);
    // Updates one parameter in place; slots are this parameter's state tensors (zeros at first).
    virtual void update(torch::Tensor &param, const torch::Tensor &grad, std::vector<torch::Tensor> &slots,
                        double lr, double weightDecay, std::int64_t step) = 0;

private:
    std::vector<OptimizedParameter> m_params;
    std::vector<std::string> m_slotNames;
    std::vector<std::vector<torch::Tensor>> m_slots; // per parameter, lazily created
    std::int64_t m_steps = 0;
};

// The optimizer config.optim names; nullptr for a name that is not one of optimizerNames() (never
// a silent AdamW).
std::unique_ptr<Optimizer> makeOptimizer(const TrainingConfig &config, std::vector<OptimizedParameter> params);

// HF's get_{linear,cosine,constant}_schedule_with_warmup: the multiplier of the base learning
// rate for the optimizer step with 0-based index `step`.
double scheduleFactor(const std::string &type, std::int64_t step, std::int64_t warmupSteps, std::int64_t totalSteps);

} // namespace hone

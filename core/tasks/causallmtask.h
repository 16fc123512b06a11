#pragma once
// Causal language modelling, as transformers' *ForCausalLM trains it: instruction tuning ("sft")
// on Alpaca/ShareGPT/OpenAI data rendered with the model's chat template, the loss on the
// assistant's tokens (train_on "assistant") or on every token ("all"); continued pre-training
// ("pretrain") on plain text. The loss is the mean cross-entropy of each counted token given the
// tokens before it (labels shifted by one, -100 ignored). Evaluations report that loss and its
// perplexity, and the model's greedy answers to the first sample_prompts prompts of the split.
// LoRA adapts the family's projections (q/k/v/o/gate/up/down; c_attn/c_proj/c_fc for GPT-2);
// saveModel writes a Hugging Face folder with the adapters merged.
#include "core/models/causallmloader.h"
#include "core/tasks/task.h"
#include "core/text/tokenizer.h"

#include <memory>

namespace hone {

class CausalLmTask : public Task {
public:
    explicit CausalLmTask(TrainingConfig config);
    ~CausalLmTask() override;

    const TaskInfo &info() const override;
    Result<void> prepare(TaskHost &host, RunStart start) override;
    torch::nn::Module &module() override;
    ModelParts modelParts() override;
    int enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets) override;
    std::size_t size(SplitRole split) const override;
    const std::vector<std::size_t> &lengths(SplitRole split) const override;
    TaskBatch batch(SplitRole split, const std::vector<std::size_t> &positions) const override;
    torch::Tensor forward(const TaskBatch &batch) override;
    torch::Tensor trainingLoss(const TaskBatch &batch, const torch::Tensor &output) override;
    double lossWeight(SplitRole split, const std::vector<std::size_t> &positions) const override;
    std::map<std::string, double> takeTrainingMetrics() override;
    std::unique_ptr<EvalAccumulator> startEvaluation(SplitRole split) const override;
    Result<void> saveModel(const std::filesystem::path &dir) override;
    void describe(RunSummary &summary) const override;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// Where the causal-LM loss looks in a batch with targets [B, T] (-100: not learnt): the positions
// whose next token is a target, as flat indices b * T + t in reading order, and those next tokens.
struct NextTokenTargets {
    torch::Tensor positions; // [M] int64
    torch::Tensor labels;    // [M] int64

    static NextTokenTargets of(const torch::Tensor &targets);
};

// The causal-LM loss is CausalLM::lmLossSum on the hidden rows at NextTokenTargets' positions
// against its labels; transformers' ForCausalLMLoss on logits [B, T, V] (labels shifted by one,
// -100 ignored) gives the same sum.

// The Hugging Face folder a causal-LM run saves and exports: config.json and model.safetensors (LoRA
// merged), the base's tokenizer files - for a .gguf base, tokenizer.json and tokenizer_config.json
// written from its metadata - generation_config.json when the base has one, and the chat template
// (chatTemplate, else a .gguf base's own) as chat_template.jinja.
Result<void> saveCausalLmFolder(CausalLM &model, const LoadedCausalLM &base, const Tokenizer &tokenizer,
                                const std::string &chatTemplate, const std::filesystem::path &dir);

} // namespace hone

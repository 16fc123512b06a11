#include "core/train/trainingoptions.h"

#include "core/eval/metrics.h"
#include "core/io/jsoninteger.h"
#include "core/train/trainingconfig.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

// The marker lupdate looks for (core has no Qt; the GUI translates in kTrainingOptionsContext).
#define QT_TRANSLATE_NOOP(context, text) text

namespace hone {
using nlohmann::json;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Builds one table row; keeps the rows below to a few readable lines each.
class Row {
public:
    Row(const char *key, const char *flag, OptionKind kind, const char *group, const char *label, const char *help)
    {
        m_o.key = key;
        m_o.flag = flag;
        m_o.kind = kind;
        m_o.group = group;
        m_o.label = label;
        m_o.help = help;
    }
    Row &range(double min, double max, bool minOpen = false, bool maxOpen = false)
    {
        m_o.range = {min, max, minOpen, maxOpen};
        return *this;
    }
    Row &choices(std::function<std::vector<std::string>()> f)
    {
        m_o.choices = std::move(f);
        return *this;
    }
    Row &minimumMeans(const char *text)
    {
        m_o.minimumMeans = text;
        return *this;
    }
    Row &step(double s)
    {
        m_o.step = s;
        return *this;
    }
    Row &logScale()
    {
        m_o.logScale = true;
        return *this;
    }
    Row &essential()
    {
        m_o.essential = true;
        return *this;
    }
    Row &launch()
    {
        m_o.launch = true;
        return *this;
    }
    Row &tasks(std::vector<std::string> names)
    {
        m_o.tasks = std::move(names);
        return *this;
    }
    template <typename T>
    Row &field(T TrainingConfig::*m)
    {
        m_o.get = [m](const TrainingConfig &c) { return json(c.*m); };
        m_o.set = [m](TrainingConfig &c, const json &v) { c.*m = v.get<T>(); };
        return *this;
    }
    template <typename S, typename T>
    Row &field(S TrainingConfig::*outer, T S::*inner)
    {
        m_o.get = [outer, inner](const TrainingConfig &c) { return json(c.*outer.*inner); };
        m_o.set = [outer, inner](TrainingConfig &c, const json &v) { c.*outer.*inner = v.get<T>(); };
        return *this;
    }
    operator TrainingOption() const { return m_o; }

private:
    TrainingOption m_o;
};

std::vector<std::string> metricChoices()
{
    std::vector<std::string> names = metricNames();
    names.push_back("loss");
    names.push_back("perplexity"); // language-model tasks
    return names;
}

using K = OptionKind;

std::vector<TrainingOption> buildTable()
{
    using C = TrainingConfig;
    using D = DataConfig;
    using L = LoraConfig;
    using P = LaunchSettings;
    // The tasks of the rows that do not apply to every task.
    const std::vector<std::string> kClassification = {"classification"};
    const std::vector<std::string> kLanguageModel = {"sft", "pretrain"};
    return {
        // Run.
        Row("name", "--name", K::String, "run", QT_TRANSLATE_NOOP("TrainingOptions", "Run name:"), QT_TRANSLATE_NOOP("TrainingOptions", "Name of the run; the run folder's name ends with it."))
            .field(&C::name),
        Row("model", "--model", K::Path, "run", QT_TRANSLATE_NOOP("TrainingOptions", "Model:"), QT_TRANSLATE_NOOP("TrainingOptions", "Pretrained model: a Hugging Face folder or the name of a discovered model."))
            .essential().field(&C::model),
        Row("seed", "--seed", K::Int, "run", QT_TRANSLATE_NOOP("TrainingOptions", "Seed:"), QT_TRANSLATE_NOOP("TrainingOptions", "Seed for the split, the new weights, the order of the texts and dropout: the same seed gives the same run."))
            .range(0, 18446744073709551615.0).essential().field(&C::seed),

        // Data.
        Row("data.file", "--data", K::Path, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Data file:"), QT_TRANSLATE_NOOP("TrainingOptions", "One labelled file, split into training, validation and test by the split ratios."))
            .field(&C::data, &D::file),
        Row("data.train", "--train", K::Path, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Training file:"), QT_TRANSLATE_NOOP("TrainingOptions", "Training file (instead of one file split by ratios)."))
            .field(&C::data, &D::train),
        Row("data.validation", "--validation", K::Path, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Validation file:"), QT_TRANSLATE_NOOP("TrainingOptions", "Validation file; when empty, validation rows are carved from the training file."))
            .field(&C::data, &D::validation),
        Row("data.test", "--test", K::Path, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Test file:"), QT_TRANSLATE_NOOP("TrainingOptions", "Test file, evaluated once with the best model at the end."))
            .field(&C::data, &D::test),
        Row("data.text_column", "--text-column", K::String, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Text column:"), QT_TRANSLATE_NOOP("TrainingOptions", "Column with the text; empty detects it."))
            .tasks(kClassification).field(&C::data, &D::textColumn),
        Row("data.text_pair_column", "--text-pair-column", K::String, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Second text column:"), QT_TRANSLATE_NOOP("TrainingOptions", "Column with a second text, for sentence pairs."))
            .tasks(kClassification).field(&C::data, &D::textPairColumn),
        Row("data.label_column", "--label-column", K::String, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Label column:"), QT_TRANSLATE_NOOP("TrainingOptions", "Column with the label; empty detects it."))
            .tasks(kClassification).field(&C::data, &D::labelColumn),
        Row("data.encoding", "--encoding", K::String, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Encoding:"), QT_TRANSLATE_NOOP("TrainingOptions", "Character encoding of the data files: auto, utf-8, utf-16, gb18030, gbk, latin-1."))
            .field(&C::data, &D::encoding),
        Row("data.split", "--split", K::Ratios, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Split:"), QT_TRANSLATE_NOOP("TrainingOptions", "Shares of training, validation and test rows when one file is split, e.g. 0.8,0.1,0.1."))
            .range(0, 1).field(&C::data, &D::split),
        Row("data.stratify", "--stratify", K::Bool, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Stratify by label"), QT_TRANSLATE_NOOP("TrainingOptions", "Keep each label's share the same in every split."))
            .tasks(kClassification).field(&C::data, &D::stratify),

        // Training (the wizard's first group).
        Row("num_train_epochs", "--epochs", K::Float, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Epochs:"), QT_TRANSLATE_NOOP("TrainingOptions", "How many times training goes through all training texts."))
            .range(0, 10000).essential().field(&C::numTrainEpochs),
        Row("learning_rate", "--lr", K::Float, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Learning rate:"), QT_TRANSLATE_NOOP("TrainingOptions", "Step size of the optimizer. Fine-tuning usually works between 1e-5 and 1e-4; too high and the loss jumps or diverges."))
            .range(0, 1, true).logScale().essential().field(&C::learningRate),
        Row("per_device_train_batch_size", "--batch-size", K::Int, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Batch size:"), QT_TRANSLATE_NOOP("TrainingOptions", "Texts per training step. Larger batches use more memory and give smoother updates."))
            .range(1, 4096).essential().field(&C::perDeviceTrainBatchSize),
        Row("max_length", "--max-length", K::Int, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Max length (tokens):"), QT_TRANSLATE_NOOP("TrainingOptions", "Texts longer than this many tokens are cut. Longer limits cost memory and time (attention grows with the square of the length)."))
            .range(8, 8192).step(16).essential().field(&C::maxLength),
        Row("eval_strategy", "--eval-strategy", K::Choice, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Evaluate:"), QT_TRANSLATE_NOOP("TrainingOptions", "When to measure the model on the validation split."))
            .choices([] { return std::vector<std::string>{"epoch", "steps", "no"}; }).field(&C::evalStrategy),
        Row("eval_steps", "--eval-steps", K::Int, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Evaluate every:"), QT_TRANSLATE_NOOP("TrainingOptions", "With evaluation every N steps: the number of optimizer steps between evaluations."))
            .range(1, 1e9).step(50).field(&C::evalSteps),
        Row("metric_for_best_model", "--metric", K::Choice, "training", QT_TRANSLATE_NOOP("TrainingOptions", "Best model by:"), QT_TRANSLATE_NOOP("TrainingOptions", "The validation metric that decides which checkpoint is the best one (and drives early stopping)."))
            .choices(metricChoices).field(&C::metricForBestModel),

        // Optimizer.
        Row("optim", "--optim", K::Choice, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Optimizer:"), QT_TRANSLATE_NOOP("TrainingOptions", "The optimizer. AdamW (Adam with decoupled weight decay) is the standard for fine-tuning transformers."))
            .choices(optimizerNames).essential().field(&C::optim),
        Row("weight_decay", "--weight-decay", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Weight decay:"), QT_TRANSLATE_NOOP("TrainingOptions", "Shrinks the weights a little at every step, which regularises. 0.01 is common; biases and LayerNorm weights are not decayed."))
            .range(0, 1).step(0.01).field(&C::weightDecay),
        Row("adam_beta1", "--adam-beta1", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Adam β1:"), QT_TRANSLATE_NOOP("TrainingOptions", "Decay rate of Adam's running mean of the gradients."))
            .range(0, 1, false, true).step(0.01).field(&C::adamBeta1),
        Row("adam_beta2", "--adam-beta2", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Adam β2:"), QT_TRANSLATE_NOOP("TrainingOptions", "Decay rate of Adam's running mean of the squared gradients."))
            .range(0, 1, false, true).step(0.001).field(&C::adamBeta2),
        Row("adam_epsilon", "--adam-epsilon", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Adam ε:"), QT_TRANSLATE_NOOP("TrainingOptions", "Small constant that keeps the optimizer's division stable."))
            .range(0, 0.1).logScale().field(&C::adamEpsilon),
        Row("momentum", "--momentum", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Momentum:"), QT_TRANSLATE_NOOP("TrainingOptions", "Momentum of SGD and RMSprop."))
            .range(0, 1, false, true).step(0.05).field(&C::momentum),
        Row("nesterov", "--nesterov", K::Bool, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Nesterov momentum"), QT_TRANSLATE_NOOP("TrainingOptions", "Use Nesterov's variant of momentum (SGD only)."))
            .field(&C::nesterov),
        Row("max_grad_norm", "--max-grad-norm", K::Float, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Clip gradients at:"), QT_TRANSLATE_NOOP("TrainingOptions", "Gradients whose total norm exceeds this are scaled down, which prevents sudden jumps. 0 turns clipping off."))
            .range(0, 1e6).step(0.5).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "off")).field(&C::maxGradNorm),
        Row("gradient_accumulation_steps", "--grad-accum", K::Int, "optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Accumulate batches:"), QT_TRANSLATE_NOOP("TrainingOptions", "Adds up the gradients of this many batches before each optimizer step: a larger effective batch without more memory."))
            .range(1, 1024).field(&C::gradientAccumulationSteps),

        // Schedule.
        Row("lr_scheduler_type", "--scheduler", K::Choice, "schedule", QT_TRANSLATE_NOOP("TrainingOptions", "Schedule:"), QT_TRANSLATE_NOOP("TrainingOptions", "How the learning rate changes over the run after the warm-up."))
            .choices(schedulerNames).essential().field(&C::lrSchedulerType),
        Row("warmup_ratio", "--warmup-ratio", K::Float, "schedule", QT_TRANSLATE_NOOP("TrainingOptions", "Warm-up share:"), QT_TRANSLATE_NOOP("TrainingOptions", "Share of all steps during which the learning rate rises from 0 to its value."))
            .range(0, 1, false, true).step(0.01).field(&C::warmupRatio),
        Row("warmup_steps", "--warmup-steps", K::Int, "schedule", QT_TRANSLATE_NOOP("TrainingOptions", "Warm-up steps:"), QT_TRANSLATE_NOOP("TrainingOptions", "Warm-up as a number of steps instead of a share."))
            .range(0, 1e9).step(10).field(&C::warmupSteps),
        Row("max_steps", "--max-steps", K::Int, "schedule", QT_TRANSLATE_NOOP("TrainingOptions", "Stop after steps:"), QT_TRANSLATE_NOOP("TrainingOptions", "Stop after this many optimizer steps, whatever the number of epochs."))
            .range(-1, 1e12).step(100).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "off (use epochs)")).field(&C::maxSteps),

        // Evaluation and checkpoints.
        Row("per_device_eval_batch_size", "--eval-batch-size", K::Int, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Evaluation batch size:"), QT_TRANSLATE_NOOP("TrainingOptions", "Texts per batch when evaluating; no gradients are kept, so it can be larger."))
            .range(1, 4096).field(&C::perDeviceEvalBatchSize),
        Row("logging_steps", "--logging-steps", K::Int, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Log every:"), QT_TRANSLATE_NOOP("TrainingOptions", "Steps between the points of the training loss curve."))
            .range(1, 1e9).field(&C::loggingSteps),
        Row("greater_is_better", "--greater-is-better", K::Bool, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Higher metric is better"), QT_TRANSLATE_NOOP("TrainingOptions", "Whether a higher value of the chosen metric is better (off for loss). Follows the metric unless given."))
            .field(&C::greaterIsBetter),
        Row("load_best_model_at_end", "--load-best-model-at-end", K::Bool, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Keep the best model (not the last)"), QT_TRANSLATE_NOOP("TrainingOptions", "At the end, keep the checkpoint with the best validation metric rather than the last one."))
            .field(&C::loadBestModelAtEnd),
        Row("early_stopping_patience", "--patience", K::Int, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Early stopping patience:"), QT_TRANSLATE_NOOP("TrainingOptions", "Stop when the metric has not improved for this many evaluations. 0 turns early stopping off."))
            .range(0, 1000).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "off")).field(&C::earlyStoppingPatience),
        Row("early_stopping_threshold", "--early-stopping-threshold", K::Float, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Early stopping threshold:"), QT_TRANSLATE_NOOP("TrainingOptions", "How much the metric must improve to count as an improvement."))
            .range(0, 1e6).step(0.001).field(&C::earlyStoppingThreshold),
        Row("save_total_limit", "--save-total-limit", K::Int, "evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Checkpoints kept:"), QT_TRANSLATE_NOOP("TrainingOptions", "How many checkpoints are kept on disk; the best one is never deleted."))
            .range(1, 1000).field(&C::saveTotalLimit),

        // Regularisation and freezing.
        Row("label_smoothing_factor", "--label-smoothing", K::Float, "regularisation", QT_TRANSLATE_NOOP("TrainingOptions", "Label smoothing:"), QT_TRANSLATE_NOOP("TrainingOptions", "Softens the target labels (e.g. 0.1), which can help with noisy labels."))
            .range(0, 1, false, true).step(0.05).tasks(kClassification).field(&C::labelSmoothingFactor),
        Row("class_weights", "--class-weights", K::Choice, "regularisation", QT_TRANSLATE_NOOP("TrainingOptions", "Class weights:"), QT_TRANSLATE_NOOP("TrainingOptions", "Weights the loss so that rare classes count as much as frequent ones (useful with imbalanced data)."))
            .choices([] { return std::vector<std::string>{"none", "balanced"}; }).tasks(kClassification).field(&C::classWeights),
        Row("freeze_embeddings", "--freeze-embeddings", K::Bool, "regularisation", QT_TRANSLATE_NOOP("TrainingOptions", "Freeze the embeddings"), QT_TRANSLATE_NOOP("TrainingOptions", "Do not train the token embeddings: faster, less memory, sometimes more robust on small data."))
            .field(&C::freezeEmbeddings),
        Row("freeze_layers", "--freeze-layers", K::Int, "regularisation", QT_TRANSLATE_NOOP("TrainingOptions", "Freeze lowest layers:"), QT_TRANSLATE_NOOP("TrainingOptions", "Do not train the lowest N encoder layers."))
            .range(0, 1024).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "none")).field(&C::freezeLayers),

        // LoRA.
        Row("lora.enabled", "--lora", K::Bool, "lora", QT_TRANSLATE_NOOP("TrainingOptions", "Train LoRA adapters"), QT_TRANSLATE_NOOP("TrainingOptions", "Low-rank adapters: train small extra matrices in the attention layers instead of all weights. Far less memory for the optimizer."))
            .field(&C::lora, &L::enabled),
        Row("lora.r", "--lora-r", K::Int, "lora", QT_TRANSLATE_NOOP("TrainingOptions", "Rank (r):"), QT_TRANSLATE_NOOP("TrainingOptions", "Rank of the adapter matrices; higher adapts more and costs more."))
            .range(1, 1024).field(&C::lora, &L::rank),
        Row("lora.alpha", "--lora-alpha", K::Float, "lora", QT_TRANSLATE_NOOP("TrainingOptions", "Alpha:"), QT_TRANSLATE_NOOP("TrainingOptions", "Scale of the adapters' contribution (alpha / r)."))
            .range(0, 4096, true).field(&C::lora, &L::alpha),
        Row("lora.dropout", "--lora-dropout", K::Float, "lora", QT_TRANSLATE_NOOP("TrainingOptions", "Dropout:"), QT_TRANSLATE_NOOP("TrainingOptions", "Dropout on the adapters' input."))
            .range(0, 1, false, true).step(0.05).field(&C::lora, &L::dropout),
        Row("lora.target_modules", "--lora-target-modules", K::String, "lora", QT_TRANSLATE_NOOP("TrainingOptions", "Target modules:"), QT_TRANSLATE_NOOP("TrainingOptions", "Comma-separated names of the projections that get adapters (PEFT's target_modules, e.g. q_proj,v_proj); empty: the model's usual ones (a decoder's attention and MLP projections, an encoder's every projection)."))
            .field(&C::lora, &L::targetModules),

        // Language models (sft, pretrain); the task is a run setting, the chat template a data one (the wizard's
        // model and data pages choose them).
        Row("task", "--task", K::Choice, "run", QT_TRANSLATE_NOOP("TrainingOptions", "Task:"), QT_TRANSLATE_NOOP("TrainingOptions", "What to train: classification (an encoder learns labels), sft (a chat model learns from instruction data) or pretrain (a decoder continues pre-training on plain text)."))
            .choices(trainingTaskNames).field(&C::task),
        Row("chat_template", "--chat-template", K::String, "data", QT_TRANSLATE_NOOP("TrainingOptions", "Chat template:"), QT_TRANSLATE_NOOP("TrainingOptions", "The template that turns conversations into text: empty uses the model's own; or a built-in one (chatml, llama3, gemma, alpaca) or a .jinja file."))
            .tasks(kLanguageModel).field(&C::chatTemplate),
        Row("train_on", "--train-on", K::Choice, "language_model", QT_TRANSLATE_NOOP("TrainingOptions", "Loss on:"), QT_TRANSLATE_NOOP("TrainingOptions", "Instruction tuning: learn the assistant's answers only (usual), or every token of the conversation."))
            .choices([] { return std::vector<std::string>{"assistant", "all"}; }).tasks({"sft"}).field(&C::trainOn),
        Row("packing", "--packing", K::Bool, "language_model", QT_TRANSLATE_NOOP("TrainingOptions", "Pack short samples"), QT_TRANSLATE_NOOP("TrainingOptions", "Concatenates short training samples into rows of the maximum length: less padding, faster epochs."))
            .tasks(kLanguageModel).field(&C::packing),
        Row("max_new_tokens", "--max-new-tokens", K::Int, "language_model", QT_TRANSLATE_NOOP("TrainingOptions", "Sample answer length:"), QT_TRANSLATE_NOOP("TrainingOptions", "At each evaluation the model answers a few validation prompts; at most this many tokens each."))
            .range(1, 4096).step(16).tasks(kLanguageModel).field(&C::maxNewTokens),
        Row("sample_prompts", "--sample-prompts", K::Int, "language_model", QT_TRANSLATE_NOOP("TrainingOptions", "Sample prompts:"), QT_TRANSLATE_NOOP("TrainingOptions", "How many validation prompts (the first ones) the model answers at each evaluation; 0 answers none."))
            .range(0, 100).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "none")).tasks(kLanguageModel).field(&C::samplePrompts),

        // Speed.
        Row("bf16", "--bf16", K::Bool, "speed", QT_TRANSLATE_NOOP("TrainingOptions", "bfloat16 mixed precision (faster on CPUs with AVX-512 BF16)"), QT_TRANSLATE_NOOP("TrainingOptions", "Runs matrix products in bfloat16 with float32 weights (CPU autocast). On by default where the CPU has native bfloat16 (AVX-512 BF16 or AMX), where it trains about 1.6x faster at the same accuracy; without it, it is emulated and far slower."))
            .essential().field(&C::bf16), // its default follows the CPU: a copied command must say which
        Row("group_by_length", "--group-by-length", K::Bool, "speed", QT_TRANSLATE_NOOP("TrainingOptions", "Group texts of similar length (less padding)"), QT_TRANSLATE_NOOP("TrainingOptions", "Batches texts of similar length together, so less padding is computed."))
            .field(&C::groupByLength),
        Row("threads", "--threads", K::Int, "speed", QT_TRANSLATE_NOOP("TrainingOptions", "Threads:"), QT_TRANSLATE_NOOP("TrainingOptions", "CPU threads for this run; 0 uses all cores. The default comes from Settings."))
            .range(0, 1024).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "all cores")).field(&C::threads),

        // Several processes or machines (hone-cli's launcher, like torchrun; not saved with the run).
        Row("nproc_per_node", "--nproc-per-node", K::Int, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Processes:"), QT_TRANSLATE_NOOP("TrainingOptions", "Processes training on this machine, each on its share of every batch (data parallelism); the batch size is per process. 1 trains in one process. With few cores, one process per core often trains faster than one process using them as threads; more processes than cores is slower."))
            .range(1, 1024).launch().field(&C::launch, &P::nprocPerNode),
        Row("nnodes", "--nnodes", K::Int, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Machines:"), QT_TRANSLATE_NOOP("TrainingOptions", "Machines taking part; each runs the same command with its own node rank."))
            .range(1, 1024).launch().field(&C::launch, &P::nnodes),
        Row("node_rank", "--node-rank", K::Int, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Machine index:"), QT_TRANSLATE_NOOP("TrainingOptions", "This machine's index, 0 to machines - 1; machine 0 serves the rendezvous and writes the run folder."))
            .range(0, 1023).launch().field(&C::launch, &P::nodeRank),
        Row("master_addr", "--master-addr", K::String, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Rendezvous address:"), QT_TRANSLATE_NOOP("TrainingOptions", "Address of machine 0, which the other machines connect to."))
            .launch().field(&C::launch, &P::masterAddr),
        Row("master_port", "--master-port", K::Int, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Rendezvous port:"), QT_TRANSLATE_NOOP("TrainingOptions", "TCP port of the rendezvous on machine 0; needed with several machines."))
            .range(0, 65535).minimumMeans(QT_TRANSLATE_NOOP("TrainingOptions", "any free port (one machine only)")).launch().field(&C::launch, &P::masterPort),
        Row("dist_timeout", "--dist-timeout", K::Int, "distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Silent rank timeout (s):"), QT_TRANSLATE_NOOP("TrainingOptions", "Seconds the processes wait for one that has gone silent before all stop with an error naming it."))
            .range(1, 86400).launch().field(&C::launch, &P::timeoutSeconds),
    };
}

Error invalid(const std::string &key, const std::string &what)
{
    return makeError(ErrorCode::InvalidArgument, key + ": " + what);
}

std::string joined(const std::vector<std::string> &list)
{
    std::string s;
    for (const auto &v : list)
        s += (s.empty() ? "" : ", ") + v;
    return s;
}

} // namespace

bool OptionRange::contains(double v) const
{
    if (std::isnan(v))
        return false;
    return (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
}

namespace {

// 10000 rather than 1e+04 in help texts; the exact form where it is not a whole number.
std::string readableNumber(double v)
{
    if (std::fabs(v) < 1e15 && std::trunc(v) == v) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    return formatNumber(v);
}

} // namespace

std::string OptionRange::text() const
{
    if (max == kInf)
        return min == -kInf ? "any value" : (minOpen ? "above " : "") + readableNumber(min) + (minOpen ? "" : " or more");
    return std::string(minOpen ? "(" : "[") + readableNumber(min) + ", " + readableNumber(max) + (maxOpen ? ")" : "]");
}

const std::vector<TrainingOption> &trainingOptions()
{
    static const std::vector<TrainingOption> table = buildTable();
    return table;
}

const std::vector<OptionGroup> &trainingOptionGroups()
{
    static const std::vector<OptionGroup> groups = {
        {"run", QT_TRANSLATE_NOOP("TrainingOptions", "Run")},
        {"data", QT_TRANSLATE_NOOP("TrainingOptions", "Data")},
        {"training", QT_TRANSLATE_NOOP("TrainingOptions", "Training")},
        {"optimizer", QT_TRANSLATE_NOOP("TrainingOptions", "Optimizer")},
        {"schedule", QT_TRANSLATE_NOOP("TrainingOptions", "Learning-rate schedule")},
        {"evaluation", QT_TRANSLATE_NOOP("TrainingOptions", "Evaluation and checkpoints")},
        {"regularisation", QT_TRANSLATE_NOOP("TrainingOptions", "Regularisation and freezing")},
        {"lora", QT_TRANSLATE_NOOP("TrainingOptions", "LoRA adapters (train far fewer weights)")},
        {"language_model", QT_TRANSLATE_NOOP("TrainingOptions", "Language models (instruction tuning, pre-training)")},
        {"speed", QT_TRANSLATE_NOOP("TrainingOptions", "Speed")},
        {"distributed", QT_TRANSLATE_NOOP("TrainingOptions", "Several processes or machines (data parallelism)")},
    };
    return groups;
}

bool optionAppliesToTask(const TrainingOption &option, const std::string &task)
{
    return option.tasks.empty() || std::find(option.tasks.begin(), option.tasks.end(), task) != option.tasks.end();
}

const TrainingOption *findTrainingOption(const std::string &key)
{
    for (const TrainingOption &o : trainingOptions())
        if (o.key == key)
            return &o;
    return nullptr;
}

std::string optionKindName(OptionKind kind)
{
    switch (kind) {
    case OptionKind::Int: return "integer";
    case OptionKind::Float: return "number";
    case OptionKind::Bool: return "true or false";
    case OptionKind::String: return "text";
    case OptionKind::Choice: return "choice";
    case OptionKind::Path: return "path";
    case OptionKind::Ratios: return "ratios";
    }
    return "value";
}

Result<void> checkOptionValue(const TrainingOption &o, const json &v)
{
    const auto wrongType = [&] { return invalid(o.key, "has the wrong type (" + v.dump() + "; expected " + optionKindName(o.kind) + ")"); };
    const auto outOfRange = [&](double x) {
        return invalid(o.key, formatNumber(x) + " is out of range: must be in " + o.range.text() +
                                  (*o.minimumMeans ? " (" + formatNumber(o.range.min) + ": " + o.minimumMeans + ")" : ""));
    };
    switch (o.kind) {
    case OptionKind::Int:
        if (!v.is_number() || (v.is_number_float() && std::trunc(v.get<double>()) != v.get<double>()))
            return wrongType();
        // A whole float no 64-bit integer holds (2^64 passes the seed's double range) converts with UB.
        if (!o.range.contains(v.get<double>()) || (!exactSignedInteger(v) && !exactUnsignedInteger(v)))
            return outOfRange(v.get<double>());
        return {};
    case OptionKind::Float:
        if (!v.is_number())
            return wrongType();
        if (!o.range.contains(v.get<double>()))
            return outOfRange(v.get<double>());
        return {};
    case OptionKind::Bool:
        return v.is_boolean() ? Result<void>() : wrongType();
    case OptionKind::String:
    case OptionKind::Path:
        return v.is_string() ? Result<void>() : wrongType();
    case OptionKind::Choice: {
        if (!v.is_string())
            return wrongType();
        const std::vector<std::string> choices = o.choices();
        for (const std::string &c : choices)
            if (c == v.get<std::string>())
                return {};
        return invalid(o.key, "'" + v.get<std::string>() + "' is not one of " + joined(choices));
    }
    case OptionKind::Ratios:
        if (!v.is_array() || v.size() < 2 || v.size() > 3)
            return invalid(o.key, "must be [train, validation, test] ratios");
        for (const json &r : v) {
            if (!r.is_number())
                return invalid(o.key, "must be [train, validation, test] ratios");
            if (!o.range.contains(r.get<double>()))
                return invalid(o.key, "each ratio must be between 0 and 1");
        }
        return {};
    }
    return {};
}

namespace {

// The whole text as a number, or nothing ("1e-3x" and "" are not numbers).
bool parseDouble(const std::string &text, double &out)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
        return false;
    char *end = nullptr;
    errno = 0;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && errno != ERANGE;
}

} // namespace

Result<json> parseOptionValue(const TrainingOption &o, const std::string &text)
{
    const std::string where = o.flag + " (" + o.key + ")";
    json value;
    switch (o.kind) {
    case OptionKind::Int: {
        char *end = nullptr;
        errno = 0;
        const bool negative = !text.empty() && text[0] == '-';
        if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
            return makeError(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a whole number");
        if (negative)
            value = static_cast<std::int64_t>(std::strtoll(text.c_str(), &end, 10));
        else
            value = static_cast<std::uint64_t>(std::strtoull(text.c_str(), &end, 10));
        if (end != text.c_str() + text.size() || errno == ERANGE)
            return makeError(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a whole number");
        break;
    }
    case OptionKind::Float: {
        double d = 0;
        if (!parseDouble(text, d))
            return makeError(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a number");
        value = d;
        break;
    }
    case OptionKind::Bool:
        if (text == "true" || text == "1")
            value = true;
        else if (text == "false" || text == "0")
            value = false;
        else
            return makeError(ErrorCode::InvalidArgument, where + ": '" + text + "' is not true or false");
        break;
    case OptionKind::String:
    case OptionKind::Path:
    case OptionKind::Choice:
        value = text;
        break;
    case OptionKind::Ratios: {
        value = json::array();
        std::size_t start = 0;
        while (true) {
            const std::size_t comma = text.find(',', start);
            double d = 0;
            if (!parseDouble(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start), d))
                return makeError(ErrorCode::InvalidArgument, where + ": '" + text + "' is not a list of ratios like 0.8,0.1,0.1");
            value.push_back(d);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        break;
    }
    }
    if (auto r = checkOptionValue(o, value); !r)
        return makeError(r.error().code, o.flag + " (" + r.error().message + ")");
    return value;
}

std::string formatNumber(double v)
{
    // Shortest text that reads back as the same double, like Python's repr: 5e-05, 0.1, 3.
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    return buf;
}

std::string formatOptionValue(const TrainingOption &o, const json &v)
{
    switch (o.kind) {
    case OptionKind::Int:
        return v.is_number_unsigned() ? std::to_string(v.get<std::uint64_t>()) : std::to_string(v.get<std::int64_t>());
    case OptionKind::Float:
        return formatNumber(v.get<double>());
    case OptionKind::Bool:
        return v.get<bool>() ? "true" : "false";
    case OptionKind::String:
    case OptionKind::Path:
    case OptionKind::Choice:
        return v.get<std::string>();
    case OptionKind::Ratios: {
        std::string s;
        for (const json &r : v)
            s += (s.empty() ? "" : ",") + formatNumber(r.get<double>());
        return s;
    }
    }
    return {};
}

void setDottedKey(json &object, const std::string &key, const json &value)
{
    json *target = &object;
    std::size_t start = 0;
    for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1)
        target = &(*target)[key.substr(start, dot - start)];
    (*target)[key.substr(start)] = value;
}

std::vector<CommandArgument> trainCommandArguments(const TrainingConfig &config)
{
    const TrainingConfig defaults;
    const auto &options = trainingOptions();
    std::vector<bool> given(options.size(), false);
    for (std::size_t i = 0; i < options.size(); ++i)
        given[i] = options[i].essential || options[i].get(config) != options[i].get(defaults);
    // Options derived from others when not given (greater_is_better follows the metric) may then
    // differ: run the CLI's own merge and add what it would get wrong, until nothing does.
    for (std::size_t pass = 0; pass <= options.size(); ++pass) {
        json patch = json::object();
        for (std::size_t i = 0; i < options.size(); ++i)
            if (given[i])
                setDottedKey(patch, options[i].key, options[i].get(config));
        const auto merged = mergeTrainingConfig(defaults, patch, "command");
        bool changed = false;
        for (std::size_t i = 0; merged && i < options.size(); ++i)
            if (!given[i] && options[i].get(*merged) != options[i].get(config))
                given[i] = changed = true;
        if (!changed)
            break;
    }
    std::vector<CommandArgument> args;
    for (std::size_t i = 0; i < options.size(); ++i) {
        if (!given[i])
            continue;
        const TrainingOption &o = options[i];
        const json value = o.get(config);
        if (o.kind == OptionKind::Bool)
            args.push_back({value.get<bool>() ? o.flag : "--no-" + o.flag.substr(2), std::nullopt});
        else
            args.push_back({o.flag, formatOptionValue(o, value)});
    }
    return args;
}

} // namespace hone

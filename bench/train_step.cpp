// One MiniLM-shaped classifier training step - token and position embeddings, 6 BERT layers of
// width 384 (12 heads, MLP 1536, GELU, dropout 0.1), a pooler and a 6-way head, cross-entropy,
// gradient clipping and AdamW - in float32 or under bf16 autocast, on whichever LibTorch it is
// compiled against. It needs LibTorch alone, so the same file builds against Debian's 1.13 (the
// CMake target beside it) and PyPI's 2.x (bench/libtorch_vs_debian.py compiles it against the
// wheel): the step-level half of the verdict on LibTorch 2.x as a build option.
//
//     train_step STEPS BATCH LENGTH fp32|bf16 THREADS
//
// Rows of random length (LENGTH/4 to LENGTH real tokens, padding masked). Prints one JSON line: the
// median step time after two warm-up steps, and samples/s at that median.
#include <torch/torch.h>
#include <torch/version.h>

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

constexpr std::int64_t kVocab = 30522, kWidth = 384, kHeads = 12, kMlp = 1536, kLayers = 6, kClasses = 6;

void setBf16Autocast(bool on)
{
#if TORCH_VERSION_MAJOR >= 2
    at::autocast::set_autocast_enabled(at::kCPU, on);
    at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
#else
    at::autocast::set_cpu_enabled(on);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
#endif
    if (!on)
        at::autocast::clear_cache();
}

// A BERT layer (post-norm), written with plain ops as Hone's encoders are: projections, scaled
// dot-product attention with an additive padding mask, GELU MLP, dropout, residual LayerNorms.
struct LayerImpl : torch::nn::Module {
    torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, output{nullptr}, up{nullptr}, down{nullptr};
    torch::nn::LayerNorm attentionNorm{nullptr}, outputNorm{nullptr};

    LayerImpl()
    {
        query = register_module("query", torch::nn::Linear(kWidth, kWidth));
        key = register_module("key", torch::nn::Linear(kWidth, kWidth));
        value = register_module("value", torch::nn::Linear(kWidth, kWidth));
        output = register_module("output", torch::nn::Linear(kWidth, kWidth));
        up = register_module("up", torch::nn::Linear(kWidth, kMlp));
        down = register_module("down", torch::nn::Linear(kMlp, kWidth));
        attentionNorm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({kWidth})));
        outputNorm = register_module("output_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({kWidth})));
    }

    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &additiveMask)
    {
        const auto heads = [&](const torch::Tensor &t) { return t.view({x.size(0), x.size(1), kHeads, kWidth / kHeads}).transpose(1, 2); };
        const torch::Tensor scores = torch::matmul(heads(query(x)), heads(key(x)).transpose(-1, -2)) / std::sqrt(double(kWidth / kHeads));
        const torch::Tensor probs = torch::dropout(torch::softmax(scores + additiveMask, -1), 0.1, is_training());
        const torch::Tensor context = torch::matmul(probs, heads(value(x))).transpose(1, 2).reshape({x.size(0), x.size(1), kWidth});
        const torch::Tensor attended = attentionNorm(x + torch::dropout(output(context), 0.1, is_training()));
        return outputNorm(attended + torch::dropout(down(torch::gelu(up(attended))), 0.1, is_training()));
    }
};
TORCH_MODULE(Layer);

struct ClassifierImpl : torch::nn::Module {
    torch::nn::Embedding tokens{nullptr}, positions{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::ModuleList layers{nullptr};
    torch::nn::Linear pooler{nullptr}, head{nullptr};

    explicit ClassifierImpl(std::int64_t maxLength)
    {
        tokens = register_module("tokens", torch::nn::Embedding(kVocab, kWidth));
        positions = register_module("positions", torch::nn::Embedding(maxLength, kWidth));
        norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({kWidth})));
        layers = register_module("layers", torch::nn::ModuleList());
        for (std::int64_t i = 0; i < kLayers; ++i)
            layers->push_back(Layer());
        pooler = register_module("pooler", torch::nn::Linear(kWidth, kWidth));
        head = register_module("head", torch::nn::Linear(kWidth, kClasses));
    }

    // padding: (batch, length), true where padded.
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &padding)
    {
        torch::Tensor x = norm(tokens(ids) + positions(torch::arange(ids.size(1))));
        const torch::Tensor additiveMask = torch::zeros(padding.sizes()).masked_fill(padding, -1e30).view({ids.size(0), 1, 1, ids.size(1)});
        for (const auto &layer : *layers)
            x = layer->as<LayerImpl>()->forward(x, additiveMask);
        return head(torch::tanh(pooler(x.select(1, 0))));
    }
};
TORCH_MODULE(Classifier);

} // namespace

int main(int argc, char **argv)
{
    if (argc != 6 || (std::strcmp(argv[4], "fp32") != 0 && std::strcmp(argv[4], "bf16") != 0)) {
        std::fprintf(stderr, "usage: %s STEPS BATCH LENGTH fp32|bf16 THREADS\n", argv[0]);
        return 2;
    }
    const int steps = std::max(1, std::atoi(argv[1]));
    const std::int64_t batch = std::max(1, std::atoi(argv[2])), length = std::max(4, std::atoi(argv[3]));
    const bool bf16 = std::strcmp(argv[4], "bf16") == 0;
    torch::set_num_threads(std::max(1, std::atoi(argv[5])));
    torch::manual_seed(42);

    Classifier model(length);
    model->train();
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(5e-5).weight_decay(0));
    std::vector<double> seconds;
    for (int step = 0; step < steps + 2; ++step) {
        const torch::Tensor real = torch::randint(length / 4, length + 1, {batch, 1});
        const torch::Tensor padding = torch::arange(length).unsqueeze(0) >= real;
        const torch::Tensor ids = torch::randint(kVocab, {batch, length}).masked_fill(padding, 0);
        const torch::Tensor labels = torch::randint(kClasses, {batch});
        const auto start = std::chrono::steady_clock::now();
        setBf16Autocast(bf16);
        const torch::Tensor logits = model->forward(ids, padding);
        setBf16Autocast(false);
        const torch::Tensor loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat), labels);
        optimizer.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
        optimizer.step();
        if (step >= 2)
            seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
    const double median = seconds[seconds.size() / 2];
    std::printf("{\"torch\": \"%s\", \"precision\": \"%s\", \"threads\": %d, \"batch\": %lld, \"length\": %lld, "
                "\"step_seconds\": %.6g, \"samples_per_second\": %.4g}\n",
                TORCH_VERSION, argv[4], torch::get_num_threads(), static_cast<long long>(batch),
                static_cast<long long>(length), median, static_cast<double>(batch) / median);
    return 0;
}

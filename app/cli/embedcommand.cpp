// hone-cli embed --model M --input F.txt --output O.jsonl
// One JSON array per input line: the mean-pooled (attention-masked) last hidden state.
#include "app/cli/commands.h"

#include "core/io/atomicfile.h"
#include "core/models/modeldiscovery.h"
#include "core/models/sentenceembedder.h"
#include "core/system/computethreads.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

namespace hone::cli {

namespace {

struct EmbedOptions {
    std::string model;
    std::string input;
    std::string output;
    int batchSize = 32;
    int maxLength = 0;
    int threads = 0;
    bool normalize = false;
};

void appendFloat(std::string &out, float v)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v); // shortest round-trip form
    out.append(buffer, result.ptr);
}

int runEmbed(const EmbedOptions &options)
{
    prepareInference();
    const int threads = configureComputeThreads(options.threads);
    auto info = findModel(options.model);
    if (!info)
        return fail(info.error().message);

    std::ifstream in(options.input, std::ios::binary);
    if (!in)
        return fail(options.input + ": cannot open");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
    }
    if (in.bad())
        return fail(options.input + ": read error");

    auto embedder = SentenceEmbedder::open(info->path);
    if (!embedder)
        return fail(embedder.error().message);
    hone::EmbeddingOptions embedOptions;
    embedOptions.batchSize = options.batchSize;
    embedOptions.maxLength = options.maxLength;
    embedOptions.normalize = options.normalize;
    const auto start = std::chrono::steady_clock::now();
    auto vectors = embedder->embed(lines, embedOptions);
    if (!vectors)
        return fail(options.input + ": " + vectors.error().message);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::string text;
    text.reserve(vectors->size() * (static_cast<std::size_t>(embedder->dimension()) * 12 + 4));
    for (const auto &v : *vectors) {
        text += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (i)
                text += ',';
            appendFloat(text, v[i]);
        }
        text += "]\n";
    }
    if (auto r = writeFileAtomically(options.output, text); !r)
        return fail(r.error().message);
    std::fprintf(stderr, "embedded %zu lines (dimension %d) with %s in %.3f s (%.1f lines/s); model loaded in %.3f s; "
                         "%d threads\n",
                 lines.size(), embedder->dimension(), info->name.c_str(), seconds,
                 seconds > 0 ? static_cast<double>(lines.size()) / seconds : 0.0, embedder->loadSeconds(), threads);
    return 0;
}

} // namespace

void addEmbedCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<EmbedOptions>();
    CLI::App *sub = app.add_subcommand("embed", "Sentence embeddings: per input line, the mean-pooled last hidden state");
    sub->add_option("--model", options->model, "Model folder or discovered model name")->required();
    sub->add_option("--input", options->input, "Text file, one text per line")->required();
    sub->add_option("--output", options->output, "JSONL output: one JSON array of floats per input line")->required();
    sub->add_option("--batch-size", options->batchSize, "Texts per forward pass (sorted by length)")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    sub->add_option("--max-length", options->maxLength,
                    "Truncate to this many tokens (0: the model's max_seq_length or positions)")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    sub->add_option("--threads", options->threads, "LibTorch intra-op threads (0: Hone's default, see hone-cli doctor)")->check(CLI::Range(0, 1024));
    sub->add_flag("--normalize", options->normalize, "L2-normalise each vector");
    sub->callback([options, &exitCode] { exitCode = runEmbed(*options); });
}

} // namespace hone::cli

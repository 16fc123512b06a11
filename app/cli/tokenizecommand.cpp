// hone-cli tokenize: one JSON array of ids per input line (design.md's CLI contract).
#include "app/cli/commands.h"

#include "core/models/modeldiscovery.h"
#include "core/text/tokenizer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace hone::cli {

namespace {

struct TokenizeOptions {
    std::string model;
    std::string input;
    int maxLength = 0;
    bool noSpecialTokens = false;
};

int runTokenize(const TokenizeOptions &options)
{
    // A folder needs only its tokenizer files; anything else is looked up among discovered models.
    std::filesystem::path folder = options.model;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        auto model = findModel(options.model);
        if (!model)
            return fail(model.error().message);
        folder = model->path;
    }
    auto tokenizer = loadTokenizer(folder);
    if (!tokenizer)
        return fail(tokenizer.error().message);
    if (options.maxLength < 0)
        return fail("--max-length must be 0 (no truncation) or positive");

    std::ifstream file;
    std::istream *in = &std::cin;
    if (options.input != "-") {
        file.open(options.input, std::ios::binary);
        if (!file)
            return fail(options.input + ": cannot be read");
        in = &file;
    }
    EncodeOptions encode;
    encode.addSpecialTokens = !options.noSpecialTokens;
    encode.maxLength = options.maxLength;
    std::string line, out;
    out.reserve(1 << 16);
    bool first = true;
    while (std::getline(*in, line)) {
        if (first && line.compare(0, 3, "\xEF\xBB\xBF") == 0) // a UTF-8 byte-order mark is not text
            line.erase(0, 3);
        first = false;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const Encoding e = (*tokenizer)->encode(line, encode);
        out.push_back('[');
        for (std::size_t i = 0; i < e.ids.size(); ++i) {
            if (i)
                out.push_back(',');
            out += std::to_string(e.ids[i]);
        }
        out += "]\n";
        if (out.size() > (1 << 16) - 256) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (std::fflush(stdout) != 0)
        return fail("writing the output failed");
    if (in->bad())
        return fail(options.input + ": read error");
    return 0;
}

} // namespace

void addTokenizeCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<TokenizeOptions>();
    CLI::App *sub = app.add_subcommand("tokenize", "Print the token ids of each input line as a JSON array");
    sub->add_option("--model", options->model, "Model folder, or the name of a discovered model")->required();
    sub->add_option("--input", options->input, "Text file, one text per line (- for stdin)")->required();
    sub->add_option("--max-length", options->maxLength, "Truncate to this many ids, special tokens included (0: no limit)");
    sub->add_flag("--no-special-tokens", options->noSpecialTokens, "Do not add [CLS]/[SEP] (or <s>/</s>)");
    sub->callback([options, &exitCode] { exitCode = runTokenize(*options); });
}

} // namespace hone::cli

// hone-cli generate / chat: text generation with a causal LM (discovered name, Hugging Face
// folder, .gguf file or run folder), streamed to stdout token by token. Through core's
// ChatSession only: no torch headers here.
#include "app/cli/commands.h"

#include "core/models/chatsession.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

namespace hone::cli {

namespace {

struct GenerateOptions {
    std::string model, prompt, system, chatTemplate;
    int maxNewTokens = 256;
    double temperature = 0;
    int topK = 0;
    double topP = 1.0;
    double repetitionPenalty = 1.0;
    std::uint64_t seed = 0;
    std::vector<std::string> stop;
    std::string weights = weightFormatName(WeightFormat::F32);
    bool chat = false;
    bool stats = false;
};

// Sampling is on when --temperature > 0 (0, the default, is greedy decoding).
Result<GenerationOptions> generationOptions(const GenerateOptions &o, const CLI::App &sub)
{
    GenerationOptions g;
    g.maxNewTokens = o.maxNewTokens;
    g.sample = o.temperature > 0;
    g.temperature = g.sample ? o.temperature : 1.0;
    g.topK = o.topK;
    g.topP = o.topP;
    g.repetitionPenalty = o.repetitionPenalty;
    g.seed = o.seed;
    g.stopStrings = o.stop;
    auto weights = weightFormatFromName(o.weights);
    if (!weights)
        return makeError(ErrorCode::InvalidArgument, "--" + weights.error().message);
    g.weights = *weights;
    if (o.temperature < 0)
        return makeError(ErrorCode::InvalidArgument, "--temperature must be 0 (greedy) or more, got " + std::to_string(o.temperature));
    if (!g.sample)
        for (const char *flag : {"--top-k", "--top-p", "--seed"})
            if (sub.count(flag) > 0)
                return makeError(ErrorCode::InvalidArgument, std::string(flag) + " applies to sampling: give --temperature > 0 as well");
    if (auto r = validateGenerationOptions(g); !r)
        return r.error();
    return g;
}

bool printPiece(const std::string &piece)
{
    std::fwrite(piece.data(), 1, piece.size(), stdout);
    std::fflush(stdout);
    return true;
}

void printStats(const GenerationResult &r)
{
    const double seconds = r.prefillSeconds + r.decodeSeconds;
    const double decodeRate = r.tokens.size() > 1 && r.decodeSeconds > 0 ? (r.tokens.size() - 1) / r.decodeSeconds : 0;
    std::fprintf(stderr, "prompt %zu tokens, generated %zu tokens (%s) in %.3f s: prefill %.3f s, decode %.1f tokens/s, "
                         "overall %.1f tokens/s\n",
                 r.promptTokens, r.tokens.size(), r.stopReason.c_str(), seconds, r.prefillSeconds, decodeRate,
                 seconds > 0 ? r.tokens.size() / seconds : 0.0);
}

Result<ChatSession> openSession(const GenerateOptions &o, bool needTemplate)
{
    auto session = ChatSession::open(o.model, o.chatTemplate);
    if (!session)
        return session.error();
    if (needTemplate && !session->hasChatTemplate()) {
        auto r = session->renderPrompt("");
        return makeError(r.error().code, r.error().message + " (--chat-template NAME|FILE)");
    }
    session->setSystemPrompt(o.system);
    return session;
}

int runGenerate(const GenerateOptions &o, const CLI::App &sub)
{
    prepareInference();
    auto options = generationOptions(o, sub);
    if (!options)
        return fail(options.error().message);
    if (!o.system.empty() && !o.chat)
        return fail("--system needs --chat (the system prompt goes through the chat template)");
    std::string prompt = o.prompt;
    if (prompt.empty() || prompt == "-")
        prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (prompt.empty())
        return fail("no prompt: give it as an argument or on standard input");
    auto session = openSession(o, o.chat);
    if (!session)
        return fail(session.error().message);
    auto result = o.chat ? session->send(prompt, *options, printPiece) : session->complete(prompt, *options, printPiece);
    if (!result)
        return fail(result.error().message);
    printPiece("\n"); // flushed, so --stats on stderr follows the answer
    if (o.stats)
        printStats(*result);
    return 0;
}

int runChat(const GenerateOptions &o, const CLI::App &sub)
{
    prepareInference();
    auto options = generationOptions(o, sub);
    if (!options)
        return fail(options.error().message);
    auto session = openSession(o, true);
    if (!session)
        return fail(session.error().message);
    const bool interactive = isatty(STDIN_FILENO) != 0;
    if (interactive)
        std::fprintf(stderr, "%s (%s, chat template: %s)\n/reset forgets the conversation, /exit or Ctrl-D ends\n",
                     session->modelPath().c_str(), session->architecture().c_str(), session->chatTemplateOrigin().c_str());
    std::string line;
    while (true) {
        if (interactive) {
            std::fputs("> ", stdout);
            std::fflush(stdout);
        }
        if (!std::getline(std::cin, line))
            break;
        if (line == "/exit" || line == "/quit")
            break;
        if (line == "/reset") {
            session->reset();
            std::fputs("(conversation cleared)\n", stdout);
            continue;
        }
        if (line.empty())
            continue;
        auto result = session->send(line, *options, printPiece);
        if (!result) {
            std::fprintf(stderr, "hone-cli: error: %s (/reset starts a new conversation)\n", result.error().message.c_str());
            continue;
        }
        printPiece("\n");
        if (o.stats)
            printStats(*result);
    }
    if (interactive)
        std::fputs("\n", stdout);
    return 0;
}

void addSamplingOptions(CLI::App *sub, GenerateOptions &o)
{
    sub->add_option("--model", o.model, "Model name (hone-cli models), Hugging Face folder, .gguf file or run folder")->required();
    sub->add_option("--max-new-tokens", o.maxNewTokens, "Most tokens to generate")->capture_default_str();
    sub->add_option("--temperature", o.temperature, "0 = greedy; > 0 samples at this temperature")->capture_default_str();
    sub->add_option("--top-k", o.topK, "Sampling: keep the k most likely tokens (0 = off)");
    sub->add_option("--top-p", o.topP, "Sampling: keep the most likely tokens up to this probability (1 = off)");
    sub->add_option("--repetition-penalty", o.repetitionPenalty, "> 1 discourages repeating tokens")->capture_default_str();
    sub->add_option("--seed", o.seed, "Sampling: the same seed gives the same text");
    sub->add_option("--stop", o.stop, "Stop at this string (repeatable; it is not printed)");
    sub->add_option("--system", o.system, "System prompt for the chat template");
    sub->add_option("--chat-template,--template", o.chatTemplate,
                    "Chat template instead of the model's: a built-in name (chatml, llama3, gemma, alpaca) or a .jinja file");
    sub->add_option("--weights", o.weights,
                    "Weights while decoding: f32 (exact), bf16 or q8_0 (packed copies: fewer bytes per token, "
                    "faster, logits within rounding)")
        ->capture_default_str();
    sub->add_flag("--stats", o.stats, "Print token counts and tokens/s to stderr");
}

} // namespace

void addGenerateCommand(CLI::App &app, int &exitCode)
{
    auto o = std::make_shared<GenerateOptions>();
    CLI::App *sub = app.add_subcommand("generate", "Continue a prompt (argument or stdin), streamed to stdout");
    sub->add_option("prompt", o->prompt, "The prompt (default or \"-\": read standard input)");
    addSamplingOptions(sub, *o);
    sub->add_flag("--chat", o->chat, "Send the prompt as a user message through the model's chat template");
    sub->callback([o, sub, &exitCode] { exitCode = runGenerate(*o, *sub); });

    auto c = std::make_shared<GenerateOptions>();
    CLI::App *chat = app.add_subcommand("chat", "Talk to a model with its chat template (/reset, /exit)");
    addSamplingOptions(chat, *c);
    chat->callback([c, chat, &exitCode] { exitCode = runChat(*c, *chat); });
}

} // namespace hone::cli

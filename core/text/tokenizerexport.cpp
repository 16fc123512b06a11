#include "core/text/tokenizerexport.h"

#include "core/io/atomicfile.h"
#include "core/text/bpetokenizer.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string_view>
#include <unordered_map>

namespace hone {
namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

namespace {

// The byte-level BPE behind a tokenizer, or why it cannot be written out.
Result<const BpeTokenizer *> byteLevelBpe(const Tokenizer &tokenizer)
{
    const auto *bpe = dynamic_cast<const BpeTokenizer *>(&tokenizer);
    if (!bpe)
        return makeError(ErrorCode::Unsupported, "the tokenizer is " + tokenizer.kind() +
                                                     "; only byte-level BPE tokenizers (GPT-2, SmolLM2, Llama 3, Qwen2) can be written out");
    if (bpe->options().addPrefixSpace || bpe->options().ignoreMerges || !bpe->options().unkToken.empty())
        return makeError(ErrorCode::Unsupported, "the tokenizer's BPE options (add_prefix_space, ignore_merges or an unk_token) "
                                                 "have no llama.cpp counterpart");
    return bpe;
}

// llama.cpp's name (tokenizer.ggml.pre) for the pre-tokenizer Hone runs.
Result<std::string> ggufPreName(const BpeOptions &o)
{
    using S = BpeSplit;
    if (!o.nfc && o.splits == std::vector<S>{S::DigitsIndividual, S::Gpt2})
        return std::string("smollm");
    if (!o.nfc && o.splits == std::vector<S>{S::Gpt2})
        return std::string("gpt-2");
    if (!o.nfc && o.splits == std::vector<S>{S::Llama3})
        return std::string("llama-bpe");
    if (o.nfc && o.splits == std::vector<S>{S::Qwen2})
        return std::string("qwen2");
    std::string steps;
    for (S s : o.splits)
        steps += std::string(steps.empty() ? "" : " + ") + bpeSplitName(s);
    return makeError(ErrorCode::Unsupported, "the tokenizer's pre-tokenizer (" + steps + (o.nfc ? ", NFC" : "") +
                                                 ") has no llama.cpp name (smollm, gpt-2, llama-bpe and qwen2 are written)");
}

// Every id's token string (model vocabulary, then added tokens), with the added token it is, if any.
struct TokenTable {
    std::vector<std::string> tokens;
    std::vector<const AddedToken *> added;
    std::vector<bool> present;
};

TokenTable tokenTable(const BpeTokenizer &bpe)
{
    const Vocabulary &vocab = bpe.modelVocabulary();
    int maxId = vocab.maxId();
    for (const AddedToken &a : bpe.addedTokens())
        maxId = std::max(maxId, a.id);
    TokenTable t;
    const auto n = static_cast<std::size_t>(maxId + 1);
    t.tokens.resize(n);
    t.added.assign(n, nullptr);
    t.present.assign(n, false);
    for (int id = 0; id <= vocab.maxId(); ++id)
        if (vocab.contains(id)) {
            t.tokens[static_cast<std::size_t>(id)] = vocab.token(id);
            t.present[static_cast<std::size_t>(id)] = true;
        }
    for (const AddedToken &a : bpe.addedTokens())
        if (a.id >= 0) {
            t.tokens[static_cast<std::size_t>(a.id)] = a.content;
            t.added[static_cast<std::size_t>(a.id)] = &a;
            t.present[static_cast<std::size_t>(a.id)] = true;
        }
    return t;
}

} // namespace

Result<std::vector<std::pair<std::string, GgufValue>>> ggufTokenizerMetadata(const Tokenizer &tokenizer, const std::string &chatTemplate)
{
    auto bpe = byteLevelBpe(tokenizer);
    if (!bpe)
        return bpe.error();
    auto pre = ggufPreName((*bpe)->options());
    if (!pre)
        return pre.error();
    const TokenTable table = tokenTable(**bpe);
    std::vector<std::string> tokens(table.tokens.size());
    std::vector<std::int32_t> types(table.tokens.size());
    for (std::size_t id = 0; id < tokens.size(); ++id) {
        // llama.cpp's converter names ids without a token [PAD<id>] and marks them unused.
        tokens[id] = table.present[id] ? table.tokens[id] : "[PAD" + std::to_string(id) + "]";
        types[id] = !table.present[id] ? 5 : !table.added[id] ? 1 : table.added[id]->special ? 3 : 4;
    }
    std::vector<std::string> merges;
    for (const auto &[a, b] : (*bpe)->merges())
        merges.push_back(a + " " + b);
    std::vector<std::pair<std::string, GgufValue>> out;
    out.emplace_back("tokenizer.ggml.model", GgufValue::fromString("gpt2"));
    out.emplace_back("tokenizer.ggml.pre", GgufValue::fromString(*pre));
    out.emplace_back("tokenizer.ggml.tokens", GgufValue::fromStrings(tokens));
    out.emplace_back("tokenizer.ggml.token_type", GgufValue::fromI32s(types));
    out.emplace_back("tokenizer.ggml.merges", GgufValue::fromStrings(merges));
    const SpecialTokens &special = tokenizer.specialTokens();
    for (const auto &[key, id] : {std::pair<const char *, int>{"tokenizer.ggml.bos_token_id", special.bos},
                                  {"tokenizer.ggml.eos_token_id", special.eos},
                                  {"tokenizer.ggml.unknown_token_id", special.unk},
                                  {"tokenizer.ggml.padding_token_id", special.pad}})
        if (id >= 0)
            out.emplace_back(key, GgufValue::fromU32(static_cast<std::uint32_t>(id)));
    out.emplace_back("tokenizer.ggml.add_bos_token", GgufValue::fromBool(tokenizer.sequenceTemplate() == SequenceTemplate::Bos));
    if (!chatTemplate.empty())
        out.emplace_back("tokenizer.chat_template", GgufValue::fromString(chatTemplate));
    return out;
}

Result<void> writeTokenizerFiles(const Tokenizer &tokenizer, const std::string &chatTemplate, const fs::path &dir)
{
    auto bpe = byteLevelBpe(tokenizer);
    if (!bpe)
        return makeError(bpe.error().code, (dir / "tokenizer.json").string() + ": " + bpe.error().message);
    const BpeOptions &o = (*bpe)->options();
    const SpecialTokens &special = tokenizer.specialTokens();
    auto byteLevel = [&](bool useRegex, bool prefixSpace, bool trim) {
        return ojson{{"type", "ByteLevel"}, {"add_prefix_space", prefixSpace}, {"trim_offsets", trim}, {"use_regex", useRegex}};
    };

    ojson tok;
    tok["version"] = "1.0";
    tok["truncation"] = nullptr;
    tok["padding"] = nullptr;
    ojson added = ojson::array();
    for (const AddedToken &a : (*bpe)->addedTokens())
        added.push_back({{"id", a.id}, {"content", a.content}, {"single_word", a.singleWord}, {"lstrip", a.lstrip},
                         {"rstrip", a.rstrip}, {"normalized", a.normalized}, {"special", a.special}});
    tok["added_tokens"] = added;
    tok["normalizer"] = o.nfc ? ojson{{"type", "NFC"}} : ojson();
    // The split steps in order; GPT-2's regex last is ByteLevel's own (use_regex), as in the original files.
    ojson steps = ojson::array();
    for (std::size_t k = 0; k < o.splits.size(); ++k) {
        const BpeSplit s = o.splits[k];
        if (s == BpeSplit::Digits || s == BpeSplit::DigitsIndividual)
            steps.push_back({{"type", "Digits"}, {"individual_digits", s == BpeSplit::DigitsIndividual}});
        else if (!(s == BpeSplit::Gpt2 && k + 1 == o.splits.size()))
            steps.push_back({{"type", "Split"}, {"pattern", {{"Regex", bpeSplitRegex(s)}}}, {"behavior", "Isolated"}, {"invert", false}});
    }
    steps.push_back(byteLevel(!o.splits.empty() && o.splits.back() == BpeSplit::Gpt2, false, o.trimOffsets));
    tok["pre_tokenizer"] = steps.size() == 1 ? steps[0] : ojson{{"type", "Sequence"}, {"pretokenizers", steps}};
    const ojson post = byteLevel(true, true, false);
    if (tokenizer.sequenceTemplate() == SequenceTemplate::Bos && special.bos >= 0) {
        const std::string bos = tokenizer.idToToken(special.bos);
        auto piece = [&](int typeId) { return ojson{{"SpecialToken", {{"id", bos}, {"type_id", typeId}}}}; };
        auto seq = [](const char *id, int typeId) { return ojson{{"Sequence", {{"id", id}, {"type_id", typeId}}}}; };
        const ojson templ = {{"type", "TemplateProcessing"},
                             {"single", {piece(0), seq("A", 0)}},
                             {"pair", {piece(0), seq("A", 0), piece(1), seq("B", 1)}},
                             {"special_tokens", {{bos, {{"id", bos}, {"ids", {special.bos}}, {"tokens", {bos}}}}}}};
        tok["post_processor"] = {{"type", "Sequence"}, {"processors", {post, templ}}};
    } else {
        tok["post_processor"] = post;
    }
    tok["decoder"] = byteLevel(true, true, true);
    ojson model;
    model["type"] = "BPE";
    model["dropout"] = nullptr;
    model["unk_token"] = nullptr;
    model["continuing_subword_prefix"] = nullptr;
    model["end_of_word_suffix"] = nullptr;
    model["fuse_unk"] = false;
    model["byte_fallback"] = false;
    model["ignore_merges"] = false;
    ojson vocab = ojson::object();
    const Vocabulary &v = (*bpe)->modelVocabulary();
    // Appended to the object's vector with an index of our own: ordered_map's operator[] searches
    // every earlier key (quadratic in the vocabulary, on every save). A token held by two ids
    // keeps the later, as operator[] did.
    auto &entries = static_cast<ojson::object_t::Container &>(vocab.get_ref<ojson::object_t &>());
    std::unordered_map<std::string_view, std::size_t> entryOf;
    for (int id = 0; id <= v.maxId(); ++id) {
        if (!v.contains(id))
            continue;
        if (const auto [it, fresh] = entryOf.try_emplace(v.token(id), entries.size()); fresh)
            entries.emplace_back(v.token(id), id);
        else
            entries[it->second].second = id;
    }
    model["vocab"] = std::move(vocab);
    ojson merges = ojson::array();
    for (const auto &[a, b] : (*bpe)->merges())
        merges.push_back({a, b});
    model["merges"] = std::move(merges);
    tok["model"] = std::move(model);

    ojson config;
    config["tokenizer_class"] = "PreTrainedTokenizerFast";
    for (const auto &[key, id] : {std::pair<const char *, int>{"bos_token", special.bos}, {"eos_token", special.eos},
                                  {"pad_token", special.pad}, {"unk_token", special.unk}})
        if (id >= 0)
            config[key] = tokenizer.idToToken(id);
    if (tokenizer.modelMaxLength() > 0)
        config["model_max_length"] = tokenizer.modelMaxLength();
    config["clean_up_tokenization_spaces"] = false;
    if (!chatTemplate.empty())
        config["chat_template"] = chatTemplate;

    std::string tokText, configText;
    try {
        tokText = tok.dump(1);
        configText = config.dump(1);
    } catch (const nlohmann::json::exception &e) { // a token that is not UTF-8 (from a GGUF's metadata)
        return makeError(ErrorCode::Format, (dir / "tokenizer.json").string() + ": cannot be written: " + e.what());
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        return makeError(ErrorCode::Io, dir.string() + ": cannot create the folder: " + ec.message());
    if (auto r = writeFileAtomically(dir / "tokenizer.json", tokText); !r)
        return r;
    return writeFileAtomically(dir / "tokenizer_config.json", configText);
}

} // namespace hone

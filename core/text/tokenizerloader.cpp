#include "core/text/tokenizerloader.h"

#include "core/io/gguf.h"
#include "core/io/jsoninteger.h"
#include "core/io/modelfolder.h"
#include "core/text/bpetokenizer.h"
#include "core/text/sentencepiecelibrary.h"
#include "core/text/sentencepiecemodelproto.h"
#include "core/text/sentencepiecetokenizer.h"
#include "core/text/wordpiecetokenizer.h"

#include <fstream>
#include <sstream>

namespace hone {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

Result<json> readJson(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::Io, file.string() + ": cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded())
        return makeError(ErrorCode::Format, file.string() + ": not valid JSON");
    if (!j.is_object())
        return makeError(ErrorCode::Format, file.string() + ": not a JSON object");
    return j;
}

// A special token entry: "[CLS]" or {"content": "[CLS]", ...}.
std::string tokenString(const json &config, const char *key)
{
    const auto it = config.find(key);
    if (it == config.end())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    return {};
}

std::string pick(const json &config, const char *key, const char *fallback)
{
    const std::string value = tokenString(config, key);
    if (!value.empty())
        return value;
    return config.contains(key) && config[key].is_null() ? std::string() : std::string(fallback);
}

bool boolOr(const json &object, const char *key, bool fallback)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

int modelMaxLengthOf(const json &config)
{
    const auto it = config.find("model_max_length");
    // Hugging Face writes a huge number (1e30) for "no limit": that, like anything but a whole
    // number below 1e9, is no limit here.
    const auto v = it == config.end() ? std::nullopt : exactSignedInteger(*it);
    return v && *v > 0 && *v < 1000000000 ? static_cast<int>(*v) : 0;
}

AddedToken addedTokenFrom(const json &entry, int id)
{
    AddedToken t;
    t.id = id;
    t.content = entry.value("content", std::string());
    t.special = boolOr(entry, "special", true);
    t.lstrip = boolOr(entry, "lstrip", false);
    t.rstrip = boolOr(entry, "rstrip", false);
    t.singleWord = boolOr(entry, "single_word", false);
    t.normalized = boolOr(entry, "normalized", false);
    return t;
}

// tokenizer_config.json's added_tokens_decoder: {"id": {"content": ..., "lstrip": ...}}.
Result<void> applyAddedTokensDecoder(TokenizerBase &tok, const json &config, const std::string &source)
{
    const auto it = config.find("added_tokens_decoder");
    if (it == config.end() || !it->is_object())
        return {};
    for (auto entry = it->begin(); entry != it->end(); ++entry) {
        char *end = nullptr;
        const long id = std::strtol(entry.key().c_str(), &end, 10);
        if (!end || *end != '\0' || id < 0 || !entry.value().is_object())
            return makeError(ErrorCode::Format, source + ": added_tokens_decoder has an invalid entry \"" + entry.key() + "\"");
        tok.addAddedToken(addedTokenFrom(entry.value(), static_cast<int>(id)));
    }
    return {};
}

// Registers the role tokens as special added tokens (HF does this for every tokenizer built from
// vocabulary files); a role token the vocabulary lacks gets the next free id, as in HF.
void registerSpecials(TokenizerBase &tok, const SpecialTokenNames &names, const std::vector<std::string> &extra = {})
{
    std::vector<std::string> all = {names.pad, names.unk, names.cls, names.sep, names.mask};
    all.insert(all.end(), extra.begin(), extra.end());
    for (const std::string &content : all) {
        if (content.empty())
            continue;
        int id = tok.tokenToId(content);
        bool known = false;
        for (const AddedToken &t : tok.addedTokens())
            known = known || t.content == content;
        if (known)
            continue;
        if (id < 0)
            id = tok.vocabSize();
        AddedToken t;
        t.content = content;
        t.id = id;
        tok.addAddedToken(t);
    }
    tok.setSpecialTokens(names);
}

SpecialTokenNames namesFrom(const json &config, const char *pad, const char *unk, const char *cls, const char *sep, const char *mask)
{
    SpecialTokenNames n;
    n.pad = pick(config, "pad_token", pad);
    n.unk = pick(config, "unk_token", unk);
    n.cls = pick(config, "cls_token", cls);
    n.sep = pick(config, "sep_token", sep);
    n.mask = pick(config, "mask_token", mask);
    n.bos = tokenString(config, "bos_token");
    n.eos = tokenString(config, "eos_token");
    return n;
}

Result<void> checkVocabSize(const Tokenizer &tok, const TokenizerConfig &config, const fs::path &tokenizerFile,
                            const fs::path &configFile)
{
    if (config.configVocabSize <= 0)
        return {};
    const int size = tok.vocabSize();
    if (size > config.configVocabSize)
        return makeError(ErrorCode::Format, tokenizerFile.string() + ": token ids go up to " + std::to_string(size - 1) + " but "
                                                + configFile.string() + " says vocab_size is "
                                                + std::to_string(config.configVocabSize) + " (the tokenizer does not belong to this model)");
    return {};
}

// ------------------------------------------------------------------ from vocabulary files

Result<std::shared_ptr<TokenizerBase>> loadWordPiece(const fs::path &vocabFile, const TokenizerConfig &config)
{
    const json &c = config.tokenizerConfig;
    auto vocab = WordPieceTokenizer::readVocabFile(vocabFile);
    if (!vocab)
        return vocab.error();
    WordPieceOptions options;
    options.lowercase = boolOr(c, "do_lower_case", true);
    options.handleChineseChars = boolOr(c, "tokenize_chinese_chars", true);
    if (c.contains("strip_accents") && c["strip_accents"].is_boolean())
        options.stripAccents = c["strip_accents"].get<bool>();
    const SpecialTokenNames names = namesFrom(c, "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    options.unkToken = names.unk;
    if (vocab->find(options.unkToken) < 0)
        return makeError(ErrorCode::Format, vocabFile.string() + ": the unknown token \"" + options.unkToken + "\" is not in the vocabulary");
    auto tok = std::make_shared<WordPieceTokenizer>(std::move(*vocab), options);
    if (auto r = applyAddedTokensDecoder(*tok, c, "tokenizer_config.json"); !r)
        return r.error();
    registerSpecials(*tok, names);
    tok->setSequenceTemplate(SequenceTemplate::ClsSep);
    return std::shared_ptr<TokenizerBase>(tok);
}

Result<std::shared_ptr<TokenizerBase>> loadByteLevelBpe(const fs::path &vocabFile, const fs::path &mergesFile,
                                                        const TokenizerConfig &config)
{
    const json &c = config.tokenizerConfig;
    auto vocab = BpeTokenizer::readVocabJson(vocabFile);
    if (!vocab)
        return vocab.error();
    auto merges = BpeTokenizer::readMergesFile(mergesFile);
    if (!merges)
        return merges.error();
    BpeOptions options;
    options.addPrefixSpace = boolOr(c, "add_prefix_space", false);
    options.trimOffsets = boolOr(c, "trim_offsets", true);
    auto tok = BpeTokenizer::create(std::move(*vocab), *merges, options, mergesFile.string());
    if (!tok)
        return tok.error();
    if (auto r = applyAddedTokensDecoder(**tok, c, "tokenizer_config.json"); !r)
        return r.error();
    const SpecialTokenNames names = namesFrom(c, "<pad>", "<unk>", "<s>", "</s>", "<mask>");
    registerSpecials(**tok, names, {pick(c, "bos_token", "<s>"), pick(c, "eos_token", "</s>")});
    (*tok)->setSequenceTemplate(SequenceTemplate::RobertaPair);
    return std::shared_ptr<TokenizerBase>(*tok);
}

enum class SpmConvention { Albert, XlmRoberta };

Result<std::shared_ptr<TokenizerBase>> loadSentencePiece(const fs::path &modelFile, SpmConvention convention,
                                                         const TokenizerConfig &config)
{
    const json &c = config.tokenizerConfig;
    auto model = SentencePieceModel::open(modelFile);
    if (!model)
        return model.error();
    auto proto = parseSentencePieceModelProto(model->serializedModel(), modelFile.string());
    if (!proto)
        return proto.error();
    SentencePieceOptions options;
    options.precompiledCharsmap = proto->precompiledCharsmap;
    std::vector<std::pair<std::string, double>> pieces;
    pieces.reserve(proto->pieces.size() + 5);
    SpecialTokenNames names;
    std::vector<std::string> extra;
    if (convention == SpmConvention::Albert) {
        // AlbertTokenizer: the pieces as they are; NFKD + accent stripping unless keep_accents,
        // lower-casing when do_lower_case; [CLS] a [SEP] b [SEP].
        options.replaceQuotes = true;
        options.nfkd = options.stripAccents = !boolOr(c, "keep_accents", false);
        options.lowercase = boolOr(c, "do_lower_case", true);
        for (const auto &p : proto->pieces)
            pieces.emplace_back(p.piece, static_cast<double>(p.score));
        names = namesFrom(c, "<pad>", "<unk>", "[CLS]", "[SEP]", "[MASK]");
        int unkId = -1;
        for (std::size_t i = 0; i < pieces.size(); ++i)
            if (pieces[i].first == names.unk)
                unkId = static_cast<int>(i);
        options.unkId = unkId >= 0 ? unkId : proto->unkId;
        extra = {pick(c, "bos_token", "[CLS]"), pick(c, "eos_token", "[SEP]")};
    } else {
        // XLMRobertaTokenizer: fairseq's layout, <s>=0 <pad>=1 </s>=2 <unk>=3, the model's pieces
        // from its id 3 on shifted by one, <mask> last; <s> a </s></s> b </s>.
        names = namesFrom(c, "<pad>", "<unk>", "<s>", "</s>", "<mask>");
        const std::string bos = pick(c, "bos_token", "<s>"), eos = pick(c, "eos_token", "</s>");
        pieces = {{bos, 0.0}, {names.pad, 0.0}, {eos, 0.0}, {names.unk, 0.0}};
        for (std::size_t i = 3; i < proto->pieces.size(); ++i)
            pieces.emplace_back(proto->pieces[i].piece, static_cast<double>(proto->pieces[i].score));
        pieces.emplace_back(names.mask, 0.0);
        options.unkId = 3;
        extra = {bos, eos};
    }
    auto tok = SentencePieceTokenizer::create(pieces, options, modelFile.string());
    if (!tok)
        return tok.error();
    // SentencePiece's user-defined symbols are added (not special) tokens in HF.
    for (std::size_t i = 0; i < proto->pieces.size(); ++i) {
        if (proto->pieces[i].type != SentencePieceModelProto::UserDefined)
            continue;
        AddedToken t;
        t.content = proto->pieces[i].piece;
        t.id = (*tok)->tokenToId(t.content);
        t.special = false;
        (*tok)->addAddedToken(t);
    }
    if (auto r = applyAddedTokensDecoder(**tok, c, "tokenizer_config.json"); !r)
        return r.error();
    registerSpecials(**tok, names, extra);
    (*tok)->setSequenceTemplate(convention == SpmConvention::Albert ? SequenceTemplate::ClsSep : SequenceTemplate::RobertaPair);
    return std::shared_ptr<TokenizerBase>(*tok);
}

// ------------------------------------------------------------------ tokenizer.json

std::string base64Decode(const std::string &in, bool &ok)
{
    static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve(in.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    ok = true;
    for (char ch : in) {
        if (ch == '=' || ch == '\n' || ch == '\r')
            continue;
        const std::size_t v = chars.find(ch);
        if (v == std::string::npos) {
            ok = false;
            return {};
        }
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

// Flattens a component that may be a Sequence into its parts.
std::vector<json> flatten(const json &component, const char *listKey)
{
    std::vector<json> out;
    if (component.is_null())
        return out;
    if (component.value("type", std::string()) == "Sequence" && component.contains(listKey) && component[listKey].is_array()) {
        for (const json &part : component[listKey])
            for (json &p : flatten(part, listKey))
                out.push_back(std::move(p));
    } else {
        out.push_back(component);
    }
    return out;
}

std::string replacePattern(const json &n)
{
    const json &pattern = n.value("pattern", json::object());
    if (pattern.contains("String") && pattern["String"].is_string())
        return pattern["String"].get<std::string>();
    if (pattern.contains("Regex") && pattern["Regex"].is_string())
        return "regex:" + pattern["Regex"].get<std::string>();
    return {};
}

// The Split pre-tokenizers of Llama 3 and Qwen2 (their regexes, Isolated, not inverted).
Result<BpeSplit> splitFromPattern(const json &p)
{
    const std::string pattern = replacePattern(p);
    if (p.value("behavior", std::string("Isolated")) != "Isolated" || boolOr(p, "invert", false))
        return makeError(ErrorCode::Unsupported, "pre_tokenizer Split with behavior \"" + p.value("behavior", std::string())
                                                     + "\" or invert is not supported (Isolated is)");
    for (BpeSplit split : {BpeSplit::Llama3, BpeSplit::Qwen2, BpeSplit::Gpt2})
        if (pattern == std::string("regex:") + bpeSplitRegex(split))
            return split;
    return makeError(ErrorCode::Unsupported, "pre_tokenizer Split pattern \"" + pattern
                                                 + "\" is not one Hone implements (GPT-2, Llama 3 and Qwen2 patterns are)");
}

// tokenizer.json's model.vocab (token -> id), for WordPiece and BPE alike.
Result<Vocabulary> readJsonVocabulary(const json &model, const std::string &src)
{
    if (!model.contains("vocab") || !model["vocab"].is_object())
        return makeError(ErrorCode::Format, src + ": model.vocab must be an object of token -> id");
    Vocabulary vocab;
    vocab.reserve(model["vocab"].size());
    for (auto it = model["vocab"].begin(); it != model["vocab"].end(); ++it) {
        const auto id = readInteger<int>(it.value(), src, "model.vocab[\"" + it.key() + "\"]", 0, kMaxTokenId);
        if (!id)
            return id.error();
        vocab.insert(it.key(), *id);
    }
    if (vocab.size() == 0)
        return makeError(ErrorCode::Format, src + ": model.vocab is empty");
    return vocab;
}

Result<std::shared_ptr<TokenizerBase>> buildFromJson(const json &j, const std::string &src)
{
    if (!j.contains("model") || !j["model"].is_object())
        return makeError(ErrorCode::Format, src + ": no \"model\" object");
    const json &model = j["model"];
    std::string type = model.value("type", std::string());
    if (type.empty()) // older files omit it
        type = model.contains("merges") ? "BPE" : model.contains("vocab") && model["vocab"].is_array() ? "Unigram" : "WordPiece";
    const json normalizer = j.value("normalizer", json());
    const json preTokenizer = j.value("pre_tokenizer", json());
    const json decoder = j.value("decoder", json());

    if (type == "WordPiece") {
        auto vocabResult = readJsonVocabulary(model, src);
        if (!vocabResult)
            return vocabResult.error();
        Vocabulary vocab = std::move(*vocabResult);
        WordPieceOptions o;
        o.unkToken = model.value("unk_token", std::string("[UNK]"));
        o.continuingSubwordPrefix = model.value("continuing_subword_prefix", std::string("##"));
        const auto maxChars = readIntegerField<int>(model, "max_input_chars_per_word", src, 100, 1);
        if (!maxChars)
            return maxChars.error();
        o.maxInputCharsPerWord = *maxChars;
        if (normalizer.is_null()) {
            o.cleanText = o.handleChineseChars = o.lowercase = false;
            o.stripAccents = false;
        } else if (normalizer.value("type", std::string()) == "BertNormalizer") {
            o.cleanText = boolOr(normalizer, "clean_text", true);
            o.handleChineseChars = boolOr(normalizer, "handle_chinese_chars", true);
            o.lowercase = boolOr(normalizer, "lowercase", true);
            if (normalizer.contains("strip_accents") && normalizer["strip_accents"].is_boolean())
                o.stripAccents = normalizer["strip_accents"].get<bool>();
        } else {
            return makeError(ErrorCode::Unsupported, src + ": normalizer type \"" + normalizer.value("type", std::string())
                                                         + "\" is not supported with WordPiece (BertNormalizer is)");
        }
        const std::string pre = preTokenizer.is_null() ? "" : preTokenizer.value("type", std::string());
        if (pre != "BertPreTokenizer")
            return makeError(ErrorCode::Unsupported, src + ": pre_tokenizer \"" + pre + "\" is not supported with WordPiece (BertPreTokenizer is)");
        if (!decoder.is_null() && decoder.value("type", std::string()) == "WordPiece")
            o.decoderCleanup = boolOr(decoder, "cleanup", true);
        if (vocab.find(o.unkToken) < 0)
            return makeError(ErrorCode::Format, src + ": model.unk_token \"" + o.unkToken + "\" is not in model.vocab");
        return std::shared_ptr<TokenizerBase>(std::make_shared<WordPieceTokenizer>(std::move(vocab), o));
    }

    if (type == "BPE") {
        auto nonEmpty = [&](const char *key) {
            const json v = model.value(key, json());
            return !v.is_null() && !(v.is_string() && v.get<std::string>().empty());
        };
        if (!model.value("dropout", json()).is_null() || nonEmpty("continuing_subword_prefix") || nonEmpty("end_of_word_suffix")
            || boolOr(model, "byte_fallback", false))
            return makeError(ErrorCode::Unsupported, src + ": BPE with dropout, subword prefixes/suffixes or byte_fallback is not supported");
        auto vocabResult = readJsonVocabulary(model, src);
        if (!vocabResult)
            return vocabResult.error();
        Vocabulary vocab = std::move(*vocabResult);
        std::vector<BpeTokenizer::Merge> merges;
        const json mergeList = model.value("merges", json::array());
        if (!mergeList.is_array())
            return makeError(ErrorCode::Format, src + ": model.merges must be an array");
        merges.reserve(mergeList.size());
        for (std::size_t i = 0; i < mergeList.size(); ++i) {
            const json &m = mergeList[i];
            if (m.is_string()) {
                const std::string s = m.get<std::string>();
                const std::size_t space = s.find(' ');
                if (space == std::string::npos || space == 0 || space + 1 == s.size() || s.find(' ', space + 1) != std::string::npos)
                    return makeError(ErrorCode::Format, src + ": model.merges[" + std::to_string(i) + "] is not \"a b\": \"" + s + "\"");
                merges.emplace_back(s.substr(0, space), s.substr(space + 1));
            } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
                merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
            } else {
                return makeError(ErrorCode::Format, src + ": model.merges[" + std::to_string(i) + "] is not a pair of tokens");
            }
        }
        BpeOptions o;
        o.ignoreMerges = boolOr(model, "ignore_merges", false);
        if (model.contains("unk_token") && model["unk_token"].is_string())
            o.unkToken = model["unk_token"].get<std::string>();
        for (const json &n : flatten(normalizer, "normalizers")) {
            if (n.value("type", std::string()) != "NFC")
                return makeError(ErrorCode::Unsupported, src + ": normalizer \"" + n.value("type", std::string())
                                                             + "\" is not supported with byte-level BPE (NFC is)");
            o.nfc = true;
        }
        bool byteLevel = false;
        o.splits.clear();
        for (const json &p : flatten(preTokenizer, "pretokenizers")) {
            const std::string t = p.value("type", std::string());
            if (t == "ByteLevel") {
                byteLevel = true;
                o.addPrefixSpace = boolOr(p, "add_prefix_space", false);
                o.trimOffsets = boolOr(p, "trim_offsets", true);
                if (boolOr(p, "use_regex", true))
                    o.splits.push_back(BpeSplit::Gpt2);
            } else if (t == "Digits") {
                o.splits.push_back(boolOr(p, "individual_digits", false) ? BpeSplit::DigitsIndividual : BpeSplit::Digits);
            } else if (t == "Split") {
                auto known = splitFromPattern(p);
                if (!known)
                    return makeError(ErrorCode::Unsupported, src + ": " + known.error().message);
                o.splits.push_back(*known);
            } else {
                return makeError(ErrorCode::Unsupported, src + ": pre_tokenizer \"" + t
                                                             + "\" is not supported with BPE (ByteLevel, Split, Digits are)");
            }
        }
        if (!byteLevel)
            return makeError(ErrorCode::Unsupported, src + ": only byte-level BPE (pre_tokenizer ByteLevel) is supported");
        // The ByteLevel post-processor (alone or inside a Sequence) decides offset trimming.
        for (const json &post : flatten(j.value("post_processor", json()), "processors"))
            if (post.contains("trim_offsets"))
                o.trimOffsets = boolOr(post, "trim_offsets", o.trimOffsets);
        auto tok = BpeTokenizer::create(std::move(vocab), merges, o, src);
        if (!tok)
            return tok.error();
        return std::shared_ptr<TokenizerBase>(*tok);
    }

    if (type == "Unigram") {
        if (!model.contains("vocab") || !model["vocab"].is_array())
            return makeError(ErrorCode::Format, src + ": model.vocab must be an array of [piece, score]");
        if (boolOr(model, "byte_fallback", false))
            return makeError(ErrorCode::Unsupported, src + ": Unigram with byte_fallback is not supported");
        std::vector<std::pair<std::string, double>> pieces;
        pieces.reserve(model["vocab"].size());
        for (std::size_t i = 0; i < model["vocab"].size(); ++i) {
            const json &e = model["vocab"][i];
            if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number())
                return makeError(ErrorCode::Format, src + ": model.vocab[" + std::to_string(i) + "] is not [piece, score]");
            pieces.emplace_back(e[0].get<std::string>(), e[1].get<double>());
        }
        SentencePieceOptions o;
        const auto unkId = readIntegerField<int>(model, "unk_id", src, 0, 0);
        if (!unkId)
            return unkId.error();
        o.unkId = *unkId;
        for (const json &n : flatten(normalizer, "normalizers")) {
            const std::string t = n.value("type", std::string());
            if (t == "Replace") {
                const std::string pattern = replacePattern(n);
                const std::string content = n.value("content", std::string());
                if ((pattern == "``" || pattern == "''") && content == "\"")
                    o.replaceQuotes = true;
                else if (pattern == "regex: {2,}" && content == " ")
                    continue; // collapsing runs of spaces: WhitespaceSplit makes it moot
                else
                    return makeError(ErrorCode::Unsupported, src + ": normalizer Replace(\"" + pattern + "\") is not supported");
            } else if (t == "NFKD") {
                o.nfkd = true;
            } else if (t == "StripAccents") {
                o.stripAccents = true;
            } else if (t == "Lowercase") {
                o.lowercase = true;
            } else if (t == "Precompiled") {
                bool ok = false;
                o.precompiledCharsmap = base64Decode(n.value("precompiled_charsmap", std::string()), ok);
                if (!ok)
                    return makeError(ErrorCode::Format, src + ": normalizer.precompiled_charsmap is not base64");
            } else {
                return makeError(ErrorCode::Unsupported, src + ": normalizer \"" + t + "\" is not supported with Unigram");
            }
        }
        bool metaspace = false;
        o.whitespaceSplit = false;
        for (const json &p : flatten(preTokenizer, "pretokenizers")) {
            const std::string t = p.value("type", std::string());
            if (t == "WhitespaceSplit") {
                o.whitespaceSplit = true;
            } else if (t == "Metaspace") {
                metaspace = true;
                if (p.value("replacement", std::string("\xE2\x96\x81")) != "\xE2\x96\x81")
                    return makeError(ErrorCode::Unsupported, src + ": Metaspace replacement other than U+2581 is not supported");
                const std::string scheme = p.value("prepend_scheme", std::string(boolOr(p, "add_prefix_space", true) ? "always" : "never"));
                o.prependScheme = scheme == "never" ? PrependScheme::Never : scheme == "first" ? PrependScheme::First : PrependScheme::Always;
                o.metaspaceSplit = boolOr(p, "split", true);
            } else {
                return makeError(ErrorCode::Unsupported, src + ": pre_tokenizer \"" + t + "\" is not supported with Unigram");
            }
        }
        if (!metaspace)
            return makeError(ErrorCode::Unsupported, src + ": Unigram needs a Metaspace pre_tokenizer");
        auto tok = SentencePieceTokenizer::create(pieces, o, src);
        if (!tok)
            return tok.error();
        return std::shared_ptr<TokenizerBase>(*tok);
    }
    return makeError(ErrorCode::Unsupported, src + ": model type \"" + type + "\" is not supported (WordPiece, BPE, Unigram are)");
}

// The template and its role tokens from post_processor (a Sequence: its TemplateProcessing part).
Result<void> applyPostProcessor(TokenizerBase &tok, const json &j, const std::string &src, std::string &cls, std::string &sep)
{
    json post = j.value("post_processor", json());
    if (!post.is_null() && post.value("type", std::string()) == "Sequence") {
        json chosen;
        for (const json &p : flatten(post, "processors"))
            if (p.value("type", std::string()) != "ByteLevel")
                chosen = p;
        post = chosen;
    }
    if (post.is_null()) {
        tok.setSequenceTemplate(SequenceTemplate::None);
        return {};
    }
    const std::string type = post.value("type", std::string());
    auto pairName = [](const json &v) { return v.is_array() && !v.empty() && v[0].is_string() ? v[0].get<std::string>() : std::string(); };
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        cls = pairName(post.value("cls", json()));
        sep = pairName(post.value("sep", json()));
        tok.setSequenceTemplate(type == "BertProcessing" ? SequenceTemplate::ClsSep : SequenceTemplate::RobertaPair);
        return {};
    }
    if (type == "TemplateProcessing") {
        // Llama 3: single = <bos> $A, with nothing after the sequence.
        const json single = post.value("single", json::array());
        if (single.is_array() && single.size() == 2 && single[0].contains("SpecialToken") && single[1].contains("Sequence")) {
            cls = single[0]["SpecialToken"].value("id", std::string());
            tok.setSequenceTemplate(SequenceTemplate::Bos);
            return {};
        }
        const json pair = post.value("pair", json::array());
        std::vector<std::string> specials;
        int sequences = 0;
        std::vector<int> specialsBetween(3, 0); // before A, between A and B, after B
        for (const json &piece : pair) {
            if (piece.contains("SpecialToken")) {
                specials.push_back(piece["SpecialToken"].value("id", std::string()));
                ++specialsBetween[static_cast<std::size_t>(std::min(sequences, 2))];
            } else if (piece.contains("Sequence")) {
                ++sequences;
            }
        }
        if (sequences != 2 || specialsBetween[0] > 1 || specialsBetween[2] > 1)
            return makeError(ErrorCode::Unsupported, src + ": post_processor template \"pair\" has a layout Hone does not support");
        if (specials.empty()) {
            tok.setSequenceTemplate(SequenceTemplate::None);
            return {};
        }
        if (specialsBetween[0] == 1)
            cls = specials.front();
        sep = specials.back();
        if (specialsBetween[1] == 1)
            tok.setSequenceTemplate(SequenceTemplate::ClsSep);
        else if (specialsBetween[1] == 2)
            tok.setSequenceTemplate(SequenceTemplate::RobertaPair);
        else
            return makeError(ErrorCode::Unsupported, src + ": post_processor template \"pair\" has a layout Hone does not support");
        return {};
    }
    if (type == "ByteLevel") {
        tok.setSequenceTemplate(SequenceTemplate::None);
        return {};
    }
    return makeError(ErrorCode::Unsupported, src + ": post_processor \"" + type + "\" is not supported");
}

} // namespace

fs::path tokenizerDirectory(const fs::path &modelDir)
{
    for (const char *name : {"tokenizer.json", "vocab.txt", "spiece.model", "sentencepiece.bpe.model", "vocab.json"})
        if (isFile(modelDir / name))
            return modelDir;
    return transformerDirectory(modelDir);
}

namespace {

Result<std::shared_ptr<const Tokenizer>> tokenizerFromJson(const json *j, const std::string &src, const TokenizerConfig &config)
{
    auto built = buildFromJson(*j, src);
    if (!built)
        return built.error();
    TokenizerBase &tok = **built;
    const json added = j->value("added_tokens", json::array());
    if (!added.is_array())
        return makeError(ErrorCode::Format, src + ": added_tokens must be an array");
    for (std::size_t i = 0; i < added.size(); ++i) {
        const json &a = added[i];
        const std::string where = "added_tokens[" + std::to_string(i) + "]";
        if (!a.is_object() || !a.contains("id") || !a.contains("content") || !a["content"].is_string())
            return makeError(ErrorCode::Format, src + ": " + where + " needs an integer id and a content string");
        const auto id = readInteger<int>(a["id"], src, where + ".id", 0, kMaxTokenId);
        if (!id)
            return id.error();
        tok.addAddedToken(addedTokenFrom(a, *id));
    }
    std::string cls, sep;
    if (auto r = applyPostProcessor(tok, *j, src, cls, sep); !r)
        return r.error();
    const json &c = config.tokenizerConfig;
    const bool bertLike = tok.kind() == "wordpiece" || (tok.kind() == "sentencepiece" && tok.sequenceTemplate() == SequenceTemplate::ClsSep);
    SpecialTokenNames names = bertLike ? namesFrom(c, "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
                                       : namesFrom(c, "<pad>", "<unk>", "<s>", "</s>", "<mask>");
    if (!cls.empty())
        names.cls = cls;
    if (!sep.empty())
        names.sep = sep;
    if (tok.kind() == "sentencepiece" && bertLike && !c.contains("unk_token"))
        names.unk = "<unk>";
    if (tok.kind() == "sentencepiece" && bertLike && !c.contains("pad_token"))
        names.pad = "<pad>";
    if (const json pad = j->value("padding", json()); pad.is_object() && pad.contains("pad_token") && !c.contains("pad_token"))
        names.pad = pad.value("pad_token", names.pad);
    tok.setSpecialTokens(names);
    tok.setModelMaxLength(modelMaxLengthOf(c));
    return std::shared_ptr<const Tokenizer>(*built);
}

} // namespace

Result<std::shared_ptr<const Tokenizer>> loadTokenizerJson(const fs::path &file, const TokenizerConfig &config)
{
    auto j = readJson(file);
    if (!j)
        return j.error();
    // Checks field by field are the rule; a field of a type no check foresaw is still a message, not a crash.
    try {
        return tokenizerFromJson(&*j, file.string(), config);
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, file.string() + ": a field has an unexpected type (" + e.what() + ")");
    }
}

Result<std::shared_ptr<const Tokenizer>> loadGgufTokenizer(const GgufHeader &h, const std::string &src)
{
    const std::string model = h.getString("tokenizer.ggml.model");
    if (model.empty())
        return makeError(ErrorCode::NotFound, src + ": GGUF metadata has no tokenizer (tokenizer.ggml.model)");
    if (model != "gpt2")
        return makeError(ErrorCode::Unsupported, src + ": GGUF tokenizer.ggml.model \"" + model
                                                     + "\" is not supported (gpt2, byte-level BPE, is)");
    const std::string pre = h.getString("tokenizer.ggml.pre", "default");
    BpeOptions o;
    if (pre == "smollm" || pre == "starcoder" || pre == "refact")
        o.splits = {BpeSplit::DigitsIndividual, BpeSplit::Gpt2};
    else if (pre == "gpt-2" || pre == "gpt2" || pre == "default")
        o.splits = {BpeSplit::Gpt2};
    else if (pre == "llama-bpe" || pre == "llama3" || pre == "llama-v3")
        o.splits = {BpeSplit::Llama3};
    else if (pre == "qwen2") {
        o.splits = {BpeSplit::Qwen2};
        o.nfc = true;
    } else
        return makeError(ErrorCode::Unsupported, src + ": GGUF tokenizer.ggml.pre \"" + pre
                                                     + "\" is not supported (smollm, starcoder, gpt-2, llama-bpe, qwen2 are)");
    const auto *tokens = h.getArray("tokenizer.ggml.tokens");
    if (!tokens || tokens->empty() || tokens->front().type != GgufValueType::String)
        return makeError(ErrorCode::Format, src + ": GGUF tokenizer.ggml.tokens must be a non-empty array of strings");
    const auto *types = h.getArray("tokenizer.ggml.token_type");
    if (types && types->size() != tokens->size())
        return makeError(ErrorCode::Format, src + ": GGUF tokenizer.ggml.token_type has " + std::to_string(types->size())
                                                + " entries for " + std::to_string(tokens->size()) + " tokens");
    Vocabulary vocab;
    vocab.reserve(tokens->size());
    std::vector<AddedToken> added;
    for (std::size_t id = 0; id < tokens->size(); ++id) {
        const std::string &t = (*tokens)[id].s;
        vocab.insert(t, static_cast<int>(id)); // a repeated token keeps its first id, as HF's vocab does
        const std::int64_t type = types ? (*types)[id].asInt() : 1;
        if (type == 3 || type == 4) { // CONTROL, USER_DEFINED
            AddedToken a;
            a.content = t;
            a.id = static_cast<int>(id);
            a.special = type == 3;
            added.push_back(a);
        }
    }
    std::vector<BpeTokenizer::Merge> merges;
    if (const auto *m = h.getArray("tokenizer.ggml.merges")) {
        merges.reserve(m->size());
        for (std::size_t i = 0; i < m->size(); ++i) {
            const std::string &s = (*m)[i].s;
            const std::size_t space = s.find(' ');
            if ((*m)[i].type != GgufValueType::String || space == std::string::npos || space == 0 || space + 1 == s.size())
                return makeError(ErrorCode::Format, src + ": GGUF tokenizer.ggml.merges[" + std::to_string(i) + "] is not \"a b\"");
            merges.emplace_back(s.substr(0, space), s.substr(space + 1));
        }
    }
    auto tok = BpeTokenizer::create(std::move(vocab), merges, o, src);
    if (!tok)
        return tok.error();
    for (const AddedToken &a : added)
        (*tok)->addAddedToken(a);
    auto roleName = [&](const char *key) {
        const std::int64_t id = h.getInt(key, -1);
        return id >= 0 && static_cast<std::size_t>(id) < tokens->size() ? (*tokens)[static_cast<std::size_t>(id)].s : std::string();
    };
    SpecialTokenNames names;
    names.bos = roleName("tokenizer.ggml.bos_token_id");
    names.eos = roleName("tokenizer.ggml.eos_token_id");
    names.unk = roleName("tokenizer.ggml.unknown_token_id");
    names.pad = roleName("tokenizer.ggml.padding_token_id");
    const bool addBos = h.getInt("tokenizer.ggml.add_bos_token", 0) != 0 && !names.bos.empty();
    if (addBos)
        names.cls = names.bos;
    (*tok)->setSpecialTokens(names);
    (*tok)->setSequenceTemplate(addBos ? SequenceTemplate::Bos : SequenceTemplate::None);
    const std::string arch = h.architecture();
    const std::int64_t context = arch.empty() ? 0 : h.getInt(arch + ".context_length", 0);
    (*tok)->setModelMaxLength(context > 0 && context < (1 << 30) ? static_cast<int>(context) : 0);
    return std::shared_ptr<const Tokenizer>(*tok);
}

Result<std::shared_ptr<const Tokenizer>> loadTokenizer(const fs::path &modelDir)
{
    if (isGgufFile(modelDir)) {
        auto gguf = GgufFile::open(modelDir);
        if (!gguf)
            return gguf.error();
        return loadGgufTokenizer(gguf->header(), modelDir.string());
    }
    if (!isDirectory(modelDir))
        return makeError(ErrorCode::NotFound, modelDir.string() + ": not a folder");
    const fs::path dir = tokenizerDirectory(modelDir);
    TokenizerConfig config;
    const fs::path tokenizerConfigFile = dir / "tokenizer_config.json";
    if (isFile(tokenizerConfigFile)) {
        auto j = readJson(tokenizerConfigFile);
        if (!j)
            return j.error();
        config.tokenizerConfig = std::move(*j);
    }
    fs::path configFile = dir / "config.json";
    if (!isFile(configFile) && isFile(modelDir / "config.json"))
        configFile = modelDir / "config.json";
    if (isFile(configFile)) {
        auto j = readJson(configFile);
        if (!j)
            return j.error();
        config.modelType = j->value("model_type", std::string());
        const json vs = j->value("vocab_size", json());
        if (const auto size = exactSignedInteger(vs))
            config.configVocabSize = *size;
    }
    const json &c = config.tokenizerConfig;
    const std::string tokenizerClass = c.value("tokenizer_class", std::string());

    fs::path source;
    Result<std::shared_ptr<const Tokenizer>> result = makeError(ErrorCode::Internal, "unset");
    auto finish = [&](Result<std::shared_ptr<TokenizerBase>> built) -> Result<std::shared_ptr<const Tokenizer>> {
        if (!built)
            return built.error();
        (*built)->setModelMaxLength(modelMaxLengthOf(c));
        return std::shared_ptr<const Tokenizer>(*built);
    };
    if (isFile(dir / "tokenizer.json")) {
        source = dir / "tokenizer.json";
        result = loadTokenizerJson(source, config);
    } else if (isFile(dir / "vocab.txt")) {
        source = dir / "vocab.txt";
        result = finish(loadWordPiece(source, config));
    } else if (isFile(dir / "spiece.model") || isFile(dir / "sentencepiece.bpe.model")) {
        const bool xlmr = config.modelType == "xlm-roberta" || config.modelType == "camembert"
                          || tokenizerClass.rfind("XLMRoberta", 0) == 0
                          || (!isFile(dir / "spiece.model") && config.modelType != "albert");
        if (config.modelType == "camembert" || tokenizerClass.rfind("Camembert", 0) == 0)
            return makeError(ErrorCode::Unsupported, dir.string() + ": CamemBERT's SentencePiece layout is not supported");
        if (!xlmr && !config.modelType.empty() && config.modelType != "albert")
            return makeError(ErrorCode::Unsupported, (dir / "spiece.model").string() + ": SentencePiece conventions of model_type \""
                                                         + config.modelType + "\" are not supported (albert and xlm-roberta are)");
        source = isFile(dir / "sentencepiece.bpe.model") && xlmr ? dir / "sentencepiece.bpe.model" : dir / "spiece.model";
        if (!isFile(source))
            source = dir / "sentencepiece.bpe.model";
        result = finish(loadSentencePiece(source, xlmr ? SpmConvention::XlmRoberta : SpmConvention::Albert, config));
    } else if (isFile(dir / "vocab.json") && isFile(dir / "merges.txt")) {
        source = dir / "merges.txt";
        result = finish(loadByteLevelBpe(dir / "vocab.json", source, config));
    } else if (isFile(dir / "vocab.json")) {
        return makeError(ErrorCode::NotFound, (dir / "merges.txt").string() + ": missing (vocab.json needs merges.txt for byte-level BPE)");
    } else {
        return makeError(ErrorCode::NotFound, dir.string() + ": no tokenizer files (looked for tokenizer.json, vocab.txt, "
                                                             "spiece.model, sentencepiece.bpe.model, vocab.json + merges.txt)");
    }
    if (!result)
        return result;
    if (auto r = checkVocabSize(**result, config, source, configFile); !r)
        return r.error();
    return result;
}

} // namespace hone

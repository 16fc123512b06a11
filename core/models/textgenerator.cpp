#include "core/models/textgenerator.h"

#include "core/io/jsoninteger.h"

#include <algorithm>

namespace hone {
namespace fs = std::filesystem;

namespace {

void addId(std::vector<int> &ids, int id)
{
    if (id >= 0 && std::find(ids.begin(), ids.end(), id) == ids.end())
        ids.push_back(id);
}

} // namespace

Result<TextGenerator> TextGenerator::open(const fs::path &modelPath)
{
    auto loaded = loadCausalLM(modelPath);
    if (!loaded)
        return loaded.error();
    auto tokenizer = loadTokenizer(loaded->path);
    if (!tokenizer)
        return tokenizer.error();
    TextGenerator g;
    for (int id : loaded->config.eosTokenIds)
        addId(g.m_eos, id);
    std::error_code ec;
    const bool folder = fs::is_directory(loaded->path, ec);
    const fs::path generationConfig = loaded->path / "generation_config.json";
    if (folder && fs::is_regular_file(generationConfig, ec)) {
        auto json = readJsonFile(generationConfig);
        if (!json)
            return json.error();
        const nlohmann::json eos = json->value("eos_token_id", nlohmann::json());
        for (const auto &v : eos.is_array() ? eos : nlohmann::json::array({eos})) {
            if (!v.is_number())
                continue; // null: no end-of-sequence id of its own
            const auto id = readInteger<int>(v, generationConfig.string(), "eos_token_id", 0);
            if (!id)
                return id.error();
            addId(g.m_eos, *id);
        }
    }
    const fs::path tokenizerConfig = loaded->path / "tokenizer_config.json";
    if (folder && fs::is_regular_file(tokenizerConfig, ec)) {
        auto json = readJsonFile(tokenizerConfig);
        if (!json)
            return json.error();
        const nlohmann::json eos = json->value("eos_token", nlohmann::json());
        const std::string name = eos.is_string() ? eos.get<std::string>()
                                 : eos.is_object() ? eos.value("content", std::string())
                                                   : std::string();
        if (!name.empty())
            addId(g.m_eos, (*tokenizer)->tokenToId(name));
    }
    g.m_loaded = std::make_shared<LoadedCausalLM>(std::move(loaded).value());
    g.m_tokenizer = std::move(tokenizer).value();
    return g;
}

Result<GenerationResult> TextGenerator::generateIds(const std::vector<int> &prompt, GenerationOptions options,
                                                    const TextCallback &onText) const
{
    if (options.eosTokenIds.empty())
        options.eosTokenIds = m_eos;
    const Tokenizer &tokenizer = *m_tokenizer;
    return hone::generate(*m_loaded->model, prompt, options,
                          [&tokenizer](const std::vector<int> &ids) { return tokenizer.decode(ids, true); }, onText);
}

Result<GenerationResult> TextGenerator::generate(const std::string &text, GenerationOptions options,
                                                 const TextCallback &onText) const
{
    std::vector<int> ids;
    std::vector<std::pair<int, int>> offsets;
    m_tokenizer->tokenize(text, ids, offsets);
    return generateIds(ids, std::move(options), onText);
}

} // namespace hone

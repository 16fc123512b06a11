#include "core/models/modelconfig.h"

#include "core/io/jsoninteger.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

namespace hone {
using nlohmann::json;

namespace {

std::string formatNumber(double v)
{
    std::string s = std::to_string(v);
    while (s.size() > 1 && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s;
}

} // namespace

Error ConfigReader::error(const char *key, const std::string &what) const
{
    return makeError(ErrorCode::Format, m_source + ": field \"" + key + "\" " + what);
}

bool ConfigReader::has(const char *key) const
{
    return m_json.contains(key) && !m_json[key].is_null();
}

Result<int> ConfigReader::integer(const char *key, std::optional<int> fallback, int min) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        return error(key, "is missing");
    }
    // 1e9 bounds every size and id: products of two fields stay within int64.
    return readInteger<int>(m_json[key], m_source, key, min, 1000000000);
}

Result<double> ConfigReader::number(const char *key, std::optional<double> fallback, double min, double max) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        return error(key, "is missing");
    }
    const json &v = m_json[key];
    if (!v.is_number())
        return error(key, "must be a number, not " + v.dump());
    const double d = v.get<double>();
    if (!(d >= min && d <= max))
        return error(key, "is " + v.dump() + "; it must be between " + formatNumber(min) + " and " + formatNumber(max));
    return d;
}

Result<std::optional<double>> ConfigReader::optionalNumber(const char *key, double min, double max) const
{
    if (!has(key))
        return std::optional<double>();
    auto r = number(key, std::nullopt, min, max);
    if (!r)
        return r.error();
    return std::optional<double>(*r);
}

Result<std::string> ConfigReader::string(const char *key, std::optional<std::string> fallback) const
{
    if (!has(key)) {
        if (fallback)
            return *fallback;
        return error(key, "is missing");
    }
    const json &v = m_json[key];
    if (!v.is_string())
        return error(key, "must be a string, not " + v.dump());
    return v.get<std::string>();
}

Result<bool> ConfigReader::boolean(const char *key, bool fallback) const
{
    if (!has(key))
        return fallback;
    const json &v = m_json[key];
    if (!v.is_boolean())
        return error(key, "must be true or false, not " + v.dump());
    return v.get<bool>();
}

const std::vector<std::string> &supportedActivations()
{
    static const std::vector<std::string> names = {"gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast",
                                                   "quick_gelu", "relu", "silu", "swish", "tanh"};
    return names;
}

Result<void> parseCommonConfig(const ConfigReader &reader, ModelConfig &config)
{
    const json &j = config.raw;
    if (reader.has("id2label")) {
        const json &m = j["id2label"];
        if (!m.is_object())
            return reader.error("id2label", "must be an object mapping ids to label names");
        std::map<int, std::string> byId;
        for (auto it = m.begin(); it != m.end(); ++it) {
            int id = -1;
            try {
                std::size_t used = 0;
                id = std::stoi(it.key(), &used);
                if (used != it.key().size())
                    id = -1;
            } catch (const std::exception &) {
                id = -1;
            }
            if (id < 0)
                return reader.error("id2label", "has key \"" + it.key() + "\", which is not a label id (0, 1, ...)");
            if (!it.value().is_string())
                return reader.error("id2label", "maps " + it.key() + " to " + it.value().dump() + ", not a string");
            byId[id] = it.value().get<std::string>();
        }
        int expected = 0;
        for (const auto &[id, name] : byId) {
            if (id != expected)
                return reader.error("id2label", "has no label for id " + std::to_string(expected) +
                                                    " (ids must be 0..n-1)");
            config.labels.push_back(name);
            ++expected;
        }
    }
    auto numLabels = reader.integer("num_labels", std::nullopt, 1);
    if (reader.has("num_labels")) {
        if (!numLabels)
            return numLabels.error();
        if (!config.labels.empty() && *numLabels != static_cast<int>(config.labels.size()))
            return reader.error("num_labels", "is " + std::to_string(*numLabels) + " but id2label names " +
                                                  std::to_string(config.labels.size()) + " labels");
        config.numLabels = *numLabels;
    } else {
        config.numLabels = static_cast<int>(config.labels.size());
    }
    auto problem = reader.string("problem_type", std::string());
    if (!problem)
        return problem.error();
    config.problemType = *problem;
    if (!config.problemType.empty() && config.problemType != "single_label_classification" &&
        config.problemType != "multi_label_classification" && config.problemType != "regression")
        return reader.error("problem_type", "is \"" + config.problemType +
                                                "\"; expected single_label_classification, multi_label_classification "
                                                "or regression");
    if (reader.has("architectures")) {
        const json &a = j["architectures"];
        if (!a.is_array())
            return reader.error("architectures", "must be a list of class names");
        for (const json &name : a) {
            if (!name.is_string())
                return reader.error("architectures", "must be a list of class names, not " + a.dump());
            config.architectures.push_back(name.get<std::string>());
        }
    }
    return {};
}

namespace {

// A token id or a list of ids; absent or null gives an empty list.
Result<std::vector<int>> tokenIds(const ConfigReader &r, const json &j, const char *key)
{
    std::vector<int> ids;
    if (!r.has(key))
        return ids;
    const json &v = j[key];
    const auto id = [](const json &x) -> std::optional<int> {
        const auto i = x.is_boolean() ? std::nullopt : exactSignedInteger(x);
        return i && *i >= 0 && *i < 1000000000 ? std::optional<int>(static_cast<int>(*i)) : std::nullopt;
    };
    if (const auto single = id(v)) {
        ids.push_back(*single);
        return ids;
    }
    if (!v.is_array())
        return r.error(key, "must be a token id or a list of ids, not " + v.dump());
    for (const auto &x : v) {
        const auto one = id(x);
        if (!one)
            return r.error(key, "must be a token id or a list of ids, not " + v.dump());
        ids.push_back(*one);
    }
    return ids;
}

} // namespace

Result<void> parseDecoderTokens(const ConfigReader &r, ModelConfig &c)
{
    auto bos = tokenIds(r, c.raw, "bos_token_id");
    auto eos = tokenIds(r, c.raw, "eos_token_id");
    // Some Llama configs say pad_token_id: -1 for "none".
    const auto padValue = r.has("pad_token_id") ? exactSignedInteger(c.raw["pad_token_id"]) : std::nullopt;
    const bool negativePad = padValue && *padValue < 0;
    auto pad = negativePad ? Result<std::vector<int>>(std::vector<int>()) : tokenIds(r, c.raw, "pad_token_id");
    for (auto *x : {&bos, &eos, &pad})
        if (!*x)
            return x->error();
    c.bosTokenId = bos->empty() ? -1 : bos->front();
    c.eosTokenIds = *eos;
    c.padTokenId = pad->empty() ? 0 : pad->front();
    for (int id : c.eosTokenIds)
        if (id >= c.vocabSize)
            return r.error("eos_token_id", "(" + std::to_string(id) + ") is outside the vocabulary (" +
                                               std::to_string(c.vocabSize) + ")");
    if (c.bosTokenId >= c.vocabSize)
        return r.error("bos_token_id", "(" + std::to_string(c.bosTokenId) + ") is outside the vocabulary (" +
                                           std::to_string(c.vocabSize) + ")");
    return {};
}

Result<void> validateConfig(const ModelConfig &c)
{
    if (c.numHeads <= 0 || c.hiddenSize % c.numHeads != 0)
        return makeError(ErrorCode::Format, c.source + ": the hidden size (" + std::to_string(c.hiddenSize) +
                                                ") is not divisible by the number of attention heads (" +
                                                std::to_string(c.numHeads) + ")");
    if (c.numKeyValueHeads > 0 && c.numHeads % c.numKeyValueHeads != 0)
        return makeError(ErrorCode::Format, c.source + ": the number of attention heads (" + std::to_string(c.numHeads) +
                                                ") is not a multiple of num_key_value_heads (" +
                                                std::to_string(c.numKeyValueHeads) + ")");
    const auto &acts = supportedActivations();
    if (std::find(acts.begin(), acts.end(), c.hiddenAct) == acts.end()) {
        std::string list;
        for (const auto &a : acts)
            list += (list.empty() ? "" : ", ") + a;
        return makeError(ErrorCode::Unsupported, c.source + ": activation \"" + c.hiddenAct +
                                                     "\" is not supported (supported: " + list + ")");
    }
    if (c.positionEmbeddingType != "absolute")
        return makeError(ErrorCode::Unsupported, c.source + ": field \"position_embedding_type\" is \"" +
                                                     c.positionEmbeddingType +
                                                     "\"; only \"absolute\" position embeddings are supported");
    if (c.padTokenId < 0 || c.padTokenId >= c.vocabSize)
        return makeError(ErrorCode::Format, c.source + ": field \"pad_token_id\" (" + std::to_string(c.padTokenId) +
                                                ") is outside the vocabulary (" + std::to_string(c.vocabSize) + ")");
    return {};
}

json ModelConfig::classifierJson(const std::string &className, const std::vector<std::string> &labelNames) const
{
    json j = raw.is_object() ? raw : json::object();
    j["architectures"] = json::array({className});
    json id2label = json::object();
    json label2id = json::object();
    for (std::size_t i = 0; i < labelNames.size(); ++i) {
        id2label[std::to_string(i)] = labelNames[i];
        label2id[labelNames[i]] = static_cast<int>(i);
    }
    j["id2label"] = id2label;
    j["label2id"] = label2id;
    j["num_labels"] = static_cast<int>(labelNames.size());
    j["problem_type"] = "single_label_classification";
    if (j.contains("torch_dtype"))
        j["torch_dtype"] = "float32";
    j["dtype"] = "float32"; // the weights are written in float32 whatever the source held
    if (!j.contains("model_type"))
        j["model_type"] = modelType;
    return j;
}

Result<json> readJsonFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            return makeError(ErrorCode::NotFound, path.string() + ": missing");
        return makeError(ErrorCode::Io, path.string() + ": cannot open");
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
        return json::parse(text);
    } catch (const json::exception &e) {
        return makeError(ErrorCode::Format, path.string() + ": not valid JSON: " + e.what());
    }
}

} // namespace hone

#include "core/models/sentenceembedder.h"

#include "core/io/jsoninteger.h"
#include "core/models/modelloader.h"
#include "core/text/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hone {
namespace fs = std::filesystem;

struct SentenceEmbedder::Impl {
    LoadedModel loaded;
    std::shared_ptr<const Tokenizer> tokenizer;
    int padId = 0;
    int maxLength = 512;
};

SentenceEmbedder::SentenceEmbedder() : m_impl(std::make_unique<Impl>()) {}
SentenceEmbedder::~SentenceEmbedder() = default;
SentenceEmbedder::SentenceEmbedder(SentenceEmbedder &&) noexcept = default;
SentenceEmbedder &SentenceEmbedder::operator=(SentenceEmbedder &&) noexcept = default;

Result<SentenceEmbedder> SentenceEmbedder::open(const fs::path &modelDir)
{
    auto loaded = loadEncoder(modelDir);
    if (!loaded)
        return loaded.error();
    auto tokenizer = loadTokenizer(loaded->directory);
    if (!tokenizer) {
        // sentence-transformers may keep the tokenizer at the top of the folder.
        auto top = loadTokenizer(modelDir);
        if (!top)
            return tokenizer.error();
        tokenizer = std::move(top);
    }
    SentenceEmbedder embedder;
    Impl &d = *embedder.m_impl;
    d.loaded = std::move(loaded).value();
    d.tokenizer = std::move(tokenizer).value();
    d.padId = d.tokenizer->specialTokens().pad >= 0 ? d.tokenizer->specialTokens().pad : d.loaded.config.padTokenId;
    const int positions = usableMaxPositions(d.loaded.config);
    d.maxLength = std::min(positions, 512);
    for (const fs::path &dir : {d.loaded.directory, modelDir}) {
        const fs::path file = dir / "sentence_bert_config.json";
        auto st = readJsonFile(file);
        if (st && st->is_object() && st->contains("max_seq_length") && !(*st)["max_seq_length"].is_null()) {
            const auto length = readInteger<int>((*st)["max_seq_length"], file.string(), "max_seq_length", 1);
            if (!length)
                return length.error();
            d.maxLength = std::min(positions, *length);
            break;
        }
    }
    return embedder;
}

int SentenceEmbedder::dimension() const { return m_impl->loaded.config.hiddenSize; }
int SentenceEmbedder::defaultMaxLength() const { return m_impl->maxLength; }
double SentenceEmbedder::loadSeconds() const { return m_impl->loaded.report.seconds; }
const fs::path &SentenceEmbedder::directory() const { return m_impl->loaded.directory; }

Result<std::vector<std::vector<float>>> SentenceEmbedder::embed(const std::vector<std::string> &texts,
                                                                const EmbeddingOptions &options) const
{
    EncodeOptions encode;
    encode.addSpecialTokens = true;
    encode.maxLength = options.maxLength > 0 ? options.maxLength : m_impl->maxLength;
    std::vector<std::vector<int>> ids;
    ids.reserve(texts.size());
    for (const auto &text : texts)
        ids.push_back(m_impl->tokenizer->encode(text, encode).ids);
    return embedIds(ids, options);
}

Result<std::vector<std::vector<float>>> SentenceEmbedder::embedIds(const std::vector<std::vector<int>> &ids,
                                                                   const EmbeddingOptions &options) const
{
    const Impl &d = *m_impl;
    const int batchSize = std::max(1, options.batchSize);
    const int maxLength = options.maxLength > 0 ? options.maxLength : d.maxLength;
    const int vocab = d.loaded.config.vocabSize;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i].empty())
            return makeError(ErrorCode::InvalidArgument, "text " + std::to_string(i + 1) + " has no tokens");
        for (int id : ids[i])
            if (id < 0 || id >= vocab)
                return makeError(ErrorCode::InvalidArgument, "text " + std::to_string(i + 1) + ": token id " +
                                                                 std::to_string(id) + " is outside the vocabulary (" +
                                                                 std::to_string(vocab) + ")");
    }
    // Longest first, so each batch pads to lengths close to its own.
    std::vector<std::size_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a].size() > ids[b].size(); });

    std::vector<std::vector<float>> result(ids.size());
    try {
        c10::InferenceMode inference;
        EncoderClassifier &model = *d.loaded.model;
        for (std::size_t start = 0; start < order.size(); start += batchSize) {
            const std::size_t end = std::min(order.size(), start + batchSize);
            const std::int64_t rows = static_cast<std::int64_t>(end - start);
            std::int64_t length = 0;
            for (std::size_t k = start; k < end; ++k)
                length = std::max<std::int64_t>(length, std::min<std::int64_t>(ids[order[k]].size(), maxLength));
            torch::Tensor input = torch::full({rows, length}, d.padId, torch::kLong);
            torch::Tensor mask = torch::zeros({rows, length}, torch::kLong);
            auto in = input.accessor<std::int64_t, 2>();
            auto m = mask.accessor<std::int64_t, 2>();
            for (std::int64_t r = 0; r < rows; ++r) {
                const auto &row = ids[order[start + r]];
                const std::int64_t n = std::min<std::int64_t>(row.size(), length);
                for (std::int64_t t = 0; t < n; ++t) {
                    in[r][t] = row[t];
                    m[r][t] = 1;
                }
            }
            const torch::Tensor hidden = model.encode(input, mask, {}, /*skipPadding=*/true, EncoderOutputs::EveryToken);
            const torch::Tensor weights = mask.unsqueeze(-1).to(hidden.scalar_type());
            torch::Tensor pooled = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1e-9);
            if (options.normalize)
                pooled = pooled / pooled.norm(2, -1, true).clamp_min(1e-12);
            pooled = pooled.contiguous();
            const std::int64_t dim = pooled.size(1);
            const float *p = pooled.data_ptr<float>();
            for (std::int64_t r = 0; r < rows; ++r)
                result[order[start + r]].assign(p + r * dim, p + (r + 1) * dim);
        }
    } catch (const std::exception &e) {
        std::string message = e.what();
        if (auto nl = message.find("\nException raised from"); nl != std::string::npos)
            message.resize(nl);
        return makeError(ErrorCode::Internal, "embedding failed: " + message);
    }
    return result;
}

} // namespace hone

#include "core/train/predictor.h"

#include "core/data/dataset.h"
#include "core/eval/metrics.h"
#include "core/io/jsoninteger.h"
#include "core/models/modelloader.h"
#include "core/runs/rundirectory.h"
#include "core/tasks/sequenceclassificationtask.h"
#include "core/text/tokenizer.h"
#include "core/train/encodeddata.h"

#include <torch/torch.h>

namespace hone {
namespace fs = std::filesystem;

struct Predictor::Impl {
    LoadedModel model;
    std::shared_ptr<const Tokenizer> tokenizer;
    int maxLength = 512;
};

Predictor::Predictor() : m_impl(std::make_unique<Impl>()) {}
Predictor::~Predictor() = default;
Predictor::Predictor(Predictor &&) noexcept = default;
Predictor &Predictor::operator=(Predictor &&) noexcept = default;

Result<Predictor> Predictor::open(const fs::path &dir, int maxLength)
{
    auto modelDir = runModelOrPath(dir);
    if (!modelDir)
        return modelDir.error();
    int runMaxLength = 0;
    // A run folder predicts with its best model (model/), at the run's max_length.
    if (auto run = RunDirectory::open(dir))
        if (auto config = run->readJson(run->configFile())) {
            const auto length = readIntegerField<int>(*config, "max_length", run->configFile().string(), 0, 1);
            if (!length)
                return length.error();
            runMaxLength = *length;
        }
    auto loaded = loadClassifier(*modelDir);
    if (!loaded)
        return loaded.error();
    if (!loaded->model->hasHead())
        return makeError(ErrorCode::InvalidArgument, modelDir->string() + ": not a classification model");
    auto tokenizer = loadTokenizer(loaded->directory);
    if (!tokenizer)
        return tokenizer.error();
    return fromModel(std::move(loaded).value(), *tokenizer, maxLength > 0 ? maxLength : runMaxLength);
}

Predictor Predictor::fromModel(LoadedModel model, std::shared_ptr<const Tokenizer> tokenizer, int maxLength)
{
    Predictor p;
    const int positions = model.config.maxPositions > 0 ? usableMaxPositions(model.config) : 512;
    p.m_impl->maxLength = maxLength > 0 ? maxLength : std::min(512, positions);
    p.m_impl->model = std::move(model);
    p.m_impl->tokenizer = std::move(tokenizer);
    p.m_impl->model.model->eval();
    return p;
}

const std::vector<std::string> &Predictor::labels() const { return m_impl->model.labels; }

Result<std::vector<LabelPrediction>> Predictor::predict(const std::vector<std::string> &texts,
                                                        const std::vector<std::string> &secondTexts, int batchSize) const
{
    if (!secondTexts.empty() && secondTexts.size() != texts.size())
        return makeError(ErrorCode::InvalidArgument, "predict: " + std::to_string(texts.size()) + " texts but " +
                                                         std::to_string(secondTexts.size()) + " second texts");
    Dataset rows;
    for (std::size_t i = 0; i < texts.size(); ++i)
        rows.rows.push_back({texts[i], secondTexts.empty() ? std::string() : secondTexts[i], 0, 0, i + 1});
    const EncodedSplit split = encodeSplit(rows, iota(rows.rows.size()), *m_impl->tokenizer, m_impl->maxLength);
    torch::NoGradGuard noGrad;
    std::vector<LabelPrediction> out(texts.size());
    const int pad = std::max(0, m_impl->tokenizer->specialTokens().pad);
    for (const std::vector<std::size_t> &positions : lengthSortedBatches(split.lengths, batchSize)) {
        const Batch batch = makeBatch(split, positions, pad);
        const auto predicted = labelPredictions(m_impl->model.model->logits(batch.ids, batch.mask, batch.types));
        for (std::size_t i = 0; i < positions.size(); ++i)
            out[positions[i]] = predicted[i];
    }
    return out;
}

Result<ClassificationMetrics> evaluateDataset(const Predictor &predictor, const Dataset &data, int batchSize)
{
    std::vector<std::string> texts, pairs;
    std::vector<int> truth, predicted;
    for (const auto &row : data.rows) {
        texts.push_back(row.text);
        pairs.push_back(row.text2);
        truth.push_back(row.label);
    }
    if (!data.hasPairs())
        pairs.clear();
    auto predictions = predictor.predict(texts, pairs, batchSize);
    if (!predictions)
        return predictions.error();
    for (const auto &p : *predictions)
        predicted.push_back(p.label);
    return computeMetrics(truth, predicted, predictor.labels());
}

} // namespace hone

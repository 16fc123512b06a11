#include "core/tasks/sequenceclassificationtask.h"

#include "core/data/datasplit.h"
#include "core/models/modeldiscovery.h"
#include "core/models/modelloader.h"
#include "core/runs/runrecorder.h"
#include "core/text/tokenizer.h"
#include "core/train/costmodel.h"
#include "core/train/encodeddata.h"

#include <algorithm>

namespace hone {
using nlohmann::json;

std::vector<LabelPrediction> labelPredictions(const torch::Tensor &logits)
{
    const torch::Tensor probs = torch::softmax(logits.to(torch::kFloat32), 1).contiguous();
    const float *p = probs.data_ptr<float>();
    const std::int64_t rows = probs.size(0);
    const std::int64_t classes = probs.size(1);
    std::vector<LabelPrediction> out(static_cast<std::size_t>(rows));
    for (std::int64_t i = 0; i < rows; ++i) {
        auto &pred = out[static_cast<std::size_t>(i)];
        pred.probabilities.assign(p + i * classes, p + (i + 1) * classes);
        pred.label = static_cast<int>(std::max_element(pred.probabilities.begin(), pred.probabilities.end()) -
                                      pred.probabilities.begin());
    }
    return out;
}

std::vector<float> balancedClassWeights(const std::vector<int> &labels, std::size_t classes)
{
    std::vector<double> counts(classes, 0.0);
    for (int label : labels)
        counts[static_cast<std::size_t>(label)] += 1;
    std::vector<float> weights;
    for (double c : counts)
        weights.push_back(c > 0 ? static_cast<float>(static_cast<double>(labels.size()) / (static_cast<double>(classes) * c)) : 0.f);
    return weights;
}

namespace {

class ClassificationAccumulator : public EvalAccumulator {
public:
    ClassificationAccumulator(const Dataset &dataset, const EncodedSplit &split) : m_dataset(dataset), m_split(split)
    {
        m_predictions.resize(split.size());
    }

    void add(const TaskBatch &batch, const torch::Tensor &logits) override
    {
        // The plain cross-entropy (no smoothing, no weights), as HF's eval_loss.
        m_lossSum += torch::nn::functional::cross_entropy(
                         logits, batch.targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                         .item<double>();
        const auto predicted = labelPredictions(logits);
        for (std::size_t i = 0; i < batch.positions.size(); ++i) {
            const std::size_t position = batch.positions[i];
            Prediction &pred = m_predictions[position];
            pred.row = static_cast<std::int64_t>(m_split.rows[position]);
            pred.truth = m_split.labels[position];
            pred.predicted = predicted[i].label;
            pred.probabilities = predicted[i].probabilities;
        }
    }

    // The loss sum, then per example of the split: predicted label + 1 (0: not added) and the
    // probabilities. Summed over ranks these are every row's prediction, hence the confusion matrix.
    std::vector<double> totals() const override
    {
        const std::size_t classes = m_dataset.labels.names().size();
        std::vector<double> out(1 + m_predictions.size() * (1 + classes), 0.0);
        out[0] = m_lossSum;
        for (std::size_t i = 0; i < m_predictions.size(); ++i) {
            const Prediction &pred = m_predictions[i];
            if (pred.probabilities.empty())
                continue;
            double *slot = out.data() + 1 + i * (1 + classes);
            slot[0] = pred.predicted + 1;
            std::copy(pred.probabilities.begin(), pred.probabilities.end(), slot + 1);
        }
        return out;
    }

    void setTotals(const std::vector<double> &totals) override
    {
        const std::size_t classes = m_dataset.labels.names().size();
        m_lossSum = totals[0];
        for (std::size_t i = 0; i < m_predictions.size(); ++i) {
            const double *slot = totals.data() + 1 + i * (1 + classes);
            if (slot[0] < 0.5)
                continue;
            Prediction &pred = m_predictions[i];
            pred.row = static_cast<std::int64_t>(m_split.rows[i]);
            pred.truth = m_split.labels[i];
            pred.predicted = static_cast<int>(slot[0] + 0.5) - 1;
            pred.probabilities.assign(slot + 1, slot + 1 + classes);
        }
    }

    Evaluation finish() override
    {
        Evaluation out;
        std::vector<int> truth, predicted;
        for (const auto &pred : m_predictions) {
            truth.push_back(pred.truth);
            predicted.push_back(pred.predicted);
            const DataRow &row = m_dataset.rows[static_cast<std::size_t>(pred.row)];
            out.predictionRecords.push_back(PredictionRecord{pred, row.text, row.text2});
        }
        EvalMetrics &e = out.metrics;
        e.loss = m_split.size() ? m_lossSum / static_cast<double>(m_split.size()) : 0.0;
        e.metrics = computeMetrics(truth, predicted, m_dataset.labels.names());
        e.values = evalValues(e.metrics); // accuracy, macro_f1, ...: the names metric_for_best_model uses
        e.predictions = std::move(m_predictions);
        return out;
    }

private:
    const Dataset &m_dataset;
    const EncodedSplit &m_split;
    std::vector<Prediction> m_predictions; // in split order
    double m_lossSum = 0;
};

} // namespace

struct SequenceClassificationTask::Impl {
    TrainingConfig config;
    PreparedData data;
    std::shared_ptr<const Tokenizer> tokenizer;
    LoadedModel model;
    EncodedSplit train, validation, test;
    torch::Tensor classWeights;
    int padId = 0;
    std::int64_t windowCorrect = 0, windowSamples = 0;

    const EncodedSplit &split(SplitRole role) const
    {
        return role == SplitRole::Train ? train : role == SplitRole::Validation ? validation : test;
    }
};

SequenceClassificationTask::SequenceClassificationTask(TrainingConfig config) : m_impl(std::make_unique<Impl>())
{
    m_impl->config = std::move(config);
}

SequenceClassificationTask::~SequenceClassificationTask() = default;

const TaskInfo &SequenceClassificationTask::info() const { return sequenceClassificationInfo(); }

Result<void> SequenceClassificationTask::prepare(TaskHost &host, RunStart start)
{
    Impl &d = *m_impl;
    const TrainingConfig &c = d.config;
    host.phase(TrainingPhase::ReadingData, c.data.file.empty() ? c.data.train : c.data.file);
    auto spec = dataSpecFor(c);
    if (!spec)
        return spec.error();
    auto resumed = resumedSplit(host, start);
    if (!resumed)
        return resumed.error();
    spec->manifest = std::move(resumed).value();
    auto data = prepareData(*spec);
    if (!data)
        return data.error();
    d.data = std::move(data).value();
    if (d.data.splits.train.empty())
        return makeError(ErrorCode::InvalidArgument, "data: the training split is empty");
    if (start == RunStart::New)
        if (auto r = host.recorder().writeSplit(d.data.manifest); !r)
            return r.error();
    host.log("data: " + std::to_string(d.data.dataset.rows.size()) + " rows, " + std::to_string(d.data.dataset.labels.size()) +
             " labels; train " + std::to_string(d.data.splits.train.size()) + ", validation " +
             std::to_string(d.data.splits.validation.size()) + ", test " + std::to_string(d.data.splits.test.size()));

    host.phase(TrainingPhase::LoadingModel, c.model);
    auto found = findModel(c.model);
    if (!found)
        return found.error();
    auto tokenizer = loadTokenizer(found->path);
    if (!tokenizer)
        return tokenizer.error();
    d.tokenizer = *tokenizer;
    d.padId = std::max(0, d.tokenizer->specialTokens().pad);

    ClassifierOptions options;
    options.labels = d.data.dataset.labels.names();
    options.numLabels = static_cast<int>(options.labels.size());
    options.headInitSeed = c.seed;
    torch::manual_seed(c.seed);
    auto loaded = loadClassifier(found->path, options);
    if (!loaded)
        return loaded.error();
    d.model = std::move(loaded).value();
    for (const auto &name : d.model.report.newlyInitialised)
        host.log("newly initialised (as Hugging Face does for a new head): " + name);

    host.phase(TrainingPhase::Tokenizing);
    d.train = encodeSplit(d.data.dataset, d.data.splits.train, *d.tokenizer, c.maxLength);
    d.validation = encodeSplit(d.data.dataset, d.data.splits.validation, *d.tokenizer, c.maxLength);
    d.test = encodeSplit(d.data.dataset, d.data.splits.test, *d.tokenizer, c.maxLength);

    if (c.classWeights == "balanced")
        d.classWeights = torch::tensor(balancedClassWeights(d.train.labels, d.data.dataset.labels.size()));
    return {};
}

torch::nn::Module &SequenceClassificationTask::module() { return *m_impl->model.model; }

ModelParts SequenceClassificationTask::modelParts()
{
    auto &net = *m_impl->model.model;
    ModelParts parts;
    parts.embeddings = net.embeddingParameters();
    for (int layer = 0; layer < net.numLayers(); ++layer)
        parts.layers.push_back(net.layerParameters(layer));
    parts.head = net.headParameters();
    return parts;
}

int SequenceClassificationTask::enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets)
{
    return m_impl->model.model->enableLoRA(options, targets);
}

std::size_t SequenceClassificationTask::size(SplitRole split) const { return m_impl->split(split).size(); }

const std::vector<std::size_t> &SequenceClassificationTask::lengths(SplitRole split) const
{
    return m_impl->split(split).lengths;
}

TaskBatch SequenceClassificationTask::batch(SplitRole split, const std::vector<std::size_t> &positions) const
{
    Batch b = makeBatch(m_impl->split(split), positions, m_impl->padId);
    TaskBatch out;
    out.ids = std::move(b.ids);
    out.mask = std::move(b.mask);
    out.types = std::move(b.types);
    out.targets = std::move(b.labels);
    out.positions = positions;
    out.tokens = b.tokens;
    out.size = b.size;
    out.learnt = b.size;
    return out;
}

torch::Tensor SequenceClassificationTask::forward(const TaskBatch &batch)
{
    return m_impl->model.model->logits(batch.ids, batch.mask, batch.types);
}

torch::Tensor SequenceClassificationTask::trainingLoss(const TaskBatch &batch, const torch::Tensor &logits)
{
    auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_impl->config.labelSmoothingFactor);
    if (m_impl->classWeights.defined())
        options.weight(m_impl->classWeights);
    m_impl->windowCorrect += (logits.argmax(1) == batch.targets).sum().item<std::int64_t>();
    m_impl->windowSamples += batch.size;
    return torch::nn::functional::cross_entropy(logits, batch.targets, options);
}

double SequenceClassificationTask::lossWeight(SplitRole split, const std::vector<std::size_t> &positions) const
{
    if (!m_impl->classWeights.defined())
        return static_cast<double>(positions.size());
    // cross_entropy's weighted mean divides by the weights of the examples' classes.
    const EncodedSplit &s = m_impl->split(split);
    const float *w = m_impl->classWeights.data_ptr<float>();
    double sum = 0;
    for (const std::size_t p : positions)
        sum += w[s.labels[p]];
    return sum;
}

std::map<std::string, double> SequenceClassificationTask::takeTrainingMetrics()
{
    const double accuracy = m_impl->windowSamples
                                ? static_cast<double>(m_impl->windowCorrect) / static_cast<double>(m_impl->windowSamples)
                                : 0.0;
    m_impl->windowCorrect = m_impl->windowSamples = 0;
    return {{"accuracy", accuracy}};
}

std::unique_ptr<EvalAccumulator> SequenceClassificationTask::startEvaluation(SplitRole split) const
{
    return std::make_unique<ClassificationAccumulator>(m_impl->data.dataset, m_impl->split(split));
}

Result<void> SequenceClassificationTask::saveModel(const std::filesystem::path &dir)
{
    if (auto r = saveClassifier(*m_impl->model.model, m_impl->model.config, m_impl->data.dataset.labels.names(), dir); !r)
        return r;
    if (auto r = copyTokenizerFiles(m_impl->model.directory, dir); !r)
        return r.error();
    return {};
}

void SequenceClassificationTask::describe(RunSummary &summary) const
{
    summary.task = info().name;
    summary.labels = m_impl->data.dataset.labels.names();
}

} // namespace hone

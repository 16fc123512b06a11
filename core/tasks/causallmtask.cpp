#include "core/tasks/causallmtask.h"

#include "core/data/datasplit.h"
#include "core/data/instructiondata.h"
#include "core/eval/textmetrics.h"
#include "core/io/atomicfile.h"
#include "core/io/modelfolder.h"
#include "core/models/architecture.h"
#include "core/models/modeldiscovery.h"
#include "core/models/textgenerator.h"
#include "core/runs/runrecorder.h"
#include "core/text/tokenizerexport.h"
#include "core/train/costmodel.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

NextTokenTargets NextTokenTargets::of(const torch::Tensor &targets)
{
    // Position t's next token is target t + 1; the last position of a row has none.
    const torch::Tensor next = torch::constant_pad_nd(targets.slice(1, 1), {0, 1}, -100).reshape({-1});
    const torch::Tensor positions = next.ne(-100).nonzero().reshape({-1});
    return {positions, next.index_select(0, positions)};
}

namespace {

// One training row: token ids and which of them the loss learns.
struct LmExample {
    std::vector<int> ids;
    std::vector<std::uint8_t> trained;
};

struct LmSplit {
    std::vector<LmExample> examples;
    std::vector<std::size_t> lengths;
    std::vector<std::size_t> prompts; // samples answered at each evaluation (indices into the data)
    std::size_t size() const { return examples.size(); }
};

} // namespace

struct CausalLmTask::Impl {
    TrainingConfig config;
    const TaskInfo *taskInfo = nullptr;
    InstructionDataset data;   // the samples of every file, in file order
    std::vector<std::string> roles; // the file each sample came from: "data", "train", "validation", "test"
    Dataset rows;                   // the samples as unlabelled rows, for the split
    std::optional<TextGenerator> generator;
    SampleRendering rendering;
    LmSplit train, validation, test;
    int padId = 0;
    int maxLength = 0;

    LmSplit &split(SplitRole role) { return role == SplitRole::Train ? train : role == SplitRole::Validation ? validation : test; }
    const LmSplit &split(SplitRole role) const
    {
        return role == SplitRole::Train ? train : role == SplitRole::Validation ? validation : test;
    }
    bool conversations() const { return data.format != InstructionFormat::PlainText; }
    CausalLM &model() const { return generator->model(); }

    Result<void> readData(TaskHost &host);
    Result<SplitIndices> splitData(TaskHost &host, RunStart start);
    Result<void> loadModel(TaskHost &host);
    Result<void> encode(TaskHost &host, const SplitIndices &splits);
    Result<SampleAnswer> answer(std::size_t sample) const;
};

Result<void> CausalLmTask::Impl::readData(TaskHost &host)
{
    const std::vector<RoleFile> files = roleFilesFor(config.data);
    if (!files.empty())
        host.phase(TrainingPhase::ReadingData, files.front().path.string());
    auto encoding = parseTextEncoding(config.data.encoding);
    if (!encoding)
        return makeError(ErrorCode::InvalidArgument, "data.encoding: " + encoding.error().message);
    auto read = readInstructionFiles(files, config.task == "sft", *encoding);
    if (!read)
        return read.error();
    data = std::move(read->data);
    roles = std::move(read->roles);
    rows = std::move(read->rows);
    host.log("data: " + std::to_string(data.size()) + " " + instructionFormatName(data.format) + " samples");
    return {};
}

Result<SplitIndices> CausalLmTask::Impl::splitData(TaskHost &host, RunStart start)
{
    auto spec = dataSpecFor(config);
    if (!spec)
        return spec.error();
    auto resumed = resumedSplit(host, start);
    if (!resumed)
        return resumed.error();
    if (*resumed)
        return applySplitManifest(**resumed, rows);
    auto splits = splitDataset(rows, spec->split);
    if (!splits)
        return splits.error();
    if (auto r = host.recorder().writeSplit(makeSplitManifest(rows, *splits, spec->split)); !r)
        return r.error();
    return splits;
}

Result<void> CausalLmTask::Impl::loadModel(TaskHost &host)
{
    host.phase(TrainingPhase::LoadingModel, config.model);
    auto found = findModel(config.model);
    if (!found)
        return found.error();
    auto opened = TextGenerator::open(found->path);
    if (!opened)
        return opened.error();
    generator = std::move(opened).value();
    const Tokenizer &tokenizer = generator->tokenizer();
    const SpecialTokens &special = tokenizer.specialTokens();
    padId = special.pad >= 0 ? special.pad : special.eos >= 0 ? special.eos : 0;
    auto rendered = sampleRendering(tokenizer, found->path, config.chatTemplate, conversations());
    if (!rendered)
        return rendered.error();
    rendering = std::move(rendered).value();
    if (rendering.chatTemplate)
        host.log("chat template: " + rendering.origin);
    const auto positions = static_cast<int>(std::min<std::int64_t>(model().maxPositions(), 1 << 30));
    maxLength = config.maxLength;
    if (positions > 0 && maxLength > positions) {
        host.log("max_length " + std::to_string(maxLength) + " is more than the model's " + std::to_string(positions) +
                 " positions: samples are cut at " + std::to_string(positions));
        maxLength = positions;
    }
    return {};
}

Result<void> CausalLmTask::Impl::encode(TaskHost &host, const SplitIndices &splits)
{
    host.phase(TrainingPhase::Tokenizing);
    SftEncodeOptions options;
    options.maxLength = maxLength;
    options.lossOn = config.task == "sft" && config.trainOn == "assistant" ? LossOn::Assistant : LossOn::All;
    const Tokenizer &tokenizer = generator->tokenizer();
    for (SplitRole role : {SplitRole::Train, SplitRole::Validation, SplitRole::Test}) {
        LmSplit &out = split(role);
        const std::vector<std::size_t> &samples = splits[role == SplitRole::Train        ? Split::Train
                                                         : role == SplitRole::Validation ? Split::Validation
                                                                                         : Split::Test];
        std::size_t truncated = 0, empty = 0;
        for (std::size_t i : samples) {
            auto encoded = encodeInstructionSample(tokenizer, rendering, data, i, options);
            if (!encoded)
                return encoded.error();
            SftSample s = std::move(encoded).value();
            truncated += s.truncated;
            LmExample e{std::move(s.ids), std::move(s.trained)};
            if (countedTokens(e.trained) == 0) { // nothing to learn or measure: its answer lies past max_length
                ++empty;
                continue;
            }
            if (out.prompts.size() < static_cast<std::size_t>(config.samplePrompts))
                out.prompts.push_back(i);
            out.examples.push_back(std::move(e));
        }
        if (truncated || empty)
            host.log(std::string(splitRoleName(role)) + ": " + std::to_string(truncated) + " of " + std::to_string(samples.size()) +
                     " samples cut at max_length " + std::to_string(maxLength) + ", " + std::to_string(empty) +
                     " left out (no trained token within max_length)");
        if (role == SplitRole::Train && config.packing) {
            const std::size_t before = out.examples.size();
            std::vector<std::size_t> lengths;
            for (const LmExample &e : out.examples)
                lengths.push_back(e.ids.size());
            std::vector<LmExample> packed;
            for (const auto &group : packRows(lengths, static_cast<std::size_t>(maxLength))) {
                LmExample row;
                for (std::size_t k : group) {
                    row.ids.insert(row.ids.end(), out.examples[k].ids.begin(), out.examples[k].ids.end());
                    row.trained.insert(row.trained.end(), out.examples[k].trained.begin(), out.examples[k].trained.end());
                }
                packed.push_back(std::move(row));
            }
            out.examples = std::move(packed);
            host.log("packing: " + std::to_string(before) + " training samples in " + std::to_string(out.examples.size()) + " rows");
        }
        for (const LmExample &e : out.examples)
            out.lengths.push_back(e.ids.size());
    }
    if (train.examples.empty())
        return makeError(ErrorCode::InvalidArgument, "data: no training sample has a token to learn within max_length " +
                                                         std::to_string(maxLength) + " (raise --max-length)");
    host.log("train " + std::to_string(train.size()) + ", validation " + std::to_string(validation.size()) + ", test " +
             std::to_string(test.size()) + " samples");
    return {};
}

Result<SampleAnswer> CausalLmTask::Impl::answer(std::size_t sample) const
{
    SampleAnswer out;
    out.origin = data.origins[sample];
    const Tokenizer &tokenizer = generator->tokenizer();
    std::vector<int> prompt;
    if (conversations()) {
        const Conversation &c = data.conversations[sample];
        std::size_t last = c.size();
        while (last > 0 && c[last - 1].role != "assistant")
            --last;
        const Conversation before(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(last - 1));
        for (const ChatMessage &m : before)
            if (m.role == "user")
                out.prompt = m.content;
        out.reference = c[last - 1].content;
        ChatRenderOptions options = rendering.render;
        options.addGenerationPrompt = true;
        auto text = rendering.chatTemplate->render(before, options);
        if (!text)
            return text.error();
        std::vector<std::pair<int, int>> offsets;
        tokenizer.tokenize(*text, prompt, offsets);
    } else {
        // Plain text: the model continues the first half (at most 32 tokens) of the sample.
        std::vector<int> ids;
        std::vector<std::pair<int, int>> offsets;
        tokenizer.tokenize(data.texts[sample], ids, offsets);
        const std::size_t cut = std::min<std::size_t>(32, std::max<std::size_t>(1, ids.size() / 2));
        prompt.assign(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(std::min(cut, ids.size())));
        out.prompt = tokenizer.decode(prompt, true);
        out.reference = tokenizer.decode(std::vector<int>(ids.begin() + static_cast<std::ptrdiff_t>(prompt.size()), ids.end()), true);
    }
    if (prompt.size() >= static_cast<std::size_t>(maxLength))
        prompt.erase(prompt.begin(), prompt.end() - (maxLength - 1)); // keep the end: the generation prompt
    GenerationOptions options;
    options.maxNewTokens = config.maxNewTokens;
    auto generated = generator->generateIds(prompt, options);
    if (!generated)
        return generated.error();
    out.answer = generated->text;
    return out;
}

namespace {

class LmAccumulator : public EvalAccumulator {
public:
    LmAccumulator(const CausalLmTask::Impl &task, const LmSplit &split) : m_task(task), m_split(split) {}

    void add(const TaskBatch &batch, const torch::Tensor &lossSum) override
    {
        m_lossSum += lossSum.item<double>();
        m_counted += batch.learnt;
    }

    std::vector<double> totals() const override { return {m_lossSum, static_cast<double>(m_counted)}; }

    void setTotals(const std::vector<double> &totals) override
    {
        m_lossSum = totals[0];
        m_counted = static_cast<std::int64_t>(totals[1] + 0.5);
    }

    Evaluation finish() override
    {
        Evaluation out;
        // Token-weighted: every counted token of the split weighs the same, whatever its batch.
        out.metrics.loss = m_counted ? m_lossSum / static_cast<double>(m_counted) : 0.0;
        out.metrics.values["perplexity"] = std::exp(out.metrics.loss);
        torch::nn::Module &model = m_task.model();
        const bool training = model.is_training();
        for (std::size_t sample : m_split.prompts) {
            auto answer = m_task.answer(sample);
            SampleAnswer a = answer ? std::move(answer).value() : SampleAnswer{m_task.data.origins[sample], {}, {}, {}};
            if (!answer)
                a.answer = "(no answer: " + answer.error().message + ")";
            out.predictionRecords.push_back(a);
            out.samples.push_back(std::move(a));
        }
        model.train(training); // generation put the model in eval mode
        if (m_task.conversations())
            scoreAnswers(out);
        return out;
    }

private:
    // The answers against their references, as `hone-cli eval --predictions` scores a file; the
    // TaskInfo names these metrics.
    static void scoreAnswers(Evaluation &out)
    {
        std::vector<std::string> answers;
        std::vector<std::vector<std::string>> references;
        for (const SampleAnswer &a : out.samples) {
            answers.push_back(a.answer);
            references.push_back({a.reference});
        }
        if (answers.empty())
            return;
        const auto scores = computeTextMetrics(answers, references);
        if (!scores)
            return;
        out.metrics.values["exact_match"] = scores->exactMatch;
        out.metrics.values["answer_f1"] = scores->f1;
        out.metrics.values["rouge1"] = scores->rouge1;
        out.metrics.values["rouge2"] = scores->rouge2;
        out.metrics.values["rougeL"] = scores->rougeL;
        out.metrics.values["bleu"] = scores->bleu.score;
    }

    const CausalLmTask::Impl &m_task;
    const LmSplit &m_split;
    double m_lossSum = 0;
    std::int64_t m_counted = 0;
};

} // namespace

CausalLmTask::CausalLmTask(TrainingConfig config) : m_impl(std::make_unique<Impl>())
{
    m_impl->config = std::move(config);
    m_impl->taskInfo = m_impl->config.task == "pretrain" ? &pretrainingInfo() : &supervisedFineTuningInfo();
}

CausalLmTask::~CausalLmTask() = default;

const TaskInfo &CausalLmTask::info() const { return *m_impl->taskInfo; }

Result<void> CausalLmTask::prepare(TaskHost &host, RunStart start)
{
    Impl &d = *m_impl;
    if (auto r = d.readData(host); !r)
        return r;
    auto splits = d.splitData(host, start);
    if (!splits)
        return splits.error();
    if (auto r = d.loadModel(host); !r)
        return r;
    return d.encode(host, *splits);
}

torch::nn::Module &CausalLmTask::module() { return m_impl->model(); }

ModelParts CausalLmTask::modelParts()
{
    CausalLM &net = m_impl->model();
    ModelParts parts;
    parts.embeddings = net.embeddingParameters();
    for (int layer = 0; layer < net.numLayers(); ++layer)
        parts.layers.push_back(net.layerParameters(layer));
    for (const auto &item : net.named_parameters())
        if (net.isNormParameter(item.key()))
            parts.noDecay.insert(item.key());
    return parts;
}

int CausalLmTask::enableLoRA(const LoraOptions &options, const std::vector<std::string> &targets)
{
    return m_impl->model().enableLoRA(options, targets.empty() ? m_impl->generator->loaded().architecture->loraTargets : targets);
}

std::size_t CausalLmTask::size(SplitRole split) const { return m_impl->split(split).size(); }

const std::vector<std::size_t> &CausalLmTask::lengths(SplitRole split) const { return m_impl->split(split).lengths; }

TaskBatch CausalLmTask::batch(SplitRole split, const std::vector<std::size_t> &positions) const
{
    const LmSplit &s = m_impl->split(split);
    std::size_t width = 1;
    for (std::size_t p : positions)
        width = std::max(width, s.examples[p].ids.size());
    const auto rows = static_cast<std::int64_t>(positions.size());
    const auto cols = static_cast<std::int64_t>(width);
    // Right padding: pad tokens are masked out of attention and out of the loss.
    torch::Tensor ids = torch::full({rows, cols}, m_impl->padId, torch::kInt64);
    torch::Tensor mask = torch::zeros({rows, cols}, torch::kInt64);
    torch::Tensor targets = torch::full({rows, cols}, -100, torch::kInt64);
    auto idsA = ids.accessor<std::int64_t, 2>();
    auto maskA = mask.accessor<std::int64_t, 2>();
    auto targetsA = targets.accessor<std::int64_t, 2>();
    TaskBatch out;
    for (std::int64_t r = 0; r < rows; ++r) {
        const LmExample &e = s.examples[positions[static_cast<std::size_t>(r)]];
        for (std::size_t t = 0; t < e.ids.size(); ++t) {
            const auto c = static_cast<std::int64_t>(t);
            idsA[r][c] = e.ids[t];
            maskA[r][c] = 1;
            if (e.trained[t]) {
                targetsA[r][c] = e.ids[t];
                out.learnt += t > 0; // the first token is no position's next token
            }
        }
        out.tokens += static_cast<std::int64_t>(e.ids.size());
    }
    out.ids = ids;
    out.mask = mask;
    out.targets = targets;
    out.positions = positions;
    out.size = rows;
    return out;
}

torch::Tensor CausalLmTask::forward(const TaskBatch &batch)
{
    // The LM head only where the loss looks: with the loss on the answers, a minority of positions.
    CausalLM &model = m_impl->model();
    const torch::Tensor hidden = model.decode(batch.ids, batch.mask, nullptr, {}, /*skipPadding=*/true);
    const NextTokenTargets picked = NextTokenTargets::of(batch.targets);
    return model.lmLossSum(hidden.reshape({-1, hidden.size(-1)}).index_select(0, picked.positions), picked.labels);
}

torch::Tensor CausalLmTask::trainingLoss(const TaskBatch &batch, const torch::Tensor &lossSum)
{
    return lossSum / static_cast<double>(batch.learnt);
}

double CausalLmTask::lossWeight(SplitRole split, const std::vector<std::size_t> &positions) const
{
    // The tokens trainingLoss averages over: trained targets after each row's first token.
    const LmSplit &s = m_impl->split(split);
    double counted = 0;
    for (const std::size_t p : positions)
        counted += static_cast<double>(countedTokens(s.examples[p].trained));
    return counted;
}

std::map<std::string, double> CausalLmTask::takeTrainingMetrics() { return {}; }

std::unique_ptr<EvalAccumulator> CausalLmTask::startEvaluation(SplitRole split) const
{
    return std::make_unique<LmAccumulator>(*m_impl, m_impl->split(split));
}

Result<void> CausalLmTask::saveModel(const fs::path &dir)
{
    const SampleRendering &r = m_impl->rendering;
    return saveCausalLmFolder(m_impl->model(), m_impl->generator->loaded(), m_impl->generator->tokenizer(),
                              r.chatTemplate ? r.chatTemplate->source() : std::string(), dir);
}

Result<void> saveCausalLmFolder(CausalLM &model, const LoadedCausalLM &base, const Tokenizer &tokenizer,
                                const std::string &chatTemplate, const fs::path &dir)
{
    if (auto r = saveCausalLM(model, base.config, dir); !r)
        return r;
    std::string templateText = chatTemplate;
    if (isGgufFile(base.path)) {
        // A .gguf keeps its tokenizer and template in metadata: written out as the files transformers reads.
        if (templateText.empty())
            if (auto own = findChatTemplate(base.path))
                templateText = own->text;
        if (auto r = writeTokenizerFiles(tokenizer, templateText, dir); !r)
            return r;
    } else {
        if (auto r = copyTokenizerFiles(base.path, dir); !r)
            return r.error();
        std::error_code ec;
        if (fs::is_regular_file(base.path / "generation_config.json", ec)) {
            fs::copy_file(base.path / "generation_config.json", dir / "generation_config.json", fs::copy_options::overwrite_existing, ec);
            if (ec)
                return makeError(ErrorCode::Io, (dir / "generation_config.json").string() + ": cannot copy: " + ec.message());
        }
    }
    // The template the model was tuned with goes with it (transformers reads chat_template.jinja first).
    if (!templateText.empty())
        if (auto r = writeFileAtomically(dir / "chat_template.jinja", templateText); !r)
            return r;
    return {};
}

void CausalLmTask::describe(RunSummary &summary) const { summary.task = info().name; }

} // namespace hone

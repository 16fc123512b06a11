#include "core/models/modelloader.h"

#include "core/io/atomicfile.h"
#include "core/io/safetensors.h"
#include "core/models/modeldiscovery.h"

#include <chrono>
#include <cstring>
#include <set>
#include <unordered_map>

namespace hone {
namespace fs = std::filesystem;

namespace {

bool startsWith(const std::string &s, const std::string &prefix)
{
    return s.compare(0, prefix.size(), prefix) == 0;
}

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string nameList(const std::vector<std::string> &names, std::size_t limit = 8)
{
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < limit; ++i)
        s += (i ? ", " : "") + names[i];
    if (names.size() > limit)
        s += " and " + std::to_string(names.size() - limit) + " more";
    return s;
}

// Buffers older checkpoints saved next to the weights (GPT-2's causal-mask "attn.bias", Llama's
// rotary inv_freq); Hugging Face ignores them on load too.
bool isIgnorableCheckpointTensor(const std::string &name)
{
    return endsWith(name, "position_ids") || endsWith(name, "token_type_ids") || endsWith(name, ".attn.bias") ||
           endsWith(name, ".attn.masked_bias") || endsWith(name, "rotary_emb.inv_freq");
}

torch::ScalarType torchType(DType dtype)
{
    switch (dtype) {
    case DType::F64: return torch::kDouble;
    case DType::F32: return torch::kFloat;
    case DType::F16: return torch::kHalf;
    case DType::BF16: return torch::kBFloat16;
    default: return torch::kByte;
    }
}

bool isFloatDType(DType dtype)
{
    return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 || dtype == DType::F64;
}

struct CheckpointTensor {
    const SafetensorsFile *file = nullptr;
    const TensorInfo *info = nullptr;
};

// Old TensorFlow-converted checkpoints name LayerNorm parameters gamma/beta.
std::vector<std::string> candidateNames(const std::string &name)
{
    std::vector<std::string> names{name};
    if (endsWith(name, ".weight"))
        names.push_back(name.substr(0, name.size() - 7) + ".gamma");
    else if (endsWith(name, ".bias"))
        names.push_back(name.substr(0, name.size() - 5) + ".beta");
    return names;
}

Error internalError(const std::string &what, const std::exception &e)
{
    std::string message = e.what();
    if (auto nl = message.find("\nException raised from"); nl != std::string::npos)
        message.resize(nl);
    return makeError(ErrorCode::Internal, what + ": " + message);
}

Result<std::vector<std::string>> resolveLabels(const ModelConfig &config, const ClassifierOptions &options)
{
    const std::string where = config.source;
    if (!options.labels.empty()) {
        if (options.numLabels > 0 && options.numLabels != static_cast<int>(options.labels.size()))
            return makeError(ErrorCode::InvalidArgument, "numLabels is " + std::to_string(options.numLabels) +
                                                             " but " + std::to_string(options.labels.size()) +
                                                             " label names were given");
        std::set<std::string> unique(options.labels.begin(), options.labels.end());
        if (unique.size() != options.labels.size())
            return makeError(ErrorCode::InvalidArgument, "the label names are not unique");
        return options.labels;
    }
    int n = options.numLabels > 0 ? options.numLabels : config.numLabels;
    if (n <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         where + ": has no id2label or num_labels; give the labels (or their number) to build a "
                                 "classification head");
    if (static_cast<int>(config.labels.size()) == n)
        return config.labels;
    std::vector<std::string> labels;
    for (int i = 0; i < n; ++i)
        labels.push_back("LABEL_" + std::to_string(i));
    return labels;
}

Result<LoadedModel> load(const fs::path &modelDir, ModelHead head, const ClassifierOptions &options)
{
    const auto start = std::chrono::steady_clock::now();
    auto dir = resolveModelDirectory(modelDir);
    if (!dir)
        return dir.error();
    auto config = readModelConfig(*dir / "config.json");
    if (!config)
        return config.error();
    auto arch = findArchitecture(config->modelType, config->source);
    if (!arch)
        return arch.error();
    LoadedModel loaded;
    loaded.directory = *dir;
    loaded.architecture = *arch;
    if (head == ModelHead::SequenceClassification) {
        auto labels = resolveLabels(*config, options);
        if (!labels)
            return labels.error();
        loaded.labels = std::move(labels).value();
    }
    auto files = findSafetensorsFiles(*dir);
    if (!files)
        return files.error();
    auto model = createModel(*config, head, static_cast<int>(loaded.labels.size()));
    if (!model)
        return model.error();
    auto report = loadWeights(**model, *files, config->initializerRange, options.headInitSeed);
    if (!report)
        return report.error();
    (*model)->eval();
    loaded.config = std::move(config).value();
    loaded.model = std::move(model).value();
    loaded.report = std::move(report).value();
    loaded.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return loaded;
}

} // namespace

Result<ModelConfig> loadModelConfig(const fs::path &modelDir)
{
    auto dir = resolveModelDirectory(modelDir);
    if (!dir)
        return dir.error();
    return readModelConfig(*dir / "config.json");
}

Result<LoadedModel> loadClassifier(const fs::path &modelDir, const ClassifierOptions &options)
{
    return load(modelDir, ModelHead::SequenceClassification, options);
}

Result<LoadedModel> loadEncoder(const fs::path &modelDir)
{
    return load(modelDir, ModelHead::None, {});
}

Result<std::shared_ptr<EncoderClassifier>> createModel(const ModelConfig &config, ModelHead head, int numLabels,
                                                       std::uint64_t seed)
{
    auto arch = findArchitecture(config.modelType, config.source);
    if (!arch)
        return arch.error();
    if (!(*arch)->create)
        return makeError(ErrorCode::Unsupported, config.source + ": model_type \"" + config.modelType +
                                                     "\" is a decoder (a causal language model); it generates text "
                                                     "and is not loaded as a text classifier");
    if (head == ModelHead::SequenceClassification && numLabels <= 0)
        return makeError(ErrorCode::InvalidArgument, "a classification head needs at least one label");
    try {
        torch::NoGradGuard noGrad;
        std::shared_ptr<EncoderClassifier> model = (*arch)->create(config, head, numLabels);
        if (seed != 0) {
            std::vector<std::string> names;
            for (const auto &item : model->named_parameters())
                names.push_back(item.key());
            model->initialiseParameters(names, config.initializerRange, seed);
        }
        return model;
    } catch (const std::exception &e) {
        return internalError(config.source + ": cannot build the " + (*arch)->name + " model", e);
    }
}

Result<LoadReport> copyCheckpointTensors(torch::nn::Module &model, const std::string &basePrefix,
                                         const std::vector<fs::path> &files,
                                         const std::function<bool(const std::string &)> &isOptional)
{
    LoadReport report;
    report.files = files;
    std::vector<SafetensorsFile> opened;
    opened.reserve(files.size());
    for (const auto &path : files) {
        auto file = SafetensorsFile::open(path);
        if (!file)
            return file.error();
        opened.push_back(std::move(file).value());
    }
    std::unordered_map<std::string, CheckpointTensor> index;
    for (const auto &file : opened)
        for (const auto &info : file.tensors()) {
            if (!index.emplace(info.name, CheckpointTensor{&file, &info}).second)
                return makeError(ErrorCode::Format, file.path().string() + ": tensor '" + info.name +
                                                        "' is also in another shard");
        }

    const std::string prefix = basePrefix + ".";
    for (const auto &[name, tensor] : index) {
        (void)tensor;
        if (startsWith(name, prefix)) {
            report.checkpointHasPrefix = true;
            break;
        }
    }

    std::set<std::string> used;
    std::vector<std::string> missingEncoder;
    try {
        torch::NoGradGuard noGrad;
        for (auto &item : model.named_parameters()) {
            const std::string &name = item.key();
            torch::Tensor param = item.value();
            std::string checkpointName = name;
            if (!report.checkpointHasPrefix && startsWith(name, prefix))
                checkpointName = name.substr(prefix.size());
            const CheckpointTensor *found = nullptr;
            std::string foundName;
            for (const auto &candidate : candidateNames(checkpointName)) {
                auto it = index.find(candidate);
                if (it != index.end()) {
                    found = &it->second;
                    foundName = candidate;
                    break;
                }
            }
            const bool isHead = isOptional(name);
            if (!found) {
                report.missing.push_back(name);
                if (!isHead)
                    missingEncoder.push_back(name);
                continue;
            }
            used.insert(foundName);
            const TensorInfo &info = *found->info;
            const std::string where = found->file->path().string() + ": tensor '" + foundName + "'";
            if (!isFloatDType(info.dtype))
                return makeError(ErrorCode::Format, where + " has dtype " + std::string(dtypeName(info.dtype)) +
                                                        "; weights must be F32, F16 or BF16");
            const std::vector<std::int64_t> expected(param.sizes().begin(), param.sizes().end());
            if (info.shape != expected) {
                if (isHead) { // another number of labels: a new head, as ignore_mismatched_sizes does
                    report.mismatchedHead.push_back(name);
                    continue;
                }
                return makeError(ErrorCode::Format, where + " has shape " + shapeText(info.shape) +
                                                        " but the model built from config.json expects " +
                                                        shapeText(expected));
            }
            const std::byte *bytes = found->file->data(info);
            TORCH_CHECK(param.is_contiguous() && param.scalar_type() == torch::kFloat && param.device().is_cpu(),
                        "parameter ", name, " is not a contiguous float32 CPU tensor");
            if (info.dtype == DType::F32) {
                std::memcpy(param.data_ptr<float>(), bytes, info.end - info.begin);
            } else {
                // from_blob only reads the mapped bytes; copy_ converts to float32.
                param.copy_(torch::from_blob(const_cast<std::byte *>(bytes), expected,
                                             torch::TensorOptions().dtype(torchType(info.dtype))));
            }
        }
    } catch (const std::exception &e) {
        return internalError("cannot load the weights", e);
    }

    if (!missingEncoder.empty()) {
        std::string fileNames;
        for (const auto &f : files)
            fileNames += (fileNames.empty() ? "" : ", ") + f.string();
        return makeError(ErrorCode::Format, fileNames + ": " + std::to_string(missingEncoder.size()) +
                                                " tensor(s) of the " + basePrefix +
                                                " model are missing: " + nameList(missingEncoder) +
                                                " (is config.json's model_type right for these weights?)");
    }
    for (const auto &file : opened)
        for (const auto &info : file.tensors())
            if (!used.count(info.name) && !isIgnorableCheckpointTensor(info.name))
                report.unexpected.push_back(info.name);

    return report;
}

Result<LoadReport> loadWeights(EncoderClassifier &model, const std::vector<fs::path> &files, double initializerRange,
                               std::uint64_t headInitSeed)
{
    auto report = copyCheckpointTensors(model, model.basePrefix(), files,
                                        [&model](const std::string &name) { return model.isHeadParameter(name); });
    if (!report)
        return report;
    std::vector<std::string> reinitialise = report->missing;
    reinitialise.insert(reinitialise.end(), report->mismatchedHead.begin(), report->mismatchedHead.end());
    if (!reinitialise.empty()) {
        try {
            model.initialiseParameters(reinitialise, initializerRange, headInitSeed);
        } catch (const std::exception &e) {
            return internalError("cannot initialise the classification head", e);
        }
        report->newlyInitialised = reinitialise;
    }
    return report;
}

Result<void> saveClassifier(EncoderClassifier &model, const ModelConfig &config, const std::vector<std::string> &labels,
                            const fs::path &outDir)
{
    if (!model.hasHead())
        return makeError(ErrorCode::InvalidArgument, "saveClassifier: the model has no classification head");
    if (static_cast<int>(labels.size()) != model.numLabels())
        return makeError(ErrorCode::InvalidArgument, "saveClassifier: " + std::to_string(labels.size()) +
                                                         " label names for a head with " +
                                                         std::to_string(model.numLabels()) + " outputs");
    auto arch = findArchitecture(config.modelType, config.source);
    if (!arch)
        return arch.error();
    return writeModelFolder([&model] { return model.exportTensors(); },
                            config.classifierJson((*arch)->classifierClass, labels), outDir);
}

Result<void> writeModelFolder(const std::function<std::vector<std::pair<std::string, torch::Tensor>>()> &gather,
                              const nlohmann::json &config, const fs::path &outDir)
{
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return makeError(ErrorCode::Io, outDir.string() + ": cannot create the folder: " + ec.message());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    try {
        tensors = gather();
    } catch (const std::exception &e) {
        return internalError(outDir.string() + ": cannot gather the weights", e);
    }
    std::vector<TensorView> views;
    views.reserve(tensors.size());
    for (const auto &[name, t] : tensors)
        views.push_back({name, DType::F32, std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()),
                         t.data_ptr<float>(), static_cast<std::size_t>(t.numel()) * sizeof(float)});
    if (auto r = writeSafetensors(outDir / "model.safetensors", views, {{"format", "pt"}}); !r)
        return r;
    return writeFileAtomically(outDir / "config.json", config.dump(2) + "\n");
}

const std::vector<std::string> &tokenizerFileNames()
{
    static const std::vector<std::string> names = {
        "vocab.txt",     "tokenizer.json",           "tokenizer_config.json", "special_tokens_map.json",
        "spiece.model",  "sentencepiece.bpe.model", "vocab.json",            "merges.txt",
        "added_tokens.json",
    };
    return names;
}

Result<std::vector<fs::path>> copyTokenizerFiles(const fs::path &modelDir, const fs::path &outDir)
{
    auto dir = resolveModelDirectory(modelDir);
    if (!dir)
        return dir.error();
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return makeError(ErrorCode::Io, outDir.string() + ": cannot create the folder: " + ec.message());
    std::vector<fs::path> copied;
    for (const auto &name : tokenizerFileNames()) {
        // sentence-transformers keep the tokenizer next to the transformer or at the top.
        for (const fs::path &from : {*dir / name, modelDir / name}) {
            if (!fs::is_regular_file(from, ec))
                continue;
            const fs::path to = outDir / name;
            fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
            if (ec)
                return makeError(ErrorCode::Io, to.string() + ": cannot copy from " + from.string() + ": " + ec.message());
            copied.push_back(to);
            break;
        }
    }
    return copied;
}

} // namespace hone

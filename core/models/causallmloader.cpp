#include "core/models/causallmloader.h"

#include "core/io/gguf.h"
#include "core/io/modelfolder.h"
#include "core/io/safetensors.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>

namespace hone {
namespace fs = std::filesystem;

namespace {

Error internalError(const std::string &what, const std::exception &e)
{
    std::string message = e.what();
    if (auto nl = message.find("\nException raised from"); nl != std::string::npos)
        message.resize(nl);
    return makeError(ErrorCode::Internal, what + ": " + message);
}

Result<const ArchitectureInfo *> decoderArchitecture(const ModelConfig &config)
{
    auto arch = findArchitecture(config.modelType, config.source);
    if (!arch)
        return arch.error();
    if (!(*arch)->isDecoder())
        return makeError(ErrorCode::Unsupported, config.source + ": model_type \"" + config.modelType +
                                                     "\" is an encoder; it cannot generate text (use it to classify)");
    return arch;
}

} // namespace

Result<std::shared_ptr<CausalLM>> createCausalLM(const ModelConfig &config, std::uint64_t seed)
{
    auto arch = decoderArchitecture(config);
    if (!arch)
        return arch.error();
    try {
        torch::NoGradGuard noGrad;
        std::shared_ptr<CausalLM> model = (*arch)->createCausalLM(config);
        if (seed != 0)
            model->initialiseParameters(config.initializerRange, seed);
        return model;
    } catch (const std::exception &e) {
        return internalError(config.source + ": cannot build the " + (*arch)->name + " model", e);
    }
}

namespace {

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Fills every parameter from the GGUF tensor of the same Hugging Face name, dequantized to fp32.
Result<LoadReport> copyGgufTensors(CausalLM &model, const GgufFile &gguf)
{
    LoadReport report;
    report.files = {gguf.name()};
    std::set<std::string> used;
    torch::NoGradGuard noGrad;
    try {
        for (auto &item : model.named_parameters()) {
            const std::string &name = item.key();
            torch::Tensor param = item.value();
            const std::string ggufName = ggufTensorName(gguf.architecture(), name);
            auto tensor = gguf.loadHf(name);
            if (!tensor) {
                if (tensor.error().code != ErrorCode::NotFound)
                    return tensor.error();
                report.missing.push_back(name + (ggufName.empty() ? std::string() : " (" + ggufName + ")"));
                continue;
            }
            if (tensor->shape != param.sizes().vec())
                return makeError(ErrorCode::Format, gguf.name() + ": tensor \"" + ggufName + "\" (" + name + ") has shape " +
                                                        shapeText(tensor->shape) + "; the configuration in the metadata gives " +
                                                        shapeText(param.sizes().vec()));
            param.copy_(torch::from_blob(tensor->data.data(), param.sizes(), torch::kFloat));
            used.insert(name);
        }
    } catch (const std::exception &e) {
        return internalError(gguf.name() + ": cannot fill the model", e);
    }
    if (!report.missing.empty()) {
        std::string list;
        for (std::size_t i = 0; i < report.missing.size() && i < 5; ++i)
            list += (i ? ", " : "") + report.missing[i];
        if (report.missing.size() > 5)
            list += " and " + std::to_string(report.missing.size() - 5) + " more";
        return makeError(ErrorCode::Format, gguf.name() + ": " + std::to_string(report.missing.size()) +
                                                " tensor(s) the " + gguf.architecture() + " model needs are missing: " + list);
    }
    for (const GgufTensorInfo &info : gguf.tensorInfos()) {
        // llama.cpp's Llama 3 rope scaling lives in this tensor, not in the metadata Hone reads.
        if (info.name == "rope_freqs.weight")
            return makeError(ErrorCode::Unsupported, gguf.name() + ": tensor \"rope_freqs.weight\" (llama.cpp's Llama 3 rope "
                                                     "scaling factors) is not supported; load the Hugging Face folder instead");
        const std::string hf = hfTensorName(gguf.architecture(), info.name);
        if (hf.empty() || !used.count(hf))
            report.unexpected.push_back(info.name);
    }
    return report;
}

// Builds the config's decoder and fills it (fill names the source's tensors in its errors).
Result<LoadedCausalLM> buildCausalLM(const fs::path &path, Result<ModelConfig> config,
                                     const std::function<Result<LoadReport>(CausalLM &, const ArchitectureInfo &)> &fill,
                                     std::chrono::steady_clock::time_point start)
{
    if (!config)
        return config.error();
    auto arch = decoderArchitecture(*config);
    if (!arch)
        return arch.error();
    auto model = createCausalLM(*config);
    if (!model)
        return model.error();
    auto report = fill(**model, **arch);
    if (!report)
        return report.error();
    (*model)->eval();
    LoadedCausalLM loaded;
    loaded.architecture = *arch;
    loaded.path = path;
    loaded.config = std::move(config).value();
    loaded.model = std::move(model).value();
    loaded.report = std::move(report).value();
    loaded.report.seconds = secondsSince(start);
    return loaded;
}

Result<LoadedCausalLM> loadGgufCausalLM(const fs::path &file)
{
    const auto start = std::chrono::steady_clock::now();
    auto gguf = GgufFile::open(file);
    if (!gguf)
        return gguf.error();
    auto configText = gguf->hfConfigJson();
    if (!configText)
        return configText.error();
    return buildCausalLM(file, parseModelConfig(nlohmann::json::parse(*configText), file.string() + " (configuration from the GGUF metadata)"),
                         [&gguf](CausalLM &model, const ArchitectureInfo &) { return copyGgufTensors(model, *gguf); }, start);
}

} // namespace

Result<LoadedCausalLM> loadCausalLM(const fs::path &modelPath)
{
    if (isGgufFile(modelPath))
        return loadGgufCausalLM(modelPath);
    const auto start = std::chrono::steady_clock::now();
    auto dir = resolveModelDirectory(modelPath);
    if (!dir)
        return dir.error();
    auto config = readModelConfig(*dir / "config.json");
    if (!config)
        return config.error();
    auto files = findSafetensorsFiles(*dir);
    if (!files)
        return files.error();
    const auto fill = [&files](CausalLM &model, const ArchitectureInfo &arch) -> Result<LoadReport> {
        auto report = copyCheckpointTensors(model, arch.basePrefix, *files, [](const std::string &) { return false; });
        if (report && model.tiedEmbeddings()) // transformers ties lm_head to the embeddings and ignores a stored copy
            report->unexpected.erase(std::remove(report->unexpected.begin(), report->unexpected.end(), "lm_head.weight"),
                                     report->unexpected.end());
        return report;
    };
    return buildCausalLM(*dir, std::move(config), fill, start);
}

Result<void> saveCausalLM(CausalLM &model, const ModelConfig &config, const fs::path &outDir)
{
    auto arch = decoderArchitecture(config);
    if (!arch)
        return arch.error();
    nlohmann::json j = config.raw.is_object() ? config.raw : nlohmann::json::object();
    j["architectures"] = nlohmann::json::array({(*arch)->causalLmClass});
    j["model_type"] = config.modelType;
    if (j.contains("torch_dtype"))
        j["torch_dtype"] = "float32";
    j["dtype"] = "float32"; // the weights are written in float32 whatever the source held
    return writeModelFolder([&model] { return model.exportTensors(); }, j, outDir);
}

} // namespace hone

#include "core/models/causallmloader.h"

#include "core/io/safetensors.h"

#include <algorithm>
#include <chrono>

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

Result<LoadedCausalLM> loadCausalLM(const fs::path &modelDir)
{
    const auto start = std::chrono::steady_clock::now();
    auto dir = resolveModelDirectory(modelDir);
    if (!dir)
        return dir.error();
    auto config = readModelConfig(*dir / "config.json");
    if (!config)
        return config.error();
    auto arch = decoderArchitecture(*config);
    if (!arch)
        return arch.error();
    auto files = findSafetensorsFiles(*dir);
    if (!files)
        return files.error();
    auto model = createCausalLM(*config);
    if (!model)
        return model.error();
    auto report = copyCheckpointTensors(**model, (*arch)->basePrefix, *files, [](const std::string &) { return false; });
    if (!report)
        return report.error();
    if ((*model)->tiedEmbeddings()) // transformers ties lm_head to the embeddings and ignores a stored copy
        report->unexpected.erase(std::remove(report->unexpected.begin(), report->unexpected.end(), "lm_head.weight"),
                                 report->unexpected.end());
    (*model)->eval();
    LoadedCausalLM loaded;
    loaded.architecture = *arch;
    loaded.directory = *dir;
    loaded.config = std::move(config).value();
    loaded.model = std::move(model).value();
    loaded.report = std::move(report).value();
    loaded.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return loaded;
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

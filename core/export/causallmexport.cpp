#include "core/export/causallmexport.h"

#include "core/io/atomicfile.h"
#include "core/io/jsoninteger.h"
#include "core/io/tensorfile.h"
#include "core/train/checkpoint.h"
#include "core/models/architecture.h"
#include "core/models/layers/lora.h"
#include "core/models/textgenerator.h"
#include "core/tasks/causallmtask.h"
#include "core/text/chattemplate.h"
#include "core/text/tokenizerexport.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace hone {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char *kPeftPrefix = "base_model.model.";
constexpr std::size_t kPromptTokens = 48;

using Progress = std::function<void(double, const std::string &)>;

// The run's model at the checkpoint: the base, its LoRA adapters when the run had them, the weights.
Result<TextGenerator> loadRunModel(const TrainingConfig &config, const fs::path &basePath, const fs::path &checkpoint)
{
    auto generator = TextGenerator::open(basePath);
    if (!generator)
        return generator.error();
    CausalLM &model = generator->model();
    if (config.lora.enabled)
        model.enableLoRA({config.lora.rank, config.lora.alpha, config.lora.dropout, config.seed},
                         loraTargets(config.lora, generator->loaded().architecture->loraTargets));
    if (auto r = loadCheckpointWeights(model, checkpoint); !r)
        return r.error();
    model.eval();
    return generator;
}

struct Prompt {
    std::string text;
    std::vector<int> ids;
};

// Texts from the run's recorded sample answers (prompt and reference) and two fixed ones, tokenized.
std::vector<Prompt> verificationPrompts(const RunDirectory &run, const Tokenizer &tokenizer, int count)
{
    std::vector<std::string> texts;
    if (auto records = run.readRecords(); records && !records->samples.empty())
        for (const SampleAnswer &a : records->samples.front().answers)
            texts.push_back(a.prompt + "\n" + a.reference);
    texts.push_back("The quick brown fox jumps over the lazy dog; 12 + 30 = 42.");
    texts.push_back("Hello! How are you today?");
    std::vector<Prompt> prompts;
    for (const std::string &text : texts) {
        if (static_cast<int>(prompts.size()) >= count)
            break;
        Prompt p{text, {}};
        std::vector<std::pair<int, int>> offsets;
        tokenizer.tokenize(text, p.ids, offsets);
        if (p.ids.size() > kPromptTokens)
            p.ids.resize(kPromptTokens);
        if (!p.ids.empty())
            prompts.push_back(std::move(p));
    }
    return prompts;
}

torch::Tensor promptLogits(CausalLM &model, const std::vector<int> &ids)
{
    torch::NoGradGuard noGrad;
    const std::vector<std::int64_t> wide(ids.begin(), ids.end());
    return model.logits(torch::tensor(wide, torch::kInt64).unsqueeze(0)).squeeze(0).to(torch::kFloat32).contiguous();
}

struct LogitComparison {
    double maxDifference = 0; // largest |logit difference| over every prompt position
    double maxLogit = 0;      // largest |logit| of the run's model
};

// The run's model against the reloaded export on the prompts.
Result<LogitComparison> compareLogits(CausalLM &run, CausalLM &exported, const std::vector<Prompt> &prompts)
{
    LogitComparison out;
    try {
        for (const Prompt &p : prompts) {
            const torch::Tensor a = promptLogits(run, p.ids), b = promptLogits(exported, p.ids);
            if (a.sizes() != b.sizes())
                return makeError(ErrorCode::Format, "the export's logits have another shape than the run's model's");
            const double d = (a - b).abs().max().item<double>();
            if (!std::isfinite(d))
                return makeError(ErrorCode::Format, "the export gives non-finite logits on \"" + p.text + "\"");
            out.maxDifference = std::max(out.maxDifference, d);
            out.maxLogit = std::max(out.maxLogit, a.abs().max().item<double>());
        }
    } catch (const std::exception &e) {
        return makeError(ErrorCode::Internal, std::string("comparing logits: ") + e.what());
    }
    return out;
}

// True when tokenizer gives every prompt the ids the run's tokenizer gave.
bool sameTokens(const Tokenizer &tokenizer, const std::vector<Prompt> &prompts)
{
    for (const Prompt &p : prompts) {
        std::vector<int> ids;
        std::vector<std::pair<int, int>> offsets;
        tokenizer.tokenize(p.text, ids, offsets);
        if (ids.size() > kPromptTokens)
            ids.resize(kPromptTokens);
        if (ids != p.ids)
            return false;
    }
    return true;
}

Result<void> writeLogitsDump(CausalLM &model, const std::vector<Prompt> &prompts, const fs::path &file)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    std::map<std::string, std::string> metadata;
    for (std::size_t k = 0; k < prompts.size(); ++k) {
        const std::vector<std::int64_t> wide(prompts[k].ids.begin(), prompts[k].ids.end());
        tensors.emplace_back("ids." + std::to_string(k), torch::tensor(wide, torch::kInt64));
        tensors.emplace_back("logits." + std::to_string(k), promptLogits(model, prompts[k].ids));
        metadata["prompt." + std::to_string(k)] = prompts[k].text;
    }
    return saveTensors(file, tensors, metadata);
}

// The template the run trained with (its choice, else the base model's own), or "" when there is none.
std::string runChatTemplate(const TrainingConfig &config, const fs::path &basePath)
{
    auto source = chooseChatTemplate(basePath, config.chatTemplate);
    return source ? source->text : std::string();
}

Result<std::string> writeHf(TextGenerator &runModel, const TrainingConfig &config, const fs::path &basePath, const fs::path &out)
{
    const fs::path staging = out.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    if (auto r = saveCausalLmFolder(runModel.model(), runModel.loaded(), runModel.tokenizer(), runChatTemplate(config, basePath), staging); !r)
        return r.error();
    if (auto r = replaceDirectory(staging, out); !r)
        return r.error();
    return std::string("Hugging Face folder") + (config.lora.enabled ? ", LoRA merged" : "") + ", tokenizer and chat template";
}

Result<std::string> writePeft(CausalLM &model, const ArchitectureInfo &arch, const TrainingConfig &config, const fs::path &basePath,
                              const fs::path &out)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    bool conv1d = false;
    for (auto &[name, projection] : namedProjections(model)) {
        if (!projection->hasLoRA())
            continue;
        conv1d |= projection->layout() == ProjectionLayout::Conv1D;
        tensors.emplace_back(kPeftPrefix + name + ".lora_A.weight", projection->loraA()->weight.detach().to(torch::kFloat32));
        tensors.emplace_back(kPeftPrefix + name + ".lora_B.weight", projection->loraB()->weight.detach().to(torch::kFloat32));
    }
    if (tensors.empty())
        return makeError(ErrorCode::Format, "the run's model has no LoRA adapter to export");
    json c;
    c["peft_type"] = "LORA";
    c["task_type"] = "CAUSAL_LM";
    c["base_model_name_or_path"] = basePath.string();
    c["r"] = config.lora.rank;
    c["lora_alpha"] = config.lora.alpha;
    c["lora_dropout"] = config.lora.dropout;
    c["target_modules"] = loraTargets(config.lora, arch.loraTargets);
    c["bias"] = "none";
    c["fan_in_fan_out"] = conv1d; // GPT-2's Conv1D keeps its weight [in, out]
    c["inference_mode"] = true;
    c["init_lora_weights"] = true;
    c["modules_to_save"] = nullptr;
    c["use_rslora"] = false;
    c["use_dora"] = false;
    c["rank_pattern"] = json::object();
    c["alpha_pattern"] = json::object();
    const fs::path staging = out.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        return makeError(ErrorCode::Io, staging.string() + ": cannot create the folder: " + ec.message());
    if (auto r = saveTensors(staging / "adapter_model.safetensors", tensors, {{"format", "pt"}}); !r)
        return r.error();
    if (auto r = writeFileAtomically(staging / "adapter_config.json", c.dump(2)); !r)
        return r.error();
    if (auto r = replaceDirectory(staging, out); !r)
        return r.error();
    return "PEFT LoRA adapter (" + std::to_string(tensors.size() / 2) + " modules, r " + std::to_string(config.lora.rank) + ")";
}

// A written tensor, kept in llama.cpp's layout for the check after reloading.
struct GgufTensor {
    std::string hfName;
    GgufTensorToWrite write;
    FloatTensor values;
};

Result<std::vector<std::pair<std::string, GgufValue>>> ggufHyperparameters(const LoadedCausalLM &loaded, const std::string &name,
                                                                           GgmlType type)
{
    const ModelConfig &c = loaded.config;
    const std::string &arch = c.modelType;
    if (arch != "llama" && arch != "qwen2" && arch != "gpt2")
        return makeError(ErrorCode::Unsupported, "model_type \"" + arch + "\" has no GGUF export (llama, qwen2, gpt2 have)");
    if (c.ropeScaling.type != "default" && c.ropeScaling.type != "linear")
        return makeError(ErrorCode::Unsupported, "rope_scaling \"" + c.ropeScaling.type + "\": llama.cpp keeps it in a rope_freqs "
                                                 "tensor Hone neither writes nor reads; export this run as hf instead");
    std::vector<std::pair<std::string, GgufValue>> m;
    auto u32 = [&](const std::string &key, std::int64_t v) { m.emplace_back(arch + "." + key, GgufValue::fromU32(static_cast<std::uint32_t>(v))); };
    auto f32 = [&](const std::string &key, double v) { m.emplace_back(arch + "." + key, GgufValue::fromF32(static_cast<float>(v))); };
    m.emplace_back("general.architecture", GgufValue::fromString(arch));
    m.emplace_back("general.name", GgufValue::fromString(name));
    // llama_ftype: MOSTLY_F16 1, MOSTLY_Q8_0 7, MOSTLY_BF16 32.
    m.emplace_back("general.file_type", GgufValue::fromU32(type == GgmlType::Q8_0 ? 7 : type == GgmlType::BF16 ? 32 : 1));
    m.emplace_back("general.quantization_version", GgufValue::fromU32(2));
    u32("context_length", c.maxPositions);
    u32("embedding_length", c.hiddenSize);
    u32("block_count", c.numLayers);
    u32("feed_forward_length", c.intermediateSize);
    u32("attention.head_count", c.numHeads);
    if (arch == "gpt2") {
        f32("attention.layer_norm_epsilon", c.layerNormEps);
    } else {
        u32("attention.head_count_kv", c.kvHeads());
        f32("attention.layer_norm_rms_epsilon", c.layerNormEps);
        f32("rope.freq_base", c.ropeTheta);
        u32("rope.dimension_count", c.headDim());
        if (c.ropeScaling.type == "linear") {
            m.emplace_back(arch + ".rope.scaling.type", GgufValue::fromString("linear"));
            f32("rope.scaling.factor", c.ropeScaling.factor);
        }
    }
    u32("vocab_size", c.vocabSize);
    return m;
}

Result<std::string> writeGgufFile(TextGenerator &runModel, const TrainingConfig &config, const fs::path &basePath, GgmlType type,
                                  const fs::path &out, std::vector<GgufTensor> &written)
{
    const LoadedCausalLM &loaded = runModel.loaded();
    const std::string &arch = loaded.config.modelType;
    auto metadata = ggufHyperparameters(loaded, config.name.empty() ? basePath.stem().string() : config.name, type);
    if (!metadata)
        return makeError(metadata.error().code, out.string() + ": " + metadata.error().message);
    auto tokenizer = ggufTokenizerMetadata(runModel.tokenizer(), runChatTemplate(config, basePath));
    if (!tokenizer)
        return makeError(tokenizer.error().code, out.string() + ": " + tokenizer.error().message);
    metadata->insert(metadata->end(), tokenizer->begin(), tokenizer->end());

    int f32 = 0, fallback = 0;
    for (auto &[hfName, tensor] : runModel.model().exportTensors()) {
        const std::string name = ggufTensorName(arch, hfName);
        if (name.empty())
            return makeError(ErrorCode::Unsupported, out.string() + ": tensor \"" + hfName + "\" has no llama.cpp name");
        GgufTensor t;
        t.hfName = hfName;
        t.values.shape = tensor.sizes().vec();
        t.values.data.assign(tensor.data_ptr<float>(), tensor.data_ptr<float>() + tensor.numel());
        if (auto r = convertTensorLayout(arch, hfName, t.values, loaded.config.numHeads, loaded.config.kvHeads(), true); !r)
            return makeError(r.error().code, out.string() + ": tensor \"" + hfName + "\" " + r.error().message);
        t.write.name = name;
        t.write.shape = t.values.shape;
        t.write.type = type;
        if (t.values.shape.size() < 2) { // norms and biases: llama.cpp keeps them F32
            t.write.type = GgmlType::F32;
            ++f32;
        } else if (type == GgmlType::Q8_0 && t.values.shape.back() % 32 != 0) {
            t.write.type = GgmlType::F16;
            ++fallback;
        }
        written.push_back(std::move(t));
    }
    std::vector<GgufTensorToWrite> tensors;
    for (GgufTensor &t : written) {
        t.write.data = t.values.data.data();
        tensors.push_back(t.write);
    }
    if (auto r = writeGguf(out, *metadata, tensors); !r)
        return r.error();
    std::string what = std::string("GGUF ") + ggmlTypeName(type) + " (" + std::to_string(written.size()) + " tensors, " +
                       std::to_string(f32) + " 1-D ones F32";
    if (fallback)
        what += ", " + std::to_string(fallback) + " with rows not a multiple of 32 F16";
    return what + "), tokenizer " + std::to_string(runModel.tokenizer().vocabSize()) + " tokens, chat template " +
           (tokenizer->back().first == "tokenizer.chat_template" ? "included" : "none");
}

// The reloaded GGUF model's weights against the written values rounded to their stored type.
Result<double> compareGgufTensors(CausalLM &reloaded, const std::string &arch, const ModelConfig &config, std::vector<GgufTensor> &written)
{
    std::map<std::string, torch::Tensor> params;
    for (auto &item : reloaded.named_parameters())
        params.emplace(item.key(), item.value());
    double worst = 0;
    for (GgufTensor &t : written) {
        auto bytes = quantizeGgml(t.write.type, t.values.data.data(), static_cast<std::int64_t>(t.values.data.size()));
        if (!bytes)
            return bytes.error();
        FloatTensor rounded{t.values.shape, std::vector<float>(t.values.data.size())};
        if (auto r = dequantizeGgml(static_cast<std::uint32_t>(t.write.type), bytes->data(), bytes->size(),
                                    static_cast<std::int64_t>(rounded.data.size()), rounded.data.data());
            !r)
            return r.error();
        if (auto r = convertTensorLayout(arch, t.hfName, rounded, config.numHeads, config.kvHeads(), false); !r)
            return r.error();
        auto it = params.find(t.hfName);
        if (it == params.end())
            return makeError(ErrorCode::Format, "the reloaded GGUF model has no \"" + t.hfName + "\"");
        const torch::Tensor expected = torch::from_blob(rounded.data.data(), rounded.shape, torch::kFloat32);
        if (it->second.sizes() != expected.sizes())
            return makeError(ErrorCode::Format, "\"" + t.hfName + "\" reloads with another shape");
        worst = std::max(worst, (it->second.detach() - expected).abs().max().item<double>());
        t.values = {}; // checked: its memory goes back
    }
    return worst;
}

} // namespace

Result<void> loadPeftAdapter(CausalLM &model, const fs::path &adapterDir)
{
    const fs::path configFile = adapterDir / "adapter_config.json";
    auto c = readJsonFile(configFile);
    if (!c)
        return c.error();
    auto field = [&](const char *key) -> const json * {
        auto it = c->find(key);
        return it == c->end() ? nullptr : &*it;
    };
    auto bad = [&](const std::string &key, const std::string &what) {
        return makeError(ErrorCode::Format, configFile.string() + ": \"" + key + "\" " + what);
    };
    if (const json *t = field("peft_type"); !t || *t != "LORA")
        return bad("peft_type", "must be \"LORA\"");
    for (const char *key : {"use_rslora", "use_dora"})
        if (const json *v = field(key); v && v->is_boolean() && v->get<bool>())
            return bad(key, "is true; Hone's LoRA is the plain kind");
    const json *r = field("r"), *alpha = field("lora_alpha"), *targets = field("target_modules");
    if (!r)
        return bad("r", "must be a positive integer");
    const auto rank = readInteger<int>(*r, configFile.string(), "r", 1);
    if (!rank)
        return rank.error();
    if (!alpha || !alpha->is_number())
        return bad("lora_alpha", "must be a number");
    if (!targets || !targets->is_array())
        return bad("target_modules", "must be a list of module names");
    std::vector<std::string> names;
    for (const json &t : *targets) {
        if (!t.is_string())
            return bad("target_modules", "must be a list of module names");
        names.push_back(t.get<std::string>());
    }
    const json *dropout = field("lora_dropout");
    LoraOptions options{*rank, alpha->get<double>(), dropout && dropout->is_number() ? dropout->get<double>() : 0.0, 0};
    if (hone::enableLoRA(model, options, names) == 0)
        return bad("target_modules", "names no projection of the model");
    const fs::path weights = adapterDir / "adapter_model.safetensors";
    auto tensors = loadTensors(weights);
    if (!tensors)
        return tensors.error();
    std::set<std::string> used;
    torch::NoGradGuard noGrad;
    for (auto &[name, projection] : namedProjections(model)) {
        if (!projection->hasLoRA())
            continue;
        for (const auto &[suffix, param] : {std::pair<const char *, torch::Tensor>{".lora_A.weight", projection->loraA()->weight},
                                            {".lora_B.weight", projection->loraB()->weight}}) {
            const std::string key = kPeftPrefix + name + suffix;
            auto it = tensors->find(key);
            if (it == tensors->end() || it->second.sizes() != param.sizes())
                return makeError(ErrorCode::Format, weights.string() + ": '" + key + "' is missing or has another shape");
            param.copy_(it->second);
            used.insert(key);
        }
    }
    for (const auto &item : *tensors)
        if (!used.count(item.first))
            return makeError(ErrorCode::Format, weights.string() + ": '" + item.first + "' adapts no module of the model");
    model.eval();
    return {};
}

Result<ExportReport> exportCausalLmRun(const RunDirectory &run, const TrainingConfig &config, const fs::path &basePath,
                                       const fs::path &checkpoint, std::int64_t step, const fs::path &out, const ExportOptions &options,
                                       const Progress &progress)
{
    auto report = [&](double f, const std::string &what) {
        if (progress)
            progress(f, what);
    };
    if (options.format == ExportFormat::Peft && !config.lora.enabled)
        return makeError(ErrorCode::InvalidArgument, run.path().string() + ": the run was a full fine-tune (no LoRA adapters), so "
                                                                           "there is no adapter to export; export it as hf or gguf");
    if (options.format == ExportFormat::Gguf) {
        if (out.extension() != ".gguf")
            return makeError(ErrorCode::InvalidArgument, out.string() + ": a GGUF export is one file; give --out a name ending in .gguf");
        if (options.ggufType != GgmlType::F16 && options.ggufType != GgmlType::BF16 && options.ggufType != GgmlType::Q8_0)
            return makeError(ErrorCode::InvalidArgument, std::string("GGUF type ") + ggmlTypeName(options.ggufType) +
                                                             " is not written (f16, bf16, q8_0 are)");
    }
    report(0.1, "loading " + checkpoint.filename().string());
    auto runModel = loadRunModel(config, basePath, checkpoint);
    if (!runModel)
        return runModel.error();
    const LoadedCausalLM &loaded = runModel->loaded();

    report(0.4, "writing " + out.string());
    ExportReport result;
    result.outDir = fs::absolute(out);
    result.step = step;
    std::vector<GgufTensor> ggufTensors;
    Result<std::string> contents = options.format == ExportFormat::HuggingFace ? writeHf(*runModel, config, basePath, out)
                                   : options.format == ExportFormat::Peft
                                       ? writePeft(runModel->model(), *loaded.architecture, config, basePath, out)
                                       : writeGgufFile(*runModel, config, basePath, options.ggufType, out, ggufTensors);
    if (!contents)
        return contents.error();
    result.contents = *contents;

    const std::vector<Prompt> prompts = verificationPrompts(run, runModel->tokenizer(), options.verifyPrompts);
    if (!options.logitsDump.empty())
        if (auto r = writeLogitsDump(runModel->model(), prompts, options.logitsDump); !r)
            return r.error();
    if (!options.verify)
        return result;

    report(0.7, "verifying the export");
    result.verifiedWith = options.format == ExportFormat::Gguf ? "Hone's GGUF reader (the loader behind hone-cli chat)"
                          : options.format == ExportFormat::Peft
                              ? "Hone's own loader, the base model with this adapter applied"
                              : "Hone's own loader (the code behind hone-cli chat)";
    auto reloaded = loadCausalLM(options.format == ExportFormat::Peft ? basePath : out);
    if (!reloaded)
        return makeError(reloaded.error().code, "the export does not load back: " + reloaded.error().message);
    if (options.format == ExportFormat::Peft)
        if (auto r = loadPeftAdapter(*reloaded->model, out); !r)
            return makeError(r.error().code, "the adapter does not load back: " + r.error().message);
    auto difference = compareLogits(runModel->model(), *reloaded->model, prompts);
    if (!difference)
        return difference.error();
    result.maxLogitDifference = difference->maxDifference;
    result.verifiedPrompts = static_cast<int>(prompts.size());
    // Merging LoRA into the weights reorders float sums: equal within 1e-5 of the logits' scale (at least 1e-4).
    bool exact = result.maxLogitDifference <= 1e-5 * std::max(10.0, difference->maxLogit);
    if (options.format != ExportFormat::Peft) {
        auto tokenizer = loadTokenizer(out);
        if (!tokenizer)
            return makeError(tokenizer.error().code, "the export's tokenizer does not load back: " + tokenizer.error().message);
        result.tokenizerChecked = sameTokens(**tokenizer, prompts);
        exact = exact && result.tokenizerChecked;
    }
    if (options.format == ExportFormat::Gguf) {
        // Rounding to F16/BF16/Q8_0 moves the logits; what must be exact is every weight as stored.
        auto tensors = compareGgufTensors(*reloaded->model, loaded.config.modelType, loaded.config, ggufTensors);
        if (!tensors)
            return tensors.error();
        result.maxTensorDifference = *tensors;
        exact = result.maxTensorDifference == 0 && result.tokenizerChecked;
    }
    result.verified = exact;
    report(1.0, "done");
    return result;
}

} // namespace hone

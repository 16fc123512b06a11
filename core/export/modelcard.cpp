#include "core/export/modelcard.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace hone {

using nlohmann::json;

namespace {

std::string fixed(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string str(const json &j, const char *key)
{
    if (!j.is_object() || !j.contains(key))
        return {};
    const json &v = j[key];
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_null())
        return {};
    return v.dump();
}

// A Markdown table cell: pipes and line breaks would end the cell.
std::string cell(std::string s)
{
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::size_t count(const json &split, const char *name)
{
    if (!split.is_object() || !split.contains("splits") || !split["splits"].contains(name))
        return 0;
    const json &s = split["splits"][name];
    return s.is_array() ? s.size() : 0;
}

void metricsSection(std::ostringstream &md, const json &m, const std::string &title, const std::vector<std::string> &labels)
{
    if (!m.is_object())
        return;
    md << "### " << title << "\n\n";
    md << "| metric | value |\n|---|---|\n";
    for (const auto &[key, name] : std::vector<std::pair<const char *, const char *>>{
             {"accuracy", "accuracy"}, {"macro_f1", "macro F1"}, {"weighted_f1", "weighted F1"}, {"loss", "loss"},
             {"perplexity", "perplexity"}, {"exact_match", "exact match (0-100)"}, {"answer_f1", "answer F1 (0-100)"},
             {"rouge1", "ROUGE-1"}, {"rouge2", "ROUGE-2"}, {"rougeL", "ROUGE-L"}, {"bleu", "BLEU (0-100)"}})
        if (m.contains(key) && m[key].is_number())
            md << "| " << name << " | " << fixed(m[key].get<double>(), 4) << " |\n";
    if (m.contains("total"))
        md << "| rows | " << str(m, "total") << " |\n";
    md << "\n";
    if (m.contains("per_class") && m["per_class"].is_array() && !m["per_class"].empty()) {
        md << "| label | precision | recall | F1 | support |\n|---|---|---|---|---|\n";
        for (const json &c : m["per_class"])
            md << "| " << cell(str(c, "label")) << " | " << fixed(c.value("precision", 0.0), 4) << " | "
               << fixed(c.value("recall", 0.0), 4) << " | " << fixed(c.value("f1", 0.0), 4) << " | " << str(c, "support") << " |\n";
        md << "\n";
    }
    if (m.contains("confusion_matrix") && m["confusion_matrix"].is_array()) {
        const json &cm = m["confusion_matrix"];
        md << "Confusion matrix (rows: true label, columns: predicted):\n\n| true \\\\ predicted |";
        for (std::size_t i = 0; i < cm.size(); ++i)
            md << " " << cell(i < labels.size() ? labels[i] : std::to_string(i)) << " |";
        md << "\n|---|";
        for (std::size_t i = 0; i < cm.size(); ++i)
            md << "---|";
        md << "\n";
        for (std::size_t t = 0; t < cm.size(); ++t) {
            md << "| **" << cell(t < labels.size() ? labels[t] : std::to_string(t)) << "** |";
            for (const json &v : cm[t])
                md << " " << v.dump() << " |";
            md << "\n";
        }
        md << "\n";
    }
}

} // namespace

namespace {

bool isLanguageModel(ModelCardKind kind) { return kind == ModelCardKind::CausalLm || kind == ModelCardKind::PeftAdapter; }

void frontMatter(std::ostringstream &md, ModelCardKind kind, const std::string &task, const std::string &baseModel)
{
    const bool lm = isLanguageModel(kind);
    md << "---\nlibrary_name: "
       << (kind == ModelCardKind::Onnx ? "onnx" : kind == ModelCardKind::PeftAdapter ? "peft" : "transformers") << "\n";
    md << "pipeline_tag: " << (lm ? "text-generation" : "text-classification") << "\n";
    if (!baseModel.empty() && baseModel.find('/') != std::string::npos && baseModel.front() != '/' &&
        baseModel.find(".gguf") == std::string::npos)
        md << "base_model: " << json(baseModel).dump() << "\n";
    md << "tags:\n- " << (lm ? "text-generation" : "text-classification") << "\n";
    if (kind == ModelCardKind::Onnx)
        md << "- onnx\n";
    if (kind == ModelCardKind::PeftAdapter)
        md << "- lora\n";
    if (task == "sft")
        md << "- instruction-tuning\n";
    md << "- hone\n---\n\n";
}

std::string whatItIs(ModelCardKind kind, const std::string &task)
{
    switch (kind) {
    case ModelCardKind::Classifier: return "A text classifier fine-tuned";
    case ModelCardKind::Onnx: return "A text classifier in ONNX (`model.onnx`, opset 17, inputs `input_ids` and `attention_mask`, output `logits`) fine-tuned";
    case ModelCardKind::CausalLm:
        return task == "pretrain" ? "A language model further pre-trained" : "A chat model instruction-tuned";
    case ModelCardKind::PeftAdapter:
        return task == "pretrain" ? "A LoRA adapter (PEFT) from continued pre-training"
                                  : "A LoRA adapter (PEFT) from instruction tuning";
    }
    return {};
}

void howToLoad(std::ostringstream &md, ModelCardKind kind, const std::string &baseModel)
{
    md << "## How to load it\n\n";
    const std::filesystem::path base(baseModel);
    // transformers reads a GGUF base model from its folder with gguf_file=.
    const std::string baseArguments = base.extension() == ".gguf"
                                          ? json(base.parent_path().string()).dump() + ", gguf_file=" + json(base.filename().string()).dump()
                                          : json(baseModel).dump();
    switch (kind) {
    case ModelCardKind::Classifier:
        md << "```python\nfrom transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline\n\n"
              "model = AutoModelForSequenceClassification.from_pretrained(\"path/to/this/folder\")\n"
              "tokenizer = AutoTokenizer.from_pretrained(\"path/to/this/folder\")\n"
              "classify = pipeline(\"text-classification\", model=model, tokenizer=tokenizer)\n"
              "print(classify(\"your text here\"))\n```\n\n";
        md << "Or without Python:\n\n```sh\nhone-cli predict --model path/to/this/folder --input texts.txt --output predictions.csv\n```\n";
        return;
    case ModelCardKind::Onnx:
        md << "```python\nimport json\nimport numpy as np\nimport onnxruntime as ort\nfrom transformers import AutoTokenizer\n\n"
              "folder = \"path/to/this/folder\"\n"
              "tokenizer = AutoTokenizer.from_pretrained(folder)\n"
              "session = ort.InferenceSession(folder + \"/model.onnx\")\n"
              "inputs = {i.name for i in session.get_inputs()}\n"
              "encoded = tokenizer([\"your text here\"], padding=True, return_tensors=\"np\")\n"
              "logits = session.run([\"logits\"], {k: v.astype(np.int64) for k, v in encoded.items() if k in inputs})[0]\n"
              "id2label = json.load(open(folder + \"/config.json\"))[\"id2label\"]\n"
              "print([id2label[str(i)] for i in logits.argmax(-1)])\n```\n";
        return;
    case ModelCardKind::CausalLm:
        md << "```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
              "model = AutoModelForCausalLM.from_pretrained(\"path/to/this/folder\")\n"
              "tokenizer = AutoTokenizer.from_pretrained(\"path/to/this/folder\")\n"
              "messages = [{\"role\": \"user\", \"content\": \"your question\"}]\n"
              "inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors=\"pt\", return_dict=True)\n"
              "output = model.generate(**inputs, max_new_tokens=64, do_sample=False)\n"
              "print(tokenizer.decode(output[0][inputs[\"input_ids\"].shape[1]:], skip_special_tokens=True))\n```\n\n";
        md << "Or without Python:\n\n```sh\nhone-cli chat --model path/to/this/folder\n```\n";
        return;
    case ModelCardKind::PeftAdapter:
        md << "```python\nfrom peft import PeftModel\nfrom transformers import AutoModelForCausalLM\n\n"
              "base = AutoModelForCausalLM.from_pretrained("
           << baseArguments
           << ")\n"
              "model = PeftModel.from_pretrained(base, \"path/to/this/folder\")\n"
              "model = model.merge_and_unload()  # optional: one plain model\n```\n\n"
              "The adapter changes only the LoRA target modules; the tokenizer and chat template are the base model's.\n";
        return;
    }
}

} // namespace

std::string modelCardMarkdown(const ModelCardInput &in)
{
    const json &c = in.config;
    const json &data = c.is_object() && c.contains("data") ? c["data"] : json::object();
    const bool lm = isLanguageModel(in.kind);
    std::vector<std::string> labels; // a language model has none
    if (!lm && in.summary.is_object() && in.summary.contains("labels") && in.summary["labels"].is_array())
        labels = in.summary["labels"].get<std::vector<std::string>>();
    else if (!lm && in.split.is_object() && in.split.contains("labels") && in.split["labels"].is_array())
        labels = in.split["labels"].get<std::vector<std::string>>();
    std::string name = str(c, "name");
    if (name.empty())
        name = in.runId;
    const std::string baseModel = c.is_object() && c.contains("model_path") ? str(c, "model_path") : str(c, "model");
    const std::string task = str(c, "task");

    std::ostringstream md;
    frontMatter(md, in.kind, task, str(c, "model"));
    md << "# " << name << "\n\n";
    md << whatItIs(in.kind, task) << " with Hone from `" << str(c, "model") << "` (run `" << in.runId << "`, "
       << (in.best ? "best" : "last") << " checkpoint, step " << in.step << ").\n\n";
    if (!lm) {
        md << "Labels (" << labels.size() << "): ";
        for (std::size_t i = 0; i < labels.size(); ++i)
            md << (i ? ", " : "") << "`" << labels[i] << "`";
        md << "\n\n";
    }
    md << "## Data\n\n";
    const std::string file = str(data, "file");
    if (!file.empty())
        md << "- File: `" << std::filesystem::path(file).filename().string() << "`\n";
    for (const char *role : {"train", "validation", "test"})
        if (const std::string f = str(data, role); !f.empty())
            md << "- " << role << " file: `" << std::filesystem::path(f).filename().string() << "`\n";
    if (lm) {
        md << "- " << (task == "pretrain" ? "Plain text (continued pre-training)" : "Conversations (instruction tuning)");
        if (task == "sft")
            md << ", loss on " << (str(c, "train_on") == "all" ? "every token" : "the assistant's answers only");
        md << "\n";
    } else {
        md << "- Columns: text `" << str(data, "text_column") << "`";
        if (const std::string pair = str(data, "text_pair_column"); !pair.empty())
            md << ", second text `" << pair << "`";
        md << ", label `" << str(data, "label_column") << "`\n";
    }
    md << "\n## Split\n\n";
    md << "- " << (lm ? "Samples" : "Rows") << ": " << count(in.split, "train") << " training, " << count(in.split, "validation")
       << " validation, " << count(in.split, "test") << " test\n";
    if (data.contains("split") && data["split"].is_array() && file.size())
        md << "- Ratios " << data["split"].dump() << (!lm && data.value("stratify", false) ? ", stratified by label" : "")
           << ", seed " << str(c, "seed") << "\n";
    if (const std::string hash = str(in.split, "content_hash"); !hash.empty())
        md << "- Data content hash: `" << hash << "`\n";
    md << "\n## Settings\n\n| setting | value |\n|---|---|\n";
    for (const char *key : {"num_train_epochs", "max_steps", "learning_rate", "per_device_train_batch_size", "max_length",
                            "optim", "lr_scheduler_type", "warmup_ratio", "weight_decay", "gradient_accumulation_steps",
                            "label_smoothing_factor", "class_weights", "chat_template", "train_on", "packing",
                            "metric_for_best_model", "seed"}) {
        const bool lmOnly = std::string(key) == "chat_template" || std::string(key) == "train_on" || std::string(key) == "packing";
        const bool classifierOnly = std::string(key) == "label_smoothing_factor" || std::string(key) == "class_weights";
        if ((lmOnly && !lm) || (classifierOnly && lm))
            continue;
        if (c.is_object() && c.contains(key) && !c[key].is_null() && !(c[key].is_string() && c[key].get<std::string>().empty()))
            md << "| `" << key << "` | " << cell(str(c, key)) << " |\n";
    }
    if (c.is_object() && c.contains("lora") && c["lora"].is_object() && c["lora"].value("enabled", false))
        md << "| LoRA | rank " << str(c["lora"], "r") << ", alpha " << str(c["lora"], "alpha")
           << (in.kind == ModelCardKind::PeftAdapter ? ", kept as an adapter" : ", merged into the weights") << " |\n";
    md << "\n## Metrics\n\n";
    if (in.summary.is_object()) {
        metricsSection(md, in.summary.value("validation", json()), "Validation", labels);
        metricsSection(md, in.summary.value("test", json()), "Test", labels);
        if (!lm && in.summary.contains("sanity") && in.summary["sanity"].is_object()) {
            const json &s = in.summary["sanity"];
            md << "Majority baseline (always `" << str(s, "majority_label") << "`): "
               << fixed(100 * s.value("majority_baseline", 0.0), 1) << "%.";
            if (const std::string w = str(s, "warning"); !w.empty())
                md << " **Warning:** " << w << ".";
            md << "\n\n";
        }
    } else {
        md << "The run did not finish; no final metrics.\n\n";
    }
    if (!in.verification.empty())
        md << "Export check: " << in.verification << "\n\n";
    howToLoad(md, in.kind, baseModel);
    return md.str();
}

} // namespace hone

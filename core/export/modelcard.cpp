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
             {"accuracy", "accuracy"}, {"macro_f1", "macro F1"}, {"weighted_f1", "weighted F1"}, {"loss", "loss"}})
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

std::string modelCardMarkdown(const ModelCardInput &in)
{
    const json &c = in.config;
    const json &data = c.is_object() && c.contains("data") ? c["data"] : json::object();
    std::vector<std::string> labels;
    if (in.summary.is_object() && in.summary.contains("labels") && in.summary["labels"].is_array())
        labels = in.summary["labels"].get<std::vector<std::string>>();
    else if (in.split.is_object() && in.split.contains("labels") && in.split["labels"].is_array())
        labels = in.split["labels"].get<std::vector<std::string>>();
    std::string name = str(c, "name");
    if (name.empty())
        name = in.runId;
    const std::string baseModel = str(c, "model");

    std::ostringstream md;
    md << "---\nlibrary_name: transformers\npipeline_tag: text-classification\n";
    if (!baseModel.empty() && baseModel.find('/') != std::string::npos && baseModel.front() != '/')
        md << "base_model: " << json(baseModel).dump() << "\n";
    md << "tags:\n- text-classification\n- hone\n---\n\n";
    md << "# " << name << "\n\n";
    md << "A text classifier fine-tuned with Hone from `" << baseModel << "` (run `" << in.runId
       << "`, " << (in.best ? "best" : "last") << " checkpoint, step " << in.step << ").\n\n";
    md << "Labels (" << labels.size() << "): ";
    for (std::size_t i = 0; i < labels.size(); ++i)
        md << (i ? ", " : "") << "`" << labels[i] << "`";
    md << "\n\n## Data\n\n";
    const std::string file = str(data, "file");
    if (!file.empty())
        md << "- File: `" << std::filesystem::path(file).filename().string() << "`\n";
    for (const char *role : {"train", "validation", "test"})
        if (const std::string f = str(data, role); !f.empty())
            md << "- " << role << " file: `" << std::filesystem::path(f).filename().string() << "`\n";
    md << "- Columns: text `" << str(data, "text_column") << "`";
    if (const std::string pair = str(data, "text_pair_column"); !pair.empty())
        md << ", second text `" << pair << "`";
    md << ", label `" << str(data, "label_column") << "`\n";
    md << "\n## Split\n\n";
    md << "- Rows: " << count(in.split, "train") << " training, " << count(in.split, "validation") << " validation, "
       << count(in.split, "test") << " test\n";
    if (data.contains("split") && data["split"].is_array() && file.size())
        md << "- Ratios " << data["split"].dump() << (data.value("stratify", false) ? ", stratified by label" : "")
           << ", seed " << str(c, "seed") << "\n";
    if (const std::string hash = str(in.split, "content_hash"); !hash.empty())
        md << "- Data content hash: `" << hash << "`\n";
    md << "\n## Settings\n\n| setting | value |\n|---|---|\n";
    for (const char *key : {"num_train_epochs", "max_steps", "learning_rate", "per_device_train_batch_size", "max_length",
                            "optim", "lr_scheduler_type", "warmup_ratio", "weight_decay", "gradient_accumulation_steps",
                            "label_smoothing_factor", "class_weights", "metric_for_best_model", "seed"})
        if (c.is_object() && c.contains(key) && !c[key].is_null())
            md << "| `" << key << "` | " << cell(str(c, key)) << " |\n";
    if (c.is_object() && c.contains("lora") && c["lora"].is_object() && c["lora"].value("enabled", false))
        md << "| LoRA | rank " << str(c["lora"], "r") << ", merged into the weights |\n";
    md << "\n## Metrics\n\n";
    if (in.summary.is_object()) {
        metricsSection(md, in.summary.value("validation", json()), "Validation", labels);
        metricsSection(md, in.summary.value("test", json()), "Test", labels);
        if (in.summary.contains("sanity") && in.summary["sanity"].is_object()) {
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
    md << "## How to load it\n\n";
    md << "```python\nfrom transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline\n\n"
          "model = AutoModelForSequenceClassification.from_pretrained(\"path/to/this/folder\")\n"
          "tokenizer = AutoTokenizer.from_pretrained(\"path/to/this/folder\")\n"
          "classify = pipeline(\"text-classification\", model=model, tokenizer=tokenizer)\n"
          "print(classify(\"your text here\"))\n```\n\n";
    md << "Or without Python:\n\n```sh\nhone-cli predict --model path/to/this/folder --input texts.txt --output predictions.csv\n```\n";
    return md.str();
}

} // namespace hone

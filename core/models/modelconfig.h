#pragma once
// ModelConfig: the hyperparameters of a BERT-family encoder, parsed from Hugging Face's config.json.
// One struct for every architecture (llama.cpp's hparams); each architecture's parser fills it
// from its own field names (BERT's hidden_size, DistilBERT's dim, ...). The raw JSON is kept so an
// export writes the source config back with only the classification fields changed.
// No LibTorch here: this part lives in hone_base.
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hone {

// Rotary position embeddings' rope_scaling (Hugging Face's ROPE_INIT_FUNCTIONS): "default" (none),
// "linear" (positions divided by factor) and "llama3" (long wavelengths stretched by factor,
// short ones kept, a smooth band between).
struct RopeScaling {
    std::string type = "default";
    double factor = 1.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int originalMaxPositions = 8192;
};

struct ModelConfig {
    std::string modelType;            // config.json's model_type: "bert", "xlm-roberta", ...
    int hiddenSize = 0;               // hidden_size (DistilBERT: dim)
    int numLayers = 0;                // num_hidden_layers (DistilBERT: n_layers)
    int numHeads = 0;                 // num_attention_heads (DistilBERT: n_heads)
    int intermediateSize = 0;         // intermediate_size (DistilBERT: hidden_dim)
    std::string hiddenAct = "gelu";   // hidden_act (DistilBERT: activation)
    int vocabSize = 0;
    int typeVocabSize = 0;            // 0: no token type embeddings (DistilBERT)
    int maxPositions = 0;             // max_position_embeddings
    double layerNormEps = 1e-12;
    double hiddenDropout = 0.1;       // hidden_dropout_prob (DistilBERT: dropout)
    double attentionDropout = 0.1;    // attention_probs_dropout_prob (DistilBERT: attention_dropout)
    double embeddingDropout = 0.1;    // GPT-2: embd_pdrop
    // classifier_dropout (BERT, RoBERTa; null = hiddenDropout), classifier_dropout_prob (ALBERT),
    // seq_classif_dropout (DistilBERT)
    std::optional<double> classifierDropout;
    double initializerRange = 0.02;
    int padTokenId = 0;
    std::string positionEmbeddingType = "absolute";

    // ALBERT: factorised embeddings and shared layer groups.
    int embeddingSize = 0;            // == hiddenSize for the others
    int numHiddenGroups = 1;
    int innerGroupNum = 1;

    // DistilBERT: fixed sinusoidal position embeddings (the checkpoint still stores them).
    bool sinusoidalPositions = false;

    // Decoders (Llama, Qwen2, GPT-2): causal language models.
    bool causal = false;              // a decoder: built as a causal LM, not an encoder
    int numKeyValueHeads = 0;         // num_key_value_heads (grouped-query attention); numHeads otherwise
    double ropeTheta = 10000.0;       // rope_theta (Llama, Qwen2)
    RopeScaling ropeScaling;
    bool tieWordEmbeddings = false;   // tie_word_embeddings: the LM head is the token embedding matrix
    bool attentionBias = false;       // attention_bias (Llama: q/k/v/o projections)
    bool qkvBias = false;             // Qwen2: biases on q/k/v only
    bool mlpBias = false;             // mlp_bias (Llama)
    int bosTokenId = -1;              // bos_token_id, -1 when absent
    std::vector<int> eosTokenIds;     // eos_token_id (an id or a list)

    // Classification.
    std::vector<std::string> labels;  // id2label in id order; empty when config.json has none
    int numLabels = 0;                // labels.size(), or num_labels when only that is given
    std::string problemType;          // problem_type, "" when absent
    std::vector<std::string> architectures;

    nlohmann::json raw;               // config.json as read
    std::string source;               // the file it came from, for error messages

    int headDim() const { return numHeads > 0 ? hiddenSize / numHeads : 0; }
    int kvHeads() const { return numKeyValueHeads > 0 ? numKeyValueHeads : numHeads; }
    double effectiveClassifierDropout() const { return classifierDropout.value_or(hiddenDropout); }

    // config.json for a sequence classifier: the raw source with architectures = [className],
    // id2label, label2id, num_labels, problem_type and the weights' dtype (float32) updated.
    nlohmann::json classifierJson(const std::string &className, const std::vector<std::string> &labelNames) const;
};

// Reads a field of config.json with type and range checks; every error names the file and the field.
class ConfigReader {
public:
    ConfigReader(const nlohmann::json &json, std::string source) : m_json(json), m_source(std::move(source)) {}

    Result<int> integer(const char *key, std::optional<int> fallback, int min = 0) const;
    Result<double> number(const char *key, std::optional<double> fallback, double min, double max) const;
    // null or absent -> nullopt
    Result<std::optional<double>> optionalNumber(const char *key, double min, double max) const;
    Result<std::string> string(const char *key, std::optional<std::string> fallback) const;
    Result<bool> boolean(const char *key, bool fallback) const;
    bool has(const char *key) const;

    Error error(const char *key, const std::string &what) const;
    const std::string &source() const { return m_source; }

private:
    const nlohmann::json &m_json;
    std::string m_source;
};

// The fields every architecture shares: id2label/label2id/num_labels, problem_type, architectures,
// pad_token_id default. Fills the classification part of config.
Result<void> parseCommonConfig(const ConfigReader &reader, ModelConfig &config);
// Decoders: bos_token_id, eos_token_id (an id or a list) and pad_token_id (absent or null: 0
// stands in; padding is never attended), each checked against the vocabulary.
Result<void> parseDecoderTokens(const ConfigReader &reader, ModelConfig &config);
// Checks cross-field consistency (hidden size divisible by heads, supported activation, ...).
Result<void> validateConfig(const ModelConfig &config);

// Activations Hone implements, by Hugging Face's ACT2FN names.
const std::vector<std::string> &supportedActivations();

// Reads and parses a JSON file; errors name the file.
Result<nlohmann::json> readJsonFile(const std::filesystem::path &path);

} // namespace hone

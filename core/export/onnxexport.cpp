#include "core/export/onnxexport.h"

#include "core/io/atomicfile.h"
#include "core/io/mappedfile.h"
#include "core/models/layers/transformerops.h"
#include "core/models/modelloader.h"
#include "core/version.h"

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace hone {
namespace fs = std::filesystem;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Protobuf cannot serialise a message of 2 GiB or more; leave room for the graph itself.
constexpr std::uint64_t kMaxWeightBytes = (std::uint64_t(2) << 30) - (std::uint64_t(64) << 20);

// A graph the builder cannot make (a weight the checkpoint lacks): caught in writeOnnxClassifier.
struct GraphError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Appends nodes and initializers to a GraphProto. Values get unique names from a counter, with the
// module they come from as a readable prefix; weights keep their Hugging Face names.
class GraphBuilder {
public:
    GraphBuilder(onnx::GraphProto &graph, std::map<std::string, torch::Tensor> weights)
        : m_graph(graph), m_weights(std::move(weights))
    {
    }

    std::string node(const std::string &op, const std::vector<std::string> &inputs, const std::string &scope,
                     const std::vector<onnx::AttributeProto> &attributes = {})
    {
        onnx::NodeProto *n = m_graph.add_node();
        n->set_op_type(op);
        const std::string output = scope + "/" + op + "_" + std::to_string(m_counter++);
        n->set_name(output);
        for (const auto &in : inputs)
            n->add_input(in);
        n->add_output(output);
        for (const auto &a : attributes)
            *n->add_attribute() = a;
        return output;
    }

    static onnx::AttributeProto intAttribute(const std::string &name, std::int64_t value)
    {
        onnx::AttributeProto a;
        a.set_name(name);
        a.set_type(onnx::AttributeProto::INT);
        a.set_i(value);
        return a;
    }
    static onnx::AttributeProto floatAttribute(const std::string &name, float value)
    {
        onnx::AttributeProto a;
        a.set_name(name);
        a.set_type(onnx::AttributeProto::FLOAT);
        a.set_f(value);
        return a;
    }
    static onnx::AttributeProto intsAttribute(const std::string &name, const std::vector<std::int64_t> &values)
    {
        onnx::AttributeProto a;
        a.set_name(name);
        a.set_type(onnx::AttributeProto::INTS);
        for (auto v : values)
            a.add_ints(v);
        return a;
    }

    // A weight by its Hugging Face name, added once (ALBERT's shared layers reuse it).
    std::string weight(const std::string &name) { return addTensor(name, lookup(name), ""); }
    // A Linear weight [out, in] stored transposed ([in, out]) so MatMul takes it as is.
    std::string transposedWeight(const std::string &name)
    {
        return addTensor(name, lookup(name).t().contiguous(), "stored transposed, [in, out], for MatMul");
    }
    // Row `row` of an embedding table (RoBERTa's single token type, added to every position).
    std::string weightRow(const std::string &name, std::int64_t row)
    {
        return addTensor(name + "[" + std::to_string(row) + "]", lookup(name)[row].contiguous(), "");
    }
    bool hasWeight(const std::string &name) const { return m_weights.count(name) > 0; }

    std::string floatScalar(float value) { return constant(torch::scalar_tensor(value, torch::kFloat), "float"); }
    std::string int64Scalar(std::int64_t value) { return constant(torch::scalar_tensor(value, torch::kLong), "int64"); }
    std::string int64Vector(const std::vector<std::int64_t> &values)
    {
        return constant(torch::tensor(values, torch::kLong), "int64s");
    }

    // Names value as the graph output `name` (an Identity node, so the value keeps its own name).
    void output(const std::string &value, const std::string &name)
    {
        onnx::NodeProto *n = m_graph.add_node();
        n->set_op_type("Identity");
        n->set_name(name);
        n->add_input(value);
        n->add_output(name);
    }

    // x W^T + b with the weight and bias of a Linear (or Projection) named prefix.
    std::string linear(const std::string &x, const std::string &prefix)
    {
        const std::string y = node("MatMul", {x, transposedWeight(prefix + ".weight")}, prefix);
        return node("Add", {y, weight(prefix + ".bias")}, prefix);
    }

    std::string layerNorm(const std::string &x, const std::string &prefix, double eps)
    {
        return node("LayerNormalization", {x, weight(prefix + ".weight"), weight(prefix + ".bias")}, prefix,
                    {intAttribute("axis", -1), floatAttribute("epsilon", static_cast<float>(eps))});
    }

    // transformerops.cpp's applyActivation, operator for operator.
    std::string activation(const std::string &x, Activation a, const std::string &scope)
    {
        switch (a) {
        case Activation::Gelu: { // 0.5 x (1 + erf(x / sqrt 2))
            const std::string e = node("Erf", {node("Div", {x, floatScalar(static_cast<float>(std::sqrt(2.0)))}, scope)}, scope);
            return node("Mul", {node("Mul", {x, floatScalar(0.5f)}, scope), node("Add", {e, floatScalar(1.0f)}, scope)}, scope);
        }
        case Activation::GeluTanh: { // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            const std::string cube = node("Mul", {node("Mul", {x, x}, scope), x}, scope);
            const std::string inner = node("Add", {x, node("Mul", {cube, floatScalar(0.044715f)}, scope)}, scope);
            const float k = static_cast<float>(std::sqrt(2.0 / kPi));
            const std::string t = node("Tanh", {node("Mul", {inner, floatScalar(k)}, scope)}, scope);
            return node("Mul", {node("Mul", {x, floatScalar(0.5f)}, scope), node("Add", {t, floatScalar(1.0f)}, scope)}, scope);
        }
        case Activation::QuickGelu:
            return node("Mul", {x, node("Sigmoid", {node("Mul", {x, floatScalar(1.702f)}, scope)}, scope)}, scope);
        case Activation::Relu: return node("Relu", {x}, scope);
        case Activation::Silu: return node("Mul", {x, node("Sigmoid", {x}, scope)}, scope);
        case Activation::Tanh: return node("Tanh", {x}, scope);
        }
        throw GraphError("unknown activation");
    }

    // multiHeadAttention: q, k, v [B, T, H] -> softmax(q k^T * scale + mask) v, heads merged.
    std::string attention(const std::string &q, const std::string &k, const std::string &v, const std::string &mask,
                          std::int64_t heads, std::int64_t hidden, const std::string &scope)
    {
        const std::int64_t headDim = hidden / heads;
        const std::string split = int64Vector({0, 0, heads, headDim}); // 0: keep batch and sequence
        auto heads4 = [&](const std::string &x, const std::vector<std::int64_t> &perm) {
            return node("Transpose", {node("Reshape", {x, split}, scope)}, scope, {intsAttribute("perm", perm)});
        };
        const std::string qh = heads4(q, {0, 2, 1, 3}); // [B, N, T, D]
        const std::string kt = heads4(k, {0, 2, 3, 1}); // [B, N, D, T]
        const std::string vh = heads4(v, {0, 2, 1, 3});
        const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(headDim)));
        const std::string scores = node("Mul", {node("MatMul", {qh, kt}, scope), floatScalar(scale)}, scope);
        const std::string probs = node("Softmax", {node("Add", {mask, scores}, scope)}, scope, {intAttribute("axis", -1)});
        const std::string context = node("Transpose", {node("MatMul", {probs, vh}, scope)}, scope,
                                         {intsAttribute("perm", {0, 2, 1, 3})});
        return node("Reshape", {context, int64Vector({0, 0, hidden})}, scope);
    }

    // hidden[:, 0]: the first token's state [B, H].
    std::string firstToken(const std::string &hidden, const std::string &scope)
    {
        return node("Gather", {hidden, int64Scalar(0)}, scope, {intAttribute("axis", 1)});
    }

    std::uint64_t weightBytes() const { return m_bytes; }

private:
    const torch::Tensor &lookup(const std::string &name) const
    {
        auto it = m_weights.find(name);
        if (it == m_weights.end())
            throw GraphError("the model has no tensor '" + name + "'");
        return it->second;
    }

    // Constants are shared: one initializer per distinct value.
    std::string constant(const torch::Tensor &value, const std::string &kind)
    {
        std::ostringstream key;
        key << kind << std::hexfloat;
        const torch::Tensor flat = value.reshape({-1});
        for (std::int64_t i = 0; i < flat.numel(); ++i) {
            if (value.scalar_type() == torch::kFloat)
                key << "_" << flat[i].item<float>();
            else
                key << "_" << flat[i].item<std::int64_t>();
        }
        auto [it, added] = m_constants.emplace(key.str(), "");
        if (added)
            it->second = addTensor("const_" + kind + "_" + std::to_string(m_counter++), value, "");
        return it->second;
    }

    std::string addTensor(const std::string &name, const torch::Tensor &value, const std::string &doc)
    {
        if (!m_added.insert(name).second)
            return name;
        const torch::Tensor t = value.contiguous();
        onnx::TensorProto *p = m_graph.add_initializer();
        p->set_name(name);
        if (!doc.empty())
            p->set_doc_string(doc);
        for (auto d : t.sizes())
            p->add_dims(d);
        if (t.scalar_type() == torch::kFloat) {
            p->set_data_type(onnx::TensorProto::FLOAT);
        } else if (t.scalar_type() == torch::kLong) {
            p->set_data_type(onnx::TensorProto::INT64);
        } else {
            throw GraphError("tensor '" + name + "' is neither float32 nor int64");
        }
        // raw_data is little-endian, as the CPUs Hone runs on.
        const std::size_t bytes = static_cast<std::size_t>(t.numel()) * t.element_size();
        p->set_raw_data(static_cast<const char *>(t.data_ptr()), bytes);
        m_bytes += bytes;
        if (m_bytes > kMaxWeightBytes)
            throw GraphError("the weights exceed 2 GB, ONNX's limit for a single file (Hone does not write "
                             "external data)");
        return name;
    }

    onnx::GraphProto &m_graph;
    std::map<std::string, torch::Tensor> m_weights;
    std::set<std::string> m_added;
    std::map<std::string, std::string> m_constants;
    std::uint64_t m_bytes = 0;
    int m_counter = 0;
};

void addGraphValue(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> *list, const std::string &name,
                   onnx::TensorProto::DataType type, const std::vector<std::string> &symbolic,
                   const std::vector<std::int64_t> &fixed = {})
{
    onnx::ValueInfoProto *v = list->Add();
    v->set_name(name);
    onnx::TypeProto_Tensor *t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    for (const auto &s : symbolic)
        t->mutable_shape()->add_dim()->set_dim_param(s);
    for (auto f : fixed)
        t->mutable_shape()->add_dim()->set_dim_value(f);
}

struct EncoderInputs {
    std::string ids, mask, types; // types empty when the model has one token type
};

// BertEmbeddings (BERT, RoBERTa/XLM-R, ALBERT) and DistilBertEmbeddings: word + position (+ token
// type) embeddings, LayerNorm.
std::string embeddings(GraphBuilder &g, const LoadedModel &m, const EncoderInputs &in, const std::string &prefix)
{
    const ModelConfig &c = m.config;
    const std::string scope = prefix + ".embeddings";
    std::string x = g.node("Gather", {g.weight(scope + ".word_embeddings.weight"), in.ids}, scope);
    std::string positions;
    if (m.architecture->positionsAfterPadding) {
        // create_position_ids_from_input_ids: cumsum(ids != pad) * (ids != pad) + pad.
        const std::string pad = g.int64Scalar(c.padTokenId);
        const std::string real =
            g.node("Cast", {g.node("Not", {g.node("Equal", {in.ids, pad}, scope)}, scope)}, scope,
                   {GraphBuilder::intAttribute("to", onnx::TensorProto::INT64)});
        const std::string counted = g.node("CumSum", {real, g.int64Scalar(1)}, scope);
        positions = g.node("Add", {g.node("Mul", {counted, real}, scope), pad}, scope); // [B, T]
    } else {
        // 0 .. T-1 for every row: Range over the sequence length, broadcast over the batch.
        const std::string length = g.node("Gather", {g.node("Shape", {in.ids}, scope), g.int64Scalar(1)}, scope);
        positions = g.node("Range", {g.int64Scalar(0), length, g.int64Scalar(1)}, scope); // [T]
    }
    x = g.node("Add", {x, g.node("Gather", {g.weight(scope + ".position_embeddings.weight"), positions}, scope)}, scope);
    const std::string typeTable = scope + ".token_type_embeddings.weight";
    if (!in.types.empty())
        x = g.node("Add", {x, g.node("Gather", {g.weight(typeTable), in.types}, scope)}, scope);
    else if (g.hasWeight(typeTable))
        x = g.node("Add", {x, g.weightRow(typeTable, 0)}, scope); // token type 0 everywhere
    const double eps = c.modelType == "distilbert" ? 1e-12 : c.layerNormEps; // hard-coded in modeling_distilbert
    return g.layerNorm(x, scope + ".LayerNorm", eps);
}

// BertLayer: attention.self.{query,key,value}, attention.output.{dense,LayerNorm},
// intermediate.dense, output.{dense,LayerNorm}.
std::string bertLayer(GraphBuilder &g, const ModelConfig &c, const std::string &x, const std::string &mask,
                      const std::string &p)
{
    const std::string q = g.linear(x, p + ".attention.self.query");
    const std::string k = g.linear(x, p + ".attention.self.key");
    const std::string v = g.linear(x, p + ".attention.self.value");
    const std::string context = g.attention(q, k, v, mask, c.numHeads, c.hiddenSize, p + ".attention.self");
    const std::string attended = g.layerNorm(g.node("Add", {g.linear(context, p + ".attention.output.dense"), x}, p),
                                             p + ".attention.output.LayerNorm", c.layerNormEps);
    const std::string inner =
        g.activation(g.linear(attended, p + ".intermediate.dense"), activationFromName(c.hiddenAct), p + ".intermediate");
    return g.layerNorm(g.node("Add", {g.linear(inner, p + ".output.dense"), attended}, p), p + ".output.LayerNorm",
                       c.layerNormEps);
}

// TransformerBlock: attention.{q,k,v,out}_lin, sa_layer_norm, ffn.lin1/lin2, output_layer_norm.
std::string distilBertLayer(GraphBuilder &g, const ModelConfig &c, const std::string &x, const std::string &mask,
                            const std::string &p)
{
    const std::string a = p + ".attention";
    const std::string context = g.attention(g.linear(x, a + ".q_lin"), g.linear(x, a + ".k_lin"),
                                            g.linear(x, a + ".v_lin"), mask, c.numHeads, c.hiddenSize, a);
    const std::string attended =
        g.layerNorm(g.node("Add", {g.linear(context, a + ".out_lin"), x}, p), p + ".sa_layer_norm", 1e-12);
    const std::string inner = g.activation(g.linear(attended, p + ".ffn.lin1"), activationFromName(c.hiddenAct), p + ".ffn");
    return g.layerNorm(g.node("Add", {g.linear(inner, p + ".ffn.lin2"), attended}, p), p + ".output_layer_norm", 1e-12);
}

// AlbertLayer: attention.{query,key,value,dense,LayerNorm}, ffn, ffn_output, full_layer_layer_norm.
std::string albertLayer(GraphBuilder &g, const ModelConfig &c, const std::string &x, const std::string &mask,
                        const std::string &p)
{
    const std::string a = p + ".attention";
    const std::string context = g.attention(g.linear(x, a + ".query"), g.linear(x, a + ".key"), g.linear(x, a + ".value"),
                                            mask, c.numHeads, c.hiddenSize, a);
    const std::string attended = g.layerNorm(g.node("Add", {x, g.linear(context, a + ".dense")}, a), a + ".LayerNorm",
                                             c.layerNormEps);
    const std::string inner = g.activation(g.linear(attended, p + ".ffn"), activationFromName(c.hiddenAct), p + ".ffn");
    return g.layerNorm(g.node("Add", {g.linear(inner, p + ".ffn_output"), attended}, p), p + ".full_layer_layer_norm",
                       c.layerNormEps);
}

// The whole network from the inputs to the logits.
std::string classifierGraph(GraphBuilder &g, const LoadedModel &m, const EncoderInputs &in)
{
    const ModelConfig &c = m.config;
    const std::string &type = m.architecture->name;
    const std::string prefix = m.architecture->basePrefix;

    // additiveAttentionMask: 0 where attended, float32's lowest where attention_mask is 0: [B, 1, 1, T].
    const std::string blocked = g.node("Equal", {in.mask, g.int64Scalar(0)}, "mask");
    const std::string additive =
        g.node("Where", {blocked, g.floatScalar(std::numeric_limits<float>::lowest()), g.floatScalar(0.0f)}, "mask");
    const std::string mask = g.node("Unsqueeze", {additive, g.int64Vector({1, 2})}, "mask");

    std::string hidden = embeddings(g, m, in, prefix);
    if (type == "distilbert") {
        for (int i = 0; i < c.numLayers; ++i)
            hidden = distilBertLayer(g, c, hidden, mask, prefix + ".transformer.layer." + std::to_string(i));
        const std::string pooled = g.node("Relu", {g.linear(g.firstToken(hidden, "head"), "pre_classifier")}, "head");
        return g.linear(pooled, "classifier");
    }
    if (type == "albert") {
        hidden = g.linear(hidden, prefix + ".encoder.embedding_hidden_mapping_in");
        for (int i = 0; i < c.numLayers; ++i) {
            // AlbertTransformerImpl::groupOfLayer: HF's int(i / (num_hidden_layers / num_hidden_groups)).
            const int group = static_cast<int>(static_cast<double>(i) /
                                               (static_cast<double>(c.numLayers) / static_cast<double>(c.numHiddenGroups)));
            for (int inner = 0; inner < c.innerGroupNum; ++inner)
                hidden = albertLayer(g, c, hidden, mask,
                                     prefix + ".encoder.albert_layer_groups." + std::to_string(group) + ".albert_layers." +
                                         std::to_string(inner));
        }
        const std::string pooled = g.node("Tanh", {g.linear(g.firstToken(hidden, "head"), prefix + ".pooler")}, "head");
        return g.linear(pooled, "classifier");
    }
    for (int i = 0; i < c.numLayers; ++i)
        hidden = bertLayer(g, c, hidden, mask, prefix + ".encoder.layer." + std::to_string(i));
    const std::string first = g.firstToken(hidden, "head");
    if (m.architecture->positionsAfterPadding) // RobertaClassificationHead
        return g.linear(g.node("Tanh", {g.linear(first, "classifier.dense")}, "head"), "classifier.out_proj");
    const std::string pooled = g.node("Tanh", {g.linear(first, prefix + ".pooler.dense")}, "head");
    return g.linear(pooled, "classifier");
}

std::string elementTypeName(std::int32_t type)
{
    switch (type) {
    case onnx::TensorProto::FLOAT: return "float32";
    case onnx::TensorProto::INT64: return "int64";
    case onnx::TensorProto::INT32: return "int32";
    case onnx::TensorProto::BOOL: return "bool";
    default: return "type " + std::to_string(type);
    }
}

std::vector<OnnxValueInfo> valueInfos(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> &list)
{
    std::vector<OnnxValueInfo> result;
    for (const auto &v : list) {
        OnnxValueInfo info;
        info.name = v.name();
        const auto &t = v.type().tensor_type();
        info.elementType = elementTypeName(t.elem_type());
        for (const auto &d : t.shape().dim())
            info.dims.push_back(d.has_dim_value() ? std::to_string(d.dim_value()) : d.dim_param().empty() ? "?" : d.dim_param());
        result.push_back(std::move(info));
    }
    return result;
}

} // namespace

Result<void> writeOnnxClassifier(LoadedModel &model, const std::vector<std::string> &labels, const fs::path &file)
{
    if (!model.architecture || !model.architecture->create || !model.model || !model.model->hasHead())
        return makeError(ErrorCode::Unsupported, file.string() + ": ONNX export takes an encoder classifier (BERT, "
                                                                 "RoBERTa, XLM-R, DistilBERT, ALBERT) with its head");
    const ModelConfig &c = model.config;
    if (c.positionEmbeddingType != "absolute")
        return makeError(ErrorCode::Unsupported, "ONNX export: position_embedding_type \"" + c.positionEmbeddingType +
                                                     "\" is not supported (only \"absolute\")");
    const int numLabels = model.model->numLabels();

    onnx::ModelProto proto;
    proto.set_ir_version(onnx::IR_VERSION);
    proto.set_producer_name("Hone");
    proto.set_producer_version(kHoneVersion);
    proto.set_doc_string(model.architecture->classifierClass + " exported by Hone");
    onnx::OperatorSetIdProto *opset = proto.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOnnxOpset);
    nlohmann::json id2label = nlohmann::json::object();
    for (std::size_t i = 0; i < labels.size(); ++i)
        id2label[std::to_string(i)] = labels[i];
    auto addMetadata = [&](const std::string &key, const std::string &value) {
        onnx::StringStringEntryProto *e = proto.add_metadata_props();
        e->set_key(key);
        e->set_value(value);
    };
    addMetadata("id2label", id2label.dump());
    addMetadata("model_type", c.modelType);
    addMetadata("pad_token_id", std::to_string(c.padTokenId));

    onnx::GraphProto &graph = *proto.mutable_graph();
    graph.set_name(model.architecture->classifierClass);
    EncoderInputs in;
    in.ids = "input_ids";
    in.mask = "attention_mask";
    addGraphValue(graph.mutable_input(), in.ids, onnx::TensorProto::INT64, {"batch", "sequence"});
    addGraphValue(graph.mutable_input(), in.mask, onnx::TensorProto::INT64, {"batch", "sequence"});
    // RoBERTa/XLM-R have one token type (its embedding is a constant), DistilBERT none.
    if (model.architecture->usesTokenTypeIds && c.typeVocabSize > 1) {
        in.types = "token_type_ids";
        addGraphValue(graph.mutable_input(), in.types, onnx::TensorProto::INT64, {"batch", "sequence"});
    }

    try {
        torch::NoGradGuard noGrad;
        std::map<std::string, torch::Tensor> weights;
        for (auto &[name, tensor] : model.model->exportTensors())
            weights.emplace(name, tensor);
        GraphBuilder builder(graph, std::move(weights));
        builder.output(classifierGraph(builder, model, in), "logits");
    } catch (const GraphError &e) {
        return makeError(ErrorCode::Unsupported, file.string() + ": " + e.what());
    } catch (const c10::Error &e) {
        return makeError(ErrorCode::Internal, file.string() + ": " + e.what_without_backtrace());
    }
    addGraphValue(graph.mutable_output(), "logits", onnx::TensorProto::FLOAT, {"batch"}, {numLabels});

    std::string bytes;
    if (!proto.SerializeToString(&bytes))
        return makeError(ErrorCode::Internal, file.string() + ": the ONNX model could not be serialised");
    return writeFileAtomically(file, bytes);
}

Result<OnnxModelSummary> checkOnnxModel(const fs::path &file)
{
    auto mapped = MappedFile::open(file);
    if (!mapped)
        return mapped.error();
    onnx::ModelProto proto;
    if (mapped->size() > static_cast<std::uint64_t>(std::numeric_limits<int>::max()) ||
        !proto.ParseFromArray(mapped->data(), static_cast<int>(mapped->size())))
        return makeError(ErrorCode::Format, file.string() + ": not an ONNX model (protobuf parse failed)");
    try {
        onnx::checker::check_model(proto);
        onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(),
                                           onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict=*/1));
    } catch (const std::exception &e) {
        return makeError(ErrorCode::Format, file.string() + ": the ONNX checker refuses it: " + e.what());
    }
    OnnxModelSummary s;
    s.irVersion = proto.ir_version();
    for (const auto &o : proto.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx")
            s.opset = o.version();
    s.inputs = valueInfos(proto.graph().input());
    s.outputs = valueInfos(proto.graph().output());
    s.nodes = static_cast<std::size_t>(proto.graph().node_size());
    s.initializers = static_cast<std::size_t>(proto.graph().initializer_size());
    for (const auto &t : proto.graph().initializer())
        s.weightBytes += t.raw_data().size();
    return s;
}

std::string describeOnnxModel(const OnnxModelSummary &s)
{
    auto describe = [](const std::vector<OnnxValueInfo> &list) {
        std::string out;
        for (const auto &v : list) {
            out += (out.empty() ? "" : ", ") + v.name + " " + v.elementType + " [";
            for (std::size_t i = 0; i < v.dims.size(); ++i)
                out += (i ? ", " : "") + v.dims[i];
            out += "]";
        }
        return out;
    };
    return "inputs " + describe(s.inputs) + "; output " + describe(s.outputs) + "; opset " + std::to_string(s.opset) +
           ", " + std::to_string(s.nodes) + " nodes, " + std::to_string(s.initializers) + " initializers";
}

Result<ExportReport> exportOnnxFolder(LoadedModel &model, const std::vector<std::string> &labels, std::int64_t step,
                                      const fs::path &outDir,
                                      const std::function<void(double, const std::string &)> &progress)
{
    auto report = [&](double f, const std::string &what) {
        if (progress)
            progress(f, what);
    };
    report(0.4, "writing " + (outDir / "model.onnx").string());
    const fs::path staging = outDir.string() + ".partial";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    if (ec)
        return makeError(ErrorCode::Io, staging.string() + ": cannot be created: " + ec.message());
    if (auto r = writeOnnxClassifier(model, labels, staging / "model.onnx"); !r)
        return r.error();
    const nlohmann::json config = model.config.classifierJson(model.architecture->classifierClass, labels);
    if (auto r = writeFileAtomically(staging / "config.json", config.dump(2) + "\n"); !r)
        return r.error();
    if (auto r = copyTokenizerFiles(model.directory, staging); !r)
        return r.error();

    report(0.7, "checking model.onnx with the ONNX checker");
    auto checked = checkOnnxModel(staging / "model.onnx");
    if (!checked)
        return checked.error();
    if (checked->outputs.size() != 1 || checked->outputs[0].name != "logits" ||
        checked->outputs[0].dims != std::vector<std::string>{"batch", std::to_string(model.model->numLabels())})
        return makeError(ErrorCode::Internal, (staging / "model.onnx").string() + ": the output is not logits [batch, " +
                                                  std::to_string(model.model->numLabels()) + "]: " +
                                                  describeOnnxModel(*checked));
    if (auto r = replaceDirectory(staging, outDir); !r)
        return r.error();
    ExportReport result;
    result.outDir = fs::absolute(outDir);
    result.step = step;
    result.verified = true;
    result.verifiedWith = "the ONNX checker with strict shape inference";
    report(1.0, "done");
    return result;
}

} // namespace hone

// GGUF reader and writer: dequantization of every supported type against the `gguf` package's
// own dequantization (goldens from tools/make_gguf_goldens.py), metadata of every type, the
// llama.cpp -> Hugging Face names and Q/K row order, writer round trip, and hostile files
// (every truncation, offsets past the end, absurd counts, unknown types) rejected with a message
// naming the field. smolLM2 (label model) reads the GGUF that scripts/setup.sh installs.
#include "core/io/gguf.h"
#include "core/util/paths.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

fs::path goldenDir() { return fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()) / "tests" / "goldens" / "gguf"; }

std::vector<std::byte> readBytes(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(s.size());
    std::memcpy(out.data(), s.data(), s.size());
    return out;
}

// A small valid file with metadata of every kind and two tensors, written by our writer.
fs::path writeSample(const fs::path &dir)
{
    static const std::vector<float> a = {1.f, -2.f, 3.5f, 0.25f, 5.f, 6.f};
    static std::vector<float> b(64);
    for (std::size_t k = 0; k < b.size(); ++k)
        b[k] = static_cast<float>(k) * 0.1f - 3.f;
    const fs::path path = dir / "sample.gguf";
    GgufValue nested;
    nested.type = GgufValueType::Array;
    nested.elementType = GgufValueType::Array;
    nested.array = {GgufValue::fromI32s({1, 2}), GgufValue::fromI32s({3})};
    GgufValue u8;
    u8.type = GgufValueType::U8;
    u8.u = 200;
    u8.i = 200;
    GgufValue i64;
    i64.type = GgufValueType::I64;
    i64.i = -1234567890123LL;
    GgufValue f64;
    f64.type = GgufValueType::F64;
    f64.f = 0.125;
    const auto r = writeGguf(path,
                             {{"general.architecture", GgufValue::fromString("llama")},
                              {"general.name", GgufValue::fromString("名前 🙂")},
                              {"test.u8", u8},
                              {"test.i64", i64},
                              {"test.f64", f64},
                              {"test.bool", GgufValue::fromBool(true)},
                              {"test.f32", GgufValue::fromF32(1.5f)},
                              {"test.u64", GgufValue::fromU64(1ull << 40)},
                              {"test.strings", GgufValue::fromStrings({"a", "", "ĠHello"})},
                              {"test.floats", GgufValue::fromF32s({0.5f, -1.f})},
                              {"test.nested", nested}},
                             {{"a", GgmlType::F32, {2, 3}, a.data()}, {"b", GgmlType::Q8_0, {2, 32}, b.data()}});
    if (!r)
        qFatal("%s", r.error().message.c_str());
    return path;
}

// The file tools/check_gguf_writer.py reads with the gguf package (tests/goldens/gguf/writer-sample.gguf):
// every writable tensor type and the metadata an export carries (tokenizer, chat template).
Result<void> writeWriterSample(const fs::path &path)
{
    static std::vector<float> w(2 * 64);
    for (std::size_t k = 0; k < w.size(); ++k) // exact in binary, so numpy computes the same floats
        w[k] = static_cast<float>(static_cast<int>((k * 37) % 101) - 50) / 8.f;
    return writeGguf(path,
                     {{"general.architecture", GgufValue::fromString("llama")},
                      {"general.name", GgufValue::fromString("writer sample")},
                      {"llama.block_count", GgufValue::fromU32(1)},
                      {"llama.rope.freq_base", GgufValue::fromF32(10000.f)},
                      {"tokenizer.ggml.model", GgufValue::fromString("gpt2")},
                      {"tokenizer.ggml.pre", GgufValue::fromString("smollm")},
                      {"tokenizer.ggml.tokens", GgufValue::fromStrings({"<|im_start|>", "a", "b", "ab", "\u00c4\u0142"})},
                      {"tokenizer.ggml.token_type", GgufValue::fromI32s({3, 1, 1, 1, 1})},
                      {"tokenizer.ggml.merges", GgufValue::fromStrings({"a b"})},
                      {"tokenizer.ggml.bos_token_id", GgufValue::fromU32(0)},
                      {"tokenizer.ggml.add_bos_token", GgufValue::fromBool(false)},
                      {"tokenizer.chat_template", GgufValue::fromString("{% for m in messages %}<|im_start|>{{ m['content'] }}\n{% endfor %}")}},
                     {{"f32", GgmlType::F32, {2, 64}, w.data()},
                      {"f16", GgmlType::F16, {2, 64}, w.data()},
                      {"bf16", GgmlType::BF16, {2, 64}, w.data()},
                      {"q8_0", GgmlType::Q8_0, {2, 64}, w.data()}});
}

void put64(std::vector<std::byte> &bytes, std::size_t at, std::uint64_t v) { std::memcpy(bytes.data() + at, &v, 8); }
void put32(std::vector<std::byte> &bytes, std::size_t at, std::uint32_t v) { std::memcpy(bytes.data() + at, &v, 4); }

// The last occurrence: tensor infos follow the metadata, which may hold the same bytes.
std::size_t findLast(const std::vector<std::byte> &bytes, const std::string &needle)
{
    const char *begin = reinterpret_cast<const char *>(bytes.data());
    const std::string_view hay(begin, bytes.size());
    return hay.rfind(needle);
}

} // namespace

class tst_Gguf : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goldens_data();
    void goldens();
    void metadataOfEveryType();
    void writerRoundTrip_data();
    void writerRoundTrip();
    void writerMatchesCheckedSample();
    void namesBothWays();
    void rotaryRowOrder();
    void everyTruncationIsAnError();
    void hostileHeaders_data();
    void hostileHeaders();
    void configStringNotUtf8();
    void smolLM2();
};

void tst_Gguf::goldens_data()
{
    QTest::addColumn<std::string>("type");
    for (const char *t : {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
        QTest::newRow(t) << std::string(t);
}

void tst_Gguf::goldens()
{
    // Each golden holds "q" (stored as the type) and "ref" (F32: the gguf package's dequantization).
    QFETCH(std::string, type);
    const fs::path path = goldenDir() / ("quant-" + type + ".gguf");
    auto file = GgufFile::open(path);
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->header().version, 3u);
    const GgufTensorInfo *q = file->header().tensor("q");
    QVERIFY(q);
    QCOMPARE(std::string(ggmlTypeName(q->type())), type);
    auto got = file->dequantize("q");
    auto ref = file->dequantize("ref");
    QVERIFY2(got.ok(), got.ok() ? "" : got.error().message.c_str());
    QVERIFY(ref.ok());
    QCOMPARE(got->shape, ref->shape);
    QCOMPARE(got->data.size(), ref->data.size());
    for (std::size_t k = 0; k < got->data.size(); ++k)
        if (got->data[k] != ref->data[k] && !(std::isnan(got->data[k]) && std::isnan(ref->data[k])))
            QFAIL(qPrintable(QStringLiteral("element %1: %2, gguf package: %3").arg(k).arg(got->data[k]).arg(ref->data[k])));
}

void tst_Gguf::metadataOfEveryType()
{
    QTemporaryDir dir;
    auto file = GgufFile::open(writeSample(dir.path().toStdString()));
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    const GgufHeader &h = file->header();
    QCOMPARE(h.keys.size(), std::size_t(11));
    QCOMPARE(h.keys.front(), std::string("general.architecture"));
    QCOMPARE(h.getString("general.name"), std::string("名前 🙂"));
    QCOMPARE(h.getInt("test.u8", 0), std::int64_t(200));
    QCOMPARE(h.getInt("test.i64", 0), -1234567890123LL);
    QCOMPARE(h.getFloat("test.f64", 0), 0.125);
    QCOMPARE(h.getFloat("test.f32", 0), 1.5);
    QCOMPARE(h.getInt("test.bool", 0), std::int64_t(1));
    QCOMPARE(h.getInt("test.u64", 0), std::int64_t(1) << 40);
    QCOMPARE(h.getInt("general.name", -7), std::int64_t(-7)); // wrong type: the fallback
    const auto *strings = h.getArray("test.strings");
    QVERIFY(strings);
    QCOMPARE(strings->size(), std::size_t(3));
    QCOMPARE(strings->at(2).s, std::string("ĠHello"));
    QCOMPARE(h.getArray("test.floats")->at(1).f, -1.0);
    const auto *nested = h.getArray("test.nested");
    QVERIFY(nested);
    QCOMPARE(nested->at(0).array.at(1).i, std::int64_t(2));
    QCOMPARE(nested->at(1).array.size(), std::size_t(1));
    QCOMPARE(h.parameterCount(), std::int64_t(6 + 64));
    QCOMPARE(h.dataOffset % 32, std::uint64_t(0));
}

void tst_Gguf::writerRoundTrip_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<double>("tolerance"); // relative to the largest magnitude
    QTest::newRow("F32") << int(GgmlType::F32) << 0.0;
    QTest::newRow("F16") << int(GgmlType::F16) << 1e-3;
    QTest::newRow("BF16") << int(GgmlType::BF16) << 8e-3;
    QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 1.0 / 127;
}

void tst_Gguf::writerRoundTrip()
{
    QFETCH(int, type);
    QFETCH(double, tolerance);
    std::vector<float> w(3 * 64);
    for (std::size_t k = 0; k < w.size(); ++k)
        w[k] = std::sin(static_cast<float>(k) * 0.7f) * 4.f;
    w[5] = 0.f;
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "rt.gguf";
    const auto r = writeGguf(path,
                             {{"general.architecture", GgufValue::fromString("llama")},
                              {"general.alignment", GgufValue::fromU32(64)},
                              {"tokenizer.chat_template", GgufValue::fromString("{{ bos_token }}{% for m in messages %}{% endfor %}")}},
                             {{"blk.0.attn_q.weight", static_cast<GgmlType>(type), {3, 64}, w.data()}});
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    auto file = GgufFile::open(path);
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->header().alignment, std::uint64_t(64));
    QCOMPARE(file->header().dataOffset % 64, std::uint64_t(0));
    QCOMPARE(file->header().getString("tokenizer.chat_template"), std::string("{{ bos_token }}{% for m in messages %}{% endfor %}"));
    auto back = file->dequantize("blk.0.attn_q.weight");
    QVERIFY(back.ok());
    QCOMPARE(back->shape, (std::vector<std::int64_t>{3, 64}));
    QCOMPARE(file->tensorInfos()[0].dims, (std::vector<std::uint64_t>{64, 3}));
    for (std::size_t k = 0; k < w.size(); ++k)
        QVERIFY2(std::fabs(back->data[k] - w[k]) <= tolerance * 4.0 + 1e-7,
                 qPrintable(QStringLiteral("element %1: wrote %2, read %3").arg(k).arg(w[k]).arg(back->data[k])));
    QCOMPARE(back->data[5], 0.f);
    // Q8_0 needs whole blocks along the innermost dimension.
    const auto bad = writeGguf(path, {}, {{"x", GgmlType::Q8_0, {64, 3}, w.data()}});
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("multiple of 32") != std::string::npos);
}

void tst_Gguf::writerMatchesCheckedSample()
{
    // The committed sample passed tools/check_gguf_writer.py (the gguf package reads it and finds
    // numpy's F16, BF16 and ggml's Q8_0 bytes); the writer must still produce it byte for byte.
    // HONE_UPDATE_GOLDENS=1 rewrites it (then run the script again).
    const fs::path golden = goldenDir() / "writer-sample.gguf";
    if (qEnvironmentVariableIsSet("HONE_UPDATE_GOLDENS"))
        QVERIFY(writeWriterSample(golden).ok());
    QTemporaryDir dir;
    const fs::path fresh = fs::path(dir.path().toStdString()) / "sample.gguf";
    QVERIFY(writeWriterSample(fresh).ok());
    QVERIFY2(fs::exists(golden), golden.c_str());
    QVERIFY(readBytes(fresh) == readBytes(golden));
}

void tst_Gguf::namesBothWays()
{
    struct Case {
        const char *arch, *gguf, *hf;
    };
    const Case cases[] = {
        {"llama", "token_embd.weight", "model.embed_tokens.weight"},
        {"llama", "blk.0.attn_q.weight", "model.layers.0.self_attn.q_proj.weight"},
        {"llama", "blk.29.attn_output.weight", "model.layers.29.self_attn.o_proj.weight"},
        {"llama", "blk.3.ffn_norm.weight", "model.layers.3.post_attention_layernorm.weight"},
        {"llama", "blk.3.ffn_gate.weight", "model.layers.3.mlp.gate_proj.weight"},
        {"llama", "output_norm.weight", "model.norm.weight"},
        {"llama", "output.weight", "lm_head.weight"},
        {"qwen2", "blk.1.attn_k.bias", "model.layers.1.self_attn.k_proj.bias"},
        {"gpt2", "position_embd.weight", "transformer.wpe.weight"},
        {"gpt2", "blk.11.attn_qkv.weight", "transformer.h.11.attn.c_attn.weight"},
        {"gpt2", "blk.0.ffn_up.bias", "transformer.h.0.mlp.c_fc.bias"},
    };
    for (const Case &c : cases) {
        QCOMPARE(hfTensorName(c.arch, c.gguf), std::string(c.hf));
        QCOMPARE(ggufTensorName(c.arch, c.hf), std::string(c.gguf));
    }
    QCOMPARE(hfTensorName("llama", "rope_freqs.weight"), std::string());
    QCOMPARE(hfTensorName("llama", "blk.x.attn_q.weight"), std::string());
    QCOMPARE(hfTensorName("mamba", "token_embd.weight"), std::string());
}

void tst_Gguf::rotaryRowOrder()
{
    // One head of 4 rows: llama.cpp stores HF rows 0,2,1,3 (the two rotary halves interleaved).
    std::vector<float> rows = {0, 0, 1, 1, 2, 2, 3, 3};
    permuteRotaryRows(rows, 4, 2, 1, true);
    QCOMPARE(rows, (std::vector<float>{0, 0, 2, 2, 1, 1, 3, 3}));
    permuteRotaryRows(rows, 4, 2, 1, false);
    QCOMPARE(rows, (std::vector<float>{0, 0, 1, 1, 2, 2, 3, 3}));
    // Two heads of 6: each head on its own.
    std::vector<float> two(12);
    for (int k = 0; k < 12; ++k)
        two[static_cast<std::size_t>(k)] = static_cast<float>(k);
    permuteRotaryRows(two, 12, 1, 2, true);
    QCOMPARE(two, (std::vector<float>{0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11}));
}

void tst_Gguf::everyTruncationIsAnError()
{
    QTemporaryDir dir;
    const std::vector<std::byte> bytes = readBytes(writeSample(dir.path().toStdString()));
    auto whole = GgufFile::fromBytes(bytes.data(), bytes.size(), "whole");
    QVERIFY(whole.ok());
    // Cuts inside the padding after the last tensor leave a complete file.
    std::uint64_t end = 0;
    for (const GgufTensorInfo &t : whole->tensorInfos())
        end = std::max(end, whole->header().dataOffset + t.offset + t.bytes);
    QVERIFY(end > bytes.size() - 32);
    for (std::size_t n = 0; n < end; ++n) {
        std::vector<std::byte> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        auto r = parseGgufHeader(prefix.data(), prefix.size(), "cut.gguf");
        if (r.ok())
            QFAIL(qPrintable(QStringLiteral("a file cut to %1 of %2 bytes parsed").arg(n).arg(bytes.size())));
        QVERIFY2(r.error().message.rfind("cut.gguf: GGUF ", 0) == 0, r.error().message.c_str());
    }
}

void tst_Gguf::hostileHeaders_data()
{
    QTest::addColumn<std::string>("patch");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("magic") << std::string("magic") << std::string("does not start with \"GGUF\"");
    QTest::newRow("version 1") << std::string("version1") << std::string("version 1 is not supported");
    QTest::newRow("absurd kv count") << std::string("kvcount") << std::string("metadata_kv_count");
    QTest::newRow("absurd tensor count") << std::string("tensorcount") << std::string("tensor_count");
    QTest::newRow("absurd string length") << std::string("strlen") << std::string("metadata entry 0 key length");
    QTest::newRow("absurd array count") << std::string("arraycount") << std::string("metadata \"test.strings\" count");
    QTest::newRow("unknown value type") << std::string("valuetype") << std::string("unknown value type");
    QTest::newRow("offset past end") << std::string("offset") << std::string("tensor \"b\" data");
    QTest::newRow("misaligned offset") << std::string("misaligned") << std::string("not a multiple of the alignment");
    QTest::newRow("unknown tensor type") << std::string("tensortype") << std::string("tensor \"b\" has the tensor type id 99 (unknown)");
    QTest::newRow("unsupported tensor type") << std::string("q2k") << std::string("Q2_K (10), which Hone cannot read");
    QTest::newRow("absurd dims") << std::string("dims") << std::string("tensor \"a\" dims[1]");
    QTest::newRow("zero dims") << std::string("ndims") << std::string("tensor \"a\" n_dims 0");
}

void tst_Gguf::hostileHeaders()
{
    QFETCH(std::string, patch);
    QFETCH(std::string, expected);
    QTemporaryDir dir;
    std::vector<std::byte> bytes = readBytes(writeSample(dir.path().toStdString()));
    // Tensor info layout: name (8 + len), n_dims u32, dims u64 x n, type u32, offset u64.
    const std::size_t infoA = findLast(bytes, std::string("\x01\0\0\0\0\0\0\0a", 9)) + 9;
    const std::size_t infoB = findLast(bytes, std::string("\x01\0\0\0\0\0\0\0b", 9)) + 9;
    const std::size_t strings = findLast(bytes, "test.strings") + 12;
    if (patch == "magic")
        bytes[0] = std::byte{'X'};
    else if (patch == "version1")
        put32(bytes, 4, 1);
    else if (patch == "kvcount")
        put64(bytes, 16, 1ull << 60);
    else if (patch == "tensorcount")
        put64(bytes, 8, 1ull << 50);
    else if (patch == "strlen")
        put64(bytes, 24, 1ull << 62);
    else if (patch == "arraycount")
        put64(bytes, strings + 8, 1ull << 40);
    else if (patch == "valuetype")
        put32(bytes, strings, 77);
    else if (patch == "offset")
        put64(bytes, infoB + 4 + 16 + 4, 1ull << 20);
    else if (patch == "misaligned")
        put64(bytes, infoB + 4 + 16 + 4, 3);
    else if (patch == "tensortype")
        put32(bytes, infoB + 4 + 16, 99);
    else if (patch == "q2k")
        put32(bytes, infoB + 4 + 16, 10);
    else if (patch == "dims")
        put64(bytes, infoA + 4 + 8, 1ull << 62);
    else if (patch == "ndims")
        put32(bytes, infoA, 0);
    auto r = parseGgufHeader(bytes.data(), bytes.size(), "bad.gguf");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find(expected) != std::string::npos, r.error().message.c_str());
    QVERIFY2(r.error().message.rfind("bad.gguf: ", 0) == 0, r.error().message.c_str());
}

// A metadata string that reaches config.json but is not UTF-8 (found by fuzz_gguf; the input is
// kept in tests/fuzz/corpus/gguf/): an error naming the file, not an exception out of dump().
void tst_Gguf::configStringNotUtf8()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "bad.gguf";
    static const std::vector<float> w(4, 1.f);
    QVERIFY(writeGguf(path,
                      {{"general.architecture", GgufValue::fromString("llama")},
                       {"llama.embedding_length", GgufValue::fromU32(2)},
                       {"llama.block_count", GgufValue::fromU32(1)},
                       {"llama.feed_forward_length", GgufValue::fromU32(4)},
                       {"llama.attention.head_count", GgufValue::fromU32(1)},
                       {"llama.context_length", GgufValue::fromU32(8)},
                       {"llama.rope.scaling.type", GgufValue::fromString("lin\xac" "ear")}},
                      {{"token_embd.weight", GgmlType::F32, {2, 2}, w.data()}})
                .ok());
    auto file = GgufFile::open(path);
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    const auto config = file->hfConfigJson();
    QVERIFY(!config.ok());
    QVERIFY2(config.error().message.find("bad.gguf") != std::string::npos, config.error().message.c_str());
    QVERIFY2(config.error().message.find("UTF-8") != std::string::npos, config.error().message.c_str());
}

void tst_Gguf::smolLM2()
{
    const fs::path path = dataDirectory() / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf";
    if (!fs::exists(path))
        QFAIL(qPrintable(QString::fromStdString(path.string() + " is missing: run scripts/setup.sh")));
    auto file = GgufFile::open(path);
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->architecture(), std::string("llama"));
    QCOMPARE(file->header().getInt("llama.block_count", 0), std::int64_t(30));
    const auto config = nlohmann::json::parse(file->hfConfigJson().value());
    QCOMPARE(config["hidden_size"].get<int>(), 576);
    QCOMPARE(config["num_attention_heads"].get<int>(), 9);
    QCOMPARE(config["num_key_value_heads"].get<int>(), 3);
    QCOMPARE(config["intermediate_size"].get<int>(), 1536);
    QCOMPARE(config["vocab_size"].get<int>(), 49152);
    QCOMPARE(config["tie_word_embeddings"].get<bool>(), true);
    QVERIFY(!file->header().getString("tokenizer.chat_template").empty());
    // Every tensor maps to a Hugging Face name (30 layers x 9 + embeddings + final norm).
    QCOMPARE(file->hfTensorNames().size(), file->tensorInfos().size());
    QCOMPARE(file->tensorInfos().size(), std::size_t(30 * 9 + 2));
    auto k = file->loadHf("model.layers.0.self_attn.k_proj.weight");
    QVERIFY2(k.ok(), k.ok() ? "" : k.error().message.c_str());
    QCOMPARE(k->shape, (std::vector<std::int64_t>{192, 576}));
    const fs::path refPath = goldenDir() / "smollm2-reference.json";
    std::ifstream in(refPath);
    QVERIFY2(in, refPath.c_str());
    const auto ref = nlohmann::json::parse(in);
    QCOMPARE(file->header().parameterCount(), ref["parameters"].get<std::int64_t>());
    for (const auto &[name, expect] : ref["tensors"].items()) {
        auto t = file->loadHf(name);
        QVERIFY2(t.ok(), name.c_str());
        QCOMPARE(t->shape, expect["shape"].get<std::vector<std::int64_t>>());
        const auto head = expect["head"].get<std::vector<float>>();
        for (std::size_t i = 0; i < head.size(); ++i)
            QVERIFY2(std::fabs(t->data[i] - head[i]) <= 1e-6f * std::max(1.f, std::fabs(head[i])),
                     qPrintable(QStringLiteral("%1[%2]: %3, transformers: %4").arg(QString::fromStdString(name)).arg(i).arg(t->data[i]).arg(head[i])));
        double sum = 0;
        for (float v : t->data)
            sum += v;
        QVERIFY2(std::fabs(sum - expect["sum"].get<double>()) <= 1e-3 * std::max(1.0, std::fabs(expect["sum"].get<double>())),
                 qPrintable(QStringLiteral("%1 sum %2, transformers %3").arg(QString::fromStdString(name)).arg(sum).arg(expect["sum"].get<double>())));
    }
}

QTEST_GUILESS_MAIN(tst_Gguf)
#include "tst_gguf.moc"

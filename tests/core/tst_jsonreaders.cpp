// Integers read from files a user or another program hands us: a float (2.5), a number no target
// type holds (1e300, a huge unsigned) or one out of the field's range is an error naming the file
// and the field, never a silent conversion (undefined behaviour for a double past int's range).
#include "core/data/datasplit.h"
#include "core/eval/comparison.h"
#include "core/io/jsoninteger.h"
#include "core/models/modelfamily.h"
#include "core/runs/runrecords.h"
#include "core/train/checkpoint.h"
#include "core/train/trainingoptions.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

void writeText(const fs::path &file, const std::string &text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

json bertConfig()
{
    return {{"model_type", "bert"},     {"hidden_size", 32},          {"num_hidden_layers", 2},
            {"num_attention_heads", 2}, {"intermediate_size", 64},    {"vocab_size", 100},
            {"max_position_embeddings", 64}};
}

json trainerState()
{
    return {{"step", 4}, {"epoch", 0.5}, {"sampler_epoch", 0}, {"sampler_batch", 4}, {"world_size", 1}};
}

} // namespace

class tst_JsonReaders : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exactIntegers();
    void errorsNameFileAndField();
    void modelConfig_data();
    void modelConfig();
    void trainerState_data();
    void trainerState();
    void splitManifest();
    void predictions_data();
    void predictions();
    void stepRecords();
    void trainingOptionSeed();
};

void tst_JsonReaders::exactIntegers()
{
    QCOMPARE(exactSignedInteger(json(7)).value(), std::int64_t(7));
    QCOMPARE(exactSignedInteger(json(-7)).value(), std::int64_t(-7));
    QCOMPARE(exactSignedInteger(json(768.0)).value(), std::int64_t(768)); // Python writers' floats
    QVERIFY(!exactSignedInteger(json(2.5)));
    QVERIFY(!exactSignedInteger(json(1e300)));
    QVERIFY(!exactSignedInteger(json(9223372036854775808.0))); // 2^63: one past int64
    QVERIFY(!exactSignedInteger(json(std::uint64_t(1) << 63)));
    QVERIFY(!exactSignedInteger(json("7")));
    QVERIFY(!exactSignedInteger(json(true)));
    QCOMPARE(exactUnsignedInteger(json(std::uint64_t(18446744073709551615ull))).value(), 18446744073709551615ull);
    QVERIFY(!exactUnsignedInteger(json(-1)));
    QVERIFY(!exactUnsignedInteger(json(18446744073709551616.0)));
    QCOMPARE(readInteger<int>(json(2147483647), "f", "x").value(), 2147483647);
    QVERIFY(!readInteger<int>(json(2147483648LL), "f", "x").ok()); // no silent wrap to a negative int
    QVERIFY(!readInteger<std::size_t>(json(-1), "f", "x").ok());
    QCOMPARE(readIntegerField<int>(json{{"x", nullptr}}, "x", "f", 5).value(), 5);
    QCOMPARE(readIntegerField<int>(json::object(), "x", "f", 5).value(), 5);
}

void tst_JsonReaders::errorsNameFileAndField()
{
    const auto fraction = readInteger<int>(json(2.5), "config.json", "num_hidden_layers", 1, 100);
    QVERIFY(!fraction.ok());
    QCOMPARE(fraction.error().message, std::string("config.json: field \"num_hidden_layers\" must be an integer, not 2.5"));
    const auto huge = readInteger<int>(json(1e300), "config.json", "num_hidden_layers", 1, 100);
    QVERIFY(!huge.ok());
    QCOMPARE(huge.error().message,
             std::string("config.json: field \"num_hidden_layers\" is 1e+300; expected an integer from 1 to 100"));
}

void tst_JsonReaders::modelConfig_data()
{
    QTest::addColumn<std::string>("config"); // JSON
    QTest::addColumn<std::string>("expected");
    json bert = bertConfig();
    bert["num_hidden_layers"] = 1e300;
    QTest::newRow("bert layers 1e300") << bert.dump()
                                       << std::string("field \"num_hidden_layers\" is 1e+300; expected an integer from 1 to 1000000000");
    bert = bertConfig();
    bert["num_hidden_layers"] = 2.5;
    QTest::newRow("bert layers 2.5") << bert.dump() << std::string("field \"num_hidden_layers\" must be an integer, not 2.5");
    bert = bertConfig();
    bert["vocab_size"] = std::uint64_t(18446744073709551615ull);
    QTest::newRow("bert vocab past int64") << bert.dump() << std::string("field \"vocab_size\" is 18446744073709551615");
    // 4 * n_embd (the default n_inner) overflowed int before it was checked.
    const json gpt2 = {{"model_type", "gpt2"}, {"n_embd", 600000000}, {"n_head", 1},       {"n_layer", 1},
                       {"vocab_size", 100},   {"n_positions", 64},    {"bos_token_id", 0}, {"eos_token_id", 0}};
    QTest::newRow("gpt2 default n_inner overflows") << gpt2.dump() << std::string("field \"n_embd\" is 600000000");
    // head_dim * num_attention_heads overflowed int before the comparison.
    const json llama = {{"model_type", "llama"},      {"hidden_size", 64}, {"num_hidden_layers", 1},
                        {"num_attention_heads", 4},   {"intermediate_size", 128},
                        {"vocab_size", 100},          {"head_dim", 1000000000}};
    QTest::newRow("llama head_dim overflows") << llama.dump() << std::string("field \"head_dim\" is 1000000000");
    json eos = llama;
    eos.erase("head_dim");
    eos["eos_token_id"] = json::array({2, 1e300});
    QTest::newRow("llama eos 1e300") << eos.dump() << std::string("field \"eos_token_id\" must be a token id");
}

void tst_JsonReaders::modelConfig()
{
    QFETCH(std::string, config);
    QFETCH(std::string, expected);
    const auto parsed = parseModelConfig(json::parse(config), "config.json");
    QVERIFY(!parsed.ok());
    const std::string &message = parsed.error().message;
    QVERIFY2(contains(message, "config.json: ") && contains(message, expected), message.c_str());
}

void tst_JsonReaders::trainerState_data()
{
    QTest::addColumn<std::string>("field");
    QTest::addColumn<std::string>("value"); // JSON
    QTest::addColumn<std::string>("expected");
    QTest::newRow("fractional step") << std::string("step") << std::string("2.5")
                                     << std::string("field \"step\" must be an integer, not 2.5");
    QTest::newRow("huge sampler_batch") << std::string("sampler_batch") << std::string("1e300")
                                        << std::string("field \"sampler_batch\" is 1e+300");
    QTest::newRow("negative sampler_epoch") << std::string("sampler_epoch") << std::string("-1")
                                            << std::string("field \"sampler_epoch\" is -1");
    QTest::newRow("world_size past int") << std::string("world_size") << std::string("4294967297")
                                         << std::string("field \"world_size\" is 4294967297");
    QTest::newRow("missing step") << std::string("step") << std::string() << std::string("field \"step\" is missing");
    QTest::newRow("text evaluation_seconds") << std::string("evaluation_seconds") << std::string("\"12\"")
                                             << std::string("field \"evaluation_seconds\" must be a number, not \"12\"");
}

void tst_JsonReaders::trainerState()
{
    QFETCH(std::string, field);
    QFETCH(std::string, value);
    QFETCH(std::string, expected);
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    json state = ::trainerState();
    writeText(dir / "trainer_state.json", state.dump());
    QVERIFY(readTrainerState(dir).ok());
    if (value.empty())
        state.erase(field);
    else
        state[field] = json::parse(value);
    writeText(dir / "trainer_state.json", state.dump());
    const auto read = readTrainerState(dir);
    QVERIFY(!read.ok());
    QVERIFY2(contains(read.error().message, "trainer_state.json: " + expected), read.error().message.c_str());
}

void tst_JsonReaders::splitManifest()
{
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "split.json";
    SplitManifest m;
    m.method = "ratios";
    m.ratios = {0.5, 0.5, 0};
    m.labels = {"a", "b"};
    m.rows = 4;
    m.contentHash = "0";
    m.splits.train = {0, 1};
    m.splits.validation = {2, 3};
    QVERIFY(saveSplitManifest(m, file).ok());
    QVERIFY(loadSplitManifest(file).ok());
    std::ifstream in(file);
    json j = json::parse(in);
    for (const auto &[where, value, expected] :
         std::vector<std::tuple<std::string, json, std::string>>{{"rows", 1e300, "field \"rows\" is 1e+300"},
                                                                 {"seed", -1, "field \"seed\" is -1"},
                                                                 {"version", 1.5, "field \"version\" must be an integer"},
                                                                 {"index", 2.5, "field \"splits.train\" must be an integer"},
                                                                 // found by fuzz_runfolder: a number threw past the reader
                                                                 {"format", 1e300, "not a Hone split manifest"}}) {
        json bad = j;
        if (where == "index")
            bad["splits"]["train"][0] = value;
        else
            bad[where] = value;
        writeText(file, bad.dump());
        const auto read = loadSplitManifest(file);
        QVERIFY2(!read.ok(), where.c_str());
        QVERIFY2(contains(read.error().message, file.string() + ": " + expected), read.error().message.c_str());
    }
}

void tst_JsonReaders::predictions_data()
{
    QTest::addColumn<std::string>("line");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("fractional row") << std::string(R"({"row": 2.5, "truth": 0, "predicted": 1})")
                                    << std::string("field \"row\" must be an integer, not 2.5");
    QTest::newRow("negative row") << std::string(R"({"row": -3, "truth": 0, "predicted": 1})")
                                  << std::string("field \"row\" is -3");
    QTest::newRow("truth past int") << std::string(R"({"row": 0, "truth": 4294967296, "predicted": 1})")
                                    << std::string("field \"truth\" is 4294967296");
    QTest::newRow("probability 1e300") << std::string(R"({"row": 0, "truth": 0, "predicted": 1, "probabilities": [1e300, 0]})")
                                       << std::string("field \"probabilities\" must be an array of numbers from 0 to 1");
}

void tst_JsonReaders::predictions()
{
    QFETCH(std::string, line);
    QFETCH(std::string, expected);
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / "validation.jsonl";
    // The bad line is not the last: a torn last line of a file being written is left out.
    writeText(file, R"({"row": 0, "truth": 0, "predicted": 0, "probabilities": [0.75, 0.25]})" "\n" + line + "\n"
                    R"({"row": 1, "truth": 1, "predicted": 1})" "\n");
    const auto records = readPredictionFile(file);
    QVERIFY(!records.ok());
    QVERIFY2(contains(records.error().message, file.string() + ":2: " + expected), records.error().message.c_str());
    // Compare reads the same file through the same reader.
    const auto scored = readPredictions(file);
    QVERIFY(!scored.ok());
    QCOMPARE(scored.error().message, records.error().message);
}

void tst_JsonReaders::stepRecords()
{
    const auto fractional = parseStepRecord(json{{"kind", "step"}, {"step", 2.5}, {"loss", 1.0}});
    QVERIFY(!fractional.ok());
    QVERIFY2(contains(fractional.error().message, "field \"step\" must be an integer, not 2.5"),
             fractional.error().message.c_str());
    QVERIFY(!parseEvalRecord(json{{"kind", "eval"}, {"step", 1e300}, {"loss", 1.0}}).ok());
    QCOMPARE(parseStepRecord(json{{"kind", "step"}, {"step", 3.0}, {"loss", 1.0}}).value().step, std::int64_t(3));
    // state.json's world_size past int reads as one process, not a wrapped count.
    const json state = {{"state", "running"}, {"world_size", 4294967298LL}};
    QCOMPARE(state.get<RunStateRecord>().worldSize, 1);
}

void tst_JsonReaders::trainingOptionSeed()
{
    const TrainingOption *seed = findTrainingOption("seed");
    QVERIFY(seed);
    QVERIFY(checkOptionValue(*seed, json(std::uint64_t(18446744073709551615ull))).ok());
    QVERIFY(checkOptionValue(*seed, json(1e19)).ok());
    // 2^64 as a float equals the range's upper bound in double but no uint64 holds it.
    const auto past = checkOptionValue(*seed, json(18446744073709551616.0));
    QVERIFY(!past.ok());
    QVERIFY2(contains(past.error().message, "out of range"), past.error().message.c_str());
    QVERIFY(!checkOptionValue(*seed, json(2.5)).ok());
}

QTEST_GUILESS_MAIN(tst_JsonReaders)
#include "tst_jsonreaders.moc"

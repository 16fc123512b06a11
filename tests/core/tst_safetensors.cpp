// safetensors reader/writer: round trip, and every malformed header gives a named, precise error.
#include "core/io/safetensors.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <unistd.h>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

// A file with the given header text and data bytes; lengthOverride replaces the stored length.
void writeRaw(const fs::path &path, const std::string &header, std::size_t dataBytes, long long lengthOverride = -1)
{
    std::ofstream out(path, std::ios::binary);
    const std::uint64_t length = lengthOverride >= 0 ? static_cast<std::uint64_t>(lengthOverride) : header.size();
    for (int i = 0; i < 8; ++i)
        out.put(static_cast<char>((length >> (8 * i)) & 0xff));
    out << header;
    out << std::string(dataBytes, '\0');
}

} // namespace

class tst_Safetensors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void headerOnlyMatchesMapped();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void rejectsTinyFiles();
    void refusesPickle();
    void findsShards();
    void reportsMissingShard();
};

void tst_Safetensors::roundTrip()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "model.safetensors";
    const std::vector<float> a = {1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
    const std::vector<std::uint16_t> b = {0x3f80, 0x4000}; // bf16 1.0, 2.0
    const std::vector<std::int64_t> c = {7, -8, 9};
    QVERIFY(writeSafetensors(path,
                             {{"encoder.a", DType::F32, {2, 3}, a.data(), a.size() * 4},
                              {"b", DType::BF16, {2}, b.data(), b.size() * 2},
                              {"ids", DType::I64, {3}, c.data(), c.size() * 8}},
                             {{"format", "pt"}})
                .ok());
    auto file = SafetensorsFile::open(path);
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->tensors().size(), std::size_t(3));
    QCOMPARE(file->header().metadata.at("format"), std::string("pt"));
    QCOMPARE(file->header().dataOffset % 8, std::uint64_t(0));
    const TensorInfo *t = file->find("encoder.a");
    QVERIFY(t);
    QCOMPARE(t->shape, (std::vector<std::int64_t>{2, 3}));
    QCOMPARE(std::memcmp(file->data(*t), a.data(), 24), 0);
    const TensorInfo *ids = file->find("ids");
    QCOMPARE(ids->dtype, DType::I64);
    QCOMPARE(std::memcmp(file->data(*ids), c.data(), 24), 0);
    QCOMPARE(file->header().parameterCount(), std::int64_t(11));
    QVERIFY(!fs::exists(path.string() + ".tmp." + std::to_string(::getpid())));
}

void tst_Safetensors::headerOnlyMatchesMapped()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "x.safetensors";
    const std::vector<float> w(100, 0.5f);
    QVERIFY(writeSafetensors(path, {{"w", DType::F32, {10, 10}, w.data(), 400}}).ok());
    auto header = readSafetensorsHeader(path);
    QVERIFY(header.ok());
    QCOMPARE(header->parameterCount(), std::int64_t(100));
}

void tst_Safetensors::rejectsMalformed_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<long long>("lengthOverride");
    QTest::addColumn<QString>("expected");
    QTest::newRow("length beyond file") << QStringLiteral("{}") << 0 << 4096LL << QStringLiteral("larger than the file");
    QTest::newRow("absurd length") << QStringLiteral("{}") << 0 << (1LL << 40) << QStringLiteral("100 MB limit");
    QTest::newRow("not json") << QStringLiteral("{\"a\": [1,") << 0 << -1LL << QStringLiteral("not valid JSON");
    QTest::newRow("not an object") << QStringLiteral("[1,2]") << 0 << -1LL << QStringLiteral("not a JSON object");
    QTest::newRow("unknown dtype")
        << QStringLiteral(R"({"w":{"dtype":"F8_E9","shape":[2],"data_offsets":[0,2]}})") << 2 << -1LL
        << QStringLiteral("tensor 'w' has unknown dtype");
    QTest::newRow("size mismatch")
        << QStringLiteral(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})") << 20 << -1LL
        << QStringLiteral("spans 20 bytes");
    QTest::newRow("offsets outside data")
        << QStringLiteral(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})") << 8 << -1LL
        << QStringLiteral("outside the data section");
    QTest::newRow("reversed offsets")
        << QStringLiteral(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})") << 8 << -1LL
        << QStringLiteral("outside the data section");
    QTest::newRow("overlap")
        << QStringLiteral(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})")
        << 12 << -1LL << QStringLiteral("overlap");
    QTest::newRow("negative dim")
        << QStringLiteral(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})") << 4 << -1LL
        << QStringLiteral("invalid dimension");
    QTest::newRow("missing fields") << QStringLiteral(R"({"w":{"dtype":"F32"}})") << 0 << -1LL
                                    << QStringLiteral("lacks dtype, shape or data_offsets");
    QTest::newRow("bad metadata") << QStringLiteral(R"({"__metadata__":{"k":1}})") << 0 << -1LL
                                  << QStringLiteral("__metadata__.k is not a string");
    QTest::newRow("huge shape")
        << QStringLiteral(R"({"w":{"dtype":"F32","shape":[1000000000,1000000000],"data_offsets":[0,4]}})") << 4
        << -1LL << QStringLiteral("impossibly large");
}

void tst_Safetensors::rejectsMalformed()
{
    QFETCH(QString, header);
    QFETCH(int, dataBytes);
    QFETCH(long long, lengthOverride);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "bad.safetensors";
    writeRaw(path, header.toStdString(), static_cast<std::size_t>(dataBytes), lengthOverride);
    for (bool mapped : {true, false}) {
        const Error error = mapped ? SafetensorsFile::open(path).error() : readSafetensorsHeader(path).error();
        const QString message = QString::fromStdString(error.message);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("bad.safetensors")), qPrintable(message));
    }
}

void tst_Safetensors::rejectsTinyFiles()
{
    QTemporaryDir dir;
    const fs::path path = fs::path(dir.path().toStdString()) / "tiny.safetensors";
    std::ofstream(path, std::ios::binary) << "abc";
    auto r = SafetensorsFile::open(path);
    QVERIFY(!r.ok());
    QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("shorter than the 8-byte")));
    auto missing = SafetensorsFile::open(fs::path(dir.path().toStdString()) / "nope.safetensors");
    QCOMPARE(missing.error().code, ErrorCode::Io);
}

void tst_Safetensors::refusesPickle()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    std::ofstream(root / "pytorch_model.bin") << "\x80\x02pickle";
    auto r = findSafetensorsFiles(root);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("safe_serialization=True")));
}

void tst_Safetensors::findsShards()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    const float v = 1.f;
    QVERIFY(writeSafetensors(root / "model-00001-of-00002.safetensors", {{"a", DType::F32, {1}, &v, 4}}).ok());
    QVERIFY(writeSafetensors(root / "model-00002-of-00002.safetensors", {{"b", DType::F32, {1}, &v, 4}}).ok());
    std::ofstream(root / "model.safetensors.index.json")
        << R"({"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})";
    auto files = findSafetensorsFiles(root);
    QVERIFY(files.ok());
    QCOMPARE(files->size(), std::size_t(2));
}

void tst_Safetensors::reportsMissingShard()
{
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    std::ofstream(root / "model.safetensors.index.json") << R"({"weight_map":{"a":"model-00001-of-00002.safetensors"}})";
    auto files = findSafetensorsFiles(root);
    QVERIFY(!files.ok());
    QVERIFY(QString::fromStdString(files.error().message).contains(QStringLiteral("model-00001-of-00002.safetensors' is missing")));
}

QTEST_GUILESS_MAIN(tst_Safetensors)
#include "tst_safetensors.moc"

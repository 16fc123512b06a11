// LibTorch and SentencePiece in one process. Linked together directly they crash before main()
// (two protobufs); through the dlopen'ed wrapper they must coexist. This test links LibTorch
// (via hone_core), runs a real GEMM, then trains, loads and uses a SentencePiece model.
#include "core/system/systemreport.h"
#include "core/text/sentencepiecelibrary.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hone;
namespace fs = std::filesystem;

class tst_TorchWithSentencePiece : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void torchRuns();
    void trainLoadEncodeDecode();
    void reportsBadModelFile();
};

void tst_TorchWithSentencePiece::torchRuns()
{
    const GemmBenchmark g = measureGemm(1);
    QVERIFY(g.gflops > 0.1);
}

void tst_TorchWithSentencePiece::trainLoadEncodeDecode()
{
#ifdef HONE_SANITIZE
    QSKIP("AddressSanitizer refuses RTLD_DEEPBIND, without which LibTorch's protobuf and SentencePiece's clash; "
          "the sanitizer build tests SentencePiece in tst_core_tokenizer (no LibTorch) and this in release builds");
#endif
    QTemporaryDir dir;
    const fs::path root(dir.path().toStdString());
    {
        std::ofstream corpus(root / "corpus.txt");
        const char *words[] = {"the", "model", "learns", "quickly", "from", "labelled", "text", "hone", "tokens", "pieces"};
        for (int i = 0; i < 400; ++i)
            corpus << words[i % 10] << ' ' << words[(i * 7) % 10] << ' ' << words[(i * 3 + 1) % 10] << " data" << i % 37 << "\n";
    }
    auto trained = trainSentencePiece("--input=" + (root / "corpus.txt").string() + " --model_prefix=" +
                                      (root / "m").string() + " --vocab_size=36 --model_type=unigram --minloglevel=2");
    QVERIFY2(trained.ok(), trained.ok() ? "" : trained.error().message.c_str());

    auto model = SentencePieceModel::open(root / "m.model");
    QVERIFY2(model.ok(), model.ok() ? "" : model.error().message.c_str());
    QCOMPARE(model->vocabSize(), 36);
    QCOMPARE(model->idToPiece(0), std::string("<unk>"));
    QCOMPARE(model->pieceKind(0), 2);

    const std::string text = "the model learns";
    const auto pieces = model->encode(text);
    QVERIFY(!pieces.empty());
    std::vector<int> ids;
    for (const auto &p : pieces) {
        QVERIFY(p.id > 0 && p.id < 36);
        QVERIFY(p.begin <= p.end && p.end <= text.size());
        ids.push_back(p.id);
    }
    QCOMPARE(pieces.back().end, unsigned(text.size()));
    QCOMPARE(model->decode(ids), text);

    // And LibTorch still works afterwards in the same process.
    QVERIFY(measureGemm(1).gflops > 0.1);
}

void tst_TorchWithSentencePiece::reportsBadModelFile()
{
#ifdef HONE_SANITIZE
    QSKIP("see trainLoadEncodeDecode");
#endif
    QTemporaryDir dir;
    const fs::path bad = fs::path(dir.path().toStdString()) / "bad.model";
    std::ofstream(bad) << "this is not a protobuf";
    auto model = SentencePieceModel::open(bad);
    QVERIFY(!model.ok());
    QVERIFY(QString::fromStdString(model.error().message).contains(QStringLiteral("bad.model")));
}

QTEST_GUILESS_MAIN(tst_TorchWithSentencePiece)
#include "tst_torchwithsentencepiece.moc"

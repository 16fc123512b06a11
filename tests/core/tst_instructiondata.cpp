// Instruction data: the Alpaca demo sets in ../shared/data/sft, ShareGPT and OpenAI records, JSON
// and JSONL, plain text; bad records named by file, line/record and field; token ids with the
// assistant-only mask under a real chat template (the trained tokens decode to exactly the
// answers plus the template's end-of-turn text), truncation and the length report.
#include "core/data/instructiondata.h"
#include "core/text/tokenizer.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace hone;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)

namespace {

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path sourceDir() { return fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()); }

} // namespace

class tst_InstructionData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void alpacaDemoSets();
    void formats();
    void badInput_data();
    void badInput();
    void assistantMask();
    void lossOnAllAndTruncation();
    void plainText();
    void chineseExportsDecode();
    void report();

private:
    std::shared_ptr<const Tokenizer> m_tok;
    std::optional<ChatTemplate> m_smol;
};

void tst_InstructionData::initTestCase()
{
    auto tok = loadTokenizer(fs::path(hone::test::dataPath(QStringLiteral("tokenizers")).toStdString()) / "smollm-bpe-json");
    QVERIFY2(tok.ok(), tok.ok() ? "" : tok.error().message.c_str());
    m_tok = *tok;
    auto t = ChatTemplate::parse(readFile(sourceDir() / "tests" / "data" / "chat_templates" / "smollm2.jinja"), "smollm2.jinja");
    QVERIFY(t.ok());
    m_smol = *t;
}

void tst_InstructionData::alpacaDemoSets()
{
    auto en = readInstructionData(hone::test::sharedDataPath("sft/alpaca_en_demo.json"));
    QVERIFY2(en.ok(), en.ok() ? "" : en.error().message.c_str());
    QCOMPARE(en->format, InstructionFormat::Alpaca);
    QCOMPARE(en->size(), std::size_t(999));
    auto zh = readInstructionData(hone::test::sharedDataPath("sft/alpaca_zh_demo.json"));
    QVERIFY2(zh.ok(), zh.ok() ? "" : zh.error().message.c_str());
    QCOMPARE(zh->size(), std::size_t(1000));
    // Record 2 has an input: the prompt is instruction, newline, input.
    const Conversation &c = zh->conversations[1];
    QCOMPARE(c.size(), std::size_t(2));
    QCOMPARE(c[0].role, std::string("user"));
    QCOMPARE(c[0].content, std::string("输入三支篮球队的名称并生成一个适当的口号。\n输入：俄克拉荷马城雷霆队，芝加哥公牛队，布鲁克林网队。"));
    QCOMPARE(c[1].role, std::string("assistant"));
    QVERIFY(zh->origins[1].find("record 2") != std::string::npos);
}

void tst_InstructionData::formats()
{
    auto alpaca = parseInstructionData(
        R"({"instruction": "Translate", "input": "chat", "output": "cat", "system": "Be exact.", "history": [["hi", "hello"]]})",
        "a.jsonl");
    QVERIFY2(alpaca.ok(), alpaca.ok() ? "" : alpaca.error().message.c_str());
    const Conversation &a = alpaca->conversations[0];
    QCOMPARE(a.size(), std::size_t(5));
    QCOMPARE(a[0].role, std::string("system"));
    QCOMPARE(a[1].content, std::string("hi"));
    QCOMPARE(a[2].content, std::string("hello"));
    QCOMPARE(a[3].content, std::string("Translate\nchat"));
    QCOMPARE(a[4].content, std::string("cat"));

    auto share = parseInstructionData("{\"conversations\": [{\"from\": \"human\", \"value\": \"1+1?\"}, {\"from\": \"gpt\", \"value\": \"2\"}], "
                                      "\"system\": \"math\"}\n\n{\"conversations\": [{\"from\": \"human\", \"value\": \"x\"}, "
                                      "{\"from\": \"gpt\", \"value\": \"y\"}]}\n",
                                      "s.jsonl");
    QVERIFY2(share.ok(), share.ok() ? "" : share.error().message.c_str());
    QCOMPARE(share->format, InstructionFormat::ShareGpt);
    QCOMPARE(share->size(), std::size_t(2));
    QCOMPARE(share->conversations[0][0].role, std::string("system"));
    QCOMPARE(share->conversations[0][2].role, std::string("assistant"));
    QCOMPARE(share->origins[1], std::string("s.jsonl: line 3"));

    auto openai = parseInstructionData(R"([{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"},
                                                         {"role": "assistant", "content": "a"}]}])",
                                       "o.json");
    QVERIFY2(openai.ok(), openai.ok() ? "" : openai.error().message.c_str());
    QCOMPARE(openai->format, InstructionFormat::OpenAi);
    QCOMPARE(openai->conversations[0].size(), std::size_t(3));

    auto texts = parseInstructionData("{\"text\": \"one\"}\n{\"text\": \"two\"}\n", "t.jsonl");
    QVERIFY(texts.ok());
    QCOMPARE(texts->format, InstructionFormat::PlainText);
    QCOMPARE(texts->texts, (std::vector<std::string>{"one", "two"}));
}

void tst_InstructionData::badInput_data()
{
    QTest::addColumn<std::string>("bytes");
    QTest::addColumn<std::string>("format");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("no assistant turn")
        << std::string("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}\n"
                       "{\"messages\": [{\"role\": \"user\", \"content\": \"only a question\"}]}\n")
        << std::string("auto") << std::string("d.jsonl: line 2: the conversation has no assistant turn");
    QTest::newRow("empty output") << std::string(R"([{"instruction": "a", "output": "b"}, {"instruction": "x", "input": "", "output": ""}])")
                                  << std::string("auto") << std::string("d.jsonl: record 2: field \"output\" is empty");
    QTest::newRow("wrong field names") << std::string(R"({"prompt": "a", "response": "b"})") << std::string("auto")
                                       << std::string("d.jsonl: line 1: not instruction data: expected Alpaca (instruction, input, output)");
    QTest::newRow("wrong field names, alpaca forced") << std::string(R"({"instruction": "a", "response": "b"})") << std::string("alpaca")
                                                      << std::string("d.jsonl: line 1: no \"output\" field (fields present: instruction, response)");
    QTest::newRow("unknown role") << std::string(R"({"conversations": [{"from": "bot", "value": "b"}]})") << std::string("auto")
                                  << std::string("d.jsonl: line 1: conversations[0]: unknown from \"bot\"");
    QTest::newRow("missing value") << std::string(R"({"conversations": [{"from": "gpt", "text": "b"}]})") << std::string("auto")
                                   << std::string("d.jsonl: line 1: conversations[0]: no \"value\" field");
    QTest::newRow("not JSON") << std::string("{\"instruction\": \"a\", \"output\": \"b\"}\n{broken\n") << std::string("auto")
                              << std::string("d.jsonl:2: not valid JSON");
    QTest::newRow("number instead of text") << std::string(R"({"instruction": 5, "output": "b"})") << std::string("auto")
                                            << std::string("field \"instruction\" must be a string");
    QTest::newRow("empty assistant turn") << std::string(R"({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": ""}]})")
                                          << std::string("auto") << std::string("assistant turn 2 is empty");
    QTest::newRow("empty file") << std::string("  \n") << std::string("auto") << std::string("d.jsonl: the file is empty");
}

void tst_InstructionData::badInput()
{
    QFETCH(std::string, bytes);
    QFETCH(std::string, format);
    QFETCH(std::string, expected);
    auto r = parseInstructionData(bytes, "d.jsonl", parseInstructionFormat(format).value());
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find(expected) != std::string::npos, r.error().message.c_str());
}

void tst_InstructionData::assistantMask()
{
    const Conversation c = {{"system", "Be brief."}, {"user", "What is 2+2?"}, {"assistant", "4, 当然 😀"},
                            {"user", "And 3+3?"}, {"assistant", "6"}};
    ChatRenderOptions render;
    render.bosToken = "<|im_start|>";
    render.eosToken = "<|im_end|>";
    auto s = encodeConversation(*m_tok, *m_smol, render, c, {});
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    QCOMPARE(s->ids.size(), s->trained.size());
    QVERIFY(!s->truncated);
    // The ids are those of the rendered text; the trained ones are the answers and their end of turn.
    const std::string full = m_smol->render(c, render).value();
    std::vector<int> ids;
    std::vector<std::pair<int, int>> offsets;
    m_tok->tokenize(full, ids, offsets);
    QCOMPARE(s->ids, ids);
    std::vector<int> trained, runs;
    std::string spans;
    for (std::size_t k = 0; k < ids.size(); ++k) {
        if (s->trained[k])
            trained.push_back(ids[k]);
        if (s->trained[k] && (k == 0 || !s->trained[k - 1]))
            spans += "|";
    }
    QCOMPARE(spans, std::string("||")); // two separate trained runs
    QCOMPARE(m_tok->decode(trained, false), std::string("4, 当然 😀<|im_end|>\n6<|im_end|>\n"));
}

void tst_InstructionData::lossOnAllAndTruncation()
{
    const Conversation c = {{"user", "A long question with many words in it"}, {"assistant", "A long answer too"}};
    ChatRenderOptions render;
    SftEncodeOptions all;
    all.lossOn = LossOn::All;
    auto s = encodeConversation(*m_tok, *m_smol, render, c, all);
    QVERIFY(s.ok());
    QCOMPARE(s->trainedCount(), static_cast<int>(s->ids.size()));
    SftEncodeOptions shortOpt;
    shortOpt.maxLength = 10;
    auto t = encodeConversation(*m_tok, *m_smol, render, c, shortOpt);
    QVERIFY(t.ok());
    QVERIFY(t->truncated);
    QCOMPARE(t->ids.size(), std::size_t(10));
    QVERIFY(t->fullLength > 10);
    QCOMPARE(t->trainedCount(), 0); // the answer starts after the first 10 tokens
}

void tst_InstructionData::plainText()
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "corpus.txt";
    std::ofstream(file) << "first line of text\n\n   \nsecond 第二行\r\n";
    auto d = readInstructionData(file);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QCOMPARE(d->format, InstructionFormat::PlainText);
    QCOMPARE(d->texts, (std::vector<std::string>{"first line of text", "second 第二行"}));
    QCOMPARE(d->origins[1], file.string() + ":4");
    QVERIFY(looksLikeInstructionData(file));
    const SftSample s = encodePlainText(*m_tok, d->texts[0], {});
    QCOMPARE(s.ids.back(), m_tok->specialTokens().eos);
    QCOMPARE(s.trainedCount(), static_cast<int>(s.ids.size()));
}

// Instruction files saved by Chinese Windows tools are GBK: decoded (auto-detected, or as the
// config's data.encoding says), never a JSON error about invalid UTF-8.
void tst_InstructionData::chineseExportsDecode()
{
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "alpaca_gbk.json";
    const std::string gbk = "[{\"instruction\": \"\xc7\xeb\xb0\xd1\xd5\xe2\xbe\xe4\xbb\xb0\xb7\xad\xd2\xeb\xb3\xc9\xd3\xa2\xce\xc4\", \"input\": \"\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7\", \"output\": \"Hello world\"}]";
    std::ofstream(file, std::ios::binary) << gbk;
    for (TextEncoding encoding : {TextEncoding::Auto, TextEncoding::Gbk}) {
        auto d = readInstructionData(file, InstructionFormat::Auto, encoding);
        QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
        QCOMPARE(d->format, InstructionFormat::Alpaca);
        QCOMPARE(d->conversations.at(0).at(0).content, std::string("请把这句话翻译成英文\n你好世界"));
    }
    // Read as UTF-8 it is refused with the file, line and byte named.
    auto wrong = readInstructionData(file, InstructionFormat::Auto, TextEncoding::Utf8);
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message.find("alpaca_gbk.json") != std::string::npos, wrong.error().message.c_str());
}

void tst_InstructionData::report()
{
    auto zh = readInstructionData(hone::test::sharedDataPath("sft/alpaca_zh_demo.json"));
    QVERIFY(zh.ok());
    SftEncodeOptions o;
    o.maxLength = 256;
    const SftDataReport r = makeSftDataReport(*zh, *m_tok, &*m_smol, {}, o);
    QCOMPARE(r.samples, std::size_t(1000));
    QVERIFY(r.problems.empty());
    QVERIFY(r.truncated > 0 && r.truncated < r.samples);
    QVERIFY(r.minTokens <= r.medianTokens && r.medianTokens <= r.p95Tokens && r.p95Tokens <= r.maxTokens);
    QVERIFY(r.maxTokens > 256);
    QVERIFY(r.trainedTokens > 0 && r.trainedTokens < r.totalTokens);
    const std::string text = formatSftDataReport(r);
    QVERIFY2(text.find("samples: 1000") != std::string::npos, text.c_str());
    QVERIFY2(text.find("longer than --max-length 256: ") != std::string::npos, text.c_str());
    qInfo("%s", text.c_str());
}

QTEST_GUILESS_MAIN(tst_InstructionData)
#include "tst_instructiondata.moc"

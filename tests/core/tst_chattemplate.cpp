// Chat templates against transformers: every golden written by tools/make_chat_template_goldens.py
// (SmolLM2, Qwen2.5 with tools, Llama 3, Gemma, ChatML and Hone's feature template; Chinese,
// emoji, multi-turn, system prompts, add_generation_prompt) renders to the same string, and the
// cases where jinja2 raised fail here with the template's own message. Broken templates give
// errors that name the line and column.
#include "core/text/chattemplate.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace hone;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

Q_DECLARE_METATYPE(std::string)

namespace {

fs::path sourceDir() { return fs::path(qEnvironmentVariable("HONE_SOURCE_DIR").toStdString()); }

std::string readFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

class tst_ChatTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goldens_data();
    void goldens();
    void errorsNameLineAndColumn_data();
    void errorsNameLineAndColumn();
    void integerEdgesAreDefined();
    void conversationApi();
    void findsTemplates();
    void builtins();
};

void tst_ChatTemplate::goldens_data()
{
    QTest::addColumn<std::string>("templateName");
    QTest::addColumn<int>("index");
    for (const char *name : {"smollm2", "qwen2.5", "llama3", "gemma", "chatml", "features"}) {
        std::ifstream in(sourceDir() / "tests" / "goldens" / "chat_templates" / (std::string(name) + ".jsonl"));
        std::string line;
        int index = 0;
        std::getline(in, line);
        while (std::getline(in, line)) {
            QTest::newRow((std::string(name) + " " + std::to_string(index)).c_str()) << std::string(name) << index;
            ++index;
        }
    }
}

void tst_ChatTemplate::goldens()
{
    QFETCH(std::string, templateName);
    QFETCH(int, index);
    std::ifstream in(sourceDir() / "tests" / "goldens" / "chat_templates" / (templateName + ".jsonl"));
    std::string line;
    std::getline(in, line);
    const json header = json::parse(line);
    for (int k = 0; k <= index; ++k)
        std::getline(in, line);
    const json c = json::parse(line);
    const fs::path file = sourceDir() / "tests" / "data" / "chat_templates" / (templateName + ".jinja");
    auto tmpl = ChatTemplate::parse(readFile(file), file.filename().string());
    QVERIFY2(tmpl.ok(), tmpl.ok() ? "" : tmpl.error().message.c_str());
    json context = c["extra"];
    context["messages"] = c["messages"];
    context["add_generation_prompt"] = c["add_generation_prompt"];
    context["eos_token"] = header["eos_token"];
    if (!header["bos_token"].get<std::string>().empty())
        context["bos_token"] = header["bos_token"];
    if (!context.contains("tools"))
        context["tools"] = nullptr;
    auto rendered = tmpl->render(context);
    if (c.contains("error")) {
        QVERIFY2(!rendered.ok(), ("rendered although jinja2 raised: " + c["error"].get<std::string>()).c_str());
        const std::string expected = c["error"];
        QVERIFY2(rendered.error().message.find(expected) != std::string::npos,
                 (rendered.error().message + " / jinja2: " + expected).c_str());
        QVERIFY2(rendered.error().message.rfind(file.filename().string() + ":1:", 0) == 0 || templateName == "features",
                 rendered.error().message.c_str());
        return;
    }
    QVERIFY2(rendered.ok(), rendered.ok() ? "" : rendered.error().message.c_str());
    const std::string expected = c["rendered"];
    if (*rendered != expected) {
        std::size_t at = 0;
        while (at < rendered->size() && at < expected.size() && (*rendered)[at] == expected[at])
            ++at;
        const std::size_t from = at > 40 ? at - 40 : 0;
        QFAIL(("differs at byte " + std::to_string(at) + ":\n  Hone: " + json(rendered->substr(from, 120)).dump()
               + "\n  transformers: " + json(expected.substr(from, 120)).dump()).c_str());
    }
}

void tst_ChatTemplate::errorsNameLineAndColumn_data()
{
    QTest::addColumn<std::string>("source");
    QTest::addColumn<std::string>("expected");
    QTest::newRow("missing endfor") << std::string("line one\n{% for m in messages %}{{ m }}") << std::string("t.jinja:2:");
    QTest::newRow("missing endfor says so") << std::string("{% for m in messages %}") << std::string("missing {% endfor %}");
    QTest::newRow("unclosed output") << std::string("ok\n  {{ messages[0] ") << std::string("t.jinja:2:3: unclosed {{");
    QTest::newRow("bad expression") << std::string("{{ 1 + }}") << std::string("t.jinja:1:8: expected an expression, found '}}'");
    QTest::newRow("unknown tag") << std::string("\n\n{% frobnicate %}") << std::string("t.jinja:3:1: unknown or misplaced tag {% frobnicate %}");
    QTest::newRow("stray endif") << std::string("{% endif %}") << std::string("unknown or misplaced tag {% endif %}");
    QTest::newRow("unterminated string") << std::string("{{ 'abc }}") << std::string("t.jinja:1:4: unterminated string");
    QTest::newRow("unknown filter") << std::string("a\nb {{ messages | frob }}") << std::string("t.jinja:2:15: unknown filter 'frob'");
    QTest::newRow("undefined attribute") << std::string("{{ nothing.here }}") << std::string("t.jinja:1:11: 'nothing' is undefined");
    QTest::newRow("raise_exception") << std::string("{{ raise_exception('no system role') }}")
                                     << std::string("t.jinja:1:19: the template raised an error: no system role");
    QTest::newRow("not a namespace") << std::string("{% set x = 1 %}{% set x.y = 2 %}") << std::string("not a namespace()");
    QTest::newRow("type error") << std::string("{{ 'a' + 1 }}") << std::string("unsupported operand types for +: string and int");
    // Signed overflow was undefined behaviour (UBSan under fuzz_chattemplate); Python's ints would grow.
    QTest::newRow("int64 * overflow") << std::string("{{ 9223372036854775807 * 2 }}") << std::string("integer overflow in '*' (beyond 64 bits)");
    QTest::newRow("int64 + overflow") << std::string("{{ 9223372036854775807 + 1 }}") << std::string("integer overflow in '+'");
    QTest::newRow("int64 - overflow") << std::string("{{ -9223372036854775807 - 2 }}") << std::string("integer overflow in '-'");
    QTest::newRow("int64 negation") << std::string("{{ -(-9223372036854775807 - 1) }}") << std::string("integer overflow in '-'");
    QTest::newRow("int64 // -1") << std::string("{{ (-9223372036854775807 - 1) // -1 }}") << std::string("integer overflow in '//'");
    QTest::newRow("int64 ** overflow") << std::string("{{ 2 ** 70 }}") << std::string("integer overflow in '**'");
    // Stack overflows found by fuzz_chattemplate: recursion is bounded and reported.
    QTest::newRow("recursive macro") << std::string("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}")
                                     << std::string("nested more than 300 levels deep (a macro calling itself");
    QTest::newRow("deep brackets") << std::string("{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}")
                                   << std::string("t.jinja:1:");
    QTest::newRow("deep blocks") << [] {
        std::string s;
        for (int k = 0; k < 2000; ++k)
            s += "{% if true %}";
        return s;
    }() << std::string("nested more than 300 levels deep");
    QTest::newRow("long chain") << std::string("{{ 1" + [] {
        std::string s;
        for (int k = 0; k < 5000; ++k)
            s += "+1";
        return s;
    }() + " }}") << std::string("nested more than 300 levels deep");
    // Templates ship inside model files: what a hostile one builds or loops over is bounded.
    QTest::newRow("append, as transformers' sandbox") << std::string("{% set a = [] %}{{ a.append(a) }}")
                                                      << std::string("access to attribute 'append' of 'list' object is unsafe");
    QTest::newRow("namespace holding itself") << std::string("{% set ns = namespace(a=1) %}{% set ns.a = [ns] %}{{ ns }}")
                                              << std::string("t.jinja:1:30: a namespace cannot contain itself");
    QTest::newRow("namespace holding a function") << std::string("{% set ns = namespace(a=1) %}{% set ns.a = {}.items %}")
                                                  << std::string("cannot hold a function");
    QTest::newRow("endless loop") << std::string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
                                  << std::string("steps of work (an endless loop?)");
    QTest::newRow("long list") << std::string("{{ (range(60000)|list + range(60000)|list)|length }}")
                                   << std::string("list longer than 100000 items");
    QTest::newRow("range beyond the sandbox's") << std::string("{{ range(100001)|length }}") << std::string("range() too large");
    QTest::newRow("huge repetition") << std::string("{{ 'ab' * 9000000000 }}") << std::string("t.jinja:1:9: text longer than 16 MiB");
    QTest::newRow("huge indent") << std::string("{{ 'a\nb'|indent(99999999999) }}") << std::string("text longer than 16 MiB");
    QTest::newRow("huge replace") << std::string("{% set ns = namespace(s='aa') %}{% for i in range(60) %}{% set ns.s = ns.s|replace('a', ns.s) %}{% endfor %}")
                                  << std::string("text longer than 16 MiB");
    QTest::newRow("int64 abs") << std::string("{{ (-9223372036854775807 - 1)|abs }}") << std::string("integer overflow in 'abs'");
}

void tst_ChatTemplate::errorsNameLineAndColumn()
{
    QFETCH(std::string, source);
    QFETCH(std::string, expected);
    auto tmpl = ChatTemplate::parse(source, "t.jinja");
    std::string message;
    if (!tmpl.ok()) {
        message = tmpl.error().message;
    } else {
        auto r = tmpl->render(json{{"messages", json::array({"x"})}});
        QVERIFY2(!r.ok(), ("rendered: " + (r.ok() ? *r : std::string())).c_str());
        message = r.error().message;
    }
    QVERIFY2(message.find(expected) != std::string::npos, message.c_str());
    QVERIFY2(message.rfind("t.jinja:", 0) == 0, message.c_str());
}

// Inputs that were undefined behaviour under UBSan (fuzz_chattemplate): they now render as Python does,
// or saturate where Python's int would grow past 64 bits.
void tst_ChatTemplate::integerEdgesAreDefined()
{
    const auto render = [](const std::string &source) {
        auto tmpl = ChatTemplate::parse(source, "t.jinja");
        if (!tmpl.ok())
            return tmpl.error().message;
        auto r = tmpl->render(json{{"messages", json::array()}});
        return r.ok() ? *r : r.error().message;
    };
    QCOMPARE(render("{{ (-9223372036854775807 - 1) % -1 }}"), std::string("0"));
    QCOMPARE(render("{{ -7 // 2 }} {{ 7 // -2 }} {{ 9007199254740993 // 1 }}"), std::string("-4 -4 9007199254740993"));
    QCOMPARE(render("{{ range(9223372036854775800, 9223372036854775807, 100)|length }}"), std::string("1"));
    QCOMPARE(render("{{ 'abc'[1::9223372036854775807] }}"), std::string("b"));
    QCOMPARE(render("{{ 1e300|int }} {{ -1e300|int }}"), std::string("9223372036854775807 -9223372036854775808"));
    QCOMPARE(render("{{ 'abc'[1e300:] }}|{{ range(1e300 * 0)|length }}"), std::string("|0"));
}

void tst_ChatTemplate::conversationApi()
{
    auto tmpl = ChatTemplate::parse(builtinChatTemplate("chatml").value(), "chatml");
    QVERIFY(tmpl.ok());
    ChatRenderOptions options;
    options.addGenerationPrompt = true;
    auto r = tmpl->render(Conversation{{"system", "Be brief."}, {"user", "你好 😀"}}, options);
    QVERIFY(r.ok());
    QCOMPARE(*r, std::string("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n你好 😀<|im_end|>\n<|im_start|>assistant\n"));
}

void tst_ChatTemplate::findsTemplates()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    // tokenizer_config.json: a string, or a list where "default" wins; chat_template.jinja beats both.
    fs::create_directories(root / "a");
    std::ofstream(root / "a" / "tokenizer_config.json") << R"({"chat_template": "{{ bos_token }}x", "bos_token": {"content": "<s>"}, "eos_token": "</s>"})";
    auto a = findChatTemplate(root / "a");
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    QCOMPARE(a->text, std::string("{{ bos_token }}x"));
    QCOMPARE(a->bosToken, std::string("<s>"));
    QCOMPARE(a->eosToken, std::string("</s>"));
    fs::create_directories(root / "b");
    std::ofstream(root / "b" / "tokenizer_config.json")
        << R"({"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]})";
    QCOMPARE(findChatTemplate(root / "b")->text, std::string("D"));
    std::ofstream(root / "b" / "chat_template.jinja") << "J";
    QCOMPARE(findChatTemplate(root / "b")->text, std::string("J"));
    fs::create_directories(root / "c");
    std::ofstream(root / "c" / "tokenizer_config.json") << R"({"eos_token": "</s>"})";
    auto c = findChatTemplate(root / "c");
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, ErrorCode::NotFound);
    QVERIFY2(c.error().message.find("has no chat template; choose one of the built-in templates (chatml") != std::string::npos,
             c.error().message.c_str());
}

void tst_ChatTemplate::builtins()
{
    for (const std::string &name : builtinChatTemplateNames()) {
        auto t = ChatTemplate::parse(builtinChatTemplate(name).value(), name);
        QVERIFY2(t.ok(), name.c_str());
        ChatRenderOptions o;
        o.bosToken = "<bos>";
        o.eosToken = "<eos>";
        auto r = t->render(Conversation{{"user", "hi"}, {"assistant", "hello"}}, o);
        QVERIFY2(r.ok(), name.c_str());
        QVERIFY2(r->find("hello") != std::string::npos && r->find("hi") != std::string::npos, name.c_str());
    }
    QVERIFY(!builtinChatTemplate("nope").ok());
}

QTEST_GUILESS_MAIN(tst_ChatTemplate)
#include "tst_chattemplate.moc"

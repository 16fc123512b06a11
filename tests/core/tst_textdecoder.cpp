// Text decoding: BOMs, UTF-16, GB18030/GBK, Latin-1, detection, and errors that name the line.
#include "core/data/textdecoder.h"

#include "testsupport.h"

#include <QTest>

using namespace hone;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(hone::TextEncoding)

namespace {

const std::string kZh = "text,label\n这家酒店很好，服务周到,正面\n房间太小了，而且很吵,负面\n早餐不错，位置方便,正面\n再也不来了,负面\n";

std::filesystem::path fixture(const char *name)
{
    return hone::test::dataPath(QStringLiteral("datasets/") + QString::fromUtf8(name)).toStdString();
}

} // namespace

class tst_TextDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesFixtures_data();
    void decodesFixtures();
    void gb18030FourByteForm();
    void mixedEncodingNamesTheLine();
    void explicitUtf8NamesLineAndByte();
    void wrongExplicitEncodingFails();
    void latin1MapsEveryByte();
    void utf16WithoutBom();
    void rejectsNulBytesAndBrokenUtf16();
    void strictUtf8Validation_data();
    void strictUtf8Validation();
    void parsesEncodingNames();
    void missingFileIsNamed();
};

void tst_TextDecoder::decodesFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<TextEncoding>("requested");
    QTest::addColumn<TextEncoding>("expected");
    QTest::addColumn<bool>("bom");
    QTest::newRow("utf-8 auto") << "zh_utf8.csv" << TextEncoding::Auto << TextEncoding::Utf8 << false;
    QTest::newRow("utf-16le BOM auto") << "utf16le.csv" << TextEncoding::Auto << TextEncoding::Utf16LE << true;
    QTest::newRow("utf-16be BOM auto") << "utf16be.csv" << TextEncoding::Auto << TextEncoding::Utf16BE << true;
    QTest::newRow("utf-16 explicit, BOM decides") << "utf16be.csv" << TextEncoding::Utf16 << TextEncoding::Utf16BE << true;
    QTest::newRow("gbk auto -> gb18030") << "gbk.csv" << TextEncoding::Auto << TextEncoding::Gb18030 << false;
    QTest::newRow("gbk explicit") << "gbk.csv" << TextEncoding::Gbk << TextEncoding::Gbk << false;
    QTest::newRow("gb18030 explicit") << "gbk.csv" << TextEncoding::Gb18030 << TextEncoding::Gb18030 << false;
}

void tst_TextDecoder::decodesFixtures()
{
    QFETCH(QString, file);
    QFETCH(TextEncoding, requested);
    QFETCH(TextEncoding, expected);
    QFETCH(bool, bom);
    auto d = readTextFile(fixture(file.toUtf8().constData()), requested);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QCOMPARE(d->text, kZh);
    QCOMPARE(d->encoding, expected);
    QCOMPARE(d->hadBom, bom);
}

void tst_TextDecoder::gb18030FourByteForm()
{
    // U+20000 exists only in GB18030's four-byte form; auto-detection must decode it.
    auto d = readTextFile(fixture("gb18030.csv"));
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    QCOMPARE(d->encoding, TextEncoding::Gb18030);
    QCOMPARE(d->text, kZh + "生僻字\xF0\xA0\x80\x80测试,正面\n");
    // GBK has no such character: an error naming line 6.
    auto gbk = readTextFile(fixture("gb18030.csv"), TextEncoding::Gbk);
    QVERIFY(!gbk.ok());
    QVERIFY2(gbk.error().message.find("line 6, byte 7") != std::string::npos, gbk.error().message.c_str());
    QVERIFY(gbk.error().message.find("gb18030.csv") != std::string::npos);
}

void tst_TextDecoder::mixedEncodingNamesTheLine()
{
    auto d = readTextFile(fixture("mixed.csv"));
    QVERIFY(!d.ok());
    const std::string &m = d.error().message;
    QVERIFY2(m.find("mixed.csv: line 4, byte 1") != std::string::npos, m.c_str());
    QVERIFY2(m.find("mixes encodings") != std::string::npos, m.c_str());
    QCOMPARE(d.error().code, ErrorCode::Format);
}

void tst_TextDecoder::explicitUtf8NamesLineAndByte()
{
    auto d = decodeText("ok\nfine\nsister\xF0" "city\n", TextEncoding::Utf8, "q.txt");
    QVERIFY(!d.ok());
    QVERIFY2(d.error().message.find("q.txt: line 3, byte 7: not valid UTF-8 (bytes 0xF0 0x63)") == 0, d.error().message.c_str());
    QVERIFY(d.error().message.find("latin-1") != std::string::npos);
    // A UTF-8 BOM with an explicit utf-8 is removed.
    auto bom = decodeText("\xEF\xBB\xBFhi", TextEncoding::Utf8, "b.txt");
    QVERIFY(bom.ok());
    QCOMPARE(bom->text, std::string("hi"));
    QVERIFY(bom->hadBom);
    auto bomFile = readTextFile(fixture("bom.csv"));
    QVERIFY(bomFile.ok());
    QVERIFY(bomFile->hadBom);
    QCOMPARE(bomFile->text.substr(0, 10), std::string("text,label"));
}

void tst_TextDecoder::wrongExplicitEncodingFails()
{
    // Truncated GB18030 at the end of the file.
    auto cut = decodeText("ok\n\xD5", TextEncoding::Gb18030, "cut.csv");
    QVERIFY(!cut.ok());
    QVERIFY2(cut.error().message.find("cut.csv: line 2, byte 1") == 0, cut.error().message.c_str());
    QVERIFY(cut.error().message.find("cut off") != std::string::npos);
}

void tst_TextDecoder::latin1MapsEveryByte()
{
    auto d = decodeText("sister\xF0" "city \xE9\xFF", TextEncoding::Latin1, "l.txt");
    QVERIFY(d.ok());
    QCOMPARE(d->text, std::string("sister\xC3\xB0" "city \xC3\xA9\xC3\xBF"));
    QCOMPARE(d->encoding, TextEncoding::Latin1);
}

void tst_TextDecoder::utf16WithoutBom()
{
    const std::u16string text = u"text,label\nhi,x\n";
    std::string le, be;
    for (char16_t c : text) {
        le.push_back(static_cast<char>(c & 0xFF));
        le.push_back(static_cast<char>(c >> 8));
        be.push_back(static_cast<char>(c >> 8));
        be.push_back(static_cast<char>(c & 0xFF));
    }
    auto a = decodeText(le, TextEncoding::Auto, "le");
    QVERIFY(a.ok());
    QCOMPARE(a->encoding, TextEncoding::Utf16LE);
    QCOMPARE(a->text, std::string("text,label\nhi,x\n"));
    auto b = decodeText(be, TextEncoding::Auto, "be");
    QVERIFY(b.ok());
    QCOMPARE(b->encoding, TextEncoding::Utf16BE);
    QCOMPARE(b->text, a->text);
    // Surrogate pairs become four-byte UTF-8.
    auto s = decodeText(std::string("\xFF\xFE\x3D\xD8\x00\xDE", 6), TextEncoding::Auto, "emoji");
    QVERIFY(s.ok());
    QCOMPARE(s->text, std::string("\xF0\x9F\x98\x80"));
}

void tst_TextDecoder::rejectsNulBytesAndBrokenUtf16()
{
    auto nul = decodeText(std::string("a,b\nx\0y,z\n", 10), TextEncoding::Auto, "n.csv");
    QVERIFY(!nul.ok());
    QVERIFY2(nul.error().message.find("n.csv: line 2, byte 2: NUL") == 0, nul.error().message.c_str());
    // A zip container (an .xlsx saved as .csv): binary, not a question of encoding.
    const std::string xlsx("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa5\x9c\x8e\xd3[Content_Types].xml\xec\x97", 39);
    auto binary = decodeText(xlsx, TextEncoding::Auto, "book.csv");
    QVERIFY(!binary.ok());
    QVERIFY2(binary.error().message.find("book.csv: not a text file") == 0, binary.error().message.c_str());
    QVERIFY(binary.error().message.find("encoding") == std::string::npos);
    auto lone = decodeText(std::string("\xFF\xFE" "a\0\n\0\x00\xDC", 8), TextEncoding::Auto, "s.csv");
    QVERIFY(!lone.ok());
    QVERIFY2(lone.error().message.find("s.csv: line 2, byte 1: unpaired UTF-16 low surrogate") == 0, lone.error().message.c_str());
    auto odd = decodeText(std::string("\xFF\xFE" "a\0b", 5), TextEncoding::Auto, "o.csv");
    QVERIFY(!odd.ok());
    QVERIFY(odd.error().message.find("odd number of bytes") != std::string::npos);
    auto utf32 = decodeText(std::string("\xFF\xFE\0\0a\0\0\0", 8), TextEncoding::Auto, "u32");
    QVERIFY(!utf32.ok());
    QCOMPARE(utf32.error().code, ErrorCode::Unsupported);
}

void tst_TextDecoder::strictUtf8Validation_data()
{
    QTest::addColumn<std::string>("bytes");
    QTest::addColumn<int>("badAt");
    QTest::newRow("ascii") << std::string("hello world, long enough for the fast path") << -1;
    QTest::newRow("2,3,4-byte") << std::string("\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80") << -1;
    QTest::newRow("overlong 2") << std::string("ab\xC0\xAF") << 2;
    QTest::newRow("overlong 3") << std::string("\xE0\x80\xAF") << 0;
    QTest::newRow("surrogate") << std::string("x\xED\xA0\x80") << 1;
    QTest::newRow("above 10FFFF") << std::string("\xF4\x90\x80\x80") << 0;
    QTest::newRow("lone continuation") << std::string("12345678\x80") << 8;
    QTest::newRow("truncated") << std::string("ok\xE4\xB8") << 2;
}

void tst_TextDecoder::strictUtf8Validation()
{
    QFETCH(std::string, bytes);
    QFETCH(int, badAt);
    const std::size_t got = findInvalidUtf8(bytes);
    QCOMPARE(got == std::string_view::npos ? -1 : static_cast<int>(got), badAt);
}

void tst_TextDecoder::parsesEncodingNames()
{
    QCOMPARE(*parseTextEncoding("UTF-8"), TextEncoding::Utf8);
    QCOMPARE(*parseTextEncoding("utf_16"), TextEncoding::Utf16);
    QCOMPARE(*parseTextEncoding("GB18030"), TextEncoding::Gb18030);
    QCOMPARE(*parseTextEncoding("cp936"), TextEncoding::Gbk);
    QCOMPARE(*parseTextEncoding("latin1"), TextEncoding::Latin1);
    QCOMPARE(*parseTextEncoding("auto"), TextEncoding::Auto);
    auto bad = parseTextEncoding("ebcdic");
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.find("gb18030") != std::string::npos);
    QCOMPARE(std::string(textEncodingName(TextEncoding::Latin1)), std::string("latin-1"));
}

void tst_TextDecoder::missingFileIsNamed()
{
    auto d = readTextFile("/nonexistent/dir/data.csv");
    QVERIFY(!d.ok());
    QCOMPARE(d.error().code, ErrorCode::NotFound);
    QVERIFY(d.error().message.find("/nonexistent/dir/data.csv") == 0);
}

QTEST_GUILESS_MAIN(tst_TextDecoder)
#include "tst_textdecoder.moc"

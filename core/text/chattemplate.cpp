#include "core/text/chattemplate.h"

#include "core/io/gguf.h"
#include "core/io/modelfolder.h"
#include "core/text/unicodeutil.h"

#include <utf8proc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

namespace hone {

// "chatml, llama3, ..." for messages that offer the built-in templates.
std::string builtinChatTemplateList();

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// ------------------------------------------------------------------ values

// A float as an int64, saturated where Python's int would grow (and 0 for NaN): never undefined.
std::int64_t saturatedInt(double f)
{
    if (std::isnan(f))
        return 0;
    if (f >= 9.2233720368547758e18)
        return std::numeric_limits<std::int64_t>::max();
    if (f <= -9.2233720368547758e18)
        return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(f);
}

struct Value;
struct Args;
using Function = std::function<Value(Args &)>;
using List = std::vector<Value>;
using Dict = std::vector<std::pair<std::string, Value>>; // insertion-ordered, like Python dicts

struct Value {
    enum class Kind { Undefined, None, Bool, Int, Float, String, List, Dict, Func };
    Kind kind = Kind::Undefined;
    bool b = false;
    std::int64_t i = 0;
    double f = 0;
    std::string s;
    std::shared_ptr<List> list;
    std::shared_ptr<Dict> dict;
    std::shared_ptr<Function> func;
    bool isNamespace = false;

    static Value none() { Value v; v.kind = Kind::None; return v; }
    static Value boolean(bool x) { Value v; v.kind = Kind::Bool; v.b = x; return v; }
    static Value integer(std::int64_t x) { Value v; v.kind = Kind::Int; v.i = x; return v; }
    static Value number(double x) { Value v; v.kind = Kind::Float; v.f = x; return v; }
    static Value string(std::string x) { Value v; v.kind = Kind::String; v.s = std::move(x); return v; }
    static Value makeList(List items = {}) { Value v; v.kind = Kind::List; v.list = std::make_shared<List>(std::move(items)); return v; }
    static Value makeDict(Dict items = {}) { Value v; v.kind = Kind::Dict; v.dict = std::make_shared<Dict>(std::move(items)); return v; }
    static Value function(Function fn) { Value v; v.kind = Kind::Func; v.func = std::make_shared<Function>(std::move(fn)); return v; }

    bool isUndefined() const { return kind == Kind::Undefined; }
    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float || kind == Kind::Bool; }
    double asDouble() const { return kind == Kind::Float ? f : kind == Kind::Bool ? (b ? 1 : 0) : static_cast<double>(i); }
    std::int64_t asInt() const { return kind == Kind::Float ? saturatedInt(f) : kind == Kind::Bool ? (b ? 1 : 0) : i; }

    const Value *find(const std::string &key) const
    {
        if (kind != Kind::Dict)
            return nullptr;
        for (const auto &[k, v] : *dict)
            if (k == key)
                return &v;
        return nullptr;
    }
    void set(const std::string &key, Value v)
    {
        for (auto &[k, old] : *dict)
            if (k == key) {
                old = std::move(v);
                return;
            }
        dict->emplace_back(key, std::move(v));
    }
};

struct Args {
    List positional;
    std::vector<std::pair<std::string, Value>> named;
    std::size_t pos; // source position of the call, for errors

    const Value *get(std::size_t index, const char *name) const
    {
        for (const auto &[k, v] : named)
            if (k == name)
                return &v;
        return index < positional.size() ? &positional[index] : nullptr;
    }
};

struct TemplateError {
    std::size_t pos;
    std::string message;
};

[[noreturn]] void fail(std::size_t pos, std::string message) { throw TemplateError{pos, std::move(message)}; }

// Bounds the recursion a hostile template can cause (nested brackets and blocks while parsing,
// deep expressions and recursive macros while rendering): an error instead of a stack overflow.
// Python's Jinja stops at its interpreter's recursion limit the same way.
class NestingGuard {
public:
    NestingGuard(int &depth, int limit, std::size_t pos) : m_depth(depth)
    {
        if (++m_depth > limit) {
            --m_depth;
            fail(pos, "nested more than " + std::to_string(limit) + " levels deep (a macro calling itself without end?)");
        }
    }
    ~NestingGuard() { --m_depth; }
    NestingGuard(const NestingGuard &) = delete;
    NestingGuard &operator=(const NestingGuard &) = delete;

private:
    int &m_depth;
};

// A template is a program shipped inside a model file: like Jinja's sandbox, bound what one render
// may build, far beyond any chat prompt, so a hostile one is an error rather than all the memory.
constexpr std::size_t kMaxText = std::size_t(1) << 24;
constexpr std::size_t kMaxItems = 100000; // Jinja's sandbox MAX_RANGE, which transformers renders in

// Free functions (printing, tojson) know no source position: their error names the template only.
void checkTextSize(std::size_t size)
{
    if (size > kMaxText)
        throw std::length_error("the template built a text longer than 16 MiB");
}

void checkTextSize(std::size_t size, std::size_t pos)
{
    if (size > kMaxText)
        fail(pos, "text longer than 16 MiB");
}

// Python's int grows without bound; ours stops at int64 and says so instead of overflowing.
[[noreturn]] void failOverflow(std::size_t pos, const std::string &op) { fail(pos, "integer overflow in '" + op + "' (beyond 64 bits)"); }

std::int64_t checkedArithmetic(char op, std::int64_t a, std::int64_t b, std::size_t pos)
{
    std::int64_t r = 0;
    const bool overflowed = op == '+' ? __builtin_add_overflow(a, b, &r) : op == '-' ? __builtin_sub_overflow(a, b, &r)
                                                                                     : __builtin_mul_overflow(a, b, &r);
    if (overflowed)
        failOverflow(pos, std::string(1, op));
    return r;
}

Value fromJson(const nlohmann::ordered_json &j)
{
    switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value::none();
    case nlohmann::ordered_json::value_t::boolean: return Value::boolean(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer:
    case nlohmann::ordered_json::value_t::number_unsigned: return Value::integer(j.get<std::int64_t>());
    case nlohmann::ordered_json::value_t::number_float: return Value::number(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value::string(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
        List items;
        for (const auto &e : j)
            items.push_back(fromJson(e));
        return Value::makeList(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
        Dict items;
        for (auto it = j.begin(); it != j.end(); ++it)
            items.emplace_back(it.key(), fromJson(it.value()));
        return Value::makeDict(std::move(items));
    }
    default: return Value();
    }
}

bool truthy(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Undefined:
    case Value::Kind::None: return false;
    case Value::Kind::Bool: return v.b;
    case Value::Kind::Int: return v.i != 0;
    case Value::Kind::Float: return v.f != 0;
    case Value::Kind::String: return !v.s.empty();
    case Value::Kind::List: return !v.list->empty();
    case Value::Kind::Dict: return !v.dict->empty() || v.isNamespace;
    case Value::Kind::Func: return true;
    }
    return false;
}

// Python's repr of a float: the shortest text that reads back as the same double.
std::string floatRepr(double d)
{
    if (std::isnan(d))
        return "nan";
    if (std::isinf(d))
        return d > 0 ? "inf" : "-inf";
    char buf[64];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d)
            break;
    }
    std::string s = buf;
    // Python switches to exponents at 1e16 and below 1e-4; %g at the precision. Rewrite as Python does.
    const std::size_t e = s.find('e');
    int exponent = 0;
    std::string mantissa = s;
    if (e != std::string::npos) {
        exponent = std::stoi(s.substr(e + 1));
        mantissa = s.substr(0, e);
    }
    if (e != std::string::npos && exponent >= -5 && exponent < 16) {
        // Expand to positional notation.
        std::snprintf(buf, sizeof buf, "%.*f", std::max(0, -exponent + 16), d);
        s = buf;
        if (s.find('.') != std::string::npos) {
            while (!s.empty() && s.back() == '0')
                s.pop_back();
        }
        while (std::strtod(s.c_str(), nullptr) != d && s.size() < 40)
            s += "0";
    } else if (e != std::string::npos) {
        char sign = exponent < 0 ? '-' : '+';
        const int mag = std::abs(exponent);
        s = mantissa + "e" + sign + (mag < 10 ? "0" : "") + std::to_string(mag);
        return s;
    }
    if (s.find('.') == std::string::npos && s.find('e') == std::string::npos && s.find("inf") == std::string::npos)
        s += ".0";
    if (!s.empty() && s.back() == '.')
        s += "0";
    return s;
}

std::string pyRepr(const Value &v);

std::string pyStrRepr(const std::string &s)
{
    const bool useDouble = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
    const char q = useDouble ? '"' : '\'';
    std::string out(1, q);
    for (unsigned char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == q)
            out += std::string("\\") + static_cast<char>(q);
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else
            out.push_back(static_cast<char>(c));
    }
    out.push_back(q);
    return out;
}

// str(): what {{ x }} prints.
std::string toText(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Undefined: return {};
    case Value::Kind::None: return "None";
    case Value::Kind::Bool: return v.b ? "True" : "False";
    case Value::Kind::Int: return std::to_string(v.i);
    case Value::Kind::Float: return floatRepr(v.f);
    case Value::Kind::String: return v.s;
    default: return pyRepr(v);
    }
}

std::string pyRepr(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::String: return pyStrRepr(v.s);
    case Value::Kind::List: {
        std::string out = "[";
        for (std::size_t k = 0; k < v.list->size() && out.size() <= kMaxText; ++k)
            out += (k ? ", " : "") + pyRepr((*v.list)[k]);
        checkTextSize(out.size());
        return out + "]";
    }
    case Value::Kind::Dict: {
        std::string out = v.isNamespace ? "<Namespace {" : "{";
        for (std::size_t k = 0; k < v.dict->size() && out.size() <= kMaxText; ++k)
            out += (k ? ", " : "") + pyStrRepr((*v.dict)[k].first) + ": " + pyRepr((*v.dict)[k].second);
        checkTextSize(out.size());
        return out + (v.isNamespace ? "}>" : "}");
    }
    case Value::Kind::Func: return "<function>";
    default: return toText(v);
    }
}

// json.dumps(x, ensure_ascii=False[, indent=n]) as transformers' tojson filter calls it.
void toJson(const Value &v, int indent, int depth, std::string &out)
{
    auto newline = [&](int d) {
        checkTextSize(out.size() + static_cast<std::size_t>(indent) * static_cast<std::size_t>(d));
        out.push_back('\n');
        out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(d), ' ');
    };
    switch (v.kind) {
    case Value::Kind::Undefined:
    case Value::Kind::None: out += "null"; return;
    case Value::Kind::Bool: out += v.b ? "true" : "false"; return;
    case Value::Kind::Int: out += std::to_string(v.i); return;
    case Value::Kind::Float:
        out += std::isnan(v.f) ? "NaN" : std::isinf(v.f) ? (v.f > 0 ? "Infinity" : "-Infinity") : floatRepr(v.f);
        return;
    case Value::Kind::String: {
        out.push_back('"');
        for (unsigned char c : v.s) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out.push_back(static_cast<char>(c));
                }
            }
        }
        out.push_back('"');
        return;
    }
    case Value::Kind::List: {
        if (v.list->empty()) {
            out += "[]";
            return;
        }
        out.push_back('[');
        for (std::size_t k = 0; k < v.list->size(); ++k) {
            if (k)
                out += indent >= 0 ? "," : ", ";
            if (indent >= 0)
                newline(depth + 1);
            toJson((*v.list)[k], indent, depth + 1, out);
        }
        if (indent >= 0)
            newline(depth);
        out.push_back(']');
        return;
    }
    case Value::Kind::Dict: {
        if (v.dict->empty()) {
            out += "{}";
            return;
        }
        out.push_back('{');
        for (std::size_t k = 0; k < v.dict->size(); ++k) {
            if (k)
                out += indent >= 0 ? "," : ", ";
            if (indent >= 0)
                newline(depth + 1);
            toJson(Value::string((*v.dict)[k].first), indent, depth + 1, out);
            out += ": ";
            toJson((*v.dict)[k].second, indent, depth + 1, out);
        }
        if (indent >= 0)
            newline(depth);
        out.push_back('}');
        return;
    }
    case Value::Kind::Func: out += "null"; return;
    }
}

std::u32string codepoints(const std::string &s)
{
    std::u32string out;
    std::size_t pos = 0;
    while (pos < s.size())
        out.push_back(unicode::decodeUtf8(s, pos));
    return out;
}

std::string utf8(const std::u32string &cps)
{
    std::string out;
    for (char32_t c : cps)
        unicode::appendUtf8(out, c);
    return out;
}

std::string mapCase(const std::string &s, int mode) // 0 lower, 1 upper
{
    std::string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const char32_t c = unicode::decodeUtf8(s, pos);
        const auto m = mode ? utf8proc_toupper(static_cast<utf8proc_int32_t>(c)) : utf8proc_tolower(static_cast<utf8proc_int32_t>(c));
        unicode::appendUtf8(out, static_cast<char32_t>(m));
    }
    return out;
}

bool isPySpace(char32_t c) { return unicode::isWhitespace(c) || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f; }

std::string pyStrip(const std::string &s, const Value *chars, bool left, bool right)
{
    const std::u32string cps = codepoints(s);
    std::u32string set;
    const bool custom = chars && chars->kind == Value::Kind::String;
    if (custom)
        set = codepoints(chars->s);
    auto strip = [&](char32_t c) { return custom ? set.find(c) != std::u32string::npos : isPySpace(c); };
    std::size_t b = 0, e = cps.size();
    if (left)
        while (b < e && strip(cps[b]))
            ++b;
    if (right)
        while (e > b && strip(cps[e - 1]))
            --e;
    return utf8(cps.substr(b, e - b));
}

bool equals(const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber())
        return a.asDouble() == b.asDouble();
    if (a.kind != b.kind)
        return (a.kind == Value::Kind::Undefined || a.kind == Value::Kind::None) && a.kind == b.kind;
    switch (a.kind) {
    case Value::Kind::String: return a.s == b.s;
    case Value::Kind::List:
        if (a.list->size() != b.list->size())
            return false;
        for (std::size_t k = 0; k < a.list->size(); ++k)
            if (!equals((*a.list)[k], (*b.list)[k]))
                return false;
        return true;
    case Value::Kind::Dict:
        if (a.dict->size() != b.dict->size())
            return false;
        for (const auto &[k, v] : *a.dict) {
            const Value *o = b.find(k);
            if (!o || !equals(v, *o))
                return false;
        }
        return true;
    case Value::Kind::Func: return a.func == b.func;
    default: return true;
    }
}

const char *kindName(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Undefined: return "undefined";
    case Value::Kind::None: return "none";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Float: return "float";
    case Value::Kind::String: return "string";
    case Value::Kind::List: return "list";
    case Value::Kind::Dict: return "dict";
    case Value::Kind::Func: return "function";
    }
    return "?";
}

// What `for x in v` walks: list items, dict keys, string characters.
List iterate(const Value &v, std::size_t pos)
{
    switch (v.kind) {
    case Value::Kind::Undefined:
    case Value::Kind::None: return {};
    case Value::Kind::List: return *v.list;
    case Value::Kind::Dict: {
        List keys;
        for (const auto &[k, _] : *v.dict)
            keys.push_back(Value::string(k));
        return keys;
    }
    case Value::Kind::String: {
        List chars;
        for (char32_t c : codepoints(v.s))
            chars.push_back(Value::string(utf8(std::u32string(1, c))));
        return chars;
    }
    default: fail(pos, std::string("cannot iterate over a ") + kindName(v));
    }
}

int compare(const Value &a, const Value &b, std::size_t pos)
{
    if (a.isNumber() && b.isNumber())
        return a.asDouble() < b.asDouble() ? -1 : a.asDouble() > b.asDouble() ? 1 : 0;
    if (a.kind == Value::Kind::String && b.kind == Value::Kind::String)
        return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    fail(pos, std::string("cannot compare a ") + kindName(a) + " with a " + kindName(b));
}

// ------------------------------------------------------------------ lexer

enum class Tok { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Int, Float, Op, End };

struct Token {
    Tok type;
    std::string text;
    std::size_t pos;
};

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> lex(const std::string &src)
{
    std::vector<Token> out;
    std::size_t pos = 0;
    bool trimNextText = false;  // "-%}" / "-}}": strip all leading whitespace of the next text
    bool trimNewline = false;   // trim_blocks: drop one newline after a block or comment tag
    auto pushText = [&](std::size_t begin, std::size_t end, bool stripRight, bool lstripLine) {
        std::string text = src.substr(begin, end - begin);
        if (trimNextText) {
            std::size_t k = 0;
            while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k])))
                ++k;
            text.erase(0, k);
        } else if (trimNewline) {
            if (text.rfind("\r\n", 0) == 0)
                text.erase(0, 2);
            else if (!text.empty() && text[0] == '\n')
                text.erase(0, 1);
        }
        trimNextText = trimNewline = false;
        if (stripRight) {
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
                text.pop_back();
        } else if (lstripLine) {
            // lstrip_blocks: spaces and tabs between a line start (in the source) and the tag go.
            std::size_t k = end;
            while (k > begin && (src[k - 1] == ' ' || src[k - 1] == '\t'))
                --k;
            if (k == 0 || src[k - 1] == '\n')
                text.erase(text.size() - std::min(text.size(), end - k));
        }
        if (!text.empty())
            out.push_back({Tok::Text, std::move(text), begin});
    };
    while (pos < src.size()) {
        std::size_t open = pos;
        while (true) {
            open = src.find('{', open);
            if (open == std::string::npos || open + 1 >= src.size()) {
                open = std::string::npos;
                break;
            }
            const char n = src[open + 1];
            if (n == '{' || n == '%' || n == '#')
                break;
            ++open;
        }
        if (open == std::string::npos) {
            pushText(pos, src.size(), false, false);
            break;
        }
        const char kind = src[open + 1];
        const bool minus = open + 2 < src.size() && src[open + 2] == '-';
        const bool plus = open + 2 < src.size() && src[open + 2] == '+';
        pushText(pos, open, minus, (kind == '%' || kind == '#') && !plus);
        std::size_t p = open + 2 + (minus || plus ? 1 : 0);
        if (kind == '#') {
            const std::size_t close = src.find("#}", p);
            if (close == std::string::npos)
                fail(open, "unclosed comment");
            trimNextText = close > 0 && src[close - 1] == '-';
            trimNewline = !trimNextText;
            pos = close + 2;
            continue;
        }
        if (kind == '%') {
            // {% raw %} ... {% endraw %}: literal text.
            std::size_t q = p;
            while (q < src.size() && std::isspace(static_cast<unsigned char>(src[q])))
                ++q;
            if (src.compare(q, 3, "raw") == 0 && (q + 3 >= src.size() || !isNameChar(src[q + 3]))) {
                const std::size_t close = src.find("%}", q);
                const std::size_t endraw = close == std::string::npos ? close : src.find("endraw", close);
                if (endraw == std::string::npos)
                    fail(open, "unclosed raw block");
                const std::size_t rawEndOpen = src.rfind("{%", endraw);
                const std::size_t rawEndClose = src.find("%}", endraw);
                if (rawEndOpen == std::string::npos || rawEndClose == std::string::npos)
                    fail(open, "unclosed raw block");
                std::string text = src.substr(close + 2, rawEndOpen - close - 2);
                if (!text.empty())
                    out.push_back({Tok::Text, text, close + 2});
                pos = rawEndClose + 2;
                trimNewline = true;
                continue;
            }
        }
        out.push_back({kind == '{' ? Tok::VarBegin : Tok::BlockBegin, {}, open});
        int depth = 0;
        while (true) {
            while (p < src.size() && std::isspace(static_cast<unsigned char>(src[p])))
                ++p;
            if (p >= src.size())
                fail(open, kind == '{' ? "unclosed {{" : "unclosed {%");
            const char c = src[p];
            const bool closing = depth == 0 && ((kind == '{' && src.compare(p, 2, "}}") == 0) || (kind == '%' && src.compare(p, 2, "%}") == 0));
            const bool minusClosing = depth == 0 && c == '-' &&
                                      ((kind == '{' && src.compare(p + 1, 2, "}}") == 0) || (kind == '%' && src.compare(p + 1, 2, "%}") == 0));
            if (closing || minusClosing) {
                out.push_back({kind == '{' ? Tok::VarEnd : Tok::BlockEnd, {}, p});
                pos = p + (minusClosing ? 3 : 2);
                trimNextText = minusClosing;
                trimNewline = !minusClosing && kind == '%';
                break;
            }
            if (isNameStart(c)) {
                std::size_t e = p;
                while (e < src.size() && isNameChar(src[e]))
                    ++e;
                out.push_back({Tok::Name, src.substr(p, e - p), p});
                p = e;
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                std::size_t e = p;
                while (e < src.size() && (std::isdigit(static_cast<unsigned char>(src[e])) || src[e] == '_'))
                    ++e;
                bool isFloat = false;
                if (e + 1 < src.size() && src[e] == '.' && std::isdigit(static_cast<unsigned char>(src[e + 1]))) {
                    isFloat = true;
                    ++e;
                    while (e < src.size() && std::isdigit(static_cast<unsigned char>(src[e])))
                        ++e;
                }
                if (e < src.size() && (src[e] == 'e' || src[e] == 'E')) {
                    std::size_t f = e + 1;
                    if (f < src.size() && (src[f] == '+' || src[f] == '-'))
                        ++f;
                    if (f < src.size() && std::isdigit(static_cast<unsigned char>(src[f]))) {
                        isFloat = true;
                        e = f;
                        while (e < src.size() && std::isdigit(static_cast<unsigned char>(src[e])))
                            ++e;
                    }
                }
                std::string num = src.substr(p, e - p);
                num.erase(std::remove(num.begin(), num.end(), '_'), num.end());
                out.push_back({isFloat ? Tok::Float : Tok::Int, num, p});
                p = e;
            } else if (c == '\'' || c == '"') {
                std::string s;
                std::size_t e = p + 1;
                while (e < src.size() && src[e] != c) {
                    if (src[e] == '\\' && e + 1 < src.size()) {
                        const char x = src[e + 1];
                        switch (x) {
                        case 'n': s += '\n'; break;
                        case 't': s += '\t'; break;
                        case 'r': s += '\r'; break;
                        case '\\': s += '\\'; break;
                        case '\'': s += '\''; break;
                        case '"': s += '"'; break;
                        case '0': s += '\0'; break;
                        case 'u':
                        case 'x': {
                            const std::size_t n = x == 'u' ? 4 : 2;
                            if (e + 2 + n <= src.size()) {
                                const char32_t cp = static_cast<char32_t>(std::stoul(src.substr(e + 2, n), nullptr, 16));
                                unicode::appendUtf8(s, cp);
                                e += n;
                            }
                            break;
                        }
                        default: s += '\\'; s += x; break;
                        }
                        e += 2;
                    } else {
                        s += src[e++];
                    }
                }
                if (e >= src.size())
                    fail(p, "unterminated string");
                out.push_back({Tok::String, s, p});
                p = e + 1;
            } else {
                static const char *const ops[] = {"**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "|", ".", ",",
                                                  ":", "(", ")", "[", "]", "{", "}", "<", ">", "="};
                bool matched = false;
                for (const char *op : ops) {
                    const std::size_t n = std::strlen(op);
                    if (src.compare(p, n, op) == 0) {
                        if (c == '{' || c == '[' || c == '(')
                            ++depth;
                        if (c == '}' || c == ']' || c == ')')
                            --depth;
                        out.push_back({Tok::Op, op, p});
                        p += n;
                        matched = true;
                        break;
                    }
                }
                if (!matched)
                    fail(p, std::string("unexpected character '") + c + "'");
            }
        }
    }
    out.push_back({Tok::End, {}, src.size()});
    return out;
}

// ------------------------------------------------------------------ syntax tree

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

struct Expr {
    enum class Kind { Literal, Name, Attr, Item, Slice, Call, Filter, Test, Unary, Binary, And, Or, Not, Cond, ListLit, DictLit, TupleLit };
    Kind kind;
    std::size_t pos = 0;
    Value literal;
    std::string name; // Name, Attr, Filter, Test, Unary/Binary op
    ExprPtr a, b, c;
    std::vector<ExprPtr> items;                          // call args, list/tuple items, dict values
    std::vector<std::pair<std::string, ExprPtr>> named;  // call/filter/test keyword args
    std::vector<ExprPtr> keys;                           // dict keys
    bool negated = false;
};

} // namespace

struct ChatTemplate::Node {
    enum class Kind { Root, Text, Output, If, For, Set, SetBlock, Macro, Break, Continue };
    Kind kind = Kind::Root;
    std::size_t pos = 0;
    std::string text;
    ExprPtr expr;                                  // Output, For iterable, Set value
    std::vector<std::pair<ExprPtr, std::vector<std::shared_ptr<Node>>>> branches; // If
    std::vector<std::shared_ptr<Node>> body;       // For/Macro/SetBlock/Root
    std::vector<std::shared_ptr<Node>> elseBody;   // If, For
    std::vector<std::string> targets;              // For/Set names; Set "ns.attr" uses attr
    std::string attr;                              // Set ns.attr
    ExprPtr filter;                                // For ... if cond
    std::vector<std::pair<std::string, ExprPtr>> params; // Macro
};

namespace {

using Node = ChatTemplate::Node;
using NodePtr = std::shared_ptr<Node>;
using Body = std::vector<NodePtr>;

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_t(std::move(tokens)) {}

    NodePtr parseTemplate()
    {
        auto root = std::make_shared<Node>();
        std::string stop;
        root->body = parseBody({}, stop);
        if (!stop.empty())
            fail(m_t[m_p].pos, "unexpected {% " + stop + " %}");
        return root;
    }

private:
    const Token &peek(std::size_t k = 0) const { return m_t[std::min(m_p + k, m_t.size() - 1)]; }
    const Token &next() { return m_t[m_p < m_t.size() - 1 ? m_p++ : m_p]; }
    bool isOp(const char *op, std::size_t k = 0) const { return peek(k).type == Tok::Op && peek(k).text == op; }
    bool isName(const char *n, std::size_t k = 0) const { return peek(k).type == Tok::Name && peek(k).text == n; }
    void expectOp(const char *op)
    {
        if (!isOp(op))
            fail(peek().pos, std::string("expected '") + op + "'" + found());
        next();
    }
    std::string found() const
    {
        const Token &t = peek();
        switch (t.type) {
        case Tok::VarEnd: return ", found '}}'";
        case Tok::BlockEnd: return ", found '%}'";
        case Tok::End: return ", found the end of the template";
        default: return ", found '" + t.text + "'";
        }
    }
    std::string expectName()
    {
        if (peek().type != Tok::Name)
            fail(peek().pos, "expected a name" + found());
        return next().text;
    }
    void expectBlockEnd()
    {
        if (peek().type != Tok::BlockEnd)
            fail(peek().pos, "expected '%}'" + found());
        next();
    }

    // Parses nodes until a {% tag %} whose keyword is in `stops`; leaves that keyword in `stop`
    // with the parser positioned after it.
    Body parseBody(const std::vector<std::string> &stops, std::string &stop)
    {
        Body body;
        stop.clear();
        while (true) {
            const Token &t = peek();
            if (t.type == Tok::End) {
                if (!stops.empty())
                    fail(t.pos, "missing {% " + stops.back() + " %}");
                return body;
            }
            if (t.type == Tok::Text) {
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Text;
                n->text = t.text;
                n->pos = t.pos;
                body.push_back(n);
                next();
                continue;
            }
            if (t.type == Tok::VarBegin) {
                next();
                auto n = std::make_shared<Node>();
                n->kind = Node::Kind::Output;
                n->pos = t.pos;
                n->expr = parseTuple(true);
                if (peek().type != Tok::VarEnd)
                    fail(peek().pos, "expected '}}'" + found());
                next();
                body.push_back(n);
                continue;
            }
            // Block tag.
            const std::size_t tagPos = t.pos;
            next();
            const std::string keyword = expectName();
            if (std::find(stops.begin(), stops.end(), keyword) != stops.end()) {
                stop = keyword;
                return body;
            }
            body.push_back(parseStatement(keyword, tagPos));
        }
    }

    NodePtr parseStatement(const std::string &keyword, std::size_t pos)
    {
        const NestingGuard guard(m_depth, kMaxParseNesting, pos);
        auto n = std::make_shared<Node>();
        n->pos = pos;
        std::string stop;
        if (keyword == "if") {
            n->kind = Node::Kind::If;
            ExprPtr cond = parseExpression(true);
            expectBlockEnd();
            while (true) {
                Body body = parseBody({"elif", "else", "endif"}, stop);
                n->branches.emplace_back(cond, std::move(body));
                if (stop == "elif") {
                    cond = parseExpression(true);
                    expectBlockEnd();
                    continue;
                }
                if (stop == "else") {
                    expectBlockEnd();
                    n->elseBody = parseBody({"endif"}, stop);
                }
                expectBlockEnd();
                return n;
            }
        }
        if (keyword == "for") {
            n->kind = Node::Kind::For;
            n->targets.push_back(expectName());
            while (isOp(",")) {
                next();
                n->targets.push_back(expectName());
            }
            if (!isName("in"))
                fail(peek().pos, "expected 'in'" + found());
            next();
            n->expr = parseTuple(false);
            if (isName("if")) {
                next();
                n->filter = parseExpression(false);
            }
            if (isName("recursive"))
                fail(peek().pos, "recursive for loops are not supported");
            expectBlockEnd();
            n->body = parseBody({"else", "endfor"}, stop);
            if (stop == "else") {
                expectBlockEnd();
                n->elseBody = parseBody({"endfor"}, stop);
            }
            expectBlockEnd();
            return n;
        }
        if (keyword == "set") {
            n->kind = Node::Kind::Set;
            n->targets.push_back(expectName());
            if (isOp(".")) {
                next();
                n->attr = expectName();
            }
            while (isOp(",")) {
                next();
                n->targets.push_back(expectName());
            }
            if (peek().type == Tok::BlockEnd && n->targets.size() == 1 && n->attr.empty()) {
                next();
                n->kind = Node::Kind::SetBlock;
                n->body = parseBody({"endset"}, stop);
                expectBlockEnd();
                return n;
            }
            expectOp("=");
            n->expr = parseTuple(true);
            expectBlockEnd();
            return n;
        }
        if (keyword == "macro") {
            n->kind = Node::Kind::Macro;
            n->text = expectName();
            expectOp("(");
            while (!isOp(")")) {
                const std::string param = expectName();
                ExprPtr def;
                if (isOp("=")) {
                    next();
                    def = parseExpression(true);
                }
                n->params.emplace_back(param, def);
                if (!isOp(","))
                    break;
                next();
            }
            expectOp(")");
            expectBlockEnd();
            n->body = parseBody({"endmacro"}, stop);
            expectBlockEnd();
            return n;
        }
        if (keyword == "break" || keyword == "continue") {
            n->kind = keyword == "break" ? Node::Kind::Break : Node::Kind::Continue;
            expectBlockEnd();
            return n;
        }
        if (keyword == "generation") { // transformers' assistant-mask marker: render the body as is
            n->kind = Node::Kind::If;
            auto yes = std::make_shared<Expr>();
            yes->kind = Expr::Kind::Literal;
            yes->literal = Value::boolean(true);
            expectBlockEnd();
            n->branches.emplace_back(yes, parseBody({"endgeneration"}, stop));
            expectBlockEnd();
            return n;
        }
        fail(pos, "unknown or misplaced tag {% " + keyword + " %}");
    }

    ExprPtr make(Expr::Kind kind, std::size_t pos)
    {
        auto e = std::make_shared<Expr>();
        e->kind = kind;
        e->pos = pos;
        return e;
    }

    // a, b, c without brackets (set values, for iterables, outputs).
    ExprPtr parseTuple(bool withCond)
    {
        const std::size_t pos = peek().pos;
        ExprPtr first = parseExpression(withCond);
        if (!isOp(","))
            return first;
        auto t = make(Expr::Kind::TupleLit, pos);
        t->items.push_back(first);
        while (isOp(",")) {
            next();
            if (peek().type == Tok::BlockEnd || peek().type == Tok::VarEnd || isName("if"))
                break;
            t->items.push_back(parseExpression(withCond));
        }
        return t;
    }

    ExprPtr parseExpression(bool withCond)
    {
        const NestingGuard guard(m_depth, kMaxParseNesting, peek().pos);
        ExprPtr e = parseOr();
        if (!withCond)
            return e;
        while (isName("if")) {
            const std::size_t pos = next().pos;
            auto c = make(Expr::Kind::Cond, pos);
            c->a = e;
            c->b = parseOr();
            if (isName("else")) {
                next();
                c->c = parseExpression(true);
            }
            e = c;
        }
        return e;
    }

    ExprPtr parseOr()
    {
        ExprPtr e = parseAnd();
        while (isName("or")) {
            auto o = make(Expr::Kind::Or, next().pos);
            o->a = e;
            o->b = parseAnd();
            e = o;
        }
        return e;
    }

    ExprPtr parseAnd()
    {
        ExprPtr e = parseNot();
        while (isName("and")) {
            auto o = make(Expr::Kind::And, next().pos);
            o->a = e;
            o->b = parseNot();
            e = o;
        }
        return e;
    }

    ExprPtr parseNot()
    {
        const NestingGuard guard(m_depth, kMaxParseNesting, peek().pos);
        if (isName("not")) {
            auto o = make(Expr::Kind::Not, next().pos);
            o->a = parseNot();
            return o;
        }
        return parseCompare();
    }

    ExprPtr parseCompare()
    {
        ExprPtr e = parseMath1();
        while (true) {
            std::string op;
            const std::size_t pos = peek().pos;
            if (peek().type == Tok::Op && (peek().text == "==" || peek().text == "!=" || peek().text == "<" || peek().text == ">"
                                           || peek().text == "<=" || peek().text == ">=")) {
                op = next().text;
            } else if (isName("in")) {
                next();
                op = "in";
            } else if (isName("not") && isName("in", 1)) {
                next();
                next();
                op = "not in";
            } else {
                return e;
            }
            auto b = make(Expr::Kind::Binary, pos);
            b->name = op;
            b->a = e;
            b->b = parseMath1();
            e = b;
        }
    }

    ExprPtr binaryLoop(const std::vector<const char *> &ops, ExprPtr (Parser::*sub)())
    {
        ExprPtr e = (this->*sub)();
        while (true) {
            bool matched = false;
            for (const char *op : ops)
                if (isOp(op)) {
                    auto b = make(Expr::Kind::Binary, next().pos);
                    b->name = op;
                    b->a = e;
                    b->b = (this->*sub)();
                    e = b;
                    matched = true;
                    break;
                }
            if (!matched)
                return e;
        }
    }

    ExprPtr parseMath1() { return binaryLoop({"+", "-"}, &Parser::parseConcat); }
    ExprPtr parseConcat() { return binaryLoop({"~"}, &Parser::parseMath2); }
    ExprPtr parseMath2() { return binaryLoop({"*", "/", "//", "%"}, &Parser::parsePow); }
    ExprPtr parsePow() { return binaryLoop({"**"}, &Parser::parseUnaryFiltered); }
    ExprPtr parseUnaryFiltered() { return parseUnary(true); }

    ExprPtr parseUnary(bool withFilter)
    {
        const NestingGuard guard(m_depth, kMaxParseNesting, peek().pos);
        ExprPtr e;
        if (isOp("-") || isOp("+")) {
            auto u = make(Expr::Kind::Unary, peek().pos);
            u->name = next().text;
            u->a = parseUnary(false);
            e = u;
        } else {
            e = parsePostfix(parsePrimary());
        }
        if (withFilter)
            e = parseFilters(e);
        return e;
    }

    void parseCallArgs(Expr &target)
    {
        expectOp("(");
        while (!isOp(")")) {
            if (peek().type == Tok::Name && isOp("=", 1)) {
                const std::string key = next().text;
                next();
                target.named.emplace_back(key, parseExpression(true));
            } else {
                target.items.push_back(parseExpression(true));
            }
            if (!isOp(","))
                break;
            next();
        }
        expectOp(")");
    }

    ExprPtr parseFilters(ExprPtr e)
    {
        while (true) {
            if (isOp("|")) {
                auto f = make(Expr::Kind::Filter, next().pos);
                f->name = expectName();
                f->a = e;
                if (isOp("("))
                    parseCallArgs(*f);
                e = parsePostfix(f);
            } else if (isName("is")) {
                auto t = make(Expr::Kind::Test, next().pos);
                if (isName("not")) {
                    next();
                    t->negated = true;
                }
                t->name = expectName();
                t->a = e;
                if (isOp("("))
                    parseCallArgs(*t);
                else if (peek().type == Tok::Int || peek().type == Tok::Float || peek().type == Tok::String
                         || isName("none") || isName("None") || isName("true") || isName("false") || isName("True") || isName("False"))
                    t->items.push_back(parsePrimary());
                e = t;
            } else {
                return e;
            }
        }
    }

    ExprPtr parsePostfix(ExprPtr e)
    {
        while (true) {
            if (isOp(".")) {
                auto a = make(Expr::Kind::Attr, next().pos);
                if (peek().type == Tok::Int) {
                    a->kind = Expr::Kind::Item;
                    auto idx = make(Expr::Kind::Literal, peek().pos);
                    idx->literal = Value::integer(std::stoll(next().text));
                    a->b = idx;
                } else {
                    a->name = expectName();
                }
                a->a = e;
                e = a;
            } else if (isOp("[")) {
                const std::size_t pos = next().pos;
                ExprPtr parts[3];
                int colons = 0;
                while (!isOp("]")) {
                    if (isOp(":")) {
                        next();
                        if (++colons > 2)
                            fail(peek().pos, "too many ':' in a slice");
                        continue;
                    }
                    parts[colons] = parseExpression(true);
                }
                expectOp("]");
                auto s = make(colons ? Expr::Kind::Slice : Expr::Kind::Item, pos);
                s->a = e;
                if (colons) {
                    s->b = parts[0];
                    s->c = parts[1];
                    if (parts[2])
                        s->items.push_back(parts[2]);
                } else {
                    if (!parts[0])
                        fail(pos, "empty subscript");
                    s->b = parts[0];
                }
                e = s;
            } else if (isOp("(")) {
                auto c = make(Expr::Kind::Call, peek().pos);
                c->a = e;
                parseCallArgs(*c);
                e = c;
            } else {
                return e;
            }
        }
    }

    ExprPtr parsePrimary()
    {
        const Token &t = peek();
        auto lit = [&](Value v) {
            auto e = make(Expr::Kind::Literal, t.pos);
            e->literal = std::move(v);
            next();
            return e;
        };
        switch (t.type) {
        case Tok::String: {
            // Adjacent string literals concatenate, as in Python.
            std::string s = t.text;
            const std::size_t pos = t.pos;
            next();
            while (peek().type == Tok::String)
                s += next().text;
            auto e = make(Expr::Kind::Literal, pos);
            e->literal = Value::string(s);
            return e;
        }
        case Tok::Int: return lit(Value::integer(std::stoll(t.text)));
        case Tok::Float: return lit(Value::number(std::stod(t.text)));
        case Tok::Name: {
            if (t.text == "true" || t.text == "True")
                return lit(Value::boolean(true));
            if (t.text == "false" || t.text == "False")
                return lit(Value::boolean(false));
            if (t.text == "none" || t.text == "None")
                return lit(Value::none());
            auto e = make(Expr::Kind::Name, t.pos);
            e->name = t.text;
            next();
            return e;
        }
        case Tok::Op:
            if (t.text == "(") {
                const std::size_t pos = next().pos;
                if (isOp(")")) {
                    next();
                    return make(Expr::Kind::TupleLit, pos);
                }
                ExprPtr first = parseExpression(true);
                if (isOp(")")) {
                    next();
                    return first;
                }
                auto tuple = make(Expr::Kind::TupleLit, pos);
                tuple->items.push_back(first);
                while (isOp(",")) {
                    next();
                    if (isOp(")"))
                        break;
                    tuple->items.push_back(parseExpression(true));
                }
                expectOp(")");
                return tuple;
            }
            if (t.text == "[") {
                auto l = make(Expr::Kind::ListLit, next().pos);
                while (!isOp("]")) {
                    l->items.push_back(parseExpression(true));
                    if (!isOp(","))
                        break;
                    next();
                }
                expectOp("]");
                return l;
            }
            if (t.text == "{") {
                auto d = make(Expr::Kind::DictLit, next().pos);
                while (!isOp("}")) {
                    d->keys.push_back(parseExpression(true));
                    expectOp(":");
                    d->items.push_back(parseExpression(true));
                    if (!isOp(","))
                        break;
                    next();
                }
                expectOp("}");
                return d;
            }
            break;
        default:
            break;
        }
        fail(t.pos, "expected an expression" + found());
    }

    static constexpr int kMaxParseNesting = 300; // about 100 levels of brackets
    std::vector<Token> m_t;
    std::size_t m_p = 0;
    int m_depth = 0;
};

// ------------------------------------------------------------------ evaluation

struct BreakSignal {};
struct ContinueSignal {};

class Renderer {
public:
    explicit Renderer(std::string &out) : m_out(out) { m_scopes.emplace_back(); }

    void setGlobal(const std::string &name, Value v) { m_scopes.front()[name] = std::move(v); }

    void render(const Body &body)
    {
        for (const NodePtr &n : body)
            exec(*n);
    }

private:
    using Scope = std::map<std::string, Value>;

    Value lookup(const std::string &name) const
    {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            auto f = it->find(name);
            if (f != it->end())
                return f->second;
        }
        return Value();
    }

    void exec(const Node &n)
    {
        const NestingGuard guard(m_depth, kMaxRenderNesting, n.pos);
        charge(1, n.pos);
        switch (n.kind) {
        case Node::Kind::Root:
            render(n.body);
            break;
        case Node::Kind::Text:
            m_out += n.text;
            break;
        case Node::Kind::Output:
            m_out += toText(eval(*n.expr));
            checkTextSize(m_out.size(), n.pos);
            break;
        case Node::Kind::If:
            for (const auto &[cond, body] : n.branches)
                if (truthy(eval(*cond))) {
                    render(body);
                    return;
                }
            render(n.elseBody);
            break;
        case Node::Kind::For: execFor(n); break;
        case Node::Kind::Set: {
            Value v = eval(*n.expr);
            if (!n.attr.empty()) {
                Value ns = lookup(n.targets[0]);
                if (ns.kind != Value::Kind::Dict || !ns.isNamespace)
                    fail(n.pos, "cannot set attribute '" + n.attr + "' of '" + n.targets[0] + "': it is not a namespace()");
                checkStorable(v, *ns.dict, 0, n.pos);
                ns.set(n.attr, std::move(v));
            } else if (n.targets.size() == 1) {
                m_scopes.back()[n.targets[0]] = std::move(v);
            } else {
                const List items = iterate(v, n.pos);
                if (items.size() != n.targets.size())
                    fail(n.pos, "cannot unpack " + std::to_string(items.size()) + " values into " + std::to_string(n.targets.size()) + " names");
                for (std::size_t k = 0; k < items.size(); ++k)
                    m_scopes.back()[n.targets[k]] = items[k];
            }
            break;
        }
        case Node::Kind::SetBlock: {
            std::string captured;
            std::swap(captured, m_out);
            render(n.body);
            std::swap(captured, m_out);
            m_scopes.back()[n.targets[0]] = Value::string(captured);
            break;
        }
        case Node::Kind::Macro: {
            const Node *macro = &n;
            m_scopes.back()[n.text] = Value::function([this, macro](Args &args) -> Value {
                Scope scope;
                for (std::size_t k = 0; k < macro->params.size(); ++k) {
                    const auto &[name, def] = macro->params[k];
                    const Value *given = args.get(k, name.c_str());
                    scope[name] = given ? *given : def ? eval(*def) : Value();
                }
                std::string captured;
                std::swap(captured, m_out);
                m_scopes.push_back(std::move(scope));
                render(macro->body);
                m_scopes.pop_back();
                std::swap(captured, m_out);
                return Value::string(captured);
            });
            break;
        }
        case Node::Kind::Break: throw BreakSignal{};
        case Node::Kind::Continue: throw ContinueSignal{};
        }
    }

    void execFor(const Node &n)
    {
        const Value iterable = eval(*n.expr);
        List all = iterate(iterable, n.expr->pos);
        List items;
        if (n.filter) {
            for (const Value &v : all) {
                m_scopes.emplace_back();
                bindTargets(n, v);
                const bool keep = truthy(eval(*n.filter));
                m_scopes.pop_back();
                if (keep)
                    items.push_back(v);
            }
        } else {
            items = std::move(all);
        }
        if (items.empty()) {
            render(n.elseBody);
            return;
        }
        const std::int64_t length = static_cast<std::int64_t>(items.size());
        for (std::int64_t k = 0; k < length; ++k) {
            charge(kLoopIterationWork, n.pos);
            m_scopes.emplace_back();
            bindTargets(n, items[static_cast<std::size_t>(k)]);
            Value loop = Value::makeDict();
            loop.set("index", Value::integer(k + 1));
            loop.set("index0", Value::integer(k));
            loop.set("revindex", Value::integer(length - k));
            loop.set("revindex0", Value::integer(length - k - 1));
            loop.set("first", Value::boolean(k == 0));
            loop.set("last", Value::boolean(k == length - 1));
            loop.set("length", Value::integer(length));
            loop.set("previtem", k > 0 ? items[static_cast<std::size_t>(k - 1)] : Value());
            loop.set("nextitem", k + 1 < length ? items[static_cast<std::size_t>(k + 1)] : Value());
            loop.set("cycle", Value::function([k](Args &args) {
                         return args.positional.empty() ? Value() : args.positional[static_cast<std::size_t>(k) % args.positional.size()];
                     }));
            m_scopes.back()["loop"] = loop;
            bool stop = false;
            try {
                render(n.body);
            } catch (const BreakSignal &) {
                stop = true;
            } catch (const ContinueSignal &) {
            }
            m_scopes.pop_back();
            if (stop)
                break;
        }
    }

    void bindTargets(const Node &n, const Value &v)
    {
        if (n.targets.size() == 1) {
            m_scopes.back()[n.targets[0]] = v;
            return;
        }
        const List parts = iterate(v, n.pos);
        if (parts.size() != n.targets.size())
            fail(n.pos, "cannot unpack " + std::to_string(parts.size()) + " values into " + std::to_string(n.targets.size()) + " loop variables");
        for (std::size_t k = 0; k < parts.size(); ++k)
            m_scopes.back()[n.targets[k]] = parts[k];
    }

    Args evalArgs(const Expr &e)
    {
        Args args;
        args.pos = e.pos;
        for (const ExprPtr &a : e.items)
            args.positional.push_back(eval(*a));
        for (const auto &[k, a] : e.named)
            args.named.emplace_back(k, eval(*a));
        return args;
    }

    Value eval(const Expr &e)
    {
        const NestingGuard guard(m_depth, kMaxRenderNesting, e.pos);
        Value v = evalNode(e);
        // Copying a value costs its size, so the budget counts sizes as well as steps.
        charge(1 + v.s.size() / 256 + (v.list ? v.list->size() : 0) + (v.dict ? v.dict->size() : 0), e.pos);
        return v;
    }

    // Bounds the time one render may take (an endless loop in a hostile template is an error).
    void charge(std::size_t units, std::size_t pos)
    {
        m_work += units;
        if (m_work > kMaxWork)
            fail(pos, "the template did more than " + std::to_string(kMaxWork) + " steps of work (an endless loop?)");
    }

    // Namespaces are the only mutable values: what one stores must not contain it (a cycle would
    // never be freed and would print without end), nor functions (closures could hide a cycle).
    void checkStorable(const Value &v, const Dict &ns, int depth, std::size_t pos)
    {
        if (depth > kMaxRenderNesting)
            fail(pos, "value nested more than " + std::to_string(kMaxRenderNesting) + " levels deep");
        charge(1, pos);
        switch (v.kind) {
        case Value::Kind::List:
            for (const Value &item : *v.list)
                checkStorable(item, ns, depth + 1, pos);
            break;
        case Value::Kind::Dict:
            if (v.dict.get() == &ns)
                fail(pos, "a namespace cannot contain itself");
            for (const auto &[_, item] : *v.dict)
                checkStorable(item, ns, depth + 1, pos);
            break;
        case Value::Kind::Func: fail(pos, "a namespace attribute cannot hold a function");
        default: break;
        }
    }

    Value evalNode(const Expr &e)
    {
        switch (e.kind) {
        case Expr::Kind::Literal: return e.literal;
        case Expr::Kind::Name: return lookup(e.name);
        case Expr::Kind::Attr: return getAttr(eval(*e.a), e.name, e.pos, describe(*e.a));
        case Expr::Kind::Item: {
            const Value obj = eval(*e.a);
            const Value key = eval(*e.b);
            if (key.kind == Value::Kind::String)
                return getAttr(obj, key.s, e.pos, describe(*e.a), true);
            return getItem(obj, key, e.pos, describe(*e.a));
        }
        case Expr::Kind::Slice: return slice(eval(*e.a), e.b ? eval(*e.b) : Value(), e.c ? eval(*e.c) : Value(),
                                             e.items.empty() ? Value() : eval(*e.items[0]), e.pos);
        case Expr::Kind::Call: {
            const Value fn = eval(*e.a);
            Args args = evalArgs(e);
            if (fn.kind != Value::Kind::Func)
                fail(e.pos, "'" + describe(*e.a) + "' is not callable (it is " + kindName(fn) + ")");
            return (*fn.func)(args);
        }
        case Expr::Kind::Filter: {
            Value v = eval(*e.a);
            Args args = evalArgs(e);
            return applyFilter(e.name, v, args, e.pos);
        }
        case Expr::Kind::Test: {
            Value v = e.name == "defined" || e.name == "undefined" ? evalSoft(*e.a) : eval(*e.a);
            Args args = evalArgs(e);
            const bool r = applyTest(e.name, v, args, e.pos);
            return Value::boolean(e.negated ? !r : r);
        }
        case Expr::Kind::Unary: {
            const Value v = eval(*e.a);
            if (!v.isNumber())
                fail(e.pos, "unary " + e.name + " needs a number, not a " + kindName(v));
            if (e.name == "+")
                return v;
            if (v.kind == Value::Kind::Float)
                return Value::number(-v.f);
            return Value::integer(checkedArithmetic('-', 0, v.asInt(), e.pos));
        }
        case Expr::Kind::Binary: return binary(e.name, eval(*e.a), eval(*e.b), e.pos);
        case Expr::Kind::And: {
            Value a = eval(*e.a);
            return truthy(a) ? eval(*e.b) : a;
        }
        case Expr::Kind::Or: {
            Value a = eval(*e.a);
            return truthy(a) ? a : eval(*e.b);
        }
        case Expr::Kind::Not: return Value::boolean(!truthy(eval(*e.a)));
        case Expr::Kind::Cond:
            if (truthy(eval(*e.b)))
                return eval(*e.a);
            return e.c ? eval(*e.c) : Value();
        case Expr::Kind::ListLit:
        case Expr::Kind::TupleLit: {
            List items;
            for (const ExprPtr &i : e.items)
                items.push_back(eval(*i));
            return Value::makeList(std::move(items));
        }
        case Expr::Kind::DictLit: {
            Value d = Value::makeDict();
            for (std::size_t k = 0; k < e.keys.size(); ++k) {
                const Value key = eval(*e.keys[k]);
                d.set(key.kind == Value::Kind::String ? key.s : toText(key), eval(*e.items[k]));
            }
            return d;
        }
        }
        return Value();
    }

    // `x.y is defined` must not fail when x is undefined.
    Value evalSoft(const Expr &e)
    {
        if (e.kind == Expr::Kind::Attr || e.kind == Expr::Kind::Item) {
            const Value obj = evalSoft(*e.a);
            if (obj.isUndefined() || obj.kind == Value::Kind::None)
                return Value();
        }
        return eval(e);
    }

    static std::string describe(const Expr &e)
    {
        switch (e.kind) {
        case Expr::Kind::Name: return e.name;
        case Expr::Kind::Attr: return describe(*e.a) + "." + e.name;
        case Expr::Kind::Item:
            return describe(*e.a) + "[" + (e.b->kind == Expr::Kind::Literal ? pyRepr(e.b->literal) : std::string("...")) + "]";
        case Expr::Kind::Call: return describe(*e.a) + "()";
        default: return "expression";
        }
    }

    Value method(const Value &obj, const std::string &name, std::size_t pos)
    {
        if (obj.kind == Value::Kind::String) {
            static const char *const methods[] = {"strip", "lstrip", "rstrip", "split", "startswith", "endswith", "upper", "lower",
                                                  "title", "capitalize", "replace", "find", "count", "join", "splitlines", "format"};
            if (std::find_if(std::begin(methods), std::end(methods), [&](const char *m) { return name == m; }) == std::end(methods))
                return Value();
            return Value::function([this, obj, name](Args &args) { return stringMethod(obj.s, name, args); });
        }
        if (obj.kind == Value::Kind::Dict && !obj.isNamespace) {
            if (name == "items" || name == "keys" || name == "values")
                return Value::function([obj, name](Args &) {
                    List out;
                    for (const auto &[k, v] : *obj.dict)
                        out.push_back(name == "items" ? Value::makeList({Value::string(k), v}) : name == "keys" ? Value::string(k) : v);
                    return Value::makeList(std::move(out));
                });
            if (name == "get")
                return Value::function([obj](Args &args) {
                    const Value *key = args.get(0, "key");
                    const Value *found = key && key->kind == Value::Kind::String ? obj.find(key->s) : nullptr;
                    if (found)
                        return *found;
                    const Value *def = args.get(1, "default");
                    return def ? *def : Value::none();
                });
        }
        if (obj.kind == Value::Kind::List && name == "append") // transformers' sandbox forbids it too
            fail(pos, "access to attribute 'append' of 'list' object is unsafe (lists are immutable in chat templates)");
        return Value();
    }

    Value getAttr(const Value &obj, const std::string &name, std::size_t pos, const std::string &what, bool subscript = false)
    {
        if (obj.isUndefined())
            fail(pos, "'" + what + "' is undefined");
        if (obj.kind == Value::Kind::Dict) {
            // obj.items is the method (as jinja's getattr finds it first); obj['items'] the key.
            if (!subscript) {
                Value m = method(obj, name, pos);
                if (!m.isUndefined())
                    return m;
            }
            if (const Value *v = obj.find(name))
                return *v;
            return subscript ? Value() : method(obj, name, pos);
        }
        if (obj.kind == Value::Kind::None)
            fail(pos, "'" + what + "' is None and has no attribute '" + name + "'");
        if (!subscript)
            return method(obj, name, pos);
        return Value();
    }

    Value getItem(const Value &obj, const Value &key, std::size_t pos, const std::string &what)
    {
        if (obj.isUndefined())
            fail(pos, "'" + what + "' is undefined");
        if (key.kind != Value::Kind::Int && key.kind != Value::Kind::Bool)
            return Value();
        std::int64_t k = key.asInt();
        if (obj.kind == Value::Kind::List) {
            const auto n = static_cast<std::int64_t>(obj.list->size());
            if (k < 0)
                k += n;
            return k >= 0 && k < n ? (*obj.list)[static_cast<std::size_t>(k)] : Value();
        }
        if (obj.kind == Value::Kind::String) {
            const std::u32string cps = codepoints(obj.s);
            const auto n = static_cast<std::int64_t>(cps.size());
            if (k < 0)
                k += n;
            return k >= 0 && k < n ? Value::string(utf8(cps.substr(static_cast<std::size_t>(k), 1))) : Value();
        }
        return Value();
    }

    Value slice(const Value &obj, const Value &startV, const Value &stopV, const Value &stepV, std::size_t pos)
    {
        const std::int64_t step = stepV.isNumber() ? stepV.asInt() : 1;
        if (step == 0)
            fail(pos, "slice step cannot be zero");
        std::u32string cps;
        const bool isString = obj.kind == Value::Kind::String;
        if (isString)
            cps = codepoints(obj.s);
        else if (obj.kind != Value::Kind::List)
            fail(pos, std::string("cannot slice a ") + kindName(obj));
        const auto n = static_cast<std::int64_t>(isString ? cps.size() : obj.list->size());
        auto clampIndex = [&](const Value &v, std::int64_t def) {
            if (!v.isNumber())
                return def;
            std::int64_t x = v.asInt();
            if (x < 0)
                x += n;
            if (step > 0)
                return std::clamp<std::int64_t>(x, 0, n);
            return std::clamp<std::int64_t>(x, -1, n - 1);
        };
        const std::int64_t start = clampIndex(startV, step > 0 ? 0 : n - 1);
        const std::int64_t stop = clampIndex(stopV, step > 0 ? n : -1);
        std::u32string outS;
        List outL;
        for (std::int64_t k = start; step > 0 ? k < stop : k > stop;) {
            if (isString)
                outS.push_back(cps[static_cast<std::size_t>(k)]);
            else
                outL.push_back((*obj.list)[static_cast<std::size_t>(k)]);
            if (__builtin_add_overflow(k, step, &k)) // a step past the last int64 is past the end
                break;
        }
        return isString ? Value::string(utf8(outS)) : Value::makeList(std::move(outL));
    }

    Value stringMethod(const std::string &s, const std::string &name, Args &args)
    {
        const Value *a0 = args.get(0, "");
        if (name == "strip" || name == "lstrip" || name == "rstrip")
            return Value::string(pyStrip(s, a0, name != "rstrip", name != "lstrip"));
        if (name == "upper")
            return Value::string(mapCase(s, 1));
        if (name == "lower")
            return Value::string(mapCase(s, 0));
        if (name == "title" || name == "capitalize")
            return Value::string(titleCase(s, name == "title"));
        if (name == "startswith" || name == "endswith") {
            List options = a0 && a0->kind == Value::Kind::List ? *a0->list : List{a0 ? *a0 : Value::string("")};
            for (const Value &o : options) {
                const std::string &x = o.s;
                if (name == "startswith" ? s.compare(0, x.size(), x) == 0
                                         : s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0)
                    return Value::boolean(true);
            }
            return Value::boolean(false);
        }
        if (name == "replace") {
            const Value *b = args.get(1, "");
            if (!a0 || !b || a0->kind != Value::Kind::String || b->kind != Value::Kind::String)
                fail(args.pos, "replace() needs two strings");
            const Value *countV = args.get(2, "count");
            return Value::string(replaceAll(s, a0->s, b->s, countV ? countV->asInt() : -1, args.pos));
        }
        if (name == "split") {
            const Value *maxV = args.get(1, "maxsplit");
            std::int64_t maxSplit = maxV ? maxV->asInt() : -1;
            List parts;
            if (!a0 || a0->kind == Value::Kind::None) {
                const std::u32string cps = codepoints(s);
                std::size_t k = 0;
                while (k < cps.size()) {
                    while (k < cps.size() && isPySpace(cps[k]))
                        ++k;
                    if (k >= cps.size())
                        break;
                    std::size_t e = k;
                    if (maxSplit == 0) {
                        e = cps.size();
                        std::size_t t = e;
                        while (t > k && isPySpace(cps[t - 1]))
                            --t;
                        parts.push_back(Value::string(utf8(cps.substr(k, t - k))));
                        break;
                    }
                    while (e < cps.size() && !isPySpace(cps[e]))
                        ++e;
                    parts.push_back(Value::string(utf8(cps.substr(k, e - k))));
                    --maxSplit;
                    k = e;
                }
            } else {
                const std::string &sep = a0->s;
                if (sep.empty())
                    fail(args.pos, "split() with an empty separator");
                std::size_t start = 0;
                while (true) {
                    const std::size_t at = maxSplit == 0 ? std::string::npos : s.find(sep, start);
                    if (at == std::string::npos) {
                        parts.push_back(Value::string(s.substr(start)));
                        break;
                    }
                    parts.push_back(Value::string(s.substr(start, at - start)));
                    start = at + sep.size();
                    --maxSplit;
                }
            }
            return Value::makeList(std::move(parts));
        }
        if (name == "splitlines") {
            List parts;
            std::istringstream in(s);
            std::string line;
            while (std::getline(in, line)) {
                if (!line.empty() && line.back() == '\r')
                    line.pop_back();
                parts.push_back(Value::string(line));
            }
            return Value::makeList(std::move(parts));
        }
        if (name == "find") {
            const std::size_t at = a0 ? s.find(a0->s) : std::string::npos;
            return Value::integer(at == std::string::npos ? -1 : static_cast<std::int64_t>(codepoints(s.substr(0, at)).size()));
        }
        if (name == "count") {
            std::int64_t n = 0;
            if (a0 && !a0->s.empty())
                for (std::size_t at = s.find(a0->s); at != std::string::npos; at = s.find(a0->s, at + a0->s.size()))
                    ++n;
            return Value::integer(n);
        }
        if (name == "join") {
            return Value::string(a0 ? joinTexts(iterate(*a0, args.pos), s, args.pos) : std::string());
        }
        if (name == "format") {
            std::string out;
            std::size_t next = 0;
            for (std::size_t k = 0; k < s.size(); ++k) {
                if (s.compare(k, 2, "{}") == 0) {
                    out += next < args.positional.size() ? toText(args.positional[next++]) : "";
                    checkTextSize(out.size(), args.pos);
                    ++k;
                } else {
                    out.push_back(s[k]);
                }
            }
            return Value::string(out);
        }
        fail(args.pos, "unknown string method " + name);
    }

    static std::string joinTexts(const List &items, const std::string &separator, std::size_t pos)
    {
        std::string out;
        for (std::size_t k = 0; k < items.size(); ++k) {
            out += (k ? separator : "") + toText(items[k]);
            checkTextSize(out.size(), pos);
        }
        return out;
    }

    static std::string replaceAll(const std::string &s, const std::string &from, const std::string &to, std::int64_t count,
                                  std::size_t pos)
    {
        if (from.empty())
            return s;
        std::string out;
        std::size_t start = 0;
        while (count != 0) {
            const std::size_t at = s.find(from, start);
            if (at == std::string::npos)
                break;
            out.append(s, start, at - start);
            out += to;
            checkTextSize(out.size(), pos);
            start = at + from.size();
            --count;
        }
        out.append(s, start, std::string::npos);
        return out;
    }

    static std::string titleCase(const std::string &s, bool everyWord)
    {
        std::string out;
        std::size_t pos = 0;
        bool startOfWord = true, first = true;
        while (pos < s.size()) {
            const char32_t c = unicode::decodeUtf8(s, pos);
            const bool letter = unicode::isLetter(c);
            const bool upper = everyWord ? startOfWord && letter : first;
            const auto m = upper ? utf8proc_toupper(static_cast<utf8proc_int32_t>(c)) : utf8proc_tolower(static_cast<utf8proc_int32_t>(c));
            unicode::appendUtf8(out, static_cast<char32_t>(m));
            startOfWord = !letter;
            first = false;
        }
        return out;
    }

    Value binary(const std::string &op, const Value &a, const Value &b, std::size_t pos)
    {
        if (op == "==")
            return Value::boolean(equals(a, b));
        if (op == "!=")
            return Value::boolean(!equals(a, b));
        if (op == "<")
            return Value::boolean(compare(a, b, pos) < 0);
        if (op == ">")
            return Value::boolean(compare(a, b, pos) > 0);
        if (op == "<=")
            return Value::boolean(compare(a, b, pos) <= 0);
        if (op == ">=")
            return Value::boolean(compare(a, b, pos) >= 0);
        if (op == "in" || op == "not in") {
            bool found = false;
            if (b.kind == Value::Kind::String) {
                if (a.kind != Value::Kind::String)
                    fail(pos, std::string("'in <string>' needs a string on the left, not a ") + kindName(a));
                found = b.s.find(a.s) != std::string::npos;
            } else if (b.kind == Value::Kind::List) {
                found = std::any_of(b.list->begin(), b.list->end(), [&](const Value &x) { return equals(a, x); });
            } else if (b.kind == Value::Kind::Dict) {
                found = a.kind == Value::Kind::String && b.find(a.s);
            } else if (!b.isUndefined() && b.kind != Value::Kind::None) {
                fail(pos, std::string("'in' needs a string, list or dict on the right, not a ") + kindName(b));
            }
            return Value::boolean(op == "in" ? found : !found);
        }
        if (op == "~") {
            std::string left = toText(a), right = toText(b);
            checkTextSize(left.size() + right.size(), pos);
            return Value::string(left + right);
        }
        if (op == "+") {
            if (a.kind == Value::Kind::String && b.kind == Value::Kind::String) {
                checkTextSize(a.s.size() + b.s.size(), pos);
                return Value::string(a.s + b.s);
            }
            if (a.kind == Value::Kind::List && b.kind == Value::Kind::List) {
                if (a.list->size() + b.list->size() > kMaxItems)
                    fail(pos, "list longer than 100000 items");
                List items = *a.list;
                items.insert(items.end(), b.list->begin(), b.list->end());
                return Value::makeList(std::move(items));
            }
        }
        if (op == "*" && ((a.kind == Value::Kind::String && b.kind == Value::Kind::Int) || (a.kind == Value::Kind::Int && b.kind == Value::Kind::String))) {
            const std::string &s = a.kind == Value::Kind::String ? a.s : b.s;
            const std::int64_t n = a.kind == Value::Kind::Int ? a.i : b.i;
            if (n > 0 && s.size() > kMaxText / static_cast<std::uint64_t>(n))
                checkTextSize(kMaxText + 1, pos);
            std::string out;
            for (std::int64_t k = 0; k < n; ++k)
                out += s;
            return Value::string(out);
        }
        if (!a.isNumber() || !b.isNumber())
            fail(pos, "unsupported operand types for " + op + ": " + kindName(a) + " and " + kindName(b));
        const bool ints = a.kind != Value::Kind::Float && b.kind != Value::Kind::Float;
        const double x = a.asDouble(), y = b.asDouble();
        const std::int64_t m = a.asInt(), n = b.asInt();
        if (op == "+" || op == "-" || op == "*")
            return ints ? Value::integer(checkedArithmetic(op[0], m, n, pos))
                        : Value::number(op == "+" ? x + y : op == "-" ? x - y : x * y);
        if (op == "**") {
            const double p = std::pow(x, y);
            if (!ints || n < 0)
                return Value::number(p);
            if (!(std::abs(p) < 9.2233720368547758e18))
                failOverflow(pos, op);
            return Value::integer(static_cast<std::int64_t>(std::llround(p)));
        }
        if (y == 0)
            fail(pos, "division by zero");
        if (op == "/")
            return Value::number(x / y);
        if (op == "//") {
            if (!ints)
                return Value::number(std::floor(x / y));
            // Floor division in integers (exact where doubles are not); only INT64_MIN // -1 overflows.
            if (m == std::numeric_limits<std::int64_t>::min() && n == -1)
                failOverflow(pos, op);
            std::int64_t q = m / n;
            if (m % n != 0 && ((m < 0) != (n < 0)))
                --q;
            return Value::integer(q);
        }
        if (op == "%") {
            if (ints) {
                if (n == -1) // INT64_MIN % -1 traps; every int is divisible by -1
                    return Value::integer(0);
                std::int64_t r = m % n;
                if (r != 0 && ((r < 0) != (n < 0)))
                    r += n;
                return Value::integer(r);
            }
            return Value::number(x - std::floor(x / y) * y);
        }
        fail(pos, "unknown operator " + op);
    }

    bool applyTest(const std::string &name, const Value &v, Args &args, std::size_t pos)
    {
        const Value *a0 = args.get(0, "");
        if (name == "defined")
            return !v.isUndefined();
        if (name == "undefined")
            return v.isUndefined();
        if (name == "none")
            return v.kind == Value::Kind::None;
        if (name == "boolean")
            return v.kind == Value::Kind::Bool;
        if (name == "true")
            return v.kind == Value::Kind::Bool && v.b;
        if (name == "false")
            return v.kind == Value::Kind::Bool && !v.b;
        if (name == "integer")
            return v.kind == Value::Kind::Int;
        if (name == "float")
            return v.kind == Value::Kind::Float;
        if (name == "number")
            return v.kind == Value::Kind::Int || v.kind == Value::Kind::Float;
        if (name == "string")
            return v.kind == Value::Kind::String;
        if (name == "mapping")
            return v.kind == Value::Kind::Dict;
        if (name == "sequence" || name == "iterable")
            return v.kind == Value::Kind::List || v.kind == Value::Kind::String || v.kind == Value::Kind::Dict;
        if (name == "callable")
            return v.kind == Value::Kind::Func;
        if (name == "even" || name == "odd") {
            if (v.kind != Value::Kind::Int)
                fail(pos, "test '" + name + "' needs an integer");
            return (v.i % 2 == 0) == (name == "even");
        }
        if (name == "divisibleby")
            return a0 && a0->asInt() != 0 && v.asInt() % a0->asInt() == 0;
        if (name == "eq" || name == "equalto" || name == "==" || name == "sameas")
            return a0 && equals(v, *a0);
        if (name == "ne" || name == "!=")
            return !a0 || !equals(v, *a0);
        if (name == "lt" || name == "gt" || name == "le" || name == "ge") {
            if (!a0)
                fail(pos, "test '" + name + "' needs an argument");
            const int c = compare(v, *a0, pos);
            return name == "lt" ? c < 0 : name == "gt" ? c > 0 : name == "le" ? c <= 0 : c >= 0;
        }
        if (name == "in")
            return a0 && truthy(binary("in", v, *a0, pos));
        if (name == "lower" || name == "upper")
            return v.kind == Value::Kind::String && mapCase(v.s, name == "upper") == v.s;
        fail(pos, "unknown test '" + name + "'");
    }

    Value attributeOf(const Value &v, const std::string &path, std::size_t pos)
    {
        Value cur = v;
        std::size_t start = 0;
        while (start <= path.size()) {
            const std::size_t dot = path.find('.', start);
            const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            cur = cur.kind == Value::Kind::Dict ? (cur.find(part) ? *cur.find(part) : Value()) : Value();
            if (dot == std::string::npos)
                break;
            start = dot + 1;
        }
        (void)pos;
        return cur;
    }

    Value applyFilter(const std::string &name, const Value &v, Args &args, std::size_t pos)
    {
        const Value *a0 = args.get(0, "");
        if (name == "trim")
            return Value::string(pyStrip(toText(v), a0, true, true));
        if (name == "length" || name == "count") {
            if (v.kind == Value::Kind::String)
                return Value::integer(static_cast<std::int64_t>(codepoints(v.s).size()));
            if (v.kind == Value::Kind::List)
                return Value::integer(static_cast<std::int64_t>(v.list->size()));
            if (v.kind == Value::Kind::Dict)
                return Value::integer(static_cast<std::int64_t>(v.dict->size()));
            if (v.isUndefined())
                return Value::integer(0);
            fail(pos, std::string("a ") + kindName(v) + " has no length");
        }
        if (name == "tojson") {
            const Value *indentV = args.get(0, "indent");
            std::string out;
            toJson(v, indentV && indentV->isNumber() ? static_cast<int>(indentV->asInt()) : -1, 0, out);
            return Value::string(out);
        }
        if (name == "upper")
            return Value::string(mapCase(toText(v), 1));
        if (name == "lower")
            return Value::string(mapCase(toText(v), 0));
        if (name == "title" || name == "capitalize")
            return Value::string(titleCase(toText(v), name == "title"));
        if (name == "default" || name == "d") {
            const Value *boolean = args.get(1, "boolean");
            const bool useDefault = v.isUndefined() || (boolean && truthy(*boolean) && !truthy(v));
            return useDefault ? (a0 ? *a0 : Value::string("")) : v;
        }
        if (name == "items") {
            if (v.kind != Value::Kind::Dict && !v.isUndefined())
                fail(pos, std::string("items needs a dict, not a ") + kindName(v));
            List out;
            if (v.kind == Value::Kind::Dict)
                for (const auto &[k, x] : *v.dict)
                    out.push_back(Value::makeList({Value::string(k), x}));
            return Value::makeList(std::move(out));
        }
        if (name == "first" || name == "last") {
            const List items = iterate(v, pos);
            if (items.empty())
                return Value();
            return name == "first" ? items.front() : items.back();
        }
        if (name == "join") {
            const Value *attr = args.get(1, "attribute");
            List items = iterate(v, pos);
            if (attr)
                for (Value &item : items)
                    item = attributeOf(item, toText(*attr), pos);
            return Value::string(joinTexts(items, a0 ? toText(*a0) : "", pos));
        }
        if (name == "list")
            return Value::makeList(iterate(v, pos));
        if (name == "string")
            return Value::string(toText(v));
        if (name == "int") {
            if (v.kind == Value::Kind::String) {
                try {
                    return Value::integer(std::stoll(pyStrip(v.s, nullptr, true, true)));
                } catch (...) {
                    return a0 ? *a0 : Value::integer(0);
                }
            }
            return v.isNumber() ? Value::integer(v.asInt()) : (a0 ? *a0 : Value::integer(0));
        }
        if (name == "float") {
            if (v.kind == Value::Kind::String) {
                try {
                    return Value::number(std::stod(v.s));
                } catch (...) {
                    return a0 ? *a0 : Value::number(0);
                }
            }
            return v.isNumber() ? Value::number(v.asDouble()) : (a0 ? *a0 : Value::number(0));
        }
        if (name == "abs") {
            if (!v.isNumber())
                fail(pos, "abs needs a number");
            if (v.kind == Value::Kind::Float)
                return Value::number(std::fabs(v.f));
            if (v.asInt() == std::numeric_limits<std::int64_t>::min())
                failOverflow(pos, "abs");
            return Value::integer(std::llabs(v.asInt()));
        }
        if (name == "round") {
            const Value *precision = args.get(0, "precision");
            const double scale = std::pow(10.0, precision ? static_cast<double>(precision->asInt()) : 0.0);
            return Value::number(std::round(v.asDouble() * scale) / scale);
        }
        if (name == "replace") {
            const Value *b = args.get(1, "new");
            const Value *countV = args.get(2, "count");
            if (!a0 || !b)
                fail(pos, "replace needs two arguments");
            return Value::string(replaceAll(toText(v), toText(*a0), toText(*b), countV ? countV->asInt() : -1, pos));
        }
        if (name == "reverse") {
            if (v.kind == Value::Kind::String) {
                std::u32string cps = codepoints(v.s);
                std::reverse(cps.begin(), cps.end());
                return Value::string(utf8(cps));
            }
            List items = iterate(v, pos);
            std::reverse(items.begin(), items.end());
            return Value::makeList(std::move(items));
        }
        if (name == "sort") {
            const Value *reverse = args.get(0, "reverse");
            const Value *attr = args.get(2, "attribute");
            List items = iterate(v, pos);
            std::stable_sort(items.begin(), items.end(), [&](const Value &x, const Value &y) {
                const Value kx = attr ? attributeOf(x, toText(*attr), pos) : x;
                const Value ky = attr ? attributeOf(y, toText(*attr), pos) : y;
                return compare(kx, ky, pos) < 0;
            });
            if (reverse && truthy(*reverse))
                std::reverse(items.begin(), items.end());
            return Value::makeList(std::move(items));
        }
        if (name == "unique") {
            List out;
            for (const Value &x : iterate(v, pos))
                if (std::none_of(out.begin(), out.end(), [&](const Value &y) { return equals(x, y); }))
                    out.push_back(x);
            return Value::makeList(std::move(out));
        }
        if (name == "map") {
            const Value *attr = args.get(99, "attribute");
            List out;
            for (const Value &x : iterate(v, pos)) {
                if (attr) {
                    out.push_back(attributeOf(x, toText(*attr), pos));
                } else {
                    if (!a0)
                        fail(pos, "map needs a filter name or attribute=");
                    Args rest;
                    rest.pos = pos;
                    rest.positional.assign(args.positional.begin() + 1, args.positional.end());
                    out.push_back(applyFilter(toText(*a0), x, rest, pos));
                }
            }
            return Value::makeList(std::move(out));
        }
        if (name == "select" || name == "reject" || name == "selectattr" || name == "rejectattr") {
            const bool byAttr = name == "selectattr" || name == "rejectattr";
            const bool keepTrue = name == "select" || name == "selectattr";
            const std::size_t testIndex = byAttr ? 1 : 0;
            List out;
            for (const Value &x : iterate(v, pos)) {
                const Value subject = byAttr ? attributeOf(x, a0 ? toText(*a0) : "", pos) : x;
                bool r;
                if (args.positional.size() > testIndex) {
                    Args rest;
                    rest.pos = pos;
                    rest.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(testIndex) + 1, args.positional.end());
                    r = applyTest(toText(args.positional[testIndex]), subject, rest, pos);
                } else {
                    r = truthy(subject);
                }
                if (r == keepTrue)
                    out.push_back(x);
            }
            return Value::makeList(std::move(out));
        }
        if (name == "indent") {
            const Value *width = args.get(0, "width");
            const Value *first = args.get(1, "first");
            const Value *blank = args.get(2, "blank");
            const std::int64_t padWidth = width ? std::max<std::int64_t>(width->asInt(), 0) : 4;
            checkTextSize(static_cast<std::uint64_t>(padWidth), pos);
            const std::string pad = width && width->kind == Value::Kind::String ? width->s : std::string(static_cast<std::size_t>(padWidth), ' ');
            const std::string s = toText(v);
            std::string out;
            std::size_t start = 0;
            bool firstLine = true;
            while (true) {
                const std::size_t nl = s.find('\n', start);
                const std::string line = s.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
                const bool doPad = (firstLine ? first && truthy(*first) : true) && (!line.empty() || (blank && truthy(*blank)));
                out += (doPad ? pad : "") + line;
                if (nl == std::string::npos)
                    break;
                out += "\n";
                start = nl + 1;
                firstLine = false;
            }
            return Value::string(out);
        }
        if (name == "safe")
            return v;
        if (name == "e" || name == "escape") {
            std::string out;
            for (char c : toText(v)) {
                switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&#34;"; break;
                case '\'': out += "&#39;"; break;
                default: out.push_back(c);
                }
            }
            return Value::string(out);
        }
        if (name == "wordcount") {
            const Value words = stringMethod(toText(v), "split", args);
            return Value::integer(static_cast<std::int64_t>(words.list->size()));
        }
        if (name == "min" || name == "max" || name == "sum") {
            const List items = iterate(v, pos);
            if (name == "sum") {
                Value total = Value::integer(0);
                for (const Value &x : items)
                    total = binary("+", total, x, pos);
                return total;
            }
            if (items.empty())
                return Value();
            Value best = items.front();
            for (const Value &x : items)
                if ((compare(x, best, pos) < 0) == (name == "min") && !equals(x, best))
                    best = x;
            return best;
        }
        fail(pos, "unknown filter '" + name + "'");
    }

    static constexpr int kMaxRenderNesting = 300;
    // Work units: an expression step is one, a loop iteration (its `loop` object) about as much as
    // thirty-two; the budget is about 0.02 s of rendering (0.3 s under ASan), thirty times what a
    // thousand-message conversation takes.
    static constexpr std::size_t kLoopIterationWork = 32;
    static constexpr std::size_t kMaxWork = 300000;
    std::vector<Scope> m_scopes;
    std::string &m_out;
    int m_depth = 0;
    std::size_t m_work = 0;
};

void lineColumn(const std::string &src, std::size_t pos, std::size_t &line, std::size_t &column)
{
    line = 1;
    column = 1;
    for (std::size_t k = 0; k < pos && k < src.size(); ++k) {
        if (src[k] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(src[k]) & 0xC0) != 0x80) {
            ++column;
        }
    }
}

Error templateError(const std::string &name, const std::string &src, const TemplateError &e)
{
    std::size_t line = 0, column = 0;
    lineColumn(src, e.pos, line, column);
    return makeError(ErrorCode::Format, name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + e.message);
}

std::string readFile(const fs::path &path, bool &ok)
{
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

Result<ChatTemplate> ChatTemplate::parse(const std::string &source, const std::string &name)
{
    try {
        Parser parser(lex(source));
        ChatTemplate t;
        t.m_source = source;
        t.m_name = name;
        t.m_root = parser.parseTemplate();
        return t;
    } catch (const TemplateError &e) {
        return templateError(name, source, e);
    } catch (const std::exception &e) {
        return makeError(ErrorCode::Format, name + ": " + e.what());
    }
}

Result<std::string> ChatTemplate::render(const nlohmann::ordered_json &context) const
{
    std::string out;
    try {
        Renderer r(out);
        const std::string &src = m_source;
        r.setGlobal("raise_exception", Value::function([](Args &args) -> Value {
                        fail(args.pos, "the template raised an error: " + (args.positional.empty() ? std::string() : toText(args.positional[0])));
                    }));
        r.setGlobal("namespace", Value::function([](Args &args) {
                        Value ns = Value::makeDict();
                        ns.isNamespace = true;
                        for (const auto &[k, v] : args.named)
                            ns.set(k, v);
                        return ns;
                    }));
        r.setGlobal("dict", Value::function([](Args &args) {
                        Value d = Value::makeDict();
                        for (const auto &[k, v] : args.named)
                            d.set(k, v);
                        return d;
                    }));
        r.setGlobal("range", Value::function([](Args &args) {
                        std::int64_t start = 0, stop = 0, step = 1;
                        if (args.positional.size() == 1)
                            stop = args.positional[0].asInt();
                        else if (args.positional.size() >= 2) {
                            start = args.positional[0].asInt();
                            stop = args.positional[1].asInt();
                            if (args.positional.size() > 2)
                                step = args.positional[2].asInt();
                        }
                        if (step == 0)
                            fail(args.pos, "range() step cannot be zero");
                        List items;
                        for (std::int64_t k = start; step > 0 ? k < stop : k > stop;) {
                            items.push_back(Value::integer(k));
                            if (items.size() > kMaxItems)
                                fail(args.pos, "range() too large (transformers' sandbox allows 100000 items)");
                            if (__builtin_add_overflow(k, step, &k)) // past the last int64, so past stop
                                break;
                        }
                        return Value::makeList(std::move(items));
                    }));
        r.setGlobal("strftime_now", Value::function([](Args &args) {
                        const std::time_t now = std::time(nullptr);
                        std::tm tm{};
                        localtime_r(&now, &tm);
                        char buf[256];
                        const std::string fmt = args.positional.empty() ? std::string("%Y-%m-%d") : toText(args.positional[0]);
                        const std::size_t n = std::strftime(buf, sizeof buf, fmt.c_str(), &tm);
                        return Value::string(std::string(buf, n));
                    }));
        if (context.is_object())
            for (auto it = context.begin(); it != context.end(); ++it)
                r.setGlobal(it.key(), fromJson(it.value()));
        (void)src;
        r.render(m_root->body);
    } catch (const TemplateError &e) {
        return templateError(m_name, m_source, e);
    } catch (const BreakSignal &) {
        return makeError(ErrorCode::Format, m_name + ": {% break %} outside a loop");
    } catch (const ContinueSignal &) {
        return makeError(ErrorCode::Format, m_name + ": {% continue %} outside a loop");
    } catch (const std::exception &e) { // e.g. a number literal out of range
        return makeError(ErrorCode::Format, m_name + ": " + e.what());
    }
    return out;
}

Result<std::string> ChatTemplate::render(const Conversation &messages, const ChatRenderOptions &options) const
{
    nlohmann::ordered_json context = options.extra.is_object() ? options.extra : nlohmann::ordered_json::object();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ChatMessage &m : messages)
        list.push_back({{"role", m.role}, {"content", m.content}});
    context["messages"] = std::move(list);
    context["add_generation_prompt"] = options.addGenerationPrompt;
    context["bos_token"] = options.bosToken;
    context["eos_token"] = options.eosToken;
    // transformers passes tools and documents (None unless given): `tools is defined` holds.
    if (!context.contains("tools"))
        context["tools"] = nullptr;
    if (!context.contains("documents"))
        context["documents"] = nullptr;
    return render(context);
}

Result<ChatTemplateSource> findChatTemplate(const fs::path &model)
{
    ChatTemplateSource out;
    auto noTemplate = [&](const std::string &where) {
        return makeError(ErrorCode::NotFound, where + " has no chat template; choose one of the built-in templates ("
                                                  + builtinChatTemplateList() + ") or give a .jinja file");
    };
    if (isGgufFile(model)) {
        auto gguf = GgufFile::open(model);
        if (!gguf)
            return gguf.error();
        const GgufHeader &h = gguf->header();
        out.text = h.getString("tokenizer.chat_template");
        if (out.text.empty())
            return noTemplate(model.string());
        out.origin = model.string() + " tokenizer.chat_template";
        const auto *tokens = h.getArray("tokenizer.ggml.tokens");
        auto token = [&](const char *key) {
            const std::int64_t id = h.getInt(key, -1);
            return tokens && id >= 0 && static_cast<std::size_t>(id) < tokens->size() ? (*tokens)[static_cast<std::size_t>(id)].s : std::string();
        };
        out.bosToken = token("tokenizer.ggml.bos_token_id");
        out.eosToken = token("tokenizer.ggml.eos_token_id");
        return out;
    }
    if (!isDirectory(model))
        return makeError(ErrorCode::NotFound, model.string() + ": not a model folder or .gguf file");
    json config = json::object();
    const fs::path configPath = model / "tokenizer_config.json";
    if (isFile(configPath)) {
        bool ok = false;
        config = json::parse(readFile(configPath, ok), nullptr, false);
        if (config.is_discarded() || !config.is_object())
            return makeError(ErrorCode::Format, configPath.string() + ": not a JSON object");
    }
    auto tokenString = [&](const char *key) {
        const auto it = config.find(key);
        if (it == config.end())
            return std::string();
        if (it->is_string())
            return it->get<std::string>();
        if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
            return (*it)["content"].get<std::string>();
        return std::string();
    };
    out.bosToken = tokenString("bos_token");
    out.eosToken = tokenString("eos_token");
    if (isFile(model / "chat_template.jinja")) {
        bool ok = false;
        out.text = readFile(model / "chat_template.jinja", ok);
        out.origin = (model / "chat_template.jinja").string();
        return out;
    }
    if (isFile(model / "chat_template.json")) {
        bool ok = false;
        const json j = json::parse(readFile(model / "chat_template.json", ok), nullptr, false);
        if (j.is_object() && j.contains("chat_template") && j["chat_template"].is_string()) {
            out.text = j["chat_template"].get<std::string>();
            out.origin = (model / "chat_template.json").string();
            return out;
        }
        return makeError(ErrorCode::Format, (model / "chat_template.json").string() + ": no \"chat_template\" string");
    }
    const auto it = config.find("chat_template");
    if (it != config.end()) {
        if (it->is_string()) {
            out.text = it->get<std::string>();
        } else if (it->is_array()) {
            for (const json &entry : *it)
                if (entry.is_object() && entry.value("name", std::string()) == "default" && entry.contains("template")
                    && entry["template"].is_string())
                    out.text = entry["template"].get<std::string>();
            if (out.text.empty())
                return makeError(ErrorCode::Format, configPath.string() + ": chat_template is a list without a \"default\" entry");
        } else {
            return makeError(ErrorCode::Format, configPath.string() + ": chat_template must be a string or a list of {name, template}");
        }
        out.origin = configPath.string() + " chat_template";
        return out;
    }
    return noTemplate(model.string());
}

namespace {

struct Builtin {
    const char *name;
    const char *text;
};

// Well-known formats (written for Hone; each is what the named family's own template renders
// for plain system/user/assistant text).
constexpr Builtin kBuiltins[] = {
    {"chatml",
     "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
     "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"},
    {"llama3",
     "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + "
     "message['content'] | trim + '<|eot_id|>' }}{% endfor %}{% if add_generation_prompt %}"
     "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"},
    {"gemma",
     "{{ bos_token }}{% for message in messages %}{% set role = 'model' if message['role'] == 'assistant' else 'user' %}"
     "{% if message['role'] == 'system' %}{{ '<start_of_turn>user\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
     "{% else %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endif %}{% endfor %}"
     "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"},
    {"alpaca",
     "{% for message in messages %}{% if message['role'] == 'system' %}{{ message['content'] + '\\n\\n' }}"
     "{% elif message['role'] == 'user' %}{{ '### Instruction:\\n' + message['content'] + '\\n\\n' }}"
     "{% else %}{{ '### Response:\\n' + message['content'] + eos_token + '\\n\\n' }}{% endif %}{% endfor %}"
     "{% if add_generation_prompt %}{{ '### Response:\\n' }}{% endif %}"},
};

} // namespace

std::vector<std::string> builtinChatTemplateNames()
{
    std::vector<std::string> names;
    for (const Builtin &b : kBuiltins)
        names.emplace_back(b.name);
    return names;
}

std::string builtinChatTemplateList()
{
    std::string names;
    for (const Builtin &b : kBuiltins)
        names += (names.empty() ? "" : ", ") + std::string(b.name);
    return names;
}

Result<std::string> builtinChatTemplate(const std::string &name)
{
    for (const Builtin &b : kBuiltins)
        if (name == b.name)
            return std::string(b.text);
    return makeError(ErrorCode::NotFound, "no built-in chat template named \"" + name + "\" (there are: " + builtinChatTemplateList() + ")");
}

Result<ChatTemplateSource> chooseChatTemplate(const fs::path &model, const std::string &choice)
{
    auto own = findChatTemplate(model);
    if (choice.empty())
        return own;
    ChatTemplateSource out;
    if (own) {
        out.bosToken = own->bosToken;
        out.eosToken = own->eosToken;
    }
    if (auto builtin = builtinChatTemplate(choice)) {
        out.text = *builtin;
        out.origin = "built-in " + choice;
        return out;
    }
    bool ok = false;
    if (isFile(choice))
        out.text = readFile(choice, ok);
    if (!ok) {
        return makeError(ErrorCode::NotFound, "chat template \"" + choice + "\" is neither a built-in template ("
                                                  + builtinChatTemplateList() + ") nor a readable .jinja file");
    }
    out.origin = choice;
    return out;
}

} // namespace hone

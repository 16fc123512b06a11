#include "core/text/sentencepiecemodelproto.h"

#include <cstdint>
#include <cstring>

namespace hone {

namespace {

// A protobuf wire-format reader over one message's bytes.
class WireReader {
public:
    explicit WireReader(std::string_view bytes) : m_bytes(bytes) {}
    bool atEnd() const { return m_pos >= m_bytes.size(); }
    bool failed() const { return m_failed; }

    bool varint(std::uint64_t &value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_bytes.size())
                return fail();
            const auto b = static_cast<unsigned char>(m_bytes[m_pos++]);
            value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80))
                return true;
        }
        return fail();
    }
    // Next field: number and wire type.
    bool tag(int &field, int &wire)
    {
        std::uint64_t v = 0;
        if (!varint(v))
            return false;
        field = static_cast<int>(v >> 3);
        wire = static_cast<int>(v & 7);
        return field > 0 || fail();
    }
    bool bytes(std::string_view &out)
    {
        std::uint64_t len = 0;
        if (!varint(len) || len > m_bytes.size() - m_pos)
            return fail();
        out = m_bytes.substr(m_pos, static_cast<std::size_t>(len));
        m_pos += static_cast<std::size_t>(len);
        return true;
    }
    bool fixed32(std::uint32_t &out)
    {
        if (m_bytes.size() - m_pos < 4)
            return fail();
        std::memcpy(&out, m_bytes.data() + m_pos, 4);
        m_pos += 4;
        return true;
    }
    bool skip(int wire)
    {
        std::uint64_t v = 0;
        std::string_view s;
        std::uint32_t f = 0;
        switch (wire) {
        case 0: return varint(v);
        case 1:
            if (m_bytes.size() - m_pos < 8)
                return fail();
            m_pos += 8;
            return true;
        case 2: return bytes(s);
        case 5: return fixed32(f);
        default: return fail();
        }
    }

private:
    bool fail()
    {
        m_failed = true;
        return false;
    }
    std::string_view m_bytes;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

inline int asInt32(std::uint64_t v) { return static_cast<int>(static_cast<std::int32_t>(static_cast<std::uint32_t>(v))); }

bool parsePiece(std::string_view bytes, SentencePieceModelProto::Piece &piece)
{
    WireReader r(bytes);
    int field = 0, wire = 0;
    while (!r.atEnd()) {
        if (!r.tag(field, wire))
            return false;
        if (field == 1 && wire == 2) {
            std::string_view s;
            if (!r.bytes(s))
                return false;
            piece.piece.assign(s);
        } else if (field == 2 && wire == 5) {
            std::uint32_t bits = 0;
            if (!r.fixed32(bits))
                return false;
            std::memcpy(&piece.score, &bits, 4);
        } else if (field == 3 && wire == 0) {
            std::uint64_t v = 0;
            if (!r.varint(v))
                return false;
            piece.type = asInt32(v);
        } else if (!r.skip(wire)) {
            return false;
        }
    }
    return true;
}

bool parseTrainerSpec(std::string_view bytes, SentencePieceModelProto &model)
{
    WireReader r(bytes);
    int field = 0, wire = 0;
    while (!r.atEnd()) {
        if (!r.tag(field, wire))
            return false;
        if (wire == 0 && (field == 3 || field == 35 || (field >= 40 && field <= 43))) {
            std::uint64_t v = 0;
            if (!r.varint(v))
                return false;
            switch (field) {
            case 3: model.modelType = asInt32(v); break;
            case 35: model.byteFallback = v != 0; break;
            case 40: model.unkId = asInt32(v); break;
            case 41: model.bosId = asInt32(v); break;
            case 42: model.eosId = asInt32(v); break;
            case 43: model.padId = asInt32(v); break;
            default: break;
            }
        } else if (!r.skip(wire)) {
            return false;
        }
    }
    return true;
}

bool parseNormalizerSpec(std::string_view bytes, SentencePieceModelProto &model)
{
    WireReader r(bytes);
    int field = 0, wire = 0;
    while (!r.atEnd()) {
        if (!r.tag(field, wire))
            return false;
        if ((field == 1 || field == 2) && wire == 2) {
            std::string_view s;
            if (!r.bytes(s))
                return false;
            (field == 1 ? model.normalizerName : model.precompiledCharsmap).assign(s);
        } else if (!r.skip(wire)) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<SentencePieceModelProto> parseSentencePieceModelProto(std::string_view bytes, const std::string &source)
{
    SentencePieceModelProto model;
    WireReader r(bytes);
    int field = 0, wire = 0;
    while (!r.atEnd()) {
        if (!r.tag(field, wire))
            break;
        std::string_view sub;
        if (wire == 2 && (field == 1 || field == 2 || field == 3)) {
            if (!r.bytes(sub))
                break;
            bool ok = true;
            if (field == 1) {
                SentencePieceModelProto::Piece piece;
                ok = parsePiece(sub, piece);
                model.pieces.push_back(std::move(piece));
            } else if (field == 2) {
                ok = parseTrainerSpec(sub, model);
            } else {
                ok = parseNormalizerSpec(sub, model);
            }
            if (!ok)
                return makeError(ErrorCode::Format, source + ": malformed SentencePiece model (field " + std::to_string(field) + ")");
        } else if (!r.skip(wire)) {
            break;
        }
    }
    if (r.failed())
        return makeError(ErrorCode::Format, source + ": malformed SentencePiece model (truncated protobuf)");
    if (model.pieces.empty())
        return makeError(ErrorCode::Format, source + ": the SentencePiece model has no pieces");
    return model;
}

} // namespace hone

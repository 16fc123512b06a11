#pragma once
// Token <-> id table with allocation-free lookups by string_view (open addressing), shared by
// the WordPiece, BPE and Unigram models.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hone {

// The largest token id any vocabulary file may use: 16x the largest vocabularies in use (Gemma's
// 256k). Ids index dense tables, so a hostile id must not size them (fuzz_tokenizerjson).
constexpr int kMaxTokenId = 1 << 22;

class Vocabulary {
public:
    void reserve(std::size_t count);
    // Adds token with the given id; false when the token or the id is already taken.
    bool insert(std::string_view token, int id);
    int find(std::string_view token) const; // -1 when absent
    bool contains(int id) const { return id >= 0 && id < static_cast<int>(m_present.size()) && m_present[id]; }
    const std::string &token(int id) const { return m_tokens[static_cast<std::size_t>(id)]; } // requires contains(id)
    std::size_t size() const { return m_count; }
    int maxId() const { return static_cast<int>(m_tokens.size()) - 1; }

private:
    void grow();
    std::size_t slotFor(std::string_view token, std::size_t hash) const;

    std::vector<std::string> m_tokens;   // by id
    std::vector<char> m_present;         // by id
    std::vector<std::int32_t> m_slots;   // id or -1
    std::vector<std::uint32_t> m_hashes; // low bits of the hash per slot, to skip most compares
    std::size_t m_count = 0;
};

} // namespace hone

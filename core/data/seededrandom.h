#pragma once
// A small deterministic PRNG (splitmix64) for shuffles and splits: the same seed gives the same
// sequence on every platform and compiler (std::shuffle and the std distributions do not).
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hone {

class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound), without modulo bias; bound > 0.
    std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t threshold = (0 - bound) % bound; // 2^64 mod bound
        for (;;) {
            const std::uint64_t r = next();
            if (r >= threshold)
                return r % bound;
        }
    }

    // Fisher-Yates, from the back.
    template <typename T>
    void shuffle(std::vector<T> &v)
    {
        for (std::size_t i = v.size(); i > 1; --i) {
            const std::size_t j = static_cast<std::size_t>(below(i));
            std::swap(v[i - 1], v[j]);
        }
    }

    std::uint64_t state() const { return m_state; }
    void setState(std::uint64_t state) { m_state = state; }

private:
    std::uint64_t m_state;
};

// An independent stream for (seed, stream): per class, per epoch, ...
inline std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t stream)
{
    SeededRandom r(seed ^ (stream * 0xD1B54A32D192ED03ULL + 0x632BE59BD9B4E019ULL));
    r.next();
    return r.next();
}

} // namespace hone

#include "core/models/layers/matvec.h"

#include "core/io/gguf.h"
#include "core/system/computethreads.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace hone {

namespace {

constexpr std::int64_t kQ8Block = 32;
constexpr std::int64_t kQ8BlockBytes = 34;

// --- plain C++ -------------------------------------------------------------------------------

float bf16Value(std::uint16_t h)
{
    const std::uint32_t bits = static_cast<std::uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

// Weights [from, n) of a bf16 row times the input's: what the vector loops leave over.
float bf16TailDot(const std::byte *row, const float *x, std::int64_t from, std::int64_t n)
{
    float sum = 0;
    for (std::int64_t c = from; c < n; ++c) {
        std::uint16_t h;
        std::memcpy(&h, row + 2 * c, 2);
        sum += bf16Value(h) * x[c];
    }
    return sum;
}

float dotBf16Generic(const std::byte *row, const float *x, std::int64_t n)
{
    float partial[8] = {};
    std::int64_t c = 0;
    for (; c + 8 <= n; c += 8)
        for (int k = 0; k < 8; ++k) {
            std::uint16_t h;
            std::memcpy(&h, row + 2 * (c + k), 2);
            partial[k] += bf16Value(h) * x[c + k];
        }
    float sum = 0;
    for (float v : partial)
        sum += v;
    return sum + bf16TailDot(row, x, c, n);
}

// The repository's own dequantizer gives the row's floats (padding zeros included).
float dotQ8Generic(const std::byte *row, const float *x, std::int64_t n)
{
    thread_local std::vector<float> values;
    const std::int64_t padded = (n + kQ8Block - 1) / kQ8Block * kQ8Block;
    values.resize(static_cast<std::size_t>(padded));
    // Cannot fail: the row is whole blocks, its size computed from the same layout.
    (void)dequantizeGgml(static_cast<std::uint32_t>(GgmlType::Q8_0), row, static_cast<std::uint64_t>(padded / kQ8Block * kQ8BlockBytes),
                   padded, values.data());
    float partial[8] = {};
    std::int64_t c = 0;
    for (; c + 8 <= n; c += 8)
        for (int k = 0; k < 8; ++k)
            partial[k] += values[static_cast<std::size_t>(c + k)] * x[c + k];
    float sum = 0;
    for (float v : partial)
        sum += v;
    for (; c < n; ++c)
        sum += values[static_cast<std::size_t>(c)] * x[c];
    return sum;
}

// The last, partial Q8_0 block of a row, if any (its padding weights are zero; the input has no
// padding), through the repository's dequantizer.
float q8TailDot(const std::byte *row, std::int64_t blocks, const float *x, std::int64_t n)
{
    const std::int64_t rest = n - blocks * kQ8Block;
    if (rest == 0)
        return 0;
    float values[kQ8Block];
    // Cannot fail: one whole block.
    (void)dequantizeGgml(static_cast<std::uint32_t>(GgmlType::Q8_0), row + blocks * kQ8BlockBytes, kQ8BlockBytes,
                         kQ8Block, values);
    float sum = 0;
    for (std::int64_t j = 0; j < rest; ++j)
        sum += values[j] * x[blocks * kQ8Block + j];
    return sum;
}

// A Q8_0 block's scale (its first two bytes, fp16).
__attribute__((target("f16c"))) float q8Scale(const std::byte *block)
{
    std::uint16_t h;
    std::memcpy(&h, block, 2);
    return _cvtsh_ss(h);
}

// --- AVX2 + FMA + F16C -----------------------------------------------------------------------

__attribute__((target("avx2,fma"))) float hsum256(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Eight bf16 to float32: widen to 32 bits, shift into the high half.
__attribute__((target("avx2,fma"))) __m256 bf16x8(__m128i h)
{
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

__attribute__((target("avx2,fma"))) float dotBf16Avx2(const std::byte *row, const float *x, std::int64_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    std::int64_t c = 0;
    for (; c + 32 <= n; c += 32) {
        const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(row + 2 * c));
        const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(row + 2 * c + 32));
        a0 = _mm256_fmadd_ps(bf16x8(_mm256_castsi256_si128(w0)), _mm256_loadu_ps(x + c), a0);
        a1 = _mm256_fmadd_ps(bf16x8(_mm256_extracti128_si256(w0, 1)), _mm256_loadu_ps(x + c + 8), a1);
        a2 = _mm256_fmadd_ps(bf16x8(_mm256_castsi256_si128(w1)), _mm256_loadu_ps(x + c + 16), a2);
        a3 = _mm256_fmadd_ps(bf16x8(_mm256_extracti128_si256(w1, 1)), _mm256_loadu_ps(x + c + 24), a3);
    }
    for (; c + 8 <= n; c += 8)
        a0 = _mm256_fmadd_ps(bf16x8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(row + 2 * c))),
                             _mm256_loadu_ps(x + c), a0);
    float sum = hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    return sum + bf16TailDot(row, x, c, n);
}

__attribute__((target("avx2,fma"))) __m256 q8x8(const std::byte *q)
{
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(q))));
}

__attribute__((target("avx2,fma,f16c"))) float dotQ8Avx2(const std::byte *row, const float *x, std::int64_t n)
{
    // Four independent chains (one per eight weights of a block), the scale applied per weight.
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    const std::int64_t blocks = n / kQ8Block;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::byte *block = row + b * kQ8BlockBytes;
        const __m256 d = _mm256_set1_ps(q8Scale(block));
        const float *xb = x + b * kQ8Block;
        a0 = _mm256_fmadd_ps(_mm256_mul_ps(q8x8(block + 2), d), _mm256_loadu_ps(xb), a0);
        a1 = _mm256_fmadd_ps(_mm256_mul_ps(q8x8(block + 10), d), _mm256_loadu_ps(xb + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_mul_ps(q8x8(block + 18), d), _mm256_loadu_ps(xb + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_mul_ps(q8x8(block + 26), d), _mm256_loadu_ps(xb + 24), a3);
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3))) + q8TailDot(row, blocks, x, n);
}

// --- AVX-512 (F + BW) --------------------------------------------------------------------------

// GCC 12's AVX-512 headers start some intrinsics from a deliberately undefined register and then
// warn about it (GCC bug 105593); the values are all defined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

__attribute__((target("avx512f,avx512bw"))) __m512 bf16x16(__m256i h)
{
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

__attribute__((target("avx512f,avx512bw"))) float dotBf16Avx512(const std::byte *row, const float *x, std::int64_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    std::int64_t c = 0;
    for (; c + 64 <= n; c += 64) {
        const __m512i w0 = _mm512_loadu_si512(row + 2 * c);
        const __m512i w1 = _mm512_loadu_si512(row + 2 * c + 64);
        a0 = _mm512_fmadd_ps(bf16x16(_mm512_castsi512_si256(w0)), _mm512_loadu_ps(x + c), a0);
        a1 = _mm512_fmadd_ps(bf16x16(_mm512_extracti64x4_epi64(w0, 1)), _mm512_loadu_ps(x + c + 16), a1);
        a2 = _mm512_fmadd_ps(bf16x16(_mm512_castsi512_si256(w1)), _mm512_loadu_ps(x + c + 32), a2);
        a3 = _mm512_fmadd_ps(bf16x16(_mm512_extracti64x4_epi64(w1, 1)), _mm512_loadu_ps(x + c + 48), a3);
    }
    a0 = _mm512_add_ps(a0, a2);
    a1 = _mm512_add_ps(a1, a3);
    for (; c + 16 <= n; c += 16)
        a0 = _mm512_fmadd_ps(bf16x16(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(row + 2 * c))),
                             _mm512_loadu_ps(x + c), a0);
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
    return sum + bf16TailDot(row, x, c, n);
}

__attribute__((target("avx512f,avx512bw,f16c"))) __m512 q8x16(const std::byte *q)
{
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(q))));
}

__attribute__((target("avx512f,avx512bw,f16c"))) float dotQ8Avx512(const std::byte *row, const float *x, std::int64_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = a0;
    const std::int64_t blocks = n / kQ8Block;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::byte *block = row + b * kQ8BlockBytes;
        const __m512 d = _mm512_set1_ps(q8Scale(block));
        const float *xb = x + b * kQ8Block;
        a0 = _mm512_fmadd_ps(_mm512_mul_ps(q8x16(block + 2), d), _mm512_loadu_ps(xb), a0);
        a1 = _mm512_fmadd_ps(_mm512_mul_ps(q8x16(block + 18), d), _mm512_loadu_ps(xb + 16), a1);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(a0, a1)) + q8TailDot(row, blocks, x, n);
}

#pragma GCC diagnostic pop

using DotFunction = float (*)(const std::byte *, const float *, std::int64_t);

DotFunction dotFor(MatVecFormat format, MatVecIsa isa)
{
    const bool bf16 = format == MatVecFormat::BF16;
    switch (isa) {
    case MatVecIsa::Avx512:
        return bf16 ? dotBf16Avx512 : dotQ8Avx512;
    case MatVecIsa::Avx2:
        return bf16 ? dotBf16Avx2 : dotQ8Avx2;
    case MatVecIsa::Generic:
        break;
    }
    return bf16 ? dotBf16Generic : dotQ8Generic;
}

// --- threads -----------------------------------------------------------------------------------

// One process-wide pool, like LibTorch's own intra-op pool: a decode step runs a couple of hundred
// short products, so the workers spin briefly between them instead of sleeping (a futex wake-up
// costs as much as a small product), then sleep once generation pauses. Work is split into a few
// parts per thread that any thread claims, the caller included: on a busy machine a worker that
// is not scheduled leaves its parts to the others instead of stalling the product.
class RowPool {
public:
    explicit RowPool(int threads)
    {
        for (int i = 1; i < threads; ++i)
            m_workers.emplace_back([this] { workerLoop(); });
    }
    ~RowPool()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        for (auto &t : m_workers)
            t.join();
    }
    int threads() const { return static_cast<int>(m_workers.size()) + 1; }

    void run(std::int64_t count, std::int64_t minimumPart, const std::function<void(std::int64_t, std::int64_t)> &work)
    {
        const std::int64_t parts = std::min<std::int64_t>({4 * threads(), count / std::max<std::int64_t>(1, minimumPart), 0xFFFF});
        std::unique_lock<std::mutex> busy(m_busy, std::try_to_lock);
        if (threads() == 1 || parts <= 1 || !busy.owns_lock()) { // small, or another thread is using the pool
            work(0, count);
            return;
        }
        m_work = &work;
        m_count = count;
        m_done.store(0, std::memory_order_relaxed);
        const std::uint64_t generation = (m_state.load(std::memory_order_relaxed) >> 32) + 1;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_state.store(generation << 32 | static_cast<std::uint64_t>(parts) << 16, std::memory_order_release);
        }
        m_wake.notify_all();
        runClaimedParts();
        for (int spins = 0; m_done.load(std::memory_order_acquire) < parts; ++spins) {
            if (spins < 4096)
                _mm_pause();
            else
                std::this_thread::yield(); // the part's thread was preempted
        }
    }

private:
    // m_state: generation (32 bits) | parts (16) | next unclaimed part (16), claimed by compare-exchange.
    void runClaimedParts()
    {
        std::uint64_t state = m_state.load(std::memory_order_acquire);
        while (true) {
            const std::uint64_t parts = (state >> 16) & 0xFFFF, next = state & 0xFFFF;
            if (next >= parts)
                return;
            if (!m_state.compare_exchange_weak(state, state + 1, std::memory_order_acq_rel, std::memory_order_acquire))
                continue;
            const auto part = static_cast<std::int64_t>(next), total = static_cast<std::int64_t>(parts);
            (*m_work)(m_count * part / total, m_count * (part + 1) / total);
            m_done.fetch_add(1, std::memory_order_release);
            state = m_state.load(std::memory_order_acquire);
        }
    }

    void workerLoop()
    {
        std::uint64_t seen = 0;
        auto generation = [this] { return m_state.load(std::memory_order_acquire) >> 32; };
        while (true) {
            const auto spinStart = std::chrono::steady_clock::now();
            for (int spins = 0; generation() == seen; ++spins) {
                _mm_pause();
                if (spins % 64 == 0 && std::chrono::steady_clock::now() - spinStart > kSpin)
                    break;
            }
            if (generation() == seen) {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stop || generation() != seen; });
                if (m_stop)
                    return;
            }
            seen = generation();
            runClaimedParts();
        }
    }

    static constexpr std::chrono::microseconds kSpin{300};
    std::vector<std::thread> m_workers;
    std::mutex m_busy;  // one caller at a time
    std::mutex m_mutex; // guards sleeping and m_stop
    std::condition_variable m_wake;
    std::atomic<std::uint64_t> m_state{0};
    std::atomic<std::int64_t> m_done{0};
    const std::function<void(std::int64_t, std::int64_t)> *m_work = nullptr;
    std::int64_t m_count = 0;
    bool m_stop = false;
};

RowPool &rowPool()
{
    static RowPool pool(defaultComputeThreads());
    return pool;
}

} // namespace

const char *matVecIsaName(MatVecIsa isa)
{
    switch (isa) {
    case MatVecIsa::Avx512:
        return "avx512";
    case MatVecIsa::Avx2:
        return "avx2";
    case MatVecIsa::Generic:
        break;
    }
    return "generic";
}

std::vector<MatVecIsa> supportedMatVecIsas()
{
    std::vector<MatVecIsa> isas{MatVecIsa::Generic};
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    if (avx2)
        isas.push_back(MatVecIsa::Avx2);
    if (avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
        isas.push_back(MatVecIsa::Avx512);
    return isas;
}

MatVecIsa bestMatVecIsa()
{
    static const MatVecIsa best = supportedMatVecIsas().back();
    return best;
}

std::int64_t matVecRowBytes(MatVecFormat format, std::int64_t columns)
{
    return format == MatVecFormat::BF16 ? 2 * columns : (columns + kQ8Block - 1) / kQ8Block * kQ8BlockBytes;
}

void matVecRows(const MatVecProblem &p, MatVecIsa isa, std::int64_t begin, std::int64_t end)
{
    const DotFunction dot = dotFor(p.format, isa);
    const std::int64_t rowBytes = matVecRowBytes(p.format, p.columns);
    for (std::int64_t o = begin; o < end; ++o) {
        const std::byte *row = p.weights + o * rowBytes;
        for (std::int64_t i = 0; i < p.inputRows; ++i) {
            const float sum = dot(row, p.input + i * p.columns, p.columns);
            p.output[i * p.outputs + o] = p.bias ? sum + p.bias[o] : sum;
        }
    }
}

void matVec(const MatVecProblem &p)
{
    // bf16 stays on 256-bit code: on the AMD EPYC (Zen 4) it was measured on, the 512-bit loop
    // streamed 18-19 GB/s against 25-28 GB/s (one 49152 x 576 matrix, one thread).
    const MatVecIsa isa = p.format == MatVecFormat::BF16 ? std::min(bestMatVecIsa(), MatVecIsa::Avx2) : bestMatVecIsa();
    // Parts of at least ~32k weights: below that the hand-over costs more than it saves.
    const std::int64_t minimumPart = std::max<std::int64_t>(1, 32768 / std::max<std::int64_t>(1, p.columns));
    parallelRows(p.outputs, minimumPart, [&](std::int64_t begin, std::int64_t end) { matVecRows(p, isa, begin, end); });
}

int decodeThreadCount()
{
    return rowPool().threads();
}

void parallelRows(std::int64_t count, std::int64_t minimumPart, const std::function<void(std::int64_t, std::int64_t)> &work)
{
    rowPool().run(count, minimumPart, work);
}

} // namespace hone

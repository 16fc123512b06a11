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

// Weight c of a row as float32, for each format a row is read in directly.
float f32At(const std::byte *row, std::int64_t c)
{
    float f;
    std::memcpy(&f, row + 4 * c, 4);
    return f;
}

float bf16At(const std::byte *row, std::int64_t c)
{
    std::uint16_t h;
    std::memcpy(&h, row + 2 * c, 2);
    const std::uint32_t bits = static_cast<std::uint32_t>(h) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

using WeightAt = float (*)(const std::byte *, std::int64_t);

// Weights [from, n) of a row times the input's: what the vector loops leave over.
template <WeightAt At>
float tailDot(const std::byte *row, const float *x, std::int64_t from, std::int64_t n)
{
    float sum = 0;
    for (std::int64_t c = from; c < n; ++c)
        sum += At(row, c) * x[c];
    return sum;
}

template <WeightAt At>
float dotGeneric(const std::byte *row, const float *x, std::int64_t n)
{
    float partial[8] = {};
    std::int64_t c = 0;
    for (; c + 8 <= n; c += 8)
        for (int k = 0; k < 8; ++k)
            partial[k] += At(row, c + k) * x[c + k];
    float sum = 0;
    for (float v : partial)
        sum += v;
    return sum + tailDot<At>(row, x, c, n);
}

// The repository's own dequantizer gives the row's floats (padding zeros included), then the
// float32 loop runs over them.
float dotQ8Generic(const std::byte *row, const float *x, std::int64_t n)
{
    thread_local std::vector<float> values;
    const std::int64_t padded = (n + kQ8Block - 1) / kQ8Block * kQ8Block;
    values.resize(static_cast<std::size_t>(padded));
    // Cannot fail: the row is whole blocks, its size computed from the same layout.
    (void)dequantizeGgml(static_cast<std::uint32_t>(GgmlType::Q8_0), row, static_cast<std::uint64_t>(padded / kQ8Block * kQ8BlockBytes),
                   padded, values.data());
    return dotGeneric<f32At>(reinterpret_cast<const std::byte *>(values.data()), x, n);
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
    return tailDot<f32At>(reinterpret_cast<const std::byte *>(values), x + blocks * kQ8Block, 0, rest);
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

// Weights [c, c + 8) of a row as float32: loaded as they are, or bf16 widened to 32 bits and
// shifted into the high half.
__attribute__((target("avx2,fma"))) inline __m256 f32x8(const std::byte *row, std::int64_t c)
{
    return _mm256_loadu_ps(reinterpret_cast<const float *>(row + 4 * c));
}

__attribute__((target("avx2,fma"))) inline __m256 bf16x8(const std::byte *row, std::int64_t c)
{
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + 2 * c));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

using Load8 = __m256 (*)(const std::byte *, std::int64_t);

// Four independent chains of eight, so that the loads, not the FMA latency, set the pace.
template <Load8 Load, WeightAt At>
__attribute__((target("avx2,fma"))) float dotAvx2(const std::byte *row, const float *x, std::int64_t n)
{
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    std::int64_t c = 0;
    for (; c + 32 <= n; c += 32) {
        a0 = _mm256_fmadd_ps(Load(row, c), _mm256_loadu_ps(x + c), a0);
        a1 = _mm256_fmadd_ps(Load(row, c + 8), _mm256_loadu_ps(x + c + 8), a1);
        a2 = _mm256_fmadd_ps(Load(row, c + 16), _mm256_loadu_ps(x + c + 16), a2);
        a3 = _mm256_fmadd_ps(Load(row, c + 24), _mm256_loadu_ps(x + c + 24), a3);
    }
    for (; c + 8 <= n; c += 8)
        a0 = _mm256_fmadd_ps(Load(row, c), _mm256_loadu_ps(x + c), a0);
    float sum = hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    return sum + tailDot<At>(row, x, c, n);
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

__attribute__((target("avx512f,avx512bw"))) inline __m512 f32x16(const std::byte *row, std::int64_t c)
{
    return _mm512_loadu_ps(row + 4 * c);
}

__attribute__((target("avx512f,avx512bw"))) inline __m512 bf16x16(const std::byte *row, std::int64_t c)
{
    const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(row + 2 * c));
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

using Load16 = __m512 (*)(const std::byte *, std::int64_t);

template <Load16 Load, WeightAt At>
__attribute__((target("avx512f,avx512bw"))) float dotAvx512(const std::byte *row, const float *x, std::int64_t n)
{
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    std::int64_t c = 0;
    for (; c + 64 <= n; c += 64) {
        a0 = _mm512_fmadd_ps(Load(row, c), _mm512_loadu_ps(x + c), a0);
        a1 = _mm512_fmadd_ps(Load(row, c + 16), _mm512_loadu_ps(x + c + 16), a1);
        a2 = _mm512_fmadd_ps(Load(row, c + 32), _mm512_loadu_ps(x + c + 32), a2);
        a3 = _mm512_fmadd_ps(Load(row, c + 48), _mm512_loadu_ps(x + c + 48), a3);
    }
    for (; c + 16 <= n; c += 16)
        a0 = _mm512_fmadd_ps(Load(row, c), _mm512_loadu_ps(x + c), a0);
    float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
    return sum + tailDot<At>(row, x, c, n);
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
    switch (format) {
    case MatVecFormat::F32:
        return isa == MatVecIsa::Avx512 ? dotAvx512<f32x16, f32At>
               : isa == MatVecIsa::Avx2 ? dotAvx2<f32x8, f32At>
                                        : dotGeneric<f32At>;
    case MatVecFormat::BF16:
        return isa == MatVecIsa::Avx512 ? dotAvx512<bf16x16, bf16At>
               : isa == MatVecIsa::Avx2 ? dotAvx2<bf16x8, bf16At>
                                        : dotGeneric<bf16At>;
    case MatVecFormat::Q8_0:
        break;
    }
    return isa == MatVecIsa::Avx512 ? dotQ8Avx512 : isa == MatVecIsa::Avx2 ? dotQ8Avx2 : dotQ8Generic;
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
    switch (format) {
    case MatVecFormat::F32:
        return 4 * columns;
    case MatVecFormat::BF16:
        return 2 * columns;
    case MatVecFormat::Q8_0:
        break;
    }
    return (columns + kQ8Block - 1) / kQ8Block * kQ8BlockBytes;
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
    // f32 and bf16 stay on 256-bit code: on the AMD EPYC (Zen 4) it was measured on, the 512-bit
    // loop streamed less (f32 16-17 GB/s against 19, bf16 18-26 against 26-28; SmolLM2's shapes,
    // one thread).
    const MatVecIsa isa = p.format == MatVecFormat::Q8_0 ? bestMatVecIsa() : std::min(bestMatVecIsa(), MatVecIsa::Avx2);
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

#pragma once
// Matrix-vector products for decoding (a few input rows at a time) with weights in float32 (read
// where they are), bf16 (two bytes a weight) or ggml's Q8_0 blocks (32 int8 and an fp16 scale, 34
// bytes for 32 weights). One decoded token reads every weight once, so at batch 1 the time is the
// bytes streamed from memory, not the arithmetic: reading each once, and halving or quartering
// them, are the levers. The input and the sums stay float32 (a weight is converted exactly to
// float32 and multiplied), the code path is chosen at run time from what the CPU supports, and
// output rows are split over a small pool of threads. No LibTorch types here.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hone {

enum class MatVecFormat { F32, BF16, Q8_0 };

// Instruction sets a kernel is written for, slowest first; Generic is plain C++.
enum class MatVecIsa { Generic, Avx2, Avx512 };
const char *matVecIsaName(MatVecIsa isa);
// Every path this CPU can run (Generic always), and the fastest of them.
std::vector<MatVecIsa> supportedMatVecIsas();
MatVecIsa bestMatVecIsa();

// Bytes one row of `columns` weights takes (Q8_0: columns rounded up to whole blocks of
// 32, the padding zeros).
std::int64_t matVecRowBytes(MatVecFormat format, std::int64_t columns);

struct MatVecProblem {
    MatVecFormat format = MatVecFormat::BF16;
    const std::byte *weights = nullptr; // outputs rows of matVecRowBytes(format, columns) bytes
    std::int64_t outputs = 0;
    std::int64_t columns = 0;
    const float *input = nullptr; // inputRows rows of columns floats, contiguous
    std::int64_t inputRows = 0;
    const float *bias = nullptr;  // outputs floats, or nullptr
    float *output = nullptr;      // inputRows rows of outputs floats, contiguous
};

// output[i][o] = bias[o] + sum_c weight[o][c] * input[i][c], output rows [begin, end) only, with
// the kernel for isa (which the CPU must support), on the calling thread.
void matVecRows(const MatVecProblem &p, MatVecIsa isa, std::int64_t begin, std::int64_t end);
// The whole product with the fastest kernel (for f32 and bf16 the AVX2 one even where AVX-512 runs),
// output rows split over decodeThreadCount() threads.
void matVec(const MatVecProblem &p);

// Threads the products use: defaultComputeThreads(), read once: every physical core in hone-cli and
// the workbench (they restart with OpenMP waiting passively), else 1. On a 2-core Zen 4 two threads
// decoded SmolLM2 1.36x faster than one (42-48 vs 32-34 tokens/s, 3 alternating pairs); on an
// older AVX2 machine one thread read memory as fast as two (22 GB/s either way).
int decodeThreadCount();
// Runs work(begin, end) over [0, count) in at most decodeThreadCount() contiguous parts, one on
// the calling thread; returns when all are done. Parts are at least minimumPart long.
void parallelRows(std::int64_t count, std::int64_t minimumPart,
                  const std::function<void(std::int64_t, std::int64_t)> &work);

} // namespace hone

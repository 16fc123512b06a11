#pragma once
// Row-major single-precision GEMM on raw rows, straight to the BLAS LibTorch itself calls (Debian:
// libblas.so.3, OpenBLAS; the torch wheel: its MKL), so both share one thread pool. For the many
// small products of attention, where a LibTorch op per matrix costs more than the product.
#include <cstdint>

namespace hone {

// A row-major matrix: element (i, j) at data[i * stride + j].
template <typename T>
struct Rows {
    T *data;
    std::int64_t stride;
    T *row(std::int64_t i) const { return data + i * stride; }
};

// c = alpha * op(a) op(b) + beta * c, with op(a) m x k, op(b) k x n (transA: a is stored k x m).
void rowGemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
             Rows<const float> a, Rows<const float> b, float beta, Rows<float> c);

// OpenBLAS runs a product of at most this many multiply-adds (m n k) on the calling thread alone:
// smaller ones may be spread over threads of our own without nesting its pool.
inline constexpr std::int64_t kSingleThreadedGemm = 262144;

} // namespace hone

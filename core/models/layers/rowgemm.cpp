#include "core/models/layers/rowgemm.h"

extern "C" void sgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
                       const float *alpha, const float *a, const int *lda, const float *b, const int *ldb,
                       const float *beta, float *c, const int *ldc);

namespace hone {

// Through column-major sgemm_: c^T = op(b)^T op(a)^T.
void rowGemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha,
             Rows<const float> a, Rows<const float> b, float beta, Rows<float> c)
{
    const char ta = transB ? 'T' : 'N', tb = transA ? 'T' : 'N';
    const int cm = static_cast<int>(n), cn = static_cast<int>(m), ck = static_cast<int>(k);
    const int lda = static_cast<int>(b.stride), ldb = static_cast<int>(a.stride), ldc = static_cast<int>(c.stride);
    sgemm_(&ta, &tb, &cm, &cn, &ck, &alpha, b.data, &lda, a.data, &ldb, &beta, c.data, &ldc);
}

} // namespace hone

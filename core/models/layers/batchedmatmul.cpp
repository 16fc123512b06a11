#include "core/models/layers/batchedmatmul.h"

#include "core/models/layers/rowgemm.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

namespace hone {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// How one operand's matrices are laid out: rows of `stride` (transposed: stored as op's transpose).
struct Layout {
    bool transposed;
    std::int64_t stride;
};

// Row-major (unit column stride) or column-major (unit row stride) matrices; a dimension of 1 fits
// either. Its rows must not overlap (the BLAS's leading dimension is at least a row's length).
bool layoutOf(const torch::Tensor &x, Layout &layout)
{
    const std::int64_t rows = x.size(-2), cols = x.size(-1);
    if (x.stride(-1) == 1 || cols == 1) {
        layout = {false, rows == 1 ? std::max<std::int64_t>(cols, 1) : x.stride(-2)};
        return layout.stride >= std::max<std::int64_t>(cols, 1);
    }
    if (x.stride(-2) == 1 || rows == 1) {
        layout = {true, cols == 1 ? std::max<std::int64_t>(rows, 1) : x.stride(-1)};
        return layout.stride >= std::max<std::int64_t>(rows, 1);
    }
    return false;
}

// Offsets of each matrix of x (in elements), walking the leading dimensions in order.
std::vector<std::int64_t> matrixOffsets(const torch::Tensor &x)
{
    const std::int64_t lead = x.dim() - 2;
    std::int64_t count = 1;
    for (std::int64_t d = 0; d < lead; ++d)
        count *= x.size(d);
    std::vector<std::int64_t> offsets(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t rest = i, offset = 0;
        for (std::int64_t d = lead - 1; d >= 0; --d) {
            offset += (rest % x.size(d)) * x.stride(d);
            rest /= x.size(d);
        }
        offsets[static_cast<std::size_t>(i)] = offset;
    }
    return offsets;
}

torch::Tensor multiplyMatrices(torch::Tensor a, torch::Tensor b)
{
    Layout la{}, lb{};
    if (!layoutOf(a, la))
        a = a.contiguous(), layoutOf(a, la);
    if (!layoutOf(b, lb))
        b = b.contiguous(), layoutOf(b, lb);
    std::vector<std::int64_t> shape(a.sizes().begin(), a.sizes().end());
    shape.back() = b.size(-1);
    torch::Tensor c = torch::empty(shape, a.options().memory_format(torch::MemoryFormat::Contiguous));
    const std::int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
    const std::vector<std::int64_t> offA = matrixOffsets(a), offB = matrixOffsets(b);
    const float *pa = a.data_ptr<float>(), *pb = b.data_ptr<float>();
    float *pc = c.data_ptr<float>();
    const auto count = static_cast<std::int64_t>(offA.size());
    auto work = [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            rowGemm(la.transposed, lb.transposed, m, n, k, 1, {pa + offA[i], la.stride}, {pb + offB[i], lb.stride}, 0,
                    {pc + i * m * n, n});
    };
    if (c.numel() == 0)
        return c;
    if (k == 0)
        c.zero_();
    else if (m * n * k <= kSingleThreadedGemm) // the BLAS keeps these to the calling thread
        at::parallel_for(0, count, 1, work);
    else
        work(0, count);
    return c;
}

class BatchedMatmul : public torch::autograd::Function<BatchedMatmul> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &a, const torch::Tensor &b)
    {
        ctx->save_for_backward({a, b});
        return multiplyMatrices(a, b);
    }

    static variable_list backward(AutogradContext *ctx, variable_list grads)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor &a = saved[0], &b = saved[1], &dc = grads[0];
        return {ctx->needs_input_grad(0) ? multiplyMatrices(dc, b.transpose(-1, -2)) : torch::Tensor(),
                ctx->needs_input_grad(1) ? multiplyMatrices(a.transpose(-1, -2), dc) : torch::Tensor()};
    }
};

} // namespace

torch::Tensor batchedMatmul(const torch::Tensor &a, const torch::Tensor &b)
{
    TORCH_CHECK(a.dim() >= 3 && a.dim() == b.dim(), "batchedMatmul takes batches of matrices of the same rank");
    TORCH_CHECK(a.sizes().slice(0, a.dim() - 2) == b.sizes().slice(0, b.dim() - 2) && a.size(-1) == b.size(-2),
                "batchedMatmul: shapes ", a.sizes(), " and ", b.sizes(), " do not multiply");
    if (a.scalar_type() != torch::kFloat || b.scalar_type() != torch::kFloat || !a.device().is_cpu() ||
        !b.device().is_cpu())
        return torch::matmul(a, b);
    return BatchedMatmul::apply(a, b);
}

} // namespace hone

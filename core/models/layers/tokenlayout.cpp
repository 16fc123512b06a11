#include "core/models/layers/tokenlayout.h"

#include <vector>

namespace hone {

TokenLayout TokenLayout::of(const torch::Tensor &inputIds, const torch::Tensor &attentionMask, bool skipPadding)
{
    TokenLayout layout(inputIds.size(0), inputIds.size(1));
    if (!skipPadding || !attentionMask.defined())
        return layout;
    const torch::Tensor real = attentionMask.reshape({-1}).ne(0);
    if (real.all().item<bool>())
        return layout;
    layout.m_real = real.nonzero().reshape({-1});
    const torch::Tensor mask = attentionMask.ne(0);
    if (mask.select(1, 0).all().item<bool>()) { // right padding: row b starts after the real tokens of rows < b
        const torch::Tensor counts = mask.sum(1);
        layout.m_first = counts.cumsum(0) - counts;
    }
    return layout;
}

torch::Tensor TokenLayout::pack(const torch::Tensor &x) const
{
    if (!packed())
        return x;
    std::vector<std::int64_t> shape{m_batch * m_length};
    shape.insert(shape.end(), x.sizes().begin() + 2, x.sizes().end());
    return x.reshape(shape).index_select(0, m_real);
}

torch::Tensor TokenLayout::unpack(const torch::Tensor &x) const
{
    if (!packed())
        return x;
    std::vector<std::int64_t> flat{m_batch * m_length}, shape{m_batch, m_length};
    flat.insert(flat.end(), x.sizes().begin() + 1, x.sizes().end());
    shape.insert(shape.end(), x.sizes().begin() + 1, x.sizes().end());
    return torch::zeros(flat, x.options()).index_copy(0, m_real, x).view(shape);
}

torch::Tensor TokenLayout::firstTokens(const torch::Tensor &x) const
{
    if (!packed())
        return x.narrow(1, 0, 1);
    TORCH_CHECK(m_first.defined(), "a sequence of this batch starts with padding");
    return x.index_select(0, m_first).unsqueeze(1);
}

} // namespace hone

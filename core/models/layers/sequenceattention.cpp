#include "core/models/layers/sequenceattention.h"

#include "core/models/layers/rowgemm.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hone {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Query rows per block: a block's rows see the keys up to its last row, so the work above the
// diagonal is at most one block's triangle.
constexpr std::int64_t kQueryBlock = 64;

// Where one (sequence, head) pair's matrices live.
struct HeadView {
    Rows<const float> q, k, v;
    std::int64_t length;
    float *probs; // length x length, row i valid up to column i
};

struct Shape {
    std::int64_t heads, kvHeads, dim;
};

template <typename Work>
void forEachHead(const Shape &s, const std::vector<std::int64_t> &lengths, const torch::Tensor &q,
                 const torch::Tensor &k, const torch::Tensor &v, const torch::Tensor &probs, Work &&work)
{
    const std::int64_t group = s.heads / s.kvHeads;
    std::int64_t start = 0, probsOffset = 0;
    for (const std::int64_t length : lengths) {
        for (std::int64_t h = 0; h < s.heads; ++h) {
            const std::int64_t kv = h / group;
            HeadView view{{q.data_ptr<float>() + start * q.stride(0) + h * s.dim, q.stride(0)},
                          {k.data_ptr<float>() + start * k.stride(0) + kv * s.dim, k.stride(0)},
                          {v.data_ptr<float>() + start * v.stride(0) + kv * s.dim, v.stride(0)},
                          length,
                          probs.data_ptr<float>() + probsOffset};
            work(view, start, h, kv);
            probsOffset += length * length;
        }
        start += length;
    }
}

// Row i of a block: softmax over keys 0..i, zeros after (up to `keys`, the block's key count).
void causalSoftmax(float *row, std::int64_t i, std::int64_t keys)
{
    float top = -std::numeric_limits<float>::infinity();
    for (std::int64_t j = 0; j <= i; ++j)
        top = std::max(top, row[j]);
    float sum = 0;
    for (std::int64_t j = 0; j <= i; ++j) {
        row[j] = std::exp(row[j] - top);
        sum += row[j];
    }
    const float inverse = 1.0f / sum;
    for (std::int64_t j = 0; j <= i; ++j)
        row[j] *= inverse;
    std::fill(row + i + 1, row + keys, 0.0f);
}

// Row i of a block's dS = P (dP - rowsum(P dP)) over keys 0..i (dP in place), zeros after.
void softmaxBackwardRow(const float *p, float *d, std::int64_t i, std::int64_t keys)
{
    float dot = 0;
    for (std::int64_t j = 0; j <= i; ++j)
        dot += p[j] * d[j];
    for (std::int64_t j = 0; j <= i; ++j)
        d[j] = p[j] * (d[j] - dot);
    std::fill(d + i + 1, d + keys, 0.0f);
}

torch::Tensor floatRows(const torch::Tensor &x)
{
    torch::Tensor f = x.scalar_type() == torch::kFloat ? x : x.to(torch::kFloat);
    return f.stride(1) == 1 && f.stride(0) >= f.size(1) ? f : f.contiguous();
}

class SequenceAttention : public torch::autograd::Function<SequenceAttention> {
public:
    static torch::Tensor forward(AutogradContext *ctx, const torch::Tensor &q, const torch::Tensor &k,
                                 const torch::Tensor &v, const std::vector<std::int64_t> &lengths, std::int64_t heads,
                                 std::int64_t kvHeads, double scale)
    {
        const Shape s{heads, kvHeads, k.size(1) / kvHeads};
        std::int64_t squares = 0;
        for (const std::int64_t length : lengths)
            squares += length * length;
        torch::Tensor probs = torch::empty({squares * heads}, q.options());
        torch::Tensor out = torch::empty({q.size(0), heads * s.dim}, q.options());
        float *outData = out.data_ptr<float>();
        forEachHead(s, lengths, q, k, v, probs, [&](const HeadView &hv, std::int64_t start, std::int64_t h, std::int64_t) {
            const Rows<float> o{outData + start * out.stride(0) + h * s.dim, out.stride(0)};
            for (std::int64_t r0 = 0; r0 < hv.length; r0 += kQueryBlock) {
                const std::int64_t r1 = std::min(r0 + kQueryBlock, hv.length), rows = r1 - r0;
                const Rows<float> p{hv.probs + r0 * hv.length, hv.length};
                rowGemm(false, true, rows, r1, s.dim, static_cast<float>(scale), {hv.q.row(r0), hv.q.stride}, hv.k, 0, p);
                for (std::int64_t i = 0; i < rows; ++i)
                    causalSoftmax(p.row(i), r0 + i, r1);
                rowGemm(false, false, rows, s.dim, r1, 1, {p.data, p.stride}, hv.v, 0, {o.row(r0), o.stride});
            }
        });
        ctx->save_for_backward({q, k, v, probs});
        ctx->saved_data["lengths"] = c10::List<std::int64_t>(lengths);
        ctx->saved_data["heads"] = heads;
        ctx->saved_data["kvHeads"] = kvHeads;
        ctx->saved_data["scale"] = scale;
        return out;
    }

    static variable_list backward(AutogradContext *ctx, variable_list outputGrads)
    {
        const variable_list saved = ctx->get_saved_variables();
        const torch::Tensor &q = saved[0], &k = saved[1], &v = saved[2], &probs = saved[3];
        const auto lengthList = ctx->saved_data["lengths"].toIntList();
        const std::vector<std::int64_t> lengths(lengthList.begin(), lengthList.end());
        const std::int64_t heads = ctx->saved_data["heads"].toInt(), kvHeads = ctx->saved_data["kvHeads"].toInt();
        const auto scale = static_cast<float>(ctx->saved_data["scale"].toDouble());
        const Shape s{heads, kvHeads, k.size(1) / kvHeads};
        const torch::Tensor dOut = outputGrads[0].to(torch::kFloat).contiguous();
        torch::Tensor dq = torch::empty({q.size(0), heads * s.dim}, q.options());
        torch::Tensor dk = torch::zeros({k.size(0), kvHeads * s.dim}, k.options());
        torch::Tensor dv = torch::zeros({v.size(0), kvHeads * s.dim}, v.options());
        const std::int64_t longest = lengths.empty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
        std::vector<float> scratch(static_cast<std::size_t>(std::min(kQueryBlock, longest) * longest));
        forEachHead(s, lengths, q, k, v, probs, [&](const HeadView &hv, std::int64_t start, std::int64_t h, std::int64_t kv) {
            const Rows<const float> dO{dOut.data_ptr<float>() + start * dOut.stride(0) + h * s.dim, dOut.stride(0)};
            const Rows<float> dQ{dq.data_ptr<float>() + start * dq.stride(0) + h * s.dim, dq.stride(0)};
            const Rows<float> dK{dk.data_ptr<float>() + start * dk.stride(0) + kv * s.dim, dk.stride(0)};
            const Rows<float> dV{dv.data_ptr<float>() + start * dv.stride(0) + kv * s.dim, dv.stride(0)};
            for (std::int64_t r0 = 0; r0 < hv.length; r0 += kQueryBlock) {
                const std::int64_t r1 = std::min(r0 + kQueryBlock, hv.length), rows = r1 - r0;
                const Rows<const float> p{hv.probs + r0 * hv.length, hv.length};
                const Rows<float> dS{scratch.data(), r1};
                const Rows<const float> dOBlock{dO.row(r0), dO.stride}, qBlock{hv.q.row(r0), hv.q.stride};
                rowGemm(false, true, rows, r1, s.dim, 1, dOBlock, hv.v, 0, dS); // dP = dO v^T
                for (std::int64_t i = 0; i < rows; ++i)
                    softmaxBackwardRow(p.row(i), dS.row(i), r0 + i, r1);
                const Rows<const float> dSc{dS.data, dS.stride};
                rowGemm(false, false, rows, s.dim, r1, scale, dSc, hv.k, 0, {dQ.row(r0), dQ.stride}); // dq = dS k * scale
                rowGemm(true, false, r1, s.dim, rows, scale, dSc, qBlock, 1, dK);                     // dk += dS^T q * scale
                rowGemm(true, false, r1, s.dim, rows, 1, p, dOBlock, 1, dV);                           // dv += P^T dO
            }
        });
        return {dq, dk, dv, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

} // namespace

torch::Tensor sequenceCausalAttention(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                                      const std::vector<std::int64_t> &lengths, std::int64_t heads,
                                      std::int64_t kvHeads, double scale)
{
    TORCH_CHECK(q.dim() == 2 && k.dim() == 2 && v.dim() == 2, "sequence attention takes [N, heads * D] rows");
    TORCH_CHECK(q.device().is_cpu(), "sequence attention runs on the CPU");
    TORCH_CHECK(heads > 0 && kvHeads > 0 && heads % kvHeads == 0, "query heads must be a multiple of kv heads");
    TORCH_CHECK(k.size(1) % kvHeads == 0 && q.size(1) == heads * (k.size(1) / kvHeads) && v.sizes() == k.sizes(),
                "q, k and v widths do not match the heads");
    std::int64_t rows = 0;
    for (const std::int64_t length : lengths)
        rows += length;
    TORCH_CHECK(rows == q.size(0) && rows == k.size(0), "the sequence lengths add up to ", rows, ", not ", q.size(0));
    const torch::Tensor out = SequenceAttention::apply(floatRows(q), floatRows(k), floatRows(v), lengths, heads,
                                                       kvHeads, scale);
    return out.to(q.scalar_type());
}

} // namespace hone

#include "core/models/layers/packedweight.h"

#include "core/io/gguf.h"

namespace hone {

namespace {

constexpr std::int64_t kQ8Block = 32;

} // namespace

MatVecFormat matVecFormat(WeightFormat format)
{
    switch (format) {
    case WeightFormat::BF16:
        return MatVecFormat::BF16;
    case WeightFormat::Q8_0:
        return MatVecFormat::Q8_0;
    case WeightFormat::F32:
        break;
    }
    return MatVecFormat::F32;
}

PackedWeight::PackedWeight(const torch::Tensor &weight, WeightFormat format, bool transposed)
    : m_format(format), m_source(weight.data_ptr()), m_version(weight._version())
{
    TORCH_CHECK(weight.dim() == 2, "a packed weight is a matrix, got ", weight.dim(), " dimensions");
    torch::NoGradGuard noGrad;
    if (format == WeightFormat::F32) {
        TORCH_CHECK(readableInPlace(weight, transposed), "an f32 weight is read in place: float32 [out, in], contiguous, on the CPU");
        m_view = weight.detach();
        m_out = weight.size(0);
        m_in = weight.size(1);
        return;
    }
    torch::Tensor w = (transposed ? weight.t() : weight).detach().to(torch::kCPU, torch::kFloat);
    m_out = w.size(0);
    m_in = w.size(1);
    // Q8_0 rows are whole blocks: zeros pad the last one (they add nothing to a product).
    if (format == WeightFormat::Q8_0 && m_in % kQ8Block != 0)
        w = torch::constant_pad_nd(w, {0, kQ8Block - m_in % kQ8Block});
    w = w.contiguous();
    auto bytes = quantizeGgml(format == WeightFormat::Q8_0 ? GgmlType::Q8_0 : GgmlType::BF16, w.data_ptr<float>(), w.numel());
    TORCH_CHECK(bytes, "packing a weight failed: ", bytes ? std::string() : bytes.error().message);
    m_bytes = std::move(bytes).value();
}

bool PackedWeight::readableInPlace(const torch::Tensor &weight, bool transposed)
{
    return !transposed && weight.dim() == 2 && weight.device().is_cpu() && weight.scalar_type() == torch::kFloat &&
           weight.is_contiguous();
}

bool PackedWeight::isCurrent(const torch::Tensor &weight) const
{
    if (!weight.defined() || weight.data_ptr() != m_source)
        return false;
    if (m_format == WeightFormat::F32) // reads the weight itself: in-place writes are seen, not stale
        return weight.sizes() == m_view.sizes() && readableInPlace(weight, false);
    return weight._version() == m_version;
}

bool PackedWeight::accepts(const torch::Tensor &x) const
{
    return x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() >= 1 && x.size(-1) == m_in &&
           x.numel() <= kMaxRows * m_in;
}

const std::byte *PackedWeight::rows() const
{
    return m_format == WeightFormat::F32 ? static_cast<const std::byte *>(m_view.data_ptr()) : m_bytes.data();
}

torch::Tensor PackedWeight::linear(const torch::Tensor &x, const torch::Tensor &bias) const
{
    const torch::Tensor input = x.reshape({-1, m_in}).contiguous();
    torch::Tensor output = torch::empty({input.size(0), m_out}, input.options());
    const torch::Tensor b = bias.defined() ? bias.to(torch::kFloat).contiguous() : torch::Tensor();
    MatVecProblem p;
    p.format = matVecFormat(m_format);
    p.weights = rows();
    p.outputs = m_out;
    p.columns = m_in;
    p.input = input.data_ptr<float>();
    p.inputRows = input.size(0);
    p.bias = b.defined() ? b.data_ptr<float>() : nullptr;
    p.output = output.data_ptr<float>();
    matVec(p);
    std::vector<std::int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = m_out;
    return output.view(shape);
}

void updatePackedWeight(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &weight, WeightFormat format,
                        bool transposed)
{
    if (format == WeightFormat::F32 && !PackedWeight::readableInPlace(weight, transposed))
        packed.reset();
    else if (!packed || packed->format() != format || !packed->isCurrent(weight))
        packed = std::make_shared<PackedWeight>(weight, format, transposed);
}

torch::Tensor decodeLinear(std::shared_ptr<PackedWeight> &packed, const torch::Tensor &x, const torch::Tensor &weight,
                           const torch::Tensor &bias, bool training)
{
    if (!packed)
        return {};
    if (!packed->isCurrent(weight)) {
        packed.reset();
        return {};
    }
    const bool gradients = torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
    if (training || gradients || !packed->accepts(x))
        return {};
    return packed->linear(x, bias);
}

} // namespace hone

#include "core/io/tensorfile.h"

namespace hone {

Result<DType> dtypeOf(const torch::Tensor &t)
{
    switch (t.scalar_type()) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::Bool;
    default: return makeError(ErrorCode::Unsupported, std::string("tensor dtype ") + c10::toString(t.scalar_type()) + " cannot be stored");
    }
}

torch::ScalarType scalarTypeOf(DType dtype)
{
    switch (dtype) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

torch::Tensor tensorFromFile(const SafetensorsFile &file, const TensorInfo &info, bool copy)
{
    // from_blob wants a mutable pointer; the view is never written to (the map is read-only).
    auto view = torch::from_blob(const_cast<std::byte *>(file.data(info)), info.shape,
                                 torch::TensorOptions().dtype(scalarTypeOf(info.dtype)));
    return copy ? view.clone() : view;
}

Result<void> saveTensors(const std::filesystem::path &path, const std::vector<std::pair<std::string, torch::Tensor>> &tensors,
                         const std::map<std::string, std::string> &metadata)
{
    std::vector<torch::Tensor> keep; // owns the contiguous copies until written
    std::vector<TensorView> views;
    keep.reserve(tensors.size());
    for (const auto &[name, tensor] : tensors) {
        auto dtype = dtypeOf(tensor);
        if (!dtype)
            return makeError(dtype.error().code, path.string() + ": '" + name + "': " + dtype.error().message);
        keep.push_back(tensor.detach().to(torch::kCPU).contiguous());
        const torch::Tensor &t = keep.back();
        views.push_back({name, *dtype, t.sizes().vec(), t.data_ptr(), static_cast<std::size_t>(t.nbytes())});
    }
    return writeSafetensors(path, views, metadata);
}

Result<std::map<std::string, torch::Tensor>> loadTensors(const std::filesystem::path &path,
                                                         std::map<std::string, std::string> *metadata)
{
    auto file = SafetensorsFile::open(path);
    if (!file)
        return file.error();
    std::map<std::string, torch::Tensor> out;
    for (const auto &info : file->tensors())
        out[info.name] = tensorFromFile(*file, info, true);
    if (metadata)
        *metadata = file->header().metadata;
    return out;
}

} // namespace hone

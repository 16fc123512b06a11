#include "core/text/sentencepiecelibrary.h"

#include "core/util/paths.h"

#include <dlfcn.h>
#include <mutex>

namespace hone {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> candidatePaths()
{
    std::vector<fs::path> paths;
    if (const char *env = std::getenv("HONE_SPM_LIBRARY"); env && *env)
        paths.emplace_back(env);
    const fs::path exeDir = executableDirectory();
    for (const char *rel : {"../lib/hone/libhone_spm.so", "../lib/libhone_spm.so", "libhone_spm.so"})
        paths.push_back(exeDir / rel);
#ifdef HONE_SPM_BUILD_PATH
    paths.emplace_back(HONE_SPM_BUILD_PATH);
#endif
#ifdef HONE_SPM_INSTALL_PATH
    paths.emplace_back(HONE_SPM_INSTALL_PATH);
#endif
    return paths;
}

template <typename F>
bool resolve(void *handle, const char *name, F &out)
{
    out = reinterpret_cast<F>(::dlsym(handle, name));
    return out != nullptr;
}

} // namespace

Result<SentencePieceLibrary> loadSentencePieceLibrary()
{
    // ASan refuses RTLD_DEEPBIND; sanitizer builds only load the wrapper where LibTorch is absent.
#if defined(HONE_SANITIZE)
    const int flags = RTLD_NOW | RTLD_LOCAL;
#else
    const int flags = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;
#endif
    std::string tried;
    for (const fs::path &candidate : candidatePaths()) {
        std::error_code ec;
        if (!fs::exists(candidate, ec)) {
            tried += "\n  " + candidate.string() + " (absent)";
            continue;
        }
        void *handle = ::dlopen(candidate.c_str(), flags);
        if (!handle) {
            tried += "\n  " + candidate.string() + " (" + ::dlerror() + ")";
            continue;
        }
        SentencePieceLibrary lib;
        std::string missing;
        auto need = [&](const char *name, auto &fn) {
            if (!resolve(handle, name, fn))
                missing += std::string(" ") + name;
        };
        need("hone_spm_load", lib.load);
        need("hone_spm_free", lib.free);
        need("hone_spm_vocab_size", lib.vocabSize);
        need("hone_spm_piece_to_id", lib.pieceToId);
        need("hone_spm_id_to_piece", lib.idToPiece);
        need("hone_spm_score", lib.score);
        need("hone_spm_piece_kind", lib.pieceKind);
        need("hone_spm_encode", lib.encode);
        need("hone_spm_decode", lib.decode);
        need("hone_spm_train", lib.train);
        need("hone_spm_serialized_model", lib.serializedModel);
        if (!missing.empty()) {
            ::dlclose(handle);
            tried += "\n  " + candidate.string() + " (lacks" + missing + ")";
            continue;
        }
        return SentencePieceLibrary::fromHandle(std::move(lib), handle, candidate);
    }
    return makeError(ErrorCode::NotFound, "SentencePiece wrapper libhone_spm.so not found; looked in:" + tried);
}

Result<SentencePieceLibrary> SentencePieceLibrary::fromHandle(SentencePieceLibrary lib, void *handle, const fs::path &path)
{
    if (!resolve(handle, "hone_spm_version", lib.m_version))
        return makeError(ErrorCode::Internal, path.string() + ": lacks hone_spm_version");
    lib.m_path = path;
    return lib;
}

Result<const SentencePieceLibrary *> SentencePieceLibrary::instance()
{
    static std::once_flag once;
    static std::unique_ptr<Result<SentencePieceLibrary>> loaded;
    std::call_once(once, [] { loaded = std::make_unique<Result<SentencePieceLibrary>>(loadSentencePieceLibrary()); });
    if (!*loaded)
        return loaded->error();
    return &loaded->value();
}

Result<SentencePieceModel> SentencePieceModel::open(const fs::path &modelFile)
{
    auto lib = SentencePieceLibrary::instance();
    if (!lib)
        return lib.error();
    char err[512] = {};
    hone_spm *handle = (*lib)->load(modelFile.c_str(), err, sizeof err);
    if (!handle)
        return makeError(ErrorCode::Format, modelFile.string() + ": not a SentencePiece model: " + err);
    SentencePieceModel model;
    model.m_lib = *lib;
    model.m_model = std::shared_ptr<hone_spm>(handle, (*lib)->free);
    return model;
}

int SentencePieceModel::vocabSize() const { return m_lib->vocabSize(m_model.get()); }
int SentencePieceModel::pieceToId(const std::string &piece) const { return m_lib->pieceToId(m_model.get(), piece.c_str()); }
float SentencePieceModel::score(int id) const { return m_lib->score(m_model.get(), id); }
int SentencePieceModel::pieceKind(int id) const { return m_lib->pieceKind(m_model.get(), id); }

std::string SentencePieceModel::idToPiece(int id) const
{
    std::string piece(64, '\0');
    size_t n = m_lib->idToPiece(m_model.get(), id, piece.data(), piece.size());
    if (n >= piece.size()) {
        piece.assign(n + 1, '\0');
        n = m_lib->idToPiece(m_model.get(), id, piece.data(), piece.size());
    }
    piece.resize(n);
    return piece;
}

std::vector<hone_spm_piece> SentencePieceModel::encode(const std::string &text) const
{
    std::vector<hone_spm_piece> pieces(text.size() + 2);
    long n = m_lib->encode(m_model.get(), text.data(), text.size(), pieces.data(), pieces.size());
    if (n > static_cast<long>(pieces.size())) {
        pieces.resize(static_cast<size_t>(n));
        n = m_lib->encode(m_model.get(), text.data(), text.size(), pieces.data(), pieces.size());
    }
    pieces.resize(n < 0 ? 0 : static_cast<size_t>(n));
    return pieces;
}

std::string SentencePieceModel::decode(const std::vector<int> &ids) const
{
    std::string text(ids.size() * 8 + 16, '\0');
    size_t n = m_lib->decode(m_model.get(), ids.data(), ids.size(), text.data(), text.size());
    if (n >= text.size()) {
        text.assign(n + 1, '\0');
        n = m_lib->decode(m_model.get(), ids.data(), ids.size(), text.data(), text.size());
    }
    text.resize(n);
    return text;
}

std::string SentencePieceModel::serializedModel() const
{
    std::string bytes(m_lib->serializedModel(m_model.get(), nullptr, 0), '\0');
    const size_t n = m_lib->serializedModel(m_model.get(), bytes.data(), bytes.size());
    bytes.resize(n < bytes.size() ? n : bytes.size());
    return bytes;
}

Result<void> trainSentencePiece(const std::string &flags)
{
    auto lib = SentencePieceLibrary::instance();
    if (!lib)
        return lib.error();
    char err[1024] = {};
    if ((*lib)->train(flags.c_str(), err, sizeof err) != 0)
        return makeError(ErrorCode::InvalidArgument, std::string("SentencePiece training failed: ") + err);
    return {};
}

} // namespace hone

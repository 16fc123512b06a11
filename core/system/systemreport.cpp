#include "core/system/systemreport.h"

#include "core/dist/executioncontext.h"
#include "core/system/cpufeatures.h"
#include "core/text/sentencepiecelibrary.h"
#include "core/version.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <dlfcn.h>
#include <link.h>

namespace hone {

namespace {

int collectBlasPaths(dl_phdr_info *info, size_t, void *data)
{
    auto *paths = static_cast<std::vector<std::string> *>(data);
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    const auto slash = name.rfind('/');
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    if (base.find("blas") != std::string::npos || base.find("mkl_rt") != std::string::npos)
        paths->push_back(name);
    return 0;
}

} // namespace

BlasInfo detectBlas()
{
    BlasInfo info;
    std::vector<std::string> loaded;
    dl_iterate_phdr(collectBlasPaths, &loaded);
    std::error_code ec;
    for (const auto &path : loaded) {
        const auto resolved = std::filesystem::canonical(path, ec);
        info.library = ec ? path : resolved.string();
        if (info.library.find("openblas") != std::string::npos)
            break; // the one that matters when several are mapped
    }
    using ConfigFn = char *(*)();
    if (auto config = reinterpret_cast<ConfigFn>(::dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        info.vendor = "OpenBLAS";
        info.detail = config();
    } else if (::dlsym(RTLD_DEFAULT, "mkl_get_version")) {
        info.vendor = "MKL";
    } else if (void *version = ::dlsym(RTLD_DEFAULT, "mkl_serv_get_version")) {
        // MKL linked into a library (the torch wheel's libtorch_cpu), which exports its sgemm_.
        Dl_info where{};
        if (info.library.empty() && ::dladdr(version, &where) && where.dli_fname)
            info.library = where.dli_fname;
        info.vendor = "MKL";
    } else if (info.library.find("/blas/") != std::string::npos || info.library.find("libblas.so") != std::string::npos) {
        info.vendor = "reference BLAS (netlib)";
        info.isReference = true;
    } else {
        info.vendor = info.library.empty() ? "none loaded" : "unknown";
    }
    return info;
}

GemmBenchmark measureGemm(int repetitions, bool bf16)
{
    GemmBenchmark bench;
    bench.bf16 = bf16;
    torch::NoGradGuard noGrad;
    ExecutionContext::AutocastScope autocast(bf16);
    const auto input = torch::randn({bench.m, bench.k});
    const auto weight = torch::randn({bench.n, bench.k});
    torch::linear(input, weight); // warm up the BLAS threads
    std::vector<double> seconds;
    for (int i = 0; i < std::max(1, repetitions); ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto out = torch::linear(input, weight);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
    bench.seconds = seconds[seconds.size() / 2];
    bench.gflops = 2.0 * bench.m * bench.k * bench.n / bench.seconds / 1e9;
    return bench;
}

SystemReport collectSystemReport()
{
    SystemReport report;
    report.honeVersion = kHoneVersion;
    report.torchVersion = TORCH_VERSION;
    if (auto lib = SentencePieceLibrary::instance()) {
        report.sentencePieceVersion = (*lib)->version();
        report.sentencePieceLibrary = (*lib)->path().string();
    } else {
        report.sentencePieceError = lib.error().message;
    }
    report.blas = detectBlas();
    report.threads = torch::get_num_threads();
    report.cudaAvailable = torch::cuda::is_available();
    report.cudaDevices = report.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    report.bf16Supported = cpuHasNativeBf16();
    return report;
}

} // namespace hone

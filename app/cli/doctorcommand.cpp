#include "app/cli/commands.h"

#include "core/models/modeldiscovery.h"
#include "core/system/computethreads.h"
#include "core/system/systemreport.h"
#include "core/util/format.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace hone::cli {

namespace {

struct DoctorOptions {
    bool skipBenchmark = false;
};

int runDoctor(const DoctorOptions &options)
{
    startWithPassiveWaiting(); // report the threads and matrix rate a training gets
    const SystemReport r = collectSystemReport();
    auto line = [](const std::string &key, const std::string &value) {
        std::printf("%-15s %s\n", (key + ":").c_str(), value.c_str());
    };
    line("hone", r.honeVersion);
    line("core", "Qt-free (hone-cli links hone_core only)");
    line("libtorch", r.torchVersion);
    line("sentencepiece", r.sentencePieceError.empty() ? r.sentencePieceVersion + " (" + r.sentencePieceLibrary + ")"
                                                       : "NOT AVAILABLE: " + r.sentencePieceError);
    line("blas", r.blas.vendor + (r.blas.library.empty() ? "" : " (" + r.blas.library + ")"));
    if (!r.blas.detail.empty())
        line("blas config", r.blas.detail);
    if (!options.skipBenchmark) {
        for (const bool bf16 : {false, true}) {
            if (bf16 && !r.bf16Supported)
                break;
            const GemmBenchmark g = measureGemm(15, bf16);
            char buf[128];
            std::snprintf(buf, sizeof buf, "%.1f GFLOP/s (%s linear %dx%dx%d, %.2f ms)", g.gflops, bf16 ? "bf16 autocast" : "fp32",
                          g.m, g.k, g.n, g.seconds * 1e3);
            line(bf16 ? "gemm bf16" : "gemm", buf);
        }
    }
    if (r.blas.isReference)
        std::printf("WARNING: LibTorch is using the slow reference BLAS (netlib), about 50x slower than OpenBLAS.\n"
                    "         Fix: apt-get install libopenblas0-pthread (or run scripts/setup.sh).\n");
    line("threads", std::to_string(r.threads));
    line("cuda", r.cudaAvailable ? "available (" + std::to_string(r.cudaDevices) + " devices)" : "not available (CPU only)");
    line("bf16", r.bf16Supported ? "native on this CPU: training uses bf16 autocast by default (--no-bf16 for float32)"
                                   : "no native bf16 on this CPU: training stays in float32");

    const ModelCatalog catalog = discoverModels();
    line("models", std::to_string(catalog.models.size()) + " found, " + std::to_string(catalog.skipped.size()) + " skipped");
    for (const auto &m : catalog.models)
        std::printf("  %-40s %-10s %8s  %s\n", m.name.c_str(), m.architecture.c_str(), formatCount(m.parameters).c_str(),
                    m.path.c_str());
    for (const auto &loc : catalog.searched)
        std::printf("  searched: %s [%s]%s\n", loc.path.c_str(), modelSourceName(loc.source), loc.exists ? "" : " (absent)");
    return r.sentencePieceError.empty() ? 0 : 2;
}

} // namespace

void addDoctorCommand(CLI::App &app, int &exitCode)
{
    auto options = std::make_shared<DoctorOptions>();
    CLI::App *sub = app.add_subcommand("doctor", "Versions, BLAS in use and its speed, threads, CUDA, models found");
    sub->add_flag("--no-benchmark", options->skipBenchmark, "Skip the GEMM measurement");
    sub->callback([options, &exitCode] { exitCode = runDoctor(*options); });
}

} // namespace hone::cli

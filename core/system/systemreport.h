#pragma once
// What `hone-cli doctor` and the About dialog report: versions, the BLAS library LibTorch really
// uses (the reference-BLAS trap), a measured GEMM rate, threads and CUDA.
#include <string>
#include <vector>

namespace hone {

struct BlasInfo {
    std::string library;     // resolved path of the loaded libblas
    std::string vendor;      // "OpenBLAS", "reference BLAS (netlib)", "MKL", "unknown"
    std::string detail;      // e.g. OpenBLAS's build config string
    bool isReference = false;
};

struct GemmBenchmark {
    int m = 2048, k = 384, n = 1536;
    bool bf16 = false;       // under bf16 autocast (oneDNN's bf16 kernels) rather than float32
    double gflops = 0;       // torch::linear, the median repetition
    double seconds = 0;
};

struct SystemReport {
    std::string honeVersion;
    std::string torchVersion;
    std::string sentencePieceVersion; // empty with sentencePieceError set when the wrapper is missing
    std::string sentencePieceLibrary;
    std::string sentencePieceError;
    BlasInfo blas;
    int threads = 0;
    bool cudaAvailable = false;
    int cudaDevices = 0;
    bool bf16Supported = false;       // avx512_bf16 / amx: CPU autocast pays off
};

SystemReport collectSystemReport();
BlasInfo detectBlas();
// The median of repetitions: the best of a few read from 127 to 202 GFLOP/s on one quiet machine
// within a minute; the median of 15 (a quarter second) is the rate a training run sustains.
// bf16: the rate under CPU autocast, which a bf16 training run's matrix products reach.
GemmBenchmark measureGemm(int repetitions = 15, bool bf16 = false);

} // namespace hone

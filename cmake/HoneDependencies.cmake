# Third-party packages, all from Debian 12. Qt is looked up only when a Qt target is built.
if(HONE_LIBTORCH AND NOT HONE_FUZZ)
  # The wheel's TorchConfig mixes in the system's libtorch and CUDA targets: import its CPU
  # libraries directly. libtorch_cpu carries its own BLAS (sgemm_, which sequence attention
  # calls), Gloo and c10d; the headers of both are in its include/.
  set(TORCH_INCLUDE_DIRS ${HONE_LIBTORCH}/include ${HONE_LIBTORCH}/include/torch/csrc/api/include)
  find_library(HONE_TORCH_CPU torch_cpu PATHS ${HONE_LIBTORCH}/lib NO_DEFAULT_PATH REQUIRED)
  find_library(HONE_C10 c10 PATHS ${HONE_LIBTORCH}/lib NO_DEFAULT_PATH REQUIRED)
  add_library(hone_libtorch INTERFACE IMPORTED) # carries the headers to every target linking it, as Debian's torch does
  set_target_properties(hone_libtorch PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${TORCH_INCLUDE_DIRS}"
                                                 INTERFACE_LINK_LIBRARIES "${HONE_TORCH_CPU};${HONE_C10}")
  set(TORCH_LIBRARIES hone_libtorch)
  set(HONE_BLAS_LIBRARY ${HONE_TORCH_CPU})
  add_library(gloo INTERFACE IMPORTED)
  target_compile_definitions(gloo INTERFACE USE_DISTRIBUTED USE_C10D_GLOO)
  set(CMAKE_BUILD_RPATH ${HONE_LIBTORCH}/lib)
  # ONNX export: Debian's libonnx beside it (the wheel's own ONNX lives in namespace onnx_torch).
  find_package(Protobuf REQUIRED)
  find_package(ONNX REQUIRED)
  message(STATUS "LibTorch: ${HONE_LIBTORCH}")
elseif(NOT HONE_FUZZ)
  find_package(Torch REQUIRED)
  # ONNX export (core/export/onnxexport.cpp): Debian's libonnx-dev, the libonnx LibTorch itself
  # links. Its targets carry ONNX_NAMESPACE=onnx and ONNX_ML=1 (the library's build) and need
  # protobuf::libprotobuf (libprotobuf-dev).
  find_package(Protobuf REQUIRED)
  find_package(ONNX REQUIRED)
  # Sequence attention (core/models/layers) calls sgemm_ of the BLAS LibTorch links: Debian's
  # libblas-dev gives the link name; at run time libblas.so.3 is OpenBLAS (scripts/setup.sh).
  find_library(HONE_BLAS_LIBRARY NAMES blas REQUIRED)
endif()
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
# Torch's CMake config defines USE_C10D_GLOO, so c10d's ProcessGroupGloo.hpp includes <gloo/...>:
# Debian's libgloo-dev (the same version as the libgloo0 LibTorch runs with). Only core/dist uses it.
if(NOT TARGET gloo)
  find_package(Gloo CONFIG)
endif()
if(NOT TARGET gloo)
  message(FATAL_ERROR "Gloo not found: install Debian's libgloo-dev (scripts/setup.sh does); "
                      "LibTorch's c10d headers (core/dist) need it")
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(utf8proc REQUIRED IMPORTED_TARGET libutf8proc)
# Linked ONLY into the dlopen'ed wrapper: beside LibTorch its bundled protobuf crashes the process.
pkg_check_modules(SentencePiece REQUIRED IMPORTED_TARGET sentencepiece)

# Debian's TorchConfig adds flags meant for its own build; keep our C++17 and warnings clean.
if(TORCH_CXX_FLAGS)
  string(REPLACE "-D_GLIBCXX_USE_CXX11_ABI=1" "" _torch_flags "${TORCH_CXX_FLAGS}")
endif()

if(HONE_BUILD_GUI OR HONE_BUILD_TESTS)
  # Widgets and PrintSupport must be found before QCustomPlotQt6 (its config expects them).
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Concurrent Test LinguistTools)
  qt_standard_project_setup()
  if(HONE_BUILD_GUI)
    find_package(QCustomPlotQt6 REQUIRED)
  endif()
endif()

# Compiler launcher, warnings and sanitizers shared by every Hone target.
find_program(HONE_CCACHE ccache)
if(HONE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER ${HONE_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${HONE_CCACHE})
  message(STATUS "ccache: ${HONE_CCACHE}")
endif()

add_library(hone_warnings INTERFACE)
target_compile_options(hone_warnings INTERFACE -Wall -Wextra -Wno-unused-parameter
  $<$<BOOL:${HONE_WERROR}>:-Werror>)

if(HONE_SANITIZE)
  # Sanitized executables export their symbols; hidden inline functions keep an unoptimised Qt 6
  # inline (QByteArray::append) from interposing the Qt 5 that LibTorch's OpenCV loads.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
                      -fvisibility-inlines-hidden)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(HONE_SANITIZE=1)
endif()
if(HONE_FUZZ)
  # Coverage for libFuzzer in every object; only the fuzz executables link its main().
  add_compile_options(-fsanitize=fuzzer-no-link -fno-sanitize-recover=all)
endif()

# Qt keywords clash with ATen (ivalue_inl.h declares slots()); Tiled's strict string defines.
set(HONE_QT_DEFINES QT_NO_KEYWORDS QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_FOREACH
    QT_NO_URL_CAST_FROM_STRING)

# hone_add_test(NAME core.tokenizer SOURCES core/tst_tokenizer.cpp LIBS hone_core
#               LABELS unit [TIMEOUT s] [ARGS ...] [ENVIRONMENT ...])
# One executable per unit (Qt Test), registered with CTest under NAME with its labels.
function(hone_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ARGS;ENVIRONMENT" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  string(REPLACE "." "_" exe "tst_${T_NAME}")
  add_executable(${exe} ${T_SOURCES})
  set_target_properties(${exe} PROPERTIES AUTOMOC ON RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${exe} PRIVATE Qt6::Test ${T_LIBS} hone_warnings)
  target_compile_definitions(${exe} PRIVATE ${HONE_QT_DEFINES})
  target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  add_test(NAME ${T_NAME} COMMAND ${exe} ${T_ARGS})
  set_tests_properties(${T_NAME} PROPERTIES
    LABELS "${T_LABELS}"
    TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;HONE_TEST_DATA=${CMAKE_CURRENT_SOURCE_DIR}/data;HONE_SOURCE_DIR=${PROJECT_SOURCE_DIR};HONE_BIN_DIR=${CMAKE_BINARY_DIR}/bin;${T_ENVIRONMENT}")
endfunction()

# One helper declares a library, its dependencies and its tests (modelled on CAF's caf_add_component).
#
#   meterhub_add_library(dsmr
#     SOURCES src/crc16.cpp src/framer.cpp
#     DEPS meterhub::core               # public
#     PRIVATE_DEPS OpenSSL::Crypto
#     TESTS test/crc16.test.cpp         # one Catch2 executable, meterhub_dsmr_test
#     TEST_DEPS meterhub::testing)
#
# Creates meterhub_<name> with the alias meterhub::<name>; headers live in include/meterhub/<name>/.
function(meterhub_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS;TESTS;TEST_DEPS" ${ARGN})
  set(target meterhub_${name})
  if(ARG_SOURCES)
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
    target_compile_options(${target} PRIVATE ${MH_WARNINGS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
  endif()
  add_library(meterhub::${name} ALIAS ${target})
  if(ARG_TESTS AND BUILD_TESTING)
    meterhub_add_test(${name} SOURCES ${ARG_TESTS} DEPS ${target} ${ARG_TEST_DEPS})
  endif()
endfunction()

# A Catch2 test executable registered with ctest, one ctest entry per test case.
function(meterhub_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  set(target meterhub_${name}_test)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} Catch2::Catch2WithMain)
  target_compile_options(${target} PRIVATE ${MH_WARNINGS})
  target_compile_definitions(${target} PRIVATE
    MH_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    MH_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  # --warn NoTests: an entry whose name matches no test case fails instead of passing with nothing run. A ";" in
  # a test case name would split its ctest entry in two (CMake lists), so names use commas instead.
  catch_discover_tests(${target} TEST_PREFIX "${name}: " EXTRA_ARGS --warn NoTests PROPERTIES LABELS "${ARG_LABELS}")
endfunction()

# A service or tool executable: meterhub_add_executable(meterhub-p1 SOURCES ... DEPS ...)
function(meterhub_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_compile_options(${name} PRIVATE ${MH_WARNINGS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  install(TARGETS ${name} RUNTIME DESTINATION bin)
endfunction()

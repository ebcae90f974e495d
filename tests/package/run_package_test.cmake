# Installs the blanko build tree into a private prefix, then configures, builds and runs
# the downstream project in tests/package/ against it. Any failing step fails the test.
# Run by the ctest test `package_consumer` (tests/CMakeLists.txt) as
#   cmake -DBLANKO_BINARY_DIR=... -DPACKAGE_SOURCE_DIR=... -DBUILD_TYPE=...
#         -DCXX_COMPILER=... [-DCXX_FLAGS=... -DEXE_LINKER_FLAGS=... -DGENERATOR=...]
#         -P run_package_test.cmake
cmake_minimum_required(VERSION 3.25)

foreach(required BLANKO_BINARY_DIR PACKAGE_SOURCE_DIR BUILD_TYPE CXX_COMPILER)
  if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
    message(FATAL_ERROR "run_package_test.cmake: -D${required}=... is required")
  endif()
endforeach()

set(prefix "${BLANKO_BINARY_DIR}/package-prefix")
set(build "${BLANKO_BINARY_DIR}/package-build")
# Start clean, so that neither a stale install nor a cached blanko_DIR can pass the test.
file(REMOVE_RECURSE "${prefix}" "${build}")

function(run_step name)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "package test: ${name} failed (${result})\n$ ${command}\n${output}")
  endif()
  message(STATUS "package test: ${name}: ok")
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

run_step("install" "${CMAKE_COMMAND}" --install "${BLANKO_BINARY_DIR}" --prefix "${prefix}"
         --config "${BUILD_TYPE}")

set(configure_args
  -S "${PACKAGE_SOURCE_DIR}" -B "${build}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
run_step("configure" "${CMAKE_COMMAND}" ${configure_args})

# The package must come from the prefix just installed, not from anywhere else.
file(STRINGS "${build}/CMakeCache.txt" found REGEX "^blanko_DIR:")
string(REGEX REPLACE "^blanko_DIR:[A-Z]+=" "" found "${found}")
file(REAL_PATH "${found}" found)
file(REAL_PATH "${prefix}" real_prefix)
string(FIND "${found}" "${real_prefix}/" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "package test: blanko was found in '${found}', not under '${prefix}'")
endif()

run_step("build" "${CMAKE_COMMAND}" --build "${build}" --config "${BUILD_TYPE}")

set(executable "${build}/blanko_package_consumer${CMAKE_EXECUTABLE_SUFFIX}")
if(NOT EXISTS "${executable}")
  set(executable "${build}/${BUILD_TYPE}/blanko_package_consumer${CMAKE_EXECUTABLE_SUFFIX}")
endif()
run_step("run" "${executable}")
message(STATUS "package test: consumer said: ${step_output}")

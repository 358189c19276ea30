# CLI11, fmt, nlohmann-json and GoogleTest. Native builds and vcpkg use
# find_package. The mingw-w64 cross build on Debian (DGRAM_HOST_HEADERS) uses
# the host's CLI11, fmt (header-only) and nlohmann-json headers and builds GoogleTest from the Debian source
# package, since Debian ships no Windows binaries of them.

if(NOT DGRAM_HOST_HEADERS)
  find_package(fmt CONFIG REQUIRED)
  find_package(CLI11 CONFIG REQUIRED)
  if(DGRAM_BUILD_TESTS OR DGRAM_FUZZ)
    # Only the tests and a fuzz target: they parse dgram's JSON records back.
    find_package(nlohmann_json CONFIG REQUIRED)
  endif()
  # Header-only: one shared library less to load at every start.
  add_library(dgram_fmt INTERFACE)
  target_link_libraries(dgram_fmt INTERFACE fmt::fmt-header-only)
  if(DGRAM_BUILD_TESTS)
    find_package(GTest REQUIRED)
  endif()
  return()
endif()

set(DGRAM_HOST_INCLUDE_DIR /usr/include CACHE PATH "Where the host keeps CLI/ and fmt/ headers")
set(DGRAM_GTEST_SOURCE_DIR /usr/src/googletest CACHE PATH "GoogleTest sources to build")

# Only the two library folders are exposed, not the whole host /usr/include,
# whose C library headers would shadow mingw-w64's.
set(host_headers ${CMAKE_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${host_headers})
foreach(dir CLI fmt nlohmann)
  if(NOT EXISTS ${DGRAM_HOST_INCLUDE_DIR}/${dir})
    message(FATAL_ERROR "${DGRAM_HOST_INCLUDE_DIR}/${dir} not found: install libcli11-dev, libfmt-dev and nlohmann-json3-dev")
  endif()
  file(CREATE_LINK ${DGRAM_HOST_INCLUDE_DIR}/${dir} ${host_headers}/${dir} SYMBOLIC)
endforeach()

add_library(dgram_host_headers INTERFACE)
target_include_directories(dgram_host_headers SYSTEM INTERFACE ${host_headers})
add_library(CLI11::CLI11 ALIAS dgram_host_headers)
add_library(nlohmann_json::nlohmann_json ALIAS dgram_host_headers)
add_library(dgram_fmt INTERFACE)
target_link_libraries(dgram_fmt INTERFACE dgram_host_headers)
target_compile_definitions(dgram_fmt INTERFACE FMT_HEADER_ONLY=1)

if(DGRAM_BUILD_TESTS)
  if(NOT EXISTS ${DGRAM_GTEST_SOURCE_DIR}/CMakeLists.txt)
    message(FATAL_ERROR "${DGRAM_GTEST_SOURCE_DIR} not found: install googletest")
  endif()
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(${DGRAM_GTEST_SOURCE_DIR} ${CMAKE_BINARY_DIR}/googletest EXCLUDE_FROM_ALL)
  if(NOT TARGET GTest::gtest)
    add_library(GTest::gtest ALIAS gtest)
  endif()
endif()

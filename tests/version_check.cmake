# One version number: vcpkg.json's "version" must be CMake's project(VERSION).
#   cmake -DMANIFEST=vcpkg.json -DEXPECTED=1.2.3 -P version_check.cmake
file(READ "${MANIFEST}" manifest)
string(JSON manifest_version GET "${manifest}" version)
if(NOT manifest_version STREQUAL EXPECTED)
  message(FATAL_ERROR "vcpkg.json says version ${manifest_version}, CMakeLists.txt project(VERSION) says ${EXPECTED}: make them the same")
endif()
message(STATUS "vcpkg.json and CMakeLists.txt agree: ${EXPECTED}")

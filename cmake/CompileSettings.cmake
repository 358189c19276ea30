# dgram_settings: an INTERFACE target that carries warnings, sanitizer flags and
# platform definitions to every target of the project.
add_library(dgram_settings INTERFACE)

if(MSVC)
  target_compile_options(dgram_settings INTERFACE /W4 /permissive- /utf-8 /EHsc)
  # fopen, strerror and friends are used as the C++ standard defines them.
  target_compile_definitions(dgram_settings INTERFACE _CRT_SECURE_NO_WARNINGS)
else()
  target_compile_options(dgram_settings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference)
endif()

if(DGRAM_WERROR)
  if(MSVC)
    target_compile_options(dgram_settings INTERFACE /WX)
  else()
    target_compile_options(dgram_settings INTERFACE -Werror)
  endif()
endif()

if(WIN32)
  # Windows 10 APIs (inet_ntop, GetAddrInfoW, WSA_FLAG_NO_HANDLE_INHERIT).
  target_compile_definitions(dgram_settings INTERFACE
    _WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)
endif()

if(DGRAM_PORTABLE)
  # Only the code paths every POSIX system has: what macOS, the BSDs and
  # (through the same BSD socket calls) Windows run, built and tested on
  # Linux. Tests see it too, where they check Linux-only behaviour.
  target_compile_definitions(dgram_settings INTERFACE DGRAM_PORTABLE)
endif()

if(DGRAM_SANITIZE)
  if(MSVC)
    target_compile_options(dgram_settings INTERFACE /fsanitize=address)
  else()
    target_compile_options(dgram_settings INTERFACE
      -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(dgram_settings INTERFACE -fsanitize=address,undefined)
  endif()
endif()

# Native release builds are hardened as Debian builds its packages
# (dpkg-buildflags with hardening=+all), which lintian checks in the .deb:
# glibc's checked string and memory functions (_FORTIFY_SOURCE=3 where the
# compiler and glibc have it, else 2), and full RELRO: relocations resolved
# at start (-z now), then made read-only (-z relro). Not with the sanitizers
# or the fuzz targets, which bring checks of their own.
if(NOT MSVC AND NOT CMAKE_CROSSCOMPILING AND NOT DGRAM_SANITIZE AND NOT DGRAM_FUZZ
   AND CMAKE_BUILD_TYPE MATCHES "^(Release|RelWithDebInfo|MinSizeRel)$")
  include(CheckCXXSourceCompiles)
  include(CheckLinkerFlag)
  set(CMAKE_REQUIRED_FLAGS "-O2 -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3")
  check_cxx_source_compiles([[
    #include <cstring>
    #if !defined(__USE_FORTIFY_LEVEL) || __USE_FORTIFY_LEVEL < 3
    #error "no _FORTIFY_SOURCE=3"
    #endif
    int main() { return 0; }]] DGRAM_HAS_FORTIFY_3)
  unset(CMAKE_REQUIRED_FLAGS)
  if(DGRAM_HAS_FORTIFY_3)
    target_compile_options(dgram_settings INTERFACE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3)
  else()
    target_compile_options(dgram_settings INTERFACE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2)
  endif()
  check_linker_flag(CXX "-Wl,-z,relro,-z,now" DGRAM_HAS_RELRO_NOW)
  if(DGRAM_HAS_RELRO_NOW)
    target_link_options(dgram_settings INTERFACE "-Wl,-z,relro,-z,now")
  endif()
endif()

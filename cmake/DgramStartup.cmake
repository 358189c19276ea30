# dgram_fast_startup(EXE LIB): link a one-shot `dgram send` so that it
# starts with less for the dynamic loader to do and fewer pages to touch
# (README, "Start-up"). ELF toolchains only; every option is checked first,
# so an older toolchain links as before.
include(CheckCXXCompilerFlag)
include(CheckCXXSourceRuns)
include(CheckLinkerFlag)

function(dgram_fast_startup exe lib)
  # One section per function and object, so the linker drops what nothing
  # calls (unused parts of libstdc++ and of the command-line library): fewer
  # symbols for the loader to look up, fewer pointers to relocate.
  check_cxx_compiler_flag("-ffunction-sections -fdata-sections" DGRAM_HAS_FUNCTION_SECTIONS)
  check_linker_flag(CXX "-Wl,--gc-sections" DGRAM_HAS_GC_SECTIONS)
  if(DGRAM_HAS_FUNCTION_SECTIONS AND DGRAM_HAS_GC_SECTIONS)
    target_compile_options(${lib} PRIVATE -ffunction-sections -fdata-sections)
    target_compile_options(${exe} PRIVATE -ffunction-sections -fdata-sections)
    target_link_options(${exe} PRIVATE "-Wl,--gc-sections")
    # The functions a one-shot send runs laid out together, before the rest
    # of the code (cmake/oneshot_path.ld, written by
    # scripts/oneshot-order.sh; a linker script that only adds a section,
    # INSERTed into the linker's own): each page of code first touched is a
    # page fault, and the path ran through 17 pages spread over 1.3 MB.
    set(oneshot_order "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/oneshot_path.ld")
    check_linker_flag(CXX "-Wl,-T,${oneshot_order}" DGRAM_HAS_ONESHOT_ORDER)
    if(DGRAM_HAS_ONESHOT_ORDER)
      target_link_options(${exe} PRIVATE "-Wl,-T,${oneshot_order}")
      set_property(TARGET ${exe} APPEND PROPERTY LINK_DEPENDS "${oneshot_order}")
    endif()
  endif()
  # GCC before 13 sets up the standard streams and the C++ locale before
  # main in every file that includes <iostream>: CLI11's files include it
  # without (src/common/cli/cli11.hpp), and dgram sets the streams up when
  # it first builds CLI11's options, which a plain send never does.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_definitions(${lib} PRIVATE DGRAM_LAZY_IOSTREAMS)
  endif()
  # CLI11 defines its validators (ExistingFile, PositiveNumber, ...) as
  # objects in its header, so each file that includes it builds them before
  # main and destroys them at exit, a plain send too: those files are
  # compiled as one (the sources stay apart), so they are built once. A new
  # file that includes common/cli/cli11.hpp belongs in this list.
  set(cli11_sources cli cli_errors cli_help completion completion_words exec_arguments
                    heartbeat_arguments listen_command replay_arguments report_options send_command)
  list(TRANSFORM cli11_sources PREPEND "common/cli/")
  list(TRANSFORM cli11_sources APPEND ".cpp")
  set_source_files_properties(${cli11_sources} PROPERTIES UNITY_GROUP cli11)
  set_target_properties(${lib} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  # No library loaded that nothing of dgram's needs.
  check_linker_flag(CXX "-Wl,--as-needed" DGRAM_HAS_AS_NEEDED)
  if(DGRAM_HAS_AS_NEEDED)
    target_link_options(${exe} PRIVATE "-Wl,--as-needed")
  endif()
  # The loader's thousands of relative relocations (vtables, typeinfo,
  # tables of pointers) packed as DT_RELR bitmaps: glibc 2.36 and binutils
  # 2.38 have them. A binary that has them needs a glibc that has them, so
  # the check runs one: a build host whose glibc does not links as before.
  set(CMAKE_REQUIRED_LINK_OPTIONS "-Wl,-z,pack-relative-relocs")
  check_cxx_source_runs([[
    static const char* const words[] = {"relative", "relocations"};
    int main() { return words[1][0] == 'r' ? 0 : 1; }]] DGRAM_HAS_PACK_RELATIVE_RELOCS)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(DGRAM_HAS_PACK_RELATIVE_RELOCS)
    target_link_options(${exe} PRIVATE "-Wl,-z,pack-relative-relocs")
    # The binary then needs GLIBC_ABI_DT_RELR, a version with no symbol,
    # which dpkg-shlibdeps does not see: the .deb says so (CMakeLists.txt).
    set_property(GLOBAL PROPERTY DGRAM_NEEDS_LIBC 2.36)
  endif()
endfunction()

# Packages, made by CPack: `cmake --build --preset NAME --target package`.
# Every package holds the program, README.md and the licence (MIT): LICENSE,
# or in the .deb Debian's copyright beside changelog.gz (made from
# CHANGELOG.md).
#
# Linux (the release preset): dgram-VERSION-linux-ARCH.tar.gz, the
# `cmake --install` tree (bin/, share/man, share/doc/dgram, the completions;
# cmake/InstallFiles.cmake), and dgram_VERSION_ARCH.deb with the same files
# under /usr, its Depends computed by dpkg-shlibdeps from what the binary
# links (DGRAM_STATIC). Other POSIX systems: the .tar.gz.
#
# Windows (the mingw cross build, or MSVC): dgram-VERSION-windows-x86_64.zip,
# one folder holding dgram.exe (static: no DLL beside it but Windows' own),
# README.md and LICENSE. Include this file before src/ so that the install
# rules see the layout.

include(GNUInstallDirs)

set(CPACK_PACKAGE_NAME dgram)
set(CPACK_PACKAGE_VENDOR "the dgram authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGE_CHECKSUM SHA256)
# Symbols are of no use to someone who downloads a program.
set(CPACK_STRIP_FILES TRUE)

if(WIN32)
  # A zip is unpacked and run in place: the program, its README and its
  # licence side by side, no bin\ folder.
  set(CMAKE_INSTALL_BINDIR .)
  set(CMAKE_INSTALL_DOCDIR .)
  set(CPACK_GENERATOR ZIP)
  set(CPACK_SYSTEM_NAME windows-x86_64)
else()
  set(CPACK_GENERATOR TGZ)
  string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" CPACK_SYSTEM_NAME)
  string(CONCAT CPACK_PACKAGE_DESCRIPTION
         "dgram sends and receives UDP datagrams from the command line, the same on\n"
         "Windows and POSIX. It never cuts a message without saying so, hears every\n"
         "sender, prints text, hex, JSON Lines or raw records, and exits with a code\n"
         "a script can trust.")
  # The .deb's Maintainer, who publishes it: no default, because the project
  # has no address to give. Unset, the .deb is not made (cpack_options.cmake
  # fails the package target saying how to set it); an environment variable
  # of the same name, read when CPack runs, serves a one-off or test build.
  set(DGRAM_PACKAGE_CONTACT "" CACHE STRING
      "Maintainer of the .deb, 'Name <address>' (README, Packages); the package target fails without it")
  # A build tree configured by an earlier version may hold this placeholder,
  # which is no contact either.
  if(DGRAM_PACKAGE_CONTACT STREQUAL "the dgram authors <dgram@invalid>")
    set_property(CACHE DGRAM_PACKAGE_CONTACT PROPERTY VALUE "")
  endif()
  set(DGRAM_HOMEPAGE "" CACHE STRING "Homepage field of the .deb (none when empty)")
  find_program(DGRAM_DPKG_SHLIBDEPS dpkg-shlibdeps)
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND DGRAM_DPKG_SHLIBDEPS)
    list(APPEND CPACK_GENERATOR DEB)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_SECTION net)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DGRAM_PACKAGE_CONTACT}")
    if(DGRAM_HOMEPAGE)
      set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${DGRAM_HOMEPAGE}")
    endif()
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
    set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/cpack_options.cmake)
  elseif(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    message(STATUS "dgram: no dpkg-shlibdeps (Debian's dpkg-dev), so no .deb: only the .tar.gz")
  endif()
endif()

if(WIN32)
  install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
          DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()
# Elsewhere the documents go where the prefix asks (cmake/install_layout.cmake).
# include(CPack) comes after src/ (CMakeLists.txt): the .deb's Depends takes
# what the link of dgram asked of glibc beyond its symbols (DgramStartup.cmake).

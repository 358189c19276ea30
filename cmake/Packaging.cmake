# Packages, made by CPack: `cmake --build --preset NAME --target package`.
# One generator list per platform below; a later change adds Linux's .tar.gz
# and .deb here.
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
endif()

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(CPack)

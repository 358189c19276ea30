# What `cmake --install` (and so every POSIX package) puts beside bin/dgram:
# the man page, gzip'd as distributions ship them; the bash, zsh and fish
# completions, which the built dgram prints from its own option tables
# (`dgram completion SHELL`); README, licence and changelog. Where the
# completions and the documents go depends on the prefix, known only at
# install time: cmake/install_layout.cmake decides there. Include after src/.
#
# Windows gets neither (the zip stays dgram.exe, README.md, LICENSE): there is
# no man there, and PowerShell loads its completion from
# `dgram completion powershell` (README). A cross build cannot run the dgram
# it makes, so it installs no completions; the man page still.

if(WIN32)
  return()
endif()

set(dgram_share ${CMAKE_BINARY_DIR}/share)
set(dgram_output_of ${PROJECT_SOURCE_DIR}/cmake/output_of.cmake)
set(dgram_share_files)
file(MAKE_DIRECTORY ${dgram_share}/completions/bash ${dgram_share}/completions/zsh
     ${dgram_share}/completions/fish)

find_program(DGRAM_GZIP gzip)
if(DGRAM_GZIP)
  # -n: no name or time in the header, so the same page gives the same bytes.
  add_custom_command(
    OUTPUT ${dgram_share}/dgram.1.gz
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${dgram_share}/dgram.1.gz -P ${dgram_output_of}
            ${DGRAM_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/doc/dgram.1
    DEPENDS ${PROJECT_SOURCE_DIR}/doc/dgram.1 ${dgram_output_of}
    COMMENT "Compressing the man page dgram(1)"
    VERBATIM)
  list(APPEND dgram_share_files ${dgram_share}/dgram.1.gz)
  install(FILES ${dgram_share}/dgram.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  install(FILES ${PROJECT_SOURCE_DIR}/doc/dgram.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(DGRAM_ZSH_COMPLETIONS_DIR "" CACHE STRING
    "Where the zsh completion _dgram goes (relative: under the prefix); empty: by the prefix (cmake/install_layout.cmake)")
set(DGRAM_FISH_COMPLETIONS_DIR "" CACHE STRING
    "Where the fish completion dgram.fish goes (relative: under the prefix); empty: by the prefix (cmake/install_layout.cmake)")

if(NOT CMAKE_CROSSCOMPILING)
  foreach(shell bash zsh fish)
    if(shell STREQUAL "bash")
      set(file dgram)
    elseif(shell STREQUAL "zsh")
      set(file _dgram)
    else()
      set(file dgram.fish)
    endif()
    set(output ${dgram_share}/completions/${shell}/${file})
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -P ${dgram_output_of}
              $<TARGET_FILE:dgram> completion ${shell}
      DEPENDS dgram ${dgram_output_of}
      COMMENT "Generating the ${shell} completion (dgram completion ${shell})"
      VERBATIM)
    list(APPEND dgram_share_files ${output})
  endforeach()
endif()

add_custom_target(dgram_share ALL DEPENDS ${dgram_share_files})

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  set(dgram_linux ON)
else()
  set(dgram_linux OFF)
endif()
if(CMAKE_CROSSCOMPILING)
  set(dgram_completions OFF)
else()
  set(dgram_completions ON)
endif()
# The values install_layout.cmake reads, then the script itself.
install(CODE "
set(dgram_share [[${dgram_share}]])
set(dgram_source [[${PROJECT_SOURCE_DIR}]])
set(dgram_version [[${PROJECT_VERSION}]])
set(dgram_bindir [[${CMAKE_INSTALL_BINDIR}]])
set(dgram_datadir [[${CMAKE_INSTALL_DATADIR}]])
set(dgram_docdir [[${CMAKE_INSTALL_DOCDIR}]])
set(dgram_gzip [[${DGRAM_GZIP}]])
set(dgram_objcopy [[${CMAKE_OBJCOPY}]])
set(dgram_linux ${dgram_linux})
set(dgram_completions ${dgram_completions})
set(dgram_zsh_dir [[${DGRAM_ZSH_COMPLETIONS_DIR}]])
set(dgram_fish_dir [[${DGRAM_FISH_COMPLETIONS_DIR}]])
set(dgram_contact [[${DGRAM_PACKAGE_CONTACT}]])
")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/install_layout.cmake)

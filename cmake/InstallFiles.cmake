# What `cmake --install` (and so every POSIX package) puts beside bin/dgram:
# the man page, gzip'd as distributions ship them, and the bash, zsh and fish
# completions, which the built dgram prints from its own option tables
# (`dgram completion SHELL`), each where its shell looks. Include after src/.
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

if(NOT CMAKE_CROSSCOMPILING)
  foreach(shell bash zsh fish)
    if(shell STREQUAL "bash")
      set(file dgram)
      set(destination ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
    elseif(shell STREQUAL "zsh")
      # Debian's place for packaged zsh functions.
      set(file _dgram)
      set(destination ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
    else()
      set(file dgram.fish)
      set(destination ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
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
    install(FILES ${output} DESTINATION ${destination})
  endforeach()
endif()

add_custom_target(dgram_share ALL DEPENDS ${dgram_share_files})

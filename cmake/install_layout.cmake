# Run by `cmake --install` and by CPack (install(SCRIPT) in InstallFiles.cmake):
# what goes where depends on the prefix, known only now (`--prefix`, or
# CPack's /usr for the .deb), so it is decided here rather than at configure
# time. Set beforehand (install(CODE)): dgram_share (the build's generated
# files), dgram_source, dgram_version, dgram_bindir, dgram_datadir,
# dgram_docdir, dgram_gzip, dgram_objcopy, dgram_linux, dgram_completions
# (ON unless cross-compiled), dgram_zsh_dir, dgram_fish_dir, dgram_contact.
#
# - The completions, each where its shell looks by default for this prefix
#   (README, "Shell completion"):
#   bash: PREFIX/share/bash-completion/completions, which bash-completion
#     searches through XDG_DATA_DIRS (unset: /usr/local/share:/usr/share).
#   zsh: /usr/share/zsh/vendor-completions for /usr (Debian's place for
#     packages), PREFIX/share/zsh/site-functions for any other prefix (in
#     zsh's default $fpath for /usr/local on Debian, macOS and the BSDs).
#   fish: PREFIX/share/fish/vendor_completions.d; but for /usr/local on Linux
#     /etc/fish/completions, fish's directory for what the administrator
#     installs for all users: a fish installed in /usr looks in no directory
#     under /usr/local unless XDG_DATA_DIRS names /usr/local/share.
#   DGRAM_ZSH_COMPLETIONS_DIR and DGRAM_FISH_COMPLETIONS_DIR override them.
# - The documentation: README.md, and for /usr (a distribution package)
#   Debian's layout, which lintian checks: the licence as `copyright` and
#   the changelog as `changelog.gz` in deb-changelog(5) format, made from
#   CHANGELOG.md; for any other prefix LICENSE and CHANGELOG.md as they are.
# - bin/dgram loses its .comment section (compiler version strings), as
#   Debian's dh_strip does.

string(REGEX REPLACE "(.)/+$" "\\1" dgram_prefix "${CMAKE_INSTALL_PREFIX}")

# DIR under the prefix unless it is absolute.
function(dgram_under_prefix dir out)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${dgram_prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

dgram_under_prefix("${dgram_datadir}" datadir)
dgram_under_prefix("${dgram_docdir}" docdir)
dgram_under_prefix("${dgram_bindir}" bindir)

if(dgram_completions)
  if(dgram_zsh_dir)
    dgram_under_prefix("${dgram_zsh_dir}" zsh_dir)
  elseif(dgram_prefix STREQUAL "/usr")
    set(zsh_dir "${datadir}/zsh/vendor-completions")
  else()
    set(zsh_dir "${datadir}/zsh/site-functions")
  endif()
  if(dgram_fish_dir)
    dgram_under_prefix("${dgram_fish_dir}" fish_dir)
  elseif(dgram_prefix STREQUAL "/usr/local" AND dgram_linux)
    set(fish_dir "/etc/fish/completions")
  else()
    set(fish_dir "${datadir}/fish/vendor_completions.d")
  endif()
  file(INSTALL DESTINATION "${datadir}/bash-completion/completions" TYPE FILE
       FILES "${dgram_share}/completions/bash/dgram")
  file(INSTALL DESTINATION "${zsh_dir}" TYPE FILE FILES "${dgram_share}/completions/zsh/_dgram")
  file(INSTALL DESTINATION "${fish_dir}" TYPE FILE
       FILES "${dgram_share}/completions/fish/dgram.fish")
endif()

file(INSTALL DESTINATION "${docdir}" TYPE FILE FILES "${dgram_source}/README.md")
if(dgram_prefix STREQUAL "/usr" AND dgram_gzip)
  include("${dgram_source}/cmake/debian_changelog.cmake")
  set(contact "${dgram_contact}")
  if(NOT contact AND DEFINED ENV{DGRAM_PACKAGE_CONTACT})
    set(contact "$ENV{DGRAM_PACKAGE_CONTACT}")
  endif()
  if(NOT contact)
    # What an unset Maintainer reads as; the .deb is never made with it
    # (cmake/cpack_options.cmake).
    set(contact "DGRAM_PACKAGE_CONTACT unset <unset@dgram-package-contact.invalid>")
  endif()
  debian_changelog("${dgram_source}/CHANGELOG.md" "${dgram_version}" "${contact}" text)
  file(WRITE "${dgram_share}/debian/changelog" "${text}")
  # -n: no name or time in the gzip header; -9: lintian asks for the maximum.
  execute_process(COMMAND "${dgram_gzip}" -9 -n -f "${dgram_share}/debian/changelog"
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip ${dgram_share}/debian/changelog failed: ${status}")
  endif()
  file(INSTALL DESTINATION "${docdir}" TYPE FILE FILES "${dgram_share}/debian/changelog.gz")
  file(INSTALL DESTINATION "${docdir}" TYPE FILE FILES "${dgram_source}/LICENSE"
       RENAME copyright)
else()
  file(INSTALL DESTINATION "${docdir}" TYPE FILE
       FILES "${dgram_source}/LICENSE" "${dgram_source}/CHANGELOG.md")
endif()

if(dgram_objcopy AND dgram_linux)
  execute_process(COMMAND "${dgram_objcopy}" --remove-section=.comment
                          "$ENV{DESTDIR}${bindir}/dgram" RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${dgram_objcopy} --remove-section=.comment "
                        "$ENV{DESTDIR}${bindir}/dgram failed: ${status}")
  endif()
endif()

# Nothing in the repository may point outside it: someone who clones dgram
# must be able to follow every path its files name. Fails naming each file
# and line that refers to a path of the machine it was written on (a home,
# a work directory) or climbs with ../ above the repository's root from
# where the file sits.
#   cmake -DROOT=<repository> -P repository_paths_test.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "give -DROOT=<the repository's root>")
endif()

# The files: what git tracks, or every file of the tree without git.
find_program(GIT git)
set(files "")
if(GIT AND EXISTS "${ROOT}/.git")
  execute_process(COMMAND "${GIT}" -C "${ROOT}" ls-files OUTPUT_VARIABLE listed
                  RESULT_VARIABLE git_failed OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT git_failed)
    string(REPLACE "\n" ";" files "${listed}")
  endif()
endif()
if(NOT files)
  file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/*")
  list(FILTER files EXCLUDE REGEX "^(build|\\.git|\\.wine|\\.cache)/")
endif()

# Paths of one machine. The brackets keep this file from matching itself.
# (Backslashes are read as slashes.)
set(machine_paths "/wor[k]/|/hom[e]/[A-Za-z]|/roo[t]/|/User[s]/|[A-Za-z]:/User[s]/")

set(failures "")
set(checked 0)
foreach(file IN LISTS files)
  if(file STREQUAL "" OR NOT EXISTS "${ROOT}/${file}" OR IS_DIRECTORY "${ROOT}/${file}")
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  # How deep the file sits: a run of more ../ than that leaves the repository.
  string(REGEX MATCHALL "/" slashes "${file}")
  list(LENGTH slashes depth)
  # One list element per line, empty ones too: what CMake lists split or
  # group on (;, brackets) is stood in for first.
  file(READ "${ROOT}/${file}" text)
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<open>" text "${text}")
  string(REPLACE "]" "<close>" text "${text}")
  string(REPLACE "\\" "/" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    set(why "")
    if(line MATCHES "${machine_paths}")
      set(why "a path of one machine: ${CMAKE_MATCH_0}")
    else()
      string(REGEX MATCHALL "(\\.\\./)+" climbs "${line}")
      foreach(climb IN LISTS climbs)
        string(LENGTH "${climb}" length)
        math(EXPR up "${length} / 3")
        if(up GREATER depth)
          set(why "${climb} climbs above the repository from ${file}")
        endif()
      endforeach()
    endif()
    if(why)
      string(APPEND failures "\n  ${file}:${number}: ${why}")
    endif()
  endforeach()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "no files found under ${ROOT}")
endif()
if(failures)
  message(FATAL_ERROR "files refer to paths outside the repository; name a file in it instead:${failures}")
endif()
message(STATUS "ok: ${checked} files, none refers to a path outside the repository")

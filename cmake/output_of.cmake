# Writes what a program prints on stdout to a file; fails the build when the
# program fails (a build step cannot redirect output portably).
#   cmake -DOUTPUT=FILE -P output_of.cmake PROGRAM [ARGS...]
set(command)
set(after_script FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
  if(after_script)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} MATCHES "output_of\\.cmake$")
    set(after_script TRUE)
  endif()
endforeach()
execute_process(COMMAND ${command} OUTPUT_FILE "${OUTPUT}.tmp" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "'${command}' failed (${result}), so ${OUTPUT} cannot be made")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")

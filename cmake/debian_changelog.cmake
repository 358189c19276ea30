# debian_changelog(CHANGELOG_MD VERSION CONTACT OUT_VAR): CHANGELOG.md in the
# format of a Debian changelog (deb-changelog(5)), which is what Debian ships
# as /usr/share/doc/PACKAGE/changelog.gz for a native package and what
# lintian parses there. Used at install time (cmake/install_layout.cmake).
#
# CHANGELOG.md's shape (its head says the same): `## VERSION - DATE`, DATE
# YYYY-MM-DD or `unreleased`, then `- ` entries whose continuation lines are
# indented by two spaces, no line over 76 columns. Each version becomes
#
#   dgram (VERSION) unstable; urgency=medium     (UNRELEASED when unreleased)
#
#     * entry, continued
#
#    -- CONTACT  Thu, 03 Dec 2026 00:00:00 +0000
#
# CONTACT signs every entry: the one who publishes the package (Maintainer).
# An unreleased version is dated now (SOURCE_DATE_EPOCH when set).

# "Thu, 03 Dec 2026 00:00:00 +0000" for 2026-12-03 (Sakamoto's weekday).
function(dgram_rfc2822_date year month day out)
  set(offsets 0 3 2 5 0 3 5 1 4 6 2 4)
  set(y ${year})
  if(month LESS 3)
    math(EXPR y "${y} - 1")
  endif()
  math(EXPR index "${month} - 1")
  list(GET offsets ${index} offset)
  math(EXPR weekday "(${y} + ${y} / 4 - ${y} / 100 + ${y} / 400 + ${offset} + ${day}) % 7")
  set(weekdays Sun Mon Tue Wed Thu Fri Sat)
  set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
  list(GET weekdays ${weekday} weekday_name)
  list(GET months ${index} month_name)
  set(${out} "${weekday_name}, ${day} ${month_name} ${year} 00:00:00 +0000" PARENT_SCOPE)
endfunction()

function(debian_changelog changelog_md version contact out)
  file(STRINGS "${changelog_md}" lines ENCODING UTF-8)
  set(text "")
  set(entry "")
  set(first "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^## ([^ ]+) - (unreleased|([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9]))$")
      if(entry)
        string(APPEND text "${entry}\n -- ${contact}  ${date}\n\n")
      endif()
      if(NOT first)
        set(first "${CMAKE_MATCH_1}")
      endif()
      if(CMAKE_MATCH_2 STREQUAL "unreleased")
        set(distribution UNRELEASED)
        string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
      else()
        set(distribution unstable)
        dgram_rfc2822_date(${CMAKE_MATCH_3} ${CMAKE_MATCH_4} ${CMAKE_MATCH_5} date)
      endif()
      set(entry "dgram (${CMAKE_MATCH_1}) ${distribution}; urgency=medium\n\n")
    elseif(entry AND line MATCHES "^- (.*)$")
      string(APPEND entry "  * ${CMAKE_MATCH_1}\n")
    elseif(entry AND line MATCHES "^  (.*)$")
      string(APPEND entry "    ${CMAKE_MATCH_1}\n")
    elseif(entry AND NOT line STREQUAL "")
      message(FATAL_ERROR "${changelog_md}: '${line}' is neither a `## VERSION - DATE` "
                          "heading nor an entry (`- ` or a line indented by two spaces)")
    endif()
  endforeach()
  if(NOT first STREQUAL version)
    message(FATAL_ERROR "${changelog_md}: its newest version is '${first}', the project is "
                        "${version}: add a `## ${version} - unreleased` section with what changed")
  endif()
  string(APPEND text "${entry}\n -- ${contact}  ${date}\n")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

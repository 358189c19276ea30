# CPACK_PROJECT_CONFIG_FILE: read by cpack once per generator, before it
# installs. The .deb needs a real Maintainer: DGRAM_PACKAGE_CONTACT when
# configured, else the environment variable DGRAM_PACKAGE_CONTACT (a one-off
# or test build; cmake/install_layout.cmake signs changelog.gz with the
# same). Without one the package target fails here, so no .deb ever ships
# with a placeholder.
if(CPACK_GENERATOR STREQUAL "DEB")
  if(NOT CPACK_DEBIAN_PACKAGE_MAINTAINER AND DEFINED ENV{DGRAM_PACKAGE_CONTACT})
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "$ENV{DGRAM_PACKAGE_CONTACT}")
  endif()
  if(NOT CPACK_DEBIAN_PACKAGE_MAINTAINER)
    message(FATAL_ERROR
            "dgram: the .deb needs a Maintainer, the person or team who publishes it: "
            "configure with -DDGRAM_PACKAGE_CONTACT=\"Your Name <you@your.domain>\" "
            "(README, Packages), or set the environment variable DGRAM_PACKAGE_CONTACT "
            "for this one build")
  elseif(NOT CPACK_DEBIAN_PACKAGE_MAINTAINER MATCHES "^[^<>@]+ <[^<>@ ]+@[^<>@ ]+\\.[^<>@ .]+>$")
    message(FATAL_ERROR
            "dgram: DGRAM_PACKAGE_CONTACT is '${CPACK_DEBIAN_PACKAGE_MAINTAINER}', "
            "not 'Name <user@domain.tld>'")
  endif()
endif()

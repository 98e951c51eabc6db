# Run by cpack after it wrote the .deb (CPACK_POST_BUILD_SCRIPTS). CPack adds
# postinst/postrm scripts calling ldconfig for any shared object under
# /usr/lib; ours are private modules in /usr/lib/rcuctx/ that the dynamic
# linker must not know about (lintian: postinst-has-useless-call-to-ldconfig).
# Dropping them leaves a package without maintainer scripts, which also
# installs into a scratch root (dpkg --root, scripts/check-deb.sh).
foreach(deb IN LISTS CPACK_PACKAGE_FILES)
  if(NOT deb MATCHES "\\.deb$")
    continue()
  endif()
  set(tree "${deb}.tree")
  file(REMOVE_RECURSE "${tree}")
  execute_process(COMMAND dpkg-deb -R "${deb}" "${tree}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -R ${deb} failed")
  endif()
  file(REMOVE "${tree}/DEBIAN/postinst" "${tree}/DEBIAN/postrm")
  execute_process(COMMAND dpkg-deb --root-owner-group -Zxz -b "${tree}" "${deb}"
                  RESULT_VARIABLE rc OUTPUT_QUIET)
  file(REMOVE_RECURSE "${tree}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -b ${deb} failed")
  endif()
endforeach()

# Installing rcuctx like the tools kernel developers already use (issue #18):
#
#   cmake --install build --prefix P    P/bin/rcuctx, rcuctx-check, rcuctx-sarif-to-codequality
#                                       P/lib/rcuctx/rcuctx.so, librcuctx-tidy.so
#                                       P/share/rcuctx/rules/*.yaml
#                                       P/share/man/man1/rcuctx.1.gz
#                                       P/share/doc/rcuctx/ (README, docs, CI examples)
#   cpack --config build/CPackConfig.cmake -G DEB
#                                       rcuctx_<version>_<arch>.deb, prefix /usr
#
# Every binary finds the rules relative to its own location (rules/Rules.h,
# RulesLookup): bin/ and lib/rcuctx/ both reach share/rcuctx/rules. The build
# tree is laid out the same way: build/checker/ reaches build/share/rcuctx/rules,
# a link to the source's rules/ (a link, not a copy, so an edited rule is seen
# without a rebuild), so nothing has a source path compiled in.
#
# Fixed folders rather than GNUInstallDirs: on Debian its libdir under /usr is
# lib/<multiarch>, while the plugin is a private module (/usr/lib/rcuctx/, as
# Debian policy allows), found by users through a path they can guess.
set(RCUCTX_INSTALL_LIBDIR lib/rcuctx)
set(RCUCTX_INSTALL_RULESDIR share/rcuctx/rules)
set(RCUCTX_INSTALL_DOCDIR share/doc/rcuctx)
set(RCUCTX_INSTALL_MANDIR share/man/man1)

# The build tree's rules, where an installed binary would look for them.
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/share/rcuctx)
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/rules ${CMAKE_BINARY_DIR}/${RCUCTX_INSTALL_RULESDIR} SYMBOLIC)

# rcuctx(1), printed by the tool from the option table --help prints (and the
# plugin's option table), never written by hand; installed gzipped, as
# Debian's man pages are.
set(RCUCTX_MAN ${CMAKE_BINARY_DIR}/man/rcuctx.1)
add_custom_command(OUTPUT ${RCUCTX_MAN} ${RCUCTX_MAN}.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  # (A sanitized build's tool would fail this step on LeakSanitizer's exit
  # status: LLVM's option registry is freed by the OS, on purpose.)
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
          $<TARGET_FILE:rcuctx-tool> --print-man -o ${RCUCTX_MAN}
  COMMAND sh -c "gzip -9nc '${RCUCTX_MAN}' > '${RCUCTX_MAN}.gz'"
  DEPENDS rcuctx-tool
  COMMENT "Generating rcuctx.1 from the tool's option table" VERBATIM)
add_custom_target(rcuctx-man ALL DEPENDS ${RCUCTX_MAN} ${RCUCTX_MAN}.gz)

install(TARGETS rcuctx-tool RUNTIME DESTINATION bin)
install(PROGRAMS ${CMAKE_BINARY_DIR}/checker/rcuctx-check DESTINATION bin)
install(TARGETS rcuctx rcuctx-tidy LIBRARY DESTINATION ${RCUCTX_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${RCUCTX_INSTALL_RULESDIR}
        FILES_MATCHING PATTERN "*.yaml")
install(FILES ${RCUCTX_MAN}.gz DESTINATION ${RCUCTX_INSTALL_MANDIR})
# GitLab's Code Quality report from rcuctx's SARIF (docs/ci/gitlab-ci.yml).
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/sarif-to-codequality.py
        DESTINATION bin RENAME rcuctx-sarif-to-codequality)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${RCUCTX_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${RCUCTX_INSTALL_DOCDIR}/docs)

# The Debian package. It depends on Debian's runtime LLVM 19 packages, never
# the -dev ones: the tool links libclang-cpp.so.19.1 (libclang-cpp19) and
# libLLVM.so.19.1 (libllvm19); the plugin is loaded into clang-19, the tidy
# module into clang-tidy-19 (recommended). dpkg-shlibdeps (dpkg-dev) adds the
# versioned libc/libstdc++ dependencies.
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE RCUCTX_DEB_ARCH
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT RCUCTX_DEB_ARCH)
  set(RCUCTX_DEB_ARCH amd64)
endif()
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rcuctx)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "rcuctx maintainers <rcuctx@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "RCU and lock-context checker for Linux kernel code (Clang 19)")
set(CPACK_PACKAGE_DESCRIPTION
  "rcuctx infers what every function requires of its calling context (an RCU read-side\n section, a lock in a given mode, being allowed to sleep) and reports definite\n violations: a Clang plugin for kernel builds, a clang-tidy module for editors and\n a whole-program tool (compile_commands.json, SARIF output) for CI.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_DEBIAN_FILE_NAME rcuctx_${PROJECT_VERSION}_${RCUCTX_DEB_ARCH}.deb)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${RCUCTX_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (dpkg-dev) derives libclang-cpp19, libllvm19 and the versioned
# libc/libstdc++ dependencies from the tool's NEEDED entries; without it the
# same list is written out. clang-19 is for the plugin, which links nothing.
find_program(RCUCTX_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(RCUCTX_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-19 (>= 1:19.1)")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libstdc++6 (>= 11), libgcc-s1 (>= 3.0), libclang-cpp19 (>= 1:19.1), libllvm19 (>= 1:19.1), clang-19 (>= 1:19.1)")
endif()
set(CPACK_POST_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/DebNoLdconfig.cmake)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-19, python3")  # the tidy module; rcuctx-sarif-to-codequality
# Wherever cpack is run from, its scratch tree and the .deb stay in the build tree.
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/cpack)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
include(CPack)

# Install rules and the CMake package, so that a downstream project can write
#   find_package(blanko 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE blanko::blanko)
# Included from the top-level CMakeLists.txt when BLANKO_INSTALL is ON; tests/package/
# checks that this works against an installed tree.
include(CMakePackageConfigHelpers)

set(BLANKO_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/blanko"
    CACHE STRING "Where blankoConfig.cmake and blankoTargets.cmake are installed")

install(TARGETS blanko
  EXPORT blankoTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/blanko"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT blankoTargets
  NAMESPACE blanko::
  DESTINATION "${BLANKO_INSTALL_CMAKEDIR}")

# A static libblanko.a carries its PRIVATE dependencies into every consumer's link line
# (as $<LINK_ONLY:...>), so the config file must find them; a shared one does not.
get_target_property(_blanko_type blanko TYPE)
if(_blanko_type STREQUAL "STATIC_LIBRARY")
  set(BLANKO_PACKAGE_STATIC ON)
else()
  set(BLANKO_PACKAGE_STATIC OFF)
endif()
unset(_blanko_type)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/blankoConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/blankoConfig.cmake"
  INSTALL_DESTINATION "${BLANKO_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/blankoConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/blankoConfig.cmake"
  "${PROJECT_BINARY_DIR}/blankoConfigVersion.cmake"
  DESTINATION "${BLANKO_INSTALL_CMAKEDIR}")

# The command-line tool (cli/CMakeLists.txt), installed as `blanko`.
if(TARGET blanko_cli)
  install(TARGETS blanko_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

# The scenario library, so that `blanko run <prefix>/share/blanko/scenarios/...` works.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/scenarios/"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/blanko/scenarios")

# bulwark_module(NAME DEPS dep1 dep2 ... [LIBS lib1 ...])
# One static library per folder under src/, from every .cpp in it, so a new
# component is a new file and never an edit of a build script.
function(bulwark_module name)
  cmake_parse_arguments(M "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target bulwark_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR}/src)
  set(deps)
  foreach(d IN LISTS M_DEPS)
    list(APPEND deps bulwark_${d})
  endforeach()
  target_link_libraries(${target} ${scope} ${deps} ${M_LIBS})
  if(sources)
    bulwark_warnings(${target})
  endif()
endfunction()

function(bulwark_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wold-style-cast
                                           -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wdouble-promotion
                                           -Wimplicit-fallthrough)
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string
  # operator+ at -O3 (GCC bugs 105329, 105651): silence that one check there.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(BULWARK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# bulwark_embed(TARGET VAR FILE): compiles FILE's text into TARGET as
# `std::string_view bulwark::embedded::VAR()`, so the binary needs no data dir.
function(bulwark_embed target var file)
  file(READ ${file} content)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${var}.cpp)
  set(delim "BULWARK_EMBED")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/embed.cpp.in ${out} @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  target_sources(${target} PRIVATE ${out})
endfunction()

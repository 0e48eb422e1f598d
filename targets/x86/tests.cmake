# targets/x86/tests.cmake - X86TargetTest: compiles small kir Programs to objects, links each
# into a shared library with libpicort.a, dlopens it and checks the results against C++
# references (test/unit/X86TargetTest.cpp), on its own for quick runs. test/unit/CMakeLists.txt
# also globs the file into picoc-unit-tests, so ctest registers it here only without that.

if(TARGET Catch2::Catch2 OR EXISTS /usr/include/catch2/catch.hpp)
  set(_x86_test_main ${PICOC_ROOT}/test/unit/Main.cpp)
  if(NOT EXISTS ${_x86_test_main})
    set(_x86_test_main ${CMAKE_CURRENT_BINARY_DIR}/X86TargetTestMain.cpp)
    file(WRITE ${_x86_test_main} "#define CATCH_CONFIG_MAIN\n#include <catch2/catch.hpp>\n")
  endif()
  add_executable(X86TargetTest ${PICOC_ROOT}/test/unit/X86TargetTest.cpp ${_x86_test_main})
  target_link_libraries(X86TargetTest PRIVATE PicocTargets ${CMAKE_DL_LIBS})
  if(TARGET Catch2::Catch2)
    target_link_libraries(X86TargetTest PRIVATE Catch2::Catch2)
  endif()
  target_include_directories(X86TargetTest PRIVATE ${PICOC_ROOT}/runtime-lib/include)
  target_compile_definitions(X86TargetTest PRIVATE
    PICOC_RUNTIME_LIB_DIR="$<TARGET_FILE_DIR:picort>"
    PICOC_RUNTIME_INCLUDE_DIR="${PICOC_ROOT}/runtime-lib/include"
    PICOC_C_COMPILER="${CMAKE_C_COMPILER}")
  add_dependencies(X86TargetTest picort)
  if(NOT EXISTS ${PICOC_ROOT}/test/unit/CMakeLists.txt)
    add_test(NAME unit.x86-target COMMAND X86TargetTest)
  endif()
endif()

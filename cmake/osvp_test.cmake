# osvp_add_test(NAME name SOURCES ... LIBS ... [SYSTEMC])
# Builds a GoogleTest binary with our own main (never the GoogleTest main library: libsystemc.so
# defines main).
# SYSTEMC tests use tests/common/sc_test_main.cpp, which runs the tests from sc_main so that
# death-test forks give each kernel scenario a fresh process.
function(osvp_add_test)
  cmake_parse_arguments(T "SYSTEMC" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  if(T_SYSTEMC)
    add_executable(${T_NAME} ${T_SOURCES} ${PROJECT_SOURCE_DIR}/tests/common/sc_test_main.cpp)
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} PkgConfig::SYSTEMC GTest::gtest Threads::Threads)
  else()
    add_executable(${T_NAME} ${T_SOURCES} ${PROJECT_SOURCE_DIR}/tests/common/test_main.cpp)
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest Threads::Threads)
  endif()
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()

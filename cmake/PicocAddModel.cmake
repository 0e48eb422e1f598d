# picoc_add_model(<target> MODEL <path> [NAME <c-identifier>] [TARGET <host|sm_90|...>]
#                 [OPTIONS <picoc options>...])
#
# Compiles MODEL (an ONNX file or a Hugging Face checkpoint folder) with picoc at build time
# into <NAME>.o and <NAME>.h in the current binary directory, adds the object to <target>, the
# header's directory to its include path, and links it against picoc::picort. NAME defaults
# to the model file's (or folder's) stem, TARGET to host. A model whose weights exceed 2 GiB
# gets a side file <NAME>.weights next to the object (picoc --weights auto), which the program
# passes to <NAME>_create. The compiler is picoc::picoc: the installed one (find_package) or
# the one this build makes.
function(picoc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "MODEL;NAME;TARGET" "OPTIONS")
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "picoc_add_model(${target}): MODEL is required")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE)
  if(NOT ARG_NAME)
    get_filename_component(ARG_NAME "${model}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${ARG_NAME}" ARG_NAME)
  endif()
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/picoc_models")
  set(obj "${dir}/${ARG_NAME}.o")
  set(header "${dir}/${ARG_NAME}.h")
  # A checkpoint folder depends on its config and weights files; an ONNX file on itself (and
  # its external data, next to it).
  if(IS_DIRECTORY "${model}")
    file(GLOB inputs CONFIGURE_DEPENDS "${model}/*.json" "${model}/*.safetensors")
  else()
    get_filename_component(model_dir "${model}" DIRECTORY)
    file(GLOB inputs CONFIGURE_DEPENDS "${model}" "${model}.data" "${model_dir}/*.bin")
  endif()
  add_custom_command(
    OUTPUT "${obj}" "${header}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND picoc::picoc "${model}" --target=${ARG_TARGET} --name ${ARG_NAME} -o "${obj}"
            --quiet ${ARG_OPTIONS}
    DEPENDS ${inputs} picoc::picoc
    COMMENT "picoc: compiling ${ARG_MODEL} for ${ARG_TARGET} into ${ARG_NAME}.o"
    VERBATIM)
  set_source_files_properties("${obj}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set_source_files_properties("${header}" PROPERTIES GENERATED TRUE)
  target_sources(${target} PRIVATE "${obj}" "${header}")
  target_include_directories(${target} PRIVATE "${dir}")
  target_link_libraries(${target} PRIVATE picoc::picort)
endfunction()

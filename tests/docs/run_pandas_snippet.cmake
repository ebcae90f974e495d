# docs_pandas_snippet: the pandas snippet of docs/outputs.md runs on a real study. Run by
# ctest with -DBLANKO=<cli> -DPYTHON=<python3> -DDOC=<docs/outputs.md> -DSCENARIO=<yaml>
# -DWORK=<dir>.
foreach(var BLANKO PYTHON DOC SCENARIO WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_pandas_snippet.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# The study the page tells the reader to run, with fewer replications.
execute_process(COMMAND "${BLANKO}" run "${SCENARIO}" --replications 40 --per-node stockout_days
                        --out "${WORK}/study" -q
                RESULT_VARIABLE run_result)
if(NOT run_result EQUAL 0)
  message(FATAL_ERROR "blanko run failed: ${run_result}")
endif()

file(READ "${DOC}" doc)
string(FIND "${doc}" "<!-- pandas-snippet:begin" begin)
string(FIND "${doc}" "<!-- pandas-snippet:end -->" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "${DOC} has no pandas-snippet markers")
endif()
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${doc}" ${begin} ${length} block)
string(FIND "${block}" "```python\n" code_begin)
string(FIND "${block}" "\n```" code_end REVERSE)
if(code_begin EQUAL -1 OR code_end EQUAL -1)
  message(FATAL_ERROR "the pandas snippet of ${DOC} is not a ```python block")
endif()
math(EXPR code_begin "${code_begin} + 10")
math(EXPR code_length "${code_end} - ${code_begin} + 1")
string(SUBSTRING "${block}" ${code_begin} ${code_length} code)
file(WRITE "${WORK}/snippet.py" "${code}")

execute_process(COMMAND "${PYTHON}" snippet.py WORKING_DIRECTORY "${WORK}"
                RESULT_VARIABLE python_result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT python_result EQUAL 0)
  message(FATAL_ERROR "the pandas snippet of ${DOC} failed (${python_result}):\n${out}\n${err}")
endif()
foreach(expected "fill_rate is a share" "Kabupaten")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the pandas snippet printed no '${expected}':\n${out}")
  endif()
endforeach()
message(STATUS "the pandas snippet of ${DOC} ran:\n${out}")

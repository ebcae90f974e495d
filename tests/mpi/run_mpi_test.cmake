# mpi_matches_single_process: `mpirun -np 2 blanko run --mpi` writes the same bytes as one
# process, and so does `blanko plan --mpi`. Run by ctest with -DBLANKO=<cli>
# -DMPIEXEC=<mpirun> -DSCENARIO=<yaml> -DPLAN=<plan yaml> -DWORK=<dir>.
foreach(var BLANKO MPIEXEC SCENARIO PLAN WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_mpi_test.cmake needs -D${var}=...")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# CI machines run as root and have fewer cores than ranks; OpenMPI refuses both unless told.
set(mpi_flags --oversubscribe)
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(uid STREQUAL "0")
  list(APPEND mpi_flags --allow-run-as-root)
endif()
# Containers often forbid the cross-memory attach OpenMPI uses between local ranks.
set(ENV{OMPI_MCA_btl_vader_single_copy_mechanism} none)

# Runs `blanko ARGS --out WORK/<single>` in one process and `mpirun -np 2 blanko ARGS --mpi
# --out WORK/<mpi>`; both must succeed.
function(run_single_and_mpi single mpi)
  execute_process(COMMAND "${BLANKO}" ${ARGN} --out "${WORK}/${single}"
                  RESULT_VARIABLE single_result)
  if(NOT single_result EQUAL 0)
    message(FATAL_ERROR "single-process blanko ${ARGN} failed: ${single_result}")
  endif()
  execute_process(COMMAND "${MPIEXEC}" ${mpi_flags} -np 2 "${BLANKO}" ${ARGN} --mpi
                          --out "${WORK}/${mpi}"
                  RESULT_VARIABLE mpi_result)
  if(NOT mpi_result EQUAL 0)
    message(FATAL_ERROR "mpirun -np 2 blanko ${ARGN} failed: ${mpi_result}")
  endif()
endfunction()

run_single_and_mpi(single mpi run "${SCENARIO}" --replications 30 --threads 2 -q)

# The CSVs byte for byte; the JSON files too, but for the command line they record
# (the two runs were asked for differently).
foreach(file summary.json meta.json kpis.csv bands.csv replications.csv)
  file(READ "${WORK}/single/${file}" single_text)
  file(READ "${WORK}/mpi/${file}" mpi_text)
  if(file STREQUAL "summary.json")
    string(JSON single_text REMOVE "${single_text}" meta command)
    string(JSON mpi_text REMOVE "${mpi_text}" meta command)
  elseif(file STREQUAL "meta.json")
    string(JSON single_text REMOVE "${single_text}" command)
    string(JSON mpi_text REMOVE "${mpi_text}" command)
  endif()
  if(NOT single_text STREQUAL mpi_text)
    message(FATAL_ERROR "${file} differs between one process and 2 MPI ranks")
  endif()
endforeach()
message(STATUS "2 MPI ranks wrote the same summary.json, meta.json, kpis.csv, bands.csv and "
               "replications.csv as one process")

# A plan: every rank runs the same search on all the values; rank 0 writes.
run_single_and_mpi(plan_single plan_mpi plan "${PLAN}" --set replications=60
                   --set verify_replications=90 --threads 2 -q)
foreach(file plan.csv recommended.yaml plan.json)
  file(READ "${WORK}/plan_single/${file}" single_text)
  file(READ "${WORK}/plan_mpi/${file}" mpi_text)
  if(file STREQUAL "plan.json")
    foreach(text single_text mpi_text)
      string(JSON ${text} REMOVE "${${text}}" meta command)
      string(JSON ${text} REMOVE "${${text}}" seconds)
    endforeach()
  endif()
  if(NOT single_text STREQUAL mpi_text)
    message(FATAL_ERROR "${file} of the plan differs between one process and 2 MPI ranks")
  endif()
endforeach()
message(STATUS "2 MPI ranks wrote the same plan.csv, plan.json and recommended.yaml as one process")

# One browser test of the HTML report (ctest `report_<kind>_<lang>`): makes a report with
# the built CLI, then opens it in headless Chromium with report/test/check_report.mjs, which
# fails on a console error, a request leaving the page, a chart that did not draw, a map
# without one shape per kab/kota, a blank screenshot or blank printed pages.
#
# -DCLI=... -DNODE=... -DCHECKER=... -DSCENARIO=... -DKIND=run|monte_carlo -DLANG=id|en
# -DMAP_REGIONS=N -DOUT=<dir> [-DREPLICATIONS=N] [-DPOLICY_SETS=<dir>] (KIND also compare,
# sweep)
foreach(var CLI NODE CHECKER SCENARIO KIND LANG MAP_REGIONS OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_browser_test.cmake needs -D${var}=...")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
set(report "${OUT}/report.html")
set(common_args -q --out "${OUT}/results" --report "${report}" --lang "${LANG}")
if(KIND STREQUAL "run")
  set(run_args run "${SCENARIO}" ${common_args})
elseif(KIND STREQUAL "monte_carlo")
  set(run_args run "${SCENARIO}" ${common_args} --replications "${REPLICATIONS}" --threads 2)
elseif(KIND STREQUAL "compare")
  set(run_args compare "${SCENARIO}" ${common_args} --replications "${REPLICATIONS}"
      --policy-set "${POLICY_SETS}/s-S.yaml" --policy-set "${POLICY_SETS}/event-aware.yaml")
elseif(KIND STREQUAL "sweep")
  set(run_args sweep "${SCENARIO}" ${common_args} --replications "${REPLICATIONS}"
      --vary defaults.kabkota.office.printers=1,2,3
      --vary defaults.kabkota.replenishment.review_period_days=7,14)
else()
  message(FATAL_ERROR "unknown report kind ${KIND}")
endif()
execute_process(COMMAND "${CLI}" ${run_args} RESULT_VARIABLE made)
if(NOT made EQUAL 0)
  message(FATAL_ERROR "blanko ${run_args} failed (${made})")
endif()
# The same page again from the output directory (blanko report DIR).
execute_process(COMMAND "${CLI}" report "${OUT}/results" -o "${OUT}/again.html" --lang "${LANG}"
                RESULT_VARIABLE again)
if(NOT again EQUAL 0)
  message(FATAL_ERROR "blanko report ${OUT}/results failed (${again})")
endif()
foreach(page "${report}" "${OUT}/again.html")
  execute_process(
    COMMAND "${NODE}" "${CHECKER}" "${page}" --kind "${KIND}" --lang "${LANG}"
            --map-regions "${MAP_REGIONS}" --screenshot "${OUT}/screenshot.png" --pdf "${OUT}/report.pdf"
    RESULT_VARIABLE checked)
  if(NOT checked EQUAL 0)
    message(FATAL_ERROR "the report ${page} failed its browser checks (${checked})")
  endif()
endforeach()

#!/usr/bin/env bash
# Runs one blanko fuzzer for a bounded time and fails on any finding (a crash, a sanitizer
# report, a leak, a timeout, memory above the limit, or an exception the target calls a bug).
#
#   fuzz/run.sh FUZZER SECONDS WORKDIR [SEED_DIR ...]
#
# WORKDIR is made anew: WORKDIR/corpus keeps what the run found (pass it as a SEED_DIR of
# the next run to go on from there), WORKDIR/seeds the inputs the fuzzer writes for itself
# (BLANKO_FUZZ_WRITE_SEED), and a finding is saved as WORKDIR/crash-*, leak-*, timeout-* or
# oom-* (reproduce with `FUZZER FILE`). fuzz/<name>.dict is used where it exists.
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: $0 FUZZER SECONDS WORKDIR [SEED_DIR ...]" >&2
  exit 2
fi
fuzzer="$1" seconds="$2" work="$3"
shift 3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name="$(basename "${fuzzer}")"
name="${name%_fuzzer}"

rm -rf "${work}"
mkdir -p "${work}/corpus" "${work}/seeds"
BLANKO_FUZZ_WRITE_SEED="${work}/seeds" "${fuzzer}" >/dev/null

options=(
  -max_total_time="${seconds}"
  -timeout=20                # a single input: seconds
  -rss_limit_mb=2048
  -max_len=65536
  -print_final_stats=1
  -artifact_prefix="${work}/"
)
if [[ -f "${here}/${name}.dict" ]]; then
  options+=(-dict="${here}/${name}.dict")
fi
# Sanitizer reports end the run (libFuzzer keeps the input), and leaks count.
export ASAN_OPTIONS="${ASAN_OPTIONS:+${ASAN_OPTIONS}:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+${UBSAN_OPTIONS}:}halt_on_error=1:print_stacktrace=1"
status=0
"${fuzzer}" "${options[@]}" "${work}/corpus" "${work}/seeds" "$@" 2>"${work}/log.txt" || status=$?
tail -n 25 "${work}/log.txt"
findings=$(find "${work}" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' \
  -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'oom-*' | wc -l)
if [[ ${status} -ne 0 || ${findings} -ne 0 ]]; then
  echo "fuzz ${name}: FAILED (exit ${status}, ${findings} finding(s) in ${work}; full log ${work}/log.txt)" >&2
  exit 1
fi
echo "fuzz ${name}: no finding in ${seconds} s ($(ls "${work}/corpus" | wc -l) new corpus inputs)"

#!/usr/bin/env bash
# A long fuzzing campaign (issue 16; docs/RELIABILITY.md): builds the
# libFuzzer targets of tests/fuzz with clang 16, ASan and UBSan in
# build-fuzz/, runs each for SECONDS from its committed seed corpus plus
# what earlier campaigns found (build-fuzz/campaign/<target>/), and reports
# executions, coverage and crashes per target. A crash leaves its input in
# build-fuzz/campaign/<target>.artifacts/: add it to the target's seed
# corpus as a regression once fixed. Exits non-zero if any target crashed.
#
# usage: tools/fuzz-campaign.sh [SECONDS_PER_TARGET] [TARGET...]   (default 300, every target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
tools/install-deps.sh --fuzz
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-16 \
  -DCMAKE_CXX_COMPILER=clang++-16 -DGONGKAI_FUZZ=ON -DGONGKAI_BENCH=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_targets
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for corpus in tests/fuzz/corpus/*/; do targets+=("$(basename "$corpus")"); done
fi

crashed=0
report=$(mktemp)
for target in "${targets[@]}"; do
  work=build-fuzz/campaign/$target
  log=build-fuzz/campaign/$target.log
  mkdir -p "$work"
  echo "fuzzing $target for $seconds s" >&2
  status=0
  tests/fuzz/run_target.sh "build-fuzz/tests/fuzz/fuzz_$target" "tests/fuzz/corpus/$target" "$work" "$seconds" \
    >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$work.artifacts" -type f 2>/dev/null | wc -l)
  [ "$status" -eq 0 ] || crashed=1
  printf '| %s | %s | %s | %s | %s | %s |\n' "$target" "$seconds" "${executions:-?}" "${rate:-?}" \
    "${coverage:-?}" "$crashes" >>"$report"
done
echo
echo "| target | seconds | executions | exec/s | coverage (edges) | crashes |"
echo "|---|---|---|---|---|---|"
cat "$report"
exit $crashed

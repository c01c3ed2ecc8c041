#!/usr/bin/env bash
# The crash campaign (issue 16): kill -9 against concurrent appenders, then
# against `gongkai serve` with remote clients retrying, many more times than
# CI's crash tests do (100 and 10), checking after every restart that each
# acknowledged entry is present with the same hash, none twice, and that the
# ledger verifies. Any loss or verify failure stops the run at its cycle and
# exits non-zero.
#
# usage: tools/crash-campaign.sh [BUILD_DIR] [APPENDER_CYCLES] [SERVER_KILLS]
#        (defaults: build 1000 100)
set -euo pipefail
build=${1:-build}
appender_cycles=${2:-1000}
server_kills=${3:-100}
for binary in "$build/tests/crash_tests" "$build/tests/tools_tests"; do
  [ -x "$binary" ] || { echo "crash-campaign: $binary is missing: build $build first" >&2; exit 1; }
done
log=$(mktemp -d)/crash-campaign.log
echo "crash campaign: $appender_cycles appender cycles, $server_kills server kills; log in $log" >&2

start=$SECONDS
GONGKAI_CRASH_CYCLES=$appender_cycles "$build/tests/crash_tests" \
  --gtest_filter='CrashTest.KilledAppenderLosesNoAcknowledgedEntry' >"$log" 2>&1 \
  || { tail -20 "$log" >&2; echo "crash-campaign: the appender campaign FAILED (see $log)" >&2; exit 1; }
appender_seconds=$((SECONDS - start))
start=$SECONDS
GONGKAI_SERVER_KILLS=$server_kills "$build/tests/tools_tests" \
  --gtest_filter='ServerCrashTest.*' >>"$log" 2>&1 \
  || { tail -20 "$log" >&2; echo "crash-campaign: the server campaign FAILED (see $log)" >&2; exit 1; }
server_seconds=$((SECONDS - start))

echo
echo "| campaign | result | time |"
echo "|---|---|---|"
grep -h '^crash campaign:' "$log" | sed "s/^crash campaign: /| appenders in-process | /; s/$/ | ${appender_seconds} s |/"
grep -h '^server crash campaign:' "$log" | sed "s/^server crash campaign: /| gongkai serve, remote clients retrying | /; s/$/ | ${server_seconds} s |/"

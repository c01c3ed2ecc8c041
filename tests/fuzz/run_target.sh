#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time, from the committed seed
# corpus, adding what it finds to a working corpus in the build tree (never
# to the repository), and fails on any crash, leak, timeout or property
# failure, leaving the reproducer in the build tree.
#   run_target.sh FUZZER SEED_CORPUS WORK_CORPUS SECONDS
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work" "$work.artifacts"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$work.artifacts/" "$work" "$seeds"

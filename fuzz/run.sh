#!/usr/bin/env bash
# Runs every fuzz target (or those in $TARGETS) for SECONDS each (default 900) on one core,
# seeded from seeds/ and the corpus kept in corpus/; it goes on past a crash, and every crash,
# hang or memory blow-up lands in artifacts/. Needs a nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-900}
for t in ${TARGETS:-stack arrivals cdr erlang parquet baseline json}; do
  mkdir -p corpus/$t artifacts/$t
  cargo +nightly fuzz run -O $t corpus/$t seeds/$t -- \
    -max_total_time=$secs -timeout=5 -rss_limit_mb=2048 -artifact_prefix=artifacts/$t/ \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -print_final_stats=1 2>&1 | grep -E "^(stat::|#[0-9]+|==|SUMMARY|artifact|INFO: fuzzed for)" | tail -n 8 || true
done

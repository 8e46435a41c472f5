#!/usr/bin/env bash
# Bounded memory: the streaming reader of call records (`observe`: a plain file read by several
# threads, and gzip on standard input) on a few GB generated on the fly, under a memory cap,
# with its peak resident memory. Needs only awk, gzip and GNU time.
# Usage: bench/memory.sh [GB]   (default 2; files in bench/data, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${1:-2}
cargo build --release --quiet
bin=target/release/capplan
mkdir -p bench/data
cdr=bench/data/memory-cdr.csv
trap 'rm -f "$cdr"' EXIT
# About 23 bytes a call: epoch seconds, 3 minutes each, 40 calls a second, shuffled in blocks.
rows=$((gb * 1000000000 / 23))
awk -v n="$rows" 'BEGIN { print "start,end"; for (i = 0; i < n; i++) {
  t = 1772442000 + int(i / 40) + (i % 7) * 3; printf "%d,%d\n", t, t + 180 + i % 240 } }' > "$cdr"
ls -l "$cdr" | awk '{ printf "%s: %.2f GB\n", $9, $5 / 1e9 }'
cap_kb=$((1200 * 1024))   # 1.2 GB of address space: a reader that holds its input fails
run() {
  local what=$1; shift
  local out
  out=$( (ulimit -v $cap_kb; /usr/bin/time -f "%e s %M KB" "$@" > /dev/null) 2>&1 | tail -1)
  echo "$what: $out (under ulimit -v ${cap_kb} KB)"
}
run "observe, $rows calls" $bin observe "$cdr" --interval 15m
run "observe --arrivals-out" $bin observe "$cdr" --interval 15m --arrivals-out /dev/null
run "observe, gzip on standard input" sh -c "gzip -1 -c '$cdr' | $bin observe - --interval 15m"

#!/usr/bin/env bash
# Bounded memory: the streaming readers of call records (`observe`: a plain CSV file read by
# several threads, gzip on standard input, one JSON object a line in ranges, a JSON array on
# standard input) on a few GB generated on the fly, under a memory cap, with their peak resident
# memory. Needs only awk, gzip and GNU time.
# Usage: bench/memory.sh [GB]   (default 2; files in bench/data, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
gb=${1:-2}
cargo build --release --quiet
bin=target/release/capplan
mkdir -p bench/data
cdr=bench/data/memory-cdr.csv
lines=bench/data/memory-cdr.ndjson
trap 'rm -f "$cdr" "$lines"' EXIT
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
# The same calls as JSON, about 37 bytes a call: one object a line in a file, and one array
# streamed from awk on standard input (never on disk).
jrows=$((gb * 1000000000 / 37))
awk -v n="$jrows" 'BEGIN { for (i = 0; i < n; i++) {
  t = 1772442000 + int(i / 40) + (i % 7) * 3; printf "{\"start\":%d,\"end\":%d}\n", t, t + 180 + i % 240 } }' > "$lines"
ls -l "$lines" | awk '{ printf "%s: %.2f GB\n", $9, $5 / 1e9 }'
run "observe, $jrows calls, one JSON object a line" $bin observe "$lines" --interval 15m
run "observe, a JSON array of $jrows calls on standard input" sh -c "awk -v n=$jrows 'BEGIN { printf \"[\"; for (i = 0; i < n; i++) { t = 1772442000 + int(i / 40) + (i % 7) * 3; printf \"%s{\\\"start\\\":%d,\\\"end\\\":%d}\", (i ? \",\" : \"\"), t, t + 180 + i % 240 }; print \"]\" }' | $bin observe - --interval 15m"

#!/usr/bin/env bash
# Benchmark: the JSON readers against the CSV path on the same calls. Writes the records of
# bench/data/cdr-N.csv (bench/gen_cdr.py) again as one object a line (Twilio's BulkExport
# form: sid, direction, start_time, end_time) and as one JSON array (Vapi's `GET /call` form),
# then times `capplan observe` on each, beside `cat` of each file, and checks the peaks agree.
# Usage: bench/observe_json.sh [calls]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
cargo build --release --quiet
mkdir -p bench/data
csv="bench/data/cdr-$n.csv"
[ -f "$csv" ] || python3 bench/gen_cdr.py "$csv" "$n"
ndjson="bench/data/cdr-$n.ndjson"
array="bench/data/cdr-$n.json"
[ -f "$ndjson" ] && [ -f "$array" ] || python3 - "$csv" "$ndjson" "$array" <<'PY'
import csv, json, sys
src, lines, arr = sys.argv[1:4]
with open(src) as f, open(lines, "w", buffering=1 << 22) as nd, open(arr, "w", buffering=1 << 22) as ar:
    ar.write("[")
    for i, row in enumerate(csv.DictReader(f)):
        rec = json.dumps({"sid": f"CA{row['call_id']}", "direction": row["direction"],
                          "start_time": row["start_time"], "end_time": row["end_time"]})
        nd.write(rec + "\n")
        ar.write(("," if i else "") + rec)
    ar.write("]\n")
PY
for f in "$csv" "$ndjson" "$array"; do
  size=$(du -m "$f" | cut -f1)
  start=$(date +%s.%N); cat "$f" > /dev/null; cat_s=$(echo "$(date +%s.%N) - $start" | bc)
  out=$(mktemp)
  start=$(date +%s.%N)
  target/release/capplan observe "$f" -f json -o "$out" 2>/dev/null
  s=$(echo "$(date +%s.%N) - $start" | bc)
  peak=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['peak_calls'])" "$out")
  rm -f "$out"
  printf '%-28s %6s MB  cat %5.2f s  capplan observe %5.2f s  peak %s\n' "$f" "$size" "$cat_s" "$s" "$peak"
done

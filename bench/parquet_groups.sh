#!/usr/bin/env bash
# Bounded memory on a Parquet file of many tiny row groups: 600,000 groups of one call each
# (258 MB, nearly all footer), read by `observe` with 1 and 2 threads, with the time and peak
# resident memory. The footer is decoded once and shared by the threads, without statistics.
# Creates bench/.venv-pyarrow on first use. Usage: bench/parquet_groups.sh [groups]
set -euo pipefail
cd "$(dirname "$0")/.."
groups=${1:-600000}
cargo build --release --quiet
bin=target/release/capplan
if [ ! -x bench/.venv-pyarrow/bin/python ]; then
  python3 -m venv bench/.venv-pyarrow
  bench/.venv-pyarrow/bin/pip install --quiet pyarrow
fi
mkdir -p bench/data
file=bench/data/groups.parquet
trap 'rm -f "$file"' EXIT
bench/.venv-pyarrow/bin/python - "$file" "$groups" <<'PY'
import sys
import pyarrow as pa, pyarrow.parquet as pq
out, n = sys.argv[1], int(sys.argv[2])
ms = [1772442000000 + i * 1000 for i in range(n)]
t = pa.table({"start": pa.array(ms, pa.timestamp("ms", tz="UTC")),
              "end": pa.array([m + 180000 for m in ms], pa.timestamp("ms", tz="UTC"))})
pq.write_table(t, out, row_group_size=1)
PY
ls -l "$file" | awk '{ printf "%s: %.0f MB\n", $9, $5 / 1e6 }'
for t in 1 2; do
  out=$( (/usr/bin/time -f "%e s %M KB" $bin observe "$file" --threads $t > /dev/null) 2>&1 | tail -1)
  echo "observe --threads $t, $groups row groups: $out"
done

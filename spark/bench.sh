#!/usr/bin/env bash
# Images per second of the Spark job at local[1] and local[2] (or BENCH_MASTERS) on the same photos:
#   spark/bench.sh --task colorize --input DIR [more revive-spark options]
#   BENCH_MASTERS='local[1] local[2] local[4]' spark/bench.sh --task inpaint --input DIR --masks DIR
# Each master writes to a fresh output folder (so nothing is skipped) that is deleted afterwards. Every photo's
# network runs on one thread (OMP_NUM_THREADS=1, unless set), so the scaling measured is Spark's, across task
# slots, and not OpenMP's inside one network. Run it on a quiet machine with at least as many free cores as the
# largest N, on a folder of a hundred photos or more: the figure includes building one network per slot.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
masters="${BENCH_MASTERS:-local[1] local[2]}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
"$here/revive-spark" --help > /dev/null # builds first, outside the timings
printf '%-10s %10s %8s   %s\n' master images/s speedup "OMP_NUM_THREADS=$OMP_NUM_THREADS, $(nproc) cores"
first=""
i=0
for m in $masters; do
  i=$((i + 1))
  line="$("$here/revive-spark" --master "$m" --output "$out/run$i" "$@" | grep 'images/s')"
  rate="$(sed -E 's/.*\(([0-9.]+) images\/s\).*/\1/' <<< "$line")"
  [[ -z "$first" ]] && first="$rate"
  printf '%-10s %10s %8s   %s\n' "$m" "$rate" "$(awk -v a="$rate" -v b="$first" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" \
    "$(sed -E 's/ -> .*//' <<< "$line")"
done

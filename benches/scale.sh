#!/usr/bin/env bash
# Whole-pipeline scale test: generates 10k and 100k documents (1M with --with-1m) from raw/ with
# `minsheng synth`, times `minsheng run --full --quiet` on each with /usr/bin/time -v (wall time,
# MB/s = input bytes / wall time, peak resident memory), then adds 1% new documents and times
# the incremental re-run (`minsheng run --quiet`, unchanged files reused).
#
# Disk: a full run needs about 3.3× the input (the input, the ingest stage file at ~2.2×, the
# tables); the incremental re-run writes a new stage file beside the old one, so about 5.5×.
# At 1M documents (~16 GB of input) that is ~55 GB and ~90 GB: --no-incremental skips the re-run.
#
# Usage: benches/scale.sh [--with-1m] [--sizes "10000 100000"] [--jobs N] [--no-incremental]
# Env:   MINSHENG_BIN  binary to time (default: cargo build --release, then
#                      ${CARGO_TARGET_DIR:-target}/release/minsheng)
#        SCALE_DIR     work directory (default /tmp/minsheng-scale)
#        SEED          synth seed (default 1)
# Output: one line per run, and the same as TSV in $SCALE_DIR/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="10000 100000"
jobs=""
incremental=1
while [ $# -gt 0 ]; do
  case "$1" in
    --with-1m) sizes="$sizes 1000000" ;;
    --sizes) sizes="$2"; shift ;;
    --jobs) jobs="--jobs $2"; shift ;;
    --no-incremental) incremental=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (apt-get install time)" >&2
  apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

bin="${MINSHENG_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/minsheng"
fi
work="${SCALE_DIR:-/tmp/minsheng-scale}"
seed="${SEED:-1}"
mkdir -p "$work"
results="$work/results.tsv"
printf 'case\tdocs\tinput_bytes\twall_s\tingest_extract_s\tcpu_s\tmb_per_s\tpeak_rss_mb\texit\n' >"$results"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(awk '/MemTotal/ {printf "%.1f GB", $2/1e6}' /proc/meminfo) memory; binary $bin"

# timed CASE N INPUT OUTPUT ARGS...: runs the binary under /usr/bin/time -v and reports.
timed() {
  local case="$1" n="$2" input="$3" output="$4"
  shift 4
  local log="$work/$case-$n.time"
  local bytes
  bytes=$(du -sb --apparent-size "$input" | cut -f1)
  set +e
  /usr/bin/time -v "$bin" run --input "$input" --output "$output" --quiet --json $jobs "$@" \
    >"$work/$case-$n.out" 2>"$log"
  local code=$?
  set -e
  local wall rss
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
  # CPU seconds (user + system): what the run cost, whatever else the machine was doing.
  local cpu
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$log")
  local mbs
  mbs=$(awk -v b="$bytes" -v w="$wall" 'BEGIN { printf "%.1f", (w > 0 ? b / 1e6 / w : 0) }')
  # Wall seconds the run spent reading, ingesting and extracting (the rest: tables).
  local ie
  ie=$(grep -o '"ingest_extract_s":[0-9.]*' "$work/$case-$n.out" | cut -d: -f2)
  printf '%-12s %8s docs %9.1f MB  wall %8.2f s (ingest+extract %6.1f s)  cpu %8s s  %7s MB/s  peak RSS %6s MB  exit %s\n' \
    "$case" "$n" "$(awk -v b="$bytes" 'BEGIN {print b/1e6}')" "$wall" "${ie:-0}" "$cpu" "$mbs" "$rss" "$code"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$n" "$bytes" "$wall" "${ie:-0}" "$cpu" "$mbs" "$rss" "$code" >>"$results"
  if [ "$code" -gt 1 ]; then
    echo "run failed (exit $code); see $log and $work/$case-$n.out" >&2
    tail -5 "$log" >&2
    exit 1
  fi
}

for n in $sizes; do
  input="$work/input-$n"
  output="$work/processed-$n"
  # Generated documents average ~16 kB: refuse early rather than fill the disk an hour in.
  need_gb=$(awk -v n="$n" -v i="$incremental" 'BEGIN { printf "%.0f", n * 16e3 * (i ? 5.5 : 3.3) / 1e9 + 1 }')
  # (An input already generated, and a previous output about to be removed, count as free.)
  have_gb=$( (du -sBG "$input" "$output" 2>/dev/null || true) | awk '{sub("G", "", $1); s += $1} END {print s + 0}')
  free_gb=$(df -P -BG "$work" | awk -v h="$have_gb" 'NR==2 {sub("G", "", $4); print $4 + h}')
  if [ "$free_gb" -lt "$need_gb" ]; then
    echo "$n documents need ~${need_gb} GB free in $work, and it has ${free_gb} GB" \
      "(set SCALE_DIR, or pass --no-incremental)" >&2
    exit 1
  fi
  if [ "$(find "$input" -name 'synth_*.txt' 2>/dev/null | wc -l)" -ne "$n" ]; then
    rm -rf "$input"
    t0=$(date +%s.%N)
    "$bin" synth --docs "$n" --seed "$seed" --input raw --output "$input" >/dev/null
    echo "generated $n documents in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
  fi
  rm -rf "$output"
  timed full "$n" "$input" "$output" --full
  echo "  input: $(du -sh "$input" | cut -f1) on disk; output: $(du -sh "$output" | cut -f1)" \
    "($(du -sh "$output/_stages" | cut -f1) of it the ingest stage file)"
  [ "$incremental" -eq 1 ] || continue
  # +1%: document i depends only on the seed and i, so documents n .. n+1%-1 are simply added.
  "$bin" synth --first "$n" --docs "$((n / 100))" --seed "$seed" --input raw --output "$input" >/dev/null
  timed incremental "$n+1%" "$input" "$output"
  # Back to n documents for the next time the script runs.
  find "$input" -name 'synth_*.txt' | sort | tail -n +"$((n + 1))" | xargs -r rm -f
done
echo "results: $results"

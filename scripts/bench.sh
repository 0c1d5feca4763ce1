#!/usr/bin/env bash
# Benchmarks (not tests): simulation speed and memory of optimstore-vp on the paper's drive in
# timing-only mode. Prints, per run, simulated flash page operations per wall-clock second,
# peak resident memory (also of one write on the paper drive and on a drive of 16 x its blocks)
# and CPU time (user + system; robust when the machine is shared, unlike wall time).
# Usage: scripts/bench.sh [--quick] [--repeat N]   (--quick skips T5 11.3B; --repeat N
# runs everything N times and reports the run with the least CPU time: a shared machine's speed
# varies from minute to minute, and the fastest run is the one least disturbed)
# It first prints the SystemC kernel's own CPU time per timed wait (tests/model/kernel), for threads
# (as the models use) and for methods (the cheapest timed activation): the floor under the page rate
# of a model that synchronises k times per page is 1 / (k x that time).
# --instructions instead counts the instructions of the simulation phase (valgrind's callgrind,
# deterministic: the same build gives the same count on any machine, however loaded) for three
# smaller runs, and per simulated page operation: the figure to compare before and after a change.
set -euo pipefail
quick=0
repeat=1
instructions=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --instructions) instructions=1; shift ;;
        --repeat)
            if ! [[ "${2:-}" =~ ^[1-9][0-9]*$ ]]; then
                echo "--repeat needs a positive whole number, got '${2:-}'" >&2
                exit 2
            fi
            repeat="$2"; shift 2 ;;
        *) echo "unknown option '$1'; allowed: --quick, --repeat N, --instructions" >&2; exit 2 ;;
    esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
exe="${BUILD_DIR:-$root/build}/platform/optimstore-vp"
[ -x "$exe" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

run() {
    local label="$1"; shift
    local best="" wall rss_kb user sys
    for ((i = 0; i < repeat; i++)); do
        /usr/bin/time -f "%e %M %U %S" -o "$out/time" "$exe" --quiet --stats "$out/stats.json" \
            "$@" >/dev/null 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
        read -r wall rss_kb user sys < "$out/time"
        if [ -z "$best" ] || awk -v a="$user $sys" -v b="$best" \
            'BEGIN { split(a, x); split(b, y); exit !(x[1] + x[2] < y[3] + y[4]) }'; then
            best="$wall $rss_kb $user $sys"
        fi
    done
    read -r wall rss_kb user sys <<< "$best"
    python3 - "$label" "$wall" "$rss_kb" "$user" "$sys" "$out/stats.json" <<'PY'
import json, sys
label, wall, rss_kb, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[6]
cpu = float(sys.argv[4]) + float(sys.argv[5])
s = json.load(open(path))
pages = sum(d["plane_reads"] + d["plane_programs"] for ch in s["ssd"]["channels"] for d in ch["dies"])
ops = sum(d["reads"] + d["programs"] + d["erases"] for ch in s["ssd"]["channels"] for d in ch["dies"])
sim = s["simulated_ps"] / 1e12
print(f"{label:44s} {wall:8.2f} s wall {cpu:8.2f} s CPU {sim:9.4f} s simulated {pages / wall / 1e6:6.2f} M page ops/s "
      f"({ops / wall / 1e6:5.2f} M die ops/s) {rss_kb / 1024:7.1f} MiB peak")
PY
}

# Simulation-phase instructions of one run and per plane page read or programmed.
count() {
    local label="$1"; shift
    valgrind --tool=callgrind --toggle-collect='sc_core::sc_simcontext::simulate*' \
        --callgrind-out-file="$out/callgrind" "$exe" --quiet --stats "$out/stats.json" "$@" \
        >/dev/null 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
    python3 - "$label" "$out/callgrind" "$out/stats.json" <<'PY'
import json, sys
label, trace, path = sys.argv[1:4]
total = next(int(line.split()[1]) for line in open(trace) if line.startswith("totals:"))
s = json.load(open(path))
pages = sum(d["plane_reads"] + d["plane_programs"] for ch in s["ssd"]["channels"] for d in ch["dies"])
print(f"{label:40s} {total / 1e6:9.1f} M instructions {total / pages:9.0f} per page op")
PY
}

if [ "$instructions" = 1 ]; then
    command -v valgrind >/dev/null || { echo "--instructions needs valgrind (apt-get install valgrind)" >&2; exit 1; }
    echo "optimstore-vp simulation-phase instructions ($exe)"
    count "block sequential write 256 MiB" --mode block --pattern sequential --op write \
        --total-bytes "256 MiB" --request-size "1 MiB" --queue-depth 64
    count "block random read 128 MiB (256 MiB range)" --mode block --pattern random --op read \
        --total-bytes "128 MiB" --request-size "128 KiB" --queue-depth 128 \
        --set workload.lba_count=65536 --set workload.precondition=true
    # GPT-2 small (124 M parameters: 12 layers, 768 hidden; Radford et al. 2019).
    echo '{"name": "gpt2-124m", "source": "GPT-2 small", "architecture": {"family": "gpt2",
           "layers": 12, "hidden": 768, "heads": 12, "vocab": 50257, "seq": 1024}}' \
        > "$out/gpt2-124m.json"
    count "Adam step GPT-2 124M" --set training.model_file="$out/gpt2-124m.json" --steps 1
    exit 0
fi

echo "optimstore-vp benchmarks ($(nproc) cores, $(date -u +%F))"
kernel="${BUILD_DIR:-$root/build}/tests/model/kernel/bench_kernel"
[ -x "$kernel" ] || { echo "build first: scripts/build.sh (bench_kernel missing)" >&2; exit 1; }
for kind in thread method; do
    for ((i = 0; i < repeat; i++)); do
        "$kernel" 128 4000000 "$kind" 2>/dev/null | tail -n 1
    done | awk '{ print $(NF - 6), $0 }' | sort -n | head -n 1 | cut -d' ' -f2-
done
run "block sequential write 16 GiB" --mode block --pattern sequential --op write \
    --total-bytes "16 GiB" --request-size "1 MiB" --queue-depth 64
run "block random read 8 GiB (4 GiB range)" --mode block --pattern random --op read \
    --total-bytes "8 GiB" --request-size "128 KiB" --queue-depth 128 \
    --set workload.lba_count=1048576 --set workload.precondition=true
run "Adam step GPT-2 2.6B" --model gpt2-2.6b --steps 1
# Memory against drive size: the same write on the paper drive and on one with 16 x the blocks.
for blocks in 682 10912; do
    run "block write 1 GiB, $blocks blocks/plane" --mode block --pattern sequential \
        --op write --total-bytes "1 GiB" --request-size "1 MiB" --queue-depth 64 \
        --set flash.blocks_per_plane="$blocks"
done
if [ "$quick" = 0 ]; then
    run "Adam step T5 11.3B" --model t5-11.3b --steps 1
fi

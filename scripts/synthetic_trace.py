#!/usr/bin/env python3
"""Writes a synthetic block trace in the MSR Cambridge CSV format that replay mode reads
(optimstore-vp --mode replay --replay FILE): Poisson arrivals, a read share, request sizes drawn
from a list, offsets uniform over a hot region and, for a share of the requests, over a larger
cold one. Deterministic for a given seed. Example (the README's replay figures):

    scripts/synthetic_trace.py --requests 1000000 --iops 50000 > big.csv
"""
import argparse
import random
import sys

FILETIME_START = 128166372003061629  # any Windows filetime; arrivals count from the first line


def size(text):
    units = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
    for unit, scale in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * scale)
    return int(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=100000)
    p.add_argument("--iops", type=float, default=50000, help="mean arrival rate")
    p.add_argument("--read-share", type=float, default=0.7)
    p.add_argument("--sizes", default="4KiB,4KiB,4KiB,8KiB,16KiB,64KiB,128KiB",
                   help="request sizes, drawn uniformly")
    p.add_argument("--hot", default="1GiB", help="region most requests address")
    p.add_argument("--cold", default="64GiB", help="region the other requests address")
    p.add_argument("--cold-share", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    if a.requests < 1 or a.iops <= 0 or not 0 <= a.read_share <= 1 or not 0 <= a.cold_share <= 1:
        p.error("--requests >= 1, --iops > 0, --read-share and --cold-share in [0, 1]")
    rng = random.Random(a.seed)
    sizes = [size(s) for s in a.sizes.split(",")]
    hot, cold = size(a.hot), size(a.cold)
    mean_ticks = 1e7 / a.iops  # filetime ticks are 100 ns
    ticks = FILETIME_START
    out = sys.stdout
    for _ in range(a.requests):
        ticks += int(rng.expovariate(1 / mean_ticks))
        op = "Read" if rng.random() < a.read_share else "Write"
        region = cold if rng.random() < a.cold_share else hot
        out.write(f"{ticks},synthetic,0,{op},{rng.randrange(0, region, 4096)},{rng.choice(sizes)},0\n")


if __name__ == "__main__":
    main()

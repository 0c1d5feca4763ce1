#!/usr/bin/python3
"""The evaluation of issue 4: runs optimstore-vp for the paper's models in every training mode,
an optimizer comparison and a sweep of dies per channel and channel count, and writes
results.csv, results.json, PNG plots and report.md (with the paper's headline numbers,
optimstore.md section 6, and the gap). A mode that refuses a run (exit status 2, e.g. cpu mode
out of host memory) is recorded as refused with its message; any other failure makes the script
exit non-zero. Debian python3 with python3-matplotlib (scripts/install-deps.sh).
Every run uses --config (default configs/default.json, configs/small.json with --reduced) and
each --set KEY=VALUE, as optimstore-vp does; the sweeps start from that drive's geometry.
Usage: scripts/evaluate.py [--reduced] [--config FILE] [--set KEY=VALUE ...] [--modes a,b]
[--models m,n] [--sets s,t] [--jobs N] [--out DIR] [--exe PATH]"""
import argparse
import concurrent.futures
import csv
import json
import os
import pathlib
import subprocess
import sys
import time

import evaluate_report

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALL_MODES = "baseline,cisp,deepstore,optimstore,cpu"
PAPER_MODELS = ["gpt2-2.6b", "gpt2-4.1b", "gpt2-6.7b", "gpt2-8.3b", "gpt2-10.3b",
                "bert-2.6b", "bert-4.0b", "bert-6.6b", "bert-8.2b", "bert-10.2b",
                "t5-2.88b", "t5-11.3b"]
# The paper's optimizers -> training.optimizer.kind.
OPTIMIZERS = {"adam": "adam", "momentum": "sgd_momentum", "adagrad": "adagrad"}
ENERGY_TERMS = ["nand_array_J", "nand_transfer_J", "nand_idle_J", "channel_io_J", "pe_J",
                "core_active_J", "core_idle_J", "dram_background_J", "dram_access_J", "pcie_J",
                "host_cpu_active_J", "host_cpu_idle_J"]


SETS = ("models", "optimizers", "dies", "channels")


def default_config(reduced):
    return ROOT / ("configs/small.json" if reduced else "configs/default.json")


def shown(config):
    """`config` as results show it: relative to the repository when inside it, so that the
    committed results name no machine's paths."""
    path = pathlib.Path(config).resolve()
    return str(path.relative_to(ROOT)) if ROOT in path.parents else str(config)


def drive_geometry(exe, config, overrides):
    """(channels, packages per channel, dies per package) of the drive that `config` with the
    `overrides` (KEY=VALUE) describes, from optimstore-vp --dump-config. Exits naming the
    problem when the configuration is refused."""
    args = [str(exe), "--config", str(config), "--dump-config"]
    for item in overrides:
        args += ["--set", item]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        errors = [l for l in done.stderr.splitlines() if l.startswith("optimstore-vp:")]
        sys.exit("evaluate.py: the configuration is refused: " +
                 ("\n".join(errors) or done.stderr.strip()))
    flash = json.loads(done.stdout)["flash"]
    return flash["channels"], flash["packages_per_channel"], flash["dies_per_package"]


def plan(reduced, modes, geometry, models=None, sets=SETS, config=None):
    """Every run as a dict: set, config, model, mode, optimizer, packages (per channel), channels.
    `geometry` is drive_geometry() of `config` (default_config(reduced)): the point the sweeps
    share with the per-model set. `models` replaces the model list of the "models" set; `sets`
    selects the sets to run."""
    config = config or default_config(reduced)
    base_channels, base_packages, dies_per_package = geometry
    if reduced:
        sweep_model, listed = "tiny", ["tiny", "tiny-gpt2"]
        packages, channels = [1, 2], [1, 2]
    else:
        sweep_model, listed = "gpt2-2.6b", PAPER_MODELS
        packages, channels = [1, 2, 4, 8], [2, 4, 8, 16]
    models = models or listed
    runs = []

    def add(kind, model, mode, optimizer="adam", pkg=base_packages, ch=base_channels):
        runs.append({"set": kind, "config": str(config), "model": model, "mode": mode,
                     "optimizer": optimizer, "channels": ch, "packages": pkg,
                     "dies_per_channel": pkg * dies_per_package})

    for mode in modes:
        for model in models if "models" in sets else []:
            add("models", model, mode)
        for optimizer in OPTIMIZERS if "optimizers" in sets else []:
            add("optimizers", sweep_model, mode, optimizer=optimizer)
        for pkg in packages if "dies" in sets else []:
            add("dies", sweep_model, mode, pkg=pkg)
        for ch in channels if "channels" in sets else []:
            add("channels", sweep_model, mode, ch=ch)
    return runs


def find_bound(node):
    """The first object of the statistics that names a bottleneck: (bound in s, bottleneck)."""
    if isinstance(node, dict):
        if "bottleneck" in node:
            times = [v for k, v in node.items() if "bound" in k and k.endswith("_ps")]
            return (times[0] * 1e-12 if times else None), node["bottleneck"]
        for value in node.values():
            found = find_bound(value)
            if found[1] is not None:
                return found
    return None, None


def step_seconds(stats):
    host = stats["host"]
    for key in ("training_summary", "offload"):
        summary = host.get(key, {})
        summary = summary.get("summary", summary)
        if "mean_step_ps" in summary:
            return summary["mean_step_ps"] * 1e-12, summary.get("parameters")
    raise KeyError("no mean_step_ps in host statistics")


def row_of(run, stats, wall):
    """One result row from a run's --stats JSON."""
    step, params = step_seconds(stats)
    energy = stats["energy"]
    steps = energy.get("steps", [])
    if steps:
        breakdown, basis = energy["mean_step"], "mean step"
        activity = {k: sum(s["activity"][k] for s in steps) / len(steps)
                    for k in ("transfer_bytes", "pcie_bytes_to_device", "pcie_bytes_to_host")}
    else:
        breakdown, basis = energy["run"]["breakdown"], "whole run"
        activity = energy["run"]["activity"]
    bound, bottleneck = find_bound(stats)
    row = dict(run, status="ok", message="", params=params, step_s=step, bound_s=bound,
               bottleneck=bottleneck, energy_basis=basis, energy_J=breakdown["total_J"],
               ssd_J=breakdown["ssd_J"], host_J=breakdown["host_J"],
               pcie_to_device_bytes=activity["pcie_bytes_to_device"],
               pcie_to_host_bytes=activity["pcie_bytes_to_host"],
               channel_bytes=activity["transfer_bytes"], wall_s=wall,
               iteration_s=stats["iteration"]["estimate"]["iteration_ps"] * 1e-12)
    row.update({"gpu_" + k: v for k, v in stats["iteration"]["gpu"].items()})
    row.update({term: breakdown[term] for term in ENERGY_TERMS})
    return row


def execute(exe, out_dir, overrides, index, run):
    stats_path = out_dir / "runs" / f"{index:03d}.json"
    args = [str(exe), "--config", run["config"], "--mode", run["mode"], "--quiet", "--stats",
            str(stats_path)]
    for item in overrides:
        args += ["--set", item]
    args += ["--set", "training.model=" + run["model"],
            "--set", "training.optimizer.kind=" + OPTIMIZERS[run["optimizer"]],
            "--set", f"flash.channels={run['channels']}",
            "--set", f"flash.packages_per_channel={run['packages']}"]
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True)
    wall = time.monotonic() - start
    message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if done.returncode == 0:
        return row_of(run, json.loads(stats_path.read_text()), wall)
    status = "refused" if done.returncode == 2 else "failed"
    return dict(run, status=status, message=message or f"exit {done.returncode}", wall_s=wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reduced", action="store_true", help="CI-sized set on configs/small.json")
    parser.add_argument("--config", help="optimstore-vp configuration of every run (default "
                        "configs/default.json, configs/small.json with --reduced)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="configuration override of every run (repeatable)")
    parser.add_argument("--modes", default=ALL_MODES, help=f"comma-separated (default {ALL_MODES})")
    parser.add_argument("--models", default="",
                        help="comma-separated models of the per-model set (default: paper's 12)")
    parser.add_argument("--sets", default=",".join(SETS),
                        help=f"comma-separated sets to run (default {','.join(SETS)})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel runs")
    parser.add_argument("--out", default="evaluation", help="output directory")
    parser.add_argument("--exe", default=str(ROOT / "build/platform/optimstore-vp"))
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    sets = [s for s in args.sets.split(",") if s]
    if not modes or args.jobs < 1:
        parser.error("--modes must name at least one mode and --jobs must be at least 1")
    if not sets or any(s not in SETS for s in sets):
        parser.error(f"--sets {args.sets!r}: each must be one of {', '.join(SETS)}")
    if not os.access(args.exe, os.X_OK):
        parser.error(f"--exe {args.exe} is not an executable (build optimstore-vp first)")
    out_dir = pathlib.Path(args.out)
    (out_dir / "runs").mkdir(parents=True, exist_ok=True)
    config = pathlib.Path(args.config) if args.config else default_config(args.reduced)
    geometry = drive_geometry(args.exe, config, args.set)
    runs = plan(args.reduced, modes, geometry, [m for m in args.models.split(",") if m], sets,
                config)
    start = time.monotonic()
    # A point shared by several sets (e.g. the sweeps' default drive) is simulated once.
    key = lambda r: tuple(r[k] for k in ("model", "mode", "optimizer", "channels", "packages"))
    unique = list({key(r): r for r in runs}.values())
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        done = list(pool.map(lambda ir: execute(args.exe, out_dir, args.set, *ir),
                             enumerate(unique)))
    results = {key(r): r for r in done}
    rows = [dict(results[key(r)], set=r["set"], config=shown(r["config"])) for r in runs]
    elapsed = time.monotonic() - start
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with open(out_dir / "results.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    (out_dir / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
    evaluate_report.write(out_dir, rows, modes, elapsed, args.jobs, args.reduced,
                          [shown(config)] + args.set)
    failed = [r for r in rows if r["status"] == "failed"]
    for r in failed:
        print(f"failed: {r['mode']} {r['model']} {r['optimizer']}: {r['message']}",
              file=sys.stderr)
    print(f"{len(unique)} distinct runs, {len(rows)} results ({len(failed)} failed) in "
          f"{elapsed:.1f} s; results in {out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

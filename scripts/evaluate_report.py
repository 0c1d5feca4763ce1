"""Plots (PNG) and report.md of scripts/evaluate.py from its result rows."""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# optimstore.md section 6 (the paper's text): (label, faster/cheaper mode, reference mode,
# quantity, paper's ratio).
HEADLINES = [
    ("step time OS vs BL", "optimstore", "baseline", "step_s", 2.8),
    ("step time OS vs C-ISP", "optimstore", "cisp", "step_s", 1.9),
    ("step time C-ISP vs BL", "cisp", "baseline", "step_s", 1.5),
    ("step energy OS vs BL", "optimstore", "baseline", "energy_J", 3.6),
    ("step energy C-ISP vs BL", "cisp", "baseline", "energy_J", 2.0),
]
# Energy components stacked in the energy plot: label -> breakdown fields.
GROUPS = {
    "NAND arrays + I/O": ["nand_array_J", "nand_transfer_J", "nand_idle_J", "channel_io_J"],
    "on-die PEs": ["pe_J"],
    "controller + DRAM": ["core_active_J", "core_idle_J", "dram_background_J", "dram_access_J"],
    "PCIe": ["pcie_J"],
    "host CPU": ["host_cpu_active_J", "host_cpu_idle_J"],
}


def ok_rows(rows, kind):
    return [r for r in rows if r["set"] == kind and r["status"] == "ok"]


def table(rows, kind, key):
    """{model or sweep value: {mode: value}} of the successful runs of one set."""
    out = {}
    for r in ok_rows(rows, kind):
        label = {"models": r["model"], "optimizers": r["optimizer"],
                 "dies": r["dies_per_channel"], "channels": r["channels"]}[kind]
        out.setdefault(label, {})[r["mode"]] = r[key]
    return out


def ratio(rows, better, reference, key):
    """Geometric mean over models of reference / better, or None without a common model."""
    values = [v[reference] / v[better] for v in table(rows, "models", key).values()
              if better in v and reference in v and v[better] > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def plot_models(path, rows, modes):
    steps = table(rows, "models", "step_s")
    models = list(steps)
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(11, 8))
    width = 0.8 / max(1, len(modes))
    for i, mode in enumerate(modes):
        xs = [m + i * width for m in range(len(models))]
        ax.bar(xs, [steps[m].get(mode, 0) for m in models], width, label=mode)
        speedups = [steps[m]["baseline"] / steps[m][mode]
                    if "baseline" in steps[m] and mode in steps[m] else 0 for m in models]
        bx.bar(xs, speedups, width, label=mode)
    for axis, title in ((ax, "optimizer step time (s)"), (bx, "speedup over baseline")):
        axis.set_xticks([m + 0.4 - width / 2 for m in range(len(models))])
        axis.set_xticklabels(models, rotation=30, ha="right")
        axis.set_title(title)
        axis.legend(fontsize=8)
    if not any("baseline" in v for v in steps.values()):
        bx.text(0.5, 0.5, "baseline mode not run", transform=bx.transAxes, ha="center")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_energy(path, rows):
    runs = ok_rows(rows, "models")
    labels = [f"{r['model']}\n{r['mode']}" for r in runs]
    fig, ax = plt.subplots(figsize=(max(8, 0.6 * len(runs)), 5))
    bottom = [0.0] * len(runs)
    for group, fields in GROUPS.items():
        values = [sum(r[f] for f in fields) for r in runs]
        ax.bar(range(len(runs)), values, bottom=bottom, label=group)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xticks(range(len(runs)))
    ax.set_xticklabels(labels, rotation=90, fontsize=7)
    ax.set_ylabel("energy per optimizer step (J)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def plot_scaling(path, rows, modes):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for axis, kind, xlabel in ((axes[0], "dies", "dies per channel"),
                               (axes[1], "channels", "channels")):
        steps = table(rows, kind, "step_s")
        for mode in modes:
            points = sorted((x, v[mode]) for x, v in steps.items() if mode in v)
            if points:
                axis.plot([p[0] for p in points], [p[1] for p in points], "o-", label=mode)
        axis.set_xscale("log", base=2)
        axis.set_xlabel(xlabel)
        axis.set_ylabel("optimizer step time (s)")
        axis.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def markdown_table(header, body):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def distinct_wall(rows):
    keys = ("model", "mode", "optimizer", "channels", "packages")
    return sum({tuple(r[k] for k in keys): r["wall_s"] for r in rows}.values())


def fmt(value, digits=3):
    return "n/a" if value is None else f"{value:.{digits}g}"


def iteration_section(rows, modes):
    """The end-to-end iteration estimate: the GPU settings, ratios and a per-model table."""
    runs = ok_rows(rows, "models")
    if not runs:
        return []
    gpu = {k[len("gpu_"):]: v for k, v in runs[0].items() if k.startswith("gpu_")}
    lines = ["## End-to-end iteration (estimate)", "",
             f"GPU forward and backward at {gpu['peak_flops'] / 1e12:g} TFLOP/s x "
             f"{gpu['utilisation']:g}, {gpu['tokens_per_iteration']} tokens, "
             f"{gpu['flops_per_parameter_token']:g} FLOP per parameter and token (`gpu` keys); "
             "iteration = forward + max(backward, gradient writes before the step) + step. "
             "optimstore.md quotes no iteration ratio to compare with.", ""]
    body = [[label.replace("step time", "iteration"), fmt(ratio(rows, better, reference,
                                                               "iteration_s"))]
            for label, better, reference, key, _ in HEADLINES if key == "step_s"]
    lines += [markdown_table(["ratio (geometric mean over models)", "ours"], body)]
    data = table(rows, "models", "iteration_s")
    lines += [markdown_table(["models"] + modes,
                             [[k] + [fmt(v.get(m)) for m in modes] for k, v in data.items()])]
    return lines


def write(out_dir, rows, modes, elapsed, jobs, reduced, configuration):
    """report.md and the plots; `configuration` is the config file and its overrides."""
    plot_models(out_dir / "step_time.png", rows, modes)
    plot_energy(out_dir / "energy.png", rows)
    plot_scaling(out_dir / "scaling.png", rows, modes)
    lines = ["# OptimStore-VP evaluation" + (" (reduced CI set)" if reduced else ""), "",
             f"{len(rows)} results, {elapsed:.1f} s wall with {jobs} parallel jobs (sum of the "
             f"distinct runs' wall times {distinct_wall(rows):.1f} s). Modes: {', '.join(modes)}.",
             "", "Configuration: " + ", ".join(f"`{c}`" for c in configuration) + ".", "",
             "## Headline ratios against the paper (optimstore.md section 6)", ""]
    body = []
    for label, better, reference, key, paper in HEADLINES:
        ours = ratio(rows, better, reference, key)
        gap = "n/a" if ours is None else f"{100 * (ours / paper - 1):+.0f} %"
        body.append([label, fmt(ours), paper, gap])
    lines += [markdown_table(["ratio (geometric mean over models)", "ours", "paper", "gap"], body)]
    lines += iteration_section(rows, modes)
    for kind, title, key, unit in (("models", "Step time per model", "step_s", "s"),
                                   ("models", "Step energy per model", "energy_J", "J"),
                                   ("optimizers", "Optimizer comparison (step time)", "step_s", "s"),
                                   ("dies", "Dies per channel (step time)", "step_s", "s"),
                                   ("channels", "Channels (step time)", "step_s", "s")):
        data = table(rows, kind, key)
        lines += [f"## {title} ({unit})", "",
                  markdown_table([kind] + modes,
                                 [[k] + [fmt(v.get(m)) for m in modes] for k, v in data.items()])]
    bounds = [[r["model"], r["mode"], fmt(r["step_s"]), fmt(r["bound_s"]), r["bottleneck"] or "n/a"]
              for r in ok_rows(rows, "models")]
    lines += ["## Simulated step against the analytic bound", "",
              markdown_table(["model", "mode", "step (s)", "bound (s)", "bottleneck"], bounds)]
    other = [[r["set"], r["model"], r["mode"], r["optimizer"], r["status"], r["message"]]
             for r in rows if r["status"] != "ok"]
    if other:
        lines += ["## Runs refused or failed", "",
                  markdown_table(["set", "model", "mode", "optimizer", "status", "message"], other)]
    lines += ["Plots: `step_time.png`, `energy.png`, `scaling.png`. Energy is per optimizer step "
              "(mean over steps) where the mode reports steps, else per run (column "
              "energy_basis). Nothing is tuned to the paper's numbers.", ""]
    (out_dir / "report.md").write_text("\n".join(lines))

#!/usr/bin/python3
"""Runs scripts/evaluate.py --reduced and checks its outputs' shape and sanity: every planned run
has a row with the columns of the report, successful rows have positive step times, an
iteration estimate longer than the step and energy terms that add up to the total, speedups are finite, and the plots are valid PNG files. Then
checks that --set reaches every run: a slower tPROG slows the step of a mode that uses the flash.
Usage: test_evaluate_reduced.py EXE OUT_DIR MODES"""
import csv
import json
import math
import pathlib
import shutil
import struct
import subprocess
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import evaluate  # noqa: E402


def check_png(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG signature"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13, f"{path}: first chunk is not IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 100 and height > 100, f"{path}: {width}x{height}"
    crc = struct.unpack(">I", data[29:33])[0]
    assert crc == zlib.crc32(data[12:29]), f"{path}: IHDR CRC mismatch"
    assert data.endswith(b"IEND\xaeB`\x82"), f"{path}: no IEND chunk"


def main():
    exe, out, modes = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, str(ROOT / "scripts/evaluate.py"), "--reduced",
                           "--modes", modes, "--jobs", "2", "--out", str(out), "--exe", exe])
    assert done.returncode == 0, f"evaluate.py exited with {done.returncode}"
    mode_list = modes.split(",")
    geometry = evaluate.drive_geometry(exe, evaluate.default_config(True), [])
    assert geometry == (2, 2, 2), geometry
    planned = evaluate.plan(True, mode_list, geometry)
    rows = json.loads((out / "results.json").read_text())
    with open(out / "results.csv") as f:
        csv_rows = list(csv.DictReader(f))
    assert len(rows) == len(planned) == len(csv_rows), (len(rows), len(planned), len(csv_rows))
    for row in rows:
        assert row["status"] in ("ok", "refused"), row
        if row["status"] == "refused":
            assert row["message"], row
            continue
        assert row["step_s"] > 0 and row["params"] > 0, row
        assert row["energy_J"] > 0, row
        terms = sum(row[t] for t in evaluate.ENERGY_TERMS)
        assert math.isclose(terms, row["energy_J"], rel_tol=1e-9), (terms, row["energy_J"])
        assert row["step_s"] >= row["bound_s"] * (1 - 1e-9), row
        assert row["iteration_s"] > row["step_s"], row
        if row["mode"] == "cpu":
            assert row["channel_bytes"] == 0 and row["pcie_to_device_bytes"] == 0, row
        else:
            assert row["channel_bytes"] > 0 and row["pcie_to_device_bytes"] > 0, row
        if row["mode"] in ("cpu", "baseline"):
            assert row["host_cpu_active_J"] > 0, row
    for mode in mode_list:
        ok = [r for r in rows if r["mode"] == mode and r["set"] == "models" and r["status"] == "ok"]
        assert len(ok) == 2, f"{mode}: the two tiny models must run"
        fastest = min(r["step_s"] for r in ok)
        for r in ok:
            speedup = r["step_s"] / fastest
            assert math.isfinite(speedup) and speedup >= 1, r
    for name in ("step_time.png", "energy.png", "scaling.png"):
        check_png(out / name)
    report = (out / "report.md").read_text()
    for needed in ("Headline ratios", "2.8", "1.9", "1.5", "3.6", "2.0", "Step time per model",
                   "End-to-end iteration (estimate)", "iteration OS vs BL"):
        assert needed in report, f"report.md lacks {needed!r}"
    check_overrides(exe, out, rows, [m for m in mode_list if m != "cpu"])
    print(f"ok: {len(rows)} rows, modes {modes}")


def check_overrides(exe, out, rows, flash_modes):
    """--set reaches every run, and the report names it."""
    if not flash_modes:
        return
    mode = flash_modes[0]
    slow = out / "slow_program"
    done = subprocess.run([sys.executable, str(ROOT / "scripts/evaluate.py"), "--reduced",
                           "--modes", mode, "--sets", "models", "--models", "tiny", "--set",
                           "flash.t_prog=\"1 ms\"", "--jobs", "1", "--out", str(slow), "--exe",
                           exe])
    assert done.returncode == 0, f"evaluate.py --set exited with {done.returncode}"
    [row] = json.loads((slow / "results.json").read_text())
    [before] = [r for r in rows if (r["set"], r["model"], r["mode"]) == ("models", "tiny", mode)]
    assert row["step_s"] > before["step_s"], (mode, row["step_s"], before["step_s"])
    assert 'flash.t_prog="1 ms"' in (slow / "report.md").read_text()


if __name__ == "__main__":
    main()

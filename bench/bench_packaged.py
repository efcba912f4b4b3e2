"""Benchmark of the built (PyInstaller) program: its folder's size, the build time, and the time
from starting the built program to the first paint of its main window.

    python bench/bench_packaged.py             # builds into bench/out/packaged/ if no build is there
    python bench/bench_packaged.py --small     # measures an existing build; skips when there is none
    python bench/bench_packaged.py --rebuild   # build again first (e.g. after changing the spec)
    python bench/bench_packaged.py --dist DIR  # measure the folder DIR/pdp-desk instead

Start-up is measured as bench_startup.py does it: the built program runs with
QT_QPA_PLATFORM=offscreen and PDP_DESK_PROBE=<file>; the GUI appends {"event": "shown", "t": ...}
to that file after the main window's first paint (gui/probe.py); the figure is that t minus the
moment just before Popen, median of several runs. The database is bench_startup's demo database
(20,000 subjects; 1,000,000 at full size, made once in bench/out/). The installer's size and
install time exist only on Windows: the CI workflow (.github/workflows/windows-installer.yml)
prints them. Never fails on timing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "packaging"))

import build as packaging_build  # noqa: E402 - packaging/build.py

OUT = ROOT / "bench" / "out" / "packaged"
TARGET_FIRST_PAINT = 2.0
TIMEOUT_SECONDS = 60.0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (as bench_startup.py; n/a without /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def first_paint(program: Path, database: Path, log: Path) -> tuple[float | None, float | None, str]:
    """(seconds from Popen to the 'shown' event of the built program, CPU seconds to it, why not)."""
    probe = Path(tempfile.mkstemp(prefix="pdp-bench-probe-", suffix=".jsonl")[1])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PDP_DESK_PROBE=str(probe))
    try:
        with log.open("ab") as output:
            started = time.time()
            process = subprocess.Popen([str(program), "--db", str(database)], env=env,
                                       stdout=output, stderr=output, cwd=program.parent)
            try:
                deadline = time.monotonic() + TIMEOUT_SECONDS
                while time.monotonic() < deadline and process.poll() is None:
                    time.sleep(0.01)
                    for line in probe.read_text(encoding="utf-8").splitlines():
                        try:
                            event = json.loads(line)
                        except ValueError:
                            continue
                        if event.get("event") == "shown":
                            return float(event["t"]) - started, cpu_seconds(process.pid), ""
                if process.poll() is not None:
                    return None, None, f"exited with code {process.returncode}"
                return None, None, f"no 'shown' event within {TIMEOUT_SECONDS:.0f} s"
            finally:
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
    finally:
        probe.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="20,000 subjects; no build made")
    parser.add_argument("--rebuild", action="store_true", help="build again even when a build exists")
    parser.add_argument("--dist", type=Path, default=OUT / "dist", help="folder holding pdp-desk/")
    parser.add_argument("--subjects", type=int, help="subjects (default 1,000,000; 20,000 with --small)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    subjects = args.subjects or (20_000 if args.small else 1_000_000)
    label = f"{subjects // 1_000_000}M" if subjects % 1_000_000 == 0 else f"{subjects // 1000}k"
    folder = args.dist / packaging_build.FOLDER
    program = packaging_build.program(folder)
    record = args.dist.parent / "build.json"   # the last build's time, kept with the build

    if args.rebuild or not program.exists():
        if args.small and not args.rebuild:
            print(f"# no build in {folder}: skipped (run without --small, or packaging/build.py, to build)")
            print(f"packaged.first_paint_{label}_subjects | not available (no build) | <= {TARGET_FIRST_PAINT} s")
            return 0
        print(f"# building into {args.dist} ...", flush=True)
        try:
            folder, seconds = packaging_build.build(args.dist, args.dist.parent / "work")
        except packaging_build.BuildFailed as failed:
            print(f"# {failed}")
            print(f"packaged.build_time | not available (build failed) | info")
            return 0
        record.write_text(json.dumps({"seconds": round(seconds, 1), "when": time.time()}), encoding="utf-8")

    newest_source = max(p.stat().st_mtime for d in (ROOT / "src", ROOT / "packaging") for p in d.rglob("*.py"))
    if program.stat().st_mtime < newest_source:
        print("# the build is older than the sources: it measures the old program (--rebuild to refresh)")
    size, files = packaging_build.folder_size(folder)
    print(f"packaged.folder_size | {size / 2**20:.0f} MB ({files:,} files, {sys.platform}) | info")
    try:
        built = json.loads(record.read_text(encoding="utf-8"))
        print(f"packaged.build_time | {built['seconds']:.0f} s (the last build here) | info")
    except (OSError, ValueError, KeyError):
        print("packaged.build_time | n/a (built elsewhere) | info")

    from _register_db import ensure
    database = ensure(subjects, log=lambda text: print(f"# {text}", flush=True))
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / "first-paint.log"
    log.write_bytes(b"")
    # One start not counted: it brings the program's files into the disk cache, as any start after
    # the first since boot finds them.
    seconds, _cpu, why = first_paint(program, database, log)
    print(f"# warm-up run (not counted): {why or f'shown after {seconds:.2f} s'}", flush=True)
    times, cpus = [], []
    for k in range(args.runs):
        seconds, cpu, why = first_paint(program, database, log)
        if seconds is None:
            print(f"# run {k + 1}/{args.runs}: not available ({why}; output in {log})", flush=True)
            print(f"packaged.first_paint_{label}_subjects | not available ({why}) | <= {TARGET_FIRST_PAINT} s")
            return 0
        times.append(seconds)
        if cpu is not None:
            cpus.append(cpu)
        print(f"# run {k + 1}/{args.runs}: shown after {seconds:.2f} s"
              + (f", CPU {cpu:.2f} s" if cpu is not None else ""), flush=True)
    print(f"# database {database.name}: {database.stat().st_size / 2**20:,.0f} MB, {subjects:,} subjects")
    print(f"packaged.first_paint_{label}_subjects | {statistics.median(times):.2f} s "
          f"(median of {len(times)} runs; min {min(times):.2f}) | <= {TARGET_FIRST_PAINT} s")
    if cpus:
        print(f"packaged.cpu_to_first_paint_{label}_subjects | {statistics.median(cpus):.2f} s "
              f"(median of {len(cpus)} runs) | info")
    return 0


if __name__ == "__main__":
    sys.exit(main())

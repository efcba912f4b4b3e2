"""Benchmark of the demo data generator (services.demo.generate) into a fresh database file.

    python bench/bench_demo.py             # 1,000,000 subjects, 1 run   (target: 120 s)
    python bench/bench_demo.py --small     # 20,000 subjects, median of 3 runs (CI size)

Each run makes a new database in a temporary folder, generates, closes, measures the file and
deletes it. Prints `name | measured | target` lines (see run_all.py); never fails on timing.
CPU seconds are printed too: on a busy machine they are steadier than the wall clock.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pdp_desk.services.demo import generate  # noqa: E402
from pdp_desk.store.database import open_database  # noqa: E402

TODAY = date(2026, 11, 20)
TARGET_SECONDS_PER_MILLION = 120.0


def cpu_seconds() -> tuple[float, float]:
    """(this process, its finished children) user + system CPU seconds."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time(), 0.0
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def run_once(subjects: int, seed: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="pdp-bench-demo-"))
    try:
        path = folder / "demo.sqlite"
        db = open_database(path)
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        try:
            report = generate(db, subjects, seed=seed, today=TODAY)
        finally:
            db.close()
        seconds = time.perf_counter() - started
        cpu_after = cpu_seconds()
        size = sum(p.stat().st_size for p in folder.glob("demo.sqlite*"))
        return {"seconds": seconds, "rows": report.rows, "size": size, "bulk": report.bulk,
                "phases": report.phases, "summary": report.summary(),
                "cpu_main": cpu_after[0] - cpu_before[0], "cpu_children": cpu_after[1] - cpu_before[1]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="20,000 subjects, median of 3 runs")
    parser.add_argument("--subjects", type=int, help="subjects (default 1,000,000; 20,000 with --small)")
    parser.add_argument("--runs", type=int, help="runs (default 1; 3 with --small)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    subjects = args.subjects or (20_000 if args.small else 1_000_000)
    runs = args.runs or (3 if args.small else 1)

    results = []
    for k in range(runs):
        result = run_once(subjects, args.seed)
        results.append(result)
        print(f"# run {k + 1}/{runs}: {result['seconds']:.1f} s, CPU {result['cpu_main']:.1f} s here "
              f"+ {result['cpu_children']:.1f} s in the generating process; phases "
              + ", ".join(f"{name} {s:.1f} s" for name, s in result["phases"].items()), flush=True)
    seconds = statistics.median(r["seconds"] for r in results)
    rows = results[-1]["rows"]
    size = results[-1]["size"]
    runs_text = f"median of {runs} runs" if runs > 1 else "1 run"
    label = f"{subjects // 1_000_000}M" if subjects % 1_000_000 == 0 else f"{subjects // 1000}k"
    target = TARGET_SECONDS_PER_MILLION * subjects / 1_000_000
    print(f"# {results[-1]['summary']}")
    print(f"# {'second process + rollback journal' if results[-1]['bulk'] else 'in-process, WAL'}; "
          f"today = {TODAY}, seed {args.seed}")
    target_text = (f"<= {target:.0f} s" if subjects == 1_000_000
                   else f"info (target {TARGET_SECONDS_PER_MILLION:.0f} s is for 1,000,000 subjects)")
    print(f"demo.generate_{label}_subjects | {seconds:.1f} s ({runs_text}) | {target_text}")
    print(f"demo.rows_per_second | {rows / seconds:,.0f} rows/s ({rows:,} rows) | info")
    rate_target = (f">= {1_000_000 / TARGET_SECONDS_PER_MILLION:,.0f} /s" if subjects == 1_000_000
                   else "info")
    print(f"demo.subjects_per_second | {subjects / seconds:,.0f} /s | {rate_target}")
    print(f"demo.database_size | {size / 2**20:,.0f} MB | info")
    print(f"demo.cpu_main_process | {statistics.median(r['cpu_main'] for r in results):.1f} s | info")
    print(f"demo.cpu_generating_process | {statistics.median(r['cpu_children'] for r in results):.1f} s | info")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of sync through a shared folder (issue 6).

    python bench/bench_sync.py            # a register of 100,000 demo subjects
    python bench/bench_sync.py --small    # 5,000 subjects

Figures:

* one-field change, A -> folder -> B: the sync work of both PCs (A's `sync_folder`, which writes
  the bundle, plus B's, which applies it), median of 5 changes; target <= 1 s;
* first sync of a PC joining the register: an empty database's `sync_folder` applying the
  snapshot the register's PC left in the folder; target <= 60 s for 100,000 subjects;
* the register PC's first sync (writing that snapshot), the snapshot's size, rows: info.

Each PC's database is a real file in a temporary folder; the demo register is made with
`services.demo.generate`. Prints `name | measured | target`; never fails on timing.
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

from sqlalchemy import func, select

from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.demo import generate
from pdp_desk.services.sync import sync_folder
from pdp_desk.store.database import open_database
from pdp_desk.store.models import Subject

PASSPHRASE = "bench passphrase for the shop"
TODAY = date(2026, 11, 20)


def line(name: str, measured: str, target: str) -> None:
    print(f"{name} | {measured} | {target}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--subjects", type=int)
    args = parser.parse_args()
    subjects = args.subjects or (5_000 if args.small else 100_000)
    work = Path(tempfile.mkdtemp(prefix="pdp-bench-sync-"))
    try:
        run(work, subjects)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, subjects: int) -> None:
    share = work / "share"
    share.mkdir()
    print(f"# generating a register of {subjects:,} demo subjects on PC A ...", flush=True)
    a = open_database(work / "a.sqlite")
    started = time.perf_counter()
    generate(a, subjects, seed=6, today=TODAY)
    print(f"# generated in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    report = sync_folder(a, share, PASSPHRASE)
    line(f"register PC's first sync: snapshot of {subjects:,} subjects written",
         f"{time.perf_counter() - started:.1f} s ({report.sent_rows:,} rows, "
         f"{sum(p.stat().st_size for p in share.rglob('*.pdpsync')) / 1e6:.1f} MB sealed)", "info")

    b = open_database(work / "b.sqlite")
    with b.session() as session:
        ensure_defaults(session)
    started = time.perf_counter()
    report = sync_folder(b, share, PASSPHRASE)
    joined = time.perf_counter() - started
    with b.read() as session:
        arrived = session.scalar(select(func.count()).select_from(Subject))
    line(f"first sync of a PC joining a register of {subjects:,} subjects", f"{joined:.1f} s "
         f"({report.received_rows:,} changes, {arrived:,} subjects)",
         "<= 60 s" if subjects >= 100_000 else "info (target 60 s at 100,000)")
    sync_folder(b, share, PASSPHRASE)
    sync_folder(a, share, PASSPHRASE)

    timings = []
    with a.read() as session:
        ids = list(session.scalars(select(Subject.id).limit(5)))
    for k, subject_id in enumerate(ids):
        with a.session() as session:
            session.get(Subject, subject_id).note = f"changed {k}"
        started = time.perf_counter()
        sent = sync_folder(a, share, PASSPHRASE)
        got = sync_folder(b, share, PASSPHRASE)
        timings.append(time.perf_counter() - started)
        with b.read() as session:
            assert session.get(Subject, subject_id).note == f"changed {k}", "the change did not arrive"
        assert sent.sent_rows >= 1 and got.bundles_applied >= 1, (sent, got)
    line("one-field change reaches another PC through the folder (sync work of both)",
         f"{statistics.median(timings):.2f} s (median of {len(timings)})", "<= 1 s")
    a.close()
    b.close()


if __name__ == "__main__":
    main()

"""Benchmark of sync through the PostgreSQL hub (issue 6), on a real PostgreSQL started here.

    python bench/bench_sync_hub.py            # a register of 100,000 demo subjects
    python bench/bench_sync_hub.py --small    # 5,000 subjects

Figures:

* the register PC's first push (every row, sealed per cell, COPY into the hub): info;
* first sync of a PC joining the register: an empty database's `sync_hub`, pulling every cell
  page by page and applying it; target <= 60 s for 100,000 subjects;
* one-field change, A -> hub -> B: the sync work of both PCs (A's `sync_hub` pushing it, B's
  pulling and applying it), median of 5 changes; target <= 1 s.

PostgreSQL is Debian's package started in a temporary folder (tests/pg_server.py); without it
the figures are n/a. Prints `name | measured | target`; never fails on timing.
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
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import func, select

from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.demo import generate
from pdp_desk.services.sync_hub import sync_hub
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
    parser.add_argument("--joins", type=int, default=1, help="new PCs joining one after another (median)")
    args = parser.parse_args()
    subjects = args.subjects or (5_000 if args.small else 100_000)
    import pg_server

    if pg_server.find_bindir() is None:
        line("first sync of a PC joining a register through the hub", "n/a (PostgreSQL not installed)", "<= 60 s")
        return
    server = pg_server.start_server()
    work = Path(tempfile.mkdtemp(prefix="pdp-bench-hub-"))
    try:
        run(work, server.url(server.new_database()), subjects, max(1, args.joins))
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, url: str, subjects: int, joins: int = 1) -> None:
    print(f"# generating a register of {subjects:,} demo subjects on PC A ...", flush=True)
    a = open_database(work / "a.sqlite")
    started = time.perf_counter()
    generate(a, subjects, seed=6, today=TODAY)
    print(f"# generated in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    report = sync_hub(a, url, PASSPHRASE)
    line(f"register PC's first push to the hub: {subjects:,} subjects",
         f"{time.perf_counter() - started:.1f} s ({report.sent_rows:,} rows)", "info")

    walls, cpus = [], []
    for k in range(joins):  # each a new PC (the ones before stay on the hub, having pushed nothing new)
        b = open_database(work / f"b{k}.sqlite")
        with b.session() as session:
            ensure_defaults(session)
        started, cpu = time.perf_counter(), time.process_time()
        report = sync_hub(b, url, PASSPHRASE)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        with b.read() as session:
            arrived = session.scalar(select(func.count()).select_from(Subject))
        print(f"# join {k + 1}: {walls[-1]:.1f} s, CPU {cpus[-1]:.1f} s", flush=True)
        if k < joins - 1:
            b.close()
    line(f"first sync of a PC joining a register of {subjects:,} subjects through the hub",
         f"{statistics.median(walls):.1f} s (median of {joins}; CPU of this process {statistics.median(cpus):.1f} s; "
         f"{report.received_rows:,} changes, {arrived:,} subjects)",
         "<= 60 s" if subjects >= 100_000 else "info (target 60 s at 100,000)")
    sync_hub(b, url, PASSPHRASE)
    sync_hub(a, url, PASSPHRASE)

    timings = []
    with a.read() as session:
        ids = list(session.scalars(select(Subject.id).limit(5)))
    for k, subject_id in enumerate(ids):
        with a.session() as session:
            session.get(Subject, subject_id).note = f"changed {k}"
        started = time.perf_counter()
        sent = sync_hub(a, url, PASSPHRASE)
        got = sync_hub(b, url, PASSPHRASE)
        timings.append(time.perf_counter() - started)
        with b.read() as session:
            assert session.get(Subject, subject_id).note == f"changed {k}", "the change did not arrive"
        assert sent.sent_rows >= 1 and got.received_rows >= 1, (sent, got)
    print(f"# one-field changes: {', '.join(f'{t:.2f}' for t in timings)} s", flush=True)
    line("one-field change reaches another PC through the hub (sync work of both)",
         f"{statistics.median(timings):.2f} s (median of {len(timings)})", "<= 1 s")
    a.close()
    b.close()


if __name__ == "__main__":
    main()

"""Benchmark of backups (issue 7): a sealed backup and a restore of a 100,000-subject register.

    python bench/bench_backup.py            # 100,000 demo subjects (the register benchmark's file)
    python bench/bench_backup.py --small    # 20,000

The database is the demo register of `_register_db.py` (built once, cached in bench/out/),
copied into a temporary folder and opened once (so an upgrade, if any, is not measured).
Figures:

* backup: `services.backups.backup_now` (SQLite backup API into a plain copy beside the
  database, sealed with the passphrase into the backups folder, plain copy deleted, retention);
  median of 3 runs, seconds and MB/s of database;
* sealed size against the database's size;
* restore: `services.backups.restore` of the first backup after one subject was destroyed
  (decrypt, integrity check, destruction re-applied, the current database sealed, replace);
  median of 2 runs.

Prints `name | measured | target`; never fails on timing.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import _register_db  # noqa: E402

from pdp_desk.services import backups  # noqa: E402
from pdp_desk.services import destruction as d  # noqa: E402
from pdp_desk.store.database import open_database  # noqa: E402
from pdp_desk.store.models import Staff, Subject  # noqa: E402

PASS = "benchmark passphrase"


def destroy_one(db) -> None:
    """One subject destroyed through the real use case (what restore must apply again)."""
    from sqlalchemy import select

    with db.read() as session:
        subject_id, operator_id = session.execute(
            select(Subject.id, Subject.operator_id).where(Subject.operator_id.is_not(None)).limit(1)).one()
        staff_id = session.scalars(select(Staff.id).where(Staff.operator_id == operator_id)).first()
        items = [r.plan_item(keep=False) for r in d.review(session, [subject_id])]
    plan = d.DestructionPlan(reason="purpose_achieved", subjects=items,
                             operator_id=operator_id, staff=[d.Signer(staff_id)],
                             information_system="PDP Desk", act_date=datetime.now(timezone.utc).date())
    d.execute(db, plan, actor="bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    subjects = 20_000 if args.small else 100_000
    source = _register_db.ensure(subjects, log=lambda text: print(f"# {text}"))
    with tempfile.TemporaryDirectory(prefix="pdp-bench-backup-") as tmp:
        work = Path(tmp) / "data"
        work.mkdir()
        path = work / "pdp-desk.sqlite"
        shutil.copy(source, path)
        db = open_database(path)
        for copy in d.backup_copies(path):  # an upgrade's copy is not what is measured
            copy.unlink()
        folder = Path(tmp) / "backups"
        with db.session() as session:
            backups.set_passphrase(session, PASS)
            backups.set_backup_settings(session, str(folder), 7)
        db.checkpoint()
        size = path.stat().st_size
        print(f"# database: {subjects:,} demo subjects, {size / 1e6:,.0f} MB ({source.name})")
        times, made = [], []
        for run in range(3):
            started = time.perf_counter()
            result = backups.backup_now(db)
            times.append(time.perf_counter() - started)
            made.append(result)
            print(f"# backup run {run + 1}: {times[-1]:.2f} s, {result.size / 1e6:,.0f} MB")
        backup_s = statistics.median(times)
        destroy_one(db)
        db.close()
        restores = []
        for run in range(2):
            started = time.perf_counter()
            result = backups.restore(path, made[0].path, PASS)
            restores.append(time.perf_counter() - started)
            print(f"# restore run {run + 1}: {restores[-1]:.2f} s, re-applied {result.reapplied}")
        label = f"{subjects:,} subjects"
        print(f"backup: {label} ({size / 1e6:,.0f} MB) | {backup_s:.1f} s (median of 3) | <= 60 s")
        print(f"backup: throughput | {size / 1e6 / backup_s:,.0f} MB/s | info")
        print(f"backup: sealed size / database size | {made[0].size / size:.4f} | <= 1.01")
        print(f"restore: {label} with 1 destruction since the backup | {statistics.median(restores):.1f} s "
              f"(median of 2) | <= 120 s")


if __name__ == "__main__":
    main()

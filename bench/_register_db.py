"""The benchmark database of bench_register.py: demo data, made once and cached under bench/out/.

`python bench/_register_db.py 1000000` builds it ahead of time (a million subjects take a few
minutes); bench_register.py calls `ensure(n)`, which builds it only when missing.
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TODAY = date(2026, 11, 20)   # the demo's "today": fixed, so the cached file is reproducible
SEED = 4


def path_for(subjects: int) -> Path:
    return OUT / f"register-{subjects}-seed{SEED}-{TODAY:%Y%m%d}.sqlite"


def ensure(subjects: int, log=print) -> Path:
    from pdp_desk.services.demo import generate
    from pdp_desk.store.database import open_database

    path = path_for(subjects)
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    # Each builder writes its own partial file (several benchmarks may start at once on a shared
    # machine): the first to finish renames it into place. Leftovers of a builder that died more
    # than an hour ago are removed.
    partial = path.with_suffix(f".partial-{os.getpid()}.sqlite")
    for leftover in OUT.glob(path.stem + ".partial*"):
        try:
            if time.time() - leftover.stat().st_mtime > 3600:
                leftover.unlink()
        except OSError:
            pass
    log(f"building {path.name} ({subjects:,} demo subjects, once) ...")
    started = time.perf_counter()
    db = open_database(partial)
    try:
        report = generate(db, subjects, seed=SEED, today=TODAY)
        db.checkpoint()
    finally:
        db.close()
    if path.exists():                      # another builder finished first: use theirs
        for mine in OUT.glob(partial.name + "*"):
            mine.unlink()
    else:
        partial.replace(path)
        for side in OUT.glob(partial.name + "*"):   # -wal / -shm / .lock of the closed file
            side.unlink(missing_ok=True)
    log(f"  {report.summary()} ({time.perf_counter() - started:.0f} s)")
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    for arg in sys.argv[1:] or ["50000"]:
        ensure(int(arg))

"""Benchmarks of the register, the consent lookup and retention (issue 4), at the service level.

    python bench/bench_register.py            # 1,000,000 demo subjects (built once, ~5 min)
    python bench/bench_register.py --small    # 50,000
    python bench/bench_register.py --runs 3   # repeat every measurement 3 times

Prints `name | measured | target` lines (times in ms: p50 / p95 over the samples). The demo
database is made by services.demo.generate and cached under bench/out/ (bench/_register_db.py).
The GUI adds painting on top of the register figures. Timings never fail: this is not a test.

Side by side: each consent lookup sample runs the use case and the bare sqlite3 queries on the
same phone one after the other (the order alternating), both on warm connections (the row read
once beforehand on each: SQLite's page cache is per connection):
  * "bare, same statement": the one SQL statement the use case sends, on a plain sqlite3
    connection; the ratio is what the use case adds (Python, SQLAlchemy's session);
  * "bare, minimal": SELECT consent.* FROM contact JOIN consent ... WHERE phone = ?, the least a
    program could ask; the use case also reads the events, contacts, orders and the catalogue.
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _register_db  # noqa: E402

from sqlalchemy import text  # noqa: E402

from pdp_desk.services import consents as consent_service  # noqa: E402
from pdp_desk.services.register import RegisterFilter, page_at, register_count, register_page, subject_card  # noqa: E402
from pdp_desk.services.retention import count_due, destruction_due  # noqa: E402
from pdp_desk.services.subjects import find_subjects  # noqa: E402
from pdp_desk.store.database import open_database  # noqa: E402

TODAY = _register_db.TODAY
NAME_QUERIES = ["алия", "Әлия", "ерлан", "айгерим", "ахметов", "сейітова", "ким", "пётр", "иванова", "нурлан",
                "ерлан қасымов", "алия сейт", "жұлдыз", "гульмира", "смирнов", "ел", "ку", "а"]
_results: list[tuple[str, str, str]] = []


def line(name: str, measured: str, target: str) -> None:
    _results.append((name, measured, target))
    print(f"{name} | {measured} | {target}", flush=True)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def fmt(samples: list[float]) -> str:
    return f"p50 {pct(samples, .5) * 1000:.2f} / p95 {pct(samples, .95) * 1000:.2f} ms (n={len(samples)})"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - started, out


def sample_contacts(raw: sqlite3.Connection, kind: str, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(as typed, normalised) of `n` random contacts: the use case is asked with what a person
    types (any spelling: "8 (701) 123-45-67"), the bare queries with the normalised value."""
    top = raw.execute("SELECT max(rowid) FROM contact").fetchone()[0]
    found: list[tuple[str, str]] = []
    while len(found) < n:
        row = raw.execute("SELECT value, normalized FROM contact WHERE rowid = ? AND kind = ?",
                          (rng.randrange(1, top + 1), kind)).fetchone()
        if row:
            found.append((row[0], row[1]))
    return found


def bench_lookup(db, raw: sqlite3.Connection, kind: str, values: list[tuple[str, str]]) -> None:
    same_sql = consent_service._LOOKUP_SQL.format(where=consent_service._CONTACT_WHERE)
    minimal = ("SELECT c.* FROM contact k JOIN consent c ON c.subject_id = k.subject_id "
               "WHERE k.kind = ? AND k.normalized = ?")
    service, bare_same, bare_min, with_open = [], [], [], []
    with db.read() as session:
        for typed, _ in values[:30]:   # warm the code paths (the rows are touched again below)
            consent_service.consent_status(session, typed)
        own = session.connection().connection.driver_connection
        for k, (typed, value) in enumerate(values):
            # the first read of a row pays the disk: touch it once on both connections (each has
            # its own page cache), then measure all three warm
            raw.execute(same_sql, (kind, value)).fetchall()
            own.execute(same_sql, (kind, value)).fetchall()
            order = [0, 1, 2] if k % 2 else [2, 1, 0]
            for which in order:
                if which == 0:
                    t, result = timed(consent_service.consent_status, session, typed)
                    assert result.people, typed
                    service.append(t)
                elif which == 1:
                    bare_same.append(timed(lambda: raw.execute(same_sql, (kind, value)).fetchall())[0])
                else:
                    bare_min.append(timed(lambda: raw.execute(minimal, (kind, value)).fetchall())[0])
    for typed, _ in values[:100]:
        def opened():
            with db.read() as session:
                return consent_service.consent_status(session, typed)
        with_open.append(timed(opened)[0])
    line(f"consent lookup by {kind} as typed (use case, open session)", fmt(service), "p95 <= 5 ms")
    line(f"consent lookup by {kind}, bare same statement (sqlite3)", fmt(bare_same), "-")
    ratio50 = pct(service, .5) / pct(bare_same, .5)
    ratio95 = pct(service, .95) / pct(bare_same, .95)
    line(f"consent lookup by {kind}, ratio to bare same statement", f"p50 {ratio50:.2f}x / p95 {ratio95:.2f}x",
         "<= 2x")
    # the same, lookup by lookup: each sample's use case over its own bare run (the same phone,
    # one right after the other), which leaves out how much people differ from one another
    paired = [a / b for a, b in zip(service, bare_same)]
    line(f"consent lookup by {kind}, per-lookup ratio to bare same statement",
         f"median {pct(paired, .5):.2f}x / p95 {pct(paired, .95):.2f}x", "(information)")
    line(f"consent lookup by {kind}, bare minimal join (sqlite3)", fmt(bare_min), "-")
    line(f"consent lookup by {kind}, ratio to bare minimal join",
         f"p50 {pct(service, .5) / pct(bare_min, .5):.1f}x / p95 {pct(service, .95) / pct(bare_min, .95):.1f}x",
         "(information)")
    line(f"consent lookup by {kind} incl. opening a session (NullPool connect)", fmt(with_open), "(information)")


def bench_search(db, rounds: int) -> None:
    found, page = [], []
    with db.read() as session:
        for q in NAME_QUERIES:   # warm-up
            find_subjects(session, q)
            register_page(session, RegisterFilter(text=q, today=TODAY))
        for _ in range(rounds):
            for q in NAME_QUERIES:
                found.append(timed(find_subjects, session, q)[0])
                page.append(timed(register_page, session, RegisterFilter(text=q, today=TODAY))[0])
    line("name search, first 100 (services.subjects.find_subjects)", fmt(found), "p95 <= 50 ms")
    # The 50 ms is the name search's (find_subjects: any 100 matches); the register page
    # (the first 100 matches in name order) is held to the register's first page, 300 ms painted.
    line("name search, register page of 100 sorted by name", fmt(page), "p95 <= 300 ms (register first page)")


def bench_register(db, total: int, rounds: int) -> None:
    flt = RegisterFilter(today=TODAY)
    jump_to = min(900_000, int(total * 0.9))
    cases = {
        "register first page, by name": lambda s: register_page(s, flt, "name"),
        "register first page, by created": lambda s: register_page(s, flt, "created"),
        "register second page, by name": lambda s: register_page(s, flt, "name", register_page(s, flt, "name").next_cursor),
        f"register jump to row {jump_to:,}, by name": lambda s: page_at(s, flt, "name", jump_to),
        f"register jump to row {jump_to:,}, by created": lambda s: page_at(s, flt, "created", jump_to),
        "register count (status bar / scroll range)": lambda s: register_count(s, flt),
        "register first page, category registered": lambda s: register_page(
            s, RegisterFilter(category="registered", today=TODAY), "name"),
        "register first page, blocked": lambda s: register_page(s, RegisterFilter(status="blocked", today=TODAY)),
        "register first page, marketing withdrawn": lambda s: register_page(
            s, RegisterFilter(purpose="marketing", consent_state="withdrawn", today=TODAY)),
        "register first page, due for destruction": lambda s: register_page(
            s, RegisterFilter(due_for_destruction=True, today=TODAY)),
        "register count capped at 10,000, text 'а'": lambda s: register_count(
            s, RegisterFilter(text="а", today=TODAY), cap=10_000),
    }
    with db.read() as session:
        for name, fn in cases.items():
            fn(session)
            samples = [timed(fn, session)[0] for _ in range(rounds)]
            target = "p95 <= 300 ms (GUI adds painting)" if "first page" in name or "jump" in name else "-"
            line(name, fmt(samples), target)


def bench_slow(db, total: int) -> None:
    flt = RegisterFilter(today=TODAY)
    jump_to = min(500_000, int(total * 0.5))
    with db.read() as session:
        t, _ = timed(register_page, session, flt, "next_destruction")
        line("register first page, by next destruction date (computed per row)", f"{t * 1000:.0f} ms (1 run)",
             "(information)")
        t, _ = timed(page_at, session, RegisterFilter(category="registered", today=TODAY), "name", jump_to)
        line(f"register jump to row {jump_to:,} within category registered", f"{t * 1000:.0f} ms (1 run)",
             "(information)")
        t, n = timed(count_due, session, TODAY)
        line(f"retention: count due (SQL rule over the register) = {n:,}", f"{t * 1000:.0f} ms (1 run)", "-")
        t, candidates = timed(lambda: sum(1 for _ in destruction_due(session, TODAY)))
        line(f"retention: destruction_due, all candidates = {candidates:,}", f"{t * 1000:.0f} ms (1 run)", "-")
        t, _ = timed(lambda: list(destruction_due(session, TODAY, limit=100)))
        line("retention: first 100 candidates", f"{t * 1000:.0f} ms (1 run)", "-")


def bench_set_retention(path: Path) -> None:
    """A purpose's retention rule changed (Settings -> Retention): every subject holding a consent
    for it gets its next destruction date recomputed. On a copy of the database (it writes)."""
    import shutil
    import tempfile

    from pdp_desk.services.retention import set_retention

    with tempfile.TemporaryDirectory(prefix="pdp-bench-retention-", dir=_register_db.OUT) as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        db = open_database(copy, lock=False)
        try:
            for days in (730, 365):   # there and back: the second run restores the demo's dates
                steps = []
                started = time.perf_counter()
                with db.session() as session:
                    set_retention(session, "delivery", "after_last_order", days,
                                  progress=lambda done, total: steps.append(time.perf_counter()) or True)
                took = time.perf_counter() - started
                gaps = [b - a for a, b in zip(steps, steps[1:])]
                line(f"retention: set_retention delivery -> {days} days (set-based SQL, in steps)",
                     f"{took:.1f} s (1 run; longest step {max(gaps, default=0):.1f} s)",
                     "(information: a worker, progress and cancel between steps)")
        finally:
            db.close()


def journal_db(entries: int) -> Path:
    """A database whose journal holds `entries` synthetic entries (ids as the use cases write them)."""
    path = _register_db.OUT / f"journal-{entries}.sqlite"
    if path.exists():
        return path
    partial = path.with_suffix(".partial.sqlite")
    for leftover in _register_db.OUT.glob(partial.name + "*"):
        leftover.unlink()
    db = open_database(partial)
    db.close()
    raw = sqlite3.connect(partial)
    rng = random.Random(5)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    rows = []
    subjects = [f"01{rng.getrandbits(120):030x}"[:8] + "-0000-7000-8000-" + f"{k:012x}" for k in range(entries // 5)]
    for seq in range(1, entries + 1):
        sid = subjects[rng.randrange(len(subjects))]
        other = f"0190{seq:04x}"[-8:] + "-1111-7000-8000-" + f"{seq:012x}"
        at = (start + timedelta(seconds=seq * 30)).isoformat(timespec="microseconds")
        rows.append((f"0195{seq:04x}"[-8:] + "-2222-7000-8000-" + f"{seq:012x}", "bench-device", seq, at, "system",
                     rng.choice(["consent.give", "subject.create", "request.register", "subject.update"]), "subject",
                     json.dumps([sid, other]), json.dumps({"count": 1}), "0" * 64, "0" * 64))
        if len(rows) == 50_000:
            raw.executemany("INSERT INTO audit_entry (id, device_id, seq, at, actor, action, entity, entity_ids, "
                            "details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows.clear()
    if rows:
        raw.executemany("INSERT INTO audit_entry (id, device_id, seq, at, actor, action, entity, entity_ids, "
                        "details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    raw.commit()
    raw.close()
    partial.rename(path)
    return path


def bench_card(db, raw: sqlite3.Connection, total: int, rounds: int) -> None:
    from pdp_desk.services.register import audit_history

    rng = random.Random(9)
    top = raw.execute("SELECT max(rowid) FROM subject").fetchone()[0]
    ids = [raw.execute("SELECT id FROM subject WHERE rowid = ?", (rng.randrange(1, top + 1),)).fetchone()[0]
           for _ in range(rounds)]
    with db.read() as session:
        subject_card(session, ids[0], with_audit=False)
        samples = [timed(subject_card, session, i, "ru", with_audit=False)[0] for i in ids]
    line("subject card without journal", fmt(samples), "(information)")
    entries = total
    jdb = open_database(journal_db(entries), lock=False)
    try:
        with jdb.read() as session:
            sid = session.execute(text("SELECT json_extract(entity_ids, '$[0]') FROM audit_entry "
                                       "WHERE seq = :seq"), {"seq": int(entries * 0.9)}).scalar()
            recent = datetime.fromisoformat(session.execute(
                text("SELECT at FROM audit_entry WHERE seq = :seq"), {"seq": int(entries * 0.9)}).scalar())
            audit_history(session, [sid])
            full = [timed(audit_history, session, [sid, f"01a0aaaa-0000-7000-8000-{k:012x}"])[0]
                    for k in range(max(3, rounds // 4))]
            bounded = [timed(audit_history, session, [sid], since=recent)[0] for _ in range(max(3, rounds // 4))]
            found = len(audit_history(session, [sid])[0])
        line(f"subject card: journal history, old subject (scan of all {entries:,} entries; {found} found)",
             fmt(full), "(information)")
        line("subject card: journal history, subject made in the last 10% of the journal", fmt(bounded),
             "(information)")
    finally:
        jdb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="50,000 subjects instead of 1,000,000")
    parser.add_argument("--subjects", type=int, help="any other size")
    parser.add_argument("--runs", type=int, default=1, help="repeat every measurement this many times")
    parser.add_argument("--samples", type=int, default=300, help="consent lookups per kind")
    parser.add_argument("--skip-slow", action="store_true", help="skip the one-run full scans")
    parser.add_argument("--only", nargs="+", choices=["lookup", "search", "register", "card", "slow", "retention"],
                        help="run only these parts")
    args = parser.parse_args()
    total = args.subjects or (50_000 if args.small else 1_000_000)
    path = _register_db.ensure(total)
    db = open_database(path, lock=False)
    raw = sqlite3.connect(path)
    try:
        print(f"# {total:,} subjects, {path.name}, SQLite {sqlite3.sqlite_version}", flush=True)
        for run in range(args.runs):
            if args.runs > 1:
                print(f"# run {run + 1} of {args.runs}", flush=True)
            rng = random.Random(11 + run)
            parts = set(args.only or ["lookup", "search", "register", "card", "slow", "retention"])
            if args.skip_slow:
                parts -= {"slow", "retention"}
            if "lookup" in parts:
                bench_lookup(db, raw, "phone", sample_contacts(raw, "phone", args.samples, rng))
                bench_lookup(db, raw, "email", sample_contacts(raw, "email", args.samples, rng))
            if "search" in parts:
                bench_search(db, rounds=3)
            if "register" in parts:
                bench_register(db, total, rounds=7)
            if "card" in parts:
                bench_card(db, raw, total, rounds=20)
            if "slow" in parts:
                bench_slow(db, total)
            if "retention" in parts and run == 0:
                bench_set_retention(path)
    finally:
        raw.close()
        db.close()


if __name__ == "__main__":
    main()

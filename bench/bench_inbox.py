"""Benchmark of the request inbox (issue 3): first page sorted by due date, morning summary.

    python bench/bench_inbox.py            # 100,000 requests (most closed), 1,000,000 subjects
    python bench/bench_inbox.py --small    # 5,000 requests, 50,000 subjects

The database is built once with executemany on a raw connection (subjects and requests only:
the inbox reads nothing else) and cached as bench/out/inbox-<requests>-<subjects>.sqlite;
--rebuild makes it again. Each figure is measured as the GUI pays it: a fresh read transaction
(a new connection, NullPool), the query, and building the row objects; medians and p95 of
--runs runs after one warm-up. Prints `name | measured | target` lines; never fails on timing
(exit 1 only if the first page does not use the index ix_request_open_next_due).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pdp_desk.domain.calendar import WorkingCalendar  # noqa: E402
from pdp_desk.domain.deadlines import ClockKind, RequestType, compute_clocks  # noqa: E402
from pdp_desk.services.calendar import load_calendar  # noqa: E402
from pdp_desk.services.inbox import (  # noqa: E402
    InboxFilter,
    count,
    inbox_page,
    morning_summary,
    page_statement,
    request_journal,
)
from pdp_desk.store.database import open_database  # noqa: E402

OUT = ROOT / "bench" / "out"
TODAY = date(2026, 11, 20)          # a Friday; fixed so the cached file stays valid
OPEN_SHARE = 0.05                   # most requests are closed
TYPES = [t for t in RequestType]
STATES_OPEN = ("received", "identity_checked", "in_progress", "answered")
FIRST_NAMES = ("Әлия", "Ерлан", "Дана", "Пётр", "Айгерім", "Нұрлан", "Ольга", "Қанат", "Мария", "Дәурен")
LAST_NAMES = ("Сейітова", "Қасымов", "Омарова", "Ёлкин", "Жұмабаева", "Ахметов", "Ким", "Смирнова")


def _ts(moment: datetime) -> str:
    """As the store writes a UtcDateTime: naive UTC text."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _id(rng: random.Random, ms: int) -> str:
    r = rng.getrandbits(74)
    return "%08x-%04x-7%03x-%04x-%012x" % (ms >> 16, ms & 0xFFFF, r >> 62, 0x8000 | (r >> 48) & 0x3FFF,
                                           r & 0xFFFFFFFFFFFF)


def build(path: Path, n_requests: int, n_subjects: int, log=print) -> None:
    started = time.perf_counter()
    partial = path.with_suffix(".partial.sqlite")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    db = open_database(partial)  # the real schema, migrations and device code
    code = db.device_code
    db.close()
    rng = random.Random(7)
    con = sqlite3.connect(partial, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-262144")
    con.execute("BEGIN")
    now = _ts(datetime.now(timezone.utc))
    operators = [_id(rng, 1_600_000_000_000 + i) for i in range(4)]
    staff = [_id(rng, 1_600_000_001_000 + i) for i in range(8)]
    con.executemany("INSERT INTO operator (id, created_at, updated_at, name, active) VALUES (?, ?, ?, ?, 1)",
                    [(o, now, now, f"ИП Оператор {i}") for i, o in enumerate(operators)])
    con.executemany("INSERT INTO staff (id, created_at, updated_at, operator_id, full_name, position, active) "
                    "VALUES (?, ?, ?, ?, ?, 'менеджер', 1)",
                    [(s, now, now, operators[i % 4], f"Сотрудник {i}") for i, s in enumerate(staff)])

    # Subjects: secondary indexes dropped during the load and rebuilt sorted at the end.
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                          "AND tbl_name = 'subject'").fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    base_ms = 1_650_000_000_000
    subjects = []

    def subject_rows():
        for i in range(n_subjects):
            sid = _id(rng, base_ms + i * 50)
            subjects.append(sid)
            name = f"{FIRST_NAMES[i % 10]} {LAST_NAMES[(i // 10) % 8]} {i}"
            yield (sid, now, now, f"S-{code}-{i:07d}", "registered", operators[i % 4], name, name.lower(),
                   None, "active", None, "bench", "")

    con.executemany("INSERT INTO subject (id, created_at, updated_at, register_no, category, operator_id, "
                    "full_name, name_key, iin, status, blocked_at, source, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", subject_rows())
    for _, sql in indexes:
        con.execute(sql)

    # Requests: received over the last two years; the open ones within the last six weeks.
    calendar = WorkingCalendar()
    memo: dict = {}

    def dues(t: RequestType, received: date):
        key = (t, received)
        if key not in memo:
            answer = action = None
            for clock in compute_clocks(t, calendar, received=received, documents_on=received,
                                        confirmed_on=received):
                if clock.rule.kind is ClockKind.ANSWER:
                    answer = clock.due
                else:
                    action = clock.due
            memo[key] = (answer, action)
        return memo[key]

    per_year: dict[int, int] = {}
    rows = []
    for _ in range(n_requests):
        is_open = rng.random() < OPEN_SHARE
        received_day = TODAY - timedelta(days=rng.randrange(0, 42) if is_open else rng.randrange(20, 730))
        received = datetime(received_day.year, received_day.month, received_day.day, 4 + rng.randrange(10),
                            rng.randrange(60), tzinfo=timezone.utc)
        t = TYPES[rng.randrange(len(TYPES))]
        answer, action = dues(t, received_day)
        per_year[received_day.year] = per_year.get(received_day.year, 0) + 1
        state = rng.choice(STATES_OPEN) if is_open else "closed"
        answered = state in ("answered", "closed")
        running = [d for d, met in ((answer, answered), (action, answered)) if d is not None and not met]
        next_due = min(running).isoformat() if is_open and running else None
        at = _ts(received + timedelta(days=3)) if answered else None
        rows.append((_id(rng, int(received.timestamp() * 1000)), _ts(received), _ts(received),
                     subjects[rng.randrange(n_subjects)], f"{received_day.year}-{code}-{per_year[received_day.year]:05d}",
                     operators[rng.randrange(4)], t.value, "email", _ts(received), state, int(is_open),
                     staff[rng.randrange(8)], answer.isoformat() if answer else None,
                     action.isoformat() if action else None, next_due, at,
                     None if is_open else at, "" if not answered else "answered"))
    con.executemany(
        "INSERT INTO request (id, created_at, updated_at, subject_id, number, operator_id, type, channel, "
        "received_at, state, is_open, responsible_staff_id, answer_due, action_due, next_due, answered_at, "
        "closed_at, outcome, requester_kind, representative_name, authority_document, reply_to, language, "
        "text, refusal_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "'subject', '', '', '', 'ru', '', '')", rows)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    partial.rename(path)
    for leftover in path.parent.glob(partial.name + "*"):  # the lock file of the partial database
        leftover.unlink()
    log(f"built {path.name}: {n_subjects:,} subjects, {n_requests:,} requests "
        f"({sum(r[10] for r in rows):,} open) in {time.perf_counter() - started:.0f} s")


def measure(fn, runs: int) -> tuple[float, float]:
    fn()  # warm-up: the OS file cache and SQLite's schema parse
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 requests and 50,000 subjects")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per figure (at least 5)")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    args = parser.parse_args(argv)
    n_requests, n_subjects = (5_000, 50_000) if args.small else (100_000, 1_000_000)
    runs = max(5, args.runs)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"inbox-{n_requests}-{n_subjects}.sqlite"
    if args.rebuild and path.exists():
        path.unlink()
    if not path.exists():
        build(path, n_requests, n_subjects)

    db = open_database(path, create=False, lock=False)
    try:
        with db.read() as s:
            calendar = load_calendar(s)
            calendar.is_working_day(TODAY)  # the GUI holds a built calendar
            open_count = count(s, InboxFilter(), TODAY)
            sql = page_statement(InboxFilter(), TODAY, limit=100).compile(
                dialect=s.bind.dialect, compile_kwargs={"literal_binds": True})
            plan = [row[-1] for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            summary_plan = [row[-1] for row in s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM request WHERE is_open = 1 AND next_due < '2026-11-20'")]
        print(f"# {n_requests:,} requests ({open_count:,} open), {n_subjects:,} subjects; "
              f"median / p95 of {runs} runs, ms")

        def first_page():
            with db.read() as s:
                page = inbox_page(s, InboxFilter(), TODAY, limit=100, calendar=calendar)
                assert len(page.rows) == min(100, open_count)
                return page

        def later_page():
            with db.read() as s:
                return inbox_page(s, InboxFilter(), TODAY, cursor, limit=100, calendar=calendar)

        def summary():
            with db.read() as s:
                return morning_summary(s, TODAY, calendar)

        def filtered_page():
            with db.read() as s:
                return inbox_page(s, InboxFilter(types=("correction", "blocking"), overdue_only=True), TODAY,
                                  limit=100, calendar=calendar)

        def counted():
            with db.read() as s:
                return count(s, InboxFilter(), TODAY)

        def journal():
            with db.read() as s:
                return request_journal(s, date(2026, 10, 1), date(2026, 10, 31))

        def all_requests_page():
            with db.read() as s:
                return inbox_page(s, InboxFilter(open_only=False), TODAY, limit=100, calendar=calendar)

        # a cursor about half-way through the open requests
        cursor, seen = None, 0
        with db.read() as s:
            while seen < open_count // 2:
                page = inbox_page(s, InboxFilter(), TODAY, cursor, limit=100, calendar=calendar)
                if page.next_cursor is None:
                    break
                cursor, seen = page.next_cursor, seen + len(page.rows)

        figures = [
            ("inbox first page (100 rows, by due date)", first_page, 200),
            ("morning summary (3 counts)", summary, 100),
            ("inbox page half-way (keyset)", later_page, 200),
            ("inbox first page, filtered (types, overdue)", filtered_page, 200),
            ("inbox count of open requests", counted, None),
            ("inbox first page, all requests (open and closed)", all_requests_page, None),
            ("journal of one month", journal, None),
        ]
        for name, fn, target in figures:
            median, p95 = measure(fn, runs)
            verdict = "" if target is None else ("  ok" if median <= target else "  SLOW")
            print(f"{name} | {median:.1f} ms (p95 {p95:.1f}) | "
                  f"{'≤ %d ms' % target if target else '(info)'}{verdict}")
        # A calendar change recomputes every open request: measured once, rolled back.
        from sqlalchemy.orm import Session

        from pdp_desk.services.calendar import add_override

        with Session(db.engine) as s:
            s.begin()
            t0 = time.perf_counter()
            change = add_override(s, TODAY + timedelta(days=3), "day_off", "bench: a new decree")
            elapsed = (time.perf_counter() - t0) * 1000
            s.rollback()
        print(f"calendar change: recompute {open_count:,} open, {len(change.moved):,} dates moved | "
              f"{elapsed:.0f} ms (once) | (info)")
        uses_index = any("ix_request_open_next_due" in line for line in plan)
        print(f"first page uses ix_request_open_next_due | {'yes' if uses_index else 'NO'} | yes")
        print("# first page plan: " + " / ".join(plan))
        print("# summary plan: " + " / ".join(summary_plan))
    finally:
        db.close()
    return 0 if uses_index else 1


if __name__ == "__main__":
    sys.exit(main())

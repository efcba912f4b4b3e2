"""Reading the inbox (services.inbox): keyset pages in due order, filters, the morning figures,
the inspector's journal, and `pdp-desk requests due`."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from pdp_desk.cli import main
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.services import requests as rq
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.inbox import (
    InboxCursor,
    InboxFilter,
    count,
    inbox_page,
    morning_summary,
    page_statement,
    request_journal,
    requests_due,
)
from pdp_desk.services.requests import ClockState, NewRequest, register_request
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import Operator, Request, Staff

TODAY = date(2026, 5, 25)  # a Monday; Kurban Ait is Wednesday 27 May
NOW = datetime(2026, 5, 25, 9, tzinfo=KAZAKHSTAN)
TYPES = ("access", "blocking", "correction", "consent_withdrawal", "other")


def kz(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=KAZAKHSTAN)


@pytest.fixture
def inbox(db):
    """60 requests over five weeks: open ones with and without a running clock, closed ones."""
    with db.session() as s:
        operators = [Operator(name=f"ИП Оператор {i}") for i in range(2)]
        staff = [Staff(full_name=name) for name in ("Дана Омарова", "Ерлан Қасымов")]
        s.add_all(operators + staff)
        s.flush()
        ids = []
        for i in range(60):
            subject = create_subject(s, SubjectInput("registered", f"Субъект Номер{i}", phones=[f"+7701000{i:04d}"]))
            ids.append(register_request(s, NewRequest(
                TYPES[i % len(TYPES)], "email", kz(2026, 4, 20) + timedelta(days=i % 35, hours=i % 7),
                operator_id=operators[i % 2].id, subject_id=subject,
                responsible_staff_id=staff[i % 3 % 2].id), now=NOW))
    for i, rid in enumerate(ids):
        if i % 6 in (1, 2):
            with db.session() as s:
                at = NOW + timedelta(minutes=i)
                rq.check_identity(s, rid, now=at)
                rq.take_into_work(s, rid, now=at)
                rq.answer(s, rid, now=at)
                if i % 6 == 2 and TYPES[i % len(TYPES)] in ("access", "other"):
                    rq.close(s, rid, now=at)
    return {"ids": ids, "operators": [o.id for o in operators], "staff": [s.id for s in staff]}


def all_requests(db) -> list[Request]:
    with db.read() as s:
        rows = list(s.scalars(select(Request)))
        s.expunge_all()
        return rows


def expected_order(rows: list[Request]) -> list[str]:
    dated = sorted((r for r in rows if r.next_due is not None), key=lambda r: (r.next_due, r.id))
    undated = sorted((r for r in rows if r.next_due is None), key=lambda r: r.id)
    return [r.id for r in dated + undated]


def pages(db, f: InboxFilter, limit: int, today: date = TODAY) -> list[list]:
    out, cursor = [], None
    with db.read() as s:
        calendar = load_calendar(s)
        while True:
            page = inbox_page(s, f, today, cursor, limit=limit, calendar=calendar)
            out.append(page.rows)
            if page.next_cursor is None:
                return out
            cursor = page.next_cursor


def test_keyset_pages_hold_every_open_request_once_in_due_order(db, inbox):
    rows = all_requests(db)
    open_rows = [r for r in rows if r.is_open]
    assert any(r.next_due is None for r in open_rows) and any(not r.is_open for r in rows)
    got = pages(db, InboxFilter(), limit=7)
    assert all(len(p) == 7 for p in got[:-1]) and 0 < len(got[-1]) <= 7
    ids = [row.id for page in got for row in page]
    assert ids == expected_order(open_rows)
    assert len(ids) == len(set(ids))
    with db.read() as s:
        assert count(s, InboxFilter(), TODAY) == len(ids)
    everything = [row.id for page in pages(db, InboxFilter(open_only=False), limit=11) for row in page]
    assert everything == expected_order(rows)


def test_a_page_is_one_query_with_the_names_joined(db, inbox):
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    with db.read() as s:
        calendar = load_calendar(s)
        s.connection()  # the transaction has begun
        event.listen(db._reader, "before_cursor_execute", seen)
        try:
            page = inbox_page(s, InboxFilter(), TODAY, limit=50, calendar=calendar)
        finally:
            event.remove(db._reader, "before_cursor_execute", seen)
    assert len(statements) == 1
    row = page.rows[0]
    assert row.subject_name.startswith("Субъект") and row.operator_name.startswith("ИП")
    assert row.staff_name in ("Дана Омарова", "Ерлан Қасымов")
    assert row.received_at.utcoffset() == timedelta(hours=5)


def test_filters(db, inbox):
    rows = [r for r in all_requests(db) if r.is_open]

    def ids(f):
        return sorted(row.id for page in pages(db, f, limit=100) for row in page)

    assert ids(InboxFilter(types=("blocking",))) == sorted(r.id for r in rows if r.type == "blocking")
    assert ids(InboxFilter(states=("answered",))) == sorted(r.id for r in rows if r.state == "answered")
    assert ids(InboxFilter(operator_id=inbox["operators"][1])) == sorted(
        r.id for r in rows if r.operator_id == inbox["operators"][1])
    assert ids(InboxFilter(responsible_staff_id=inbox["staff"][0])) == sorted(
        r.id for r in rows if r.responsible_staff_id == inbox["staff"][0])
    overdue = ids(InboxFilter(overdue_only=True))
    assert overdue and overdue == sorted(r.id for r in rows if r.next_due and r.next_due < TODAY)
    one = rows[5]
    assert ids(InboxFilter(text=one.number[-4:])) == [one.id]
    assert ids(InboxFilter(text="%")) == [] and ids(InboxFilter(text="_")) == []
    with db.read() as s:
        assert count(s, InboxFilter(overdue_only=True), TODAY) == len(overdue)


def test_rows_carry_days_left_and_status(db, inbox):
    (first, *_), *_ = pages(db, InboxFilter(), limit=100)
    assert first.status is ClockState.OVERDUE and first.days_left < 0
    statuses = {row.status for page in pages(db, InboxFilter(), limit=100) for row in page}
    assert None in statuses  # answered, waiting to be closed: no clock runs
    with db.read() as s:
        page = inbox_page(s, InboxFilter(), TODAY, InboxCursor(None, ""), limit=100, calendar=load_calendar(s))
    assert page.rows and all(r.next_due is None and r.status is None for r in page.rows)


def test_the_first_page_uses_the_open_due_index(db, inbox):
    with db.read() as s:
        sql = page_statement(InboxFilter(), TODAY, limit=100).compile(
            dialect=s.bind.dialect, compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_request_open_next_due" in plan


def test_morning_summary(db, inbox):
    rows = [r for r in all_requests(db) if r.is_open and r.next_due]
    with db.read() as s:
        summary = morning_summary(s, TODAY, load_calendar(s))
    assert summary.soon_until == date(2026, 5, 28)  # 26 and 28 May: 27 May is Kurban Ait
    assert summary.overdue == sum(r.next_due < TODAY for r in rows) > 0
    assert summary.due_today == sum(r.next_due == TODAY for r in rows)
    assert summary.due_soon == sum(TODAY < r.next_due <= date(2026, 5, 28) for r in rows)
    assert summary.anything


def test_the_journal_of_a_period_counts_days_in_kazakhstan(db, inbox):
    with db.session() as s:
        subject = create_subject(s, SubjectInput("recipient", "Пётр Ёлкин"))
        late_march = register_request(s, NewRequest("access", "paper", datetime(2026, 3, 31, 18, 30, tzinfo=timezone.utc),
                                                     subject_id=subject), now=NOW)  # 23:30 on 31 March
        first_april = register_request(s, NewRequest("access", "paper", datetime(2026, 3, 31, 19, 30, tzinfo=timezone.utc),
                                                     subject_id=subject), now=NOW)  # 00:30 on 1 April
    with db.read() as s:
        march = request_journal(s, date(2026, 3, 1), date(2026, 3, 31))
        april = request_journal(s, date(2026, 4, 1), date(2026, 4, 30))
        may = request_journal(s, date(2026, 5, 1), date(2026, 5, 31))
    assert [r.id for r in march] == [late_march]
    assert april[0].id == first_april and april[0].received_at.day == 1
    assert [r.received_at for r in april] == sorted(r.received_at for r in april)
    assert len(april) + len(may) == 62 - 1
    answered = [r for r in april + may if r.answered_at is not None]
    assert answered and all(r.answered_late is not None for r in answered)
    assert {r.subject_name for r in march} == {"Пётр Ёлкин"}


def test_requests_due_within_working_days(db, inbox):
    rows = [r for r in all_requests(db) if r.is_open and r.next_due]
    with db.read() as s:
        calendar = load_calendar(s)
        today_and_late = requests_due(s, TODAY, calendar)
        soon = requests_due(s, TODAY, calendar, within=2, with_clocks=True)
    assert [i.id for i in today_and_late] == [r for r in expected_order(rows) if
                                              next(x for x in rows if x.id == r).next_due <= TODAY]
    assert len(soon) == sum(r.next_due <= date(2026, 5, 28) for r in rows)
    assert all(i.clocks and i.clocks[0].kind.value == "answer" for i in soon)


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_requests_due(db, inbox, db_path, capsys):
    rows = [r for r in all_requests(db) if r.is_open and r.next_due and r.next_due <= TODAY]
    db.close()  # the command opens the file itself, as a scheduled task would
    code, out, err = run(capsys, "requests", "due", "--db", str(db_path), "--today", TODAY.isoformat())
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == len(rows)
    number, type_, due, state, left = lines[0]
    first = min(rows, key=lambda r: (r.next_due, r.id))
    assert (number, type_, due, state) == (first.number, first.type, first.next_due.isoformat(), first.state)
    assert int(left) < 0

    code, out, _ = run(capsys, "requests", "due", "--within", "2", "--json", "--db", str(db_path),
                       "--today", TODAY.isoformat(), "--lang", "ru")
    data = json.loads(out)
    assert code == 0 and data["within"] == 2 and len(data["requests"]) > len(rows)
    clock = data["requests"][0]["clocks"][0]
    assert {"kind", "due", "status", "basis", "skipped", "days_left"} <= set(clock)
    assert "2.2" in clock["basis"]


def test_cli_requests_due_with_nothing_due_and_without_a_database(db, db_path, tmp_path, capsys):
    db.close()
    assert run(capsys, "requests", "due", "--db", str(db_path)) == (0, "", "")
    code, out, err = run(capsys, "requests", "due", "--db", str(tmp_path / "none.sqlite"))
    assert code == 3 and "no database" in err
    code, _, err = run(capsys, "requests", "due", "--within", "-1", "--db", str(db_path))
    assert code == 2 and "outside" in err

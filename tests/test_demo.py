"""The demo data generator: realistic, consistent, reproducible, all-or-nothing."""
from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.domain.catalogue import POLICY_OPERATORS
from pdp_desk.domain.deadlines import RequestType
from pdp_desk.domain.identifiers import check_email, check_iin, iin_sex, normalize_phone
from pdp_desk.domain.ids import id_timestamp
from pdp_desk.domain.search import fold
from pdp_desk.services import audit
from pdp_desk.services.demo import (
    REQUEST_STATES,
    DemoError,
    DemoReport,
    SeededIds,
    generate,
    iin_check_digit,
    make_iin,
)
from pdp_desk.services.subjects import find_subjects, search_tokens
from pdp_desk.store.database import open_database
from pdp_desk.store.integrity import dangling_references
from pdp_desk.store.models import (
    PERSONAL_DATA_TABLES,
    Consent,
    ConsentEvent,
    Order,
    Request,
    Subject,
)

TODAY = date(2026, 11, 25)  # a Wednesday, a working day
N = 1500
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Every table the generator fills.
FILLED = ("operator", "processor", "staff", "subject", "subject_token", "contact", "address",
          "orders", "consent", "consent_event", "destruction_queue", "request", "request_event",
          "audit_entry", "purpose", "policy_version")


def make(folder: Path, subjects: int = N, seed: int = 1, bulk: bool = False, **kwargs):
    db = open_database(folder / "demo.sqlite")
    try:
        report = generate(db, subjects, seed=seed, today=TODAY, bulk=bulk, **kwargs)
    finally:
        db.close()
    return folder / "demo.sqlite", report


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoReport]:
    return make(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def conn(demo):
    connection = sqlite3.connect(demo[0])
    yield connection
    connection.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, with what legitimately differs between two files masked:
    this PC's device code (in register and request numbers), the journal's ids, times and
    hashes, the wall-clock times of the catalogue rows seeded by ensure_defaults, and the sync
    bookkeeping (clocks of this PC's writes)."""
    connection = sqlite3.connect(path)
    try:
        code = connection.execute("SELECT value FROM local_state WHERE key = 'device_code'").fetchone()[0]
        out = {}
        for (table,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            if table in ("local_state", "alembic_version", "sync_state", "sync_row", "sync_cell", "sync_peer"):
                continue  # this PC's own state; the sync clocks hold the wall-clock time of writing
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            if table == "audit_entry":
                columns = [c for c in columns if c not in ("id", "device_id", "at", "prev_hash", "hash")]
            elif table in ("purpose", "policy_version"):
                columns = [c for c in columns if c not in ("created_at", "updated_at")]
            order = ", ".join(str(k + 1) for k in range(len(columns)))
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            out[table] = [tuple(v.replace(f"-{code}-", "-XXX-") if isinstance(v, str) else v for v in row)
                          for row in rows]
        return out
    finally:
        connection.close()


def count(conn, table: str, where: str = "1") -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


# --- counts and references ----------------------------------------------------------------------

def test_the_report_counts_what_is_in_the_file(demo, conn):
    _, report = demo
    assert not report.cancelled and report.subject == N
    for table, n in report.counts().items():
        assert count(conn, table) == n, table
    assert report.rows == sum(report.counts().values()) and report.seconds > 0
    assert f"{N:,} subject" in report.summary()


def test_every_table_it_fills_has_rows(conn):
    for table in FILLED:
        assert count(conn, table) > 0, table
    assert count(conn, "operator") == len(POLICY_OPERATORS)
    assert 5 <= count(conn, "staff") <= 8
    assert count(conn, "request") == N // 10


def test_every_reference_points_at_a_row(demo, conn):
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{demo[0]}")
    with engine.connect() as connection:
        assert dangling_references(connection) == []
    engine.dispose()
    for table in PERSONAL_DATA_TABLES:
        assert count(conn, table, "subject_id NOT IN (SELECT id FROM subject)") == 0, table


def test_the_indexes_are_rebuilt_as_they_were(tmp_path, demo):
    fresh = open_database(tmp_path / "fresh.sqlite")
    fresh.close()

    def indexes(path):
        connection = sqlite3.connect(path)
        try:
            return connection.execute(
                "SELECT name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                "ORDER BY name").fetchall()
        finally:
            connection.close()

    assert indexes(demo[0]) == indexes(tmp_path / "fresh.sqlite")


# --- realistic values ---------------------------------------------------------------------------

def test_names_are_kazakh_and_russian_and_their_keys_fold(conn):
    rows = conn.execute("SELECT id, full_name, name_key FROM subject").fetchall()
    assert any(KAZAKH_LETTERS & set(name) for _, name, _ in rows)
    assert any(re.search(r"(ұлы|қызы)\b", name) for _, name, _ in rows)
    assert any(re.search(r"(ович|овна)\b", name) for _, name, _ in rows)
    assert any(re.search(r"(ова|ева|ина)\b", name) for _, name, _ in rows)
    assert all(key == fold(name) for _, name, key in rows)
    words: dict[str, set[str]] = {}
    for token, subject_id in conn.execute("SELECT token, subject_id FROM subject_token"):
        words.setdefault(subject_id, set()).add(token)
    # the same tokens services.subjects indexes: folded words and their Latin skeleton
    assert all(words[sid] == search_tokens(name) for sid, name, _ in rows)


def test_a_name_is_found_by_its_latin_spelling(demo):
    db = open_database(demo[0])
    try:
        with db.read() as s:
            assert any("Алия" in n.split() for n in s.scalars(select(Subject.full_name)))
            hits = find_subjects(s, "Aliya")
        assert hits and any("Алия" in h.full_name.split() for h in hits)
    finally:
        db.close()


def test_phones_are_e164_and_normalise_from_what_was_typed(conn):
    rows = conn.execute("SELECT value, normalized FROM contact WHERE kind = 'phone'").fetchall()
    assert len(rows) > N // 2
    spellings = set()
    for value, normalized in rows:
        assert re.fullmatch(r"\+77(0[0-9]|47|7[1-8])[0-9]{7}", normalized), normalized
        checked = normalize_phone(value)
        assert checked.ok and checked.value == normalized and not checked.warnings, value
        spellings.add(re.sub(r"[0-9]", "9", value))
    assert len(spellings) >= 5  # "8 701 ...", "+7(701)...", ...
    assert len({n for _, n in rows}) == len(rows)  # one number, one person


def test_emails_are_valid_and_unique(conn):
    rows = conn.execute("SELECT value, normalized FROM contact WHERE kind = 'email'").fetchall()
    assert rows
    for value, normalized in rows:
        assert check_email(value).value == normalized
        assert normalized.split("@")[1] in {"gmail.com", "mail.ru", "yandex.kz", "inbox.kz", "list.ru",
                                            "bk.ru", "icloud.com"}
    assert len({n for _, n in rows}) == len(rows)
    assert any(v != n for v, n in rows)  # some typed with a capital in the domain


def test_iins_are_valid_and_match_the_person(conn):
    rows = conn.execute("SELECT iin, full_name FROM subject WHERE iin IS NOT NULL").fetchall()
    assert len(rows) > 20
    assert len({iin for iin, _ in rows}) == len(rows)
    for iin, name in rows:
        assert check_iin(iin).ok and not check_iin(iin).warnings, iin
        if re.search(r"(ұлы|ович)\b", name):
            assert iin_sex(iin) == "male", (iin, name)
        elif re.search(r"(қызы|овна)\b", name):
            assert iin_sex(iin) == "female", (iin, name)


def test_the_iin_check_digit_follows_the_rules():
    assert iin_check_digit("90112330025") == 8   # the known valid 901123300258
    assert make_iin(date(1990, 11, 23), True, 25) == "901123300258"
    assert make_iin(date(2004, 2, 29), False, 1).startswith("0402296")
    for serial in range(1, 200):
        iin = make_iin(date(1985, 6, 1), False, serial)
        assert iin is None or check_iin(iin).ok


def test_addresses_orders_and_amounts_look_like_the_shop(conn):
    cities = {c for (c,) in conn.execute("SELECT DISTINCT city FROM address")}
    assert cities == {"Алматы", "Астана"}
    lines = [line for (line,) in conn.execute("SELECT line FROM address")]
    assert any("Абая" in line for line in lines) and any("Мангилик Ел" in line for line in lines)
    items = " ".join(i for (i,) in conn.execute("SELECT items FROM orders"))
    assert "Капучино 0,4 л" in items and "Круассан" in items
    assert count(conn, "orders", "amount_tiyn <= 0 OR amount_tiyn % 100 != 0") == 0
    assert count(conn, "orders o JOIN subject s ON s.id = o.subject_id", "s.category = 'unregistered'") == 0
    per_subject = [n for (n,) in conn.execute(
        "SELECT count(o.id) FROM subject s LEFT JOIN orders o ON o.subject_id = s.id "
        "WHERE s.category != 'unregistered' GROUP BY s.id")]
    assert min(per_subject) == 0 and max(per_subject) == 5
    categories = dict(conn.execute("SELECT category, count(*) FROM subject GROUP BY category").fetchall())
    assert set(categories) == {"unregistered", "registered", "recipient"}
    assert categories["registered"] > categories["recipient"] > categories["unregistered"] * 0.8


def test_ids_are_uuid7_stamped_with_created_at(conn):
    for table in ("subject", "contact", "orders", "consent", "consent_event", "request", "request_event",
                  "destruction_queue", "staff", "operator"):
        for row_id, created in conn.execute(f"SELECT id, created_at FROM {table} ORDER BY random() LIMIT 50"):
            stamp = datetime.fromisoformat(created).replace(tzinfo=timezone.utc)
            assert id_timestamp(row_id) == stamp, (table, row_id, created)


def test_seeded_ids_keep_the_uuid7_layout():
    ids = SeededIds("x")
    made = [ids.at(1_700_000_000_123) for _ in range(5000)]
    assert len(set(made)) == len(made)
    for value in made:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)
        assert id_timestamp(value) == datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=timezone.utc)
    assert SeededIds("x").at(5) == SeededIds("x").at(5) != SeededIds("y").at(5)


def test_rows_read_back_through_the_orm(demo):
    db = open_database(demo[0], lock=False)
    try:
        with db.read() as session:
            subject = session.scalars(select(Subject).limit(1)).one()
            assert subject.created_at.tzinfo is timezone.utc and subject.status == "active"
            consent = session.scalars(select(Consent).where(Consent.valid_until.is_not(None)).limit(1)).one()
            assert isinstance(consent.data_categories, list) and "full_name" in consent.data_categories
            assert isinstance(consent.valid_until, date) and isinstance(consent.third_parties_allowed, bool)
            assert consent.given_at == consent.created_at
            order = session.scalars(select(Order).limit(1)).one()
            assert isinstance(order.amount_tiyn, int) and order.placed_at.tzinfo is timezone.utc
            request = session.scalars(select(Request).where(Request.next_due.is_not(None)).limit(1)).one()
            assert request.is_open is True and isinstance(request.next_due, date)
            event = session.scalars(select(ConsentEvent).limit(1)).one()
            assert event.at.tzinfo is timezone.utc
    finally:
        db.close()


# --- consents and destruction -------------------------------------------------------------------

def test_consents_are_given_withdrawn_and_expired_with_their_events(conn):
    states = dict(conn.execute("SELECT state, count(*) FROM consent GROUP BY state").fetchall())
    assert set(states) == {"given", "withdrawn", "expired"} and states["given"] > states["expired"]
    assert count(conn, "consent c", "NOT EXISTS (SELECT 1 FROM consent_event e WHERE e.consent_id = c.id "
                                    "AND e.kind = 'given' AND e.at = c.given_at)") == 0
    for state in ("withdrawn", "expired"):
        assert count(conn, "consent c", f"state = '{state}' AND NOT EXISTS (SELECT 1 FROM consent_event e "
                                        f"WHERE e.consent_id = c.id AND e.kind = '{state}')") == 0
    window = (TODAY - timedelta(days=60)).isoformat()
    assert count(conn, "consent", f"state = 'withdrawn' AND (withdrawn_at < '{window}' "
                                  f"OR withdrawn_at > '{TODAY + timedelta(days=1)}')") == 0
    assert count(conn, "consent", f"state = 'given' AND valid_until < '{TODAY}'") == 0
    assert count(conn, "consent", "valid_until IS NOT NULL AND channel != 'paper'") == 0
    # delivery consents expire a year after the subject's last order
    assert count(conn, "consent c JOIN purpose p ON p.id = c.purpose_id",
                 "p.code = 'delivery' AND c.state = 'expired'") > 0
    assert count(conn, "consent_event", "request_id IS NOT NULL") > 0  # withdrawn on request
    # an edition is named from the first one kept (09.02.2026, Almaty time); older grants name none
    first = "'2026-02-08 19:00:00'"   # local midnight of 09.02.2026 in UTC, as stored
    assert count(conn, "consent", f"policy_version_id IS NULL AND given_at >= {first}") == 0
    assert count(conn, "consent", f"policy_version_id IS NOT NULL AND given_at < {first}") == 0
    assert count(conn, "consent", "policy_version_id IS NULL") > 0


def test_withdrawals_on_request_queue_the_subject_for_destruction(conn):
    waiting = conn.execute("SELECT subject_id, reason_code, request_id FROM destruction_queue").fetchall()
    assert waiting and len({s for s, _, _ in waiting}) == len(waiting)
    for subject_id, reason, request_id in waiting:
        assert reason == "consent_withdrawn"
        assert count(conn, "consent", f"subject_id = '{subject_id}' AND state = 'given'") == 0
        assert count(conn, "request", f"id = '{request_id}' AND subject_id = '{subject_id}' "
                                      "AND type = 'consent_withdrawal'") == 1


def test_the_retention_rule_finds_the_expired_subjects(demo):
    from pdp_desk.services import retention

    db = open_database(demo[0], lock=False)
    try:
        with db.read() as session:
            due = list(retention.destruction_due(session, TODAY))
    finally:
        db.close()
    connection = sqlite3.connect(demo[0])
    try:
        ended = {s for (s,) in connection.execute(
            "SELECT id FROM subject s WHERE NOT EXISTS "
            "(SELECT 1 FROM consent c WHERE c.subject_id = s.id AND c.state = 'given')")}
    finally:
        connection.close()
    assert ended and {d.subject_id for d in due} == ended


def test_every_subject_has_its_stored_destruction_date(demo):
    """subject.destroy_after is filled in the bulk, as the domain rule says (services.retention)."""
    from pdp_desk.services import retention

    db = open_database(demo[0], lock=False)
    try:
        with db.read() as session:
            stored = dict(session.execute(select(Subject.id, Subject.destroy_after)).all())
            decided = retention.decisions_for(session, stored, TODAY)
            assert retention.count_due(session, TODAY) == sum(d.due for d in decided.values()) > 0
    finally:
        db.close()
    assert {sid: d.next_destruction for sid, d in decided.items()} == stored
    assert any(v is None for v in stored.values()) and any(v is not None for v in stored.values())


# --- requests -----------------------------------------------------------------------------------

def test_requests_of_every_type_in_every_state(conn):
    types = {t for (t,) in conn.execute("SELECT DISTINCT type FROM request")}
    states = {s for (s,) in conn.execute("SELECT DISTINCT state FROM request")}
    assert types == {t.value for t in RequestType}
    assert states == set(REQUEST_STATES)
    assert count(conn, "request", "state = 'closed'") > count(conn, "request") / 2
    assert count(conn, "request", "is_open != (state != 'closed')") == 0
    numbers = [n for (n,) in conn.execute("SELECT number FROM request")]
    assert all(re.fullmatch(r"20[0-9]{2}-[2-9A-Z]{3}-[0-9]{5}", n) for n in numbers)


def test_open_requests_are_due_around_today(conn):
    calendar = WorkingCalendar()
    dues = [date.fromisoformat(d) for (d,) in conn.execute(
        "SELECT next_due FROM request WHERE next_due IS NOT NULL")]
    assert any(d < TODAY for d in dues)
    assert any(d == TODAY for d in dues)
    assert any(d > TODAY and calendar.working_days_left(TODAY, d) <= 2 for d in dues)
    assert count(conn, "request", "state NOT IN ('received', 'identity_checked', 'in_progress') "
                                  "AND next_due IS NOT NULL") == 0


def test_request_timelines_follow_the_workflow(conn):
    from pdp_desk.domain.workflow import check_transition
    from pdp_desk.services import requests as service

    rows = conn.execute("SELECT id, type, state, received_at, updated_at, action_due, outcome "
                        "FROM request").fetchall()
    for rid, kind, state, received, updated, action_due, outcome in rows:
        events = conn.execute("SELECT at, kind, from_state, to_state FROM request_event "
                              "WHERE request_id = ? ORDER BY at, kind", (rid,)).fetchall()
        steps = [e for e in events if e[1] in (service.CREATED, service.STATE_CHANGED)]
        assert steps[0][1:] == ("created", None, "received") and steps[0][0] == received
        assert steps[-1][3] == state
        for before, after in zip(steps, steps[1:]):
            assert after[2] == before[3] and after[0] >= before[0]
            check_transition(before[3], after[3], kind)
        assert max(e[0] for e in events) == updated <= f"{TODAY} 05:00:00.000000"
        # a request is closed only once the law's action is done (or its clock never ran)
        if state == "closed" and action_due and outcome != "refused":
            assert any(e[1] in service.action_kinds(kind) for e in events), rid
    kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM request_event")}
    assert {"created", "state_changed", "documents_received", "subject_blocked", "consent_withdrawn",
            "queued_for_destruction", "action_done"} <= kinds


def test_the_journal_holds_and_records_the_generation(demo):
    db = open_database(demo[0], lock=False)
    try:
        with db.read() as session:
            assert audit.verify(session).ok
            entries = session.execute(
                select(audit.AuditEntry.action, audit.AuditEntry.details)).all()
    finally:
        db.close()
    details = dict(entries)["demo.generate"]
    assert details["subject"] == N and details["seed"] == 1 and details["today"] == TODAY.isoformat()


# --- reproducible, all-or-nothing ---------------------------------------------------------------

def test_the_same_seed_gives_the_same_database(tmp_path, demo):
    again, _ = make(tmp_path)
    assert dump(again) == dump(demo[0])


def test_the_second_process_and_rollback_journal_give_the_same_database(tmp_path, demo):
    path, report = make(tmp_path, bulk=True)
    assert report.bulk
    assert dump(path) == dump(demo[0])
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


def test_another_seed_gives_other_data(tmp_path, demo):
    other, _ = make(tmp_path, subjects=200, seed=2)
    first, second = dump(demo[0]), dump(other)
    names = {row for row in first["subject"]}
    assert not names & {row for row in second["subject"]}
    assert first["operator"] != second["operator"]


@pytest.mark.parametrize("bulk", [False, True])
def test_cancelling_writes_nothing(tmp_path, bulk):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 1000

    path, report = make(tmp_path, subjects=3000, bulk=bulk, progress=progress)
    assert report.cancelled and report.rows == 0
    assert calls and calls[-1][0] >= 1000
    connection = sqlite3.connect(path)
    try:
        for table in ("subject", "operator", "contact", "request", "consent"):
            assert count(connection, table) == 0
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                     "ORDER BY name").fetchall()
    finally:
        connection.close()
    fresh = open_database(tmp_path / "fresh.sqlite")
    fresh.close()
    connection = sqlite3.connect(tmp_path / "fresh.sqlite")
    try:
        assert indexes == connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                             "ORDER BY name").fetchall()
    finally:
        connection.close()


def test_progress_reaches_the_total(tmp_path):
    calls = []
    make(tmp_path, subjects=50, progress=lambda done, total: calls.append((done, total)) or True)
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_database_with_subjects_is_refused(demo):
    db = open_database(demo[0])
    try:
        with pytest.raises(DemoError):
            generate(db, 10, today=TODAY)
    finally:
        db.close()


def test_zero_subjects_still_makes_the_operators(tmp_path):
    path, report = make(tmp_path, subjects=0)
    assert report.subject == 0 and report.operator == 4 and report.request == 0


def test_destroy_after_is_what_the_retention_rule_computes(tmp_path):
    from pdp_desk.services import retention

    path, _ = make(tmp_path, subjects=600)
    db = open_database(path)
    try:
        with db.session() as session:
            ids = session.scalars(select(Subject.id)).all()
            assert retention.refresh_destroy_after(session, ids) == 0  # nothing to correct
            due = session.scalar(select(func.count()).select_from(Subject)
                                 .where(Subject.destroy_after <= TODAY))
            assert due and session.scalar(select(func.count()).select_from(Subject)
                                          .where(Subject.destroy_after.is_(None)))
    finally:
        db.close()


def test_every_demo_row_is_ready_to_travel_to_other_pcs(conn):
    """The generator writes with capture stood aside (store.triggers.bulk_load); every row must
    still get its sync clock, or a second PC would never receive the demo register."""
    from pdp_desk.store.triggers import REPLICATED_TABLES, key_column
    for table in REPLICATED_TABLES:
        missing = conn.execute(
            f'SELECT count(*) FROM "{table}" t WHERE NOT EXISTS (SELECT 1 FROM sync_row r '
            f"WHERE r.tbl = ? AND r.row_id = t.\"{key_column(table)}\")", (table,)).fetchone()[0]
        assert missing == 0, table

"""One focused test per merge rule of docs/sync.md, on real databases (bundles left to
test_sync_folder.py: here rows go from one replica to another directly, as a transport hands them)."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select
from sync_harness import (
    consent,
    create,
    destroy,
    dump,
    edit,
    make_org,
    make_replica,
    open_request,
    request_step,
)

from pdp_desk.services import audit
from pdp_desk.services.sync import apply_received, confirmations
from pdp_desk.store.models import (
    Consent,
    ConsentEvent,
    Contact,
    DestructionRecord,
    LetterTemplate,
    LocalState,
    Request,
    Setting,
    Subject,
    SubjectToken,
    SyncCell,
    SyncRow,
)
from pdp_desk.services.retention import refresh_destroy_after
from pdp_desk.sync import apply_cells, local_changes, local_rows
from pdp_desk.sync.capture import set_clock_offset


@pytest.fixture
def pair(tmp_path):
    a = make_replica(tmp_path, "a")
    b = make_replica(tmp_path, "b", clock_offset_ms=-3_600_000)  # B's clock is an hour behind
    org = make_org(a)
    exchange(a, b)
    yield a, b, org
    a.close()
    b.close()


def exchange(source, target, since=None):
    """Everything `source` changed (after `since`) applied on `target`, as a transport would."""
    with source.db.read() as session:
        rows = list(local_rows(session, since))
    return apply_received(target.db, rows=rows, peer=source.db.device_id, source="test")


def both_ways(a, b):
    exchange(a, b)
    exchange(b, a)


def value(replica, model, row_id, column):
    with replica.db.read() as session:
        row = session.get(model, row_id)
        return None if row is None else getattr(row, column)


def test_capture_records_clocks_but_never_values(pair):
    a, _, (op, _) = pair
    subject_id = create(a, op, "7001")
    connection = sqlite3.connect(a.path)
    try:
        rows = connection.execute("SELECT * FROM sync_row").fetchall() + connection.execute(
            "SELECT * FROM sync_cell").fetchall()
    finally:
        connection.close()
    assert any(subject_id in r for r in rows)
    assert not any("Zq7001" in str(r) for r in rows)


def test_raw_sql_and_bulk_updates_are_captured(pair):
    a, b, (op, _) = pair
    ids = [create(a, op, f"710{k}") for k in range(3)]
    exchange(a, b)
    connection = sqlite3.connect(a.path)  # not through the application: a bulk UPDATE by hand
    connection.execute("UPDATE subject SET note = 'bulk-edit'")
    connection.commit()
    connection.close()
    exchange(a, b)
    assert [value(b, Subject, i, "note") for i in ids] == ["bulk-edit"] * 3


def test_last_writer_wins_per_field_with_clocks_that_are_wrong(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7201")
    exchange(a, b)
    # Different fields edited offline on both PCs: both edits stay.
    edit(a, subject_id, "7202")
    with b.db.session() as session:
        session.get(Subject, subject_id).note = "note from B"
    both_ways(a, b)
    for replica in (a, b):
        assert value(replica, Subject, subject_id, "full_name") == "Маркерова Zq7202"
        assert value(replica, Subject, subject_id, "note") == "note from B"
    # The same field: B's clock is an hour behind, but B edits after it has seen A's edit, so the
    # hybrid clock orders B's edit later and B wins on both PCs.
    edit(b, subject_id, "7203")
    both_ways(a, b)
    assert value(a, Subject, subject_id, "full_name") == value(b, Subject, subject_id, "full_name") \
        == "Маркерова Zq7203"
    # The name index (derived, not synced) follows the name on the receiving PC.
    with a.db.read() as session:
        tokens = set(session.scalars(select(SubjectToken.token).where(SubjectToken.subject_id == subject_id)))
    assert "zq7203" in tokens and "zq7202" not in tokens


def test_concurrent_edits_of_one_field_agree_on_one_winner(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7301")
    exchange(a, b)
    with a.db.session() as session:
        session.get(Subject, subject_id).note = "A"
    with b.db.session() as session:
        set_clock_offset(session, 3_600_000)  # B now runs an hour ahead: its edit is the later one
        session.get(Subject, subject_id).note = "B"
    both_ways(a, b)
    assert value(a, Subject, subject_id, "note") == value(b, Subject, subject_id, "note") == "B"


def test_request_state_only_moves_forward(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7401")
    request_id = open_request(a, subject_id)
    exchange(a, b)
    for _ in range(3):
        request_step(a, request_id)            # A: identity checked, in progress, answered
    # B, still seeing "received", moves it by hand much later (its clock jumps a day ahead).
    with b.db.session() as session:
        set_clock_offset(session, 86_400_000)
    connection = sqlite3.connect(b.path)
    connection.execute("UPDATE request SET state = 'identity_checked' WHERE id = ?", (request_id,))
    connection.commit()
    connection.close()
    both_ways(a, b)
    assert value(a, Request, request_id, "state") == value(b, Request, request_id, "state") == "answered"
    request_step(b, request_id)                # B closes it
    both_ways(a, b)
    assert value(a, Request, request_id, "state") == "closed"
    assert value(a, Request, request_id, "is_open") is False


def test_append_only_rows_are_the_union_and_every_journal_chain_stays_valid(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7501")
    exchange(a, b)
    consent(a, subject_id)
    consent(b, subject_id)  # the same purpose on both PCs, offline: two "given" events
    both_ways(a, b)
    both_ways(a, b)
    for replica in (a, b):
        with replica.db.read() as session:
            events = session.scalars(select(ConsentEvent).where(ConsentEvent.subject_id == subject_id)).all()
            assert len(events) == 2
            check = audit.verify(session)
            assert check.ok and check.chains == 2
    assert dump(a) == dump(b)


def test_rows_arrive_in_any_order(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7601")
    request_id = open_request(a, subject_id)
    with a.db.read() as session:
        rows = list(local_rows(session, None))
    rows.sort(key=lambda r: r.table != "request_event")  # events first, then requests, subjects last
    rows.sort(key=lambda r: r.table == "subject")
    apply_received(b.db, rows=rows[: len(rows) // 2])
    apply_received(b.db, rows=rows[len(rows) // 2:])
    assert value(b, Request, request_id, "subject_id") == subject_id
    assert dump(a)["subject"] == dump(b)["subject"] and dump(a)["request"] == dump(b)["request"]


def test_a_deleted_row_stays_deleted_despite_a_concurrent_edit(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "7701")
    exchange(a, b)
    with a.db.read() as session:
        contact_id = session.scalar(select(Contact.id).where(Contact.subject_id == subject_id))
    with a.db.session() as session:
        session.delete(session.get(Contact, contact_id))
    with b.db.session() as session:
        set_clock_offset(session, 86_400_000)  # B edits later by the clock
        session.get(Contact, contact_id).source = "edited on B"
    both_ways(a, b)
    both_ways(a, b)
    assert value(a, Contact, contact_id, "id") is None and value(b, Contact, contact_id, "id") is None


def test_a_setting_deleted_and_set_again_comes_back(pair):
    a, b, _ = pair
    with a.db.session() as session:
        session.add(Setting(key="acts.language", value="kk"))
    exchange(a, b)
    with a.db.session() as session:
        session.delete(session.get(Setting, "acts.language"))
    exchange(a, b)
    assert value(b, Setting, "acts.language", "value") is None
    with a.db.session() as session:
        session.add(Setting(key="acts.language", value="ru"))
    exchange(a, b)
    assert value(b, Setting, "acts.language", "value") == "ru"


def test_destruction_always_wins_and_is_confirmed_by_every_pc(pair):
    a, b, (op, staff) = pair
    subject_id = create(a, op, "7801")
    exchange(a, b)
    with a.db.read() as session:
        contact_id = session.scalar(select(Contact.id).where(Contact.subject_id == subject_id))
    with b.db.read() as session:
        before = list(local_rows(session, None))       # an old bundle, kept on a USB stick
    edit(b, subject_id, "7802")                        # B edits offline, later by the clock
    assert destroy(a, op, staff, subject_id)
    report = exchange(b, a)                            # B's edit arrives after the destruction
    assert report.refused_destroyed >= 1
    assert value(a, Subject, subject_id, "id") is None
    report = exchange(a, b)
    assert report.destroyed == [subject_id]
    assert value(b, Subject, subject_id, "id") is None
    report = apply_received(a.db, rows=before)         # the old bundle does not bring it back
    assert value(a, Subject, subject_id, "id") is None and report.refused_destroyed >= 1
    for replica in (a, b):  # no clock of the subject's rows is left (ids of rows, not only the subject's)
        connection = sqlite3.connect(replica.path)
        left = connection.execute("SELECT count(*) FROM sync_row WHERE row_id IN (?, ?) OR subject_id = ?",
                                  (subject_id, contact_id, subject_id)).fetchone()[0]
        connection.close()
        assert left == 0
    with b.db.read() as session:
        assert not session.scalars(select(SyncRow).where(SyncRow.subject_id == subject_id)).all()
        assert not session.scalars(select(SyncCell).where(SyncCell.subject_id == subject_id)).all()
        act_id = session.scalar(select(DestructionRecord.act_id).where(DestructionRecord.subject_ref == subject_id))
    exchange(b, a)
    names = {c.device_id for c in confirmations(a.db, act_id)}
    assert names == {a.db.device_id, b.db.device_id}


def test_human_numbers_made_with_the_same_code_are_renumbered_the_same_way(pair):
    a, b, (op, _) = pair
    with b.db.session() as session:  # a clash of codes (made before the PCs first met)
        session.get(LocalState, "device_code").value = a.db.device_code
    s1, s2 = create(a, op, "7901"), create(b, op, "7902")
    r1, r2 = open_request(a, s1), open_request(b, s2)
    assert value(a, Request, r1, "number") == value(b, Request, r2, "number")
    both_ways(a, b)
    both_ways(a, b)
    numbers = {value(a, Request, r, "number") for r in (r1, r2)}
    assert len(numbers) == 2
    assert numbers == {value(b, Request, r, "number") for r in (r1, r2)}
    loser = max(r1, r2)
    assert value(a, Request, loser, "number").endswith(loser.replace("-", "")[-4:].upper())


def test_catalogue_rows_with_the_same_key_keep_one(pair):
    a, b, _ = pair
    with a.db.session() as session:
        session.add(LetterTemplate(kind="access_answer", language="ru", title="A", body="Текст A"))
    with b.db.session() as session:
        session.add(LetterTemplate(kind="access_answer", language="ru", title="B", body="Текст B"))
    both_ways(a, b)
    both_ways(a, b)
    for replica in (a, b):
        with replica.db.read() as session:
            assert len(session.scalars(select(LetterTemplate)).all()) == 1
    assert dump(a)["letter_template"] == dump(b)["letter_template"]


def test_cells_are_the_same_contract_as_rows(pair):
    a, b, (op, _) = pair
    subject_id = create(a, op, "8001")
    consent(a, subject_id)
    with a.db.read() as session:
        cells = list(local_changes(session, None))
    assert all(c.subject_id == subject_id for c in cells if c.table in ("subject", "contact", "consent"))
    assert not any(c.column == "destroy_after" for c in cells)   # derived: each PC works it out
    with b.db.session() as session:
        report = apply_cells(session, cells)
        assert report.subjects == {subject_id}
        refresh_destroy_after(session, report.subjects)   # as services.sync does after every batch
    assert dump(a)["consent"] == dump(b)["consent"] and dump(a)["subject"] == dump(b)["subject"]
    with b.db.read() as session:
        assert session.scalar(select(Consent.subject_id)) == subject_id


def test_applying_twice_changes_nothing(pair):
    a, b, (op, _) = pair
    create(a, op, "8101")
    exchange(a, b)
    before = dump(b)
    report = exchange(a, b)
    assert report.rows_inserted == 0 and report.cells_applied == 0
    assert dump(b) == before


def test_a_bulk_load_gets_its_clocks_in_one_pass_and_travels(pair):
    from pdp_desk.store.triggers import bulk_load

    a, b, _ = pair
    connection = sqlite3.connect(a.path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    with bulk_load(connection):
        connection.executemany(
            "INSERT INTO subject (id, category, full_name, name_key, status, source, note, created_at, updated_at) "
            "VALUES (?, 'registered', ?, '', 'active', 'demo', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            [(f"00000000-0000-7000-8000-00000000000{k}", f"Bulk {k}") for k in range(3)])
        assert connection.execute("SELECT count(*) FROM sync_row WHERE row_id LIKE '00000000-%'").fetchone()[0] == 0
    connection.execute("COMMIT")
    assert connection.execute("SELECT count(DISTINCT hlc) FROM sync_row WHERE row_id LIKE '00000000-%'"
                              ).fetchone()[0] == 1
    connection.close()
    exchange(a, b, since=0)
    assert value(b, Subject, "00000000-0000-7000-8000-000000000002", "full_name") == "Bulk 2"

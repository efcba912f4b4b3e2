"""The audit journal: chained, append-only, ids only; verification names the first broken entry."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from pdp_desk.domain.ids import new_id
from pdp_desk.services import audit
from pdp_desk.store.models import AuditEntry


def write_entries(db, n: int) -> list[AuditEntry]:
    with db.session() as session:
        return [audit.record(session, "subject.update", "subject", [new_id()], {"fields": 2, "n": i})
                for i in range(n)]


def tamper(db, sql: str, *params) -> None:
    """What someone with a hex editor or the sqlite3 shell could do: triggers off, then edit."""
    db.close()
    connection = sqlite3.connect(db.path)
    connection.execute("DROP TRIGGER trg_audit_entry_no_update")
    connection.execute("DROP TRIGGER trg_audit_entry_no_delete")
    connection.execute(sql, params)
    connection.commit()
    connection.close()


def verify(path):
    from pdp_desk.store.database import open_database

    db = open_database(path, lock=False)
    try:
        with db.read() as session:
            return audit.verify(session)
    finally:
        db.close()


def test_entries_chain_to_each_other(db):
    entries = write_entries(db, 5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == audit.GENESIS
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    with db.read() as session:
        result = audit.verify(session)
    assert result.ok and result.entries == 5 and result.chains == 1


def test_an_edited_entry_is_named(db):
    entries = write_entries(db, 6)
    tamper(db, "UPDATE audit_entry SET action = 'subject.delete' WHERE id = ?", entries[3].id)
    result = verify(db.path)
    assert not result.ok
    assert result.first_break.entry_id == entries[3].id
    assert result.first_break.seq == 4
    assert "changed" in result.first_break.reason


def test_an_edited_hash_breaks_the_next_link(db):
    entries = write_entries(db, 4)
    tamper(db, "UPDATE audit_entry SET hash = ? WHERE id = ?", "0" * 64, entries[1].id)
    result = verify(db.path)
    assert not result.ok and result.first_break.seq == 2


def test_a_deleted_entry_is_found(db):
    entries = write_entries(db, 5)
    tamper(db, "DELETE FROM audit_entry WHERE id = ?", entries[2].id)
    result = verify(db.path)
    assert not result.ok
    assert result.first_break.seq == 3
    assert "missing" in result.first_break.reason


def test_chains_of_several_pcs_verify_independently(db):
    write_entries(db, 3)
    # an entry arriving from another PC (as sync will bring it): its own chain from genesis
    other = AuditEntry(id=new_id(), device_id="0199aaaa-0000-7000-8000-000000000001", seq=1,
                       at="2026-11-20T10:00:00.000000+00:00", actor="", action="subject.create",
                       entity="subject", entity_ids=[new_id()], details={}, prev_hash=audit.GENESIS)
    other.hash = audit.entry_hash(audit._hashed_fields(other))
    with db.session() as session:
        session.add(other)
    with db.session() as session:
        audit.record(session, "subject.create", "subject", [new_id()])
    with db.read() as session:
        result = audit.verify(session)
    assert result.ok and result.chains == 2 and result.entries == 5


@pytest.mark.parametrize("value", ["Әлия Сейітова", "aliya@example.kz", "+77011234567",
                                   "ул. Абая 10", "x" * 65, {"nested": "dict"}])
def test_personal_values_are_refused(db, value):
    with pytest.raises(audit.PersonalValueInJournal):
        with db.session() as session:
            audit.record(session, "subject.update", "subject", [new_id()], {"value": value})
    with db.read() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_codes_ids_numbers_and_dates_are_accepted(db):
    with db.session() as session:
        entry = audit.record(session, "request.answer", "request", [new_id()],
                             {"state": "answered", "on": "2026-11-25", "count": 3, "late": False,
                              "categories": ["full_name", "phone"]})
    assert entry.details["categories"] == ["full_name", "phone"]

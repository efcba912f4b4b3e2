"""The register's core: validation, the search index, forgiving lookup."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pdp_desk.services.subjects import (
    SubjectInput,
    ValidationFailed,
    create_subject,
    find_subjects,
    update_subject,
)
from pdp_desk.store.models import AuditEntry, Contact, Subject, SubjectToken


@pytest.fixture
def people(db):
    with db.session() as session:
        aliya = create_subject(session, SubjectInput(
            "registered", "Әлия Нұрланқызы Сейітова", phones=["8 701 123 45 67"],
            emails=["Aliya.S@Mail.RU"], iin="901123300258"))
        petr = create_subject(session, SubjectInput("recipient", "Пётр Сергеевич Ёлкин",
                                                    phones=["+7 (777) 000-11-22"]))
        odd = create_subject(session, SubjectInput("unregistered", 'ТОО «Кофе & <Ко>» "Тест"'))
    return {"aliya": aliya, "petr": petr, "odd": odd}


@pytest.mark.parametrize("query", ["8 701 123 45 67", "+7(701)1234567", "7011234567", "87011234567",
                                   "+7 701 123-45-67"])
def test_every_phone_spelling_finds_the_person(db, people, query):
    with db.read() as session:
        (hit,) = find_subjects(session, query)
    assert hit.id == people["aliya"] and hit.matched_by == "phone"
    assert hit.phones == ("+7 701 123 45 67",)


@pytest.mark.parametrize("query,who", [
    ("алия", "aliya"), ("АЛИЯ сейит", "aliya"), ("Сейітова", "aliya"), ("нурлан", "aliya"),
    ("Aliya Seitova", "aliya"), ("петр", "petr"), ("ёлкин", "petr"), ("елкин", "petr"),
    ("Petr Elkin", "petr"), ("aliya.s@mail.ru", "aliya"), ("901123300258", "aliya"),
    ("кофе", "odd"), ('"Тест"', "odd"), ("<Ко>", "odd"),
])
def test_names_and_identifiers_are_found_forgivingly(db, people, query, who):
    with db.read() as session:
        hits = find_subjects(session, query)
    assert [h.id for h in hits] == [people[who]]


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "\\", "'; DROP TABLE subject; --", "%", "_",
                                   "a" * 10_000, "", "   "])
def test_hostile_queries_are_text(db, people, query):
    with db.read() as session:
        assert find_subjects(session, query) == []
        assert session.scalar(select(func.count()).select_from(Subject)) == 3


def test_invalid_values_write_nothing(db):
    with pytest.raises(ValidationFailed) as raised:
        with db.session() as session:
            create_subject(session, SubjectInput("registered", "Ерлан", phones=["+7 916 123 45 67"],
                                                 emails=["no-at-sign"], iin="901123300255"))
    assert set(raised.value.errors) == {"phones.0", "emails.0", "iin"}
    with pytest.raises(ValidationFailed):
        with db.session() as session:
            create_subject(session, SubjectInput("nobody", ""))
    with db.read() as session:
        for model in (Subject, Contact, SubjectToken, AuditEntry):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_create_writes_normalised_contacts_index_and_journal(db, people):
    with db.read() as session:
        contacts = session.scalars(select(Contact).where(Contact.subject_id == people["aliya"])).all()
        assert {(c.kind, c.normalized) for c in contacts} == {("phone", "+77011234567"),
                                                              ("email", "aliya.s@mail.ru")}
        tokens = set(session.scalars(select(SubjectToken.token)
                                     .where(SubjectToken.subject_id == people["aliya"])))
        assert {"алия", "сейитова", "aliya", "seitova"} <= tokens
        actions = session.scalars(select(AuditEntry.action)).all()
        assert actions.count("subject.create") == 3


def test_correcting_addresses_keeps_the_orders_references(db):
    from datetime import datetime, timezone

    from pdp_desk.store.integrity import dangling_references
    from pdp_desk.store.models import Address, Order

    with db.session() as session:
        sid = create_subject(session, SubjectInput("registered", "Алия Сейітова",
                                                   addresses=[("Алматы", "ул. Абая, 1"), ("Астана", "пр. Мира, 5")]))
        ids = dict(session.execute(select(Address.line, Address.id).where(Address.subject_id == sid)).all())
        for line, no in (("ул. Абая, 1", "W-1"), ("пр. Мира, 5", "W-2")):
            session.add(Order(subject_id=sid, external_no=no, placed_at=datetime(2026, 1, 5, tzinfo=timezone.utc),
                              address_id=ids[line]))
    with db.session() as session:   # one address stays, one goes, one is new
        changed = update_subject(session, sid, addresses=[("Алматы", "ул. Абая, 1"), ("Шымкент", "ул. Байтурсынова, 7")])
    assert changed == ["addresses"]
    with db.read() as session:
        rows = dict(session.execute(select(Address.line, Address.id).where(Address.subject_id == sid)).all())
        assert rows.keys() == {"ул. Абая, 1", "ул. Байтурсынова, 7"} and rows["ул. Абая, 1"] == ids["ул. Абая, 1"]
        orders = dict(session.execute(select(Order.external_no, Order.address_id)).all())
        assert orders == {"W-1": ids["ул. Абая, 1"], "W-2": None}
    with db.engine.connect() as connection:
        assert dangling_references(connection) == []
    with db.session() as session:   # the same addresses again: nothing changes
        assert update_subject(session, sid, addresses=[("Шымкент", "ул. Байтурсынова, 7"),
                                                       ("Алматы", "ул. Абая, 1")]) == []


def test_a_database_opened_for_work_has_the_catalogue(db_path):
    from pdp_desk.services.catalogue import open_for_work
    from pdp_desk.store.models import PolicyVersion, Purpose

    db = open_for_work(db_path)
    try:
        with db.read() as session:
            codes = set(session.scalars(select(Purpose.code)))
            assert codes == {"website", "marketing", "delivery"}
            assert session.scalar(select(func.count()).select_from(PolicyVersion)) == 1
    finally:
        db.close()
    open_for_work(db_path).close()  # twice: nothing added, nothing broken

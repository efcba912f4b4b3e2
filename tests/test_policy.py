"""Policy versions: effective dates, fingerprints, the version in force on a day."""
from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import select, text

from pdp_desk.domain.catalogue import FIRST_POLICY
from pdp_desk.resources import resource
from pdp_desk.services.policy import (
    PolicyError,
    add_policy_version,
    altered_versions,
    fingerprint,
    list_versions,
    policy_text,
    version_in_force,
)
from pdp_desk.store.models import AuditEntry
from register_people import NOW, seed_catalogue

NEW_TEXT = "Personal Data Processing Policy\n1. A new edition, effective 01.10.2026.\n"


@pytest.fixture
def cat(db):
    seed_catalogue(db)
    return db


def test_the_first_version_is_the_policy_of_09_02_2026(cat):
    with cat.read() as session:
        (first,) = list_versions(session)
        assert first.label == "09.02.2026" and first.effective_from == date(2026, 2, 9)
        text_ = policy_text(session, first.id)
        assert "Last updated: 09.02.2026" in text_
        source = resource(FIRST_POLICY["resource"]).read_text(encoding="utf-8")
        assert first.sha256 == hashlib.sha256(source.encode("utf-8")).hexdigest() == fingerprint(text_)
        assert altered_versions(session) == []


def test_a_second_version_takes_effect_on_its_date(cat):
    with cat.session() as session:
        new_id = add_policy_version(session, "01.10.2026", date(2026, 10, 1), NEW_TEXT, "en", actor="system", now=NOW)
    with cat.read() as session:
        assert version_in_force(session, date(2026, 1, 31)) is None
        assert version_in_force(session, date(2026, 2, 9)).label == "09.02.2026"
        assert version_in_force(session, date(2026, 9, 30)).label == "09.02.2026"
        assert version_in_force(session, date(2026, 10, 1)).id == new_id
        assert version_in_force(session, date(2030, 1, 1)).id == new_id
        assert [v.label for v in list_versions(session)] == ["09.02.2026", "01.10.2026"]
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "policy.add")).one()
        assert entry.entity_ids == [new_id]
        assert entry.details == {"effective_from": "2026-10-01", "language": "en", "sha256": fingerprint(NEW_TEXT)}


@pytest.mark.parametrize("label,day,body,language,code", [
    ("x", date(2026, 12, 1), "", "en", "text_empty"),
    ("x", date(2026, 12, 1), "  \n\t ", "en", "text_empty"),
    ("", date(2026, 12, 1), NEW_TEXT, "en", "label_empty"),
    ("x" * 41, date(2026, 12, 1), NEW_TEXT, "en", "label_too_long"),
    ("x", date(2026, 12, 1), NEW_TEXT, "de", "language_unknown"),
    ("x", date(2026, 2, 9), NEW_TEXT, "en", "duplicate_date"),
])
def test_bad_versions_are_refused(cat, label, day, body, language, code):
    with pytest.raises(PolicyError) as raised:
        with cat.session() as session:
            add_policy_version(session, label, day, body, language, actor="system", now=NOW)
    assert raised.value.code == code
    with cat.read() as session:
        assert len(list_versions(session)) == 1


def test_the_same_text_twice_is_refused_whatever_its_line_ends(cat):
    with cat.read() as session:
        seeded = policy_text(session, list_versions(session)[0].id)
    for variant in (seeded, seeded.replace("\n", "\r\n"), "\ufeff" + seeded):
        with pytest.raises(PolicyError) as raised:
            with cat.session() as session:
                add_policy_version(session, "again", date(2027, 1, 1), variant, "en", now=NOW)
        assert raised.value.code == "duplicate_text"
    with cat.session() as session:
        add_policy_version(session, "01.10.2026", date(2026, 10, 1), NEW_TEXT, "en", now=NOW)
    with pytest.raises(PolicyError):
        with cat.session() as session:
            add_policy_version(session, "copy", date(2026, 11, 1), NEW_TEXT, "ru", now=NOW)


def test_a_changed_text_no_longer_matches_its_fingerprint(cat):
    with cat.session() as session:
        version_id = add_policy_version(session, "01.10.2026", date(2026, 10, 1), NEW_TEXT, "en", now=NOW)
        session.execute(text("UPDATE policy_version SET text = text || ' ' WHERE id = :id"), {"id": version_id})
    with cat.read() as session:
        assert altered_versions(session) == [version_id]


def test_a_translation_on_the_same_day_is_preferred_in_its_language(cat):
    with cat.session() as session:
        en = add_policy_version(session, "01.10.2026", date(2026, 10, 1), NEW_TEXT, "en", now=NOW)
        ru = add_policy_version(session, "01.10.2026 (рус.)", date(2026, 10, 1), "Политика, редакция 01.10.2026",
                                "ru", now=NOW)
    with cat.read() as session:
        assert version_in_force(session, date(2026, 10, 2), "ru").id == ru
        assert version_in_force(session, date(2026, 10, 2), "en").id == en

"""Retention: the pure rule, the purposes' rules, and the candidates for destruction."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from register_people import NOW, at, seed_catalogue
from sqlalchemy import func, select, text

from pdp_desk.domain.catalogue import RetentionRule
from pdp_desk.domain.retention import (
    ConsentFacts,
    EndReason,
    Retention,
    RetentionError,
    check_retention,
    consent_end,
    decide,
)
from pdp_desk.services.consents import record_consent, withdraw_consent
from pdp_desk.services.importer import import_file
from pdp_desk.services.register import (
    RegisterFilter,
    merge_subjects,
    page_at,
    register_count,
    register_page,
)
from pdp_desk.services.retention import (
    RetentionChangeRefused,
    count_due,
    decisions_for,
    destroy_after_sql,
    destruction_due,
    list_retention,
    refresh_destroy_after,
    retention_rules,
    set_retention,
)
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import (
    AuditEntry,
    Consent,
    ConsentEvent,
    Order,
    PolicyVersion,
    Subject,
)

D = date
RULES = {"website": Retention(RetentionRule.AFTER_CONSENT, 1095),
         "marketing": Retention(RetentionRule.UNTIL_WITHDRAWN),
         "delivery": Retention(RetentionRule.AFTER_LAST_ORDER, 365)}
TODAY = D(2026, 11, 20)


def facts(purpose, state="given", given=D(2026, 1, 10), valid_until=None, ended=None):
    return ConsentFacts(purpose, state, given, valid_until, ended)


# --- the pure rule ------------------------------------------------------------------------------


def test_a_consent_until_withdrawn_holds_for_ever():
    d = decide([facts("marketing")], RULES, last_order=None, registered_on=D(2026, 1, 10), today=TODAY)
    assert not d.due and d.next_destruction is None and d.reasons == () and d.holding == ("marketing",)


def test_withdrawal_makes_the_subject_due_from_that_day():
    d = decide([facts("marketing", "withdrawn", ended=D(2026, 11, 1))], RULES, last_order=None,
               registered_on=D(2026, 1, 10), today=TODAY)
    assert d.due and d.next_destruction == D(2026, 11, 1)
    assert [(r.purpose_code, r.code, r.since) for r in d.reasons] == [
        ("marketing", EndReason.CONSENT_WITHDRAWN, D(2026, 11, 1))]


def test_a_consent_valid_until_a_day_ends_the_day_after():
    c = facts("marketing", valid_until=D(2026, 6, 30))
    assert consent_end(c, RULES["marketing"], None) == (D(2026, 7, 1), EndReason.CONSENT_EXPIRED)
    d = decide([c], RULES, last_order=None, registered_on=D(2026, 1, 10), today=D(2026, 6, 30))
    assert not d.due and d.next_destruction == D(2026, 7, 1)
    assert decide([c], RULES, last_order=None, registered_on=D(2026, 1, 10), today=D(2026, 7, 1)).due


def test_terms_after_consent_and_after_the_last_order():
    web = facts("website", given=D(2023, 1, 1))
    assert consent_end(web, RULES["website"], None) == (D(2025, 12, 31), EndReason.TERM_EXPIRED)  # 1095 days, 2024 leap
    delivery = facts("delivery", given=D(2024, 1, 1))
    assert consent_end(delivery, RULES["delivery"], D(2025, 3, 1)) == (D(2026, 3, 1), EndReason.PURPOSE_ACHIEVED)
    # an order before the consent was (re)given counts from the consent
    assert consent_end(delivery, RULES["delivery"], D(2023, 5, 1)) == (D(2024, 12, 31), EndReason.PURPOSE_ACHIEVED)
    d = decide([web, delivery], RULES, last_order=D(2025, 3, 1), registered_on=D(2023, 1, 1), today=TODAY)
    assert d.due and d.next_destruction == D(2026, 3, 1)
    assert [r.code for r in d.reasons] == [EndReason.TERM_EXPIRED, EndReason.PURPOSE_ACHIEVED]


def test_a_renewal_restarts_the_terms():
    web = ConsentFacts("website", "given", D(2023, 1, 1), granted_on=D(2025, 6, 1))
    assert consent_end(web, RULES["website"], None) == (D(2028, 5, 31), EndReason.TERM_EXPIRED)
    delivery = ConsentFacts("delivery", "given", D(2023, 1, 1), granted_on=D(2026, 2, 1))
    assert consent_end(delivery, RULES["delivery"], D(2025, 3, 1)) == (D(2027, 2, 1), EndReason.PURPOSE_ACHIEVED)


def test_one_purpose_still_holding_keeps_the_data():
    d = decide([facts("marketing", "withdrawn", ended=D(2026, 3, 1)), facts("delivery", given=D(2026, 5, 1))],
               RULES, last_order=D(2026, 10, 1), registered_on=D(2026, 1, 1), today=TODAY)
    assert not d.due and d.next_destruction == D(2027, 10, 1) and d.holding == ("delivery",)
    assert [r.purpose_code for r in d.reasons] == ["marketing"]


def test_a_purpose_holds_while_any_of_its_consents_holds():
    old = facts("marketing", "withdrawn", given=D(2025, 1, 1), ended=D(2025, 6, 1))
    again = facts("marketing", given=D(2026, 2, 1))
    d = decide([old, again], RULES, last_order=None, registered_on=D(2025, 1, 1), today=TODAY)
    assert not d.due and d.next_destruction is None


def test_no_consent_at_all_is_due_from_registration():
    d = decide([], RULES, last_order=None, registered_on=D(2026, 11, 1), today=TODAY)
    assert d.due and d.reasons[0].code == EndReason.NO_CONSENT and d.next_destruction == D(2026, 11, 1)


def test_an_expired_consent_and_an_unknown_purpose():
    d = decide([facts("marketing", "expired", ended=D(2026, 9, 1))], RULES, last_order=None,
               registered_on=D(2026, 1, 1), today=TODAY)
    assert d.due and d.reasons[0].code == EndReason.CONSENT_EXPIRED and d.next_destruction == D(2026, 9, 1)
    # a purpose the catalogue no longer has: no term of its own, only the consent's state
    assert not decide([facts("loyalty")], RULES, last_order=None, registered_on=D(2026, 1, 1), today=TODAY).due


@pytest.mark.parametrize("rule,days,code", [
    ("forever", None, "rule_unknown"), ("until_withdrawn", 30, "days_not_allowed"),
    ("after_consent", None, "days_missing"), ("after_consent", 0, "days_range"),
    ("after_last_order", 100_000, "days_range"), ("after_last_order", True, "days_range"),
])
def test_bad_rules_are_refused(rule, days, code):
    with pytest.raises(RetentionError) as raised:
        check_retention(rule, days)
    assert raised.value.code == code


# --- the service -------------------------------------------------------------------------------


@pytest.fixture
def cat(db):
    seed_catalogue(db)
    return db


def test_the_purposes_rules_are_the_catalogues_and_editable(cat):
    with cat.read() as session:
        assert retention_rules(session) == RULES
        assert [p.code for p in list_retention(session)] == ["delivery", "marketing", "website"]
    with cat.session() as session:
        set_retention(session, "marketing", "after_consent", 730, actor="system", now=NOW)
    with cat.read() as session:
        assert retention_rules(session)["marketing"] == Retention(RetentionRule.AFTER_CONSENT, 730)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "purpose.retention")).one()
        assert entry.details["rule"] == "after_consent" and entry.details["rule_before"] == "until_withdrawn"
    with pytest.raises(RetentionChangeRefused):
        with cat.session() as session:
            set_retention(session, "newsletter", "until_withdrawn", None)
    with pytest.raises(RetentionError):
        with cat.session() as session:
            set_retention(session, "website", "after_consent", -1)


def _person(session, name, consents=(), orders=(), created=None):
    created = created or at(2025, 1, 10)
    sid = create_subject(session, SubjectInput("registered", name), now=created)
    for purpose, given, state_at in consents:
        cid = record_consent(session, sid, purpose, given_at=given, channel="website", evidence="form",
                             policy_version_id=_policy(session), now=max(given, created))
        if state_at is not None:
            kind, moment = state_at
            consent = session.get(Consent, cid)
            consent.state = kind
            if kind == "withdrawn":
                consent.withdrawn_at = moment
            consent.updated_at = moment
            session.add(ConsentEvent(subject_id=sid, consent_id=cid, kind=kind, at=moment, channel="system",
                                     created_at=moment, updated_at=moment))
    for placed in orders:
        session.add(Order(subject_id=sid, placed_at=placed, created_at=placed, updated_at=placed))
    session.flush()
    refresh_destroy_after(session, [sid])   # the rows above were written directly, not by services
    return sid


def _policy(session):
    return session.scalar(select(PolicyVersion.id).order_by(PolicyVersion.effective_from).limit(1))


def test_candidates_name_their_reasons_and_are_read_in_batches(cat):
    with cat.session() as session:
        keep = _person(session, "Ерлан Маркетинг", [("marketing", at(2025, 2, 1), None)])
        withdrawn = _person(session, "Әлия Отозвала", [("marketing", at(2025, 2, 1), ("withdrawn", at(2026, 11, 1)))])
        old_site = _person(session, "Пётр Давний", [("website", at(2023, 3, 1), None)], created=at(2023, 3, 1))
        delivered = _person(session, "Гүлнәр Доставка", [("delivery", at(2024, 1, 5), None)],
                            orders=[at(2024, 1, 5), at(2025, 6, 1)])
        recent = _person(session, "Дана Заказ", [("delivery", at(2025, 1, 5), None)], orders=[at(2026, 8, 1)])
        nobody = _person(session, "Без Согласия")
        mixed = _person(session, "Смешанный Случай", [("marketing", at(2025, 2, 1), ("withdrawn", at(2026, 3, 1))),
                                                       ("delivery", at(2025, 2, 1), None)], orders=[at(2026, 10, 1)])
    with cat.read() as session:
        found = {c.subject_id: c for c in destruction_due(session, TODAY, batch=2)}
        assert set(found) == {withdrawn, old_site, delivered, nobody}
        assert [(r.purpose_code, r.code, r.since) for r in found[withdrawn].reasons] == [
            ("marketing", EndReason.CONSENT_WITHDRAWN, D(2026, 11, 1))]
        assert found[old_site].reasons[0].code == EndReason.TERM_EXPIRED
        assert found[old_site].since == D(2026, 2, 28)  # 01.03.2023 + 1095 days
        assert found[delivered].reasons[0].code == EndReason.PURPOSE_ACHIEVED
        assert found[delivered].since == D(2026, 6, 1)
        assert found[nobody].reasons[0].code == EndReason.NO_CONSENT
        assert count_due(session, TODAY) == 4
        assert [c.subject_id for c in destruction_due(session, TODAY, limit=2)] == sorted(found)[:2]
        after = sorted(found)[1]
        assert [c.subject_id for c in destruction_due(session, TODAY, after=after)] == sorted(found)[2:]
        decisions = decisions_for(session, [keep, recent, mixed], TODAY)
        assert not any(d.due for d in decisions.values())
        assert decisions[recent].next_destruction == D(2027, 8, 1)
        # the register's filter and column agree
        flt = RegisterFilter(due_for_destruction=True, today=TODAY)
        assert register_count(session, flt) == 4
        rows = {r.id: r for r in register_page(session, RegisterFilter(today=TODAY)).rows}
        assert rows[delivered].next_destruction == D(2026, 6, 1) and rows[delivered].due
        assert rows[keep].next_destruction is None and not rows[keep].due
    # a longer term for delivery takes that subject off the list
    with cat.session() as session:
        set_retention(session, "delivery", "after_last_order", 730)
    with cat.read() as session:
        assert delivered not in {c.subject_id for c in destruction_due(session, TODAY)}
        assert _stored(session, delivered) == D(2027, 6, 1)   # 01.06.2025 + 730 days
        assert count_due(session, TODAY) == 3


@pytest.mark.parametrize("start", [at(2024, 4, 1), at(2023, 6, 1), at(2002, 1, 1)],
                         ids=["utc+5", "across-2024-03-01", "utc+6-with-summer-time"])
def test_the_sql_rule_agrees_with_the_domain_rule(cat, start):
    """The set-based SQL that stores subject.destroy_after gives the domain's dates, to the day,
    whatever Kazakhstan's clock was (UTC+6 before 2024-03-01, with summer time until 2004)."""
    rng = random.Random(7)
    with cat.session() as session:
        ids = []
        for k in range(80):
            created = start + timedelta(days=rng.randrange(0, 700), hours=rng.randrange(0, 24))
            consents = []
            for purpose in rng.sample(["website", "marketing", "delivery"], rng.randrange(0, 4)):
                given = created + timedelta(hours=rng.randrange(0, 48))
                state = rng.choice([None, None, ("withdrawn", given + timedelta(days=rng.randrange(1, 300))),
                                    ("expired", given + timedelta(days=rng.randrange(1, 300)))])
                if state and state[1] > NOW:
                    state = None
                consents.append((purpose, given, state))
            orders = [created + timedelta(days=rng.randrange(0, 500), hours=rng.randrange(0, 24))
                      for _ in range(rng.randrange(0, 3))]
            ids.append(_person(session, f"Человек {k}", consents, [o for o in orders if o < NOW], created))
        for consent in session.scalars(select(Consent)):
            if rng.random() < 0.3:
                consent.valid_until = (consent.given_at + timedelta(days=rng.randrange(10, 900))).date()
            if consent.state == "given" and rng.random() < 0.3:   # a renewal restarts the terms
                renewed = consent.given_at + timedelta(days=rng.randrange(30, 400), hours=rng.randrange(0, 24))
                if renewed < NOW:
                    session.add(ConsentEvent(subject_id=consent.subject_id, consent_id=consent.id, kind="renewed",
                                             at=renewed, created_at=renewed, updated_at=renewed))
        refresh_destroy_after(session, ids)
    with cat.read() as session:
        domain = decisions_for(session, ids, TODAY)
        sql = dict(session.execute(text(destroy_after_sql())).all())
        stored = dict(session.execute(select(Subject.id, Subject.destroy_after)).all())
        for subject_id in ids:
            expected = domain[subject_id].next_destruction
            assert sql[subject_id] == (expected.isoformat() if expected else None), subject_id
            assert stored[subject_id] == expected, subject_id
        assert count_due(session, TODAY) == sum(d.due for d in domain.values()) == len(list(destruction_due(session, TODAY)))
        assert 10 < sum(d.due for d in domain.values()) < (70 if start.year == 2024 else 81)


def _stored(session, subject_id):
    return session.scalar(select(Subject.destroy_after).where(Subject.id == subject_id))


def test_the_stored_date_follows_consents_retention_rules_imports_and_merges(cat, tmp_path):
    """subject.destroy_after is recomputed by every use case that changes what it depends on."""
    with cat.session() as session:
        sid = create_subject(session, SubjectInput("registered", "Айгерим Тестова", phones=["8 701 555 11 22"]),
                             now=at(2025, 3, 1))
        assert _stored(session, sid) == D(2025, 3, 1)            # no consent: due from registration
        for purpose in ("marketing", "delivery"):
            record_consent(session, sid, purpose, given_at=at(2025, 3, 2), channel="website", evidence="form",
                           policy_version_id=_policy(session), now=at(2025, 3, 2))
        assert _stored(session, sid) is None                      # marketing holds until withdrawn
        withdraw_consent(session, sid, ["marketing"], at=at(2026, 10, 5), channel="email",
                         evidence="письмо", now=at(2026, 10, 5))
        assert _stored(session, sid) == D(2026, 10, 5)            # delivery ended 02.03.2026 already
        set_retention(session, "delivery", "after_last_order", 730, now=at(2026, 10, 6))
        assert _stored(session, sid) == D(2027, 3, 2)             # 02.03.2025 + 730 days
    # an imported order of this person moves the delivery term
    path = tmp_path / "orders.csv"
    path.write_text("ФИО;Телефон;Номер заказа;Дата заказа\r\n"
                    "Айгерим Тестова;+7 701 555 11 22;Z-1;01.09.2026 12:00\r\n"
                    "Новый Покупатель;+7 702 000 00 01;Z-2;02.09.2026 12:00\r\n", encoding="utf-8")
    mapping = {"columns": {"ФИО": "full_name", "Телефон": "phone", "Номер заказа": "order_no",
                           "Дата заказа": "order_date"}, "category": "registered", "source": "website"}
    report = import_file(cat, path, mapping, now=at(2026, 10, 7))
    assert report.orders_created == 2 and report.created == 1
    with cat.session() as session:
        assert _stored(session, sid) == D(2028, 8, 31)            # 01.09.2026 + 730 days (2028 is leap)
        newcomer = session.scalar(select(Subject.id).where(Subject.full_name == "Новый Покупатель"))
        assert _stored(session, newcomer) == D(2026, 10, 7)       # imported without consent
        # a merge: the newcomer shares the phone of someone holding a consent until withdrawn
        other = create_subject(session, SubjectInput("registered", "Новый Покупатель",
                                                     phones=["+7 702 000 00 01"]), now=at(2026, 10, 8))
        record_consent(session, other, "marketing", given_at=at(2026, 10, 8), channel="website",
                       evidence="form", policy_version_id=_policy(session), now=at(2026, 10, 8))
        assert _stored(session, other) is None
        merge_subjects(session, newcomer, other, now=at(2026, 10, 9))
        assert _stored(session, newcomer) is None
    with cat.read() as session:
        ids = [r[0] for r in session.execute(select(Subject.id))]
        decided = decisions_for(session, ids, TODAY)
        assert {i: _stored(session, i) for i in ids} == {i: d.next_destruction for i, d in decided.items()}


def test_the_register_pages_by_next_destruction(cat):
    """Sorted by the stored date (dated first, by date then id; then "never" by id), page after
    page and by jumps, with the due filter on the same column."""
    rng = random.Random(3)
    with cat.session() as session:
        for k in range(40):
            created = at(2024, 4, 1) + timedelta(days=rng.randrange(0, 900))
            consents = []
            if rng.random() < 0.4:
                consents.append(("marketing", created, None))
            if rng.random() < 0.5:
                consents.append(("website", created, None))
            _person(session, f"Человек {k}", consents, created=created)
    with cat.read() as session:
        stored = dict(session.execute(select(Subject.id, Subject.destroy_after)).all())
        expected = sorted(stored, key=lambda i: (stored[i] is None, stored[i] or D.min, i))
        assert any(v is None for v in stored.values()) and sum(v is not None for v in stored.values()) > 10
        seen, cursor = [], None
        while True:
            page = register_page(session, RegisterFilter(today=TODAY), "next_destruction", cursor, limit=7)
            seen += [r.id for r in page.rows]
            assert all(r.next_destruction == stored[r.id] for r in page.rows)
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == expected
        for offset in (0, 1, 6, sum(v is not None for v in stored.values()), 38, 39, 40, 45):
            rows = page_at(session, RegisterFilter(today=TODAY), "next_destruction", offset, limit=3).rows
            assert [r.id for r in rows] == expected[offset:offset + 3], offset
        due = [i for i in expected if stored[i] is not None and stored[i] <= TODAY]
        flt = RegisterFilter(today=TODAY, due_for_destruction=True)
        assert [r.id for r in register_page(session, flt, "next_destruction", limit=100).rows] == due
        assert register_count(session, flt) == len(due) == count_due(session, TODAY)
        not_due = RegisterFilter(today=TODAY, due_for_destruction=False)
        assert [r.id for r in register_page(session, not_due, "next_destruction", limit=100).rows] == [
            i for i in expected if i not in due]


def test_set_retention_runs_in_steps_with_progress_and_a_cancel_changes_nothing(cat, monkeypatch):
    import pdp_desk.services.retention as retention

    monkeypatch.setattr(retention, "_RETENTION_STEP", 3)   # ten subjects: four statements
    with cat.session() as session:
        ids = [_person(session, f"Клиент {k}", [("delivery", at(2025, 1, k + 1), None)],
                       orders=[at(2025, 6, k + 1, 23, 30)]) for k in range(10)]
        other = _person(session, "Только маркетинг", [("marketing", at(2025, 1, 1), None)])
    with cat.read() as session:
        before = {i: _stored(session, i) for i in ids}
    assert before[ids[0]] == D(2026, 6, 1)   # the last order (01.06.2025, 23:30 local) + 365 days

    calls: list[tuple[int, int]] = []
    with pytest.raises(retention.RetentionCancelled), cat.session() as session:
        set_retention(session, "delivery", "after_last_order", 730,
                      progress=lambda done, total: calls.append((done, total)) or len(calls) < 2)
    assert calls == [(0, 10), (3, 10)]
    with cat.read() as session:
        assert {i: _stored(session, i) for i in ids} == before                  # rolled back
        assert retention_rules(session)["delivery"] == RULES["delivery"]
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "purpose.retention")) == 0

    calls.clear()
    with cat.session() as session:
        set_retention(session, "delivery", "after_last_order", 730, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 10), (3, 10), (6, 10), (9, 10), (10, 10)]
    with cat.read() as session:
        after = {i: _stored(session, i) for i in ids}
        domain = decisions_for(session, ids + [other], TODAY)
        assert after == {i: domain[i].next_destruction for i in ids}
        assert after[ids[0]] == D(2027, 6, 1)   # 730 days after the last order's local day
        assert _stored(session, other) is None and domain[other].next_destruction is None
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "purpose.retention")).one()
        assert entry.details["dates_changed"] == 10 and entry.details["days"] == 730

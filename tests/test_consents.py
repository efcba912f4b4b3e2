"""Consent lookup as of any moment, recording a consent (Art. 8 p.4) and its withdrawal (Art. 8 p.7)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from pdp_desk.services.consents import (
    consent_counts,
    consent_status,
    may_process,
    person_consents,
    record_consent,
    withdraw_consent,
)
from pdp_desk.services.policy import add_policy_version
from pdp_desk.services.requests import block_subject
from pdp_desk.services.subjects import SubjectInput, ValidationFailed, create_subject
from pdp_desk.store.models import AuditEntry, Consent, ConsentEvent, Purpose, Request
from register_people import NOW, at, seed_catalogue


@pytest.fixture
def world(db):
    ops = seed_catalogue(db)
    with db.session() as session:
        new_policy = add_policy_version(session, "01.10.2026", date(2026, 10, 1),
                                        "Policy, edition of 01.10.2026.\n", "en", actor="system", now=at(2026, 9, 1))
        aliya = create_subject(session, SubjectInput(
            "registered", "Әлия Нұрланқызы Сейітова", phones=["8 701 123 45 67"], emails=["Aliya.S@Mail.RU"],
            iin="901123300258", operator_id=ops["op1"]), now=at(2026, 4, 30))
        petr = create_subject(session, SubjectInput("recipient", "Пётр Ёлкин", phones=["+7 777 000 11 22"]),
                              now=at(2026, 4, 30))
        other_aliya = create_subject(session, SubjectInput("unregistered", "Алия Сейтова", emails=["a2@example.kz"]),
                                     now=at(2026, 4, 30))
        record_consent(session, aliya, "marketing", given_at=at(2026, 5, 1), channel="website",
                       evidence="Отметка в форме на сайте, заказ № 1001", third_parties_allowed=False,
                       cross_border_allowed=False, public_allowed=False, actor="system", now=at(2026, 5, 1, 11))
        record_consent(session, aliya, "delivery", given_at=at(2026, 5, 1), channel="website",
                       evidence="Оформление заказа", third_parties_allowed=True, now=at(2026, 5, 1, 11))
        record_consent(session, petr, "delivery", given_at=at(2026, 5, 2), channel="paper",
                       evidence="Бумажное согласие № 7", valid_until=date(2026, 8, 31), now=at(2026, 5, 2, 11))
    with db.session() as session:
        request_id = withdraw_consent(session, aliya, ["marketing"], at=at(2026, 11, 1, 9), channel="email",
                                      evidence="Письмо субъекта от 01.11.2026", actor="system", now=at(2026, 11, 2))
    return {"db": db, "aliya": aliya, "petr": petr, "other": other_aliya, "policy2": new_policy,
            "request": request_id, **ops}


def test_consent_as_of_a_past_date_under_the_older_policy(world):
    db = world["db"]
    with db.read() as session:
        before = consent_status(session, "+77011234567", at(2026, 4, 15))
        (person,) = before.people
        assert person.purpose("marketing").state == "none" and person.purpose("marketing").reason == "no_consent"

        june = consent_status(session, "+77011234567", at(2026, 6, 1))
        assert june.matched_by == "phone" and june.policy_in_force_label == "09.02.2026"
        mkt = june.people[0].purpose("marketing")
        assert (mkt.state, mkt.may_process, mkt.reason) == ("given", True, "allowed")
        assert mkt.policy_label == "09.02.2026" and mkt.given_at == at(2026, 5, 1)
        assert mkt.channel == "website" and mkt.evidence.startswith("Отметка")
        assert mkt.valid_until is None and mkt.withdrawn_at is None

        october = consent_status(session, "+77011234567", at(2026, 10, 15))
        assert october.policy_in_force_id == world["policy2"] and october.policy_in_force_label == "01.10.2026"
        mkt = october.people[0].purpose("marketing")
        assert mkt.state == "given" and mkt.policy_label == "09.02.2026"  # given under the older text

        november = consent_status(session, "+77011234567", at(2026, 11, 10))
        mkt = november.people[0].purpose("marketing")
        assert (mkt.state, mkt.may_process, mkt.reason) == ("withdrawn", False, "consent_withdrawn")
        assert mkt.withdrawn_at == at(2026, 11, 1, 9) and mkt.withdrawal_request_id == world["request"]
        assert [e.kind for e in mkt.history] == ["given", "withdrawn"]
        # delivery was never withdrawn
        delivery = november.people[0].purpose("delivery")
        assert delivery.state == "given" and delivery.third_parties_allowed
        assert november.people[0].purpose("website").state == "none"


def test_an_edition_added_or_a_purpose_renamed_is_seen_by_the_next_lookup(world):
    db = world["db"]
    moment = at(2027, 2, 1)
    with db.read() as session:
        assert consent_status(session, "+77011234567", moment).policy_in_force_label == "01.10.2026"
    with db.session() as session:
        add_policy_version(session, "01.01.2027", date(2027, 1, 1), "Policy, edition of 01.01.2027.\n", "en",
                           actor="system", now=at(2026, 12, 1))
        session.execute(update(Purpose).where(Purpose.code == "delivery").values(name_ru="Доставка (новое имя)"))
    with db.read() as session:
        result = consent_status(session, "+77011234567", moment)
        assert result.policy_in_force_label == "01.01.2027"
        assert result.people[0].purpose("delivery").purpose_name == "Доставка (новое имя)"


def test_the_withdrawal_opens_a_request_with_its_15_working_day_clock(world):
    db = world["db"]
    with db.read() as session:
        request = session.get(Request, world["request"])
        assert request.type == "consent_withdrawal" and request.subject_id == world["aliya"]
        assert request.is_open and request.channel == "email"
        assert request.action_due == date(2026, 11, 20)   # 15 working days after Sunday 01.11.2026
        assert request.answer_due == date(2026, 11, 13)
        event = session.scalars(select(ConsentEvent).where(ConsentEvent.kind == "withdrawn")).one()
        assert event.request_id == request.id and event.at == at(2026, 11, 1, 9)
        consent = session.get(Consent, event.consent_id)
        assert consent.state == "withdrawn" and consent.withdrawn_at == at(2026, 11, 1, 9)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "consent.withdraw")).one()
        assert world["aliya"] in entry.entity_ids and entry.details["purposes"] == ["marketing"]


@pytest.mark.parametrize("query", ["8 701 123 45 67", "+7(701)1234567", "7011234567", "87011234567",
                                   "+7 701 123-45-67", "aliya.s@mail.ru", "ALIYA.S@MAIL.RU", "901123300258"])
def test_lookup_by_any_spelling(world, query):
    with world["db"].read() as session:
        result = consent_status(session, query, at(2026, 6, 1))
    assert [p.subject_id for p in result.people] == [world["aliya"]]
    assert result.people[0].phones == ("+7 701 123 45 67",) and result.people[0].emails == ("aliya.s@mail.ru",)


def test_a_name_matching_several_people_answers_each(world):
    with world["db"].read() as session:
        result = consent_status(session, "алия", at(2026, 6, 1))
        assert result.matched_by == "name"
        assert {p.subject_id for p in result.people} == {world["aliya"], world["other"]}
        by_id = consent_status(session, world["petr"], at(2026, 6, 1))
        assert by_id.matched_by == "id" and by_id.people[0].full_name == "Пётр Ёлкин"


def test_a_consent_past_its_term_is_expired(world):
    with world["db"].read() as session:
        assert may_process(session, world["petr"], "delivery", at(2026, 8, 31, 23)) == (True, "allowed")
        assert may_process(session, world["petr"], "delivery", at(2026, 9, 1, 1)) == (False, "consent_expired")
        status = consent_status(session, world["petr"], at(2026, 9, 2)).people[0].purpose("delivery")
        assert status.state == "expired" and status.expired_on == date(2026, 9, 1)


def test_may_process(world):
    db = world["db"]
    with db.read() as session:
        assert may_process(session, world["aliya"], "delivery", at(2026, 11, 10)) == (True, "allowed")
        assert may_process(session, world["aliya"], "marketing", at(2026, 11, 10)) == (False, "consent_withdrawn")
        assert may_process(session, world["aliya"], "website", at(2026, 11, 10)) == (False, "no_consent")
        assert may_process(session, world["aliya"], "astrology", at(2026, 11, 10)) == (False, "unknown_purpose")
        assert may_process(session, "0190aaaa-0000-7000-8000-000000000000", "delivery") == (False, "unknown_subject")
    with db.session() as session:
        block_subject(session, world["aliya"], actor="system", now=at(2026, 11, 15))
    with db.read() as session:
        assert may_process(session, world["aliya"], "delivery", at(2026, 11, 10)) == (True, "allowed")
        assert may_process(session, world["aliya"], "delivery", at(2026, 11, 16)) == (False, "blocked")
        person = consent_status(session, "87011234567", at(2026, 11, 16)).people[0]
        assert person.blocked and person.status == "blocked"
        assert not person.purpose("delivery").may_process and person.purpose("delivery").reason == "blocked"


def test_renewal_and_a_new_grant_after_withdrawal(world):
    db = world["db"]
    with db.session() as session:
        first = session.scalars(select(Consent.id).join(ConsentEvent, ConsentEvent.consent_id == Consent.id)
                                .where(Consent.subject_id == world["aliya"], ConsentEvent.kind == "withdrawn")).one()
        again = record_consent(session, world["aliya"], "marketing", given_at=at(2026, 11, 18), channel="paper",
                               evidence="Новое письменное согласие", now=NOW)
        assert again != first
        renewed = record_consent(session, world["aliya"], "delivery", given_at=at(2026, 11, 19), channel="phone",
                                 evidence="Подтвердила по телефону", now=NOW)
        assert session.scalar(select(func.count()).select_from(Consent)
                              .where(Consent.subject_id == world["aliya"])) == 3
    with db.read() as session:
        person = person_consents(session, world["aliya"], NOW)
        mkt = person.purpose("marketing")
        assert mkt.state == "given" and mkt.consent_id == again and mkt.policy_label == "01.10.2026"
        assert [e.kind for e in mkt.history] == ["given", "withdrawn", "given"]
        delivery = person.purpose("delivery")
        assert delivery.consent_id == renewed and delivery.channel == "phone"
        assert [e.kind for e in delivery.history] == ["given", "renewed"]
        # runs since its first grant; the renewal's terms (channel, evidence) are shown with its date
        assert delivery.given_at == delivery.history[0].at and delivery.renewed_at == at(2026, 11, 19)
        assert mkt.given_at == at(2026, 11, 18) and mkt.renewed_at is None   # a new grant after a withdrawal
        # as of before the renewal the older terms apply
        assert consent_status(session, world["aliya"], at(2026, 11, 10)).people[0].purpose("delivery").channel == "website"
        assert consent_counts(session)["marketing"] == {"given": 1, "withdrawn": 1}


def _counts(session):
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Consent, ConsentEvent, Request))


@pytest.mark.parametrize("changes,fields", [
    ({"given_at": NOW + timedelta(days=1)}, {"given_at"}),
    ({"channel": "pigeon"}, {"channel"}),
    ({"evidence": "x" * 501}, {"evidence"}),
    ({"evidence": "   "}, {"evidence"}),
    ({"purpose": "astrology"}, {"purpose"}),
    ({"valid_until": date(2026, 1, 1)}, {"valid_until"}),
    ({"given_at": at(2025, 1, 1)}, {"policy_version_id"}),          # no policy was in force yet
    ({"policy_version_id": "nope"}, {"policy_version_id"}),
    ({"data_categories": ["phone", "soul"]}, {"data_categories"}),
    ({"operator_id": "nope"}, {"operator_id"}),
    ({"subject": "nope", "channel": "pigeon"}, {"subject", "channel"}),
])
def test_bad_consents_are_refused_and_write_nothing(world, changes, fields):
    db = world["db"]
    args = dict(subject=world["petr"], purpose="marketing", given_at=at(2026, 11, 1), channel="website",
                evidence="Форма на сайте")
    args.update(changes)
    with db.read() as session:
        before = _counts(session)
    with pytest.raises(ValidationFailed) as raised:
        with db.session() as session:
            record_consent(session, args.pop("subject"), args.pop("purpose"), now=NOW, **args)
    assert set(raised.value.errors) == fields
    with db.read() as session:
        assert _counts(session) == before


def test_art_8_p_4_fields_are_kept(world):
    db = world["db"]
    with db.session() as session:
        cid = record_consent(session, world["petr"], "marketing", given_at=at(2026, 11, 1), channel="in_person",
                             evidence="Подписано в магазине", valid_until=date(2027, 11, 1),
                             third_parties_allowed=True, cross_border_allowed=True, public_allowed=False,
                             data_categories=["full_name", "phone"], operator_id=world["op2"], now=NOW)
    with db.read() as session:
        consent = session.get(Consent, cid)
        assert (consent.third_parties_allowed, consent.cross_border_allowed, consent.public_allowed) == (True, True, False)
        assert consent.data_categories == ["full_name", "phone"] and consent.operator_id == world["op2"]
        assert consent.valid_until == date(2027, 11, 1)
        assert consent.policy_version_id == world["policy2"]   # in force on 01.11.2026


@pytest.mark.parametrize("purposes,code", [([], "no_purposes"), (["astrology"], "purpose_unknown"),
                                           (["website"], "consent_not_given"),
                                           (["marketing"], "consent_not_given")])
def test_bad_withdrawals_write_nothing(world, purposes, code):
    db = world["db"]
    with db.read() as session:
        before = _counts(session)
    with pytest.raises(ValidationFailed) as raised:
        with db.session() as session:
            withdraw_consent(session, world["aliya"], purposes, at=at(2026, 11, 10), channel="paper",
                             evidence="Заявление", now=NOW)
    assert raised.value.errors["purposes"][0] == code
    with db.read() as session:
        assert _counts(session) == before


@pytest.mark.parametrize("query", ['"', "*", "NEAR(a b)", "\\", "'; DROP TABLE consent; --", "%", "_",
                                   "a" * 10_000, "", "   ", "0190aaaa-0000-7000-8000-000000000000"])
def test_hostile_lookups_are_text(world, query):
    with world["db"].read() as session:
        assert consent_status(session, query).people == ()


# --- the replay, against a plain reading of the rule ---------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pdp_desk.store.models import Subject  # noqa: E402

_KINDS = st.sampled_from(["given", "given", "renewed", "withdrawn", "expired"])
_START = at(2026, 3, 1)


@pytest.fixture
def db_with_catalogue(db):
    seed_catalogue(db)
    return db


@st.composite
def histories(draw):
    """One to three consent rows to one purpose (two merged records can each hold one), each with
    events in any order of kinds (a damaged history too) or none at all (an older import), at
    distinct minutes; and the moment asked about."""
    minutes = iter(draw(st.lists(st.integers(0, 2000), min_size=14, max_size=14, unique=True)))
    consents = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()) and draw(st.booleans()):   # a row without events
            given = _START + timedelta(minutes=next(minutes))
            withdrawn = _START + timedelta(minutes=next(minutes)) if draw(st.booleans()) else None
            consents.append(("row", given, withdrawn))
            continue
        kinds = draw(st.lists(_KINDS, min_size=1, max_size=4))
        times = sorted(_START + timedelta(minutes=next(minutes)) for _ in kinds)
        consents.append(("events", list(zip(kinds, times, [f"ev{i}" for i in range(len(kinds))]))))
    return consents, _START + timedelta(minutes=draw(st.integers(-10, 2010)))


def _expected(consents, as_of):
    """The rule read plainly: every event of the purpose's consents given by the moment, up to
    the moment, in time order; the latest decides; the grant in force is its consent's latest
    given/renewed; it runs since the first grant after that consent's last end before it."""
    timeline = []
    for k, spec in enumerate(consents):
        if spec[0] == "row":
            _, given, withdrawn = spec
            own = [("given", given, "row")] + ([("withdrawn", withdrawn, "")] if withdrawn else [])
        else:
            own = spec[1]
            given = own[0][1]
        if given > as_of:   # a consent counts from when it was given (a damaged row may say otherwise)
            continue
        timeline += [(when, kind, evidence, k) for kind, when, evidence in own if when <= as_of]
    timeline.sort()
    if not timeline:
        return None
    _, last_kind, _, k = timeline[-1]
    mine = [e for e in timeline if e[3] == k]
    grants = [i for i, e in enumerate(mine) if e[1] in ("given", "renewed")]
    grant = mine[grants[-1]] if grants else mine[0]
    if last_kind in ("withdrawn", "expired") or not grants:
        since = grant
    else:
        ends = [i for i, e in enumerate(mine) if e[1] in ("withdrawn", "expired")]
        since = mine[min(i for i in grants if not ends or i > ends[-1])]
    state = {"withdrawn": "withdrawn", "expired": "expired"}.get(last_kind, "given")
    return {"state": state, "consent": k, "given_at": since[0], "evidence": grant[2],
            "renewed_at": grant[0] if grant[0] != since[0] else None,
            "withdrawn_at": timeline[-1][0] if state == "withdrawn" else None,
            "history": [(e[1], e[0]) for e in timeline]}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=histories())
def test_the_lookup_replays_any_history_as_the_rule_reads(db_with_catalogue, case):
    consents, as_of = case
    db = db_with_catalogue
    with db.session() as session:
        purpose = session.scalars(select(Purpose).where(Purpose.code == "marketing")).one()
        subject = Subject(category="customer", full_name="Проба", name_key="проба")
        session.add(subject)
        session.flush()
        ids = []
        for spec in consents:
            if spec[0] == "row":
                _, given, withdrawn = spec
                row = Consent(subject_id=subject.id, purpose_id=purpose.id, given_at=given, evidence="row",
                              state="withdrawn" if withdrawn else "given", withdrawn_at=withdrawn)
                session.add(row)
                session.flush()
            else:
                events = spec[1]
                row = Consent(subject_id=subject.id, purpose_id=purpose.id, given_at=events[0][1], evidence="row",
                              state="given")
                session.add(row)
                session.flush()
                session.add_all([ConsentEvent(subject_id=subject.id, consent_id=row.id, kind=kind, at=when,
                                              evidence=evidence) for kind, when, evidence in events])
            ids.append(row.id)
        subject_id = subject.id
    with db.read() as session:
        status = consent_status(session, subject_id, as_of).people[0].purpose("marketing")
    expected = _expected(consents, as_of)
    if expected is None:
        assert status.state == "none" and not status.history
        return
    assert status.state == expected["state"]
    assert status.consent_id == ids[expected["consent"]]
    assert (status.given_at, status.renewed_at) == (expected["given_at"], expected["renewed_at"])
    assert status.evidence == expected["evidence"] and status.withdrawn_at == expected["withdrawn_at"]
    assert [(e.kind, e.at) for e in status.history] == expected["history"]
    assert not status.may_process or status.state == "given"

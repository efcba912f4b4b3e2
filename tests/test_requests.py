"""Request use cases (services.requests) on real SQLite files: clocks around holidays and decreed
days, the workflow, the law's actions, calendar changes, and bad input that writes nothing."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from pdp_desk.domain.calendar import CalendarError
from pdp_desk.domain.deadlines import ClockKind
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.domain.workflow import WorkflowError
from pdp_desk.services import requests as rq
from pdp_desk.services.calendar import add_override, list_overrides, load_calendar, remove_override
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.requests import (
    ClockState,
    NewRequest,
    RequestError,
    SubjectChanges,
    register_request,
)
from pdp_desk.services.subjects import SubjectInput, ValidationFailed, create_subject, find_subjects
from pdp_desk.store.database import open_database
from pdp_desk.store.models import (
    Attachment,
    AuditEntry,
    Consent,
    ConsentEvent,
    Contact,
    DestructionQueue,
    LocalState,
    Operator,
    Purpose,
    Request,
    RequestEvent,
    Setting,
    Staff,
    Subject,
)


def kz(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=KAZAKHSTAN)


def counts(db) -> dict[str, int]:
    with db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (Request, RequestEvent, Attachment, AuditEntry, Subject, Contact, LocalState)}


@pytest.fixture
def org(db):
    """An operator, a staff member and one subject."""
    with db.session() as s:
        operator = Operator(name="ИП Сейітова Ә.Н.", iin_bin="901123300258")
        s.add(operator)
        s.flush()
        staff = Staff(operator_id=operator.id, full_name="Дана Омарова", position="менеджер магазина")
        s.add(staff)
        s.flush()
        subject = create_subject(s, SubjectInput("registered", "Әлия Сейітова", phones=["8 701 123 45 67"],
                                                 emails=["aliya@mail.ru"]))
        return {"operator": operator.id, "staff": staff.id, "subject": subject}


def new(org, type_="access", received=None, **kw) -> NewRequest:
    kw.setdefault("responsible_staff_id", org["staff"])
    return NewRequest(type=type_, channel=kw.pop("channel", "email"), received_at=received or kz(2026, 3, 20),
                      operator_id=org["operator"], subject_id=kw.pop("subject_id", org["subject"]), **kw)


def register(db, req: NewRequest, now: datetime | None = None) -> str:
    with db.session() as s:
        return register_request(s, req, actor="tester", now=now or req.received_at + timedelta(minutes=30))


def get(db, request_id) -> Request:
    with db.read() as s:
        request = s.get(Request, request_id)
        s.expunge(request)  # keep its values past the read transaction
        return request


def events(db, request_id) -> list[RequestEvent]:
    with db.read() as s:
        rows = list(s.scalars(select(RequestEvent).where(RequestEvent.request_id == request_id)
                              .order_by(RequestEvent.at, RequestEvent.id)))
        s.expunge_all()
        return rows


def step(db, fn, request_id, *args, at: datetime, **kw):
    with db.session() as s:
        return fn(s, request_id, *args, now=at, **kw)


# --- clocks around holidays and decreed days -----------------------------------------------


def test_nauryz_2026_skipped_by_both_clocks(db, org):
    rid = register(db, new(org, "blocking", kz(2026, 3, 20)))
    r = get(db, rid)
    assert r.answer_due == date(2026, 4, 8)   # 10 working days, 21-25 March off
    assert r.action_due == date(2026, 3, 26)  # 1 working day: Nauryz 21-23, moved days off 24, 25
    assert r.next_due == date(2026, 3, 26)
    assert r.state == "received" and r.is_open


def test_kurban_ait_2026_and_a_correction_clock_that_starts_with_the_documents(db, org):
    rid = register(db, new(org, "correction", kz(2026, 5, 20)))
    r = get(db, rid)
    assert r.answer_due == date(2026, 6, 4)  # Kurban Ait, Wednesday 27 May, is skipped
    assert r.action_due is None and r.next_due == date(2026, 6, 4)  # no documents yet: pending
    with db.read() as s:
        answer_clock, action_clock = rq.request_clocks(s.get(Request, rid), load_calendar(s), date(2026, 5, 21), "ru")
    assert action_clock.status is ClockState.PENDING and action_clock.due is None
    assert answer_clock.status is ClockState.ON_TRACK
    assert any("Курбан" in d.reason for d in answer_clock.skipped)

    step(db, rq.record_documents, rid, kz(2026, 5, 26, 17), at=kz(2026, 5, 26, 17, 30),
         attachments=[("паспорт-копия.pdf", b"%PDF-1.4 not an ID scan, a court order")])
    r = get(db, rid)
    assert r.action_due == date(2026, 5, 28)  # the day after the documents is Kurban Ait
    assert r.next_due == date(2026, 5, 28)
    kinds = [e.kind for e in events(db, rid)]
    assert kinds == ["created", "documents_received"]
    with db.read() as s:
        answer_clock, action_clock = rq.request_clocks(s.get(Request, rid), load_calendar(s), date(2026, 5, 26), "en")
    assert action_clock.start == date(2026, 5, 26)
    assert action_clock.status is ClockState.DUE_SOON and action_clock.days_left == 1
    assert [(d.day, "Kurban" in d.reason or "Eid" in d.reason) for d in action_clock.skipped] == [
        (date(2026, 5, 27), True)]


def test_decreed_working_sunday_5_january_2025(db, org):
    rid = register(db, new(org, "blocking", kz(2025, 1, 2)), now=kz(2025, 1, 2, 11))
    r = get(db, rid)
    assert r.action_due == date(2025, 1, 5)  # 3 Jan off by decree, 4 Jan Saturday, 5 Jan worked
    with db.read() as s:
        _, action = rq.request_clocks(s.get(Request, rid), load_calendar(s), date(2025, 1, 3), "en")
    assert [d.day for d in action.skipped] == [date(2025, 1, 3), date(2025, 1, 4)]
    assert "substituted" in action.skipped[0].reason


def test_the_day_received_is_the_day_in_kazakhstan(db, org):
    # 20:30 UTC on Friday 20 March is 01:30 on Saturday 21 March in Kazakhstan (UTC+5)
    late = datetime(2026, 3, 20, 20, 30, tzinfo=timezone.utc)
    rid = register(db, new(org, "blocking", late))
    assert get(db, rid).action_due == date(2026, 3, 26)
    assert get(db, rid).number.startswith("2026-")
    early = datetime(2026, 3, 19, 18, 30, tzinfo=timezone.utc)  # 23:30 on Thursday 19 March in Almaty
    rid = register(db, new(org, "objection_automated", early))
    assert get(db, rid).action_due == date(2026, 3, 27)  # 3 working days: 20, 26, 27 (21-25 off)


def test_terms_from_settings_shorter_than_the_law_apply_and_longer_ones_are_ignored(db, org):
    with db.session() as s:
        s.add(Setting(key="deadline.terms", value={"access:answer": 5, "blocking:action": 3,
                                                   "nonsense:answer": 2}))
    rid = register(db, new(org, "access", kz(2026, 5, 20)))
    assert get(db, rid).answer_due == date(2026, 5, 28)  # 5 working days: 21, 22, 25, 26, 28
    rid = register(db, new(org, "blocking", kz(2026, 5, 20)))
    assert get(db, rid).action_due == date(2026, 5, 21)  # 3 > the statutory 1: the law's term


# --- bad input writes nothing --------------------------------------------------------------


def test_received_in_the_future_is_refused(db, org):
    before = counts(db)
    now = kz(2026, 3, 20, 10)
    with pytest.raises(RequestError) as raised:
        register(db, new(org, received=now + timedelta(hours=2)), now=now)
    assert raised.value.code == "received_in_future" and raised.value.field == "received_at"
    assert "future" in raised.value.message
    assert counts(db) == before
    register(db, new(org, received=now + timedelta(minutes=3)), now=now)  # a PC clock a bit behind


def test_received_more_than_a_year_ago_is_allowed(db, org):
    rid = register(db, new(org, received=kz(2024, 11, 5)), now=kz(2026, 3, 20))
    r = get(db, rid)
    assert r.number.startswith("2024-") and r.answer_due == date(2024, 11, 19)
    assert r.next_due == r.answer_due  # overdue, and shown so


def test_no_subject_and_no_contact_is_refused(db, org):
    before = counts(db)
    for subject in (None, SubjectInput("unregistered", "  ")):
        with pytest.raises(RequestError) as raised:
            register(db, new(org, subject_id=None, new_subject=subject))
        assert raised.value.code == "no_subject"
    with pytest.raises(RequestError) as raised:
        register(db, new(org, subject_id="01999999-0000-7000-8000-000000000000"))
    assert raised.value.code == "subject_unknown"
    assert counts(db) == before


def test_a_new_subject_with_a_bad_phone_writes_nothing(db, org):
    before = counts(db)
    with pytest.raises(ValidationFailed) as raised:
        register(db, new(org, subject_id=None, new_subject=SubjectInput("unregistered", "Ерлан",
                                                                        phones=["+7 916 123 45 67"])))
    assert "phones.0" in raised.value.errors
    assert counts(db) == before


def test_a_too_large_attachment_is_refused_naming_the_file_and_the_limit(db, org):
    with db.session() as s:
        s.add(Setting(key="attachments.max_bytes", value=1024 * 1024))
    before = counts(db)
    files = [("письмо.pdf", b"%PDF" * 10), ("скан <1>.jpg", b"x" * (1024 * 1024 + 1))]
    with pytest.raises(RequestError) as raised:
        register(db, new(org, subject_id=None, new_subject=SubjectInput("unregistered", "Новый Человек"),
                         attachments=files))
    error = raised.value
    assert error.code == "attachment_too_large" and error.field == "attachments"
    assert "скан <1>.jpg" in error.message and "1,048,577 bytes" in error.message
    assert "up to 1,048,576 bytes" in error.message
    assert counts(db) == before  # neither the request, nor the first file, nor the new subject


def test_attachments_are_kept_with_the_subject_and_fingerprint(db, org, tmp_path):
    path = tmp_path / "заявление.pdf"
    path.write_bytes(b"%PDF-1.7 ...")
    name, content = rq.read_attachment(path)
    rid = register(db, new(org, attachments=[(name, content), ("C:\\Users\\x\\note.txt", b"hello")]))
    with db.read() as s:
        rows = s.scalars(select(Attachment).order_by(Attachment.filename)).all()
        assert [(a.filename, a.media_type, a.size) for a in rows] == [
            ("note.txt", "text/plain", 5), ("заявление.pdf", "application/pdf", 12)]
        assert all(a.subject_id == org["subject"] and a.owner_id == rid and a.owner_table == "request"
                   for a in rows)
        assert rows[1].sha256 == hashlib.sha256(content).hexdigest()
        detail = rq.request_detail(s, rid, load_calendar(s), date(2026, 3, 20), "ru")
    assert {a.filename for a in detail.attachments} == {"note.txt", "заявление.pdf"}
    assert not hasattr(detail.attachments[0], "content")
    with pytest.raises(RequestError) as raised:
        rq.read_attachment(tmp_path / "missing.pdf")
    assert raised.value.code == "attachment_unreadable"
    with pytest.raises(RequestError) as raised:
        rq.read_attachment(path, max_bytes=5)
    assert raised.value.code == "attachment_too_large"
    big = tmp_path / "scan.tiff"
    big.write_bytes(b"\0" * (3 * 1024 * 1024))
    with pytest.raises(RequestError) as raised:
        rq.read_attachment(big, max_bytes=2 * 1024 * 1024)
    assert "“scan.tiff” is 3 MB; files up to 2 MB" in raised.value.message


@pytest.mark.parametrize("change,code", [
    (dict(text="я" * 100_001), "text_too_long"),
    (dict(requester_kind="representative", representative_name="Ерлан"), "representative_incomplete"),
    (dict(language="en"), "language_unknown"),
    (dict(channel="pigeon"), "channel_unknown"),
    (dict(type_="complaint"), "type_unknown"),
    (dict(responsible_staff_id="nobody"), "staff_unknown"),
    (dict(documents_at=kz(2026, 3, 19)), "documents_before_received"),
    (dict(received=datetime(2026, 3, 20, 10)), "received_at_no_zone"),
])
def test_bad_fields_are_refused_with_a_code(db, org, change, code):
    before = counts(db)
    change = dict(change)
    type_ = change.pop("type_", "access")
    received = change.pop("received", None)
    req = new(org, type_, received, **change)
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            register_request(s, req, now=kz(2026, 3, 20, 12))
    assert raised.value.code == code
    assert counts(db) == before


def test_a_representative_with_a_document_is_taken(db, org):
    rid = register(db, new(org, requester_kind="representative", representative_name="Қанат Әбенов",
                           authority_document="Доверенность № 15 от 01.03.2026", text="x" * 100_000))
    r = get(db, rid)
    assert (r.requester_kind, r.representative_name) == ("representative", "Қанат Әбенов")


# --- numbers -------------------------------------------------------------------------------


def test_numbers_are_per_pc_and_per_year_and_never_collide(db, org, tmp_path):
    ids = [register(db, new(org, received=kz(2026, 3, 20 + i))) for i in range(3)]
    ids.append(register(db, new(org, received=kz(2025, 12, 30)), now=kz(2026, 3, 24)))
    numbers = [get(db, i).number for i in ids]
    code = db.device_code
    assert numbers == [f"2026-{code}-0001", f"2026-{code}-0002", f"2026-{code}-0003", f"2025-{code}-0001"]

    # A second PC (its own database file and code) numbers from 1 too, without colliding.
    other = open_database(tmp_path / "other-pc.sqlite")
    try:
        assert other.device_code != code
        with other.session() as s:
            subject = create_subject(s, SubjectInput("registered", "Пётр Ёлкин"))
            rid = register_request(s, NewRequest("access", "paper", kz(2026, 3, 20), subject_id=subject),
                                   now=kz(2026, 3, 20, 12))
            assert s.get(Request, rid).number == f"2026-{other.device_code}-0001"
    finally:
        other.close()

    # A lost counter (a database restored without its local state) resumes after the highest.
    with db.session() as s:
        s.delete(s.get(LocalState, "counter.request.2026"))
    rid = register(db, new(org, received=kz(2026, 3, 26)))
    assert get(db, rid).number == f"2026-{code}-0004"
    with db.read() as s:
        assert s.get(LocalState, "counter.request.2026").value == "4"


# --- the workflow --------------------------------------------------------------------------


def test_a_step_out_of_order_is_refused_and_writes_nothing(db, org):
    rid = register(db, new(org))
    before = counts(db)
    for bad, code in (("answered", "not_in_progress"), ("in_progress", "identity_not_checked"),
                      ("closed", "not_finished")):
        with pytest.raises(WorkflowError) as raised:
            step(db, rq.advance, rid, bad, at=kz(2026, 3, 20, 12))
        assert raised.value.code == code
    assert counts(db) == before
    assert get(db, rid).state == "received"


def test_the_whole_way_writes_a_timeline_and_the_journal(db, org):
    rid = register(db, new(org, "access", kz(2026, 3, 20)))
    step(db, rq.check_identity, rid, "ID card shown", at=kz(2026, 3, 20, 11), actor=org["staff"])
    step(db, rq.take_into_work, rid, at=kz(2026, 3, 26, 9))
    step(db, rq.answer, rid, "information_provided", at=kz(2026, 3, 27, 15))
    r = get(db, rid)
    assert r.state == "answered" and r.outcome == "information_provided" and r.is_open
    assert r.next_due is None and r.answer_due == date(2026, 4, 8)  # met: frozen, no longer running
    step(db, rq.close, rid, at=kz(2026, 3, 30, 9))
    r = get(db, rid)
    assert (r.state, r.is_open, r.next_due) == ("closed", False, None)
    timeline = events(db, rid)
    assert [(e.kind, e.from_state, e.to_state) for e in timeline] == [
        ("created", None, "received"), ("state_changed", "received", "identity_checked"),
        ("state_changed", "identity_checked", "in_progress"), ("state_changed", "in_progress", "answered"),
        ("state_changed", "answered", "closed")]
    assert timeline[1].staff_id == org["staff"] and timeline[1].note == "ID card shown"
    with db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        detail = rq.request_detail(s, rid, load_calendar(s), date(2026, 4, 20), "kk")
    assert actions[-5:] == ["request.register", "request.identity_checked", "request.in_progress",
                            "request.answered", "request.closed"]
    (clock,) = detail.clocks
    assert clock.status is ClockState.MET and clock.met_on == date(2026, 3, 27)
    assert detail.state_label == "Жабылды" and detail.next_states == ()
    assert detail.staff_name == "Дана Омарова" and detail.timeline[1].staff_name == "Дана Омарова"
    with pytest.raises(WorkflowError) as raised:
        step(db, rq.check_identity, rid, at=kz(2026, 3, 30, 10))
    assert raised.value.code == "request_closed"


def to_work(db, rid, at):
    step(db, rq.check_identity, rid, at=at)
    step(db, rq.take_into_work, rid, at=at + timedelta(minutes=1))


def test_a_refusal_needs_reasons_and_meets_both_clocks(db, org):
    rid = register(db, new(org, "consent_withdrawal", kz(2026, 3, 2)))
    to_work(db, rid, kz(2026, 3, 2, 12))
    with pytest.raises(RequestError) as raised:
        step(db, rq.refuse, rid, "   ", at=kz(2026, 3, 3))
    assert raised.value.code == "reason_required"
    step(db, rq.refuse, rid, "Данные нужны для бухгалтерского учёта (ст. 8 п. 2).", at=kz(2026, 3, 3))
    r = get(db, rid)
    assert (r.state, r.outcome, r.next_due) == ("refused", "refused", None)
    assert "ст. 8" in r.refusal_reason
    step(db, rq.close, rid, at=kz(2026, 3, 4))  # nothing left running: may close


def test_answering_moves_the_next_due_date_to_the_action_clock(db, org):
    rid = register(db, new(org, "consent_withdrawal", kz(2026, 3, 2)))
    r = get(db, rid)
    # 8 March (a Sunday) moves to Monday 9 March; Nauryz 21-25 March
    assert (r.answer_due, r.action_due, r.next_due) == (date(2026, 3, 17), date(2026, 3, 27), date(2026, 3, 17))
    to_work(db, rid, kz(2026, 3, 2, 12))
    step(db, rq.answer, rid, at=kz(2026, 3, 5))
    assert get(db, rid).next_due == date(2026, 3, 27)
    with pytest.raises(WorkflowError) as raised:  # the law's action is still to do
        step(db, rq.close, rid, at=kz(2026, 3, 6))
    assert raised.value.code == "action_open" and "Stop processing" in raised.value.message


# --- the law's actions -----------------------------------------------------------------------


def test_blocking_marks_the_subject_and_meets_the_action_clock(db, org):
    rid = register(db, new(org, "blocking", kz(2026, 3, 20)))
    with db.session() as s:
        assert rq.block_subject(s, org["subject"], request_id=rid, actor=org["staff"], now=kz(2026, 3, 20, 15))
        assert rq.is_blocked(s, org["subject"])
        with pytest.raises(RequestError) as raised:
            rq.ensure_processing_allowed(s, org["subject"])
        assert raised.value.code == "subject_blocked"
    r = get(db, rid)
    assert r.next_due == r.answer_due == date(2026, 4, 8)  # the action is done; the answer runs
    with db.read() as s:
        subject = s.get(Subject, org["subject"])
        assert subject.status == "blocked" and subject.blocked_at is not None
        page_detail = rq.request_detail(s, rid, load_calendar(s), date(2026, 3, 26), "ru")
    assert page_detail.subject.status == "blocked"
    assert [c.status for c in page_detail.clocks] == [ClockState.ON_TRACK, ClockState.MET]
    to_work(db, rid, kz(2026, 3, 26))
    step(db, rq.answer, rid, "blocked", at=kz(2026, 3, 26, 12))
    step(db, rq.close, rid, at=kz(2026, 3, 26, 13))

    rid2 = register(db, new(org, "unblocking", kz(2026, 4, 1)))
    with db.session() as s:
        assert rq.unblock_subject(s, org["subject"], request_id=rid2, now=kz(2026, 4, 1, 12))
        assert not rq.is_blocked(s, org["subject"])
        assert s.get(Subject, org["subject"]).blocked_at is None
        assert not rq.unblock_subject(s, org["subject"], now=kz(2026, 4, 1, 13))  # nothing to lift


def test_an_action_on_another_persons_request_is_refused(db, org):
    rid = register(db, new(org, "blocking"))
    with db.session() as s:
        other = create_subject(s, SubjectInput("recipient", "Пётр Ёлкин"))
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            rq.block_subject(s, other, request_id=rid, now=kz(2026, 3, 20, 12))
    assert raised.value.code == "subject_mismatch"
    with db.read() as s:
        assert not rq.is_blocked(s, other)


def test_correcting_the_subject_through_the_request(db, org):
    rid = register(db, new(org, "correction", kz(2026, 5, 20), documents_at=kz(2026, 5, 20, 11)),
                   now=kz(2026, 5, 20, 12))
    assert get(db, rid).next_due == date(2026, 5, 21)
    with pytest.raises(ValidationFailed):
        with db.session() as s:
            rq.correct_subject(s, rid, SubjectChanges(phones=["12345"]), now=kz(2026, 5, 21))
    with db.session() as s:
        changed = rq.correct_subject(s, rid, SubjectChanges(full_name="Әлия Нұрланқызы Жұмабаева",
                                                            phones=["+7 777 000 11 22"],
                                                            addresses=[("Алматы", "пр. Абая, 150")]),
                                     actor=org["staff"], now=kz(2026, 5, 21, 10))
    assert changed == ["full_name", "phones", "addresses"]
    with db.read() as s:
        subject = s.get(Subject, org["subject"])
        phones = s.scalars(select(Contact.normalized).where(Contact.subject_id == subject.id,
                                                            Contact.kind == "phone")).all()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "subject.update")).one()
        assert [h.id for h in find_subjects(s, "Жұмабаева")] == [subject.id]
        assert subject.full_name == "Әлия Нұрланқызы Жұмабаева" and phones == ["+77770001122"]
        assert entry.details == {"fields": ["full_name", "phones", "addresses"], "request_id": rid}
    assert [e.kind for e in events(db, rid)][-1] == "subject_corrected"
    assert get(db, rid).next_due == date(2026, 6, 4)  # the 1-day clock is met; the answer runs
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            rq.correct_subject(s, rid, SubjectChanges(phones=["87770001122"]), now=kz(2026, 5, 21, 11))
    assert raised.value.code == "nothing_changed"


def test_queue_for_destruction_is_idempotent(db, org):
    rid = register(db, new(org, "deletion", kz(2026, 5, 20)))
    assert get(db, rid).action_due is None  # waits for the confirmation
    step(db, rq.confirm_unlawful, rid, kz(2026, 5, 22, 16), at=kz(2026, 5, 22, 17))
    assert get(db, rid).action_due == date(2026, 5, 25)
    with db.session() as s:
        first = rq.queue_for_destruction(s, org["subject"], "unlawful_processing", rid, now=kz(2026, 5, 25))
    with db.session() as s:
        again = rq.queue_for_destruction(s, org["subject"], "unlawful_processing", rid, now=kz(2026, 5, 25, 12))
        assert first == again
        assert s.scalar(select(func.count()).select_from(DestructionQueue)) == 1
        entry = s.get(DestructionQueue, first)
        assert (entry.reason_code, entry.request_id) == ("unlawful_processing", rid)
    assert [e.kind for e in events(db, rid)].count("queued_for_destruction") == 1
    assert get(db, rid).next_due == date(2026, 5, 25)  # queued is not destroyed: the clock runs
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            rq.confirm_unlawful(s, register_request(s, new(org, "access"), now=kz(2026, 5, 25)),
                                kz(2026, 5, 25), now=kz(2026, 5, 25))
    assert raised.value.code == "no_confirmation_clock"


def test_recording_a_consent_withdrawal(db, org):
    with db.session() as s:
        ensure_defaults(s)
        purposes = s.execute(select(Purpose.id, Purpose.code).order_by(Purpose.code)).all()[:2]
        for p in purposes:
            s.add(Consent(subject_id=org["subject"], purpose_id=p.id, given_at=kz(2025, 1, 10)))
    rid = register(db, new(org, "consent_withdrawal", kz(2026, 3, 2)))
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            rq.record_consent_withdrawal(s, rid, ["no_such_purpose"], now=kz(2026, 3, 3))
    assert raised.value.code == "purpose_unknown"
    with db.session() as s:
        ids = rq.record_consent_withdrawal(s, rid, [purposes[0].code], actor=org["staff"], now=kz(2026, 3, 3))
    with db.read() as s:
        consent = s.get(Consent, ids[0])
        event = s.scalars(select(ConsentEvent)).one()
        other = s.scalars(select(Consent).where(Consent.purpose_id == purposes[1].id)).one()
        assert consent.state == "withdrawn" and other.state == "given"
        # withdrawn when the person withdrew (the request's receipt), not when it was recorded
        assert consent.withdrawn_at == kz(2026, 3, 2) and event.at == kz(2026, 3, 2)
        assert (event.kind, event.request_id, event.consent_id) == ("withdrawn", rid, consent.id)
        timeline = s.scalars(select(RequestEvent).where(RequestEvent.request_id == rid,
                                                        RequestEvent.kind == "consent_withdrawn")).one()
        assert timeline.at == kz(2026, 3, 2) and timeline.created_at == kz(2026, 3, 3)
    r = get(db, rid)
    assert r.action_due is not None and r.next_due == min(r.answer_due, r.action_due)  # still running
    with db.session() as s:
        rq.complete_action(s, rid, "marketing mailings stopped", now=kz(2026, 3, 4))
    r = get(db, rid)
    assert r.next_due == r.answer_due  # processing stopped: the 15-day action clock is met
    with pytest.raises(RequestError) as raised:
        with db.session() as s:
            rq.record_consent_withdrawal(s, rid, [purposes[0].code], now=kz(2026, 3, 4))
    assert raised.value.code == "no_consent_given"


# --- calendar changes ----------------------------------------------------------------------


def test_a_new_decree_moves_open_deadlines_and_not_closed_ones(db, org):
    open_id = register(db, new(org, "access", kz(2026, 5, 20)))
    done_id = register(db, new(org, "access", kz(2026, 5, 20, 11)))
    to_work(db, done_id, kz(2026, 5, 20, 12))
    step(db, rq.answer, done_id, at=kz(2026, 5, 21))
    step(db, rq.close, done_id, at=kz(2026, 5, 21, 1))
    assert get(db, open_id).answer_due == get(db, done_id).answer_due == date(2026, 6, 4)

    with db.session() as s:
        change = add_override(s, date(2026, 5, 29), "day_off", "Постановление Правительства № 123",
                              actor=org["staff"], now=kz(2026, 5, 22))
    assert [(m.request_id, m.kind, m.old, m.new) for m in change.moved] == [
        (open_id, ClockKind.ANSWER, date(2026, 6, 4), date(2026, 6, 5))]
    assert get(db, open_id).answer_due == get(db, open_id).next_due == date(2026, 6, 5)
    assert get(db, done_id).answer_due == date(2026, 6, 4)
    moved = [e for e in events(db, open_id) if e.kind == "deadline_moved"]
    assert [e.note for e in moved] == ["answer: 2026-06-04→2026-06-05"]
    assert not [e for e in events(db, done_id) if e.kind == "deadline_moved"]
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "request.deadlines_recomputed")).one()
        assert entry.details["moved"] == 1
        (override,) = list_overrides(s, 2026)
        with_override = rq.request_clocks(s.get(Request, open_id), load_calendar(s), date(2026, 5, 25), "ru")
    assert override.reason == "Постановление Правительства № 123"
    assert any(d.day == date(2026, 5, 29) and "№ 123" in d.reason for d in with_override[0].skipped)

    with db.session() as s:
        back = remove_override(s, override.id, now=kz(2026, 5, 23))
    assert [(m.old, m.new) for m in back.moved] == [(date(2026, 6, 5), date(2026, 6, 4))]


def test_calendar_overrides_are_validated(db):
    with pytest.raises(CalendarError) as raised:
        with db.session() as s:
            add_override(s, date(2026, 5, 29), "day_off", "   ")
    assert raised.value.code == "override_reason_missing"
    with pytest.raises(CalendarError) as raised:
        with db.session() as s:
            add_override(s, date(2026, 5, 29), "holiday", "decree")
    assert raised.value.code == "override_kind_unknown"
    with db.session() as s:
        add_override(s, date(2027, 5, 16), "kurban_ait", "Announced by the Spiritual Administration")
    with pytest.raises(CalendarError) as raised:
        with db.session() as s:
            add_override(s, date(2027, 5, 17), "kurban_ait", "again")
    assert raised.value.code == "override_kurban_ait_duplicate"
    with pytest.raises(CalendarError) as raised:
        with db.session() as s:
            add_override(s, date(2027, 5, 16), "day_off", "twice")
    assert raised.value.code == "override_duplicate_day"
    with db.read() as s:
        assert len(list_overrides(s)) == 1


# --- what a view shows -----------------------------------------------------------------------


@pytest.mark.parametrize("today,status,left", [
    (date(2026, 5, 21), ClockState.ON_TRACK, 9),
    (date(2026, 6, 1), ClockState.ON_TRACK, 3),
    (date(2026, 6, 2), ClockState.DUE_SOON, 2),
    (date(2026, 6, 3), ClockState.DUE_SOON, 1),
    (date(2026, 6, 4), ClockState.DUE_TODAY, 0),
    (date(2026, 6, 5), ClockState.OVERDUE, -1),
])
def test_clock_status_as_days_pass(db, org, today, status, left):
    rid = register(db, new(org, "access", kz(2026, 5, 20)))
    with db.read() as s:
        (clock,) = rq.request_clocks(s.get(Request, rid), load_calendar(s), today, "en")
    assert (clock.due, clock.status, clock.days_left) == (date(2026, 6, 4), status, left)
    assert clock.basis.startswith("Operator's policy §2.2")


def test_detail_has_everything_the_view_needs(db, org):
    rid = register(db, new(org, "blocking", kz(2026, 3, 20), text='Прошу <b>заблокировать</b> & "срочно"',
                           reply_to="aliya@mail.ru", attachments=[("a.png", b"\x89PNG")]))
    with db.read() as s:
        d = rq.request_detail(s, rid, load_calendar(s), date(2026, 3, 26), "ru")
    assert d.type_label == "Блокирование" and d.channel_label == "Электронная почта"
    assert d.state_label == "Получено" and d.requester_label == "Субъект"
    assert d.operator_name == "ИП Сейітова Ә.Н." and d.staff_name == "Дана Омарова"
    assert d.subject.full_name == "Әлия Сейітова" and d.subject.phones == ("+7 701 123 45 67",)
    assert d.subject.emails == ("aliya@mail.ru",)
    assert d.text == 'Прошу <b>заблокировать</b> & "срочно"'
    assert d.received_at.utcoffset() == timedelta(hours=5) and d.received_at.hour == 10
    assert [c.status for c in d.clocks] == [ClockState.ON_TRACK, ClockState.DUE_TODAY]
    assert d.attachments[0].media_type == "image/png" and d.attachments[0].size == 4
    assert d.timeline[0].label == "Обращение зарегистрировано"
    assert [s.value for s in d.next_states] == ["identity_checked"]
    with db.read() as s:
        assert rq.attachment_content(s, d.attachments[0].id) == ("a.png", "image/png", b"\x89PNG")
    with pytest.raises(RequestError):
        with db.read() as s:
            rq.request_detail(s, "missing", load_calendar(s), date(2026, 3, 26))

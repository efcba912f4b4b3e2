"""Deadline rules: the table, pending clocks, statuses, term settings."""
from __future__ import annotations

from datetime import date

import pytest

from pdp_desk.domain.calendar import WorkingCalendar
from pdp_desk.domain.deadlines import (
    SUBJECT_REQUESTS,
    ClockKind,
    ClockStatus,
    RequestType,
    StartEvent,
    TermError,
    clock_status,
    compute_clocks,
    days_left,
    label,
    rules_for,
    start_event_label,
    validate_term,
)

KZ = WorkingCalendar()
A, B = ClockKind.ANSWER, ClockKind.ACTION
R, DOC, CONF, DET = StartEvent.RECEIVED, StartEvent.DOCUMENTS, StartEvent.CONFIRMED, StartEvent.DETECTED

# type -> [(kind, working days, start event)] as in legal-notes.md.
TABLE = {
    RequestType.ACCESS: [(A, 10, R)],
    RequestType.CORRECTION: [(A, 10, R), (B, 1, DOC)],
    RequestType.BLOCKING: [(A, 10, R), (B, 1, R)],
    RequestType.UNBLOCKING: [(A, 10, R), (B, 1, R)],
    RequestType.DELETION: [(A, 10, R), (B, 1, CONF)],
    RequestType.CONSENT_WITHDRAWAL: [(A, 10, R), (B, 15, R)],
    RequestType.OBJECTION_AUTOMATED: [(A, 10, R), (B, 3, R)],
    RequestType.PUBLIC_SOURCE_REMOVAL: [(A, 10, R), (B, 1, R)],
    RequestType.OTHER: [(A, 10, R)],
    RequestType.BREACH_NOTICE: [(B, 1, DET)],
    RequestType.TRANSFER_NOTICE: [(B, 10, R)],
}


def test_the_table_covers_every_type() -> None:
    assert set(TABLE) == set(RequestType)


@pytest.mark.parametrize("request_type", list(RequestType))
def test_rules_of_each_type(request_type: RequestType) -> None:
    rules = rules_for(request_type)
    assert [(r.kind, r.working_days, r.starts_on) for r in rules] == TABLE[request_type]
    for rule in rules:
        assert rule.request_type is request_type
        assert rule.statutory_days == rule.working_days
        for language in ("ru", "kk", "en"):
            assert rule.basis.get(language) and rule.description.get(language)
        assert "94-V" in rule.basis.ru
    assert (request_type in SUBJECT_REQUESTS) == (rules[0].kind is A)


def test_citations() -> None:
    (_, action) = rules_for(RequestType.BLOCKING)
    assert action.basis.ru == "Закон РК № 94-V, ст. 24 п. 1 пп. 3, ст. 25 п. 2 пп. 8"
    assert action.basis.en == "Law of the RK No. 94-V, Art. 24 p. 1 sub. 3, Art. 25 p. 2 sub. 8"
    (answer,) = rules_for(RequestType.ACCESS)
    assert answer.basis.ru.startswith("Политика оператора, п. 2.2")


@pytest.mark.parametrize("request_type", list(RequestType))
def test_clocks_of_each_type_when_every_event_is_known(request_type: RequestType) -> None:
    day = date(2026, 4, 6)  # Monday
    clocks = compute_clocks(request_type, KZ, day, documents_on=day, confirmed_on=day, detected_on=day)
    assert len(clocks) == len(TABLE[request_type])
    for clock in clocks:
        assert not clock.pending and clock.start_event_day == day
        assert clock.due == KZ.add_working_days(day, clock.rule.working_days).due


def test_labels_in_three_languages() -> None:
    for language in ("ru", "kk", "en"):
        names = [label(t, language) for t in RequestType]
        assert all(names) and len(set(names)) == len(names)
        assert all(start_event_label(e, language) for e in StartEvent)
    assert label("consent_withdrawal") == "Отзыв согласия"
    assert label(RequestType.CONSENT_WITHDRAWAL, "kk") == "Келісімді кері қайтарып алу"


# --- start events ----------------------------------------------------------------------------

def test_correction_action_waits_for_the_documents() -> None:
    received = date(2026, 4, 6)
    answer, action = compute_clocks(RequestType.CORRECTION, KZ, received)
    assert answer.due == date(2026, 4, 20)
    assert action.pending and action.due is None and action.start_event_day is None
    assert clock_status(action, received, KZ) is ClockStatus.PENDING
    assert days_left(action, received, KZ) is None

    documents = date(2026, 4, 10)  # Friday: one working day -> Monday
    _, action = compute_clocks(RequestType.CORRECTION, KZ, received, documents_on=documents)
    assert action.start_event_day == documents
    assert action.due == date(2026, 4, 13)


def test_deletion_action_runs_from_confirmation() -> None:
    received = date(2026, 4, 6)
    _, action = compute_clocks(RequestType.DELETION, KZ, received)
    assert action.pending
    _, action = compute_clocks(RequestType.DELETION, KZ, received, confirmed_on=date(2026, 4, 8))
    assert action.due == date(2026, 4, 9)


def test_breach_notice_runs_from_detection_defaulting_to_received() -> None:
    (clock,) = compute_clocks(RequestType.BREACH_NOTICE, KZ, date(2026, 3, 20))
    assert clock.start_event_day == date(2026, 3, 20) and clock.due == date(2026, 3, 26)
    (clock,) = compute_clocks(RequestType.BREACH_NOTICE, KZ, date(2026, 3, 20), detected_on=date(2026, 3, 19))
    assert clock.due == date(2026, 3, 20)


def test_consent_withdrawal_received_on_friday_before_nauryz() -> None:
    answer, action = compute_clocks(RequestType.CONSENT_WITHDRAWAL, KZ, date(2026, 3, 20))
    # Working days from 26 March: 26, 27, 30, 31 March, 1, 2, 3, 6, 7, 8 April (10) ...
    assert answer.due == date(2026, 4, 8)
    # ... then 9, 10, 13, 14, 15 April (15).
    assert action.due == date(2026, 4, 15)
    assert [s.day.day for s in answer.count.skipped[:5]] == [21, 22, 23, 24, 25]
    assert answer.count.skipped[0].reason == "Наурыз мейрамы"
    en = compute_clocks(RequestType.CONSENT_WITHDRAWAL, KZ, date(2026, 3, 20), language="en")
    assert en[0].count.skipped[0].reason == "Nowruz Holiday"


# --- status ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("today", "status", "left"),
    [
        (date(2026, 4, 1), ClockStatus.ON_TRACK, 5),   # Wednesday
        (date(2026, 4, 3), ClockStatus.ON_TRACK, 3),   # Friday
        (date(2026, 4, 4), ClockStatus.ON_TRACK, 3),   # Saturday: Monday to Wednesday left
        (date(2026, 4, 6), ClockStatus.DUE_SOON, 2),   # Monday
        (date(2026, 4, 7), ClockStatus.DUE_SOON, 1),
        (date(2026, 4, 8), ClockStatus.DUE_TODAY, 0),
        (date(2026, 4, 9), ClockStatus.OVERDUE, -1),
        (date(2026, 4, 11), ClockStatus.OVERDUE, -2),  # Saturday after Thursday and Friday
    ],
)
def test_status_boundaries(today: date, status: ClockStatus, left: int) -> None:
    answer, _ = compute_clocks(RequestType.CONSENT_WITHDRAWAL, KZ, date(2026, 3, 20))
    assert answer.due == date(2026, 4, 8)  # Wednesday
    assert clock_status(answer, today, KZ) is status
    assert days_left(answer, today, KZ) == left


def test_overdue_on_a_weekend_right_after_the_due_date() -> None:
    (clock,) = compute_clocks(RequestType.ACCESS, KZ, date(2026, 3, 27))
    assert clock.due == date(2026, 4, 10)  # Friday
    assert clock_status(clock, date(2026, 4, 11), KZ) is ClockStatus.OVERDUE
    assert days_left(clock, date(2026, 4, 11), KZ) == 0


# --- settings --------------------------------------------------------------------------------

def test_a_shorter_term_is_an_allowed_internal_target() -> None:
    assert validate_term(RequestType.ACCESS, ClockKind.ANSWER, 5) == 5
    terms = {(RequestType.CONSENT_WITHDRAWAL, ClockKind.ACTION): 5}
    answer, action = rules_for(RequestType.CONSENT_WITHDRAWAL, terms)
    assert (answer.working_days, action.working_days, action.statutory_days) == (10, 5, 15)
    _, clock = compute_clocks("consent_withdrawal", KZ, date(2026, 3, 20), terms=terms)
    assert clock.due == date(2026, 4, 1)


def test_settings_read_back_as_text_are_accepted() -> None:
    terms = {("access", "answer"): 7}
    (rule,) = rules_for("access", terms)  # type: ignore[arg-type]
    assert rule.working_days == 7


@pytest.mark.parametrize(
    ("request_type", "kind", "days", "code"),
    [
        (RequestType.ACCESS, ClockKind.ANSWER, 11, "term_exceeds_statutory"),
        (RequestType.CONSENT_WITHDRAWAL, ClockKind.ACTION, 16, "term_exceeds_statutory"),
        (RequestType.BLOCKING, ClockKind.ACTION, 2, "term_exceeds_statutory"),
        (RequestType.ACCESS, ClockKind.ANSWER, 0, "term_not_positive"),
        (RequestType.ACCESS, ClockKind.ANSWER, -3, "term_not_positive"),
        (RequestType.ACCESS, ClockKind.ANSWER, 2.5, "term_not_positive"),
        (RequestType.ACCESS, ClockKind.ACTION, 1, "term_no_such_clock"),
        (RequestType.BREACH_NOTICE, ClockKind.ANSWER, 1, "term_no_such_clock"),
        ("complaint", ClockKind.ANSWER, 1, "request_type_unknown"),
        (RequestType.ACCESS, "reply", 1, "clock_kind_unknown"),
    ],
)
def test_validate_term_refuses(request_type: object, kind: object, days: object, code: str) -> None:
    with pytest.raises(TermError) as err:
        validate_term(request_type, kind, days)  # type: ignore[arg-type]
    assert err.value.code == code
    assert err.value.message


def test_rules_for_refuses_a_setting_longer_than_the_law() -> None:
    with pytest.raises(TermError) as err:
        rules_for(RequestType.BLOCKING, {(RequestType.BLOCKING, ClockKind.ACTION): 3})
    assert err.value.code == "term_exceeds_statutory"
    assert "Art. 25" in err.value.message

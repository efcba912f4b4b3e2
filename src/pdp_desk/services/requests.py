"""Use cases of the request inbox: take a request in, move it along, do what the law asks.

Each use case runs in the caller's transaction (`with db.session() as session:`), checks
everything before it writes anything, and leaves one entry in the audit journal (ids and codes
only) and the steps in the request's own timeline (`request_event`). A refused step raises
`RequestError` (bad input), `WorkflowError` (a step out of order) or, for a subject's data,
`ValidationFailed`; the caller's transaction then rolls back, so nothing is saved half.

Clocks. The due dates of a request are computed by `domain.deadlines.compute_clocks` from the
Kazakhstan calendar day of each start event (receipt, documents in hand, unlawful processing
confirmed) and stored, so the inbox sorts and counts in SQL:

* `answer_due`, `action_due`: the due date of each clock; a clock that has not started yet
  (documents not in hand) has none. Once a clock is met its date is frozen (the journal shows
  it); while it runs, a calendar change recomputes it (`recompute_open_deadlines`).
* `next_due`: the earliest clock still running, or None when none runs (the inbox shows those
  last). The answer clock is met by answering or refusing; the action clock by its action
  (the subject corrected, blocked, unblocked; consent withdrawn; or `complete_action`), by a
  refusal with reasons, and for the operator's own notices (no answer clock) by the answer,
  which is the notice itself. Closing stops every clock.

Numbers. A request's number is "YEAR-PC-NNNN", e.g. "2026-7KQ-0014": YEAR of receipt, PC the
three-letter code of the PC that registered it (`LocalState.device_code`), NNNN a counter kept
per PC and per year in `LocalState` ("counter.request.2026"), which never travels. Two PCs
numbering offline therefore never make the same number, and no PC needs to ask another one.
"""
from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.domain.calendar import DayInfo, WorkingCalendar, WorkingDayCount
from pdp_desk.domain.deadlines import (
    SUBJECT_REQUESTS,
    Clock,
    ClockKind,
    Localized,
    RequestType,
    StartEvent,
    TermError,
    Terms,
    clock_status,
    compute_clocks,
    label as type_label,
    rules_for,
    start_event_label,
    validate_term,
)
from pdp_desk.domain.identifiers import format_phone
from pdp_desk.domain.localtime import local_day, local_time
from pdp_desk.domain.workflow import (
    Channel,
    RequesterKind,
    RequestState,
    WorkflowError,
    channel_label,
    check_requester,
    check_transition,
    next_states,
    requester_label,
    state_label,
)
from pdp_desk.services import audit
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.subjects import SubjectInput, create_subject, update_subject
from pdp_desk.store.local_state import device_code, next_in_series
from pdp_desk.store.models import (
    Address,
    Attachment,
    Consent,
    Contact,
    DestructionQueue,
    Operator,
    Purpose,
    Request,
    RequestEvent,
    Setting,
    Staff,
    Subject,
)

MAX_TEXT = 100_000
MAX_SHORT = 300                        # representative's name, authority document
MAX_REPLY_TO = 500
DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024
ATTACHMENT_SETTING = "attachments.max_bytes"
TERMS_SETTING = "deadline.terms"       # {"correction:action": 1, "access:answer": 7, ...}
CLOCK_SKEW = timedelta(minutes=5)      # a PC clock a little behind the typed time is no error
LANGUAGES = ("ru", "kk")               # languages of the reply letter
_CODE = re.compile(r"^[a-z0-9_]{1,30}$")

# Timeline event kinds.
CREATED = "created"
STATE_CHANGED = "state_changed"
DOCUMENTS_RECEIVED = "documents_received"
UNLAWFUL_CONFIRMED = "unlawful_confirmed"
DEADLINE_MOVED = "deadline_moved"
SUBJECT_CORRECTED = "subject_corrected"
SUBJECT_BLOCKED = "subject_blocked"
SUBJECT_UNBLOCKED = "subject_unblocked"
QUEUED_FOR_DESTRUCTION = "queued_for_destruction"
CONSENT_WITHDRAWN = "consent_withdrawn"
ACTION_DONE = "action_done"
ATTACHMENT_ADDED = "attachment_added"

# The event that meets the action clock of a type (ACTION_DONE meets any). Queuing for
# destruction does not: the law asks for the destruction itself. Nor does recording a consent
# withdrawal (CONSENT_WITHDRAWN): the law asks that processing stop (complete_action).
_ACTION_EVENT: dict[RequestType, str] = {
    RequestType.CORRECTION: SUBJECT_CORRECTED,
    RequestType.BLOCKING: SUBJECT_BLOCKED,
    RequestType.UNBLOCKING: SUBJECT_UNBLOCKED,
}
ACTION_EVENT_KINDS = frozenset(_ACTION_EVENT.values()) | {ACTION_DONE}


def action_kinds(request_type: RequestType | str) -> frozenset[str]:
    """The timeline events that meet the action clock of a request of this type."""
    try:
        own = _ACTION_EVENT.get(RequestType(request_type))
    except ValueError:  # a type from a newer version
        own = None
    return frozenset({ACTION_DONE, own} - {None})


class RequestError(ValueError):
    """Input a request cannot be registered or changed with; nothing was written.

    `code` is stable (the GUI words its message by it), `message` is English for a shop
    manager, `field` names the form field at fault when there is one.
    """

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass
class NewRequest:
    """A request as it is taken in. Give `subject_id` (found in the register) or `new_subject`."""

    type: RequestType | str
    channel: Channel | str
    received_at: datetime                      # aware; the clock starts from receipt
    operator_id: str | None = None
    subject_id: str | None = None
    new_subject: SubjectInput | None = None
    requester_kind: RequesterKind | str = RequesterKind.SUBJECT
    representative_name: str = ""
    authority_document: str = ""
    text: str = ""
    reply_to: str = ""
    language: str = "ru"
    responsible_staff_id: str | None = None
    documents_at: datetime | None = None       # supporting documents in hand (a correction's clock)
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class SubjectChanges:
    """A correction of a subject's data: None leaves a field as it is; a list replaces."""

    full_name: str | None = None
    iin: str | None = None
    phones: list[str] | None = None
    emails: list[str] | None = None
    addresses: list[tuple[str, str]] | None = None


@dataclass(frozen=True)
class MovedDate:
    """A due date a calendar change moved."""

    request_id: str
    kind: ClockKind
    old: date | None
    new: date | None


# --- settings --------------------------------------------------------------------------------


def load_terms(session: Session) -> dict[tuple[RequestType, ClockKind], int]:
    """The operator's terms from the setting "deadline.terms" ({"type:kind": days}).

    An entry the rules do not allow (unknown type, longer than the law) is skipped: the
    statutory term applies, which is never later than the law allows. Settings screens should
    validate with `validate_term` before saving.
    """
    row = session.get(Setting, TERMS_SETTING)
    terms: dict[tuple[RequestType, ClockKind], int] = {}
    if row is None or not isinstance(row.value, dict):
        return terms
    for key, days in row.value.items():
        type_code, _, kind = str(key).partition(":")
        try:
            terms[(RequestType(type_code), ClockKind(kind))] = validate_term(type_code, kind, days)
        except (TermError, ValueError):
            continue
    return terms


def attachment_limit(session: Session) -> int:
    """The largest attachment accepted, in bytes (setting "attachments.max_bytes", default 10 MB)."""
    row = session.get(Setting, ATTACHMENT_SETTING)
    value = row.value if row is not None else None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return DEFAULT_MAX_ATTACHMENT


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _too_large(name: str, size: int, limit: int) -> RequestError:
    shown, allowed = _size(size), _size(limit)
    if shown == allowed:  # just over the limit: rounding would show the same figure twice
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    return RequestError("attachment_too_large",
                        f"The file “{name}” is {shown}; files up to {allowed} can be attached. "
                        "Attach a smaller file (a scan in lower resolution).", "attachments")


def read_attachment(path: Path | str, max_bytes: int = DEFAULT_MAX_ATTACHMENT) -> tuple[str, bytes]:
    """Read a file to attach: (its name, its bytes). The size is checked before reading."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(path.name, size, max_bytes)
        return path.name, path.read_bytes()
    except OSError as error:
        raise RequestError("attachment_unreadable",
                           f"The file “{path.name}” cannot be read ({error.strerror or error}).",
                           "attachments") from None


def _check_attachments(files, limit: int) -> list[tuple[str, bytes]]:
    checked = []
    for name, content in files:
        name = Path(str(name or "").replace("\\", "/")).name.strip()[:255]
        if not name:
            raise RequestError("attachment_unnamed", "An attached file has no name.", "attachments")
        if not isinstance(content, (bytes, bytearray, memoryview)):
            raise RequestError("attachment_unreadable", f"The file “{name}” could not be read.", "attachments")
        content = bytes(content)
        if len(content) > limit:
            raise _too_large(name, len(content), limit)
        checked.append((name, content))
    return checked


def _store_attachments(session: Session, request: Request, files: list[tuple[str, bytes]],
                       now: datetime) -> list[str]:
    ids = []
    for name, content in files:
        row = Attachment(subject_id=request.subject_id, owner_table="request", owner_id=request.id,
                         filename=name,
                         media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                         size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                         content=content, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        ids.append(row.id)
    return ids


# --- small helpers ---------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime")
    return now


def _fmt(moment: datetime) -> str:
    return local_time(moment).strftime("%d.%m.%Y %H:%M")


def _moment(value: datetime | None, what: str, field_name: str, now: datetime) -> datetime:
    if not isinstance(value, datetime):
        raise RequestError(f"{field_name}_missing", f"Give the date and time {what}.", field_name)
    if value.tzinfo is None:
        raise RequestError(f"{field_name}_no_zone",
                           f"The time {what} has no time zone; give it in Kazakhstan time.", field_name)
    if value > now + CLOCK_SKEW:
        code = "received_in_future" if field_name == "received_at" else f"{field_name}_in_future"
        raise RequestError(code, f"The time {what} ({_fmt(value)}) is in the future. "
                                 "Check the date, and the PC's clock.", field_name)
    if local_time(value).year < 2000:
        raise RequestError(f"{field_name}_too_old", f"The date {what} ({_fmt(value)}) is before 2000.",
                           field_name)
    return value


def _staff_id(actor: str) -> str | None:
    return actor[:36] if actor and actor != "system" else None


def _request(session: Session, request_id: str) -> Request:
    request = session.get(Request, request_id)
    if request is None:
        raise RequestError("request_unknown", "There is no such request (it may have been destroyed "
                                              "with its subject's data).")
    return request


def _open_request(session: Session, request_id: str) -> Request:
    request = _request(session, request_id)
    if not request.is_open:
        raise WorkflowError("request_closed", "The request is closed: nothing more can be done with it.")
    return request


def _event(session: Session, request: Request, kind: str, at: datetime, note: str = "",
           actor: str = "", from_state: str | None = None, to_state: str | None = None,
           written: datetime | None = None) -> None:
    """A timeline entry: `at` when it happened, `written` when it was recorded (default `at`)."""
    session.add(RequestEvent(subject_id=request.subject_id, request_id=request.id, at=at, kind=kind,
                             from_state=from_state, to_state=to_state, note=note, staff_id=_staff_id(actor),
                             created_at=written or at, updated_at=written or at))


def _calendar(session: Session, calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar if calendar is not None else load_calendar(session)


# --- clocks: what is met, what runs ----------------------------------------------------------


def _action_done_at(session: Session, request: Request) -> datetime | None:
    return session.scalar(select(RequestEvent.at).where(RequestEvent.request_id == request.id,
                                                        RequestEvent.kind.in_(action_kinds(request.type)))
                          .order_by(RequestEvent.at).limit(1))


def _met(request: Request, action_done: bool) -> tuple[bool, bool]:
    """(answer clock met, action clock met) of a request."""
    answered = request.answered_at is not None
    refused = request.outcome == RequestState.REFUSED.value
    has_answer_clock = request.type in SUBJECT_REQUESTS
    return answered, action_done or refused or (answered and not has_answer_clock)


def _set_next_due(request: Request, action_done: bool) -> None:
    answer_met, action_met = _met(request, action_done)
    running = [d for d, met in ((request.answer_due, answer_met), (request.action_due, action_met))
               if d is not None and not met]
    request.next_due = min(running) if running and request.is_open else None


def _start_days(request: Request) -> dict[StartEvent, date | None]:
    received = local_day(request.received_at)
    return {StartEvent.RECEIVED: received, StartEvent.DOCUMENTS: local_day(request.documents_at),
            StartEvent.CONFIRMED: local_day(request.confirmed_at), StartEvent.DETECTED: received}


def _recompute(request: Request, calendar: WorkingCalendar, terms: Terms, action_done: bool,
               memo: dict | None = None) -> list[tuple[ClockKind, date | None, date | None]]:
    """Recompute the due dates of the clocks still running; return those that changed."""
    days = _start_days(request)
    key = (request.type, days[StartEvent.RECEIVED], days[StartEvent.DOCUMENTS], days[StartEvent.CONFIRMED])
    clocks = memo.get(key) if memo is not None else None
    if clocks is None:
        clocks = compute_clocks(request.type, calendar, received=days[StartEvent.RECEIVED],
                                documents_on=days[StartEvent.DOCUMENTS],
                                confirmed_on=days[StartEvent.CONFIRMED], terms=terms)
        if memo is not None:
            memo[key] = clocks
    answer_met, action_met = _met(request, action_done)
    moved = []
    if request.is_open:
        for clock in clocks:
            if clock.rule.kind is ClockKind.ANSWER and not answer_met:
                if request.answer_due != clock.due:
                    moved.append((ClockKind.ANSWER, request.answer_due, clock.due))
                    request.answer_due = clock.due
            elif clock.rule.kind is ClockKind.ACTION and not action_met:
                if request.action_due != clock.due:
                    moved.append((ClockKind.ACTION, request.action_due, clock.due))
                    request.action_due = clock.due
    _set_next_due(request, action_done)
    return moved


# --- registering -----------------------------------------------------------------------------


def _choice(enum, value, code: str, what: str, field_name: str):
    try:
        return enum(value)
    except ValueError:
        raise RequestError(code, f"Unknown {what}: {str(value)[:40]!r}.", field_name) from None


def _identifies(data: SubjectInput) -> bool:
    return any(s and str(s).strip() for s in [data.full_name, data.iin, *data.phones, *data.emails])


def next_number(session: Session, year: int) -> str:
    """The next request number of this PC for `year` ("2026-7KQ-0014"); advances the counter."""
    prefix = f"{year}-{device_code(session)}-"
    return next_in_series(session, f"counter.request.{year}", prefix, Request.number, lambda n: f"{prefix}{n:04d}")


def register_request(session: Session, new: NewRequest, *, actor: str = "",
                     now: datetime | None = None, calendar: WorkingCalendar | None = None) -> str:
    """Take a request in: validate, create the subject if new, number it, start its clocks,
    keep its attachments. Returns the request's id.

    Raises RequestError (codes: type_unknown, channel_unknown, received_in_future,
    received_at_*, documents_at_*, documents_before_received, no_subject, subject_unknown,
    operator_unknown, staff_unknown, requester_unknown, representative_incomplete,
    text_too_long, reply_to_too_long, language_unknown, attachment_unnamed,
    attachment_unreadable, attachment_too_large) or ValidationFailed for a new subject's fields.
    """
    now = _now(now)
    request_type = _choice(RequestType, new.type, "type_unknown", "request type", "type")
    channel = _choice(Channel, new.channel, "channel_unknown", "channel", "channel")
    received_at = _moment(new.received_at, "the request was received", "received_at", now)
    documents_at = None
    if new.documents_at is not None:
        documents_at = _moment(new.documents_at, "the documents were received", "documents_at", now)
        if documents_at < received_at:
            raise RequestError("documents_before_received",
                               "The documents cannot have come before the request; if they came with "
                               "it, give the time the request was received.", "documents_at")
    try:
        requester = check_requester(new.requester_kind, new.representative_name, new.authority_document)
    except WorkflowError as error:
        at_fault = ("requester_kind" if error.code == "requester_unknown" else
                    "representative_name" if not (new.representative_name or "").strip() else "authority_document")
        raise RequestError(error.code, error.message, at_fault) from None
    for value, limit, code, what in ((new.representative_name, MAX_SHORT, "representative_name_too_long",
                                      "The representative's name"),
                                     (new.authority_document, MAX_SHORT, "authority_document_too_long",
                                      "The authority document's description"),
                                     (new.reply_to, MAX_REPLY_TO, "reply_to_too_long", "The reply address")):
        if len(value or "") > limit:
            raise RequestError(code, f"{what} is longer than {limit} characters.", code.rsplit("_too", 1)[0])
    text = new.text or ""
    if len(text) > MAX_TEXT:
        raise RequestError("text_too_long",
                           f"The request's text is {len(text):,} characters long; up to {MAX_TEXT:,} fit. "
                           "Attach the full text as a file instead.", "text")
    if new.language not in LANGUAGES:
        raise RequestError("language_unknown", "The reply can be written in Russian (ru) or Kazakh (kk).",
                           "language")
    if new.subject_id is None and (new.new_subject is None or not _identifies(new.new_subject)):
        raise RequestError("no_subject", "Choose the person the request is about, or enter a new one with "
                                         "at least a name, a phone number or an e-mail.", "subject")
    if new.subject_id is not None:
        subject = session.get(Subject, new.subject_id)
        if subject is None or subject.status == "destroyed":
            raise RequestError("subject_unknown", "There is no such person in the register "
                                                  "(their data may have been destroyed).", "subject")
    if new.operator_id is not None and session.get(Operator, new.operator_id) is None:
        raise RequestError("operator_unknown", "There is no such operator.", "operator_id")
    if new.responsible_staff_id is not None and session.get(Staff, new.responsible_staff_id) is None:
        raise RequestError("staff_unknown", "There is no such staff member.", "responsible_staff_id")
    files = _check_attachments(new.attachments, attachment_limit(session))
    calendar = _calendar(session, calendar)
    terms = load_terms(session)

    # Everything is checked: write.
    subject_id = new.subject_id
    if subject_id is None:
        subject_id = create_subject(session, new.new_subject, actor=actor, now=now)
    request = Request(
        subject_id=subject_id, number=next_number(session, local_day(received_at).year),
        operator_id=new.operator_id, type=request_type.value, channel=channel.value,
        received_at=received_at, documents_at=documents_at, requester_kind=requester.value,
        representative_name=(new.representative_name or "").strip() if requester is RequesterKind.REPRESENTATIVE else "",
        authority_document=(new.authority_document or "").strip() if requester is RequesterKind.REPRESENTATIVE else "",
        reply_to=(new.reply_to or "").strip(), language=new.language, text=text,
        state=RequestState.RECEIVED.value, is_open=True, responsible_staff_id=new.responsible_staff_id,
        outcome="", refusal_reason="", created_at=now, updated_at=now)
    session.add(request)
    session.flush()
    _recompute(request, calendar, terms, action_done=False)
    # The timeline starts when the request came in; the rows say when it was typed in.
    _event(session, request, CREATED, received_at, actor=actor, to_state=RequestState.RECEIVED.value, written=now)
    if documents_at is not None:
        _event(session, request, DOCUMENTS_RECEIVED, documents_at, actor=actor, written=now)
    attachment_ids = _store_attachments(session, request, files, now)
    audit.record(session, "request.register", "request", [request.id, subject_id],
                 {"number": request.number, "type": request_type.value, "channel": channel.value,
                  "requester": requester.value, "attachments": len(attachment_ids),
                  "new_subject": new.subject_id is None}, actor=actor, at=now)
    return request.id


def add_attachments(session: Session, request_id: str, files: list[tuple[str, bytes]], *,
                    actor: str = "", now: datetime | None = None) -> list[str]:
    """Keep more files with an open request (a reply's scan, documents that came later)."""
    now = _now(now)
    request = _open_request(session, request_id)
    checked = _check_attachments(files, attachment_limit(session))
    if not checked:
        return []
    ids = _store_attachments(session, request, checked, now)
    _event(session, request, ATTACHMENT_ADDED, now, note=str(len(ids)), actor=actor)
    audit.record(session, "request.attach", "request", [request.id, *ids], {"files": len(ids)},
                 actor=actor, at=now)
    return ids


def attachment_content(session: Session, attachment_id: str) -> tuple[str, str, bytes]:
    """(file name, media type, bytes) of an attachment, to open or save it."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise RequestError("attachment_unknown", "There is no such file (it may have been destroyed).")
    return row.filename, row.media_type, row.content


# --- start events of the action clock --------------------------------------------------------


def record_documents(session: Session, request_id: str, at: datetime, *,
                     attachments: list[tuple[str, bytes]] = (), actor: str = "",
                     now: datetime | None = None, calendar: WorkingCalendar | None = None) -> None:
    """The supporting documents are in hand: a correction's 1-working-day clock starts then."""
    now = _now(now)
    request = _open_request(session, request_id)
    at = _moment(at, "the documents were received", "documents_at", now)
    if at < request.received_at:
        raise RequestError("documents_before_received",
                           "The documents cannot have come before the request; if they came with it, "
                           "give the time the request was received.", "documents_at")
    files = _check_attachments(attachments, attachment_limit(session))
    previous = request.documents_at
    request.documents_at, request.updated_at = at, now
    _recompute(request, _calendar(session, calendar), load_terms(session), _action_done_at(session, request) is not None)
    _event(session, request, DOCUMENTS_RECEIVED, at, actor=actor, written=now,
           note=f"{local_day(previous).isoformat()}→{local_day(at).isoformat()}" if previous else "")
    ids = _store_attachments(session, request, files, now)
    audit.record(session, "request.documents", "request", [request.id, *ids],
                 {"documents_on": local_day(at).isoformat(), "attachments": len(ids),
                  "replaced": previous is not None}, actor=actor, at=now)


def confirm_unlawful(session: Session, request_id: str, at: datetime, *, actor: str = "",
                     now: datetime | None = None, calendar: WorkingCalendar | None = None) -> None:
    """Unlawful processing is confirmed: a destruction request's 1-working-day clock starts then."""
    now = _now(now)
    request = _open_request(session, request_id)
    if request.type != RequestType.DELETION.value:
        raise RequestError("no_confirmation_clock",
                           "Only a request to destroy unlawfully processed data waits for a confirmation.")
    at = _moment(at, "unlawful processing was confirmed", "confirmed_at", now)
    if at < request.received_at:
        raise RequestError("confirmed_before_received",
                           "The confirmation cannot come before the request was received.", "confirmed_at")
    request.confirmed_at, request.updated_at = at, now
    _recompute(request, _calendar(session, calendar), load_terms(session), _action_done_at(session, request) is not None)
    _event(session, request, UNLAWFUL_CONFIRMED, at, actor=actor, written=now)
    audit.record(session, "request.confirm_unlawful", "request", [request.id],
                 {"confirmed_on": local_day(at).isoformat()}, actor=actor, at=now)


# --- the workflow ----------------------------------------------------------------------------


def advance(session: Session, request_id: str, to_state: RequestState | str, note: str = "", *,
            outcome: str = "", actor: str = "", now: datetime | None = None) -> None:
    """Move a request one step along its workflow (see domain.workflow).

    Refusing needs the reasons in `note`; answering may give an `outcome` code
    ("information_provided", "corrected", ...; default "answered"). Closing needs the
    action clock met (or never started): the law's action is done before the file closes.
    """
    now = _now(now)
    request = _request(session, request_id)
    check_transition(request.state, to_state, request.type)
    target = RequestState(to_state)
    note = (note or "").strip()
    if target is RequestState.REFUSED and not note:
        raise RequestError("reason_required", "Give the reasons for the refusal: the law asks for a "
                                              "reasoned refusal.", "note")
    if len(note) > MAX_TEXT:
        raise RequestError("note_too_long", f"The note is longer than {MAX_TEXT:,} characters.", "note")
    if target is RequestState.ANSWERED:
        outcome = outcome or "answered"
        if not _CODE.match(outcome):
            raise RequestError("outcome_invalid", "The outcome is a short code such as "
                                                  "“information_provided”.", "outcome")
    action_done = _action_done_at(session, request) is not None
    if target is RequestState.CLOSED:
        _, action_met = _met(request, action_done)
        if request.action_due is not None and not action_met:
            what = rules_for(request.type)[-1].description.en
            raise WorkflowError("action_open", f"The law asks for an action on this request ({what}). "
                                               "Do it and record it before closing the request.")
    previous = request.state
    request.state, request.updated_at = target.value, now
    if target is RequestState.ANSWERED:
        request.answered_at, request.outcome = now, outcome
    elif target is RequestState.REFUSED:
        request.answered_at, request.outcome, request.refusal_reason = now, "refused", note
    elif target is RequestState.CLOSED:
        request.is_open, request.closed_at = False, now
    _set_next_due(request, action_done)
    _event(session, request, STATE_CHANGED, now, note=note, actor=actor, from_state=previous,
           to_state=target.value)
    audit.record(session, f"request.{target.value}", "request", [request.id],
                 {"from": previous, "to": target.value, "outcome": request.outcome or None},
                 actor=actor, at=now)


def check_identity(session: Session, request_id: str, note: str = "", **kw) -> None:
    advance(session, request_id, RequestState.IDENTITY_CHECKED, note, **kw)


def take_into_work(session: Session, request_id: str, note: str = "", **kw) -> None:
    advance(session, request_id, RequestState.IN_PROGRESS, note, **kw)


def answer(session: Session, request_id: str, outcome: str = "answered", note: str = "", **kw) -> None:
    advance(session, request_id, RequestState.ANSWERED, note, outcome=outcome, **kw)


def refuse(session: Session, request_id: str, reason: str, **kw) -> None:
    advance(session, request_id, RequestState.REFUSED, reason, **kw)


def close(session: Session, request_id: str, note: str = "", **kw) -> None:
    advance(session, request_id, RequestState.CLOSED, note, **kw)


# --- the actions the law asks for ------------------------------------------------------------


def _action_taken(session: Session, request: Request | None, kind: str, now: datetime, note: str,
                  actor: str) -> None:
    """Timeline event of an action, and the clocks it meets."""
    if request is None:
        return
    _event(session, request, kind, now, note=note, actor=actor)
    session.flush()
    request.updated_at = now
    _set_next_due(request, _action_done_at(session, request) is not None)


def _request_of_subject(session: Session, request_id: str | None, subject_id: str) -> Request | None:
    if request_id is None:
        return None
    request = _open_request(session, request_id)
    if request.subject_id != subject_id:
        raise RequestError("subject_mismatch", "The request is about another person.")
    return request


def _live_subject(session: Session, subject_id: str) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None or subject.status == "destroyed":
        raise RequestError("subject_unknown", "There is no such person in the register "
                                              "(their data may have been destroyed).")
    return subject


def complete_action(session: Session, request_id: str, note: str = "", *, actor: str = "",
                    now: datetime | None = None) -> None:
    """Record that the action the law asks for is done (when no other use case records it:
    an objection considered, data removed from a public source, the authority notified ...)."""
    now = _now(now)
    request = _open_request(session, request_id)
    if len(rules_for(request.type)) < 2 and request.type in SUBJECT_REQUESTS:
        raise RequestError("no_action_clock", "The law asks for no action on this type of request: "
                                              "answering it is enough.")
    _action_taken(session, request, ACTION_DONE, now, (note or "").strip()[:MAX_TEXT], actor)
    audit.record(session, "request.action_done", "request", [request.id], {"type": request.type},
                 actor=actor, at=now)


def correct_subject(session: Session, request_id: str, changes: SubjectChanges, *, actor: str = "",
                    now: datetime | None = None) -> list[str]:
    """Correct the data of the request's subject (Art. 25 p.2 sub.8). Returns the fields changed.

    Validation errors raise ValidationFailed (per field), nothing is written.
    """
    now = _now(now)
    request = _open_request(session, request_id)
    changed = update_subject(session, request.subject_id, full_name=changes.full_name, iin=changes.iin,
                             phones=changes.phones, emails=changes.emails, addresses=changes.addresses,
                             actor=actor, now=now, request_id=request.id)
    if not changed:
        raise RequestError("nothing_changed", "The data given is the same as on file: nothing was changed.")
    _action_taken(session, request, SUBJECT_CORRECTED, now, ", ".join(changed), actor)
    return changed


def block_subject(session: Session, subject_id: str, *, request_id: str | None = None, actor: str = "",
                  now: datetime | None = None) -> bool:
    """Block a subject's data: it stays on file but is excluded from processing until unblocked.

    Returns False when the subject was already blocked (the request's event is still recorded).
    """
    now = _now(now)
    subject = _live_subject(session, subject_id)
    request = _request_of_subject(session, request_id, subject_id)
    changed = subject.status != "blocked"
    if changed:
        subject.status, subject.blocked_at, subject.updated_at = "blocked", now, now
    _action_taken(session, request, SUBJECT_BLOCKED, now, "" if changed else "already_blocked", actor)
    audit.record(session, "subject.block", "subject", [subject_id],
                 {"request_id": request_id, "changed": changed}, actor=actor, at=now)
    return changed


def unblock_subject(session: Session, subject_id: str, *, request_id: str | None = None,
                    actor: str = "", now: datetime | None = None) -> bool:
    """Lift a block (the breach was not confirmed). Returns False if it was not blocked."""
    now = _now(now)
    subject = _live_subject(session, subject_id)
    request = _request_of_subject(session, request_id, subject_id)
    changed = subject.status == "blocked"
    if changed:
        subject.status, subject.blocked_at, subject.updated_at = "active", None, now
    _action_taken(session, request, SUBJECT_UNBLOCKED, now, "" if changed else "not_blocked", actor)
    audit.record(session, "subject.unblock", "subject", [subject_id],
                 {"request_id": request_id, "changed": changed}, actor=actor, at=now)
    return changed


def is_blocked(session: Session, subject_id: str) -> bool:
    """A blocked subject's data may be kept but not used: every processing use case asks this."""
    return session.scalar(select(Subject.status).where(Subject.id == subject_id)) == "blocked"


def ensure_processing_allowed(session: Session, subject_id: str) -> None:
    """Raise RequestError("subject_blocked") when the subject's data is blocked."""
    if is_blocked(session, subject_id):
        raise RequestError("subject_blocked", "This person's data is blocked: it may not be used until "
                                              "the block is lifted.")


def queue_for_destruction(session: Session, subject_id: str, reason_code: str,
                          request_id: str | None = None, *, actor: str = "",
                          now: datetime | None = None) -> str:
    """Put a subject on the destruction queue (the destruction wizard takes it from there).

    Idempotent: a subject already queued keeps its entry and nothing is written. Returns the
    entry's id.
    """
    now = _now(now)
    if not _CODE.match(reason_code or ""):
        raise RequestError("reason_code_invalid", "The reason is a short code such as "
                                                  "“consent_withdrawn”.", "reason_code")
    _live_subject(session, subject_id)
    request = _request_of_subject(session, request_id, subject_id)
    existing = session.scalar(select(DestructionQueue.id).where(DestructionQueue.subject_id == subject_id)
                              .limit(1))
    if existing is not None:
        return existing
    entry = DestructionQueue(subject_id=subject_id, reason_code=reason_code, request_id=request_id,
                             queued_at=now, staff_id=_staff_id(actor), created_at=now, updated_at=now)
    session.add(entry)
    session.flush()
    _action_taken(session, request, QUEUED_FOR_DESTRUCTION, now, reason_code, actor)
    audit.record(session, "destruction.queue", "subject", [subject_id, entry.id],
                 {"reason": reason_code, "request_id": request_id}, actor=actor, at=now)
    return entry.id


def record_consent_withdrawal(session: Session, request_id: str, purpose_codes: list[str], *,
                              at: datetime | None = None, actor: str = "",
                              now: datetime | None = None) -> list[str]:
    """The subject withdraws consent for these purposes (Art. 8 p.7). Returns the consents' ids.

    The same writing as services.consents.withdraw_consent: each consent is withdrawn at `at`,
    the moment the person withdrew (default: when the request was received), not when it is
    recorded. The request's action clock (stop processing within 15 working days) keeps
    running: complete_action meets it once processing has stopped. A "consent_withdrawn"
    event goes on the request's timeline.
    """
    from pdp_desk.services.consents import apply_withdrawal

    now = _now(now)
    request = _open_request(session, request_id)
    at = request.received_at if at is None else at
    codes = sorted(set(purpose_codes or ()))
    if not codes:
        raise RequestError("no_purposes", "Choose the purposes the consent is withdrawn for.", "purposes")
    if at > now + CLOCK_SKEW:
        raise RequestError("at_in_future", "The moment of the withdrawal cannot be in the future.", "at")
    purposes = dict(session.execute(select(Purpose.id, Purpose.code).where(Purpose.code.in_(codes))).all())
    unknown = set(codes) - set(purposes.values())
    if unknown:
        raise RequestError("purpose_unknown", f"Unknown purpose: {sorted(unknown)[0][:40]!r}.", "purposes")
    consents = session.scalars(select(Consent).where(Consent.subject_id == request.subject_id,
                                                     Consent.purpose_id.in_(purposes),
                                                     Consent.state == "given")).all()
    if not consents:
        raise RequestError("no_consent_given", "This person has no consent in force for these purposes.",
                           "purposes")
    if any(c.given_at > at for c in consents):
        raise RequestError("at_before_given", "The consent cannot be withdrawn before it was given.", "at")
    withdrawn = sorted({purposes[c.purpose_id] for c in consents})
    apply_withdrawal(session, request.subject_id, list(consents), withdrawn, at=at, channel=request.channel,
                     evidence=f"Request {request.number}", request_id=request.id, actor=actor, now=now)
    _event(session, request, CONSENT_WITHDRAWN, at, note=", ".join(withdrawn), actor=actor, written=now)
    request.updated_at = now
    return [c.id for c in consents]


# --- calendar changes ------------------------------------------------------------------------


def recompute_open_deadlines(session: Session, calendar: WorkingCalendar, actor: str = "",
                             now: datetime | None = None) -> list[MovedDate]:
    """Recompute the running clocks of every open request with `calendar` (and the current
    terms): each date that moved gets a "deadline_moved" event (note "answer: old→new"), and
    the whole change one audit entry. Met clocks and closed requests keep their dates."""
    now = _now(now)
    terms = load_terms(session)
    requests = session.scalars(select(Request).where(Request.is_open.is_(True))).all()
    # One query for the actions recorded; an action counts only if it is the one of the type.
    kinds_of = {r.id: action_kinds(r.type) for r in requests}
    done = {rid for rid, kind in session.execute(
        select(RequestEvent.request_id, RequestEvent.kind).join(Request, Request.id == RequestEvent.request_id)
        .where(Request.is_open.is_(True), RequestEvent.kind.in_(ACTION_EVENT_KINDS)))
        if kind in kinds_of.get(rid, ())}
    memo: dict = {}
    moved: list[MovedDate] = []
    for request in requests:
        for kind, old, new in _recompute(request, calendar, terms, request.id in done, memo):
            moved.append(MovedDate(request.id, kind, old, new))
            _event(session, request, DEADLINE_MOVED, now, actor=actor,
                   note=f"{kind.value}: {old.isoformat() if old else '—'}→{new.isoformat() if new else '—'}")
            request.updated_at = now
    audit.record(session, "request.deadlines_recomputed", "request", [],
                 {"moved": len(moved), "requests": len({m.request_id for m in moved}),
                  "open": len(requests)}, actor=actor or "system", at=now)
    return moved


# --- what a view shows -----------------------------------------------------------------------


class ClockState(StrEnum):
    """The colour of a clock: the four of domain.deadlines.ClockStatus, PENDING, and two more."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PENDING = "pending"      # its start event has not happened (documents, confirmation)
    MET = "met"              # answered / done
    STOPPED = "stopped"      # the request was closed before the clock ran or was met


_CLOCK_LABELS = {
    ClockKind.ANSWER: Localized("Ответ субъекту", "Субъектіге жауап", "Answer"),
    ClockKind.ACTION: Localized("Действие по закону", "Заң бойынша әрекет", "Action the law asks for"),
}


@dataclass(frozen=True)
class ClockView:
    kind: ClockKind
    label: str                   # "Answer" / "Action the law asks for"
    what: str                    # what must be done
    basis: str                   # legal basis
    working_days: int
    starts_on: StartEvent
    starts_label: str            # "Supporting documents received"
    start: date | None           # the day of the start event
    due: date | None
    days_left: int | None        # signed working days; None unless the clock runs
    status: ClockState
    met_on: date | None
    skipped: tuple[DayInfo, ...]  # the non-working days passed over, with their reasons


def _skipped(calendar: WorkingCalendar, start: date, due: date, language: str) -> tuple[DayInfo, ...]:
    out, day = [], start + timedelta(days=1)
    while day < due:
        if not calendar.is_working_day(day):
            out.append(calendar.day_info(day, language))
        day += timedelta(days=1)
    return tuple(out)


def request_clocks(request: Request, calendar: WorkingCalendar, today: date, language: str = "ru", *,
                   terms: Terms | None = None, action_done_at: datetime | None = None) -> list[ClockView]:
    """The clocks of a request for display: due dates as stored (what the inbox sorts by),
    status as of `today`, and the non-working days skipped (the tooltip).

    `action_done_at`: when the action was recorded (request_detail finds it in the timeline).
    """
    days = _start_days(request)
    answer_met, action_met = _met(request, action_done_at is not None)
    views = []
    for rule in rules_for(request.type, terms):
        start = days[rule.starts_on]
        is_answer = rule.kind is ClockKind.ANSWER
        due = request.answer_due if is_answer else request.action_due
        if due is None and start is not None:
            due = calendar.add_working_days(start, rule.working_days).due
        met = answer_met if is_answer else action_met
        met_on = None
        if met:
            met_on = local_day(request.answered_at if is_answer or action_done_at is None else action_done_at)
        skipped = _skipped(calendar, start, due, language) if start is not None and due is not None else ()
        left = None
        if start is None or due is None:
            status = ClockState.STOPPED if not request.is_open else ClockState.PENDING
        elif met:
            status = ClockState.MET
        elif not request.is_open:
            status = ClockState.STOPPED
        else:
            clock = Clock(rule, start, WorkingDayCount(start + timedelta(days=1), due, rule.working_days, skipped))
            status = ClockState(clock_status(clock, today, calendar).value)
            left = calendar.working_days_left(today, due)
        views.append(ClockView(rule.kind, _CLOCK_LABELS[rule.kind].get(language), rule.description.get(language),
                               rule.basis.get(language), rule.working_days, rule.starts_on,
                               start_event_label(rule.starts_on, language), start, due, left, status, met_on,
                               skipped))
    return views


_EVENT_LABELS = {
    CREATED: Localized("Обращение зарегистрировано", "Өтініш тіркелді", "Request registered"),
    STATE_CHANGED: Localized("Смена статуса", "Мәртебе өзгерді", "Status changed"),
    DOCUMENTS_RECEIVED: Localized("Получены подтверждающие документы", "Растайтын құжаттар алынды",
                                  "Supporting documents received"),
    UNLAWFUL_CONFIRMED: Localized("Незаконная обработка подтверждена", "Заңсыз өңдеу расталды",
                                  "Unlawful processing confirmed"),
    DEADLINE_MOVED: Localized("Срок перенесён (изменён календарь)", "Мерзім ауыстырылды (күнтізбе өзгерді)",
                              "Deadline moved (calendar changed)"),
    SUBJECT_CORRECTED: Localized("Данные исправлены", "Деректер түзетілді", "Data corrected"),
    SUBJECT_BLOCKED: Localized("Данные заблокированы", "Деректер бұғатталды", "Data blocked"),
    SUBJECT_UNBLOCKED: Localized("Данные разблокированы", "Деректер бұғаттан шығарылды", "Data unblocked"),
    QUEUED_FOR_DESTRUCTION: Localized("Поставлено в очередь на уничтожение", "Жоюға кезекке қойылды",
                                      "Queued for destruction"),
    CONSENT_WITHDRAWN: Localized("Согласие отозвано", "Келісім кері қайтарылды", "Consent withdrawn"),
    ACTION_DONE: Localized("Действие выполнено", "Әрекет орындалды", "Action done"),
    ATTACHMENT_ADDED: Localized("Добавлены файлы", "Файлдар қосылды", "Files attached"),
}


def event_label(kind: str, language: str = "ru") -> str:
    text = _EVENT_LABELS.get(kind)
    return text.get(language) if text is not None else kind


@dataclass(frozen=True)
class EventView:
    at: datetime                 # Kazakhstan time
    kind: str
    label: str
    from_state: str | None
    to_state: str | None
    note: str
    staff_name: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    filename: str
    media_type: str
    size: int
    added_at: datetime           # Kazakhstan time


@dataclass(frozen=True)
class SubjectSummary:
    id: str
    full_name: str
    status: str                  # active | blocked | destroyed
    register_no: str | None
    iin: str | None
    phones: tuple[str, ...]      # +7 7XX XXX XX XX
    emails: tuple[str, ...]
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class RequestDetail:
    id: str
    number: str
    type: str
    type_label: str
    channel: str
    channel_label: str
    state: str
    state_label: str
    is_open: bool
    received_at: datetime        # times in Kazakhstan time
    documents_at: datetime | None
    confirmed_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    requester_kind: str
    requester_label: str
    representative_name: str
    authority_document: str
    reply_to: str
    language: str
    text: str
    outcome: str
    refusal_reason: str
    operator_id: str | None
    operator_name: str
    responsible_staff_id: str | None
    staff_name: str
    answer_due: date | None
    action_due: date | None
    next_due: date | None
    subject: SubjectSummary
    clocks: list[ClockView]
    timeline: list[EventView]
    attachments: list[AttachmentInfo]
    next_states: tuple[RequestState, ...]


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else local_time(moment)


def request_detail(session: Session, request_id: str, calendar: WorkingCalendar, today: date,
                   language: str = "ru") -> RequestDetail:
    """Everything the detail view of a request shows, in a handful of queries."""
    request = _request(session, request_id)
    subject = session.get(Subject, request.subject_id)
    contacts = session.execute(select(Contact.kind, Contact.normalized).where(
        Contact.subject_id == request.subject_id).order_by(Contact.created_at)).all()
    addresses = session.execute(select(Address.city, Address.line).where(
        Address.subject_id == request.subject_id).order_by(Address.created_at)).all()
    events = session.scalars(select(RequestEvent).where(RequestEvent.request_id == request.id)
                             .order_by(RequestEvent.at, RequestEvent.id)).all()
    staff_ids = {e.staff_id for e in events if e.staff_id} | {request.responsible_staff_id} - {None}
    names = dict(session.execute(select(Staff.id, Staff.full_name).where(Staff.id.in_(staff_ids))).all()
                 ) if staff_ids else {}
    operator = session.get(Operator, request.operator_id) if request.operator_id else None
    files = session.execute(select(Attachment.id, Attachment.filename, Attachment.media_type, Attachment.size,
                                   Attachment.created_at)
                            .where(Attachment.owner_table == "request", Attachment.owner_id == request.id)
                            .order_by(Attachment.created_at, Attachment.id)).all()
    kinds = action_kinds(request.type)
    action_done_at = next((e.at for e in events if e.kind in kinds), None)
    clocks = request_clocks(request, calendar, today, language, terms=load_terms(session),
                            action_done_at=action_done_at)
    summary = SubjectSummary(
        request.subject_id, subject.full_name if subject else "", subject.status if subject else "destroyed",
        subject.register_no if subject else None, subject.iin if subject else None,
        tuple(format_phone(v) for k, v in contacts if k == "phone"),
        tuple(v for k, v in contacts if k == "email"),
        tuple(", ".join(p for p in (city, line) if p) for city, line in addresses))
    return RequestDetail(
        id=request.id, number=request.number or "", type=request.type,
        type_label=type_label(request.type, language), channel=request.channel,
        channel_label=channel_label(request.channel, language), state=request.state,
        state_label=state_label(request.state, language), is_open=request.is_open,
        received_at=_local(request.received_at), documents_at=_local(request.documents_at),
        confirmed_at=_local(request.confirmed_at), answered_at=_local(request.answered_at),
        closed_at=_local(request.closed_at), requester_kind=request.requester_kind,
        requester_label=requester_label(request.requester_kind, language),
        representative_name=request.representative_name, authority_document=request.authority_document,
        reply_to=request.reply_to, language=request.language, text=request.text, outcome=request.outcome,
        refusal_reason=request.refusal_reason, operator_id=request.operator_id,
        operator_name=operator.name if operator else "", responsible_staff_id=request.responsible_staff_id,
        staff_name=names.get(request.responsible_staff_id, ""), answer_due=request.answer_due,
        action_due=request.action_due, next_due=request.next_due, subject=summary, clocks=clocks,
        timeline=[EventView(local_time(e.at), e.kind, event_label(e.kind, language), e.from_state, e.to_state,
                            e.note, names.get(e.staff_id, "")) for e in events],
        attachments=[AttachmentInfo(i, n, m, s, local_time(c)) for i, n, m, s, c in files],
        next_states=next_states(request.state, request.type) if request.is_open else ())

"""Use cases of consent: the lookup ("may we send this person marketing?") for now or any past
moment, recording a consent given (Art. 8 p.4), and its withdrawal (Art. 8 p.7).

History. A consent row holds one grant for one purpose: given (then possibly renewed), and
then withdrawn or expired; a consent given again after a withdrawal is a new row. Its events
(`consent_event`: given, renewed, withdrawn, expired) are the history, and the lookup as of a
moment replays them up to that moment: the latest event at or before it decides. The policy
version a consent was given under is the event's (or, failing that, the version in force on the
day it was given); the version in force at the moment asked about is given beside it.

Speed. A lookup by phone or e-mail is one statement whatever the register's size (see
`_LOOKUP_SQL`): the people (through the contact index), their consents with their events, their
contacts and orders, and the small catalogue (purposes, policy versions).
"""
from __future__ import annotations

import json
import re
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import chain
from operator import attrgetter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import DataCategory, RetentionRule
from pdp_desk.domain.identifiers import format_phone
from pdp_desk.domain.localtime import KAZAKHSTAN, local_day
from pdp_desk.domain.retention import Retention, term_end
from pdp_desk.services import audit
from pdp_desk.services.policy import PolicyVersionInfo, in_force, version_in_force
from pdp_desk.services.subjects import ValidationFailed, matching_ids, read_query
from pdp_desk.store.models import (
    Consent,
    ConsentEvent,
    Operator,
    PolicyVersion,
    Purpose,
    Subject,
)

# How a consent can be given (and withdrawn). Withdrawals open a request, whose channels are
# domain.workflow.Channel: the withdrawal channels are those.
CONSENT_CHANNELS = ("website", "paper", "email", "phone", "in_person", "sms", "import")
WITHDRAWAL_CHANNELS = ("email", "paper", "in_person", "phone", "website")
MAX_EVIDENCE = 500
CLOCK_SKEW = timedelta(minutes=5)
MAX_PEOPLE = 50
_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# Reason codes of may_process (and PurposeStatus.reason).
ALLOWED = "allowed"
UNKNOWN_SUBJECT = "unknown_subject"
DESTROYED = "destroyed"
BLOCKED = "blocked"
UNKNOWN_PURPOSE = "unknown_purpose"
NO_CONSENT = "no_consent"


# --- results -----------------------------------------------------------------------------------
#
# Plain (slotted) dataclasses, treated as read-only: a frozen dataclass of 23 fields costs 4 us to
# build, and a lookup builds a dozen of them (the use case's whole Python budget is ~50 us).


@dataclass(slots=True)
class ConsentEventView:
    kind: str                      # given | renewed | withdrawn | expired
    at: datetime
    channel: str
    evidence: str
    policy_version_id: str | None
    request_id: str | None
    staff_id: str | None
    id: str | None = None          # the event's row (None: made up from a consent row without events)


@dataclass(slots=True)
class PurposeStatus:
    """A person's consent to one purpose, as of the moment asked about."""

    purpose_code: str
    purpose_name: str
    state: str                     # given | withdrawn | expired | none
    may_process: bool              # given, in its term, and the person not blocked
    reason: str                    # allowed | blocked | no_consent |
                                   # consent_withdrawn | consent_expired | term_expired | purpose_achieved
    consent_id: str | None = None
    given_at: datetime | None = None           # since when the consent runs (its first grant)
    channel: str = ""                          # channel, evidence and policy version: of the
    evidence: str = ""                         # latest grant (a renewal's, if renewed)
    policy_version_id: str | None = None       # the version it was given under ...
    policy_label: str | None = None            # ... and its label
    valid_until: date | None = None            # the consent's own term, if it has one
    holds_until: date | None = None            # first day the purpose no longer justifies the data
    withdrawn_at: datetime | None = None
    withdrawal_request_id: str | None = None
    expired_on: date | None = None
    third_parties_allowed: bool = False
    cross_border_allowed: bool = False
    public_allowed: bool = False
    data_categories: tuple[str, ...] = ()
    operator_id: str | None = None
    history: tuple[ConsentEventView, ...] = ()  # every event of this purpose up to the moment
    renewed_at: datetime | None = None         # the latest renewal, when renewed


@dataclass(slots=True)
class PersonConsents:
    subject_id: str
    register_no: str | None
    full_name: str
    category: str
    status: str                    # active | blocked | destroyed
    blocked: bool                  # blocked at the moment asked about
    blocked_at: datetime | None
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    purposes: tuple[PurposeStatus, ...]

    def purpose(self, code: str) -> PurposeStatus | None:
        return next((p for p in self.purposes if p.purpose_code == code), None)


@dataclass(slots=True)
class LookupResult:
    query: str
    as_of: datetime
    matched_by: str                # id | phone | email | iin | phone_or_iin | name | none
    policy_in_force_id: str | None     # the policy version in force at `as_of` ...
    policy_in_force_label: str | None  # ... (its text: services.policy.policy_text)
    people: tuple[PersonConsents, ...]


# --- loading ----------------------------------------------------------------------------------
#
# The lookup is the hot path ("may we send marketing to +7 701 ...?"): everything it needs is
# read in ONE statement on the session's own connection (its transaction), tagged by kind, and
# turned into small tuples here. The ORM would spend ten times the database's time on it.

_Purpose = namedtuple("_Purpose", "id code name_ru name_kk name_en retention_rule retention_days active "
                                  "retention names")
_Subject = namedtuple("_Subject", "id register_no full_name category status blocked_at name_key")
# Consent rows keep as text what only the latest grant's result needs (withdrawn_at, updated_at:
# the history of rows written without events; the categories' JSON): parsed when used.
_Consent = namedtuple("_Consent", "subject_id id purpose_id state given_at valid_until withdrawn_at channel evidence "
                                  "policy_version_id operator_id third_parties_allowed cross_border_allowed "
                                  "public_allowed data_categories updated_at")
_Contact = namedtuple("_Contact", "kind normalized is_primary created_at")

_N = 18  # columns of the one statement
_PAD = ", NULL" * _N


def _cols(*names: str) -> str:
    return ", ".join(names) + _PAD[: 6 * (_N - len(names))]


_LOOKUP_SQL = (
    "WITH p AS MATERIALIZED (SELECT s.id FROM subject s WHERE {where} ORDER BY s.name_key, s.id LIMIT "
    + str(50) + ") "
    "SELECT " + _cols("'s'", "s.id", "s.register_no", "s.full_name", "s.category", "s.status", "s.blocked_at",
                      "s.name_key") + " FROM subject s WHERE s.id IN p "
    "UNION ALL SELECT " + _cols("'c'", "c.subject_id", "c.id", "c.purpose_id", "c.state", "c.given_at",
                                "c.valid_until", "c.withdrawn_at", "c.channel", "c.evidence", "c.policy_version_id",
                                "c.operator_id", "c.third_parties_allowed", "c.cross_border_allowed",
                                "c.public_allowed", "c.data_categories", "c.updated_at")
    + " FROM consent c WHERE c.subject_id IN p "
    "UNION ALL SELECT " + _cols("'e'", "e.subject_id", "e.consent_id", "e.kind", "e.at", "e.channel", "e.evidence",
                                "e.policy_version_id", "e.request_id", "e.staff_id", "e.id")
    + " FROM consent_event e WHERE e.subject_id IN p "
    "UNION ALL SELECT " + _cols("'k'", "k.subject_id", "k.kind", "k.normalized", "k.is_primary", "k.created_at")
    + " FROM contact k WHERE k.subject_id IN p "
    "UNION ALL SELECT " + _cols("'o'", "o.subject_id", "o.placed_at") + " FROM orders o WHERE o.subject_id IN p "
    "UNION ALL SELECT " + _cols("'p'", "NULL", "id", "code", "name_ru", "name_kk", "name_en", "retention_rule",
                                "retention_days", "active") + " FROM purpose "
    "UNION ALL SELECT " + _cols("'v'", "NULL", "id", "label", "effective_from", "language", "sha256", "created_at")
    + " FROM policy_version")

_AT = attrgetter("at")
_IN_TIME = attrgetter("at", "id")   # events in time, and in the order written when at the same time
_CONTACT_WHERE = "s.id IN (SELECT subject_id FROM contact WHERE kind = ? AND normalized = ?)"
_STATEMENTS: dict[str, str] = {}   # the statement per WHERE (a handful of shapes; IN lists by length)


def _statement(where: str) -> str:
    found = _STATEMENTS.get(where)
    if found is None:
        if len(_STATEMENTS) > 300:
            _STATEMENTS.clear()
        found = _STATEMENTS[where] = _LOOKUP_SQL.format(where=where)
    return found


def _retention(rule: str, days: int | None) -> Retention | None:
    try:
        return Retention(RetentionRule(rule), days)
    except ValueError:  # a rule of a newer version: no term here
        return None


def _ts(value: str | None) -> datetime | None:
    # stored as naive UTC text: one parse with the zone appended is a third of parse + replace
    return None if value is None else datetime.fromisoformat(value + "+00:00")


_CATEGORIES: dict[str, tuple[str, ...]] = {}   # the JSON lists of data categories, parsed once


def _categories(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    found = _CATEGORIES.get(value)
    if found is None:
        if len(_CATEGORIES) > 1000:
            _CATEGORIES.clear()
        found = _CATEGORIES[value] = tuple(json.loads(value))
    return found


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@dataclass
class _Catalogue:
    purposes: tuple
    versions: tuple[PolicyVersionInfo, ...]
    labels: dict            # policy version id -> label


@dataclass
class _Data:
    subjects: list          # [_Subject], by name
    consents: dict          # subject id -> [_Consent]
    events: dict            # consent id -> [ConsentEventView] (by time)
    contacts: dict          # subject id -> [_Contact] (primary first)
    orders: dict            # subject id -> [placed_at, ...] (ascending)
    catalogue: _Catalogue


def _load(session: Session, where: str, params: tuple) -> _Data:
    """Everything about the subjects `where` selects (at most 50), and the catalogue: one statement."""
    session.flush()
    raw = session.connection().connection.driver_connection
    subjects, consents, events, contacts, orders = [], {}, {}, {}, {}
    listed = []
    for r in raw.execute(_statement(where), params).fetchall():
        tag = r[0]
        if tag == "e":
            at = _ts(r[4])
            events.setdefault(r[2], []).append(ConsentEventView(r[3], at, r[5] or "", r[6] or "", r[7], r[8], r[9],
                                                                r[10]))
        elif tag == "c":
            consents.setdefault(r[1], []).append(_Consent(
                r[1], r[2], r[3], r[4], _ts(r[5]), _day(r[6]), r[7], r[8] or "", r[9] or "", r[10], r[11],
                r[12], r[13], r[14], r[15], r[16]))
        elif tag == "k":
            contacts.setdefault(r[1], []).append(_Contact(r[2], r[3], bool(r[4]), r[5]))
        elif tag == "o":
            orders.setdefault(r[1], []).append(_ts(r[2]))
        elif tag == "s":
            subjects.append(_Subject(r[1], r[2], r[3] or "", r[4], r[5], _ts(r[6]), r[7] or ""))
        else:   # purposes and policy versions
            listed.append(r)
    if len(subjects) > 1:
        subjects.sort(key=lambda x: (x.name_key, x.id))
    for rows in events.values():
        if len(rows) > 1:
            rows.sort(key=_IN_TIME)
    for rows in contacts.values():
        if len(rows) > 1:
            rows.sort(key=lambda c: (not c.is_primary, c.created_at or ""))
    for rows in orders.values():
        rows.sort()
    return _Data(subjects, consents, events, contacts, orders, _catalogue(tuple(listed)))


_LAST_CATALOGUE: tuple = ((), None)   # the rows last read, and what they were parsed into


def _catalogue(rows: tuple) -> _Catalogue:
    """The purposes and policy versions of the lookup's rows (tags 'p' and 'v'), parsed once for
    as long as they read the same (compared with the rows last read: an edit is seen at once;
    compared, not hashed: hashing the freshly read texts would cost more than the comparison)."""
    global _LAST_CATALOGUE
    last_rows, found = _LAST_CATALOGUE
    if found is not None and rows == last_rows:
        return found
    purposes, versions = [], []
    for r in rows:
        if r[0] == "p":
            purposes.append(_Purpose(r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), _retention(r[7], r[8]),
                                     {"ru": r[4], "kk": r[5]}))
        else:
            versions.append(PolicyVersionInfo(r[2], r[3], _day(r[4]), r[5], r[6], _ts(r[7])))
    purposes.sort(key=lambda x: (_PURPOSE_ORDER.get(x.code, 99), x.code))
    versions.sort(key=lambda v: (v.effective_from, v.created_at or datetime.min.replace(tzinfo=timezone.utc), v.id))
    found = _Catalogue(tuple(purposes), tuple(versions), {v.id: v.label for v in versions})
    _LAST_CATALOGUE = (rows, found)   # one assignment: a lookup on another thread sees either pair whole
    return found


_PURPOSE_ORDER = {"website": 0, "marketing": 1, "delivery": 2}


def _people(session: Session, query_or_subject_id: str) -> tuple[str, _Data]:
    text = (query_or_subject_id or "").strip()
    if len(text) == 36 and _ID.match(text.lower()):
        data = _load(session, "s.id = ?", (text.lower(),))
        if data.subjects:
            return "id", data
    reading = read_query(text)
    if not reading.text:
        return "none", _load(session, "0", ())
    if reading.email is not None:
        return "email", _load(session, _CONTACT_WHERE, ("email", reading.email))
    if reading.phone is not None and reading.iin is None:
        return "phone", _load(session, _CONTACT_WHERE, ("phone", reading.phone))
    if reading.iin is not None and reading.phone is None:
        return "iin", _load(session, "s.iin = ?", (reading.iin,))
    if reading.iin is not None:
        return "phone_or_iin", _load(session, f"({_CONTACT_WHERE} OR s.iin = ?)", ("phone", reading.phone, reading.iin))
    how, ids = matching_ids(reading)
    found = list(dict.fromkeys(session.scalars(ids.limit(MAX_PEOPLE * 4)))) if ids is not None else []
    found = found[:MAX_PEOPLE * 4]
    if not found:
        return how, _load(session, "0", ())
    return how, _load(session, f"s.id IN ({', '.join('?' * len(found))})", tuple(found))


# --- the evaluation ---------------------------------------------------------------------------


def _synthetic_events(consent) -> list[ConsentEventView]:
    """The history of a consent written without events (an older import): from its row."""
    out = [ConsentEventView("given", consent.given_at, consent.channel, consent.evidence,
                            consent.policy_version_id, None, None)]
    if consent.state == "withdrawn" and consent.withdrawn_at is not None:
        out.append(ConsentEventView("withdrawn", _ts(consent.withdrawn_at), "", "", consent.policy_version_id,
                                    None, None))
    elif consent.state == "expired":
        out.append(ConsentEventView("expired", _ts(consent.updated_at) or consent.given_at, "system", "",
                                    consent.policy_version_id, None, None))
    if out[-1].at < out[0].at:   # a damaged row (an end before the grant): events in time order
        out.sort(key=_AT)
    return out


class _Days(dict):
    """The Kazakhstan day of each moment met in one lookup, worked out once (a consent's grant
    is usually its first event: the same moment is asked for twice)."""

    def __missing__(self, moment: datetime) -> date:
        day = self[moment] = moment.astimezone(KAZAKHSTAN).date()   # local_day, inlined: the hot path
        return day


def _evaluate(purpose, consents: list, events: dict, orders: list, catalogue: _Catalogue,
              as_of: datetime, blocked: bool, language: str, as_of_day: date, days: _Days) -> PurposeStatus:
    """The state of one purpose for one person at `as_of` (local day `as_of_day`), replaying the events."""
    # Each consent's events up to the moment (in time order); the consent with the latest of
    # them decides (of two at the same moment, the one listed later, as a stable sort would).
    consent = last_event = None
    known: list[list[ConsentEventView]] = []
    for of in consents:
        views = events.get(of.id) or _synthetic_events(of)
        if views[-1].at > as_of:
            views = [v for v in views if v.at <= as_of]
            if not views:
                continue
        known.append(views)
        if last_event is None or views[-1].at >= last_event.at:
            consent, last_event, mine = of, views[-1], views
    name = purpose.names.get(language, purpose.name_en)
    if consent is None:
        return PurposeStatus(purpose.code, name, "none", False, NO_CONSENT)
    # The terms in force are the latest grant's (a renewal's); the consent runs since the first
    # grant after its last end (two records merged can both have given it).
    grant = since = None
    ended = False
    for view in reversed(mine):
        if view.kind in ("given", "renewed"):
            grant = grant or view
            if not ended:
                since = view
        elif view.kind in ("withdrawn", "expired"):
            if grant is not None:
                break
            ended = True
    if grant is None:   # only an end recorded (a damaged history): its first event stands in
        grant = mine[0]
    since = (since or grant).at
    renewed_at = grant.at if grant.at != since else None
    version_id = grant.policy_version_id or consent.policy_version_id
    if version_id is None:
        version = in_force(catalogue.versions, days[grant.at])
        version_id = version.id if version else None
    withdrawn_at = expired_on = None
    withdrawal_request = None
    if last_event.kind == "withdrawn":
        state, withdrawn_at, withdrawal_request = "withdrawn", last_event.at, last_event.request_id
    elif last_event.kind == "expired":
        state, expired_on = "expired", days[last_event.at]
    elif consent.valid_until is not None and consent.valid_until < as_of_day:
        state, expired_on = "expired", consent.valid_until + timedelta(days=1)
    else:
        state = "given"
    # The purpose's retention term (domain.retention), counted with the orders placed by then.
    last_order = None
    for placed in reversed(orders):
        if placed <= as_of:
            last_order = days[placed]
            break
    end = term_end(days[consent.given_at], consent.valid_until, days[grant.at], purpose.retention, last_order)
    holds_until = end[0] if end else None
    if state == "withdrawn":
        reason = "consent_withdrawn"
    elif state == "expired":
        reason = "consent_expired"
    elif end is not None and end[0] <= as_of_day:
        reason = end[1].value
    elif blocked:
        reason = BLOCKED
    else:
        reason = ALLOWED
    return PurposeStatus(
        purpose.code, name, state, reason == ALLOWED, reason, consent.id, since, grant.channel,
        grant.evidence, version_id, catalogue.labels.get(version_id), consent.valid_until, holds_until,
        withdrawn_at, withdrawal_request, expired_on, bool(consent.third_parties_allowed),
        bool(consent.cross_border_allowed), bool(consent.public_allowed), _categories(consent.data_categories),
        consent.operator_id, tuple(mine) if len(known) == 1 else tuple(sorted(chain(*known), key=_AT)),
        renewed_at)


def _blocked_at(subject, as_of: datetime) -> bool:
    return subject.status == "blocked" and (subject.blocked_at is None or subject.blocked_at <= as_of)


def _person(subject, data: _Data, as_of: datetime, language: str, as_of_day: date | None = None) -> PersonConsents:
    blocked = _blocked_at(subject, as_of)
    purposes = []
    if subject.status != "destroyed":
        as_of_day = as_of_day or local_day(as_of)
        own = data.consents.get(subject.id, ())
        orders = data.orders.get(subject.id, ())
        days = _Days()
        for purpose in data.catalogue.purposes:
            mine = [c for c in own if c.purpose_id == purpose.id and c.given_at <= as_of]
            purposes.append(_evaluate(purpose, mine, data.events, orders, data.catalogue, as_of, blocked,
                                      language, as_of_day, days))
    contacts = data.contacts.get(subject.id, ())
    return PersonConsents(
        subject.id, subject.register_no, "" if subject.status == "destroyed" else subject.full_name,
        subject.category, subject.status, blocked, subject.blocked_at,
        tuple([format_phone(c.normalized) for c in contacts if c.kind == "phone"]),
        tuple([c.normalized for c in contacts if c.kind == "email"]), tuple(purposes))


def _as_of(as_of: datetime | None) -> datetime:
    if as_of is None:
        return datetime.now(timezone.utc)
    if as_of.tzinfo is None:
        raise ValueError("naive datetime given; use an aware datetime (UTC or local zone)")
    return as_of


# --- the lookup -------------------------------------------------------------------------------


def consent_status(session: Session, query_or_subject_id: str, as_of: datetime | None = None,
                   language: str = "ru") -> LookupResult:
    """Each matching person's consent per purpose of the catalogue, as of `as_of` (default now).

    The query is anything the register's search takes (any spelling of a phone, an e-mail, an
    IIN, words of a name) or a subject's id; several people are answered each (at most 50).
    """
    moment = _as_of(as_of)
    how, data = _people(session, query_or_subject_id)
    day = local_day(moment)
    force = in_force(data.catalogue.versions, day)
    return LookupResult(
        (query_or_subject_id or "").strip()[:300], moment, how,
        force.id if force else None, force.label if force else None,
        tuple(_person(s, data, moment, language, day) for s in data.subjects))


def person_consents(session: Session, subject_id: str, as_of: datetime | None = None,
                    language: str = "ru") -> PersonConsents | None:
    """One subject's consents per purpose as of `as_of` (default now), with their history."""
    moment = _as_of(as_of)
    data = _load(session, "s.id = ?", (subject_id,))
    if not data.subjects:
        return None
    return _person(data.subjects[0], data, moment, language)


def may_process(session: Session, subject_id: str, purpose_code: str, at: datetime | None = None) -> tuple[bool, str]:
    """Whether the subject's data may be processed for the purpose at `at` (default now), and
    why: (True, "allowed") or (False, one of unknown_subject, destroyed, unknown_purpose, blocked,
    no_consent, consent_withdrawn, consent_expired, term_expired, purpose_achieved).
    """
    moment = _as_of(at)
    data = _load(session, "s.id = ?", (subject_id,))
    if not data.subjects:
        return False, UNKNOWN_SUBJECT
    subject = data.subjects[0]
    if subject.status == "destroyed":
        return False, DESTROYED
    purpose = next((p for p in data.catalogue.purposes if p.code == purpose_code), None)
    if purpose is None:
        return False, UNKNOWN_PURPOSE
    mine = [c for c in data.consents.get(subject_id, []) if c.purpose_id == purpose.id and c.given_at <= moment]
    status = _evaluate(purpose, mine, data.events, data.orders.get(subject_id, []), data.catalogue,
                       moment, False, "en", local_day(moment), _Days())
    if status.reason == ALLOWED and _blocked_at(subject, moment):
        return False, BLOCKED
    return status.reason == ALLOWED, status.reason


# --- recording -------------------------------------------------------------------------------


def _staff_id(actor: str) -> str | None:
    return actor[:36] if actor and actor != "system" else None


def _check_moment(value, name: str, now: datetime, errors: dict) -> None:
    if not isinstance(value, datetime):
        errors[name] = (f"{name}_missing", "Give the date and time.")
    elif value.tzinfo is None:
        errors[name] = (f"{name}_no_zone", "The time has no time zone; give it in Kazakhstan time.")
    elif value > now + CLOCK_SKEW:
        errors[name] = (f"{name}_in_future", "The time is in the future. Check the date, and the PC's clock.")
    elif local_day(value).year < 2000:
        errors[name] = (f"{name}_too_old", "The date is before 2000.")


def _check_evidence(evidence, errors: dict) -> str:
    evidence = " ".join(str(evidence or "").split())
    if not evidence:
        # Art. 25 p.2 sub.5: the operator must be able to prove the consent was given.
        errors["evidence"] = ("evidence_missing", "Say how the consent can be proven (the form, the "
                                                  "signed paper, the recorded call ...).")
    elif len(evidence) > MAX_EVIDENCE:
        errors["evidence"] = ("evidence_too_long", f"The evidence is longer than {MAX_EVIDENCE} characters.")
    return evidence


def _live_subject(session: Session, subject_id: str, errors: dict):
    subject = session.get(Subject, subject_id) if isinstance(subject_id, str) else None
    if subject is None or subject.status == "destroyed":
        errors["subject"] = ("subject_unknown", "There is no such person in the register "
                                                "(their data may have been destroyed).")
        return None
    return subject


def record_consent(session: Session, subject_id: str, purpose_code: str, *, given_at: datetime,
                   channel: str, evidence: str, policy_version_id: str | None = None,
                   valid_until: date | None = None, third_parties_allowed: bool = False,
                   cross_border_allowed: bool = False, public_allowed: bool = False,
                   data_categories: Iterable[str] | None = None, operator_id: str | None = None,
                   actor: str = "", now: datetime | None = None) -> str:
    """Record a consent given (the fields of Art. 8 p.4). Returns the consent's id.

    If the person's consent to this purpose is already in force, it is renewed (same row, event
    "renewed", the new terms); otherwise a new consent row starts with event "given".
    `policy_version_id` defaults to the version in force on the day given; `data_categories` to
    the purpose's; `operator_id` to the subject's. Raises ValidationFailed (every field at once):
    subject_unknown, purpose_unknown, given_at_*, channel_unknown, evidence_missing,
    evidence_too_long, policy_unknown, no_policy_in_force, valid_until_before_given,
    category_unknown, operator_unknown.
    """
    now = now or datetime.now(timezone.utc)
    errors: dict[str, tuple[str, str]] = {}
    subject = _live_subject(session, subject_id, errors)
    purpose = session.scalars(select(Purpose).where(Purpose.code == purpose_code)).first()
    if purpose is None:
        errors["purpose"] = ("purpose_unknown", f"Unknown purpose {str(purpose_code)[:40]!r}.")
    _check_moment(given_at, "given_at", now, errors)
    if channel not in CONSENT_CHANNELS:
        errors["channel"] = ("channel_unknown", f"The channel must be one of {', '.join(CONSENT_CHANNELS)}.")
    evidence = _check_evidence(evidence, errors)
    if policy_version_id is not None:
        if session.get(PolicyVersion, policy_version_id) is None:
            errors["policy_version_id"] = ("policy_unknown", "There is no such version of the policy.")
    elif "given_at" not in errors:
        version = version_in_force(session, local_day(given_at))
        if version is None:
            errors["policy_version_id"] = ("no_policy_in_force",
                                           "No version of the policy was in force on that day: choose one.")
        else:
            policy_version_id = version.id
    if valid_until is not None:
        if not isinstance(valid_until, date) or isinstance(valid_until, datetime):
            errors["valid_until"] = ("valid_until_invalid", "The term must be a calendar date.")
        elif "given_at" not in errors and valid_until < local_day(given_at):
            errors["valid_until"] = ("valid_until_before_given", "The consent cannot end before it was given.")
    known = {c.value for c in DataCategory}
    if data_categories is None:
        categories = list(purpose.data_categories or []) if purpose is not None else []
    else:
        categories = list(dict.fromkeys(data_categories))
        bad = [c for c in categories if c not in known]
        if bad:
            errors["data_categories"] = ("category_unknown", f"Unknown data category {str(bad[0])[:40]!r}.")
    if operator_id is not None and session.get(Operator, operator_id) is None:
        errors["operator_id"] = ("operator_unknown", "There is no such operator.")
    if errors:
        raise ValidationFailed(errors)

    operator_id = operator_id or subject.operator_id
    current = session.scalars(
        select(Consent).where(Consent.subject_id == subject_id, Consent.purpose_id == purpose.id,
                              Consent.state == "given").order_by(Consent.given_at.desc())).first()
    fields = dict(operator_id=operator_id, policy_version_id=policy_version_id, valid_until=valid_until,
                  channel=channel, evidence=evidence, third_parties_allowed=bool(third_parties_allowed),
                  cross_border_allowed=bool(cross_border_allowed), public_allowed=bool(public_allowed),
                  data_categories=categories)
    if current is not None and current.given_at <= given_at:
        kind = "renewed"
        consent = current
        for name, value in fields.items():
            setattr(consent, name, value)
        consent.updated_at = now
    else:
        kind = "given"
        consent = Consent(subject_id=subject_id, purpose_id=purpose.id, state="given", given_at=given_at,
                          withdrawn_at=None, created_at=now, updated_at=now, **fields)
        session.add(consent)
    session.flush()
    session.add(ConsentEvent(subject_id=subject_id, consent_id=consent.id, kind=kind, at=given_at,
                             channel=channel, evidence=evidence, policy_version_id=policy_version_id,
                             staff_id=_staff_id(actor), created_at=now, updated_at=now))
    session.flush()
    from pdp_desk.services.retention import refresh_destroy_after
    refresh_destroy_after(session, [subject_id])
    audit.record(session, f"consent.{'renew' if kind == 'renewed' else 'give'}", "consent",
                 [subject_id, consent.id],
                 {"purpose": purpose.code, "channel": channel, "policy_version_id": policy_version_id,
                  "valid_until": valid_until.isoformat() if valid_until else None,
                  "third_parties": bool(third_parties_allowed), "cross_border": bool(cross_border_allowed),
                  "public": bool(public_allowed), "categories": categories}, actor=actor, at=now)
    return consent.id


def withdraw_consent(session: Session, subject_id: str, purpose_codes: Iterable[str], *, at: datetime,
                     channel: str, evidence: str, actor: str = "", text: str = "", language: str = "ru",
                     operator_id: str | None = None, now: datetime | None = None) -> str:
    """The person withdraws consent for these purposes (Art. 8 p.7). Returns the request's id.

    Records the withdrawal (each consent withdrawn at `at`, an event linked to the request) and
    opens a request of type consent_withdrawal (services.requests.register_request), whose
    action clock (15 working days to stop processing or refuse with reasons) runs from `at`.
    Raises ValidationFailed: subject_unknown, no_purposes, purpose_unknown, consent_not_given,
    at_*, channel_unknown, evidence_missing, evidence_too_long; or RequestError from the
    request's own checks (nothing is written then either).
    """
    from pdp_desk.domain.deadlines import RequestType
    from pdp_desk.services.requests import NewRequest, register_request

    now = now or datetime.now(timezone.utc)
    errors: dict[str, tuple[str, str]] = {}
    subject = _live_subject(session, subject_id, errors)
    codes = sorted(set(purpose_codes or ()))
    purposes = {}
    if not codes:
        errors["purposes"] = ("no_purposes", "Choose the purposes the consent is withdrawn for.")
    else:
        purposes = dict(session.execute(select(Purpose.code, Purpose.id).where(Purpose.code.in_(codes))).all())
        unknown = [c for c in codes if c not in purposes]
        if unknown:
            errors["purposes"] = ("purpose_unknown", f"Unknown purpose {str(unknown[0])[:40]!r}.")
    _check_moment(at, "at", now, errors)
    if channel not in WITHDRAWAL_CHANNELS:
        errors["channel"] = ("channel_unknown", f"The channel must be one of {', '.join(WITHDRAWAL_CHANNELS)}.")
    evidence = _check_evidence(evidence, errors)
    consents = []
    if subject is not None and purposes and "purposes" not in errors:
        consents = session.scalars(select(Consent).where(
            Consent.subject_id == subject_id, Consent.purpose_id.in_(list(purposes.values())),
            Consent.state == "given")).all()
        given = {c.purpose_id for c in consents}
        missing = [code for code, pid in purposes.items() if pid not in given]
        if missing:
            errors["purposes"] = ("consent_not_given",
                                  f"There is no consent in force for {', '.join(sorted(missing))}.")
        elif "at" not in errors:
            early = [c for c in consents if c.given_at > at]
            if early:
                errors["at"] = ("at_before_given", "The consent cannot be withdrawn before it was given.")
    if errors:
        raise ValidationFailed(errors)

    request_id = register_request(session, NewRequest(
        type=RequestType.CONSENT_WITHDRAWAL, channel=channel, received_at=at,
        operator_id=operator_id or subject.operator_id, subject_id=subject_id, text=text or "",
        language=language if language in ("ru", "kk") else "ru"), actor=actor, now=now)
    code_of = {pid: code for code, pid in purposes.items()}
    apply_withdrawal(session, subject_id, consents, sorted(code_of[c.purpose_id] for c in consents), at=at,
                     channel=channel, evidence=evidence, request_id=request_id, actor=actor, now=now)
    return request_id


def apply_withdrawal(session: Session, subject_id: str, consents: list, purpose_codes: list[str], *,
                     at: datetime, channel: str, evidence: str, request_id: str, actor: str = "",
                     now: datetime) -> None:
    """Write a withdrawal already checked: each consent withdrawn at `at` (the moment the person
    withdrew, not the moment it is recorded), an event linked to the request, and one audit
    entry. Processing has to stop within 15 working days of `at` (Art. 8 p.7): that is the
    request's action clock, which this does not meet (services.requests.complete_action does).
    Shared by withdraw_consent and services.requests.record_consent_withdrawal."""
    for consent in consents:
        consent.state, consent.withdrawn_at, consent.updated_at = "withdrawn", at, now
        session.add(ConsentEvent(subject_id=subject_id, consent_id=consent.id, kind="withdrawn", at=at,
                                 channel=channel, evidence=evidence,
                                 policy_version_id=consent.policy_version_id, staff_id=_staff_id(actor),
                                 request_id=request_id, created_at=now, updated_at=now))
    session.flush()
    from pdp_desk.services.retention import refresh_destroy_after
    refresh_destroy_after(session, [subject_id])
    audit.record(session, "consent.withdraw", "consent", [subject_id, request_id, *(c.id for c in consents)],
                 {"request_id": request_id, "purposes": list(purpose_codes), "channel": channel},
                 actor=actor, at=now)


def consent_counts(session: Session) -> dict[str, dict[str, int]]:
    """{purpose code: {state: count}} over the register (for the Consents tab's header)."""
    out: dict[str, dict[str, int]] = {}
    for code, state, n in session.execute(
            select(Purpose.code, Consent.state, func.count()).join(Purpose, Purpose.id == Consent.purpose_id)
            .group_by(Purpose.code, Consent.state)):
        out.setdefault(code, {})[state] = n
    return out

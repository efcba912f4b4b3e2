"""Use cases of the register of subjects: the paged list, a subject's card, add, edit, merge.

The list is made for a table model that reads pages from SQL and never holds the register:

* `register_page(session, filter, sort, after, limit)` is ONE keyset query for the page's rows
  (the sort key and the id of the last row are the cursor), then two queries for the page's ids
  (their phones and e-mails; their consents at a glance and next destruction date), never one
  per row. `register_count` counts with the same filter.
* `row_at` / `cursor_at` / `page_at` jump to any offset (a scroll bar dragged to row 900,000):
  `LIMIT 1 OFFSET n` over the sort's index, reading only the index (see `_jump_key`).
* Sorts: "name" (the folded name, then id), "created" (the id: UUIDv7 ids are in creation
  order, and the primary key's index serves it), "next_destruction" (the stored
  `subject.destroy_after`, see services.retention: the dated rows in the order of its index
  (destroy_after, id), then the undated ones, "never", in id order).
* Destroyed subjects are shown as ids only: with status "destroyed" the list is read from the
  destruction records (ids kept for ever), and a subject row left with status destroyed
  shows no name nor contacts.

Search uses the forgiving search of services.subjects (`matching_ids`): the text filter is the
same search as the search box, as SQL, so it combines with the other filters and the paging.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import and_, delete, exists, false, func, insert, intersect, null, or_, select, text, tuple_
from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import DATA_CATEGORY_LABELS, SUBJECT_CATEGORY_LABELS, DataCategory, SubjectCategory
from pdp_desk.domain.deadlines import label as request_type_label
from pdp_desk.domain.identifiers import format_phone
from pdp_desk.domain.ids import new_id
from pdp_desk.domain.localtime import local_day
from pdp_desk.domain.retention import Decision
from pdp_desk.domain.search import fold
from pdp_desk.services import audit
from pdp_desk.services.retention import decisions_for, refresh_destroy_after
from pdp_desk.services.subjects import (
    SubjectInput,
    ValidationFailed,
    create_subject,
    index_subject,
    matching_ids,
    name_words,
    read_query,
    update_subject,
    word_exists,
    word_ids,
)
from pdp_desk.store.models import (
    Address,
    Attachment,
    AuditEntry,
    Base,
    Consent,
    Contact,
    DestructionQueue,
    DestructionRecord,
    Operator,
    Order,
    Purpose,
    Request,
    Subject,
    SubjectOwned,
    SubjectToken,
)

SORTS = ("name", "created", "next_destruction")
STATUSES = ("active", "blocked", "destroyed")
CONSENT_STATES = ("given", "withdrawn", "expired", "none")
MAX_LIMIT = 1000
MAX_NOTE = 4000
MAX_AUDIT_ROWS = 2000
_SOURCE = re.compile(r"^[a-z0-9_.:-]{1,40}$")
_subject = Subject.__table__


class FilterError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class MergeError(ValueError):
    """Two subjects that cannot be merged; `code` is stable, `message` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilter:
    """What the register shows. Every field is optional; they combine with AND.

    `consent_state` is the state of the consent to `purpose` (any purpose when None):
    given (in force on `today`), withdrawn or expired (and none in force), none (never any).
    `due_for_destruction`: True for subjects due on `today`, False for those not due.
    `today` defaults to the current day in Kazakhstan.
    """

    category: str | None = None
    status: str | None = None
    operator_id: str | None = None
    purpose: str | None = None
    consent_state: str | None = None
    due_for_destruction: bool | None = None
    text: str = ""
    today: date | None = None

    def check(self) -> None:
        if self.category is not None and self.category not in {c.value for c in SubjectCategory}:
            raise FilterError("category_unknown", f"Unknown category {str(self.category)[:40]!r}.")
        if self.status is not None and self.status not in STATUSES:
            raise FilterError("status_unknown", f"Unknown status {str(self.status)[:40]!r}.")
        if self.consent_state is not None and self.consent_state not in CONSENT_STATES:
            raise FilterError("consent_state_unknown", f"Unknown consent state {str(self.consent_state)[:40]!r}.")


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort key of its last row and that row's id. Opaque to the GUI."""

    sort: str
    key: str | None
    id: str


@dataclass(frozen=True)
class RegisterRow:
    id: str
    register_no: str | None
    category: str
    status: str                                # active | blocked | destroyed
    full_name: str                             # "" for destroyed subjects
    phones: tuple[str, ...]                    # as shown: +7 7XX XXX XX XX
    emails: tuple[str, ...]
    consents: dict[str, str]                   # purpose code -> given | withdrawn | expired (absent: none)
    next_destruction: date | None
    due: bool
    created_at: datetime | None
    operator_id: str | None
    destroyed_at: datetime | None
    cursor: Cursor


@dataclass(frozen=True)
class Page:
    rows: tuple[RegisterRow, ...]
    next_cursor: Cursor | None                 # None: this was the last page


def _today(flt: RegisterFilter) -> date:
    return flt.today or local_day(datetime.now(timezone.utc))


_DESTROY_AFTER = _subject.c.destroy_after


def _consent_condition(flt: RegisterFilter, today: date):
    """EXISTS conditions on the subject's consents for the purpose/consent_state filter."""
    def consents(*where):
        conditions = [Consent.subject_id == _subject.c.id, *where]
        if flt.purpose is not None:
            conditions.append(Consent.purpose_id == select(Purpose.id).where(Purpose.code == flt.purpose)
                              .scalar_subquery())
        return exists().where(and_(*conditions))

    in_force = and_(Consent.state == "given", or_(Consent.valid_until.is_(None), Consent.valid_until >= today))
    state = flt.consent_state
    if state is None:
        return consents() if flt.purpose is not None else None
    if state == "given":
        return consents(in_force)
    if state == "none":
        return ~consents()
    if state == "withdrawn":
        # Withdrawn consents are few (about 1 %): collect them through the index on state, rather
        # than checking every subject in name order (170 ms instead of 310 ms on a million).
        withdrawn = select(Consent.subject_id).where(Consent.state == "withdrawn")
        if flt.purpose is not None:
            withdrawn = withdrawn.where(Consent.purpose_id == select(Purpose.id).where(Purpose.code == flt.purpose)
                                        .scalar_subquery())
        return and_(_subject.c.id.in_(withdrawn), ~consents(in_force))
    return and_(consents(or_(Consent.state == "expired",
                             and_(Consent.state == "given", Consent.valid_until < today))), ~consents(in_force))


def _where(flt: RegisterFilter, today: date, session: Session | None = None) -> list:
    return _where_plan(flt, today, session)[0]


def _where_plan(flt: RegisterFilter, today: date, session: Session | None = None) -> tuple[list, bool]:
    """The filter as WHERE conditions, and whether a page is best read by collecting the matches
    and sorting them (True: a search matching few subjects) rather than walking the sort's index."""
    flt.check()
    where = []
    collect = False
    if flt.status is not None:
        where.append(_subject.c.status == flt.status)
    if flt.category is not None:
        where.append(_subject.c.category == flt.category)
    if flt.operator_id is not None:
        where.append(_subject.c.operator_id == flt.operator_id)
    consent = _consent_condition(flt, today)
    if consent is not None:
        where.append(consent)
    if flt.due_for_destruction is not None:
        where.append(_DESTROY_AFTER <= today if flt.due_for_destruction
                     else or_(_DESTROY_AFTER.is_(None), _DESTROY_AFTER > today))
    if (flt.text or "").strip():
        condition, collect = _text_condition(session, flt.text)
        where.append(condition)
    return where, collect


# How a name search is read, by how many name words each query word matches (counted up to
# BROAD_WORD: a range of the token index each, a few ms). Words matching fewer are intersected
# and their subjects collected and sorted: cost grows with the matches, wherever they fall in
# name order. Words matching more are checked per subject (EXISTS); when every word is that
# common, the name index is walked in order, checking each subject, which finds a page of
# matches after a few hundred rows. Measured on a million subjects (the first page, by name):
#   "пётр" (36,000 matches): collected 50 ms, walked 170 ms (the Peters gather late in name
#       order: surnames come first, and the demo's male surnames late in the alphabet);
#   "алия сейт" (22,000 and 13,000; 88 people have both): intersected 14 ms, walked 2.8 s;
#   "нурлан" (85,000): walked 6 ms, collected 100 ms; "а" (800,000): walked 1 ms, collected 0.9 s.
BROAD_WORD = 60_000


def _text_condition(session: Session | None, query: str):
    """The search box as a WHERE condition on the subject table (services.subjects' forgiving
    search), and whether to collect the matches (see BROAD_WORD) rather than walk an index."""
    reading = read_query(query)
    how, ids = matching_ids(reading)
    if ids is None:
        return false(), True
    if how != "name" or session is None:
        return _subject.c.id.in_(ids), True
    words = name_words(reading.text)
    counts = {w: session.scalar(select(func.count()).select_from(word_ids(w).limit(BROAD_WORD).subquery()))
              for w in words}
    narrow = [w for w in words if counts[w] < BROAD_WORD]
    broad = [w for w in words if counts[w] >= BROAD_WORD]
    if not narrow:
        return and_(*(word_exists(w, _subject.c.id) for w in words)), False
    found = word_ids(narrow[0]) if len(narrow) == 1 else intersect(*(word_ids(w) for w in narrow))
    return and_(_subject.c.id.in_(found), *(word_exists(w, _subject.c.id) for w in broad)), True


def _sort_key(sort: str):
    if sort == "name":
        return _subject.c.name_key
    if sort == "created":
        return None
    if sort == "next_destruction":
        return _DESTROY_AFTER
    raise FilterError("sort_unknown", f"Unknown sort {str(sort)[:40]!r}; use one of {', '.join(SORTS)}.")


def _order_by(sort: str) -> list:
    key = _sort_key(sort)
    if key is None:
        return [_subject.c.id]
    return [key, _subject.c.id]


def _after(sort: str, cursor: Cursor | None):
    if cursor is None:
        return None
    if cursor.sort != sort:
        raise FilterError("cursor_sort", "This cursor belongs to another sort order; start from the top.")
    key = _sort_key(sort)
    if key is None:
        return _subject.c.id > cursor.id
    return tuple_(key, _subject.c.id) > tuple_(cursor.key, cursor.id)


def _segments(sort: str, cursor: Cursor | None) -> list[tuple[list, list]]:
    """(conditions, order) of the parts a page is read from, in order. One part for most sorts;
    by next destruction two, each served by the index on (destroy_after, id): the dated rows,
    then the undated ones ("never") in id order. SQLite orders NULLs first and cannot serve
    "NULLs last" from an index, hence the two parts rather than one ORDER BY."""
    if sort != "next_destruction":
        condition = _after(sort, cursor)
        return [([] if condition is None else [condition], _order_by(sort))]
    if cursor is not None and cursor.sort != sort:
        raise FilterError("cursor_sort", "This cursor belongs to another sort order; start from the top.")
    key, sid = _DESTROY_AFTER, _subject.c.id
    undated = ([key.is_(None)] + ([sid > cursor.id] if cursor is not None and cursor.key is None else []),
               [key, sid])
    if cursor is not None and cursor.key is None:
        return [undated]
    dated = [key.is_not(None)]
    if cursor is not None:
        dated.append(tuple_(key, sid) > tuple_(cursor.key, cursor.id))
    return [(dated, [key, sid]), undated]


def _key_column(sort: str):
    key = _sort_key(sort)
    return (key if key is not None else null()).label("sort_key")


def _check_limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise FilterError("limit_invalid", "The page size must be a positive number.")
    return min(limit, MAX_LIMIT)


def register_page(session: Session, flt: RegisterFilter | None = None, sort: str = "name",
                  after: Cursor | None = None, limit: int = 100) -> Page:
    """One page of the register after `after` (None: from the top)."""
    flt = flt or RegisterFilter()
    limit = _check_limit(limit)
    today = _today(flt)
    if flt.status == "destroyed":
        return _destroyed_page(session, flt, sort, after, limit)
    where, collect = _where_plan(flt, today, session)
    rows: list = []
    for conditions, order in _segments(sort, after):
        if collect and sort == "name":
            # `name_key || ''`: the same order, but SQLite cannot read it from the name index, so it
            # sorts the few matches instead of walking the index to find them
            order = [_subject.c.name_key.concat(""), _subject.c.id]
        stmt = (select(_subject.c.id, _subject.c.register_no, _subject.c.category, _subject.c.status,
                       _subject.c.full_name, _subject.c.operator_id, _subject.c.created_at, _key_column(sort))
                .where(*where, *conditions).order_by(*order).limit(limit + 1 - len(rows)))
        rows += session.execute(stmt).all()
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(_enrich(session, rows, sort, today), _cursor_of(sort, rows[-1]) if more and rows else None)


def _cursor_of(sort: str, row) -> Cursor:
    return Cursor(sort, row.sort_key, row.id)


def _enrich(session: Session, rows: list, sort: str, today: date) -> tuple[RegisterRow, ...]:
    ids = [r.id for r in rows if r.status != "destroyed"]
    contacts: dict[str, list] = {}
    extra: dict[str, tuple] = {}
    if ids:
        for c in session.execute(select(Contact.subject_id, Contact.kind, Contact.normalized)
                                 .where(Contact.subject_id.in_(ids))
                                 .order_by(Contact.subject_id, Contact.is_primary.desc(), Contact.created_at)):
            contacts.setdefault(c.subject_id, []).append(c)
        glance = text(
            "SELECT subject.id AS id, subject.destroy_after AS destroy_after, "
            "(SELECT group_concat(coalesce(p.code, '?') || '|' || c.state || '|' || coalesce(c.valid_until, '') "
            "|| '|' || c.given_at, char(31)) FROM consent c LEFT JOIN purpose p ON p.id = c.purpose_id "
            "WHERE c.subject_id = subject.id) AS consents "
            f"FROM subject WHERE subject.id IN ({', '.join(f':i{k}' for k in range(len(ids)))})")
        for r in session.execute(glance, {f"i{k}": v for k, v in enumerate(ids)}):
            extra[r.id] = (r.destroy_after, r.consents)
    out = []
    for r in rows:
        destroyed = r.status == "destroyed"
        own = contacts.get(r.id, [])
        destroy_after, glance_text = extra.get(r.id, (None, None))
        nd = date.fromisoformat(destroy_after) if destroy_after else None
        out.append(RegisterRow(
            r.id, r.register_no, r.category, r.status, "" if destroyed else r.full_name,
            tuple(format_phone(c.normalized) for c in own if c.kind == "phone"),
            tuple(c.normalized for c in own if c.kind == "email"),
            _glance(glance_text, today), nd, nd is not None and nd <= today, r.created_at, r.operator_id,
            None, _cursor_of(sort, r)))
    return tuple(out)


def _glance(joined: str | None, today: date) -> dict[str, str]:
    """{purpose: state}: in force wins; otherwise the state of the latest consent."""
    best: dict[str, tuple[int, str, str]] = {}
    for part in (joined or "").split("\x1f"):
        if not part:
            continue
        code, state, valid_until, given_at = part.split("|", 3)
        if state == "given" and valid_until and valid_until < today.isoformat():
            state = "expired"
        rank = (1 if state == "given" else 0, given_at)
        if code not in best or rank > best[code][:2]:
            best[code] = (*rank, state)
    return {code: value[2] for code, value in best.items()}


def register_count(session: Session, flt: RegisterFilter | None = None, cap: int | None = None) -> int:
    """How many rows the filter shows; with `cap`, at most `cap` (counting stops there: a broad
    search such as "а" matches half the register, and counting it exactly takes seconds)."""
    flt = flt or RegisterFilter()
    if flt.status == "destroyed":
        stmt = _destroyed_query(flt, count=True)
        if cap is not None:
            stmt = select(func.count()).select_from(_destroyed_query(flt).limit(cap).subquery())
        return session.scalar(stmt) or 0
    inner = select(_subject.c.id).where(*_where(flt, _today(flt), session))
    if cap is not None:
        inner = inner.limit(max(0, cap))
    return session.scalar(select(func.count()).select_from(inner.subquery())) or 0


def _jump_key(session: Session, flt: RegisterFilter, sort: str, offset: int):
    """(sort key, id) of the row at `offset`, or None past the end.

    By name, in three index reads rather than one sort of the whole register: the name at that
    offset (`ORDER BY name_key` is the name index's own order), how many rows come before that
    name, then the row among the people of that same name. `ORDER BY name_key, id ... OFFSET n`
    in one query sorts every row first (11 s on a million), because the index holds no id."""
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise FilterError("offset_invalid", "The row number must be 0 or more.")
    today = _today(flt)
    where = _where(flt, today, session)
    if sort != "name":
        segments = _segments(sort, None)
        for k, (conditions, order) in enumerate(segments):
            if k < len(segments) - 1:
                # this part's rows come before the next part's: skip it whole when offset is past it
                size = session.scalar(select(func.count()).select_from(_subject).where(*where, *conditions)) or 0
                if offset >= size:
                    offset -= size
                    continue
            stmt = (select(_subject.c.id, _key_column(sort)).where(*where, *conditions)
                    .order_by(*order).limit(1).offset(offset))
            return session.execute(stmt).first()
        return None
    name = _subject.c.name_key
    key = session.execute(select(name).where(*where).order_by(name).limit(1).offset(offset)).scalar()
    if key is None:
        return None
    before = session.scalar(select(func.count()).select_from(_subject).where(*where, name < key)) or 0
    return session.execute(select(_subject.c.id, name.label("sort_key")).where(*where, name == key)
                           .order_by(_subject.c.id).limit(1).offset(offset - before)).first()


def row_at(session: Session, flt: RegisterFilter | None, sort: str, offset: int) -> RegisterRow | None:
    """The row at `offset` (0-based) in this filter and sort, or None past the end."""
    page = page_at(session, flt, sort, offset, limit=1)
    return page.rows[0] if page.rows else None


def cursor_at(session: Session, flt: RegisterFilter | None, sort: str, offset: int) -> Cursor | None:
    """The cursor to pass as `after` so that a page starts at row `offset` (None for 0)."""
    flt = flt or RegisterFilter()
    if offset == 0:
        return None
    if flt.status == "destroyed":
        row = session.execute(_destroyed_query(flt).limit(1).offset(offset - 1)).first()
        return None if row is None else Cursor(sort, None, row.id)
    row = _jump_key(session, flt, sort, offset - 1)
    return None if row is None else Cursor(sort, row.sort_key, row.id)


def page_at(session: Session, flt: RegisterFilter | None, sort: str, offset: int, limit: int = 100) -> Page:
    """The page starting at row `offset`: a jump, then a keyset page."""
    flt = flt or RegisterFilter()
    cursor = cursor_at(session, flt, sort, offset)
    if offset > 0 and cursor is None:
        return Page((), None)
    return register_page(session, flt, sort, cursor, limit)


# --- destroyed subjects: ids only ----------------------------------------------------------------


def _destroyed_query(flt: RegisterFilter, count: bool = False, after: str | None = None):
    rec = DestructionRecord
    where = []
    needle = (flt.text or "").strip().lower()
    if needle:
        where += [rec.subject_ref >= needle, rec.subject_ref < needle + "\uffff"]
    if after is not None:
        where.append(rec.subject_ref > after)
    if count:
        return select(func.count(func.distinct(rec.subject_ref))).where(*where)
    return (select(rec.subject_ref.label("id"), func.min(rec.destroyed_at).label("destroyed_at"))
            .where(*where).group_by(rec.subject_ref).order_by(rec.subject_ref))


def _destroyed_page(session: Session, flt: RegisterFilter, sort: str, after: Cursor | None, limit: int) -> Page:
    _sort_key(sort)
    rows = session.execute(_destroyed_query(flt, after=after.id if after else None).limit(limit + 1)).all()
    more = len(rows) > limit
    out = tuple(RegisterRow(r.id, None, "", "destroyed", "", (), (), {}, None, False, None, None,
                            r.destroyed_at, Cursor(sort, None, r.id)) for r in rows[:limit])
    return Page(out, out[-1].cursor if more and out else None)


# --- the card -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldItem:
    """One piece of data held about the subject: its category, value, where it came from, since when."""

    category: str              # domain.catalogue.DataCategory value
    category_label: str
    value: str
    source: str
    since: datetime | None
    row_id: str | None = None
    detail: str = ""           # "phone", "email", "iin", "note" ... when a category holds several kinds


@dataclass(frozen=True)
class OrderView:
    id: str
    external_no: str
    placed_at: datetime
    amount_tiyn: int
    currency: str
    items: str
    status: str
    source: str
    operator_id: str | None
    address: str


@dataclass(frozen=True)
class RequestView:
    id: str
    number: str | None
    type: str
    type_label: str
    channel: str
    received_at: datetime
    state: str
    is_open: bool
    answer_due: date | None
    action_due: date | None
    next_due: date | None
    outcome: str


@dataclass(frozen=True)
class AuditView:
    id: str
    at: str
    actor: str
    action: str
    entity: str
    entity_ids: tuple[str, ...]
    details: dict


@dataclass(frozen=True)
class Card:
    subject_id: str
    register_no: str | None
    category: str
    category_label: str
    status: str
    blocked_at: datetime | None
    full_name: str
    iin: str | None
    operator_id: str | None
    operator_name: str
    source: str
    note: str
    created_at: datetime
    updated_at: datetime
    data: tuple[HeldItem, ...]                 # by category (policy §3.2 order), then date
    orders: tuple[OrderView, ...]              # newest first
    consents: object                           # services.consents.PersonConsents (as of now, with history)
    requests: tuple[RequestView, ...]          # newest first
    audit: tuple[AuditView, ...]               # oldest first
    retention: Decision | None
    queued_for_destruction: tuple[tuple[str, datetime, str | None], ...]   # (reason, queued_at, request_id)
    attachments: tuple[tuple[str, str, int, str], ...]                      # (id, filename, size, owner_table)
    merged_from: tuple[str, ...] = ()          # ids of subjects merged into this one


def _label(labels: dict, key, language: str) -> str:
    entry = labels.get(key)
    return entry.get(language, entry["en"]) if entry else str(key)


def subject_card(session: Session, subject_id: str, language: str = "ru", *,
                 now: datetime | None = None, with_audit: bool = True) -> Card | None:
    """Everything held about a subject, by category with source and date, and its history.

    None when there is no such subject (or only its destruction record is left)."""
    from pdp_desk.services.consents import person_consents

    subject = session.get(Subject, subject_id)
    if subject is None:
        return None
    now = now or datetime.now(timezone.utc)
    destroyed = subject.status == "destroyed"
    items: list[HeldItem] = []

    def add(category: DataCategory, value: str, source: str, since, row_id=None, detail=""):
        items.append(HeldItem(category.value, _label(DATA_CATEGORY_LABELS, category, language), value,
                              source, since, row_id, detail))

    if subject.full_name and not destroyed:
        add(DataCategory.FULL_NAME, subject.full_name, subject.source, subject.created_at, subject.id)
    contacts = session.scalars(select(Contact).where(Contact.subject_id == subject_id)
                               .order_by(Contact.created_at, Contact.id)).all()
    for c in contacts:
        if c.kind == "phone":
            add(DataCategory.PHONE, format_phone(c.normalized), c.source, c.created_at, c.id, "phone")
        else:
            add(DataCategory.EMAIL, c.value, c.source,
                c.created_at, c.id, "email")
    addresses = session.scalars(select(Address).where(Address.subject_id == subject_id)
                                .order_by(Address.created_at, Address.id)).all()
    address_text = {}
    for a in addresses:
        shown = ", ".join(p for p in (a.city, a.line) if p)
        address_text[a.id] = shown
        add(DataCategory.DELIVERY_ADDRESS, shown, a.source, a.created_at, a.id)
    order_rows = session.scalars(select(Order).where(Order.subject_id == subject_id)
                                 .order_by(Order.placed_at.desc(), Order.id)).all()
    orders = tuple(OrderView(o.id, o.external_no, o.placed_at, o.amount_tiyn, o.currency, o.items, o.status,
                             o.source, o.operator_id, address_text.get(o.address_id, "")) for o in order_rows)
    for o in reversed(order_rows):
        add(DataCategory.ORDER_HISTORY, f"{o.external_no or o.id}: {o.items}", o.source, o.placed_at, o.id, "order")
    if subject.iin and not destroyed:
        add(DataCategory.OTHER, subject.iin, subject.source, subject.created_at, subject.id, "iin")
    if subject.note and not destroyed:
        add(DataCategory.OTHER, subject.note, "manual", subject.updated_at, subject.id, "note")
    order = {c.value: k for k, c in enumerate(DataCategory)}
    items.sort(key=lambda i: (order.get(i.category, 99), i.since or now))

    requests = tuple(RequestView(
        r.id, r.number, r.type, _request_label(r.type, language), r.channel, r.received_at, r.state, bool(r.is_open),
        r.answer_due, r.action_due, r.next_due, r.outcome)
        for r in session.scalars(select(Request).where(Request.subject_id == subject_id)
                                 .order_by(Request.received_at.desc(), Request.id)))
    operator_name = ""
    if subject.operator_id:
        operator_name = session.scalar(select(Operator.name).where(Operator.id == subject.operator_id)) or ""
    decision = decisions_for(session, [subject_id], local_day(now)).get(subject_id) if not destroyed else None
    queued = tuple((q.reason_code, q.queued_at, q.request_id) for q in session.scalars(
        select(DestructionQueue).where(DestructionQueue.subject_id == subject_id).order_by(DestructionQueue.queued_at)))
    attachments = tuple(session.execute(
        select(Attachment.id, Attachment.filename, Attachment.size, Attachment.owner_table)
        .where(Attachment.subject_id == subject_id).order_by(Attachment.created_at)).all())
    journal, merged = (), ()
    if with_audit:
        related = [subject_id, *(r.id for r in requests),
                   *session.scalars(select(Consent.id).where(Consent.subject_id == subject_id))]
        journal, merged = audit_history(session, related, since=subject.created_at)
    return Card(
        subject.id, subject.register_no, subject.category,
        _label(SUBJECT_CATEGORY_LABELS, _category(subject.category), language), subject.status,
        subject.blocked_at, "" if destroyed else subject.full_name, None if destroyed else subject.iin,
        subject.operator_id, operator_name, subject.source, "" if destroyed else subject.note,
        subject.created_at, subject.updated_at, tuple(items), orders,
        person_consents(session, subject_id, now, language), requests, journal, decision, queued, attachments,
        merged)


def _category(value: str):
    try:
        return SubjectCategory(value)
    except ValueError:
        return value


def _request_label(request_type: str, language: str) -> str:
    try:
        return request_type_label(request_type, language if language in ("ru", "kk", "en") else "en")
    except ValueError:
        return request_type


def audit_history(session: Session, ids: Iterable[str], *, since: datetime | None = None,
                  limit: int = MAX_AUDIT_ROWS) -> tuple[tuple[AuditView, ...], tuple[str, ...]]:
    """Journal entries naming any of `ids` (oldest first), following merges: the history of a
    subject merged into one of them is included. Returns (entries, merged subject ids).

    The journal keeps ids as JSON text with no index on them, so each round scans the journal
    (instr() on the text, then an exact check of the decoded list). `since` (the subject's
    creation) bounds the first round through the index on `at`, with a day of margin for the
    clocks of other PCs; subjects found merged in are searched without a bound."""
    wanted = {i for i in ids if i}
    seen_entries: dict[str, AuditView] = {}
    merged: list[str] = []
    pending = set(wanted)
    for _ in range(5):
        if not pending:
            break
        conditions = [func.instr(AuditEntry.entity_ids, i) > 0 for i in sorted(pending)]
        stmt = (select(AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity,
                       AuditEntry.entity_ids, AuditEntry.details)
                .where(or_(*conditions)).order_by(AuditEntry.at, AuditEntry.device_id, AuditEntry.seq).limit(limit))
        if since is not None:
            stmt = stmt.where(AuditEntry.at >= (since - timedelta(days=1)).astimezone(timezone.utc)
                              .isoformat(timespec="microseconds"))
            since = None
        pending = set()
        for row in session.execute(stmt):
            entity_ids = tuple(row.entity_ids or ())
            if row.id in seen_entries or not wanted.intersection(entity_ids):
                continue
            seen_entries[row.id] = AuditView(row.id, row.at, row.actor, row.action, row.entity, entity_ids,
                                             dict(row.details or {}))
            if row.action == "subject.merge" and len(entity_ids) >= 2 and entity_ids[0] in wanted:
                other = entity_ids[1]
                if other not in wanted:
                    wanted.add(other)
                    pending.add(other)
                    merged.append(other)
    entries = sorted(seen_entries.values(), key=lambda e: e.at)
    return tuple(entries[:limit]), tuple(merged)


# --- add and edit ---------------------------------------------------------------------------------


def _check_extra(session: Session, operator_id: str | None, note: str | None, source: str | None) -> dict:
    errors: dict[str, tuple[str, str]] = {}
    if operator_id is not None and session.get(Operator, operator_id) is None:
        errors["operator_id"] = ("operator_unknown", "There is no such operator.")
    if note is not None and len(note) > MAX_NOTE:
        errors["note"] = ("too_long", f"The note is longer than {MAX_NOTE} characters.")
    if source is not None and not _SOURCE.match(source):
        errors["source"] = ("source_invalid", "The source is a short code such as “manual” or “website”.")
    return errors


def add_subject(session: Session, data: SubjectInput, actor: str = "", now: datetime | None = None, *,
                allow_shared_contacts: bool = False) -> str:
    """Add a subject to the register (every field validated; nothing written on error).

    A phone or e-mail another subject already has is refused (ValidationFailed, field
    "phones.N"/"emails.N", code "already_registered": open that person's card instead) unless
    `allow_shared_contacts` (two people may share a family phone: the form asks first)."""
    errors: dict[str, tuple[str, str]] = {}
    try:
        from pdp_desk.services.subjects import validate

        clean = validate(data)
    except ValidationFailed as failed:
        errors.update(failed.errors)
        clean = None
    errors.update(_check_extra(session, data.operator_id, data.note, data.source))
    if clean is not None and not allow_shared_contacts:
        for kind, pairs, name in (("phone", clean.phones, "phones"), ("email", clean.emails, "emails")):
            for k, (_, normalized) in enumerate(pairs):
                if session.scalar(select(Contact.subject_id).where(Contact.kind == kind,
                                                                   Contact.normalized == normalized).limit(1)):
                    errors[f"{name}.{k}"] = ("already_registered",
                                             "Another person in the register has this; open their card instead.")
    if errors:
        raise ValidationFailed(errors)
    return create_subject(session, data, actor=actor, now=now)


@dataclass
class SubjectEdit:
    """A change from the card's form: None leaves a field as it is; lists replace."""

    category: str | None = None
    operator_id: str | None = None
    note: str | None = None
    full_name: str | None = None
    iin: str | None = None
    phones: list[str] | None = None
    emails: list[str] | None = None
    addresses: list[tuple[str, str]] | None = None
    clear_operator: bool = field(default=False)


def edit_subject(session: Session, subject_id: str, edit: SubjectEdit, actor: str = "",
                 now: datetime | None = None) -> list[str]:
    """Change a subject from its card; returns the fields changed. Validates every field (the
    data fields through services.subjects.update_subject) and writes nothing on error."""
    now = now or datetime.now(timezone.utc)
    subject = session.get(Subject, subject_id)
    if subject is None or subject.status == "destroyed":
        raise ValidationFailed({"subject": ("subject_unknown",
                                            "There is no such subject (it may have been destroyed).")})
    errors = _check_extra(session, edit.operator_id, edit.note, None)
    if edit.category is not None and edit.category not in {c.value for c in SubjectCategory}:
        errors["category"] = ("unknown_category", f"Unknown category {edit.category[:40]!r}.")
    if errors:
        raise ValidationFailed(errors)
    # update_subject validates and writes the data fields (or raises, having written nothing).
    changed = update_subject(session, subject_id, full_name=edit.full_name, iin=edit.iin, phones=edit.phones,
                             emails=edit.emails, addresses=edit.addresses, actor=actor, now=now)
    own: list[str] = []
    if edit.category is not None and edit.category != subject.category:
        subject.category = edit.category
        own.append("category")
    operator_id = None if edit.clear_operator else edit.operator_id
    if (edit.clear_operator or edit.operator_id is not None) and operator_id != subject.operator_id:
        subject.operator_id = operator_id
        own.append("operator_id")
    if edit.note is not None and edit.note != subject.note:
        subject.note = edit.note
        own.append("note")
    if own:
        subject.updated_at = now
        session.flush()
        audit.record(session, "subject.update", "subject", [subject_id], {"fields": own}, actor=actor, at=now)
    return changed + own


# --- merge ----------------------------------------------------------------------------------------


def _personal_tables() -> dict[str, object]:
    """Every table keyed by subject_id (SubjectOwned), by name: what a merge must move."""
    return {m.local_table.name: m.local_table for m in Base.registry.mappers if issubclass(m.class_, SubjectOwned)}


@dataclass(frozen=True)
class MergeReport:
    keep_id: str
    merged_id: str
    shared: tuple[str, ...]           # "phone" / "email": what made them the same person
    counts: dict[str, int]            # rows moved per table
    dropped_duplicates: dict[str, int]


def merge_subjects(session: Session, keep_id: str, merge_id: str, actor: str = "",
                   now: datetime | None = None) -> MergeReport:
    """Merge `merge_id` into `keep_id`: the same person, sharing a phone or an e-mail.

    subject_id never changes (a trigger refuses it), so each of merge_id's rows is copied under
    keep_id with a new id and the original is deleted; references between the copied rows
    (consent events to consents, orders to addresses, request events and attachments to
    requests ...) follow. Contacts and addresses already held are not copied twice; per purpose
    one consent remains (the one given earlier) holding the events of both, its state replayed
    from them. keep_id keeps its name, category, IIN and note, filling what it lacks from
    merge_id; a block on either stays. The journal gets "subject.merge" with both ids and counts.
    Raises MergeError: same_subject, subject_unknown, destroyed, nothing_shared, iin_differs.
    """
    now = now or datetime.now(timezone.utc)
    if keep_id == merge_id:
        raise MergeError("same_subject", "Choose two different people to merge.")
    keep, gone = session.get(Subject, keep_id), session.get(Subject, merge_id)
    if keep is None or gone is None:
        raise MergeError("subject_unknown", "One of the two people is not in the register.")
    if "destroyed" in (keep.status, gone.status):
        raise MergeError("destroyed", "The data of one of the two people has been destroyed.")
    other = Contact.__table__.alias("other")
    shared = sorted(set(session.scalars(
        select(Contact.kind).where(Contact.subject_id == keep_id).where(exists().where(and_(
            other.c.subject_id == merge_id, other.c.kind == Contact.kind,
            other.c.normalized == Contact.normalized))))))
    if not shared:
        raise MergeError("nothing_shared", "These two people share no phone number and no e-mail address: "
                                           "nothing shows they are the same person.")
    if keep.iin and gone.iin and keep.iin != gone.iin:
        raise MergeError("iin_differs", "These two people have different IINs: they are not the same person.")

    tables = _personal_tables()
    rows = {name: [dict(r) for r in session.execute(select(t).where(t.c.subject_id == merge_id)).mappings()]
            for name, t in tables.items()}
    new_ids: dict[str, dict[str, str]] = {name: {} for name in tables}
    dropped: dict[str, int] = {}

    # Contacts and addresses keep_id already holds map onto keep_id's rows instead of copies.
    have_contacts = {(c.kind, c.normalized): c.id for c in session.execute(
        select(Contact.id, Contact.kind, Contact.normalized).where(Contact.subject_id == keep_id))}
    have_primary = {kind for (kind,) in session.execute(
        select(Contact.kind).where(Contact.subject_id == keep_id, Contact.is_primary.is_(True)))}
    copy: dict[str, list[dict]] = {name: [] for name in tables}
    for row in rows.get("contact", []):
        existing = have_contacts.get((row["kind"], row["normalized"]))
        if existing is not None:
            new_ids["contact"][row["id"]] = existing
            dropped["contact"] = dropped.get("contact", 0) + 1
        else:
            have_contacts[(row["kind"], row["normalized"])] = row["id"]
            if row["is_primary"] and row["kind"] in have_primary:
                row["is_primary"] = False
            copy["contact"].append(row)
    have_addresses = {(fold(a.city), fold(a.line)): a.id for a in session.execute(
        select(Address.id, Address.city, Address.line).where(Address.subject_id == keep_id))}
    for row in rows.get("address", []):
        existing = have_addresses.get((fold(row["city"]), fold(row["line"])))
        if existing is not None:
            new_ids["address"][row["id"]] = existing
            dropped["address"] = dropped.get("address", 0) + 1
        else:
            have_addresses[(fold(row["city"]), fold(row["line"]))] = row["id"]
            copy["address"].append(row)

    # Consents: one per purpose and grant state; the earlier given wins and takes the other's events.
    keep_consents = session.execute(select(Consent.__table__).where(Consent.subject_id == keep_id)).mappings().all()
    survivors: dict[str, str] = {}      # consent id (either side) -> consent id that stays
    retire_keep: list[str] = []         # keep_id's consents replaced by an earlier one of merge_id
    for row in rows.get("consent", []):
        rival = next((k for k in keep_consents if k["purpose_id"] == row["purpose_id"] and k["id"] not in retire_keep
                      and _same_grant(k, row)), None)
        if rival is None or row["given_at"] < rival["given_at"]:
            copy["consent"].append(row)
            if rival is not None:
                retire_keep.append(rival["id"])
                survivors[rival["id"]] = row["id"]
        else:
            survivors[row["id"]] = rival["id"]
            dropped["consent"] = dropped.get("consent", 0) + 1
    keep_queued = session.scalar(select(func.count()).select_from(DestructionQueue)
                                 .where(DestructionQueue.subject_id == keep_id))
    for name, table_rows in rows.items():
        if name == "destruction_queue" and keep_queued:
            dropped[name] = len(table_rows)   # queued once is enough (as queue_for_destruction does)
        elif name not in ("contact", "address", "consent"):
            copy[name] = table_rows

    for name, table_rows in copy.items():
        for row in table_rows:
            new_ids[name][row["id"]] = new_id()
    # A consent merged into another points at the survivor's (new or kept) id.
    for old, target in survivors.items():
        new_ids["consent"][old] = new_ids["consent"].get(target, target)

    def remap(table_name: str, row: dict) -> dict:
        out = dict(row)
        out["id"] = new_ids[table_name][row["id"]]
        out["subject_id"] = keep_id
        out["updated_at"] = now
        for column, value in row.items():
            if value is None or not column.endswith("_id") or column in ("subject_id", "operator_id", "staff_id",
                                                                          "responsible_staff_id"):
                continue
            target = column[:-3]
            target = "orders" if target == "order" else target
            if target in new_ids and value in new_ids[target]:
                out[column] = new_ids[target][value]
        if table_name == "attachment" and row.get("owner_table") in new_ids:
            out["owner_id"] = new_ids[row["owner_table"]].get(row["owner_id"], row["owner_id"])
        return out

    # Delete first (request numbers are unique), then insert the copies, all in this transaction.
    for name, t in tables.items():
        session.execute(delete(t).where(t.c.subject_id == merge_id))
    session.execute(delete(SubjectToken).where(SubjectToken.subject_id == merge_id))
    counts: dict[str, int] = {}
    for name in _insert_order(tables):
        table_rows = copy.get(name) or []
        if table_rows:
            session.execute(insert(tables[name]), [remap(name, r) for r in table_rows])
            counts[name] = len(table_rows)
    # keep_id's own consent events that moved to an earlier consent of merge_id
    if retire_keep:
        ce = tables["consent_event"]
        for old in retire_keep:
            session.execute(ce.update().where(ce.c.consent_id == old).values(consent_id=new_ids["consent"][old]))
        c = tables["consent"]
        session.execute(delete(c).where(c.c.id.in_(retire_keep)))
    _replay_consents(session, keep_id, now)

    # The subject row: keep_id's values, what it lacks from merge_id.
    if not keep.full_name and gone.full_name:
        keep.full_name, keep.name_key = gone.full_name, fold(gone.full_name)
    keep.iin = keep.iin or gone.iin
    keep.operator_id = keep.operator_id or gone.operator_id
    if gone.note and gone.note not in (keep.note or ""):
        keep.note = "\n".join(p for p in (keep.note, gone.note) if p)[:MAX_NOTE]
    if gone.status == "blocked" and keep.status != "blocked":
        keep.status, keep.blocked_at = "blocked", gone.blocked_at or now
    elif gone.status == "blocked" and keep.blocked_at and gone.blocked_at and gone.blocked_at < keep.blocked_at:
        keep.blocked_at = gone.blocked_at
    keep.updated_at = now
    session.flush()
    session.execute(delete(Subject).where(Subject.id == merge_id))
    index_subject(session, keep_id, keep.full_name)
    session.flush()
    refresh_destroy_after(session, [keep_id])   # consents and orders of both, merged
    audit.record(session, "subject.merge", "subject", [keep_id, merge_id],
                 {"shared": shared, **{f"moved_{k}": v for k, v in sorted(counts.items())},
                  **{f"duplicates_{k}": v for k, v in sorted(dropped.items())},
                  "requests_from": sorted(r["id"] for r in copy.get("request", [])),
                  "requests_to": sorted(new_ids["request"][r["id"]] for r in copy.get("request", []))},
                 actor=actor, at=now)
    session.expire_all()
    return MergeReport(keep_id, merge_id, tuple(shared), counts, dropped)


def _same_grant(a, b) -> bool:
    """Two consents to the same purpose that tell the same story: both in force, or both ended."""
    return (a["state"] == "given") == (b["state"] == "given")


def _insert_order(tables: dict) -> list[str]:
    first = ["address", "contact", "consent", "request"]
    return [n for n in first if n in tables] + sorted(n for n in tables if n not in first)


def _replay_consents(session: Session, subject_id: str, now: datetime) -> None:
    """After a merge: each consent's state and withdrawal time from its (combined) events."""
    from pdp_desk.store.models import ConsentEvent

    consents = session.execute(select(Consent.__table__).where(Consent.subject_id == subject_id)).mappings().all()
    for c in consents:
        events = session.execute(select(ConsentEvent.kind, ConsentEvent.at, ConsentEvent.channel,
                                        ConsentEvent.evidence, ConsentEvent.policy_version_id)
                                 .where(ConsentEvent.consent_id == c["id"])
                                 .order_by(ConsentEvent.at, ConsentEvent.id)).all()
        if not events:
            continue
        last = events[-1]
        values = {}
        if last.kind in ("given", "renewed"):
            values = {"state": "given", "withdrawn_at": None}
        elif last.kind == "withdrawn":
            values = {"state": "withdrawn", "withdrawn_at": last.at}
        elif last.kind == "expired":
            values = {"state": "expired"}
        given = [e for e in events if e.kind in ("given", "renewed")]
        if given:
            values["given_at"] = min(e.at for e in given if e.kind == "given") if any(
                e.kind == "given" for e in given) else c["given_at"]
        changed = {k: v for k, v in values.items() if c[k] != v}
        if changed:
            changed["updated_at"] = now
            session.execute(Consent.__table__.update().where(Consent.__table__.c.id == c["id"]).values(**changed))


__all__ = ["Card", "Cursor", "FilterError", "MergeError", "MergeReport", "Page", "RegisterFilter", "RegisterRow",
           "SubjectEdit", "add_subject", "audit_history", "cursor_at", "edit_subject", "merge_subjects", "page_at",
           "register_count", "register_page", "row_at", "subject_card"]


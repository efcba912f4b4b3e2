"""SQLAlchemy models: the whole data model of PDP Desk.

Rules that shape every table (see DESIGN.md, "The data"):

* Every row that travels between PCs has a UUIDv7 text key made on the PC that created it
  (`pdp_desk.domain.ids.new_id`). Catalogue rows seeded from the policy (purposes, the first
  policy version) get fixed keys instead, so two PCs seeding the same catalogue agree.
* Every row that holds a subject's personal data carries `subject_id` (see `SubjectOwned`).
  A trigger made by the migrations refuses any change of it, so one subject's data can always
  be found, exported and destroyed completely: `PERSONAL_DATA_TABLES` lists those tables.
* References between replicated rows are plain indexed id columns, not enforced foreign keys:
  a row made on another PC may arrive before the row it points to (sync applies bundles in any
  order), and SQLite cannot defer a foreign-key check past a transaction. Use cases keep the
  references right; `store.integrity.dangling_references` reports any that are not.
* Times are stored in UTC (`UtcDateTime`); calendar dates (deadlines, act dates) as dates.
* The audit journal and the destruction records are append-only (triggers refuse UPDATE and
  DELETE) and hold ids, codes and counts, never personal values.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pdp_desk.domain.ids import new_id


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(TypeDecorator):
    """A timestamp stored as naive UTC text and read back as an aware UTC datetime.

    Naive input is refused: a time without a zone is a bug waiting for the day the PC's clock
    zone differs from the shop's.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime (UTC or local zone)")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime, date: Date, dict: JSON, list: JSON}


class Keyed:
    """A replicated row: UUIDv7 key, creation and last-change times."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class SubjectOwned(Keyed):
    """A row holding a subject's personal data. `subject_id` never changes (trigger-enforced)."""

    subject_id: Mapped[str] = mapped_column(String(36), index=True)


# --- who processes ---------------------------------------------------------------------------


class Operator(Keyed, Base):
    """A sole proprietor (or company) that is the operator of the personal data."""

    __tablename__ = "operator"
    name: Mapped[str] = mapped_column(String(300))
    iin_bin: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Processor(Keyed, Base):
    """A third party processing data on the operator's behalf (named on the act, field б)."""

    __tablename__ = "processor"
    operator_id: Mapped[str] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(300))
    iin_bin: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str | None] = mapped_column(String(500))


class Staff(Keyed, Base):
    """A person who receives requests, destroys data and signs acts."""

    __tablename__ = "staff"
    operator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- the register of subjects ----------------------------------------------------------------


class Subject(Keyed, Base):
    """A data subject. Its `id` is the `subject_id` carried by every row of its data."""

    __tablename__ = "subject"
    # Human register number ("S-7KQ-000123"): unique because it contains the PC's code.
    register_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    # unregistered | registered | recipient (policy §3.1); see domain.catalogue.SubjectCategory
    category: Mapped[str] = mapped_column(String(20))
    operator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    full_name: Mapped[str] = mapped_column(String(300), default="")
    # Search key computed in Python (domain.search.fold): case, ё→е, Kazakh look-alikes.
    name_key: Mapped[str] = mapped_column(String(300), default="")
    iin: Mapped[str | None] = mapped_column(String(12), index=True)
    # active | blocked | destroyed
    status: Mapped[str] = mapped_column(String(12), default="active")
    blocked_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(40), default="manual")
    note: Mapped[str] = mapped_column(Text, default="")
    # The first Kazakhstan day on which nothing justifies holding the data (domain.retention
    # decide -> next_destruction); NULL while some consent is open-ended. Derived from stored data
    # only (consents, their events, orders, the purposes' rules, created_at), never from today,
    # so it does not go stale with time: services.retention.refresh_destroy_after recomputes it
    # whenever one of those changes. Due = destroy_after <= today.
    destroy_after: Mapped[date | None]

    # (name_key, id): sorting by name and jumping to row N read the index alone;
    # (category, name_key, id): the same within one category;
    # (destroy_after, id): the register's sort by next destruction, and the due subjects.
    __table_args__ = (Index("ix_subject_status_category", "status", "category"),
                      Index("ix_subject_name_key_id", "name_key", "id"),
                      Index("ix_subject_category_name_key_id", "category", "name_key", "id"),
                      Index("ix_subject_destroy_after_id", "destroy_after", "id"))


class Contact(SubjectOwned, Base):
    """A phone number or e-mail address: as entered, and normalised for matching."""

    __tablename__ = "contact"
    kind: Mapped[str] = mapped_column(String(8))  # phone | email
    value: Mapped[str] = mapped_column(String(320))  # as entered
    normalized: Mapped[str] = mapped_column(String(320))  # E.164 phone / lower-case e-mail
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(40), default="manual")

    __table_args__ = (Index("ix_contact_kind_normalized", "kind", "normalized"),)


class Address(SubjectOwned, Base):
    __tablename__ = "address"
    city: Mapped[str] = mapped_column(String(100), default="")
    line: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")


class Order(SubjectOwned, Base):
    """An order imported from the website. Amounts in tiyn (1/100 tenge) to stay exact."""

    __tablename__ = "orders"  # ORDER is an SQL keyword
    operator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    external_no: Mapped[str] = mapped_column(String(64), default="")
    placed_at: Mapped[datetime]
    amount_tiyn: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="KZT")
    items: Mapped[str] = mapped_column(Text, default="")
    address_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(20), default="delivered")
    source: Mapped[str] = mapped_column(String(40), default="import")

    # Import matches orders by (operator, the website's order number): re-import changes nothing.
    __table_args__ = (Index("ix_orders_operator_external_no", "operator_id", "external_no"),)


# --- purposes, policy, consent -----------------------------------------------------------------


class Purpose(Keyed, Base):
    """A purpose of processing from the policy's §4, with its data categories and retention."""

    __tablename__ = "purpose"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ru: Mapped[str] = mapped_column(String(300))
    name_kk: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    subject_categories: Mapped[list] = mapped_column(JSON, default=list)
    data_categories: Mapped[list] = mapped_column(JSON, default=list)
    # How long data may be kept for this purpose after its anchor event (see domain.catalogue).
    retention_days: Mapped[int | None] = mapped_column(Integer)
    retention_rule: Mapped[str] = mapped_column(String(40), default="until_withdrawn")
    policy_section: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PolicyVersion(Keyed, Base):
    """A version of the Operator's privacy policy, kept whole with its SHA-256 fingerprint."""

    __tablename__ = "policy_version"
    label: Mapped[str] = mapped_column(String(40))
    effective_from: Mapped[date] = mapped_column(index=True)
    language: Mapped[str] = mapped_column(String(5), default="en")
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class Consent(SubjectOwned, Base):
    """A subject's consent to one purpose: its current state (events hold its history)."""

    __tablename__ = "consent"
    purpose_id: Mapped[str] = mapped_column(String(36), index=True)
    operator_id: Mapped[str | None] = mapped_column(String(36))
    policy_version_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(12), default="given")  # given | withdrawn | expired
    given_at: Mapped[datetime]
    valid_until: Mapped[date | None]
    withdrawn_at: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(20), default="website")
    evidence: Mapped[str] = mapped_column(String(500), default="")
    # Art. 8 p.4: transfer to third parties, cross-border transfer, distribution in public sources.
    third_parties_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_border_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    public_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    data_categories: Mapped[list] = mapped_column(JSON, default=list)

    __table_args__ = (Index("ix_consent_subject_purpose", "subject_id", "purpose_id"),
                      Index("ix_consent_state_withdrawn", "state", "withdrawn_at"))


class ConsentEvent(SubjectOwned, Base):
    """Append-only history of a consent: given, withdrawn, renewed, expired."""

    __tablename__ = "consent_event"
    consent_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20), default="")
    evidence: Mapped[str] = mapped_column(String(500), default="")
    policy_version_id: Mapped[str | None] = mapped_column(String(36))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str | None] = mapped_column(String(36))


# --- requests --------------------------------------------------------------------------------


class Request(SubjectOwned, Base):
    """A subject's request (or a duty with a clock, such as a breach notice).

    Due dates are computed by domain.deadlines from the working-day calendar and stored, so the
    inbox sorts and filters in SQL; a calendar change recomputes the open ones.
    """

    __tablename__ = "request"
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    operator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    type: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime]
    documents_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    requester_kind: Mapped[str] = mapped_column(String(20), default="subject")
    representative_name: Mapped[str] = mapped_column(String(300), default="")
    authority_document: Mapped[str] = mapped_column(String(300), default="")
    # Where the answer goes (an e-mail or postal address as the requester gave it).
    reply_to: Mapped[str] = mapped_column(String(500), default="", server_default="")
    language: Mapped[str] = mapped_column(String(2), default="ru", server_default="ru")
    text: Mapped[str] = mapped_column(Text, default="")
    # received | identity_checked | in_progress | answered | refused | closed
    state: Mapped[str] = mapped_column(String(20), default="received")
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    responsible_staff_id: Mapped[str | None] = mapped_column(String(36))
    answer_due: Mapped[date | None]
    action_due: Mapped[date | None]
    next_due: Mapped[date | None]  # the nearest open clock: what the inbox sorts by
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(30), default="")
    refusal_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_request_open_next_due", "is_open", "next_due"),
                      Index("ix_request_received_at", "received_at"))


class RequestEvent(SubjectOwned, Base):
    """Append-only timeline of a request: state changes, notes, moved deadlines."""

    __tablename__ = "request_event"
    request_id: Mapped[str] = mapped_column(String(36), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[str | None] = mapped_column(String(36))


class Attachment(SubjectOwned, Base):
    """A file kept in the database (a request's scan, a letter): destroyed with its subject."""

    __tablename__ = "attachment"
    owner_table: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class SubjectToken(Base):
    """The search index of names: one row per folded word of a subject's name (domain.search).

    A plain B-tree rather than FTS5, because a prefix range scan on it is as fast for names and
    a deleted row is really gone (secure_delete zeroes it); FTS5 keeps deleted tokens in old
    segments until a merge. Derived data: rebuilt from `subject.full_name`, never synced.
    """

    __tablename__ = "subject_token"
    token: Mapped[str] = mapped_column(String(100), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(36), primary_key=True)

    # (subject_id, token): re-indexing a subject and intersecting words of a name.
    __table_args__ = (Index("ix_subject_token_subject_token", "subject_id", "token"),)


class LetterTemplate(Keyed, Base):
    """An editable template of a reply letter (kind × language), with {placeholders}."""

    __tablename__ = "letter_template"
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("kind", "language", name="uq_letter_template_kind_language"),)


# --- destruction -----------------------------------------------------------------------------


class DestructionQueue(SubjectOwned, Base):
    """A subject waiting for destruction (an upheld request, a withdrawn consent, ...).

    The destruction wizard takes its candidates from here; the entry goes with the subject.
    """

    __tablename__ = "destruction_queue"
    reason_code: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(36), index=True)
    queued_at: Mapped[datetime]
    staff_id: Mapped[str | None] = mapped_column(String(36))


class DestructionAct(Keyed, Base):
    """An act of destruction of personal data (policy §9.2–9.5), kept three years."""

    __tablename__ = "destruction_act"
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    operator_id: Mapped[str] = mapped_column(String(36), index=True)
    act_date: Mapped[date]
    reason_code: Mapped[str] = mapped_column(String(40))
    reason_text: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(String(200), default="")
    information_system: Mapped[str] = mapped_column(String(300), default="")
    method: Mapped[str] = mapped_column(String(300), default="")
    # [{"staff_id", "full_name", "position"}]: the people who destroyed the data
    destroyed_by: Mapped[list] = mapped_column(JSON, default=list)
    processors: Mapped[list] = mapped_column(JSON, default=list)
    names_subjects: Mapped[bool] = mapped_column(Boolean, default=True)
    kept_until: Mapped[date]
    state: Mapped[str] = mapped_column(String(24), default="executed")
    executed_at: Mapped[datetime | None]
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    signed_copy: Mapped[bytes | None] = mapped_column(LargeBinary)


class ActItem(Keyed, Base):
    """One subject on an act. `subject_ref` is an id, not personal data: it survives destruction.

    `subject_label` is the name (or register number) the act shows: the law asks the act to
    identify the subjects, and the act is the one document kept after destruction.
    """

    __tablename__ = "act_item"
    act_id: Mapped[str] = mapped_column(String(36), index=True)
    subject_ref: Mapped[str] = mapped_column(String(36), index=True)
    subject_label: Mapped[str] = mapped_column(String(300), default="")
    categories: Mapped[list] = mapped_column(JSON, default=list)
    # [{"category", "reason"}]: what another law requires to keep, without what identifies
    kept: Mapped[list] = mapped_column(JSON, default=list)
    paper_sheets: Mapped[int] = mapped_column(Integer, default=0)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")


class AccountingRecord(Keyed, Base):
    """Accounting facts of an order kept after its subject's destruction: no subject, no link.

    The accounting law requires keeping what was sold and for how much, not who bought it;
    `subject_id` cannot be blanked on an order (it is immutable), so the facts move here.
    """

    __tablename__ = "accounting_record"
    operator_id: Mapped[str | None] = mapped_column(String(36), index=True)
    external_no: Mapped[str | None] = mapped_column(String(64))  # NULL when the order had no number
    placed_on: Mapped[date]
    amount_tiyn: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="KZT")
    status: Mapped[str] = mapped_column(String(20), default="delivered")
    keep_until: Mapped[date] = mapped_column(index=True)

    __table_args__ = (UniqueConstraint("operator_id", "external_no", name="uq_accounting_record_operator_no"),)


class DestructionRecord(Keyed, Base):
    """Proof that a subject was destroyed: ids only, kept for ever, never undone by sync."""

    __tablename__ = "destruction_record"
    subject_ref: Mapped[str] = mapped_column(String(36), index=True)
    act_id: Mapped[str] = mapped_column(String(36), index=True)
    destroyed_at: Mapped[datetime]
    categories: Mapped[list] = mapped_column(JSON, default=list)
    reason_code: Mapped[str] = mapped_column(String(40))
    device_id: Mapped[str] = mapped_column(String(36))


# --- the journal, the calendar, settings ------------------------------------------------------


class AuditEntry(Base):
    """One entry of the append-only, hash-chained audit journal.

    Each PC keeps its own chain (device_id, seq 1, 2, 3 ...) so chains made offline on several PCs
    merge by union without breaking. `at` is kept as the exact text that was hashed.
    """

    __tablename__ = "audit_entry"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_ids: Mapped[list] = mapped_column(JSON, default=list)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("device_id", "seq", name="uq_audit_device_seq"),
                      Index("ix_audit_at", "at"))


class CalendarOverride(Keyed, Base):
    """An operator's correction of the working-day calendar: a new decree, a Kurban Ait date."""

    __tablename__ = "calendar_override"
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))  # day_off | working_day | kurban_ait
    reason: Mapped[str] = mapped_column(String(300), default="")


class Setting(Base):
    """A setting shared by every PC of the operator (terms of clocks, act options, ...)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict | list | str | int | float | bool | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class LocalState(Base):
    """What belongs to this PC alone and never travels: its device id and code, counters."""

    __tablename__ = "local_state"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- sync (docs/sync.md): clocks and identities only, never values ---------------------------


class DestructionConfirmation(Keyed, Base):
    """A PC's confirmation that it has applied an act's destruction (append-only; travels)."""

    __tablename__ = "destruction_confirmation"
    act_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    device_name: Mapped[str] = mapped_column(String(100), default="")
    device_code: Mapped[str] = mapped_column(String(8), default="")
    subjects: Mapped[int] = mapped_column(Integer, default=0)
    confirmed_at: Mapped[datetime]


class SyncState(Base):
    """One row (id 1): this PC's hybrid logical clock and local change counter. Not replicated.

    `applying` is 1 while the merge writes (the capture triggers stand aside then);
    `clock_offset_ms` is added to the wall clock by the triggers (0; tests skew replicas with it).
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    applying: Mapped[int] = mapped_column(Integer, default=0)
    clock_offset_ms: Mapped[int] = mapped_column(Integer, default=0)


class SyncRow(Base):
    """The clock of a replicated row's creation (or deletion: `deleted` = 1, a tombstone)."""

    __tablename__ = "sync_row"
    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    subject_id: Mapped[str | None] = mapped_column(String(36))  # tombstones only (live rows: NULL)
    hlc: Mapped[int] = mapped_column(Integer)
    device: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)  # local change counter; 0 for rows only received
    deleted: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_sync_row_tbl_seq", "tbl", "seq"),
                      Index("ix_sync_row_subject_id", "subject_id", sqlite_where=text("subject_id IS NOT NULL")))


class SyncCell(Base):
    """The clock of a column written after its row's creation (and of ranked columns always)."""

    __tablename__ = "sync_cell"
    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    col: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject_id: Mapped[str | None] = mapped_column(String(36), index=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(Integer)
    device: Mapped[str] = mapped_column(String(36))


class SyncPeer(Base):
    """Another PC this one has seen through a transport. Not replicated."""

    __tablename__ = "sync_peer"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    code: Mapped[str] = mapped_column(String(8), default="")
    applied_seq: Mapped[int] = mapped_column(Integer, default=0)  # its changes applied up to
    last_bundle: Mapped[str] = mapped_column(String(200), default="")
    last_seen_at: Mapped[datetime | None]
    last_applied_at: Mapped[datetime | None]


# Tables whose rows hold a subject's personal data, keyed by subject_id. `subject` itself is
# keyed by its own id. Destruction, export and the immutability triggers all use this list.
PERSONAL_DATA_TABLES: tuple[str, ...] = tuple(sorted(
    [mapper.local_table.name for mapper in Base.registry.mappers
     if issubclass(mapper.class_, SubjectOwned)] + ["subject_token"]
))

# Append-only tables: triggers refuse UPDATE and DELETE.
APPEND_ONLY_TABLES: tuple[str, ...] = ("audit_entry", "destruction_record", "destruction_confirmation")

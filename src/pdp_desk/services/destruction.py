"""Use case: destroy subjects' personal data by an act (policy §9; Law of the RK No. 94-V, Art. 18).

The destruction wizard calls, in order:

1. `candidates(session, today)`: who is waiting (the destruction queue of the inbox, and the
   register's retention rule when `services.retention` is there);
2. `review(session, subject_ids)`: per subject, the categories of data held, what a law requires
   to keep (order amounts for accounting), open requests; and a `stamp` of the subject's data.
   `SubjectReview.plan_item()` makes the plan's line (keep, exclude with a reasoned refusal,
   paper sheets);
3. `act_defaults(session)`: operators, staff, the information system's name, settings;
4. `preview(session, plan)`: the act as it will print, marked as a draft (no number yet);
5. `execute(db, plan, actor=...)`: ONE transaction (see below); then `save_copy(...)`;
6. later `attach_signed_copy(...)`; the Acts tab uses `acts(...)`, `act_pdf(...)`, `log_extract(...)`.

`execute` in one transaction (BEGIN IMMEDIATE: nobody writes meanwhile):

* re-checks every subject: gone or destroyed -> `already_destroyed`; its data changed since the
  review (the stamp differs) -> `subject_changed`, naming the subject. Nothing is written;
* numbers the act ("А-2026-7KQ-0001": this PC's code and counter, see domain.destruction);
* for each subject not excluded: keeps the accounting facts of its orders (below), deletes every
  row of every table in PERSONAL_DATA_TABLES (contacts, addresses, orders, consents and their
  events, requests and their events, attachments, the destruction-queue entry, the search
  tokens) and the subject row itself, and writes a DestructionRecord (ids only);
* writes the act (DestructionAct with a snapshot of the operator, processors and signers, and one
  ActItem per subject, its label the full name, or the register number when the setting
  "acts.name_subjects" is off), the journal entries (ids and counts only), the fingerprint of
  the act's record, and the act's PDF, rendered inside the transaction: a PDF that cannot be
  made leaves the database as it was;
* any failure (an injected one with `fail_after=N`, a cancel from `progress`) rolls everything
  back: no act without a destruction, no destruction without an act.

After COMMIT the WAL is checkpointed (TRUNCATE): with `secure_delete=ON` on every connection,
the destroyed values then survive nowhere in the database's files. Saving a copy of the PDF to
disk comes after the commit (`save_copy`); its failure never undoes the destruction.

What is kept for accounting, and how. Order rows carry the subject's id, and that id is
immutable (a trigger), so an order cannot be "anonymised" in place. The accounting facts an
accountant must keep (operator, the order's number, its date, amount, currency, status) go to a
ledger that holds no subject at all (`AccountingRecord`, table `accounting_record`), matched by
(operator, order number) so a ledger line the import already wrote is not written twice. Lines
written here carry the order's own day as their time and id time, not the moment of destruction,
so they cannot be lined up with the act by when they were made. The act says, per subject, how
many orders stay that way and on what basis. Until the schema has that table, `review` offers no
keeping and orders are destroyed whole (the accounting originals live in the fiscal system).

Journal: one "destruction.execute" entry per act (counts, reason), one "subject.destroy" entry
per chunk of up to 500 destroyed subjects (their ids and the act's id), one "destruction.refuse"
per excluded subject. The log extract of the act is made from the destruction records.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import case, delete, func, insert, select, text
from sqlalchemy.orm import Session

from pdp_desk.domain import destruction as rules
from pdp_desk.domain.destruction import DestructionRuleError, KeepReason, Method, Reason
from pdp_desk.domain.ids import new_ids
from pdp_desk.domain.localtime import local_day
from pdp_desk.services import audit, retention
from pdp_desk.services.setup import keep_days  # days backups are kept: the act says so
from pdp_desk.store.database import Database
from pdp_desk.store.local_state import device_code, next_in_series
from pdp_desk.store.models import (
    PERSONAL_DATA_TABLES,
    AccountingRecord,
    ActItem,
    Base,
    DestructionAct,
    DestructionQueue,
    DestructionRecord,
    Operator,
    Order,
    Processor,
    Request,
    Setting,
    Staff,
    Subject,
)
from pdp_desk.store.purge import purge_subjects
from pdp_desk.sync.merge import confirm_acts

if TYPE_CHECKING:  # documents.act is imported where an act is made (ReportLab: see render_act)
    from pdp_desk.documents.act import ActDocument

CHUNK = 500                       # subjects per step (IN lists, progress, journal entries)
CHECKPOINT_TRIES = 5
MAX_SIGNED_COPY = 50 * 1024 * 1024
SETTING_NAME_SUBJECTS = "acts.name_subjects"
SETTING_SYSTEM = "acts.information_system"
SETTING_LANGUAGE = "acts.language"
DEFAULT_SYSTEM = "PDP Desk"

STATE_EXECUTED = "executed"
STATE_SIGNED = "signed_copy_attached"

# Where each table's rows put a subject's data (categories of the act). Tables not named here
# (added later) count as "other" data and are destroyed all the same.
TABLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "address": ("delivery_address",),
    "orders": ("order_history",),
    "consent": ("consents",),
    "consent_event": ("consents",),
    "request": ("requests",),
    "request_event": ("requests",),
    "attachment": ("attachments",),
    "destruction_queue": (),
    "subject_token": (),          # derived from the name
}


class DestructionError(Exception):
    """A destruction that cannot be done; nothing was written.

    `code`: plan_invalid, operator_unknown, staff_unknown, nothing_to_destroy, subject_unknown,
    already_destroyed, subject_changed, operator_mismatch, cancelled, failed,
    act_unknown, copy_invalid, copy_exists. `subject_id`:
    the subject at fault, when there is one. `message`: English, for a shop manager.
    """

    def __init__(self, code: str, message: str, *, subject_id: str | None = None, field: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.subject_id = subject_id
        self.field = field


class InjectedFailure(RuntimeError):
    """The failure `execute(fail_after=N)` raises after N subjects (tests, benchmarks)."""


class SaveFailed(OSError):
    """A copy of the act could not be written to disk; the destruction itself stands."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.message = message
        self.path = path


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class PlanItem:
    """One subject of the act. `stamp`: from `review` (the execution refuses a subject whose data
    changed since). `kept`: (category, keep reason), e.g. ("order_history", "accounting")."""

    subject_id: str
    stamp: str
    kept: list[tuple[str, str]] = field(default_factory=list)
    excluded: bool = False
    refusal_reason: str = ""
    paper_sheets: int = 0


@dataclass
class Signer:
    """A person who destroyed the data. Name and position are taken from `staff` when empty."""

    staff_id: str | None
    full_name: str = ""
    position: str = ""


@dataclass
class DestructionPlan:
    reason: str
    subjects: list[PlanItem]
    operator_id: str
    staff: list[Signer]
    information_system: str = DEFAULT_SYSTEM
    methods: tuple[str, ...] = (Method.DATABASE_OVERWRITE.value,)
    act_date: date | None = None                 # the day of execution (Kazakhstan); None: that day
    reason_text: str = ""
    names_subjects: bool = True                  # from the setting "acts.name_subjects"
    language: str = "ru"                         # ru | kk | ru+kk
    processor_ids: list[str] | None = None       # None: every processor of the operator


@dataclass(frozen=True)
class ActResult:
    act_id: str
    number: str
    pdf: bytes
    destroyed: int
    excluded: int
    kept_records: int
    fingerprint: str
    checkpointed: bool
    warnings: tuple[str, ...] = ()


# --- candidates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A subject waiting for destruction. `sources`: "queue" (the inbox put it there) and/or
    "register" (the retention rule says it is due). `reason_code` is the source's own code;
    `suggested_reason` the act reason it points to."""

    subject_id: str
    label: str
    register_no: str | None
    status: str
    reason_code: str
    suggested_reason: Reason
    since: date | None
    sources: tuple[str, ...]
    request_id: str | None = None


def candidates(session: Session, today: date, *, limit: int | None = None) -> list[Candidate]:
    found: dict[str, dict] = {}
    for entry in session.execute(select(DestructionQueue.subject_id, DestructionQueue.reason_code,
                                        DestructionQueue.queued_at, DestructionQueue.request_id)
                                 .order_by(DestructionQueue.queued_at, DestructionQueue.id)):
        found.setdefault(entry.subject_id, {
            "reason": entry.reason_code, "since": local_day(entry.queued_at), "sources": ["queue"],
            "request_id": entry.request_id})
    for due in retention.destruction_due(session, today):
        reason = due.reasons[0].code if due.reasons else "term_expired"
        entry = found.setdefault(due.subject_id, {"reason": str(reason), "since": due.since,
                                                  "sources": [], "request_id": None})
        entry["sources"].append("register")
    # A subject due only by the register whose destruction was refused (with reasons, in an
    # act) on or after the day it became due is not offered again for the same due date.
    register_only = [sid for sid, entry in found.items() if entry["sources"] == ["register"]]
    for chunk in _chunks(register_only):
        for subject_ref, refused_at in session.execute(
                select(ActItem.subject_ref, func.max(ActItem.created_at))
                .where(ActItem.subject_ref.in_(chunk), ActItem.excluded.is_(True))
                .group_by(ActItem.subject_ref)):
            if refused_at is not None and local_day(refused_at) >= found[subject_ref]["since"]:
                del found[subject_ref]
    ids = list(found)
    subjects: dict[str, tuple] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(Subject.id, Subject.full_name, Subject.register_no, Subject.status)
                                   .where(Subject.id.in_(chunk))):
            subjects[row.id] = row
    out = []
    for subject_id, entry in found.items():
        row = subjects.get(subject_id)
        if row is None or row.status == "destroyed":
            continue
        out.append(Candidate(subject_id, row.full_name or row.register_no or "", row.register_no, row.status,
                             entry["reason"], rules.suggested_reason(entry["reason"]), entry["since"],
                             tuple(entry["sources"]), entry["request_id"]))
        if limit is not None and len(out) >= limit:
            break
    return out


def count_waiting(session: Session, today: date) -> int:
    """len(candidates(session, today)), counted by SQLite for the Destruction tab (candidates()
    takes 0.65 s at 50,000 subjects, 11 s at a million): the queue's subjects, and those the
    register's stored `destroy_after` says are due (candidates() confirms each by the domain
    rule; tests hold the two to the same number), less those refused on or after that day."""
    refused_since = retention.local_day_sql("a.created_at")
    return session.execute(text(f"""
        SELECT (SELECT count(*) FROM subject s
                 WHERE s.id IN (SELECT subject_id FROM destruction_queue) AND s.status != 'destroyed')
             + (SELECT count(*) FROM subject s
                 WHERE s.destroy_after <= :today AND s.status != 'destroyed'
                   AND s.id NOT IN (SELECT subject_id FROM destruction_queue)
                   AND NOT EXISTS (SELECT 1 FROM act_item a
                                    WHERE a.subject_ref = s.id AND a.excluded
                                      AND {refused_since} >= s.destroy_after))"""),
        {"today": today.isoformat()}).scalar_one()


# --- review ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeepOption:
    """What may be kept of a subject's data without the person, e.g. 3 orders for accounting."""

    category: str
    reason: str
    count: int


@dataclass(frozen=True)
class OpenRequest:
    request_id: str
    number: str | None
    type: str
    next_due: date | None


@dataclass(frozen=True)
class SubjectReview:
    subject_id: str
    state: str                          # active | blocked | destroyed | missing
    label: str                          # the full name ("" when the subject has none)
    register_no: str | None
    categories: tuple[str, ...]         # data categories held (domain.destruction codes)
    rows: dict[str, int]                # rows per table
    keep_options: tuple[KeepOption, ...]
    open_requests: tuple[OpenRequest, ...]
    stamp: str
    destroyed_by_act: str | None = None  # the act's number, when already destroyed
    operator_id: str | None = None       # the act must be the same operator's

    @property
    def destroyable(self) -> bool:
        return self.state in ("active", "blocked")

    def plan_item(self, *, keep: bool = True, excluded: bool = False, refusal_reason: str = "",
                  paper_sheets: int = 0) -> PlanItem:
        kept = [(k.category, k.reason) for k in self.keep_options] if keep else []
        return PlanItem(self.subject_id, self.stamp, kept, excluded, refusal_reason, paper_sheets)


def review(session: Session, subject_ids: Sequence[str]) -> list[SubjectReview]:
    """What each subject holds, in the order given. Reads only."""
    ids = list(dict.fromkeys(subject_ids))
    facts = _facts(session, ids)
    acts = _destroyed_by(session, [i for i in ids if facts[i].state in ("missing", "destroyed")])
    open_requests: dict[str, list[OpenRequest]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(Request.id, Request.subject_id, Request.number, Request.type,
                                          Request.next_due).where(Request.subject_id.in_(chunk),
                                                                  Request.is_open.is_(True))):
            open_requests.setdefault(row.subject_id, []).append(
                OpenRequest(row.id, row.number, row.type, row.next_due))
    out = []
    for subject_id in ids:
        f = facts[subject_id]
        options = ()
        if f.rows.get("orders"):
            options = (KeepOption("order_history", KeepReason.ACCOUNTING.value, f.rows["orders"]),)
        state = "destroyed" if subject_id in acts else f.state
        out.append(SubjectReview(subject_id, state, f.full_name, f.register_no, tuple(f.categories),
                                 dict(f.rows), options, tuple(open_requests.get(subject_id, ())), f.stamp,
                                 acts.get(subject_id), f.operator_id))
    return out


@dataclass
class _Facts:
    state: str = "missing"
    full_name: str = ""
    register_no: str | None = None
    operator_id: str | None = None
    categories: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    stamp: str = ""


def _facts(session: Session, ids: Sequence[str]) -> dict[str, _Facts]:
    """Categories, row counts and the stamp of each subject's data: a SHA-256 over the ids and
    change times of every row it owns, so any change, addition or deletion changes it."""
    facts = {i: _Facts() for i in ids}
    parts: dict[str, list[str]] = {i: [] for i in ids}
    categories: dict[str, set[str]] = {i: set() for i in ids}
    tables = Base.metadata.tables
    subject_table = tables["subject"]
    for chunk in _chunks(ids):
        for row in session.execute(select(subject_table.c.id, subject_table.c.updated_at, subject_table.c.status,
                                          subject_table.c.full_name, subject_table.c.iin,
                                          subject_table.c.register_no, subject_table.c.note,
                                          subject_table.c.operator_id)
                                   .where(subject_table.c.id.in_(chunk))):
            f = facts[row.id]
            f.state, f.full_name, f.register_no = row.status or "active", row.full_name or "", row.register_no
            f.operator_id = row.operator_id
            if f.state not in ("active", "blocked", "destroyed"):
                f.state = "active"
            parts[row.id].append(f"subject:{row.id}:{row.updated_at}:{row.status}")
            if row.full_name:
                categories[row.id].add("full_name")
            if row.iin:
                categories[row.id].add("iin")
            if row.note:
                categories[row.id].add("other")
        for name in PERSONAL_DATA_TABLES:
            table = tables[name]
            has_change_time = "updated_at" in table.c
            columns = [table.c.subject_id]
            if "id" in table.c:
                columns.append(table.c.id)
            if has_change_time:
                columns.append(table.c.updated_at)
            if name == "contact":
                columns.append(table.c.kind)
            for row in session.execute(select(*columns).where(table.c.subject_id.in_(chunk))):
                subject_id = row.subject_id
                f = facts.get(subject_id)
                if f is None:
                    continue
                f.rows[name] = f.rows.get(name, 0) + 1
                if has_change_time:
                    parts[subject_id].append(f"{name}:{row.id}:{row.updated_at}")
                if name == "contact":
                    categories[subject_id].add("phone" if row.kind == "phone" else
                                               "email" if row.kind == "email" else "other")
                else:
                    categories[subject_id].update(TABLE_CATEGORIES.get(name, ("other",)))
    for subject_id, f in facts.items():
        f.categories = rules.sort_categories(categories[subject_id])
        if name_count := f.rows.get("subject_token"):
            parts[subject_id].append(f"subject_token:{name_count}")
        f.stamp = hashlib.sha256("\n".join(sorted(parts[subject_id])).encode("utf-8")).hexdigest()
    return facts


def _destroyed_by(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """subject id -> the number of the act that destroyed it (for subjects already destroyed)."""
    out: dict[str, str] = {}
    for chunk in _chunks(list(ids)):
        for row in session.execute(select(DestructionRecord.subject_ref, DestructionAct.number)
                                   .join(DestructionAct, DestructionAct.id == DestructionRecord.act_id,
                                         isouter=True)
                                   .where(DestructionRecord.subject_ref.in_(chunk))):
            out[row.subject_ref] = row.number or "?"
    return out


# --- defaults for the wizard --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonChoice:
    id: str
    full_name: str
    position: str
    operator_id: str | None


@dataclass(frozen=True)
class OperatorChoice:
    id: str
    name: str
    iin_bin: str
    address: str


@dataclass(frozen=True)
class ActDefaults:
    names_subjects: bool
    information_system: str
    language: str
    methods: tuple[str, ...]
    operators: tuple[OperatorChoice, ...]
    staff: tuple[PersonChoice, ...]
    reasons: tuple[Reason, ...] = tuple(Reason)


def setting(session: Session, key: str, default):
    row = session.get(Setting, key)
    return default if row is None or row.value is None else row.value


def act_defaults(session: Session) -> ActDefaults:
    names = setting(session, SETTING_NAME_SUBJECTS, True)
    language = setting(session, SETTING_LANGUAGE, "ru")
    return ActDefaults(
        names_subjects=bool(names) if isinstance(names, bool) else True,
        information_system=str(setting(session, SETTING_SYSTEM, DEFAULT_SYSTEM))[:300] or DEFAULT_SYSTEM,
        language=language if language in rules.ACT_LANGUAGES else "ru",
        methods=(Method.DATABASE_OVERWRITE.value,),
        operators=tuple(OperatorChoice(o.id, o.name, o.iin_bin or "", o.address or "") for o in session.scalars(
            select(Operator).where(Operator.active.is_(True)).order_by(Operator.name))),
        staff=tuple(PersonChoice(s.id, s.full_name, s.position, s.operator_id) for s in session.scalars(
            select(Staff).where(Staff.active.is_(True)).order_by(Staff.full_name))))


# --- checking a plan -----------------------------------------------------------------------------


@dataclass
class _Checked:
    reason: Reason
    reason_text: str
    methods: tuple[Method, ...]
    act_date: date
    operator: dict
    processors: list[dict]
    staff: list[dict]
    items: list[PlanItem]


def _check_plan(session: Session, plan: DestructionPlan, now: datetime) -> _Checked:
    try:
        reason, reason_text = rules.check_reason(plan.reason, plan.reason_text)
        sheets = 0
        for item in plan.subjects:
            sheets += rules.check_sheets(item.paper_sheets)
            for category, keep_reason in item.kept:
                rules.keep_spec(category, keep_reason)
        methods = rules.check_methods(plan.methods, sheets)
    except DestructionRuleError as error:
        raise DestructionError("plan_invalid", error.message, field=error.code) from None
    if plan.language not in rules.ACT_LANGUAGES:
        raise DestructionError("plan_invalid", f"The act's language must be one of {', '.join(rules.ACT_LANGUAGES)}.",
                               field="language")
    if not plan.subjects:
        raise DestructionError("nothing_to_destroy", "Choose at least one subject.")
    seen: set[str] = set()
    for item in plan.subjects:
        if item.subject_id in seen:
            raise DestructionError("plan_invalid", "A subject is on the act twice.", subject_id=item.subject_id)
        seen.add(item.subject_id)
        if item.excluded and not item.refusal_reason.strip():
            raise DestructionError("plan_invalid", "Give the reason for not destroying an excluded subject "
                                   "(an open obligation, a legal hold …).", subject_id=item.subject_id,
                                   field="refusal_reason")
        if not item.stamp:
            raise DestructionError("plan_invalid", "Review the subjects before executing "
                                   "(the plan has no review stamp).", subject_id=item.subject_id)
    if all(item.excluded for item in plan.subjects):
        raise DestructionError("nothing_to_destroy", "Every subject is excluded: there is nothing to destroy, "
                               "so no act is made.")
    information_system = " ".join((plan.information_system or "").split())
    if not information_system or len(information_system) > 300:
        raise DestructionError("plan_invalid", "Give the information system's name (up to 300 characters).",
                               field="information_system")
    operator = session.get(Operator, plan.operator_id) if plan.operator_id else None
    if operator is None:
        raise DestructionError("operator_unknown", "Choose the operator whose data is destroyed.", field="operator")
    query = select(Processor).where(Processor.operator_id == operator.id)
    if plan.processor_ids is not None:
        query = query.where(Processor.id.in_(plan.processor_ids))
    processors = [{"role": "processor", "id": p.id, "name": p.name, "iin_bin": p.iin_bin or "",
                   "address": p.address or ""} for p in session.scalars(query.order_by(Processor.name))]
    staff = []
    for signer in plan.staff:
        full_name, position = " ".join(signer.full_name.split()), " ".join(signer.position.split())
        if signer.staff_id:
            row = session.get(Staff, signer.staff_id)
            if row is None:
                raise DestructionError("staff_unknown", "A person chosen to sign the act is not in the staff list.",
                                       field="staff")
            full_name, position = full_name or row.full_name, position or row.position
        if not full_name:
            raise DestructionError("plan_invalid", "Every person who destroys the data needs a name.", field="staff")
        staff.append({"staff_id": signer.staff_id or "", "full_name": full_name[:300], "position": position[:300]})
    if not staff:
        raise DestructionError("plan_invalid", "Name at least one person who destroys the data.", field="staff")
    # The act is dated the day the data is destroyed: that is a fact of the execution, not a choice.
    act_date = plan.act_date or local_day(now)
    if act_date != local_day(now):
        raise DestructionError("plan_invalid", f"The act is dated the day the data is destroyed "
                               f"({local_day(now):%d.%m.%Y}), not {act_date:%d.%m.%Y}.", field="act_date")
    return _Checked(reason, reason_text, methods, act_date,
                    {"role": "operator", "id": operator.id, "name": operator.name, "iin_bin": operator.iin_bin or "",
                     "address": operator.address or ""}, processors, staff, list(plan.subjects))


# --- numbers -----------------------------------------------------------------------------------


def next_act_number(session: Session, year: int) -> str:
    """This PC's next act number for `year` ("А-2026-7KQ-0001"); advances the counter."""
    code = device_code(session)
    return next_in_series(session, f"counter.act.{year}", rules.act_number_prefix(year, code), DestructionAct.number,
                          lambda n: rules.format_act_number(year, code, n))


# --- execution ---------------------------------------------------------------------------------


def execute(db: Database, plan: DestructionPlan, *, actor: str,
            progress: Callable[[int, int], bool | None] | None = None, fail_after: int | None = None,
            now: datetime | None = None) -> ActResult:
    """Destroy the plan's subjects and make the act, in one transaction; see the module's notes.

    `progress(done, total)` is called after each step: `done` counts subjects destroyed, and
    the act's PDF counts as half as many again at the end (so `done == total` means everything
    but the COMMIT is done); returning False cancels and rolls everything back
    (DestructionError "cancelled"). `fail_after`:
    raise InjectedFailure after that many subjects (then everything rolls back).
    Raises DestructionError; nothing is written then.
    """
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    try:
        with db.session() as session:
            result = _execute(session, plan, actor, progress, fail_after, now, db.device_id)
    except DestructionError:
        raise
    except InjectedFailure as error:
        raise DestructionError("failed", f"The destruction failed and was undone: nothing was destroyed and "
                               f"no act was made ({error}).") from error
    except Exception as error:  # anything else: the transaction rolled back
        raise DestructionError("failed", "The destruction failed and was undone: nothing was destroyed and no "
                               f"act was made. Cause: {type(error).__name__}: {error}") from error
    warnings = list(result.warnings)
    checkpointed = checkpoint(db)
    if not checkpointed:
        warnings.append("The database's write-ahead log could not be folded in yet (another window is reading). "
                        "The data is destroyed; close other PDP Desk windows and the log is cleared at the next "
                        "destruction or start.")
    copies = backup_copies(db.path)
    if copies:
        warnings.append(f"{len(copies)} backup copies of the database beside it (made before upgrades) still hold "
                        "the destroyed data: delete them or keep them under the backup policy: "
                        + ", ".join(p.name for p in copies[:5]))
    return replace(result, checkpointed=checkpointed, warnings=tuple(warnings))


def checkpoint(db: Database, tries: int = CHECKPOINT_TRIES) -> bool:
    for attempt in range(tries):
        try:
            db.checkpoint()
            return True
        except Exception:  # busy: a reader holds an old snapshot
            time.sleep(0.2 * (attempt + 1))
    return False


def backup_copies(path: Path) -> list[Path]:
    """Copies the store makes before a migration ("<stem>.before-<rev>-<stamp><suffix>")."""
    path = Path(path)
    try:
        return sorted(path.parent.glob(f"{path.stem}.before-*{path.suffix}"))
    except OSError:
        return []


def _execute(session: Session, plan: DestructionPlan, actor: str, progress, fail_after: int | None,
             now: datetime, device_id: str) -> ActResult:
    checked = _check_plan(session, plan, now)
    items = checked.items
    ids = [item.subject_id for item in items]
    facts = _facts(session, ids)
    gone = [i for i in ids if facts[i].state in ("missing", "destroyed")]
    if gone:
        acts = _destroyed_by(session, gone)
        subject_id = gone[0]
        if subject_id in acts or facts[subject_id].state == "destroyed":
            number = acts.get(subject_id)
            raise DestructionError("already_destroyed", "This subject's data was already destroyed"
                                   + (f" (act № {number})" if number else "") + ". Take it off the list.",
                                   subject_id=subject_id)
        raise DestructionError("subject_unknown", "A subject on the list is no longer in the register. "
                               "Take it off the list.", subject_id=subject_id)
    for item in items:
        f = facts[item.subject_id]
        if f.operator_id and f.operator_id != checked.operator["id"]:
            who = f.full_name or f.register_no or item.subject_id
            raise DestructionError("operator_mismatch", f"“{who}” is another operator's subject: make a separate act "
                                   "for each operator.", subject_id=item.subject_id)
        if f.stamp != item.stamp:
            who = f.full_name or f.register_no or item.subject_id
            raise DestructionError("subject_changed", f"The data of “{who}” was changed by someone else after the "
                                   "review. Review it again before destroying.", subject_id=item.subject_id)

    number = next_act_number(session, checked.act_date.year)
    act_id = new_ids(1)[0]
    names = plan.names_subjects
    kept_until = rules.kept_until(checked.act_date)
    act = DestructionAct(
        id=act_id, number=number, operator_id=checked.operator["id"], act_date=checked.act_date,
        reason_code=checked.reason.value, reason_text=checked.reason_text,
        legal_basis=rules.legal_basis(checked.reason, checked.reason_text, "ru")[:200]
        if checked.reason != Reason.OTHER else "",
        information_system=" ".join(plan.information_system.split()),
        method=",".join(m.value for m in checked.methods), destroyed_by=checked.staff,
        processors=[checked.operator, *checked.processors], names_subjects=names, kept_until=kept_until,
        state=STATE_EXECUTED, executed_at=now, created_at=now, updated_at=now)
    session.add(act)
    session.flush()

    item_ids = new_ids(len(items))
    record_ids = new_ids(len(items))
    to_destroy = [item for item in items if not item.excluded]
    total = len(to_destroy)
    # progress units: one per subject, and the act's PDF weighs as much as half the subjects
    units = total + max(1, total // 2)
    done = 0
    kept_records = 0
    item_rows: list[dict] = []
    record_rows: list[dict] = []
    record_of: dict[str, dict] = {}
    position = {item.subject_id: k for k, item in enumerate(items)}

    def label_of(subject_id: str) -> str:
        f = facts[subject_id]
        if names and f.full_name:
            return f.full_name
        return f.register_no or subject_id

    for chunk_items in _steps(to_destroy, fail_after):
        chunk = [item.subject_id for item in chunk_items]
        keep_ids = [item.subject_id for item in chunk_items if item.kept]
        kept_counts = _keep_accounting(session, keep_ids) if keep_ids else {}
        purge_subjects(session, chunk)
        for item in chunk_items:
            k = position[item.subject_id]
            f = facts[item.subject_id]
            kept = [{"category": c, "reason": r, "count": kept_counts.get(item.subject_id, 0)}
                    for c, r in item.kept]
            kept_records += kept_counts.get(item.subject_id, 0)
            record = {"id": record_ids[k], "subject_ref": item.subject_id, "act_id": act_id, "destroyed_at": now,
                      "categories": f.categories, "reason_code": checked.reason.value, "device_id": device_id,
                      "created_at": now, "updated_at": now}
            record_rows.append(record)
            record_of[item.subject_id] = record
            item_rows.append({"id": item_ids[k], "act_id": act_id, "subject_ref": item.subject_id,
                              "subject_label": label_of(item.subject_id), "categories": f.categories, "kept": kept,
                              "paper_sheets": item.paper_sheets, "excluded": False, "refusal_reason": "",
                              "created_at": now, "updated_at": now})
        audit.record(session, "subject.destroy", "subject", chunk,
                     {"act_id": act_id, "reason": checked.reason.value, "count": len(chunk)}, actor=actor, at=now)
        done += len(chunk)
        if fail_after is not None and done >= fail_after:
            raise InjectedFailure(f"failure injected after {done} subject(s)")
        if progress is not None and progress(done, units) is False:
            raise DestructionError("cancelled", "Cancelled: nothing was destroyed and no act was made.")

    for item in items:
        if item.excluded:
            k = position[item.subject_id]
            item_rows.append({"id": item_ids[k], "act_id": act_id, "subject_ref": item.subject_id,
                              "subject_label": label_of(item.subject_id), "categories": facts[item.subject_id].categories,
                              "kept": [], "paper_sheets": 0, "excluded": True,
                              "refusal_reason": item.refusal_reason.strip(), "created_at": now, "updated_at": now})
            audit.record(session, "destruction.refuse", "subject", [item.subject_id, act_id],
                         {"act_id": act_id, "reason": checked.reason.value}, actor=actor, at=now)
    # A reasoned refusal settles the subject's queue entries: the act item (excluded, with the
    # reason) and the journal keep it, and candidates() no longer offers the subject until
    # something new happens (a new queue entry, a term that runs out after the refusal).
    refused = [item.subject_id for item in items if item.excluded]
    for chunk in _chunks(refused):
        session.execute(delete(DestructionQueue).where(DestructionQueue.subject_id.in_(chunk),
                                                       DestructionQueue.queued_at <= now))
    item_rows.sort(key=lambda row: row["id"])
    if record_rows:
        session.execute(insert(DestructionRecord), record_rows)
    session.execute(insert(ActItem), item_rows)

    if record_rows:  # this PC is the first to confirm the act (the others confirm when they sync)
        confirm_acts(session, [act_id], {act_id: len(record_rows)}, now=now)
    record = _record(act, item_rows, {r["subject_ref"]: r["destroyed_at"] for r in record_rows})
    act.fingerprint = rules.act_fingerprint(record)
    audit.record(session, "destruction.execute", "destruction_act", [act_id],
                 {"reason": checked.reason.value, "destroyed": total, "excluded": len(items) - total,
                  "kept_records": kept_records, "paper_sheets": sum(i.paper_sheets for i in to_destroy),
                  "act_date": checked.act_date.isoformat(), "fingerprint": act.fingerprint}, actor=actor, at=now)
    # The PDF is made before COMMIT: if it cannot be made, nothing is destroyed.
    act.pdf = render_act(_document(act, item_rows, record_of, backup_days=keep_days(session)), plan.language)
    session.flush()
    if progress is not None and progress(units, units) is False:
        raise DestructionError("cancelled", "Cancelled: nothing was destroyed and no act was made.")
    return ActResult(act_id, number, act.pdf, total, len(items) - total, kept_records, act.fingerprint, False)


def _steps(items: list[PlanItem], fail_after: int | None) -> Iterable[list[PlanItem]]:
    """Chunks of CHUNK subjects, one ending exactly at `fail_after` (so the failure lands there)."""
    start = 0
    while start < len(items):
        stop = min(start + CHUNK, len(items))
        if fail_after is not None and start < fail_after < stop:
            stop = fail_after
        yield items[start:stop]
        start = stop


# --- what is kept for accounting ------------------------------------------------------------


def _id_at(moment: datetime) -> str:
    """A UUIDv7 whose time is `moment` (a ledger line dated by its order, not by its writing)."""
    ms = int(moment.timestamp() * 1000)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64 | (0b10 << 62) | (rand & ((1 << 62) - 1))
    h = value.to_bytes(16, "big").hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _keep_accounting(session: Session, subject_ids: list[str]) -> dict[str, int]:
    """Write the accounting facts of these subjects' orders to the ledger (unless there already);
    return the number of orders kept per subject."""
    model = AccountingRecord
    orders = Order
    counts: dict[str, int] = {}
    rows = session.execute(select(orders.subject_id, orders.operator_id, orders.external_no, orders.placed_at,
                                  orders.amount_tiyn, orders.currency, orders.status)
                           .where(orders.subject_id.in_(subject_ids))).all()
    numbered = {(r.operator_id, r.external_no) for r in rows if r.external_no}
    existing: set[tuple] = set()
    if numbered:
        for op_id, ext in session.execute(select(model.operator_id, model.external_no)
                                          .where(model.external_no.in_({e for _, e in numbered}))):
            existing.add((op_id, ext))
    new_rows = []
    for r in rows:
        counts[r.subject_id] = counts.get(r.subject_id, 0) + 1
        if r.external_no and (r.operator_id, r.external_no) in existing:
            continue
        day = local_day(r.placed_at)
        stamp = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        new_rows.append({"id": _id_at(stamp), "created_at": stamp, "updated_at": stamp,
                         "operator_id": r.operator_id, "external_no": r.external_no or None, "placed_on": day,
                         "amount_tiyn": r.amount_tiyn, "currency": r.currency, "status": r.status,
                         "keep_until": rules.accounting_keep_until(day)})
        if r.external_no:
            existing.add((r.operator_id, r.external_no))
    if new_rows:
        new_rows.sort(key=lambda row: row["id"])
        session.execute(insert(model), new_rows)
    return counts


# --- the act's record and document --------------------------------------------------------------


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


def _parties(act: DestructionAct) -> tuple[dict, list[dict]]:
    """(operator snapshot, processors) kept in the act's `processors` JSON (role-tagged)."""
    entries = list(act.processors or [])
    operator = next((e for e in entries if e.get("role") == "operator"), {"id": act.operator_id})
    return operator, [e for e in entries if e.get("role") != "operator"]


def _record(act: DestructionAct, item_rows: Sequence[dict], destroyed_at: dict[str, datetime]) -> dict:
    operator, processors = _parties(act)
    return rules.act_record(
        act_id=act.id, number=act.number or "", act_date=act.act_date, executed_at=_iso(act.executed_at),
        operator=operator, processors=processors, reason=act.reason_code, reason_text=act.reason_text or "",
        legal_basis_text=act.legal_basis or "", information_system=act.information_system or "",
        methods=[m for m in (act.method or "").split(",") if m], staff=list(act.destroyed_by or []),
        names_subjects=act.names_subjects, kept_until_day=act.kept_until,
        items=[{"subject_ref": r["subject_ref"], "label": r["subject_label"], "categories": r["categories"],
                "kept": r["kept"], "sheets": r["paper_sheets"], "excluded": r["excluded"],
                "refusal": r["refusal_reason"], "destroyed_at": _iso(destroyed_at.get(r["subject_ref"]))}
               for r in item_rows])


def render_act(document: ActDocument, language: str) -> bytes:
    """The act's PDF (documents.act)."""
    # imported here: ReportLab costs 0.3 s at start-up, and only making an act needs it
    from pdp_desk.documents import act as act_document

    return act_document.render_act(document, language)


def _document(act: DestructionAct, item_rows: Sequence[dict], records: dict[str, dict],
              draft: bool = False, backup_days: int | None = None) -> ActDocument:
    # imported here, as in render_act
    from pdp_desk.documents.act import ActDocument, ActLine, ActParty, ActSigner, LogLine

    operator, processors = _parties(act)
    lines = tuple(ActLine(r["subject_label"], tuple(r["categories"]),
                          tuple((k["category"], k["reason"], int(k.get("count") or 0)) for k in r["kept"]),
                          int(r["paper_sheets"] or 0), bool(r["excluded"]), r["refusal_reason"] or "")
                  for r in item_rows)
    log = tuple(LogLine(records[r["subject_ref"]]["destroyed_at"], r["subject_label"],
                        tuple(records[r["subject_ref"]]["categories"]), act.information_system or "",
                        records[r["subject_ref"]]["reason_code"])
                for r in item_rows if not r["excluded"] and r["subject_ref"] in records)
    return ActDocument(
        act_id=act.id, number=act.number or "", act_date=act.act_date,
        operator=ActParty(operator.get("name", ""), operator.get("iin_bin", ""), operator.get("address", "")),
        reason=act.reason_code, reason_text=act.reason_text or "",
        information_system=act.information_system or "",
        methods=tuple(m for m in (act.method or "").split(",") if m),
        staff=tuple(ActSigner(s.get("full_name", ""), s.get("position", "")) for s in act.destroyed_by or []),
        lines=lines, kept_until=act.kept_until, fingerprint=act.fingerprint or "",
        processors=tuple(ActParty(p.get("name", ""), p.get("iin_bin", ""), p.get("address", "")) for p in processors),
        names_subjects=act.names_subjects, executed_at=act.executed_at, log=log, draft=draft,
        backup_days=backup_days)


def _stored(session: Session, act_id: str) -> tuple[DestructionAct, list[dict], dict[str, dict]]:
    act = session.get(DestructionAct, act_id)
    if act is None:
        raise DestructionError("act_unknown", "There is no such act in this database.")
    item_rows = [{"subject_ref": i.subject_ref, "subject_label": i.subject_label, "categories": list(i.categories or []),
                  "kept": list(i.kept or []), "paper_sheets": i.paper_sheets, "excluded": i.excluded,
                  "refusal_reason": i.refusal_reason or ""}
                 for i in session.scalars(select(ActItem).where(ActItem.act_id == act_id).order_by(ActItem.id))]
    records = {r.subject_ref: {"destroyed_at": r.destroyed_at, "categories": list(r.categories or []),
                               "reason_code": r.reason_code}
               for r in session.scalars(select(DestructionRecord).where(DestructionRecord.act_id == act_id))}
    return act, item_rows, records


def stored_record(session: Session, act_id: str) -> dict:
    """The act's record rebuilt from the database (what its fingerprint covers)."""
    act, item_rows, records = _stored(session, act_id)
    return _record(act, item_rows, {k: v["destroyed_at"] for k, v in records.items()})


def render_act_pdf(session: Session, act_id: str, language: str = "ru") -> bytes:
    """The act made again from its record, e.g. in another language. It carries the same
    fingerprint and QR code, but it is a new file: the file that verifies byte for byte is the
    one stored with the act (`act_pdf`)."""
    act, item_rows, records = _stored(session, act_id)
    return render_act(_document(act, item_rows, records, backup_days=keep_days(session)), language)


def act_pdf(session: Session, act_id: str) -> bytes:
    """The act's PDF as made at execution (reprint, save, open)."""
    act = session.get(DestructionAct, act_id)
    if act is None or act.pdf is None:
        raise DestructionError("act_unknown", "There is no such act in this database.")
    return act.pdf


def preview(session: Session, plan: DestructionPlan, *, now: datetime | None = None) -> bytes:
    """The act as it will print, marked as a draft (no number, no QR code). Writes nothing."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    checked = _check_plan(session, plan, now)
    facts = _facts(session, [item.subject_id for item in checked.items])
    act = DestructionAct(
        id="", number="", operator_id=checked.operator["id"], act_date=checked.act_date,
        reason_code=checked.reason.value, reason_text=checked.reason_text,
        information_system=" ".join(plan.information_system.split()),
        method=",".join(m.value for m in checked.methods), destroyed_by=checked.staff,
        processors=[checked.operator, *checked.processors], names_subjects=plan.names_subjects,
        kept_until=rules.kept_until(checked.act_date), executed_at=None, fingerprint="")
    item_rows = []
    for item in checked.items:
        f = facts[item.subject_id]
        label = f.full_name if plan.names_subjects and f.full_name else (f.register_no or item.subject_id)
        count = f.rows.get("orders", 0)
        item_rows.append({"subject_ref": item.subject_id, "subject_label": label, "categories": f.categories,
                          "kept": [{"category": c, "reason": r, "count": count} for c, r in item.kept]
                          if not item.excluded else [],
                          "paper_sheets": item.paper_sheets, "excluded": item.excluded,
                          "refusal_reason": item.refusal_reason.strip()})
    return render_act(_document(act, item_rows, {}, draft=True, backup_days=keep_days(session)), plan.language)


def save_copy(pdf: bytes, path: Path | str, number: str = "") -> Path:
    """Write the act's PDF to `path` (through a temporary file, so a half-written file never
    stands under the act's name). Raises SaveFailed, whose message says the act stands."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as f:
            f.write(pdf)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except OSError as error:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        act = f"act № {number}" if number else "the act"
        raise SaveFailed(f"The data was destroyed and {act} is kept in the database; only saving a copy to "
                         f"{path} failed ({error.strerror or error}). Save it again from the Acts tab "
                         "(another folder, or free some disk space).", path) from None
    return path


# --- the register of acts -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActRow:
    act_id: str
    number: str
    act_date: date
    reason: str
    subjects: int                  # destroyed
    excluded: int
    state: str                     # executed | signed_copy_attached
    kept_until: date
    due_for_destruction: bool      # kept longer than the 3 years of policy §9.5
    executed_at: datetime | None
    has_signed_copy: bool


def acts(session: Session, today: date | None = None, *, limit: int | None = None,
         before: tuple[date, str] | None = None) -> list[ActRow]:
    """Acts, newest first (never their PDFs). Keyset paging: `before` = (act_date, number) of
    the last row shown."""
    today = today or local_day(datetime.now(timezone.utc))
    counts = (select(ActItem.act_id,
                     func.sum(case((ActItem.excluded.is_(True), 0), else_=1)).label("destroyed"),
                     func.sum(case((ActItem.excluded.is_(True), 1), else_=0)).label("excluded"))
              .group_by(ActItem.act_id).subquery())
    query = (select(DestructionAct.id, DestructionAct.number, DestructionAct.act_date, DestructionAct.reason_code,
                    DestructionAct.state, DestructionAct.kept_until, DestructionAct.executed_at,
                    (DestructionAct.signed_copy.is_not(None)).label("signed"),
                    counts.c.destroyed, counts.c.excluded)
             .join(counts, counts.c.act_id == DestructionAct.id, isouter=True)
             .order_by(DestructionAct.act_date.desc(), DestructionAct.number.desc()))
    if before is not None:
        day, number = before
        query = query.where((DestructionAct.act_date < day)
                            | ((DestructionAct.act_date == day) & (DestructionAct.number < number)))
    if limit is not None:
        query = query.limit(limit)
    return [ActRow(r.id, r.number or "", r.act_date, r.reason_code, int(r.destroyed or 0), int(r.excluded or 0),
                   r.state, r.kept_until, today > r.kept_until, r.executed_at, bool(r.signed))
            for r in session.execute(query)]


def attach_signed_copy(session: Session, act_id: str, data: bytes, actor: str, *, replace_existing: bool = False,
                       now: datetime | None = None) -> None:
    """Keep the scanned (or digitally signed) copy of the act: a PDF, JPEG, PNG or TIFF."""
    act = session.get(DestructionAct, act_id)
    if act is None:
        raise DestructionError("act_unknown", "There is no such act in this database.")
    if not data:
        raise DestructionError("copy_invalid", "The file is empty.")
    if len(data) > MAX_SIGNED_COPY:
        raise DestructionError("copy_invalid", f"The file is larger than {MAX_SIGNED_COPY // (1024 * 1024)} MB.")
    if not (data.startswith(b"%PDF-") or data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG")
            or data[:4] in (b"II*\x00", b"MM\x00*")):
        raise DestructionError("copy_invalid", "Attach a PDF or a scan (JPEG, PNG, TIFF) of the signed act.")
    if act.signed_copy is not None and not replace_existing:
        raise DestructionError("copy_exists", "A signed copy is already attached; replace it explicitly.")
    now = now or datetime.now(timezone.utc)
    replaced = act.signed_copy is not None
    act.signed_copy = data
    act.state = STATE_SIGNED
    act.updated_at = now
    session.flush()
    audit.record(session, "destruction.signed_copy", "destruction_act", [act_id],
                 {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "replaced": replaced},
                 actor=actor, at=now)


def signed_copy(session: Session, act_id: str) -> bytes | None:
    act = session.get(DestructionAct, act_id)
    if act is None:
        raise DestructionError("act_unknown", "There is no such act in this database.")
    return act.signed_copy


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    subject_ref: str
    label: str
    categories: tuple[str, ...]
    system: str
    reason: str


def log_extract(session: Session, act_id: str) -> list[LogEntry]:
    """The act's extract of the system log: one entry per destroyed subject."""
    act, item_rows, records = _stored(session, act_id)
    return [LogEntry(records[r["subject_ref"]]["destroyed_at"], r["subject_ref"], r["subject_label"],
                     tuple(records[r["subject_ref"]]["categories"]), act.information_system or "",
                     records[r["subject_ref"]]["reason_code"])
            for r in item_rows if not r["excluded"] and r["subject_ref"] in records]


# --- helpers -----------------------------------------------------------------------------------


def _chunks(ids: Sequence[str], size: int = CHUNK) -> Iterable[list[str]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


__all__ = [
    "ActDefaults", "ActResult", "ActRow", "Candidate", "DestructionError", "DestructionPlan", "InjectedFailure",
    "KeepOption", "LogEntry", "OpenRequest", "PlanItem", "SaveFailed", "Signer", "SubjectReview",
    "act_defaults", "act_pdf", "acts", "attach_signed_copy", "candidates", "checkpoint", "execute", "log_extract",
    "next_act_number", "preview", "render_act_pdf", "review", "save_copy", "signed_copy", "stored_record",
]

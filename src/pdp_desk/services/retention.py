"""Use cases of retention: each purpose's rule, and the subjects whose data is due for destruction.

The decision itself is `domain.retention.decide` (pure). Over a million subjects it is not run
on every row: `DESTROY_AFTER_SQL` is the same rule written in SQL (the first day on which no
purpose justifies a subject's data), evaluated per subject by SQLite, which picks the candidates
batch by batch; the domain rule then confirms each candidate and names the reasons. The SQL
counts calendar days at a fixed UTC+5 (Kazakhstan since March 2024); the domain uses the local
day of domain.localtime, so candidates are picked with one day of margin and the domain decides.

The decision's `next_destruction` depends on stored data only (consents, their events, orders,
the purposes' rules, the registration time), never on today: it is stored in
`subject.destroy_after` (indexed with the id) by `refresh_destroy_after`, which every use case
changing one of those inputs calls. "Due" is then `destroy_after <= today`: the register sorts and
filters on the column, and `destruction_due` / `count_due` read the due subjects through its index
(the domain rule still confirms each candidate and names the reasons). `DESTROY_AFTER_SQL`, the
same rule in SQL (a fixed UTC+5), remains for checks and tests; the column itself is always
computed by the domain rule.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import RetentionRule
from pdp_desk.domain.localtime import local_day
from pdp_desk.domain.retention import (
    ConsentFacts,
    Decision,
    Reason,
    Retention,
    RetentionError,
    check_retention,
    decide,
)
from pdp_desk.services import audit
from pdp_desk.store.models import Consent, ConsentEvent, Order, Purpose, Subject

FAR = "9999-12-31"

# The first day on which nothing justifies holding a subject's data ('YYYY-MM-DD'), NULL while
# some consent is open-ended. Mirrors domain.retention.consent_end / decide; refers to the
# outer table as `subject`. A subject without consents is due from the day it was registered.
# The consent's latest grant (given, renewed): the retention terms run from it.
_GRANTED = ("max(c.given_at, coalesce((SELECT max(e.at) FROM consent_event e WHERE e.consent_id = c.id "
            "AND e.kind IN ('given', 'renewed')), c.given_at))")
_CONSENT_END_SQL = f"""
min(
  CASE WHEN c.state = 'withdrawn'
       THEN coalesce(date(c.withdrawn_at, '+5 hours'), date(c.given_at, '+5 hours')) ELSE '{FAR}' END,
  CASE WHEN c.state = 'expired'
       THEN coalesce(date(c.valid_until, '+1 day'), date(c.updated_at, '+5 hours')) ELSE '{FAR}' END,
  coalesce(date(c.valid_until, '+1 day'), '{FAR}'),
  CASE WHEN p.retention_rule = 'after_consent' AND p.retention_days IS NOT NULL
       THEN date({_GRANTED}, '+5 hours', '+' || p.retention_days || ' days')
       WHEN p.retention_rule = 'after_last_order' AND p.retention_days IS NOT NULL
       THEN date(max(coalesce((SELECT date(max(o.placed_at), '+5 hours') FROM orders o
                               WHERE o.subject_id = subject.id), ''),
                     date({_GRANTED}, '+5 hours')),
                 '+' || p.retention_days || ' days')
       ELSE '{FAR}' END)"""

DESTROY_AFTER_SQL = f"""(SELECT CASE WHEN count(*) = 0 THEN date(subject.created_at, '+5 hours')
        ELSE nullif(max({_CONSENT_END_SQL}), '{FAR}') END
   FROM consent c LEFT JOIN purpose p ON p.id = c.purpose_id
  WHERE c.subject_id = subject.id)"""


class RetentionChangeRefused(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PurposeRetention:
    code: str
    rule: RetentionRule
    days: int | None
    policy_section: str


@dataclass(frozen=True)
class Candidate:
    """A subject due for destruction: the destruction wizard's candidate."""

    subject_id: str
    since: date                       # the first day nothing justified its data
    reasons: tuple[Reason, ...]       # (purpose_code, reason code, since) per ended purpose
    status: str                       # active | blocked


# --- the rules ---------------------------------------------------------------------------------


def retention_rules(session: Session) -> dict[str, Retention]:
    """{purpose code: Retention} from the purpose catalogue (as edited in settings)."""
    rules: dict[str, Retention] = {}
    for row in session.execute(select(Purpose.code, Purpose.retention_rule, Purpose.retention_days)):
        try:
            rules[row.code] = Retention(RetentionRule(row.retention_rule), row.retention_days)
        except ValueError:
            continue  # an unknown rule written by a newer version: no term here
    return rules


def list_retention(session: Session) -> list[PurposeRetention]:
    rows = session.execute(select(Purpose.code, Purpose.retention_rule, Purpose.retention_days,
                                  Purpose.policy_section).order_by(Purpose.code))
    return [PurposeRetention(r.code, RetentionRule(r.retention_rule), r.retention_days, r.policy_section)
            for r in rows]


def set_retention(session: Session, purpose_code: str, rule: RetentionRule | str, days: int | None,
                  actor: str = "", now: datetime | None = None) -> None:
    """Change a purpose's retention rule. Raises RetentionChangeRefused (purpose_unknown) or
    RetentionError (rule_unknown, days_missing, days_range, days_not_allowed)."""
    purpose = session.scalars(select(Purpose).where(Purpose.code == purpose_code)).first()
    if purpose is None:
        raise RetentionChangeRefused("purpose_unknown", f"There is no purpose {purpose_code[:40]!r}.")
    retention = check_retention(rule, days)
    before = (purpose.retention_rule, purpose.retention_days)
    if before == (retention.rule.value, retention.days):
        return
    now = now or datetime.now(timezone.utc)
    purpose.retention_rule, purpose.retention_days = retention.rule.value, retention.days
    purpose.updated_at = now
    session.flush()
    # Every subject holding a consent for this purpose may have a new next destruction date.
    refresh_destroy_after(session, session.scalars(
        select(Consent.subject_id).where(Consent.purpose_id == purpose.id).distinct()).all())
    audit.record(session, "purpose.retention", "purpose", [purpose.id],
                 {"purpose": purpose.code, "rule": retention.rule.value, "days": retention.days,
                  "rule_before": before[0], "days_before": before[1]}, actor=actor, at=now)


# --- decisions for given subjects -------------------------------------------------------------


def _facts(row, granted: datetime | None) -> ConsentFacts:
    if row.state == "withdrawn":
        ended = local_day(row.withdrawn_at)
    elif row.state == "expired":
        ended = local_day(row.updated_at)
    else:
        ended = None
    return ConsentFacts(row.code or "", row.state, local_day(row.given_at), row.valid_until, ended,
                        local_day(granted) if granted else None)


def decisions_for(session: Session, subject_ids: Iterable[str], today: date,
                  rules: dict[str, Retention] | None = None) -> dict[str, Decision]:
    """The retention decision of each subject (four queries per 900, none per subject)."""
    ids = list(dict.fromkeys(subject_ids))
    if not ids:
        return {}
    rules = retention_rules(session) if rules is None else rules
    out: dict[str, Decision] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        registered = dict(session.execute(select(Subject.id, Subject.created_at).where(Subject.id.in_(chunk))).all())
        granted = dict(session.execute(
            select(ConsentEvent.consent_id, func.max(ConsentEvent.at))
            .where(ConsentEvent.subject_id.in_(chunk), ConsentEvent.kind.in_(("given", "renewed")))
            .group_by(ConsentEvent.consent_id)).all())
        consents: dict[str, list[ConsentFacts]] = {}
        for row in session.execute(
                select(Consent.id, Consent.subject_id, Purpose.code, Consent.state, Consent.given_at,
                       Consent.valid_until, Consent.withdrawn_at, Consent.updated_at)
                .join(Purpose, Purpose.id == Consent.purpose_id, isouter=True)
                .where(Consent.subject_id.in_(chunk))):
            consents.setdefault(row.subject_id, []).append(_facts(row, granted.get(row.id)))
        last_orders = dict(session.execute(
            select(Order.subject_id, Order.placed_at).where(Order.subject_id.in_(chunk))
            .order_by(Order.subject_id, Order.placed_at)).all())  # the last row per subject wins
        for subject_id in chunk:
            created = registered.get(subject_id)
            if created is None:
                continue
            last = last_orders.get(subject_id)
            out[subject_id] = decide(consents.get(subject_id, ()), rules,
                                     last_order=local_day(last) if last else None,
                                     registered_on=local_day(created), today=today)
    return out


# Any day will do: next_destruction does not depend on it (only `due` and the reasons do).
_ANY_DAY = date(2000, 1, 1)
_REFRESH_BATCH = 900


def refresh_destroy_after(session: Session, subject_ids: Iterable[str]) -> int:
    """Recompute `subject.destroy_after` of these subjects from the domain rule (batched: four
    queries and one executemany per 900 subjects). Call it after any change to a subject's
    consents, consent events, orders or a purpose's rule. Returns how many rows changed.
    Does not touch `updated_at`: the column is derived, not an edit of the subject."""
    ids = list(dict.fromkeys(i for i in subject_ids if i))
    if not ids:
        return 0
    session.flush()
    rules = retention_rules(session)
    table = Subject.__table__
    # updated_at set to itself: the column's onupdate would otherwise stamp the subject as edited
    stmt = (update(table).where(table.c.id == bindparam("sid"))
            .values(destroy_after=bindparam("da"), updated_at=table.c.updated_at))
    changed: set[str] = set()
    for start in range(0, len(ids), _REFRESH_BATCH):
        chunk = ids[start:start + _REFRESH_BATCH]
        decisions = decisions_for(session, chunk, _ANY_DAY, rules)
        stored = dict(session.execute(select(table.c.id, table.c.destroy_after).where(table.c.id.in_(chunk))).all())
        params = [{"sid": sid, "da": d.next_destruction} for sid, d in decisions.items()
                  if stored.get(sid, d.next_destruction) != d.next_destruction]
        if params:
            session.connection().execute(stmt, params)
            changed.update(p["sid"] for p in params)
    if changed:
        # ORM objects of these subjects loaded earlier must not hold the old value.
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Subject) and obj.id in changed:
                session.expire(obj, ["destroy_after"])
    return len(changed)


def refresh_all_destroy_after(session: Session, batch: int = 20_000) -> int:
    """Recompute the column for every subject (the demo generator, repairs), in id order."""
    cursor, changed = "", 0
    while True:
        ids = session.scalars(select(Subject.id).where(Subject.id > cursor).order_by(Subject.id)
                              .limit(batch)).all()
        if not ids:
            return changed
        changed += refresh_destroy_after(session, ids)
        cursor = ids[-1]


def next_destruction_date(session: Session, subject_id: str, today: date) -> date | None:
    decision = decisions_for(session, [subject_id], today).get(subject_id)
    return None if decision is None else decision.next_destruction


# --- candidates over the whole register ------------------------------------------------------


def destruction_due(session: Session, today: date, *, after: str | None = None, batch: int = 2000,
                    limit: int | None = None) -> Iterator[Candidate]:
    """Subjects due for destruction on `today`, in id order, confirmed by the domain rule in
    batches of `batch` subjects. `after`: continue after this subject id; `limit`: stop after
    that many candidates. Destroyed subjects are never candidates.

    The due ids are read once from the index on (destroy_after, id) alone (a range of it; the
    register's other rows are never read) and sorted here: asked for `id > after ORDER BY id`,
    SQLite would walk the whole table in id order instead."""
    rules = retention_rules(session)
    due_ids = sorted(i for i in session.scalars(select(Subject.id).where(Subject.destroy_after <= today))
                     if after is None or i > after)
    found = 0
    for start in range(0, len(due_ids), batch):
        chunk = due_ids[start:start + batch]
        statuses = dict(session.execute(select(Subject.id, Subject.status)
                                        .where(Subject.id.in_(chunk), Subject.status != "destroyed")).all())
        picked = [i for i in chunk if i in statuses]
        decisions = decisions_for(session, picked, today, rules)
        for subject_id in picked:
            decision = decisions.get(subject_id)
            if decision is None or not decision.due:
                continue
            yield Candidate(subject_id, decision.next_destruction, decision.reasons, statuses[subject_id])
            found += 1
            if limit is not None and found >= limit:
                return


def count_due(session: Session, today: date) -> int:
    """How many subjects are due (the stored column: a range of its index)."""
    return session.scalar(select(func.count()).select_from(Subject)
                          .where(Subject.destroy_after <= today, Subject.status != "destroyed")) or 0


__all__ = ["Candidate", "DESTROY_AFTER_SQL", "PurposeRetention", "RetentionChangeRefused", "RetentionError",
           "count_due", "decisions_for", "destruction_due", "list_retention", "next_destruction_date",
           "refresh_all_destroy_after", "refresh_destroy_after", "retention_rules", "set_retention"]

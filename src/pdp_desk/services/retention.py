"""Use cases of retention: each purpose's rule, and the subjects whose data is due for destruction.

The decision itself is `domain.retention.decide` (pure). Over a million subjects it is not run
on every row: `DESTROY_AFTER_SQL` is the same rule written in SQL (the first day on which no
purpose justifies a subject's data), evaluated per subject by SQLite, which picks the candidates
batch by batch; the domain rule then confirms each candidate and names the reasons. The SQL
counts calendar days at a fixed UTC+5 (Kazakhstan since March 2024); the domain uses the local
day of domain.localtime, so candidates are picked with one day of margin and the domain decides.

The register sorts and filters on the same SQL expression (services.register). Computing it
for every row is the cost of sorting a million subjects by it: see the note on a stored
`subject.destroy_after` column in the issue.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select, text
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


def next_destruction_date(session: Session, subject_id: str, today: date) -> date | None:
    decision = decisions_for(session, [subject_id], today).get(subject_id)
    return None if decision is None else decision.next_destruction


# --- candidates over the whole register ------------------------------------------------------


def destruction_due(session: Session, today: date, *, after: str | None = None, batch: int = 2000,
                    limit: int | None = None) -> Iterator[Candidate]:
    """Subjects due for destruction on `today`, in id order, read in batches of `batch` subjects
    (never the whole register at once). `after`: continue after this subject id; `limit`: stop
    after that many candidates. Destroyed subjects are never candidates."""
    margin = (today + timedelta(days=1)).isoformat()
    rules = retention_rules(session)
    stmt = text(f"SELECT subject.id, subject.status, {DESTROY_AFTER_SQL} AS destroy_after FROM subject "
                "WHERE subject.id > :after AND subject.status != 'destroyed' "
                "ORDER BY subject.id LIMIT :batch")
    cursor, found = after or "", 0
    while True:
        rows = session.execute(stmt, {"after": cursor, "batch": batch}).all()
        if not rows:
            return
        cursor = rows[-1].id
        picked = {row.id: row.status for row in rows if row.destroy_after is not None and row.destroy_after <= margin}
        if picked:
            decisions = decisions_for(session, picked, today, rules)
            for subject_id, status in picked.items():
                decision = decisions.get(subject_id)
                if decision is None or not decision.due:
                    continue
                yield Candidate(subject_id, decision.next_destruction, decision.reasons, status)
                found += 1
                if limit is not None and found >= limit:
                    return
        if len(rows) < batch:
            return


def count_due(session: Session, today: date) -> int:
    """How many subjects are due (the SQL rule alone: one pass over the register)."""
    return session.scalar(text(
        f"SELECT count(*) FROM subject WHERE subject.status != 'destroyed' AND {DESTROY_AFTER_SQL} <= :today"),
        {"today": today.isoformat()}) or 0


__all__ = ["Candidate", "DESTROY_AFTER_SQL", "PurposeRetention", "RetentionChangeRefused", "RetentionError",
           "count_due", "decisions_for", "destruction_due", "list_retention", "next_destruction_date",
           "retention_rules", "set_retention"]

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

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import RetentionRule
from pdp_desk.domain.localtime import KAZAKHSTAN, local_day
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
_CLOCK_FROM = datetime(2000, 1, 1, tzinfo=UTC)   # no consent or order is dated earlier
_CLOCK_TO = datetime(2100, 1, 1, tzinfo=UTC)


@functools.cache
def _clock_changes() -> tuple[tuple[str, int], ...]:
    """Kazakhstan's UTC offsets since 2000, newest first: (UTC moment as stored, offset in seconds
    from that moment on). From the same zone as domain.localtime (Asia/Almaty: UTC+6, with summer
    time until 2004, and UTC+5 since 2024-02-29 18:00 UTC), so SQL and Python agree on every day."""
    def offset(moment: datetime) -> int:
        return int(moment.astimezone(KAZAKHSTAN).utcoffset().total_seconds())

    changes = [(_CLOCK_FROM, offset(_CLOCK_FROM))]
    day = timedelta(days=1)
    moment = _CLOCK_FROM
    while moment < _CLOCK_TO:
        after = moment + day
        if offset(after) != changes[-1][1]:
            low, high = 0, 86_400                 # the change lies in (low, high] seconds: to the second
            while high - low > 1:
                middle = (low + high) // 2
                if offset(moment + timedelta(seconds=middle)) == changes[-1][1]:
                    low = middle
                else:
                    high = middle
            changes.append((moment + timedelta(seconds=high), offset(moment + timedelta(seconds=high))))
        moment = after
    return tuple((m.replace(tzinfo=None).isoformat(sep=" "), o) for m, o in reversed(changes))


def local_day_sql(column: str) -> str:
    """SQL for the Kazakhstan calendar day ('YYYY-MM-DD') of a stored UTC time (NULL stays NULL):
    domain.localtime.local_day in SQL, exact for every moment since 2000."""
    changes = _clock_changes()
    whens = " ".join(f"WHEN {column} >= '{since}' THEN '{seconds:+d} seconds'" for since, seconds in changes[:-1])
    return f"date({column}, CASE {whens} ELSE '{changes[-1][1]:+d} seconds' END)"


def _new_dates_sql(target: str) -> str:
    """SELECT (id, destroy_after) of the subjects `target` selects (a SELECT of subject ids),
    set-based: domain.retention.decide's next_destruction in SQL (the first day on which no
    purpose justifies the subject's data; NULL while some consent is open-ended; the day of
    registration for a subject without consents). Tests hold it to the domain rule."""
    ld = local_day_sql
    granted_day = ld("c.granted")
    consent_end = f"""min(
      CASE WHEN c.state = 'withdrawn' THEN coalesce({ld('c.withdrawn_at')}, {ld('c.given_at')}) ELSE '{FAR}' END,
      CASE WHEN c.state = 'expired'
           THEN coalesce(date(c.valid_until, '+1 day'), {ld('c.updated_at')}, {ld('c.given_at')}) ELSE '{FAR}' END,
      coalesce(date(c.valid_until, '+1 day'), '{FAR}'),
      CASE WHEN c.rule = 'after_consent' AND c.days IS NOT NULL
           THEN date({granted_day}, '+' || c.days || ' days')
           WHEN c.rule = 'after_last_order' AND c.days IS NOT NULL
           THEN date(max(coalesce({ld('c.last_order')}, ''), {granted_day}), '+' || c.days || ' days')
           ELSE '{FAR}' END)"""
    # Driven by the targets (CROSS JOIN keeps them the outer loop): each subject's consents by
    # the consent index, each consent's latest grant and the subject's last order by theirs.
    return f"""
WITH t(id) AS MATERIALIZED ({target}),
c AS MATERIALIZED (
  SELECT c.subject_id, c.state, c.given_at, c.valid_until, c.withdrawn_at, c.updated_at,
         p.retention_rule AS rule, p.retention_days AS days,
         (SELECT max(o.placed_at) FROM orders o WHERE o.subject_id = c.subject_id) AS last_order,
         max(c.given_at, coalesce((SELECT max(e.at) FROM consent_event e WHERE e.consent_id = c.id
                                   AND e.kind IN ('given', 'renewed')), c.given_at)) AS granted
  FROM t CROSS JOIN consent c ON c.subject_id = t.id LEFT JOIN purpose p ON p.id = c.purpose_id),
new AS (
  SELECT c.subject_id AS id, nullif(max({consent_end}), '{FAR}') AS da FROM c GROUP BY c.subject_id
  UNION ALL
  SELECT s.id, {ld('s.created_at')} FROM t CROSS JOIN subject s ON s.id = t.id
  WHERE NOT EXISTS (SELECT 1 FROM consent k WHERE k.subject_id = s.id))"""


def _update_sql(target: str) -> str:
    # updated_at is left alone: the column is derived, not an edit of the subject
    return (_new_dates_sql(target) + " UPDATE subject SET destroy_after = new.da FROM new "
            "WHERE subject.id = new.id AND subject.destroy_after IS NOT new.da RETURNING subject.id")


def destroy_after_sql(target: str = "SELECT id FROM subject") -> str:
    """A SELECT of (id, destroy_after by the rule) of the subjects `target` selects."""
    return _new_dates_sql(target) + " SELECT id, da FROM new"


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


class RetentionCancelled(Exception):
    """set_retention's progress callback answered False: nothing was changed (the caller's
    transaction is to be rolled back)."""


_RETENTION_STEP = 20_000   # consents per statement: progress and cancel between them


def set_retention(session: Session, purpose_code: str, rule: RetentionRule | str, days: int | None,
                  actor: str = "", now: datetime | None = None,
                  progress: Callable[[int, int], bool] | None = None) -> None:
    """Change a purpose's retention rule and recompute the next destruction date of every subject
    holding a consent for it (set-based SQL, a range of subjects per statement).

    `progress(done, total)` (consents) is called between the statements; when it returns False,
    RetentionCancelled is raised and the caller rolls the transaction back. Raises
    RetentionChangeRefused (purpose_unknown) or RetentionError (rule_unknown, days_missing,
    days_range, days_not_allowed)."""
    purpose = session.scalars(select(Purpose).where(Purpose.code == purpose_code)).first()
    if purpose is None:
        raise RetentionChangeRefused("purpose_unknown", f"There is no purpose {purpose_code[:40]!r}.")
    retention = check_retention(rule, days)
    before = (purpose.retention_rule, purpose.retention_days)
    if before == (retention.rule.value, retention.days):
        return
    now = now or datetime.now(UTC)
    purpose.retention_rule, purpose.retention_days = retention.rule.value, retention.days
    purpose.updated_at = now
    session.flush()
    raw = session.connection().connection.driver_connection
    total = raw.execute("SELECT count(*) FROM consent WHERE purpose_id = ?", (purpose.id,)).fetchone()[0]
    # Every subject holding a consent for this purpose may have a new date: walked in subject id
    # order (the index on consent (subject_id, purpose_id)), one range per statement.
    low, done, changed = "", 0, set()
    while True:
        if progress is not None and progress(done, total) is False:
            raise RetentionCancelled
        # `+purpose_id`: read the range from the (subject_id, purpose_id) index, in order, rather
        # than all of the purpose's consents from its own index, sorted, for every range
        high = raw.execute("SELECT subject_id FROM consent WHERE subject_id > ? AND +purpose_id = ? "
                           "ORDER BY subject_id LIMIT 1 OFFSET ?", (low, purpose.id, _RETENTION_STEP - 1)).fetchone()
        bounds = "subject_id > ?" + (" AND subject_id <= ?" if high else "")
        target = f"SELECT DISTINCT subject_id FROM consent WHERE +purpose_id = ? AND {bounds}"
        params = (purpose.id, low, *((high[0],) if high else ()))
        changed.update(r[0] for r in raw.execute(_update_sql(target), params).fetchall())
        done = min(total, done + _RETENTION_STEP)
        if high is None:
            break
        low = high[0]
    _expire(session, changed)
    if progress is not None:
        progress(total, total)
    audit.record(session, "purpose.retention", "purpose", [purpose.id],
                 {"purpose": purpose.code, "rule": retention.rule.value, "days": retention.days,
                  "rule_before": before[0], "days_before": before[1], "dates_changed": len(changed)},
                 actor=actor, at=now)


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


_REFRESH_BATCH = 50_000


def refresh_destroy_after(session: Session, subject_ids: Iterable[str]) -> int:
    """Recompute `subject.destroy_after` of these subjects (set-based SQL, `_new_dates_sql`: the
    domain rule's next_destruction, which tests hold it to). Call it after any change to a
    subject's consents, consent events, orders or a purpose's rule. Returns how many rows changed.
    Does not touch `updated_at`: the column is derived, not an edit of the subject."""
    ids = list(dict.fromkeys(i for i in subject_ids if i))
    if not ids:
        return 0
    session.flush()
    raw = session.connection().connection.driver_connection
    sql = _update_sql("SELECT value FROM json_each(?)")
    changed: set[str] = set()
    for start in range(0, len(ids), _REFRESH_BATCH):
        chunk = json.dumps(ids[start:start + _REFRESH_BATCH])
        changed.update(r[0] for r in raw.execute(sql, (chunk,)).fetchall())
    _expire(session, changed)
    return len(changed)


def _expire(session: Session, changed: set[str]) -> None:
    """ORM objects of these subjects loaded earlier must not hold the old value."""
    if changed:
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Subject) and obj.id in changed:
                session.expire(obj, ["destroy_after"])


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


__all__ = [
    "Candidate",
    "PurposeRetention",
    "RetentionCancelled",
    "RetentionChangeRefused",
    "RetentionError",
    "count_due",
    "decisions_for",
    "destroy_after_sql",
    "destruction_due",
    "list_retention",
    "local_day_sql",
    "next_destruction_date",
    "refresh_all_destroy_after",
    "refresh_destroy_after",
    "retention_rules",
    "set_retention",
]

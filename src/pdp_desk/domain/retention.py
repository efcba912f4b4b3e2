"""When a subject's data is due for destruction: the pure rule (policy §7.6, §9.1; Law Art. 12 p.2,
Art. 18, Art. 8 p.7).

Data is kept while at least one purpose still justifies it. A purpose justifies it while one of
its consents stands: not withdrawn, not expired, and inside the purpose's retention term
(`domain.catalogue.RetentionRule`):

    until_withdrawn    no term of its own: the consent stands until withdrawn (or its valid_until)
    after_consent N    N days after the consent was given (or last renewed)      -> term_expired
    after_last_order N N days after the subject's last order (or the consent's
                       latest grant, whichever is later)                         -> purpose_achieved

Every date here is the FIRST DAY on which the data is no longer justified (a consent valid until
31.05 ends on 01.06; a consent withdrawn on 10.06 ends on 10.06). A subject is due on and after
its `next_destruction` date: the latest end of all its consents, or never (None) while any
consent is open-ended. A subject without any consent is due from the day it was registered:
nothing justifies holding its data (`no_consent`).

services.retention mirrors `consent_end` in SQL to pre-select candidates among a million rows;
tests hold the two to the same answers.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pdp_desk.domain.catalogue import RetentionRule

MAX_RETENTION_DAYS = 100 * 366


class EndReason(StrEnum):
    """Why a purpose (or the subject as a whole) no longer justifies holding the data."""

    CONSENT_WITHDRAWN = "consent_withdrawn"   # Art. 8 p.7
    CONSENT_EXPIRED = "consent_expired"       # the consent's own term (valid_until) ran out
    TERM_EXPIRED = "term_expired"             # the purpose's retention term after consent ran out
    PURPOSE_ACHIEVED = "purpose_achieved"     # the term after the last order ran out (Art. 18)
    NO_CONSENT = "no_consent"                 # no consent at all: nothing justifies holding


# The order in which reasons of the same day are named (the stronger ground first).
_PRIORITY = {EndReason.CONSENT_WITHDRAWN: 0, EndReason.CONSENT_EXPIRED: 1,
             EndReason.TERM_EXPIRED: 2, EndReason.PURPOSE_ACHIEVED: 3, EndReason.NO_CONSENT: 4}


class RetentionError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Retention:
    """A purpose's retention rule. `days` is None for until_withdrawn."""

    rule: RetentionRule
    days: int | None = None


def check_retention(rule: RetentionRule | str, days: int | None) -> Retention:
    """A valid Retention, or RetentionError (codes: rule_unknown, days_missing, days_range,
    days_not_allowed)."""
    try:
        rule = RetentionRule(rule)
    except ValueError:
        raise RetentionError("rule_unknown", f"Unknown retention rule {str(rule)[:40]!r}.") from None
    if rule is RetentionRule.UNTIL_WITHDRAWN:
        if days is not None:
            raise RetentionError("days_not_allowed",
                                 "A rule 'until withdrawn' has no term in days.")
        return Retention(rule, None)
    if days is None:
        raise RetentionError("days_missing", "Give the retention term in days.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise RetentionError("days_range", f"The term must be 1 to {MAX_RETENTION_DAYS} days.")
    return Retention(rule, days)


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    """What the rule needs of one consent. Dates are Kazakhstan calendar days.

    `ended_on`: the day it was withdrawn (state withdrawn) or expired (state expired, when it
    has no valid_until).
    """

    purpose_code: str
    state: str                  # given | withdrawn | expired
    given_on: date
    valid_until: date | None = None
    ended_on: date | None = None
    granted_on: date | None = None   # the latest grant (a renewal): the retention terms run from it


@dataclass(frozen=True, slots=True)
class Reason:
    purpose_code: str | None    # None for no_consent
    code: EndReason
    since: date                 # the first day the data was no longer justified by it


@dataclass(frozen=True, slots=True)
class Decision:
    due: bool
    next_destruction: date | None       # None: some purpose still holds with no end in sight
    reasons: tuple[Reason, ...]         # purposes that have ended (by today), earliest first
    holding: tuple[str, ...]            # purposes that still justify the data today


def consent_end(consent: ConsentFacts, retention: Retention | None,
                last_order: date | None) -> tuple[date, EndReason] | None:
    """The first day this consent no longer justifies the data, and why; None: open-ended."""
    candidates: list[tuple[date, EndReason]] = []
    if consent.state == "withdrawn":
        candidates.append((consent.ended_on or consent.given_on, EndReason.CONSENT_WITHDRAWN))
    elif consent.state == "expired":
        end = (consent.valid_until + timedelta(days=1) if consent.valid_until
               else consent.ended_on or consent.given_on)
        candidates.append((end, EndReason.CONSENT_EXPIRED))
    running = term_end(consent.given_on, consent.valid_until, consent.granted_on, retention, last_order)
    if running is not None:
        candidates.append(running)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], _PRIORITY[c[1]]))


def term_end(given_on: date, valid_until: date | None, granted_on: date | None, retention: Retention | None,
             last_order: date | None) -> tuple[date, EndReason] | None:
    """When a consent still given stops justifying the data by its own term (valid_until) or by
    the purpose's retention term, whichever comes first; None: open-ended. The part of
    `consent_end` that does not depend on a withdrawal (the consent lookup's hot path)."""
    end = None
    if valid_until is not None:
        end = (valid_until + timedelta(days=1), EndReason.CONSENT_EXPIRED)
    if retention is not None and retention.days is not None:
        granted = granted_on if granted_on is not None and granted_on > given_on else given_on
        if retention.rule is RetentionRule.AFTER_CONSENT:
            term = (granted + timedelta(days=retention.days), EndReason.TERM_EXPIRED)
        elif retention.rule is RetentionRule.AFTER_LAST_ORDER:
            anchor = last_order if last_order is not None and last_order > granted else granted
            term = (anchor + timedelta(days=retention.days), EndReason.PURPOSE_ACHIEVED)
        else:
            term = None
        if term is not None and (end is None or (term[0], _PRIORITY[term[1]]) < (end[0], _PRIORITY[end[1]])):
            end = term
    return end


def purpose_ends(consents: Iterable[ConsentFacts], rules: Mapping[str, Retention],
                 last_order: date | None) -> dict[str, tuple[date, EndReason] | None]:
    """Per purpose: when it stops justifying the data (the latest end of its consents), or None
    when one of its consents is open-ended. A purpose missing from `rules` has no term."""
    out: dict[str, tuple[date, EndReason] | None] = {}
    for consent in consents:
        end = consent_end(consent, rules.get(consent.purpose_code), last_order)
        code = consent.purpose_code
        if code in out and out[code] is None:
            continue
        if end is None:
            out[code] = None
        elif code not in out or (end[0], -_PRIORITY[end[1]]) > (out[code][0], -_PRIORITY[out[code][1]]):
            out[code] = end
    return out


def decide(consents: Iterable[ConsentFacts], rules: Mapping[str, Retention], *,
           last_order: date | None, registered_on: date, today: date) -> Decision:
    """Whether the subject is due for destruction on `today`, why, and from when."""
    ends = purpose_ends(consents, rules, last_order)
    if not ends:
        reason = Reason(None, EndReason.NO_CONSENT, registered_on)
        return Decision(registered_on <= today, registered_on,
                        (reason,) if registered_on <= today else (), ())
    holding = tuple(sorted(code for code, end in ends.items() if end is None or end[0] > today))
    ended = sorted((Reason(code, end[1], end[0]) for code, end in ends.items()
                    if end is not None and end[0] <= today),
                   key=lambda r: (r.since, _PRIORITY[r.code], r.purpose_code))
    if any(end is None for end in ends.values()):
        next_destruction = None
    else:
        next_destruction = max(end[0] for end in ends.values() if end is not None)
    due = next_destruction is not None and next_destruction <= today
    return Decision(due, next_destruction, tuple(ended), holding)

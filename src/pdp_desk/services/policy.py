"""Use cases of the privacy policy's versions: each kept whole, with its effective date and
SHA-256 fingerprint, so a consent can always be shown with the text it was given under.

The first version (09.02.2026) is seeded by services.catalogue.ensure_defaults. The fingerprint
is taken of the text as stored: UTF-8, line ends as LF, no byte-order mark (so the same text
pasted on Windows or read from a file gets the same fingerprint).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.services import audit
from pdp_desk.store.models import PolicyVersion

LANGUAGES = ("ru", "kk", "en")
MAX_LABEL = 40
MAX_TEXT = 2_000_000


class PolicyError(ValueError):
    """A version that cannot be added; `code` is stable (the GUI translates it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PolicyVersionInfo:
    id: str
    label: str
    effective_from: date
    language: str
    sha256: str
    created_at: datetime | None = None


def normalize_text(text: str) -> str:
    """The text as stored and fingerprinted: no BOM, LF line ends."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


_COLUMNS = (PolicyVersion.id, PolicyVersion.label, PolicyVersion.effective_from, PolicyVersion.language,
            PolicyVersion.sha256, PolicyVersion.created_at)


def _info(row) -> PolicyVersionInfo:
    return PolicyVersionInfo(row.id, row.label, row.effective_from, row.language, row.sha256, row.created_at)


def add_policy_version(session: Session, label: str, effective_from: date, text: str, language: str,
                       actor: str = "", now: datetime | None = None) -> str:
    """Add a version of the policy; returns its id.

    Refused (PolicyError): empty text (`text_empty`), an empty or too long label
    (`label_empty`, `label_too_long`), an unknown language (`language_unknown`), a text whose
    fingerprint is already kept (`duplicate_text`), a second version of the same language on
    the same effective date (`duplicate_date`).
    """
    label = " ".join((label or "").split())
    if not label:
        raise PolicyError("label_empty", "Give the version a label (for example its date, 01.10.2026).")
    if len(label) > MAX_LABEL:
        raise PolicyError("label_too_long", f"The label is longer than {MAX_LABEL} characters.")
    if language not in LANGUAGES:
        raise PolicyError("language_unknown", f"The language must be one of {', '.join(LANGUAGES)}.")
    if not isinstance(effective_from, date) or isinstance(effective_from, datetime):
        raise PolicyError("date_invalid", "The effective date must be a calendar date.")
    if not isinstance(text, str) or not text.strip():
        raise PolicyError("text_empty", "The policy text is empty.")
    if len(text) > MAX_TEXT:
        raise PolicyError("text_too_long", "The policy text is longer than 2,000,000 characters.")
    text = normalize_text(text)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    same = session.execute(select(PolicyVersion.label).where(PolicyVersion.sha256 == sha)).first()
    if same is not None:
        raise PolicyError("duplicate_text", f"This exact text is already kept as version {same.label}.")
    clash = session.execute(select(PolicyVersion.label).where(
        PolicyVersion.effective_from == effective_from, PolicyVersion.language == language)).first()
    if clash is not None:
        raise PolicyError("duplicate_date",
                          f"Version {clash.label} already takes effect on {effective_from:%d.%m.%Y}.")
    now = now or datetime.now(timezone.utc)
    version = PolicyVersion(label=label, effective_from=effective_from, language=language, text=text,
                            sha256=sha, created_at=now, updated_at=now)
    session.add(version)
    session.flush()
    audit.record(session, "policy.add", "policy_version", [version.id],
                 {"effective_from": effective_from.isoformat(), "language": language, "sha256": sha},
                 actor=actor, at=now)
    return version.id


def list_versions(session: Session) -> list[PolicyVersionInfo]:
    """Every version, oldest first (without the texts)."""
    rows = session.execute(select(*_COLUMNS).order_by(PolicyVersion.effective_from,
                                                      PolicyVersion.created_at, PolicyVersion.id))
    return [_info(row) for row in rows]


def version_in_force(session: Session, on: date, language: str | None = None) -> PolicyVersionInfo | None:
    """The version in force on `on`: the latest effective_from on or before it (None before the
    first). With several languages on that date, `language` is preferred."""
    return in_force(list_versions(session), on, language)


def in_force(versions: list[PolicyVersionInfo], on: date, language: str | None = None) -> PolicyVersionInfo | None:
    """`version_in_force` over an already loaded list (oldest first)."""
    best: PolicyVersionInfo | None = None
    for version in versions:
        if version.effective_from > on:
            continue
        if best is None or version.effective_from > best.effective_from or (
                version.effective_from == best.effective_from and language is not None
                and version.language == language and best.language != language):
            best = version
    return best


def policy_text(session: Session, version_id: str) -> str | None:
    return session.scalar(select(PolicyVersion.text).where(PolicyVersion.id == version_id))


def altered_versions(session: Session) -> list[str]:
    """Ids of versions whose stored text no longer matches its fingerprint (tampering)."""
    return [row.id for row in session.execute(select(PolicyVersion.id, PolicyVersion.text, PolicyVersion.sha256))
            if hashlib.sha256(row.text.encode("utf-8")).hexdigest() != row.sha256]

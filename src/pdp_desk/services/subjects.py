"""Use cases of the register's core: create and change a subject, keep its search index, find it.

Every value is validated by domain rules before anything is written; a failure raises
`ValidationFailed` with one message per field and writes nothing. Each use case writes its own
audit entry (ids and field names only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.orm import Session, aliased

from pdp_desk.domain.catalogue import SubjectCategory
from pdp_desk.domain.identifiers import check_email, check_iin, format_phone, normalize_phone
from pdp_desk.domain.search import digits_only, fold, tokens
from pdp_desk.domain.translit import latin_key
from pdp_desk.services import audit
from pdp_desk.store.models import Address, Contact, Subject, SubjectToken

MAX_NAME = 300
MAX_TOKEN = 100


class ValidationFailed(ValueError):
    """Field → (code, message). Nothing was written."""

    def __init__(self, errors: dict[str, tuple[str, str]]):
        super().__init__("; ".join(f"{name}: {message}" for name, (_, message) in errors.items()))
        self.errors = errors


@dataclass
class SubjectInput:
    category: str
    full_name: str = ""
    iin: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[tuple[str, str]] = field(default_factory=list)  # (city, line)
    operator_id: str | None = None
    source: str = "manual"
    note: str = ""


@dataclass(frozen=True)
class Clean:
    """A validated SubjectInput: normalised values, warnings to show."""

    category: str
    full_name: str
    iin: str | None
    phones: list[tuple[str, str]]  # (as entered, E.164)
    emails: list[tuple[str, str]]  # (as entered, normalised)
    addresses: list[tuple[str, str]]
    warnings: tuple[str, ...]


def validate(data: SubjectInput) -> Clean:
    errors: dict[str, tuple[str, str]] = {}
    warnings: list[str] = []
    if data.category not in {c.value for c in SubjectCategory}:
        errors["category"] = ("unknown_category", f"Unknown category {data.category[:40]!r}.")
    name = " ".join((data.full_name or "").split())
    if len(name) > MAX_NAME:
        errors["full_name"] = ("too_long", f"The name is longer than {MAX_NAME} characters.")
    iin = None
    if data.iin and data.iin.strip():
        checked = check_iin(data.iin)
        if checked.ok:
            iin = checked.value
            warnings.extend(checked.warnings)
        else:
            errors["iin"] = (checked.code, checked.message)
    phones, emails = [], []
    for i, raw in enumerate(p for p in data.phones if p and p.strip()):
        checked = normalize_phone(raw)
        if checked.ok:
            phones.append((raw.strip()[:320], checked.value))
        else:
            errors[f"phones.{i}"] = (checked.code, checked.message)
    for i, raw in enumerate(e for e in data.emails if e and e.strip()):
        checked = check_email(raw)
        if checked.ok:
            # matched case-insensitively: nobody's mailbox differs by the case of a letter
            emails.append((raw.strip()[:320], checked.value.lower()))
        else:
            errors[f"emails.{i}"] = (checked.code, checked.message)
    if not name and not phones and not emails and not iin:
        errors.setdefault("full_name", ("nothing_identifies",
                                        "Give at least a name, a phone number, an e-mail or an IIN."))
    addresses = []
    for i, (city, line) in enumerate(data.addresses):
        city, line = " ".join((city or "").split()), " ".join((line or "").split())
        if len(city) > 100 or len(line) > 500:
            errors[f"addresses.{i}"] = ("too_long", "The address is too long.")
        elif city or line:
            addresses.append((city, line))
    if errors:
        raise ValidationFailed(errors)
    return Clean(data.category, name, iin, _unique(phones), _unique(emails), addresses, tuple(warnings))


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    return [p for p in pairs if not (p[1] in seen or seen.add(p[1]))]


def search_tokens(full_name: str) -> set[str]:
    """The words a subject is found by: folded Cyrillic/Kazakh words and their Latin skeleton."""
    words = {w[:MAX_TOKEN] for w in tokens(full_name)}
    return words | {latin_key(w)[:MAX_TOKEN] for w in words}


def index_subject(session: Session, subject_id: str, full_name: str) -> None:
    session.execute(delete(SubjectToken).where(SubjectToken.subject_id == subject_id))
    session.add_all(SubjectToken(token=t, subject_id=subject_id) for t in search_tokens(full_name) if t)


def create_subject(session: Session, data: SubjectInput, actor: str = "",
                   now: datetime | None = None) -> str:
    clean = validate(data)
    now = now or datetime.now(timezone.utc)
    subject = Subject(category=clean.category, full_name=clean.full_name, name_key=fold(clean.full_name),
                      iin=clean.iin, operator_id=data.operator_id, source=data.source[:40],
                      note=data.note, created_at=now, updated_at=now)
    session.add(subject)
    session.flush()
    _add_contacts(session, subject.id, clean, data.source, now)
    index_subject(session, subject.id, clean.full_name)
    audit.record(session, "subject.create", "subject", [subject.id],
                 {"category": clean.category, "phones": len(clean.phones), "emails": len(clean.emails)},
                 actor=actor, at=now)
    return subject.id


def _add_contacts(session: Session, subject_id: str, clean: Clean, source: str, now: datetime) -> None:
    existing = set(session.scalars(select(Contact.normalized).where(Contact.subject_id == subject_id)))
    for kind, pairs in (("phone", clean.phones), ("email", clean.emails)):
        for raw, normalized in pairs:
            if normalized not in existing:
                session.add(Contact(subject_id=subject_id, kind=kind, value=raw, normalized=normalized,
                                    source=source[:40], created_at=now, updated_at=now))
                existing.add(normalized)
    for city, line in clean.addresses:
        session.add(Address(subject_id=subject_id, city=city, line=line, source=source[:40],
                            created_at=now, updated_at=now))


# --- finding people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectHit:
    id: str
    full_name: str
    category: str
    status: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    matched_by: str  # phone | email | iin | name


def find_subjects(session: Session, query: str, limit: int = 100) -> list[SubjectHit]:
    """Forgiving lookup: any spelling of a Kazakh phone, an e-mail, an IIN, or words of a name.

    The query is only ever a bound parameter or a range bound: quotes, `*`, `NEAR(` or SQL in
    it are searched for as text.
    """
    query = (query or "").strip()[:300]
    if not query:
        return []
    ids: list[str] = []
    matched_by = "name"
    digits = digits_only(query)
    if "@" in query:
        checked = check_email(query)
        value = (checked.value if checked.ok else query).lower()
        ids = _by_contact(session, "email", value, limit)
        matched_by = "email"
    elif len(digits) >= 10 and len(digits) >= len(query.replace(" ", "")) - 6:
        phone = normalize_phone(query)
        if phone.ok:
            ids, matched_by = _by_contact(session, "phone", phone.value, limit), "phone"
        if not ids and len(digits) == 12:
            ids = list(session.scalars(select(Subject.id).where(Subject.iin == digits).limit(limit)))
            matched_by = "iin"
    if not ids and matched_by == "name":
        ids = _by_name(session, query, limit)
    return _hits(session, ids, matched_by)


def _by_contact(session: Session, kind: str, normalized: str, limit: int) -> list[str]:
    return list(session.scalars(
        select(Contact.subject_id).where(Contact.kind == kind, Contact.normalized == normalized)
        .distinct().limit(limit)))


def _prefix_range(token: str) -> tuple[str, str]:
    return token, token + "\U0010ffff"


def _by_name(session: Session, query: str, limit: int) -> list[str]:
    words = sorted({w[:MAX_TOKEN] for w in tokens(query)}, key=len, reverse=True)[:5]
    if not words:
        return []
    # Prefix match on every word: the longest word drives the scan, the others are checked
    # with an index lookup each. Latin queries are matched against the Latin skeleton.
    words = [latin_key(w) if w.isascii() else w for w in words]
    first = aliased(SubjectToken)
    low, high = _prefix_range(words[0])
    stmt = select(first.subject_id).where(first.token >= low, first.token < high)
    for word in words[1:]:
        other = aliased(SubjectToken)
        lo, hi = _prefix_range(word)
        stmt = stmt.where(exists().where(and_(other.subject_id == first.subject_id,
                                              other.token >= lo, other.token < hi)))
    return list(dict.fromkeys(session.scalars(stmt.limit(limit * 3))))[:limit]


def _hits(session: Session, ids: list[str], matched_by: str) -> list[SubjectHit]:
    if not ids:
        return []
    subjects = {s.id: s for s in session.scalars(select(Subject).where(Subject.id.in_(ids)))}
    contacts: dict[str, list[Contact]] = {}
    for contact in session.scalars(select(Contact).where(Contact.subject_id.in_(ids))
                                   .order_by(Contact.created_at)):
        contacts.setdefault(contact.subject_id, []).append(contact)
    hits = []
    for subject_id in ids:
        subject = subjects.get(subject_id)
        if subject is None:
            continue
        own = contacts.get(subject_id, [])
        hits.append(SubjectHit(
            subject.id, subject.full_name, subject.category, subject.status,
            tuple(format_phone(c.normalized) for c in own if c.kind == "phone"),
            tuple(c.normalized for c in own if c.kind == "email"), matched_by))
    hits.sort(key=lambda h: fold(h.full_name))
    return hits

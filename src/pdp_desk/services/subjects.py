"""Use cases of the register's core: create and change a subject, keep its search index, find it.

Every value is validated by domain rules before anything is written; a failure raises
`ValidationFailed` with one message per field and writes nothing. Each use case writes its own
audit entry (ids and field names only).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from sqlalchemy import and_, delete, exists, intersect, or_, select, union_all, update
from sqlalchemy.orm import Session

from pdp_desk.domain.catalogue import SubjectCategory
from pdp_desk.domain.identifiers import check_email, check_iin, format_phone, normalize_phone
from pdp_desk.domain.search import digits_only, fold, tokens
from pdp_desk.domain.translit import latin_key
from pdp_desk.services import audit
from pdp_desk.store.models import Address, Contact, Order, Subject, SubjectToken

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
    from pdp_desk.services.retention import refresh_destroy_after
    refresh_destroy_after(session, [subject.id])   # no consent yet: due from registration
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


class QueryReading(NamedTuple):
    """How the forgiving search reads a query; shared by `find_subjects` and the register's
    filter (services.register), so both find the same people for the same text. (A named tuple:
    read on every lookup, and a frozen dataclass costs a microsecond more to make.)"""

    text: str                 # trimmed, capped at 300 characters ("" reads as nothing)
    email: str | None = None  # the normalised e-mail, when the query holds an "@"
    phone: str | None = None  # E.164, when the query reads as a Kazakhstan phone number
    iin: str | None = None    # twelve digits that may be an IIN (tried when no phone matches)
    by_name: bool = False     # searched by the words of a name


# The usual spellings of a Kazakh mobile number ("8 701 123 45 67", "+7 (701) 123-45-67",
# "7011234567"): read at once. Anything else goes the long way (read_query_fully); a test holds
# the two to the same answers.
_USUAL_PHONE = re.compile(r"(\+7|8|7)?[ ()\-.]*(7[0-9][0-9])[ ()\-.]*([0-9]{3})[ ()\-.]*([0-9]{2})[ ()\-.]*([0-9]{2})")


def read_query(query: str) -> QueryReading:
    text = (query or "").strip()[:300]
    usual = _USUAL_PHONE.fullmatch(text)
    if usual is not None:
        prefix = usual.group(1)
        digits = 10 + (prefix is not None)
        # read_query_fully's test of "mostly digits": at most six other characters but spaces
        if digits >= len(text) - text.count(" ") - 6:
            return QueryReading(text, phone="+7" + usual.group(2) + usual.group(3) + usual.group(4) + usual.group(5))
    return read_query_fully(text)


def read_query_fully(query: str) -> QueryReading:
    text = (query or "").strip()[:300]
    if not text:
        return QueryReading("")
    if "@" in text:
        if _PLAIN_EMAIL.fullmatch(text):
            return QueryReading(text, email=text.lower())   # what check_email gives, 0.1 ms sooner
        checked = check_email(text)
        return QueryReading(text, email=(checked.value if checked.ok else text).lower())
    digits = digits_only(text)
    if len(digits) >= 10 and len(digits) >= len(text.replace(" ", "")) - 6:
        phone = search_phone(text)
        iin = digits if len(digits) == 12 else None
        if phone or iin:
            return QueryReading(text, phone=phone, iin=iin)
    return QueryReading(text, by_name=True)


# Plain ASCII addresses (no quotes, spaces, comments): check_email keeps them as typed but for
# the case of the domain, so the search key is the lower-cased text (tests hold the two equal).
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+")
_SEARCH_PHONE_CHARS = frozenset("0123456789+()-. \t\u00a0")


def search_phone(text: str) -> str | None:
    """The E.164 number `domain.identifiers.normalize_phone` makes of `text`, or None when it
    refuses it; without its check of the number range against phonenumbers' data, which only
    ever adds a warning and costs 0.1 ms a search. Tests hold the two to the same answers."""
    if not isinstance(text, str) or len(text) > 64 or not text.strip():
        return None
    s = text.strip()
    if not _SEARCH_PHONE_CHARS.issuperset(s) or "+" in s[1:]:
        return None
    digits = "".join(c for c in s if "0" <= c <= "9")
    international = s.startswith("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if international:
        if not digits.startswith("7"):
            return None
        national = digits[1:]
    elif len(digits) == 11 and digits[0] in "78":
        national = digits[1:]
    else:
        national = digits
    if len(national) != 10 or national[0] != "7":
        return None
    return "+7" + national


def matching_ids(query: str | QueryReading):
    """The forgiving search as SQL: (how the query was read, a SELECT of matching subject ids
    or None when it can match nobody). The SELECT may repeat an id; use it with IN."""
    reading = query if isinstance(query, QueryReading) else read_query(query)
    if not reading.text:
        return "none", None
    if reading.email is not None:
        return "email", _contact_ids("email", reading.email)
    if reading.phone is not None or reading.iin is not None:
        parts = []
        if reading.phone is not None:
            parts.append(_contact_ids("phone", reading.phone))
        if reading.iin is not None:
            parts.append(select(Subject.id.label("subject_id")).where(Subject.iin == reading.iin))
        how = "phone" if reading.iin is None else ("iin" if reading.phone is None else "phone_or_iin")
        return how, parts[0] if len(parts) == 1 else union_all(*parts)
    return "name", _name_ids(reading.text)


def find_subjects(session: Session, query: str, limit: int = 100) -> list[SubjectHit]:
    """Forgiving lookup: any spelling of a Kazakh phone, an e-mail, an IIN, or words of a name.

    The query is only ever a bound parameter or a range bound: quotes, `*`, `NEAR(` or SQL in
    it are searched for as text.
    """
    reading = read_query(query)
    if not reading.text:
        return []
    ids: list[str] = []
    matched_by = "name"
    if reading.email is not None:
        ids = _by_contact(session, "email", reading.email, limit)
        matched_by = "email"
    elif not reading.by_name:
        if reading.phone is not None:
            ids, matched_by = _by_contact(session, "phone", reading.phone, limit), "phone"
        if not ids and reading.iin is not None:
            ids = list(session.scalars(select(Subject.id).where(Subject.iin == reading.iin).limit(limit)))
            matched_by = "iin"
    if not ids and matched_by == "name":
        ids = _by_name(session, reading.text, limit)
    return _hits(session, ids, matched_by)


def _contact_ids(kind: str, normalized: str):
    return select(Contact.subject_id.label("subject_id")).where(Contact.kind == kind,
                                                                Contact.normalized == normalized)


def _by_contact(session: Session, kind: str, normalized: str, limit: int) -> list[str]:
    return list(session.scalars(
        select(Contact.subject_id).where(Contact.kind == kind, Contact.normalized == normalized)
        .distinct().limit(limit)))


def _prefix_range(token: str) -> tuple[str, str]:
    return token, token + "\U0010ffff"


def name_words(query: str) -> list[str]:
    """The words a name query is matched by: folded, Latin ones as their Latin skeleton (the
    index holds both spellings), longest first, at most five. Each matches a name word it starts."""
    words = sorted({w[:MAX_TOKEN] for w in tokens(query)}, key=lambda w: (-len(w), w))[:5]
    return [latin_key(w) if w.isascii() else w for w in words]


def _word_ranges(word: str):
    """A Cyrillic word also matches through its Latin skeleton, where Kazakh and Russian spellings
    of a name meet: "Гульнар" and "Гүлнәр" are both "gulnar", "Сейтова" and "Сейітова" "seitova"."""
    ranges = [_prefix_range(word)]
    if not word.isascii():
        skeleton = latin_key(word)
        if skeleton and skeleton != word and skeleton.isascii():
            ranges.append(_prefix_range(skeleton))
    return [and_(SubjectToken.token >= low, SubjectToken.token < high) for low, high in ranges]


def word_ids(word: str):
    """SELECT subject_id of the names with a word starting with `word` (index range scans)."""
    return select(SubjectToken.subject_id.label("subject_id")).where(or_(*_word_ranges(word)))


def word_exists(word: str, subject_id_column):
    """EXISTS: the subject in `subject_id_column` has a name word starting with `word`."""
    return exists().where(and_(SubjectToken.subject_id == subject_id_column, or_(*_word_ranges(word))))


def _name_ids(query: str):
    """SELECT subject_id of the people whose name has a word starting with each query word.

    Each word is an index range scan of the token index (covering); several words intersect.
    (A correlated EXISTS per extra word reads the token table once per candidate: about four
    times slower for a common first name with a surname on a million subjects.)"""
    words = name_words(query)
    if not words:
        return None
    if len(words) == 1:
        return word_ids(words[0])
    return intersect(*(word_ids(w) for w in words))


def _by_name(session: Session, query: str, limit: int) -> list[str]:
    stmt = _name_ids(query)
    if stmt is None:
        return []
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


# --- correcting a subject's data -------------------------------------------------------------


def update_subject(session: Session, subject_id: str, *, full_name: str | None = None,
                   iin: str | None = None, phones: list[str] | None = None,
                   emails: list[str] | None = None, addresses: list[tuple[str, str]] | None = None,
                   actor: str = "", now: datetime | None = None,
                   request_id: str | None = None) -> list[str]:
    """Change a subject's data (a correction). Returns the names of the fields that changed.

    None leaves a field as it is; a list replaces the subject's phones, e-mails or addresses
    (an empty list removes them all). The result is validated like a new subject (a subject must
    keep something that identifies it); a failure raises ValidationFailed and writes nothing.
    The audit entry names the fields changed (and the request that asked), never the values.
    """
    subject = session.get(Subject, subject_id)
    if subject is None or subject.status == "destroyed":
        raise ValidationFailed({"subject": ("subject_unknown",
                                            "There is no such subject (it may have been destroyed).")})
    now = now or datetime.now(timezone.utc)
    contacts = session.scalars(select(Contact).where(Contact.subject_id == subject_id)).all()
    current = {kind: [c.normalized for c in contacts if c.kind == kind] for kind in ("phone", "email")}
    clean = validate(SubjectInput(
        category=subject.category,
        full_name=subject.full_name if full_name is None else full_name,
        iin=(subject.iin or "") if iin is None else iin,
        phones=current["phone"] if phones is None else list(phones),
        emails=current["email"] if emails is None else list(emails),
        addresses=list(addresses or [])))
    changed: list[str] = []
    if full_name is not None and clean.full_name != subject.full_name:
        subject.full_name, subject.name_key = clean.full_name, fold(clean.full_name)
        index_subject(session, subject.id, clean.full_name)
        changed.append("full_name")
    if iin is not None and clean.iin != subject.iin:
        subject.iin = clean.iin
        changed.append("iin")
    for kind, field_name, given, wanted in (("phone", "phones", phones, clean.phones),
                                            ("email", "emails", emails, clean.emails)):
        if given is None:
            continue
        keep = {normalized for _, normalized in wanted}
        have = {c.normalized: c for c in contacts if c.kind == kind}
        gone = [c for n, c in have.items() if n not in keep]
        new = [(raw, n) for raw, n in wanted if n not in have]
        for contact in gone:
            session.delete(contact)
        for raw, normalized in new:
            session.add(Contact(subject_id=subject_id, kind=kind, value=raw, normalized=normalized,
                                source="correction", created_at=now, updated_at=now))
        if gone or new:
            changed.append(field_name)
    if addresses is not None:
        # An address that stays keeps its row (orders point at it by address_id); only the
        # differences are added or removed, and orders of a removed address lose the reference.
        rows = session.scalars(select(Address).where(Address.subject_id == subject_id)
                               .order_by(Address.created_at, Address.id)).all()
        wanted = list(clean.addresses)
        gone = []
        for row in rows:
            if (row.city, row.line) in wanted:
                wanted.remove((row.city, row.line))
            else:
                gone.append(row)
        if gone:
            session.execute(update(Order).where(Order.address_id.in_([a.id for a in gone]))
                            .values(address_id=None))
            for row in gone:
                session.delete(row)
        session.add_all(Address(subject_id=subject_id, city=city, line=line, source="correction",
                                created_at=now, updated_at=now) for city, line in wanted)
        if gone or wanted:
            changed.append("addresses")
    if changed:
        subject.updated_at = now
        session.flush()
        audit.record(session, "subject.update", "subject", [subject_id],
                     {"fields": changed, "request_id": request_id}, actor=actor, at=now)
    return changed

"""Use cases of reply letters: gather a request's data, make the PDF, keep it with the request.

* `letter_data(session, request_id, staff_id)` reads the request, its subject (contacts,
  addresses, orders, consents with their purposes and policy versions), the operator, its
  processors (the recipients of the data) and the operator's own templates into the plain
  dataclasses of `documents.letters`.
* `make_letter(...)` renders the letter, stores it as an Attachment of the request (destroyed
  with the subject, like every row of the subject's data), adds a "letter_made" event to the
  request's timeline and an audit entry (kind and language codes only), in the caller's
  transaction.
* `save_template(...)` checks a template on sample values (unknown field, stray brace, a
  refusal without its reason: TemplateError, nothing saved) and stores it; `reset_template`
  returns to the default text; `current_template` is what a letter would use.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.documents.letter_templates import LETTER_KINDS, LETTER_LANGUAGES, Template
from pdp_desk.documents.letters import (
    ConsentInfo,
    HeldData,
    HeldItem,
    LetterData,
    LetterError,
    OperatorInfo,
    OrderInfo,
    PurposeInfo,
    RecipientInfo,
    TemplateError,
    check_template,
    render_letter,
    template_for,
)
from pdp_desk.domain.catalogue import PURPOSES
from pdp_desk.domain.deadlines import Localized
from pdp_desk.domain.identifiers import format_phone, iin_sex
from pdp_desk.domain.localtime import local_day
from pdp_desk.services import audit
from pdp_desk.store.models import (
    Address,
    Attachment,
    Consent,
    Contact,
    LetterTemplate,
    Operator,
    Order,
    PolicyVersion,
    Processor,
    Purpose,
    Request,
    RequestEvent,
    Staff,
    Subject,
)

MAX_TITLE = 300
MAX_BODY = 20_000
_CATALOGUE_ORDER = {spec.code: i for i, spec in enumerate(PURPOSES)}
_UNSAFE_FILENAME = re.compile(r"[^0-9A-Za-z._-]+")


def _check_kind_language(kind: str, language: str) -> None:
    if kind not in LETTER_KINDS:
        raise LetterError("kind_unknown", f"Unknown kind of letter {kind!r}; one of {', '.join(LETTER_KINDS)}.")
    if language not in LETTER_LANGUAGES:
        raise LetterError("language_unsupported",
                          f"Letters are made in {' or '.join(LETTER_LANGUAGES)}, not {language!r}.")


def _templates(session: Session) -> dict[tuple[str, str], Template]:
    return {(row.kind, row.language): Template(row.title, row.body)
            for row in session.scalars(select(LetterTemplate))}


def _held(session: Session, subject: Subject, operator_id: str | None) -> HeldData:
    sid = subject.id
    items: list[HeldItem] = []
    if subject.full_name:
        items.append(HeldItem("full_name", subject.full_name, subject.source, subject.created_at))
    if subject.iin:
        items.append(HeldItem("iin", subject.iin, subject.source, subject.created_at))
    contacts = session.scalars(select(Contact).where(Contact.subject_id == sid)
                               .order_by(Contact.kind.desc(), Contact.is_primary.desc(), Contact.created_at))
    for c in contacts:
        if c.kind == "phone":
            items.append(HeldItem("phone", format_phone(c.normalized), c.source, c.created_at))
        else:
            items.append(HeldItem("email", c.value.strip() or c.normalized, c.source, c.created_at))
    for a in session.scalars(select(Address).where(Address.subject_id == sid).order_by(Address.created_at)):
        text = ", ".join(part for part in (a.city, a.line) if part)
        if text:
            items.append(HeldItem("delivery_address", text, a.source, a.created_at))
    if subject.note.strip():
        items.append(HeldItem("note", subject.note.strip(), "manual", subject.updated_at))

    orders = session.scalars(select(Order).where(Order.subject_id == sid).order_by(Order.placed_at)).all()
    order_infos = tuple(OrderInfo(o.placed_at, o.external_no, o.items, o.amount_tiyn, o.currency, o.status)
                        for o in orders)
    last_order = local_day(orders[-1].placed_at) if orders else None

    consents = session.scalars(select(Consent).where(Consent.subject_id == sid)
                               .order_by(Consent.given_at)).all()
    purpose_ids = {c.purpose_id for c in consents}
    purposes = {p.id: p for p in session.scalars(select(Purpose).where(Purpose.id.in_(purpose_ids)))} \
        if purpose_ids else {}
    version_ids = {c.policy_version_id for c in consents if c.policy_version_id}
    versions = {v.id: v.label for v in session.execute(
        select(PolicyVersion.id, PolicyVersion.label).where(PolicyVersion.id.in_(version_ids)))} \
        if version_ids else {}

    def names(purpose_id: str) -> Localized:
        p = purposes.get(purpose_id)
        if p is None:
            return Localized(purpose_id, purpose_id, purpose_id)
        return Localized(p.name_ru, p.name_kk, p.name_en)

    consent_infos = tuple(ConsentInfo(
        names(c.purpose_id), c.given_at, versions.get(c.policy_version_id or "", ""), c.channel, c.state,
        c.valid_until, c.withdrawn_at, c.third_parties_allowed, c.cross_border_allowed) for c in consents)

    purpose_infos = []
    for pid in sorted(purposes, key=lambda i: (_CATALOGUE_ORDER.get(purposes[i].code, 99), purposes[i].code)):
        p = purposes[pid]
        kept_until = None
        if p.retention_days is not None:
            if p.retention_rule == "after_consent":
                given = [local_day(c.given_at) for c in consents if c.purpose_id == pid]
                anchor = max((g for g in given if g), default=None)
            elif p.retention_rule == "after_last_order":
                anchor = last_order
            else:
                anchor = None
            if anchor is not None:
                kept_until = anchor + timedelta(days=p.retention_days)
        purpose_infos.append(PurposeInfo(names(pid), tuple(p.data_categories or ()), p.retention_rule,
                                         p.retention_days, kept_until))

    recipients: tuple[RecipientInfo, ...] = ()
    if operator_id:
        recipients = tuple(RecipientInfo(r.name, r.iin_bin or "", r.address or "") for r in session.scalars(
            select(Processor).where(Processor.operator_id == operator_id).order_by(Processor.name)))

    return HeldData(subject.category, tuple(items), order_infos, tuple(purpose_infos), consent_infos,
                    recipients, subject.blocked_at if subject.status == "blocked" else None)


def letter_data(session: Session, request_id: str, staff_id: str | None = None,
                today: date | None = None) -> LetterData:
    """Everything a letter about this request may show. LetterError "request_not_found",
    "subject_not_found" (destroyed), "operator_missing"."""
    request = session.get(Request, request_id)
    if request is None:
        raise LetterError("request_not_found", f"No request {request_id!r}.")
    subject = session.get(Subject, request.subject_id)
    if subject is None or subject.status == "destroyed":
        raise LetterError("subject_not_found", "The request's subject is not in the register (destroyed?).")
    operator_id = request.operator_id or subject.operator_id
    operator = session.get(Operator, operator_id) if operator_id else None
    if operator is None:
        raise LetterError("operator_missing", "The request names no operator: choose the operator it is "
                          "addressed to first.")
    staff = None
    if staff_id or request.responsible_staff_id:
        staff = session.get(Staff, staff_id or request.responsible_staff_id)
    return LetterData(
        operator=OperatorInfo(operator.name, operator.iin_bin or "", operator.address or "",
                              operator.phone or "", operator.email or ""),
        subject_name=subject.full_name,
        request_number=request.number or "",
        request_date=request.received_at,
        request_type=request.type,
        today=today or local_day(datetime.now(timezone.utc)),
        reply_to=request.reply_to,
        representative_name=request.representative_name if request.requester_kind != "subject" else "",
        subject_sex=iin_sex(subject.iin) if subject.iin else None,
        staff_name=staff.full_name if staff else "",
        staff_position=staff.position if staff else "",
        refusal_reason=request.refusal_reason or "",
        held=_held(session, subject, operator.id),
        templates=_templates(session),
    )


def letter_filename(request: Request, kind: str, language: str) -> str:
    stem = _UNSAFE_FILENAME.sub("-", request.number or f"request-{request.id[:8]}").strip("-")
    return f"{stem}-{kind}-{language}.pdf"


def make_letter(session: Session, request_id: str, kind: str, language: str | None = None,
                staff_id: str | None = None, actor: str = "", today: date | None = None,
                now: datetime | None = None) -> str:
    """Render the letter, keep it with the request; return the Attachment's id.

    `language` None: the request's language. Raises LetterError (see letter_data and
    documents.letters.render_letter) or TemplateError before anything is written.
    """
    request = session.get(Request, request_id)
    if request is None:
        raise LetterError("request_not_found", f"No request {request_id!r}.")
    language = language or request.language or "ru"
    _check_kind_language(kind, language)
    now = now or datetime.now(timezone.utc)
    data = letter_data(session, request_id, staff_id, today or local_day(now))
    content = render_letter(kind, language, None, data)
    filename = letter_filename(request, kind, language)
    attachment = Attachment(
        subject_id=request.subject_id, owner_table="request", owner_id=request_id, filename=filename,
        media_type="application/pdf", size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        content=content, created_at=now, updated_at=now)
    session.add(attachment)
    session.flush()
    session.add(RequestEvent(subject_id=request.subject_id, request_id=request_id, at=now, kind="letter_made",
                             note=filename, staff_id=staff_id or request.responsible_staff_id,
                             created_at=now, updated_at=now))
    audit.record(session, "request.letter_made", "request", [request_id, attachment.id],
                 {"kind": kind, "language": language}, actor=actor, at=now)
    session.flush()
    return attachment.id


# --- templates -------------------------------------------------------------------------------

def current_template(session: Session, kind: str, language: str) -> tuple[Template, bool]:
    """(the template letters of this kind use, whether it is the operator's own)."""
    _check_kind_language(kind, language)
    row = session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind,
                                                      LetterTemplate.language == language))
    if row is not None:
        return Template(row.title, row.body), True
    return template_for(kind, language), False


def save_template(session: Session, kind: str, language: str, title: str, body: str, actor: str = "") -> str:
    """Check and store the operator's template for (kind, language); return its row id.

    TemplateError (unknown field, stray brace, ..., "required_field_missing", "too_long") or
    LetterError (kind, language): nothing is saved.
    """
    _check_kind_language(kind, language)
    title, body = (title or "").strip(), (body or "").strip()
    if len(title) > MAX_TITLE:
        raise TemplateError("too_long", f"The title is longer than {MAX_TITLE} characters.", "title")
    if len(body) > MAX_BODY:
        raise TemplateError("too_long", f"The text is longer than {MAX_BODY} characters.", "body")
    if not body:
        raise TemplateError("empty", "The letter's text is empty.", "body")
    check_template(kind, title, body)
    row = session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind,
                                                      LetterTemplate.language == language))
    if row is None:
        row = LetterTemplate(kind=kind, language=language, title=title, body=body)
        session.add(row)
    else:
        row.title, row.body = title, body
    session.flush()
    audit.record(session, "letter_template.save", "letter_template", [row.id],
                 {"kind": kind, "language": language}, actor=actor)
    return row.id


def reset_template(session: Session, kind: str, language: str, actor: str = "") -> bool:
    """Drop the operator's template: letters use the default again. False if there was none."""
    _check_kind_language(kind, language)
    row = session.scalar(select(LetterTemplate).where(LetterTemplate.kind == kind,
                                                      LetterTemplate.language == language))
    if row is None:
        return False
    row_id = row.id
    session.delete(row)
    session.flush()
    audit.record(session, "letter_template.reset", "letter_template", [row_id],
                 {"kind": kind, "language": language}, actor=actor)
    return True

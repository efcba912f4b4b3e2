"""Use case: export the journal of requests of a period for an inspector (PDF, CSV, XLSX).

The period is a range of calendar days in Kazakhstan's time (what the shop calls a day), both
ends included. The file is written beside its target and moved into place at the end,
so a failure (a full disk, a locked file) leaves no half-written journal. An export carries
personal data (the subjects' names) out of the database: it writes an audit entry (format,
language, period, row count).
"""
from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pdp_desk.documents.journal import (
    JOURNAL_LANGUAGES,
    JournalInfo,
    JournalRow,
    journal_csv,
    journal_pdf,
    journal_xlsx,
)
from pdp_desk.domain.deadlines import SUBJECT_REQUESTS
from pdp_desk.domain.deadlines import label as type_label
from pdp_desk.domain.localtime import day_start
from pdp_desk.domain.workflow import outcome_label, state_label
from pdp_desk.services import audit
from pdp_desk.store.models import Operator, Request, Subject

EXPORT_FORMATS = ("pdf", "csv", "xlsx")


class ExportError(ValueError):
    """An export that cannot be made as asked. `code` is stable (the GUI translates it)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end + 1 day 00:00) in Kazakhstan, as UTC."""
    low, high = day_start(start), day_start(end + timedelta(days=1))
    return low.astimezone(timezone.utc), high.astimezone(timezone.utc)


def _type_label(code: str, language: str) -> str:
    try:
        return type_label(code, language)
    except Exception:  # a type this version does not know prints as its code
        return code


def journal_rows(session: Session, start: date, end: date, language: str = "ru",
                 operator_id: str | None = None, include_notices: bool = False) -> list[JournalRow]:
    """The requests received from `start` to `end` (Kazakhstan days, inclusive), oldest first.

    Subjects' requests only, unless `include_notices` (breach and transfer notices too).
    """
    low, high = _utc_bounds(start, end)
    query = (select(Request.received_at, Request.number, Request.type, Subject.full_name,
                    Request.answer_due, Request.action_due, Request.answered_at, Request.outcome,
                    Request.state)
             .outerjoin(Subject, Subject.id == Request.subject_id)
             .where(Request.received_at >= low, Request.received_at < high)
             .order_by(Request.received_at, Request.number))
    if operator_id is not None:
        query = query.where(Request.operator_id == operator_id)
    if not include_notices:
        query = query.where(Request.type.in_(sorted(t.value for t in SUBJECT_REQUESTS)))
    labels: dict[tuple[str, str], str] = {}

    def cached(kind: str, code: str, make) -> str:
        key = (kind, code)
        if key not in labels:
            labels[key] = make(code, language)
        return labels[key]

    return [JournalRow(
        received=r.received_at, number=r.number or "", type=cached("t", r.type, _type_label),
        subject=r.full_name or "", answer_due=r.answer_due, action_due=r.action_due,
        answered_at=r.answered_at, outcome=cached("o", r.outcome, outcome_label) if r.outcome else "",
        state=cached("s", r.state, state_label)) for r in session.execute(query)]


def _operator_text(session: Session, start: date, end: date, operator_id: str | None, language: str) -> str:
    label = "ИИН/БИН" if language == "ru" else "ЖСН/БСН"
    if operator_id is not None:
        operators = [session.get(Operator, operator_id)]
    else:
        low, high = _utc_bounds(start, end)
        ids = session.scalars(select(Request.operator_id).distinct()
                              .where(Request.received_at >= low, Request.received_at < high)).all()
        ids = [i for i in ids if i]
        operators = (list(session.scalars(select(Operator).where(Operator.id.in_(ids)).order_by(Operator.name)))
                     if ids else [])
    return "; ".join(f"{o.name}, {label} {o.iin_bin}" if o.iin_bin else o.name for o in operators if o)


def export_journal(session: Session, start: date, end: date, path: Path, fmt: str, language: str = "ru",
                   operator_id: str | None = None, include_notices: bool = False, actor: str = "",
                   now: datetime | None = None) -> int:
    """Write the journal of the period to `path` as "pdf", "csv" or "xlsx"; return the row count.

    ExportError codes: "format_unknown", "language_unsupported", "period_reversed",
    "write_failed" (the message says why; nothing is left at `path`).
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError("format_unknown", f"Export as {', '.join(EXPORT_FORMATS)}, not {fmt!r}.")
    if language not in JOURNAL_LANGUAGES:
        raise ExportError("language_unsupported", f"The journal is made in Russian or Kazakh, not {language!r}.")
    if end < start:
        raise ExportError("period_reversed", "The period ends before it starts.")
    now = now or datetime.now(timezone.utc)
    rows = journal_rows(session, start, end, language, operator_id, include_notices)
    info = JournalInfo(start, end, language, _operator_text(session, start, end, operator_id, language), now)
    path = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".journal-", suffix=f".{fmt}.part", dir=path.parent)
    except OSError as error:
        raise ExportError("write_failed", f"The journal could not be written to {path}: "
                          f"{error.strerror or error}.") from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        if fmt == "pdf":
            temp.write_bytes(journal_pdf(rows, info))
        elif fmt == "csv":
            journal_csv(rows, info, temp)
        else:
            journal_xlsx(rows, info, temp)
        os.replace(temp, path)
    except OSError as error:
        raise ExportError("write_failed", f"The journal could not be written to {path}: "
                          f"{error.strerror or error}.") from None
    finally:
        if temp.exists():
            temp.unlink()
    audit.record(session, "requests.journal_export", "request", [],
                 {"format": fmt, "language": language, "start": start.isoformat(), "end": end.isoformat(),
                  "rows": len(rows), "operator_id": operator_id}, actor=actor, at=now)
    return len(rows)

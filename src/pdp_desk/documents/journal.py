"""The journal of requests for an inspector: PDF, CSV and XLSX, in Russian or Kazakh.

Every request received in a period: when received, its number, type, subject, the answer and
action due dates, when answered, the outcome and the state. The rows come ready-made
(`JournalRow`, labels already in the journal's language) from services.exports.

Spreadsheets run formulas: a cell that begins with = + - @ (or a tab or carriage return) could
be taken for one ("=cmd|' /C calc'!A0"). `neutralise` puts an apostrophe before such text in
both CSV and XLSX, and XLSX cells are written as strings, so no cell of a journal is ever a
formula.

CSV: UTF-8 with a byte-order mark (Excel on Windows then reads Cyrillic and Kazakh letters
right), `;` between fields (the list separator of Russian and Kazakh Windows), CRLF lines.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pdp_desk.domain.localtime import local_time

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

JOURNAL_LANGUAGES = ("ru", "kk")


@dataclass(frozen=True)
class JournalRow:
    received: datetime
    number: str
    type: str                      # the type's label in the journal's language
    subject: str                   # the subject's full name
    answer_due: date | None
    action_due: date | None
    answered_at: datetime | None
    outcome: str                   # label
    state: str                     # label


@dataclass(frozen=True)
class JournalInfo:
    """What the title says: the period, the operator(s), when it was made."""

    start: date
    end: date
    language: str = "ru"
    operator: str = ""             # "ИП Турехан, ИИН 950902401642" (or several, joined)
    made_at: datetime | None = None


_WORDS = {
    "ru": {
        "title": "Журнал учёта обращений субъектов персональных данных",
        "period": "за период с {start} по {end}",
        "operator": "Оператор: {operator}",
        "made": "Сформирован {made}",
        "count": "Всего обращений: {count}",
        "running": "Журнал учёта обращений, {start} – {end}",
        "headers": ("№ п/п", "Получено", "Номер", "Вид обращения", "Субъект", "Срок ответа",
                    "Срок исполнения", "Ответ дан", "Результат", "Состояние"),
        "none": "За период обращений нет.",
    },
    "kk": {
        "title": "Дербес деректер субъектілерінің өтініштерін есепке алу журналы",
        "period": "{start} бастап {end} дейінгі кезең",
        "operator": "Оператор: {operator}",
        "made": "Жасалған уақыты: {made}",
        "count": "Өтініштер саны: {count}",
        "running": "Өтініштерді есепке алу журналы, {start} – {end}",
        "headers": ("Р/с №", "Алынды", "Нөмірі", "Өтініш түрі", "Субъект", "Жауап мерзімі",
                    "Орындау мерзімі", "Жауап берілді", "Нәтижесі", "Жай-күйі"),
        "none": "Кезеңде өтініштер жоқ.",
    },
}


def _check_language(language: str) -> str:
    if language not in JOURNAL_LANGUAGES:
        raise ValueError(f"the journal is made in {' or '.join(JOURNAL_LANGUAGES)}, not {language!r}")
    return language


# --- values ----------------------------------------------------------------------------------

def _local(moment: datetime) -> datetime:
    """Kazakhstan's time of an aware moment; a naive one as it is."""
    return local_time(moment) if moment.tzinfo else moment


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime | None) -> str:
    return _local(value).strftime("%d.%m.%Y %H:%M") if value is not None else ""


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet will never run as a formula: an apostrophe before = + - @ tab CR."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def texts(row: JournalRow) -> list[str]:
    """The row's cells as text (dates dd.mm.yyyy, times in Kazakhstan's time)."""
    return [format_datetime(row.received), row.number, row.type, row.subject, format_date(row.answer_due),
            format_date(row.action_due), format_datetime(row.answered_at), row.outcome, row.state]


def headers(language: str) -> tuple[str, ...]:
    return _WORDS[_check_language(language)]["headers"]


def title_lines(info: JournalInfo, count: int | None = None) -> list[str]:
    w = _WORDS[_check_language(info.language)]
    lines = [w["title"], w["period"].format(start=format_date(info.start), end=format_date(info.end))]
    if info.operator:
        lines.append(w["operator"].format(operator=info.operator))
    if info.made_at is not None:
        lines.append(w["made"].format(made=format_datetime(info.made_at)))
    if count is not None:
        lines.append(w["count"].format(count=count))
    return lines


# --- PDF -------------------------------------------------------------------------------------

# Widths in points of: №, received, number, type, subject, answer due, action due, answered,
# outcome, state; they share the 257 mm (729 pt) of landscape A4 text. A date-and-time fits one
# line at 7.5 pt, and the longest word of a header ("исполнения") its column.
_PDF_WIDTHS = (20, 74, 70, 98, 117, 52, 58, 74, 100, 66)


def journal_pdf(rows: Sequence[JournalRow], info: JournalInfo) -> bytes:
    """The journal as a landscape A4 PDF: title, period, operator; the table's header repeats
    on every page; "page X / Y" at the foot of each."""
    # imported here: ReportLab costs 0.3 s at start-up
    from pdp_desk.documents import pdf

    language = _check_language(info.language)
    w = _WORDS[language]
    period = dict(start=format_date(info.start), end=format_date(info.end))
    meta = pdf.DocMeta(
        title=f"{w['title']} ({w['period'].format(**period)})", language=language,
        author=info.operator, subject=w["title"], keywords=("PDP Desk", "journal"), landscape=True,
        margins_mm=(15, 12, 16, 20), header_text=w["running"].format(**period),
        footer_text=w["running"].format(**period) + (f" — {info.operator}" if info.operator else ""),
        header_from_page=2,
    )
    width = pdf.text_width(meta)
    lines = title_lines(info, len(rows))
    story: list[Flowable] = [pdf.para(lines[0], "title"), pdf.para(lines[1], "center")]
    story += [pdf.para(line, "small_center") for line in lines[2:]]
    story.append(pdf.spacer(4))
    if rows:
        cells = [[str(i)] + texts(row) for i, row in enumerate(rows, start=1)]
        story += pdf.table(cells, headers(language), _PDF_WIDTHS, width=width, cell_style="cell_small",
                           header_style="cell_small_head", zebra=True,
                           col_styles=["cell_small_right"] + [None] * 9)
    else:
        story.append(pdf.para(w["none"], "plain"))
    return pdf.render(story, meta)


# --- CSV -------------------------------------------------------------------------------------

def write_csv(rows: Iterable[JournalRow], info: JournalInfo, stream: TextIO) -> int:
    """Write the journal's header and rows to a text stream opened with newline="" (and
    encoding "utf-8-sig" when it is a file); return the number of rows."""
    language = _check_language(info.language)
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers(language))
    count = 0
    for count, row in enumerate(rows, start=1):
        writer.writerow([str(count)] + [neutralise(_clean(t)) for t in texts(row)])
    return count


def journal_csv(rows: Iterable[JournalRow], info: JournalInfo, path: Path) -> int:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        return write_csv(rows, info, stream)


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(text: str) -> str:
    """Drop control characters no spreadsheet cell may hold (tab and CR stay for neutralise)."""
    return _ILLEGAL.sub("", text)


# --- XLSX ------------------------------------------------------------------------------------

_XLSX_WIDTHS = (7, 17, 17, 34, 36, 13, 15, 17, 32, 20)


def journal_xlsx(rows: Iterable[JournalRow], info: JournalInfo, path: Path) -> int:
    """The journal as an Excel workbook: title lines, then the table (header frozen, with a
    filter). Dates are date cells (dd.mm.yyyy); every text is a string cell, neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    language = _check_language(info.language)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Журнал" if language == "ru" else "Журнал (kk)")
    for i, width in enumerate(_XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    lines = title_lines(info)
    header_row = len(lines) + 2
    sheet.freeze_panes = f"A{header_row + 1}"

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    head_fill = PatternFill("solid", fgColor="DDDDDD")

    def text_cell(value: str, font: Font | None = None, fill=None, align=None) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=neutralise(_clean(value)))
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if align is not None:
            cell.alignment = align
        return cell

    def date_cell(value: date | datetime | None, with_time: bool) -> WriteOnlyCell | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = _local(value).replace(tzinfo=None)
            if not with_time:
                value = value.date()
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD.MM.YYYY HH:MM" if with_time else "DD.MM.YYYY"
        cell.alignment = wrap
        return cell

    for k, line in enumerate(lines):
        sheet.append([text_cell(line, Font(bold=True, size=13) if k == 0 else None)])
    sheet.append([])
    sheet.append([text_cell(h, bold, head_fill, wrap) for h in headers(language)])
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append([
            count,
            date_cell(row.received, True),
            text_cell(row.number, align=wrap),
            text_cell(row.type, align=wrap),
            text_cell(row.subject, align=wrap),
            date_cell(row.answer_due, False),
            date_cell(row.action_due, False),
            date_cell(row.answered_at, True),
            text_cell(row.outcome, align=wrap),
            text_cell(row.state, align=wrap),
        ])
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(_XLSX_WIDTHS))}{header_row + max(count, 1)}"
    workbook.save(path)
    return count

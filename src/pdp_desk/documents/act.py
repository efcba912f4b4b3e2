"""The act of destruction of personal data as a PDF (policy §9.2–9.4; legal-notes "The act").

`render_act(doc, language)` lays out an `ActDocument` (plain values: this module sees no
database) in Russian ("ru"), Kazakh ("kk") or both side by side ("ru+kk"):

* number and date; the operator (name, IIN/BIN, address); processors; the reason with its article
  of the Law; the information system, paper media with sheet counts, the method;
* the subjects: № / subject (full name, or register number) / categories destroyed / what is kept
  without the person, and why / paper sheets. A table that runs over pages repeats its header;
* subjects excluded with a reasoned refusal (when there are any);
* the people who destroyed the data with positions and signature lines; "kept until";
* a QR code ("pdp-desk:act:<act id>:<fingerprint>") and the printed fingerprint, which tie the
  paper to the act's record; the first 16 characters of the fingerprint in every page's footer;
* a box where a digital signature's visible stamp goes (its position is written into the PDF's
  keywords as "sigbox:<page>:<x1>:<y1>:<x2>:<y2>", which `documents.signing` reads);
* the appendix: the extract of the system's event log (date and time, subject, categories,
  system, reason), a section of its own starting on a new page.

Every text from the database goes through `pdf.para`/`pdf.table` (escaped, never markup): names
with <, &, quotes and Kazakh letters print exactly as entered. The act id and the fingerprint are
also in the PDF's metadata (Subject and Keywords), where verification finds them.
"""
from __future__ import annotations

from collections.abc import Sequence
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Table, TableStyle

from pdp_desk.documents import pdf
from pdp_desk.domain import destruction as rules
from pdp_desk.domain.destruction import ACT_LANGUAGES
from pdp_desk.domain.localtime import local_time

SIGBOX_KEYWORD = "sigbox"
ACT_KEYWORD = "pdp-desk-act"


@dataclass(frozen=True)
class ActParty:
    name: str
    iin_bin: str = ""
    address: str = ""


@dataclass(frozen=True)
class ActSigner:
    full_name: str
    position: str = ""


@dataclass(frozen=True)
class ActLine:
    """One subject of the act. `kept`: (category, keep reason, how many records)."""

    label: str
    categories: tuple[str, ...] = ()
    kept: tuple[tuple[str, str, int], ...] = ()
    sheets: int = 0
    excluded: bool = False
    refusal: str = ""


@dataclass(frozen=True)
class LogLine:
    """One event of the system's log: the destruction of one subject's data."""

    at: datetime            # aware; printed in Kazakhstan time
    label: str
    categories: tuple[str, ...]
    system: str
    reason: str             # reason code


@dataclass(frozen=True)
class ActDocument:
    act_id: str
    number: str
    act_date: date
    operator: ActParty
    reason: str
    information_system: str
    methods: tuple[str, ...]
    staff: tuple[ActSigner, ...]
    lines: tuple[ActLine, ...]
    kept_until: date
    fingerprint: str
    reason_text: str = ""
    processors: tuple[ActParty, ...] = ()
    names_subjects: bool = True
    executed_at: datetime | None = None
    log: tuple[LogLine, ...] = ()
    draft: bool = False          # the wizard's preview: no number yet, no QR
    backup_days: int | None = None  # how long backups are kept: destroyed data is gone from them after
    extra_keywords: tuple[str, ...] = field(default=())


# --- texts -------------------------------------------------------------------------------------

T: dict[str, dict[str, str]] = {
    "title": {"ru": "АКТ № {number}\nоб уничтожении персональных данных",
              "kk": "Дербес деректерді жою туралы\n№ {number} АКТ",
              "en": "ACT No. {number}\non the destruction of personal data"},
    "draft": {"ru": "ПРОЕКТ: номер акта будет присвоен при выполнении уничтожения",
              "kk": "ЖОБА: акт нөмірі жою орындалған кезде беріледі",
              "en": "DRAFT: the act's number is given when the destruction is executed"},
    "draft_number": {"ru": "(проект)", "kk": "(жоба)", "en": "(draft)"},
    "date": {"ru": "Дата уничтожения", "kk": "Жою күні", "en": "Date of destruction"},
    "executed": {"ru": "Выполнено в информационной системе", "kk": "Ақпараттық жүйеде орындалды",
                 "en": "Executed in the information system"},
    "operator": {"ru": "Оператор", "kk": "Оператор", "en": "Operator"},
    "iin_bin": {"ru": "ИИН/БИН", "kk": "ЖСН/БСН", "en": "IIN/BIN"},
    "address": {"ru": "адрес", "kk": "мекенжайы", "en": "address"},
    "processors": {"ru": "Лица, осуществляющие обработку по поручению оператора",
                   "kk": "Оператордың тапсырмасы бойынша өңдеуді жүзеге асыратын тұлғалар",
                   "en": "Processors acting for the operator"},
    "none": {"ru": "нет", "kk": "жоқ", "en": "none"},
    "reason": {"ru": "Основание уничтожения", "kk": "Жою негізі", "en": "Reason"},
    "basis": {"ru": "Правовое основание", "kk": "Құқықтық негіз", "en": "Legal basis"},
    "system": {"ru": "Информационная система", "kk": "Ақпараттық жүйе", "en": "Information system"},
    "paper": {"ru": "Бумажные носители", "kk": "Қағаз жеткізгіштер", "en": "Paper media"},
    "paper_total": {"ru": "уничтожено {n} л. (по субъектам — в таблице)",
                    "kk": "{n} парақ жойылды (субъектілер бойынша — кестеде)",
                    "en": "{n} sheet(s) destroyed (per subject in the table)"},
    "paper_none": {"ru": "не уничтожались", "kk": "жойылған жоқ", "en": "none"},
    "method": {"ru": "Способ уничтожения", "kk": "Жою тәсілі", "en": "Method"},
    "subjects": {"ru": "Субъекты персональных данных и уничтоженные данные",
                 "kk": "Дербес деректер субъектілері және жойылған деректер",
                 "en": "Data subjects and the data destroyed"},
    "count": {"ru": "Всего субъектов, данные которых уничтожены: {n}",
              "kk": "Деректері жойылған субъектілердің барлығы: {n}",
              "en": "Subjects whose data was destroyed: {n}"},
    "col_subject_name": {"ru": "Субъект (ФИО)", "kk": "Субъект (аты-жөні)", "en": "Subject (full name)"},
    "col_subject_reg": {"ru": "Субъект (рег. номер)", "kk": "Субъект (тіркеу нөмірі)",
                        "en": "Subject (register no.)"},
    "col_categories": {"ru": "Категории уничтоженных данных", "kk": "Жойылған деректер санаттары",
                       "en": "Categories destroyed"},
    "col_kept": {"ru": "Сохранено в обезличенном виде", "kk": "Иесіздендіріліп сақталды",
                 "en": "Kept depersonalised"},
    "col_sheets": {"ru": "Листов", "kk": "Парақ", "en": "Sheets"},
    "kept_note": {"ru": "Сохранённые сведения не позволяют определить субъекта. Основание: {basis}.",
                  "kk": "Сақталған мәліметтер субъектіні анықтауға мүмкіндік бермейді. Негізі: {basis}.",
                  "en": "What is kept does not identify the subject. Basis: {basis}."},
    "excluded": {"ru": "Субъекты, данные которых не уничтожены (мотивированный отказ)",
                 "kk": "Деректері жойылмаған субъектілер (дәлелді бас тарту)",
                 "en": "Subjects not destroyed (reasoned refusal)"},
    "col_refusal": {"ru": "Причина отказа", "kk": "Бас тарту себебі", "en": "Reason for refusal"},
    "statement": {"ru": "Персональные данные субъектов, перечисленных в настоящем акте, уничтожены; "
                        "их восстановление невозможно.",
                  "kk": "Осы актіде көрсетілген субъектілердің дербес деректері жойылды; оларды қалпына "
                        "келтіру мүмкін емес.",
                  "en": "The personal data of the subjects listed in this act has been destroyed and "
                        "cannot be recovered."},
    "staff": {"ru": "Лица, уничтожившие персональные данные",
              "kk": "Дербес деректерді жойған тұлғалар", "en": "People who destroyed the data"},
    "col_name": {"ru": "ФИО", "kk": "Аты-жөні", "en": "Full name"},
    "col_position": {"ru": "Должность", "kk": "Лауазымы", "en": "Position"},
    "col_signature": {"ru": "Подпись", "kk": "Қолы", "en": "Signature"},
    "kept_until": {"ru": "Акт хранится до {date} включительно (3 года, п. 9.5 Политики оператора).",
                   "kk": "Акт {date} қоса алғанда сақталады (3 жыл, Оператор саясатының 9.5-т.).",
                   "en": "The act is kept until {date} inclusive (3 years, Operator's policy §9.5)."},
    "backups": {"ru": "Зашифрованные резервные копии базы данных хранятся {days} дн.: по истечении этого срока "
                      "после уничтожения данных их нет и в резервных копиях.",
                "kk": "Дерекқордың шифрланған сақтық көшірмелері {days} күн сақталады: жойылғаннан кейін осы "
                      "мерзім өткен соң деректер сақтық көшірмелерде де қалмайды.",
                "en": "Encrypted backups of the database are kept for {days} day(s): once that time has passed "
                      "after the destruction, the data is gone from the backups too."},
    "fingerprint": {"ru": "Контрольная сумма записи акта (SHA-256)",
                    "kk": "Акт жазбасының бақылау сомасы (SHA-256)",
                    "en": "Fingerprint of the act's record (SHA-256)"},
    "act_id": {"ru": "Идентификатор акта", "kk": "Акт сәйкестендіргіші", "en": "Act id"},
    "verify": {"ru": "Проверка: QR-код или команда «pdp-desk act verify» сверяют бумагу "
                     "с записью акта в базе данных оператора.",
               "kk": "Тексеру: QR-код немесе «pdp-desk act verify» пәрмені қағазды оператордың "
                     "дерекқорындағы акт жазбасымен салыстырады.",
               "en": "Verification: the QR code or “pdp-desk act verify” compares the paper with "
                     "the act's record in the operator's database."},
    "sigbox": {"ru": "Место для электронной цифровой подписи",
               "kk": "Электрондық цифрлық қолтаңба орны", "en": "Digital signature"},
    "appendix": {"ru": "Приложение к акту № {number}\n"
                       "Выписка из журнала событий информационной системы",
                 "kk": "№ {number} актіге қосымша\nАқпараттық жүйенің оқиғалар журналынан үзінді",
                 "en": "Appendix to act No. {number}\nExtract of the information system's event log"},
    "appendix_intro": {"ru": "Событие: уничтожение персональных данных субъекта. Время — время "
                             "Казахстана (UTC+5). Записей: {n}.",
                       "kk": "Оқиға: субъектінің дербес деректерін жою. Уақыт — Қазақстан уақыты "
                             "(UTC+5). Жазбалар саны: {n}.",
                       "en": "Event: destruction of the subject's personal data. Times are "
                             "Kazakhstan time (UTC+5). Entries: {n}."},
    "col_at": {"ru": "Дата и время", "kk": "Күні мен уақыты", "en": "Date and time"},
    "col_subject": {"ru": "Субъект", "kk": "Субъект", "en": "Subject"},
    "col_data": {"ru": "Категории данных", "kk": "Деректер санаттары", "en": "Categories"},
    "col_reason": {"ru": "Основание", "kk": "Негіз", "en": "Reason"},
    "legend": {"ru": "Категории данных (номера в таблицах)", "kk": "Деректер санаттары (кестелердегі нөмірлер)",
               "en": "Categories of data (numbers in the tables)"},
    "kept_legend": {"ru": "В графе «Сохранено» — номер категории и число сохранённых записей: {what}.",
                    "kk": "«Сақталды» бағанында — санат нөмірі және сақталған жазбалар саны: {what}.",
                    "en": "In the “Kept” column: the category's number and how many records stay: {what}."},
    "log_common": {"ru": "Информационная система: {system}. Основание: {reason}.",
                   "kk": "Ақпараттық жүйе: {system}. Негіз: {reason}.",
                   "en": "Information system: {system}. Reason: {reason}."},
    "header": {"ru": "Акт № {number} от {date}", "kk": "{date} № {number} акт", "en": "Act No. {number} of {date}"},
    "footer": {"ru": "Контрольная сумма: {fp}…", "kk": "Бақылау сомасы: {fp}…", "en": "Fingerprint: {fp}…"},
    "page": {"ru": "Стр. {page} / {total}", "kk": "Бет {page} / {total}", "en": "Page {page} / {total}"},
}


def _t(key: str, language: str, **values) -> str:
    text = T[key][language]
    return text.format(**values) if values else text


def _both(key: str, languages: Sequence[str], sep: str = " / ", **values) -> str:
    return sep.join(_t(key, lang, **values) for lang in languages)


def _d(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _dt(moment: datetime | None) -> str:
    return local_time(moment).strftime("%d.%m.%Y %H:%M:%S") if moment else ""


def _categories(codes: Sequence[str], language: str) -> str:
    return ", ".join(rules.category_label(c, language) for c in rules.sort_categories(codes))


def _kept(kept: Sequence[tuple[str, str, int]], language: str) -> str:
    parts = []
    for category, reason, count in kept:
        spec = rules.keep_spec(category, reason)
        head = rules.category_label(category, language) + (f" ({count})" if count else "")
        parts.append(f"{head}: {spec.what.get(language)}")
    return "; ".join(parts)


# --- flowables ---------------------------------------------------------------------------------


class SignatureBox(Flowable):
    """An empty framed box where a digital signature's stamp goes; records where it landed."""

    def __init__(self, width: float, height: float, labels: Sequence[str], keywords: list[str]):
        super().__init__()
        self.width, self.height = width, height
        self._labels = list(labels)
        self._keywords = keywords

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        page = canvas.getPageNumber()
        box = f"{SIGBOX_KEYWORD}:{page}:{x:.1f}:{y:.1f}:{x + self.width:.1f}:{y + self.height:.1f}"
        canvas.setKeywords([*self._keywords, box])
        super().drawOn(canvas, x, y, _sW)

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        c.setDash(2, 2)
        c.setLineWidth(0.5)
        c.rect(0, 0, self.width, self.height)
        c.setFillColor(colors.Color(0.55, 0.55, 0.55))
        c.setFont(pdf.FONT, 6.5)
        for i, label in enumerate(self._labels):
            c.drawString(3, self.height - 8 - 8 * i, label)
        c.restoreState()


class _Prepared:
    """The cells of a long table cut into lines once, with each row's height and running totals
    (so a page's worth of rows is found by bisection, not by measuring every row again)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                 font: str, bold: str, size: float, leading: float):
        self.widths = list(widths)
        self.font, self.bold, self.size, self.leading = font, bold, size, leading
        self._char_widths: dict[tuple[str, str], float] = {}
        inner = [w - 2 * _PAD_X for w in self.widths]
        self.header = [self.wrap_text(str(h), w, bold) for h, w in zip(header, inner)]
        self.header_height = max(len(c) for c in self.header) * leading + _PAD_TOP + _PAD_BOTTOM
        self.rows: list[list[list[str]]] = []
        self.heights: list[float] = []
        for row in rows:
            cells = [self.wrap_text("" if v is None else str(v), w, font) for v, w in zip(row, inner)]
            self.rows.append(cells)
            self.heights.append(max(len(c) for c in cells) * leading + _PAD_TOP + _PAD_BOTTOM)
        self.prefix = [0.0]
        for h in self.heights:
            self.prefix.append(self.prefix[-1] + h)

    def width_of(self, text: str, font: str) -> float:
        cache = self._char_widths
        total = 0.0
        for ch in text:
            w = cache.get((font, ch))
            if w is None:
                w = cache[(font, ch)] = pdfmetrics.stringWidth(ch, font, self.size)
            total += w
        return total

    def wrap_text(self, text: str, width: float, font: str) -> list[str]:
        """Greedy word wrap; a word longer than the line is cut between characters."""
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
        out: list[str] = []
        space = self.width_of(" ", font)
        for paragraph in text.split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split(" "):
                w = self.width_of(word, font)
                if line:
                    if line_w + space + w <= width:
                        line, line_w = f"{line} {word}", line_w + space + w
                        continue
                    out.append(line)
                while w > width and len(word) > 1:
                    cut, cut_w = 0, 0.0
                    for ch in word:
                        cw = self.width_of(ch, font)
                        if cut and cut_w + cw > width:
                            break
                        cut, cut_w = cut + 1, cut_w + cw
                    out.append(word[:cut])
                    word = word[cut:]
                    w = self.width_of(word, font)
                line, line_w = word, w
            out.append(line)
        return out or [""]


# Characters a PDF text run must not carry (as pdf.escape drops them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_PAD_X, _PAD_TOP, _PAD_BOTTOM = 3, 2, 3


class LongTable(Flowable):
    """A table for thousands of rows (the act's subjects and its log extract).

    ReportLab's Table costs about a millisecond per row to lay out and draw; an act of 10,000
    subjects has two tables of 10,000 rows. This one wraps every cell once (plain text, no
    markup: nothing is ever parsed), finds a page's rows by bisection over running heights,
    and draws a page with one text object, one call for the grid and a rectangle per shaded row.
    The header repeats on every page; rows are never cut (a row is at most a few lines).
    """

    def __init__(self, prepared: _Prepared, right: frozenset[int] = frozenset(), zebra: bool = True,
                 start: int = 0, stop: int | None = None):
        super().__init__()
        self._p, self._right, self._zebra = prepared, right, zebra
        self._start = start
        self._stop = len(prepared.rows) if stop is None else stop
        self.width = sum(prepared.widths)
        self.height = self._height(self._start, self._stop)

    @classmethod
    def of(cls, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
           size: float = 8.5, leading: float = 10.5, right: Sequence[int] = (), zebra: bool = True) -> "LongTable":
        return cls(_Prepared(header, rows, widths, pdf.FONT, pdf.FONT_BOLD, size, leading),
                   frozenset(right), zebra)

    def _height(self, start: int, stop: int) -> float:
        return self._p.header_height + self._p.prefix[stop] - self._p.prefix[start]

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def split(self, avail_width, avail_height):
        p = self._p
        room = avail_height - p.header_height
        # the last row index whose bottom fits: prefix[stop] - prefix[start] <= room
        stop = bisect_right(p.prefix, p.prefix[self._start] + room, self._start, self._stop + 1) - 1
        if stop <= self._start:
            return []
        return [LongTable(p, self._right, self._zebra, self._start, stop),
                LongTable(p, self._right, self._zebra, stop, self._stop)]

    def draw(self):
        p, c = self._p, self.canv
        xs = [0.0]
        for w in p.widths:
            xs.append(xs[-1] + w)
        top = self.height
        c.saveState()
        # backgrounds
        c.setFillColor(pdf.HEAD_BACKGROUND)
        c.rect(0, top - p.header_height, self.width, p.header_height, stroke=0, fill=1)
        y = top - p.header_height
        bounds = [top, y]
        if self._zebra:
            c.setFillColor(pdf.ZEBRA_BACKGROUND)
        for i in range(self._start, self._stop):
            h = p.heights[i]
            if self._zebra and i % 2 == 1:
                c.rect(0, y - h, self.width, h, stroke=0, fill=1)
            y -= h
            bounds.append(y)
        # grid
        c.setStrokeColor(pdf.GRID_COLOR)
        c.setLineWidth(0.4)
        segments = [(0, b, self.width, b) for b in bounds]
        segments += [(x, top, x, bounds[-1]) for x in xs]
        c.lines(segments)
        # text
        c.setFillColor(colors.black)
        text = c.beginText()
        ascent = p.size * 0.93

        def put(cells: list[list[str]], row_top: float, font: str) -> None:
            text.setFont(font, p.size, p.leading)
            for col, lines in enumerate(cells):
                baseline = row_top - _PAD_TOP - ascent
                for line in lines:
                    if line:
                        if col in self._right:
                            x = xs[col + 1] - _PAD_X - p.width_of(line, font)
                        else:
                            x = xs[col] + _PAD_X
                        text.setTextOrigin(x, baseline)
                        text.textOut(line)
                    baseline -= p.leading

        put(p.header, top, p.bold)
        row_top = top - p.header_height
        for i in range(self._start, self._stop):
            put(p.rows[i], row_top, p.font)
            row_top -= p.heights[i]
        c.drawText(text)
        c.restoreState()


def _side_by_side(rows: list[tuple[list, list]], width: float) -> list[Flowable]:
    """Russian on the left, Kazakh on the right, one table row per block (rows may part
    between pages)."""
    table = Table([[left, right] for left, right in rows], colWidths=[width / 2 - 3 * mm, width / 2 + 3 * mm],
                  hAlign="LEFT", splitByRow=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 6 * mm),
        ("RIGHTPADDING", (1, 0), (1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEAFTER", (0, 0), (0, -1), 0.3, colors.Color(0.75, 0.75, 0.75)),
    ]))
    return [table]


def _field(label: str, value: str, style: str = "plain") -> list[Flowable]:
    return [pdf.para_markup([("b", f"{label}: "), ("", value)], style)]


def _info_block(doc: ActDocument, lang: str) -> list[tuple[str, list[Flowable]]]:
    """The act's fields in one language, as (key, flowables) so two languages can pair up."""
    op = doc.operator
    operator = op.name
    if op.iin_bin:
        operator += f", {_t('iin_bin', lang)} {op.iin_bin}"
    if op.address:
        operator += f", {_t('address', lang)}: {op.address}"
    processors = "; ".join(
        p.name + (f", {_t('iin_bin', lang)} {p.iin_bin}" if p.iin_bin else "")
        + (f", {_t('address', lang)}: {p.address}" if p.address else "")
        for p in doc.processors) or _t("none", lang)
    spec = rules.reason_spec(doc.reason)
    reason = spec.label.get(lang)
    if doc.reason_text:
        reason = doc.reason_text if spec.needs_text else f"{reason}. {doc.reason_text}"
    basis = rules.legal_basis(doc.reason, doc.reason_text, lang) if not spec.needs_text else ""
    sheets = sum(line.sheets for line in doc.lines if not line.excluded)
    paper = _t("paper_total", lang, n=sheets) if sheets else _t("paper_none", lang)
    methods = "; ".join(rules.METHODS[rules.Method(m)].get(lang) for m in doc.methods)
    date_text = _d(doc.act_date)
    if doc.executed_at is not None:
        date_text += f" ({_t('executed', lang).lower()} {_dt(doc.executed_at)})"
    blocks = [
        ("date", _field(_t("date", lang), date_text)),
        ("operator", _field(_t("operator", lang), operator)),
        ("processors", _field(_t("processors", lang), processors)),
        ("reason", _field(_t("reason", lang), reason)),
    ]
    if basis:
        blocks.append(("basis", _field(_t("basis", lang), basis)))
    blocks += [
        ("system", _field(_t("system", lang), doc.information_system or "—")),
        ("paper", _field(_t("paper", lang), paper)),
        ("method", _field(_t("method", lang), methods)),
    ]
    return blocks


def _langs(language: str) -> tuple[str, ...]:
    if language not in ACT_LANGUAGES:
        raise ValueError(f"act language must be one of {', '.join(ACT_LANGUAGES)}, not {language!r}")
    return ("ru", "kk") if language == "ru+kk" else (language,)


def _head(key: str, langs: Sequence[str], **values) -> str:
    return "\n".join(dict.fromkeys(_t(key, lang, **values) for lang in langs))


def _cell_text(fn, langs: Sequence[str]) -> str:
    texts = [fn(lang) for lang in langs]
    texts = [t for t in texts if t]
    if len(set(texts)) <= 1:
        return texts[0] if texts else ""
    return "\n".join(texts)


COMPACT_AFTER = 40  # more subjects than this: categories as numbers with a legend (see _legend)


def category_number(code: str) -> int:
    """The fixed number of a category in compact acts (the same in every act)."""
    try:
        return rules.CATEGORY_ORDER.index(code) + 1
    except ValueError:
        return len(rules.CATEGORY_ORDER) + 1


def _numbers(codes: Sequence[str]) -> str:
    return ", ".join(str(n) for n in sorted({category_number(c) for c in codes}))


def _legend(doc: ActDocument, langs: Sequence[str], width: float) -> list[Flowable]:
    used = rules.sort_categories(c for line in doc.lines for c in (*line.categories, *(k[0] for k in line.kept)))
    out: list[Flowable] = []
    for lang in langs:
        text = "; ".join(f"{category_number(c)} — {rules.category_label(c, lang)}" for c in used)
        out.append(pdf.para_markup([("b", _t("legend", lang) + ": "), ("", text)], "small"))
    return out


def _subjects_table(doc: ActDocument, langs: Sequence[str], width: float, compact: bool) -> list[Flowable]:
    lines = [line for line in doc.lines if not line.excluded]
    any_kept = any(line.kept for line in lines)
    any_sheets = any(line.sheets for line in lines)
    subject_key = "col_subject_name" if doc.names_subjects else "col_subject_reg"
    header = ["№", _head(subject_key, langs), _head("col_categories", langs)]
    weights = [9, 62, 40] if compact else [7, 45, 52]
    if any_kept:
        header.append(_head("col_kept", langs))
        weights.append(28 if compact else 36)
    if any_sheets:
        header.append(_head("col_sheets", langs))
        weights.append(15)
    rows = []
    for i, line in enumerate(lines, 1):
        if compact:
            row = [str(i), line.label, _numbers(line.categories)]
            if any_kept:
                row.append(", ".join(f"{category_number(c)} ({n})" for c, _, n in line.kept))
        else:
            row = [str(i), line.label, _cell_text(lambda lang, l=line: _categories(l.categories, lang), langs)]
            if any_kept:
                row.append(_cell_text(lambda lang, l=line: _kept(l.kept, lang), langs))
        if any_sheets:
            row.append(str(line.sheets) if line.sheets else "")
        rows.append(row)
    right = [len(header) - 1] if any_sheets else []
    out = _legend(doc, langs, width) if compact else []
    if compact and any_kept:
        used = sorted({(c, r) for line in lines for c, r, _ in line.kept})
        for lang in langs:
            what = "; ".join(f"{category_number(c)} — {rules.keep_spec(c, r).what.get(lang)}" for c, r in used)
            out.append(pdf.para(_t("kept_legend", lang, what=what), "small"))
    if out:
        out.append(pdf.spacer(1.5))
    out.append(LongTable.of(header, rows, _scale(weights, width), right=right))
    if any_kept:
        used = sorted({(c, r) for line in lines for c, r, _ in line.kept})
        for lang in langs:
            basis = "; ".join(rules.keep_spec(c, r).basis.get(lang) for c, r in used)
            out.append(pdf.para(_t("kept_note", lang, basis=basis), "small"))
    return out


def _excluded_table(doc: ActDocument, langs: Sequence[str], width: float) -> list[Flowable]:
    lines = [line for line in doc.lines if line.excluded]
    if not lines:
        return []
    subject_key = "col_subject_name" if doc.names_subjects else "col_subject_reg"
    out: list[Flowable] = [pdf.para(_head("excluded", langs), "heading")]
    out += pdf.table([[str(i), line.label, line.refusal] for i, line in enumerate(lines, 1)],
                     header=["№", _head(subject_key, langs), _head("col_refusal", langs)],
                     col_widths=[7, 45, 90], width=width)
    return out


def _staff_table(doc: ActDocument, langs: Sequence[str], width: float) -> list[Flowable]:
    header = ["№", _head("col_name", langs), _head("col_position", langs), _head("col_signature", langs)]
    rows = [[str(i), s.full_name, s.position, [pdf.spacer(9)]] for i, s in enumerate(doc.staff, 1)]
    out: list[Flowable] = [pdf.para(_head("staff", langs), "heading")]
    flow = pdf.table(rows, header=header, col_widths=[7, 50, 45, 40], width=width)
    out += flow
    return out


def _proof_block(doc: ActDocument, langs: Sequence[str], width: float, keywords: list[str]) -> list[Flowable]:
    texts: list[Flowable] = []
    for lang in langs:
        texts.append(pdf.para(_t("kept_until", lang, date=_d(doc.kept_until)), "small"))
        if doc.backup_days:
            texts.append(pdf.para(_t("backups", lang, days=doc.backup_days), "small"))
    if doc.draft:
        return [pdf.spacer(3)] + texts
    fp = rules.format_fingerprint(doc.fingerprint)
    texts.append(pdf.para_markup([("b", _both("fingerprint", langs) + ": "), ("", fp)], "small"))
    texts.append(pdf.para_markup([("b", _both("act_id", langs) + ": "), ("", doc.act_id)], "small"))
    for lang in langs:
        texts.append(pdf.para(_t("verify", lang), "small"))
    qr_size = 30
    qr = pdf.qr_code(rules.qr_payload(doc.act_id, doc.fingerprint), size_mm=qr_size)
    grid = Table([[qr, texts]], colWidths=[(qr_size + 3) * mm, width - (qr_size + 3) * mm], hAlign="LEFT")
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    box = SignatureBox(80 * mm, 26 * mm, [_t("sigbox", lang) for lang in langs], keywords)
    return [pdf.spacer(4), KeepTogether([grid, pdf.spacer(3), box])]


def _log_table(doc: ActDocument, langs: Sequence[str], width: float, compact: bool) -> list[Flowable]:
    systems = {line.system for line in doc.log}
    reasons = {line.reason for line in doc.log}
    # One system and one reason for every entry (an act has one reason): said once above the
    # table, so the columns can go in a long extract.
    shared = compact and len(systems) == 1 and len(reasons) == 1
    out: list[Flowable] = []
    if shared:
        spec = rules.reason_spec(next(iter(reasons)))
        for lang in langs:
            reason = (doc.reason_text if spec.needs_text else
                      f"{spec.label.get(lang)} ({spec.short_basis.get(lang)})")
            out.append(pdf.para(_t("log_common", lang, system=next(iter(systems)) or "—", reason=reason), "small"))
        out.append(pdf.spacer(1.5))
        header = ["№", _head("col_at", langs), _head("col_subject", langs), _head("col_data", langs)]
        rows = [[str(i), _dt(line.at), line.label, _numbers(line.categories)]
                for i, line in enumerate(doc.log, 1)]
        return out + [LongTable.of(header, rows, _scale([8, 24, 60, 38], width), size=7.5, leading=9)]
    header = ["№", _head("col_at", langs), _head("col_subject", langs), _head("col_data", langs),
              _head("system", langs), _head("col_reason", langs)]
    rows = []
    for i, line in enumerate(doc.log, 1):
        spec = rules.reason_spec(line.reason)
        reason = _cell_text(lambda lang, s=spec: s.short_basis.get(lang), langs)
        categories = (_numbers(line.categories) if compact else
                      _cell_text(lambda lang, l=line: _categories(l.categories, lang), langs))
        rows.append([str(i), _dt(line.at), line.label, categories, line.system, reason])
    return out + [LongTable.of(header, rows, _scale([7, 21, 32, 50, 22, 20], width), size=7.5, leading=9)]


def _scale(weights: Sequence[float], width: float) -> list[float]:
    total = sum(weights)
    return [width * w / total for w in weights]


# --- the document ------------------------------------------------------------------------------


def act_keywords(doc: ActDocument, language: str) -> list[str]:
    words = [ACT_KEYWORD, f"lang:{language}"]
    if not doc.draft:
        words.append(rules.qr_payload(doc.act_id, doc.fingerprint))
    return words + list(doc.extra_keywords)


def build_story(doc: ActDocument, language: str = "ru",
                compact: bool | None = None) -> tuple[list[Flowable], pdf.DocMeta]:
    langs = _langs(language)
    if compact is None:
        compact = sum(1 for line in doc.lines if not line.excluded) > COMPACT_AFTER
    meta_lang = langs[0]
    number = doc.number if not doc.draft else _t("draft_number", meta_lang)
    width = pdf.text_width(pdf.DocMeta(""))
    keywords = act_keywords(doc, language)
    story: list[Flowable] = []
    if doc.operator.name:
        story.append(pdf.para(doc.operator.name, "small_right"))
    for lang in langs:
        story.append(pdf.para(_t("title", lang, number=doc.number if not doc.draft else _t("draft_number", lang)),
                              "title"))
    if doc.draft:
        for lang in langs:
            story.append(pdf.para(_t("draft", lang), "center"))
        story.append(pdf.spacer(3))

    blocks = {lang: _info_block(doc, lang) for lang in langs}
    if len(langs) == 1:
        for _, flowables in blocks[langs[0]]:
            story += flowables
    else:
        pairs = [(left, right) for (_, left), (_, right) in zip(blocks["ru"], blocks["kk"])]
        story += _side_by_side(pairs, width)

    story.append(pdf.para(_head("subjects", langs), "heading"))
    destroyed = sum(1 for line in doc.lines if not line.excluded)
    story.append(pdf.para(_head("count", langs, n=destroyed), "plain"))
    story.append(pdf.spacer(1.5))
    story += _subjects_table(doc, langs, width, compact)
    story += _excluded_table(doc, langs, width)
    story.append(CondPageBreak(50 * mm))
    if not doc.draft:
        story.append(pdf.spacer(2))
        for lang in langs:
            story.append(pdf.para(_t("statement", lang), "plain"))
    story += _staff_table(doc, langs, width)
    story += _proof_block(doc, langs, width, keywords)

    if doc.log:
        story.append(PageBreak())
        for lang in langs:
            story.append(pdf.para(_t("appendix", lang, number=number), "title"))
        for lang in langs:
            story.append(pdf.para(_t("appendix_intro", lang, n=len(doc.log)), "small"))
        story.append(pdf.spacer(2))
        if compact:
            story += _legend(doc, langs, width)
        story += _log_table(doc, langs, width, compact)

    date_text = _d(doc.act_date)
    header = " / ".join(_t("header", lang, number=number, date=date_text) for lang in langs)
    footer = "" if doc.draft else (
        " / ".join(_t("footer", lang, fp="").split(":")[0] for lang in langs) + f": {doc.fingerprint[:16]}…")
    two = len(langs) > 1

    def page_numbers(canvas, info: pdf.PageInfo) -> None:
        # pdf.render labels pages in one language; both languages need "Стр. / Бет X / Y"
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        canvas.setFont(pdf.FONT, 7.5)
        y = max(6 * mm, info.bottom - 9 * mm)
        words = " / ".join(_t("page", lang, page=0, total=0).split(" ")[0] for lang in langs)
        canvas.drawRightString(info.right, y, f"{words} {info.page} / {info.total}")

    title_lang = "ru" if "ru" in langs else "kk"
    meta = pdf.DocMeta(
        title=_t("title", title_lang, number=number).replace("\n", " "),
        language=meta_lang, author=doc.operator.name, subject=rules.qr_payload(doc.act_id, doc.fingerprint)
        if not doc.draft else "draft", keywords=tuple(keywords), header_text=header, footer_text=footer,
        page_numbers=not two, on_page=page_numbers if two else None)
    return story, meta


def render_act(doc: ActDocument, language: str = "ru", compact: bool | None = None) -> bytes:
    """The act as PDF bytes, in "ru", "kk" or "ru+kk". `compact`: categories as numbers with a
    legend (default: when the act has more than COMPACT_AFTER subjects)."""
    story, meta = build_story(doc, language, compact)
    return pdf.render(story, meta)


def read_keywords(keywords: str) -> dict[str, str]:
    """Parse the act's keywords: {"payload": "pdp-desk:act:…", "lang": "ru", "sigbox": "1:…"}."""
    out: dict[str, str] = {}
    for word in (keywords or "").split(","):
        word = word.strip()
        if word.startswith(rules.QR_PREFIX):
            out["payload"] = word
        elif word.startswith("lang:"):
            out["lang"] = word[5:]
        elif word.startswith(SIGBOX_KEYWORD + ":"):
            out["sigbox"] = word[len(SIGBOX_KEYWORD) + 1:]
        elif word == ACT_KEYWORD:
            out["act"] = "1"
    return out

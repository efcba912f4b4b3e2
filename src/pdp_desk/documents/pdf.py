"""The shared ReportLab base of every PDF PDP Desk makes: letters, the journal, acts.

* Fonts: DejaVu Sans and DejaVu Sans Bold from `resources/fonts/`, registered once per process
  (every Kazakh letter ә ғ қ ң ө ұ ү һ і renders and extracts back as text: ReportLab embeds a
  subset with a ToUnicode map).
* Text from the database is never markup: `para` escapes it (& < > and quotes; newlines become
  line breaks; control characters are dropped). Our own markup is only ever put together by
  `para_markup` from escaped pieces.
* `render(story, meta)` builds an A4 document (portrait or landscape) with print margins, the
  document's metadata (title, author, subject, keywords, language) and "page X / Y" on every
  page. The total is known because page decorations are drawn when the document is saved
  (`_NumberedCanvas` keeps each page until then), so it takes one pass, not two. Headers and
  footers: `DocMeta.header_text` / `footer_text`, or an `on_page(canvas, PageInfo)` hook that is
  called for every page once the total is known.
* `table(...)` makes a table whose header row repeats at the top of every page and whose cells
  wrap (a row taller than a page is cut and continued). It is laid out a page at a time
  (`_PagedTable`), so 10,000 rows cost ten times 1,000, not a hundred; a cell that surely fits
  on one line is drawn as a plain string (never parsed as markup, and cheaper than a Paragraph).
* `qr_code(value)` is a QR code flowable (the act of destruction carries one).

This module imports nothing of the database: documents/ sees only domain/ and resources.
"""
from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from xml.sax.saxutils import escape as _xml_escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pdp_desk.resources import resource

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSansFamily"

PAGE_LABELS = {"ru": "Стр. {page} / {total}", "kk": "Бет {page} / {total}", "en": "Page {page} / {total}"}
PDF_LANGUAGE_TAGS = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en"}


_fonts_lock = threading.Lock()
_fonts_ready = False
_styles: dict[str, ParagraphStyle] | None = None


# --- fonts and styles ------------------------------------------------------------------------

def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with ReportLab once per process."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        regular = resource("fonts", "DejaVuSans.ttf")
        bold = resource("fonts", "DejaVuSans-Bold.ttf")
        for path in (regular, bold):
            if not path.is_file():
                raise FileNotFoundError(f"the font {path} is missing from the program's resources")
        pdfmetrics.registerFont(TTFont(FONT, str(regular)))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
        # <b> inside a Paragraph picks the bold face; there is no italic face (DejaVu Sans
        # Oblique is not bundled), so <i> falls back to the upright one.
        pdfmetrics.registerFontFamily(FAMILY, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
        _fonts_ready = True


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles, by name (see the table below). Made once, never modify them."""
    global _styles
    if _styles is None:
        register_fonts()
        base = ParagraphStyle("plain", fontName=FONT, fontSize=10.5, leading=14, alignment=TA_LEFT,
                              splitLongWords=True)
        made = {
            "plain": base,
            # Letters: justified with a first-line indent, as Russian business letters are set.
            "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm,
                                   spaceAfter=5),
            "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                                    alignment=TA_CENTER, spaceBefore=4, spaceAfter=10),
            "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=10.5,
                                      leading=14, spaceBefore=8, spaceAfter=4, keepWithNext=True),
            "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
            "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
            "small_right": ParagraphStyle("small_right", parent=base, fontSize=8.5, leading=11,
                                          alignment=TA_RIGHT),
            "small_center": ParagraphStyle("small_center", parent=base, fontSize=7.5, leading=9,
                                           alignment=TA_CENTER),
            "letterhead": ParagraphStyle("letterhead", parent=base, fontName=FONT_BOLD, fontSize=12,
                                         leading=15, alignment=TA_CENTER),
            "letterhead_details": ParagraphStyle("letterhead_details", parent=base, fontSize=8.5,
                                                 leading=11, alignment=TA_CENTER),
            "salutation": ParagraphStyle("salutation", parent=base, alignment=TA_CENTER,
                                         spaceBefore=2, spaceAfter=8),
            "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
            "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
            "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=10.5,
                                         alignment=TA_RIGHT),
            "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                                        leading=10.5),
            "cell_small": ParagraphStyle("cell_small", parent=base, fontSize=7.5, leading=9),
            "cell_small_right": ParagraphStyle("cell_small_right", parent=base, fontSize=7.5, leading=9,
                                               alignment=TA_RIGHT),
            "cell_small_head": ParagraphStyle("cell_small_head", parent=base, fontName=FONT_BOLD,
                                              fontSize=7.5, leading=9),
        }
        _styles = made
    return _styles


def style(name_or_style: str | ParagraphStyle) -> ParagraphStyle:
    if isinstance(name_or_style, ParagraphStyle):
        return name_or_style
    try:
        return styles()[name_or_style]
    except KeyError:
        raise KeyError(f"no paragraph style {name_or_style!r}; known: {', '.join(styles())}") from None


# --- text ------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow (and ReportLab's parser would choke on or draw as boxes).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ENTITIES = {'"': "&quot;", "'": "&#39;"}


def escape(text: object) -> str:
    """Text -> Paragraph markup that shows exactly that text.

    & < > and both quotes become entities, CR/LF/CRLF become <br/>, tabs spaces, other
    control characters are dropped. None is "".
    """
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    s = _CONTROL.sub("", s)
    return _xml_escape(s, _ENTITIES).replace("\n", "<br/>")


def para(text: object, style_name: str | ParagraphStyle = "plain") -> Paragraph:
    """A Paragraph showing `text` as text (escaped: database text is never markup)."""
    return Paragraph(escape(text), style(style_name))


def para_markup(parts: Iterable[tuple[str, object]], style_name: str | ParagraphStyle = "plain") -> Paragraph:
    """A Paragraph from (kind, text) pieces, kind "" for plain and "b" for bold; every text escaped.

    >>> para_markup([("b", "ИИН: "), ("", iin)])
    """
    out = []
    for kind, text in parts:
        piece = escape(text)
        if kind == "b":
            piece = f"<b>{piece}</b>"
        elif kind:
            raise ValueError(f"unknown markup kind {kind!r}")
        out.append(piece)
    return Paragraph("".join(out), style(style_name))


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def rule(width: str | float = "100%", thickness: float = 0.6, space_mm: float = 2) -> HRFlowable:
    return HRFlowable(width=width, thickness=thickness, color=colors.black,
                      spaceBefore=space_mm * mm, spaceAfter=space_mm * mm)


# --- tables ----------------------------------------------------------------------------------

GRID_COLOR = colors.Color(0.45, 0.45, 0.45)
HEAD_BACKGROUND = colors.Color(0.88, 0.88, 0.88)


def _cell(value: object, cell_style: ParagraphStyle, width: float | None) -> Flowable | str:
    """A table cell: a Flowable as is; text as a wrapping Paragraph of the escaped text, or as
    a plain string when it surely fits on one line (drawn as text, never parsed as markup,
    and much cheaper to lay out than a Paragraph)."""
    if isinstance(value, (Flowable, list)):
        return value
    text = "" if value is None else str(value)
    if (width is not None and cell_style.alignment in (TA_LEFT, TA_RIGHT)
            and not _NEEDS_PARAGRAPH.search(text)
            and pdfmetrics.stringWidth(text, cell_style.fontName, cell_style.fontSize)
            <= width - 2 * _CELL_PADDING - 1):
        return text
    return Paragraph(escape(text), cell_style)


_CELL_PADDING = 3
_NEEDS_PARAGRAPH = re.compile("[\n\r\t\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]|  ")


def _table_style(has_header: bool, zebra: bool, rows: int, head: ParagraphStyle,
                 columns: Sequence[ParagraphStyle], first_index: int = 0) -> TableStyle:
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), _TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _BOTTOM_PADDING),
    ]
    first = 1 if has_header else 0
    # Plain-string cells are drawn with the table's own font settings: the column's style.
    for c, col in enumerate(columns):
        commands += [("FONTNAME", (c, first), (c, -1), col.fontName),
                     ("FONTSIZE", (c, first), (c, -1), col.fontSize),
                     ("LEADING", (c, first), (c, -1), col.leading),
                     ("ALIGN", (c, first), (c, -1), "RIGHT" if col.alignment == TA_RIGHT else "LEFT")]
    if has_header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND),
                     ("FONTNAME", (0, 0), (-1, 0), head.fontName),
                     ("FONTSIZE", (0, 0), (-1, 0), head.fontSize),
                     ("LEADING", (0, 0), (-1, 0), head.leading)]
    if zebra:
        for r in range(first, rows):
            if (first_index + r - first) % 2 == 1:
                commands.append(("BACKGROUND", (0, r), (-1, r), ZEBRA_BACKGROUND))
    return TableStyle(commands)


_TOP_PADDING = 2
_BOTTOM_PADDING = 3
ZEBRA_BACKGROUND = colors.Color(0.955, 0.955, 0.955)


class _PagedTable(Flowable):
    """A long table laid out one page at a time, its header at the top of every page.

    ReportLab's Table re-measures all its remaining rows at every page break, so a table of
    N rows over P pages costs O(N * P): minutes for an act of 10,000 subjects. This flowable
    measures rows only until the page is full, hands ReportLab a Table of just those rows
    (split where the page ends), and keeps the rest for the next page: O(N).
    """

    def __init__(self, header: list | None, rows: list[list], widths: list[float],
                 leadings: tuple[float, list[float]], make_style: Callable[[int, int], TableStyle],
                 start: int = 0, heights: dict[int, float] | None = None,
                 continued: list | None = None):
        super().__init__()
        # `continued`: what is left of row `start` after a page break cut it (splitInRow).
        self._continued = continued
        self._header, self._rows, self._widths = header, rows, widths
        self._leadings = leadings  # (header's, each body column's): plain-string cell heights
        self._make_style, self._start = make_style, start
        self._heights = heights if heights is not None else {}
        self._whole: Table | None = None

    def _row(self, index: int) -> list:
        if index == self._start and self._continued is not None:
            return self._continued
        return self._rows[index]

    def _row_height(self, index: int, row: list) -> float:
        cached = not (index == self._start and self._continued is not None)
        height = self._heights.get(index) if cached else None
        if height is None:
            height = 0.0
            leadings = self._leadings[1] if index >= 0 else [self._leadings[0]] * len(row)
            for value, width, leading in zip(row, self._widths, leadings):
                inner = width - 2 * _CELL_PADDING
                if isinstance(value, Flowable):
                    _, h = value.wrap(inner, 1e9)
                elif isinstance(value, list):
                    h = sum(f.wrap(inner, 1e9)[1] for f in value)
                else:
                    h = leading if value else 0.0  # a plain string: one line
                height = max(height, h)
            height += _TOP_PADDING + _BOTTOM_PADDING
            if cached:
                self._heights[index] = height
        return height

    def _table(self, start: int, stop: int) -> Table:
        data = ([self._header] if self._header is not None else []) + [self._row(i) for i in range(start, stop)]
        t = Table(data, colWidths=self._widths, repeatRows=1 if self._header is not None else 0,
                  splitByRow=1, splitInRow=1, hAlign="LEFT")
        t.setStyle(self._make_style(len(data), start))
        return t

    def _rows_until(self, avail_width: float, avail_height: float) -> tuple[int, float]:
        """(index after the last row measured, height so far): stops once past avail_height."""
        used = self._header_height(avail_width)
        index = self._start
        while index < len(self._rows) and used <= avail_height:
            used += self._row_height(index, self._row(index))
            index += 1
        return index, used

    def _header_height(self, avail_width: float) -> float:
        if self._header is None:
            return 0.0
        return self._row_height(-1, self._header)

    def wrap(self, avail_width, avail_height):
        stop, used = self._rows_until(avail_width, avail_height)
        if stop >= len(self._rows) and used <= avail_height:
            # It may all fit: measure for real, so that the frame decides on true heights.
            self._whole = self._table(self._start, len(self._rows))
            self.width, self.height = self._whole.wrap(avail_width, avail_height)
        else:
            self._whole = None
            self.width, self.height = sum(self._widths), used
        return self.width, self.height

    def split(self, avail_width, avail_height):
        stop, _ = self._rows_until(avail_width, avail_height)
        # One row more than seems to fit, so that the Table itself decides where to cut.
        stop = min(len(self._rows), stop + 1)
        while True:
            t = self._table(self._start, stop)
            parts = t.split(avail_width, avail_height)
            if len(parts) != 1 or stop >= len(self._rows):
                break
            # Everything taken fits after all (the estimate was high): take more rows, so
            # that the page is filled and the rest starts on a new page under its header.
            stop = min(len(self._rows), stop + max(8, (stop - self._start)))
        if not parts:
            return []
        if len(parts) == 1:
            return parts
        first, remainder = parts[0], parts[1]
        head = 1 if self._header is not None else 0
        fitted = len(first._cellvalues) - head
        if fitted <= 0:
            return []
        rest_rows = len(remainder._cellvalues) - head
        if fitted + rest_rows > stop - self._start:
            # The last fitted row was cut inside (splitInRow): go on from what is left of it.
            cut = self._start + fitted - 1
            return [first, self._rest(cut, continued=list(remainder._cellvalues[head]))]
        return [first, self._rest(self._start + fitted)]

    def _rest(self, start: int, continued: list | None = None) -> "_PagedTable":
        return _PagedTable(self._header, self._rows, self._widths, self._leadings, self._make_style,
                           start, self._heights, continued)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        if self._whole is None:
            self._whole = self._table(self._start, len(self._rows))
            self._whole.wrap(self.width, 1e9)
        self._whole.drawOn(canvas, x, y, _sW)


def table(rows: Sequence[Sequence[object]], header: Sequence[object] | None = None,
          col_widths: Sequence[float] | None = None, *, width: float | None = None,
          cell_style: str | ParagraphStyle = "cell", header_style: str | ParagraphStyle = "cell_head",
          col_styles: Sequence[str | ParagraphStyle | None] | None = None,
          zebra: bool = False) -> list[Flowable]:
    """A table, as a list of flowables to extend the story with.

    Every cell shows its value as text (escaped; wrapping within the column); a Flowable is
    used as is. `header` repeats at the top of every page the table runs onto. `col_widths`:
    absolute widths in points, or, with `width` (the total), relative weights scaled to it;
    without any, the columns share `width` (default: A4 portrait text width) equally.
    `col_styles` overrides `cell_style` per column (None keeps it), e.g. "cell_right".
    """
    head_style = style(header_style)
    ncols = len(header) if header is not None else max((len(r) for r in rows), default=1)
    columns = [style(cell_style)] * ncols
    if col_styles is not None:
        columns = [style(s) if s is not None else columns[i] for i, s in enumerate(col_styles)]
    if col_widths is None:
        col_widths = [1.0] * ncols
        width = width or text_width(DocMeta(""))
    widths = [float(w) for w in col_widths]
    if width is not None:
        total = sum(widths)
        widths = [width * w / total for w in widths]
    if len(widths) != ncols:
        raise ValueError(f"{len(widths)} column widths for {ncols} columns")
    head_row = ([_cell(h, head_style, widths[c]) for c, h in enumerate(header)]
                if header is not None else None)
    body = []
    for row in rows:
        if len(row) != ncols:
            raise ValueError(f"a row of {len(row)} cells in a table of {ncols} columns")
        body.append([_cell(v, columns[c], widths[c]) for c, v in enumerate(row)])
    if not body:
        body = [[""] * ncols]

    def make_style(n_rows: int, first_index: int) -> TableStyle:
        return _table_style(head_row is not None, zebra, n_rows, head_style, columns, first_index)

    leadings = (head_style.leading, [c.leading for c in columns])
    return [_PagedTable(head_row, body, widths, leadings, make_style)]


# --- QR code ---------------------------------------------------------------------------------

def qr_code(value: str, size_mm: float = 28, level: str = "M") -> Drawing:
    """A QR code of `value` as a flowable `size_mm` square (quiet zone included)."""
    widget = QrCodeWidget(value, barLevel=level)
    x1, y1, x2, y2 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


# --- the document ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PageInfo:
    """What a page hook knows: the page number, the total, the page and the frame geometry."""

    page: int
    total: int
    width: float
    height: float
    left: float
    right: float     # x of the right margin (width - right margin)
    top: float       # y of the top margin
    bottom: float    # y of the bottom margin
    language: str


PageHook = Callable[[Canvas, PageInfo], None]


@dataclass
class DocMeta:
    """Metadata and page furniture of a document.

    Margins are in millimetres (top, right, bottom, left): the defaults leave room for a
    binder on the left and for printers that cannot print to the edge.
    """

    title: str
    language: str = "ru"
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (18, 15, 20, 25)
    header_text: str = ""              # small grey text at the top of every page...
    header_from_page: int = 2          # ...from this page on (the first has the letterhead)
    footer_text: str = ""              # small grey text at the bottom left of every page
    page_numbers: bool = True          # "Стр. X / Y" at the bottom right
    on_page: PageHook | None = None    # drawn on every page once the total is known
    invariant: bool = False            # the same input gives the same bytes (fixed dates, ids)

    @property
    def pagesize(self) -> tuple[float, float]:
        return landscape(A4) if self.landscape else A4


def text_width(meta: DocMeta) -> float:
    """The width of the text frame in points."""
    _, right, _, left = meta.margins_mm
    return meta.pagesize[0] - (left + right) * mm


class _NumberedCanvas(Canvas):
    """Keeps every page until save, then draws the page furniture knowing the total."""

    def __init__(self, *args, meta: DocMeta, **kwargs):
        super().__init__(*args, **kwargs)
        self._meta = meta
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        meta = self._meta
        width, height = meta.pagesize
        top_m, right_m, bottom_m, left_m = (v * mm for v in meta.margins_mm)
        info = PageInfo(self._pageNumber, total, width, height, left_m, width - right_m,
                        height - top_m, bottom_m, meta.language)
        self.saveState()
        self.setFillColor(colors.Color(0.35, 0.35, 0.35))
        self.setFont(FONT, 7.5)
        y_footer = max(6 * mm, bottom_m - 9 * mm)
        if meta.footer_text:
            self.drawString(info.left, y_footer, _fit(meta.footer_text, FONT, 7.5,
                                                      (info.right - info.left) * 0.7))
        if meta.page_numbers:
            label = PAGE_LABELS.get(meta.language, PAGE_LABELS["en"]).format(page=info.page, total=total)
            self.drawRightString(info.right, y_footer, label)
        if meta.header_text and info.page >= meta.header_from_page:
            y_header = height - max(6 * mm, top_m - 8 * mm)
            self.drawString(info.left, y_header, _fit(meta.header_text, FONT, 7.5, info.right - info.left))
        self.restoreState()
        if meta.on_page is not None:
            self.saveState()
            meta.on_page(self, info)
            self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line, cut with an ellipsis to `width` points (page furniture only)."""
    text = " ".join(str(text).split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def render(story: list[Flowable], meta: DocMeta) -> bytes:
    """Lay out `story` on A4 pages and return the PDF's bytes.

    The story's flowables are used up (ReportLab splits them): build a new story per render.
    """
    register_fonts()
    buffer = io.BytesIO()
    top, right, bottom, left = (v * mm for v in meta.margins_mm)
    pagesize = meta.pagesize
    doc = BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=meta.title, author=meta.author, subject=meta.subject,
        keywords=list(meta.keywords), creator="PDP Desk", producer="PDP Desk (ReportLab)",
        lang=PDF_LANGUAGE_TAGS.get(meta.language, meta.language), invariant=1 if meta.invariant else 0,
        displayDocTitle=1, initialFontName=FONT,
    )
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=pagesize)])
    doc.build(list(story), canvasmaker=partial(_NumberedCanvas, meta=meta))
    return buffer.getvalue()

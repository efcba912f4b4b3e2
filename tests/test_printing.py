"""Printing through the preview: the Acts tab and a letter, real dialogs offscreen.

The person clicks "Print…", the print preview opens (Qt's QPrintPreviewDialog, modal), they press
its Print button, the system's print dialog opens, they press OK. Every one of those dialogs is
real and really executed here; only the printer is what this machine lacks, so the QPrinter
writes a PDF file, which is read back: its pages, and the act's number on the first page (the
pages are printed as pictures, so the number is found by comparing the printed pixels where the
original has the number).
"""
from __future__ import annotations

from io import BytesIO

import pypdfium2
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog
from PIL import ImageFilter
from pypdf import PdfReader

from pdp_desk.gui import i18n, prefs, printing
from pdp_desk.gui.tabs.acts import ActsTab
from pdp_desk.services import destruction as d
from pdp_desk.services.requests import attachment_content

from _destruction_fixtures import NOW, make_org, make_subject, plan_for

DPI = 100


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def paper(tmp_path, monkeypatch):
    """The printer this machine lacks: every QPrinter of the app writes this PDF file."""
    target = tmp_path / "printed.pdf"

    class PdfPrinter(QPrinter):
        def __init__(self, *args):
            super().__init__(*args)
            self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.setOutputFileName(str(target))
    monkeypatch.setattr(printing, "QPrinter", PdfPrinter)
    return target


class Person:
    """Answers the modal dialogs as they come: the preview (then presses its Print), the print
    dialog (OK or Cancel). `seen` records what appeared, in order."""

    def __init__(self, print_dialog: str = "ok", preview: str = "print"):
        self.print_dialog, self.preview = print_dialog, preview
        self.seen: list = []
        self.steps = 0
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def step(self) -> None:
        self.steps += 1
        modal = QApplication.activeModalWidget()
        if self.steps > 400 and modal is not None:   # 20 s: something is wrong; end it, do not hang
            self.seen.append("gave up")
            modal.reject()
        elif isinstance(modal, QPrintPreviewDialog) and modal not in self.seen:
            self.seen.append(modal)
            widget = modal.findChild(QPrintPreviewWidget)
            self.seen.append(("preview pages", widget.pageCount(), modal.windowTitle()))
            if self.preview == "close":
                modal.reject()
                return
            print_action = next(a for a in modal.findChildren(QAction) if a.text() == "Print")
            QTimer.singleShot(0, print_action.trigger)   # the toolbar's Print: opens the print dialog
        elif isinstance(modal, QPrintPreviewDialog) and "print dialog" in self.seen:
            modal.reject()   # back in the preview after cancelling the print dialog: close it
        elif isinstance(modal, QPrintDialog) and modal not in self.seen:
            self.seen.append(modal)
            self.seen.append("print dialog")
            modal.accept() if self.print_dialog == "ok" else modal.reject()

    def stop(self) -> None:
        self.timer.stop()


def executed_act(db) -> d.ActResult:
    org = make_org(db)
    subjects = [make_subject(db, org, f"{k:04d}") for k in range(3)]
    return d.execute(db, plan_for(db, org, subjects), actor="test", now=NOW)


def number_box(pdf: bytes, number: str) -> tuple[int, int, int, int]:
    """Where the act's number is on page 1, in pixels at DPI (left, top, right, bottom)."""
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    text = page.get_textpage()
    found = text.search(number).get_next()
    assert found, f"{number} is not in the act's text"
    start, count = found
    boxes = [text.get_charbox(i) for i in range(start, start + count)]
    height = page.get_height()
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    document.close()
    scale = DPI / 72
    return (int(left * scale) - 2, int((height - top) * scale) - 2,
            int(right * scale) + 3, int((height - bottom) * scale) + 3)


def first_page_pixels(pdf: bytes):
    """Page 1 in grey at DPI, slightly blurred: letters drawn as text and printed as a picture
    differ in their anti-aliased edges, not in their shapes."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=DPI / 72).to_pil().convert("L")
    document.close()
    return image.filter(ImageFilter.GaussianBlur(1.5))


def difference(a, b) -> float:
    """Mean absolute difference of two greyscale crops of one size, 0 (same) .. 255."""
    pixels = list(zip(a.get_flattened_data(), b.get_flattened_data()))
    return sum(abs(x - y) for x, y in pixels) / len(pixels)


def best_difference(crop, page, box, reach: int = 2) -> float:
    """`crop` against `page` at `box`, allowing the print a shift of up to `reach` pixels
    (the page is scaled onto the printer's paper: edges of letters land half a pixel off)."""
    left, top, right, bottom = box
    return min(difference(crop, page.crop((left + dx, top + dy, right + dx, bottom + dy)))
               for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1))


def assert_number_printed(original: bytes, printed: bytes, number: str) -> None:
    box = number_box(original, number)
    source, copy = first_page_pixels(original), first_page_pixels(printed)
    assert all(abs(x - y) <= 1 for x, y in zip(copy.size, source.size)), "printed at the document's own size"
    number_crop = source.crop(box)
    assert min(number_crop.get_flattened_data()) < 100, "the number is dark ink on the original"
    assert best_difference(number_crop, copy, box) < 15, "the printed page has the act's number there"
    # The comparison can fail: the same crop a few lines lower, or on blank paper, differs.
    height = box[3] - box[1]
    for elsewhere in ((box[0], box[1] + 3 * height, box[2], box[3] + 3 * height),
                      (box[0], copy.size[1] - 10 - height, box[2], copy.size[1] - 10)):
        assert best_difference(number_crop, copy, elsewhere) > 15


def test_an_act_prints_from_the_acts_tab_through_the_preview(qtbot, db, paper):
    result = executed_act(db)
    tab = ActsTab(db)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.select_act(result.act_id)
    assert tab.print_button.text() == "Print…" and tab.print_button.isEnabled()
    person = Person()
    try:
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)   # returns when the preview closed
    finally:
        person.stop()
    pages = len(PdfReader(BytesIO(result.pdf)).pages)
    assert person.seen[1] == ("preview pages", pages, f"Print preview: Act {result.number}.pdf")
    assert "print dialog" in person.seen and "gave up" not in person.seen
    printed = paper.read_bytes()
    reader = PdfReader(BytesIO(printed))
    assert len(reader.pages) == pages
    assert result.number in reader.metadata.title          # the print job is named after the act
    assert_number_printed(result.pdf, printed, result.number)


def test_closing_the_preview_or_cancelling_the_print_dialog_prints_nothing(qtbot, db, paper):
    result = executed_act(db)
    for answers in ({"preview": "close"}, {"print_dialog": "cancel"}):
        person = Person(**answers)
        try:
            assert printing.print_pdf(None, result.pdf, "Act.pdf") == printing.Printed.CANCELLED
        finally:
            person.stop()
        assert not paper.exists() and "gave up" not in person.seen
    assert "print dialog" in person.seen      # the second one got as far as the print dialog


def test_a_damaged_pdf_is_refused_before_any_dialog(qtbot, paper):
    for junk in (b"", b"%PDF-1.7 cut short", b"\x00" * 1000):
        with pytest.raises(OSError):
            printing.print_pdf(None, junk, "x.pdf")
    assert QApplication.activeModalWidget() is None and not paper.exists()


def test_a_letter_prints_through_the_preview(qtbot, db, paper):
    from datetime import datetime, timedelta, timezone

    from pdp_desk.gui.tabs.inbox import InboxTab
    from pdp_desk.services.requests import NewRequest, register_request
    from pdp_desk.services.subjects import SubjectInput, create_subject
    from pdp_desk.store.models import Operator, Staff

    with db.session() as s:
        operator = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, ул. Абая, 1")
        s.add(operator)
        s.flush()
        staff = Staff(operator_id=operator.id, full_name="Ахметова Динара", position="менеджер")
        s.add(staff)
        s.flush()
        subject = create_subject(s, SubjectInput(category="registered", full_name="Әсем Қайратқызы",
                                                 phones=["8 701 123 45 67"], operator_id=operator.id))
        request_id = register_request(s, NewRequest(
            type="access", channel="email", received_at=datetime.now(timezone.utc) - timedelta(days=2),
            operator_id=operator.id, subject_id=subject, text="Прошу сообщить, какие данные хранятся.",
            responsible_staff_id=staff.id))
    detail = InboxTab(db).open_request(request_id)
    qtbot.addWidget(detail)
    dialog = detail.make_letter()
    dialog.print_check.setChecked(True)
    person = Person()
    try:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    finally:
        person.stop()
    assert any(isinstance(item, tuple) and item[0] == "preview pages" and item[1] >= 1 for item in person.seen)
    with db.read() as session:
        name, _media, letter = attachment_content(session, detail.last_letter_id)
    printed = PdfReader(BytesIO(paper.read_bytes()))
    assert len(printed.pages) == len(PdfReader(BytesIO(letter)).pages)
    assert printed.metadata.title == name


def test_a_landscape_document_prints_landscape(qtbot, paper):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=landscape(A4))
    sheet.drawString(100, 300, "JOURNAL-2026")
    sheet.save()
    printer = printing.make_printer(buffer.getvalue(), "journal.pdf")
    assert printer.pageLayout().orientation().name == "Landscape"
    assert printer.pageLayout().pageSize().id().name == "A4"
    assert printer.fullPage()


def test_a_document_too_long_to_preview_goes_to_the_print_dialog_with_its_page_range(qtbot, db, paper, monkeypatch):
    from pdp_desk.documents.act import render_act
    from test_act_pdf import document

    pdf = render_act(document(120), "ru")
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert pages >= 3
    monkeypatch.setattr(printing, "MAX_PREVIEW_PAGES", 2)
    seen = []

    def answer():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QPrintPreviewDialog):
            seen.append("preview")
            modal.reject()
        elif isinstance(modal, QPrintDialog):
            seen.append("print dialog")
            modal.printer().setPrintRange(QPrinter.PrintRange.PageRange)
            modal.printer().setFromTo(2, 3)      # what the person types in "Pages: 2-3"
            QDialog.accept(modal)                # accept without the dialog re-reading its fields
        else:
            QTimer.singleShot(50, answer)
    QTimer.singleShot(50, answer)
    assert printing.print_pdf(None, pdf, "Long act.pdf") == printing.Printed.PRINTED
    assert seen == ["print dialog"]
    assert len(PdfReader(str(paper)).pages) == 2

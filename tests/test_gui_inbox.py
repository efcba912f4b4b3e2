"""The inbox driven like a person would: register a request, see its countdown, answer it, change
the calendar, hand the inspector the journal, print a letter. Real database, real widgets; only
the printer and the system's file viewer are mocked (the machine has neither)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDateTime, QSettings, Qt
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QSystemTrayIcon
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pdp_desk.domain.calendar import OverrideKind
from pdp_desk.domain.deadlines import ClockKind, compute_clocks
from pdp_desk.domain.localtime import KAZAKHSTAN, local_day
from pdp_desk.gui import due_colors, i18n, prefs, printing
from pdp_desk.gui.inbox_model import (ACTION_DUE, ANSWER_DUE, DAYS_LEFT, NUMBER, STATE, STATUS_ROLE,
                                      SUBJECT, InboxModel)
from pdp_desk.gui.journal_dialog import JournalDialog
from pdp_desk.gui.letters_dialog import TemplateDialog
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.request_form import REQUEST_TYPES, RequestForm
from pdp_desk.gui.settings_calendar import CalendarSection
from pdp_desk.gui.tabs.inbox import InboxTab
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.requests import NewRequest, register_request
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import Operator, Request, Staff

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole)


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    """Settings in a file of the test's own; English; no file is really opened by the system."""
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    i18n.install("en")
    yield opened
    i18n.install("en")


@pytest.fixture
def people(db):
    """An operator, a staff member and a subject with a Kazakh name."""
    with db.session() as s:
        operator = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, ул. Абая, 1")
        s.add(operator)
        s.flush()
        staff = Staff(operator_id=operator.id, full_name="Ахметова Динара", position="менеджер")
        s.add(staff)
        s.flush()
        subject = create_subject(s, SubjectInput(category="registered", full_name="Әсем Қайратқызы",
                                                 phones=["8 701 123 45 67"], emails=["asem@example.kz"],
                                                 operator_id=operator.id))
        return {"operator": operator.id, "staff": staff.id, "subject": subject}


def register(db, people, *, days_ago: int = 2, type_: str = "access") -> str:
    received = datetime.now(timezone.utc) - timedelta(days=days_ago)
    with db.session() as s:
        return register_request(s, NewRequest(
            type=type_, channel="email", received_at=received, operator_id=people["operator"],
            subject_id=people["subject"], text="Прошу сообщить, какие данные обо мне хранятся.",
            responsible_staff_id=people["staff"]))


def expected_answer_due(db, received: datetime) -> date:
    with db.read() as s:
        calendar = load_calendar(s)
    return calendar.add_working_days(local_day(received), 10).due


def qt_moment(moment: datetime) -> QDateTime:
    local = moment.astimezone(KAZAKHSTAN)
    return QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)


def row_of(tab: InboxTab, request_id: str) -> int:
    row = tab.model.row_of(request_id)
    assert row >= 0, "the request is not in the inbox"
    return row


# --- registering ---------------------------------------------------------------------------------


def test_register_a_request_and_see_its_countdown(qtbot, db, people):
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    form = tab.new_request()
    assert isinstance(form, RequestForm)
    received = datetime.now(timezone.utc) - timedelta(days=30)   # surely late by now
    form.received_edit.setDateTime(qt_moment(received))
    form.search_edit.setText("асем")                 # forgiving: no Kazakh letters, lower case
    form.search_now()
    assert form.results.count() == 1 and "Әсем Қайратқызы" in form.results.item(0).text()
    form.text_edit.setPlainText("Прошу предоставить сведения о моих данных & <всё>.")
    form.operator_combo.setCurrentIndex(form.operator_combo.findData(people["operator"]))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.result() == QDialog.DialogCode.Accepted and form.request_id
    row = row_of(tab, form.request_id)
    assert tab.table.currentIndex().row() == row     # the new request is selected
    model = tab.model
    due = expected_answer_due(db, received.replace(second=0, microsecond=0))
    assert model.index(row, ANSWER_DUE).data() == due.strftime("%d.%m.%Y")
    assert model.index(row, STATE).data() == "Received"
    assert model.index(row, DAYS_LEFT).data().startswith("−")          # late: a minus sign
    assert model.index(row, ANSWER_DUE).data(Qt.ItemDataRole.BackgroundRole) == QColor(
        due_colors.COLOURS[due_colors.OVERDUE][0])
    tooltip = model.index(row, ANSWER_DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "10 working days from the day after" in tooltip and "Non-working days skipped:" in tooltip
    assert "Saturday" in tooltip and "Sunday" in tooltip and due.strftime("%d.%m.%Y") in tooltip
    assert model.index(row, ACTION_DUE).data() == ""          # an access request runs one clock
    with db.read() as s:
        request = s.get(Request, form.request_id)
        assert request.text.endswith("& <всё>.")
        assert request.operator_id == people["operator"]


def test_a_correction_whose_documents_came_with_it_starts_its_one_day_clock(qtbot, db, people):
    form = RequestForm(db)
    qtbot.addWidget(form)
    form.type_combo.setCurrentIndex(list(REQUEST_TYPES).index("correction"))
    assert form.documents_check.isVisibleTo(form)
    form.documents_check.setChecked(True)
    form.search_edit.setText("Қайратқызы")
    form.search_now()
    assert form.save()
    with db.read() as s:
        request = s.get(Request, form.request_id)
        calendar = load_calendar(s)
        assert request.documents_at == request.received_at
        assert request.action_due == calendar.add_working_days(local_day(request.received_at), 1).due


def test_a_received_date_in_the_future_is_refused_and_nothing_saved(qtbot, db, people):
    form = RequestForm(db)
    qtbot.addWidget(form)
    form.received_edit.setDateTime(qt_moment(datetime.now(timezone.utc) + timedelta(days=2)))
    form.search_edit.setText("Әсем")
    form.search_now()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.request_id is None and form.result() != QDialog.DialogCode.Accepted
    assert form.errors["received_at"].isVisibleTo(form)
    assert "future" in form.errors["received_at"].text()
    with db.read() as s:
        assert s.query(Request).count() == 0


def test_a_new_subject_with_a_bad_email_is_shown_next_to_the_field(qtbot, db, people):
    form = RequestForm(db)
    qtbot.addWidget(form)
    form.new_radio.setChecked(True)
    form.name_edit.setText("Бекзат Нұрланұлы")
    form.email_edit.setText("not an e-mail")
    assert not form.save()
    assert form.errors["emails"].isVisibleTo(form) and form.errors["emails"].text()
    with db.read() as s:
        assert s.query(Request).count() == 0    # nothing saved half: no subject, no request


def test_an_attachment_over_the_limit_is_refused_with_its_size(qtbot, db, people, tmp_path):
    form = RequestForm(db)
    qtbot.addWidget(form)
    form.max_bytes = 1000
    big = tmp_path / "скан паспорта.pdf"
    big.write_bytes(b"x" * 5000)
    assert not form.add_files([big])
    assert "скан паспорта.pdf" in form.errors["attachments"].text()
    assert form.files == []


# --- the workflow --------------------------------------------------------------------------------


def test_answer_a_request_through_the_detail(qtbot, db, people):
    request_id = register(db, people)
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    detail = tab.open_request(request_id)
    qtbot.addWidget(detail)
    steps = detail.step_buttons
    # Only the next step is offered: no answering or closing before the identity is checked.
    assert [s.value for s, b in steps.items() if b.isEnabled()] == ["identity_checked"]

    qtbot.mouseClick(steps[next(iter(steps))], Qt.MouseButton.LeftButton)
    note = detail.action_dialog
    note.note_edit.setPlainText("Удостоверение личности предъявлено")
    qtbot.mouseClick(note.ok_button, Qt.MouseButton.LeftButton)
    assert "Identity checked" in detail.heading.text()
    assert [s.value for s, b in steps.items() if b.isEnabled()] == ["in_progress"]

    qtbot.mouseClick(detail.step_buttons[list(steps)[1]], Qt.MouseButton.LeftButton)
    assert "In progress" in detail.heading.text()
    assert {s.value for s, b in steps.items() if b.isEnabled()} == {"answered", "refused"}

    answer_button = next(b for s, b in steps.items() if s.value == "answered")
    qtbot.mouseClick(answer_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.action_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Answered" in detail.heading.text()
    timeline = [detail.timeline.item(r, 1).text() for r in range(detail.timeline.rowCount())]
    assert timeline == ["Request registered", "Identity checked", "In progress", "Answered"]
    assert "Удостоверение" in detail.timeline.item(1, 2).text()
    # The inbox followed: state changed, the answer clock is met (grey), no clock runs.
    row = row_of(tab, request_id)
    assert tab.model.index(row, STATE).data() == "Answered"
    assert tab.model.index(row, ANSWER_DUE).data(STATUS_ROLE) == "met"
    assert tab.model.index(row, DAYS_LEFT).data() == "—"

    close_button = next(b for s, b in steps.items() if s.value == "closed")
    assert close_button.isEnabled()
    qtbot.mouseClick(close_button, Qt.MouseButton.LeftButton)
    assert "Closed" in detail.heading.text()
    assert not any(b.isEnabled() for b in steps.values())
    assert tab.model.row_of(request_id) == -1          # the inbox shows open requests


def test_a_refusal_needs_its_reasons(qtbot, db, people):
    request_id = register(db, people)
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    detail = tab.open_request(request_id)
    qtbot.addWidget(detail)
    steps = {s.value: b for s, b in detail.step_buttons.items()}
    qtbot.mouseClick(steps["identity_checked"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.action_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(steps["in_progress"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(steps["refused"], Qt.MouseButton.LeftButton)
    dialog = detail.action_dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)      # no reasons given
    assert dialog.errors["note"].isVisibleTo(dialog) and dialog.isVisible()
    assert "In progress" in detail.heading.text()
    dialog.note_edit.setPlainText("Личность заявителя не подтверждена.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Refused" in detail.heading.text()
    assert "Личность заявителя не подтверждена." in detail.values["outcome"].text()


def test_block_from_the_request_marks_the_subject(qtbot, db, people):
    request_id = register(db, people, type_="blocking")
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    detail = tab.open_request(request_id)
    qtbot.addWidget(detail)
    assert detail.block_button.isEnabled() and not detail.unblock_button.isEnabled()
    assert detail.block()
    assert "blocked" in detail.values["subject"].text()
    assert detail.unblock_button.isEnabled() and not detail.block_button.isEnabled()
    row = row_of(tab, request_id)
    assert "blocked" in tab.model.index(row, SUBJECT).data()
    assert tab.model.index(row, ACTION_DUE).data(STATUS_ROLE) == "met"


def test_a_step_refused_by_the_service_shows_a_message_not_a_traceback(qtbot, db, people):
    request_id = register(db, people, type_="blocking")
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    detail = tab.open_request(request_id)
    qtbot.addWidget(detail)
    from pdp_desk.services import requests as uc
    with db.session() as s:           # someone else closed the request meanwhile
        uc.check_identity(s, request_id)
        uc.take_into_work(s, request_id)
        uc.block_subject(s, people["subject"], request_id=request_id)
        uc.answer(s, request_id)
        uc.close(s, request_id)
    assert not detail.block()   # the window still offers it; the service refuses
    box = detail.error_box
    assert box is not None and "closed" in box.informativeText()
    assert "Traceback" not in box.informativeText() + box.detailedText()
    box.close()


# --- letters and printing ------------------------------------------------------------------------


def test_make_a_letter_and_print_it_on_a_mocked_printer(qtbot, db, people, tmp_path, monkeypatch):
    if not printing.can_render():
        pytest.skip("no PDF renderer (QtPdf or pypdfium2) in this installation")
    target = tmp_path / "printed.pdf"

    class PdfPrinter(QPrinter):        # the printer this machine lacks: a PDF file
        def __init__(self, *args):
            super().__init__(*args)
            self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.setOutputFileName(str(target))
            self.setResolution(150)

    monkeypatch.setattr(printing, "QPrinter", PdfPrinter)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    # The preview's Print button, pressed (tests/test_printing.py drives the real dialogs).
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: (
        self.paintRequested.emit(self.printer()), QDialog.DialogCode.Accepted)[1])

    request_id = register(db, people)
    detail = InboxTab(db).open_request(request_id)
    qtbot.addWidget(detail)
    dialog = detail.make_letter()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("kk"))
    dialog.print_check.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert detail.last_letter_id and detail.files.rowCount() == 1
    assert detail.files.item(0, 0).text().endswith("-access_answer-kk.pdf")
    assert "Letter made" in [detail.timeline.item(r, 1).text() for r in range(detail.timeline.rowCount())]
    from pypdf import PdfReader
    assert target.exists() and len(PdfReader(str(target)).pages) >= 1


def test_the_template_editor_shows_a_bad_field_under_the_text(qtbot, db):
    dialog = TemplateDialog(db, kind="refusal", language="ru")
    qtbot.addWidget(dialog)
    dialog.body_edit.setPlainText("Уважаемый {subject_nam}!\n\n{refusal_reason}")
    assert not dialog.save()
    assert dialog.body_error.isVisibleTo(dialog) and "{subject_nam}" in dialog.body_error.text()
    dialog.body_edit.setPlainText("Уважаемый {subject_name}!\n\nПричина отказа:")   # no reason field
    assert not dialog.save()
    assert "{refusal_reason}" in dialog.body_error.text()
    dialog.body_edit.setPlainText("{salutation}\n\nПричина: {refusal_reason}")
    assert dialog.save()
    assert dialog.own_label.text() == "your own text"


# --- the calendar --------------------------------------------------------------------------------


def test_a_calendar_override_moves_the_open_deadline(qtbot, db, people):
    request_id = register(db, people, days_ago=1)
    with db.read() as s:
        before = s.get(Request, request_id).answer_due
        calendar = load_calendar(s)
        received = local_day(s.get(Request, request_id).received_at)
    # an ordinary working day inside the term becomes a day off (a new decree)
    day = next(d for d in (received + timedelta(days=k) for k in range(1, 15))
               if calendar.is_working_day(d) and d < before)
    window = MainWindow(db)
    qtbot.addWidget(window)
    section = window.tab("settings").sections["calendar"]
    assert isinstance(section, CalendarSection)
    section.day_edit.setDate(section.day_edit.date().fromString(day.strftime("%d.%m.%Y"), "dd.MM.yyyy"))
    section.kind_combo.setCurrentIndex(section.kind_combo.findData(OverrideKind.DAY_OFF.value))
    assert not section.add()                               # a change needs its reason
    assert section.add_error.isVisibleTo(section)
    section.reason_edit.setText("Постановление Правительства РК № 1 от 05.01.2026")
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)

    with db.read() as s:
        number, after = s.get(Request, request_id).number, s.get(Request, request_id).answer_due
    assert after == calendar.add_working_days(before, 1).due   # one working day later
    assert any(number in line and after.strftime("%d.%m.%Y") in line for line in section.moved_text)
    assert section.moved_list.count() == len(section.moved_text) >= 1
    assert section.table.rowCount() == 1 and "Постановление" in section.table.item(0, 2).text()
    inbox = window.tab("inbox")                            # the inbox re-read the moved date
    assert inbox.model.index(row_of(inbox, request_id), ANSWER_DUE).data() == after.strftime("%d.%m.%Y")

    section.table.selectRow(0)
    assert section.remove(section.selected_override_id())
    with db.read() as s:
        assert s.get(Request, request_id).answer_due == before


# --- the journal ---------------------------------------------------------------------------------


def test_the_journal_for_an_inspector_is_written_as_csv(qtbot, db, people, tmp_path, isolated_settings):
    request_id = register(db, people)
    with db.read() as s:
        number = s.get(Request, request_id).number
    tab = InboxTab(db)
    qtbot.addWidget(tab)
    dialog = tab.export_journal()
    assert isinstance(dialog, JournalDialog)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    target = tmp_path / "journal.csv"
    assert dialog.export_to(target)
    text = target.read_text(encoding="utf-8-sig")
    assert number in text and "Әсем Қайратқызы" in text
    assert dialog.rows == 1 and isolated_settings == [str(target)]   # opened for checking


# --- the morning view ----------------------------------------------------------------------------


def test_the_morning_view_counts_and_notifies_once(qtbot, db, people, monkeypatch):
    register(db, people, days_ago=40)                       # late
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert "Overdue: 1" in window.status.due_label.text()
    assert "Within 2 working days: 0" in window.status.due_label.text()
    assert not window.morning_check()        # offscreen: no system tray, skipped quietly

    shown: list[str] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, title, text, *a: shown.append(text))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    assert window.morning_check()
    assert shown == ["Overdue: 1"]
    assert not window.morning_check()        # the same news is not repeated every hour
    assert window._morning_timer.interval() == 60 * 60 * 1000


# --- the model: pages, and no query per painted cell --------------------------------------------


def test_the_model_reads_pages_and_paints_from_memory(qtbot, db, people):
    # 1,000 requests written as rows (register_request takes ~20 ms each: 20 s for this test);
    # their due dates are computed by the same rules the use case applies.
    now = datetime.now(timezone.utc)
    types = ("access", "correction", "consent_withdrawal", "blocking")
    with db.session() as s:
        calendar = load_calendar(s)
        for k in range(1000):
            received = now - timedelta(hours=7 * k)
            clocks = compute_clocks(types[k % 4], calendar, received=local_day(received))
            answer = next(c.due for c in clocks if c.rule.kind is ClockKind.ANSWER)
            action = next((c.due for c in clocks if c.rule.kind is ClockKind.ACTION), None)
            s.add(Request(subject_id=people["subject"], number=f"2026-TST-{k:05d}", type=types[k % 4],
                          channel="email", received_at=received, operator_id=people["operator"],
                          is_open=True, answer_due=answer, action_due=action,
                          next_due=min(d for d in (answer, action) if d is not None)))
    model = InboxModel(db)
    model.refresh()
    assert model.total == 1000 and model.rowCount() == 100 and model.canFetchMore()
    dues = [model.row_at(r).next_due for r in range(100)]
    assert dues == sorted(dues)                              # nearest due date first

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                for role in ROLES:
                    model.index(row, column).data(role)
        assert statements == []                               # painting reads memory only
        model.fetchMore()
        assert model.rowCount() == 200 and len(statements) <= 6   # one page: a handful of queries
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    seen = {model.row_at(r).id for r in range(200)}
    assert len(seen) == 200                                   # no row twice across pages
    assert model.index(0, NUMBER).data().startswith("2026-TST-")

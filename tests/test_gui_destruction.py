"""The destruction wizard and the Acts tab, driven through pytest-qt on a real database."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWizard

from pdp_desk.gui import i18n, moments, prefs, printing
from pdp_desk.gui.destruction_wizard import DestructionWizard
from pdp_desk.gui.tabs.acts import ActsTab
from pdp_desk.gui.tabs.destruction import DestructionTab
from pdp_desk.services import destruction
from pdp_desk.services.requests import queue_for_destruction
from pdp_desk.services.subjects import SubjectInput, create_subject, find_subjects
from pdp_desk.store.models import Operator, Staff

NAMES = ("Жақсыбекова Әлия Серікқызы", "Петров Пётр <& \"Кофе\">", "Смағұлов Ерлан")


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(printing, "open_in_viewer", lambda content, name: tmp_path / name)
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def org(db):
    """An operator with two staff members, and three subjects; the first two queued for destruction."""
    with db.session() as s:
        op = Operator(name="ИП Турехан", iin_bin="950902401642", address="г. Алматы, ул. Абая, 10")
        s.add(op)
        s.flush()
        staff = [Staff(operator_id=op.id, full_name="Сейітова Әлия", position="Менеджер"),
                 Staff(operator_id=op.id, full_name="Иванов Иван", position="Администратор")]
        s.add_all(staff)
        s.flush()
        ids = [create_subject(s, SubjectInput(category="registered", full_name=name, phones=[f"+7701555000{k}"],
                                              operator_id=op.id), actor="test")
               for k, name in enumerate(NAMES)]
        for subject_id in ids[:2]:
            queue_for_destruction(s, subject_id, "consent_withdrawn", actor="test")
        return {"operator": op.id, "staff": [p.id for p in staff], "subjects": ids}


def wizard_at_step_three(qtbot, db, org) -> DestructionWizard:
    wizard = DestructionWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    why = wizard.why
    with db.read() as s:
        waiting = {c.subject_id for c in destruction.candidates(s, moments.today())}
    assert set(org["subjects"][:2]) <= waiting
    assert why.subjects.topLevelItemCount() == len(waiting)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    why.set_checked(org["subjects"][0])
    assert not next_button.isEnabled()                    # a subject, no reason yet
    why.set_reason("consent_withdrawn")
    assert next_button.isEnabled()
    why.search.setText("Петров")
    why.run_search()                                      # on the list already: checked, else added
    assert set(why.chosen_ids()) == set(org["subjects"][:2])
    wizard.next()
    assert wizard.currentPage() is wizard.review
    assert len(wizard.review.reviews) == 2
    assert next_button.isEnabled()
    wizard.review.set_choice(org["subjects"][1], excluded=True)
    assert not next_button.isEnabled()                    # an exclusion needs its reasons
    wizard.review.set_choice(org["subjects"][1], excluded=False)
    assert next_button.isEnabled()
    wizard.next()
    assert wizard.currentPage() is wizard.who
    assert wizard.who.operator.currentData() == org["operator"]
    assert not next_button.isEnabled()                    # nobody named to destroy
    wizard.who.set_staff(org["staff"][0])
    assert next_button.isEnabled()
    return wizard


def test_wizard_from_candidates_to_an_executed_act(qtbot, db, org, tmp_path, monkeypatch):
    wizard = wizard_at_step_three(qtbot, db, org)
    wizard.next()
    assert wizard.currentPage() is wizard.preview
    assert len(wizard.preview.view.pages) >= 1
    assert not wizard.preview.view.pages[0].pixmap().isNull()
    wizard.next()
    page = wizard.execute_page
    assert wizard.currentPage() is page
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert page.start()
    qtbot.waitUntil(lambda: page.result is not None or page.job is None, timeout=20000)
    assert page.result is not None, page.status.text()
    number = page.result.number
    assert wizard.currentPage() is wizard.done_page
    assert number in wizard.done_page.number.text()
    with db.read() as s:
        assert find_subjects(s, "Жақсыбекова") == [] and find_subjects(s, "Петров") == []
        assert find_subjects(s, "Смағұлов")            # not chosen: still there

    # print, the machine has no printer: the dialog is accepted, the printer writes a PDF file
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    # The preview's Print button, pressed (tests/test_printing.py drives the real dialogs).
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: (
        self.paintRequested.emit(self.printer()), QDialog.DialogCode.Accepted)[1])
    original = QPrinter.__init__

    def to_file(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(out))
    monkeypatch.setattr(QPrinter, "__init__", to_file)
    assert wizard.done_page.print_act() == printing.Printed.PRINTED
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 1000

    saved = wizard.done_page.save_act(tmp_path / "act.pdf")
    assert saved is not None and saved.read_bytes() == page.result.pdf


def test_cancel_on_step_three_destroys_nothing(qtbot, db, org):
    wizard = wizard_at_step_three(qtbot, db, org)
    wizard.reject()
    with db.read() as s:
        assert {c.subject_id for c in destruction.candidates(s, moments.today())} >= set(org["subjects"][:2])
        assert find_subjects(s, "Жақсыбекова")
        assert destruction.acts(s) == []


def test_a_subject_changed_meanwhile_is_named_and_nothing_is_destroyed(qtbot, db, org):
    wizard = wizard_at_step_three(qtbot, db, org)
    wizard.next()
    wizard.next()
    from pdp_desk.services.subjects import update_subject
    with db.session() as s:
        update_subject(s, org["subjects"][0], full_name="Жақсыбекова Әлия", actor="other")
    page = wizard.execute_page
    page.start()
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert page.result is None
    assert "Жақсыбекова Әлия Серікқызы" in page.status.text() and "Nothing was destroyed" in page.status.text()
    with db.read() as s:
        assert find_subjects(s, "Жақсыбекова") and destruction.acts(s) == []


def test_destruction_tab_counts_and_opens_the_wizard(qtbot, db, org):
    tab = DestructionTab(db)
    qtbot.addWidget(tab)
    with db.read() as s:
        waiting = len(destruction.candidates(s, moments.today()))
    assert f": {waiting} " in tab.waiting.text()
    wizard = tab.start()
    assert isinstance(wizard, DestructionWizard)
    wizard.reject()
    assert tab.wizard is None


def executed_act(db, org) -> destruction.ActResult:
    with db.read() as s:
        reviews = destruction.review(s, org["subjects"][:1])
    plan = destruction.DestructionPlan(reason="consent_withdrawn", subjects=[r.plan_item() for r in reviews],
                                       operator_id=org["operator"], staff=[destruction.Signer(org["staff"][0])])
    return destruction.execute(db, plan, actor="test")


def test_acts_tab_lists_views_and_verifies(qtbot, db, org, tmp_path):
    result = executed_act(db, org)
    tab = ActsTab(db)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 0).text() == result.number
    assert tab.table.item(0, 4).text() == "executed"
    assert tab.select_act(result.act_id)
    assert tab.log_table.rowCount() == 1 and tab.log_table.item(0, 1).text() == NAMES[0]
    assert tab.view_act() >= 1

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert tab.save_act(blocker / "copy.pdf") is None          # the folder cannot be made
    assert "destroyed" in tab._boxes[-1].text() and "kept in the database" in tab._boxes[-1].text()
    saved = tab.save_act(tmp_path / "copy.pdf")
    assert saved is not None and saved.read_bytes() == result.pdf
    verdict = tab.verify_file(saved)
    assert verdict.ok
    assert tab.check_title.text().startswith("✓")
    assert all(tab.check_list.item(k).text().startswith("✓") for k in range(tab.check_list.count()))

    altered = bytearray(result.pdf)
    middle = len(altered) // 2
    altered[middle] = (altered[middle] + 1) % 256
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(altered))
    verdict = tab.verify_file(changed)
    assert not verdict.ok
    assert tab.check_title.text().startswith("✗")
    assert any(tab.check_list.item(k).text().startswith("✗") for k in range(tab.check_list.count()))

    assert tab.attach_copy(saved)
    assert tab.table.item(0, 4).text() == "signed copy attached"

    journal = tab.verify_journal()
    assert journal.ok and "holds" in tab.journal_label.text()
    assert str(journal.entries) in tab.journal_label.text()


def test_signing_with_a_wrong_file_says_so(qtbot, db, org, tmp_path):
    executed_act(db, org)
    tab = ActsTab(db)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    key = tmp_path / "broken.p12"
    key.write_bytes(b"not a key at all")
    assert tab.sign_act(key, "secret", tmp_path / "signed.pdf") is None
    assert tab.last_signing_error.code == "key_damaged"
    assert "damaged" in tab._boxes[-1].text()
    assert not (tmp_path / "signed.pdf").exists()


def test_signing_with_a_test_key_and_a_wrong_password(qtbot, db, org, tmp_path):
    from test_signing import make_p12

    executed_act(db, org)
    tab = ActsTab(db)
    qtbot.addWidget(tab)
    tab.table.selectRow(0)
    p12, _ = make_p12()
    key = tmp_path / "RSA256_test.p12"
    key.write_bytes(p12)
    assert tab.sign_act(key, "wrong", tmp_path / "x.pdf") is None
    assert tab.last_signing_error.code == "wrong_password"
    assert "password" in tab._boxes[-1].text()
    signed = tab.sign_act(key, "s3cret", tmp_path / "signed.pdf")
    assert signed is not None
    verdict = tab.verify_file(signed)
    assert verdict.ok, verdict.reason
    assert any(c.name == "signature" and c.passed for c in verdict.checks)


def test_other_reason_needs_its_text_and_the_wizard_speaks_kazakh(qtbot, db, org):
    wizard = DestructionWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    wizard.why.set_checked(org["subjects"][0])
    wizard.why.set_reason("other")
    assert not next_button.isEnabled()
    wizard.why.reason_text.setText("Решение собрания ИП № 5")   # Cyrillic: setText, not keyClicks
    assert next_button.isEnabled()
    i18n.install("kk")
    assert wizard.why.reason_caption.text() == "Себебі:"
    assert wizard.why.all_button.text() == "Барлығын белгілеу"
    i18n.install("ru")
    assert wizard.why.reason_caption.text() == "Причина:"
    assert wizard.windowTitle() == "Уничтожение персональных данных"


def test_acts_older_than_three_years_are_marked_and_filtered(qtbot, db, org):
    from datetime import datetime, timedelta, timezone

    with db.read() as s:
        reviews = destruction.review(s, org["subjects"][:1])
    plan = destruction.DestructionPlan(reason="consent_withdrawn", subjects=[r.plan_item() for r in reviews],
                                       operator_id=org["operator"], staff=[destruction.Signer(org["staff"][0])])
    old = destruction.execute(db, plan, actor="test", now=datetime.now(timezone.utc) - timedelta(days=4 * 366))
    new = executed_act(db, {**org, "subjects": org["subjects"][1:]})
    tab = ActsTab(db)
    qtbot.addWidget(tab)
    assert [tab.table.item(k, 0).text() for k in range(2)] == [new.number, old.number]
    assert "due for destruction" in tab.table.item(1, 5).text()
    assert tab.table.item(1, 0).background().color() == QColor("#fde2e1")
    assert "due" not in tab.table.item(0, 5).text()
    tab.due_only.setChecked(True)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == old.number


def test_a_long_pdf_shows_its_first_pages_only(qtbot, monkeypatch):
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from pdp_desk.gui import pdf_view

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    painter = QPainter(writer)
    for page in range(5):
        if page:
            writer.newPage()
        painter.drawText(100, 100, f"page {page + 1}")
    painter.end()
    buffer.close()
    monkeypatch.setattr(pdf_view, "MAX_PAGES", 3)
    view = pdf_view.PdfView()
    qtbot.addWidget(view)
    assert view.set_pdf(bytes(data)) == 3
    assert "3" in view.extra[0].text()
    assert view.set_pdf(bytes(data)) == 3 and len(view.extra) == 1

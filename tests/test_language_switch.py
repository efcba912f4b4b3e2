"""Switching ru/kk/en at run time keeps what was typed, the page, the tab and the selection.

The switch is what View → Language does (i18n.install); every test fills a real form on a real
database first, switches, and checks both that the text is still there and that the labels changed.
Non-ASCII is typed with setText (qtbot.keyClicks with Cyrillic aborts the process).
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings
from PySide6.QtWidgets import QApplication

from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.destruction_wizard import DestructionWizard
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.gui.request_form import RequestForm
from pdp_desk.gui.subject_form import SubjectForm
from pdp_desk.services.demo import generate
from pdp_desk.services.requests import queue_for_destruction
from pdp_desk.services.subjects import SubjectInput, create_subject
from pdp_desk.store.models import Operator, Staff

NAME = "Жақсыбекова Әлия Серікқызы"
NOTE = "Көше аты өзгерді: ә ғ қ ң ө ұ ү һ і"


@pytest.fixture(autouse=True)
def english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def org(db):
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
               for k, name in enumerate((NAME, "Смағұлов Ерлан"))]
        for subject_id in ids:
            queue_for_destruction(s, subject_id, "consent_withdrawn", actor="test")
        return {"operator": op.id, "staff": [p.id for p in staff], "subjects": ids}


def switch(language: str) -> None:
    i18n.install(language)
    QApplication.processEvents()


def test_subject_form_keeps_what_was_typed(qtbot, db, org):
    form = SubjectForm(db)
    qtbot.addWidget(form)
    form.show()
    form.full_name.setText(NAME)
    form.iin.setText("901123300258")
    form.category.setCurrentIndex(form.category.findData("recipient"))
    form.operator.setCurrentIndex(form.operator.findData(org["operator"]))
    form.phones.add_row("+7 701 555 00 09")
    form.note.setPlainText(NOTE)
    typed = (form.full_name.text(), form.iin.text(), form.category.currentData(),
             form.operator.currentData(), form.phones.values(), form.note.toPlainText())
    english = (form.captions["full_name"].text(), form.windowTitle(), form.category.currentText())

    for language in ("kk", "ru", "en"):
        switch(language)
        assert (form.full_name.text(), form.iin.text(), form.category.currentData(),
                form.operator.currentData(), form.phones.values(), form.note.toPlainText()) == typed
        labels = (form.captions["full_name"].text(), form.windowTitle(), form.category.currentText())
        assert (labels == english) == (language == "en"), (language, labels)
    assert form.isVisible()


def test_request_form_keeps_what_was_typed(qtbot, db, org):
    form = RequestForm(db)
    qtbot.addWidget(form)
    form.show()
    form.new_radio.setChecked(True)
    form.name_edit.setText(NAME)
    form.phone_edit.setText("+7 701 555 00 07")
    form.representative_radio.setChecked(True)
    form.representative_edit.setText("Әбілқайыр Ғұмарұлы")
    form.authority_edit.setText("Сенімхат № 12")
    form.text_edit.setPlainText(NOTE)
    form.type_combo.setCurrentIndex(2)
    form.staff_combo.setCurrentIndex(form.staff_combo.count() - 1)

    def typed():
        return (form.new_radio.isChecked(), form.name_edit.text(), form.phone_edit.text(),
                form.representative_radio.isChecked(), form.representative_edit.text(),
                form.authority_edit.text(), form.text_edit.toPlainText(), form.type_combo.currentIndex(),
                form.staff_combo.currentData(), form.subject_pages.currentIndex())

    before = typed()
    title, box = form.windowTitle(), form.request_box.title()
    switch("kk")
    assert typed() == before
    assert form.windowTitle() != title and form.request_box.title() != box
    switch("ru")
    assert typed() == before
    assert form.windowTitle() not in (title, "") and form.request_box.title() != box


def test_destruction_wizard_mid_way_keeps_its_page_and_choices(qtbot, db, org):
    wizard = DestructionWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.why.set_checked(org["subjects"][0])
    wizard.why.set_reason("other")
    wizard.why.reason_text.setText("Решение собрания ИП № 5")
    wizard.next()
    assert wizard.currentPage() is wizard.review
    wizard.next()
    assert wizard.currentPage() is wizard.who
    wizard.who.set_staff(org["staff"][1])
    wizard.who.system.setText("1С: Розница — касса №2")

    def state():
        return (wizard.currentId(), wizard.why.reason_text.text(), wizard.why.chosen_ids(),
                wizard.who.operator.currentData(), wizard.who.system.text(),
                [wizard.who.staff.item(i).checkState() for i in range(wizard.who.staff.count())])

    before = state()
    title = wizard.windowTitle()
    switch("kk")
    assert state() == before
    assert wizard.why.reason_caption.text() == "Себебі:" and wizard.windowTitle() != title
    switch("ru")
    assert state() == before
    assert wizard.windowTitle() == "Уничтожение персональных данных"
    wizard.back()
    assert wizard.currentPage() is wizard.review  # and the way back still works


def test_main_window_keeps_tab_selection_and_unsaved_settings(qtbot, tmp_path):
    from pdp_desk.services.catalogue import open_for_work

    db = open_for_work(tmp_path / "demo.sqlite")
    generate(db, 60, seed=3)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()

    # The register: a search typed, a row selected.
    window.select_tab("register")
    register = window.tab("register")
    qtbot.waitUntil(lambda: register.model.rowCount() > 5, timeout=5000)
    view = register.view
    view.selectionModel().setCurrentIndex(register.model.index(4, 1),
                                          QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
    chosen = view.currentIndex().row()
    # Settings → Retention: a term changed but not saved.
    settings = window.tab("settings")
    retention = settings.sections["retention"]
    assert retention.day_boxes[0].isEnabled()  # the website purpose counts days
    retention.day_boxes[0].setValue(1234)
    unsaved = [box.value() for box in retention.day_boxes]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]

    window.set_language("kk")
    QApplication.processEvents()
    assert window.current_tab() == "register"
    assert view.currentIndex().row() == chosen
    assert [box.value() for box in retention.day_boxes] == unsaved
    assert retention.changed()  # still unsaved, still there to save
    kk_titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert kk_titles != titles and window.file_menu.title() != "&File"

    # The inbox: a request selected stays selected (its rows are read again in the new language).
    window.select_tab("inbox")
    inbox = window.tab("inbox")
    inbox.scope_filter.setCurrentIndex(1)  # all requests
    assert inbox.model.rowCount() >= 2
    inbox.table.selectRow(1)
    request_id = inbox.selected_request_id()
    assert request_id
    states = inbox.model.data(inbox.model.index(1, 0))
    window.set_language("en")
    QApplication.processEvents()
    assert inbox.selected_request_id() == request_id
    assert window.current_tab() == "inbox"
    assert inbox.model.data(inbox.model.index(1, 0)) is not None and states is not None

    window.select_tab("settings")
    settings.show_section("retention")
    window.set_language("ru")
    QApplication.processEvents()
    assert window.current_tab() == "settings"
    assert [box.value() for box in retention.day_boxes] == unsaved
    assert retention.heading.text() not in ("", "Retention of data")
    assert i18n.saved_language() == "ru"
    window.close()

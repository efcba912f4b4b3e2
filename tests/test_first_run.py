"""The first-run wizard on real database files, offscreen: finish, cancel, skip, bad input."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from sqlalchemy import func, select

from pdp_desk.gui import app as gui_app
from pdp_desk.gui import first_run, i18n, prefs
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.services import setup
from pdp_desk.services.catalogue import open_for_work
from pdp_desk.services.demo import generate
from pdp_desk.store.models import AuditEntry, LocalState, Operator, Purpose, Setting, Staff

KAZAKH_NAME = "ЖК Әбілқайыр Ғұмарұлы Һұсайынов"
KAZAKH_ADDRESS = "Алматы қ., Қонаев к-сі, 12, өңір ұй үй һ і"
KAZAKH_STAFF = ("Әсем Қайратқызы Нұрланова", "Бөлім меңгерушісі")
VALID_IIN = "901123300258"       # legal-notes: a known valid IIN
WRONG_CHECK_DIGIT = "901123300255"


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    """Settings and the data folder (where the chosen database is remembered) of the test's own."""
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(setup, "data_dir", lambda: tmp_path / "data")
    monkeypatch.delenv("PDP_DESK_DB", raising=False)
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def fresh(tmp_path):
    """A new database as the program makes it on first start (catalogue seeded)."""
    database = open_for_work(tmp_path / "pdp-desk.sqlite")
    yield database
    database.close()


@pytest.fixture
def wizard(qtbot, fresh, tmp_path):
    w = first_run.FirstRunWizard(fresh)
    qtbot.addWidget(w)
    w.folders_page.backup_folder.setText(str(tmp_path / "backups"))
    w.show()
    return w


def snapshot(db) -> dict:
    with db.read() as s:
        return {
            "operators": s.scalar(select(func.count()).select_from(Operator)),
            "staff": s.scalar(select(func.count()).select_from(Staff)),
            "audit": s.scalar(select(func.count()).select_from(AuditEntry)),
            "settings": sorted(s.scalars(select(Setting.key))),
            "local": sorted((r.key, r.value) for r in s.scalars(select(LocalState))),
            "purposes": sorted((p.code, p.retention_rule, p.retention_days) for p in s.scalars(select(Purpose))),
        }


def fill_operators(w, *, kazakh: bool = False) -> None:
    cards = w.operators_page.list.cards
    assert [c.edits["name"].text() for c in cards] == [
        "ИП Кошкаров Асылбек Касымбекович", "ИП Турехан", "ИП Алимкулова", "ИП Рустамова Фарангиз Насировна"]
    if not cards[0].edits["address"].text():  # as the wizard starts
        assert cards[0].edits["iin_bin"].text() == ""  # blank in the policy itself
        assert cards[1].edits["iin_bin"].text() == "950902401642"
    cards[0].edits["iin_bin"].setText(VALID_IIN)
    for card in cards:
        card.edits["address"].setText("г. Алматы, пр. Абая, 1")
    if kazakh:
        cards[0].edits["name"].setText(KAZAKH_NAME)
        cards[0].edits["address"].setText(KAZAKH_ADDRESS)


def go_to(w, page) -> None:
    while w.currentPage() is not page:
        before = w.currentId()
        w.next()
        assert w.currentId() != before, f"stuck on page {before}"


def complete(w, *, kazakh: bool = False) -> None:
    go_to(w, w.operators_page)
    fill_operators(w, kazakh=kazakh)
    go_to(w, w.staff_page)
    card = w.staff_page.list.cards[0]
    card.edits["full_name"].setText(KAZAKH_STAFF[0])
    card.edits["position"].setText(KAZAKH_STAFF[1])
    go_to(w, w.retention_page)
    go_to(w, w.folders_page)


# --- when the wizard is shown -----------------------------------------------------------------


def test_a_new_database_asks_a_demo_database_does_not(fresh, tmp_path):
    assert first_run.should_ask(fresh)
    demo = open_for_work(tmp_path / "demo.sqlite")
    try:
        generate(demo, 20, seed=1)
        assert not first_run.should_ask(demo)
    finally:
        demo.close()


def test_complete_path_writes_everything_once_with_a_journal_entry(wizard, fresh, tmp_path):
    before = snapshot(fresh)
    complete(wizard, kazakh=True)
    # change a retention term within what the law allows
    delivery = [e.code for e in wizard.retention_page.entries].index("delivery")
    wizard.retention_page.day_boxes[delivery].setValue(730)
    wizard.folders_page.keep_days.setValue(10)
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted

    with fresh.read() as s:
        operators = s.scalars(select(Operator).order_by(Operator.created_at, Operator.id)).all()
        assert [o.name for o in operators][0] == KAZAKH_NAME
        assert operators[0].address == KAZAKH_ADDRESS and operators[0].iin_bin == VALID_IIN
        assert len(operators) == 4 and all(o.active and o.address for o in operators)
        staff = s.scalars(select(Staff)).all()
        assert [(p.full_name, p.position) for p in staff] == [KAZAKH_STAFF]
        assert s.scalar(select(Purpose.retention_days).where(Purpose.code == "delivery")) == 730
        assert s.get(LocalState, setup.BACKUP_FOLDER_KEY).value == str(tmp_path / "backups")
        assert s.get(LocalState, setup.BACKUP_KEEP_DAYS_KEY).value == "10"
        assert s.get(Setting, setup.SETUP_KEY).value["state"] == "done"
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.seq > before["audit"])))
        assert actions.count("setup.finish") == 1 and "purpose.retention" in actions
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "setup.finish")).one()
        assert entry.details == {"operators": 4, "staff": 1, "keep_days": 10}
        assert KAZAKH_NAME not in str(entry.details) + str(entry.entity_ids)  # ids, never values
    assert not first_run.should_ask(fresh)


def test_not_asked_again_after_finishing_nor_after_reopening(wizard, fresh, tmp_path):
    complete(wizard)
    wizard.accept()
    path = fresh.path
    fresh.close()
    again = open_for_work(path)
    try:
        assert not first_run.should_ask(again)
    finally:
        again.close()


def test_cancel_changes_nothing_and_asks_again(wizard, fresh):
    before = snapshot(fresh)
    complete(wizard)
    wizard.reject()
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert snapshot(fresh) == before
    assert first_run.should_ask(fresh)


def test_skip_is_remembered_and_journalled(qtbot, wizard, fresh):
    box = wizard.ask_skip()
    assert "Set up operators and staff" in box.informativeText()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert wizard.result() == first_run.SKIPPED
    with fresh.read() as s:
        assert s.get(Setting, setup.SETUP_KEY).value["state"] == "skipped"
        assert s.scalar(select(func.count()).select_from(Operator)) == 0
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq.desc())).first() == "setup.skip"
        assert s.get(LocalState, setup.BACKUP_KEEP_DAYS_KEY).value == "7"
    assert not first_run.should_ask(fresh)


def test_saying_no_to_skip_keeps_the_wizard_open(wizard, fresh):
    box = wizard.ask_skip()
    box.button(QMessageBox.StandardButton.No).click()
    assert wizard.isVisible() and first_run.should_ask(fresh)


# --- bad input ---------------------------------------------------------------------------------


def test_wrong_iin_check_digit_is_refused_next_to_the_field(wizard):
    go_to(wizard, wizard.operators_page)
    fill_operators(wizard)
    card = wizard.operators_page.list.cards[0]
    card.edits["iin_bin"].setText(WRONG_CHECK_DIGIT)
    wizard.next()
    assert wizard.currentPage() is wizard.operators_page
    assert card.errors["iin_bin"].isVisible()
    assert "check digit" in card.errors["iin_bin"].text()
    assert not card.errors["name"].isVisible()
    card.edits["iin_bin"].setText("1234")
    assert not card.errors["iin_bin"].isVisible()  # edited: the old message goes
    wizard.next()
    assert card.errors["iin_bin"].text() == "An IIN or a BIN has 12 digits."
    i18n.install("ru")  # the message is worded again in the new language
    assert card.errors["iin_bin"].text() == "ИИН или БИН состоит из 12 цифр."
    i18n.install("en")
    card.edits["iin_bin"].setText(VALID_IIN)
    wizard.next()
    assert wizard.currentPage() is wizard.staff_page


def test_a_bin_is_accepted_and_two_operators_cannot_share_a_number(wizard):
    go_to(wizard, wizard.operators_page)
    fill_operators(wizard)
    cards = wizard.operators_page.list.cards
    cards[0].edits["iin_bin"].setText(cards[1].edits["iin_bin"].text())
    wizard.next()
    assert "Another operator" in cards[1].errors["iin_bin"].text()
    assert not cards[0].errors["iin_bin"].isVisible()
    cards[0].edits["iin_bin"].setText("1803 4000 0005")  # a company's BIN, typed with spaces
    wizard.next()
    assert wizard.currentPage() is wizard.staff_page
    clean, problems = setup.check_operators([setup.OperatorEntry("ТОО  Ромашка ", "1803 4000 0005", "Алматы")])
    assert problems == [] and (clean[0].name, clean[0].iin_bin) == ("ТОО Ромашка", "180340000005")


def test_empty_names_and_empty_lists_are_refused(wizard):
    go_to(wizard, wizard.operators_page)
    fill_operators(wizard)
    card = wizard.operators_page.list.cards[2]
    card.edits["name"].setText("   ")
    wizard.next()
    assert wizard.currentPage() is wizard.operators_page
    assert card.errors["name"].text() == "Enter the name."
    for c in list(wizard.operators_page.list.cards):
        c.remove_button.click()
    QApplication.processEvents()
    wizard.next()
    assert wizard.currentPage() is wizard.operators_page
    assert "at least one operator" in wizard.operators_page.list.list_error.text()
    wizard.operators_page.list.add_button.click()
    new = wizard.operators_page.list.cards[0]
    new.edits["name"].setText(KAZAKH_NAME)
    new.edits["iin_bin"].setText(VALID_IIN)
    new.edits["address"].setText(KAZAKH_ADDRESS)
    wizard.next()
    assert wizard.currentPage() is wizard.staff_page
    person = wizard.staff_page.list.cards[0]
    person.edits["full_name"].setText("Иванов Иван")
    wizard.next()
    assert wizard.currentPage() is wizard.staff_page
    assert person.errors["position"].isVisible() and not person.errors["full_name"].isVisible()
    person.remove_button.click()
    wizard.next()
    assert "at least one person" in wizard.staff_page.list.list_error.text()


def test_a_removed_operator_is_not_written(wizard, fresh):
    complete(wizard)
    go_to_back = wizard.operators_page
    while wizard.currentPage() is not go_to_back:
        wizard.back()
    wizard.operators_page.list.cards[3].remove_button.click()
    wizard.accept()
    with fresh.read() as s:
        names = set(s.scalars(select(Operator.name)))
    assert len(names) == 3 and "ИП Рустамова Фарангиз Насировна" not in names


def test_a_one_megabyte_paste_is_refused_everywhere(wizard, fresh):
    before = snapshot(fresh)
    blob = "Ә" * 1_000_000
    go_to(wizard, wizard.operators_page)
    fill_operators(wizard)
    card = wizard.operators_page.list.cards[0]
    card.edits["name"].setText(blob)
    card.edits["address"].setText(blob)
    card.edits["iin_bin"].setText(blob)
    wizard.next()
    assert wizard.currentPage() is wizard.operators_page
    assert "longer than 300" in card.errors["name"].text()
    assert "longer than 500" in card.errors["address"].text()
    assert card.errors["iin_bin"].text() == "An IIN or a BIN has 12 digits."
    # The services refuse it too, whatever the widget let through.
    answers = setup.SetupAnswers([setup.OperatorEntry(blob, blob, blob)], [setup.StaffEntry(blob, blob)],
                                 [], blob, 7)
    with pytest.raises(setup.SetupRefused) as refused, fresh.session() as s:
        setup.finish_setup(s, answers)
    codes = {p.code for p in refused.value.problems}
    assert {"name_too_long", "full_name_too_long", "iin_or_bin_format", "address_too_long", "position_too_long",
            "path_too_long"} <= codes
    assert snapshot(fresh) == before


def test_an_unusable_backups_folder_is_refused_next_to_it(wizard, tmp_path):
    complete(wizard)
    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x", encoding="utf-8")
    page = wizard.folders_page
    page.backup_folder.setText(str(a_file))
    assert page.backup_error.isVisible() and "file, not a folder" in page.backup_error.text()
    page.backup_folder.setText(str(a_file / "inside"))  # cannot be created under a file
    assert "cannot write" in page.backup_error.text()
    page.backup_folder.setText("relative\\folder")
    assert "whole path" in page.backup_error.text()
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted and wizard.isVisible()
    page.backup_folder.setText(str(tmp_path / "new" / "backups"))
    assert not page.backup_error.isVisible()
    assert "will be created" in page.backup_space.text() and "Free space" in page.backup_space.text()
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_finish_goes_back_to_the_page_with_a_problem(wizard):
    complete(wizard)
    wizard.operators_page.list.cards[1].edits["iin_bin"].setText(WRONG_CHECK_DIGIT)
    wizard.accept()
    assert wizard.currentPage() is wizard.operators_page
    assert wizard.operators_page.list.cards[1].errors["iin_bin"].isVisible()


# --- language ---------------------------------------------------------------------------------


def test_language_applies_live_and_keeps_what_was_typed(wizard):
    go_to(wizard, wizard.operators_page)
    card = wizard.operators_page.list.cards[0]
    card.edits["address"].setText(KAZAKH_ADDRESS)
    wizard.back()
    wizard.language_page.buttons["kk"].click()
    assert i18n.current() == "kk"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) != "Next >"
    assert wizard.operators_page.title() != "Operators"
    assert card.edits["address"].text() == KAZAKH_ADDRESS
    assert card.captions["address"].text() != "Address:"
    wizard.language_page.buttons["ru"].click()
    assert wizard.operators_page.title() == "Операторы"


def test_the_language_chosen_is_remembered_on_finish(wizard):
    wizard.language_page.buttons["kk"].click()
    complete(wizard)
    wizard.accept()
    assert i18n.saved_language() == "kk"


def test_each_page_fits_in_russian_and_kazakh(wizard, tmp_path):
    """Every page as a picture in ru and kk; no caption or button is cut off."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    for language in ("ru", "kk"):
        wizard.language_page.buttons[language].click()
        while wizard.currentId() > 0:
            wizard.back()
        for page in wizard.pages:
            go_to(wizard, page) if page is not wizard.language_page else None
            if page is wizard.operators_page:
                fill_operators(wizard)
            if page is wizard.staff_page:
                card = wizard.staff_page.list.cards[0]
                card.edits["full_name"].setText(KAZAKH_STAFF[0])
                card.edits["position"].setText(KAZAKH_STAFF[1])
            QApplication.processEvents()
            assert wizard.grab().save(str(tmp_path / f"first-run-{language}-{wizard.currentId()}.png"))
            for widget in page.findChildren(QAbstractButton) + wizard.findChildren(QAbstractButton):
                if widget.isVisible() and widget.text():
                    assert widget.width() >= widget.fontMetrics().horizontalAdvance(
                        widget.text().replace("&", "")), (language, widget.text())
            for label in page.findChildren(QLabel):
                if label.isVisible() and label.text() and not label.wordWrap():
                    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()) - 1, \
                        (language, label.text())


# --- the program around it ---------------------------------------------------------------------


def test_run_shows_the_wizard_before_the_main_window(qapp, tmp_path, monkeypatch):
    """`pdp-desk` on a new file: the wizard first (cancelled here), then the main window."""
    seen: list[str] = []

    def step():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, first_run.FirstRunWizard):
            seen.append("wizard")
            modal.reject()
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append("main")
                widget.close()
                timer.stop()
                return

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(step)
    timer.start()
    path = tmp_path / "new.sqlite"
    assert gui_app.run(path, language="en") == 0
    assert seen[:1] == ["wizard"] and "main" in seen
    db = open_for_work(path)
    try:
        assert first_run.should_ask(db)  # cancelled: asked again next time
    finally:
        db.close()


def test_the_file_menu_opens_the_wizard_on_the_databases_own_operators(qtbot, fresh, wizard):
    complete(wizard)
    wizard.accept()
    window = MainWindow(fresh)
    qtbot.addWidget(window)
    again = window.open_setup()
    names = [c.edits["name"].text() for c in again.operators_page.list.cards]
    assert names[1] == "ИП Турехан" and len(names) == 4
    assert [c.edits["full_name"].text() for c in again.staff_page.list.cards] == [KAZAKH_STAFF[0]]
    go_to(again, again.operators_page)
    again.operators_page.list.cards[0].remove_button.click()
    again.accept()
    with fresh.read() as s:
        active = s.scalar(select(func.count()).select_from(Operator).where(Operator.active.is_(True)))
        total = s.scalar(select(func.count()).select_from(Operator))
    assert (active, total) == (3, 4)  # kept inactive: requests and acts may refer to it


# --- where the database lives --------------------------------------------------------------------


def test_the_new_database_moves_to_the_folder_chosen_and_is_opened_from_there(wizard, fresh, tmp_path):
    from argparse import Namespace

    from pdp_desk import cli

    old = fresh.path
    complete(wizard, kazakh=True)
    page = wizard.folders_page
    assert not page.database_folder.isReadOnly()
    assert page.database_folder.text() == str(old.parent)
    assert "Free space" in page.db_space.text()
    target = tmp_path / "Мои документы" / "PDP"
    page.database_folder.setText(str(target))
    assert "will be created" in page.db_space.text()
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.db.path == target / old.name and wizard.db is not fresh
    assert not old.exists() and not old.with_name(old.name + "-wal").exists()
    try:
        with wizard.db.read() as s:  # everything was written into the moved file
            assert s.scalars(select(Operator.name).order_by(Operator.created_at, Operator.id)).first() == KAZAKH_NAME
            assert s.get(Setting, setup.SETUP_KEY).value["state"] == "done"
        assert not first_run.should_ask(wizard.db)
        # The next start (and the command line, the scheduled backup) opens it there.
        assert setup.chosen_database_path() == target / old.name
        assert cli.database_path(Namespace(db=None)) == target / old.name
    finally:
        wizard.db.close()


def test_the_database_does_not_move_onto_another_database(wizard, fresh, tmp_path):
    complete(wizard)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / fresh.path.name).write_bytes(b"someone's data")
    wizard.folders_page.database_folder.setText(str(taken))
    assert "already a database file" in wizard.folders_page.db_error.text()
    wizard.accept()
    assert wizard.isVisible() and wizard.db is fresh and fresh.path.exists()
    assert (taken / fresh.path.name).read_bytes() == b"someone's data"
    assert first_run.should_ask(fresh) and setup.chosen_database_path() is None


def test_a_database_in_use_stays_where_it_is(qtbot, fresh, tmp_path):
    from pdp_desk.services.subjects import SubjectInput, create_subject

    with fresh.session() as s:
        create_subject(s, SubjectInput(category="registered", full_name=KAZAKH_STAFF[0]), actor="test")
    w = first_run.FirstRunWizard(fresh)
    qtbot.addWidget(w)
    assert w.folders_page.database_folder.isReadOnly() and not w.folders_page.moves_database()
    assert "stays where it is" in w.folders_page.database_folder.toolTip()


def test_a_remembered_database_that_is_gone_is_not_made_anew(tmp_path):
    """A drive not plugged in: the person is asked, no empty database appears in its place."""
    gone = tmp_path / "usb" / "pdp-desk.sqlite"
    setup.remember_database_path(gone)
    asked: list[str] = []

    def answer_quit():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.buttons()[-1].click() if box.escapeButton() is None else box.escapeButton().click()
        else:
            QTimer.singleShot(50, answer_quit)

    QTimer.singleShot(50, answer_quit)
    assert gui_app.run(gone, language="en") == 1
    assert len(asked) == 1 and "pdp-desk.sqlite" in asked[0]
    assert not gone.parent.exists()
    setup.remember_database_path(None)
    assert setup.chosen_database_path() is None

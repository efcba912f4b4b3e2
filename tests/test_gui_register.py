"""The Register tab driven through pytest-qt: search, card, add and correct, merge, paging, retention."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.register_model import CONSENTS, CONSENTS_ROLE, COLUMN_COUNT, ID_ROLE, LOADING, NAME, PAGE_SIZE
from pdp_desk.gui.register_model import RegisterModel
from pdp_desk.gui.settings_retention import RetentionSection
from pdp_desk.gui.tabs.register import RegisterTab
from pdp_desk.services import importer, register
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.register import RegisterFilter
from pdp_desk.services.retention import list_retention
from pdp_desk.services.subjects import SubjectInput

WAIT = 10_000


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture(autouse=True)
def catalogue(db):
    """The purposes and the first policy, as `pdp-desk init` seeds them."""
    with db.session() as session:
        ensure_defaults(session)


def add(db, name: str, phones=(), emails=(), iin: str = "", category: str = "registered") -> str:
    with db.session() as session:
        return register.add_subject(session, SubjectInput(category=category, full_name=name, iin=iin,
                                                          phones=list(phones), emails=list(emails)),
                                    allow_shared_contacts=True)


def count(db, flt: RegisterFilter | None = None) -> int:
    with db.read() as session:
        return register.register_count(session, flt or RegisterFilter())


@pytest.fixture
def tab(qtbot, db):
    widget = RegisterTab(db)
    qtbot.addWidget(widget)
    yield widget
    widget.model.wait()


def settle(qtbot, tab_or_model) -> None:
    model = getattr(tab_or_model, "model", tab_or_model)
    qtbot.waitUntil(model.is_idle, timeout=WAIT)


def shown_names(tab) -> list[str]:
    return [tab.model.index(row, NAME).data() for row in range(tab.model.rowCount())]


@pytest.mark.parametrize("typed", ["8 (701) 123-45-67", "+7 701 1234567", "7011234567", "87011234567"])
def test_search_finds_a_phone_however_it_is_written(tab, db, qtbot, typed):
    add(db, "Әсем Қайратқызы", phones=["+7 701 123 45 67"])
    add(db, "Someone Else", phones=["+7 702 000 00 00"])
    tab.refresh()   # added behind the tab's back: read again
    settle(qtbot, tab)
    assert tab.model.rowCount() == 2
    tab.search.setText(typed)
    tab.apply_filter()
    settle(qtbot, tab)
    assert shown_names(tab) == ["Әсем Қайратқызы"]
    assert tab.model.index(0, 2).data() == "+7 701 123 45 67"
    assert tab.count_label.text() == "1 subject"


def test_search_by_name_in_another_spelling_and_by_email(tab, db, qtbot):
    add(db, "Әсем Қайратқызы", emails=["Asem@Mail.kz"])
    add(db, "Пётр Иванов", phones=["+7 705 111 22 33"])
    for typed, expected in (("асем", "Әсем Қайратқызы"), ("Asem", "Әсем Қайратқызы"),
                            ("петр", "Пётр Иванов"), ("asem@mail.kz", "Әсем Қайратқызы"),
                            ("'; DROP TABLE subject; --", None), ("NEAR(*", None)):
        tab.search.setText(typed)
        tab.apply_filter()
        settle(qtbot, tab)
        assert shown_names(tab) == ([expected] if expected else []), typed


def test_filters_combine_in_sql(tab, db, qtbot):
    add(db, "A Registered", phones=["+7 701 000 00 01"])
    add(db, "B Recipient", phones=["+7 701 000 00 02"], category="recipient")
    tab.refresh()
    settle(qtbot, tab)
    tab.category.setCurrentIndex(tab.category.findData("recipient"))
    settle(qtbot, tab)
    assert shown_names(tab) == ["B Recipient"]
    tab.category.setCurrentIndex(0)
    tab.consent_state.setCurrentIndex(tab.consent_state.findData("none"))
    settle(qtbot, tab)
    assert shown_names(tab) == ["A Registered", "B Recipient"]
    marks = tab.model.index(0, CONSENTS).data(CONSENTS_ROLE)
    assert marks == [("website", "none"), ("marketing", "none"), ("delivery", "none")]


def test_the_card_shows_what_is_held(tab, db, qtbot):
    subject_id = add(db, "Әсем Қайратқызы", phones=["8 701 123 45 67"], emails=["asem@mail.kz"])
    card = tab.open_card(subject_id)
    try:
        assert card.name.text() == "Әсем Қайратқызы"
        values = [card.data_table.item(r, 1).text() for r in range(card.data_table.rowCount())]
        assert "+7 701 123 45 67" in values and "asem@mail.kz" in values
        categories = [card.data_table.item(r, 0).text() for r in range(card.data_table.rowCount())]
        assert "Phone number" in categories
        assert card.consents_table.rowCount() == 3   # one row per purpose of the policy
        actions = [card.audit_table.item(r, 1).text() for r in range(card.audit_table.rowCount())]
        assert "added to the register" in actions
    finally:
        card.close()


def test_adding_a_subject_with_a_bad_phone_shows_the_message_and_saves_nothing(tab, db, qtbot):
    form = tab.new_subject()
    try:
        form.full_name.setText("Қайрат Әлиев")
        form.phones.rows[0][0][0].setText("12345")
        form.emails.rows[0][0][0].setText("not an email")
        assert not form.save()
        phone_error = form.phones.rows[0][1]
        assert phone_error.isVisibleTo(form)
        assert "ten digits" in phone_error.text()
        assert form.emails.rows[0][1].isVisibleTo(form)
        assert count(db) == 0
        assert form.isVisible()

        form.phones.rows[0][0][0].setText("8 701 765 43 21")
        form.emails.rows[0][0][0].setText("")
        assert form.save()
    finally:
        form.close()
    settle(qtbot, tab)
    assert shown_names(tab) == ["Қайрат Әлиев"]


def test_a_second_person_with_the_same_phone_is_asked_about(tab, db, qtbot):
    add(db, "Мама", phones=["+7 701 555 55 55"])
    form = tab.new_subject()
    try:
        form.full_name.setText("Папа")
        form.phones.rows[0][0][0].setText("87015555555")
        assert not form.save()
        assert "open their card" in form.phones.rows[0][1].text()
        assert form.shared.isVisibleTo(form)
        form.shared.setChecked(True)
        assert form.save()
    finally:
        form.close()
    assert count(db) == 2


def test_correcting_from_the_card(tab, db, qtbot):
    with db.session() as session:
        subject_id = register.add_subject(session, SubjectInput(
            category="registered", full_name="Ivan Petrov", phones=["+7 701 123 45 67"],
            addresses=[("", "ул. Абая 10, кв. 5")]))
    card = tab.open_card(subject_id)
    try:
        form = card.edit()
        assert form.phones.rows[0][0][0].text() == "+7 701 123 45 67"
        form.full_name.setText("Иван Петров")
        form.iin.setText("123")
        assert not form.save()
        assert form.errors["iin"].isVisibleTo(form)
        form.iin.setText("")
        assert form.save()
        assert card.name.text() == "Иван Петров"
        # Only the name changed: the address (shown split as "ул. Абая 10" / "кв. 5") was not rewritten.
        assert card.audit_table.item(0, 1).text() == "data corrected"
        assert card.audit_table.item(0, 3).text() == "full name"
    finally:
        card.close()


def test_merge_refuses_unrelated_people_with_the_reason(tab, db, qtbot):
    keep = add(db, "Әсем Қайратқызы", phones=["+7 701 111 11 11"])
    add(db, "Асем Кайратовна", phones=["+7 702 222 22 22"])
    card = tab.open_card(keep)
    try:
        dialog = card.merge()
        dialog.search.setText("асем")
        dialog.find()
        assert dialog.hits.count() == 1   # the open card itself is not offered
        assert not dialog.do_merge()
        assert "share no phone" in dialog.error.text()
        assert count(db) == 2
        dialog.close()
    finally:
        card.close()


def test_merge_of_the_same_person(tab, db, qtbot):
    keep = add(db, "Әсем Қайратқызы", phones=["+7 701 111 11 11"])
    add(db, "Asem K.", phones=["8 701 111 11 11"], emails=["asem@mail.kz"])
    card = tab.open_card(keep)
    try:
        dialog = card.merge()
        dialog.search.setText("87011111111")
        dialog.find()
        assert dialog.hits.count() == 1
        assert dialog.do_merge()
        values = [card.data_table.item(r, 1).text() for r in range(card.data_table.rowCount())]
        assert "asem@mail.kz" in values
    finally:
        card.close()
    assert count(db) == 1
    settle(qtbot, tab)
    assert tab.model.rowCount() == 1


def test_export_of_one_subject(tab, db, qtbot, tmp_path):
    subject_id = add(db, "Әсем Қайратқызы", phones=["+7 701 111 11 11"])
    card = tab.open_card(subject_id)
    try:
        assert card.export(tmp_path / "asem.json", "json")
        data = json.loads((tmp_path / "asem.json").read_text(encoding="utf-8"))
        assert "Әсем Қайратқызы" in json.dumps(data, ensure_ascii=False)
        assert card.export(tmp_path / "asem.pdf", "pdf")
        assert (tmp_path / "asem.pdf").read_bytes().startswith(b"%PDF")
        assert not card.export(tmp_path / "missing-folder" / "x.csv", "csv")   # a clear message instead
        card._box.close()
    finally:
        card.close()


@pytest.fixture
def big_db(db, tmp_path):
    """5,000 subjects, brought in as the shop would: an import of the website's export (half of
    them with a marketing consent)."""
    first = ("Әсем", "Пётр", "Dana", "Серік", "Айгүл", "Ivan", "Мария", "Ерлан")
    last = ("Қайратқызы", "Иванов", "Smith", "Нұрланұлы", "Ахметова", "Petrov", "Ли", "Ким")
    lines = ["ФИО;Телефон;Согласие на рассылку"]
    for i in range(5000):
        name = f"{last[i % 8]} {first[i // 8 % 8]} {i:04d}"
        lines.append(f"{name};8 701 {i // 10000:03d} {i % 10000 // 100:02d} {i % 100:02d};{'да' if i % 2 else 'нет'}")
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    mapping = {"columns": {"ФИО": "full_name", "Телефон": "phone", "Согласие на рассылку": "consent_marketing"}}
    report = importer.import_file(db, path, mapping)
    assert report.created == 5000
    return db


def test_the_model_reads_one_page_at_first_and_no_sql_when_painting(qtbot, big_db):
    statements: list[str] = []

    def counter(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    model = RegisterModel(big_db)
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        model.refresh()
        qtbot.waitUntil(model.is_idle, timeout=WAIT)
        assert model.total == 5000 and model.rowCount() == 5000
        assert list(model.pages) == [0] and len(model.pages[0]) == PAGE_SIZE
        assert model.pages_loaded == 1

        statements.clear()
        for row in range(PAGE_SIZE):
            for column in range(COLUMN_COUNT):
                for role in (0, 3, ID_ROLE, CONSENTS_ROLE):  # display, tooltip, id, marks
                    model.index(row, column).data(role)
        assert statements == []            # painting page 0 costs no query

        far = model.index(4321, NAME)
        assert far.data() == LOADING       # not cached: shown as loading, asked for, no query now
        assert statements == []
        qtbot.waitUntil(lambda: 43 in model.pages, timeout=WAIT)
        assert model.pages_loaded == 2     # a jump to page 43, not 43 pages
        with big_db.read() as session:
            expected = register.row_at(session, RegisterFilter(), "name", 4321)
        assert far.data(ID_ROLE) == expected.id
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
        model.wait()


def test_go_to_row_and_sort(big_db, tab, qtbot):
    settle(qtbot, tab)
    assert tab.count_label.text() == "5,000 subjects"
    tab.go_to_row(4999)
    qtbot.waitUntil(lambda: 49 in tab.model.pages, timeout=WAIT)
    assert tab.selected_id() == tab.model.row(4999).id
    tab.view.horizontalHeader().sectionClicked.emit(6)   # sort by the date of destruction
    settle(qtbot, tab)
    assert tab.sort.currentData() == "next_destruction"
    dates = [tab.model.row(r).next_destruction for r in range(PAGE_SIZE)]
    known = [d for d in dates if d is not None]
    assert known == sorted(known)


def test_scrolling_to_the_end_fetches_more_until_the_count_is_known(qtbot, big_db):
    model = RegisterModel(big_db)
    model.refresh()
    try:
        qtbot.waitUntil(lambda: 0 in model.pages, timeout=WAIT)
        if model.total is None:          # the count may still be running
            assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
            model.fetchMore()
            qtbot.waitUntil(lambda: 1 in model.pages, timeout=WAIT)
        qtbot.waitUntil(model.is_idle, timeout=WAIT)
        assert model.rowCount() == 5000 and not model.canFetchMore()
    finally:
        model.wait()


def _delivery_customer(db) -> str:
    """A subject with a delivery consent given 01.03.2026 and no order: its date follows the rule."""
    from datetime import datetime, timezone

    from pdp_desk.services.consents import record_consent

    sid = add(db, "Гүлнәр Доставка", phones=["+7 701 555 00 11"])
    given = datetime(2026, 3, 1, 5, tzinfo=timezone.utc)
    with db.session() as session:
        record_consent(session, sid, "delivery", given_at=given, channel="website", evidence="форма на сайте",
                       now=given)
    return sid


def _destroy_after(db, sid):
    from sqlalchemy import select

    from pdp_desk.store.models import Subject

    with db.read() as session:
        return session.scalar(select(Subject.destroy_after).where(Subject.id == sid))


def test_retention_rules_are_edited_in_settings(qtbot, db):
    from datetime import date, timedelta

    sid = _delivery_customer(db)
    section = RetentionSection(db)
    qtbot.addWidget(section)
    codes = [r.code for r in section.rules]
    assert codes == ["website", "marketing", "delivery"]
    delivery = codes.index("delivery")
    assert not section.day_boxes[codes.index("marketing")].isEnabled()   # until withdrawn: no days
    section.day_boxes[delivery].setValue(730)
    with qtbot.waitSignal(section.saved, timeout=WAIT):
        assert section.save()                       # runs in the worker: the window stays live
        assert section.is_busy() and not section.save_button.isEnabled()
    assert not section.is_busy() and section.save_button.isEnabled()
    with db.read() as session:
        rules = {r.code: r for r in list_retention(session)}
    assert rules["delivery"].days == 730
    assert "Saved" in section.message.text()
    assert _destroy_after(db, sid) == date(2026, 3, 1) + timedelta(days=730)   # recomputed in the worker


def test_saving_retention_rules_can_be_cancelled_and_changes_nothing(qtbot, db):
    import threading

    from PySide6.QtCore import QRunnable

    sid = _delivery_customer(db)
    before = _destroy_after(db, sid)
    section = RetentionSection(db)
    qtbot.addWidget(section)
    delivery = [r.code for r in section.rules].index("delivery")
    section.day_boxes[delivery].setValue(30)

    class Blocker(QRunnable):   # holds the pool's one thread so the job waits until Cancel is in
        def __init__(self):
            super().__init__()
            self.release = threading.Event()

        def run(self):
            self.release.wait(WAIT / 1000)

    blocker = Blocker()
    section.pool.setMaxThreadCount(1)
    section.pool.start(blocker)
    assert section.save()
    section.progress.canceled.emit()                # the person presses Cancel
    assert "Cancelling" in section.progress.labelText()
    blocker.release.set()
    qtbot.waitUntil(lambda: not section.is_busy(), timeout=WAIT)
    assert "Cancelled" in section.message.text()
    with db.read() as session:
        rules = {r.code: r for r in list_retention(session)}
    assert (rules["delivery"].rule.value, rules["delivery"].days) == ("after_last_order", 365)   # as it was
    assert _destroy_after(db, sid) == before
    assert section.day_boxes[delivery].value() == 30   # what was typed stays on screen to retry


def test_a_refused_retention_rule_is_explained_before_any_work(qtbot, db):
    section = RetentionSection(db)
    qtbot.addWidget(section)
    delivery = [r.code for r in section.rules].index("delivery")
    section.rule_boxes[delivery].setCurrentIndex(section.rule_boxes[delivery].findData("after_consent"))
    section.day_boxes[delivery].setValue(0)          # "—": no term for a counted rule
    assert not section.save() and not section.is_busy()
    assert section.error.text()


def test_the_tab_speaks_russian_and_kazakh(tab, db, qtbot):
    add(db, "Әсем Қайратқызы", phones=["+7 701 123 45 67"])
    tab.refresh()
    settle(qtbot, tab)
    i18n.install("ru")
    assert tab.model.headerData(NAME, Qt.Orientation.Horizontal) == "ФИО"
    assert tab.count_label.text() == "1 субъект"
    assert tab.model.index(0, 0).data() == "Зарегистрированный"
    assert tab.category.itemText(0) == "Все категории"
    i18n.install("kk")
    assert tab.model.headerData(NAME, Qt.Orientation.Horizontal) == "Аты-жөні"
    assert tab.model.index(0, 4).data() == "Белсенді"
    assert tab.new_button.text() == "Жаңа субъект…"

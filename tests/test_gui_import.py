"""The import dialog driven through pytest-qt: preview and mapping, the import in a worker with
its report, importing twice, cancelling half way, and a broken file."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from pdp_desk.gui import i18n, prefs
from pdp_desk.gui.import_dialog import ImportDialog
from pdp_desk.gui.main_window import MainWindow
from pdp_desk.services import register
from pdp_desk.services.catalogue import ensure_defaults
from pdp_desk.services.register import RegisterFilter

WAIT = 60_000
HEADER = "ФИО;Телефон;E-mail;Номер заказа;Дата заказа;Сумма заказа"
ROWS = [
    "Әсем Қайратқызы;8 (701) 123-45-67;asem@mail.kz;1001;05.03.2026 14:20;12 345,50",
    "Пётр Иванов;+7 705 111 22 33;;1002;06.03.2026;4 500",
    "Без контактов;;;1003;07.03.2026;100",
]


@pytest.fixture(autouse=True)
def isolated_settings(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(prefs, "settings",
                        lambda: QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture(autouse=True)
def catalogue(db):
    with db.session() as session:
        ensure_defaults(session)


def write_cp1251(path: Path, lines: list[str]) -> Path:
    # Windows-1251 has no Kazakh letters: the shop's export would carry them as look-alikes.
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(text.replace("Ә", "А").replace("Қ", "К").replace("ә", "а").replace("қ", "к")
                     .encode("cp1251"))
    return path


def subjects(db) -> int:
    with db.read() as session:
        return register.register_count(session, RegisterFilter())


@pytest.fixture
def dialog(qtbot, db):
    widget = ImportDialog(db)
    qtbot.addWidget(widget)
    yield widget
    widget.pool.waitForDone(WAIT)


def run_import(qtbot, dialog) -> None:
    dialog.report = None
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)


def test_preview_import_report_and_the_same_file_again(qtbot, dialog, db, tmp_path):
    path = write_cp1251(tmp_path / "orders.csv", [HEADER, *ROWS])
    assert dialog.load(path)
    assert "Windows-1251" in dialog.file_facts.text() and "semicolon" in dialog.file_facts.text()
    assert dialog.table.rowCount() == 1 + 3          # the mapping row, then the first rows
    assert dialog.table.item(1, 1).text() == "8 (701) 123-45-67"
    mapping = dialog.mapping()
    assert mapping.columns["Телефон"] == "phone" and mapping.columns["ФИО"] == "full_name"
    assert mapping.columns["Дата заказа"] == "order_date"

    run_import(qtbot, dialog)
    report = dialog.report
    assert (report.created, report.updated, report.unchanged, len(report.skipped)) == (2, 0, 0, 1)
    assert dialog.pages.currentIndex() == 1
    assert "2 created" in dialog.counts.text() and "1 skipped" in dialog.counts.text()
    assert "no phone, e-mail or IIN" in dialog.counts.text()
    assert "4:" in dialog.details.toPlainText()      # the skipped row, by its line in the file
    dialog.copy_report()
    assert "Skipped rows" in QGuiApplication.clipboard().text()
    assert subjects(db) == 2

    dialog.back_to_file()                            # the same file again: nothing changes
    run_import(qtbot, dialog)
    assert (dialog.report.created, dialog.report.unchanged) == (0, 2)
    assert subjects(db) == 2


def test_the_mapping_is_remembered_for_the_next_export(qtbot, dialog, db, tmp_path):
    path = write_cp1251(tmp_path / "orders.csv", [HEADER, *ROWS])
    dialog.load(path)
    dialog.set_field("Сумма заказа", "ignore")
    run_import(qtbot, dialog)
    other = ImportDialog(db)
    qtbot.addWidget(other)
    other.load(write_cp1251(tmp_path / "next-month.csv", [HEADER, ROWS[1]]))
    assert other.preview.mapping_origin == "remembered"
    assert other.mapping().columns["Сумма заказа"] == "ignore"
    assert "last time" in other.file_facts.text()


def test_cancel_half_way_leaves_the_register_as_it_was(qtbot, dialog, db, tmp_path):
    lines = [HEADER] + [f"Клиент {i};8 701 {i // 10000:03d} {i % 10000 // 100:02d} {i % 100:02d};;{i};05.03.2026;100"
                        for i in range(30_000)]
    path = write_cp1251(tmp_path / "big.csv", lines)
    dialog.load(path)
    seen = []

    def cancel_after_first_chunk(done: int, total: int) -> None:
        seen.append(done)
        if done > 0 and dialog.progress is not None:
            dialog.progress.findChild(QPushButton).click()   # the person presses Cancel

    assert dialog.start()
    dialog.job.signals.progress.connect(cancel_after_first_chunk)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT)
    assert dialog.report.cancelled
    assert 0 < max(seen) < 30_000
    assert "Nothing was imported" in dialog.summary.text()
    assert subjects(db) == 0


def test_a_broken_file_is_explained(qtbot, dialog, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('ФИО;Телефон\n"Әсем;87011234567\nИван;87051112233\n', encoding="utf-8")
    assert not dialog.load(path)
    assert "quoting" in dialog.error.text()
    assert not dialog.import_button.isEnabled()

    wide = tmp_path / "wide.csv"
    wide.write_text(";".join(f"c{i}" for i in range(500)) + "\n" + ";".join("x" * 500) + "\n", encoding="utf-8")
    assert not dialog.load(wide)
    assert "too many columns" in dialog.error.text()


def test_a_mapping_without_phone_or_email_is_refused_with_the_reason(qtbot, dialog, db, tmp_path):
    dialog.load(write_cp1251(tmp_path / "orders.csv", [HEADER, *ROWS]))
    for header in ("Телефон", "E-mail"):
        dialog.set_field(header, "ignore")
    run_import_failed = dialog.start()
    assert run_import_failed
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT)
    assert "Map at least one column" in dialog.error.text()
    assert subjects(db) == 0


def test_file_menu_opens_the_import(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.import_action.trigger()
    assert window.current_tab() == "register"
    dialogs = [w for w in window.tab("register")._dialogs if isinstance(w, ImportDialog)]
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()


def test_an_xlsx_export(qtbot, dialog, db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Customer name", "Phone", "Email"])
    sheet.append(["Әсем Қайратқызы", "+7 701 123 45 67", "asem@mail.kz"])
    sheet.append(["=HYPERLINK(\"http://x\")", "87051112233", ""])
    path = tmp_path / "customers.xlsx"
    book.save(path)
    assert dialog.load(path)
    assert "Excel" in dialog.file_facts.text()
    run_import(qtbot, dialog)
    assert dialog.report.created == 2
    assert subjects(db) == 2


def test_skipped_rows_are_explained_and_saved_in_the_interface_language(qtbot, dialog, db, tmp_path):
    lines = [HEADER, *ROWS, "Ганс Мюллер;+49 30 1234567;hans@@web.de;1004;08.03.2026;200"]
    path = tmp_path / "orders.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    assert dialog.load(path)
    i18n.install("ru")
    run_import(qtbot, dialog)
    assert [s.row for s in dialog.report.skipped_rows] == [4, 5]
    details = dialog.details.toPlainText()
    assert "4: нет телефона, e-mail или ИИН для опознания человека" in details
    assert ("5: телефон в столбце «Телефон» — не казахстанский номер; e-mail в столбце «E-mail» "
            "неверен (не адрес электронной почты); нет другого телефона, e-mail или ИИН") in details
    assert dialog.save_skipped_button.isEnabled() and dialog.save_skipped_button.text() == "Сохранить пропущенные строки…"
    out = tmp_path / "skipped.csv"
    assert dialog.save_skipped(str(out))
    with out.open(encoding="utf-8-sig", newline="") as f:
        saved = list(csv.reader(f, delimiter=";"))
    assert saved[0] == ["Строка файла", "Код причины", "Причина"]
    assert saved[1] == ["4", "no_identifier", "нет телефона, e-mail или ИИН для опознания человека"]
    assert saved[2][:2] == ["5", "phone_not_kz"] and saved[2][2].startswith("телефон в столбце «Телефон» — не")
    assert saved[2][2].endswith("; нет другого телефона, e-mail или ИИН, по которому можно опознать человека")
    i18n.install("kk")                               # the report follows the language
    assert "4: адамды анықтайтын телефон, e-mail немесе ЖСН жоқ" in dialog.details.toPlainText()
    assert not dialog.save_skipped(str(tmp_path / "no-such-folder" / "x.csv"))   # refused, explained
    dialog._box.close()


def test_a_clean_import_has_nothing_to_save_as_skipped(qtbot, dialog, db, tmp_path):
    path = write_cp1251(tmp_path / "orders.csv", [HEADER, *ROWS[:2]])
    assert dialog.load(path)
    run_import(qtbot, dialog)
    assert not dialog.report.skipped_rows and not dialog.save_skipped_button.isEnabled()
    assert not dialog.save_skipped(str(tmp_path / "x.csv")) and not (tmp_path / "x.csv").exists()

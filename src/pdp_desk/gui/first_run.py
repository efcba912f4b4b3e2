"""The first-run wizard: language, operators, staff, retention, folders (services.setup).

Shown before the main window when the database has no operator and nobody finished or skipped
the wizard (services.setup.needs_setup; a demo database has operators, so it never asks).
Nothing is written until Finish, which writes everything in one transaction with a journal
entry. Cancel writes nothing: the wizard comes back at the next start. "Skip for now" records
that the operators and staff will be filled in later (File → Set up operators and staff…).
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QFileDialog, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QRadioButton, QScrollArea, QSizePolicy, QSpinBox, QVBoxLayout, QWidget, QWizard,
                               QWizardPage)

from pdp_desk.domain.catalogue import DATA_CATEGORY_LABELS, PURPOSES, RetentionRule
from pdp_desk.gui import i18n, register_labels, service_errors
from pdp_desk.gui.formats import format_number
from pdp_desk.gui.subject_form import error_label, show_error
from pdp_desk.services import setup
from pdp_desk.services.catalogue import open_for_work
from pdp_desk.store.database import Database, DatabaseProblem, default_database_path

SKIPPED = 2          # the wizard's result after "Skip for now" (Accepted: finished; Rejected: cancel)
MAX_DAYS = 36500     # the retention table's limit (domain.retention)
translate = QCoreApplication.translate


def problem_text(problem: setup.Problem) -> str:
    """A refusal of services.setup in the interface language (else the service's English)."""
    texts = {
        "name_empty": translate("FirstRun", "Enter the name."),
        "full_name_empty": translate("FirstRun", "Enter the full name."),
        "full_name_too_long": translate("FirstRun", "The name is longer than 300 characters."),
        "name_too_long": translate("FirstRun", "The name is longer than 300 characters."),
        "address_empty": translate("FirstRun", "Enter the address (it goes on the acts)."),
        "address_too_long": translate("FirstRun", "The address is longer than 500 characters."),
        "position_empty": translate("FirstRun", "Enter the position (it goes on the acts)."),
        "position_too_long": translate("FirstRun", "The position is longer than 300 characters."),
        "iin_or_bin_empty": translate("FirstRun", "Enter the IIN (sole proprietor) or BIN (company)."),
        "iin_or_bin_format": translate("FirstRun", "An IIN or a BIN has 12 digits."),
        "iin_century_digit": translate("FirstRun", "The 7th digit of an IIN is 1 to 6: check the number."),
        "iin_checksum": translate("FirstRun", "The check digit of this IIN is wrong (a typing error?)."),
        "iin_never_issued": translate("FirstRun", "No IIN is ever issued with these digits: check the number."),
        "bin_month": translate("FirstRun", "Digits 3–4 of a BIN are a month (01–12): check the number."),
        "bin_entity_type": translate("FirstRun", "The 5th digit of a BIN is 4, 5 or 6: check the number."),
        "bin_division": translate("FirstRun", "The 6th digit of a BIN is 0 to 3: check the number."),
        "bin_checksum": translate("FirstRun", "The check digit of this BIN is wrong (a typing error?)."),
        "bin_never_issued": translate("FirstRun", "No BIN is ever issued with these digits: check the number."),
        "iin_bin_duplicate": translate("FirstRun", "Another operator above has this IIN/BIN."),
        "operators_empty": translate("FirstRun", "Add at least one operator, or skip the setup for now."),
        "staff_empty": translate("FirstRun", "Add at least one person who receives requests and signs acts."),
        "days_missing": translate("FirstRun", "Give the retention term in days."),
        "days_range": translate("FirstRun", "The term must be 1 to 36,500 days."),
        "days_not_allowed": translate("FirstRun", "“Until withdrawn” has no term in days."),
        "rule_unknown": translate("FirstRun", "Choose a retention rule."),
        "path_empty": translate("FirstRun", "Choose a folder."),
        "path_too_long": translate("FirstRun", "The folder's path is too long."),
        "path_relative": translate("FirstRun", "Give the whole path of the folder, starting with the drive (C:\\…)."),
        "not_a_folder": translate("FirstRun", "This is a file, not a folder."),
        "not_writable": translate("FirstRun", "PDP Desk cannot write in this folder: choose another one."),
        "keep_days_range": translate("FirstRun", "Keep backups 1 to 365 days."),
        "database_exists": translate("FirstRun", "There is already a database file in this folder: open it "
                                                 "with File → Open database, or choose another folder."),
        "move_failed": translate("FirstRun", "The database could not be moved there: choose another folder."),
    }
    return texts.get(problem.code, problem.message)


def purpose_text(code: str) -> str:
    """The purpose as the policy words it, and its data in grey (rich text, escaped)."""
    language = i18n.current()
    spec = next((p for p in PURPOSES if p.code == code), None)
    if spec is None:
        return html.escape(register_labels.purpose(code))
    data = ", ".join(DATA_CATEGORY_LABELS[c][language] for c in spec.data_categories)
    line = translate("FirstRun", "Data: %1").replace("%1", data)
    return f"{html.escape(spec.names[language])}<br><span style='color:#666'>{html.escape(line)}</span>"


def _caption() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


# --- the editable lists (operators, staff) -----------------------------------------------------


class EntryCard(QFrame):
    """One operator or one person: line edits, an error label under each, and Remove."""

    FIELDS: tuple[tuple[str, int], ...] = ()   # (field name, max length typed)

    def __init__(self, values: dict, entry_id: str | None = None):
        super().__init__()
        self.entry_id = entry_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.problems: list[setup.Problem] = []   # kept to be worded again in another language
        for name, limit in self.FIELDS:
            edit = QLineEdit(values.get(name, ""))
            edit.setObjectName(name)
            edit.setMaxLength(limit)   # a 1 MB paste stops here; the service checks again
            edit.textChanged.connect(lambda _text, name=name: self.clear_problem(name))
            self.edits[name] = edit
            self.errors[name] = error_label()
            self.captions[name] = _caption()
        self.remove_button = QPushButton()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 6, 8, 6)
        self.grid.setVerticalSpacing(2)
        self.place()

    def place(self) -> None:
        raise NotImplementedError

    def values(self) -> dict:
        return {name: edit.text() for name, edit in self.edits.items()}

    def clear_problem(self, name: str) -> None:
        """The field was edited: its message goes until the next check."""
        self.show_problems([p for p in self.problems if p.field != name])

    def show_problems(self, problems: list[setup.Problem]) -> None:
        self.problems = list(problems)
        texts: dict[str, list[str]] = {}
        for problem in problems:
            texts.setdefault(problem.field, []).append(problem_text(problem))
        for name, label in self.errors.items():
            show_error(label, " ".join(texts.get(name, [])))


class OperatorCard(EntryCard):
    FIELDS = (("name", setup.MAX_NAME + 1), ("iin_bin", 64), ("address", setup.MAX_ADDRESS + 1))

    def place(self) -> None:
        g = self.grid
        self.edits["iin_bin"].setMinimumWidth(130)
        self.edits["iin_bin"].setMaximumWidth(170)
        g.addWidget(self.captions["name"], 0, 0)
        g.addWidget(self.edits["name"], 0, 1)
        g.addWidget(self.captions["iin_bin"], 0, 2)
        g.addWidget(self.edits["iin_bin"], 0, 3)
        g.addWidget(self.remove_button, 0, 4)
        g.addWidget(self.errors["name"], 1, 1)
        g.addWidget(self.errors["iin_bin"], 1, 2, 1, 3)
        g.addWidget(self.captions["address"], 2, 0)
        g.addWidget(self.edits["address"], 2, 1, 1, 4)
        g.addWidget(self.errors["address"], 3, 1, 1, 4)
        g.setColumnStretch(1, 1)

    def retranslate(self) -> None:
        self.show_problems(self.problems)
        self.captions["name"].setText(translate("FirstRun", "Name:"))
        self.captions["iin_bin"].setText(translate("FirstRun", "IIN/BIN:"))
        self.captions["address"].setText(translate("FirstRun", "Address:"))
        self.edits["name"].setPlaceholderText(translate("FirstRun", "IE Surname First name Patronymic"))
        self.edits["iin_bin"].setPlaceholderText(translate("FirstRun", "12 digits"))
        self.edits["address"].setPlaceholderText(translate("FirstRun", "City, street, building"))
        self.remove_button.setText(translate("FirstRun", "Remove"))

    def entry(self) -> setup.OperatorEntry:
        v = self.values()
        return setup.OperatorEntry(v["name"], v["iin_bin"], v["address"], self.entry_id)


class StaffCard(EntryCard):
    FIELDS = (("full_name", setup.MAX_NAME + 1), ("position", setup.MAX_NAME + 1))

    def place(self) -> None:
        g = self.grid
        g.addWidget(self.captions["full_name"], 0, 0)
        g.addWidget(self.edits["full_name"], 0, 1)
        g.addWidget(self.captions["position"], 0, 2)
        g.addWidget(self.edits["position"], 0, 3)
        g.addWidget(self.remove_button, 0, 4)
        g.addWidget(self.errors["full_name"], 1, 1)
        g.addWidget(self.errors["position"], 1, 3)
        g.setColumnStretch(1, 3)
        g.setColumnStretch(3, 2)

    def retranslate(self) -> None:
        self.show_problems(self.problems)
        self.captions["full_name"].setText(translate("FirstRun", "Full name:"))
        self.captions["position"].setText(translate("FirstRun", "Position:"))
        self.edits["full_name"].setPlaceholderText(translate("FirstRun", "Surname First name Patronymic"))
        self.edits["position"].setPlaceholderText(translate("FirstRun", "e.g. Manager"))
        self.remove_button.setText(translate("FirstRun", "Remove"))

    def entry(self) -> setup.StaffEntry:
        v = self.values()
        return setup.StaffEntry(v["full_name"], v["position"], self.entry_id)


class CardList(QWidget):
    """A scrolling list of cards with an "Add" button under it."""

    def __init__(self, card_class):
        super().__init__()
        self.card_class = card_class
        self.cards: list[EntryCard] = []
        self.list_problems: list[setup.Problem] = []
        self.box = QVBoxLayout()
        self.box.setSpacing(6)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.box)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(inner)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add({}).edits[card_class.FIELDS[0][0]].setFocus())
        self.list_error = error_label()
        buttons = QHBoxLayout()
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.list_error, 1)
        buttons.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

    def add(self, values: dict, entry_id: str | None = None) -> EntryCard:
        card = self.card_class(values, entry_id)
        card.remove_button.clicked.connect(lambda: self.remove(card))
        card.retranslate()
        self.cards.append(card)
        self.box.addWidget(card)
        return card

    def remove(self, card: EntryCard) -> None:
        self.cards.remove(card)
        self.box.removeWidget(card)
        card.deleteLater()

    def entries(self) -> list:
        return [card.entry() for card in self.cards]

    def show_problems(self, problems: list[setup.Problem]) -> None:
        for row, card in enumerate(self.cards):
            card.show_problems([p for p in problems if p.row == row])
        self.list_problems = [p for p in problems if p.row < 0]
        show_error(self.list_error, " ".join(problem_text(p) for p in self.list_problems))
        first = next((p for p in problems if 0 <= p.row < len(self.cards)), None)
        if first is not None:  # bring the first wrong field into view
            card = self.cards[first.row]
            self.scroll.ensureWidgetVisible(card)
            edit = card.edits.get(first.field)
            if edit is not None:
                edit.setFocus()

    def retranslate(self) -> None:
        for card in self.cards:
            card.retranslate()
        show_error(self.list_error, " ".join(problem_text(p) for p in self.list_problems))


# --- the pages ------------------------------------------------------------------------------


class LanguagePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for code, name in i18n.LANGUAGES.items():  # each language named in itself
            button = QRadioButton(name)
            button.setObjectName(f"language_{code}")
            button.setChecked(code == i18n.current())
            button.toggled.connect(lambda on, code=code: on and self.choose(code))
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addSpacing(12)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def choose(self, code: str) -> None:
        if code != i18n.current():
            i18n.install(code)   # every page re-translates itself at once

    def retranslate(self) -> None:
        self.setTitle(translate("FirstRun", "Welcome to PDP Desk"))
        self.setSubTitle(translate("FirstRun", "A few questions before you start. Choose the language "
                                                "of the program first."))
        self.note.setText(translate("FirstRun", "You can change the language at any time in the "
                                                "View → Language menu; nothing you typed is lost."))


class OperatorsPage(QWizardPage):
    def __init__(self, answers: setup.SetupAnswers):
        super().__init__()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.list = CardList(OperatorCard)
        self.list.setObjectName("operators")
        for entry in answers.operators:
            self.list.add({"name": entry.name, "iin_bin": entry.iin_bin, "address": entry.address}, entry.id)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.list, 1)

    def validatePage(self) -> bool:
        _, problems = setup.check_operators(self.list.entries())
        self.list.show_problems(problems)
        return not problems

    def retranslate(self) -> None:
        self.setTitle(translate("FirstRun", "Operators"))
        self.setSubTitle(translate("FirstRun", "Who processes the personal data: the sole proprietors "
                                               "named in the privacy policy."))
        self.explanation.setText(translate(
            "FirstRun", "The four operators of the policy are filled in as a start: check each one, "
                        "add the missing IIN and the addresses (they go on the acts of destruction), "
                        "remove those who are not operators any more."))
        self.list.add_button.setText(translate("FirstRun", "Add an operator"))
        self.list.retranslate()


class StaffPage(QWizardPage):
    def __init__(self, answers: setup.SetupAnswers):
        super().__init__()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.list = CardList(StaffCard)
        self.list.setObjectName("staff")
        for entry in answers.staff:
            self.list.add({"full_name": entry.full_name, "position": entry.position}, entry.id)
        if not answers.staff:
            self.list.add({})
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.list, 1)

    def validatePage(self) -> bool:
        _, problems = setup.check_staff_list(self.list.entries())
        self.list.show_problems(problems)
        return not problems

    def retranslate(self) -> None:
        self.setTitle(translate("FirstRun", "Staff"))
        self.setSubTitle(translate("FirstRun", "The people who receive requests, destroy data and sign "
                                               "the acts (at least one)."))
        self.explanation.setText(translate(
            "FirstRun", "Their names and positions are printed on the acts of destruction and on the "
                        "answers to requests."))
        self.list.add_button.setText(translate("FirstRun", "Add a person"))
        self.list.retranslate()


class RetentionPage(QWizardPage):
    """The policy's purposes with their retention terms (the same choices as Settings →
    Retention; checked by domain.retention)."""

    def __init__(self, answers: setup.SetupAnswers):
        super().__init__()
        # The policy's order (website, marketing, delivery), then any other purpose.
        order = {code: i for i, code in enumerate(register_labels.PURPOSE_CODES)}
        self.entries = sorted(answers.retention, key=lambda e: (order.get(e.code, len(order)), e.code))
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        grid = QGridLayout()
        self.head_purpose, self.head_section, self.head_term = _bold(QLabel()), _bold(QLabel()), _bold(QLabel())
        grid.addWidget(self.head_purpose, 0, 0)
        grid.addWidget(self.head_section, 0, 1)
        grid.addWidget(self.head_term, 0, 2, 1, 2)
        self.names: list[QLabel] = []
        self.day_boxes: list[QSpinBox] = []
        self.rule_boxes: list[QComboBox] = []
        self.errors: list[QLabel] = []
        for i, entry in enumerate(self.entries):
            row = 1 + 2 * i
            name = QLabel()
            name.setWordWrap(True)
            name.setTextFormat(Qt.TextFormat.RichText)
            days = QSpinBox()
            days.setRange(0, MAX_DAYS)
            days.setSpecialValueText("—")   # 0: no term ("until withdrawn")
            days.setValue(entry.days or 0)
            rule = QComboBox()
            rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for value in RetentionRule:
                rule.addItem("", value.value)
            rule.setCurrentIndex(max(0, rule.findData(entry.rule)))
            rule.currentIndexChanged.connect(lambda _i, r=i: self._sync_days(r))
            error = error_label()
            grid.addWidget(name, row, 0)
            grid.addWidget(QLabel(entry.policy_section), row, 1)
            grid.addWidget(days, row, 2)
            grid.addWidget(rule, row, 3)
            grid.addWidget(error, row + 1, 0, 1, 4)
            self.names.append(name)
            self.day_boxes.append(days)
            self.rule_boxes.append(rule)
            self.errors.append(error)
            self._sync_days(i)
        grid.setColumnStretch(0, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def _sync_days(self, row: int) -> None:
        # "Until withdrawn" has no term: the day count does not apply (shown as a dash).
        counted = self.rule_boxes[row].currentData() != RetentionRule.UNTIL_WITHDRAWN.value
        days = self.day_boxes[row]
        days.setEnabled(counted)
        if not counted:
            days.setValue(0)
        elif days.value() == 0:
            days.setValue(365)

    def retention(self) -> list[setup.RetentionEntry]:
        out = []
        for entry, rule, days in zip(self.entries, self.rule_boxes, self.day_boxes):
            counted = rule.currentData() != RetentionRule.UNTIL_WITHDRAWN.value
            out.append(setup.RetentionEntry(entry.code, rule.currentData(),
                                            days.value() if counted else None, entry.policy_section))
        return out

    def validatePage(self) -> bool:
        problems = setup.check_retention_list(self.retention())
        for row, error in enumerate(self.errors):
            show_error(error, " ".join(problem_text(p) for p in problems if p.row == row))
        return not problems

    def retranslate(self) -> None:
        self.setTitle(translate("FirstRun", "Purposes and retention"))
        self.setSubTitle(translate("FirstRun", "The purposes of processing from the policy (§4) and how "
                                               "long the data of each is kept."))
        self.explanation.setText(translate(
            "FirstRun", "The policy says data is kept “as long as necessary to achieve the purposes” "
                        "(§5.3): the terms are the operator's choice. When no purpose justifies a "
                        "person's data any more, the person is listed for destruction."))
        self.head_purpose.setText(translate("FirstRun", "Purpose"))
        self.head_section.setText(translate("FirstRun", "Policy"))
        self.head_term.setText(translate("FirstRun", "Kept"))
        names = {RetentionRule.UNTIL_WITHDRAWN.value: translate("FirstRun", "until the consent is withdrawn"),
                 RetentionRule.AFTER_CONSENT.value: translate("FirstRun", "days after the consent was given"),
                 RetentionRule.AFTER_LAST_ORDER.value: translate("FirstRun", "days after the last order")}
        for entry, label, rule in zip(self.entries, self.names, self.rule_boxes):
            label.setText(purpose_text(entry.code))
            for i in range(rule.count()):
                rule.setItemText(i, names.get(rule.itemData(i), rule.itemData(i)))
        self.note.setText(translate("FirstRun", "The law allows keeping data only while a purpose needs "
                                                "it; you can change these terms later in Settings → "
                                                "Retention."))


class FoldersPage(QWizardPage):
    """The database's folder (it may move only while nothing is recorded in it), the backups'
    folder and how long backups are kept. Free space and problems show as one types."""

    def __init__(self, db: Database, answers: setup.SetupAnswers, movable: bool):
        super().__init__()
        self.db = db
        self.movable = movable
        self.db_caption = _caption()
        self.database_folder = QLineEdit(str(db.path.parent))
        self.database_folder.setObjectName("database_folder")
        self.database_folder.setMaxLength(setup.MAX_PATH + 1)
        self.database_folder.setReadOnly(not movable)
        self.database_folder.textChanged.connect(self.refresh_status)
        self.db_browse_button = QPushButton()
        self.db_browse_button.clicked.connect(lambda: self.browse(self.database_folder))
        self.db_browse_button.setVisible(movable)
        self.db_space = QLabel()
        self.db_error = error_label()
        self.backup_caption = _caption()
        self.backup_folder = QLineEdit(answers.backup_folder)
        self.backup_folder.setObjectName("backup_folder")
        self.backup_folder.setMaxLength(setup.MAX_PATH + 1)
        self.backup_folder.textChanged.connect(self.refresh_status)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(lambda: self.browse(self.backup_folder))
        self.backup_space = QLabel()
        self.backup_error = error_label()
        self.days_caption = _caption()
        self.keep_days = QSpinBox()
        self.keep_days.setObjectName("keep_days")
        self.keep_days.setRange(1, setup.MAX_KEEP_DAYS)
        self.keep_days.setValue(answers.keep_days)
        self.days_note = QLabel()
        self.days_note.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.db_caption, 0, 0)
        grid.addWidget(self.database_folder, 0, 1)
        grid.addWidget(self.db_browse_button, 0, 2)
        grid.addWidget(self.db_space, 1, 1, 1, 2)
        grid.addWidget(self.db_error, 2, 1, 1, 2)
        grid.addWidget(self.backup_caption, 3, 0)
        grid.addWidget(self.backup_folder, 3, 1)
        grid.addWidget(self.browse_button, 3, 2)
        grid.addWidget(self.backup_space, 4, 1, 1, 2)
        grid.addWidget(self.backup_error, 5, 1, 1, 2)
        grid.addWidget(self.days_caption, 6, 0)
        days_row = QHBoxLayout()
        days_row.addWidget(self.keep_days)
        days_row.addWidget(self.days_note, 1)
        grid.addLayout(days_row, 6, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(grid)
        layout.addStretch(1)

    def browse(self, edit: QLineEdit) -> None:
        title = (translate("FirstRun", "Folder for the database") if edit is self.database_folder
                 else translate("FirstRun", "Folder for backups"))
        folder = QFileDialog.getExistingDirectory(self, title, edit.text())
        if folder:
            edit.setText(folder)

    def moves_database(self) -> bool:
        """A different folder was chosen for the database."""
        text = self.database_folder.text().strip()
        return self.movable and bool(text) and Path(text).expanduser() != self.db.path.parent

    def _space_text(self, status: setup.FolderStatus) -> str:
        if status.free_bytes is None:
            return ""
        if status.free_bytes < 10**9:
            text = translate("FirstRun", "Free space: %1 MB").replace(
                "%1", format_number(status.free_bytes // 1_000_000))
        else:
            text = translate("FirstRun", "Free space: %1 GB").replace(
                "%1", format_number(round(status.free_bytes / 1_000_000_000, 1)))
        if not status.code and not status.exists:
            text += " " + translate("FirstRun", "(the folder will be created)")
        return text

    def database_problems(self) -> list[setup.Problem]:
        if not self.moves_database():
            status = setup.folder_status(str(self.db.path.parent))
            return [setup.Problem("database_folder", status.code, "")] if status.code else []
        return setup.check_database_folder(self.database_folder.text(), self.db.path)

    def refresh_status(self) -> None:
        self.db_space.setText(self._space_text(setup.folder_status(self.database_folder.text())))
        show_error(self.db_error, " ".join(problem_text(p) for p in self.database_problems()))
        status = setup.folder_status(self.backup_folder.text())
        self.backup_space.setText(self._space_text(status))
        show_error(self.backup_error, problem_text(setup.Problem("backup_folder", status.code, ""))
                   if status.code else "")

    def validatePage(self) -> bool:
        problems = setup.check_backup(self.backup_folder.text(), self.keep_days.value())
        show_error(self.backup_error, " ".join(problem_text(p) for p in problems if p.field == "backup_folder"))
        database = self.database_problems() if self.moves_database() else []
        show_error(self.db_error, " ".join(problem_text(p) for p in database))
        return not problems and not database

    def retranslate(self) -> None:
        self.setTitle(translate("FirstRun", "Database and backups"))
        self.setSubTitle(translate("FirstRun", "Where the data lives on this PC."))
        self.explanation.setText(translate(
            "FirstRun", "Backups are made every day, encrypted with a passphrase set in Settings → "
                        "Backups (until it is set, no backup is made). Prefer a second disk or a USB "
                        "drive for them: a backup on the same disk is lost with the disk."))
        self.db_caption.setText(translate("FirstRun", "Database folder:"))
        self.backup_caption.setText(translate("FirstRun", "Backups folder:"))
        self.browse_button.setText(translate("FirstRun", "Choose…"))
        self.db_browse_button.setText(translate("FirstRun", "Choose…"))
        self.database_folder.setToolTip(
            translate("FirstRun", "The database file: %1").replace("%1", str(self.db.path)) if self.movable
            else translate("FirstRun", "The database file: %1 (it holds data already: it stays where it is)")
            .replace("%1", str(self.db.path)))
        self.days_caption.setText(translate("FirstRun", "Keep backups:"))
        self.keep_days.setSuffix(translate("FirstRun", " days"))
        self.days_note.setText(translate("FirstRun", "Destroyed data is gone from the backups too after "
                                                     "this many days; the acts say so."))
        self.refresh_status()


# --- the wizard -------------------------------------------------------------------------------


class FirstRunWizard(QWizard):
    """Asks, checks each page, and writes on Finish (services.setup.finish_setup)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, allow_move: bool = True):
        """`allow_move`: offer to move the database (only before the main window has it open)."""
        super().__init__(parent)
        self.db = db
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same look on every system
        with db.read() as session:
            answers = setup.starting_answers(session)
            # The database may move only on a real first run, before anything is recorded in it.
            movable = allow_move and setup.needs_setup(session) and setup.is_new_database(session)
        self.language_page = LanguagePage()
        self.operators_page = OperatorsPage(answers)
        self.staff_page = StaffPage(answers)
        self.retention_page = RetentionPage(answers)
        self.folders_page = FoldersPage(db, answers, movable)
        self.pages = (self.language_page, self.operators_page, self.staff_page, self.retention_page,
                      self.folders_page)
        for page in self.pages:
            self.addPage(page)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._custom)
        self._box: QMessageBox | None = None
        self.resize(860, 600)
        self.retranslate()

    def entries(self) -> setup.SetupAnswers:
        return setup.SetupAnswers(self.operators_page.list.entries(), self.staff_page.list.entries(),
                                  self.retention_page.retention(), self.folders_page.backup_folder.text(),
                                  self.folders_page.keep_days.value())

    def accept(self) -> None:
        """Finish: every page is checked again, the database moved if asked, then everything is
        written in one transaction. `self.db` is the database to work on afterwards."""
        answers = self.entries()
        _, problems = setup.check_answers(answers)
        if problems or not self.folders_page.validatePage():
            self._show_problems(problems)
            return
        if self.folders_page.moves_database() and not self.move_database():
            return
        try:
            with self.db.session() as session:
                setup.finish_setup(session, answers, actor="setup")
        except setup.SetupRefused as refusal:
            self._show_problems(refusal.problems)
            return
        except Exception as error:  # noqa: BLE001 - "nothing was saved", no traceback
            self._box = service_errors.show(self, error)
            return
        i18n.save_language(i18n.current())
        super().accept()

    def move_database(self) -> bool:
        """Move the new database into the chosen folder and open it there (it will be opened
        from there at every start). On a problem the database stays where it was, open."""
        old = self.db.path
        try:
            self.db.checkpoint()
        except Exception:  # noqa: BLE001 - nothing written yet: the WAL may simply be empty
            pass
        self.db.close()
        new_path = None
        try:
            new_path = setup.copy_database_file(old, self.folders_page.database_folder.text())
            new_db = open_for_work(new_path)
        except (setup.SetupRefused, DatabaseProblem, OSError) as problem:
            if new_path is not None and new_path != old:
                setup.remove_database_file(new_path)   # the copy that could not be opened
            self.db = open_for_work(old)
            self.folders_page.db = self.db
            text = (" ".join(problem_text(p) for p in problem.problems) if isinstance(problem, setup.SetupRefused)
                    else problem_text(setup.Problem("database_folder", "move_failed", "")))
            show_error(self.folders_page.db_error, text)
            return False
        setup.remove_database_file(old)
        self.db = self.folders_page.db = new_db
        try:
            setup.remember_database_path(None if new_path == default_database_path() else new_path)
        except OSError as error:  # the data folder is not writable: say where the database is now
            self._box = service_errors.show(self, error)
        self.folders_page.movable = False
        self.folders_page.database_folder.setReadOnly(True)
        self.folders_page.db_browse_button.hide()
        return True

    def _show_problems(self, problems: list[setup.Problem]) -> None:
        """Go back to the first page with a problem and show it there."""
        pages = {"name": self.operators_page, "iin_bin": self.operators_page, "address": self.operators_page,
                 "operators": self.operators_page, "full_name": self.staff_page, "position": self.staff_page,
                 "staff": self.staff_page, "retention": self.retention_page}
        target = next((pages[p.field] for p in problems if p.field in pages), self.folders_page)
        while self.currentPage() is not target and self.currentId() > 0:
            self.back()
        target.validatePage()

    def _custom(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1:
            self.ask_skip()

    def ask_skip(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, translate("FirstRun", "Skip the setup?"),
                          translate("FirstRun", "Skip the setup for now?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setInformativeText(translate(
            "FirstRun", "The wizard will not open by itself again. Until the operators and staff are "
                        "entered, requests and acts cannot name them: fill them in later from the File "
                        "menu, “Set up operators and staff…”. The retention terms stay as the policy "
                        "suggests; backups go to the default folder."))
        box.button(QMessageBox.StandardButton.Yes).setText(translate("FirstRun", "Skip for now"))
        box.button(QMessageBox.StandardButton.No).setText(translate("FirstRun", "Go on with the setup"))
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda button: button is yes and self.skip())
        self._box = box
        box.open()
        return box

    def skip(self) -> bool:
        try:
            with self.db.session() as session:
                setup.skip_setup(session, actor="setup")
        except Exception as error:  # noqa: BLE001
            self._box = service_errors.show(self, error)
            return False
        i18n.save_language(i18n.current())
        self.done(SKIPPED)
        return True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("FirstRun", "PDP Desk — first start"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, translate("FirstRun", "Skip for now"))
        self.setButtonText(QWizard.WizardButton.NextButton, translate("FirstRun", "Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, translate("FirstRun", "< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, translate("FirstRun", "Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, translate("FirstRun", "Cancel"))
        for page in self.pages:
            page.retranslate()


def should_ask(db: Database) -> bool:
    """Whether to show the wizard before the main window (a read; a failure means "no")."""
    try:
        with db.read() as session:
            return setup.needs_setup(session)
    except Exception:  # noqa: BLE001 - a wizard must never keep the program from opening
        return False

"""Letters: making a request's reply letter (kind, language, who signs) and editing the templates.

A letter is made by `make_letter` in one transaction and kept with the request as a PDF
attachment; the detail window then opens or prints it. The template editor checks a template
with `save_template`; its refusals (an unknown {field}, a stray brace, a refusal without its
{refusal_reason}) appear under the title or the text, with the line and column.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from pdp_desk.documents.letter_templates import KIND_LABELS, LETTER_KINDS, LETTER_LANGUAGES, PLACEHOLDERS
from pdp_desk.documents.letters import fields_of
from pdp_desk.gui import i18n, service_errors
from pdp_desk.gui.request_actions import ActionDialog, Submit
from pdp_desk.gui.request_form import error_label
from pdp_desk.services import directory
from pdp_desk.services.letters import current_template, reset_template, save_template
from pdp_desk.store.database import Database

LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша"}

# The letter that usually answers a request of this type (a refusal answers any type).
DEFAULT_KIND = {"access": "access_answer", "correction": "correction_done", "blocking": "blocking_done",
                "unblocking": "unblocking_done", "deletion": "destruction_done",
                "consent_withdrawal": "withdrawal_done"}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, {}).get(i18n.current(), kind)


def template_error_text(exc: Exception) -> str:
    """A template's refusal in the interface language, with where it is."""
    code, field = getattr(exc, "code", ""), getattr(exc, "field", None) or ""
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    translate = QCoreApplication.translate
    texts = {
        "stray_brace": translate("LetterTemplates", "A brace { or } that does not open or close a field. "
                                             "To print a brace itself, type it twice."),
        "empty_field": translate("LetterTemplates", "An empty field {}: write the field's name inside the braces."),
        "field_access": translate("LetterTemplates", "The field {%1} uses . or [ ]: only plain field names are allowed."),
        "format_spec": translate("LetterTemplates", "The field {%1} has ! or : in it: write just the field's name."),
        "unknown_field": translate("LetterTemplates", "Unknown field {%1}: use one of the fields listed on the right."),
        "required_field_missing": translate("LetterTemplates", "This letter must contain the field {%1}."),
        "too_long": translate("LetterTemplates", "The text is too long."),
        "empty": translate("LetterTemplates", "The letter's text is empty."),
    }
    text = texts.get(code)
    if text is None:
        return service_errors.message_of(exc)
    text = text.replace("%1", field)
    if line:
        text += " " + translate("LetterTemplates", "(line %1, column %2)").replace("%1", str(line)).replace(
            "%2", str(column or 1))
    return text


class LetterDialog(ActionDialog):
    """Kind, language and signer of the letter; whether to open or print it once made."""

    def __init__(self, db: Database, request_type: str, state: str, language: str, staff_id: str | None,
                 submit: Submit, parent: QWidget | None = None):
        super().__init__("", submit, parent)
        self.setWindowTitle(self.tr("Make a letter"))
        self.kind_combo = QComboBox()
        for kind in LETTER_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind)
        default = "refusal" if state == "refused" else DEFAULT_KIND.get(request_type, "access_answer")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(default)))
        self.language_combo = QComboBox()
        for code in LETTER_LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.staff_combo = QComboBox()
        self.staff_combo.addItem("—", None)
        with db.read() as session:
            for person in directory.staff(session, active_only=True):
                self.staff_combo.addItem(f"{person.full_name} ({person.position})" if person.position
                                         else person.full_name, person.id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(staff_id)))
        self.open_check = QCheckBox(self.tr("Open it"))
        self.open_check.setChecked(True)
        self.print_check = QCheckBox(self.tr("Print it"))
        after = QWidget()
        row = QHBoxLayout(after)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.open_check)
        row.addWidget(self.print_check)
        row.addStretch(1)
        self.add_field("kind", self.tr("Letter:"), self.kind_combo)
        self.add_field("language", self.tr("Language:"), self.language_combo)
        self.add_field("staff", self.tr("Signed by:"), self.staff_combo)
        self.add_field("after", self.tr("Then:"), after)
        note = QLabel(self.tr("The letter is saved with the request as a PDF file."))
        note.setEnabled(False)
        self.fields.addRow(note)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def language(self) -> str:
        return self.language_combo.currentData()

    def staff_id(self) -> str | None:
        return self.staff_combo.currentData()

    def show_refusal(self, exc: Exception) -> None:
        if hasattr(exc, "line") or getattr(exc, "code", "") in ("stray_brace", "unknown_field"):
            self.set_error("", template_error_text(exc) + "\n" + self.tr(
                "Correct the template in “Letter templates…”."))
            return
        super().show_refusal(exc)


class TemplateDialog(QDialog):
    """Edit the title and text of a letter template (kind × language)."""

    def __init__(self, db: Database, parent: QWidget | None = None, kind: str = LETTER_KINDS[0],
                 language: str = "ru"):
        super().__init__(parent)
        self.db = db
        self.error_box: QMessageBox | None = None
        self.kind_combo = QComboBox()
        for code in LETTER_KINDS:
            self.kind_combo.addItem("", code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.language_combo = QComboBox()
        for code in LETTER_LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.own_label = QLabel()
        self.own_label.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.kind_combo, 1)
        top.addWidget(self.language_combo)
        top.addWidget(self.own_label)

        self.title_edit = QLineEdit()
        self.title_error = error_label()
        self.body_edit = QPlainTextEdit()
        self.body_error = error_label()
        self.title_caption, self.body_caption = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.title_caption, self.title_edit)
        form.addRow("", self.title_error)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.body_caption)
        left.addWidget(self.body_edit, 1)
        left.addWidget(self.body_error)

        self.fields_caption = QLabel()
        self.fields_list = QListWidget()
        self.fields_list.setMaximumWidth(300)
        self.fields_list.itemDoubleClicked.connect(self.insert_field)
        self.fields_hint = QLabel()
        self.fields_hint.setWordWrap(True)
        self.fields_hint.setEnabled(False)
        self.fields_hint.setMaximumWidth(300)
        right = QVBoxLayout()
        right.addWidget(self.fields_caption)
        right.addWidget(self.fields_list, 1)
        right.addWidget(self.fields_hint)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right)

        self.saved_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.reset_button = QPushButton()
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self.load)
        self.language_combo.currentIndexChanged.connect(self.load)
        self.retranslate()
        self.load()
        self.resize(900, 600)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def language(self) -> str:
        return self.language_combo.currentData()

    def load(self) -> None:
        with self.db.read() as session:
            template, own = current_template(session, self.kind(), self.language())
        self.title_edit.setText(template.title)
        self.body_edit.setPlainText(template.body)
        self.own = own
        self._clear()
        self.retranslate()

    def _clear(self) -> None:
        for label in (self.title_error, self.body_error):
            label.hide()
        self.saved_label.setText("")

    def insert_field(self, item: QListWidgetItem) -> None:
        self.body_edit.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.body_edit.setFocus()

    def save(self) -> bool:
        self._clear()
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        try:
            with self.db.session() as session:
                save_template(session, self.kind(), self.language(), title, body)
        except Exception as exc:  # noqa: BLE001 - shown; nothing was saved
            if not service_errors.known(exc):
                self.error_box = service_errors.show(self, exc)
                return False
            label = self.title_error if self._in_title(exc, title) else self.body_error
            label.setText(template_error_text(exc))
            label.show()
            return False
        self.own = True
        self.retranslate()
        self.saved_label.setText(self.tr("Saved. New letters of this kind use this text."))
        return True

    @staticmethod
    def _in_title(exc: Exception, title: str) -> bool:
        if getattr(exc, "field", None) == "title":
            return True
        try:
            fields_of(title)
        except Exception:  # noqa: BLE001 - the title is what fails
            return True
        return False

    def reset(self) -> None:
        try:
            with self.db.session() as session:
                reset_template(session, self.kind(), self.language())
        except Exception as exc:  # noqa: BLE001
            self.error_box = service_errors.show(self, exc)
            return
        self.load()
        self.saved_label.setText(self.tr("The default text is back."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        language = i18n.current()
        self.setWindowTitle(self.tr("Letter templates"))
        for index in range(self.kind_combo.count()):
            self.kind_combo.setItemText(index, kind_label(self.kind_combo.itemData(index)))
        self.own_label.setText(self.tr("your own text") if getattr(self, "own", False)
                               else self.tr("default text"))
        self.title_caption.setText(self.tr("Title:"))
        self.body_caption.setText(self.tr("Text (a blank line starts a new paragraph):"))
        self.fields_caption.setText(self.tr("Fields (double-click to insert):"))
        self.fields_hint.setText(self.tr("A field is replaced by its value in each letter, e.g. "
                                         "{subject_name}. To print a brace itself, type it twice."))
        self.reset_button.setText(self.tr("Back to the default text"))
        self.fields_list.clear()
        for name, texts in PLACEHOLDERS.items():
            item = QListWidgetItem("{" + name + "} — " + texts.get(language, texts.get("en", "")))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(texts.get(language, ""))
            self.fields_list.addItem(item)

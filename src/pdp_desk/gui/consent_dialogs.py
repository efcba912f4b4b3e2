"""Recording a consent given (the fields of Art. 8 p.4) and its withdrawal (Art. 8 p.7).

Both dialogs call one use case each (services.consents) in one transaction; a refusal is shown
next to the field it is about and nothing is written. A withdrawal opens a request whose
15-working-day clock the Inbox counts down: its number and due date are handed back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QGridLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from pdp_desk.domain.catalogue import DATA_CATEGORY_LABELS, PURPOSES, DataCategory
from pdp_desk.domain.localtime import KAZAKHSTAN
from pdp_desk.gui import i18n, moments, register_errors, register_labels
from pdp_desk.gui.subject_form import error_label, grow_to_fit, show_error
from pdp_desk.services import consents, directory, policy
from pdp_desk.services.calendar import load_calendar
from pdp_desk.services.requests import request_detail
from pdp_desk.services.subjects import ValidationFailed
from pdp_desk.store.database import Database


def to_qdatetime(moment: datetime) -> QDateTime:
    local = moment.astimezone(KAZAKHSTAN)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    """What the person typed is Kazakhstan time, whatever the PC's zone."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=KAZAKHSTAN)


def moment_edit(moment: datetime | None = None) -> QDateTimeEdit:
    edit = QDateTimeEdit(to_qdatetime(moment or moments.now()))
    edit.setDisplayFormat("dd.MM.yyyy HH:mm")
    edit.setCalendarPopup(True)
    return edit


def channel_text(code: str) -> str:
    """Consent channels: those of requests (domain.workflow), plus SMS and the website's export."""
    if code == "sms":
        return "SMS"
    if code == "import":
        return QCoreApplication.translate("ConsentDialogs", "Import from the website")
    return register_labels.channel(code)


def _with_error(widget: QWidget, error: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    return box


class RecordConsentDialog(QDialog):
    """A consent given by the person: purpose, when, how, proof, terms, what may be done."""

    saved = Signal(str)  # the consent's id

    def __init__(self, db: Database, subject_id: str, person_name: str, purpose_code: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.subject_id = db, subject_id
        with db.read() as session:
            self.versions = policy.list_versions(session)
            self.operators = directory.operators(session)
        self.person = QLabel(person_name or "—")
        self.purpose = QComboBox()
        for code in register_labels.PURPOSE_CODES:
            self.purpose.addItem(register_labels.purpose(code), code)
        if purpose_code:
            self.purpose.setCurrentIndex(max(0, self.purpose.findData(purpose_code)))
        self.given_at = moment_edit()
        self.channel = QComboBox()
        for code in consents.CONSENT_CHANNELS:
            self.channel.addItem(channel_text(code), code)
        self.evidence = QLineEdit()
        self.evidence.setMaxLength(consents.MAX_EVIDENCE)
        self.policy_version = QComboBox()
        self.policy_version.addItem("", None)  # "the version in force on that day"
        for version in reversed(self.versions):
            self.policy_version.addItem(version.label, version.id)
        self.has_term = QCheckBox()
        self.valid_until = QDateEdit(QDate.currentDate().addYears(1))
        self.valid_until.setDisplayFormat("dd.MM.yyyy")
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setEnabled(False)
        self.has_term.toggled.connect(self.valid_until.setEnabled)
        term = QWidget()
        term_row = QGridLayout(term)
        term_row.setContentsMargins(0, 0, 0, 0)
        term_row.addWidget(self.has_term, 0, 0)
        term_row.addWidget(self.valid_until, 0, 1)
        term_row.setColumnStretch(2, 1)
        self.third_parties = QCheckBox()
        self.cross_border = QCheckBox()
        self.public = QCheckBox()
        self.categories: dict[str, QCheckBox] = {c.value: QCheckBox() for c in DataCategory}
        categories = QWidget()
        grid = QGridLayout(categories)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.categories.values()):
            grid.addWidget(box, i // 2, i % 2)
        self.operator = QComboBox()
        self.operator.addItem("", None)  # the subject's operator
        for item in self.operators:
            self.operator.addItem(item.name, item.id)
        self.purpose.currentIndexChanged.connect(self._purpose_categories)
        self._purpose_categories()

        self.errors = {name: error_label() for name in (
            "purpose", "given_at", "channel", "evidence", "policy_version_id", "valid_until",
            "data_categories", "operator_id", "form")}
        self.captions = [QLabel() for _ in range(12)]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (self.person, _with_error(self.purpose, self.errors["purpose"]),
                _with_error(self.given_at, self.errors["given_at"]),
                _with_error(self.channel, self.errors["channel"]),
                _with_error(self.evidence, self.errors["evidence"]),
                _with_error(self.policy_version, self.errors["policy_version_id"]),
                _with_error(term, self.errors["valid_until"]),
                _with_error(categories, self.errors["data_categories"]),
                self.third_parties, self.cross_border, self.public,
                _with_error(self.operator, self.errors["operator_id"]))
        for caption, widget in zip(self.captions, rows):
            form.addRow(caption, widget)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.retranslate()

    def _purpose_categories(self) -> None:
        """Tick the data categories the purpose collects (policy §4); the person may untick."""
        code = self.purpose.currentData()
        spec = next((p for p in PURPOSES if p.code == code), None)
        wanted = {c.value for c in spec.data_categories} if spec else set()
        for value, box in self.categories.items():
            box.setChecked(value in wanted)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Record a consent given"))
        texts = (self.tr("Person:"), self.tr("Purpose:"), self.tr("Given on:"), self.tr("How it was given:"),
                 self.tr("Evidence:"), self.tr("Policy version:"), self.tr("Valid until:"),
                 self.tr("Data categories:"), self.tr("Third parties:"), self.tr("Cross-border:"),
                 self.tr("Public sources:"), self.tr("Operator:"))
        for caption, text in zip(self.captions, texts):
            caption.setText(text)
        self.evidence.setPlaceholderText(self.tr("the form on the website, the signed paper, the recorded call …"))
        self.policy_version.setItemText(0, self.tr("the version in force on that day"))
        self.operator.setItemText(0, self.tr("the person's operator"))
        self.has_term.setText(self.tr("for a limited time, until"))
        self.third_parties.setText(self.tr("may be passed to third parties"))
        self.cross_border.setText(self.tr("may be transferred abroad"))
        self.public.setText(self.tr("may be published in public sources"))
        language = i18n.current()
        for value, box in self.categories.items():
            box.setText(DATA_CATEGORY_LABELS[DataCategory(value)][language])
        for i in range(self.purpose.count()):
            self.purpose.setItemText(i, register_labels.purpose(self.purpose.itemData(i)))
        for i in range(self.channel.count()):
            self.channel.setItemText(i, channel_text(self.channel.itemData(i)))

    def save(self) -> bool:
        for label in self.errors.values():
            show_error(label, "")
        valid_until: date | None = self.valid_until.date().toPython() if self.has_term.isChecked() else None
        try:
            with self.db.session() as session:
                consent_id = consents.record_consent(
                    session, self.subject_id, self.purpose.currentData(),
                    given_at=from_qdatetime(self.given_at.dateTime()), channel=self.channel.currentData(),
                    evidence=self.evidence.text(), policy_version_id=self.policy_version.currentData(),
                    valid_until=valid_until, third_parties_allowed=self.third_parties.isChecked(),
                    cross_border_allowed=self.cross_border.isChecked(), public_allowed=self.public.isChecked(),
                    data_categories=[v for v, box in self.categories.items() if box.isChecked()],
                    operator_id=self.operator.currentData())
        except ValidationFailed as refusal:
            self.show_errors(register_errors.field_texts(refusal))
            return False
        except Exception as error:  # noqa: BLE001 - never a traceback: "nothing was saved"
            self._box = register_errors.show(self, error, self.tr("The consent was not recorded"))
            return False
        self.saved.emit(consent_id)
        self.accept()
        return True

    def show_errors(self, messages: dict[str, str]) -> None:
        rest = []
        for name, text in messages.items():
            label = self.errors.get(name)
            if label is None:
                rest.append(text)
            else:
                show_error(label, text)
        show_error(self.errors["form"], "\n".join(rest))
        grow_to_fit(self)


@dataclass(frozen=True)
class OpenedRequest:
    """What a withdrawal opened: the request to answer, and by when processing must stop."""

    id: str
    number: str
    due: date | None


class WithdrawDialog(QDialog):
    """The person withdraws consent: for which purposes, when, how, with what proof."""

    withdrawn = Signal(object)  # OpenedRequest

    def __init__(self, db: Database, subject_id: str, person_name: str, given: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.subject_id = db, subject_id
        self.person = QLabel(person_name or "—")
        self.purposes: dict[str, QCheckBox] = {}
        purposes = QWidget()
        column = QVBoxLayout(purposes)
        column.setContentsMargins(0, 0, 0, 0)
        for code in register_labels.PURPOSE_CODES:
            box = QCheckBox()
            box.setEnabled(code in given)   # only a consent in force can be withdrawn
            # Most withdrawals are of marketing; a person with one consent withdraws that one.
            box.setChecked(code in given and (code == "marketing" or len(given) == 1))
            self.purposes[code] = box
            column.addWidget(box)
        self.at = moment_edit()
        self.channel = QComboBox()
        for code in consents.WITHDRAWAL_CHANNELS:
            self.channel.addItem(channel_text(code), code)
        self.evidence = QLineEdit()
        self.evidence.setMaxLength(consents.MAX_EVIDENCE)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(70)
        self.errors = {name: error_label() for name in ("purposes", "at", "channel", "evidence", "form")}
        self.captions = [QLabel() for _ in range(6)]
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget in zip(self.captions, (
                self.person, _with_error(purposes, self.errors["purposes"]),
                _with_error(self.at, self.errors["at"]), _with_error(self.channel, self.errors["channel"]),
                _with_error(self.evidence, self.errors["evidence"]), self.text)):
            form.addRow(caption, widget)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Withdrawal of consent"))
        for caption, text in zip(self.captions, (self.tr("Person:"), self.tr("Withdrawn for:"),
                                                 self.tr("Received on:"), self.tr("How it came:"),
                                                 self.tr("Evidence:"), self.tr("Text of the request:"))):
            caption.setText(text)
        for code, box in self.purposes.items():
            box.setText(register_labels.purpose(code))
        for i in range(self.channel.count()):
            self.channel.setItemText(i, channel_text(self.channel.itemData(i)))
        self.evidence.setPlaceholderText(self.tr("the letter, the e-mail, the form on the website …"))
        self.note.setText(self.tr("A request is opened: within 15 working days processing must stop, "
                                  "or the person must be told the reasons why it continues (Art. 8 p.7)."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Withdraw"))

    def save(self) -> OpenedRequest | None:
        for label in self.errors.values():
            show_error(label, "")
        chosen = [code for code, box in self.purposes.items() if box.isChecked()]
        try:
            with self.db.session() as session:
                request_id = consents.withdraw_consent(
                    session, self.subject_id, chosen, at=from_qdatetime(self.at.dateTime()),
                    channel=self.channel.currentData(), evidence=self.evidence.text(),
                    text=self.text.toPlainText(), language=i18n.current())
        except ValidationFailed as refusal:
            rest = []
            for name, text in register_errors.field_texts(refusal).items():
                label = self.errors.get(name)
                if label is None:
                    rest.append(text)
                else:
                    show_error(label, text)
            show_error(self.errors["form"], "\n".join(rest))
            grow_to_fit(self)
            return None
        except Exception as error:  # noqa: BLE001 - RequestError is shown with its reason, else "nothing saved"
            self._box = register_errors.show(self, error, self.tr("The withdrawal was not recorded"))
            return None
        opened = self._opened(request_id)
        self.withdrawn.emit(opened)
        self.accept()
        return opened

    def _opened(self, request_id: str) -> OpenedRequest:
        try:
            with self.db.read() as session:
                detail = request_detail(session, request_id, load_calendar(session), moments.today(),
                                        i18n.current())
            return OpenedRequest(request_id, detail.number, detail.action_due or detail.next_due)
        except Exception:  # noqa: BLE001 - it is saved; only the figures for the message are missing
            return OpenedRequest(request_id, "", None)

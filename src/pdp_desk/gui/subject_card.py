"""A subject's card: everything held about the person, why, since when and until when.

Read in one go by services.register.subject_card: the data by category with its source and
date, orders, consents with their history, requests, and the journal's entries about the
subject. From here the data is corrected, merged with a duplicate, or exported (an answer to an
access request).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from pdp_desk.domain.import_columns import order_status_label
from pdp_desk.gui import i18n, moments, register_errors, register_labels
from pdp_desk.gui.consent_dialogs import channel_text
from pdp_desk.gui.formats import format_date
from pdp_desk.gui.subject_form import SubjectForm, SubjectValues, error_label, show_error
from pdp_desk.services import register, subject_export
from pdp_desk.services.subjects import find_subjects
from pdp_desk.store.database import Database

def table(headers: list[str]) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().hide()
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setWordWrap(True)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget


def fill(widget: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    widget.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            widget.setItem(r, c, QTableWidgetItem(value or ""))
    widget.resizeColumnsToContents()
    for c in range(widget.columnCount() - 1):
        widget.setColumnWidth(c, min(widget.columnWidth(c), 320))


def _journal_time(text: str) -> str:
    """The journal keeps its time as the exact text that was hashed (ISO, UTC): shown local."""
    try:
        return moments.format_moment(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return text


def money(tiyn: int, currency: str) -> str:
    amount = QLocale().toString(tiyn / 100, "f", 2)
    return f"{amount} ₸" if currency == "KZT" else f"{amount} {currency}"


class SubjectCard(QDialog):
    """Opened from the register (double-click). Emits `changed` after an edit or a merge."""

    changed = Signal(str)   # the subject id shown

    def __init__(self, db: Database, subject_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.subject_id = subject_id
        self.card: register.Card | None = None
        self._child = None
        self.setWindowTitle("")
        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#b71c1c; color:white; padding:6px; border-radius:4px; font-weight:bold")
        self.retention = QLabel()
        self.retention.setWordWrap(True)

        self.tabs = QTabWidget()
        self.data_table = table(["", "", "", ""])
        self.orders_table = table(["", "", "", "", "", ""])
        self.consents_table = table(["", "", "", "", "", "", ""])
        self.history_table = table(["", "", "", "", ""])
        self.requests_table = table(["", "", "", "", ""])
        self.audit_table = table(["", "", "", ""])
        consents_page = QWidget()
        consents_layout = QVBoxLayout(consents_page)
        consents_layout.setContentsMargins(0, 0, 0, 0)
        consents_layout.addWidget(self.consents_table, 1)
        self.history_caption = QLabel()
        consents_layout.addWidget(self.history_caption)
        consents_layout.addWidget(self.history_table, 1)
        for page in (self.data_table, self.orders_table, consents_page, self.requests_table, self.audit_table):
            self.tabs.addTab(page, "")

        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.choose_export)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.merge_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        layout.addWidget(self.retention)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(1100, 680)
        self.reload()

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> bool:
        try:
            with self.db.read() as session:
                self.card = register.subject_card(session, self.subject_id, i18n.current())
        except Exception as error:  # noqa: BLE001 - a busy file or a bug: say so, never a traceback
            self.card = None
            self._box = register_errors.show(self, error, self.tr("The card could not be read"))
        self.retranslate()
        return self.card is not None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.card is not None:
            self.reload()  # the category and purpose names come from the services in a language
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Subject's card"))
        self.edit_button.setText(self.tr("Correct data…"))
        self.merge_button.setText(self.tr("Merge with a duplicate…"))
        self.export_button.setText(self.tr("Export data…"))
        self.close_button.setText(self.tr("Close"))
        for i, title in enumerate((self.tr("Data held"), self.tr("Orders"), self.tr("Consents"),
                                   self.tr("Requests"), self.tr("History"))):
            self.tabs.setTabText(i, title)
        self.data_table.setHorizontalHeaderLabels([self.tr("Category of data"), self.tr("Value"),
                                                   self.tr("Source"), self.tr("Since")])
        self.orders_table.setHorizontalHeaderLabels([self.tr("Order"), self.tr("Date"), self.tr("Amount"),
                                                     self.tr("Status"), self.tr("Address"), self.tr("Items")])
        self.consents_table.setHorizontalHeaderLabels([
            self.tr("Purpose"), self.tr("State"), self.tr("Given"), self.tr("How"), self.tr("Policy version"),
            self.tr("Valid until"), self.tr("Evidence")])
        self.history_caption.setText(self.tr("History of the consents:"))
        self.history_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Purpose"), self.tr("Event"),
                                                      self.tr("How"), self.tr("Evidence")])
        self.requests_table.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Type"), self.tr("Received"),
                                                       self.tr("State"), self.tr("Due")])
        self.audit_table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Action"), self.tr("By"),
                                                    self.tr("Details")])
        self._show()

    def _show(self) -> None:
        card = self.card
        alive = card is not None and card.status != "destroyed"
        for button in (self.edit_button, self.merge_button, self.export_button):
            button.setEnabled(alive)
        if card is None:
            self.name.setText(self.tr("There is no such subject (it may have been destroyed)."))
            for label in (self.facts, self.banner, self.retention):
                label.hide()
            return
        self.name.setText(card.full_name or self.tr("Subject %1 (data destroyed)").replace(
            "%1", card.register_no or card.subject_id))
        facts = [card.category_label]
        if card.register_no:
            facts.append(self.tr("register № %1").replace("%1", card.register_no))
        facts.append(self.tr("status: %1").replace("%1", register_labels.status(card.status)))
        if card.operator_name:
            facts.append(self.tr("operator: %1").replace("%1", card.operator_name))
        facts.append(self.tr("in the register since %1").replace("%1", moments.format_moment(card.created_at)))
        if card.merged_from:
            facts.append(self.tr("%n duplicate(s) merged into this card", "", len(card.merged_from)))
        self.facts.setText(" · ".join(facts))
        self.facts.show()
        if card.status == "blocked":
            self.banner.setText(self.tr("Blocked since %1: the data may not be processed until it is unblocked.")
                                .replace("%1", moments.format_moment(card.blocked_at)))
        elif card.status == "destroyed":
            self.banner.setText(self.tr("The data of this subject was destroyed: only the id is kept."))
        self.banner.setVisible(card.status in ("blocked", "destroyed"))
        self.retention.setText(self._retention_text(card))
        self.retention.setVisible(alive)

        fill(self.data_table, [(i.category_label, i.value, self._source(i.source),
                                moments.format_moment(i.since)) for i in card.data])
        fill(self.orders_table, [(o.external_no, moments.format_moment(o.placed_at), money(o.amount_tiyn, o.currency),
                                  order_status_label(o.status, i18n.current()), o.address, o.items)
                                 for o in card.orders])
        person = card.consents
        purposes = list(getattr(person, "purposes", ()) or ())
        fill(self.consents_table, [
            (p.purpose_name, register_labels.consent_state(p.state), moments.format_moment(p.given_at),
             channel_text(p.channel), p.policy_label or ("—" if p.state != "none" else ""),
             format_date(p.valid_until) if p.valid_until else (self.tr("until withdrawn") if p.state == "given" else ""),
             p.evidence) for p in purposes])
        events = sorted(((e, p) for p in purposes for e in p.history), key=lambda item: item[0].at, reverse=True)
        fill(self.history_table, [(moments.format_moment(e.at), register_labels.purpose(p.purpose_code),
                                   self._event(e.kind), channel_text(e.channel), e.evidence) for e, p in events])
        fill(self.requests_table, [(r.number or "", r.type_label, moments.format_moment(r.received_at),
                                    self._request_state(r), format_date(r.next_due)) for r in card.requests])
        fill(self.audit_table, [(_journal_time(a.at), self._action(a.action), self._actor(a.actor),
                                 self._details(a)) for a in reversed(card.audit)])

    def _retention_text(self, card: register.Card) -> str:
        decision = card.retention
        if decision is None:
            return ""
        due = getattr(decision, "next_destruction", None)
        if due is None:
            return self.tr("Kept while a consent without a term is in force: no destruction date yet.")
        if due <= moments.today():
            return self.tr("Due for destruction since %1: no purpose justifies the data any more.").replace(
                "%1", format_date(due))
        return self.tr("Kept until %1, unless a purpose justifies the data longer.").replace("%1", format_date(due))

    def _source(self, code: str) -> str:
        return {"manual": self.tr("entered by hand"), "website": self.tr("the website"),
                "import": self.tr("import"), "correction": self.tr("correction"),
                "demo": self.tr("demo data")}.get(code, code)

    def _event(self, kind: str) -> str:
        return {"given": self.tr("consent given"), "renewed": self.tr("consent renewed"),
                "withdrawn": self.tr("consent withdrawn"), "expired": self.tr("consent expired")}.get(kind, kind)

    def _request_state(self, r: register.RequestView) -> str:
        from pdp_desk.domain.workflow import state_label
        return state_label(r.state, i18n.current())

    def _action(self, action: str) -> str:
        return {"subject.create": self.tr("added to the register"), "subject.update": self.tr("data corrected"),
                "subject.merge": self.tr("duplicate merged"), "consent.give": self.tr("consent recorded"),
                "consent.renew": self.tr("consent renewed"), "consent.withdraw": self.tr("consent withdrawn"),
                "subject.block": self.tr("blocked"), "subject.unblock": self.tr("unblocked"),
                "subject.export": self.tr("data exported")}.get(action, action)

    def _actor(self, actor: str) -> str:
        return {"system": self.tr("PDP Desk"), "": ""}.get(actor, actor)

    def _details(self, entry: register.AuditView) -> str:
        """What the entry names: the fields changed (the journal keeps no values)."""
        fields = entry.details.get("fields")
        if isinstance(fields, list):
            names = {"full_name": self.tr("full name"), "iin": self.tr("IIN"), "phones": self.tr("phones"),
                     "emails": self.tr("e-mails"), "addresses": self.tr("addresses"),
                     "category": self.tr("category"), "operator_id": self.tr("operator"), "note": self.tr("note")}
            return ", ".join(names.get(str(f), str(f)) for f in fields)
        if "format" in entry.details:
            return str(entry.details["format"]).upper()
        return ""

    # --- actions ------------------------------------------------------------------------------

    def values(self) -> SubjectValues:
        card = self.card
        phones = [i.value for i in card.data if i.detail == "phone"]
        emails = [i.value for i in card.data if i.detail == "email"]
        addresses = []
        for item in card.data:
            if item.category == "delivery_address":
                city, _, line = item.value.partition(", ")
                addresses.append((city, line))
        return SubjectValues(card.category, card.operator_id, card.full_name, card.iin or "", phones, emails,
                             addresses, card.note)

    def edit(self) -> SubjectForm | None:
        if self.card is None:
            return None
        form = SubjectForm(self.db, self.subject_id, self.values(), self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._changed)
        form.open()
        self._child = form
        return form

    def merge(self) -> MergeDialog | None:
        if self.card is None:
            return None
        dialog = MergeDialog(self.db, self.subject_id, self.card.full_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self._changed)
        dialog.open()
        self._child = dialog
        return dialog

    def _changed(self, _subject_id: str = "") -> None:
        self.reload()
        self.changed.emit(self.subject_id)

    def choose_export(self) -> None:
        register_no = self.card.register_no if self.card else None
        suggested = subject_export.export_filename(self.subject_id, register_no, "pdf", moments.now())
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the subject's data"), suggested,
            self.tr("PDF document (*.pdf);;JSON (*.json);;CSV table (*.csv)"))
        if name:
            path = Path(name)
            fmt = path.suffix.lower().lstrip(".")
            if fmt not in subject_export.FORMATS:
                fmt = "json" if "json" in chosen.lower() else "csv" if "csv" in chosen.lower() else "pdf"
                path = path.with_suffix("." + fmt)
            self.export(path, fmt)

    def export(self, path: Path, fmt: str) -> bool:
        try:
            # The file is written inside the transaction: if it cannot be written, the journal
            # does not claim an export that did not happen.
            with self.db.session() as session:
                data = subject_export.export_subject(session, self.subject_id, fmt, language=i18n.current())
                Path(path).write_bytes(data)
        except OSError as error:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Export data"),
                              self.tr("The file could not be written: %1. Nothing was exported.")
                              .replace("%1", error.strerror or str(error)), QMessageBox.StandardButton.Ok, self)
            box.open()
            self._box = box
            return False
        except Exception as error:  # noqa: BLE001 - a refusal with its reason, else "nothing saved"
            self._box = register_errors.show(self, error, self.tr("The data was not exported"))
            return False
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export data"),
                          self.tr("The data was saved to %1.").replace("%1", str(path)),
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self._box = box
        return True


class MergeDialog(QDialog):
    """Choose the duplicate (by search) and merge it into the subject whose card is open."""

    merged = Signal(str)

    def __init__(self, db: Database, keep_id: str, keep_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.keep_id = db, keep_id
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.keep_name = keep_name
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find)
        self.find_button = QPushButton()
        self.find_button.clicked.connect(self.find)
        self.hits = QListWidget()
        self.hits.currentRowChanged.connect(lambda _row: self._update())
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.do_merge)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 420)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Merge duplicates"))
        self.intro.setText(self.tr("Find the other card of the same person (by the phone or e-mail they share). "
                                   "Its data, orders, consents and requests move to “%1”; the other card is "
                                   "removed. The merge is recorded in the journal.").replace("%1", self.keep_name or "—"))
        self.search.setPlaceholderText(self.tr("Phone, e-mail, IIN or name"))
        self.find_button.setText(self.tr("Find"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Merge"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def find(self) -> None:
        show_error(self.error, "")
        self.hits.clear()
        try:
            with self.db.read() as session:
                hits = find_subjects(session, self.search.text(), limit=30)
        except Exception as error:  # noqa: BLE001
            self._box = register_errors.show(self, error, self.tr("The search failed"))
            return
        for hit in hits:
            if hit.id == self.keep_id or hit.status == "destroyed":
                continue
            contacts = ", ".join((*hit.phones, *hit.emails))
            item = QListWidgetItem(f"{hit.full_name or '—'} — {contacts}" if contacts else hit.full_name or hit.id)
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.hits.addItem(item)
        if self.hits.count():
            self.hits.setCurrentRow(0)
        else:
            show_error(self.error, self.tr("Nobody else matches."))
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.hits.currentItem() is not None)

    def do_merge(self) -> bool:
        item = self.hits.currentItem()
        if item is None:
            return False
        other = item.data(Qt.ItemDataRole.UserRole)
        try:
            with self.db.session() as session:
                register.merge_subjects(session, self.keep_id, other)
        except register.MergeError as refusal:
            show_error(self.error, self.refusal_text(refusal))
            return False
        except Exception as error:  # noqa: BLE001 - never a traceback: "nothing was saved"
            self._box = register_errors.show(self, error, self.tr("The subjects were not merged"))
            return False
        self.merged.emit(self.keep_id)
        self.accept()
        return True

    def refusal_text(self, refusal: register.MergeError) -> str:
        return {
            "same_subject": self.tr("Choose two different people to merge."),
            "subject_unknown": self.tr("One of the two people is no longer in the register."),
            "destroyed": self.tr("The data of one of the two people has been destroyed."),
            "nothing_shared": self.tr("These two people share no phone number and no e-mail address: nothing "
                                      "shows they are the same person, so they are not merged."),
            "iin_differs": self.tr("These two people have different IINs: they are not the same person."),
        }.get(refusal.code, refusal.message)

"""The destruction wizard: why and whom, review, who and how, preview, execute, print.

Every step only reads until step 5: Cancel before it changes nothing. Step 5 runs
`services.destruction.execute` in a worker (QThreadPool), one transaction, with a progress bar;
the window keeps repainting. Any error (a subject changed by someone else, already destroyed …)
leaves everything as it was and names the subject. Step 6 prints, saves or opens the act.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from pdp_desk.domain import destruction as rules
from pdp_desk.domain.destruction import Method, Reason
from pdp_desk.gui import act_files, i18n, moments
from pdp_desk.gui.formats import format_date, format_number
from pdp_desk.gui.pdf_view import PdfView
from pdp_desk.services import destruction
from pdp_desk.services.subjects import find_subjects
from pdp_desk.store.database import Database

ERROR_STYLE = "color: #c62828;"
SUBJECT_ID = Qt.ItemDataRole.UserRole


def ui_language() -> str:
    language = i18n.current()
    return language if language in ("ru", "kk", "en") else "en"


def reason_label(code: str) -> str:
    try:
        return rules.reason_spec(code).label.get(ui_language())
    except rules.DestructionRuleError:
        return code


def category_labels(codes) -> str:
    out = []
    for code in codes:
        try:
            out.append(rules.category_label(code, ui_language()))
        except Exception:  # noqa: BLE001 - an unknown code shows as itself
            out.append(code)
    return ", ".join(out)


# --- step 1: why and what ------------------------------------------------------------------


class WhyPage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        self.reason = QComboBox()
        self.reason.addItem("", None)
        for reason in Reason:
            self.reason.addItem("", reason.value)
        self.reason.currentIndexChanged.connect(self._changed)
        self.reason_text = QLineEdit()
        self.reason_text.textChanged.connect(self._changed)
        self.reason_caption, self.text_caption = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.reason_caption, self.reason)
        form.addRow(self.text_caption, self.reason_text)
        self.list_caption = QLabel()
        self.subjects = QTreeWidget()
        self.subjects.setColumnCount(4)
        self.subjects.setRootIsDecorated(False)
        self.subjects.setUniformRowHeights(True)
        self.subjects.itemChanged.connect(self._changed)
        header = self.subjects.header()
        for column, width in ((0, 370), (1, 440), (2, 115)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.all_button = QPushButton()
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton()
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.run_search)
        self.search_note = QLabel()
        self.chosen = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addSpacing(24)
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list_caption)
        layout.addWidget(self.subjects, 1)
        layout.addLayout(row)
        layout.addWidget(self.search_note)
        layout.addWidget(self.chosen)
        self.load_candidates()

    def load_candidates(self) -> None:
        with self.w.db.read() as session:
            found = destruction.candidates(session, moments.today())
        self.candidates = {c.subject_id: c for c in found}
        self.subjects.blockSignals(True)
        self.subjects.clear()
        for c in found:
            self._add_row(c.subject_id, c.label, c.suggested_reason.value, c.since,
                          "queue" in c.sources, "register" in c.sources, checked=False)
        self.subjects.blockSignals(False)

    def _add_row(self, subject_id: str, label: str, reason: str | None, since, queue: bool, register: bool,
                 checked: bool, found: bool = False) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.subjects)
        item.setText(0, label)
        item.setData(0, SUBJECT_ID, subject_id)
        item.setData(1, SUBJECT_ID, reason)
        item.setData(3, SUBJECT_ID, ("found" if found else "") + (" queue" if queue else "")
                     + (" register" if register else ""))
        item.setText(2, format_date(since))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._texts(item)
        return item

    def _texts(self, item: QTreeWidgetItem) -> None:
        reason = item.data(1, SUBJECT_ID)
        item.setText(1, reason_label(reason) if reason else "")
        sources = (item.data(3, SUBJECT_ID) or "").split()
        words = {"queue": self.tr("inbox"), "register": self.tr("retention term"), "found": self.tr("found by search")}
        item.setText(3, ", ".join(words[s] for s in sources if s in words))

    def _check_all(self, on: bool) -> None:
        self.subjects.blockSignals(True)
        for k in range(self.subjects.topLevelItemCount()):
            self.subjects.topLevelItem(k).setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.subjects.blockSignals(False)
        self._changed()

    def run_search(self) -> int:
        """Add the people found by the search field to the list, checked; returns how many."""
        text = self.search.text().strip()
        if not text:
            return 0
        with self.w.db.read() as session:
            hits = find_subjects(session, text, limit=50)
        present = {self.subjects.topLevelItem(k).data(0, SUBJECT_ID): self.subjects.topLevelItem(k)
                   for k in range(self.subjects.topLevelItemCount())}
        added = 0
        self.subjects.blockSignals(True)
        for hit in hits:
            if hit.status == "destroyed":
                continue
            if hit.id in present:
                present[hit.id].setCheckState(0, Qt.CheckState.Checked)
                continue
            phone = hit.phones[0] if hit.phones else (hit.emails[0] if hit.emails else "")
            label = hit.full_name + (f" ({phone})" if phone else "")
            self._add_row(hit.id, label, None, None, False, False, checked=True, found=True)
            added += 1
        self.subjects.blockSignals(False)
        self.search_note.setText(self.tr("Found: %1; added to the list, checked: %2.")
                                 .replace("%1", format_number(len(hits))).replace("%2", format_number(added))
                                 if hits else self.tr("Nobody found."))
        self._changed()
        return added

    def chosen_ids(self) -> list[str]:
        out = []
        for k in range(self.subjects.topLevelItemCount()):
            item = self.subjects.topLevelItem(k)
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(item.data(0, SUBJECT_ID))
        return out

    def set_checked(self, subject_id: str, on: bool = True) -> None:
        for k in range(self.subjects.topLevelItemCount()):
            item = self.subjects.topLevelItem(k)
            if item.data(0, SUBJECT_ID) == subject_id:
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_reason(self, code: str, text: str = "") -> None:
        self.reason.setCurrentIndex(self.reason.findData(code))
        self.reason_text.setText(text)

    def reason_code(self) -> str | None:
        return self.reason.currentData()

    def _changed(self, *_args) -> None:
        code = self.reason_code()
        needs = bool(code) and rules.reason_spec(code).needs_text
        self.text_caption.setText(self.tr("The reason and its legal basis:") if needs else
                                  self.tr("Details (optional):"))
        self.chosen.setText(self.tr("Chosen: %1").replace("%1", format_number(len(self.chosen_ids()))))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        code = self.reason_code()
        if not code or not self.chosen_ids():
            return False
        return not rules.reason_spec(code).needs_text or bool(self.reason_text.text().strip())

    def retranslate(self) -> None:
        self.setTitle(self.tr("1. Why, and whose data"))
        self.setSubTitle(self.tr("Choose the reason for destruction and the people whose data is destroyed: "
                                 "those waiting (from the inbox and the retention terms), or find others."))
        self.reason_caption.setText(self.tr("Reason:"))
        self.reason.setItemText(0, self.tr("— choose the reason —"))
        for k in range(1, self.reason.count()):
            self.reason.setItemText(k, reason_label(self.reason.itemData(k)))
        self.list_caption.setText(self.tr("Waiting for destruction (check those to destroy by this act):"))
        self.subjects.setHeaderLabels([self.tr("Subject"), self.tr("Suggested reason"), self.tr("Since"),
                                       self.tr("From")])
        for k in range(self.subjects.topLevelItemCount()):
            self._texts(self.subjects.topLevelItem(k))
        self.all_button.setText(self.tr("Check all"))
        self.none_button.setText(self.tr("Uncheck all"))
        self.search.setPlaceholderText(self.tr("Find another person: name, phone, e-mail or IIN"))
        self.search_button.setText(self.tr("Find and add"))
        self._changed()


# --- step 2: review ----------------------------------------------------------------------------

R_SUBJECT, R_DATA, R_KEEP, R_NOTES, R_EXCLUDE, R_REFUSAL, R_SHEETS = range(7)


class ReviewPage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        self.reviews: list[destruction.SubjectReview] = []
        self.table = QTableWidget(0, 7)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._changed)
        header = self.table.horizontalHeader()
        for column, width in ((R_SUBJECT, 180), (R_DATA, 270), (R_KEEP, 160), (R_NOTES, 210), (R_EXCLUDE, 90),
                              (R_SHEETS, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(R_REFUSAL, QHeaderView.ResizeMode.Stretch)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:
        self.load(self.w.why.chosen_ids())

    def load(self, ids: list[str]) -> None:
        """Review `ids` again, keeping the choices already made for a subject."""
        before = {r.subject_id: self.choice(row) for row, r in enumerate(self.reviews)}
        with self.w.db.read() as session:
            self.reviews = destruction.review(session, ids)
        self.w.labels.update({r.subject_id: r.label or r.register_no or r.subject_id for r in self.reviews})
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.reviews))
        for row, r in enumerate(self.reviews):
            keep, excluded, refusal, sheets = before.get(r.subject_id, (True, False, "", 0))
            name = QTableWidgetItem(self.w.labels[r.subject_id])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, R_SUBJECT, name)
            data = QTableWidgetItem()
            data.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, R_DATA, data)
            kept = QTableWidgetItem()
            if r.keep_options:
                kept.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                kept.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
            else:
                kept.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, R_KEEP, kept)
            notes = QTableWidgetItem()
            notes.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, R_NOTES, notes)
            exclude = QTableWidgetItem()
            exclude.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            exclude.setCheckState(Qt.CheckState.Checked if excluded else Qt.CheckState.Unchecked)
            self.table.setItem(row, R_EXCLUDE, exclude)
            refusal_item = QTableWidgetItem(refusal)
            refusal_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, R_REFUSAL, refusal_item)
            sheets_item = QTableWidgetItem()
            sheets_item.setData(Qt.ItemDataRole.EditRole, int(sheets))
            sheets_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, R_SHEETS, sheets_item)
        self.table.blockSignals(False)
        self.retranslate()

    def choice(self, row: int) -> tuple[bool, bool, str, int]:
        """(keep, excluded, refusal reason, paper sheets) of a row."""
        keep = self.table.item(row, R_KEEP).checkState() == Qt.CheckState.Checked
        excluded = self.table.item(row, R_EXCLUDE).checkState() == Qt.CheckState.Checked
        refusal = self.table.item(row, R_REFUSAL).text().strip()
        try:
            sheets = max(0, int(self.table.item(row, R_SHEETS).data(Qt.ItemDataRole.EditRole) or 0))
        except (TypeError, ValueError):
            sheets = 0
        return keep, excluded, refusal, sheets

    def set_choice(self, subject_id: str, *, keep: bool | None = None, excluded: bool | None = None,
                   refusal: str | None = None, sheets: int | None = None) -> None:
        row = next(k for k, r in enumerate(self.reviews) if r.subject_id == subject_id)
        if keep is not None:
            self.table.item(row, R_KEEP).setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
        if excluded is not None:
            self.table.item(row, R_EXCLUDE).setCheckState(Qt.CheckState.Checked if excluded
                                                          else Qt.CheckState.Unchecked)
        if refusal is not None:
            self.table.item(row, R_REFUSAL).setText(refusal)
        if sheets is not None:
            self.table.item(row, R_SHEETS).setData(Qt.ItemDataRole.EditRole, sheets)

    def plan_items(self) -> list[destruction.PlanItem]:
        out = []
        for row, r in enumerate(self.reviews):
            keep, excluded, refusal, sheets = self.choice(row)
            out.append(r.plan_item(keep=keep and bool(r.keep_options), excluded=excluded,
                                   refusal_reason=refusal if excluded else "", paper_sheets=0 if excluded else sheets))
        return out

    def operator_ids(self) -> set[str]:
        return {r.operator_id for r in self.reviews if r.operator_id}

    def problems(self) -> list[str]:
        out = []
        items = self.plan_items() if self.reviews else []
        for r, item in zip(self.reviews, items):
            name = self.w.labels.get(r.subject_id, r.subject_id)
            if not r.destroyable:
                out.append(self.tr("%1: the data is already destroyed (act № %2): go back and uncheck this person.")
                           .replace("%1", name).replace("%2", r.destroyed_by_act or "?")
                           if r.state == "destroyed" else
                           self.tr("%1 is no longer in the register: go back and uncheck this person.")
                           .replace("%1", name))
            elif item.excluded and not item.refusal_reason:
                out.append(self.tr("%1 is excluded: write the reasoned refusal (an open obligation, a legal "
                                   "hold …).").replace("%1", name))
        if items and all(item.excluded for item in items):
            out.append(self.tr("Everyone is excluded: there is nothing to destroy."))
        return out

    def _changed(self, *_args) -> None:
        self.problem.setText("\n".join(self.problems()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.reviews) and not self.problems()

    def retranslate(self) -> None:
        self.setTitle(self.tr("2. Review"))
        self.setSubTitle(self.tr("Check what is destroyed for each person. What another law requires to keep "
                                 "(order amounts for accounting) is kept without anything that identifies the "
                                 "person. A person can be excluded with a reasoned refusal, which is recorded."))
        self.table.setHorizontalHeaderLabels([
            self.tr("Subject"), self.tr("Data to destroy"), self.tr("Kept by law"), self.tr("Open requests, warnings"),
            self.tr("Exclude"), self.tr("Reasoned refusal"), self.tr("Paper sheets")])
        self.hint.setText(self.tr("Paper media: the number of sheets shredded for each person (0 when there is "
                                  "no paper)."))
        self.table.blockSignals(True)
        for row, r in enumerate(self.reviews):
            self.table.item(row, R_DATA).setText(category_labels(r.categories) or self.tr("(no data)"))
            self.table.item(row, R_KEEP).setText(
                "; ".join(self.tr("%1 order(s) for accounting").replace("%1", format_number(k.count))
                          for k in r.keep_options) if r.keep_options else self.tr("nothing"))
            notes = []
            if not r.destroyable:
                notes.append(self.tr("Already destroyed (act № %1)").replace("%1", r.destroyed_by_act or "?")
                             if r.state == "destroyed" else self.tr("No longer in the register"))
            if r.state == "blocked":
                notes.append(self.tr("The data is blocked"))
            for request in r.open_requests:
                text = self.tr("Open request") + (f" {request.number}" if request.number else "")
                if request.next_due:
                    text += ", " + self.tr("due %1").replace("%1", format_date(request.next_due))
                notes.append(text)
            item = self.table.item(row, R_NOTES)
            item.setText("\n".join(notes))
            item.setForeground(Qt.GlobalColor.darkRed if notes else self.palette().text().color())
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._changed()


# --- step 3: who and how -----------------------------------------------------------------------


class WhoPage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        with wizard.db.read() as session:
            self.defaults = destruction.act_defaults(session)
        self.operator = QComboBox()
        self.operator.addItem("", None)
        for o in self.defaults.operators:
            self.operator.addItem(f"{o.name} ({o.iin_bin})" if o.iin_bin else o.name, o.id)
        self.operator.currentIndexChanged.connect(self._fill_staff)
        self.staff = QListWidget()
        self.staff.setMaximumHeight(180)
        self.staff.itemChanged.connect(lambda _i: self.completeChanged.emit())
        self.system = QLineEdit(self.defaults.information_system)
        self.system.setMaxLength(300)
        self.system.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.sheets = QLabel()
        self.methods = QLabel()
        self.methods.setWordWrap(True)
        self.language = QComboBox()
        for code in rules.ACT_LANGUAGES:
            self.language.addItem("", code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.defaults.language)))
        self.date = QLineEdit(format_date(moments.today()))
        self.date.setReadOnly(True)
        self.date_note = QLabel()
        self.names_note = QLabel()
        self.names_note.setWordWrap(True)
        self.captions = [QLabel() for _ in range(7)]
        form = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addStretch(1)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_note, 1)
        for caption, field in zip(self.captions, (self.operator, self.staff, self.system, self.sheets, self.methods,
                                                  self.language, date_row)):
            form.addRow(caption, field)
        form.addRow("", self.names_note)

    def initializePage(self) -> None:
        ids = self.w.review.operator_ids()
        if self.operator.currentData() is None and len(ids) == 1:
            self.operator.setCurrentIndex(max(0, self.operator.findData(next(iter(ids)))))
        elif self.operator.currentData() is None and len(self.defaults.operators) == 1:
            self.operator.setCurrentIndex(1)
        self._fill_staff()
        self.retranslate()

    def _fill_staff(self, *_args) -> None:
        checked = set(self.staff_ids())
        operator_id = self.operator.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        for person in self.defaults.staff:
            if operator_id and person.operator_id and person.operator_id != operator_id:
                continue
            item = QListWidgetItem(f"{person.full_name} — {person.position}" if person.position else person.full_name)
            item.setData(SUBJECT_ID, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.id in checked else Qt.CheckState.Unchecked)
            self.staff.addItem(item)
        self.staff.blockSignals(False)
        self.completeChanged.emit()

    def staff_ids(self) -> list[str]:
        return [self.staff.item(k).data(SUBJECT_ID) for k in range(self.staff.count())
                if self.staff.item(k).checkState() == Qt.CheckState.Checked]

    def set_staff(self, staff_id: str, on: bool = True) -> None:
        for k in range(self.staff.count()):
            if self.staff.item(k).data(SUBJECT_ID) == staff_id:
                self.staff.item(k).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def total_sheets(self) -> int:
        return sum(item.paper_sheets for item in self.w.review.plan_items() if not item.excluded)

    def isComplete(self) -> bool:
        return bool(self.operator.currentData()) and bool(self.staff_ids()) and bool(self.system.text().strip())

    def retranslate(self) -> None:
        self.setTitle(self.tr("3. Who and how"))
        self.setSubTitle(self.tr("The operator whose data is destroyed, the people who destroy it and sign the "
                                 "act, and how it is destroyed."))
        for caption, text in zip(self.captions, (
                self.tr("Operator:"), self.tr("Destroyed by (they sign the act):"), self.tr("Information system:"),
                self.tr("Paper media:"), self.tr("Method:"), self.tr("Language of the act:"), self.tr("Date of the act:"))):
            caption.setText(text)
        self.operator.setItemText(0, self.tr("— choose the operator —"))
        sheets = self.total_sheets() if self.w.review.reviews else 0
        self.sheets.setText(self.tr("%1 sheet(s) in total (counted per person in the review)")
                            .replace("%1", format_number(sheets)) if sheets else self.tr("none"))
        methods = [Method.DATABASE_OVERWRITE] + ([Method.PAPER_SHREDDING] if sheets else [])
        self.methods.setText("\n".join(rules.METHODS[m].get(ui_language()) for m in methods))
        for k, text in enumerate((self.tr("Russian"), self.tr("Kazakh"), self.tr("Russian and Kazakh side by side"))):
            self.language.setItemText(k, text)
        self.date_note.setText(self.tr("the day of destruction: an act cannot be backdated"))
        self.names_note.setText(self.tr("The act names the people by their full names.") if self.defaults.names_subjects
                                else self.tr("The act names the people by their register numbers (see Settings)."))

    def plan(self) -> destruction.DestructionPlan:
        why = self.w.why
        sheets = self.total_sheets()
        methods = (Method.DATABASE_OVERWRITE.value,) + ((Method.PAPER_SHREDDING.value,) if sheets else ())
        return destruction.DestructionPlan(
            reason=why.reason_code() or "", reason_text=why.reason_text.text().strip(),
            subjects=self.w.review.plan_items(), operator_id=self.operator.currentData() or "",
            staff=[destruction.Signer(i) for i in self.staff_ids()], information_system=self.system.text().strip(),
            methods=methods, act_date=None, names_subjects=self.defaults.names_subjects,
            language=self.language.currentData())


# --- step 4: preview -------------------------------------------------------------------------


class PreviewPage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        self.ok = False
        self.view = PdfView()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:
        self.ok = False
        self.problem.setText("")
        try:
            plan = self.w.who.plan()
            with self.w.db.read() as session:
                pdf = destruction.preview(session, plan)
            self.ok = self.view.set_pdf(pdf) > 0
        except destruction.DestructionError as error:
            self.view.clear()
            self.problem.setText(self.w.error_text(error))
        self.problem.setVisible(bool(self.problem.text()))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.ok

    def retranslate(self) -> None:
        self.setTitle(self.tr("4. Preview of the act"))
        self.setSubTitle(self.tr("The act as it will print (a draft: it gets its number when the data is "
                                 "destroyed). Go back to change anything."))


# --- step 5: execute -------------------------------------------------------------------------


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)    # ActResult
    failed = Signal(object)      # the exception


class ExecuteJob(QRunnable):
    """`execute(db, plan)` in a worker thread: its own transaction, one for everything."""

    def __init__(self, db: Database, plan: destruction.DestructionPlan):
        super().__init__()
        self.db, self.plan = db, plan
        self.cancelled = threading.Event()
        self.signals = _Signals()
        self.setAutoDelete(False)

    def progress(self, done: int, total: int) -> bool:
        self._emit("progress", done, total)
        return not self.cancelled.is_set()

    def run(self) -> None:
        try:
            result = destruction.execute(self.db, self.plan, actor="", progress=self.progress)
        except Exception as error:  # noqa: BLE001 - shown in the GUI thread
            self._emit("failed", error)
            return
        self._emit("finished", result)

    def _emit(self, name: str, *args) -> None:
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # the wizard is gone
            pass


class ExecutePage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        self.job: ExecuteJob | None = None
        self.result: destruction.ActResult | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("font-weight: bold;")
        self.destroy_button = QPushButton()
        self.destroy_button.setObjectName("destroyButton")
        self.destroy_button.setMinimumSize(240, 44)
        font = self.destroy_button.font()
        font.setBold(True)
        self.destroy_button.setFont(font)
        self.destroy_button.clicked.connect(self.start)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self.bar = QProgressBar()
        self.bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.destroy_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setCommitPage(True)

    def initializePage(self) -> None:
        self.status.setText("")
        self.status.setStyleSheet("")
        self.retranslate()

    def start(self) -> bool:
        if self.job is not None or self.result is not None:
            return False
        self.job = ExecuteJob(self.w.db, self.w.who.plan())
        self.job.signals.progress.connect(self._progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.failed.connect(self._failed)
        self.bar.setRange(0, 0)
        self.bar.show()
        self.stop_button.show()
        self.stop_button.setEnabled(True)
        self.destroy_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Destroying… Do not close the program."))
        self.w.set_busy(True)
        self.pool.start(self.job)
        return True

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancelled.set()
            self.stop_button.setEnabled(False)
            self.status.setText(self.tr("Stopping: nothing will be destroyed…"))

    def running(self) -> bool:
        return self.job is not None

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def _done(self) -> None:
        self.job = None
        self.bar.hide()
        self.stop_button.hide()
        self.w.set_busy(False)

    def _finished(self, result: destruction.ActResult) -> None:
        self._done()
        self.result = result
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Done: act № %1.").replace("%1", result.number))
        self.completeChanged.emit()
        self.w.next()

    def _failed(self, error: Exception) -> None:
        self._done()
        self.destroy_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(self.w.error_text(error) + "\n\n" + self.tr("Nothing was destroyed and no act was made."))

    def isComplete(self) -> bool:
        return self.result is not None

    def retranslate(self) -> None:
        self.setTitle(self.tr("5. Destroy"))
        self.setSubTitle(self.tr("The data is destroyed in one go: everything or, on any error, nothing."))
        items = self.w.review.plan_items() if self.w.review.reviews else []
        count = sum(1 for item in items if not item.excluded)
        self.summary.setText(self.tr("The personal data of %1 person(s) will be destroyed; %2 excluded with a "
                                     "reasoned refusal.").replace("%1", format_number(count))
                             .replace("%2", format_number(len(items) - count)))
        self.warning.setText(self.tr("This cannot be undone: the data cannot be recovered afterwards."))
        self.destroy_button.setText(self.tr("Destroy"))
        self.stop_button.setText(self.tr("Stop"))


# --- step 6: the act ---------------------------------------------------------------------------


class DonePage(QWizardPage):
    def __init__(self, wizard: "DestructionWizard"):
        super().__init__()
        self.w = wizard
        self._boxes: list = []
        self.number = QLabel()
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(110)
        self.print_button, self.save_button, self.open_button = QPushButton(), QPushButton(), QPushButton()
        self.print_button.clicked.connect(lambda: self.print_act())
        self.save_button.clicked.connect(lambda: self.save_act())
        self.open_button.clicked.connect(lambda: self.open_act())
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.open_button):
            button.setMinimumHeight(36)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number)
        layout.addWidget(self.facts)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addWidget(self.saved)
        layout.addWidget(self.notes)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.retranslate()

    @property
    def result(self) -> destruction.ActResult | None:
        return self.w.execute_page.result

    def print_act(self):
        return act_files.print_act(self, self.result.pdf, self.result.number)

    def save_act(self, path=None):
        saved = act_files.save_act(self, self.result.pdf, self.result.number, path)
        if saved is not None:
            self.saved.setText(self.tr("Saved: %1").replace("%1", str(saved)))
        return saved

    def open_act(self):
        return act_files.open_act(self.result.pdf, self.result.number)

    def retranslate(self) -> None:
        self.setTitle(self.tr("6. The act"))
        self.setSubTitle(self.tr("Print the act for signature; later attach the signed scan in the Acts tab."))
        self.print_button.setText(self.tr("Print…"))
        self.save_button.setText(self.tr("Save a copy…"))
        self.open_button.setText(self.tr("Open"))
        result = self.result
        if result is None:
            return
        self.number.setText(self.tr("Act № %1").replace("%1", result.number))
        facts = [self.tr("Destroyed: %1 person(s).").replace("%1", format_number(result.destroyed))]
        if result.excluded:
            facts.append(self.tr("Excluded with a reasoned refusal: %1.").replace("%1", format_number(result.excluded)))
        if result.kept_records:
            facts.append(self.tr("Orders kept for accounting without the person: %1.")
                         .replace("%1", format_number(result.kept_records)))
        self.facts.setText(" ".join(facts))
        self.notes.setPlainText("\n".join(result.warnings))
        self.notes.setVisible(bool(result.warnings))


# --- the wizard ------------------------------------------------------------------------------


class DestructionWizard(QWizard):
    """`executed(act_id)` after the destruction (the tabs refresh)."""

    executed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.labels: dict[str, str] = {}
        self.busy = False
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.why = WhyPage(self)
        self.review = ReviewPage(self)
        self.who = WhoPage(self)
        self.preview = PreviewPage(self)
        self.execute_page = ExecutePage(self)
        self.done_page = DonePage(self)
        for page in (self.why, self.review, self.who, self.preview, self.execute_page, self.done_page):
            self.addPage(page)
        self.resize(1180, 720)
        self.retranslate()

    def error_text(self, error: BaseException) -> str:
        """A service error in the person's language, naming the subject at fault."""
        code = getattr(error, "code", "")
        who = self.labels.get(getattr(error, "subject_id", None) or "", "")
        texts = {
            "subject_changed": self.tr("The data of “%1” was changed by someone else after the review. Go back to "
                                       "the first step and forward again to review it anew."),
            "already_destroyed": self.tr("The data of “%1” was already destroyed by another act. Go back and "
                                         "uncheck this person."),
            "subject_unknown": self.tr("“%1” is no longer in the register. Go back and uncheck this person."),
            "operator_mismatch": self.tr("“%1” is another operator's subject: make a separate act for each "
                                         "operator."),
            "cancelled": self.tr("Stopped."),
            "nothing_to_destroy": self.tr("There is nothing to destroy: choose at least one person who is not "
                                          "excluded."),
            "operator_unknown": self.tr("Choose the operator whose data is destroyed."),
            "staff_unknown": self.tr("A person chosen to sign the act is not in the staff list."),
        }
        if code in texts:
            return texts[code].replace("%1", who)
        message = getattr(error, "message", None) or str(error)
        return f"{who}: {message}" if who else message

    def set_busy(self, busy: bool) -> None:
        """While the worker runs, nothing else can be pressed (the window still repaints)."""
        self.busy = busy
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton,
                      QWizard.WizardButton.CommitButton):
            self.button(which).setEnabled(not busy)

    def reject(self) -> None:
        if self.busy:
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Destruction of personal data"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Next >"))
        for page in (self.why, self.review, self.who, self.preview, self.execute_page, self.done_page):
            page.retranslate()


__all__ = ["DestructionWizard", "ExecuteJob"]
